// Command gen builds the keyword background model of copydesk: document
// frequencies of English word stems, and the stems of frequent words, from
// the openly licensed ner-en corpora.
//
// Usage, from the repository root:
//
//	go run ./internal/keywords/gen [-data ../shared/data] [-out internal/keywords]
//
// It reads -data/ner-en/*.tsv.gz (default ../shared/data, relative to the
// repository root) and writes background.tsv.gz and ATTRIBUTION.md into
// -out. Only the CC BY 4.0 sources are read by default (-sources).
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// source is one ner-en file and how many of its sentences make a document.
type source struct {
	file    string
	perDoc  int
	licence string
}

var sources = []source{
	{"wikigold.tsv.gz", 10, "CC BY 4.0"},
	{"btc_a.tsv.gz", 1, "CC BY 4.0"},
	{"btc_b.tsv.gz", 1, "CC BY 4.0"},
	{"btc_e.tsv.gz", 1, "CC BY 4.0"},
	{"btc_f.tsv.gz", 1, "CC BY 4.0"},
	{"btc_g.tsv.gz", 1, "CC BY 4.0"},
	{"btc_h.tsv.gz", 1, "CC BY 4.0"},
	{"wnut17_train.tsv.gz", 1, "CC BY 4.0"},
	{"wnut17_dev.tsv.gz", 1, "CC BY 4.0"},
	{"wnut17_test.tsv.gz", 1, "CC BY 4.0"},
}

func main() {
	data := flag.String("data", "../shared/data", "folder holding the shared open data (reads its ner-en/ subfolder)")
	out := flag.String("out", "internal/keywords", "folder to write background.tsv.gz and ATTRIBUTION.md into")
	minDF := flag.Int("min-df", 2, "keep stems found in at least this many documents")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./internal/keywords/gen [-data ../shared/data] [-out internal/keywords]\n\n"+
			"Builds the keyword background model (stem document frequencies) from the\n"+
			"ner-en corpora in the shared data folder (-data, default ../shared/data,\n"+
			"relative to the repository root) and writes it with its attribution.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(*data, *out, *minDF); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(data, out string, minDF int) error {
	df := map[string]int{}
	wordCount := map[string]int{}
	docs := 0
	for _, src := range sources {
		n, err := readSource(filepath.Join(data, "ner-en", src.file), src.perDoc, df, wordCount)
		if err != nil {
			return err
		}
		docs += n
	}
	// The stems of frequent words, so that the extractor rarely needs to
	// run the stemmer ("" when the stem is the word itself).
	stems := map[string]string{}
	for w, c := range wordCount {
		if c < 2 {
			continue
		}
		if s := english.Stem(w, false); s != w {
			stems[w] = s
		} else {
			stems[w] = ""
		}
	}
	if err := writeModel(filepath.Join(out, "background.tsv.gz"), docs, df, stems, minDF); err != nil {
		return err
	}
	return writeAttribution(filepath.Join(out, "ATTRIBUTION.md"), docs)
}

// readSource adds the documents of one file to df and returns how many
// there were.
func readSource(path string, perDoc int, df, wordCount map[string]int) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("open corpus: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", path, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	docs, sentences := 0, 0
	seen := map[string]bool{}
	flush := func() {
		if len(seen) == 0 {
			return
		}
		for s := range seen {
			df[s]++
		}
		clear(seen)
		docs++
	}
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			sentences++
			if sentences%perDoc == 0 {
				flush()
			}
			continue
		}
		tok, _, _ := strings.Cut(line, "\t")
		w, ok := normalizeToken(tok)
		if !ok {
			continue
		}
		wordCount[w]++
		seen[english.Stem(w, false)] = true
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("read %s: %w", path, err)
	}
	flush()
	return docs, nil
}

// normalizeToken lower-cases a corpus token, drops hashtag marks, and
// rejects handles, links and tokens without a letter.
func normalizeToken(tok string) (string, bool) {
	tok = strings.TrimPrefix(tok, "#")
	if tok == "" || strings.HasPrefix(tok, "@") || strings.Contains(tok, "://") || strings.HasPrefix(tok, "www.") {
		return "", false
	}
	letter := false
	for _, r := range tok {
		if unicode.IsLetter(r) {
			letter = true
		} else if r != '-' && r != '\'' && r != '’' && !unicode.IsDigit(r) {
			return "", false
		}
	}
	if !letter {
		return "", false
	}
	return strings.ToLower(strings.ReplaceAll(tok, "’", "'")), true
}

func writeModel(path string, docs int, df map[string]int, stems map[string]string, minDF int) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create model: %w", err)
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return fmt.Errorf("create model: %w", err)
	}
	w := bufio.NewWriter(zw)
	fmt.Fprintf(w, "# copydesk keyword background model v1: stem document frequencies (s <stem> <df>) and word stems (w <word> [<stem>, when not the word])\n")
	fmt.Fprintf(w, "docs\t%d\n", docs)
	for _, s := range slices.Sorted(mapsKeys(df)) {
		if df[s] >= minDF {
			fmt.Fprintf(w, "s\t%s\t%d\n", s, df[s])
		}
	}
	for _, word := range slices.Sorted(mapsKeys(stems)) {
		if s := stems[word]; s != "" {
			fmt.Fprintf(w, "w\t%s\t%s\n", word, s)
		} else {
			fmt.Fprintf(w, "w\t%s\n", word)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write model: %w", err)
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return fmt.Errorf("write model: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	return nil
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func writeAttribution(path string, docs int) error {
	var b strings.Builder
	b.WriteString(`# Attribution: background.tsv.gz

background.tsv.gz holds word statistics derived from openly licensed corpora:
the number of documents each English word stem (Snowball English stemmer)
occurs in, and the stems of the words seen at least twice. It contains no
running text. It was generated by ` + "`go run ./internal/keywords/gen`" + ` from the
ner-en collection of the shared data folder (token/tag files converted from
the sources below; only the tokens were used, lower-cased).

`)
	fmt.Fprintf(&b, "Documents counted: %d (a Wikipedia document is 10 sentences; a tweet or post is one document).\n\n", docs)
	b.WriteString(`## Sources (all CC BY 4.0, https://creativecommons.org/licenses/by/4.0/)

* wikigold (` + "`wikigold.tsv.gz`" + `): Dominic Balasuriya, Nicky Ringland, Joel Nothman,
  Tara Murphy, James R. Curran (2009). "Named Entity Recognition in Wikipedia".
  Proc. 2009 Workshop on The People's Web Meets NLP. Sentences from English
  Wikipedia.
* Broad Twitter Corpus (` + "`btc_{a,b,e,f,g,h}.tsv.gz`" + `): Leon Derczynski, Kalina
  Bontcheva, Ian Roberts (2016). "Broad Twitter Corpus: A Diverse Named Entity
  Recognition Resource". Proc. COLING 2016.
* WNUT-17 Emerging Entities (` + "`wnut17_{train,dev,test}.tsv.gz`" + `): Leon Derczynski,
  Eric Nichols, Marieke van Erp, Nut Limsopatham (2017). "Results of the
  WNUT2017 Shared Task on Novel and Emerging Entity Recognition". Proc. W-NUT.

Changes: tokens lower-cased, hashtags stripped of "#", handles and links
dropped, words reduced to Snowball stems and counted per document. No
endorsement by the original authors is implied. The CC BY-SA sources of
ner-en (CrossNER, UNER English-EWT) were not used.
`)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write attribution: %w", err)
	}
	return nil
}

// Command train-ner builds the gazetteer and trains the named-entity model
// that internal/ner embeds.
//
// Usage (from the repository root):
//
//	go run ./cmd/train-ner -data ../shared/data -out internal/ner/model.bin.gz
//
// It reads the shared data directory (-data, default ../shared/data):
// geonames/ and demonyms/ for the gazetteer, ner-en/ for training, and the
// given-name and company-name lists in cmd/train-ner/data. It writes the
// organisation lexicon (-orgs, default internal/ner/orgs.tsv.gz: the ORG
// names of the training files seen at least twice or made of several
// words, and the names of the company list, marked), the
// gazetteer (-gazetteer, default internal/ner/gazetteer.tsv.gz) and then
// the model (-out). The model is trained on a gazetteer without the
// Spanish and Portuguese country names, without the given names taken
// from the training text, without the international given names
// (-intl-names, less those intlNames drops) and without the given names
// that are also countries or big cities ("Sofia"), which the written
// gazetteer holds. With
// -gazetteer-only it stops after the gazetteer. Training is
// deterministic: the same inputs and flags give the same files.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/ner/corpus"
	"github.com/copydesk/copydesk/internal/ner/gazetteer"
	"github.com/copydesk/copydesk/internal/ner/tagger"
)

type config struct {
	data, out, gaz, names string
	companies             string
	intlNames, surnames   string
	countryNames          string
	news                  string
	newsWeight            int
	orgs                  string
	gazOnly               bool
	epochs, minCount      int
	maxFeatures           int
	seed                  int64
}

func main() {
	var c config
	flag.StringVar(&c.data, "data", "../shared/data", "shared data directory (reads geonames/, demonyms/ and ner-en/ from it)")
	flag.StringVar(&c.out, "out", "internal/ner/model.bin.gz", "model output file")
	flag.StringVar(&c.gaz, "gazetteer", "internal/ner/gazetteer.tsv.gz", "gazetteer output file")
	flag.StringVar(&c.orgs, "orgs", "internal/ner/orgs.tsv.gz", "organisation lexicon output file")
	flag.StringVar(&c.names, "names", "cmd/train-ner/data/given-names.txt", "given-name list, one per line")
	flag.StringVar(&c.intlNames, "intl-names", "cmd/train-ner/data/intl-given-names.txt", "international given-name list for the shipped gazetteer, one per line")
	flag.StringVar(&c.surnames, "surnames", "internal/ner/surnames.txt.gz", "family-name list (gzip, # comments) whose names the international given names leave out")
	flag.StringVar(&c.companies, "companies", "cmd/train-ner/data/companies.txt", "company-name list for the organisation lexicon, one per line")
	flag.StringVar(&c.countryNames, "country-names", "cmd/train-ner/data/country-names.tsv,cmd/train-ner/data/country-abbrevs.tsv", "comma-separated files of Spanish and Portuguese country names and abbreviations for the gazetteer (alias<TAB>ISO2 lines after a header)")
	flag.StringVar(&c.news, "news", "", "comma-separated hand-annotated news files (JSONL, internal/ner/testdata format) to train on as well")
	flag.IntVar(&c.newsWeight, "news-weight", 1, "how many times each -news sentence is repeated in the training data")
	flag.BoolVar(&c.gazOnly, "gazetteer-only", false, "build the gazetteer and stop")
	flag.IntVar(&c.epochs, "epochs", 10, "training epochs")
	flag.IntVar(&c.minCount, "min-count", 2, "drop features seen fewer times")
	flag.IntVar(&c.maxFeatures, "max-features", 20000, "keep at most this many features, the heaviest (0 = all)")
	flag.Int64Var(&c.seed, "seed", 1, "shuffle seed")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: train-ner [flags]\n\nBuilds the NER gazetteer and model from the shared data directory (-data).\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "train-ner:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	t0 := time.Now()
	nerDir := filepath.Join(c.data, "ner-en")
	train, err := corpus.ReadAll(nerDir, corpus.Train)
	if err != nil {
		return err
	}
	names, err := readLines(c.names)
	if err != nil {
		return fmt.Errorf("given names: %w", err)
	}
	companies, err := readLines(c.companies)
	if err != nil {
		return fmt.Errorf("company names: %w", err)
	}
	orgs, err := writeOrgs(addCompanies(orgLexicon(train), companies, train))
	if err != nil {
		return err
	}
	if err := os.WriteFile(c.orgs, orgs, 0o644); err != nil {
		return fmt.Errorf("write org lexicon: %w", err)
	}
	fmt.Fprintf(os.Stderr, "org lexicon: %s (%d bytes)\n", c.orgs, len(orgs))
	listed := names
	names = filterNames(names, train)
	var countryNames []string
	for _, f := range strings.Split(c.countryNames, ",") {
		lines, err := readLines(f)
		if err != nil {
			return err
		}
		countryNames = append(countryNames, lines...)
	}
	// The shipped gazetteer holds the Spanish and Portuguese country
	// names; the model is trained on the one without them, whose features
	// the English training text was tagged with before they were added.
	// The shipped gazetteer also holds the given names of the training
	// text's people (trainedNames) and the given names that are also
	// countries or big cities: like the country names, they are left out
	// of the gazetteer the model is trained on.
	extra := trainedNames(train, listed)
	fmt.Fprintf(os.Stderr, "given names: %d listed, %d more from the training text\n", len(names), len(extra))
	intl, err := readLines(c.intlNames)
	if err != nil {
		return fmt.Errorf("international given names: %w", err)
	}
	surnames, err := readGzipLines(c.surnames)
	if err != nil {
		return fmt.Errorf("surnames: %w", err)
	}
	intl = filterNames(intlNames(intl, append(extra, listed...), surnames, train), train)
	fmt.Fprintf(os.Stderr, "given names: %d more from the international list\n", len(intl))
	src := gazetteer.Sources{Dir: c.data, FirstNames: append(append(extra, names...), intl...), Common: commonWords(train), Lowercase: lowerWords(train), CountryNames: countryNames, PlaceGivenNames: true}
	var buf bytes.Buffer
	if err := gazetteer.Build(src, &buf); err != nil {
		return err
	}
	if err := os.WriteFile(c.gaz, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write gazetteer: %w", err)
	}
	fmt.Fprintf(os.Stderr, "gazetteer: %s (%d bytes)\n", c.gaz, buf.Len())
	if c.gazOnly {
		return nil
	}
	src.CountryNames, src.FirstNames, src.PlaceGivenNames = nil, names, false
	buf.Reset()
	if err := gazetteer.Build(src, &buf); err != nil {
		return err
	}
	gz, err := gazetteer.Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		return err
	}
	dev, err := corpus.ReadAll(nerDir, corpus.Dev)
	if err != nil {
		return err
	}
	if c.news != "" {
		news, err := readNews(strings.Split(c.news, ","))
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "news: %d sentences, each %d times\n", len(news), c.newsWeight)
		for range c.newsWeight {
			train = append(train, news...)
		}
	}
	m := tagger.Train(corpus.Tagged(gz, train), tagger.TrainConfig{
		Epochs: c.epochs, MinCount: c.minCount, MaxFeatures: c.maxFeatures, Seed: c.seed,
		Dev: corpus.Tagged(gz, dev),
		Log: func(f string, a ...any) {
			fmt.Fprintf(os.Stderr, "%6.1fs "+f+"\n", append([]any{time.Since(t0).Seconds()}, a...)...)
		},
	})
	f, err := os.Create(c.out)
	if err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	if err := m.Write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	st, _ := os.Stat(c.out)
	fmt.Fprintf(os.Stderr, "model: %s (%d bytes, %d features) in %.1fs\n", c.out, st.Size(), m.NumFeatures(), time.Since(t0).Seconds())
	return nil
}

// commonWords returns words seen in lower case at least 3 times in the
// training sentences, and at least twice as often in lower case as
// capitalised inside a sentence.
func commonWords(sents []corpus.Sentence) []string {
	lower := map[string]int{}
	upper := map[string]int{}
	for _, s := range sents {
		for i, w := range s.Words {
			if w == "" {
				continue
			}
			lw := strings.ToLower(w)
			switch {
			case w == lw:
				lower[lw]++
			case i > 0:
				upper[lw]++
			}
		}
	}
	var out []string
	for w, n := range lower {
		if n >= 3 && n >= 2*upper[w] && len(w) > 1 && !strings.ContainsAny(w, "@#/:") {
			out = append(out, w)
		}
	}
	return out
}

// filterNames drops given names that the training data mostly labels as
// organisations or places ("Audi", "Jordan" as a country), or that it
// never sees starting a person's name but often sees in lower case.
func filterNames(names []string, sents []corpus.Sentence) []string {
	per := map[string]int{}
	other := map[string]int{}
	for _, s := range sents {
		for i, w := range s.Words {
			l := s.Labels[i]
			switch {
			case l == "B-PER":
				per[w]++
			case strings.HasSuffix(l, "-ORG") || strings.HasSuffix(l, "-LOC"):
				other[w]++
			}
		}
	}
	var out []string
	for _, n := range names {
		if other[n] > per[n] {
			continue
		}
		out = append(out, n)
	}
	return out
}

// trainedNames returns the first words of the training text's people's
// names of two words or more ("Barack" of "Barack Obama") that the
// given-name list lacks (before filterNames: the names it drops stay
// out): seen so at least twice, capitalised, never in lower case, never
// inside another type's name, no title ("Duchess") and no more often
// alone as a person than first (a family name).
func trainedNames(sents []corpus.Sentence, listed []string) []string {
	have := map[string]bool{}
	for _, n := range listed {
		have[strings.ToLower(n)] = true
	}
	first, alone, other, lower := map[string]int{}, map[string]int{}, map[string]int{}, map[string]bool{}
	for _, s := range sents {
		for i, w := range s.Words {
			l := s.Labels[i]
			switch {
			case w != "" && w == strings.ToLower(w):
				lower[w] = true
			case l == "B-PER" && i+1 < len(s.Words) && s.Labels[i+1] == "I-PER":
				first[w]++
			case l == "B-PER":
				alone[w]++
			case l != "O" && !strings.HasSuffix(l, "-PER"):
				other[w]++
			}
		}
	}
	var out []string
	for w, n := range first {
		r := []rune(w)
		lw := strings.ToLower(w)
		if n < 2 || len(r) < 3 || have[lw] || lower[lw] || other[w] > 0 || alone[w] > n || gazetteer.TitleWords[lw] || gazetteer.HeadTitles[lw] || gazetteer.Honorifics[lw] || gazetteer.Honorifics[lw+"."] ||
			!unicode.IsUpper(r[0]) || strings.ContainsAny(w, "@#/.'’-0123456789") {
			continue
		}
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// lowerWords returns every word seen in lower case in the training text
// at least twice.
func lowerWords(sents []corpus.Sentence) []string {
	n := map[string]int{}
	for _, s := range sents {
		for _, w := range s.Words {
			if w != "" && w == strings.ToLower(w) {
				n[w]++
			}
		}
	}
	var out []string
	for w, c := range n {
		if c >= 2 {
			out = append(out, w)
		}
	}
	return out
}

// intlNames returns the names of four letters or more of the
// international given-name list that
// the other lists lack, leaving out those that are also family names
// ("Rivera"), words seen in lower case in the training text ("aurora")
// and the words that the training text's people's names hold more often
// after their first word or alone than as it ("Kumar").
func intlNames(intl, have, surnames []string, sents []corpus.Sentence) []string {
	skip := map[string]bool{}
	for _, n := range have {
		skip[strings.ToLower(n)] = true
	}
	for _, n := range surnames {
		skip[strings.ToLower(n)] = true
	}
	for _, w := range lowerWords(sents) {
		skip[w] = true
	}
	first, later := map[string]int{}, map[string]int{}
	for _, s := range sents {
		for i, w := range s.Words {
			if w == "" {
				continue
			}
			if i+1 < len(s.Words) && s.Labels[i] == "B-PER" && s.Labels[i+1] == "I-PER" {
				first[w]++
			} else if strings.HasSuffix(s.Labels[i], "-PER") {
				later[w]++
			}
		}
	}
	var out []string
	for _, n := range intl {
		if utf8.RuneCountInString(n) > 3 && !skip[strings.ToLower(n)] && later[n] <= first[n] {
			out = append(out, n)
		}
	}
	return out
}

// readLines reads a file's non-empty lines, trimmed.
func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return scanLines(f)
}

// readGzipLines reads a gzip file's non-empty lines, less "#" comments.
func readGzipLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	lines, err := scanLines(zr)
	return slices.DeleteFunc(lines, func(l string) bool { return strings.HasPrefix(l, "#") }), err
}

func scanLines(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	return out, sc.Err()
}

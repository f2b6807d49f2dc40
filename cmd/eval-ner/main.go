// Command eval-ner measures the named-entity recognizer.
//
// Usage (from the repository root):
//
//	go run ./cmd/eval-ner -data ../shared/data
//
// It reads the held-out ner-en test files from the shared data directory
// (-data, default ../shared/data) and prints exact-span precision, recall
// and F1 per type (PER, ORG, LOC) and micro-averaged, for the tagger alone
// (model + gazetteer features, gold tokenization, every token decoded). It
// then scores the whole Recognizer (with -whole-dev first on the ner-en
// dev files, joined into texts) (tagger + rules) on the hand-annotated
// news files in internal/ner/testdata (-gold, default news-test2.jsonl, the
// held-out test set, then news-test.jsonl, news-gold.jsonl, news-dev.jsonl
// news-dev2.jsonl to news-dev9.jsonl, the sets rules were tuned on; a file that does not
// exist is skipped with a note); the recognizer gets sentence spans from
// internal/segment, as in the pipeline (-sents fallback: its own split);
// -v lists every false positive and false negative. With -show FILE it
// prints the entities found in a text file instead. On a terminal a
// progress bar runs on standard error; otherwise a line per file is
// written there.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/ner"
	"github.com/copydesk/copydesk/internal/ner/corpus"
	"github.com/copydesk/copydesk/internal/ner/tagger"
	"github.com/copydesk/copydesk/internal/progress"
	"github.com/copydesk/copydesk/internal/segment"
)

type config struct {
	data, gold, show, sents string
	verbose, whole          bool
}

func main() {
	var c config
	flag.StringVar(&c.data, "data", "../shared/data", "shared data directory (reads ner-en/ test files from it)")
	flag.StringVar(&c.gold, "gold", "internal/ner/testdata/news-test2.jsonl,internal/ner/testdata/news-test.jsonl,internal/ner/testdata/news-gold.jsonl,internal/ner/testdata/news-dev.jsonl,internal/ner/testdata/news-dev2.jsonl,internal/ner/testdata/news-dev3.jsonl,internal/ner/testdata/news-dev4.jsonl,internal/ner/testdata/news-dev5.jsonl,internal/ner/testdata/news-dev6.jsonl,internal/ner/testdata/news-dev7.jsonl,internal/ner/testdata/news-dev8.jsonl,internal/ner/testdata/news-dev9.jsonl", "comma-separated news gold files (JSONL); "+heldOut+" is the held-out test set, the others are dev sets")
	flag.StringVar(&c.show, "show", "", "print the entities of this text file and exit")
	flag.StringVar(&c.sents, "sents", "segment", "sentence spans given to the recognizer: segment (internal/segment, as in the pipeline) or fallback (nil: the recognizer's own split)")
	flag.BoolVar(&c.verbose, "v", false, "print every news error")
	flag.BoolVar(&c.whole, "whole-dev", false, "also score the whole recognizer on the ner-en dev files (tokens joined by spaces, 20 sentences a text)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: eval-ner [flags]\n\nScores the NER model on the held-out ner-en test files of the shared data directory (-data)\nand the whole recognizer on the news gold files (a missing file is skipped).\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "eval-ner:", err)
		os.Exit(1)
	}
}

func run(c config) error {
	rec, err := ner.New()
	if err != nil {
		return err
	}
	if c.show != "" {
		b, err := os.ReadFile(c.show)
		if err != nil {
			return fmt.Errorf("read %s: %w", c.show, err)
		}
		out, _ := json.MarshalIndent(rec.Entities(string(b), sentences(string(b), c.sents)), "", "  ")
		fmt.Println(string(out))
		return nil
	}
	var golds []string
	for _, gf := range strings.Split(c.gold, ",") {
		if gf == "" {
			continue
		}
		if _, err := os.Stat(gf); errors.Is(err, fs.ErrNotExist) {
			fmt.Printf("note: %s does not exist; skipped\n", gf)
			continue
		}
		golds = append(golds, gf)
	}
	prog := progress.New(os.Stderr, "eval-ner", len(corpus.Test)+len(golds))
	defer prog.Finish()
	model, gaz := ner.Internals(rec)
	fmt.Println("ner-en held-out test files (tagger, gold tokens, exact spans)")
	var total tagger.Score
	for _, f := range corpus.Test {
		prog.Step(f)
		sents, err := corpus.Read(filepath.Join(c.data, "ner-en", f))
		if err != nil {
			return err
		}
		sc := tagger.Evaluate(model, corpus.Tagged(gaz, sents))
		total.Add(sc)
		report(strings.TrimSuffix(f, ".tsv.gz"), &sc)
	}
	report("all test files", &total)
	if c.whole {
		if err := wholeDev(rec, c.data); err != nil {
			return err
		}
	}
	for _, gf := range golds {
		prog.Step(filepath.Base(gf))
		kind := "dev"
		if filepath.Base(gf) == heldOut {
			kind = "held out"
		}
		fmt.Printf("\nnews gold %s, %s (whole recognizer, exact byte spans)\n", gf, kind)
		sc, err := newsEval(rec, gf, c.sents, c.verbose)
		if err != nil {
			return err
		}
		report(filepath.Base(gf), &sc)
	}
	return nil
}

// heldOut is the file name of the held-out news test set; the other news
// files are dev sets.
const heldOut = "news-test2.jsonl"

func report(name string, sc *tagger.Score) {
	fmt.Printf("  %-28s", name)
	for t := range tagger.NumTypes {
		p, r, f := sc.PRF(t)
		fmt.Printf("  %s P %.3f R %.3f F1 %.3f (%d)", tagger.TypeNames[t], p, r, f, sc.TP[t]+sc.FN[t])
	}
	p, r, f := sc.PRF(-1)
	fmt.Printf("  | micro P %.3f R %.3f F1 %.3f\n", p, r, f)
}

var typeIndex = map[string]int{"PER": tagger.PER, "ORG": tagger.ORG, "LOC": tagger.LOC,
	article.Person: tagger.PER, article.Organization: tagger.ORG, article.Location: tagger.LOC}

// sentences returns the sentence spans the recognizer gets for text:
// internal/segment's with mode "segment", as in the pipeline, else none
// (the recognizer's own split).
func sentences(text, mode string) []article.Span {
	if mode == "segment" {
		return segment.Sentences(text)
	}
	return nil
}

func newsEval(rec *ner.Recognizer, path, sents string, verbose bool) (tagger.Score, error) {
	var total tagger.Score
	docs, err := corpus.ReadNews(path)
	if err != nil {
		return total, fmt.Errorf("gold: %w", err)
	}
	for _, g := range docs {
		var gold, pred []tagger.Span
		for _, e := range g.Entities {
			gold = append(gold, tagger.Span{Start: e.Start, End: e.End, Type: typeIndex[e.Type]})
		}
		for _, e := range rec.Entities(g.Text, sentences(g.Text, sents)) {
			for _, m := range e.Mentions {
				pred = append(pred, tagger.Span{Start: m.Start, End: m.End, Type: typeIndex[e.Type]})
			}
		}
		var s tagger.Score
		s.Compare(gold, pred)
		total.Add(s)
		if verbose {
			showErrors(g, gold, pred)
		}
	}
	return total, nil
}

func showErrors(g corpus.NewsDoc, gold, pred []tagger.Span) {
	in := func(list []tagger.Span, s tagger.Span) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	for _, s := range gold {
		if !in(pred, s) {
			fmt.Printf("  %s FN %s %q\n", g.ID[:8], tagger.TypeNames[s.Type], g.Text[s.Start:s.End])
		}
	}
	for _, s := range pred {
		if !in(gold, s) {
			fmt.Printf("  %s FP %s %q\n", g.ID[:8], tagger.TypeNames[s.Type], g.Text[s.Start:s.End])
		}
	}
}

// wholeDev scores the whole recognizer on the ner-en dev files: each
// sentence's tokens are joined by spaces, and 20 sentences, one a line,
// make a text.
func wholeDev(rec *ner.Recognizer, data string) error {
	fmt.Println("\nner-en dev files (whole recognizer, tokens joined by spaces)")
	for _, f := range corpus.Dev {
		sents, err := corpus.Read(filepath.Join(data, "ner-en", f))
		if err != nil {
			return err
		}
		var total tagger.Score
		for a := 0; a < len(sents); a += 20 {
			var b strings.Builder
			var gold, pred []tagger.Span
			for _, s := range sents[a:min(a+20, len(sents))] {
				starts := make([]int, len(s.Words))
				for i, w := range s.Words {
					if i > 0 {
						b.WriteByte(' ')
					}
					starts[i] = b.Len()
					b.WriteString(w)
				}
				for _, sp := range tagger.Spans(tagger.FromIOB2(s.Labels), nil) {
					end := starts[sp.End-1] + len(s.Words[sp.End-1])
					gold = append(gold, tagger.Span{Start: starts[sp.Start], End: end, Type: sp.Type})
				}
				b.WriteByte('\n')
			}
			for _, e := range rec.Entities(b.String(), nil) {
				for _, m := range e.Mentions {
					pred = append(pred, tagger.Span{Start: m.Start, End: m.End, Type: typeIndex[e.Type]})
				}
			}
			var sc tagger.Score
			sc.Compare(gold, pred)
			total.Add(sc)
		}
		report(strings.TrimSuffix(f, ".tsv.gz"), &total)
	}
	return nil
}

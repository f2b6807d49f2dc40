package ner

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"testing"
	"unicode/utf8"
)

type goldDoc struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Entities []struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Type  string `json:"type"`
		Text  string `json:"text"`
	} `json:"entities"`
}

func readGold(t *testing.T, path string) []goldDoc {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []goldDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		var d goldDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		docs = append(docs, d)
	}
	return docs
}

// TestNewsGold checks the annotation files and guards the recognizer's
// exact-span F1 on them against regressions (floors, not targets). Both
// files are development data; a file that is absent is skipped.
func TestNewsGold(t *testing.T) {
	r := recognizer(t)
	for _, c := range []struct {
		path  string
		docs  int
		floor float64
	}{
		{"testdata/news-gold.jsonl", 25, 0.905},
		{"testdata/news-dev.jsonl", 34, 0.91},
		{"testdata/news-test.jsonl", 30, 0.93},
	} {
		if _, err := os.Stat(c.path); errors.Is(err, fs.ErrNotExist) {
			t.Logf("%s: absent, skipped", c.path)
			continue
		}
		docs := readGold(t, c.path)
		if len(docs) != c.docs {
			t.Errorf("%s: %d documents, want %d", c.path, len(docs), c.docs)
		}
		var tp, fp, fn int
		for _, d := range docs {
			type span struct {
				s, e int
				typ  string
			}
			gold := map[span]bool{}
			last := -1
			for _, e := range d.Entities {
				if e.Start < 0 || e.End > len(d.Text) || e.Start >= e.End || d.Text[e.Start:e.End] != e.Text ||
					!utf8.RuneStart(d.Text[e.Start]) || e.Start < last {
					t.Fatalf("%s %s: bad annotation %+v", c.path, d.ID, e)
				}
				switch e.Type {
				case "PER", "ORG", "LOC":
				default:
					t.Fatalf("%s %s: bad type %q", c.path, d.ID, e.Type)
				}
				last = e.End
				gold[span{e.Start, e.End, e.Type}] = true
			}
			for _, e := range r.Entities(d.Text, nil) {
				typ := map[string]string{"person": "PER", "organization": "ORG", "location": "LOC"}[e.Type]
				for _, m := range e.Mentions {
					if gold[span{m.Start, m.End, typ}] {
						tp++
						delete(gold, span{m.Start, m.End, typ})
					} else {
						fp++
					}
				}
			}
			fn += len(gold)
		}
		p := float64(tp) / float64(tp+fp)
		rc := float64(tp) / float64(tp+fn)
		f1 := 2 * p * rc / (p + rc)
		t.Logf("%s: P %.3f R %.3f F1 %.3f", c.path, p, rc, f1)
		if f1 < c.floor {
			t.Errorf("%s: F1 %.3f below %.2f", c.path, f1, c.floor)
		}
	}
}

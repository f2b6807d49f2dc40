package quotes

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

type goldDoc struct {
	ID     string `json:"id"`
	Split  string `json:"split"`
	Text   string `json:"text"`
	Quotes []struct {
		Start   int     `json:"start"`
		End     int     `json:"end"`
		Speaker *string `json:"speaker"`
	} `json:"quotes"`
}

func readGold(t *testing.T) []goldDoc {
	t.Helper()
	return readGoldFile(t, "testdata/news-gold.jsonl")
}

func readGoldFile(t *testing.T, path string) []goldDoc {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open gold: %v", err)
	}
	defer f.Close()
	var docs []goldDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var d goldDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("parse gold: %v", err)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read gold: %v", err)
	}
	return docs
}

// TestGoldWellFormed checks the gold files: 26 articles split 13/13 and 16
// held-out ones, spans in order, on rune boundaries, trimmed, and framed by
// quotation marks (allowing spaces and a comma between the words and the
// mark). It reads the held-out file's annotations only, never scores it.
func TestGoldWellFormed(t *testing.T) {
	docs := readGold(t)
	if len(docs) != 26 {
		t.Fatalf("%d gold articles, want 26", len(docs))
	}
	held := readGoldFile(t, "testdata/news-test.jsonl")
	if len(held) != 16 {
		t.Fatalf("%d held-out articles, want 16", len(held))
	}
	parts := map[string]int{}
	for _, d := range append(docs, held...) {
		parts[d.Split]++
		prev := 0
		for _, q := range d.Quotes {
			if q.Start < prev || q.End <= q.Start || q.End > len(d.Text) {
				t.Fatalf("%s: bad span %d-%d", d.ID, q.Start, q.End)
			}
			prev = q.End
			if !runeBoundary(d.Text, q.Start) || !runeBoundary(d.Text, q.End) {
				t.Fatalf("%s: span %d-%d splits a rune", d.ID, q.Start, q.End)
			}
			s := d.Text[q.Start:q.End]
			if strings.TrimSpace(s) != s {
				t.Errorf("%s: span %q not trimmed", d.ID, s)
			}
			before := strings.TrimRight(d.Text[:q.Start], " ")
			after := strings.TrimLeft(d.Text[q.End:], " ,")
			b, _ := utf8.DecodeLastRuneInString(before)
			a, _ := utf8.DecodeRuneInString(after)
			if !isQuoteRune(b) || !isQuoteRune(a) {
				t.Errorf("%s: span %q is not framed by marks (%q … %q)", d.ID, s, b, a)
			}
		}
	}
	if parts["dev"] != 13 || parts["test"] != 13 || parts["test2"] != 16 {
		t.Fatalf("splits %v, want 13 dev, 13 test and 16 test2", parts)
	}
}

// TestGoldSpans is a regression guard on quote detection alone (no
// entities): span F1 over the whole gold sample, matching when spans
// overlap by at least half of the longer one.
func TestGoldSpans(t *testing.T) {
	gold, pred, matched := 0, 0, 0
	for _, d := range readGold(t) {
		got := Find(d.Text, nil, nil)
		checkInvariants(t, d.Text, got, nil)
		gold += len(d.Quotes)
		pred += len(got)
		used := make([]bool, len(got))
		for _, g := range d.Quotes {
			for j, p := range got {
				lo, hi := max(g.Start, p.Start), min(g.End, p.End)
				if !used[j] && hi > lo && 2*(hi-lo) >= max(g.End-g.Start, p.End-p.Start) {
					used[j] = true
					matched++
					break
				}
			}
		}
	}
	p, r := float64(matched)/float64(pred), float64(matched)/float64(gold)
	f1 := 2 * p * r / (p + r)
	t.Logf("gold=%d pred=%d matched=%d P=%.3f R=%.3f F1=%.3f", gold, pred, matched, p, r, f1)
	if f1 < 0.93 {
		t.Fatalf("span F1 %.3f < 0.93", f1)
	}
}

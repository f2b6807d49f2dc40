package shingle

import (
	"math"
	"slices"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  ", nil},
		{"Hello, world!", []string{"Hello", "world"}},
		{"snake_case and co-op", []string{"snake_case", "and", "co", "op"}},
		{"£2.4 million", []string{"2", "4", "million"}},
		{"Ñandú café", []string{"Ñandú", "café"}},
		{"日本語 テキスト", []string{"日本語", "テキスト"}},
		{"x²", []string{"x²"}}, // superscripts are numbers (No), as in Python
		// Combining marks are not word characters for Python's \w.
		{"नमस्ते", []string{"नमस", "त"}},
	}
	for _, tt := range tests {
		if got := Tokens(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShingles(t *testing.T) {
	if got := Shingles(nil); len(got) != 0 {
		t.Errorf("empty: %v", got)
	}
	if got := Shingles([]string{"a", "b"}); len(got) != 1 || got["a b"] != 1 {
		t.Errorf("short: %v", got)
	}
	got := Shingles(Tokens("a b c d a b c d"))
	want := map[string]int{"a b c d": 2, "b c d a": 1, "c d a b": 1, "d a b c": 1}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%q: got %d, want %d", k, got[k], v)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMatch(t *testing.T) {
	// truth: 6 tokens → 3 shingles; prediction adds 2 tokens at the end →
	// 5 shingles, 3 shared.
	c := Match("one two three four five six", "one two three four five six seven eight")
	if !near(c.TP, 3.0/5) || !near(c.FP, 2.0/5) || c.FN != 0 {
		t.Errorf("counts = %+v", c)
	}
	if !near(c.Precision(), 0.6) || c.Recall() != 1 || c.Exact {
		t.Errorf("P=%v R=%v exact=%v", c.Precision(), c.Recall(), c.Exact)
	}

	same := Match("Hello, world.", "hello world")
	if same.Precision() != 0 || same.Recall() != 0 {
		t.Errorf("matching is case-sensitive: %+v", same)
	}
	exact := Match("Hello, world.", "Hello world!!")
	if exact.Precision() != 1 || exact.Recall() != 1 || !exact.Exact {
		t.Errorf("punctuation is ignored: %+v", exact)
	}
	empty := Match("", "")
	if empty.TP+empty.FP+empty.FN != 0 || !empty.Exact || empty.Precision() != 1 {
		t.Errorf("both empty: %+v", empty)
	}
	none := Match("some gold text here", "")
	if none.Precision() != 0 || none.Recall() != 0 {
		t.Errorf("no prediction: %+v", none)
	}
}

func TestCorpus(t *testing.T) {
	pages := []Counts{
		Match("a b c d e", "a b c d e"),         // P=1 R=1
		Match("a b c d e f", "a b c d e f x y"), // P=3/5 R=1
		Match("a b c d e", ""),                  // no prediction: only in R, as 0
		Match("", ""),                           // nothing either side: in neither mean
	}
	s := Corpus(pages)
	wantP := (1 + 0.6) / 2
	wantR := (1 + 1 + 0) / 3.0
	if !near(s.Precision, wantP) || !near(s.Recall, wantR) {
		t.Errorf("P=%v R=%v, want %v %v", s.Precision, s.Recall, wantP, wantR)
	}
	if !near(s.F1, 2*wantP*wantR/(wantP+wantR)) {
		t.Errorf("F1 = %v", s.F1)
	}
	if !near(s.Accuracy, 2.0/4) || s.Pages != 4 {
		t.Errorf("accuracy = %v, pages = %d", s.Accuracy, s.Pages)
	}
	if z := Corpus(nil); z.F1 != 0 || z.Pages != 0 {
		t.Errorf("empty corpus: %+v", z)
	}
}

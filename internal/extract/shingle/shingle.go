package shingle

import (
	"slices"
	"strings"
	"unicode"
)

// N is the shingle length in tokens.
const N = 4

// Tokens splits text into words as Python's re.findall(r'\w+', text) does
// for str input: maximal runs of letters, numbers and underscores.
// Combining marks are not word characters, as in Python.
func Tokens(text string) []string {
	var out []string
	start := -1
	for i, r := range text {
		if isWord(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, text[start:])
	}
	return out
}

func isWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// Shingles returns the multiset of N-token shingles of tokens, keyed by the
// tokens joined with a space (tokens never contain one). A text with 1 to
// N-1 tokens gives one short shingle; an empty text gives none.
func Shingles(tokens []string) map[string]int {
	m := make(map[string]int)
	if len(tokens) == 0 {
		return m
	}
	if len(tokens) < N {
		m[strings.Join(tokens, " ")]++
		return m
	}
	for i := 0; i+N <= len(tokens); i++ {
		m[strings.Join(tokens[i:i+N], " ")]++
	}
	return m
}

// Counts is the normalised true-positive, false-positive and false-negative
// mass of one page. TP+FP+FN is 1, or all are 0 when both texts are empty.
type Counts struct {
	TP, FP, FN float64
	// Exact reports whether the predicted token list equals the true one.
	Exact bool
}

// Match compares a predicted text with the true text of one page.
func Match(truth, pred string) Counts {
	tt, pt := Tokens(truth), Tokens(pred)
	ts, ps := Shingles(tt), Shingles(pt)
	var tp, fp, fn float64
	for k, t := range ts {
		p := ps[k]
		tp += float64(min(t, p))
		fn += float64(max(0, t-p))
	}
	for k, p := range ps {
		fp += float64(max(0, p-ts[k]))
	}
	c := Counts{TP: tp, FP: fp, FN: fn, Exact: slices.Equal(tt, pt)}
	if s := tp + fp + fn; s > 0 {
		c.TP, c.FP, c.FN = tp/s, fp/s, fn/s
	}
	return c
}

// Precision is the page precision as the benchmark defines it.
func (c Counts) Precision() float64 {
	switch {
	case c.FP == 0 && c.FN == 0:
		return 1
	case c.TP == 0 && c.FP == 0:
		return 0
	}
	return c.TP / (c.TP + c.FP)
}

// Recall is the page recall as the benchmark defines it.
func (c Counts) Recall() float64 {
	switch {
	case c.FP == 0 && c.FN == 0:
		return 1
	case c.TP == 0 && c.FN == 0:
		return 0
	}
	return c.TP / (c.TP + c.FN)
}

// F1 is the harmonic mean of the page precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Scores are corpus-level figures.
type Scores struct {
	Precision, Recall, F1, Accuracy float64
	// Pages is the number of pages scored.
	Pages int
}

// Corpus aggregates page counts: precision is the mean over pages where
// anything was predicted (TP+FP > 0), recall the mean over pages with gold
// text (TP+FN > 0), F1 the harmonic mean of those two means, and accuracy
// the share of pages whose token list matches exactly.
func Corpus(pages []Counts) Scores {
	var sp, sr float64
	var np, nr, exact int
	for _, c := range pages {
		if c.TP+c.FP > 0 {
			sp += c.Precision()
			np++
		}
		if c.TP+c.FN > 0 {
			sr += c.Recall()
			nr++
		}
		if c.Exact {
			exact++
		}
	}
	s := Scores{Pages: len(pages)}
	if np > 0 {
		s.Precision = sp / float64(np)
	}
	if nr > 0 {
		s.Recall = sr / float64(nr)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	if len(pages) > 0 {
		s.Accuracy = float64(exact) / float64(len(pages))
	}
	return s
}

package quotes

import (
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
)

// validSentences reports whether sents are usable: sorted, non-overlapping,
// in range and on rune boundaries.
func validSentences(text string, sents []article.Span) bool {
	if len(sents) == 0 {
		return false
	}
	prev := 0
	for _, s := range sents {
		if s.Start < prev || s.End < s.Start || s.End > len(text) {
			return false
		}
		if !utf8.RuneStart(byteAt(text, s.Start)) || !utf8.RuneStart(byteAt(text, s.End)) {
			return false
		}
		prev = s.End
	}
	return true
}

func byteAt(text string, i int) byte {
	if i >= len(text) {
		return 0
	}
	return text[i]
}

// splitSentences is the fallback splitter used when no valid sentence spans
// are given: a sentence ends at . ! ? or … (and any closing marks or
// brackets after it) followed by a space and an upper-case letter, a digit
// or an opening mark, except after an initial or a common abbreviation;
// paragraphs always end sentences.
func splitSentences(text string, paras []span, out []article.Span) []article.Span {
	for _, p := range paras {
		start := p.s
		for i := p.s; i < p.e; {
			r, size := utf8.DecodeRuneInString(text[i:p.e])
			i += size
			if r != '.' && r != '!' && r != '?' && r != '…' {
				continue
			}
			j := i
			for j < p.e {
				c, cs := utf8.DecodeRuneInString(text[j:p.e])
				if c == '.' || c == '!' || c == '?' || c == ')' || c == ']' || isQuoteRune(c) {
					j += cs
					continue
				}
				break
			}
			k := j
			for k < p.e && isSpaceByte(text[k]) {
				k++
			}
			if k == j || k >= p.e {
				continue
			}
			n, _ := utf8.DecodeRuneInString(text[k:p.e])
			if !(unicode.IsUpper(n) || unicode.IsDigit(n) || isQuoteRune(n) || n == '¿' || n == '¡' || n == '(') {
				continue
			}
			if r == '.' && abbrevBefore(text, i-1, start) {
				continue
			}
			out = append(out, article.Span{Start: start, End: j})
			start = k
			i = k
		}
		if start < p.e {
			out = append(out, article.Span{Start: start, End: p.e})
		}
	}
	return out
}

// abbrevBefore reports whether the period at dot ends an initial ("W."),
// a dotted abbreviation ("U.S.") or a listed abbreviation ("Gov.").
func abbrevBefore(text string, dot, lo int) bool {
	ws := dot
	for ws > lo {
		r, size := utf8.DecodeLastRuneInString(text[lo:ws])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		ws -= size
	}
	w := text[ws:dot]
	if w == "" {
		return false
	}
	if r, size := utf8.DecodeRuneInString(w); size == len(w) && unicode.IsUpper(r) {
		return true // an initial
	}
	for i := 0; i < len(w); i++ {
		if w[i] == '.' {
			return true // U.S, a.m
		}
	}
	return has(abbreviations, w)
}

// sentenceIndex finds sentences by position.
type sentenceIndex struct {
	sents []article.Span
}

// at returns the index of the last sentence starting at or before pos, or -1.
func (x sentenceIndex) at(pos int) int {
	lo, hi := 0, len(x.sents)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if x.sents[m].Start <= pos {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

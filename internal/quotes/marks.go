package quotes

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// maxUnclosed is how far an opening mark without a closing mark may
	// reach (to the end of its paragraph).
	maxUnclosed = 1000
	// maxSingle is the longest stretch a single-quote pair may enclose.
	maxSingle = 400
	// maxParagraphs is how many paragraphs one quote may span.
	maxParagraphs = 8
)

// span is a half-open byte range.
type span struct{ s, e int }

// mark is one quotation mark in a paragraph.
type mark struct {
	pos, end int // byte range of the mark
	canOpen  bool
	canClose bool
}

// cand is a paired quotation: the marks and the content between them.
type cand struct {
	open, openEnd   int // opening mark
	close, closeEnd int // closing mark; close == closeEnd == end of content when unclosed
	s, e            int // content, trimmed
	para            int // index of the paragraph holding the opening mark
	lastPara        int // index of the paragraph holding the end
	single          bool
}

// paragraphs returns the non-blank lines of text.
func paragraphs(text string, out []span) []span {
	start := 0
	for i := 0; i <= len(text); i++ {
		if k := strings.IndexByte(text[i:], '\n'); k >= 0 {
			i += k
		} else {
			i = len(text)
		}
		{
			s, e := start, i
			for s < e && isSpaceByte(text[s]) {
				s++
			}
			for e > s && isSpaceByte(text[e-1]) {
				e--
			}
			if e > s {
				out = append(out, span{s, e})
			}
			start = i + 1
		}
	}
	return out
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == '\v' }

// isDouble reports whether r is a double quotation mark.
func isDouble(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '‟', '«', '»', '＂', '〝', '〞':
		return true
	}
	return false
}

// openingGlyph reports whether a double mark's shape says it opens.
func openingGlyph(r rune) bool {
	switch r {
	case '“', '„', '‟', '«', '〝':
		return true
	}
	return false
}

func closingGlyph(r rune) bool {
	switch r {
	case '”', '»', '〞':
		return true
	}
	return false
}

// isSingle reports whether r is a single quotation mark or apostrophe.
func isSingle(r rune) bool {
	switch r {
	case '\'', '‘', '’', '‚', '‹', '›':
		return true
	}
	return false
}

func isQuoteRune(r rune) bool { return isDouble(r) || isSingle(r) }

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 0 && asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// asciiWord marks ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := '0'; c <= 'z'; c++ {
		t[c] = ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
	}
	return t
}()

// doubleLead and singleLead mark the bytes that can start a double or a
// single quotation mark.
var (
	doubleLead = leadTable('"', 0xE2, 0xC2, 0xEF, 0xE3)
	singleLead = leadTable('\'', 0xE2)
)

func leadTable(bytes ...byte) (t [256]bool) {
	for _, c := range bytes {
		t[c] = true
	}
	return t
}

// skipTo returns the first index at or after i in s whose byte is in lead,
// or len(s).
func skipTo(s string, i int, lead *[256]bool) int {
	for i < len(s) && !lead[s[i]] {
		i++
	}
	return i
}

func openPunct(r rune) bool {
	switch r {
	case '(', '[', '{', '—', '–', '-', '/', '¿', '¡', ':':
		return true
	}
	return isQuoteRune(r)
}

func closePunct(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', '—', '–', '-', '/', '…':
		return true
	}
	return isQuoteRune(r)
}

// runeBefore returns the rune ending at i, or -1 at lo.
func runeBefore(text string, i, lo int) rune {
	if i <= lo {
		return -1
	}
	r, _ := utf8.DecodeLastRuneInString(text[lo:i])
	return r
}

// runeAt returns the rune starting at i and its size, or -1 at hi.
func runeAt(text string, i, hi int) (rune, int) {
	if i >= hi {
		return -1, 0
	}
	return utf8.DecodeRuneInString(text[i:hi])
}

func isSpaceOrNone(r rune) bool { return r < 0 || unicode.IsSpace(r) }

// doubleMarks collects the double marks of paragraph p, classified by the
// characters around them. Inch marks (6") are left out.
func doubleMarks(text string, p span, out []mark) []mark {
	para := text[:p.e]
	for i := p.s; i < p.e; {
		if i = skipTo(para, i, &doubleLead); i >= p.e {
			break
		}
		r, size := utf8.DecodeRuneInString(text[i:p.e])
		if !isDouble(r) {
			// two typographic single marks for one double ("…voters,’’
			// Moy said"); two ASCII apostrophes stay single marks
			if r2, size2 := runeAt(text, i+size, p.e); (r == '’' || r == '‘') && r2 == r {
				a := runeBefore(text, i, p.s)
				b, _ := runeAt(text, i+size+size2, p.e)
				m := mark{pos: i, end: i + size + size2}
				m.canClose = r != '‘' && !isSpaceOrNone(a) && (isSpaceOrNone(b) || closePunct(b))
				m.canOpen = r != '’' && !isSpaceOrNone(b) && (isSpaceOrNone(a) || openPunct(a))
				if m.canOpen || m.canClose {
					out = append(out, m)
					i = m.end
					continue
				}
			}
			i += size
			continue
		}
		a := runeBefore(text, i, p.s)
		b, _ := runeAt(text, i+size, p.e)
		m := mark{pos: i, end: i + size}
		switch {
		case r == '"' && a >= 0 && unicode.IsDigit(a) && !isWordRune(b):
			// An inch mark, unless it closes a quote; decided below.
			m.canClose = true
		default:
			m.canOpen = !isSpaceOrNone(b) && (isSpaceOrNone(a) || openPunct(a))
			m.canClose = !isSpaceOrNone(a) && (isSpaceOrNone(b) || closePunct(b))
			if !m.canOpen && !m.canClose {
				// Spaces on both sides, or letters on both sides
				// ("countries”declared"): the glyph decides.
				switch {
				case openingGlyph(r):
					m.canOpen = true
				case closingGlyph(r):
					m.canClose = true
				default:
					m.canOpen, m.canClose = true, true
				}
				if isSpaceOrNone(a) && isSpaceOrNone(b) {
					m.canOpen, m.canClose = true, true
				}
			}
		}
		out = append(out, m)
		i += size
	}
	return out
}

// pairDoubles pairs the double marks of all paragraphs.
func pairDoubles(text string, paras []span, out []cand, buf []mark) ([]cand, []mark) {
	open := false
	var cur cand
	skipFirst := -1 // a paragraph whose first mark continues the open quote
	for pi, p := range paras {
		buf = doubleMarks(text, p, buf[:0])
		first := 0
		if skipFirst == pi && len(buf) > 0 {
			first = 1
		}
		for k := first; k < len(buf); k++ {
			m := buf[k]
			if !open {
				if m.canOpen {
					open = true
					cur = cand{open: m.pos, openEnd: m.end, para: pi}
				}
				continue
			}
			closeHere := m.canClose
			if m.canClose && m.canOpen {
				closeHere = true
			} else if m.canOpen {
				// An opening-looking mark while a quote is open: it
				// closes when the marks left in the paragraph are odd
				// (“… future “Putin wrote), else the open quote had no
				// closing mark and a new one starts here.
				closeHere = (len(buf)-k)%2 == 1
				if !closeHere {
					cur = cand{open: m.pos, openEnd: m.end, para: pi}
					continue
				}
			}
			if closeHere {
				cur.close, cur.closeEnd, cur.lastPara = m.pos, m.end, pi
				out = appendCand(text, out, cur)
				open = false
			}
		}
		if !open {
			continue
		}
		// The quote is open at the end of paragraph pi.
		if pi+1 < len(paras) && pi+1-cur.para < maxParagraphs {
			q := paras[pi+1]
			if r, size := runeAt(text, q.s, q.e); isDouble(r) {
				b, _ := runeAt(text, q.s+size, q.e)
				if !isSpaceOrNone(b) || openingGlyph(r) {
					skipFirst = pi + 1
					continue
				}
			}
		}
		// Unclosed: end at this paragraph, if it is close enough.
		from := cur.openEnd
		if cur.para != pi {
			from = p.s
		}
		if p.e-from <= maxUnclosed {
			cur.close, cur.closeEnd, cur.lastPara = p.e, p.e, pi
			out = appendCand(text, out, cur)
		} else if cur.para != pi {
			prev := paras[pi-1]
			cur.close, cur.closeEnd, cur.lastPara = prev.e, prev.e, pi-1
			out = appendCand(text, out, cur)
		}
		open = false
	}
	return out, buf
}

// appendCand trims the content of c and appends it when it holds a word.
func appendCand(text string, out []cand, c cand) []cand {
	s, e := c.openEnd, c.close
	s, e = trimContent(text, s, e)
	if s >= e || !hasWord(text[s:e]) {
		return out
	}
	c.s, c.e = s, e
	return append(out, c)
}

// trimContent trims spaces around [s,e) and a trailing , ; or :.
func trimContent(text string, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) && r != ',' && r != ';' && r != ':' {
			break
		}
		e -= size
	}
	return s, e
}

func hasWord(s string) bool {
	for _, r := range s {
		if isWordRune(r) {
			return true
		}
	}
	return false
}

// pairSingles finds single-quoted stretches in paragraph p outside the
// double-quoted candidates dbl (sorted). An opening single mark follows a
// space or opening punctuation and precedes a non-space; a closing one
// follows a non-space and precedes no letter, so apostrophes (Putin’s,
// don’t) never pair.
func pairSingles(text string, p span, pi int, dbl []cand, out []cand) []cand {
	di := 0
	para := text[:p.e]
	for i := p.s; i < p.e; {
		if i = skipTo(para, i, &singleLead); i >= p.e {
			break
		}
		for di < len(dbl) && dbl[di].closeEnd <= i {
			di++
		}
		if di < len(dbl) && dbl[di].open <= i {
			// Inside a double quote: singles there are nested.
			i = dbl[di].closeEnd
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:p.e])
		if !(r == '‘' || r == '\'' || r == '‚' || r == '‹') {
			i += size
			continue
		}
		a := runeBefore(text, i, p.s)
		b, _ := runeAt(text, i+size, p.e)
		if !(isSpaceOrNone(a) || openPunct(a)) || isSpaceOrNone(b) || isSingle(b) {
			i += size
			continue
		}
		// Look for the closing mark, skipping whole double quotes.
		end := -1
		dj := di
		for j := i + size; j < p.e && j-i <= maxSingle; {
			for dj < len(dbl) && dbl[dj].closeEnd <= j {
				dj++
			}
			if dj < len(dbl) && dbl[dj].open <= j {
				if dbl[dj].lastPara != pi || dbl[dj].closeEnd > p.e {
					break
				}
				j = dbl[dj].closeEnd
				continue
			}
			c, cs := utf8.DecodeRuneInString(text[j:p.e])
			if c == '’' || c == '\'' || c == '›' {
				pa := runeBefore(text, j, p.s)
				nb, _ := runeAt(text, j+cs, p.e)
				if !isSpaceOrNone(pa) && !isWordRune(nb) {
					end = j
					break
				}
			}
			j += cs
		}
		if end < 0 {
			i += size
			continue
		}
		_, cs := utf8.DecodeRuneInString(text[end:p.e])
		before := len(out)
		out = appendCand(text, out, cand{open: i, openEnd: i + size, close: end, closeEnd: end + cs, para: pi, lastPara: pi, single: true})
		if len(out) == before {
			i += size
			continue
		}
		i = end + cs
	}
	return out
}

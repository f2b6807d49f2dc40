package segment

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
)

// Sentences splits text into sentences. Spans are byte offsets into text,
// trimmed of surrounding space, in order, never empty and never crossing a
// paragraph break (a blank line). A single newline counts as a space.
func Sentences(text string) []article.Span {
	spans := make([]article.Span, 0, len(text)/90+1)
	for pos := 0; pos < len(text); {
		end, next := paragraphEnd(text, pos)
		spans = splitParagraph(spans, text, pos, end)
		pos = next
	}
	return spans
}

// paragraphEnd returns the end of the paragraph starting at pos and the
// start of the one after it. A paragraph ends at a newline followed, after
// optional spaces, by another newline.
func paragraphEnd(text string, pos int) (end, next int) {
	for {
		i := strings.IndexByte(text[pos:], '\n')
		if i < 0 {
			return len(text), len(text)
		}
		i += pos
		j := i + 1
		for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r') {
			j++
		}
		if j < len(text) && text[j] == '\n' {
			return i, j + 1
		}
		pos = i + 1
	}
}

// maybeEnd marks the bytes that may start a sentence terminator: '.',
// '!', '?' and the lead byte of '…'.
var maybeEnd = [256]bool{'.': true, '!': true, '?': true, 0xE2: true}

// splitParagraph appends the sentences of text[start:end] to spans.
func splitParagraph(spans []article.Span, text string, start, end int) []article.Span {
	p := text[:end]
	sent := skipSpace(p, start)
	for i := sent; i < end; {
		c := p[i]
		if !maybeEnd[c] {
			i++
			continue
		}
		ellipsis := false
		switch {
		case c == '.' || c == '!' || c == '?':
		case c == 0xE2 && strings.HasPrefix(p[i:], "…"):
			ellipsis = true
		default:
			i++
			continue
		}
		// The terminator run: ".", "?!", "...", "…", then closing quotes
		// and brackets.
		t := i
		for t < end {
			switch {
			case p[t] == '.' || p[t] == '!' || p[t] == '?':
				t++
				continue
			case strings.HasPrefix(p[t:], "…"):
				ellipsis = true
				t += len("…")
				continue
			}
			break
		}
		punct := p[i:t]
		closers := t
		t = skipClosers(p, t)
		closed := t > closers
		if t < end && !isSpaceAt(p, t) {
			// "3.5", "example.com", "U.S.-led": not an end.
			i = t
			continue
		}
		k := skipSpace(p, t)
		if k >= end {
			break
		}
		if !startsSentence(p[k:]) {
			i = t
			continue
		}
		if strings.HasPrefix(punct, "...") || strings.HasPrefix(punct, "…") {
			ellipsis = true
		}
		if !isEnd(p, sent, i, punct, ellipsis, closed, p[k:]) {
			i = t
			continue
		}
		spans = append(spans, article.Span{Start: sent, End: t})
		sent = k
		i = k
	}
	if e := trimSpaceEnd(p, end); e > sent {
		spans = append(spans, article.Span{Start: sent, End: e})
	}
	return spans
}

// isEnd decides whether the terminator punct at p[i:] ends the sentence
// that started at sent, given the text after it.
func isEnd(p string, sent, i int, punct string, ellipsis, closed bool, after string) bool {
	if ellipsis {
		// "(…) and", "[…] The": a cut inside a quotation, not an end.
		if i > 0 && (p[i-1] == '(' || p[i-1] == '[') {
			return false
		}
		return true
	}
	if punct != "." {
		return true // "?", "!", "?!", "!!"
	}
	if closed {
		return true // `… possible.” He` and `… (see below.) The`
	}
	if i-sent <= maxDateline && capitalWords(p[sent:i]) && datelineDash(after) {
		return false // "DEKALB, Ill. — Mike Glass threw …", "Ill. (AP) — …"
	}
	w := wordBefore(p, sent, i)
	if w == "" {
		return true
	}
	next := nextWord(after)
	switch abbrevKind(w) {
	case abbrTitle:
		return false
	case abbrBeforeNumber:
		// "No. 5", "Dec. 15", "Vol. 2", but "said no. The"
		if r, _ := utf8.DecodeRuneInString(after); unicode.IsDigit(r) {
			return false
		}
		if isMonthAbbr(w) && startsUpper(w) {
			return commonStarter[strings.ToLower(next)]
		}
		return true
	case abbrMaybeEnd:
		// "Example Inc. The company" ends; "U.S. Senate" does not.
		return commonStarter[strings.ToLower(next)]
	}
	return true
}

// maxDateline bounds, in bytes, a dateline that a dash ends ("SAN
// FRANCISCO, Calif.").
const maxDateline = 48

// datelineDash reports whether after (the text after a period) is the dash
// that ends a dateline, with an agency's credit before it: " — ", " (AP)
// — ". A sentence of its own does not start with a spaced dash.
func datelineDash(after string) bool {
	s := strings.TrimLeft(after, " ")
	if strings.HasPrefix(s, "(") {
		k := strings.IndexByte(s, ')')
		if k < 2 || k > 24 || strings.ContainsAny(s[:k], ".\n") {
			return false
		}
		s = strings.TrimLeft(s[k+1:], " ")
	}
	for _, d := range []string{"— ", "– ", "-- "} {
		if strings.HasPrefix(s, d) {
			return true
		}
	}
	return false
}

// capitalWords reports whether every word of s starts with a capital
// letter, as a dateline's do ("DEKALB, Ill", "San Francisco, Calif").
func capitalWords(s string) bool {
	for _, w := range strings.Fields(s) {
		w = strings.TrimLeft(w, "(\"“")
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return false
		}
	}
	return s != ""
}

type abbr int

const (
	abbrNone abbr = iota
	abbrTitle
	abbrBeforeNumber
	abbrMaybeEnd
)

// abbrevKind classifies the word before a period.
func abbrevKind(w string) abbr {
	if len(w) == 1 {
		if c := w[0]; c >= 'A' && c <= 'Z' {
			return abbrMaybeEnd // an initial: "J. R. R. Tolkien"
		}
	}
	if strings.IndexByte(w, '.') > 0 {
		// Dotted acronyms: U.S, U.N, a.m, e.g, EE.UU.
		l := strings.ToLower(w)
		if l == "e.g" || l == "i.e" || l == "cf" {
			return abbrTitle
		}
		if dotted(w) {
			return abbrMaybeEnd
		}
		return abbrNone
	}
	l := strings.ToLower(w)
	if k, ok := abbreviations[l]; ok {
		if k == abbrTitle && !startsUpper(w) && l != "vs" && l != "approx" {
			// "he was a gen." is not a title in lower case.
			return abbrMaybeEnd
		}
		return k
	}
	return abbrNone
}

// dotted reports acronyms like "U.S", "a.m", "D.C", "EE.UU": short letter
// groups separated by dots.
func dotted(w string) bool {
	for part := range strings.SplitSeq(w, ".") {
		if part == "" || len(part) > 3 {
			return false
		}
		for _, r := range part {
			if !unicode.IsLetter(r) {
				return false
			}
		}
	}
	return true
}

var abbreviations = map[string]abbr{
	// Titles and ranks are never followed by the end of a sentence.
	"mr": abbrTitle, "mrs": abbrTitle, "ms": abbrTitle, "messrs": abbrTitle, "dr": abbrTitle, "prof": abbrTitle,
	"gen": abbrTitle, "lt": abbrTitle, "col": abbrTitle, "maj": abbrTitle, "capt": abbrTitle, "cmdr": abbrTitle,
	"adm": abbrTitle, "sgt": abbrTitle, "cpl": abbrTitle, "pvt": abbrTitle, "brig": abbrTitle, "cdr": abbrTitle,
	"sen": abbrTitle, "rep": abbrTitle, "reps": abbrTitle, "sens": abbrTitle, "gov": abbrTitle, "pres": abbrTitle,
	"supt": abbrTitle, "insp": abbrTitle, "det": abbrTitle, "rev": abbrTitle, "fr": abbrTitle, "hon": abbrTitle,
	"amb": abbrTitle, "st": abbrTitle, "mt": abbrTitle, "ft": abbrTitle, "sra": abbrTitle, "srta": abbrTitle,
	"dra": abbrTitle, "lic": abbrTitle, "ing": abbrTitle, "arq": abbrTitle, "gral": abbrTitle, "pdte": abbrTitle,
	"mme": abbrTitle, "mlle": abbrTitle, "vs": abbrTitle, "approx": abbrTitle, "cf": abbrTitle, "ca": abbrTitle,
	// Before a number: "No. 5", "Dec. 15", "p. 12".
	"no": abbrBeforeNumber, "nos": abbrBeforeNumber, "nr": abbrBeforeNumber, "vol": abbrBeforeNumber,
	"art": abbrBeforeNumber, "fig": abbrBeforeNumber, "p": abbrBeforeNumber, "pp": abbrBeforeNumber,
	"núm": abbrBeforeNumber, "pág": abbrBeforeNumber, "tel": abbrBeforeNumber, "op": abbrBeforeNumber,
	"jan": abbrBeforeNumber, "feb": abbrBeforeNumber, "mar": abbrBeforeNumber, "apr": abbrBeforeNumber,
	"jun": abbrBeforeNumber, "jul": abbrBeforeNumber, "aug": abbrBeforeNumber, "sep": abbrBeforeNumber,
	"sept": abbrBeforeNumber, "oct": abbrBeforeNumber, "nov": abbrBeforeNumber, "dec": abbrBeforeNumber,
	"ene": abbrBeforeNumber, "abr": abbrBeforeNumber, "dic": abbrBeforeNumber,
	// These often end a sentence too.
	"inc": abbrMaybeEnd, "corp": abbrMaybeEnd, "ltd": abbrMaybeEnd, "co": abbrMaybeEnd, "jr": abbrMaybeEnd,
	"sr": abbrMaybeEnd, "bros": abbrMaybeEnd, "etc": abbrMaybeEnd, "llc": abbrMaybeEnd, "plc": abbrMaybeEnd,
	"dept": abbrMaybeEnd, "univ": abbrMaybeEnd, "assn": abbrMaybeEnd, "ave": abbrMaybeEnd, "blvd": abbrMaybeEnd,
	"cía": abbrMaybeEnd, "av": abbrMaybeEnd, "est": abbrMaybeEnd, "dist": abbrMaybeEnd,
}

func isMonthAbbr(w string) bool {
	switch strings.ToLower(w) {
	case "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ene", "abr", "dic":
		return true
	}
	return false
}

// commonStarter holds words that begin sentences far more often than they
// follow an abbreviation inside one: after "Inc." or "U.S." they mark a
// new sentence.
var commonStarter = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the a an he she it they we i you his her its their our my your this that these
		those there here but and so yet or in on at as after before when while if although though however
		meanwhile also some many most one both each every all such then still now what why how who where which
		no not nor for with by from since during until despite under among about later earlier last next
		el la los las un una en pero y lo se su sus es no con por para este esta estos estas ese esa ellos
		le les il elle ils der die das ein eine`) {
		m[w] = true
	}
	return m
}()

// wordBefore returns the token that ends at p[i] (a period), going back to
// the previous space, opening bracket or quote, but not before sent.
func wordBefore(p string, sent, i int) string {
	j := i
	for j > sent {
		r, n := utf8.DecodeLastRuneInString(p[sent:j])
		if unicode.IsSpace(r) || r == '(' || r == '[' || r == '“' || r == '"' || r == '‘' || r == '«' || r == '—' || r == '–' {
			break
		}
		j -= n
	}
	return p[j:i]
}

// nextWord returns the letters that start s.
func nextWord(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) {
			return s[:i]
		}
	}
	return s
}

// startsSentence reports whether s (after a terminator and spaces) looks
// like the start of a sentence: a capital, a digit, an opening quote,
// bracket or dash, or Spanish ¿ ¡.
func startsSentence(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	switch r {
	case '“', '"', '‘', '\'', '«', '(', '[', '¿', '¡', '—', '–', '„':
		// The quote must open something that starts like a sentence.
		r2, _ := utf8.DecodeRuneInString(s[n:])
		return !unicode.IsLower(r2)
	}
	return unicode.IsUpper(r) || unicode.IsDigit(r) || unicode.IsTitle(r) ||
		(unicode.IsLetter(r) && !unicode.IsLower(r)) // scripts without case
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// skipClosers skips closing quotes and brackets after a terminator.
func skipClosers(p string, t int) int {
	for t < len(p) {
		r, n := utf8.DecodeRuneInString(p[t:])
		switch r {
		case '”', '"', '’', '\'', ')', ']', '»', '}':
			t += n
			continue
		}
		return t
	}
	return t
}

func isSpaceAt(p string, i int) bool {
	c := p[i]
	if c < utf8.RuneSelf {
		return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
	}
	r, _ := utf8.DecodeRuneInString(p[i:])
	return unicode.IsSpace(r)
}

// skipSpace returns the index of the first non-space at or after i.
func skipSpace(p string, i int) int {
	for i < len(p) && isSpaceAt(p, i) {
		if p[i] < utf8.RuneSelf {
			i++
		} else {
			_, n := utf8.DecodeRuneInString(p[i:])
			i += n
		}
	}
	return i
}

// trimSpaceEnd returns end moved back over trailing spaces.
func trimSpaceEnd(p string, end int) int {
	for end > 0 {
		r, n := utf8.DecodeLastRuneInString(p[:end])
		if !unicode.IsSpace(r) {
			return end
		}
		end -= n
	}
	return end
}

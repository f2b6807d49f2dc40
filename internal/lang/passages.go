package lang

import (
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/copydesk/copydesk/internal/article"
)

// Candidate kinds, from the strongest hint of a foreign insertion to the
// weakest.
const (
	candBracket   = iota // [a Corea del Norte]: an editor's insertion
	candDelimited        // (…), “…”, "…", «…»
	candSentence         // a whole sentence or clause
)

// maxDelimited bounds the length of a bracketed or quoted candidate.
const maxDelimited = 400

// Passages returns the stretches of text written in another language than
// docLang, as byte offsets, in order and without overlap. It considers
// bracketed, parenthesised and quoted spans (the span is the words inside
// the marks) and whole sentences, and judges them by function words, which
// stay reliable on a few words where trigram models do not. Proper names
// ("Rodong Sinmun", "Banco de la República") are not passages. It returns
// none (an empty, non-nil slice) when docLang is not one of the languages
// it knows function words for.
func Passages(text, docLang string) []article.Passage {
	out := []article.Passage{}
	doc := bitOf(docLang)
	if doc == 0 || text == "" {
		return out
	}
	// The words of the text, read once: clauses and delimited spans never
	// cut a word, so the words of a span are those of the text inside it.
	wp := wordsPool.Get().(*[]wordInfo)
	defer func() {
		if cap(*wp) <= maxPooledWords {
			*wp = (*wp)[:0]
			wordsPool.Put(wp)
		}
	}()
	ws := collectWords((*wp)[:0], text)
	*wp = ws
	// Sentences first: a foreign sentence swallows the quotes inside it.
	forEachClause(text, func(start, end int) {
		if l := judgeWords(wordsIn(ws, start, end), doc, candSentence); l != 0 {
			out = append(out, article.Passage{Language: codes[bits.TrailingZeros8(l)], Start: start, End: end})
		}
	})
	covered := func(start, end int) bool {
		for _, p := range out {
			if p.Start <= start && end <= p.End {
				return true
			}
		}
		return false
	}
	n := len(out)
	forEachDelimited(text, func(start, end, kind int) {
		if covered(start, end) {
			return
		}
		if l := judgeWords(wordsIn(ws, start, end), doc, kind); l != 0 {
			out = append(out, article.Passage{Language: codes[bits.TrailingZeros8(l)], Start: start, End: end})
		}
	})
	if len(out) > n && n > 0 {
		slices.SortFunc(out, func(a, b article.Passage) int { return a.Start - b.Start })
	}
	// Delimited spans may nest ("(… “…” …)"): keep the outer one.
	kept := out[:0]
	for _, p := range out {
		if len(kept) > 0 && p.Start < kept[len(kept)-1].End {
			continue
		}
		kept = append(kept, p)
	}
	return kept
}

// wordInfo is a word of the text: its span, its stopword languages
// (stopTable's value for its lower case) and whether it starts with a
// capital.
type wordInfo struct {
	start, end int32
	m          uint8
	capital    bool
}

// wordsPool holds word slices between calls; they hold no references.
var wordsPool = sync.Pool{New: func() any { return new([]wordInfo) }}

// maxPooledWords bounds the word slices kept in the pool.
const maxPooledWords = 1 << 16

// collectWords appends the words of text, as wordIter reads them, to ws.
func collectWords(ws []wordInfo, text string) []wordInfo {
	it := wordIter{s: text}
	for {
		start, end, lower, capital, ok := it.next()
		if !ok {
			return ws
		}
		ws = append(ws, wordInfo{start: int32(start), end: int32(end), m: stopTable.getPacked(it.key, lower), capital: capital})
	}
}

// wordsIn returns the words of ws that start in [start, end).
func wordsIn(ws []wordInfo, start, end int) []wordInfo {
	i, _ := slices.BinarySearchFunc(ws, start, func(w wordInfo, t int) int { return int(w.start) - t })
	j := i
	for j < len(ws) && int(ws[j].start) < end {
		j++
	}
	return ws[i:j]
}

// judgeWords returns the bit of the language the span whose words are ws
// is written in, if that is not doc and the evidence is strong enough for a
// candidate of this kind, else 0.
func judgeWords(ws []wordInfo, doc uint8, kind int) uint8 {
	var hits, excl [numLangs]int
	words, docOnly, caps, stops := 0, 0, 0, 0
	firstLowerStop := false
	for _, w := range ws {
		capital := w.capital
		words++
		m := w.m
		if m == 0 {
			if capital {
				caps++
			}
			continue
		}
		stops++
		if words == 1 && !capital {
			firstLowerStop = true
		}
		if m&doc != 0 {
			if m&^doc == 0 {
				docOnly++
			}
		}
		for b := m; b != 0; b &= b - 1 {
			i := bits.TrailingZeros8(b)
			hits[i]++
			if m&doc == 0 {
				excl[i]++
			}
		}
	}
	if words < 2 || stops == 0 {
		return 0
	}
	// A proper name: every content word capitalised ("Luis de la Fuente").
	if caps == words-stops && !firstLowerStop {
		return 0
	}
	best := -1
	for i := range numLangs {
		if 1<<uint(i) == doc || excl[i] == 0 {
			continue
		}
		if best < 0 || excl[i] > excl[best] || excl[i] == excl[best] && hits[i] > hits[best] {
			best = i
		}
	}
	if best < 0 {
		return 0
	}
	e, h := excl[best], hits[best]
	ok := false
	switch kind {
	case candBracket:
		ok = docOnly == 0 && (e >= 2 || e >= 1 && 2*h >= words)
	case candDelimited:
		ok = docOnly == 0 && (e >= 2 || e >= 1 && words >= 3 && 5*h >= 2*words)
	case candSentence:
		ok = words >= 4 && e >= 3 && 10*h >= 3*words && 8*docOnly <= e
	}
	if !ok {
		return 0
	}
	return 1 << uint(best)
}

// forEachClause calls fn with the trimmed span of every sentence-like
// stretch of text: text between sentence punctuation followed by a space,
// and paragraph breaks.
func forEachClause(text string, fn func(start, end int)) {
	start := 0
	emit := func(end int) {
		s, e := trimSpan(text, start, end)
		if e > s {
			fn(s, e)
		}
	}
	for i := 0; i < len(text); i++ {
		if !clauseMark[text[i]] {
			continue
		}
		switch text[i] {
		case '.', '!', '?', ';':
			if i+1 < len(text) && (text[i+1] == ' ' || text[i+1] == '\n') {
				emit(i + 1)
				start = i + 1
			}
		case '\n':
			emit(i)
			start = i + 1
		}
	}
	emit(len(text))
}

// clauseMark marks the bytes forEachClause looks at: sentence punctuation
// and newlines.
var clauseMark = [256]bool{'.': true, '!': true, '?': true, ';': true, '\n': true}

// forEachDelimited calls fn with the inner span of every bracketed,
// parenthesised or quoted stretch of text that stays within a paragraph.
func forEachDelimited(text string, fn func(start, end, kind int)) {
	// next[k] is where openers[k] next occurs at or after the last
	// position looked from, or len(text) when it does not; the nearest
	// is the next opening mark.
	var next [len(openers)]int
	for k, o := range openers {
		next[k] = indexFrom(text, 0, o.open)
	}
	for i := 0; ; {
		m := 0
		for k := range next {
			if next[k] < i {
				next[k] = indexFrom(text, i, openers[k].open)
			}
			if next[k] < next[m] {
				m = k
			}
		}
		i = next[m]
		if i == len(text) {
			return
		}
		o := openers[m]
		inner := i + len(o.open)
		limit := min(len(text), inner+maxDelimited)
		j := strings.Index(text[inner:limit], o.close)
		if j < 0 {
			i = inner
			continue
		}
		j += inner
		if strings.Contains(text[inner:j], "\n\n") {
			i = inner
			continue
		}
		if s, e := trimSpan(text, inner, j); e > s {
			fn(s, e, o.kind)
		}
		if o.open == `"` {
			i = j + 1 // a straight quote closes; do not reopen on it
		} else {
			i = inner
		}
	}
}

// openers are the opening marks forEachDelimited looks for, with their
// closing marks and candidate kinds.
var openers = [...]struct {
	open, close string
	kind        int
}{
	{"[", "]", candBracket},
	{"(", ")", candDelimited},
	{"“", "”", candDelimited},
	{`"`, `"`, candDelimited},
	{"«", "»", candDelimited},
}

// indexFrom returns the index of the first sep in text[i:], counted from
// the start of text, or len(text) when there is none.
func indexFrom(text string, i int, sep string) int {
	if j := strings.Index(text[i:], sep); j >= 0 {
		return i + j
	}
	return len(text)
}

// trimSpan trims spaces and newlines from both ends of text[start:end].
func trimSpan(text string, start, end int) (int, int) {
	for start < end && (text[start] == ' ' || text[start] == '\n' || text[start] == '\t') {
		start++
	}
	for end > start && (text[end-1] == ' ' || text[end-1] == '\n' || text[end-1] == '\t') {
		end--
	}
	return start, end
}

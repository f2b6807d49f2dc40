package keywords

import (
	"bytes"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"

	"github.com/copydesk/copydesk/internal/runeclass"
)

// Phrase length limits, in words.
const (
	maxPhrase     = 3 // a phrase with lower-case words
	maxNamePhrase = 6 // a run of capitalised words
)

// word is one token of the text.
type word struct {
	start, end int32
	stem       string
	sh         uint64 // stemHash(stem)
	idf        float64
	capital    bool // starts with a capital letter
	initial    bool // first word of its sentence
	stop       bool
	breakAfter bool // a possessive ends the phrase: "Putin’s visit"
	verbish    bool // lower case, ends in "-ing" or "-ed"
	past       bool // lower case, ends in "-ed"
	adverb     bool // lower case, longer than four letters, ends in "-ly"
	title      bool // a role before a name: "Minister", "President"
}

// phrase aggregates the occurrences of one candidate, keyed by its stems.
type phrase struct {
	// key is the stems joined by spaces. While Extract collects phrases,
	// the key of a phrase of several words lives in scratch.arena at
	// [koff, kend) and key is set only once collection is done.
	key        string
	koff, kend int32
	words      int
	count      float64 // occurrences; those inside a longer phrase count half
	first      int
	idf        float64
	surface0   surface   // the first surface form
	surfaces   []surface // further surface forms, rare
	score      float64
}

type surface struct {
	text  string
	count float64
}

// scratch holds one call's working memory; calls reuse it through a pool.
type scratch struct {
	lower   []byte
	words   []word
	phrases []phrase
	slots   []slot // phrases by the hash of their stems, open addressing
	cands   []*phrase
	arena   []byte // the keys of the phrases of several words
}

// slot is an entry of scratch.slots: a phrase's key hash and its index in
// phrases plus one; 0 marks an empty slot.
type slot struct {
	h   uint64
	idx int32
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{slots: make([]slot, 1024), phrases: make([]phrase, 0, 256), words: make([]word, 0, 64)}
}}

// find returns the index of the phrase whose stems are those of ws, whose
// key hash is h, or the slot where it belongs and -1.
func (sc *scratch) find(h uint64, ws []word) (idx int32, at int) {
	mask := len(sc.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := sc.slots[i]
		if s.idx == 0 {
			return -1, i
		}
		if s.h == h && sc.matches(&sc.phrases[s.idx-1], ws) {
			return s.idx - 1, i
		}
	}
}

// insert adds phrase i, whose key hash is h, at slot at, growing the table
// when it gets half full.
func (sc *scratch) insert(h uint64, i int32, at int) {
	sc.slots[at] = slot{h: h, idx: i + 1}
	if 2*(int(i)+1) < len(sc.slots) {
		return
	}
	old := sc.slots
	sc.slots = make([]slot, 2*len(old))
	mask := len(sc.slots) - 1
	for _, s := range old {
		if s.idx == 0 {
			continue
		}
		j := int(s.h) & mask
		for sc.slots[j].idx != 0 {
			j = (j + 1) & mask
		}
		sc.slots[j] = s
	}
}

// matches reports whether p's key is the stems of ws joined by spaces.
func (sc *scratch) matches(p *phrase, ws []word) bool {
	if p.words == 1 {
		return keyMatches(p.key, ws)
	}
	return keyMatches(sc.arena[p.koff:p.kend], ws)
}

// keyMatches reports whether key is the stems of ws joined by spaces.
func keyMatches[T string | []byte](key T, ws []word) bool {
	pos := 0
	for j := range ws {
		if j > 0 {
			if pos >= len(key) || key[pos] != ' ' {
				return false
			}
			pos++
		}
		st := ws[j].stem
		if len(key)-pos < len(st) || string(key[pos:pos+len(st)]) != st {
			return false
		}
		pos += len(st)
	}
	return pos == len(key)
}

// phraseHash combines the stem hashes of ws.
func phraseHash(ws []word) uint64 {
	h := uint64(len(ws))
	for _, w := range ws {
		h = (bits.RotateLeft64(h, 23) ^ w.sh) * 0x9E3779B97F4A7C15
	}
	return h ^ h>>29
}

// release clears the references to the caller's text and returns sc to
// the pool.
func (sc *scratch) release() {
	clear(sc.phrases)
	clear(sc.cands)
	clear(sc.words)
	clear(sc.slots)
	sc.phrases, sc.cands, sc.words, sc.arena = sc.phrases[:0], sc.cands[:0], sc.words[:0], sc.arena[:0]
	scratchPool.Put(sc)
}

// Extract returns the n best key phrases of text, best first. sents are the
// sentence spans of text (phrases never cross them); nil treats the whole
// text as one sentence. Scores are relative: the best phrase scores 1.
// English and Spanish function words never start or end a phrase.
func Extract(text string, sents []article.Span, n int) []article.Keyword {
	return ExtractIn(text, sents, n, "")
}

// ExtractIn is Extract for text in the language with ISO 639-1 code
// language: the function words of Portuguese, French, Italian, German and
// Dutch text ("il", "di", "der") are stopwords too. Other codes, and "",
// are Extract.
func ExtractIn(text string, sents []article.Span, n int, language string) []article.Keyword {
	if n <= 0 || text == "" {
		return []article.Keyword{}
	}
	if len(sents) == 0 {
		sents = []article.Span{{Start: 0, End: len(text)}}
	}
	m := background()
	extra, short := extraStopwords(language), unlisted(language)
	sc := scratchPool.Get().(*scratch)
	defer sc.release()

	emit := func(ws []word, weight float64) {
		if len(ws) == 0 {
			return
		}
		caps := true
		for _, w := range ws {
			caps = caps && w.capital
		}
		if len(ws) > maxNamePhrase || !caps && len(ws) > maxPhrase {
			return
		}
		h := phraseHash(ws)
		i, at := sc.find(h, ws)
		surf := text[ws[0].start:ws[len(ws)-1].end]
		if i >= 0 {
			p := &sc.phrases[i]
			p.count += weight
			if p.surface0.text == surf {
				p.surface0.count += weight
				return
			}
			for j := range p.surfaces {
				if p.surfaces[j].text == surf {
					p.surfaces[j].count += weight
					return
				}
			}
			p.surfaces = append(p.surfaces, surface{text: surf, count: weight})
			return
		}
		k, koff := "", int32(len(sc.arena))
		if len(ws) == 1 {
			k = ws[0].stem
		} else {
			for j, w := range ws {
				if j > 0 {
					sc.arena = append(sc.arena, ' ')
				}
				sc.arena = append(sc.arena, w.stem...)
			}
		}
		idf := 0.0
		for _, w := range ws {
			idf += w.idf
		}
		sc.insert(h, int32(len(sc.phrases)), at)
		sc.phrases = append(sc.phrases, phrase{key: k, koff: koff, kend: int32(len(sc.arena)), words: len(ws),
			first: int(ws[0].start), idf: idf, count: weight, surface0: surface{text: surf, count: weight}})
	}

	for _, sp := range sents {
		if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
			continue
		}
		sc.words, sc.lower = tokenize(sc.words[:0], sc.lower, m, extra, short, text, sp.Start, sp.End)
		forEachCandidate(sc.words, emit)
	}

	// The keys of the phrases of several words, in one string.
	keys := string(sc.arena)
	for i := range sc.phrases {
		if p := &sc.phrases[i]; p.words > 1 {
			p.key = keys[p.koff:p.kend]
		}
	}

	// Score. A single lower-case word must recur to count.
	cands := sc.cands[:0]
	for i := range sc.phrases {
		p := &sc.phrases[i]
		if p.words == 1 && p.count <= 1 && !p.surfacesCapitalised() {
			continue
		}
		// TF-IDF with the mean IDF of the phrase's words and a mild bonus
		// for length: a recurring word beats a one-off long phrase.
		p.score = (1 + math.Log(max(p.count, 1))) * p.idf / float64(p.words) * (1 + 0.25*float64(p.words-1))
		if p.first < len(text)/10 {
			p.score *= 1.1 // the lead names the story
		}
		cands = append(cands, p)
	}
	sc.cands = cands
	slices.SortFunc(cands, func(a, b *phrase) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		case a.first != b.first:
			return a.first - b.first
		}
		return strings.Compare(a.key, b.key)
	})

	// Drop phrases that are part of a better phrase. A phrase that contains
	// a better one replaces it when it carries most of its occurrences
	// ("harbour bridge" for "bridge"), and is dropped otherwise.
	// A phrase containing several picks ("oe visit" with "oe" and "visit")
	// replaces them all only if it carries most occurrences of each.
	var picked []*phrase
	for _, p := range cands {
		if len(picked) == n {
			break
		}
		inside, covers, carries := false, []int(nil), true
		for i, q := range picked {
			if containsWords(q.key, p.key) {
				inside = true
				break
			}
			if containsWords(p.key, q.key) {
				covers = append(covers, i)
				carries = carries && 2*p.count >= q.count
			}
		}
		switch {
		case inside:
		case len(covers) == 0:
			picked = append(picked, p)
		case carries:
			picked[covers[0]] = p
			for k := len(covers) - 1; k > 0; k-- {
				picked = slices.Delete(picked, covers[k], covers[k]+1)
			}
		}
	}
	if len(picked) > 0 {
		slices.SortStableFunc(picked, func(a, b *phrase) int {
			switch {
			case a.score > b.score:
				return -1
			case a.score < b.score:
				return 1
			}
			return 0
		})
	}
	out := make([]article.Keyword, len(picked))
	for i, p := range picked {
		score := 0.0
		if picked[0].score > 0 {
			score = math.Round(p.score/picked[0].score*1e4) / 1e4
		}
		out[i] = article.Keyword{Text: p.surface(), Score: score}
	}
	return out
}

// surface returns the most frequent surface form, the earliest on ties;
// a form in capitals ("DUBAI" of a dateline) gives way to any other.
func (p *phrase) surface() string {
	best := p.surface0
	for _, s := range p.surfaces {
		if s.count > best.count || shouted(best.text) && !shouted(s.text) {
			best = s
		}
	}
	return best.text
}

// shouted reports whether s is a word of five letters or more in capitals
// ("DUBAI", not "NASA").
func shouted(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 5
}

func (p *phrase) surfacesCapitalised() bool {
	r, _ := utf8.DecodeRuneInString(p.surface0.text)
	return unicode.IsUpper(r)
}

// containsWords reports whether the words of small appear contiguously in
// big (both space-separated stem keys).
func containsWords(big, small string) bool {
	if len(small) > len(big) {
		return false
	}
	for i := 0; ; {
		j := strings.Index(big[i:], small)
		if j < 0 {
			return false
		}
		j += i
		if (j == 0 || big[j-1] == ' ') && (j+len(small) == len(big) || big[j+len(small)] == ' ') {
			return true
		}
		i = j + 1
	}
}

// forEachCandidate splits a sentence's words into candidate phrases: runs
// of content words, split where case changes (lower → Capital always;
// Capital run of two or more → lower), at adverbs and possessives, and
// trimmed of verb-like words at their edges.
func forEachCandidate(ws []word, emit func([]word, float64)) {
	start := 0
	flush := func(end int) {
		if end > start {
			trimEmit(ws[start:end], emit)
		}
		start = end
	}
	for i := range ws {
		w := ws[i]
		if w.stop || w.adverb {
			flush(i)
			start = i + 1
			continue
		}
		if i > start {
			prev := ws[i-1]
			switch {
			case w.capital && !prev.capital:
				flush(i)
			case !w.capital && prev.capital && i-start >= 2 && ws[i-2].capital:
				flush(i)
			case w.capital && prev.title && !w.title:
				if allTitles(ws[start:i]) {
					start = i // "Analyst" | "Priya Raman": a bare role is no key phrase
				} else {
					flush(i) // "Foreign Minister" | "Dmytro Kuleba"
				}
			}
		}
		if w.breakAfter {
			flush(i + 1)
		}
	}
	flush(len(ws))
}

func allTitles(ws []word) bool {
	for _, w := range ws {
		if !w.title {
			return false
		}
	}
	return true
}

// trimEmit drops verb-like words from the edges of a candidate: a leading
// "-ing" or "-ed" word ("boosting defense ties") and a trailing "-ed"
// word ("Putin congratulated").
//
// The lower-case nouns of a longer phrase are candidates on their own too,
// so that "coral" counts in "rare coral species" and "young corals".
func trimEmit(ws []word, emit func([]word, float64)) {
	for len(ws) > 0 && ws[0].verbish {
		ws = ws[1:]
	}
	for len(ws) > 0 && ws[len(ws)-1].past {
		ws = ws[:len(ws)-1]
	}
	if len(ws) == 0 {
		return
	}
	emit(ws, 1)
	if len(ws) == 1 {
		return
	}
	for i := range ws {
		if w := ws[i]; !w.capital && !w.verbish {
			emit(ws[i:i+1], 0.5)
		}
	}
}

// tokenize appends the words of text[start:end] to ws. Punctuation other
// than in-word hyphens and apostrophes ends the current phrase, which is
// marked as a stop word so that phrases never span it. lower is scratch
// space for a word's lower case (see appendLowerSameLength); tokenize
// returns it for reuse.
func tokenize(ws []word, lower []byte, m *model, extra map[string]bool, short bool, text string, start, end int) ([]word, []byte) {
	first := true
	for i := start; i < end; {
		c := text[i]
		var r rune
		var n int
		if c < utf8.RuneSelf {
			cls := asciiClass[c]
			if cls&clsAlnum == 0 {
				if cls&clsSpace == 0 && len(ws) > 0 && !ws[len(ws)-1].stop {
					// Punctuation: a phrase boundary.
					ws = append(ws, word{start: int32(i), end: int32(i), stop: true})
				}
				i++
				continue
			}
			if (c == 'h' || c == 'w') && webAddress(text[i:end]) {
				// "https://t.co/x", "www.onmeth.com": a web address is no
				// key phrase; skip to its end, a phrase boundary
				for i < end && text[i] != ' ' && text[i] != '\n' {
					i++
				}
				if len(ws) > 0 && !ws[len(ws)-1].stop {
					ws = append(ws, word{start: int32(i), end: int32(i), stop: true})
				}
				continue
			}
			r, n = rune(c), 1
		} else {
			r, n = utf8.DecodeRuneInString(text[i:end])
			if !isAlnum(r) {
				if !isSpace(r) && len(ws) > 0 && !ws[len(ws)-1].stop {
					ws = append(ws, word{start: int32(i), end: int32(i), stop: true})
				}
				i += n
				continue
			}
		}
		// apostrophe: the word keeps an in-word apostrophe, without which
		// it is no contraction.
		letters, apostrophe := false, false
		// the ASCII letters that open the word, at once
		j := i
		for sent := text[:end]; j < len(sent) && asciiLetter[sent[j]]; {
			j++
		}
		letters = j > i
		for j < end {
			if b := text[j]; b < utf8.RuneSelf {
				cls := asciiClass[b]
				if cls&clsLetter != 0 {
					letters = true
					j++
					continue
				}
				if cls&clsDigit != 0 {
					j++
					continue
				}
				// Keep in-word hyphens and apostrophes: "nuclear-armed".
				if (b == '-' || b == '\'') && j+1 < end && letterAt(text, j+1, end) {
					apostrophe = apostrophe || b == '\''
					j++
					continue
				}
				// and decimal points: "2.0-liter", not "0-liter"
				if (b == '.' || b == ',') && j > i && j+1 < end && isASCIIDigit(text[j-1]) && isASCIIDigit(text[j+1]) {
					j++
					continue
				}
				break
			}
			r2, n2 := utf8.DecodeRuneInString(text[j:end])
			if isLetter(r2) {
				letters = true
			} else if !isDigit(r2) && (runeclass.GeneralPunct(r2) || !unicode.In(r2, unicode.Mn, unicode.Mc)) { // marks stay in the word: Arabic vowels, Devanagari signs
				if r2 == '’' && j+n2 < end && letterAt(text, j+n2, end) {
					apostrophe = true
					j += n2
					continue
				}
				break
			}
			j += n2
		}
		w := word{start: int32(i), end: int32(j), capital: isUpper(r), initial: first}
		first = false
		we := j
		// Possessive: "Putin’s" is "Putin", and ends the phrase.
		if k := possessive(text[i:j]); k > 0 {
			we = i + k
			w.end = int32(we)
			w.breakAfter = true
		}
		lower = appendLowerSameLength(lower[:0], text[i:we])
		lw := lower
		switch {
		case !letters || len(lw) < 2 || len(lw) == 2 && lw[0] >= utf8.RuneSelf || apostrophe && contraction(lw):
			w.stop = true // "they’re", "couldn’t": function words
		default:
			e := m.lookupBytes(lw)
			w.stem, w.sh, w.idf = e.stem, e.sh, e.idf
			w.stop = isStop(w.capital, w.initial, int(w.start), int(w.end), e.stop, text, j, end) || extra != nil && extra[string(lw)] ||
				short && shortWord(text[i:we])
			if w.capital {
				w.title = e.title
			} else {
				w.past = bytes.HasSuffix(lw, []byte("ed"))
				w.verbish = w.past || bytes.HasSuffix(lw, []byte("ing"))
				w.adverb = len(lw) > 4 && bytes.HasSuffix(lw, []byte("ly"))
			}
		}
		ws = append(ws, w)
		i = j
	}
	return ws, lower
}

// ASCII character classes for tokenize.
const (
	clsLetter = 1 << iota
	clsDigit
	clsSpace
	clsAlnum = clsLetter | clsDigit
)

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			t[c] = clsLetter
		case '0' <= c && c <= '9':
			t[c] = clsDigit
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			t[c] = clsSpace
		}
	}
	return t
}()

// asciiLetter marks the bytes of ASCII letters.
var asciiLetter = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = asciiClass[c]&clsLetter != 0
	}
	return t
}()

// letterAt reports whether text[i:end] starts with a letter.
func letterAt(text string, i, end int) bool {
	r, _ := runeAt(text, i, end)
	return isLetter(r)
}

// possessive returns the length of s without a final "’s" or "'s", or 0.
// contraction reports whether the lower-cased word w ends in a
// contracted auxiliary or negation ("they’re", "couldn’t", "you've",
// "there’ll", "i'd", "i’m"), straight or curly apostrophe.
func contraction(w []byte) bool {
	for _, suf := range [...]string{"n't", "'re", "'ve", "'ll", "'d", "'m", "n’t", "’re", "’ve", "’ll", "’d", "’m"} {
		if len(w) > len(suf) && string(w[len(w)-len(suf):]) == suf {
			return true
		}
	}
	return false
}

func possessive(s string) int {
	if len(s) < 3 || s[len(s)-1]|0x20 != 's' {
		return 0
	}
	switch {
	case len(s) > 4 && (strings.HasSuffix(s, "’s") || strings.HasSuffix(s, "’S")):
		return len(s) - len("’s")
	case len(s) > 2 && (strings.HasSuffix(s, "'s") || strings.HasSuffix(s, "'S")):
		return len(s) - 2
	}
	return 0
}

func runeAt(s string, i, end int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:end])
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return !runeclass.GeneralPunct(r) && unicode.IsLetter(r)
}

func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return !runeclass.GeneralPunct(r) && unicode.IsDigit(r)
}

func isAlnum(r rune) bool { return isLetter(r) || isDigit(r) }

func isUpper(r rune) bool {
	if r < utf8.RuneSelf {
		return 'A' <= r && r <= 'Z'
	}
	return !runeclass.GeneralPunct(r) && unicode.IsUpper(r)
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\n' || r == '\t' || r == '\r'
	}
	return unicode.IsSpace(r)
}

// appendLowerSameLength appends s lower-cased to b, keeping every byte
// offset: a character whose lower case is encoded in another number of
// bytes stays as it is.
func appendLowerSameLength(b []byte, s string) []byte {
	// ASCII, by index into room made at once
	n := len(b)
	b = slices.Grow(b, len(s))[:n+len(s)]
	dst := b[n : n+len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return appendLowerRunes(b[:n+i], s[i:])
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst[i] = c
	}
	return b
}

// appendLowerRunes is appendLowerSameLength for any UTF-8.
func appendLowerRunes(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == n {
			b = utf8.AppendRune(b, l)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}

func isASCIIDigit(c byte) bool { return '0' <= c && c <= '9' }

// webAddress reports whether s starts with a web address: "http://",
// "https://" or "www.".
func webAddress(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "www.")
}

// isStop decides whether the word text[start:end] ends phrases. Soft
// stopwords ("new", "great") are content words when capitalised inside a
// sentence ("New York") or at its start before another capitalised word.
func isStop(capital, initial bool, start, end int, kind uint8, text string, next, sentEnd int) bool {
	if kind == notStop {
		return false
	}
	if kind == hardStop {
		return !isAcronym(text[start:end])
	}
	if !capital {
		return true
	}
	if !initial {
		return false
	}
	// Sentence-initial: a name only if the next word is capitalised too.
	for next < sentEnd && text[next] == ' ' {
		next++
	}
	r, _ := utf8.DecodeRuneInString(text[next:sentEnd])
	return !unicode.IsUpper(r)
}

// isAcronym reports all-capital words of two or more letters ("US", "UN"),
// which are never stopwords.
func isAcronym(s string) bool {
	if len(s) < 2 {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

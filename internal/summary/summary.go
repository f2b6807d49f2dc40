package summary

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"

	"github.com/copydesk/copydesk/internal/runeclass"
)

const (
	minWords   = 5    // shorter sentences are never chosen ("The bridge opened on Monday." is chosen)
	damping    = 0.85 // TextRank damping factor
	iterations = 30
	leadWeight = 0.4 // share of the score that comes from position
	// maxCandidates bounds the sentences ranked: the similarity graph
	// takes memory and time in the square of their number (a 1 MiB text
	// of short sentences took 24 GB), and a news article's gist is in
	// its first few hundred sentences.
	maxCandidates = 300
)

// Summarize returns n sentences of text, verbatim and in text order, that
// best summarise it. sents are the sentence spans of text and headings the
// spans of its subheadings. Fewer than n sentences come back when the text
// has fewer eligible ones.
func Summarize(text string, sents []article.Span, headings []article.Span, n int) []string {
	if n <= 0 {
		return []string{}
	}
	sc := scratchPool.Get().(*scratch)
	defer sc.release()
	cands := sc.cands[:0]
	all := sc.all[:0]
	buf := sc.buf[:0]
	for _, s := range sents {
		if len(cands) == maxCandidates {
			break
		}
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End || inHeading(s, headings) {
			continue
		}
		sent := text[s.Start:s.End]
		if isFragment(sent) || repeated(text, cands, sent) {
			continue
		}
		start := len(all)
		count := 0
		for i := 0; i < len(sent); {
			ws, we, h, n, ok := nextWordHash(sent, i)
			if ws < 0 {
				break
			}
			i = we
			count++
			if !ok {
				buf = appendKey(buf[:0], sent[ws:we])
				if len(buf) < 3 {
					continue
				}
				h = hash(buf)
				if isStopword(h, buf) {
					continue
				}
			} else if n < 3 || isStopwordFold(h, sent[ws:ws+n]) {
				continue
			}
			all = append(all, h)
		}
		if count < minWords {
			all = all[:start]
			continue
		}
		// Each word once; their order does not matter.
		ws := sc.unique(all[start:])
		all = all[:start+len(ws)]
		cands = append(cands, cand{span: s, start: start, end: len(all)})
	}
	sc.cands, sc.all, sc.buf = cands, all, buf
	if len(cands) == 0 {
		return []string{}
	}
	words := func(i int) []uint64 { return all[cands[i].start:cands[i].end] }
	logLen := grow(&sc.logLen, len(cands))
	for i := range cands {
		logLen[i] = math.Log(float64(cands[i].end - cands[i].start))
	}

	// TextRank over the similarity graph.
	k := len(cands)
	sim := grow(&sc.sim, k*k)
	out := grow(&sc.out, k) // sum of each node's edge weights
	shared := sharedWords(sc, cands, all)
	for i := range k {
		for j := i + 1; j < k; j++ {
			c := shared[i*k+j]
			if c == 0 || len(words(i)) < 2 || len(words(j)) < 2 {
				continue // similarity 0
			}
			// TextRank's sentence similarity: shared words over the sum
			// of the log lengths.
			s := float64(c) / (logLen[i] + logLen[j])
			sim[i*k+j], sim[j*k+i] = s, s
			out[i] += s
			out[j] += s
		}
	}
	// p[i*k+j] is the share of node j's rank that flows to node i; sim is
	// symmetric, so p is sim with column j divided by out[j], laid out so
	// that the iteration below reads rows.
	// Only the non-zero shares are kept, row by row in column order: a
	// zero term adds nothing to a sum, so the sums below are exactly
	// those over full rows.
	cols, vals, rowEnd := sc.cols[:0], sc.vals[:0], sc.rowEnd[:0]
	for i := range k {
		row := sim[i*k : i*k+k]
		for j, w := range row {
			if w > 0 {
				cols = append(cols, int32(j))
				vals = append(vals, w/out[j])
			}
		}
		rowEnd = append(rowEnd, int32(len(cols)))
	}
	sc.cols, sc.vals, sc.rowEnd = cols, vals, rowEnd
	rank := grow(&sc.rank, k)
	next := grow(&sc.next, k)
	for i := range rank {
		rank[i] = 1
	}
	for range iterations {
		delta := 0.0
		lo := int32(0)
		for i := range k {
			sum := 0.0
			hi := rowEnd[i]
			rc, rv := cols[lo:hi], vals[lo:hi]
			for x, j := range rc {
				sum += rv[x] * rank[j]
			}
			lo = hi
			next[i] = 1 - damping + damping*sum
			delta += math.Abs(next[i] - rank[i])
		}
		rank, next = next, rank
		if delta < 1e-6 {
			break
		}
	}
	maxRank := slices.Max(rank)
	for i := range cands {
		central := 0.0
		if maxRank > 0 {
			central = rank[i] / maxRank
		}
		lead := 1 - float64(i)/float64(k)
		cands[i].score = (1-leadWeight)*central + leadWeight*lead
	}

	// The lede, then the best of the rest.
	order := sc.order[:0]
	for i := 1; i < k; i++ {
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case cands[a].score > cands[b].score:
			return -1
		case cands[a].score < cands[b].score:
			return 1
		}
		return a - b
	})
	sc.order = order
	chosen := append([]int{0}, order[:min(n-1, len(order))]...)
	slices.Sort(chosen)
	res := make([]string, len(chosen))
	for i, c := range chosen {
		sp := cands[c].span
		res[i] = text[sp.Start+datelineLen(text, sp.Start, sp.End) : sp.End]
	}
	return res
}

// repeated reports whether sent is the text of an earlier candidate: a
// question an interview puts to each guest, a caption used twice. The
// summary holds it once.
func repeated(text string, cands []cand, sent string) bool {
	for _, c := range cands {
		if c.span.End-c.span.Start == len(sent) && text[c.span.Start:c.span.End] == sent {
			return true
		}
	}
	return false
}

// maxDateline bounds, in bytes, the place and credit of a dateline.
const maxDateline = 60

// datelineLen returns the length of the dateline that opens the sentence
// text[start:end] at a paragraph's start ("WASHINGTON (Reuters) - ",
// "Dekalb, Ill. — ", "(Reuters) — ", "NEW DELHI: "), or 0. A dateline is
// capitalised words, commas and abbreviation periods, an agency's credit
// in brackets, or both, before a spaced dash; or a place in capitals
// before a colon. The summary's sentence starts after it.
func datelineLen(text string, start, end int) int {
	if start > 0 && text[start-1] != '\n' {
		return 0
	}
	s := text[start:min(end, start+maxDateline+4)]
	if k := strings.IndexByte(s, ')'); len(s) > 3 && s[0] == '(' && k > 1 && k <= 24 && k+2 < len(s) && s[k+1] == ' ' &&
		unicode.IsUpper(rune(s[1])) && !strings.ContainsAny(s[1:k], "( ") {
		// "(CNN) President Donald Trump …": an agency's credit alone
		if r, _ := utf8.DecodeRuneInString(s[k+2:]); unicode.IsUpper(r) {
			return k + 2
		}
	}
	i, words, caps := 0, 0, true
scan:
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == ',' || c == '.':
			i++
			continue
		case c == '(':
			k := strings.IndexByte(s[i:], ')')
			if k < 2 {
				return 0
			}
			i += k + 1
			words++
			continue
		case c >= utf8.RuneSelf && (strings.HasPrefix(s[i:], "—") || strings.HasPrefix(s[i:], "–")):
			break scan
		case c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf:
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != ',' && s[j] != ':' {
				j++
			}
			w := strings.TrimRight(s[i:j], ".")
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) {
				return 0
			}
			caps = caps && strings.ToUpper(w) == w
			words++
			i = j
			continue
		}
		break scan
	}
	if words == 0 || i > maxDateline || i == len(s) {
		return 0
	}
	rest := s[i:]
	n := 0
	for _, dash := range []string{"— ", "– ", "- ", "-- "} {
		if strings.HasPrefix(rest, dash) && i > 0 && s[i-1] == ' ' {
			n = i + len(dash)
		}
	}
	if n == 0 && caps && i >= 3 && strings.HasPrefix(rest, ": ") {
		n = i + 2 // "NEW DELHI: "
	}
	// the sentence goes on capitalised: "Apple Inc - the company" is no dateline
	if r, _ := utf8.DecodeRuneInString(text[start+n : end]); n == 0 || !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '"' && r != '“' {
		return 0
	}
	return n
}

// cand is a sentence that may be chosen.
type cand struct {
	span       article.Span
	start, end int // its content-word hashes in all
	score      float64
}

// scratch holds one call's working memory; calls reuse it through a pool.
type scratch struct {
	cands                        []cand
	all                          []uint64
	buf                          []byte
	logLen, sim, out, rank, next []float64
	order                        []int
	// The transition matrix in compressed rows: row i holds the columns
	// cols[rowEnd[i-1]:rowEnd[i]] and their shares vals[…].
	cols, rowEnd []int32
	vals         []float64
	// sharedWords' working memory.
	shared, occ, chain []int32
	slots              []wordSlot
	// unique's set: a slot holds a word hash if its stamp is the current
	// one.
	set   [uniqueSlots]uniqueSlot
	stamp uint32
}

// uniqueSlots is the size of unique's set; longer sentences are sorted.
const uniqueSlots = 256

type uniqueSlot struct {
	h     uint64
	stamp uint32
}

// unique removes repeated hashes from ws in place and returns the rest.
func (sc *scratch) unique(ws []uint64) []uint64 {
	if len(ws) > uniqueSlots/2 {
		slices.Sort(ws)
		return slices.Compact(ws)
	}
	sc.stamp++
	if sc.stamp == 0 {
		// The stamps wrapped around: forget them all.
		sc.set = [uniqueSlots]uniqueSlot{}
		sc.stamp = 1
	}
	out := ws[:0]
	for _, h := range ws {
		x := h % uniqueSlots
		for {
			sl := &sc.set[x]
			if sl.stamp != sc.stamp {
				sl.h, sl.stamp = h, sc.stamp
				out = append(out, h)
				break
			}
			if sl.h == h {
				break
			}
			x = (x + 1) % uniqueSlots
		}
	}
	return out
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxPooledSim bounds the similarity matrix kept in the pool.
const maxPooledSim = 1 << 16

// release returns sc to the pool, unless it grew too large.
func (sc *scratch) release() {
	if cap(sc.sim) > maxPooledSim || cap(sc.shared) > maxPooledSim {
		return
	}
	scratchPool.Put(sc)
}

// grow returns (*s)[:n], zeroed, reallocating when needed.
func grow(s *[]float64, n int) []float64 {
	if cap(*s) < n {
		*s = make([]float64, n)
	}
	*s = (*s)[:n]
	clear(*s)
	return *s
}

// sharedWords returns, for i < j, the number of words candidates i and j
// have in common at [i*k+j]. It indexes the words (each candidate's are
// unique) in a hash table whose slots chain the candidates holding the
// word, so the work is the number of pairs that do share a word.
func sharedWords(sc *scratch, cands []cand, all []uint64) []int32 {
	k := len(cands)
	if cap(sc.shared) < k*k {
		sc.shared = make([]int32, k*k)
	}
	shared := sc.shared[:k*k]
	clear(shared)
	size := 64
	for size < 2*len(all) {
		size <<= 1
	}
	if cap(sc.slots) < size {
		sc.slots = make([]wordSlot, size)
	}
	slots := sc.slots[:size]
	clear(slots)
	mask := uint64(size - 1)
	occ, chain := sc.occ[:0], sc.chain[:0]
	for i := range cands {
		for _, h := range all[cands[i].start:cands[i].end] {
			x := h & mask
			for slots[x].head != 0 && slots[x].h != h {
				x = (x + 1) & mask
			}
			sl := &slots[x]
			sl.h = h
			for o := sl.head; o != 0; o = chain[o-1] {
				shared[int(occ[o-1])*k+i]++
			}
			occ = append(occ, int32(i))
			chain = append(chain, sl.head)
			sl.head = int32(len(occ))
		}
	}
	sc.occ, sc.chain = occ, chain
	return shared
}

// wordSlot is a slot of sharedWords' table: a word hash and the last of
// its occurrences plus one (0: empty).
type wordSlot struct {
	h    uint64
	head int32
}

func inHeading(s article.Span, headings []article.Span) bool {
	for _, h := range headings {
		if s.Start < h.End && h.Start < s.End {
			return true
		}
	}
	return false
}

// isFragment reports sentences that make no sense alone: one that starts
// in lower case (the tail of a broken sentence), one that is nothing but a
// quotation, and one whose quotation marks do not balance (a piece of a
// quotation running over several sentences).
func isFragment(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if unicode.IsLower(r) {
		return true
	}
	opens, closes := strings.Count(s, "“"), strings.Count(s, "”")
	straight := strings.Count(s, `"`)
	if opens != closes || straight%2 != 0 {
		return true
	}
	// Only a quotation: “…” or "…", maybe with final punctuation after it.
	t := strings.TrimRight(s, ".!?… ")
	if (strings.HasPrefix(t, "“") && strings.HasSuffix(t, "”") && opens == 1) ||
		(strings.HasPrefix(t, `"`) && strings.HasSuffix(t, `"`) && straight == 2) {
		return true
	}
	return false
}

// hash is 64-bit FNV-1a: words are compared by hash, which spares a
// dictionary; a collision merely merges two words.
func hash(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// nextWordHash returns the span of the first run of letters and digits in
// s[i:], or -1, -1 when there is none. For a word of ASCII letters and
// digits it also returns, computed in the same pass, hash(appendKey(nil,
// word)) and the key's length, with ok true; ok is false for other words.
func nextWordHash(s string, i int) (start, end int, h uint64, n int, ok bool) {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if isASCIIAlnum[c] {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !runeclass.GeneralPunct(r) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			break
		}
		i += n
	}
	if i >= len(s) {
		return -1, -1, 0, 0, false
	}
	start = i
	h = 14695981039346656037
	var prev uint64
	ok = true
	for i < len(s) {
		c := s[i]
		if l := lowerAlnum[c]; l != 0 {
			prev = h
			h ^= uint64(l)
			h *= 1099511628211
			i++
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if runeclass.GeneralPunct(r) || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break
		}
		ok = false
		i += size
	}
	end = i
	if !ok {
		return start, end, 0, 0, false
	}
	w := s[start:end]
	n = len(w)
	if n > 3 && w[n-1]|0x20 == 's' && w[n-2]|0x20 != 's' {
		h, n = prev, n-1
	}
	return start, end, h, n, true
}

var isASCIIAlnum = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// lowerAlnum maps the bytes of ASCII letters and digits to their lower
// case and every other byte to 0.
var lowerAlnum = func() (t [256]byte) {
	for c := range utf8.RuneSelf {
		switch {
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		case isASCIIAlnum[c]:
			t[c] = byte(c)
		}
	}
	return t
}()

// isStopwordFold reports whether the lower case of the ASCII key w, whose
// hash is h, is a stopword. The stopwords are lower case and hold no
// character that folds to ASCII, so EqualFold compares exactly.
func isStopwordFold(h uint64, w string) bool {
	for i := h % stopTableSize; stopTable[i].w != ""; i = (i + 1) % stopTableSize {
		if stopTable[i].h == h && strings.EqualFold(stopTable[i].w, w) {
			return true
		}
	}
	return false
}

// appendKey appends the comparison key of word w: lower case, without a
// plural "s".
func appendKey(buf []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			for _, r := range w[i:] {
				buf = utf8.AppendRune(buf, unicode.ToLower(r))
			}
			break
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	if n := len(buf); n > 3 && buf[n-1] == 's' && buf[n-2] != 's' {
		buf = buf[:n-1]
	}
	return buf
}

// stopwords carry no topic.
var stopwords = strings.Fields(`the and for that with was were are has have had his her its their they them this
	these those from but not which who whom what when where why how will would could should can may might must
	been being into than then there also said says about after before over under more most some such only other
	our out own same very just both each few any all one two three said told according while during between
	against without within upon per via like well even still new los las del una por con para que como pero sus
	este esta son entre está cuando muy sin sobre también hasta hay donde han desde todo durante`)

// stopTable holds the stopwords by their hash (open addressing): a word's
// hash is computed anyway, so a stopword test is one probe and a compare.
var stopTable = func() (t [stopTableSize]struct {
	h uint64
	w string
}) {
	for _, w := range stopwords {
		h := hash([]byte(w))
		i := h % stopTableSize
		for t[i].w != "" && t[i].w != w {
			i = (i + 1) % stopTableSize
		}
		t[i].h, t[i].w = h, w
	}
	return t
}()

const stopTableSize = 512

// isStopword reports whether the key w, whose hash is h, is a stopword.
func isStopword(h uint64, w []byte) bool {
	for i := h % stopTableSize; stopTable[i].w != ""; i = (i + 1) % stopTableSize {
		if stopTable[i].h == h && stopTable[i].w == string(w) {
			return true
		}
	}
	return false
}

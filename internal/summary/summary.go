package summary

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
)

const (
	minWords   = 6    // shorter sentences are never chosen
	damping    = 0.85 // TextRank damping factor
	iterations = 30
	leadWeight = 0.4 // share of the score that comes from position
)

// Summarize returns n sentences of text, verbatim and in text order, that
// best summarise it. sents are the sentence spans of text and headings the
// spans of its subheadings. Fewer than n sentences come back when the text
// has fewer eligible ones.
func Summarize(text string, sents []article.Span, headings []article.Span, n int) []string {
	if n <= 0 {
		return []string{}
	}
	type cand struct {
		span       article.Span
		start, end int // its content-word hashes in all
		score      float64
	}
	var cands []cand
	all := make([]uint64, 0, len(text)/8)
	var buf []byte
	for _, s := range sents {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End || inHeading(s, headings) {
			continue
		}
		sent := text[s.Start:s.End]
		if isFragment(sent) {
			continue
		}
		start := len(all)
		count := 0
		for i := 0; i < len(sent); {
			ws, we := nextWord(sent, i)
			if ws < 0 {
				break
			}
			i = we
			count++
			buf = appendKey(buf[:0], sent[ws:we])
			if len(buf) < 3 {
				continue
			}
			h := hash(buf)
			if isStopword(h, buf) {
				continue
			}
			all = append(all, h)
		}
		if count < minWords {
			all = all[:start]
			continue
		}
		ws := all[start:]
		slices.Sort(ws)
		ws = slices.Compact(ws)
		all = all[:start+len(ws)]
		cands = append(cands, cand{span: s, start: start, end: len(all)})
	}
	if len(cands) == 0 {
		return []string{}
	}
	words := func(i int) []uint64 { return all[cands[i].start:cands[i].end] }
	logLen := make([]float64, len(cands))
	for i := range cands {
		logLen[i] = math.Log(float64(cands[i].end - cands[i].start))
	}

	// TextRank over the similarity graph.
	k := len(cands)
	sim := make([]float64, k*k)
	out := make([]float64, k) // sum of each node's edge weights
	for i := range k {
		for j := i + 1; j < k; j++ {
			s := similarity(words(i), words(j), logLen[i]+logLen[j])
			sim[i*k+j], sim[j*k+i] = s, s
			out[i] += s
			out[j] += s
		}
	}
	// p[i*k+j] is the share of node j's rank that flows to node i; sim is
	// symmetric, so p is sim with column j divided by out[j], laid out so
	// that the iteration below reads rows.
	p := sim
	for i := range k {
		row := p[i*k : i*k+k]
		for j, w := range row {
			if w > 0 {
				row[j] = w / out[j]
			}
		}
	}
	rank := make([]float64, k)
	next := make([]float64, k)
	for i := range rank {
		rank[i] = 1
	}
	for range iterations {
		delta := 0.0
		for i := range k {
			sum := 0.0
			row := p[i*k : i*k+k]
			for j, r := range rank {
				sum += row[j] * r
			}
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
	order := make([]int, 0, k)
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
	chosen := append([]int{0}, order[:min(n-1, len(order))]...)
	slices.Sort(chosen)
	res := make([]string, len(chosen))
	for i, c := range chosen {
		res[i] = text[cands[c].span.Start:cands[c].span.End]
	}
	return res
}

// similarity is TextRank's sentence similarity: shared words over the
// sum of the log lengths, logs.
func similarity(a, b []uint64, logs float64) float64 {
	if len(a) < 2 || len(b) < 2 {
		return 0
	}
	shared := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			shared++
			i++
			j++
		}
	}
	if shared == 0 {
		return 0
	}
	return float64(shared) / logs
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

// nextWord returns the span of the first run of letters and digits in
// s[i:], or -1, -1 when there is none.
func nextWord(s string, i int) (start, end int) {
	start = -1
	for i < len(s) {
		c := s[i]
		alnum, n := false, 1
		if c < utf8.RuneSelf {
			alnum = isASCIIAlnum[c]
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			alnum = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if alnum {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			return start, i
		}
		i += n
	}
	if start >= 0 {
		return start, len(s)
	}
	return -1, -1
}

var isASCIIAlnum = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

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

package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// page is the whole document rendered with faithful spacing, block by
// block, and indexed by its "skeleton": the same text with every space and
// line break removed.
//
// Extractors that rebuild the tree lose whitespace at the edges of the
// inline elements they unwrap ("against<strong>Mason</strong>"). Finding a
// candidate paragraph's skeleton in the page's skeleton recovers the
// source's own spacing and line structure, and tells which source blocks
// the candidate kept, so that candidates can be compared and merged block by
// block, and each block judged with what the DOM says about it.
type page struct {
	blocks []block
	text   string  // blocks joined by "\n\n"
	starts []int   // starts[i] is the offset of blocks[i] in text
	skel   string  // text without spaces
	off    []int32 // off[j] is the offset in text of skel's byte j
}

// segment is a piece of one source block that a candidate kept: text[start:end]
// of the page, inside blocks[block]. Candidate text that the page does not
// have at all is kept as a segment with block -1 and its own text.
type segment struct {
	block      int
	start, end int
	own        string
}

func newPage(blocks []block) *page {
	p := &page{blocks: blocks, starts: make([]int, len(blocks))}
	n := 0
	for i, b := range blocks {
		if i > 0 {
			n += 2
		}
		p.starts[i] = n
		n += len(b.text)
	}
	var text strings.Builder
	text.Grow(n)
	for i, b := range blocks {
		if i > 0 {
			text.WriteString("\n\n")
		}
		text.WriteString(b.text)
	}
	p.text = text.String()
	var skel strings.Builder
	skel.Grow(len(p.text))
	p.off = make([]int32, 0, len(p.text))
	for i := 0; i < len(p.text); {
		r, size := utf8.DecodeRuneInString(p.text[i:])
		if !isSpace(r) {
			skel.WriteString(p.text[i : i+size])
			for j := 0; j < size; j++ {
				p.off = append(p.off, int32(i+j))
			}
		}
		i += size
	}
	p.skel = skel.String()
	return p
}

// blockAt returns the index of the block holding text offset o.
func (p *page) blockAt(o int) int {
	return sort.SearchInts(p.starts, o+1) - 1
}

// segText is the text of a segment.
func (p *page) segText(s segment) string {
	if s.block < 0 {
		return s.own
	}
	return p.text[s.start:s.end]
}

// skeleton removes every space from s.
func skeleton(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if !isSpace(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// align maps a candidate's paragraphs onto the page. Paragraphs are looked
// for after the previous one first, then anywhere. A paragraph the page does
// not have as a whole (an extractor may join blocks or drop pieces of them)
// is matched run by run of words; words the page does not have are kept
// as they are.
func (p *page) align(paras []string) []segment {
	a := aligner{p: p, budget: searchBudget*len(p.skel) + searchBase}
	for _, para := range paras {
		k := skeleton(para)
		if k == "" {
			continue
		}
		if at := a.find(k); at >= 0 {
			a.add(at, len(k))
			continue
		}
		a.alignWords(strings.FieldsFunc(para, isSpace))
	}
	return a.segs
}

// The search budget bounds the bytes of skeleton that aligning one
// candidate may scan, so that text the page does not have (a hostile page,
// or a story taken from metadata) cannot make alignment quadratic. Ordinary
// pages, whose paragraphs are found in order, scan each byte about once.
const (
	searchBudget = 256
	searchBase   = 4 << 20
)

type aligner struct {
	p      *page
	cursor int
	budget int
	segs   []segment
}

// find returns where skeleton k is in the page, preferring the first place
// after the cursor, or -1. A place that starts or ends inside a word of the
// page does not count.
func (a *aligner) find(k string) int {
	if i := a.findIn(a.cursor, len(a.p.skel), k); i >= 0 {
		return i
	}
	return a.findIn(0, min(len(a.p.skel), a.cursor+len(k)-1), k)
}

// findIn looks for k in skel[from:to].
func (a *aligner) findIn(from, to int, k string) int {
	for from < to && a.budget > 0 {
		i := strings.Index(a.p.skel[from:to], k)
		if i < 0 {
			a.budget -= to - from
			return -1
		}
		a.budget -= i + len(k)
		i += from
		if a.p.wordBounded(i, len(k)) {
			return i
		}
		from = i + 1
	}
	return -1
}

// wordBounded reports whether the skeleton range [i, i+n) starts and ends
// at word boundaries of the page text.
func (p *page) wordBounded(i, n int) bool {
	start, end := int(p.off[i]), int(p.off[i+n-1])+1
	if start > 0 {
		before, _ := utf8.DecodeLastRuneInString(p.text[:start])
		first, _ := utf8.DecodeRuneInString(p.text[start:])
		if isWordRune(before) && isWordRune(first) {
			return false
		}
	}
	if end < len(p.text) {
		last, _ := utf8.DecodeLastRuneInString(p.text[:end])
		after, _ := utf8.DecodeRuneInString(p.text[end:])
		if isWordRune(last) && isWordRune(after) {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// add records the skeleton range [i, i+n) as segments, one per block.
func (a *aligner) add(i, n int) {
	p := a.p
	a.cursor = i + n
	start, end := int(p.off[i]), int(p.off[i+n-1])+1
	for b := p.blockAt(start); b < len(p.blocks) && p.starts[b] < end; b++ {
		s := max(start, p.starts[b])
		e := min(end, p.starts[b]+len(p.blocks[b].text))
		if s < e {
			a.segs = append(a.segs, segment{block: b, start: s, end: e})
		}
	}
}

// alignWords matches the longest runs of words that the page has, greedily
// from the left.
func (a *aligner) alignWords(words []string) {
	var missing []string
	flushMissing := func() {
		if len(missing) > 0 {
			a.segs = append(a.segs, segment{block: -1, own: strings.Join(missing, " ")})
			missing = nil
		}
	}
	found := func(i, j int) bool { return a.find(strings.Join(words[i:j], "")) >= 0 }
	for i := 0; i < len(words); {
		if a.budget <= 0 {
			missing = append(missing, words[i:]...)
			break
		}
		// The longest run words[i:j] that the page has. Being found is
		// monotonic in j: gallop to bracket it, then bisect, so that a
		// word the page lacks costs one search and a run of n words
		// about 2·log n.
		lo, hi, step := i, len(words), 1
		for i+step <= len(words) {
			if !found(i, i+step) {
				hi = i + step - 1
				break
			}
			lo = i + step
			step *= 2
		}
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if found(i, mid) {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		if lo == i {
			missing = append(missing, words[i])
			i++
			continue
		}
		k := strings.Join(words[i:lo], "")
		if at := a.find(k); at >= 0 {
			flushMissing()
			a.add(at, len(k))
		} else { // the budget ran out meanwhile
			missing = append(missing, words[i:lo]...)
		}
		i = lo
	}
	flushMissing()
}

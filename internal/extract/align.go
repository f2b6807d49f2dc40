package extract

import (
	"sort"
	"strings"
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
// for after the previous one first, then anywhere; those the page does not
// have are kept as they are.
func (p *page) align(paras []string) []segment {
	var segs []segment
	cursor := 0
	for _, para := range paras {
		k := skeleton(para)
		if k == "" {
			continue
		}
		i := strings.Index(p.skel[cursor:], k)
		if i >= 0 {
			i += cursor
		} else if i = strings.Index(p.skel, k); i < 0 {
			segs = append(segs, segment{block: -1, own: para})
			continue
		}
		cursor = i + len(k)
		start, end := int(p.off[i]), int(p.off[i+len(k)-1])+1
		for b := p.blockAt(start); b < len(p.blocks) && p.starts[b] < end; b++ {
			s := max(start, p.starts[b])
			e := min(end, p.starts[b]+len(p.blocks[b].text))
			if s < e {
				segs = append(segs, segment{block: b, start: s, end: e})
			}
		}
	}
	return segs
}

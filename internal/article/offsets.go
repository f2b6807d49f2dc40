package article

import "unicode/utf8"

// ToCodePoints rewrites every byte offset in r into a code-point offset into
// r.Text. It must be called exactly once, when the record is complete.
func ToCodePoints(r *Record) {
	idx := newRuneIndex(r.Text)
	for i := range r.Headings {
		r.Headings[i].Start, r.Headings[i].End = idx.at(r.Headings[i].Start), idx.at(r.Headings[i].End)
	}
	for i := range r.Passages {
		r.Passages[i].Start, r.Passages[i].End = idx.at(r.Passages[i].Start), idx.at(r.Passages[i].End)
	}
	for i := range r.Entities {
		for j := range r.Entities[i].Mentions {
			m := &r.Entities[i].Mentions[j]
			m.Start, m.End = idx.at(m.Start), idx.at(m.End)
		}
	}
	for i := range r.Quotes {
		r.Quotes[i].Start, r.Quotes[i].End = idx.at(r.Quotes[i].Start), idx.at(r.Quotes[i].End)
	}
	for i := range r.Dates {
		r.Dates[i].Start, r.Dates[i].End = idx.at(r.Dates[i].Start), idx.at(r.Dates[i].End)
	}
}

// runeIndex maps byte offsets to code-point offsets. For ASCII-only text it
// is the identity and allocates nothing.
type runeIndex struct {
	ascii bool
	cp    []int32 // cp[b] = code points before byte b; len(text)+1 entries
}

func newRuneIndex(text string) runeIndex {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return runeIndex{ascii: true}
	}
	cp := make([]int32, len(text)+1)
	n := int32(0)
	for i := 0; i < len(text); {
		_, size := utf8.DecodeRuneInString(text[i:])
		for k := 0; k < size; k++ {
			cp[i+k] = n
		}
		n++
		i += size
	}
	cp[len(text)] = n
	return runeIndex{cp: cp}
}

func (x runeIndex) at(b int) int {
	if x.ascii {
		return b
	}
	if b < 0 {
		return 0
	}
	if b >= len(x.cp) {
		return int(x.cp[len(x.cp)-1])
	}
	return int(x.cp[b])
}

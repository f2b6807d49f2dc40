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
// is the identity and allocates nothing; otherwise it records only the
// characters of more than one byte, which news copy has few of.
type runeIndex struct {
	ascii bool
	n     int // len(text)
	// starts[k] is the byte offset of the k-th character of more than one
	// byte; extra[k] is the number of bytes beyond one per character in the
	// characters 0..k.
	starts, extra []int32
}

func newRuneIndex(text string) runeIndex {
	x := runeIndex{n: len(text)}
	first := -1
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			first = i
			break
		}
	}
	if first < 0 {
		x.ascii = true
		return x
	}
	// One pass to count, so that the two slices are allocated once.
	count := 0
	for i := first; i < len(text); {
		if text[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		if size > 1 {
			count++
		}
		i += size
	}
	if count == 0 {
		return x
	}
	buf := make([]int32, 2*count)
	x.starts, x.extra = buf[:0:count], buf[count:count]
	sum := int32(0)
	for i := first; i < len(text); {
		if text[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		if size > 1 {
			sum += int32(size - 1)
			x.starts = append(x.starts, int32(i))
			x.extra = append(x.extra, sum)
		}
		i += size
	}
	return x
}

// at returns the number of code points before byte b; a byte inside a
// character counts as the start of that character. Outside ASCII-only
// text, b is clamped to [0, len(text)].
func (x runeIndex) at(b int) int {
	if x.ascii {
		return b
	}
	if b <= 0 {
		return 0
	}
	b = min(b, x.n)
	// k: the number of multi-byte characters that start before b.
	lo, hi := 0, len(x.starts)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(x.starts[m]) < b {
			lo = m + 1
		} else {
			hi = m
		}
	}
	k := lo
	if k == 0 {
		return b
	}
	prev := 0
	if k > 1 {
		prev = int(x.extra[k-2])
	}
	// The last of them may straddle b: a byte inside it counts as its
	// start.
	s, more := int(x.starts[k-1]), int(x.extra[k-1])-prev
	return b - prev - min(more, b-s)
}

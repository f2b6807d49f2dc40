package tagger

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/runeclass"
)

// Entity types, in tag order.
const (
	PER = iota
	ORG
	LOC
	NumTypes
)

// TypeNames are the short names of the entity types, indexed by type.
var TypeNames = [NumTypes]string{"PER", "ORG", "LOC"}

// Tag positions in the BILOU scheme.
const (
	PosB = iota // begin
	PosI        // inside
	PosL        // last
	PosU        // unit (one-token entity)
)

// NumTags is the size of the tag set: O plus BILOU for each type.
const NumTags = 1 + 4*NumTypes

// O is the outside tag.
const O uint8 = 0

// MakeTag returns the tag of position pos for type typ.
func MakeTag(typ, pos int) uint8 { return uint8(1 + typ*4 + pos) }

// TagType returns the entity type of tag t, or -1 for O.
func TagType(t uint8) int {
	if t == O {
		return -1
	}
	return int(t-1) / 4
}

// TagPos returns the BILOU position of tag t (undefined for O).
func TagPos(t uint8) int { return int(t-1) % 4 }

// TagName returns "O", "B-PER", "U-LOC", …
func TagName(t uint8) string {
	if t == O || int(t) >= NumTags {
		return "O"
	}
	return string("BILU"[TagPos(t)]) + "-" + TypeNames[TagType(t)]
}

// allowed reports whether tag b may follow tag a (a == NumTags is the start).
func allowed(a, b uint8) bool {
	inside := a != NumTags && a != O && (TagPos(a) == PosB || TagPos(a) == PosI)
	if inside {
		return b != O && TagType(b) == TagType(a) && (TagPos(b) == PosI || TagPos(b) == PosL)
	}
	return b == O || TagPos(b) == PosB || TagPos(b) == PosU
}

// allowedEnd reports whether a sentence may end on tag a.
func allowedEnd(a uint8) bool { return a == O || TagPos(a) == PosL || TagPos(a) == PosU }

// startAllowed and endAllowed are allowed(NumTags, t) and allowedEnd(t)
// for every tag t, for viterbi.
var startAllowed, endAllowed = func() (s, e [NumTags]bool) {
	for t := range uint8(NumTags) {
		s[t], e[t] = allowed(NumTags, t), allowedEnd(t)
	}
	return s, e
}()

// Span is an entity found by the tagger: tokens [Start, End) of Type.
type Span struct {
	Start, End int
	Type       int
}

// Spans decodes a BILOU tag sequence into entity spans. Ill-formed
// sequences are repaired: a B or I without its L is closed where the type
// changes.
func Spans(tags []uint8, dst []Span) []Span {
	open := -1
	typ := -1
	for i, t := range tags {
		tt := TagType(t)
		if open >= 0 && (tt != typ || TagPos(t) == PosB || TagPos(t) == PosU) {
			dst = append(dst, Span{open, i, typ})
			open = -1
		}
		if tt < 0 {
			continue
		}
		switch TagPos(t) {
		case PosU:
			dst = append(dst, Span{i, i + 1, tt})
		case PosB, PosI:
			if open < 0 {
				open, typ = i, tt
			}
		case PosL:
			if open < 0 {
				open, typ = i, tt
			}
			dst = append(dst, Span{open, i + 1, typ})
			open = -1
		}
	}
	if open >= 0 {
		dst = append(dst, Span{open, len(tags), typ})
	}
	return dst
}

// Model is a trained tagger. It is immutable and safe for concurrent use.
type Model struct {
	mask  uint64
	slots []slot   // open addressing
	keys  []uint64 // the full feature keys, for Write
	pos   []int    // slot of keys[i]
	trans [(NumTags + 1) * NumTags]int32
	end   [NumTags]int32
	toO   [NumTags]int32 // trans[t][O]: leaving a run to O, filled by build
	scale float32
	n     int
	// rows of the features whose keys do not depend on the text (nil
	// when absent), looked up once by build
	biasRow  *[NumTags]int16
	orthoRow [orBits]*[NumTags]int16
	gazRow   [5][gazBits]*[NumTags]int16
}

// NumFeatures returns the number of weighted features in the model.
func (m *Model) NumFeatures() int { return m.n }

// slot keeps a feature's fingerprint next to its weights: 32 bytes, two
// to a cache line, one cache miss per lookup. The table index comes from
// the low bits of the 64-bit feature key and the fingerprint from the high
// bits, so a false hit needs both to collide.
type slot struct {
	fp uint32 // 0 = empty
	w  [NumTags]int16
}

func fingerprint(k uint64) uint32 { return uint32(k>>32) | 1 }

func (m *Model) lookup(k uint64) *[NumTags]int16 {
	i := k & m.mask
	fp := fingerprint(k)
	for {
		sl := &m.slots[i]
		if sl.fp == fp {
			return &sl.w
		}
		if sl.fp == 0 {
			return nil
		}
		i = (i + 1) & m.mask
	}
}

type scratch struct {
	hot   []bool
	info  []tokInfo
	score []int32
	back  []uint8
}

var pool = sync.Pool{New: func() any { return new(scratch) }}

// Tag assigns a BILOU tag to every token of one sentence. words are the
// token texts, gaz their gazetteer flags (nil for none); out must have
// len(words) elements.
//
// Only runs of capitalised words (with up to two lower-case words inside
// a run) are decoded; the rest is tagged O.
func (m *Model) Tag(words []string, gaz []uint32, out []uint8) {
	m.tag(words, nil, gaz, out, true)
}

// TagHot is Tag with hot[i] = Interesting(words[i]) already computed.
func (m *Model) TagHot(words []string, hot []bool, gaz []uint32, out []uint8) {
	m.tag(words, hot, gaz, out, true)
}

// TagAll is Tag without the shortcut: every token is decoded.
func (m *Model) TagAll(words []string, gaz []uint32, out []uint8) {
	m.tag(words, nil, gaz, out, false)
}

func (m *Model) tag(words []string, hot []bool, gaz []uint32, out []uint8, islands bool) {
	n := len(words)
	if n == 0 {
		return
	}
	s := pool.Get().(*scratch)
	defer pool.Put(s)
	if cap(s.info) < n {
		s.info = make([]tokInfo, n+n/2)
	}
	info := s.info[:n]
	analyseRange := func(a, b int, full bool) {
		for i := a; i < b; i++ {
			var g uint32
			if gaz != nil {
				g = gaz[i]
			}
			if full {
				analyse(words[i], i == 0, g, &info[i])
			} else {
				analyseContext(words[i], i == 0, g, &info[i])
			}
		}
	}
	if cap(s.score) < n*NumTags {
		s.score = make([]int32, n*NumTags+n*NumTags/2)
		s.back = make([]uint8, n*NumTags+n*NumTags/2)
	}
	for i := range out[:n] {
		out[i] = O
	}
	if !islands {
		analyseRange(0, n, true)
		m.decode(info, s, 0, n, out)
		return
	}
	if hot == nil {
		if cap(s.hot) < n {
			s.hot = make([]bool, n+n/2)
		}
		hot = s.hot[:n]
		for i, w := range words {
			hot[i] = Interesting(w)
		}
	}
	done := 0 // tokens [0, done) are analysed
	for i := 0; i < n; {
		if !hot[i] {
			i++
			continue
		}
		// a run of capitalised words, bridging gaps of up to two
		// lower-case words ("Bank of America", "Charles de Gaulle")
		a, b := i, i+1
		for b < n {
			switch {
			case hot[b]:
				b++
			case b+1 < n && hot[b+1]:
				b += 2
			case b+2 < n && hot[b+2]:
				b += 3
			default:
				goto decode
			}
		}
	decode:
		// features look two tokens either side
		// (context words only need their word, shape and flags)
		lo, hi := max(a-2, done), min(b+2, n)
		analyseRange(lo, a, false)
		analyseRange(a, b, true)
		analyseRange(b, hi, false)
		done = max(done, hi)
		m.decode(info, s, a, b, out)
		i = b
	}
}

// Interesting reports whether w has an upper-case letter or is a
// handle or hashtag: the tokens around which Tag decodes.
func Interesting(w string) bool {
	if w == "" {
		return false
	}
	if w[0] == '@' || w[0] == '#' {
		return len(w) > 1
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			return true
		}
		if c >= utf8.RuneSelf {
			for _, r := range w[i:] {
				if !runeclass.GeneralPunct(r) && unicode.IsUpper(r) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// decode scores tokens [a, b) and runs Viterbi over them, entering from O
// (or the sentence start) and leaving to O (or the sentence end).
func (m *Model) decode(info []tokInfo, s *scratch, a, b int, out []uint8) {
	n := b - a
	score := s.score[:n*NumTags]
	for i := a; i < b; i++ {
		m.emission(info, i, (*[NumTags]int32)(score[(i-a)*NumTags:]))
	}
	start := (*[NumTags]int32)(m.trans[int(O)*NumTags:]) // from O
	if a == 0 {
		start = (*[NumTags]int32)(m.trans[NumTags*NumTags:])
	}
	end := &m.toO
	if b == len(info) {
		end = &m.end
	}
	viterbi(score, start, &m.trans, end, n, s.back[:n*NumTags], out[a:b])
}

const negInf = math.MinInt32 / 4

// viterbi finds the best tag path given emission scores (n×NumTags),
// start scores, transitions (NumTags×NumTags; a start row may follow) and
// end scores. Disallowed BILOU transitions are never taken.
func viterbi(score []int32, start *[NumTags]int32, trans *[(NumTags + 1) * NumTags]int32, end *[NumTags]int32, n int, back []uint8, out []uint8) {
	var prev, cur [NumTags]int32
	for t := range NumTags {
		if startAllowed[t] {
			prev[t] = score[t] + start[t]
		} else {
			prev[t] = negInf
		}
	}
	for i := 1; i < n; i++ {
		em := (*[NumTags]int32)(score[i*NumTags:])
		bk := (*[NumTags]uint8)(back[i*NumTags:])
		step(&prev, &cur, trans, em, bk)
		// keep scores bounded on very long sentences
		top := cur[0]
		for _, v := range cur[1:] {
			top = max(top, v)
		}
		for t := range cur {
			prev[t] = max(cur[t]-top, negInf)
		}
	}
	best := int32(negInf)
	arg := uint8(0)
	for t := uint8(0); t < NumTags; t++ {
		if prev[t] == negInf || !endAllowed[t] {
			continue
		}
		if v := prev[t] + end[t]; v > best {
			best, arg = v, t
		}
	}
	out[n-1] = arg
	for i := n - 1; i > 0; i-- {
		out[i-1] = back[i*NumTags+int(out[i])]
	}
}

// step is one Viterbi step: for every tag t, the best allowed previous
// tag p (the first in tag order on ties) by prev[p] + trans[p][t], and
// the score of the path through it. The allowed transitions are written
// out: O, B-x and U-x follow O, L-y or U-y; I-x and L-x follow
// B-x or I-x.
func step(prev, cur *[NumTags]int32, trans *[(NumTags + 1) * NumTags]int32, em *[NumTags]int32, bk *[NumTags]uint8) {
	p0, p3, p4, p7, p8, p11, p12 := prev[0], prev[3], prev[4], prev[7], prev[8], prev[11], prev[12]
	for _, t := range [...]int{0, 1, 4, 5, 8, 9, 12} {
		best, arg := int32(negInf), uint8(0)
		if v := p0 + trans[0*NumTags+t]; v > best {
			best, arg = v, 0
		}
		if v := p3 + trans[3*NumTags+t]; v > best {
			best, arg = v, 3
		}
		if v := p4 + trans[4*NumTags+t]; v > best {
			best, arg = v, 4
		}
		if v := p7 + trans[7*NumTags+t]; v > best {
			best, arg = v, 7
		}
		if v := p8 + trans[8*NumTags+t]; v > best {
			best, arg = v, 8
		}
		if v := p11 + trans[11*NumTags+t]; v > best {
			best, arg = v, 11
		}
		if v := p12 + trans[12*NumTags+t]; v > best {
			best, arg = v, 12
		}
		cur[t] = best + em[t]
		bk[t] = arg
	}
	for x := range NumTypes {
		b, i := 1+4*x, 2+4*x // B-x, I-x
		pb, pi := prev[b], prev[i]
		for _, t := range [2]int{i, i + 1} { // I-x, L-x
			best, arg := int32(negInf), uint8(0)
			if v := pb + trans[b*NumTags+t]; v > best {
				best, arg = v, uint8(b)
			}
			if v := pi + trans[i*NumTags+t]; v > best {
				best, arg = v, uint8(i)
			}
			cur[t] = best + em[t]
			bk[t] = arg
		}
	}
}

const magic = "copydesk-ner-1\n"

// Write serialises m, gzip-compressed.
func (m *Model) Write(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("gzip: %w", err)
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(magic)
	var buf [binary.MaxVarintLen64]byte
	putU := func(v uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	putI := func(v int64) { bw.Write(buf[:binary.PutVarint(buf[:], v)]) }
	putU(uint64(math.Float32bits(m.scale)))
	for _, v := range m.trans {
		putI(int64(v))
	}
	for _, v := range m.end {
		putI(int64(v))
	}
	type kv struct {
		k uint64
		i int
	}
	var list []kv
	for i, k := range m.keys {
		list = append(list, kv{k, m.pos[i]})
	}
	sort.Slice(list, func(a, b int) bool { return list[a].k < list[b].k })
	putU(uint64(len(list)))
	var last uint64
	for _, e := range list {
		putU(e.k - last)
		last = e.k
	}
	// weights column by column compress better than row by row
	for t := range NumTags {
		for _, e := range list {
			putI(int64(m.slots[e.i].w[t]))
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write model: %w", err)
	}
	return nil
}

// Read loads a model written by Write.
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read model: %w", err)
	}
	defer zr.Close()
	br := bufio.NewReader(zr)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, errors.New("read model: bad header")
	}
	var rerr error
	getU := func() uint64 {
		v, err := binary.ReadUvarint(br)
		if err != nil && rerr == nil {
			rerr = err
		}
		return v
	}
	getI := func() int64 {
		v, err := binary.ReadVarint(br)
		if err != nil && rerr == nil {
			rerr = err
		}
		return v
	}
	m := &Model{}
	m.scale = math.Float32frombits(uint32(getU()))
	for i := range m.trans {
		m.trans[i] = int32(getI())
	}
	for i := range m.end {
		m.end[i] = int32(getI())
	}
	n := int(getU())
	if rerr != nil || n < 0 || n > 1<<26 {
		return nil, fmt.Errorf("read model: bad feature count: %v", rerr)
	}
	keys := make([]uint64, n)
	var last uint64
	for i := range keys {
		last += getU()
		keys[i] = last
	}
	w := make([]int16, n*NumTags)
	for t := range NumTags {
		for i := 0; i < n; i++ {
			w[i*NumTags+t] = int16(getI())
		}
	}
	if rerr != nil {
		return nil, fmt.Errorf("read model: %w", rerr)
	}
	m.build(keys, w)
	return m, nil
}

// build fills the hash table from keys and their weight rows.
func (m *Model) build(keys []uint64, w []int16) {
	size := 1
	for size < len(keys)*3/2 {
		size <<= 1
	}
	if size < 16 {
		size = 16
	}
	m.mask = uint64(size - 1)
	m.slots = make([]slot, size)
	m.keys = keys
	m.pos = make([]int, len(keys))
	m.n = len(keys)
	for i, k := range keys {
		j := k & m.mask
		for m.slots[j].fp != 0 {
			j = (j + 1) & m.mask
		}
		m.slots[j].fp = fingerprint(k)
		m.pos[i] = int(j)
		copy(m.slots[j].w[:], w[i*NumTags:i*NumTags+NumTags])
	}
	for t := range NumTags {
		m.toO[t] = m.trans[t*NumTags+int(O)]
	}
	m.biasRow = m.lookup(biasKey)
	for b := range m.orthoRow {
		m.orthoRow[b] = m.lookup(orthoKey[b])
	}
	for t := range m.gazRow {
		for b := range m.gazRow[t] {
			m.gazRow[t][b] = m.lookup(gazKeys[t][b])
		}
	}
}

// addRow adds a weight row to a score row (unrolled: this is the
// innermost loop of tagging).
func addRow(row *[NumTags]int32, w *[NumTags]int16) {
	row[0] += int32(w[0])
	row[1] += int32(w[1])
	row[2] += int32(w[2])
	row[3] += int32(w[3])
	row[4] += int32(w[4])
	row[5] += int32(w[5])
	row[6] += int32(w[6])
	row[7] += int32(w[7])
	row[8] += int32(w[8])
	row[9] += int32(w[9])
	row[10] += int32(w[10])
	row[11] += int32(w[11])
	row[12] += int32(w[12])
}

// NumTags must stay 13 for addRow.
var _ = [1]struct{}{}[NumTags-13]

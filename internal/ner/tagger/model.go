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
	keys  []uint64 // open addressing, 0 = empty
	rows  []int16  // len(keys)*NumTags
	trans [(NumTags + 1) * NumTags]int32
	end   [NumTags]int32
	scale float32
	n     int
}

// NumFeatures returns the number of weighted features in the model.
func (m *Model) NumFeatures() int { return m.n }

func (m *Model) lookup(k uint64) []int16 {
	i := k & m.mask
	for {
		kk := m.keys[i]
		if kk == k {
			return m.rows[int(i)*NumTags : int(i)*NumTags+NumTags]
		}
		if kk == 0 {
			return nil
		}
		i = (i + 1) & m.mask
	}
}

type scratch struct {
	info  []tokInfo
	feats []uint64
	score []int32
	back  []uint8
}

var pool = sync.Pool{New: func() any { return new(scratch) }}

// Tag assigns a BILOU tag to every token of one sentence. words are the
// token texts, gaz their gazetteer flags (nil for none); out must have
// len(words) elements.
func (m *Model) Tag(words []string, gaz []uint32, out []uint8) {
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
	for i, w := range words {
		var g uint32
		if gaz != nil {
			g = gaz[i]
		}
		analyse(w, i == 0, g, &info[i])
	}
	if cap(s.score) < n*NumTags {
		s.score = make([]int32, n*NumTags+n*NumTags/2)
		s.back = make([]uint8, n*NumTags+n*NumTags/2)
	}
	score := s.score[:n*NumTags]
	for i := range score {
		score[i] = 0
	}
	for i := 0; i < n; i++ {
		s.feats = features(info, i, s.feats[:0])
		row := score[i*NumTags : i*NumTags+NumTags]
		for _, k := range s.feats {
			if w := m.lookup(k); w != nil {
				for t := range NumTags {
					row[t] += int32(w[t])
				}
			}
		}
	}
	viterbi(score, &m.trans, &m.end, n, s.back[:n*NumTags], out)
}

const negInf = math.MinInt32 / 4

// viterbi finds the best tag path given emission scores (n×NumTags),
// transitions ((NumTags+1)×NumTags, last row = start) and end scores.
// Disallowed BILOU transitions are never taken.
func viterbi(score []int32, trans *[(NumTags + 1) * NumTags]int32, end *[NumTags]int32, n int, back []uint8, out []uint8) {
	var prev, cur [NumTags]int32
	for t := uint8(0); t < NumTags; t++ {
		if allowed(NumTags, t) {
			prev[t] = score[t] + trans[NumTags*NumTags+int(t)]
		} else {
			prev[t] = negInf
		}
	}
	for i := 1; i < n; i++ {
		for t := uint8(0); t < NumTags; t++ {
			best := int32(negInf)
			arg := uint8(0)
			for p := uint8(0); p < NumTags; p++ {
				if prev[p] == negInf || !allowedTab[p][t] {
					continue
				}
				v := prev[p] + trans[int(p)*NumTags+int(t)]
				if v > best {
					best, arg = v, p
				}
			}
			if best == negInf {
				cur[t] = negInf
			} else {
				cur[t] = best + score[i*NumTags+int(t)]
			}
			back[i*NumTags+int(t)] = arg
		}
		prev = cur
	}
	best := int32(negInf)
	arg := uint8(0)
	for t := uint8(0); t < NumTags; t++ {
		if prev[t] == negInf || !allowedEnd(t) {
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

var allowedTab = func() (a [NumTags][NumTags]bool) {
	for p := uint8(0); p < NumTags; p++ {
		for t := uint8(0); t < NumTags; t++ {
			a[p][t] = allowed(p, t)
		}
	}
	return a
}()

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
		if k != 0 {
			list = append(list, kv{k, i})
		}
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
			putI(int64(m.rows[e.i*NumTags+t]))
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
	for size < len(keys)*2 {
		size <<= 1
	}
	if size < 16 {
		size = 16
	}
	m.mask = uint64(size - 1)
	m.keys = make([]uint64, size)
	m.rows = make([]int16, size*NumTags)
	m.n = len(keys)
	for i, k := range keys {
		j := k & m.mask
		for m.keys[j] != 0 {
			j = (j + 1) & m.mask
		}
		m.keys[j] = k
		copy(m.rows[int(j)*NumTags:int(j)*NumTags+NumTags], w[i*NumTags:i*NumTags+NumTags])
	}
}

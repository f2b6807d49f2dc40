package gazetteer

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/ner/tagger"

	"github.com/copydesk/copydesk/internal/runeclass"
)

// Kind classifies a gazetteer entry.
type Kind uint8

// Entry kinds.
const (
	Country Kind = iota + 1
	Admin1
	City
	Demonym
	Region // a continent or well-known region without a country ("Middle East")
)

// Place is a gazetteer entry: a place, or a nationality adjective (Kind
// Demonym) that points to its country.
type Place struct {
	Name     string // canonical name ("Kyiv", "North Korea", "North Korean")
	Kind     Kind
	Country  string // ISO 3166-1 alpha-2
	Lat, Lon float64
	HasCoord bool
	Pop      int64
	Big      bool // a country, a capital, or a city of a million or more
	Risky    bool // also a common word or given name: do not trust alone
}

type alias struct {
	place int32
	exact string // the surface must equal this exactly ("US", not "us")
}

// node is what a word, or a sequence of words, leads to. It is kept
// small: lookups touch many of them.
type node struct {
	flags  uint32 // cue flags of a single word (tagger.Gaz*)
	off    int32  // places[off:off+n] are the entries named by these words, any case
	n      uint16
	prefix bool // a longer name continues from here
	exact  bool // exact[index] holds entries named by these words in one exact form
}

// maxWords is the longest alias in tokens.
const maxWords = 7

// Gazetteer is the loaded dictionary. It is immutable and safe for
// concurrent use.
type Gazetteer struct {
	Places []Place
	// index maps the LowerHash of a word, and tagger.SeqHash chains of
	// longer sequences, to nodes
	index   map[uint64]int32 // while loading
	table   []entry          // after loading
	mask    uint64
	nodes   []node
	places  []int32
	exact   map[int32][]alias
	lowerOK map[uint64]int32 // lower-case forms trusted after a preposition
}

// placesOf returns the entries a node names (shared: do not modify).
func (g *Gazetteer) placesOf(n *node) []int32 {
	return g.places[n.off : int(n.off)+int(n.n) : int(n.off)+int(n.n)]
}

// exactMatch reports whether node k names entries in the exact form w.
func (g *Gazetteer) exactMatch(k int32, w string) bool {
	if !g.nodes[k].exact {
		return false
	}
	for _, a := range g.exact[k] {
		if a.exact == w {
			return true
		}
	}
	return false
}

// withExact returns the entries of node k plus those whose exact form is w.
func (g *Gazetteer) withExact(k int32, w string) []int32 {
	out := slices.Clone(g.placesOf(&g.nodes[k]))
	for _, a := range g.exact[k] {
		if a.exact == w {
			out = append(out, a.place)
		}
	}
	return out
}

// find returns the index of the node of key h, or -1.
func (g *Gazetteer) find(h uint64) int32 {
	if g.table != nil {
		fp := uint32(h>>32) | 1
		for i := h & g.mask; ; i = (i + 1) & g.mask {
			e := g.table[i]
			if e.fp == fp {
				return e.node
			}
			if e.fp == 0 {
				return -1
			}
		}
	}
	if i, ok := g.index[h]; ok {
		return i
	}
	return -1
}

// entry is a slot of the lookup table that replaces the index map once
// loading is done: a key fingerprint and a node, 8 bytes.
type entry struct {
	fp   uint32
	node int32
}

// freeze moves the index map into a compact open-addressing table.
func (g *Gazetteer) freeze() {
	size := 1
	for size < len(g.index)*3/2 {
		size <<= 1
	}
	g.table = make([]entry, size)
	g.mask = uint64(size - 1)
	for h, n := range g.index {
		i := h & g.mask
		for g.table[i].fp != 0 {
			i = (i + 1) & g.mask
		}
		g.table[i] = entry{fp: uint32(h>>32) | 1, node: n}
	}
	g.index = nil
}

func (g *Gazetteer) node(h uint64, create bool) *node {
	if i := g.find(h); i >= 0 {
		return &g.nodes[i]
	}
	if !create {
		return nil
	}
	g.index[h] = int32(len(g.nodes))
	g.nodes = append(g.nodes, node{})
	return &g.nodes[len(g.nodes)-1]
}

// Match is a dictionary match over tokens [Start, End).
type Match struct {
	Start, End int
	Places     []int32 // indexes into Places (shared: do not modify); demonyms and places may mix
}

// Load reads a gazetteer written by Build.
func Load(r io.Reader) (*Gazetteer, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read gazetteer: %w", err)
	}
	defer zr.Close()
	g := &Gazetteer{
		index:   make(map[uint64]int32, 1<<17),
		nodes:   make([]node, 0, 1<<17),
		exact:   map[int32][]alias{},
		lowerOK: make(map[uint64]int32, 1<<9),
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	var toks []tagger.Token
	pending := map[int32][]int32{} // node → places, packed after reading
	line := 0
	for sc.Scan() {
		line++
		f := strings.Split(sc.Text(), "\t")
		switch f[0] {
		case "P":
			if len(f) < 8 {
				return nil, fmt.Errorf("read gazetteer: line %d: short place", line)
			}
			p := Place{Name: f[1], Country: f[3]}
			k, _ := strconv.Atoi(f[2])
			p.Kind = Kind(k)
			if f[4] != "" && f[5] != "" {
				p.Lat, _ = strconv.ParseFloat(f[4], 64)
				p.Lon, _ = strconv.ParseFloat(f[5], 64)
				p.HasCoord = true
			}
			p.Pop, _ = strconv.ParseInt(f[6], 10, 64)
			p.Big = strings.Contains(f[7], "b")
			p.Risky = strings.Contains(f[7], "r")
			g.Places = append(g.Places, p)
		case "A":
			if len(f) < 4 {
				return nil, fmt.Errorf("read gazetteer: line %d: short alias", line)
			}
			id, err := strconv.Atoi(f[2])
			if err != nil || id < 0 || id >= len(g.Places) {
				return nil, fmt.Errorf("read gazetteer: line %d: bad place id", line)
			}
			toks = tagger.Tokenize(f[1], 0, len(f[1]), toks[:0])
			if len(toks) == 0 || len(toks) > maxWords {
				continue
			}
			var h uint64
			for i, t := range toks {
				if i == 0 {
					h = tagger.LowerHash(t.Text)
				} else {
					h = tagger.SeqHash(h, tagger.LowerHash(t.Text))
				}
				n := g.node(h, true)
				if i < len(toks)-1 {
					n.prefix = true
					continue
				}
				k := g.index[h]
				if strings.Contains(f[3], "x") {
					n.exact = true
					g.exact[k] = append(g.exact[k], alias{place: int32(id), exact: f[1]})
				} else if !slices.Contains(pending[k], int32(id)) {
					pending[k] = append(pending[k], int32(id))
				}
			}
			if strings.Contains(f[3], "l") && len(toks) == 1 {
				g.lowerOK[tagger.LowerHash(f[1])] = int32(id)
			}
		case "F":
			g.node(tagger.LowerHash(f[1]), true).flags |= tagger.GazFirstName
		case "C":
			g.node(tagger.LowerHash(f[1]), true).flags |= tagger.GazCommon
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read gazetteer: %w", err)
	}
	if len(g.Places) == 0 {
		return nil, fmt.Errorf("read gazetteer: no places")
	}
	keys := make([]int32, 0, len(pending))
	for k := range pending {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		n := &g.nodes[k]
		n.off, n.n = int32(len(g.places)), uint16(len(pending[k]))
		g.places = append(g.places, pending[k]...)
	}
	add := func(m map[string]bool, f uint32) {
		for w := range m {
			g.node(tagger.LowerHash(w), true).flags |= f
		}
	}
	add(TitleWords, tagger.GazTitle)
	add(Honorifics, tagger.GazHonorific)
	add(OrgCues, tagger.GazOrgCue)
	add(OrgSuffixes, tagger.GazOrgSuffix)
	add(PlaceCues, tagger.GazPlaceCue)
	add(Calendar, tagger.GazCalendar)
	g.freeze()
	return g, nil
}

var (
	hashPool = sync.Pool{New: func() any { return new([]uint64) }}
	nodePool = sync.Pool{New: func() any { return new([]int32) }}
)

// Capitalised reports whether w starts with an upper-case letter or digit.
func Capitalised(w string) bool {
	if w != "" && w[0] < utf8.RuneSelf {
		c := w[0]
		return 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	r, _ := utf8.DecodeRuneInString(w)
	if runeclass.GeneralPunct(r) {
		return false // General Punctuation: quotes, dashes
	}
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

func (g *Gazetteer) wordFlags(w string) uint32 {
	if n := g.node(tagger.LowerHash(w), false); n != nil {
		return n.flags
	}
	return 0
}

// IsFirstName reports whether w is a known given name.
func (g *Gazetteer) IsFirstName(w string) bool {
	return g.wordFlags(w)&tagger.GazFirstName != 0
}

// LowerPlace returns the well-known place that the lower-case word w may
// name (capitals and countries that are not English words), or -1.
func (g *Gazetteer) LowerPlace(w string) int32 {
	if id, ok := g.lowerOK[tagger.LowerHash(w)]; ok {
		return id
	}
	return -1
}

// Annotate sets gazetteer flags for the tokens words (flags must have the
// same length) and appends the longest place/demonym matches to matches.
// Matches start only at capitalised tokens.
func (g *Gazetteer) Annotate(words []string, flags []uint32, matches []Match) []Match {
	return g.AnnotateHot(words, nil, flags, matches)
}

// AnnotateHot is Annotate with hot[i] = tagger.Interesting(words[i])
// already computed (nil to compute it).
func (g *Gazetteer) AnnotateHot(words []string, hot []bool, flags []uint32, matches []Match) []Match {
	isHot := func(i int) bool {
		if hot != nil {
			return hot[i]
		}
		return tagger.Interesting(words[i])
	}
	// flags matter only within three tokens of a word the tagger decodes
	// around (see tagger.Interesting); skip the rest
	hp := hashPool.Get().(*[]uint64)
	defer hashPool.Put(hp)
	if cap(*hp) < len(words) {
		*hp = make([]uint64, len(words)+len(words)/2)
	}
	lhs := (*hp)[:len(words)]
	clear(lhs) // 0: not computed
	lower := func(i int) uint64 {
		if lhs[i] == 0 {
			lhs[i] = tagger.LowerHash(words[i])
		}
		return lhs[i]
	}
	// nodes of single words looked up by the first loop, for the second
	np := nodePool.Get().(*[]int32)
	defer nodePool.Put(np)
	if cap(*np) < len(words) {
		*np = make([]int32, len(words)+len(words)/2)
	}
	nodeOf := (*np)[:len(words)]
	for i := range nodeOf {
		nodeOf[i] = -2 // not looked up
	}
	next := -1 // index of the next interesting word at or after i
	last := -100
	for i := range words {
		if next < i {
			next = i
			for next < len(words) && !isHot(next) {
				next++
			}
		}
		if next == i {
			last = i
		}
		if i-last > 3 && next-i > 3 {
			continue
		}
		w := words[i]
		if len(w) == 1 && !Capitalised(w) {
			continue // punctuation and one-letter words have no cue flags
		}
		k := g.find(lower(i))
		nodeOf[i] = k
		if k < 0 {
			continue
		}
		f := g.nodes[k].flags
		if f&tagger.GazFirstName != 0 && !Capitalised(w) {
			f &^= tagger.GazFirstName
		}
		flags[i] |= f
	}
	for i := 0; i < len(words); {
		if !Capitalised(words[i]) {
			i++
			continue
		}
		bestEnd := -1
		best := int32(-1)
		var h uint64
		for j := i; j < len(words) && j-i < maxWords; j++ {
			var k int32
			if j == i {
				h = lower(j)
				if k = nodeOf[i]; k == -2 {
					k = g.find(h)
				}
			} else {
				h = tagger.SeqHash(h, lower(j))
				k = g.find(h)
			}
			if k < 0 {
				break
			}
			n := &g.nodes[k]
			if n.n > 0 || j == i && g.exactMatch(k, words[i]) {
				// multi-word matches must end on a capitalised word
				// ("Bosnia and Herzegovina")
				if Capitalised(words[j]) {
					bestEnd, best = j+1, k
				}
			}
			if !n.prefix {
				break
			}
		}
		if bestEnd < 0 {
			i++
			continue
		}
		m := Match{Start: i, End: bestEnd, Places: g.placesOf(&g.nodes[best])}
		if bestEnd-i == 1 && g.exactMatch(best, words[i]) {
			m.Places = g.withExact(best, words[i])
		}
		var kinds uint32
		for _, p := range m.Places {
			pl := &g.Places[p]
			switch pl.Kind {
			case Country:
				kinds |= tagger.GazCountry
			case Admin1:
				kinds |= tagger.GazAdmin1
			case City:
				if pl.Big {
					kinds |= tagger.GazBigCity
				} else {
					kinds |= tagger.GazCity
				}
			case Demonym:
				kinds |= tagger.GazDemonym
			case Region:
				kinds |= tagger.GazBigCity
			}
		}
		if len(m.Places) == 0 {
			i++
			continue
		}
		matches = append(matches, m)
		for k := i; k < bestEnd; k++ {
			flags[k] |= kinds
			if kinds&^tagger.GazDemonym != 0 {
				if k == i {
					flags[k] |= tagger.GazPlaceB
				} else {
					flags[k] |= tagger.GazPlaceI
				}
			}
		}
		i = bestEnd
	}
	return matches
}

// Lookup returns the entries whose alias is exactly the token sequence
// words (case-insensitive, except for case-sensitive short forms such as
// "US"). The result is shared: do not modify it.
func (g *Gazetteer) Lookup(words []string) []int32 {
	if len(words) == 0 || len(words) > maxWords {
		return nil
	}
	var h uint64
	for i, w := range words {
		if i == 0 {
			h = tagger.LowerHash(w)
		} else {
			h = tagger.SeqHash(h, tagger.LowerHash(w))
		}
	}
	k := g.find(h)
	if k < 0 {
		return nil
	}
	if len(words) != 1 || !g.exactMatch(k, words[0]) {
		return g.placesOf(&g.nodes[k])
	}
	return g.withExact(k, words[0])
}

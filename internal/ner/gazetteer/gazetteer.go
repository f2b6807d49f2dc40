package gazetteer

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/ner/tagger"
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

// node is what a word, or a sequence of words, leads to.
type node struct {
	flags  uint32  // cue flags of a single word (tagger.Gaz*)
	places []int32 // entries named by exactly these words, any case
	exact  []alias // entries named by these words in this exact form
	prefix bool    // a longer name continues from here
}

// maxWords is the longest alias in tokens.
const maxWords = 7

// Gazetteer is the loaded dictionary. It is immutable and safe for
// concurrent use.
type Gazetteer struct {
	Places []Place
	// index maps the LowerHash of a word, and tagger.SeqHash chains of
	// longer sequences, to nodes
	index   map[uint64]int32
	nodes   []node
	lowerOK map[uint64]int32 // lower-case forms trusted after a preposition
}

func (g *Gazetteer) node(h uint64, create bool) *node {
	if i, ok := g.index[h]; ok {
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
		lowerOK: make(map[uint64]int32, 1<<9),
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	var toks []tagger.Token
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
				if strings.Contains(f[3], "x") {
					n.exact = append(n.exact, alias{place: int32(id), exact: f[1]})
				} else if !slices.Contains(n.places, int32(id)) {
					n.places = append(n.places, int32(id))
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
	return g, nil
}

// Capitalised reports whether w starts with an upper-case letter or digit.
func Capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// IsCommon reports whether the lower-case form of w is a common word.
func (g *Gazetteer) IsCommon(w string) bool { return g.wordFlags(w)&tagger.GazCommon != 0 }

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

// Cue returns the cue flags (GazTitle, GazOrgCue, …) of w.
func (g *Gazetteer) Cue(w string) uint32 {
	return g.wordFlags(w) &^ (tagger.GazFirstName | tagger.GazCommon)
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
		lh := tagger.LowerHash(w)
		n := g.node(lh, false)
		if n == nil {
			continue
		}
		f := n.flags
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
		var best *node
		var h uint64
		for j := i; j < len(words) && j-i < maxWords; j++ {
			if j == i {
				h = tagger.LowerHash(words[j])
			} else {
				h = tagger.SeqHash(h, tagger.LowerHash(words[j]))
			}
			n := g.node(h, false)
			if n == nil {
				break
			}
			if len(n.places) > 0 || len(n.exact) > 0 && j == i && n.exactMatch(words[i]) {
				// multi-word matches must end on a capitalised word
				// ("Bosnia and Herzegovina")
				if Capitalised(words[j]) {
					bestEnd, best = j+1, n
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
		m := Match{Start: i, End: bestEnd, Places: best.places}
		if len(best.exact) > 0 && bestEnd-i == 1 && best.exactMatch(words[i]) {
			m.Places = slices.Clone(best.places)
			for _, a := range best.exact {
				if a.exact == words[i] {
					m.Places = append(m.Places, a.place)
				}
			}
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

func (n *node) exactMatch(w string) bool {
	for _, a := range n.exact {
		if a.exact == w {
			return true
		}
	}
	return false
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
	n := g.node(h, false)
	if n == nil {
		return nil
	}
	if len(n.exact) == 0 || len(words) != 1 || !n.exactMatch(words[0]) {
		return n.places
	}
	out := slices.Clone(n.places)
	for _, a := range n.exact {
		if a.exact == words[0] {
			out = append(out, a.place)
		}
	}
	return out
}

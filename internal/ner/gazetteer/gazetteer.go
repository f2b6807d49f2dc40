package gazetteer

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
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
	exact string // non-empty: the surface must equal this exactly
}

type node struct {
	aliases []alias
	prefix  bool // a longer alias continues from here
}

// maxWords is the longest alias in tokens.
const maxWords = 7

// Gazetteer is the loaded dictionary. It is immutable and safe for
// concurrent use.
type Gazetteer struct {
	Places  []Place
	seq     map[uint64]*node
	lowerOK map[uint64]int32  // lower-case forms trusted after a preposition
	cues    map[uint64]uint32 // word flags: cue lists, given names, common words
}

// Match is a dictionary match over tokens [Start, End).
type Match struct {
	Start, End int
	Places     []int32 // indexes into Places; demonyms and places may mix
}

// Load reads a gazetteer written by Build.
func Load(r io.Reader) (*Gazetteer, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read gazetteer: %w", err)
	}
	defer zr.Close()
	g := &Gazetteer{
		seq:     make(map[uint64]*node, 1<<17),
		lowerOK: make(map[uint64]int32, 1<<9),
		cues:    make(map[uint64]uint32, 1<<15),
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
			a := alias{place: int32(id)}
			if strings.Contains(f[3], "x") {
				a.exact = f[1]
			}
			h := tagger.SeqStart
			for i, t := range toks {
				h = tagger.SeqHash(h, tagger.LowerHash(t.Text))
				n := g.seq[h]
				if n == nil {
					n = &node{}
					g.seq[h] = n
				}
				if i == len(toks)-1 {
					dup := false
					for _, b := range n.aliases {
						dup = dup || b.place == a.place
					}
					if !dup {
						n.aliases = append(n.aliases, a)
					}
				} else {
					n.prefix = true
				}
			}
			if strings.Contains(f[3], "l") && len(toks) == 1 {
				g.lowerOK[tagger.LowerHash(f[1])] = int32(id)
			}
		case "F":
			g.cues[tagger.LowerHash(f[1])] |= tagger.GazFirstName
		case "C":
			g.cues[tagger.LowerHash(f[1])] |= tagger.GazCommon
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
			g.cues[tagger.LowerHash(w)] |= f
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
func (g *Gazetteer) IsCommon(w string) bool { return g.cues[tagger.LowerHash(w)]&tagger.GazCommon != 0 }

// IsFirstName reports whether w is a known given name.
func (g *Gazetteer) IsFirstName(w string) bool {
	return g.cues[tagger.LowerHash(w)]&tagger.GazFirstName != 0
}

// Cue returns the cue flags (GazTitle, GazOrgCue, …) of w.
func (g *Gazetteer) Cue(w string) uint32 {
	return g.cues[tagger.LowerHash(w)] &^ (tagger.GazFirstName | tagger.GazCommon)
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
	// flags matter only within three tokens of a word the tagger decodes
	// around (see tagger.Interesting); skip the rest
	next := -1 // index of the next interesting word at or after i
	last := -100
	for i := range words {
		if next < i {
			next = i
			for next < len(words) && !tagger.Interesting(words[next]) {
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
		f := g.cues[tagger.LowerHash(w)]
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
		h := tagger.SeqStart
		bestEnd := -1
		var best []alias
		for j := i; j < len(words) && j-i < maxWords; j++ {
			h = tagger.SeqHash(h, tagger.LowerHash(words[j]))
			n := g.seq[h]
			if n == nil {
				break
			}
			if len(n.aliases) > 0 {
				ok := false
				for _, a := range n.aliases {
					if a.exact == "" || (j == i && a.exact == words[i]) {
						ok = true
						break
					}
				}
				// multi-word matches must not end on a lower-case word
				// ("Guinea-Bissau" fine; "Bosnia and Herzegovina" ends capitalised)
				if ok && Capitalised(words[j]) {
					bestEnd, best = j+1, n.aliases
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
		m := Match{Start: i, End: bestEnd}
		var kinds uint32
		for _, a := range best {
			if a.exact != "" && (bestEnd-i != 1 || a.exact != words[i]) {
				continue
			}
			m.Places = append(m.Places, a.place)
			p := &g.Places[a.place]
			switch p.Kind {
			case Country:
				kinds |= tagger.GazCountry
			case Admin1:
				kinds |= tagger.GazAdmin1
			case City:
				if p.Big {
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
// "US").
func (g *Gazetteer) Lookup(words []string) []int32 {
	if len(words) == 0 || len(words) > maxWords {
		return nil
	}
	h := tagger.SeqStart
	for _, w := range words {
		h = tagger.SeqHash(h, tagger.LowerHash(w))
	}
	n := g.seq[h]
	if n == nil {
		return nil
	}
	var out []int32
	for _, a := range n.aliases {
		if a.exact != "" && (len(words) != 1 || a.exact != words[0]) {
			continue
		}
		out = append(out, a.place)
	}
	return out
}

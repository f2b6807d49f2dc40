package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/ner/gazetteer"
	"github.com/copydesk/copydesk/internal/ner/tagger"
)

var typeNames = [tagger.NumTypes]string{article.Person, article.Organization, article.Location}

// group is one entity being assembled.
type group struct {
	typ      int
	name     string
	place    int32
	surfaces []string
	mentions []article.Span
	roles    []string
}

// build canonicalises the mentions into entities, in order of first
// mention.
func (d *doc) build(ms []mention) []article.Entity {
	// distinct (type, surface) names, in order of first mention
	type name struct {
		typ   int
		sf    string
		words []string
		count int
		canon int // index of the canonical name; -1 while unresolved
	}
	var names []name
	index := make(map[string]int, len(ms))
	nameOf := make([]int, len(ms))
	for i, m := range ms {
		sf := d.surface(m)
		key := typeKey(m.typ, sf)
		k, ok := index[key]
		if !ok {
			k = len(names)
			index[key] = k
			names = append(names, name{typ: m.typ, sf: sf, words: d.ss[m.s].words[m.ts:m.te], canon: -1})
		}
		names[k].count++
		nameOf[i] = k
	}
	var resolve func(k int) int
	resolve = func(k int) int {
		n := &names[k]
		if n.canon >= 0 {
			return n.canon
		}
		n.canon = k
		best := -1
		if n.typ != tagger.LOC {
			for j := range names {
				o := &names[j]
				if o.typ != n.typ || len(o.words) <= len(n.words) || !d.extends(n.typ, n.words, o.words) {
					continue
				}
				if best < 0 || o.count > names[best].count { // ties: earliest (lower index)
					best = j
				}
			}
		}
		if best >= 0 {
			names[k].canon = resolve(best)
		}
		return names[k].canon
	}
	countries := d.docCountries(ms)
	var order []string
	groups := map[string]*group{}
	for i, m := range ms {
		sf := d.surface(m)
		var gk string
		place := int32(-1)
		if m.typ == tagger.LOC {
			place = d.resolvePlace(m, countries)
			if place >= 0 {
				gk = "p" + itoa(int(place))
			} else {
				gk = typeKey(m.typ, sf)
			}
		} else {
			gk = typeKey(m.typ, names[resolve(nameOf[i])].sf)
		}
		g := groups[gk]
		if g == nil {
			g = &group{typ: m.typ, place: place}
			groups[gk] = g
			order = append(order, gk)
		}
		if !contains(g.surfaces, sf) {
			g.surfaces = append(g.surfaces, sf)
		}
		g.mentions = append(g.mentions, article.Span{Start: d.startOf(m), End: d.endOf(m)})
		if m.typ == tagger.PER {
			for _, r := range d.roles(m) {
				if !contains(g.roles, r) {
					g.roles = append(g.roles, r)
				}
			}
		}
	}
	out := make([]article.Entity, 0, len(order))
	for _, gk := range order {
		g := groups[gk]
		e := article.Entity{
			Type:     typeNames[g.typ],
			Aliases:  g.surfaces,
			Roles:    g.roles,
			Mentions: g.mentions,
		}
		if e.Roles == nil {
			e.Roles = []string{}
		}
		switch {
		case g.typ == tagger.LOC:
			e.Name = longestCapitalised(g.surfaces)
			if g.place >= 0 {
				p := &d.r.gaz.Places[g.place]
				if e.Name == "" {
					e.Name = p.Name
				}
				e.Country = p.Country
				if p.HasCoord {
					lat, lon := p.Lat, p.Lon
					e.Lat, e.Lon = &lat, &lon
				}
			}
			if e.Name == "" {
				e.Name = g.surfaces[0]
			}
		case gk[0] == 'P' || gk[0] == 'O':
			e.Name = gk[1:]
		default:
			e.Name = g.surfaces[0]
		}
		out = append(out, e)
	}
	return out
}

func typeKey(typ int, sf string) string { return string("POL"[typ]) + sf }

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func longestCapitalised(ss []string) string {
	best := ""
	for _, s := range ss {
		if hasUpper(s) && utf8.RuneCountInString(s) > utf8.RuneCountInString(best) {
			best = s
		}
	}
	return best
}

// extends reports whether the shorter name ws is a short form of the
// longer name ows: for people, its first or last words; for organisations,
// its last words ("Security Council" of "UN Security Council") or its
// initials ("NSC").
func (d *doc) extends(typ int, ws, ows []string) bool {
	n, on := len(ws), len(ows)
	eq := func(a, b []string) bool {
		for i := range a {
			if a[i] != b[i] {
				return false
			}
		}
		return true
	}
	switch typ {
	case tagger.PER:
		return eq(ws, ows[on-n:]) || eq(ws, ows[:n])
	case tagger.ORG:
		if n >= 2 && eq(ws, ows[on-n:]) {
			return true
		}
		if n == 1 && isAcronym(ws[0]) {
			var ini strings.Builder
			for _, w := range ows {
				r, _ := utf8.DecodeRuneInString(w)
				if unicode.IsUpper(r) {
					ini.WriteRune(r)
				}
			}
			return ini.String() == ws[0]
		}
	}
	return false
}

func isAcronym(w string) bool {
	if len(w) < 2 || len(w) > 6 {
		return false
	}
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// docCountries collects the countries named in the article, by place
// names and nationality adjectives, to rank ambiguous place names.
func (d *doc) docCountries(ms []mention) map[string]bool {
	cs := map[string]bool{}
	for si := range d.ss {
		for _, g := range d.ss[si].matches {
			for _, p := range g.Places {
				pl := &d.r.gaz.Places[p]
				if pl.Kind == gazetteer.Country || pl.Kind == gazetteer.Demonym {
					cs[pl.Country] = true
					break
				}
			}
		}
	}
	return cs
}

// resolvePlace picks the gazetteer entry for a location mention: a
// country first, then a place in a country the article names, then the
// most populous; -1 when the name is not in the gazetteer.
func (d *doc) resolvePlace(m mention, countries map[string]bool) int32 {
	s := &d.ss[m.s]
	var cands []int32
	if m.lower {
		if id := d.r.gaz.LowerPlace(s.words[m.ts]); id >= 0 {
			return id
		}
	}
	cands = d.r.gaz.Lookup(s.words[m.ts:m.te])
	best := int32(-1)
	bestScore := -1.0
	for _, c := range cands {
		p := &d.r.gaz.Places[c]
		var sc float64
		switch p.Kind {
		case gazetteer.Demonym:
			continue
		case gazetteer.Country:
			sc = 4e12
		case gazetteer.City:
			sc = float64(p.Pop)
			if p.Big {
				sc += 1e11
			}
		case gazetteer.Admin1:
			sc = 5e10
		}
		if countries[p.Country] {
			sc += 1e12
		}
		if sc > bestScore {
			best, bestScore = c, sc
		}
	}
	return best
}

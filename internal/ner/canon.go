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
	count    int // mentions
}

// name is a distinct (type, surface) pair of the article.
type name struct {
	typ   int
	sf    string
	words []string
	count int
	canon int   // index of the canonical name; -1 while unresolved
	place int32 // gazetteer entry of a location, -1 if none
	group int   // index of its entity; -1 until assigned
}

// build canonicalises the mentions into entities, in order of first
// mention.
func (d *doc) build(ms []mention) []article.Entity {
	names := make([]name, 0, 32)
	type key struct {
		typ int
		sf  string
	}
	index := make(map[key]int, len(ms))
	nameOf := make([]int, len(ms))
	for i, m := range ms {
		sf := d.surface(m)
		k, ok := index[key{m.typ, sf}]
		if !ok {
			k = len(names)
			index[key{m.typ, sf}] = k
			names = append(names, name{typ: m.typ, sf: sf, words: d.ss[m.s].words[m.ts:m.te], canon: -1, place: -1, group: -1})
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
			und := undot(n.sf) // "E.U." is "EU" written with dots
			shout := shoutedName(n.sf)
			for j := range names {
				o := &names[j]
				if o.typ != n.typ {
					continue
				}
				// "NISSAN" in a heading is "Nissan"
				same := und != n.sf && und == o.sf || shout && !allCaps(o.sf) && strings.EqualFold(o.sf, n.sf) ||
					handleOf(n.sf, o.words) // "@MattBevin" is Matt Bevin's
				if !same && (len(o.words) <= len(n.words) || !d.extends(n.typ, n.words, o.words)) {
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
	var countries map[string]bool
	placeGroup := map[int32]int{}
	var groups []group
	// first pass: the entity of every mention, in order of first mention
	groupOf := nameOf // nameOf[i] is not read again once mention i is assigned
	for i, m := range ms {
		k := nameOf[i]
		n := &names[k]
		gi := -1
		if m.typ == tagger.LOC {
			if n.group < 0 {
				if countries == nil {
					countries = d.docCountries()
				}
				n.place = d.resolvePlace(m, countries)
				if n.place >= 0 {
					if g, ok := placeGroup[n.place]; ok {
						n.group = g
					}
				}
			}
			gi = n.group
		} else {
			gi = names[resolve(k)].group
		}
		if gi < 0 {
			gi = len(groups)
			g := group{typ: m.typ, place: n.place}
			if m.typ != tagger.LOC {
				g.name = names[resolve(k)].sf
				names[resolve(k)].group = gi
			} else if n.place >= 0 {
				placeGroup[n.place] = gi
			}
			groups = append(groups, g)
		}
		n.group = gi
		groups[gi].count++
		groupOf[i] = gi
	}
	// second pass: surfaces, mentions and roles, carved out of shared
	// arrays (each entity's slices are capped at its own part)
	spans := make([]article.Span, len(ms))
	sfs := make([]string, len(ms))
	off := 0
	for gi := range groups {
		g := &groups[gi]
		g.mentions = spans[off : off : off+g.count]
		g.surfaces = sfs[off : off : off+g.count]
		off += g.count
	}
	for i, m := range ms {
		g := &groups[groupOf[i]]
		sf := d.surface(m)
		if !contains(g.surfaces, sf) {
			g.surfaces = append(g.surfaces, sf)
		}
		g.mentions = append(g.mentions, article.Span{Start: d.startOf(m), End: d.endOf(m)})
		if m.typ == tagger.PER {
			var buf [2]string
			for _, r := range d.appendRoles(buf[:0], m) {
				if !contains(g.roles, r) {
					g.roles = append(g.roles, r)
				}
			}
		}
	}
	nloc := 0
	for gi := range groups {
		if g := &groups[gi]; g.typ == tagger.LOC && g.place >= 0 && d.r.gaz.Places[g.place].HasCoord {
			nloc++
		}
	}
	coords := make([]float64, 2*nloc)
	out := make([]article.Entity, 0, len(groups))
	for gi := range groups {
		g := &groups[gi]
		e := article.Entity{
			Name:     g.name,
			Type:     typeNames[g.typ],
			Aliases:  g.surfaces,
			Roles:    g.roles,
			Mentions: g.mentions,
		}
		if e.Roles == nil {
			e.Roles = []string{}
		}
		if full, ok := d.family[g.name]; ok && g.typ == tagger.PER {
			e.Name = full // "Joe" of "Joe and Hunter Biden"; "Joe" stays an alias
		}
		if g.typ == tagger.LOC {
			e.Name = longestCapitalised(g.surfaces)
			if g.place >= 0 && !compass[e.Name] { // "the West" is no town on the map
				p := &d.r.gaz.Places[g.place]
				if e.Name == "" || allCaps(e.Name) && strings.EqualFold(e.Name, p.Name) ||
					p.Kind == gazetteer.Admin1 && stateName(e.Name) != "" {
					e.Name = p.Name // a dateline's "LIMA" alone: "Lima"; "S.D.": "South Dakota"
				}
				e.Country = p.Country
				if p.HasCoord {
					c := coords[:2:2]
					coords = coords[2:]
					c[0], c[1] = p.Lat, p.Lon
					e.Lat, e.Lon = &c[0], &c[1]
				}
			}
			if e.Name == "" {
				e.Name = g.surfaces[0]
			}
		}
		out = append(out, e)
	}
	return out
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
		if hasUpper(s) && (utf8.RuneCountInString(s) > utf8.RuneCountInString(best) ||
			allCaps(best) && !allCaps(s) && utf8.RuneCountInString(s) == utf8.RuneCountInString(best)) {
			best = s // "Lima" over the dateline's "LIMA"
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
		// "Apple" of "Apple Inc.", "Halvorsen" of "Halvorsen Foods Inc":
		// the name without its legal form and generic company words
		k := on
		for k > n && corporateWord[ows[k-1]] {
			k--
		}
		if k == n && eq(ws, ows[:n]) {
			return true
		}
		if n == 1 {
			if a := undot(ws[0]); isAcronym(a) {
				return spells(a, ows) // "NSC", "U.N." of "United Nations"
			}
		}
	}
	return false
}

// corporateWord holds legal forms and generic words that end company
// names and that the short name leaves out.
var corporateWord = map[string]bool{
	"Inc": true, "Inc.": true, "Corp": true, "Corp.": true, "Corporation": true, "Co": true, "Co.": true,
	"Company": true, "Ltd": true, "Ltd.": true, "LLC": true, "PLC": true, "plc": true, "AG": true, "SA": true,
	"S.A.": true, "NV": true, "N.V.": true, "GmbH": true, "Group": true, "Holdings": true, "Foods": true,
	"Industries": true, "Enterprises": true, "Technologies": true, "Motors": true, "Motor": true,
	"Airlines": true, "Pharmaceuticals": true, ",": true, "Energy": true, "Pharma": true, "Mining": true,
	"Resources": true, "Financial": true, "Petroleum": true, "Entertainment": true, "Systems": true, "Software": true,
	"Solutions": true, "Electronics": true, "Communications": true, "Networks": true, "Therapeutics": true,
	"Biosciences": true, "Media": true, "Interactive": true, "Automotive": true, "Brands": true, "Chemicals": true,
}

// spells reports whether the acronym a spells the capitals that start the
// words of name, or, for three letters or more, a run of them that starts
// at the first or second capitalised word and ends before "and" or at the
// end: "CDC" for "Chinese Center for Disease Control and Prevention", as
// for "Centers for Disease Control and Prevention".
func spells(a string, name []string) bool {
	var caps []rune
	var ends []bool // ends[i]: a run may end after capital i
	for i, w := range name {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			continue
		}
		caps = append(caps, r)
		ends = append(ends, i+1 == len(name) || name[i+1] == "and" || name[i+1] == "&")
	}
	same := func(start int) bool {
		for k := 0; k < len(a); k++ {
			if rune(a[k]) != caps[start+k] {
				return false
			}
		}
		return true
	}
	if len(a) >= len(caps) {
		return len(a) == len(caps) && same(0)
	}
	run := func(start int) bool { return start+len(a) <= len(caps) && same(start) && ends[start+len(a)-1] }
	return len(a) >= 3 && (run(0) || run(1))
}

// undot returns the letters of a dotted acronym ("U.N." gives "UN"), or w
// itself when it is not one.
func undot(w string) string {
	if len(w) < 4 || len(w)%2 != 0 {
		return w
	}
	b := make([]byte, 0, len(w)/2)
	for i := 0; i < len(w); i += 2 {
		if w[i] < 'A' || w[i] > 'Z' || w[i+1] != '.' {
			return w
		}
		b = append(b, w[i])
	}
	return string(b)
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

// handleOf reports whether handle ("@MattBevin", "@realDonaldTrump") spells
// the name made of words (two or more), ignoring case and a leading "real".
func handleOf(handle string, words []string) bool {
	if len(handle) < 4 || handle[0] != '@' || len(words) < 2 {
		return false
	}
	h := handle[1:]
	if len(h) > 4 && strings.EqualFold(h[:4], "real") {
		if handleOf("@"+h[4:], words) {
			return true
		}
	}
	for _, w := range words {
		if len(w) > len(h) || !strings.EqualFold(h[:len(w)], w) {
			return false
		}
		h = h[len(w):]
	}
	return h == ""
}

// minNamedCity is the population from which a city of a country the
// article names outranks a capital or a city of millions elsewhere.
const minNamedCity = 100_000

// qualifier returns the country of the state or country that follows a
// place's name after a comma at token i ("Moscow, Idaho", "Paris,
// Texas", "Springfield, IL", "Perth, Scotland"), or "".
func (d *doc) qualifier(s *sentence, i int) string {
	if i+1 >= len(s.words) || s.words[i] != "," || !s.caps[i+1] {
		return ""
	}
	if stateName(s.words[i+1]) != "" {
		return "US"
	}
	for n := min(3, len(s.words)-i-1); n >= 1; n-- {
		for _, id := range d.r.gaz.Lookup(s.words[i+1 : i+1+n]) {
			if p := &d.r.gaz.Places[id]; p.Kind == gazetteer.Admin1 || p.Kind == gazetteer.Country {
				return p.Country
			}
		}
	}
	return ""
}

// docCountries collects the countries named in the article, by place
// names and nationality adjectives, to rank ambiguous place names.
func (d *doc) docCountries() map[string]bool {
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

// resolvePlace picks the gazetteer entry for a location mention: the
// place in the state or country named right after it, else a country,
// else a place in a country the article names (a town there only before
// places that are not capitals or cities of a million or more), else the
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
	if len(cands) == 0 && m.te-m.ts <= 2 {
		// "Dekalb, Ill.", "SIOUX FALLS, S.D.": a state's abbreviation
		if name := stateName(d.surface(m)); name != "" {
			for _, id := range d.r.gaz.Lookup(strings.Fields(name)) {
				if p := &d.r.gaz.Places[id]; p.Kind == gazetteer.Admin1 && p.Country == "US" {
					return id
				}
			}
		}
	}
	if len(cands) == 0 {
		// "Democratic Republic of Congo": the country after "of"
		if k := stateOf(s.words[m.ts:m.te]); k > 0 {
			cands = d.r.gaz.Lookup(s.words[m.ts+k : m.te])
		}
	}
	qual := d.qualifier(s, m.te)
	// the largest capital or city of millions outside the named countries
	var bigPop int64
	for _, c := range cands {
		if p := &d.r.gaz.Places[c]; p.Kind == gazetteer.City && p.Big && !countries[p.Country] {
			bigPop = max(bigPop, p.Pop)
		}
	}
	best := int32(-1)
	bestScore := -1.0
	for _, c := range cands {
		p := &d.r.gaz.Places[c]
		var sc float64
		switch p.Kind {
		case gazetteer.Region:
			sc = 3e12 // "Asia", not a town of that name
		case gazetteer.Demonym:
			continue
		case gazetteer.Country:
			sc = 4e12
		case gazetteer.City:
			sc = float64(p.Pop)
			if p.Big {
				sc += 1e12
			}
		case gazetteer.Admin1:
			sc = 5e10 + float64(d.r.countryPop[p.Country])/1e3 // the larger country's on a tie
		}
		if countries[p.Country] {
			// a place of a country the article names wins, unless it is
			// a town, or a city a tenth the size of a capital or city of
			// millions elsewhere: "via Moscow and Paris" in a story about
			// the United States, "Madrid" in one that names Colombia
			// (but Valencia, Spain, in a story about Spain)
			if p.Kind == gazetteer.City && !p.Big && (p.Pop < minNamedCity || p.Pop*10 < bigPop) {
				sc += 1e11
			} else {
				sc += 2e12
			}
		}
		if qual != "" && p.Country == qual && p.Kind != gazetteer.Country {
			sc += 1e13 // "Moscow, Idaho"
		}
		if sc > bestScore {
			best, bestScore = c, sc
		}
	}
	return best
}

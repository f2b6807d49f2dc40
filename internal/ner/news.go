package ner

import (
	"slices"
	"strings"

	"github.com/copydesk/copydesk/internal/ner/gazetteer"
	"github.com/copydesk/copydesk/internal/ner/tagger"
)

// upperLetter reports whether w starts with an upper-case letter (not a
// digit): "6-3" after a surname does not continue a name.
func upperLetter(w string) bool {
	return hasUpper(w) && !(w[0] >= '0' && w[0] <= '9')
}

// positionWord reports whether w is a sports position or other role word
// written between a team and a player ("Pittsburgh center Maurkice
// Pouncey", "Browns pass rusher Myles Garrett"), in lower case, or a
// position abbreviation in capitals ("Cleveland DL Larry Ogunjobi").
func positionWord(w string) bool {
	switch w {
	case "defensive", "offensive", "running", "wide", "tight", "pass", "head", "assistant", "star", "general":
		return true // modifiers: "running back", "head coach"
	}
	return positionHead(w)
}

// positionHead reports whether w is a position noun that may stand right
// before a player's name ("quarterback", "coach", "DL").
func positionHead(w string) bool {
	switch w {
	case "center", "quarterback", "linebacker", "rusher", "receiver", "cornerback", "tackle", "guard", "forward",
		"defenseman", "goaltender", "goalie", "pitcher", "catcher", "shortstop", "outfielder", "infielder", "winger",
		"striker", "midfielder", "defender", "goalkeeper", "coach", "back", "end", "safety", "kicker", "punter",
		"lineman", "starter", "reliever", "closer", "rookie", "captain", "centre", "owner", "manager",
		"coordinator", "diver", "swimmer", "senior", "junior", "sophomore", "freshman":
		return true
	}
	return positionAbbrev(w)
}

// positionAbbrev reports whether w is a position abbreviation ("DL").
func positionAbbrev(w string) bool {
	switch w {
	case "DL", "QB", "WR", "RB", "TE", "LB", "OL", "DB", "CB", "DE", "DT", "OT", "OG", "RHP", "LHP", "SS", "LW", "RW", "GM":
		return true
	}
	return false
}

// winVerbs report a result between two teams ("rolled past", "beat").
var winVerbs = map[string]bool{"beat": true, "beats": true, "defeated": true, "defeats": true, "downed": true,
	"edged": true, "edges": true, "topped": true, "tops": true, "routed": true, "routs": true, "blanked": true,
	"outlasted": true, "stunned": true, "upset": true, "crushed": true, "thumped": true, "whipped": true,
	"past": true, "over": true, "rallied": true, "held": true, "shut": true}

// isScore reports whether w is a game score such as "45-17" or "2-1".
func isScore(w string) bool {
	a, b, ok := strings.Cut(w, "-")
	return ok && len(a) <= 3 && len(b) <= 3 && isDigits(a) && isDigits(b)
}

// strongPlace reports whether a gazetteer match names a country, a
// first-level region or a big city that is not also a common word.
func (d *doc) strongPlace(g gazetteer.Match) bool {
	for _, p := range g.Places {
		pl := &d.r.gaz.Places[p]
		if pl.Kind == gazetteer.Country || pl.Kind == gazetteer.Admin1 && !pl.Risky || pl.Kind == gazetteer.City && pl.Big && !pl.Risky {
			return true
		}
	}
	return false
}

// strongPlaceAt is strongPlace for a match starting at token i.
func (d *doc) strongPlaceAt(s *sentence, i int) bool {
	for _, g := range s.matches {
		if g.Start == i && d.strongPlace(g) {
			return true
		}
	}
	return false
}

// countryAt reports whether the match [i, j) is a country.
func (d *doc) countryAt(s *sentence, i, j int) bool {
	for _, g := range s.matches {
		if g.Start == i && g.End == j && d.hasKind(g, gazetteer.Country) {
			return true
		}
	}
	return false
}

// force fixes the type of every mention with surface sf for the article
// (the consistency stage applies it).
func (d *doc) force(sf string, t int) {
	if d.locked[sf] {
		return
	}
	if d.forced == nil {
		d.forced = map[string]int{}
	}
	d.forced[sf] = t
}

// lock keeps the surface sf at its current type: force and orgTitles
// leave it alone (names of known.txt, an office's full name).
func (d *doc) lock(sf string) {
	if d.locked == nil {
		d.locked = map[string]bool{}
	}
	d.locked[sf] = true
}

// replace adds m and removes the mentions it overlaps.
func replace(ms []mention, m mention) []mention {
	kept := ms[:0]
	for _, o := range ms {
		if !(o.s == m.s && o.ts < m.te && m.ts < o.te) {
			kept = append(kept, o)
		}
	}
	return append(kept, m)
}

// mentionAt returns the index of the mention covering token i of sentence
// si, or -1.
func mentionAt(ms []mention, si, i int) int {
	for k, m := range ms {
		if m.s == si && m.ts <= i && i < m.te {
			return k
		}
	}
	return -1
}

// roleNames types the names around role words:
//
//   - a team before a position and a player ("Pittsburgh center Maurkice
//     Pouncey", "Wild coach Bruce Boudreau", "Browns DL Sheldon
//     Richardson") is an organisation, unless it is a country (a country
//     standing for its team stays a place); the player is a person;
//   - places on either side of a result in a sentence with a score
//     ("Eastern Michigan rolled past Northern Illinois, 45-17") are teams;
//   - a two- or three-word name right after a lower-case title word
//     ("Apple analyst Ming-Chi Kuo") is a person.
func (d *doc) roleNames(ms []mention) []mention {
	var surnames map[string]bool
	surname := func(w string) bool {
		if surnames == nil {
			surnames = map[string]bool{}
			for _, m := range ms {
				if m.typ == tagger.PER && m.te-m.ts > 1 {
					surnames[d.ss[m.s].words[m.te-1]] = true
				}
			}
		}
		return surnames[w]
	}
	for si := range d.ss {
		s := &d.ss[si]
		n := len(s.words)
		for i := 1; i+1 < n; i++ {
			if !s.caps[i] || !s.caps[i+1] || s.caps[i-1] && (len(s.words[i-1]) > 3 || !positionAbbrev(s.words[i-1])) {
				continue
			}
			// a player: 2-3 capitalised words after a lower-case role word
			if p := s.words[i-1]; positionAbbrev(p) || !hasUpper(p) && (positionHead(p) || headWord(p)) {
				j := i
				for j < n && j-i < 3 && s.caps[j] && upperLetter(s.words[j]) && !isPunct(s.words[j]) && s.flags[j]&(tagger.GazOrgCue|tagger.GazOrgSuffix|tagger.GazTitle|tagger.GazCalendar) == 0 {
					j++
				}
				if j-i >= 2 && (j == n || !s.caps[j]) && d.r.gaz.Lookup(s.words[i:j]) == nil {
					if k := mentionAt(ms, si, i); k < 0 || ms[k].ts == i && ms[k].te <= j && ms[k].typ != tagger.PER {
						ms = replace(ms, mention{s: si, ts: i, te: j, typ: tagger.PER})
					}
				}
			}
		}
		// team before a position and a player
		for i := 1; i+2 < n; i++ {
			// a lower-case position or a short abbreviation ("DL")
			if !s.caps[i-1] || !(s.caps[i+1] || s.caps[i+2]) || s.caps[i] && len(s.words[i]) > 3 || !positionWord(s.words[i]) {
				continue
			}
			// the player: a person mention after one or two position words
			p := i + 1
			if p < n && positionWord(s.words[p]) && !hasUpper(s.words[p]) {
				p++
			}
			if p >= n || !s.caps[p] {
				continue
			}
			if k := mentionAt(ms, si, p); k < 0 || ms[k].typ != tagger.PER || ms[k].ts != p {
				continue
			}
			// the team: capitalised words ending right before the position
			b := i
			for b > 0 && i-b < 3 && s.caps[b-1] && upperLetter(s.words[b-1]) && !isPunct(s.words[b-1]) && !isPossessive(s.words[b-1]) {
				b--
			}
			if b == i || b > 0 && (s.caps[b-1] || isPossessive(s.words[b-1])) {
				continue
			}
			if d.countryAt(s, b, i) || d.demonymAt(s, b) >= 0 || s.flags[b]&(tagger.GazTitle|tagger.GazCalendar|tagger.GazHonorific) != 0 || i-b == 1 && surname(s.words[b]) {
				continue
			}
			if b == 0 && s.flags[b]&tagger.GazCommon != 0 {
				continue
			}
			if k := mentionAt(ms, si, b); k >= 0 && (ms[k].ts != b || ms[k].te > i) {
				continue
			}
			if k := mentionAt(ms, si, i-1); k >= 0 && ms[k].te > i {
				continue
			}
			m := mention{s: si, ts: b, te: i, typ: tagger.ORG}
			ms = replace(ms, m)
			d.force(d.surface(m), tagger.ORG)
		}
	}
	// "Eastern Michigan rolled past Northern Illinois, 45-17": places on
	// either side of a result, in a sentence with a score or an article
	// that names a club ("Minnesota beat Buffalo" after "Wild 4, Sabres 1")
	// "lost to Denver", "drew 1-1 with Lazio" are results too; a place
	// that signs or trades a player ("Seattle traded the pitcher to
	// Houston") is a team, and so is the place the player goes to; a
	// town before "fans" or "supporters" is its club ("Liverpool fans"),
	// a country stays a place ("England fans")
	for j := range ms {
		m := ms[j]
		if m.typ != tagger.LOC {
			continue
		}
		s := &d.ss[m.s]
		n := len(s.words)
		before := m.te < n && (winVerbs[s.words[m.te]] || s.words[m.te] == "drew" || s.words[m.te] == "lost" && m.te+1 < n && isScore(s.words[m.te+1])) ||
			m.te+1 < n && !s.caps[m.te] && (s.words[m.te+1] == "past" || s.words[m.te+1] == "over") // "rolled past"
		after := m.ts > 0 && winVerbs[s.words[m.ts-1]] ||
			m.ts > 1 && (s.words[m.ts-1] == "to" && (s.words[m.ts-2] == "lost" || s.words[m.ts-2] == "loss") ||
				s.words[m.ts-1] == "with" && (s.words[m.ts-2] == "drew" || m.ts > 2 && isScore(s.words[m.ts-2]) && s.words[m.ts-3] == "drew"))
		fans := m.te < n && (s.words[m.te] == "fans" || s.words[m.te] == "supporters") // "Liverpool fans"
		if !fans && (!before && !after || !hasScore(s) && !d.sports) {
			if !d.playerMove(s, m) {
				continue
			}
		}
		if d.countryAt(s, m.ts, m.te) || m.te-m.ts == 1 && surname(s.words[m.ts]) {
			continue
		}
		ms[j].typ = tagger.ORG
		d.force(d.surface(m), tagger.ORG)
	}
	return ms
}

// playerMove reports whether place m of s signs or trades a player or
// receives one ("Seattle traded the pitcher to Houston", "Green Bay signed
// the kicker"): a team's move, its verb right after the name or before
// "to" and the name before no other capitalised word.
func (d *doc) playerMove(s *sentence, m mention) bool {
	n := len(s.words)
	verb := func(k int) bool {
		switch s.words[k] {
		case "signed", "traded", "acquired", "waived", "released", "drafted", "claimed":
		default:
			return false
		}
		for j := k + 1; j < n && j <= k+4; j++ {
			if positionHead(s.words[j]) && !hasUpper(s.words[j]) {
				return true
			}
		}
		return false
	}
	if m.te < n && verb(m.te) {
		return true
	}
	if m.ts < 4 || s.words[m.ts-1] != "to" || m.te < n && s.caps[m.te] {
		return false
	}
	for k := m.ts - 2; k >= 0 && k >= m.ts-6; k-- {
		if verb(k) {
			return k > 0 && s.caps[k-1]
		}
	}
	return false
}

// hasScore reports whether the sentence holds a game score ("45-17").
func hasScore(s *sentence) bool {
	for _, w := range s.words {
		if w != "" && w[0] >= '0' && w[0] <= '9' && isScore(w) {
			return true
		}
	}
	return false
}

// attorneyAt makes "the New York State Attorney General" (an office, not
// followed by the holder's name), with "Attorney" at token i, one
// organisation.
func (d *doc) attorneyAt(ms []mention, si, i int) []mention {
	s := &d.ss[si]
	n := len(s.words)
	e := i + 2
	if e < n && s.caps[e] && !isPunct(s.words[e]) && !isPossessive(s.words[e]) {
		return ms // "Attorney General Letitia James": a role
	}
	b := i
	if s.words[b-1] == "State" {
		b--
	}
	p := b
	for p > 0 && b-p < 3 && s.caps[p-1] && !isPunct(s.words[p-1]) && !isArticle(s.words[p-1]) {
		p--
	}
	if p == b || d.r.gaz.Lookup(s.words[p:b]) == nil {
		return ms
	}
	return replace(ms, mention{s: si, ts: p, te: e, typ: tagger.ORG})
}

// orgShapeAt finds organisations by their shape at token i of sentence
// si (placeShapes calls it for every token that may start one): "the
// Communist party" (capitalised words, then "party" in lower case), a
// capitalised web address ("Polygraph.info"), and the office of an
// attorney general ("the New York State Attorney General"); a handle
// after a title is a person ("Governor @MattBevin"). It also notes the
// names followed by a model word ("MacBook Pro") for notNames.
func (d *doc) orgShapeAt(ms []mention, si, i int) []mention {
	s := &d.ss[si]
	n := len(s.words)
	if !s.caps[i] {
		if w := s.words[i]; w == "party" && s.caps[i-1] {
			ms = d.party(ms, si, i)
		} else if len(w) > 2 && w[0] == '@' {
			// a handle after a title is a person: "Governor @MattBevin"
			p := i - 1
			if s.words[p] == "," && p > 0 {
				p--
			}
			if hasUpper(s.words[p]) && headWord(s.words[p]) && !overlaps(ms, si, i, i+1) {
				ms = append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.PER})
			}
		}
		return ms
	}
	w := s.words[i]
	if i > 0 && s.caps[i-1] && len(w) <= 9 && modelFirst[w[0]] && modelWord(w) {
		// a product: "MacBook Pro" (see notNames)
		p := s.words[i-1]
		if upperLetter(p) && s.toks[i-1].End < s.toks[i].Start && s.flags[i-1]&(tagger.GazCommon|tagger.GazOrgCue|tagger.GazPlaceB|tagger.GazPlaceI) == 0 && !d.knownOrg(p) {
			d.products = append(d.products, p)
		}
		return ms
	}
	if w == "Attorney" && i > 0 && i+1 < n && s.words[i+1] == "General" {
		return d.attorneyAt(ms, si, i)
	}
	// a web address, perhaps split by the tokenizer: "Polygraph" "."
	// "info"
	if i+2 < n && s.words[i+1] == "." && s.toks[i+1].Start == s.toks[i].End && s.toks[i+2].Start == s.toks[i+1].End &&
		topDomain(s.words[i+2]) && webName(w+".com") {
		if k := mentionAt(ms, si, i); k < 0 || ms[k].ts >= i {
			ms = replace(ms, mention{s: si, ts: i, te: i + 3, typ: tagger.ORG})
		}
		return ms
	}
	if l := len(w); l > 5 && (w[l-4] == '.' || w[l-5] == '.' || w[l-3] == '.') && webName(w) && mentionAt(ms, si, i) < 0 {
		ms = append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.ORG})
	}
	// a company's initials joined by "&": "AT&T", "PG&E", "H&M"; not an
	// index ("S&P 500") or a common pair ("R&D", "Q&A")
	if ampersandInitials(w) && !(i+1 < n && isDigits(s.words[i+1])) && mentionAt(ms, si, i) < 0 {
		ms = append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.ORG})
	}
	return ms
}

// ampersandInitials reports whether w is upper-case letters joined by one
// "&", five letters at most, and not a common noun's initials.
func ampersandInitials(w string) bool {
	a := strings.IndexByte(w, '&')
	if a < 1 || a == len(w)-1 || len(w) > 6 || strings.Count(w, "&") != 1 {
		return false
	}
	for k := 0; k < len(w); k++ {
		if k != a && (w[k] < 'A' || w[k] > 'Z') {
			return false
		}
	}
	switch w {
	case "R&D", "Q&A", "M&A", "R&B", "B&B", "P&L", "F&B", "C&W", "A&E", "D&D", "S&L", "G&T", "B&W", "T&C":
		return false
	}
	return true
}

// isDigits reports whether w is one or more ASCII digits.
func isDigits(w string) bool {
	if w == "" {
		return false
	}
	for k := 0; k < len(w); k++ {
		if w[k] < '0' || w[k] > '9' {
			return false
		}
	}
	return true
}

// party adds the party named by the capitalised words before "party" at
// token i.
func (d *doc) party(ms []mention, si, i int) []mention {
	s := &d.ss[si]
	if !upperLetter(s.words[i-1]) || isPunct(s.words[i-1]) {
		return ms
	}
	b := i - 1
	for b > 0 && i-b < 3 && s.caps[b-1] && upperLetter(s.words[b-1]) && !isPunct(s.words[b-1]) {
		b--
	}
	if b == 0 && s.flags[0]&tagger.GazCommon != 0 || s.flags[b]&(tagger.GazTitle|tagger.GazCalendar) != 0 {
		return ms
	}
	if k := mentionAt(ms, si, b); k >= 0 && ms[k].ts < b {
		return ms
	}
	return replace(ms, mention{s: si, ts: b, te: i + 1, typ: tagger.ORG})
}

// webName reports whether w is a capitalised web address naming a site
// ("Polygraph.info", "Axios.com").
func webName(w string) bool {
	i := strings.LastIndexByte(w, '.')
	if i < 2 || !upperLetter(w) {
		return false
	}
	if !topDomain(w[i+1:]) {
		return false
	}
	for j := 0; j < i; j++ {
		c := w[j]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// topDomain reports whether w is a common top-level domain.
func topDomain(w string) bool {
	switch w {
	case "com", "org", "net", "info", "io", "co":
		return true
	}
	return false
}

// orgTitles removes a trailing title from an organisation ("House of
// Representatives Speaker", "Senate President").
func (d *doc) orgTitles(ms []mention) []mention {
	for k := range ms {
		m := &ms[k]
		if m.typ != tagger.ORG || m.te-m.ts < 2 || d.locked != nil && d.locked[d.surface(*m)] {
			continue
		}
		s := &d.ss[m.s]
		last, prev := s.words[m.te-1], s.words[m.te-2]
		if !headWord(last) || roleWord(prev) || !upperLetter(prev) || isPunct(prev) || inSet(connectors, prev) || d.demonymAt(s, m.te-2) >= 0 {
			continue
		}
		if m.te-m.ts == 2 && s.flags[m.ts]&(tagger.GazOrgCue) == 0 && d.r.gaz.Lookup(s.words[m.ts:m.te-1]) != nil {
			// "Delhi Chief": the place keeps its own type
			m.typ = tagger.LOC
		}
		m.te--
	}
	return ms
}

// companySuffixes end company names whose first word is used alone later
// ("The Carlyle Group" … "Carlyle").
var companySuffixes = map[string]bool{"group": true, "holdings": true, "inc": true, "inc.": true, "corp": true,
	"corp.": true, "co": true, "co.": true, "ltd": true, "ltd.": true, "llc": true, "plc": true, "airline": true,
	"airlines": true, "airways": true, "motors": true, "media": true, "technologies": true, "industries": true,
	"systems": true, "communications": true, "entertainment": true, "brands": true, "foods": true,
	"pharmaceuticals": true, "partners": true, "ventures": true, "capital": true, "securities": true,
	"bancorp": true, "corporation": true, "company": true, "labs": true, "studios": true, "records": true,
	"animation": true, "pictures": true, "films": true, "games": true, "software": true, "energy": true,
	"financial": true, "insurance": true, "bank": true, "networks": true, "solutions": true, "design": true}

// companyHeads makes the first word of a company name ending in a
// company word an organisation wherever it stands alone: "Carlyle" after
// "The Carlyle Group", "Ithaca" after "Ithaca Holdings" (a town's name
// too); and the first two words of a longer one, when they are a
// mention of their own ("Big Machine" after "Big Machine Label Group").
func (d *doc) companyHeads(ms []mention) []mention {
	var heads []string
	var pairs [][2]string // first two words of longer company names
	for _, m := range ms {
		if m.typ != tagger.ORG || m.te-m.ts < 2 {
			continue
		}
		s := &d.ss[m.s]
		if !inSet(companySuffixes, s.words[m.te-1]) {
			continue
		}
		w := s.words[m.ts]
		if m.te-m.ts >= 3 && s.flags[m.ts]&(tagger.GazFirstName|tagger.GazTitle|tagger.GazDemonym|gazPlace) == 0 && upperLetter(w) &&
			upperLetter(s.words[m.ts+1]) && s.flags[m.ts+1]&(tagger.GazOrgCue|tagger.GazOrgSuffix|gazPlace) == 0 {
			pairs = append(pairs, [2]string{w, s.words[m.ts+1]})
		}
		if !upperLetter(w) || allCaps(w) && len(w) < 3 || len(w) < 3 || s.flags[m.ts]&(tagger.GazCommon|tagger.GazTitle|tagger.GazDemonym|tagger.GazCountry|tagger.GazAdmin1|tagger.GazBigCity) != 0 {
			continue
		}
		if s.flags[m.ts]&tagger.GazFirstName != 0 && d.personWord(ms, w) {
			continue // "Walt Disney Co." when Walt is a person of the article
		}
		if m.te-m.ts > 2 && s.flags[m.ts+1]&tagger.GazPlaceB == 0 {
			continue // "Walt Disney Co.": only "Nissan North America Inc." style
		}
		heads = append(heads, w)
	}
	// "Big Machine" after "Big Machine Label Group": the first two words
	// of a longer company name are that company, not a person
	for k := range ms {
		m := &ms[k]
		if m.typ == tagger.ORG || m.te-m.ts != 2 {
			continue
		}
		s := &d.ss[m.s]
		for _, p := range pairs {
			if s.words[m.ts] == p[0] && s.words[m.ts+1] == p[1] {
				m.typ = tagger.ORG
				break
			}
		}
	}
	if len(heads) == 0 {
		return ms
	}
	for si := range d.ss {
		s := &d.ss[si]
		n := len(s.words)
		for i, w := range s.words {
			if !s.caps[i] || indexWord(heads, w) < 0 || i+1 < n && s.caps[i+1] && !isPunct(s.words[i+1]) {
				continue
			}
			if i > 0 && s.caps[i-1] && !isArticle(s.words[i-1]) && !isPunct(s.words[i-1]) {
				continue
			}
			k := mentionAt(ms, si, i)
			if k >= 0 && (ms[k].ts != i || ms[k].te != i+1) {
				continue
			}
			if k >= 0 {
				ms[k].typ = tagger.ORG
			} else {
				ms = append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.ORG})
			}
		}
	}
	for _, h := range heads {
		d.force(h, tagger.ORG)
	}
	return ms
}

// placeNoun reports whether w is a lower-case place noun that follows a
// place's name ("Kowloon West district", "the Rukban refugee camp").
func placeNoun(w string) bool {
	switch w {
	case "district", "province", "county", "region", "village", "town", "area", "camp", "neighborhood",
		"neighbourhood", "suburb", "township", "municipality", "valley", "base", "prefecture", "governorate",
		"island", "river", "border", "crossing", "settlement", "rainforest", "basin", "delta":
		return true
	}
	return false
}

// venueCue reports whether w ends the name of a venue or facility, which
// is a place ("Center" and "Centre" only after a locative).
func venueCue(w string) bool {
	switch w {
	case "Arena", "Stadium", "Auditorium", "Theater", "Theatre", "Suites", "Hotel", "Airport", "Mall", "Coliseum",
		"Ballpark", "Amphitheater", "Amphitheatre", "Pavilion", "Speedway", "Bridge", "Plaza", "Field", "Gardens",
		"Center", "Centre", "Room", "Showroom", "Statehouse", "Courthouse", "Park", "Square", "Headquarters",
		"Tower", "Cathedral", "Mosque", "Monument":
		return true
	}
	return false
}

// arabicName reports whether w is a name with a lower-case Arabic article
// ("al-Tanf", "el-Sisi").
func arabicName(w string) bool {
	for _, p := range [...]string{"al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-"} {
		if strings.HasPrefix(w, p) && len(w) > len(p)+1 {
			c := w[len(p)]
			return c >= 'A' && c <= 'Z'
		}
	}
	return false
}

// locatives introduce a place.
func locative(w string) bool {
	switch w {
	case "in", "at", "near", "from", "outside", "inside", "to", "into", "In", "At", "Near", "From", "Outside", "Inside":
		return true
	}
	return false
}

// placeShapes finds places by their shape and context (and organisations
// by theirs: see orgShapeAt):
//
//   - capitalised words before a lower-case place noun ("Kowloon West
//     district", "Saket area"), one modifier allowed before "camp" or
//     "base" ("the Rubkan refugee camp");
//   - "Place's Name" at the end of a clause ("Punjab's Bhatinda.");
//   - venues ("KeyBank Center" after a locative, "Public Auditorium");
//   - names with an Arabic article ("al-Tanf") after a locative, a
//     place's possessive or before a place noun, and their repetitions;
//   - a state's initials in capitals ("SD" for "South Dakota").
func (d *doc) placeShapes(ms []mention) []mention {
	var arabic []string
	for si := range d.ss {
		s := &d.ss[si]
		n := len(s.words)
		for i := 0; i < n; i++ {
			if s.caps[i] {
				ms = d.orgShapeAt(ms, si, i)
				if i >= 2 && i+1 < n && !s.caps[i+1] && isPossessive(s.words[i-1]) {
					ms = d.ownedPlace(ms, si, i)
				}
				if i >= 1 && s.caps[i-1] && venueCue(s.words[i]) {
					ms = d.venue(ms, si, i)
				}
				if i+2 < n && s.words[i+2] == "based" && s.words[i+1] == "-" && s.toks[i].End == s.toks[i+1].Start && mentionAt(ms, si, i) < 0 &&
					upperLetter(s.words[i]) && s.flags[i]&(tagger.GazCommon|tagger.GazFirstName|tagger.GazCalendar|tagger.GazTitle) == 0 && (i == 0 || !s.caps[i-1] || isPunct(s.words[i-1]) || isArticle(s.words[i-1])) {
					// "Ferndale-based": a name the rules left untyped
					ms = append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.LOC})
				}
				continue
			}
			// a place noun follows a capitalised word or two; an Arabic
			// name has a capital inside
			if !s.hot[i] && !(i > 0 && (s.caps[i-1] || i > 1 && s.caps[i-2])) {
				continue
			}
			if i > 0 && (s.caps[i-1] || s.hot[i]) {
				ms = d.orgShapeAt(ms, si, i) // "Communist party", a handle
			}
			w := s.words[i]
			if len(w) < 4 {
				continue // no place noun or Arabic name is shorter
			}
			if s.hot[i] && (w[2] == '-' || w[3] == '-') && w[0] >= 'a' && w[0] <= 'z' && arabicName(w) {
				ok := i > 0 && (locative(s.words[i-1]) || isPossessive(s.words[i-1])) || i+1 < n && placeNoun(s.words[i+1])
				if ok && indexWord(arabic, w) < 0 {
					arabic = append(arabic, w)
				}
				continue
			}
			if i > 0 && (s.caps[i-1] || i > 1 && s.caps[i-2]) && placeNoun(w) {
				ms = d.beforePlaceNoun(ms, si, i)
			}
		}
	}
	if len(arabic) > 0 {
		for si := range d.ss {
			s := &d.ss[si]
			for i, w := range s.words {
				if s.hot[i] && !s.caps[i] && len(w) > 3 && indexWord(arabic, w) >= 0 && mentionAt(ms, si, i) < 0 {
					ms = append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.LOC})
				}
			}
		}
	}
	// initials of a multi-word place: "SD" for "South Dakota"
	var inits []uint16
	for _, m := range ms {
		if m.typ != tagger.LOC || m.te-m.ts != 2 {
			continue
		}
		s := &d.ss[m.s]
		a, b := s.words[m.ts], s.words[m.ts+1]
		if !upperLetter(a) || !upperLetter(b) || allCaps(a) || allCaps(b) {
			continue
		}
		inits = append(inits, uint16(a[0])<<8|uint16(b[0]))
	}
	if len(inits) > 0 {
		for si := range d.ss {
			s := &d.ss[si]
			for i, w := range s.words {
				if s.caps[i] && (i == 0 || !s.caps[i-1] || isPunct(s.words[i-1])) && len(w) == 2 && slices.Contains(inits, uint16(w[0])<<8|uint16(w[1])) &&
					(i+1 == len(s.words) || !s.caps[i+1] || isPunct(s.words[i+1])) && mentionAt(ms, si, i) < 0 && !headline(s) {
					ms = append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.LOC})
				}
			}
		}
	}
	return ms
}

// beforePlaceNoun adds the place named before the place noun at token i
// ("Kowloon West district", "the Rubkan refugee camp").
func (d *doc) beforePlaceNoun(ms []mention, si, i int) []mention {
	s := &d.ss[si]
	w := s.words[i]
	e := i
	if !s.caps[e-1] && e >= 2 && (w == "camp" || w == "base") && !hasUpper(s.words[e-1]) && s.caps[e-2] && s.flags[e-1]&tagger.GazCommon == 0 {
		e-- // "Rubkan refugee camp", not "I would camp"
	}
	if !s.caps[e-1] || isPunct(s.words[e-1]) {
		return ms
	}
	b := e
	for b > 0 && e-b < 3 && s.caps[b-1] && upperLetter(s.words[b-1]) && !isPunct(s.words[b-1]) && !isArticle(s.words[b-1]) {
		b--
	}
	if b == e {
		return ms
	}
	if b > 0 && isPossessive(s.words[b-1]) {
		// "Delhi's Saket area": the owner is a place
	} else if b > 0 && s.caps[b-1] && !isArticle(s.words[b-1]) {
		return ms
	}
	if s.flags[b]&(tagger.GazCommon|tagger.GazCalendar|tagger.GazTitle|tagger.GazDemonym|tagger.GazFirstName|tagger.GazOrgCue) != 0 && e-b == 1 {
		return ms
	}
	if d.demonymAt(s, b) >= 0 {
		return ms
	}
	k := mentionAt(ms, si, b)
	if k >= 0 && (ms[k].ts < b || ms[k].te > e || ms[k].typ == tagger.PER && ms[k].te-ms[k].ts > 1 || ms[k].ts == b && ms[k].te == e && ms[k].typ == tagger.LOC) {
		return ms
	}
	if k2 := mentionAt(ms, si, e-1); k2 >= 0 && ms[k2].te > e {
		return ms
	}
	return replace(ms, mention{s: si, ts: b, te: e, typ: tagger.LOC})
}

// ownedPlace adds "Bhatinda" in "Punjab's Bhatinda." (token i, at the end
// of a clause, after a place's possessive).
func (d *doc) ownedPlace(ms []mention, si, i int) []mention {
	s := &d.ss[si]
	if !upperLetter(s.words[i]) || !isPunct(s.words[i+1]) || s.words[i+1] == "(" {
		return ms
	}
	if s.flags[i]&(tagger.GazCommon|tagger.GazCalendar|tagger.GazTitle|tagger.GazFirstName|tagger.GazDemonym) != 0 {
		return ms
	}
	k := mentionAt(ms, si, i-2)
	if k < 0 || ms[k].typ != tagger.LOC || ms[k].te != i-1 || mentionAt(ms, si, i) >= 0 {
		return ms
	}
	return append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.LOC})
}

// venue adds the venue whose name ends in the cue word at token e
// ("KeyBank Center" after a locative, "Public Auditorium").
func (d *doc) venue(ms []mention, si, e int) []mention {
	s := &d.ss[si]
	n := len(s.words)
	if isPunct(s.words[e-1]) {
		return ms
	}
	w := s.words[e]
	if w == "Park" && s.flags[e-1]&tagger.GazFirstName != 0 {
		return ms // "Jimin Park"
	}
	center := w == "Center" || w == "Centre"
	if e+1 < n && s.caps[e+1] && !isPunct(s.words[e+1]) || e+1 < n && (s.words[e+1] == "of" || s.words[e+1] == "for") {
		return ms
	}
	b := e
	for b > 0 && e-b < 4 && s.caps[b-1] && upperLetter(s.words[b-1]) && !isPunct(s.words[b-1]) {
		b--
	}
	if b > 0 && isPossessive(s.words[b-1]) && center {
		return ms // "NASA's Goddard Space Flight Center"
	}
	if center {
		switch s.words[e-1] {
		case "Research", "Policy", "Studies", "Law", "Justice", "Science":
			return ms // an institution: "the Pew Research Center"
		}
		// only where a place is expected: "in KeyBank Center", "outside
		// the Smoothie King Center"
		p := b - 1
		if p > 0 && isArticle(s.words[p]) {
			p--
		}
		if p < 0 || !locative(s.words[p]) {
			return ms
		}
	}
	if b == 0 && s.flags[0]&tagger.GazCommon != 0 && e-b == 1 {
		return ms
	}
	if isArticle(s.words[b]) && b < e {
		b++ // "The Cynthia Woods Mitchell Pavilion": the article stays out
	}
	if k := mentionAt(ms, si, b); k >= 0 && ms[k].ts < b {
		return ms
	}
	if k := mentionAt(ms, si, e); k >= 0 && ms[k].te > e+1 {
		return ms
	}
	return replace(ms, mention{s: si, ts: b, te: e + 1, typ: tagger.LOC})
}

// modelFirst holds the first letters of the model words.
var modelFirst = [256]bool{'P': true, 'A': true, 'M': true, 'L': true, 'U': true, 'E': true, 'X': true, 'S': true}

// camelProduct reports whether w is written like a product's name: a
// lower-case letter before a capital ("iPhone", "eGift") or a capital
// inside a word that starts with one ("AirPods", "CarPlay"), and no
// more than one capital in a row ("McDonald" aside: "Mc" starts names).
func camelProduct(w string) bool {
	if len(w) < 4 || strings.HasPrefix(w, "Mc") || strings.HasPrefix(w, "Mac") && len(w) > 3 && w[3] >= 'A' && w[3] <= 'Z' {
		return false
	}
	upper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	lowerc := func(c byte) bool { return c >= 'a' && c <= 'z' }
	if lowerc(w[0]) && upper(w[1]) && lowerc(w[2]) {
		return true // iPhone, eGift
	}
	if !upper(w[0]) {
		return false
	}
	for i := 2; i+1 < len(w); i++ {
		if upper(w[i]) && lowerc(w[i-1]) && lowerc(w[i+1]) {
			return true // AirPods
		}
	}
	return false
}

// productAfter reports whether the word at token i of sentence si, after
// a brand, starts a product's name: a capitalised word that no mention
// holds, is no role, title, day, honorific, given name, place or company
// word, and is either no common English word ("Stadia") or followed by
// another capitalised word or a number ("Watch Series 3"), in a sentence
// that is no headline.
func (d *doc) productAfter(ms []mention, si, i int) bool {
	s := &d.ss[si]
	w := s.words[i]
	const not = tagger.GazFirstName | tagger.GazOrgCue | tagger.GazOrgSuffix | tagger.GazPlaceB | tagger.GazPlaceI |
		tagger.GazTitle | tagger.GazCalendar | tagger.GazHonorific
	if !upperLetter(w) || allCaps(w) || s.flags[i]&not != 0 || roleWord(w) || notNameWord(w) || mentionAt(ms, si, i) >= 0 {
		return false
	}
	if s.flags[i]&tagger.GazCommon != 0 && (i+1 == len(s.words) || !s.caps[i+1] || isPunct(s.words[i+1]) || s.toks[i+1].Start != s.toks[i].End+1) {
		return false // "Watch" needs a next word; "Stadia" does not
	}
	return !headline(s)
}

// modelWord reports whether w follows a product's name ("MacBook Pro",
// "Switch Lite").
func modelWord(w string) bool {
	switch w {
	case "Pro", "Air", "Max", "Lite", "Mini", "Plus", "Ultra", "Edition", "XL", "SE", "Sportback":
		return true
	}
	return false
}

// productNouns follow a product's name, perhaps after an adjective ("the
// Sentra compact sedan", "6 million Sentra vehicles").
var productNouns = map[string]bool{"sedan": true, "sedans": true, "suv": true, "suvs": true, "coupe": true,
	"hatchback": true, "pickup": true, "vehicle": true, "vehicles": true, "crossover": true, "minivan": true,
	"smartphone": true, "smartphones": true, "laptop": true, "laptops": true, "notebook": true, "tablet": true,
	"console": true, "consoles": true, "controller": true, "controllers": true, "headphones": true,
	"earbuds": true, "spacecraft": true, "probe": true, "rover": true, "lineup": true, "titles": true,
	"handset": true, "handsets": true, "jet": true, "jets": true, "engine": true, "car": true, "cars": true,
	"truck": true, "trucks": true, "phone": true, "phones": true, "models": true}

// skyWord reports whether w precedes the name of a celestial body
// ("Saturn's moon Titan").
func skyWord(w string) bool {
	switch w {
	case "moon", "planet", "asteroid", "comet", "exoplanet", "galaxy", "star", "moons":
		return true
	}
	return false
}

// notNameWord reports whether w is a capitalised word or abbreviation
// that is not a name on its own.
func notNameWord(w string) bool {
	switch w {
	case "Inc", "Inc.", "Corp", "Corp.", "Ltd", "Ltd.", "Co.", "LLC", "Hon", "Hon.", "Rt", "Rt.", "PR", "TD", "TDs",
		"TV", "IPO", "GDP", "CEO", "CFO", "COO", "DL", "QB", "SUV", "EV", "EVs", "PC", "DIY", "FAQ", "ICU", "HR", "VR",
		"AR", "LED", "OS", "MVP", "NFT",
		// title modifiers: "Supreme Leader Ali Khamenei", "Acting Secretary"
		"Supreme", "Acting", "Interim", "Former",
		// technical standards and parts
		"GPS", "GSM", "CDMA", "LTE", "Wi-Fi", "WiFi", "Bluetooth", "SIM", "USB", "HDMI", "HDR", "OLED", "LCD", "NFC", "RAM", "SSD", "CPU", "GPU",
		"API", "URL", "PDF", "HTML", "DNA", "RNA", "MRI", "HVAC", "4G", "5G", "AI":
		return true
	}
	return false
}

// closedAfter reports whether a closing quote mark is at token i, or
// after a comma or a full stop there ("“Glasgow,”").
func closedAfter(words []string, i int) bool {
	if i < len(words) && (words[i] == "," || words[i] == ".") {
		i++
	}
	return i < len(words) && isCloseQuote(words[i])
}

// indexCue reports whether w after a name makes it a market index, not an
// organisation ("Dow Jones Industrial Average").
func indexCue(w string) bool {
	switch w {
	case "index", "Index", "Average", "Composite", "Industrial":
		return true
	}
	return false
}

// pluralTitle reports whether w, before a period, abbreviates the plural
// of a title ("Sens.", "Reps.").
func pluralTitle(w string) bool {
	switch w {
	case "Sens", "Reps", "Govs", "Gens", "Drs", "Profs", "Sgts", "Lts", "Cols", "Capts", "Adms", "Supts":
		return true
	}
	return false
}

// notNames drops mentions that name products, works, celestial bodies,
// market indices, plural nationalities, and capitalised common words:
//
//   - a name with a model word ("MacBook Pro") or a product noun
//     ("Sentra compact sedan"), a brand's model ("Ford Escort"), a name
//     glued to "+" ("Disney+"), or described as another company's product
//     ("Stadia, Google's streaming gaming platform"), and the same name
//     elsewhere in the article, also in the plural ("MacBooks");
//   - a name after "moon" or "planet" ("Saturn's moon Titan");
//   - "benchmark Sensex", "Dow Jones Industrial Average";
//   - a person's name in quotes inside a sentence (a work: "including
//     “Mary Poppins”");
//   - a sentence's first word that the article also writes in lower case
//     ("Meth is in SD" … "meth");
//   - "South Dakotans": the plural of a place's people;
//   - a lone company suffix or common abbreviation ("Inc.", "PR");
//   - a plural title's abbreviation before names ("Sens.").
func (d *doc) notNames(ms []mention) []mention {
	var non map[string]bool
	add := func(w string) {
		if non == nil {
			non = map[string]bool{}
		}
		non[w] = true
	}
	// isOrg reports whether the article has w alone as an organisation
	isOrg := func(w string) bool {
		for _, m := range ms {
			if m.typ == tagger.ORG && m.te-m.ts == 1 && strings.EqualFold(d.ss[m.s].words[m.ts], w) {
				return true
			}
		}
		return false
	}
	// products by their model word, tagged or not: "MacBook Pro" (found
	// by orgShapes)
	for _, w := range d.products {
		add(w)
	}
	// a dropped mention is emptied (te = ts) and removed at the end
	for k, m := range ms {
		s := &d.ss[m.s]
		n := len(s.words)
		// a plural title's abbreviation before names ("Sens. Elizabeth
		// Warren and Ed Markey"), no place ("Sens", France)
		// (a split after the period leaves the names to the next sentence)
		if m.te-m.ts == 1 && m.te < n && pluralTitle(s.words[m.ts]) && s.words[m.te] == "." && s.toks[m.te].Start == s.toks[m.ts].End &&
			(m.te+1 < n && upperLetter(s.words[m.te+1]) || m.te+1 == n && m.s+1 < len(d.ss) && len(d.ss[m.s+1].words) > 0 && upperLetter(d.ss[m.s+1].words[0])) {
			ms[k].te = ms[k].ts
			continue
		}
		// glued "+"
		if m.te < n && s.words[m.te] == "+" && s.toks[m.te].Start == s.toks[m.te-1].End {
			ms[k].te = ms[k].ts
			continue
		}
		// model word after
		if m.te < n && modelWord(s.words[m.te]) || m.te+1 < n && modelWord(s.words[m.te+1]) && s.caps[m.te] && !isPunct(s.words[m.te]) && !isPossessive(s.words[m.te]) {
			ms[k].te = ms[k].ts
			last := s.words[m.te-1]
			if m.te < n && !modelWord(s.words[m.te]) {
				last = s.words[m.te]
			}
			if !d.knownOrg(last) {
				add(last)
			}
			continue
		}
		// a brand at the head of a product's name: one written like a
		// product ("Apple iPhone 11", "Apple AirPods"), or, after a known
		// company, one of capitalised words ("Apple Watch Series 3",
		// "Amazon Echo Dot"; not "Apple CEO", "Amazon Brazil", "Apple
		// Unveils …")
		if m.te-m.ts == 1 && m.typ == tagger.ORG && m.te < n && s.toks[m.te].Start == s.toks[m.te-1].End+1 &&
			(camelProduct(s.words[m.te]) || d.knownOrg(s.words[m.ts]) && d.productAfter(ms, m.s, m.te)) {
			ms[k].te = ms[k].ts
			continue
		}
		// brand and model: "Ford Escort", "Motorola Razr"; not a name the
		// known-names list holds ("Blue Jackets")
		if m.te-m.ts == 2 && m.typ != tagger.LOC && !d.locked[d.surface(m)] {
			a, b := s.words[m.ts], s.words[m.ts+1]
			if upperLetter(b) && (d.brand(a) && s.flags[m.ts]&(tagger.GazFirstName|tagger.GazCommon) == 0 || isOrg(a)) && s.flags[m.ts+1]&(tagger.GazCommon|tagger.GazFirstName|tagger.GazOrgCue|tagger.GazOrgSuffix|tagger.GazPlaceB|tagger.GazPlaceI) == 0 && !d.knownOrg(b) && !isPossessive(b) && !inSet(companySuffixes, b) && !extraOrgCues[b] && d.r.orgs.longest(s.words, m.ts).words < 2 {
				ms[k].te = ms[k].ts
				add(b)
				continue
			}
		}
		if m.te-m.ts == 1 {
			w := s.words[m.ts]
			if notNameWord(w) {
				ms[k].te = ms[k].ts
				continue
			}
			// product noun after, perhaps after one or two lower-case words
			if m.typ != tagger.PER && !d.knownOrg(w) && !allCaps(w) && !d.strongPlaceAt(s, m.ts) && d.demonymAt(s, m.ts) < 0 {
				for j := m.te; j < n && j < m.te+3 && !hasUpper(s.words[j]) && !isPunct(s.words[j]); j++ {
					if inSet(productNouns, s.words[j]) {
						add(w)
						break
					}
				}
			}
			// celestial body
			if m.ts > 0 && skyWord(s.words[m.ts-1]) {
				add(w)
			}
			// market index
			if m.ts > 0 && s.words[m.ts-1] == "benchmark" || m.te < n && indexCue(s.words[m.te]) {
				add(w)
			}
			// "Stadia, Google's streaming gaming platform"
			if m.te+3 < n && s.words[m.te] == "," && s.caps[m.te+1] && isPossessive(s.words[m.te+2]) {
				for j := m.te + 3; j < n && j < m.te+7 && !hasUpper(s.words[j]) && !isPunct(s.words[j]); j++ {
					if inSet(productNouns, s.words[j]) || s.words[j] == "platform" || s.words[j] == "service" || s.words[j] == "app" {
						add(w)
						break
					}
				}
			}
			// a sentence's first word the article writes in lower case
			if (m.ts == 0 || isQuoteOrDash(s.words[m.ts-1])) && m.typ != tagger.PER && s.flags[m.ts]&(tagger.GazPlaceB|tagger.GazFirstName) == 0 &&
				!allCaps(w) && !d.knownOrg(w) && d.lowerUse(w) {
				ms[k].te = ms[k].ts
				continue
			}
		} else if m.te-m.ts == 2 && m.typ != tagger.PER && m.te < n && indexCue(s.words[m.te]) {
			add(d.surface(m)) // "Dow Jones Industrial Average"
		}
		// "National Socialism": an ideology, not an organisation
		if last := s.words[m.te-1]; m.typ != tagger.PER && len(last) > 5 && strings.HasSuffix(last, "ism") {
			ms[k].te = ms[k].ts
			continue
		}
		// "Fallen Order": a person's name needs a word that is not a
		// common English word, or a given name
		if m.typ == tagger.PER && m.te-m.ts > 1 {
			all := true
			for j := m.ts; j < m.te && all; j++ {
				f := s.flags[j]
				all = f&tagger.GazCommon != 0 && f&tagger.GazFirstName == 0
			}
			if all {
				ms[k].te = ms[k].ts
				continue
			}
		}
		// a person or a place alone in quotes is a work: "including
		// “Mary Poppins”", "a song like “Glasgow,”" (a person's name with
		// a comma in quotes is a pen name: "work with ‘Nellie Wall,’")
		if m.ts > 1 && isOpenQuote(s.words[m.ts-1]) && (m.typ == tagger.PER && m.te < n && isCloseQuote(s.words[m.te]) || m.typ == tagger.LOC && closedAfter(s.words, m.te)) &&
			(s.words[m.ts-2] == "," || !hasUpper(s.words[m.ts-2]) && !isPunct(s.words[m.ts-2])) {
			ms[k].te = ms[k].ts
			continue
		}
		// "South Dakotans"
		if m.typ == tagger.LOC {
			if last := s.words[m.te-1]; strings.HasSuffix(last, "ns") && len(last) > 4 {
				ws := append([]string(nil), s.words[m.ts:m.te]...)
				ws[len(ws)-1] = last[:len(last)-2]
				found := d.r.gaz.Lookup(ws) != nil
				if !found && strings.HasSuffix(last, "ans") {
					ws[len(ws)-1] = last[:len(last)-3] + "a"
					found = d.r.gaz.Lookup(ws) != nil
				}
				if found && d.r.gaz.Lookup(s.words[m.ts:m.te]) == nil {
					ms[k].te = ms[k].ts
					continue
				}
			}
		}
	}
	out := ms[:0]
	for _, m := range ms {
		if m.te <= m.ts {
			continue
		}
		if non != nil {
			sf := d.surface(m)
			if non[sf] || strings.HasSuffix(sf, "s") && non[sf[:len(sf)-1]] {
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// lexiconWord returns the lexicon entry of w alone (see orgLexicon.word).
func (d *doc) lexiconWord(w string) orgInfo { return d.r.orgs.word(w) }

// attested reports whether the training data labels e an organisation
// often enough: at least twice, and in at least three of four uses.
func (e orgInfo) attested() bool { return e.org >= 2 && e.org*4 >= e.all*3 }

// known reports whether e is in the company list or well attested.
func (e orgInfo) known() bool { return e.listed || e.attested() }

// knownOrg reports whether w alone is a well-attested organisation of the
// lexicon.
func (d *doc) knownOrg(w string) bool { return d.lexiconWord(w).known() }

// listedCompany reports whether w alone is in the company list.
func (d *doc) listedCompany(w string) bool { return d.lexiconWord(w).listed }

// brand reports whether w alone is an organisation the training data
// labels often (five times or more, as "Amazon"; not "Blue", a band's
// name three times).
func (d *doc) brand(w string) bool {
	e := d.lexiconWord(w)
	return e.attested() && e.org >= 5
}

// attestedOrg reports whether w alone is an organisation of the training
// data (not only of the company list).
func (d *doc) attestedOrg(w string) bool { return d.lexiconWord(w).attested() }

// lowerUse reports whether the text uses w in lower case as a word
// ("meth" for "Meth").
func (d *doc) lowerUse(w string) bool {
	lw := strings.ToLower(w)
	if lw == w {
		return false
	}
	t := d.text
	for off := 0; ; {
		i := strings.Index(t[off:], lw)
		if i < 0 {
			return false
		}
		i += off
		j := i + len(lw)
		if (i == 0 || !isLetterByte(t[i-1])) && (j == len(t) || !isLetterByte(t[j])) {
			return true
		}
		off = i + 1
	}
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 }

func isOpenQuote(w string) bool  { return w == "“" || w == "\"" || w == "‘" }
func isCloseQuote(w string) bool { return w == "”" || w == "\"" || w == "’" }

// seats are buildings that news copy uses for the government they house
// ("the White House said", "the Kremlin declined to comment"): the
// annotation guidelines count them as organisations, like other government
// offices.
var seats = [][]string{{"White", "House"}, {"Kremlin"}, {"Pentagon"}, {"Élysée"}, {"Elysee"}}

// seatStart holds the first bytes of the seats' first words: most words
// are passed over on one byte.
var seatStart = func() (b [256]bool) {
	for _, s := range seats {
		b[s[0][0]] = true
	}
	return b
}()

// governmentSeats types the seats of government as organisations, and adds
// them where the tagger missed them; a longer name containing one ("White
// House National Security Council") is left as it is.
func (d *doc) governmentSeats(ms []mention) []mention {
	for si := range d.ss {
		s := &d.ss[si]
		for i, w := range s.words {
			if w == "" || !seatStart[w[0]] {
				continue
			}
			for _, seat := range seats {
				if w != seat[0] || i+len(seat) > len(s.words) || !slices.Equal(s.words[i:i+len(seat)], seat) {
					continue
				}
				e := i + len(seat)
				k := mentionAt(ms, si, i)
				switch {
				case k < 0 && (e == len(s.words) || mentionAt(ms, si, e-1) < 0):
					ms = replace(ms, mention{s: si, ts: i, te: e, typ: tagger.ORG})
				case k >= 0 && ms[k].ts == i && ms[k].te == e:
					ms[k].typ = tagger.ORG
				}
			}
		}
	}
	return ms
}

// stateWords name the form of a state in "Republic of Korea", "Democratic
// Republic of the Congo", "Kingdom of Saudi Arabia".
var stateWords = map[string]bool{"Republic": true, "Kingdom": true, "Federation": true, "Emirate": true,
	"Sultanate": true, "Principality": true, "Commonwealth": true, "State": true}

// stateOf returns the index of the first word after "STATE-WORD of (the)"
// in words, or -1.
func stateOf(words []string) int {
	for i := 0; i+2 < len(words); i++ {
		if stateWords[words[i]] && words[i+1] == "of" {
			k := i + 2
			if words[k] == "the" && k+1 < len(words) {
				k++
			}
			return k
		}
	}
	return -1
}

// venueHead reports whether w ends the name of a venue ("Xfinity Center").
func venueHead(w string) bool {
	switch w {
	case "Center", "Centre", "Arena", "Amphitheatre", "Amphitheater", "Theater", "Theatre", "Pavilion", "Stadium",
		"Field", "Hall", "Garden", "Gardens", "Coliseum", "Bowl", "Dome", "Park", "Live", "Ballroom", "Auditorium", "Fairgrounds":
		return true
	}
	return false
}

// cityState types "Raleigh, NC" as two places, a US state's postal code
// after a comma and a capitalised city, and a venue named right before
// them as a place ("Xfinity Center, Mansfield, MA" in a list of dates).
func (d *doc) cityState(ms []mention) []mention {
	for si := range d.ss {
		s := &d.ss[si]
		for i := 2; i < len(s.words); i++ {
			if w := s.words[i]; len(w) != 2 || w[0] < 'A' || w[0] > 'Z' || !usStates[w] || s.words[i-1] != "," || !upperLetter(s.words[i-2]) || isPunct(s.words[i-2]) ||
				i+1 < len(s.words) && upperLetter(s.words[i+1]) && !isPunct(s.words[i+1]) {
				continue
			}
			c := i - 2 // the city: up to three capitalised words
			for c > 0 && i-2-c < 2 && s.caps[c-1] && upperLetter(s.words[c-1]) && !isPunct(s.words[c-1]) {
				c--
			}
			if k := mentionAt(ms, si, c); k >= 0 && ms[k].ts < c {
				continue // inside a longer name
			}
			ms = replace(ms, mention{s: si, ts: c, te: i - 1, typ: tagger.LOC})
			ms = replace(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.LOC})
			if c >= 2 && s.words[c-1] == "," {
				if k := mentionAt(ms, si, c-2); k >= 0 && ms[k].te == c-1 && ms[k].typ == tagger.ORG && venueHead(s.words[c-2]) {
					ms[k].typ = tagger.LOC
				}
			}
		}
	}
	return ms
}

// outletHead reports whether w ends a newspaper's name after its place
// ("Orange County Register", "Pittsburgh Post-Gazette").
func outletHead(w string) bool {
	if k := strings.LastIndexByte(w, '-'); k > 0 {
		w = w[k+1:] // "Post-Gazette", "Star-Tribune", "Sun-Times"
	}
	switch w {
	case "Register", "Gazette", "Times", "Tribune", "Herald", "Journal", "Chronicle", "Courier", "Examiner",
		"Observer", "Inquirer", "Enquirer", "Dispatch", "Telegraph", "Bulletin", "Sentinel", "Post", "Globe",
		"Star", "Sun", "Ledger", "Mercury", "Statesman", "Advocate", "Recorder":
		return true
	}
	return false
}

// outlets types a place followed by a newspaper's head word as the
// newspaper ("the Orange County Register", "the Pittsburgh Post-Gazette").
func (d *doc) outlets(ms []mention) []mention {
	for si := range d.ss {
		s := &d.ss[si]
		for i := 1; i < len(s.words); i++ {
			if !s.caps[i] || !outletHead(s.words[i]) {
				continue
			}
			a := i
			for a > 0 && i-a < 3 && s.caps[a-1] && upperLetter(s.words[a-1]) && !isPunct(s.words[a-1]) && !isArticle(s.words[a-1]) {
				a--
			}
			if a == i || s.flags[a]&(tagger.GazCommon|tagger.GazTitle|tagger.GazFirstName) != 0 {
				continue
			}
			k := mentionAt(ms, si, a)
			if k >= 0 && (ms[k].ts < a || ms[k].te > i+1) {
				continue // inside a longer name
			}
			// the words before the head are a place: the gazetteer's, or
			// the tagger's ("Orange County Register" as one place)
			if !(k >= 0 && ms[k].typ == tagger.LOC && ms[k].ts == a) && d.r.gaz.Lookup(s.words[a:i]) == nil {
				continue
			}
			if k := mentionAt(ms, si, i); k >= 0 && ms[k].te > i+1 {
				continue
			}
			if i+1 < len(s.words) && s.words[i] == "Post" && s.words[i+1] == "office" {
				continue // "the Denver Post office"
			}
			m := mention{s: si, ts: a, te: i + 1, typ: tagger.ORG}
			ms = replace(ms, m)
			d.force(d.surface(m), tagger.ORG)
		}
	}
	return ms
}

// stateNames types "the Democratic Republic of Congo", "the Republic of
// Korea" and "the Czech Republic" as places: a state word with "of" and a
// country of the gazetteer, or a nationality before "Republic" or
// "Federation" ending the name ("Russian Federation").
func (d *doc) stateNames(ms []mention) []mention {
	for i := range ms {
		m := &ms[i]
		if m.typ == tagger.LOC {
			continue
		}
		s := &d.ss[m.s]
		w := s.words[m.ts:m.te]
		if k := stateOf(w); k > 0 {
			if d.countryAt(s, m.ts+k, m.te) {
				m.typ = tagger.LOC
				d.force(d.surface(*m), tagger.LOC)
			}
			continue
		}
		if len(w) >= 2 && (w[len(w)-1] == "Republic" || w[len(w)-1] == "Federation") && (d.nationalityAt(s, m.ts) || d.countryAt(s, m.ts, m.te)) {
			m.typ = tagger.LOC
			d.force(d.surface(*m), tagger.LOC)
		}
	}
	return ms
}

// nationalityAt reports whether token i is a nationality adjective of the
// gazetteer ("Russian", "Czech"), whatever else it may also name.
func (d *doc) nationalityAt(s *sentence, i int) bool {
	for _, g := range s.matches {
		if g.Start == i && g.End == i+1 && d.hasKind(g, gazetteer.Demonym) {
			return true
		}
	}
	return false
}

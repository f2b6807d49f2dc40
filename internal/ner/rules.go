package ner

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/ner/gazetteer"
	"github.com/copydesk/copydesk/internal/ner/tagger"
)

// doc is the working state of one Entities call.
type doc struct {
	r    *Recognizer
	text string
	ss   []sentence
	// forced holds types that context established for a surface; they
	// win the article-wide vote
	forced map[string]int
	// products are names followed by a model word ("MacBook Pro")
	products []string
	// events are spans of known event names (sentence, first token, end)
	events [][3]int
	// locked holds the surfaces of known.txt names: no rule retypes them
	locked map[string]bool
	// sports is set when the article names a sports club or league
	// (known.txt): a result between two places is then between teams
	sports bool
	// kin holds lone names that a kinship noun, a full name or a pronoun
	// supports as a person's ("his wife, Kimberly"; "Joe and Hunter
	// Biden"; "Okonkwo told the court he")
	kin []string
	// family maps a given name to the full name it shares a surname with
	// ("Joe" to "Joe Biden" in "Joe and Hunter Biden")
	family map[string]string
}

func (d *doc) startOf(m mention) int { return d.ss[m.s].toks[m.ts].Start }
func (d *doc) endOf(m mention) int   { return d.ss[m.s].toks[m.te-1].End }
func (d *doc) surface(m mention) string {
	return d.text[d.startOf(m):d.endOf(m)]
}

// preposition reports whether w (any case) is a preposition after which a
// lower-case well-known place name is trusted ("to kyiv").
func preposition(w string) bool {
	switch w {
	case "in", "to", "from", "at", "into", "toward", "towards", "near", "across", "via", "outside", "inside",
		"around", "throughout", "against", "with", "and", "between", "on", "for",
		"In", "To", "From", "At", "Into", "Toward", "Towards", "Near", "Across", "Via", "Outside", "Inside",
		"Around", "Throughout", "Against", "With", "And", "Between", "On", "For":
		return true
	}
	return false
}

// openingWord reports whether w, capitalised at the start of a sentence
// or clause, is a function word and never the first word of a name.
func openingWord(w string) bool {
	switch w {
	case "While", "Even", "When", "Whenever", "After", "Although", "Though", "Because", "Since", "If", "Unless",
		"Once", "Until", "Whether", "Meanwhile", "Also", "Still", "Yet", "But", "Then", "Now", "Only", "Just",
		"Instead", "Unlike", "Despite", "During", "Without", "Within", "Whereas", "Besides", "Perhaps", "Maybe",
		"Nor", "Thus", "Hence", "Indeed", "Later", "Earlier", "Last", "Next", "Before", "Like", "Ask", "Let",
		"Did", "Does", "Do", "Has", "Have", "Had", "Is", "Was", "Are", "Were", "Will", "Would", "Should", "Can", "Could",
		"Both", "Neither", "Either", "Each", "Every", "Many", "Most", "Some", "Several", "Few", "Another", "Such":
		return true
	}
	return false
}

// theWest reports whether the one-word mention m is "the West", "the
// Northeast" or another compass region: after a lower-case "the", before
// no capitalised word ("spreading to the West", not "the West Coast").
func theWest(s *sentence, m mention) bool {
	switch s.words[m.ts] {
	case "West", "North", "South", "East", "Northeast", "Northwest", "Southeast", "Southwest", "Midwest":
	default:
		return false
	}
	return m.ts > 0 && s.words[m.ts-1] == "the" && (m.te == len(s.words) || !s.caps[m.te] || isPunct(s.words[m.te]))
}

// openingGerund reports whether w is a capitalised "-ing" word that may
// open a sentence before a name ("Questioning Vindman, lawmakers …").
func openingGerund(w string) bool {
	return len(w) > 5 && strings.HasSuffix(w, "ing") && w[0] >= 'A' && w[0] <= 'Z' && !strings.ContainsAny(w[1:], "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
}

// compass words alone are not places ("North and South Korea").
var compass = map[string]bool{"North": true, "South": true, "East": true, "West": true, "Western": true,
	"Eastern": true, "Northern": true, "Southern": true, "Central": true, "Northeast": true, "Northwest": true,
	"Southeast": true, "Southwest": true}

// celestial bodies are not places on a map.
var celestial = map[string]bool{"Mercury": true, "Venus": true, "Earth": true, "Mars": true, "Jupiter": true,
	"Saturn": true, "Uranus": true, "Neptune": true, "Pluto": true, "Moon": true, "Sun": true,
	"Milky Way": true, "Solar System": true, "Europa": true, "Ganymede": true, "Callisto": true, "Enceladus": true,
	"Titan": true, "Triton": true, "Phobos": true, "Deimos": true, "Charon": true}

// currency words after a place make a currency name, not a place.
var currency = map[string]bool{"dollar": true, "dollars": true, "cents": true, "pound": true, "pounds": true,
	"franc": true, "francs": true, "peso": true, "pesos": true, "rupee": true, "rupees": true}

// connectors may appear inside a multi-word organisation name.
var connectors = map[string]bool{"of": true, "for": true, "and": true, "&": true, "on": true, "de": true, "the": true}

func isPunct(w string) bool {
	// fast path: a word starting with an ASCII letter or digit
	return len(w) == 0 || firstByte[w[0]]&fbAlnum == 0 && noLetters(w)
}

// firstByte classifies the first byte of a word, so that the common
// ASCII cases of isPunct and hasUpper need no rune decoding.
var firstByte = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
			t[c] = fbAlnum | fbUpper
		case 'a' <= c && c <= 'z':
			t[c] = fbAlnum
		}
	}
	return t
}()

const (
	fbAlnum = 1 << iota // an ASCII letter or digit
	fbUpper             // an ASCII capital or digit
)

// noLetters reports whether w has no letter and no digit.
func noLetters(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func isPossessive(w string) bool {
	switch w {
	case "'s", "’s", "'S", "’S", "'", "’":
		return true
	}
	return false
}

func hasUpper(w string) bool {
	return len(w) > 0 && (firstByte[w[0]]&fbUpper != 0 || upperRune(w))
}

// upperRune is hasUpper for a word that does not start with an ASCII
// capital or digit (kept apart so that hasUpper is inlined).
func upperRune(w string) bool {
	if w[0] < utf8.RuneSelf {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// demonymAt reports the end of a nationality-adjective match starting at
// token i of s, or -1.
func (d *doc) demonymAt(s *sentence, i int) int {
	for _, m := range s.matches {
		if m.Start == i && d.onlyKind(m, gazetteer.Demonym) {
			return m.End
		}
	}
	return -1
}

func (d *doc) onlyKind(m gazetteer.Match, k gazetteer.Kind) bool {
	for _, p := range m.Places {
		if d.r.gaz.Places[p].Kind != k {
			return false
		}
	}
	return len(m.Places) > 0
}

func (d *doc) hasKind(m gazetteer.Match, k gazetteer.Kind) bool {
	for _, p := range m.Places {
		if d.r.gaz.Places[p].Kind == k {
			return true
		}
	}
	return false
}

// trim removes leading articles, titles, honorifics and nationality
// adjectives, and trailing possessives and punctuation; ok is false when
// nothing is left.
func (d *doc) trim(m mention) (mention, bool) {
	s := &d.ss[m.s]
	for m.ts < m.te {
		w := s.words[m.ts]
		switch {
		case isArticle(w) || isPunct(w):
			m.ts++
			continue
		case !hasUpper(w) && !(m.ts+1 < m.te && isPunct(s.words[m.ts+1])):
			m.ts++ // "north China"
			continue
		case m.typ == tagger.PER && m.ts+1 < m.te && s.flags[m.ts]&tagger.GazCommon != 0 && s.flags[m.ts]&tagger.GazFirstName == 0 &&
			s.flags[m.ts+1]&tagger.GazFirstName != 0:
			m.ts++ // "Employee Steve Castro"
			continue
		case m.typ == tagger.PER && (s.flags[m.ts]&(tagger.GazTitle|tagger.GazHonorific) != 0 || w == "Hon." || w == "Hon"):
			m.ts++ // "Hon. Funke Adedoyin"
			continue
		case m.te-m.ts > 1 && (openingWord(w) || hyphenAdjective(w) || m.typ == tagger.PER && openingGerund(w) && s.flags[m.ts]&tagger.GazFirstName == 0) &&
			(m.ts == 0 || isPunct(s.words[m.ts-1])):
			m.ts++ // "While Richardson wants", "Even Dub": capitalised by its place
			continue
		}
		if m.typ == tagger.PER || m.te-m.ts > 1 && m.typ != tagger.ORG {
			if e := d.demonymAt(s, m.ts); e > 0 && e < m.te {
				m.ts = e
				continue
			}
		}
		// "Ukrainian energy company Burisma": a nationality before a
		// lower-case description is not part of the name
		if m.typ == tagger.ORG {
			if e := d.demonymAt(s, m.ts); e > 0 && e < m.te && !hasUpper(s.words[e]) {
				m.ts = e
				continue
			}
		}
		break
	}
	for m.te > m.ts {
		w := s.words[m.te-1]
		if isPossessive(w) || isPunct(w) && w != ")" || !hasUpper(w) && !isPunct(w) {
			m.te--
			continue
		}
		if m.te-m.ts > 1 && m.typ == tagger.ORG && partyPlural(w) {
			m.te-- // "House Democrats": the chamber, not the party's members
			continue
		}
		if m.te-m.ts > 1 && isDigits(w) && scoreAfter(s.words, m.te) {
			m.te-- // "Blue Jackets 5, Canadiens 2": a score, not part of the name
			continue
		}
		break
	}
	if m.ts >= m.te {
		return m, false
	}
	// balanced parentheses only
	if n := strings.Count(d.surface(m), "(") - strings.Count(d.surface(m), ")"); n != 0 {
		return m, false
	}
	return m, true
}

// clean applies the per-sentence rules to the tagger's mentions and adds
// gazetteer, organisation-cue and lower-case place mentions.
func (d *doc) clean(in []mention) []mention {
	in = d.splitPossessives(in)
	out := in[:0]
	for _, m := range in {
		if s := &d.ss[m.s]; s.flags[m.ts]&tagger.GazHonorific != 0 && hasUpper(s.words[m.ts]) ||
			m.ts > 0 && (s.flags[m.ts-1]&tagger.GazHonorific != 0 && hasUpper(s.words[m.ts-1]) || s.words[m.ts-1] == "Hon." || s.words[m.ts-1] == "Hon") {
			m.typ = tagger.PER // "Mr. Johnson"
		}
		m, ok := d.trim(m)
		if !ok {
			continue
		}
		s := &d.ss[m.s]
		// "Washington, DC": a comma separates two names
		if k := indexWord(s.words[m.ts:m.te], ","); k > 0 && m.ts+k+1 < m.te {
			right := mention{s: m.s, ts: m.ts + k + 1, te: m.te, typ: m.typ}
			if r, ok := d.trim(right); ok {
				in = append(in, r)
			}
			m.te = m.ts + k
		}
		// "Big Machine and The Carlyle Group": a capitalised article after
		// "and" starts a second name
		if k := indexWord(s.words[m.ts:m.te], "The"); k > 1 && s.words[m.ts+k-1] == "and" && m.ts+k+1 < m.te {
			right := mention{s: m.s, ts: m.ts + k + 1, te: m.te, typ: m.typ}
			if r, ok := d.trim(right); ok {
				in = append(in, r)
			}
			m.te = m.ts + k - 1
		}
		if m.te-m.ts == 1 && (pluralAcronym(s.words[m.ts]) || hyphenAdjective(s.words[m.ts])) {
			continue // "ICUs", "Oscar-winning"
		}
		// "Pierre-Luc Dubois", "Jean-Claude Juncker": a hyphenated given
		// name the tagger left out
		if m.typ == tagger.PER && m.ts > 0 && hyphenatedGiven(s.words[m.ts-1]) && s.toks[m.ts-1].End+1 == s.toks[m.ts].Start {
			m.ts--
		}
		if m.typ == tagger.PER && indexWord(s.words[m.ts:m.te], "&") >= 0 {
			m.typ = tagger.ORG // "Ernst & Young"
		}
		anyUpper := false
		for i := m.ts; i < m.te; i++ {
			anyUpper = anyUpper || hasUpper(s.words[i])
		}
		if !anyUpper {
			continue
		}
		if m.te-m.ts == 1 && s.flags[m.ts]&(tagger.GazCalendar|tagger.GazTitle|tagger.GazHonorific) != 0 {
			continue
		}
		if m.typ == tagger.LOC || m.typ == tagger.ORG {
			// "North and South Korea": keep the part after "and" when it is a place
			for k := m.ts + 1; k < m.te-1; k++ {
				if s.words[k] == "and" && len(d.r.gaz.Lookup(s.words[k+1:m.te])) > 0 {
					m.ts = k + 1
					m.typ = tagger.LOC
					break
				}
			}
		}
		if m.typ == tagger.PER {
			// "Kim Jong Un": absorb capitalised words the tagger left out
			for m.te < len(s.words) && m.te-m.ts < 4 && shortWords(s.words[m.ts:m.te+1]) && hasUpper(s.words[m.te]) && !isPunct(s.words[m.te]) &&
				s.flags[m.te]&^(tagger.GazFirstName|tagger.GazCommon|tagger.GazCity|tagger.GazPlaceB|tagger.GazPlaceI) == 0 && !overlaps(in, m.s, m.te, m.te+1) {
				m.te++
			}
		}
		if m.te-m.ts == 1 && (compass[s.words[m.ts]] && !theWest(s, m) || celestial[s.words[m.ts]]) || m.te-m.ts == 2 && (s.words[m.ts] == "Milky" || s.words[m.ts] == "Solar") && celestial[s.words[m.ts]+" "+s.words[m.ts+1]] {
			continue
		}
		if m.typ == tagger.ORG {
			// "Russian Far East": a nationality adjective before a name
			// without any organisation word is not part of it
			if e := d.demonymAt(s, m.ts); e > 0 && e < m.te {
				cue := false
				for k := e; k < m.te; k++ {
					cue = cue || s.flags[k]&(tagger.GazOrgCue|tagger.GazOrgSuffix) != 0
				}
				if !cue {
					m.ts = e
					if d.r.gaz.Lookup(s.words[m.ts:m.te]) != nil {
						m.typ = tagger.LOC
					}
				}
			}
		}
		if m.typ == tagger.PER && m.ts > 0 && inSet(gazetteer.OrgDescriptors, s.words[m.ts-1]) {
			m.typ = tagger.ORG // "the newspaper Rodong Sinmun"
		}
		drop := false
		for _, g := range s.matches {
			if g.Start == m.ts && g.End == m.te {
				switch {
				case d.onlyKind(g, gazetteer.Demonym):
					drop = true
				case d.hasKind(g, gazetteer.Country):
					m.typ = tagger.LOC
				case m.typ == tagger.ORG && d.bigPlace(g):
					m.typ = tagger.LOC
				}
			}
		}
		if !drop {
			out = append(out, m)
		}
	}
	for si := range d.ss {
		s := &d.ss[si]
		out = d.orgCues(si, s, out)
		for _, g := range s.matches {
			// the cheap tests first; overlaps scans the mentions
			if d.hasKind(g, gazetteer.Demonym) || !(d.hasKind(g, gazetteer.Country) || d.bigPlace(g)) || overlaps(out, si, g.Start, g.End) {
				continue
			}
			// a capitalised neighbour suggests a longer name ("Korea Herald")
			if g.End < len(s.words) && hasUpper(s.words[g.End]) && s.flags[g.End]&(tagger.GazTitle|tagger.GazCalendar) == 0 && !isPunct(s.words[g.End]) {
				continue
			}
			if g.Start > 1 && hasUpper(s.words[g.Start-1]) && !isPunct(s.words[g.Start-1]) && d.demonymAt(s, g.Start-1) < 0 {
				continue
			}
			out = append(out, mention{s: si, ts: g.Start, te: g.End, typ: tagger.LOC})
		}
		for i, w := range s.words {
			if i == 0 || len(w) < 4 || hasUpper(w) || !preposition(s.words[i-1]) {
				continue
			}
			if d.r.gaz.LowerPlace(w) >= 0 && !overlaps(out, si, i, i+1) {
				out = append(out, mention{s: si, ts: i, te: i + 1, typ: tagger.LOC, lower: true})
			}
		}
	}
	return d.handles(out)
}

// final drops mentions that are not names, whichever rule made them.
func (d *doc) final(ms []mention) []mention {
	var surnames map[string]bool // the last words of the article's people
	kept := ms[:0]
	for _, m := range ms {
		s := &d.ss[m.s]
		if m.typ != tagger.PER && m.te-m.ts == 1 && m.ts > 0 && strings.EqualFold(s.words[m.ts-1], "the") && strings.HasSuffix(s.words[m.ts], "s") {
			// "the Bidens": a family, people, when a Biden is in the article
			if surnames == nil {
				surnames = d.personSurnames(ms)
			}
			if surnames[strings.TrimSuffix(s.words[m.ts], "s")] {
				m.typ = tagger.PER
			}
		}
		if m.te < len(s.words) && inSet(currency, s.words[m.te]) {
			continue // "Hong Kong dollars"
		}
		for m.typ == tagger.PER && m.te-m.ts > 1 && isDigits(s.words[m.te-1]) {
			m.te-- // "David Ragan 388 0": a person's name holds no number (a table's row)
		}
		for m.typ == tagger.PER && m.te-m.ts > 1 && isDigits(s.words[m.ts]) {
			m.ts++ // "16 Erik Jones"
		}
		for m.typ == tagger.ORG && m.te-m.ts > 1 && yearLike(s.words[m.ts]) {
			m.ts++ // "2017 National Football League", "1996-98 AccuSoft Inc."
		}
		if m.ts >= 2 && s.words[m.ts] == "Roll" && (s.words[m.ts-1] == "and" || s.words[m.ts-1] == "&") && s.words[m.ts-2] == "Rock" {
			m.ts -= 2 // "Rock and Roll Hall of Fame": one name
			if m.te-m.ts > 3 {
				m.typ = tagger.ORG
			}
		}
		if m.te-m.ts > 1 && s.words[m.ts] == "Air" {
			m.typ = tagger.ORG // "Air Astana": an airline, no person or place
		}
		if m.te-m.ts == 1 {
			w := s.words[m.ts]
			if pluralAcronym(w) || hyphenAdjective(w) || compass[w] && !theWest(s, m) || celestial[w] || d.compoundPlaces(w) && !interstate(w) || d.placeDwellers(w) ||
				d.nameAdjective(w, s.flags[m.ts]) {
				continue // "ICUs", "Oscar-winning", "North", "Mars", "Delhiite", "Nixonian"
			}
			if m.typ == tagger.LOC && camelCase(w) {
				m.typ = tagger.ORG // "GateHouse", "SoFi": a company's spelling, no place's
			}
		}
		kept = append(kept, m)
	}
	return kept
}

// personSurnames returns the last words of the people's names.
func (d *doc) personSurnames(ms []mention) map[string]bool {
	out := map[string]bool{}
	for _, m := range ms {
		if m.typ == tagger.PER {
			out[d.ss[m.s].words[m.te-1]] = true
		}
	}
	return out
}

// placeDwellers reports whether w names the people of a place by its name
// and "-ite(s)" ("Delhiite", "Brooklynites"): no entity, as nationality
// words are none.
func (d *doc) placeDwellers(w string) bool {
	stem, ok := strings.CutSuffix(w, "ites")
	if !ok {
		stem, ok = strings.CutSuffix(w, "ite")
	}
	return ok && len(stem) >= 4 && d.r.gaz.Lookup([]string{stem}) != nil
}

// nameAdjective reports whether w is an adjective made of a family name
// and "-ian" or "-esque" ("Nixonian", "Orwellian", "Kafkaesque"): no
// entity, as nationality words are none. Given names and common words are
// not ("Christian", "Guardian").
func (d *doc) nameAdjective(w string, flags uint32) bool {
	if flags&(tagger.GazFirstName|tagger.GazCommon|tagger.GazOrgCue) != 0 {
		return false
	}
	stem, ok := strings.CutSuffix(w, "ian")
	if !ok {
		stem, ok = strings.CutSuffix(w, "esque")
	}
	return ok && len(stem) >= 4 && d.r.sur.has(stem)
}

// yearLike reports whether w is a year from 1900 to 2099 or a range of
// years ("2017", "1996-98", "2019-2020").
func yearLike(w string) bool {
	if len(w) < 4 || (w[:2] != "19" && w[:2] != "20") || !isDigits(w[:4]) {
		return false
	}
	rest := w[4:]
	if rest == "" {
		return true
	}
	if rest[0] != '-' && !strings.HasPrefix(rest, "–") {
		return false
	}
	rest = strings.TrimLeft(rest, "-–")
	return (len(rest) == 2 || len(rest) == 4) && isDigits(rest)
}

// camelCase reports whether w is a capitalised ASCII word with a capital
// inside it after a lower-case letter ("GateHouse", "SoFi"), other than
// the Mc, Mac, De, Di, Du, La and Le of family and place names ("McAllen",
// "DeKalb", "LaGrange").
func camelCase(w string) bool {
	if len(w) < 3 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	for i := 1; i+1 < len(w); i++ {
		if w[i] >= 'a' && w[i] <= 'z' && w[i+1] >= 'A' && w[i+1] <= 'Z' {
			return !macName(w) && !(i == 1 && (w[:2] == "De" || w[:2] == "Di" || w[:2] == "Du" || w[:2] == "La" || w[:2] == "Le"))
		}
	}
	return false
}

// isSymbol reports whether w has no letters or digits of a script that
// takes case (emoji, dashes, joiners).
func isSymbol(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// splitPossessives cuts a mention at an inner possessive: the tagger's
// "Wichita Heights' Aidan Gantenbein" is two names. The owner is a place
// when the gazetteer knows it, else an organisation.
func (d *doc) splitPossessives(in []mention) []mention {
	n := len(in)
	for k := 0; k < n; k++ {
		m := in[k]
		s := &d.ss[m.s]
		for j := m.ts + 1; j < m.te-1; j++ {
			// only before a person's given name: "People's Daily" stays whole
			if !isPossessive(s.words[j]) || s.flags[j+1]&tagger.GazFirstName == 0 {
				continue
			}
			left := mention{s: m.s, ts: m.ts, te: j, typ: tagger.ORG}
			if d.r.gaz.Lookup(s.words[m.ts:j]) != nil {
				left.typ = tagger.LOC
			}
			in[k].ts = j + 1
			in = append(in, left)
			break
		}
	}
	return in
}

// handles gives an @handle in parentheses right after a name the type of
// that name: "Dianna E. Anderson (@diannaeanderson)".
func (d *doc) handles(ms []mention) []mention {
	n := len(ms)
	for k := 0; k < n; k++ {
		m := ms[k]
		s := &d.ss[m.s]
		j := m.te
		for j < len(s.words) && j < m.te+6 && s.words[j] != "(" && !hasUpper(s.words[j]) && isSymbol(s.words[j]) {
			j++ // emoji and other symbols between name and handle
		}
		if j+2 < len(s.words) && s.words[j] == "(" && strings.HasPrefix(s.words[j+1], "@") && s.words[j+2] == ")" && !overlaps(ms, m.s, j+1, j+2) {
			ms = append(ms, mention{s: m.s, ts: j + 1, te: j + 2, typ: m.typ})
		}
	}
	return ms
}

// bigPlace reports whether a match names a country, a capital or a big
// city that is not also a common word or given name.
func (d *doc) bigPlace(g gazetteer.Match) bool {
	for _, p := range g.Places {
		pl := &d.r.gaz.Places[p]
		if pl.Kind == gazetteer.Country || pl.Kind == gazetteer.Region || pl.Kind == gazetteer.City && pl.Big && !pl.Risky ||
			pl.Kind == gazetteer.Admin1 && !pl.Risky && len(pl.Name) >= 4 ||
			pl.Kind == gazetteer.City && pl.Pop >= 100_000 && !pl.Risky && len(pl.Name) >= 4 {
			return true
		}
	}
	return false
}

func overlaps(ms []mention, s, ts, te int) bool {
	for _, m := range ms {
		if m.s == s && m.ts < te && ts < m.te {
			return true
		}
	}
	return false
}

// extraOrgCues end organisation names like the gazetteer's cue words; they
// are not model features.
var extraOrgCues = map[string]bool{"Laboratory": true, "Laboratories": true, "Confederation": true, "Confederations": true,
	"Productions": true, "Pictures": true, "Films": true, "Interactive": true, "Robotics": true, "Steel": true,
	"Solutions": true, "Software": true, "Networks": true, "Insurance": true, "Semiconductor": true,
	"Pharma": true, "Biotech": true, "Aerospace": true, "Airways": true, "Telecom": true, "Logistics": true, "Dynamics": true,
	"Energy": true, "Mining": true, "Petroleum": true, "Resources": true, "Minerals": true, "Chemicals": true,
	"Electronics": true, "Financial": true, "Bankshares": true, "Realty": true, "Properties": true, "Enterprises": true,
	"Manufacturing": true, "Automotive": true, "Biosciences": true, "Diagnostics": true, "Shipping": true,
	"Utilities": true, "Brewing": true, "Beverages": true, "Apparel": true, "Cruises": true, "Restaurants": true,
	"Management": true, "Advisors": true, "Advisers": true, "Associates": true, "Consulting": true,
	"Health": true, "Healthcare": true, "Media": true, "Chamber": true, "Toys": true, "Sons": true, "Brothers": true,
	"Defense": true, "Defence": true, "Panel": true, "Archdiocese": true, "Diocese": true, "Patriarchate": true, "Cartel": true, "Community": true}

// orgCues adds organisation names ending in a cue word ("National Security
// Council", "International Criminal Court") that replace any shorter
// mentions inside them.
func (d *doc) orgCues(si int, s *sentence, ms []mention) []mention {
	n := len(s.words)
	for e := 0; e < n; e++ {
		if !s.caps[e] || s.flags[e]&tagger.GazOrgCue == 0 && !extraOrgCues[s.words[e]] || !hasUpper(s.words[e]) {
			continue
		}
		// the cue must end the name
		if e+1 < n && hasUpper(s.words[e+1]) && !isPunct(s.words[e+1]) && (s.flags[e+1]&tagger.GazOrgCue != 0 || extraOrgCues[s.words[e+1]]) {
			continue
		}
		// an added cue before a title is a portfolio ("Energy Secretary")
		if s.flags[e]&tagger.GazOrgCue == 0 && e+1 < n && roleWord(s.words[e+1]) {
			continue
		}
		b := e
		for b > 0 {
			w := s.words[b-1]
			if hasUpper(w) && !isPunct(w) && s.flags[b-1]&(tagger.GazCalendar|tagger.GazHonorific) == 0 {
				b--
				if isArticle(w) && b > 0 {
					break // "Big Machine and The Carlyle Group": "The" opens the name
				}
				continue
			}
			// "Securities and Exchange Commission": "and" between two
			// capitalised words that are no place and no company alone,
			// the first no company's head word and the second no given
			// name ("Big Machine and Dick Clark Productions", "Ceres
			// Robotics and Tyvak Inc" are two)
			and := w == "and" && b-2 >= 0 && upperLetter(s.words[b-2]) && upperLetter(s.words[b]) && !extraOrgCues[s.words[b-2]] &&
				!(s.flags[b-2]&tagger.GazOrgCue != 0 && b-3 >= 0 && upperLetter(s.words[b-3]) && !isArticle(s.words[b-3]) &&
					s.flags[b-3]&(gazPlace|tagger.GazDemonym) == 0) && // "Arden Capital and Westmore Holdings" are two, not "U.S. Securities and Exchange Commission"
				s.flags[b-2]&(tagger.GazPlaceB|tagger.GazPlaceI|tagger.GazDemonym) == 0 && s.flags[b]&(tagger.GazPlaceB|tagger.GazPlaceI|tagger.GazFirstName) == 0 &&
				!d.knownOrg(s.words[b-2]) && !d.knownOrg(s.words[b])
			if (w == "of" || w == "for" || w == "&" || w == "de" || and || w == "the" && b-2 >= 0 && s.words[b-2] == "of") && b-2 >= 0 && (hasUpper(s.words[b-2]) || s.words[b-2] == "of") {
				// "John Smith of the Brookings Institution": a person
				// before "of" is not part of the name
				if w != "the" && w != "&" && !and && personEndsAt(ms, si, b-1) {
					break
				}
				b--
				continue
			}
			break
		}
		// drop leading articles and sentence-initial common words; a
		// nationality adjective stays ("Russian Defense Ministry")
		for b < e {
			if isArticle(s.words[b]) || inSet(connectors, s.words[b]) || b == 0 && s.flags[b]&tagger.GazCommon != 0 && s.flags[b]&tagger.GazOrgCue == 0 ||
				b == 0 && hyphenAdjective(s.words[b]) {
				b++
				continue
			}
			break
		}
		// "CEO and Founder of Ceres Robotics Inc.": titles before "of" are
		// the person's, not the organisation's
		for k := e - 1; k > b; k-- {
			if s.words[k] != "of" {
				continue
			}
			titles := true
			for j := b; j < k; j++ {
				if w := s.words[j]; !(s.flags[j]&tagger.GazTitle != 0 || notNameWord(w) || w == "and" || w == "&" || w == "Founder" || w == "Co-Founder" || w == "Cofounder") {
					titles = false
					break
				}
			}
			if titles {
				b = k + 1
			}
			break
		}
		// "Imperial College London": a school's name may end in its city
		if e+1 < n && (s.words[e] == "College" || s.words[e] == "University") && s.flags[e+1]&tagger.GazBigCity != 0 && upperLetter(s.words[e+1]) &&
			(e+2 == n || !s.caps[e+2] || isPunct(s.words[e+2])) && e-b >= 1 {
			e++
		}
		// "Office of the Comptroller of the Currency", "Department of the
		// Interior": a cue, "of the" and capitalised words, and once more
		if e+3 < n && s.words[e+1] == "of" && s.words[e+2] == "the" && upperLetter(s.words[e+3]) && s.flags[e]&tagger.GazOrgCue != 0 {
			k := e + 3
			for k+1 < n && k-e < 6 && hasUpper(s.words[k+1]) && !isPunct(s.words[k+1]) {
				k++
			}
			if k+3 < n && s.words[k+1] == "of" && s.words[k+2] == "the" && upperLetter(s.words[k+3]) && (k+4 == n || !s.caps[k+4] || isPunct(s.words[k+4])) {
				k += 3
			}
			e = k
		} else if e+2 < n && (s.words[e+1] == "of" || s.words[e+1] == "for" || s.words[e+1] == "on" && s.flags[e+2]&tagger.GazCalendar == 0) && hasUpper(s.words[e+2]) && !isPunct(s.words[e+2]) {
			// "Ministry of Defence", "Bank of England", "Council on
			// Foreign Relations": of, for or on + capitalised words
			k := e + 2
			for k+1 < n && k-e < 5 && hasUpper(s.words[k+1]) && !isPunct(s.words[k+1]) {
				k++
			}
			// "Confederation of Production and Commerce": "and" before a
			// last capitalised word that is no name of its own; "Ministry
			// of Economy, Trade and Industry": single words with commas
			// before it too
			j := k
			for k == e+2 && j+3 < n && j-e < 8 && s.words[j+1] == "," && upperLetter(s.words[j+2]) && (s.words[j+3] == "," || s.words[j+3] == "and") &&
				s.flags[j+2]&(tagger.GazPlaceB|tagger.GazPlaceI|tagger.GazDemonym|tagger.GazFirstName) == 0 && !d.knownOrg(s.words[j+2]) {
				j += 2
			}
			if j+2 < n && j-e < 8 && (k-e < 5 || j > k) && s.words[j+1] == "and" && upperLetter(s.words[j+2]) && !isPunct(s.words[j+2]) &&
				(j+3 == n || !hasUpper(s.words[j+3]) || isPunct(s.words[j+3])) &&
				s.flags[j+2]&(tagger.GazPlaceB|tagger.GazPlaceI|tagger.GazDemonym|tagger.GazFirstName) == 0 && !d.knownOrg(s.words[j+2]) {
				k = j + 2
			}
			if e-b >= 1 || s.flags[e]&tagger.GazOrgCue != 0 || extraOrgCues[s.words[e]] {
				e = k
			}
		}
		if e-b < 1 {
			continue
		}
		// existing mentions must lie inside the run (or start it as a place
		// name used attributively is absorbed: "White House" stays separate)
		inside := true
		for _, m := range ms {
			if m.s == si && m.ts <= e && b < m.te && (m.ts < b || m.te > e+1) {
				inside = false
			}
		}
		if !inside {
			continue
		}
		kept := ms[:0]
		for _, m := range ms {
			if !(m.s == si && m.ts >= b && m.te <= e+1) {
				kept = append(kept, m)
			}
		}
		ms = append(kept, mention{s: si, ts: b, te: e + 1, typ: tagger.ORG})
	}
	return ms
}

// personEndsAt reports whether a person mention of sentence si ends right
// before token e.
func personEndsAt(ms []mention, si, e int) bool {
	for _, m := range ms {
		if m.s == si && m.te == e && m.typ == tagger.PER {
			return true
		}
	}
	return false
}

// shoutedForms maps the all-capital surfaces of names of three letters or
// more ("NISSAN", "TOYOTA") to the article's ordinary spelling of the same
// name ("Nissan"), when it has one; nil when none has ("NATO").
func (d *doc) shoutedForms(ms []mention) map[string]string {
	var shouted [8]string
	n := 0
	for _, m := range ms {
		if sf := d.surface(m); shoutedName(sf) && n < len(shouted) && !slices.Contains(shouted[:n], sf) {
			shouted[n] = sf
			n++
		}
	}
	var out map[string]string
	for _, m := range ms {
		sf := d.surface(m)
		for _, sh := range shouted[:n] {
			if len(sf) == len(sh) && sf != sh && strings.EqualFold(sf, sh) && !allCaps(sf) {
				if out == nil {
					out = map[string]string{}
				}
				if _, ok := out[sh]; !ok {
					out[sh] = sf
				}
			}
		}
	}
	return out
}

// shoutedName reports whether a name's surface is in capitals and three
// letters or more long ("NISSAN", "NATO").
func shoutedName(sf string) bool { return len(sf) >= 3 && allCaps(sf) }

// consistency makes types agree across the article and tags untagged
// repetitions of names already found, including bare surnames.
func (d *doc) consistency(ms []mention) []mention {
	// majority type per surface
	type vote struct {
		sf    string
		n     [tagger.NumTypes]int
		first int
		best  int // the surface's type for the article
	}
	voteOf := make(map[string]int, len(ms))
	votes := make([]vote, 0, len(ms))
	kOf := make([]int32, len(ms)) // the vote of each mention
	shout := d.shoutedForms(ms)
	for i, m := range ms {
		sf := d.surface(m)
		if _, ok := shout[sf]; ok {
			continue
		}
		k, ok := voteOf[sf]
		if !ok {
			k = len(votes)
			voteOf[sf] = k
			votes = append(votes, vote{sf: sf, first: m.typ})
		}
		votes[k].n[m.typ]++
		kOf[i] = int32(k)
	}
	for i := 0; shout != nil && i < len(ms); i++ {
		if o, ok := shout[d.surface(ms[i])]; ok {
			kOf[i] = int32(voteOf[o]) // "TOYOTA" in a heading takes the type of "Toyota"
		}
	}
	for k := range votes {
		v := &votes[k]
		if t, ok := d.forced[v.sf]; ok {
			v.best = t
			continue
		}
		best := v.first
		for t := range tagger.NumTypes {
			if v.n[t] > v.n[best] {
				best = t
			}
		}
		v.best = best
	}
	maxLen := 0
	// lengths (in tokens) of the known names, by first word: a bit set
	lens := map[string]uint32{}
	for i := range ms {
		ms[i].typ = votes[kOf[i]].best
		l := ms[i].te - ms[i].ts
		maxLen = max(maxLen, l)
		if l < 32 {
			lens[d.ss[ms[i].s].words[ms[i].ts]] |= 1 << l
		}
	}
	// surnames (and the family name of three-part names) of people
	partial := map[string]bool{}
	for _, m := range ms {
		if m.typ != tagger.PER || m.te-m.ts < 2 {
			continue
		}
		s := &d.ss[m.s]
		last := s.words[m.te-1]
		// a surname that is also a common word counts after a given
		// name ("Mike Glass" … "Glass was 20-of-24")
		if hasUpper(last) && len(last) > 1 && s.flags[m.te-1]&tagger.GazTitle == 0 &&
			(s.flags[m.te-1]&tagger.GazCommon == 0 || s.flags[m.ts]&tagger.GazFirstName != 0 && s.flags[m.ts]&tagger.GazCommon == 0) {
			partial[last] = true
		}
		if m.te-m.ts >= 3 {
			if f := s.words[m.ts]; hasUpper(f) && s.flags[m.ts]&(tagger.GazTitle|tagger.GazCommon) == 0 {
				partial[f] = true
			}
		}
	}
	for w := range partial {
		lens[w] |= 1 << 1
	}
	// single-token mentions that are a known person's surname become PER
	for i := range ms {
		m := &ms[i]
		if m.te-m.ts == 1 && m.typ != tagger.PER && partial[d.surface(*m)] && !m.lower {
			if d.strongPlaceAt(&d.ss[m.s], m.ts) {
				continue // "Jordan" the country, not Michael Jordan
			}
			m.typ = tagger.PER
			votes[kOf[i]].best = tagger.PER // and its untagged repetitions
		}
	}
	// untagged repetitions; a known longer name replaces shorter mentions
	// inside it ("Russian Far East": "East" → "Far East")
	// owners[si][j] is the index+1 of the mention covering token j
	owners := make([][]int32, len(d.ss))
	{
		n := 0
		for si := range d.ss {
			n += len(d.ss[si].words)
		}
		buf := make([]int32, n)
		for si := range d.ss {
			k := len(d.ss[si].words)
			owners[si] = buf[:k:k]
			buf = buf[k:]
		}
		for k, m := range ms {
			for j := m.ts; j < m.te; j++ {
				owners[m.s][j] = int32(k + 1)
			}
		}
	}
	for si := range d.ss {
		s := &d.ss[si]
		owner := owners[si]
		for i := 0; i < len(s.words); i++ {
			if !s.caps[i] {
				continue
			}
			ls := lens[s.words[i]]
			if ls == 0 {
				continue
			}
			for l := min(maxLen, len(s.words)-i); l >= 1; l-- {
				if ls&(1<<l) == 0 {
					continue
				}
				// covered tokens must belong to mentions lying inside [i, i+l)
				ok := true
				for j := i; j < i+l && ok; j++ {
					if o := owner[j]; o > 0 {
						om := ms[o-1]
						ok = om.ts >= i && om.te <= i+l && om.te-om.ts < l
					}
				}
				if !ok {
					continue
				}
				sf := d.text[s.toks[i].Start:s.toks[i+l-1].End]
				t, known := 0, false
				if k, ok := voteOf[sf]; ok {
					t, known = votes[k].best, true
				}
				if !known && l == 1 && partial[sf] {
					t, known = tagger.PER, true
				}
				if !known {
					continue
				}
				// a sentence-initial common word needs more evidence
				// than a known person's surname
				if l == 1 && i == 0 && s.flags[i]&tagger.GazCommon != 0 && !(t == tagger.PER && partial[sf]) {
					continue
				}
				// do not cut a longer capitalised name ("Putin Foundation")
				if i+l < len(s.words) && owner[i+l] == 0 && upperLetter(s.words[i+l]) && !isPunct(s.words[i+l]) && s.flags[i+l]&tagger.GazTitle == 0 {
					continue
				}
				for j := i; j < i+l; j++ {
					if o := owner[j]; o > 0 {
						ms[o-1].te = ms[o-1].ts // emptied; removed below
					}
				}
				ms = append(ms, mention{s: si, ts: i, te: i + l, typ: t})
				for j := i; j < i+l; j++ {
					owner[j] = int32(len(ms))
				}
				i += l - 1
				break
			}
		}
	}
	// order and remove overlaps (earlier, then longer, wins)
	sortMentions(ms)
	out := ms[:0]
	for _, m := range ms {
		if m.te <= m.ts {
			continue
		}
		if len(out) > 0 {
			p := out[len(out)-1]
			if p.s == m.s && m.ts < p.te {
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// personSupport checks person mentions against the rest of the article.
// News copy introduces people by full name, title or given name; a lone
// capitalised word with none of these ("Alibaba says") is taken for an
// organisation, or dropped when it is a common word, unless it is a
// common family name and no place ("Holcomb said"). It also settles names
// by what follows them: ", which" makes no person ("Big Machine, which"),
// ", a" and a person's role makes one ("Li Jifeng, a doctor").
func (d *doc) personSupport(ms []mention) []mention {
	full := map[string]bool{}  // words of multi-word person names
	given := map[string]bool{} // their first words
	supported := map[string]bool{}
	titled := map[string]bool{}   // lone words after a capitalised title
	surnames := map[string]bool{} // last words of multi-word person names
	for _, m := range ms {
		if m.typ != tagger.PER {
			continue
		}
		s := &d.ss[m.s]
		if m.te-m.ts > 1 {
			for k := m.ts; k < m.te; k++ {
				full[s.words[k]] = true
			}
			given[s.words[m.ts]] = true
			if w := s.words[m.te-1]; upperLetter(w) && !allCaps(w) && len(w) > 2 {
				surnames[w] = true
			}
			continue
		}
		if m.ts > 0 && s.flags[m.ts-1]&(tagger.GazTitle|tagger.GazHonorific) != 0 {
			supported[s.words[m.ts]] = true
		}
		if w := s.words[m.ts]; w[0] == '@' || indexWord(d.kin, w) >= 0 || d.locked[w] {
			supported[w] = true
		}
		if m.te+1 < len(s.words) && s.words[m.te] == "," && d.roleAfter(s, m.te+1) != "" {
			supported[s.words[m.ts]] = true // "Natarajan, the company’s chief executive,"
		}
		if m.te+1 < len(s.words) && isPossessive(s.words[m.te]) && personOwned(s.words[m.te+1]) {
			supported[s.words[m.ts]] = true // "Okafor's family said"
		}
		if m.te < len(s.words) && d.loneSubject(s, m.ts) {
			supported[s.words[m.ts]] = true // "Rostova wants …, her spokesman said"
		}
	}
	// "Big Machine, which was bought out": a name of two or more words
	// before ", which" is no person's, wherever it stands (a lone word is
	// left to the checks below)
	var which []string
	for _, m := range ms {
		if s := &d.ss[m.s]; m.typ == tagger.PER && m.te-m.ts > 1 && m.te+1 < len(s.words) && s.words[m.te] == "," && s.words[m.te+1] == "which" {
			if sf := d.surface(m); !d.locked[sf] {
				which = append(which, sf)
			}
		}
	}
	for k := range ms {
		m := &ms[k]
		if which != nil && m.typ == tagger.PER && indexWord(which, d.surface(*m)) >= 0 {
			m.typ = tagger.ORG
			continue
		}
		// "Li Jifeng, a doctor at …": a name of two words or more before
		// ", a" and a person's role is a person
		if s := &d.ss[m.s]; m.typ == tagger.ORG && m.te-m.ts > 1 && m.te+2 < len(s.words) && s.words[m.te] == "," &&
			(s.words[m.te+1] == "a" || s.words[m.te+1] == "an") && !d.locked[d.surface(*m)] && d.roleAfter(s, m.te+1) != "" {
			m.typ = tagger.PER
		}
		if m.te-m.ts != 1 {
			continue
		}
		s := &d.ss[m.s]
		w := s.words[m.ts]
		// "Dub had his water", "Buckley, who hadn’t sung": a lone name
		// followed closely by a personal pronoun in the same clause, or
		// by ", who"
		if !supported[w] && (personalPronounAfter(s.words, m.te) || whoAfter(s.words, m.te)) {
			supported[w] = true
		}
		if m.ts > 0 && s.flags[m.ts-1]&tagger.GazTitle != 0 && upperLetter(s.words[m.ts-1]) {
			titled[w] = true // "Ambassador Sondland", a town's name too
		}
		// "Ian Hamilton, an expert …: “…,” Hamilton argued": the surname
		// of a person of the article, alone and not after a locative, is
		// that person, even when a place or a company bears it; not "in
		// Hamilton" or "Hamilton, Ontario"
		if m.typ != tagger.PER && surnames[w] && !d.locked[w] && !(m.ts > 0 && (locative(s.words[m.ts-1]) || s.words[m.ts-1] == ",")) &&
			!(m.te < len(s.words) && s.words[m.te] == "," && m.te+1 < len(s.words) && s.caps[m.te+1]) {
			m.typ = tagger.PER
		}
	}
	out := ms[:0]
	for _, m := range ms {
		if w := d.ss[m.s].words[m.ts]; m.typ != tagger.PER && m.te-m.ts == 1 && (supported[w] || titled[w]) {
			s := &d.ss[m.s]
			place := gazPlace
			if titled[w] {
				place = tagger.GazCountry | tagger.GazAdmin1 | tagger.GazBigCity // a town's name may be a surname
			}
			if !d.locked[w] && !d.knownOrg(w) && !d.listedCompany(w) && !allCaps(w) && s.flags[m.ts]&(place|tagger.GazCommon) == 0 {
				m.typ = tagger.PER
			}
		}
		if m.typ == tagger.ORG && m.te-m.ts == 1 {
			// "McDowell still laughs": a Mc or Mac family name alone
			s := &d.ss[m.s]
			if w := s.words[m.ts]; macName(w) && d.r.sur.has(w) && !d.locked[w] && !d.knownOrg(w) {
				m.typ = tagger.PER
				supported[w] = true
			}
		}
		if m.typ != tagger.PER && m.te-m.ts == 1 {
			// "to LeBron without wins" after "LeBron James": the first
			// name of a person of the article, not a company
			s := &d.ss[m.s]
			if w := s.words[m.ts]; given[w] && !d.locked[w] && !d.knownOrg(w) && s.flags[m.ts]&(tagger.GazPlaceB|tagger.GazCountry|tagger.GazAdmin1|tagger.GazBigCity|tagger.GazCity) == 0 {
				m.typ = tagger.PER
			}
		}
		if m.typ == tagger.PER {
			s := &d.ss[m.s]
			w := s.words[m.ts]
			switch {
			case m.te-m.ts == 1 && !full[w] && !supported[w] && !titled[w]:
				if d.listedCompany(w) && !d.r.sur.veryCommon(w) && !(s.flags[m.ts]&tagger.GazFirstName != 0 && m.ts > 0 && s.words[m.ts-1] == "," && m.te < len(s.words) && s.words[m.te] == ",") {
					// "Audi has revealed", "Webb's Ford sedan"; a given name in
					// apposition is a person ("the heir, Charles, has"), and
					// so is one of the most common family names the company
					// list holds ("Johnson", "Davis")
					m.typ = tagger.ORG
					break
				}
				if m.ts == 0 && d.r.sur.has(w) && s.flags[0]&(tagger.GazCommon|tagger.GazFirstName|gazPlace) == 0 {
					break // "Holcomb said", "Buser, however, is": a family name opening its sentence
				}
				if s.flags[m.ts]&(tagger.GazCommon|tagger.GazFirstName) != 0 || m.ts == 0 || isQuoteOrDash(s.words[m.ts-1]) {
					continue // "Jam has always…": a capitalised first word
				}
				if d.r.sur.has(w) && (s.flags[m.ts]&gazPlace == 0 ||
					s.flags[m.ts]&(tagger.GazCountry|tagger.GazAdmin1|tagger.GazBigCity) == 0 && !locative(s.words[m.ts-1])) {
					break // "Epstein", "Holcomb": a common family name, no place or a small town's name not after "in", "at" … ("Davis")
				}
				m.typ = tagger.ORG
			case m.te-m.ts > 1 && s.flags[m.ts]&tagger.GazFirstName == 0 && d.safePlaceAt(s, m.ts) && !d.singlePerson(ms, s.words[m.te-1]) &&
				!d.r.sur.has(s.words[m.te-1]) && !arabicName(s.words[m.te-1]) && !(m.ts > 0 && s.flags[m.ts-1]&(tagger.GazTitle|tagger.GazHonorific) != 0) && !d.locked[d.surface(m)]:
				m.typ = tagger.ORG // "Wichita Heights" (a school), not "Mason Rudolph" nor "Rep. Alexandria Ocasio-Cortez"
			}
		}
		out = append(out, m)
	}
	return out
}

// personOwned reports whether w, after a name's possessive, is what only a
// person has ("Okafor's family", "O'Brien's lawyer").
func personOwned(w string) bool {
	switch w {
	case "family", "lawyer", "lawyers", "attorney", "attorneys", "relatives", "funeral", "death", "arrest", "widow", "widower":
		return true
	}
	return kinship(w)
}

// personalPronounAfter reports whether a possessive or reflexive
// personal pronoun ("his", "herself") follows token e within three
// words, with no punctuation, quotation mark or other pronoun between
// them ("Dub had his water"): the name before e is a person's.
func personalPronounAfter(words []string, e int) bool {
	for k := e; k < len(words) && k < e+4; k++ {
		switch words[k] {
		case "his", "her", "himself", "herself":
			return k > e
		case "he", "she", "him":
			return false // "The Chronicle says he was arrested": another's
		}
		if isPunct(words[k]) || isOpenQuote(words[k]) || isCloseQuote(words[k]) {
			return false
		}
	}
	return false
}

// hyphenatedGiven reports whether w is two capitalised parts of letters
// joined by a hyphen, each part two to eight letters long ("Pierre-Luc").
func hyphenatedGiven(w string) bool {
	a, b, ok := strings.Cut(w, "-")
	if !ok {
		return false
	}
	for _, p := range [2]string{a, b} {
		if len(p) < 2 || len(p) > 8 || p[0] < 'A' || p[0] > 'Z' {
			return false
		}
		for k := 1; k < len(p); k++ {
			if p[k] < 'a' || p[k] > 'z' {
				return false
			}
		}
	}
	return true
}

// partyPlural reports whether w names a party's members ("Democrats"), a
// name of known.txt's "party members" group, which is no part of an
// organisation's name.
func partyPlural(w string) bool {
	for _, k := range knownNames[w] {
		if k.group == "party members" && len(k.words) == 1 {
			return true
		}
	}
	return false
}

// scoreAfter reports whether the other side of a result follows token e:
// a comma, one or two capitalised words and a number ("…, Canadiens 2").
func scoreAfter(words []string, e int) bool {
	if e+2 >= len(words) || words[e] != "," {
		return false
	}
	for k := e + 1; k < len(words) && k <= e+3; k++ {
		if isDigits(words[k]) {
			return k > e+1
		}
		if !upperLetter(words[k]) || isPunct(words[k]) {
			return false
		}
	}
	return false
}

// whoAfter reports whether ", who" follows token e ("Buckley, who").
func whoAfter(words []string, e int) bool {
	return e+1 < len(words) && words[e] == "," && words[e+1] == "who"
}

// singlePerson reports whether w alone is a person mention ("Rudolph").
func (d *doc) singlePerson(ms []mention, w string) bool {
	for _, m := range ms {
		if m.typ == tagger.PER && m.te-m.ts == 1 && d.ss[m.s].words[m.ts] == w {
			return true
		}
	}
	return false
}

// eventCues end the names of events, which are not entities and hide the
// names inside them ("Los Angeles Auto Show", "Davis Cup Finals").
var eventCues = map[string]bool{"Show": true, "Festival": true, "Summit": true, "Cup": true,
	"Championship": true, "Championships": true, "Games": true, "Awards": true, "Olympics": true,
	"Expo": true, "Fair": true, "Marathon": true, "Finals": true, "Final": true, "Tournament": true,
	"Grand Prix": true, "Open": false, "Week": true, "Forum": true}

// dropEvents removes mentions inside capitalised runs that end in an event
// word.
func (d *doc) dropEvents(ms []mention) []mention {
	type run struct{ s, a, b int }
	var runs []run
	for si := range d.ss {
		s := &d.ss[si]
		for e, w := range s.words {
			if e == 0 || !s.caps[e] || !eventCues[w] {
				continue
			}
			// extend over a following event word ("Davis Cup Finals")
			end := e + 1
			for end < len(s.words) && eventCues[s.words[end]] {
				end++
			}
			b := e
			for b > 0 && (hasUpper(s.words[b-1]) && !isPunct(s.words[b-1]) || s.words[b-1] == "and" && b > 1 && hasUpper(s.words[b-2])) {
				b--
			}
			if b < e {
				runs = append(runs, run{si, b, end})
			}
		}
	}
	for _, e := range d.events {
		runs = append(runs, run{e[0], e[1], e[2]})
	}
	if len(runs) == 0 {
		return ms
	}
	out := ms[:0]
	for _, m := range ms {
		hidden := false
		for _, r := range runs {
			if r.s == m.s && m.ts >= r.a && m.te <= r.b || r.s == m.s && m.ts < r.b && r.a < m.te && m.te > r.b-1 {
				hidden = true
			}
		}
		if !hidden {
			out = append(out, m)
		}
	}
	return out
}

func isQuoteOrDash(w string) bool {
	switch w {
	case "\"", "“", "‘", "'", "(", "[", "—", "–", "-", ":", "…":
		return true
	}
	return false
}

// safePlaceAt reports whether a gazetteer match of a city or country that
// is not also a common word or name starts at token i.
func (d *doc) safePlaceAt(s *sentence, i int) bool {
	for _, g := range s.matches {
		if g.Start != i {
			continue
		}
		for _, p := range g.Places {
			pl := &d.r.gaz.Places[p]
			if (pl.Kind == gazetteer.City || pl.Kind == gazetteer.Country) && !pl.Risky {
				return true
			}
		}
	}
	return false
}

// shortWords reports whether every word has at most five bytes, the shape
// of East Asian names ("Kim Jong Un", "Xi Jin Ping").
func shortWords(ws []string) bool {
	for _, w := range ws {
		if len(w) > 5 {
			return false
		}
	}
	return true
}

// headline reports whether a sentence is written in title case or
// capitals (a heading or a slogan), where capitalisation says little: most
// of its common words are capitalised.
func headline(s *sentence) bool {
	common, caps := 0, 0
	for i, w := range s.words {
		f := s.flags[i]
		if i > 0 && f&tagger.GazCommon == 0 && len(w) > 3 && isLowerWord(w) {
			common++ // "grounded": a word title case would capitalise
			continue
		}
		if i == 0 || f&tagger.GazCommon == 0 || f&(tagger.GazTitle|tagger.GazCalendar|tagger.GazFirstName|tagger.GazHonorific) != 0 {
			continue
		}
		if c := w[0]; c >= '0' && c <= '9' || c < utf8.RuneSelf && !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			continue // numbers and dashes say nothing of the case
		}
		common++
		if hasUpper(w) {
			caps++
		}
	}
	return common >= 2 && caps*10 >= common*7
}

// headlines drops mentions found only in headline-like sentences, unless
// the gazetteer knows them or the same name occurs in running text.
func (d *doc) headlines(ms []mention) []mention {
	isHead := make([]bool, len(d.ss))
	any := false
	for i := range d.ss {
		isHead[i] = headline(&d.ss[i])
		any = any || isHead[i]
	}
	if !any {
		return ms
	}
	inText := map[string]bool{}
	for _, m := range ms {
		if !isHead[m.s] {
			s := &d.ss[m.s]
			for k := m.ts; k < m.te; k++ {
				inText[s.words[k]] = true
			}
		}
	}
	out := ms[:0]
	for _, m := range ms {
		if isHead[m.s] {
			s := &d.ss[m.s]
			ok := d.r.gaz.Lookup(s.words[m.ts:m.te]) != nil
			for k := m.ts; k < m.te && !ok; k++ {
				ok = inText[s.words[k]]
			}
			if !ok {
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

func indexWord(ws []string, w string) int {
	for i, x := range ws {
		if x == w {
			return i
		}
	}
	return -1
}

// pluralAcronym reports whether w is an acronym with a plural s ("ICUs").
func pluralAcronym(w string) bool {
	n := len(w)
	if n < 3 || w[n-1] != 's' {
		return false
	}
	for i := 0; i < n-1; i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

// orgContext types a name as an organisation when its context says so:
// "Apple CEO Tim Cook" (a name, a title, a person), "the automaker Nissan"
// (a descriptor before it) or "Hipcricket, a mobile marketing company" (a
// descriptor in an appositive after it). Places and nationalities keep
// their type ("Delhi's Chief Minister", "Russian President").
func (d *doc) orgContext(ms []mention) []mention {
	// untagged capitalised runs are candidates too; a sentence's first
	// word only when the article never writes it in lower case
	covered := d.coverage(ms)
	for si := range d.ss {
		s := &d.ss[si]
		cov := covered[si]
		for i := 0; i < len(s.words); i++ {
			if cov[i] || !hasUpper(s.words[i]) || isPunct(s.words[i]) || isArticle(s.words[i]) {
				continue // "A DHS spokesperson": the article opens no name
			}
			if i == 0 && (s.flags[0]&(tagger.GazCommon|tagger.GazFirstName) != 0 || inSet(gazetteer.OrgDescriptors, s.words[0]) ||
				d.lowerUse(s.words[0])) { // the text scan last
				continue
			}
			j := i
			for j < len(s.words) && j-i < 4 && hasUpper(s.words[j]) && !isPunct(s.words[j]) && !cov[j] &&
				s.flags[j]&(tagger.GazTitle|tagger.GazCalendar|tagger.GazHonorific) == 0 &&
				!((s.words[j] == "Majority" || s.words[j] == "Minority") && j+1 < len(s.words) && s.flags[j+1]&tagger.GazTitle != 0) { // "Senate Majority Leader"
				j++
			}
			if j > i && (s.flags[i]&tagger.GazCommon == 0 || j-i > 1 && i > 0 && inSet(gazetteer.OrgDescriptors, s.words[i-1])) {
				// "the nonprofit group Clean Rivers Now": a name of common
				// words after a descriptor
				ms = append(ms, mention{s: si, ts: i, te: j, typ: -1})
			}
			i = j
		}
	}
	// isPer: a person mention starts at token j of sentence si
	isPer := func(si, j int) bool {
		for _, m := range ms {
			if m.s == si && m.ts == j && m.typ == tagger.PER {
				return true
			}
		}
		return false
	}
	for i := range ms {
		m := &ms[i]
		if m.typ != tagger.LOC && !m.lower && d.townOf(ms, m) {
			// "the mayor of Pembury", "Mayor Derek Olsen of Pembury"
			m.typ = tagger.LOC
			continue
		}
		if (m.typ == tagger.LOC || m.typ < 0 || m.typ == tagger.PER && m.te-m.ts == 1 && d.ss[m.s].flags[m.ts]&tagger.GazFirstName == 0) && !m.lower && d.workplace(m) {
			// "chief economist at Scotiabank Chile": a role at a name that
			// is no place of the gazetteer
			m.typ = tagger.ORG
			continue
		}
		if m.typ == tagger.LOC || m.lower {
			continue
		}
		s := &d.ss[m.s]
		if d.r.gaz.Lookup(s.words[m.ts:m.te]) != nil || d.demonymAt(s, m.ts) >= 0 {
			continue
		}
		org := false
		// NAME title… PERSON
		j := m.te
		for j < len(s.words) && j < m.te+4 && (roleWord(s.words[j]) || s.words[j] == "and" || s.words[j] == "Majority" || s.words[j] == "Minority") {
			j++
		}
		if j > m.te && headWord(s.words[j-1]) && isPer(m.s, j) {
			if localTitle(s.words[m.te]) && m.typ != tagger.PER && (d.r.gaz.Lookup(s.words[m.ts:m.te]) != nil || !d.r.orgs.longest(s.words, m.ts).known()) {
				m.typ = tagger.LOC // "Pembury Mayor Derek Olsen"
				continue
			}
			org = true
		}
		// descriptor NAME, descriptor, NAME
		if m.ts > 0 && inSet(gazetteer.OrgDescriptors, s.words[m.ts-1]) ||
			m.ts > 1 && s.words[m.ts-1] == "," && inSet(gazetteer.OrgDescriptors, s.words[m.ts-2]) {
			org = true
		}
		// the descriptor behind the terminal, NAME
		if !org && m.ts > 3 && s.words[m.ts-1] == "," {
			org = d.describedBefore(s, m.ts-1)
		}
		// NAME, a … descriptor
		if m.te+2 < len(s.words) && s.words[m.te] == "," {
			k := m.te + 1
			w := s.words[k]
			// "Li Qiang, China's premier,": a place's possessive in place
			// of the article, for a person's role only
			owned := hasUpper(w) && k+2 < len(s.words) && isPossessive(s.words[k+1])
			if owned {
				k++
			}
			if owned || w == "a" || w == "an" || w == "the" || w == "A" || w == "An" || w == "The" {
				for k2 := k + 1; k2 < len(s.words) && k2 <= k+4; k2++ {
					w2 := s.words[k2]
					if k2+1 < len(s.words) && isPossessive(s.words[k2+1]) {
						k2++ // "Natarajan, the company’s chief executive": a modifier
						continue
					}
					if headWord(w2) {
						if m.typ < 0 || m.typ == tagger.ORG && m.te-m.ts == 2 && (s.flags[m.ts]&tagger.GazFirstName != 0 || d.r.sur.has(s.words[m.ts+1])) && !d.orgNamed(s, m.ts, m.te) {
							m.typ = tagger.PER // "Natarajan, the company’s chief executive,", "Marek Dvorak, the team's captain,"
						}
						break // a person's role
					}
					if inSet(gazetteer.OrgDescriptors, w2) {
						org = !owned
						break
					}
					if hasUpper(w2) && !hyphenAdjective(w2) && s.flags[k2]&(gazPlace|tagger.GazDemonym) == 0 || isPunct(w2) {
						break // "Kestrel, a London-based drone maker,", "Copperline, the Denver mining company,": a modifier
					}
				}
			}
		}
		// a name no rule has typed, and a cue noun after it or before it
		if !org && m.typ < 0 {
			org = orgCued(s, m.ts, m.te)
		}
		// "Halberd, which makes drones for farmers,"
		if !org && m.typ < 0 && m.te+2 < len(s.words) && s.words[m.te] == "," && s.words[m.te+1] == "which" {
			switch s.words[m.te+2] {
			case "makes", "sells", "operates", "owns", "runs", "builds", "develops", "produces", "manufactures":
				org = true
			}
		}
		if !org && m.typ == tagger.PER && s.flags[m.ts]&tagger.GazFirstName == 0 {
			org = sharesCued(s, m.ts, m.te) // "shares of Meta", "JPMorgan Chase shares fell"
		}
		if org && m.typ == tagger.PER && m.te-m.ts > 1 && s.flags[m.ts]&tagger.GazFirstName != 0 {
			org = false // a person's full name stays a person
		}
		if org {
			m.typ = tagger.ORG
			d.force(d.surface(*m), tagger.ORG)
			continue
		}
		if m.typ == tagger.PER && m.ts == 0 && m.te-m.ts == 1 && d.subjectType(s, m.te) == tagger.PER {
			d.kin = append(d.kin, s.words[m.ts]) // "Haverford said he would": kept though no list knows it
		}
		if m.typ < 0 && m.ts == 0 && m.te-m.ts <= 2 {
			switch m.typ = d.subjectType(s, m.te); {
			case m.typ == tagger.PER && m.te-m.ts == 1:
				d.kin = append(d.kin, s.words[m.ts])
			case m.typ == tagger.ORG:
				d.force(d.surface(*m), tagger.ORG) // the article's other uses follow
			}
			if m.typ < 0 && m.te+1 < len(s.words) && s.words[m.te] == "and" {
				// "Uber and Lyft said": the partner's type
				for _, o := range ms {
					if o.s == m.s && o.ts == m.te+1 && o.typ >= 0 && o.typ != tagger.LOC && o.te < len(s.words) &&
						(subjectVerb(s.words[o.te]) || s.words[o.te] == "both" && o.te+1 < len(s.words) && subjectVerb(s.words[o.te+1])) {
						m.typ = o.typ
						break
					}
				}
			}
		}
	}
	out := ms[:0]
	for _, m := range ms {
		if m.typ >= 0 {
			out = append(out, m)
		}
	}
	return out
}

// subjectType types the name that opens sentence s and ends at token e
// when a verb follows it ("Zentrova said Tuesday it would cut 300 jobs",
// "Okonkwo told the court he had never met them"): the first personal
// pronoun after it in the sentence decides ("it" an organisation, "he" or
// "she" a person), else a company of the list is an organisation and a
// family name of the census a person. It returns -1 when nothing decides.
func (d *doc) subjectType(s *sentence, e int) int {
	if e >= len(s.words) || !subjectVerb(s.words[e]) || allCaps(s.words[0]) || allCaps(s.words[e-1]) {
		return -1
	}
	last := s.words[e-1]
	surname := d.r.sur.has(last)
	ws := s.words[e+1:]
	if companyVerbObject(s.words[e], ws) && !surname && s.flags[0]&tagger.GazFirstName == 0 {
		return tagger.ORG // "Kellmark reported quarterly revenue", "Dropbox will cut 500 jobs"
	}
	for k, w := range ws {
		switch w {
		case "company", "firm", "startup", "retailer", "lender", "insurer", "carmaker", "automaker", "airline", "bank":
			if k > 0 && (ws[k-1] == "the" || ws[k-1] == "The") && !surname && s.flags[0]&tagger.GazFirstName == 0 {
				return tagger.ORG // "Brovane will pay …, the company said"
			}
		case "it":
			// "said it would cut": the subject's plans, not what a person
			// said "was a crime"
			if k+1 < len(ws) && agentAux(ws[k+1]) && !surname && s.flags[0]&tagger.GazFirstName == 0 {
				return tagger.ORG
			}
		case "its":
			if !surname && s.flags[0]&tagger.GazFirstName == 0 {
				return tagger.ORG
			}
		case "he", "his", "him", "she", "her":
			return tagger.PER
		}
	}
	switch {
	case d.listedCompany(last):
		return tagger.ORG
	case surname:
		return tagger.PER
	}
	return -1
}

// companyVerbObject reports whether verb v and the words after it ws say
// what a company does: reports results, cuts or hires staff, makes or
// sells things ("reported quarterly revenue", "will cut 500 jobs",
// "makes software").
func companyVerbObject(v string, ws []string) bool {
	switch v {
	case "makes", "sells", "operates", "owns", "manufactures":
		return true
	}
	for k, w := range ws {
		if k > 6 || isPunct(w) {
			break
		}
		switch w {
		case "revenue", "revenues", "profit", "profits", "earnings", "sales":
			return v == "reported" || v == "posted" || v == "said"
		case "jobs", "workers", "employees", "staff":
			return v == "will" || v == "would" || v == "plans" || v == "said" || v == "announced" || v == "cut"
		}
	}
	return false
}

// agentAux reports whether w, after "it", speaks of what "it" will do.
func agentAux(w string) bool {
	switch w {
	case "would", "will", "had", "has", "plans", "planned", "expects", "expected", "intends", "could", "might":
		return true
	}
	return false
}

// subjectVerb reports whether w is a verb that often follows a person or
// an organisation opening a news sentence.
func subjectVerb(w string) bool {
	switch w {
	case "said", "says", "told", "announced", "reported", "will", "would", "plans", "planned",
		"agreed", "confirmed", "denied", "declined", "launched", "unveiled", "raised", "cut", "filed", "sued", "won", "lost",
		"added", "argued", "wrote", "expects", "expected", "warned", "posted", "hired", "fired", "bought", "sold", "acquired",
		"makes", "sells", "operates", "owns", "manufactures":
		return true
	}
	return false
}

// orgCued reports whether the name at tokens ts..te of s has an
// organisation's cue noun right after it, perhaps after a possessive ("an
// Alibaba spokesperson", "Tribune's shareholders"), or before it with
// "for", "of" or "in" ("a spokesperson for Instagram", "a stake in
// Burisma", "shares of Rivian").
func orgCued(s *sentence, ts, te int) bool {
	if sharesCued(s, ts, te) {
		return true
	}
	j := te
	if j < len(s.words) && isPossessive(s.words[j]) {
		j++
	}
	if j < len(s.words) && inSet(gazetteer.OrgAfter, s.words[j]) {
		return true
	}
	if ts < 2 {
		return false
	}
	switch s.words[ts-1] {
	case "for", "of", "in":
		return inSet(gazetteer.OrgBefore, s.words[ts-2])
	}
	return false
}

// sharesCued reports whether the name at tokens ts..te of s is a listed
// company by the shares spoken of: "shares of Rivian", "Rivian's shares",
// "Rivian shares fell" (a person's name is never cued so).
func sharesCued(s *sentence, ts, te int) bool {
	if ts >= 2 && s.words[ts-1] == "of" && (s.words[ts-2] == "shares" || s.words[ts-2] == "Shares") {
		return true
	}
	j := te
	if j < len(s.words) && isPossessive(s.words[j]) {
		j++
		return j < len(s.words) && (s.words[j] == "shares" || s.words[j] == "stock")
	}
	if j+1 < len(s.words) && s.words[j] == "shares" {
		switch s.words[j+1] {
		case "rose", "fell", "jumped", "dropped", "slid", "gained", "climbed", "tumbled", "plunged", "soared", "surged", "sank", "slumped", "closed", "ended", "were", "have", "had":
			return true
		}
	}
	return false
}

// orgNamed reports whether the words ts..te of s read as an organisation's
// name: one the lexicon knows, or one with an organisation's head word.
func (d *doc) orgNamed(s *sentence, ts, te int) bool {
	if d.r.orgs.longest(s.words, ts).known() {
		return true
	}
	for k := ts; k < te; k++ {
		if s.flags[k]&(tagger.GazOrgCue|tagger.GazOrgSuffix) != 0 || extraOrgCues[s.words[k]] {
			return true
		}
	}
	return false
}

// localTitle reports whether w is the title of a town's or a state's
// office, whose holder's place is named before the title or after "of"
// ("Pembury Mayor Derek Olsen", "the governor of Kavaria").
func localTitle(w string) bool {
	switch strings.ToLower(w) {
	case "mayor", "governor", "gov.", "sheriff", "premier", "councilman", "councilwoman", "councillor", "alderman":
		return true
	}
	return false
}

// townOf reports whether mention m, no name the organisation lexicon
// knows and no person's full name, follows "of" after a local office, a
// place noun or the people of a place ("the mayor of Pembury", "Mayor Derek
// Olsen of Pembury", "residents of Pembury", "the island of Rhodes").
func (d *doc) townOf(ms []mention, m *mention) bool {
	s := &d.ss[m.s]
	if m.ts < 2 || s.words[m.ts-1] != "of" || d.r.orgs.longest(s.words, m.ts).known() {
		return false
	}
	if m.typ == tagger.PER && (m.te-m.ts > 1 || s.flags[m.ts]&tagger.GazFirstName != 0) {
		return false
	}
	for k := m.ts; k < m.te; k++ {
		if s.flags[k]&tagger.GazOrgCue != 0 || extraOrgCues[s.words[k]] {
			return false
		}
	}
	w := s.words[m.ts-2]
	switch strings.ToLower(w) {
	case "residents", "outskirts", "suburbs", "streets", "townspeople", "inhabitants", "city", "town", "village", "island", "township", "municipality", "hamlet":
		return true
	}
	if !hasUpper(w) {
		return localTitle(w)
	}
	// the office holder's name ends before "of"
	for _, p := range ms {
		if p.s == m.s && p.typ == tagger.PER && p.te == m.ts-1 && p.ts > 0 {
			return localTitle(s.words[p.ts-1])
		}
	}
	return false
}

// companyRole reports whether w is the last word of a company post, which
// "of" joins to the company ("the chief executive of Mervale", "a
// co-founder of Quillon"); offices that a place has too ("president",
// "mayor") are not.
func companyRole(w string) bool {
	switch w {
	case "executive", "CEO", "CFO", "COO", "CTO", "chairman", "chairwoman", "chairperson", "founder", "co-founder", "cofounder", "owner", "co-owner", "officer", "employee", "employees":
		return true
	}
	return false
}

// workplace reports whether mention m follows "ROLE at" ("chief economist
// at Scotiabank Chile", "worked at McKinsey"), a company post and "of"
// ("the chief executive of Mervale"), "acquired by" or "founded" ("before
// founding Quantic") and is not a place of the gazetteer as a whole.
func (d *doc) workplace(m *mention) bool {
	s := &d.ss[m.s]
	if m.ts < 2 {
		return false
	}
	switch w := s.words[m.ts-2]; s.words[m.ts-1] {
	case "at":
		if (!headWord(w) || hasUpper(w)) && w != "worked" && w != "works" && w != "working" {
			return false
		}
	case "of":
		if !companyRole(w) {
			return false
		}
	case "by":
		if w != "acquired" && w != "bought" && w != "purchased" {
			return false
		}
	case "founded", "co-founded", "cofounded", "founding", "co-founding":
		// "before founding Quantic"
	default:
		return false
	}
	return d.r.gaz.Lookup(s.words[m.ts:m.te]) == nil
}

// descPreps open the phrase after a descriptor in "the company behind the
// terminal, NAME".
var descPreps = map[string]bool{"behind": true, "of": true, "in": true, "at": true, "for": true, "from": true, "with": true, "on": true}

// describedBefore reports whether the words before the comma at token c
// are "the DESCRIPTOR prep …" with lower-case words only after the
// descriptor ("The company behind the terminal, Naviera Austral").
func (d *doc) describedBefore(s *sentence, c int) bool {
	for k := c - 2; k >= 1 && k >= c-6; k-- {
		w := s.words[k]
		if inSet(gazetteer.OrgDescriptors, w) {
			return isArticle(s.words[k-1]) && descPreps[s.words[k+1]]
		}
		if hasUpper(w) || isPunct(w) {
			return false
		}
	}
	return false
}

// coverage marks, per sentence, the tokens inside a mention.
func (d *doc) coverage(ms []mention) [][]bool {
	n := 0
	for i := range d.ss {
		n += len(d.ss[i].words)
	}
	buf := make([]bool, n)
	out := make([][]bool, len(d.ss))
	for i := range d.ss {
		k := len(d.ss[i].words)
		out[i] = buf[:k:k]
		buf = buf[k:]
	}
	for _, m := range ms {
		for k := m.ts; k < m.te; k++ {
			out[m.s][k] = true
		}
	}
	return out
}

// lowerASCII lower-cases a short ASCII word, allocating only when it has
// capitals.
func lowerASCII(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; 'A' <= c && c <= 'Z' {
			return strings.ToLower(w)
		}
	}
	return w
}

// hyphenAdjective reports whether w is a compound like "Oscar-winning" or
// "Delhi-based": a name joined to a lower-case word.
func hyphenAdjective(w string) bool {
	i := strings.LastIndexByte(w, '-')
	if i <= 0 || i+1 >= len(w) {
		return false
	}
	c := w[i+1]
	return c >= 'a' && c <= 'z'
}

// listTypes extends a type along a list of names: in "Ford, Macy's, NBC,
// Fox and others" two or more items of one type and no item of another
// type give the untagged capitalised items that type.
func (d *doc) listTypes(ms []mention) []mention {
	covered := d.coverage(ms)
	typeAt := func(si, ts, te int) int {
		for _, m := range ms {
			if m.s == si && m.ts == ts && m.te == te {
				return m.typ
			}
		}
		return -2 // a mention that does not match the item
	}
	type item struct{ a, b int }
	var items []item
	for si := range d.ss {
		s := &d.ss[si]
		n := len(s.words)
		i := 0
		for i < n {
			// a list: item (, item)* ((,) and|or item)?
			items = items[:0]
			j := i
			for {
				if j >= n || !hasUpper(s.words[j]) || isPunct(s.words[j]) || s.flags[j]&tagger.GazHonorific != 0 {
					break // "Cork, Ireland, Mr. Donnelly": a person after the list
				}
				a := j
				for j < n && j-a < 4 && hasUpper(s.words[j]) && !isPunct(s.words[j]) || j < n && j > a && j-a < 4 && (s.words[j] == "&" || isPossessive(s.words[j])) {
					j++
				}
				items = append(items, item{a, j})
				if j < n && s.words[j] == "," {
					j++
					if j < n && (s.words[j] == "and" || s.words[j] == "or") {
						j++
					}
					continue
				}
				if j < n && (s.words[j] == "and" || s.words[j] == "or") {
					j++
					continue
				}
				break
			}
			if len(items) >= 3 {
				var count [tagger.NumTypes]int
				mixed, plain := false, false // plain: a typed item is a common word
				for _, it := range items {
					if covered[si][it.a] {
						t := typeAt(si, it.a, it.b)
						if t < 0 {
							mixed = true
							break
						}
						count[t]++
						plain = plain || s.flags[it.a]&tagger.GazCommon != 0
					}
				}
				// a lone one-word person among two companies or more,
				// the item ending at a comma or "and", is a company too
				// ("Meta, Google, TikTok and Snap")
				if !mixed && count[tagger.PER] == 1 && count[tagger.ORG] >= 2 && count[tagger.LOC] == 0 {
					for _, it := range items {
						if k := mentionAt(ms, si, it.a); k >= 0 && ms[k].typ == tagger.PER && ms[k].ts == it.a && ms[k].te == it.a+1 && it.b == it.a+1 &&
							!d.r.sur.has(s.words[it.a]) && !d.locked[s.words[it.a]] && (it.b == n || isPunct(s.words[it.b]) || s.words[it.b] == "and" || s.words[it.b] == "or") {
							ms[k].typ = tagger.ORG
							count[tagger.PER], count[tagger.ORG] = 0, count[tagger.ORG]+1
						}
					}
				}
				best := -1
				for t := range tagger.NumTypes {
					// one company is enough when it is no common word:
					// "Enter Lugg, Instacart, DoorDash and Homejoy"
					if count[t] >= 2 || t == tagger.ORG && count[t] == 1 && !plain {
						if best >= 0 {
							mixed = true
						}
						best = t
					}
				}
				if !mixed && best >= 0 {
					for t := range tagger.NumTypes {
						if t != best && count[t] > 0 {
							mixed = true
						}
					}
				}
				if !mixed && best >= 0 {
					for _, it := range items {
						skip := tagger.GazCommon | tagger.GazCalendar | tagger.GazTitle
						if count[best] == 1 {
							skip |= tagger.GazFirstName // "Turquoise, Yellow, or Gray"
						}
						if covered[si][it.a] || it.a == 0 || s.flags[it.a]&skip != 0 {
							continue
						}
						b := it.b
						for b > it.a && isPossessive(s.words[b-1]) {
							b--
						}
						typ := best
						if institutionHead(s.words[b-1]) {
							typ = tagger.ORG // "Greenbelt, Maryland, and American University"
						}
						ms = append(ms, mention{s: si, ts: it.a, te: b, typ: typ})
					}
				}
			}
			if j > i {
				i = j
			} else {
				i++
			}
		}
	}
	return ms
}

// inSet looks w up in a set of lower-case words without allocating.
func inSet(set map[string]bool, w string) bool {
	if len(w) > 48 {
		return false
	}
	var buf [48]byte
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		} else if c >= 0x80 {
			return set[strings.ToLower(w)]
		}
		buf[n] = c
		n++
	}
	return set[string(buf[:n])]
}

func isArticle(w string) bool {
	switch w {
	case "the", "The", "THE", "a", "A", "an", "An":
		return true
	}
	return false
}

// sortMentions orders mentions by sentence, start, then longest first. The
// slice is nearly sorted (rules append a few mentions), so insertion sort
// is the fast choice.
func sortMentions(ms []mention) {
	if len(ms) > 256 {
		slices.SortFunc(ms, compareMentions)
		return
	}
	for i := 1; i < len(ms); i++ {
		m := ms[i]
		j := i
		for j > 0 && compareMentions(ms[j-1], m) > 0 {
			ms[j] = ms[j-1]
			j--
		}
		ms[j] = m
	}
}

func compareMentions(a, b mention) int {
	if c := cmp.Compare(a.s, b.s); c != 0 {
		return c
	}
	if c := cmp.Compare(a.ts, b.ts); c != 0 {
		return c
	}
	return cmp.Compare(b.te, a.te)
}

// macName reports whether w is a Mc or Mac family name ("McDowell",
// "MacArthur").
func macName(w string) bool {
	for _, p := range [...]string{"Mc", "Mac"} {
		if len(w) > len(p)+1 && w[:len(p)] == p && w[len(p)] >= 'A' && w[len(p)] <= 'Z' {
			return true
		}
	}
	return false
}

package ner

import (
	"strings"

	"github.com/copydesk/copydesk/internal/ner/gazetteer"
	"github.com/copydesk/copydesk/internal/ner/tagger"
)

// streetWord reports whether w ends a street's name ("Eighth St.",
// "Jolinda Drive", "W. County Road 600S").
func streetWord(w string) bool {
	switch w {
	case "Street", "St.", "Avenue", "Ave.", "Road", "Rd.", "Drive", "Boulevard", "Blvd.", "Lane", "Highway",
		"Parkway", "Pkwy.", "Terrace":
		return true
	}
	return false
}

// streetPrefix reports whether w starts a street's name in Romance
// languages ("Corso Monforte", "Rue de Rivoli").
func streetPrefix(w string) bool {
	switch w {
	case "Corso", "Rue", "Calle", "Avenida", "Piazza", "Viale":
		return true
	}
	return false
}

// institutionHead reports whether w ends the name of an institution that
// employs people, an organisation even where a place is expected
// ("American University in Washington", "a doctor at the Aberdeen Royal
// Infirmary").
func institutionHead(w string) bool {
	switch w {
	case "University", "College", "Infirmary", "Hospital", "Institute", "Academy", "Clinic", "Polytechnic", "Seminary",
		"Shelter":
		return true
	}
	return false
}

// officeHolder reports whether w is an office whose department or office
// is named with a possessive ("the Bartholomew County Sheriff’s
// Department", "the U.S. Attorney’s Office").
func officeHolder(w string) bool {
	switch w {
	case "Sheriff", "Attorney", "Coroner", "Prosecutor", "Marshal", "Marshals", "Commissioner", "Auditor",
		"Treasurer", "Clerk", "Assessor", "Comptroller", "General", "Solicitor", "Mayor", "Governor", "Examiner":
		return true
	}
	return false
}

// officeNoun reports whether w names an office after an office holder's
// possessive.
func officeNoun(w string) bool {
	switch w {
	case "Department", "Office", "Bureau", "Service":
		return true
	}
	return false
}

// orgUnitHead reports whether w ends an organisation's name that a
// country's name may follow as a separate word ("the National Security
// Council Ukraine expert").
func orgUnitHead(w string) bool {
	switch w {
	case "Council", "Committee", "Commission", "Department", "Ministry", "Agency", "Office", "Service", "Union",
		"Bank", "Fund", "Party", "Board", "Bureau":
		return true
	}
	return false
}

// shapes finds names by shapes that news copy uses often:
//
//   - streets ("Eighth St.", "17th Street", "W. County Road 600S",
//     "Corso Monforte") are places;
//   - an office holder's department ("the Bartholomew County Sheriff’s
//     Department", "the U.S. Attorney’s Office for the Western District of
//     New York") is one organisation;
//   - institutions ("American University", "Aberdeen Royal Infirmary")
//     are organisations;
//   - a title before "of" is not part of an organisation ("the CEO of New
//     Media Investment Group");
//   - two organisations the lexicon knows, joined by "and", are two
//     ("the United Nations and European Union");
//   - a country after an organisation's head word is a place of its own
//     ("a National Security Council Ukraine expert");
//   - a given name after a kinship noun is a person ("his wife,
//     Kimberly", "my son Leo"), as is one joined to a full name that
//     shares its surname ("Joe and Hunter Biden");
//   - the place after a person's age is where the person lives ("Victor
//     Burton, 57, of Hope");
//   - a body named by its capitalised common noun is an organisation
//     ("the Agency’s panel", "the Commission said");
//   - a lone name that attributes a quote is a person ("“That's
//     correct,” Volker said.", "… ?” asked Schiff."), and so is a given
//     name and surname right after the closing mark ("…” Will Moy,
//     chief executive of Full Fact, told").
func (d *doc) shapes(ms []mention) []mention {
	for si := range d.ss {
		s := &d.ss[si]
		for i, w := range s.words {
			if !s.caps[i] {
				if age(w) {
					ms = d.agedName(ms, si, i)
					ms = d.residence(ms, si, i)
				}
				continue
			}
			if s.flags[i]&tagger.GazFirstName != 0 {
				ms = d.givenName(ms, si, i)
			}
			ms = d.quotedSpeaker(ms, si, i)
			if i >= 2 && s.words[i-1] == "on" && postVerb(s.words[i-2]) {
				ms = d.platform(ms, si, i)
			}
			if whoAfter(s.words, i+1) {
				ms = d.whoName(ms, si, i)
			}
			switch {
			case streetWord(w):
				ms = d.street(ms, si, i)
			case streetPrefix(w):
				if i+1 < len(s.words) && upperLetter(s.words[i+1]) && !isPunct(s.words[i+1]) {
					e := i + 2
					for e < len(s.words) && s.caps[e] && upperLetter(s.words[e]) && !isPunct(s.words[e]) && e-i < 4 {
						e++
					}
					ms = d.placeSpan(ms, si, i, e)
				}
			case officeNoun(w):
				ms = d.office(ms, si, i)
			case bodyNoun(w) && i >= 2 && s.words[i-1] == "the" && mentionAt(ms, si, i) < 0 &&
				(i+1 == len(s.words) || !s.caps[i+1] || isPunct(s.words[i+1]) || isPossessive(s.words[i+1])):
				// "the Agency’s panel", "the Commission said": a body
				// named by its capitalised common noun
				ms = append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.ORG})
			case w == "Statehouse" || w == "Courthouse":
				if i == 0 || !s.caps[i-1] || isArticle(s.words[i-1]) {
					ms = d.placeSpan(ms, si, i, i+1) // "the Statehouse"
				}
			}
		}
	}
	for k := 0; k < len(ms); k++ {
		m := &ms[k]
		s := &d.ss[m.s]
		last := s.words[m.te-1]
		if m.typ != tagger.ORG && m.te-m.ts >= 2 && institutionHead(last) && !d.locked[d.surface(*m)] {
			m.typ = tagger.ORG
			d.force(d.surface(*m), tagger.ORG)
			continue
		}
		if m.typ != tagger.ORG || m.te-m.ts < 3 {
			continue
		}
		// "the European Union Gordon Sondland": a given name and a
		// surname after an organisation's head word are a person
		if j := m.te - 2; j > m.ts+1 && s.flags[j-1]&tagger.GazOrgCue != 0 && s.flags[j]&tagger.GazFirstName != 0 &&
			upperLetter(s.words[j+1]) && s.flags[j+1]&(tagger.GazOrgCue|tagger.GazCommon|gazPlace) == 0 {
			ms = append(ms, mention{s: m.s, ts: j, te: m.te, typ: tagger.PER})
			m = &ms[k]
			m.te = j
			continue
		}
		// "CEO of New Media Investment Group": the title goes
		if s.words[m.ts+1] == "of" && (roleWord(s.words[m.ts]) || s.flags[m.ts]&tagger.GazTitle != 0) &&
			m.te-m.ts >= 4 && inSet(companySuffixes, s.words[m.te-1]) {
			m.ts += 2
			continue
		}
		// "United Nations and European Union": two known organisations;
		// "the Clippers and the Lakers": two names, each with its article;
		// "between McClatchy and Tribune": two names
		for a := m.ts + 1; a < m.te-1; a++ {
			if s.words[a] != "and" {
				continue
			}
			between := m.ts > 0 && (s.words[m.ts-1] == "between" || s.words[m.ts-1] == "Between") && upperLetter(s.words[a+1])
			if between || a+2 < m.te && s.words[a+1] == "the" && upperLetter(s.words[a+2]) {
				b := a + 1
				if !between {
					b = a + 2
				}
				right := mention{s: m.s, ts: b, te: m.te, typ: tagger.ORG}
				m.te = a
				ms = append(ms, right)
				m = &ms[k]
				break
			}
			lx := d.r.orgs
			if lx != nil && int(lx.longest(s.words, m.ts).words) == a-m.ts && int(lx.longest(s.words, a+1).words) == m.te-a-1 {
				right := mention{s: m.s, ts: a + 1, te: m.te, typ: tagger.ORG}
				m.te = a
				ms = append(ms, right)
				m = &ms[k]
			}
			break
		}
		// "National Security Council Ukraine expert": a country after an
		// organisation's head word, before a lower-case word
		if m.te < len(s.words) && !s.caps[m.te] && hasLower(s.words[m.te]) {
			for _, g := range s.matches {
				if g.End == m.te && g.Start > m.ts+1 && orgUnitHead(s.words[g.Start-1]) && d.hasKind(g, gazetteer.Country) {
					place := mention{s: m.s, ts: g.Start, te: g.End, typ: tagger.LOC}
					m.te = g.Start
					ms = append(ms, place)
					break
				}
			}
		}
	}
	return ms
}

// hasLower reports whether w has a lower-case ASCII letter.
func hasLower(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= 'a' && w[i] <= 'z' {
			return true
		}
	}
	return false
}

// street adds the street whose name ends in the street word at token e.
func (d *doc) street(ms []mention, si, e int) []mention {
	s := &d.ss[si]
	n := len(s.words)
	if e+1 < n && s.caps[e+1] && upperLetter(s.words[e+1]) && !isPunct(s.words[e+1]) {
		return ms // "St. Louis"
	}
	b := e
	for b > 0 && e-b < 4 && (s.caps[b-1] && !isPunct(s.words[b-1]) && !isArticle(s.words[b-1]) || ordinal(s.words[b-1])) {
		b--
	}
	if b == e || b == e-1 && s.flags[b]&(tagger.GazCommon|tagger.GazCalendar|tagger.GazTitle) != 0 && !ordinal(s.words[b]) {
		return ms
	}
	end := e + 1
	if end < n && s.words[end] != "" && s.words[end][0] >= '0' && s.words[end][0] <= '9' && (s.words[e] == "Road" || s.words[e] == "Highway") {
		end++ // "County Road 600S"
	}
	return d.placeSpan(ms, si, b, end)
}

// ordinal reports whether w is a written or numbered ordinal ("Eighth",
// "17th").
func ordinal(w string) bool {
	switch w {
	case "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh", "Twelfth":
		return true
	}
	n := len(w)
	if n < 3 || w[0] < '0' || w[0] > '9' {
		return false
	}
	suf := w[n-2:]
	return suf == "st" || suf == "nd" || suf == "rd" || suf == "th"
}

// placeSpan makes tokens [b, e) one place unless a person's name or a
// longer mention overlaps it.
func (d *doc) placeSpan(ms []mention, si, b, e int) []mention {
	for _, m := range ms {
		if m.s != si || m.te <= b || m.ts >= e {
			continue
		}
		if m.ts < b || m.te > e || m.typ == tagger.PER && m.te-m.ts > 1 {
			return ms
		}
	}
	return replace(ms, mention{s: si, ts: b, te: e, typ: tagger.LOC})
}

// office joins an office holder's possessive and the office noun at token
// i into one organisation: "the Bartholomew County Sheriff’s Department",
// "the U.S. Attorney’s Office for the Western District of New York".
func (d *doc) office(ms []mention, si, i int) []mention {
	s := &d.ss[si]
	n := len(s.words)
	if i < 2 || !isPossessive(s.words[i-1]) || !officeHolder(s.words[i-2]) {
		return ms
	}
	b := i - 2
	for b > 0 && i-b < 6 && s.caps[b-1] && !isPunct(s.words[b-1]) && !isArticle(s.words[b-1]) {
		b--
	}
	e := i + 1
	// "for the Western District of New York"
	if e+2 < n && s.words[e] == "for" && s.words[e+1] == "the" && s.caps[e+2] {
		f := e + 2
		for f < n && (s.caps[f] && !isPunct(s.words[f]) || s.words[f] == "of" && f+1 < n && s.caps[f+1]) {
			f++
		}
		if s.words[f-1] != "of" {
			e = f
		}
	}
	if e < n && s.caps[e] && !isPunct(s.words[e]) {
		return ms
	}
	for _, m := range ms {
		if m.s == si && m.ts < b && m.te > b {
			return ms
		}
	}
	m := mention{s: si, ts: b, te: e, typ: tagger.ORG}
	ms = replace(ms, m)
	d.lock(d.surface(m))
	return ms
}

// kinship reports whether w is a kinship noun that a given name may
// follow in apposition ("his wife, Kimberly"), as may any name between
// commas ("Okonkwo's brother, Chidi,").
func kinship(w string) bool {
	switch w {
	case "wife", "husband", "son", "daughter", "mother", "father", "brother", "sister", "partner", "fiancée",
		"fiancee", "fiancé", "fiance", "girlfriend", "boyfriend", "grandson", "granddaughter", "grandmother",
		"grandfather", "stepson", "stepdaughter", "nephew", "niece", "cousin", "uncle", "aunt", "widow", "widower", "twin":
		return true
	}
	return false
}

// givenName adds the person named by the given name at token i after a
// kinship noun ("his wife, Kimberly", "my son Leo Brandt") or before
// "and" and a full name ("Joe and Hunter Biden", at the start of a
// sentence too).
func (d *doc) givenName(ms []mention, si, i int) []mention {
	s := &d.ss[si]
	if i > 0 && s.caps[i-1] && !isPunct(s.words[i-1]) {
		return ms
	}
	if k := mentionAt(ms, si, i); k >= 0 {
		if ms[k].ts != i || ms[k].te != i+1 {
			return ms
		}
		// the tagger found it: keep it if the context supports it
		if ok, _, surname := d.givenNameAt(ms, si, i); ok {
			ms[k].typ = tagger.PER
			d.addKin(s.words[i], surname)
		} else if ms[k].typ == tagger.PER && d.givenAlone(s, i) {
			return d.lonePerson(ms, si, i)
		}
		return ms
	}
	ok, e, surname := d.givenNameAt(ms, si, i)
	if !ok {
		if d.givenAlone(s, i) {
			return d.lonePerson(ms, si, i)
		}
		return ms
	}
	d.addKin(s.words[i], surname)
	return append(ms, mention{s: si, ts: i, te: e, typ: tagger.PER})
}

// givenAlone reports whether the given name at token i names a person by
// itself: the subject of a clause (givenSubject) that may be a lone name
// and is no company of the list.
func (d *doc) givenAlone(s *sentence, i int) bool {
	return givenSubject(s, i) && d.mayBePerson(s, i) && !d.listedCompany(s.words[i])
}

// givenSubject reports whether the given name at token i stands alone as
// the subject of a clause: no capitalised word on either side, and a
// speech verb, an auxiliary or a possessive and a lower-case word after
// it ("Andrew claims", "James was pleased", "Andrew’s interview").
func givenSubject(s *sentence, i int) bool {
	n := len(s.words)
	if i+1 >= n || i > 0 && s.caps[i-1] && !isPunct(s.words[i-1]) || s.caps[i+1] && !isPunct(s.words[i+1]) {
		return false
	}
	switch w := s.words[i+1]; w {
	case "claims", "claimed", "was", "is", "has", "had", "would", "will", "did", "does", "became", "finished":
		return true
	default:
		// a possessive before a capitalised word is part of a name
		// ("Tom's Guide", "Martha’s Vineyard"); a bare apostrophe is a
		// possessive only after a final "s" ("James’ hands"), elsewhere
		// it may close a quote
		bare := w == "'" || w == "’"
		return speechVerb(w) || isPossessive(w) && (!bare || strings.HasSuffix(s.words[i], "s")) && i+2 < n && !s.caps[i+2]
	}
}

// addKin records a supported given name, and the surname it shares with
// the full name after "and" when there is one.
func (d *doc) addKin(given, surname string) {
	d.kin = append(d.kin, given)
	if surname == "" {
		return
	}
	if d.family == nil {
		d.family = map[string]string{}
	}
	d.family[given] = given + " " + surname
}

// givenNameAt reports whether the given name at token i is a person by
// its context (see givenName), where the name ends, and the surname of
// the full name after "and" ("Biden" in "Joe and Hunter Biden").
func (d *doc) givenNameAt(ms []mention, si, i int) (ok bool, end int, surname string) {
	s := &d.ss[si]
	n := len(s.words)
	p := i - 1
	if p > 0 && s.words[p] == "," {
		p--
	}
	if p >= 0 && kinship(s.words[p]) {
		e := i + 1
		if e < n && s.caps[e] && upperLetter(s.words[e]) && !isPunct(s.words[e]) && s.flags[e]&tagger.GazCommon == 0 {
			e++
		}
		return !(e < n && s.caps[e] && !isPunct(s.words[e])), e, ""
	}
	if i+3 < n && s.words[i+1] == "and" {
		if k := mentionAt(ms, si, i+2); k >= 0 && ms[k].typ == tagger.PER && ms[k].ts == i+2 && ms[k].te-ms[k].ts == 2 && s.flags[i+2]&tagger.GazFirstName != 0 {
			return true, i + 1, s.words[i+3]
		}
	}
	return false, 0, ""
}

// residence adds the place after a person's age: "Victor Burton, 57, of
// Hope" (token i is the age).
func (d *doc) residence(ms []mention, si, i int) []mention {
	s := &d.ss[si]
	n := len(s.words)
	if i < 2 || i+3 >= n || s.words[i-1] != "," || s.words[i+1] != "," || s.words[i+2] != "of" || !s.caps[i+3] {
		return ms
	}
	if k := mentionAt(ms, si, i-2); k < 0 || ms[k].typ != tagger.PER {
		return ms
	}
	e := i + 3
	for e < n && e-i < 6 && s.caps[e] && upperLetter(s.words[e]) && !isPunct(s.words[e]) {
		e++
	}
	if e == i+3 || orgUnitHead(s.words[e-1]) || institutionHead(s.words[e-1]) || inSet(companySuffixes, s.words[e-1]) {
		return ms
	}
	if d.r.gaz.Lookup(s.words[i+3:e]) != nil {
		// a city that is also a team's name ("Jamal Washington, 19, of
		// Baltimore") is the place throughout the article
		d.force(strings.Join(s.words[i+3:e], " "), tagger.LOC)
	}
	return d.placeSpan(ms, si, i+3, e)
}

// agedName makes the lone name before a person's age at token i a person
// ("convicting Webb, 51, of kidnapping"), unless it is a place, an
// organisation the lexicon knows, or a common word.
func (d *doc) agedName(ms []mention, si, i int) []mention {
	s := &d.ss[si]
	n := len(s.words)
	if i < 2 || i+1 >= n || s.words[i-1] != "," || s.words[i+1] != "," && s.words[i+1] != "." || s.words[i] == "0" {
		return ms
	}
	p := i - 2
	w := s.words[p]
	if !s.caps[p] || len(w) < 2 || allCaps(w) || !upperLetter(w) || p > 0 && s.caps[p-1] && upperLetter(s.words[p-1]) && !isPunct(s.words[p-1]) {
		return ms // part of a longer name: the other rules decide
	}
	if !d.mayBePerson(s, p) {
		return ms
	}
	if i+2 < n && s.caps[i+2] && s.flags[i+2]&gazPlace != 0 {
		return ms // an address: "corso Monforte, 15, Milan"
	}
	return d.lonePerson(ms, si, p)
}

// whoName makes the lone capitalised word at token i, followed by ",
// who", a person ("Okonjo, who had not sung in years"), unless it is a
// place, an organisation the lexicon knows or a common word.
func (d *doc) whoName(ms []mention, si, i int) []mention {
	s := &d.ss[si]
	w := s.words[i]
	if len(w) < 3 || allCaps(w) || !upperLetter(w) || i > 0 && s.caps[i-1] && upperLetter(s.words[i-1]) && !isPunct(s.words[i-1]) && !isArticle(s.words[i-1]) {
		return ms
	}
	if !d.mayBePerson(s, i) || d.listedCompany(w) {
		return ms
	}
	return d.lonePerson(ms, si, i)
}

// gazPlace are the gazetteer flags of a place's name.
const gazPlace = tagger.GazPlaceB | tagger.GazPlaceI | tagger.GazCountry | tagger.GazBigCity | tagger.GazCity | tagger.GazAdmin1

// mayBePerson reports whether the word at token i of s may be a person's
// lone name: no place, common word, nationality, title, organisation cue,
// calendar word or honorific, and no organisation the lexicon knows.
func (d *doc) mayBePerson(s *sentence, i int) bool {
	return s.flags[i]&(gazPlace|tagger.GazCommon|tagger.GazDemonym|tagger.GazTitle|tagger.GazOrgCue|tagger.GazCalendar|tagger.GazHonorific) == 0 &&
		!d.knownOrg(s.words[i])
}

// lonePerson records the word at token i of sentence si as a supported
// person's name and makes it a person mention: the tagger's one-word
// mention there is retyped, a longer one is left to the other rules, and
// none is added.
func (d *doc) lonePerson(ms []mention, si, i int) []mention {
	d.kin = append(d.kin, d.ss[si].words[i])
	if k := mentionAt(ms, si, i); k >= 0 {
		if ms[k].ts == i && ms[k].te == i+1 {
			ms[k].typ = tagger.PER
		}
		return ms
	}
	return append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.PER})
}

// age reports whether w is a person's age ("57").
func age(w string) bool { return len(w) <= 3 && isDigits(w) }

// speechVerb reports whether w attributes a quote to the name next to it.
func speechVerb(w string) bool {
	switch w {
	case "said", "says", "asked", "asks", "told", "added", "adds", "wrote", "writes", "testified", "replied",
		"responded", "explained", "recalled", "continued", "insisted", "noted", "acknowledged", "admitted",
		"conceded", "remarked", "quipped", "joked", "argued", "warned", "stressed", "declared", "recounted",
		"tweeted", "shouted", "whispered", "laughed", "agreed", "observed":
		return true
	}
	return false
}

// quotedSpeaker adds the person named by a lone capitalised word at token
// i that attributes a quote: after the closing mark and before a speech
// verb ("“That's correct,” Volker said."), after the closing mark and a
// speech verb at the end of the clause ("…?” asked Schiff."), or first in
// its sentence before a speech verb and a colon that open a quote
// ("Hewitt said: “We will appeal.”"). Places,
// organisations, acronyms and common words are left to the other rules
// ("Russia said" is a place's words).
func (d *doc) quotedSpeaker(ms []mention, si, i int) []mention {
	s := &d.ss[si]
	n := len(s.words)
	w := s.words[i]
	closeAt := func(k int) bool {
		ws := s.words
		if k < 0 && si > 0 {
			// the segmenter may end the sentence at the closing mark
			ws = d.ss[si-1].words
			k += len(ws)
		}
		if k >= 0 && ws[k] == "," {
			k--
		}
		return k >= 0 && isCloseQuote(ws[k])
	}
	before := i+1 < n && speechVerb(s.words[i+1]) && closeAt(i-1)
	after := i >= 1 && speechVerb(s.words[i-1]) && closeAt(i-2) && (i+1 == n || isPunct(s.words[i+1]))
	// "Hewitt said: “We will appeal.”": a sentence's first word before a
	// speech verb, a colon and the opening mark
	opens := i == 0 && i+3 < n && speechVerb(s.words[1]) && s.words[2] == ":" && isOpenQuote(s.words[3])
	// "…,” said Will Tjernlund, a consultant": two capitalised words after
	// the closing mark and a speech verb, ending the clause
	if !before && !after && !opens && i >= 1 && i+1 < n && speechVerb(s.words[i-1]) && closeAt(i-2) &&
		upperLetter(s.words[i+1]) && !allCaps(s.words[i+1]) && !isPunct(s.words[i+1]) && (i+2 == n || isPunct(s.words[i+2])) {
		if len(w) >= 2 && !allCaps(w) && s.flags[i]&(gazPlace|tagger.GazTitle|tagger.GazHonorific|tagger.GazDemonym|tagger.GazCalendar) == 0 &&
			s.flags[i+1]&(gazPlace|tagger.GazCommon|tagger.GazTitle|tagger.GazOrgCue|tagger.GazDemonym|tagger.GazCalendar) == 0 &&
			!d.knownOrg(w) && !d.knownOrg(s.words[i+1]) && !d.knownOrg(w+" "+s.words[i+1]) {
			if k := mentionAt(ms, si, i); k >= 0 && (ms[k].ts < i || ms[k].te > i+2 || ms[k].typ != tagger.PER) {
				return ms
			}
			if k := mentionAt(ms, si, i+1); k >= 0 && (ms[k].ts < i || ms[k].te > i+2 || ms[k].typ != tagger.PER) {
				return ms
			}
			return replace(ms, mention{s: si, ts: i, te: i + 2, typ: tagger.PER})
		}
	}
	if !before && !after && !opens {
		// "…,’’ Will Moy, chief executive of Full Fact, told": a given
		// name and a surname right after the closing mark; or any two
		// capitalised words there before a role in apposition ("…?” He
		// Jianxiong, the former executive director, said")
		if i+2 < n && closeAt(i-1) && (s.flags[i]&tagger.GazFirstName != 0 || i+3 < n && s.words[i+2] == "," && !allCaps(w) && d.roleAfter(s, i+3) != "") &&
			upperLetter(s.words[i+1]) && !allCaps(s.words[i+1]) &&
			s.flags[i+1]&(tagger.GazCommon|tagger.GazPlaceB|tagger.GazPlaceI|tagger.GazTitle) == 0 &&
			(s.words[i+2] == "," || speechVerb(s.words[i+2])) && mentionAt(ms, si, i) < 0 && mentionAt(ms, si, i+1) < 0 {
			return append(ms, mention{s: si, ts: i, te: i + 2, typ: tagger.PER})
		}
		return ms
	}
	if len(w) < 3 || allCaps(w) || !upperLetter(w) {
		return ms
	}
	if k := mentionAt(ms, si, i); k >= 0 {
		if ms[k].ts == i && ms[k].te == i+1 && (ms[k].typ == tagger.PER || d.maySpeak(s, i)) {
			return d.lonePerson(ms, si, i) // the tagger's name, supported
		}
		return ms
	}
	if !d.maySpeak(s, i) {
		return ms
	}
	return d.lonePerson(ms, si, i)
}

// maySpeak reports whether the lone word at token i, attributing a quote,
// may be a person's name: no country, state, big city, nationality,
// calendar word, organisation cue or honorific, no organisation known to
// the lexicon or known.txt, and no common word or title unless a common
// family name ("…,” says Doctor."). A small town's name may be a
// person's: towns do not say “…,” said Oza.
func (d *doc) maySpeak(s *sentence, i int) bool {
	w := s.words[i]
	if s.flags[i]&(tagger.GazCountry|tagger.GazAdmin1|tagger.GazBigCity|tagger.GazDemonym|tagger.GazCalendar|tagger.GazOrgCue|tagger.GazHonorific) != 0 ||
		d.knownOrg(w) || d.locked[w] {
		return false
	}
	return s.flags[i]&(tagger.GazCommon|tagger.GazTitle) == 0 || d.r.sur.has(w)
}

// bodyNoun reports whether w, capitalised after "the" in mid-sentence,
// names a particular public body ("the Agency", "the Commission").
func bodyNoun(w string) bool {
	switch w {
	case "Agency", "Commission", "Council", "Committee", "Ministry", "Bureau", "Authority", "Assembly",
		"Parliament", "Legislature", "Senate", "Congress", "Cabinet", "Secretariat", "Tribunal", "Directorate":
		return true
	}
	return false
}

// postVerb reports whether w says something was published ("posted on
// Instagram", "reported on Telegram").
func postVerb(w string) bool {
	switch w {
	case "posted", "posts", "post", "reported", "wrote", "writes", "shared", "shares", "announced", "tweeted",
		"published", "said", "says", "streamed", "livestreamed", "uploaded", "commented", "revealed":
		return true
	}
	return false
}

// platform makes the lone capitalised word at token i, after a verb of
// publishing and "on", an organisation: the platform ("reported on
// Telegram"), not a day, place, person or title.
func (d *doc) platform(ms []mention, si, i int) []mention {
	s := &d.ss[si]
	if i+1 < len(s.words) && s.caps[i+1] && !isPunct(s.words[i+1]) || allCaps(s.words[i]) && len(s.words[i]) < 3 ||
		s.flags[i]&(gazPlace|tagger.GazCalendar|tagger.GazTitle|tagger.GazHonorific|tagger.GazDemonym|tagger.GazFirstName) != 0 {
		return ms
	}
	if k := mentionAt(ms, si, i); k >= 0 {
		if ms[k].ts == i && ms[k].te == i+1 && ms[k].typ != tagger.PER {
			ms[k].typ = tagger.ORG
		}
		return ms
	}
	return append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.ORG})
}

// nameParticles are the lower-case words inside family names ("Ludwig
// van der Berg", "Bill de Blasio").
var nameParticles = map[string]bool{"van": true, "von": true, "der": true, "den": true, "de": true, "del": true,
	"della": true, "di": true, "da": true, "do": true, "du": true, "dos": true, "das": true, "ter": true, "ten": true, "bin": true, "ibn": true}

// councilTitle reports whether w is a council member's title, which the
// gazetteer's title words lack ("Councillor Fatima Rashid").
func councilTitle(w string) bool {
	switch w {
	case "Councillor", "Councilor", "Councilman", "Councilwoman", "Councilmember", "Alderman", "Alderwoman", "Assemblyman", "Assemblywoman", "Assemblymember":
		return true
	}
	return false
}

// nameTitle reports whether w is a courtesy title or an abbreviated rank,
// which only a person's name follows ("Ms. Okoro", "Sgt. Lopez").
func nameTitle(w string) bool {
	switch w {
	case "Mr.", "Mrs.", "Ms.", "Mr", "Mrs", "Ms", "Dr.", "Prof.", "Sen.", "Rep.", "Gov.", "Gen.", "Lt.", "Col.", "Sgt.", "Capt.", "Adm.", "Maj.",
		"Spc.", "Pvt.", "Cpl.", "Cmdr.", "Supt.", "Insp.", "Det.":
		return true
	}
	return false
}

// personParts completes people's names: a person's name or a given name
// followed by name particles and a capitalised word that is no place
// takes them in ("Bill de Blasio", "Ludwig van der Berg"), as does a
// family name with an Arabic article ("Abdel Fattah el-Sisi"), and a lone
// capitalised word in apposition to a relative is a person ("Okonkwo's
// brother, Chidi, lives in Enugu"), as are the names after a courtesy
// title or a rank ("Ms. Okoro").
func (d *doc) personParts(ms []mention) []mention {
	const place = tagger.GazCountry | tagger.GazAdmin1 | tagger.GazBigCity | tagger.GazCity | tagger.GazPlaceB | tagger.GazCalendar
	for si := range d.ss {
		s := &d.ss[si]
		n := len(s.words)
		for i := 0; i+1 < n; i++ {
			w1 := s.words[i+1]
			arabic := len(w1) > 3 && (w1[2] == '-' || w1[3] == '-') && arabicName(w1) // "Abdel Fattah el-Sisi"
			if !arabic && (i+2 >= n || !nameParticles[s.words[i+1]]) || !upperLetter(s.words[i]) {
				continue
			}
			k := mentionAt(ms, si, i)
			start := i
			switch {
			case k >= 0 && ms[k].typ == tagger.PER && ms[k].te == i+1:
				start = ms[k].ts
			case k < 0 && s.flags[i]&tagger.GazFirstName != 0:
			default:
				continue
			}
			if arabic {
				if mentionAt(ms, si, i+1) < 0 {
					ms = replace(ms, mention{s: si, ts: start, te: i + 2, typ: tagger.PER})
				}
				i++
				continue
			}
			j := i + 1
			for j < n && j < i+4 && nameParticles[s.words[j]] {
				j++
			}
			if j >= n || !upperLetter(s.words[j]) || s.flags[j]&place != 0 || allCaps(s.words[j]) {
				continue
			}
			end := j + 1
			if o := mentionAt(ms, si, j); o >= 0 {
				if ms[o].typ == tagger.LOC || ms[o].ts != j || ms[o].typ == tagger.ORG && ms[o].te > j+1 {
					continue // a place, or an organisation's name of several words
				}
				end = ms[o].te
			}
			ms = replace(ms, mention{s: si, ts: start, te: end, typ: tagger.PER})
			i = end - 1
		}
		for p := 0; p+2 < n; p++ {
			ms = d.twoWordPerson(ms, si, p)
		}
		for i := 0; i+1 < n; i++ {
			if s.caps[i] && !s.caps[i+1] && d.loneSubject(s, i) && mentionAt(ms, si, i) < 0 {
				ms = d.lonePerson(ms, si, i)
			}
		}
		for i := 0; i+1 < n; i++ {
			// "Councillor Fatima Rashid said:": a capitalised title and two
			// capitalised words, the second no place
			if (s.flags[i]&tagger.GazTitle != 0 || councilTitle(s.words[i])) && upperLetter(s.words[i]) && i+2 < n && upperLetter(s.words[i+1]) && upperLetter(s.words[i+2]) &&
				s.flags[i+1]&(tagger.GazCommon|tagger.GazTitle|tagger.GazCalendar|tagger.GazDemonym) == 0 && s.flags[i+2]&(place|tagger.GazCommon|tagger.GazTitle|tagger.GazCalendar) == 0 &&
				!allCaps(s.words[i+1]) && !allCaps(s.words[i+2]) && mentionAt(ms, si, i+1) < 0 && mentionAt(ms, si, i+2) < 0 &&
				(i+3 == n || !s.caps[i+3] || isPunct(s.words[i+3])) {
				ms = append(ms, mention{s: si, ts: i + 1, te: i + 3, typ: tagger.PER})
				continue
			}
			// "Ms. Okoro said": the name after a courtesy title or a rank
			if !nameTitle(s.words[i]) || !upperLetter(s.words[i+1]) || s.flags[i+1]&(tagger.GazCalendar|tagger.GazHonorific|tagger.GazTitle) != 0 || allCaps(s.words[i+1]) {
				continue
			}
			e := i + 2
			for e < n && e < i+4 && upperLetter(s.words[e]) && s.flags[e]&(tagger.GazCalendar|tagger.GazTitle) == 0 && !allCaps(s.words[e]) {
				e++
			}
			switch k := mentionAt(ms, si, i+1); {
			case k < 0 && mentionAt(ms, si, e-1) < 0:
				ms = append(ms, mention{s: si, ts: i + 1, te: e, typ: tagger.PER})
			case k >= 0 && ms[k].ts == i+1 && ms[k].typ != tagger.PER && ms[k].te <= e && !d.locked[d.surface(ms[k])]:
				ms[k].typ = tagger.PER
			}
		}
		for i := 3; i+1 < n; i++ {
			if s.words[i-1] != "," || !kinship(s.words[i-2]) || !upperLetter(s.words[i]) || s.words[i+1] != "," && s.words[i+1] != ";" ||
				s.flags[i]&(tagger.GazCountry|tagger.GazAdmin1|tagger.GazBigCity|tagger.GazCalendar) != 0 || allCaps(s.words[i]) {
				continue
			}
			if k := mentionAt(ms, si, i); k < 0 || ms[k].te-ms[k].ts == 1 && ms[k].typ != tagger.LOC {
				ms = replace(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.PER})
				d.kin = append(d.kin, s.words[i])
			}
		}
	}
	for k := range ms {
		ms = d.personsTown(ms, k)
		ms = d.personOfTeam(ms, k)
		ms = d.givenAfterPossessive(ms, k)
	}
	return ms
}

// personsTown makes the town after person ms[k] and "of" a place when the
// gazetteer knows it and it closes its phrase ("Darnell Price of Fresno,").
func (d *doc) personsTown(ms []mention, k int) []mention {
	m := ms[k]
	s := &d.ss[m.s]
	if m.typ != tagger.PER || m.te+2 >= len(s.words) || s.words[m.te] != "of" || !upperLetter(s.words[m.te+1]) || !isPunct(s.words[m.te+2]) ||
		s.flags[m.te+1]&(tagger.GazCity|tagger.GazBigCity|tagger.GazAdmin1|tagger.GazCountry) == 0 || d.knownOrg(s.words[m.te+1]) {
		return ms
	}
	switch j := mentionAt(ms, m.s, m.te+1); {
	case j < 0:
		ms = append(ms, mention{s: m.s, ts: m.te + 1, te: m.te + 2, typ: tagger.LOC})
	case ms[j].ts == m.te+1 && ms[j].te == m.te+2:
		ms[j].typ = tagger.LOC
	}
	return ms
}

// personOfTeam splits mention ms[k] of the shape "Lewis Hamilton of
// Mercedes", taken by the tagger as one name, into the person and the
// organisation (or big place) the person is of.
func (d *doc) personOfTeam(ms []mention, k int) []mention {
	m := &ms[k]
	s := &d.ss[m.s]
	if m.typ == tagger.PER || m.te-m.ts < 4 || s.words[m.ts+2] != "of" || !d.r.sur.has(s.words[m.ts+1]) ||
		s.flags[m.ts]&tagger.GazFirstName == 0 && (!d.r.sur.has(s.words[m.ts]) || s.flags[m.ts]&tagger.GazCommon != 0) ||
		(s.flags[m.ts]|s.flags[m.ts+1])&(tagger.GazOrgCue|tagger.GazTitle) != 0 || d.r.gaz.Lookup(s.words[m.ts:m.ts+2]) != nil || d.r.gaz.Lookup(s.words[m.ts:m.te]) != nil ||
		m.ts > 0 && (s.caps[m.ts-1] || s.words[m.ts-1] == "and" || s.words[m.ts-1] == "&") {
		return ms // not "Rock and Roll Hall of Fame"
	}
	rest := mention{s: m.s, ts: m.ts + 3, te: m.te, typ: tagger.ORG}
	if m.te-rest.ts == 1 && s.flags[rest.ts]&(tagger.GazCountry|tagger.GazAdmin1|tagger.GazBigCity) != 0 {
		rest.typ = tagger.LOC // "John Ruiz of Texas"
	}
	m.te, m.typ = m.ts+2, tagger.PER
	return append(ms, rest)
}

// givenAfterPossessive adds to person ms[k] the given name the tagger left
// out after a mark it took for an opening quote ("the Lakers' LeBron
// James").
func (d *doc) givenAfterPossessive(ms []mention, k int) []mention {
	const place = tagger.GazCountry | tagger.GazAdmin1 | tagger.GazBigCity | tagger.GazCity | tagger.GazPlaceB | tagger.GazCalendar
	m := &ms[k]
	s := &d.ss[m.s]
	if m.typ != tagger.PER || m.te-m.ts != 1 || m.ts < 2 || s.flags[m.ts]&tagger.GazFirstName == 0 || !isCloseQuote(s.words[m.ts-2]) && s.words[m.ts-2] != "'" {
		return ms
	}
	if w := s.words[m.ts-1]; upperLetter(w) && d.r.sur.has(w) && !allCaps(w) && mentionAt(ms, m.s, m.ts-1) < 0 &&
		s.flags[m.ts-1]&(place|tagger.GazCommon|tagger.GazTitle|tagger.GazHonorific) == 0 {
		m.ts--
	}
	return ms
}

// roadHead reports whether w ends the name of a road, an administrative
// area or a landform ("Jefferson Street", "Harris County", "Panama Canal",
// "Scottish Highlands").
func roadHead(w string) bool {
	switch w {
	case "Street", "Road", "Avenue", "Boulevard", "Lane", "Drive", "Highway", "Expressway", "Parkway", "County", "Township", "Parish",
		"Canal", "Strait", "Highlands", "Mountains", "Peninsula", "Plateau", "Desert", "Shoal", "Reef", "Atoll":
		return true
	}
	return false
}

// numberWord reports whether w is a capitalised small number.
func numberWord(w string) bool {
	switch w {
	case "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten":
		return true
	}
	return false
}

// interstate reports whether w is a numbered US interstate ("I-95").
func interstate(w string) bool { return len(w) > 2 && w[0] == 'I' && w[1] == '-' && isDigits(w[2:]) }

// stormWord reports whether w names a storm's kind before its name
// ("Hurricane Ian", "Cyclone Freddy").
func stormWord(w string) bool {
	switch w {
	case "Hurricane", "Typhoon", "Cyclone", "Storm":
		return true
	}
	return false
}

// placeHeads finds places and non-entities by the words around names:
//
//   - a name ending in a road's or an area's head word is a place
//     ("Jefferson Street", "a Cook County jury"), unless a longer name
//     holds it ("the Harris County Sheriff's Office");
//   - numbered roads are places ("Interstate 95", "Highway 101", "I-95");
//   - "Fort" and one capitalised word is a place ("Fort Stewart");
//   - a gulf, sea, bay or strait "of" a place is one place ("Gulf of
//     Aden");
//   - a storm's name is an event's, no entity ("Hurricane Ian");
//   - the state in a party-state tag is a place ("R-Texas", "D-Minn.");
//   - a title the tagger joined to the name before it is cut off
//     ("Michigan Gov. Jennifer Granholm", "Trenton Mayor Reed Gusciora",
//     "Senate Majority Leader John Thune");
//   - a town the gazetteer knows before "police" or "residents" is the
//     place ("Sioux Falls police said");
//   - a disease named after a person is no entity ("Parkinson's disease");
//   - "the House" before a verb or a clause's end is the chamber.
func (d *doc) placeHeads(ms []mention) []mention {
	for si := range d.ss {
		s := &d.ss[si]
		n := len(s.words)
		for i := 0; i < n; i++ {
			w := s.words[i]
			switch {
			case i > 0 && roadHead(w) && s.caps[i-1] && upperLetter(s.words[i-1]) && !isArticle(s.words[i-1]) && (i+1 == n || !s.caps[i+1] || isPunct(s.words[i+1])):
				b := i - 1
				for b > 0 && i-b < 3 && upperLetter(s.words[b-1]) && !isArticle(s.words[b-1]) && s.flags[b-1]&(tagger.GazTitle|tagger.GazCalendar|tagger.GazHonorific) == 0 {
					b--
				}
				if b < i-1 && numberWord(s.words[b]) {
					b++ // "Two Bartholomew County warrants"
				}
				if k := mentionAt(ms, si, b); k >= 0 && (ms[k].ts < b || ms[k].te > i+1 || ms[k].typ == tagger.PER && w == "Lane") {
					continue // a longer name holds it, or a person's ("Philip Lane")
				}
				if i-b == 1 && s.flags[b]&tagger.GazFirstName != 0 && (w == "Lane" || w == "Drive" || w == "Parish") {
					continue // "Philip Lane"
				}
				if k := mentionAt(ms, si, i); k >= 0 && ms[k].te > i+1 {
					continue
				}
				ms = replace(ms, mention{s: si, ts: b, te: i + 1, typ: tagger.LOC})
			case (w == "Gulf" || w == "Sea" || w == "Bay" || w == "Strait" || w == "Straits") && i+2 < n && s.words[i+1] == "of" && (i == 0 || !s.caps[i-1] || isPunct(s.words[i-1])):
				// "Gulf of Aden", "Sea of Azov": the water named after a
				// place is one place
				if k := mentionAt(ms, si, i+2); k >= 0 && ms[k].ts == i+2 && ms[k].typ == tagger.LOC && mentionAt(ms, si, i) < 0 {
					ms = replace(ms, mention{s: si, ts: i, te: ms[k].te, typ: tagger.LOC})
				}
			case w == "Fort" && i+1 < n && upperLetter(s.words[i+1]) && !isPunct(s.words[i+1]) && (i == 0 || !s.caps[i-1] || isPunct(s.words[i-1])):
				// "Fort Stewart", "Fort Lauderdale": a fort or its town,
				// not a person
				e := i + 2
				if e < n && upperLetter(s.words[e]) && !isPunct(s.words[e]) {
					continue
				}
				at, next := mentionAt(ms, si, i), mentionAt(ms, si, i+1)
				if next >= 0 && (ms[next].ts < i || ms[next].te > e) || at >= 0 && at != next {
					continue
				}
				ms = replace(ms, mention{s: si, ts: i, te: e, typ: tagger.LOC})
			case (w == "Interstate" || w == "Highway" || w == "Route") && i+1 < n && isDigits(s.words[i+1]) && (i == 0 || !s.caps[i-1] || isPunct(s.words[i-1])):
				if mentionAt(ms, si, i) < 0 {
					ms = append(ms, mention{s: si, ts: i, te: i + 2, typ: tagger.LOC})
				}
			case interstate(w):
				if mentionAt(ms, si, i) < 0 {
					ms = append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.LOC})
				}
			case w == "I" && i+2 < n && s.words[i+1] == "-" && isDigits(s.words[i+2]) && s.toks[i+1].Start == s.toks[i].End && s.toks[i+2].Start == s.toks[i+1].End:
				if mentionAt(ms, si, i) < 0 && mentionAt(ms, si, i+2) < 0 {
					ms = append(ms, mention{s: si, ts: i, te: i + 3, typ: tagger.LOC}) // "I-95"
				}
			case stormWord(w) && i+1 < n && upperLetter(s.words[i+1]) && (i == 0 || !s.caps[i-1] || isPunct(s.words[i-1]) || s.words[i-1] == "Tropical"):
				d.events = append(d.events, [3]int{si, i, i + 2})
			case i >= 2 && s.words[i-1] == "-" && (s.words[i-2] == "R" || s.words[i-2] == "D" || s.words[i-2] == "I") && s.toks[i-1].Start == s.toks[i-2].End && s.toks[i].Start == s.toks[i-1].End &&
				(stateName(w) != "" || s.flags[i]&tagger.GazAdmin1 != 0):
				e := i + 1
				if e < n && s.words[e] == "." && s.toks[e].Start == s.toks[i].End && stateAbbrevs[w] {
					e++ // "D-Minn."
				}
				if k := mentionAt(ms, si, i); k < 0 || ms[k].ts == i && ms[k].te <= e {
					ms = replace(ms, mention{s: si, ts: i, te: e, typ: tagger.LOC})
				}
			case (w == "police" || w == "authorities" || w == "firefighters" || w == "residents") && i > 0 && upperLetter(s.words[i-1]) && !allCaps(s.words[i-1]):
				// "Sioux Falls police said": a town the gazetteer knows
				b := i - 1
				for b > 0 && i-b < 3 && upperLetter(s.words[b-1]) && !isArticle(s.words[b-1]) {
					b--
				}
				if d.r.gaz.Lookup(s.words[b:i]) == nil || s.flags[b]&(tagger.GazCountry|tagger.GazAdmin1|tagger.GazBigCity|tagger.GazCity) == 0 {
					continue
				}
				if k := mentionAt(ms, si, b); k < 0 && mentionAt(ms, si, i-1) < 0 || k >= 0 && ms[k].ts == b && ms[k].te == i && !d.locked[d.surface(ms[k])] {
					ms = replace(ms, mention{s: si, ts: b, te: i, typ: tagger.LOC})
				}
			case i+2 < n && isPossessive(s.words[i+1]) && (s.words[i+2] == "disease" || s.words[i+2] == "syndrome"):
				d.events = append(d.events, [3]int{si, i, i + 1}) // "Parkinson's disease"
			case w == "House" && i > 0 && isArticle(s.words[i-1]) && (i+1 == n || !s.caps[i+1] || isPunct(s.words[i+1])) && mentionAt(ms, si, i) < 0:
				ms = append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.ORG})
			}
		}
	}
	// local titles the tagger took into a person's name ("Alderman
	// Raymond Lopez", "Delegate Marcus Hill"), and an age into any name
	for k := range ms {
		m := &ms[k]
		if w := d.ss[m.s].words[m.ts]; m.typ == tagger.PER && m.te-m.ts > 2 && (councilTitle(w) || w == "Delegate" || w == "Trustee" || w == "Commissioner") ||
			m.te-m.ts > 1 && strings.HasSuffix(w, "-year-old") {
			m.ts++ // "a 28-year-old Navy veteran"
		}
	}
	// titles joined to the name before them
	for k := range ms {
		m := &ms[k]
		if m.te-m.ts < 2 || m.te >= len(d.ss[m.s].words) {
			continue
		}
		s := &d.ss[m.s]
		last := s.words[m.te-1]
		if !(nameTitle(last) || localTitle(last) || last == "Majority" || last == "Minority") {
			continue
		}
		j := m.te
		for j < len(s.words) && j < m.te+2 && s.flags[j]&tagger.GazTitle != 0 && upperLetter(s.words[j]) {
			j++ // "Majority Leader"
		}
		if p := mentionAt(ms, m.s, j); p < 0 || ms[p].typ != tagger.PER || ms[p].ts != j {
			continue
		}
		m.te--
		if m.te-m.ts == 1 && (d.r.gaz.Lookup(s.words[m.ts:m.te]) != nil || localTitle(last) && !d.knownOrg(s.words[m.ts])) {
			m.typ = tagger.LOC // "Michigan", "Trenton"
		} else if m.typ == tagger.PER {
			m.typ = tagger.ORG // "Senate"
		}
	}
	return ms
}

// personVerb reports whether w is a verb that a person, seldom an
// organisation, does right after being named ("Wanjiru Kamau shrugged").
func personVerb(w string) bool {
	switch w {
	case "said", "says", "told", "tells", "shrugged", "posted", "wrote", "asked", "added", "recalled", "wept", "laughed",
		"smiled", "nodded", "sighed", "testified", "explained", "insisted", "admitted", "remembers", "recalls", "scored":
		return true
	}
	return false
}

// twoWordPerson makes the two capitalised words at tokens p, p+1 of
// sentence si a person's name when an age or a role follows them in
// apposition (", 52,", ", the victim's mother,"), or when a verb a person
// does is next to them and the words read as a name (a given name first, a
// census family name last, or "he" or "she" in the sentence); never a
// name the lexicons know as an organisation or a place, nor one with an
// organisation's head word. The tagger often takes names it has never
// seen for an organisation's ("Yara Castellanos told the panel").
func (d *doc) twoWordPerson(ms []mention, si, p int) []mention {
	s := &d.ss[si]
	n := len(s.words)
	e := p + 2
	if !upperLetter(s.words[p]) || !upperLetter(s.words[p+1]) || allCaps(s.words[p]) || allCaps(s.words[p+1]) ||
		p > 0 && s.caps[p-1] && !isPunct(s.words[p-1]) || e < n && s.caps[e] && !isPunct(s.words[e]) {
		return ms
	}
	// a verb a person does, after the name or before it ("said Victoria
	// Strand,"); or, stronger, an age or a role in apposition
	cue := e < n && personVerb(s.words[e]) || p > 0 && speechVerb(s.words[p-1])
	strong := false
	if e+2 < n && s.words[e] == "," {
		if age(s.words[e+1]) {
			strong = s.words[e+2] == "," || s.words[e+2] == "."
		} else if isArticle(s.words[e+1]) {
			for k := e + 2; k < n && k <= e+6 && !isPunct(s.words[k]); k++ {
				if w := s.words[k]; !hasUpper(w) && (headWord(w) || kinship(w)) &&
					(k+1 == n || isPunct(s.words[k+1]) || s.words[k+1] == "for" || s.words[k+1] == "of" || s.words[k+1] == "at") {
					strong = true // ", the victim's mother,", ", the lawyer for Henry Colt"
				}
			}
		}
	}
	if !cue && !strong {
		return ms
	}
	const bad = tagger.GazCommon | tagger.GazDemonym | tagger.GazTitle | tagger.GazOrgCue | tagger.GazCalendar | tagger.GazHonorific | tagger.GazOrgSuffix
	last := bad
	if strong {
		last &^= tagger.GazCommon // "Victoria Strand, the lawyer"
	}
	if s.flags[p]&bad != 0 || s.flags[p+1]&last != 0 || d.orgNamed(s, p, e) || d.r.gaz.Lookup(s.words[p:e]) != nil || d.knownOrg(s.words[p]) || d.knownOrg(s.words[p+1]) {
		return ms
	}
	named := strong || s.flags[p]&tagger.GazFirstName != 0 || d.r.sur.has(s.words[p+1])
	for _, w := range s.words {
		if named {
			break
		}
		switch w {
		case "he", "his", "him", "she", "her":
			named = true
		}
	}
	if !named {
		return ms
	}
	k := mentionAt(ms, si, p)
	switch {
	case k < 0 && mentionAt(ms, si, p+1) < 0:
		return append(ms, mention{s: si, ts: p, te: e, typ: tagger.PER})
	case k >= 0 && ms[k].ts == p && ms[k].te == e && ms[k].typ != tagger.PER && !d.locked[d.surface(ms[k])]:
		ms[k].typ = tagger.PER
	}
	return ms
}

// loneSubject reports whether the capitalised word at token i of s, which
// the tagger left alone, is a person's family name as the subject of a
// verb ("Prosecutors say Kessler wired the money", "Rostova wants …, her
// spokesman said") or after "by" or "according to" ("sponsored by
// Riordan,"): a word of the census's
// family names, or one a personal pronoun ("he", "her") refers back to
// before any "it" or "its" does, alone between lower-case words, and no
// place, common word, given name or organisation the lists know.
func (d *doc) loneSubject(s *sentence, i int) bool {
	w := s.words[i]
	if len(w) < 3 || !upperLetter(w) || allCaps(w) || i > 0 && (s.caps[i-1] || isArticle(s.words[i-1]) || locative(s.words[i-1])) ||
		!d.mayBePerson(s, i) || s.flags[i]&tagger.GazFirstName != 0 || d.listedCompany(w) || d.locked[w] {
		return false
	}
	for k := 0; k < len(w); k++ {
		if c := w[k]; c < 'A' && c != '-' || c > 'Z' && c < 'a' || c > 'z' {
			return false // "We’ve"
		}
	}
	v := s.words[i+1]
	surname := d.r.sur.has(w)
	switch {
	case personVerb(v) || loneVerb(v):
	case (v == "," || v == ".") && i >= 2 && (s.words[i-1] == "by" && !hasUpper(s.words[i-2]) || s.words[i-1] == "to" && s.words[i-2] == "according"):
		// "sponsored by Riordan,", "according to Vantongeren,"
	case surname && len(v) > 4 && strings.HasSuffix(v, "ed") && !hasUpper(v):
	default:
		return false
	}
	if surname && (i > 0 || !auxVerb(v)) {
		return true // a capitalised first word before "is" may be any noun ("Light is used")
	}
	for _, x := range s.words[i+2:] {
		switch x {
		case "it", "its":
			return false
		case "he", "his", "him", "she", "her":
			return true
		}
	}
	return false
}

// auxVerb reports whether w is "is", "was", "has" or "had".
func auxVerb(w string) bool { return w == "is" || w == "was" || w == "has" || w == "had" }

// loneVerb reports whether w, after a lone capitalised word, is a verb
// its subject does ("is", "was", "testified", "declined").
func loneVerb(w string) bool {
	switch w {
	case "is", "was", "has", "had", "wants", "wanted", "testified", "pleaded", "resigned", "denied", "declined", "admitted",
		"finished", "accused", "blamed", "argued", "warned", "added", "urged", "insisted":
		return true
	}
	return false
}

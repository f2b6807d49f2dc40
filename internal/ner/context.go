package ner

import (
	"strings"

	"github.com/copydesk/copydesk/internal/ner/gazetteer"
	"github.com/copydesk/copydesk/internal/ner/tagger"
)

// The US states and the capital district, one table: stateNames maps the
// AP abbreviations (without their final period), the dotted forms and the
// postal codes to the states' names, so that "Dekalb, Ill." and "S.D." are
// Illinois and South Dakota; stateAbbrevs are the undotted AP
// abbreviations written after a city in datelines and bylines ("HAYWARD,
// Calif.", "Dekalb, Ill."), dottedState the dotted ones, written as one
// token ("N.Y.", "D.C."), and usStates the postal codes ("NC").
var stateNames, stateAbbrevs, dottedState, usStates = func() (names map[string]string, ap, dotted, postal map[string]bool) {
	names, ap, dotted, postal = map[string]string{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, r := range strings.Split(`Ala AL Alabama|Alaska AK Alaska|Ariz AZ Arizona|Ark AR Arkansas|Calif CA California|`+
		`Colo CO Colorado|Conn CT Connecticut|Del DE Delaware|Fla FL Florida|Ga GA Georgia|Hawaii HI Hawaii|`+
		`Idaho ID Idaho|Ill IL Illinois|Ind IN Indiana|Iowa IA Iowa|Kan KS Kansas|Ky KY Kentucky|La LA Louisiana|`+
		`Maine ME Maine|Md MD Maryland|Mass MA Massachusetts|Mich MI Michigan|Minn MN Minnesota|Miss MS Mississippi|`+
		`Mo MO Missouri|Mont MT Montana|Neb NE Nebraska|Nev NV Nevada|N.H. NH New_Hampshire|N.J. NJ New_Jersey|`+
		`N.M. NM New_Mexico|N.Y. NY New_York|N.C. NC North_Carolina|N.D. ND North_Dakota|Ohio OH Ohio|`+
		`Okla OK Oklahoma|Ore OR Oregon|Pa PA Pennsylvania|R.I. RI Rhode_Island|S.C. SC South_Carolina|`+
		`S.D. SD South_Dakota|Tenn TN Tennessee|Tex TX Texas|Utah UT Utah|Vt VT Vermont|Va VA Virginia|`+
		`Wash WA Washington|W.Va. WV West_Virginia|Wis WI Wisconsin|Wyo WY Wyoming|D.C. DC District_of_Columbia`, "|") {
		f := strings.Fields(r)
		name := strings.ReplaceAll(f[2], "_", " ")
		names[f[0]], names[f[1]] = name, name
		postal[f[1]] = true
		switch {
		case strings.Contains(f[0], "."):
			dotted[f[0]] = true
		case f[0] != name:
			ap[f[0]] = true // "Calif", not "Ohio"
		}
	}
	return names, ap, dotted, postal
}()

// fullStates holds the US states' names of one word ("Texas", "Ohio").
var fullStates = func() map[string]bool {
	out := map[string]bool{}
	for _, name := range stateNames {
		if !strings.Contains(name, " ") {
			out[name] = true
		}
	}
	return out
}()

// stateName returns the US state that abbreviation w names ("Ill.",
// "Calif", "S.D.", "TX"), or "".
func stateName(w string) string {
	if n, ok := stateNames[w]; ok {
		return n
	}
	return stateNames[strings.TrimSuffix(w, ".")]
}

// placeContext types names by the place patterns around them:
//
//   - "City, St." — a city followed by a comma and a state abbreviation:
//     both are places;
//   - a dateline, the capitalised words that open a paragraph before a
//     comma, colon or dash ("NEW DELHI:", "MADRID —"), that the gazetteer
//     knows as a place;
//   - a city of 100,000 people or more that the gazetteer does not trust
//     alone (a given name too) after "in", "near" or "outside" ("in
//     Hayward").
//
// Mentions the new ones overlap are replaced.
func (d *doc) placeContext(ms []mention) []mention {
	var add []mention
	for si := range d.ss {
		s := &d.ss[si]
		n := len(s.words)
		for i := 2; i < n; i++ {
			// only a capitalised word after a comma can be a state
			if !s.caps[i] || s.words[i-1] != "," {
				continue
			}
			if dottedState[s.words[i]] {
				// "BUFFALO, N.Y.": one token
				b := i - 1
				for b > 0 && b > i-5 && s.caps[b-1] {
					b--
				}
				if b < i-1 {
					add = append(add, mention{s: si, ts: b, te: i - 1, typ: tagger.LOC}, mention{s: si, ts: i, te: i + 1, typ: tagger.LOC})
				}
				continue
			}
			if i+1 >= n || !stateAbbrevs[s.words[i]] || s.words[i+1] != "." || s.words[i-1] != "," {
				continue
			}
			// the city: capitalised words before the comma
			b := i - 1
			for b > 0 && b > i-5 && s.caps[b-1] {
				b--
			}
			if b == i-1 {
				continue
			}
			st := s.toks[i]
			if s.toks[i+1].Start != st.End {
				continue
			}
			add = append(add, mention{s: si, ts: b, te: i - 1, typ: tagger.LOC}, mention{s: si, ts: i, te: i + 2, typ: tagger.LOC})
		}
		// dateline
		if n > 1 && s.caps[0] && d.paragraphStart(s.toks[0].Start) {
			e := 0
			for e < n && e < 4 && s.caps[e] && allCaps(s.words[e]) {
				e++
			}
			// a place of three letters or more, then a separator; a comma
			// or parenthesis must lead to a capitalised word ("HAYWARD,
			// Calif.", "MADRID (Reuters)")
			if e > 0 && e+1 < n && len(s.toks[e-1].Text) > 0 && s.toks[e-1].End-s.toks[0].Start >= 3 {
				ok := false
				switch s.words[e] {
				case ":", "—", "–":
					ok = true
				case ",", "(":
					ok = s.caps[e+1]
				}
				if ok && d.r.gaz.Lookup(titleWords(s.words[:e])) != nil {
					add = append(add, mention{s: si, ts: 0, te: e, typ: tagger.LOC})
				}
			}
		}
	}
	nForced := len(add)
	for si := range d.ss {
		s := &d.ss[si]
		n := len(s.words)
		for _, g := range s.matches {
			if g.End != g.Start+1 || g.Start == 0 || !s.caps[g.Start] || g.End < n && s.caps[g.End] {
				continue
			}
			switch s.words[g.Start-1] {
			case "in", "near", "outside":
			default:
				continue
			}
			if !d.bigCity(g) || d.hasKind(g, gazetteer.Demonym) || s.flags[g.Start]&(tagger.GazCalendar|tagger.GazTitle|tagger.GazCommon) != 0 {
				continue
			}
			add = append(add, mention{s: si, ts: g.Start, te: g.End, typ: tagger.LOC})
		}
	}
	if len(add) == 0 {
		return ms
	}
	kept := ms[:0]
	for _, m := range ms {
		if !overlaps(add, m.s, m.ts, m.te) {
			kept = append(kept, m)
		}
	}
	// datelines and "City, St." fix the type of the name for the article;
	// a city after "in" holds for that use only
	for _, a := range add[:nForced] {
		d.force(d.surface(a), tagger.LOC)
	}
	return append(kept, add...)
}

// paragraphStart reports whether byte offset i starts the text or a line.
func (d *doc) paragraphStart(i int) bool {
	j := i
	for j > 0 && (d.text[j-1] == ' ' || d.text[j-1] == '\t') {
		j--
	}
	return j == 0 || d.text[j-1] == '\n'
}

// allCaps reports whether w has letters and no lower-case ASCII letter.
func allCaps(w string) bool {
	letters := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'a' && c <= 'z' {
			return false
		}
		letters = letters || c >= 'A' && c <= 'Z' || c >= 0x80
	}
	return letters
}

// titleWords returns ws in title case ("NEW DELHI" → "New Delhi").
func titleWords(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		if len(w) > 1 {
			w = w[:1] + strings.ToLower(w[1:])
		}
		out[i] = w
	}
	return out
}

// compoundPlaces reports whether w is a hyphenated compound of two places
// or nationalities ("US-China"), an adjective, and not itself a place
// ("Guinea-Bissau", "Winston-Salem").
func (d *doc) compoundPlaces(w string) bool {
	a, b, ok := strings.Cut(w, "-")
	if !ok || a == "" || b == "" || strings.Contains(b, "-") || !hasUpper(a) || !hasUpper(b) {
		return false
	}
	ws := []string{a, b, w}
	return d.r.gaz.Lookup(ws[0:1]) != nil && d.r.gaz.Lookup(ws[1:2]) != nil && d.r.gaz.Lookup(ws[2:3]) == nil
}

// shortNames adds "the X" mentions where X is the last word of a longer
// organisation name of the article ("The Chronicle" after "San Francisco
// Chronicle"), with the organisation's type.
func (d *doc) shortNames(ms []mention) []mention {
	var last map[string]bool
	for _, m := range ms {
		if m.typ != tagger.ORG || m.te-m.ts < 2 {
			continue
		}
		w := d.ss[m.s].words[m.te-1]
		if len(w) < 4 || !hasUpper(w) || allCaps(w) {
			continue
		}
		if last == nil {
			last = map[string]bool{}
		}
		last[w] = true
	}
	if last == nil {
		return ms
	}
	for si := range d.ss {
		s := &d.ss[si]
		for i := 1; i < len(s.words); i++ {
			if !s.caps[i] || !isArticle(s.words[i-1]) || !last[s.words[i]] || i+1 < len(s.words) && s.caps[i+1] ||
				s.flags[i]&(tagger.GazTitle|tagger.GazCalendar) != 0 || overlaps(ms, si, i, i+1) {
				continue
			}
			ms = append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.ORG})
		}
	}
	return ms
}

// pluralNames adds "the Xs" — a capitalised plural after "the" that is no
// place, nationality or common word — as an organisation: teams and bands
// ("the Huskies", "the Redskins").
func (d *doc) pluralNames(ms []mention) []mention {
	for si := range d.ss {
		s := &d.ss[si]
		n := len(s.words)
		for i := 1; i < n; i++ {
			w := s.words[i]
			if len(w) < 5 || w[len(w)-1] != 's' || w[len(w)-2] == 's' || w[len(w)-2] == '\'' || !s.caps[i] || allCaps(w) ||
				s.words[i-1] != "the" && s.words[i-1] != "The" || i+1 < n && s.caps[i+1] ||
				s.flags[i]&(tagger.GazCommon|tagger.GazCalendar|tagger.GazTitle|tagger.GazFirstName|tagger.GazPlaceB|tagger.GazDemonym|tagger.GazOrgCue) != 0 ||
				overlaps(ms, si, i, i+1) || d.r.gaz.Lookup(s.words[i:i+1]) != nil {
				continue
			}
			ms = append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.ORG})
		}
	}
	return ms
}

// acronyms types "(ACR)" after an organisation whose initials it spells
// ("European Central Bank (ECB)") as that organisation, so later bare
// uses of the acronym follow it, and an acronym after "the" before an
// agency's verb as an organisation ("the CDC recommended").
func (d *doc) acronyms(ms []mention) []mention {
	n := len(ms)
	for k := 0; k < n; k++ {
		m := ms[k]
		s := &d.ss[m.s]
		j := m.te
		if m.typ != tagger.ORG || m.te-m.ts < 2 || j+2 >= len(s.words) || s.words[j] != "(" || s.words[j+2] != ")" {
			continue
		}
		acr := s.words[j+1]
		if len(acr) < 2 || len(acr) > 8 || !allCaps(acr) || !initials(s.words[m.ts:m.te], acr) && !initialsSkipOne(s.words[m.ts:m.te], acr) {
			continue
		}
		kept := ms[:0]
		for i, o := range ms {
			if i < n && !(o.s == m.s && o.ts == j+1) {
				kept = append(kept, o)
			}
		}
		n = len(kept)
		ms = append(kept, mention{s: m.s, ts: j + 1, te: j + 2, typ: tagger.ORG})
		d.force(acr, tagger.ORG)
	}
	// "the CDC recommended", "the UAW reached": an acronym after "the"
	// that acts as a body does, and no place ("the UAE"); "the CDC and
	// the FDA", "the head of the TSA": acronyms with "the" beside another
	// or after a body's officer
	for si := range d.ss {
		s := &d.ss[si]
		n := len(s.words)
		for i := 1; i+1 < n; i++ {
			w := s.words[i]
			if len(w) < 2 || len(w) > 6 || !isUpperWord(w) || !isArticle(s.words[i-1]) || mentionAt(ms, si, i) >= 0 || s.flags[i]&(tagger.GazTitle|tagger.GazCommon) != 0 {
				continue
			}
			v := s.words[i+1]
			switch {
			case bodyVerb(v) || irregularPast(v) || len(v) > 4 && strings.HasSuffix(v, "ed") && !hasUpper(v) && strings.IndexByte(v, '-') < 0:
			case v == "and" && i+3 < n && s.words[i+2] == "the" && isUpperWord(s.words[i+3]),
				i >= 4 && s.words[i-2] == "and" && isUpperWord(s.words[i-3]) && isArticle(s.words[i-4]):
			case i >= 3 && s.words[i-2] == "of" && (headWord(s.words[i-3]) || s.words[i-3] == "head" || s.words[i-3] == "members") && !hasUpper(v):
			default:
				continue
			}
			if d.r.gaz.Lookup(s.words[i:i+1]) != nil {
				continue
			}
			ms = append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.ORG})
			d.force(w, tagger.ORG)
		}
	}
	return ms
}

// isUpperWord reports whether w is made of capital ASCII letters.
func isUpperWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return w != ""
}

// irregularPast reports whether w is the past tense, not made with "-ed",
// of a verb that bodies do ("The PLA held drills", "the NRA sent"); not
// "rose" or "fell", which indices do.
func irregularPast(w string) bool {
	switch w {
	case "held", "told", "sent", "made", "took", "gave", "paid", "won", "began", "sought", "brought", "bought", "sold",
		"struck", "shot", "fought", "met", "kept", "spent", "built", "wrote", "chose", "led", "set", "hit", "cut":
		return true
	}
	return false
}

// bodyVerb reports whether w, after a name, says the name acts as an
// agency, a court or a company does ("the CDC recommended").
func bodyVerb(w string) bool {
	switch w {
	case "said", "says", "recommended", "recommends", "warned", "announced", "issued", "reported", "approved", "ordered",
		"ruled", "confirmed", "denied", "estimated", "launched", "urged", "banned", "fined", "declined", "sued", "charged":
		return true
	}
	return false
}

// initials reports whether acr is the initials of the capitalised words
// of ws (connectors skipped).
func initials(ws []string, acr string) bool {
	k := 0
	for _, w := range ws {
		if !hasUpper(w) || isPunct(w) {
			continue
		}
		if k >= len(acr) || w[0] != acr[k] {
			return false
		}
		k++
	}
	return k == len(acr)
}

// initialsSkipOne reports whether acr is the initials of the capitalised
// words of ws but one, not the first ("NYAG" for "New York State Attorney
// General").
func initialsSkipOne(ws []string, acr string) bool {
	n := 0
	for _, w := range ws {
		if hasUpper(w) && !isPunct(w) {
			n++
		}
	}
	if n < 4 || len(acr) != n-1 {
		return false
	}
	for skip := 1; skip < len(ws); skip++ {
		if !hasUpper(ws[skip]) || isPunct(ws[skip]) {
			continue
		}
		rest := make([]string, 0, len(ws)-1)
		rest = append(rest, ws[:skip]...)
		rest = append(rest, ws[skip+1:]...)
		if initials(rest, acr) {
			return true
		}
	}
	return false
}

// bigCity reports whether a match names a city of 100,000 people or more.
func (d *doc) bigCity(g gazetteer.Match) bool {
	for _, p := range g.Places {
		if pl := &d.r.gaz.Places[p]; pl.Kind == gazetteer.City && pl.Pop >= 100_000 {
			return true
		}
	}
	return false
}

package ner

import (
	"strings"

	"github.com/copydesk/copydesk/internal/ner/gazetteer"
	"github.com/copydesk/copydesk/internal/ner/tagger"
)

// stateAbbrevs are the AP abbreviations of US states written after a city
// in datelines and bylines ("HAYWARD, Calif.", "Dekalb, Ill."), without
// the final period.
var stateAbbrevs = map[string]bool{"Ala": true, "Ariz": true, "Ark": true, "Calif": true, "Colo": true,
	"Conn": true, "Del": true, "Fla": true, "Ga": true, "Ill": true, "Ind": true, "Kan": true, "Ky": true,
	"La": true, "Md": true, "Mass": true, "Mich": true, "Minn": true, "Miss": true, "Mo": true, "Mont": true,
	"Neb": true, "Nev": true, "Okla": true, "Ore": true, "Pa": true, "Tenn": true, "Tex": true, "Vt": true,
	"Va": true, "Wash": true, "Wis": true, "Wyo": true}

// placeContext types names by the place patterns around them:
//
//   - "City, St." — a city followed by a comma and a state abbreviation:
//     both are places;
//   - a dateline, the capitalised words that open a paragraph before a
//     comma, colon or dash ("NEW DELHI:", "MADRID —"), that the gazetteer
//     knows as a place;
//   - a city the gazetteer knows but does not trust alone (a given name or
//     common word too) after "in", "near" or "outside" ("in Hayward").
//
// Mentions the new ones overlap are replaced.
func (d *doc) placeContext(ms []mention) []mention {
	var add []mention
	for si := range d.ss {
		s := &d.ss[si]
		n := len(s.words)
		for i := 2; i+1 < n; i++ {
			if !stateAbbrevs[s.words[i]] || s.words[i+1] != "." || s.words[i-1] != "," {
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
			if e > 0 && e < n {
				switch s.words[e] {
				case ",", ":", "—", "–", "-", "(":
					if d.r.gaz.Lookup(s.words[:e]) != nil || d.r.gaz.Lookup(titleWords(s.words[:e])) != nil {
						add = append(add, mention{s: si, ts: 0, te: e, typ: tagger.LOC})
					}
				}
			}
		}
		for _, g := range s.matches {
			if g.End != g.Start+1 || g.Start == 0 || !s.caps[g.Start] || g.End < n && s.caps[g.End] {
				continue
			}
			switch s.words[g.Start-1] {
			case "in", "near", "outside":
			default:
				continue
			}
			if !d.hasKind(g, gazetteer.City) || d.hasKind(g, gazetteer.Demonym) || s.flags[g.Start]&(tagger.GazCalendar|tagger.GazTitle) != 0 {
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
	for _, a := range add {
		if d.forced == nil {
			d.forced = map[string]int{}
		}
		d.forced[d.surface(a)] = tagger.LOC
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
// or nationalities ("US-China", "Sino-Russian"), an adjective.
func (d *doc) compoundPlaces(w string) bool {
	a, b, ok := strings.Cut(w, "-")
	if !ok || a == "" || b == "" || strings.Contains(b, "-") || !hasUpper(a) || !hasUpper(b) {
		return false
	}
	return d.r.gaz.Lookup([]string{a}) != nil && d.r.gaz.Lookup([]string{b}) != nil
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
			if !last[s.words[i]] || !isArticle(s.words[i-1]) || i+1 < len(s.words) && s.caps[i+1] ||
				s.flags[i]&(tagger.GazTitle|tagger.GazCalendar) != 0 || overlaps(ms, si, i, i+1) {
				continue
			}
			ms = append(ms, mention{s: si, ts: i, te: i + 1, typ: tagger.ORG})
		}
	}
	return ms
}

package ner

import (
	"sort"
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
}

func (d *doc) startOf(m mention) int { return d.ss[m.s].toks[m.ts].Start }
func (d *doc) endOf(m mention) int   { return d.ss[m.s].toks[m.te-1].End }
func (d *doc) surface(m mention) string {
	return d.text[d.startOf(m):d.endOf(m)]
}

// prepositions after which a lower-case well-known place name is trusted.
var prepositions = map[string]bool{
	"in": true, "to": true, "from": true, "at": true, "into": true, "toward": true, "towards": true,
	"near": true, "across": true, "via": true, "outside": true, "inside": true, "around": true,
	"throughout": true, "against": true, "with": true, "and": true, "between": true, "on": true, "for": true,
}

// connectors may appear inside a multi-word organisation name.
var connectors = map[string]bool{"of": true, "for": true, "and": true, "&": true, "on": true, "de": true, "the": true}

func isPunct(w string) bool {
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
		lw := strings.ToLower(w)
		switch {
		case lw == "the" || lw == "a" || lw == "an" || isPunct(w):
			m.ts++
			continue
		case m.typ == tagger.PER && (s.flags[m.ts]&(tagger.GazTitle|tagger.GazHonorific) != 0 || !hasUpper(w)):
			m.ts++
			continue
		}
		if m.typ == tagger.PER || m.te-m.ts > 1 && m.typ != tagger.ORG {
			if e := d.demonymAt(s, m.ts); e > 0 && e < m.te {
				m.ts = e
				continue
			}
		}
		break
	}
	for m.te > m.ts {
		w := s.words[m.te-1]
		if isPossessive(w) || isPunct(w) && w != ")" || strings.ToLower(w) == "the" || connectors[w] {
			m.te--
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
	out := in[:0]
	for _, m := range in {
		m, ok := d.trim(m)
		if !ok {
			continue
		}
		s := &d.ss[m.s]
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
			if d.onlyKind(g, gazetteer.Demonym) || overlaps(out, si, g.Start, g.End) {
				continue
			}
			if !(d.hasKind(g, gazetteer.Country) || d.bigPlace(g)) {
				continue
			}
			// a capitalised neighbour suggests a longer name ("Korea Herald")
			if g.End < len(s.words) && hasUpper(s.words[g.End]) && s.flags[g.End]&(tagger.GazTitle|tagger.GazCalendar) == 0 && !isPunct(s.words[g.End]) {
				continue
			}
			if g.Start > 0 && hasUpper(s.words[g.Start-1]) && !isPunct(s.words[g.Start-1]) && g.Start-1 > 0 {
				continue
			}
			out = append(out, mention{s: si, ts: g.Start, te: g.End, typ: tagger.LOC})
		}
		for i, w := range s.words {
			if i == 0 || hasUpper(w) || !prepositions[strings.ToLower(s.words[i-1])] {
				continue
			}
			if d.r.gaz.LowerPlace(w) >= 0 && !overlaps(out, si, i, i+1) {
				out = append(out, mention{s: si, ts: i, te: i + 1, typ: tagger.LOC, lower: true})
			}
		}
	}
	return out
}

// bigPlace reports whether a match names a country, a capital or a big
// city that is not also a common word or given name.
func (d *doc) bigPlace(g gazetteer.Match) bool {
	for _, p := range g.Places {
		pl := &d.r.gaz.Places[p]
		if pl.Kind == gazetteer.Country || pl.Kind == gazetteer.City && pl.Big && !pl.Risky {
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

// orgCues adds organisation names ending in a cue word ("National Security
// Council", "International Criminal Court") that replace any shorter
// mentions inside them.
func (d *doc) orgCues(si int, s *sentence, ms []mention) []mention {
	n := len(s.words)
	for e := 0; e < n; e++ {
		if s.flags[e]&tagger.GazOrgCue == 0 || !hasUpper(s.words[e]) {
			continue
		}
		// the cue must end the name
		if e+1 < n && hasUpper(s.words[e+1]) && !isPunct(s.words[e+1]) && s.flags[e+1]&tagger.GazOrgCue != 0 {
			continue
		}
		b := e
		for b > 0 {
			w := s.words[b-1]
			if hasUpper(w) && !isPunct(w) && s.flags[b-1]&(tagger.GazCalendar|tagger.GazHonorific) == 0 {
				b--
				continue
			}
			if connectors[w] && w != "the" && b-2 >= 0 && hasUpper(s.words[b-2]) {
				b--
				continue
			}
			break
		}
		// drop leading nationality adjectives, articles and sentence-initial common words
		for b < e {
			if end := d.demonymAt(s, b); end > 0 && end <= e {
				b = end
				continue
			}
			lw := strings.ToLower(s.words[b])
			if lw == "the" || connectors[lw] || b == 0 && s.flags[b]&tagger.GazCommon != 0 && s.flags[b]&tagger.GazOrgCue == 0 {
				b++
				continue
			}
			break
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

// consistency makes types agree across the article and tags untagged
// repetitions of names already found, including bare surnames.
func (d *doc) consistency(ms []mention) []mention {
	// majority type per surface
	type vote struct {
		n     [tagger.NumTypes]int
		first int
	}
	votes := map[string]*vote{}
	for _, m := range ms {
		sf := d.surface(m)
		v := votes[sf]
		if v == nil {
			v = &vote{first: m.typ}
			votes[sf] = v
		}
		v.n[m.typ]++
	}
	typeOf := map[string]int{}
	maxLen := 0
	for sf, v := range votes {
		best := v.first
		for t := range tagger.NumTypes {
			if v.n[t] > v.n[best] {
				best = t
			}
		}
		typeOf[sf] = best
	}
	for i := range ms {
		ms[i].typ = typeOf[d.surface(ms[i])]
		maxLen = max(maxLen, ms[i].te-ms[i].ts)
	}
	// surnames (and the family name of three-part names) of people
	partial := map[string]bool{}
	for _, m := range ms {
		if m.typ != tagger.PER || m.te-m.ts < 2 {
			continue
		}
		s := &d.ss[m.s]
		last := s.words[m.te-1]
		if hasUpper(last) && len(last) > 1 && s.flags[m.te-1]&(tagger.GazTitle|tagger.GazCommon) == 0 {
			partial[last] = true
		}
		if m.te-m.ts >= 3 {
			if f := s.words[m.ts]; hasUpper(f) && s.flags[m.ts]&(tagger.GazTitle|tagger.GazCommon|tagger.GazFirstName) == 0 {
				partial[f] = true
			}
		}
	}
	// single-token mentions that are a known person's surname become PER
	for i := range ms {
		m := &ms[i]
		if m.te-m.ts == 1 && m.typ != tagger.PER && partial[d.surface(*m)] && !m.lower {
			if _, ok := typeOf[d.surface(*m)]; ok && votes[d.surface(*m)].n[m.typ] > 1 {
				continue
			}
			m.typ = tagger.PER
		}
	}
	// untagged repetitions
	for si := range d.ss {
		s := &d.ss[si]
		taken := make([]bool, len(s.words))
		for _, m := range ms {
			if m.s == si {
				for k := m.ts; k < m.te; k++ {
					taken[k] = true
				}
			}
		}
		for i := 0; i < len(s.words); i++ {
			if taken[i] || !hasUpper(s.words[i]) || isPunct(s.words[i]) {
				continue
			}
			for l := min(maxLen, len(s.words)-i); l >= 1; l-- {
				if taken[i+l-1] {
					continue
				}
				sf := d.text[s.toks[i].Start:s.toks[i+l-1].End]
				t, ok := typeOf[sf]
				if !ok && l == 1 && partial[sf] {
					t, ok = tagger.PER, true
				}
				if !ok {
					continue
				}
				// a sentence-initial common word needs more evidence
				if l == 1 && i == 0 && s.flags[i]&tagger.GazCommon != 0 {
					continue
				}
				// do not cut a longer capitalised name ("Putin Foundation")
				if i+l < len(s.words) && hasUpper(s.words[i+l]) && !isPunct(s.words[i+l]) && s.flags[i+l]&tagger.GazTitle == 0 {
					continue
				}
				ms = append(ms, mention{s: si, ts: i, te: i + l, typ: t})
				for k := i; k < i+l; k++ {
					taken[k] = true
				}
				i += l - 1
				break
			}
		}
	}
	// order and remove overlaps (earlier, then longer, wins)
	sort.Slice(ms, func(a, b int) bool {
		if ms[a].s != ms[b].s {
			return ms[a].s < ms[b].s
		}
		if ms[a].ts != ms[b].ts {
			return ms[a].ts < ms[b].ts
		}
		return ms[a].te > ms[b].te
	})
	out := ms[:0]
	for _, m := range ms {
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

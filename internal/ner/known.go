package ner

import (
	_ "embed"
	"slices"
	"strings"

	"github.com/copydesk/copydesk/internal/ner/tagger"
)

//go:embed known.txt
var knownData string

// knownName is one name of known.txt.
type knownName struct {
	words []string // tokens, without a required leading "The"
	typ   int      // tagger.PER/ORG/LOC, or -1 for an event
	amb   bool     // needs support: another name of its group, or a cue
	the   bool     // must follow "The"
	group string
}

// knownNames maps a name's first token to the names starting with it;
// knownPairs has a bit for the first two bytes of each first token, a
// cheap test before the map lookup.
var (
	knownNames = loadKnown(knownData)
	knownPairs = func() (b [1 << 16 / 64]uint64) {
		for w := range knownNames {
			p := pairOf(w)
			b[p/64] |= 1 << (p % 64)
		}
		return b
	}()
)

func pairOf(w string) uint16 {
	if len(w) < 2 {
		return uint16(w[0]) << 8
	}
	return uint16(w[0])<<8 | uint16(w[1])
}

func loadKnown(data string) map[string][]knownName {
	out := map[string][]knownName{}
	group := ""
	for _, line := range strings.Split(data, "\n") {
		if g, ok := strings.CutPrefix(line, "## "); ok {
			group = strings.TrimSpace(g)
			continue
		}
		typ, name, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		k := knownName{group: group, amb: strings.HasSuffix(typ, "?")}
		switch strings.TrimSuffix(typ, "?") {
		case "ORG":
			k.typ = tagger.ORG
		case "LOC":
			k.typ = tagger.LOC
		case "PER":
			k.typ = tagger.PER
		case "-":
			k.typ = -1
		default:
			panic("ner: known.txt: bad type " + typ)
		}
		name, k.the = strings.CutPrefix(name, "The ")
		for _, t := range tagger.Tokenize(name, 0, len(name), nil) {
			k.words = append(k.words, t.Text)
		}
		out[k.words[0]] = append(out[k.words[0]], k)
	}
	return out
}

// knownMatch is a name of known.txt found at tokens [a, b) of sentence s.
type knownMatch struct {
	s, a, b int
	k       *knownName
}

// sourceCue reports whether w introduces a news outlet as a source
// ("according to", "told", "reported by", "in an interview with").
func sourceCue(w string) bool {
	switch w {
	case "to", "told", "by", "from", "with", "in", "tells":
		return true
	}
	return false
}

// known applies the names of known.txt: news outlets, sports clubs,
// agencies, parts of the United Kingdom and sporting events. A name must
// stand alone (no capitalised word right before or after it but a
// sentence's first word, or a title before a person); one marked ambiguous counts only when the
// article names another name of its group, or, for an outlet, after a
// source cue. Names get their type for the whole article; events hide the
// names inside them.
func (d *doc) known(ms []mention) []mention {
	var found []knownMatch
	for si := range d.ss {
		s := &d.ss[si]
		n := len(s.words)
		for i := 0; i < n; i++ {
			if !s.caps[i] {
				continue
			}
			if p := pairOf(s.words[i]); knownPairs[p/64]&(1<<(p%64)) == 0 {
				continue
			}
			cands := knownNames[s.words[i]]
			if len(cands) == 0 {
				continue
			}
			var best *knownName
			for c := range cands {
				k := &cands[c]
				if len(k.words) > n-i || best != nil && len(k.words) <= len(best.words) {
					continue
				}
				if k.the && (i == 0 || s.words[i-1] != "The") {
					continue
				}
				ok := true
				for j, w := range k.words[1:] {
					if s.words[i+1+j] != w {
						ok = false
						break
					}
				}
				if ok {
					best = k
				}
			}
			if best == nil {
				continue
			}
			j := i + len(best.words)
			if j < n && s.caps[j] && !isPunct(s.words[j]) && s.words[j] != "I" && !isDigits(s.words[j]) {
				continue // "Chelsea Clinton"; a number after is a score ("Blue Jackets 5")
			}
			if p := i - 1; p >= 0 && s.caps[p] && !isPunct(s.words[p]) && !isArticle(s.words[p]) && !(p == 0 && s.flags[p]&tagger.GazCommon != 0) &&
				!(best.typ == tagger.PER && s.flags[p]&(tagger.GazTitle|tagger.GazHonorific) != 0) {
				continue // a title before a person stands apart: "Mr. Trump", "President Trump"
			}
			found = append(found, knownMatch{s: si, a: i, b: j, k: best})
			i = j - 1
		}
	}
	if len(found) == 0 {
		return ms
	}
	for _, f := range found {
		if f.k.amb && !d.knownSupported(f, found) {
			continue
		}
		if f.k.typ < 0 {
			d.events = append(d.events, [3]int{f.s, f.a, f.b})
			continue
		}
		if f.k.group == "team" {
			d.sports = true
		}
		m := mention{s: f.s, ts: f.a, te: f.b, typ: f.k.typ}
		k := mentionAt(ms, f.s, f.a)
		if k >= 0 && ms[k].ts < f.a {
			continue // inside a longer name
		}
		if k2 := mentionAt(ms, f.s, f.b-1); k2 >= 0 && ms[k2].te > f.b {
			continue
		}
		if k >= 0 && ms[k].ts == f.a && ms[k].te == f.b {
			ms[k].typ = f.k.typ // the tagger's span: retype it in place
		} else {
			ms = replace(ms, m)
		}
		sf := d.surface(m)
		d.force(sf, f.k.typ)
		d.lock(sf)
	}
	return ms
}

// knownSupported reports whether an ambiguous known name has support:
// another name of its group in the article (for an outlet, one that is
// unambiguous or cued), or, for an outlet, a source cue before it.
func (d *doc) knownSupported(f knownMatch, found []knownMatch) bool {
	outlet := f.k.group == "outlet"
	for _, o := range found {
		// an outlet that is a common word needs an unambiguous one
		// ("The Wrap and Variety" alone prove nothing); a team's nickname
		// needs any other team
		if o.k.group == f.k.group && !slices.Equal(o.k.words, f.k.words) && (!outlet || !o.k.amb || d.cued(o)) {
			return true
		}
	}
	return outlet && d.cued(f)
}

// cued reports whether a source cue comes right before the name
// ("according to The Wrap", "told Deadline").
func (d *doc) cued(f knownMatch) bool {
	s := &d.ss[f.s]
	p := f.a - 1
	if p >= 0 && s.words[p] == "The" {
		p--
	}
	return p >= 0 && sourceCue(s.words[p])
}

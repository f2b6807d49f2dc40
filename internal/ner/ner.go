package ner

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/ner/gazetteer"
	"github.com/copydesk/copydesk/internal/ner/tagger"
)

//go:embed model.bin.gz
var modelData []byte

//go:embed gazetteer.tsv.gz
var gazetteerData []byte

//go:embed orgs.tsv.gz
var orgsData []byte

//go:embed surnames.txt.gz
var surnamesData []byte

// Recognizer finds named entities. It is immutable after New and safe for
// concurrent use.
type Recognizer struct {
	model *tagger.Model
	gaz   *gazetteer.Gazetteer
	orgs  *orgLexicon
	sur   surnameSet
	// countryPop is the population of each country, by ISO code: it
	// breaks ties between first-level divisions of the same name
	// ("Florida" of the United States, Uruguay and Puerto Rico)
	countryPop map[string]int64
}

// New loads the embedded model, gazetteer and name lists. Call it once per process;
// the Recognizer is safe for concurrent use.
func New() (*Recognizer, error) {
	m, err := tagger.Read(bytes.NewReader(modelData))
	if err != nil {
		return nil, fmt.Errorf("load ner model: %w", err)
	}
	g, err := gazetteer.Load(bytes.NewReader(gazetteerData))
	if err != nil {
		return nil, fmt.Errorf("load ner gazetteer: %w", err)
	}
	o, err := loadOrgs(orgsData)
	if err != nil {
		return nil, fmt.Errorf("load ner org lexicon: %w", err)
	}
	sur, err := loadSurnames(surnamesData)
	if err != nil {
		return nil, fmt.Errorf("load ner surnames: %w", err)
	}
	pop := map[string]int64{}
	for _, p := range g.Places {
		if p.Kind == gazetteer.Country {
			pop[p.Country] = p.Pop
		}
	}
	return &Recognizer{model: m, gaz: g, orgs: o, sur: sur, countryPop: pop}, nil
}

// buffers are the per-call token arrays, reused through bufPool.
type buffers struct {
	hot     []bool
	caps    []bool
	toks    []tagger.Token
	words   []string
	flags   []uint32
	tags    []uint8
	segs    []article.Span
	bounds  []int
	ss      []sentence
	matches []gazetteer.Match
	spans   []tagger.Span
	all     []mention
}

var bufPool = sync.Pool{New: func() any { return new(buffers) }}

// grow returns s resized to n elements, reallocating only when needed.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}

// sentence is one tokenized segment of the text.
type sentence struct {
	caps    []bool // the word starts with a capital letter or digit
	hot     []bool // the word has a capital letter or is a handle (tagger.Interesting)
	toks    []tagger.Token
	words   []string
	flags   []uint32
	tags    []uint8
	matches []gazetteer.Match
}

// mention is an entity mention during processing. ts/te are token
// indexes in sentence s.
type mention struct {
	s, ts, te int
	typ       int
	lower     bool // a lower-case place found after a preposition
}

// Entities finds people, organisations and locations in text (cleaned
// article text, paragraphs separated by "\n\n"); sents are sentence spans
// (byte offsets) from the segmenter, or nil to split on blank lines and
// ". ". Mentions are byte offsets into text; each mention's surface
// text[m.Start:m.End] equals the entity's Name or one of its Aliases.
func (r *Recognizer) Entities(text string, sents []article.Span) []article.Entity {
	// one buffer per kind for the whole text; sentences hold sub-slices.
	// Buffers come from a pool: nothing in the result points into them.
	bufs := bufPool.Get().(*buffers)
	defer bufPool.Put(bufs)
	segs := appendSegments(bufs.segs[:0], text, sents)
	bufs.segs = segs
	toks := bufs.toks[:0]
	bounds := append(bufs.bounds[:0], 0)
	for _, sg := range segs {
		n0 := len(toks)
		toks = tagger.Tokenize(text, sg.Start, sg.End, toks)
		toks = r.splitPlaceCompounds(toks, n0)
		if len(toks) > bounds[len(bounds)-1] {
			bounds = append(bounds, len(toks))
		}
	}
	bufs.toks, bufs.bounds = toks, bounds
	words := grow(bufs.words, len(toks))
	hot := grow(bufs.hot, len(toks))
	caps := grow(bufs.caps, len(toks))
	for i, t := range toks {
		words[i] = t.Text
		hot[i] = tagger.Interesting(t.Text)
		caps[i] = hot[i] && hasUpper(t.Text) && !isPunct(t.Text)
	}
	bufs.hot, bufs.caps = hot, caps
	flags := grow(bufs.flags, len(toks))
	clear(flags)
	tags := grow(bufs.tags, len(toks))
	bufs.words, bufs.flags, bufs.tags = words, flags, tags
	ss := grow(bufs.ss, len(bounds)-1)
	clear(ss)
	matches := bufs.matches[:0]
	spans := bufs.spans[:0]
	all := bufs.all[:0]
	defer func() {
		// keep the grown buffers, without references into this text
		clear(matches)
		clear(ss)
		bufs.ss, bufs.matches, bufs.spans = ss[:0], matches[:0], spans[:0]
	}()
	for si := range ss {
		a, b := bounds[si], bounds[si+1]
		s := &ss[si]
		s.toks, s.words, s.flags, s.tags, s.caps, s.hot = toks[a:b:b], words[a:b:b], flags[a:b:b], tags[a:b:b], caps[a:b:b], hot[a:b:b]
		m0 := len(matches)
		matches = r.gaz.AnnotateHot(s.words, hot[a:b:b], s.flags, matches)
		s.matches = matches[m0:len(matches):len(matches)]
		r.model.TagHot(s.words, hot[a:b:b], s.flags, s.tags)
		spans = tagger.Spans(s.tags, spans[:0])
		for _, sp := range spans {
			// a line break ends a name ("Julian Assange\nTimeline"); a
			// lone word after it is a heading's, not a name
			a := sp.Start
			for k := sp.Start + 1; k < sp.End; k++ {
				if strings.IndexByte(text[s.toks[k-1].End:s.toks[k].Start], '\n') >= 0 {
					all = append(all, mention{s: si, ts: a, te: k, typ: sp.Type})
					a = k
				}
				// a hyphen glued to both sides was split off a place
				// compound ("Qinghai-Tibet"): two names
				if k+1 < sp.End && s.words[k] == "-" && s.toks[k].Start == s.toks[k-1].End && s.toks[k].End == s.toks[k+1].Start {
					if k > a {
						all = append(all, mention{s: si, ts: a, te: k, typ: sp.Type})
					}
					a = k + 1
				}
			}
			if a == sp.Start || sp.End-a > 1 {
				all = append(all, mention{s: si, ts: a, te: sp.End, typ: sp.Type})
			}
		}
	}
	bufs.all = all[:0]
	d := &doc{r: r, text: text, ss: ss}
	for _, stage := range stages {
		all = stage(d, all)
	}
	return d.build(all)
}

// stages are the rules applied to the tagger's mentions, in order: clean
// and complete each sentence, type names from their context, extend types
// along lists, make the article consistent, check people, drop events,
// drop names that the context rules out, and distrust headlines.
var stages = []func(*doc, []mention) []mention{
	(*doc).clean, (*doc).lexiconOrgs, (*doc).known, (*doc).orgTitles, (*doc).placeContext, (*doc).placeShapes, (*doc).shapes, (*doc).personParts, (*doc).placeHeads, (*doc).pluralNames,
	(*doc).orgContext, (*doc).roleNames, (*doc).acronyms, (*doc).listTypes, (*doc).companyHeads, (*doc).governmentSeats, (*doc).stateNames, (*doc).cityState, (*doc).outlets, (*doc).consistency, (*doc).shortNames,
	(*doc).personSupport, (*doc).dropEvents, (*doc).notNames, (*doc).final, (*doc).headlines,
}

// segments returns sentence spans covering text: the valid spans of sents
// plus the gaps between them, or a split on blank lines and ". ".
func segments(text string, sents []article.Span) []article.Span {
	return appendSegments(nil, text, sents)
}

// appendSegments appends the spans of segments(text, sents) to out.
func appendSegments(out []article.Span, text string, sents []article.Span) []article.Span {
	pos := 0
	if len(sents) > 0 {
		sorted := append([]article.Span(nil), sents...)
		// the same algorithm as sort.Slice, without its reflection
		slices.SortFunc(sorted, func(a, b article.Span) int { return cmp.Compare(a.Start, b.Start) })
		for _, sp := range sorted {
			st, en := sp.Start, sp.End
			if st < pos {
				st = pos
			}
			if en > len(text) {
				en = len(text)
			}
			if st >= en {
				continue
			}
			st, en = runeAlign(text, st), runeAlign(text, en)
			if st >= en {
				continue
			}
			if st > pos {
				out = split(text, pos, st, out)
			}
			out = append(out, article.Span{Start: st, End: en})
			pos = en
		}
	}
	return split(text, pos, len(text), out)
}

// runeAlign moves i back to the start of the UTF-8 sequence holding it.
func runeAlign(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// split cuts text[from:to] at blank lines, line breaks and sentence ends
// (". ", "? ", "! ") and appends the pieces.
func split(text string, from, to int, out []article.Span) []article.Span {
	start := from
	for i := from; i < to; i++ {
		c := text[i]
		cut := -1
		switch {
		case c == '\n':
			cut = i
		case (c == '.' || c == '?' || c == '!') && i+1 < to && text[i+1] == ' ' && !abbrevBefore(text[start:i]):
			cut = i + 1
		}
		if cut >= 0 {
			if strings.TrimSpace(text[start:cut]) != "" {
				out = append(out, article.Span{Start: start, End: cut})
			}
			start = cut
		}
	}
	if strings.TrimSpace(text[start:to]) != "" {
		out = append(out, article.Span{Start: start, End: to})
	}
	return out
}

// abbrevBefore reports whether s ends in a short abbreviation or initial
// ("Mr", "U.S", "J"), after which a period does not end a sentence.
func abbrevBefore(s string) bool {
	i := strings.LastIndexAny(s, " \n\t(")
	w := s[i+1:]
	if w == "" {
		return false
	}
	switch strings.ToLower(w) {
	case "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "lt", "col", "gov", "sen", "rep", "prof", "no", "vs", "mt", "sgt", "capt", "adm", "maj", "rev", "inc", "corp", "co", "ltd":
		return true
	}
	r, sz := utf8.DecodeRuneInString(w)
	return sz == len(w) && r >= 'A' && r <= 'Z' || strings.Contains(w, ".")
}

// splitPlaceCompounds splits the tokens from index from on that join a
// place to another place or to a lower-case word with one hyphen ("US-China",
// "Baghdad-Damascus", "London-based"; a nationality may take the place of
// either side), or an organisation of the lexicon that is no place to
// another or to a lower-case word ("Facebook-owned", "GOP-dominated"): the
// names are names of their own. A token that is a place as a whole
// ("Guinea-Bissau") and risky words (common words, given names) stay
// whole.
func (r *Recognizer) splitPlaceCompounds(toks []tagger.Token, from int) []tagger.Token {
	for i := from; i < len(toks); i++ {
		t := toks[i]
		if len(t.Text) == 3 && (t.Text[0] == 'R' || t.Text[0] == 'D' || t.Text[0] == 'I') && t.Text[1] == '-' {
			// a party-state tag with a dotted state, split as "D-N", ".",
			// "Y", ".": "D", "-" and "N.Y."
			st := t.Text[2:]
			for j := i + 1; j < len(toks) && j <= i+4 && toks[j].Start == toks[j-1].End; j++ {
				st += toks[j].Text
				if j >= i+2 && dottedState[st] {
					toks[i] = tagger.Token{Text: t.Text[:1], Start: t.Start, End: t.Start + 1}
					toks[i+1] = tagger.Token{Text: "-", Start: t.Start + 1, End: t.Start + 2}
					toks[i+2] = tagger.Token{Text: st, Start: t.Start + 2, End: toks[j].End}
					toks = slices.Delete(toks, i+3, j+1)
					i += 2
					break
				}
			}
			continue
		}
		if len(t.Text) < 4 || t.Text[0] < 'A' || t.Text[0] > 'Z' {
			continue
		}
		k := strings.IndexByte(t.Text, '-')
		if k <= 0 || k+1 >= len(t.Text) || strings.IndexByte(t.Text[k+1:], '-') >= 0 {
			continue
		}
		a, b := t.Text[:k], t.Text[k+1:]
		var split bool
		if ids := r.gaz.Lookup([]string{a}); ids != nil {
			split = r.safePlace(ids) && (isLowerWord(b) || r.safePlace(r.gaz.Lookup([]string{b})))
		} else {
			split = r.orgs.word(a).known() && (isLowerWord(b) || r.orgs.word(b).known()) || b == "based" ||
				(a == "R" || a == "D" || a == "I") && (stateName(b) != "" || fullStates[b]) // a party-state tag: "R-Texas", "D-Minn."
		}
		if !split || r.gaz.Lookup([]string{t.Text}) != nil {
			continue
		}
		toks[i] = tagger.Token{Text: a, Start: t.Start, End: t.Start + k}
		toks = slices.Insert(toks, i+1,
			tagger.Token{Text: "-", Start: t.Start + k, End: t.Start + k + 1},
			tagger.Token{Text: b, Start: t.Start + k + 1, End: t.End})
		i += 2
	}
	return toks
}

// safePlace reports whether the gazetteer entries ids of a word are
// countries, states or cities, or a nationality, and no common word,
// given name or region ("Asia-Pacific" stays whole); false for none.
func (r *Recognizer) safePlace(ids []int32) bool {
	if len(ids) == 0 {
		return false
	}
	for _, id := range ids {
		if p := &r.gaz.Places[id]; p.Risky || p.Kind == gazetteer.Region {
			return false
		}
	}
	return true
}

// isLowerWord reports whether w is made of lower-case ASCII letters.
func isLowerWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}

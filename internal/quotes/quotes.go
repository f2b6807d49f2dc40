package quotes

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
)

const (
	// maxShort is the longest quote (in words) that needs a cue to count.
	maxShort = 2
	// maxName is the longest title-case or naming-context quote (in words)
	// taken as a name rather than speech.
	maxName = 8
	// maxAfterWords is how far (in words) after a closing mark a cue verb
	// may be.
	maxAfterWords = 40
	// subjectWords is how far into its sentence a mention may start to be
	// that sentence's subject.
	subjectWords = 8
	// maxBefore and maxAfter are how far (in bytes) before an opening mark
	// or after a closing mark a cue may be.
	maxBefore = 600
	maxAfter  = 600
	// lookback bounds pronoun resolution, in bytes and sentences.
	lookback      = 3000
	lookbackSents = 6
)

// Find returns direct quotations in text (cleaned article, paragraphs separated by "\n\n", typography already repaired),
// given sentence spans and the article's entities (byte offsets). Quote Start/End cover the quoted words without the marks.
// Speaker is the canonical entity Name (ents[i].Name) of the speaker, or nil.
//
// Sentence spans that are unsorted, overlapping or out of range are
// replaced by a simple split of the text. Find never panics and returns
// spans on rune boundaries with Text == text[Start:End].
func Find(text string, sents []article.Span, ents []article.Entity) []article.Quote {
	if !strings.ContainsAny(text, "\"“”„«»‟＂〝〞'‘’‚‹›") {
		return nil
	}
	f := finder{text: text, ents: ents, resolving: -1}
	f.paras = paragraphs(text, make([]span, 0, 32))
	if validSentences(text, sents) {
		f.sx.sents = sents
	} else {
		f.sx.sents = splitSentences(text, f.paras, nil)
	}
	f.collectMentions()
	f.collectCandidates()
	return f.attribute()
}

// finder holds the state of one Find call.
type finder struct {
	text     string
	ents     []article.Entity
	paras    []span
	sx       sentenceIndex
	mentions []mention
	cands    []cand // every paired quote, sorted by open; also the mask
	events   []event
	gender   []int8 // per entity: male, female or 0 (unknown); nil until collectGenders
	votes    []int  // per entity: the text's gender votes (collectGenders)
	pronVote []pronounVote
	prons    []pronoun // the gendered pronouns outside quotes (collectGenders)
	// resolving is the position of the pronoun being resolved, whose own
	// vote does not count, or -1
	resolving int
	chain     int // depth of pronouns resolved through the sentences they open
}

// maxChain bounds the pronouns resolved through one another.
const maxChain = 3

// pronounVote is the vote a pronoun at pos gave entity ent.
type pronounVote struct {
	pos, ent int
	gender   int8
}

// Genders of people, as the article shows them.
const (
	male   = 1
	female = -1
)

// collectGenders reads each person's gender from the article: a gendered
// title or noun right before a mention ("actress Mary Steenburgen", "Mrs
// Clinton", "Mrs. Clinton") or in the person's
// roles counts twice, and the first personal pronoun after a mention
// outside quotes, in its sentence or the next and before any person is
// named again (that mention has its own pronoun), counts once ("Oliver Sacks … wrote … in his book"), unless the
// mention is a possessive. Ties and people without evidence stay unknown,
// unless the given name of their full name tells (nameGender): weak
// evidence, used only when the text gives none. The pronoun being
// resolved is no evidence for its own antecedent (see genderOf).
func (f *finder) collectGenders() {
	var votes []int
	var prons []pronoun // built on first need
	for k, m := range f.mentions {
		if f.ents[m.ent].Type != article.Person || f.maskEnd(m.s) >= 0 {
			continue
		}
		if votes == nil {
			votes = make([]int, len(f.ents))
			prons = f.pronouns()
			f.prons = prons
		}
		if w, ws := f.prevWord(m.s, max(0, m.s-24)); ws >= 0 {
			votes[m.ent] += 2 * wordGender(lower(w))
		} else {
			votes[m.ent] += 2 * honorificGender(f.text[max(0, m.s-6):m.s])
		}
		if rest := f.text[m.e:]; strings.HasPrefix(rest, "’s") || strings.HasPrefix(rest, "'s") || strings.HasPrefix(rest, "’ ") || strings.HasPrefix(rest, "' ") {
			continue // "Carlineo’s attorney … her client": the pronoun is another's
		}
		// to the end of the next sentence, quotes skipped
		end := len(f.text)
		if si := f.sx.at(m.s); si >= 0 {
			end = f.sx.sents[min(si+1, len(f.sx.sents)-1)].End
		}
		for _, n := range f.mentions[k+1:] {
			if n.s >= end {
				break
			}
			if n.s >= m.e && f.ents[n.ent].Type == article.Person {
				end = n.s
				break
			}
		}
		// an object in the mention's own sentence is someone else
		// ("Duarte thanked him"): binding, not coreference
		i := sort.Search(len(prons), func(i int) bool { return prons[i].pos >= m.e })
		if i < len(prons) && !prons[i].object && strings.TrimSpace(f.text[m.e:prons[i].pos]) == "," && possessive(f.text[prons[i].pos:]) {
			i++ // "Charles Ebert, her rival,": an owner in apposition is someone else
		}
		if i < len(prons) && prons[i].pos < end &&
			!(prons[i].object && f.sx.at(prons[i].pos) == f.sx.at(m.s)) {
			votes[m.ent] += int(prons[i].gender)
			f.pronVote = append(f.pronVote, pronounVote{prons[i].pos, m.ent, prons[i].gender})
		}
	}
	f.gender = make([]int8, len(f.ents))
	if votes == nil {
		return // no person outside quotes: every gender unknown
	}
	f.votes = votes
	for i, e := range f.ents {
		for _, r := range e.Roles {
			if k := strings.LastIndexByte(r, ' '); k >= 0 {
				r = r[k+1:]
			}
			votes[i] += 2 * wordGender(lower(r))
		}
		f.gender[i] = f.decide(votes[i], i)
	}
}

// decide turns entity e's votes v into a gender. With nothing in the
// text, the given name is weak evidence; it still outweighs one pronoun
// ("Henri Blanc, suggested she was lying": the "she" is another's).
func (f *finder) decide(v, e int) int8 {
	if f.ents[e].Type == article.Person && v >= -1 && v <= 1 {
		if g := nameGender(f.ents[e].Name); g != 0 {
			return g
		}
	}
	switch {
	case v > 0:
		return male
	case v < 0:
		return female
	}
	return 0
}

// genderOf returns the gender of entity e without the vote of the pronoun
// being resolved ("Gale said. “…,” she said": "she" does not make Gale a
// woman). collectGenders must have run.
func (f *finder) genderOf(e int) int8 {
	if f.resolving < 0 || f.votes == nil {
		return f.gender[e]
	}
	v := f.votes[e]
	for _, pv := range f.pronVote {
		if pv.pos == f.resolving && pv.ent == e {
			v -= int(pv.gender)
		}
	}
	if v == f.votes[e] {
		return f.gender[e]
	}
	return f.decide(v, e)
}

// possessive reports whether s opens with "his" or "her" as a word.
func possessive(s string) bool {
	if len(s) < 3 || !strings.EqualFold(s[:3], "his") && !strings.EqualFold(s[:3], "her") {
		return false
	}
	return len(s) == 3 || !isASCIILetter(s[3])
}

// honorificGender returns the gender of the honorific with its period
// that ends before ("Mrs. ", "Mr. "), or 0.
func honorificGender(before string) int {
	before = strings.TrimRight(before, " ")
	for _, h := range [...]struct {
		w string
		g int
	}{{"Mrs.", female}, {"Ms.", female}, {"Mr.", male}} {
		if strings.HasSuffix(before, h.w) {
			if k := len(before) - len(h.w); k == 0 || !isASCIILetter(before[k-1]) {
				return h.g
			}
		}
	}
	return 0
}

// pronoun is a gendered personal pronoun outside quotes; object is set
// for "him" and for "her" as an object ("thanked her.", "told her that").
type pronoun struct {
	pos    int
	gender int8
	object bool
}

// pronouns lists the gendered personal pronouns of the text outside
// quotes, in order. Every English one holds an "h" (found with
// strings.IndexByte, which is fast), and the Spanish ones are found
// whole, in texts with accented letters.
func (f *finder) pronouns() []pronoun {
	t := f.text
	var out []pronoun
	add := func(ws int) {
		if ws > 0 {
			if p := t[ws-1]; isASCIILetter(p) || p >= utf8.RuneSelf && unicode.IsLetter(lastRune(t[:ws])) {
				return // inside a word
			}
		}
		we := ws
		for we < len(t) && we-ws < 8 && (isASCIILetter(t[we]) || t[we] >= utf8.RuneSelf && unicode.IsLetter(firstRune(t[we:]))) {
			_, size := utf8.DecodeRuneInString(t[we:])
			we += size
		}
		if g := pronounGender(t[ws:we]); g != 0 && f.maskEnd(ws) < 0 {
			out = append(out, pronoun{ws, g, objectPronoun(t, ws, we)})
		}
	}
	for _, h := range [...]byte{'h', 'H'} {
		for i := 0; i < len(t); {
			k := strings.IndexByte(t[i:], h)
			if k < 0 {
				break
			}
			p := i + k
			if p > 0 && (t[p-1] == 's' || t[p-1] == 'S') {
				add(p - 1) // "she": the word starts at the "s"
			} else {
				add(p)
			}
			i = p + 1
		}
	}
	if strings.IndexByte(t, 0xC3) >= 0 { // accented letters: Spanish may be here
		for _, w := range [...]string{"él", "Él", "ella", "Ella"} {
			for i := 0; i < len(t); {
				k := strings.Index(t[i:], w)
				if k < 0 {
					break
				}
				add(i + k)
				i += k + len(w)
			}
		}
	}
	slices.SortFunc(out, func(a, b pronoun) int { return a.pos - b.pos })
	return slices.CompactFunc(out, func(a, b pronoun) bool { return a.pos == b.pos })
}

// objectPronoun reports whether the pronoun t[ws:we] is an object: "him",
// or "her" before punctuation or a word that does not start a noun
// phrase of hers ("thanked her.", "told her that", "gave her a").
func objectPronoun(t string, ws, we int) bool {
	w := t[ws:we]
	if strings.EqualFold(w, "him") {
		return true
	}
	if !strings.EqualFold(w, "her") {
		return false
	}
	i := we
	for i < len(t) && t[i] == ' ' {
		i++
	}
	if i == we || i == len(t) || !isASCIILetter(t[i]) {
		return true // "her." "her,"
	}
	j := i
	for j < len(t) && isASCIILetter(t[j]) {
		j++
	}
	return has(afterObjectHer, t[i:j])
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }
func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

// pronounGender is male for "he", "his", "him", "himself" (and "él"),
// female for "she", "her", "hers", "herself" (and "ella"), in any case,
// else 0.
func pronounGender(w string) int8 {
	if len(w) < 2 || len(w) > 7 {
		return 0
	}
	var buf [7]byte
	n := copy(buf[:], w)
	for i := 0; i < n; i++ {
		if 'A' <= buf[i] && buf[i] <= 'Z' {
			buf[i] += 'a' - 'A'
		}
	}
	switch string(buf[:n]) {
	case "he", "his", "him", "himself", "él", "Él":
		return male
	case "she", "her", "hers", "herself", "ella":
		return female
	}
	return 0
}

// wordGender is male for a man's title or noun, female for a woman's,
// else 0.
func wordGender(w string) int {
	switch {
	case has(maleWords, w):
		return male
	case has(femaleWords, w):
		return female
	}
	return 0
}

// mention is one entity mention, by byte range.
type mention struct {
	s, e int
	ent  int
}

// event is a speaker or subject seen at pos, for pronoun resolution.
type event struct {
	pos int
	ent int
}

// attribution is the result of looking for a quote's speaker.
type attribution struct {
	found bool // a cue verb was found
	verb  string
	ent   int // entity index or -1
	pos   int // position of the cue
}

func (f *finder) collectMentions() {
	n := 0
	for _, e := range f.ents {
		n += len(e.Mentions)
	}
	f.mentions = make([]mention, 0, n)
	for i, e := range f.ents {
		for _, m := range e.Mentions {
			if m.Start < 0 || m.End > len(f.text) || m.Start >= m.End {
				continue
			}
			if !utf8.RuneStart(f.text[m.Start]) || (m.End < len(f.text) && !utf8.RuneStart(f.text[m.End])) {
				continue
			}
			f.mentions = append(f.mentions, mention{s: m.Start, e: m.End, ent: i})
		}
	}
	slices.SortFunc(f.mentions, func(a, b mention) int {
		if a.s != b.s {
			return a.s - b.s
		}
		return b.e - a.e
	})
}

func (f *finder) collectCandidates() {
	var buf []mark
	dbl := make([]cand, 0, 16)
	dbl, _ = pairDoubles(f.text, f.paras, dbl, buf)
	all := dbl
	var singles []cand
	lo := 0
	for pi, p := range f.paras {
		for lo < len(dbl) && dbl[lo].closeEnd <= p.s {
			lo++
		}
		singles = pairSingles(f.text, p, pi, dbl[lo:], singles)
	}
	if len(singles) > 0 {
		// Singles are sorted and disjoint; drop the doubles nested in one.
		all = make([]cand, 0, len(dbl)+len(singles))
		k := 0
		for _, d := range dbl {
			for k < len(singles) && singles[k].close < d.closeEnd {
				k++
			}
			if k < len(singles) && d.open >= singles[k].openEnd && d.closeEnd <= singles[k].close {
				continue
			}
			all = append(all, d)
		}
		all = append(all, singles...)
		sort.Slice(all, func(a, b int) bool { return all[a].open < all[b].open })
	}
	f.cands = all
}

// maskEnd returns the end of the quote region holding pos, or -1.
func (f *finder) maskEnd(pos int) int {
	lo, hi := 0, len(f.cands)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if f.cands[m].closeEnd > pos {
			hi = m
		} else {
			lo = m + 1
		}
	}
	if i := lo; i < len(f.cands) && f.cands[i].open <= pos {
		return f.cands[i].closeEnd
	}
	return -1
}

// nextWord returns the next word in [i, end) that is outside quotes, as
// [ws, we); ws < 0 when there is none. A word is a run of letters and
// digits with inner apostrophes, hyphens or periods.
func (f *finder) nextWord(i, end int) (int, int) {
	t := f.text
	for i < end {
		r, size := rune(t[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(t[i:end])
		}
		if !isWordRune(r) {
			if isDouble(r) || isSingle(r) {
				if me := f.maskEnd(i); me > i {
					i = me
					continue
				}
			}
			i += size
			continue
		}
		if me := f.maskEnd(i); me > i {
			i = me
			continue
		}
		ws := i
		i += size
		for i < end {
			r, size = rune(t[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(t[i:end])
			}
			if isWordRune(r) {
				i += size
				continue
			}
			if r == '\'' || r == '’' || r == '-' || r == '.' {
				n, ns := runeAt(t, i+size, end)
				if n >= 0 && isWordRune(n) {
					i += size + ns
					continue
				}
			}
			break
		}
		return ws, i
	}
	return -1, -1
}

// prevWord returns the word ending before pos (not crossing lo).
func (f *finder) prevWord(pos, lo int) (string, int) {
	t := f.text
	i := pos
	for i > lo {
		r, size := utf8.DecodeLastRuneInString(t[lo:i])
		if isWordRune(r) {
			break
		}
		if r != ' ' && r != '\t' && r != ',' && !isQuoteRune(r) && r != '(' && r != ')' && r != '-' && r != '—' && r != '–' {
			return "", -1
		}
		i -= size
	}
	we := i
	for i > lo {
		r, size := utf8.DecodeLastRuneInString(t[lo:i])
		if !isWordRune(r) && r != '-' && r != '\'' && r != '’' {
			break
		}
		i -= size
	}
	if i == we {
		return "", -1
	}
	return t[i:we], i
}

// lower lower-cases a word.
func lower(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(w)
		}
	}
	return w
}

// has looks up the lower-cased word w in set m without allocating for
// short ASCII words.
func has(m *wordSet, w string) bool {
	if w == "" {
		return false
	}
	var buf [24]byte
	if len(w) > len(buf) {
		return m.contains(lower(w))
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return m.contains(strings.ToLower(w))
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	b := buf[:len(w)]
	k := (uint(len(b))*131 + uint(b[0])*31 + uint(b[len(b)-1])*7 + uint(b[len(b)/2])) & 4095
	if m.bits[k>>6]&(1<<(k&63)) == 0 {
		return false
	}
	return m.m[string(b)]
}

// cue is a cue verb found in a segment.
type cue struct {
	s, e int
	verb string
}

// cueAt reports whether the word [ws, we) starts a valid cue.
func (f *finder) cueAt(ws, we, end int) (cue, bool) {
	raw := f.text[ws:we]
	switch {
	case strings.EqualFold(raw, "according"):
		if ns, ne := f.nextWord(we, end); ns >= 0 && strings.EqualFold(f.text[ns:ne], "to") && onlySpace(f.text[we:ns]) {
			return cue{ws, ne, "according to"}, true
		}
		return cue{}, false
	case strings.EqualFold(raw, "según"):
		return cue{ws, we, "según"}, true
	case strings.EqualFold(raw, "read"):
		// "“…,” read a statement from Corbridge Theatre": the verb
		// of a document named right after it, not "read into the record"
		ns, ne := f.nextWord(we, end)
		if ns >= 0 && has(articles, f.text[ns:ne]) {
			ns, ne = f.nextWord(ne, end)
			if ns >= 0 && !has(documentNouns, f.text[ns:ne]) {
				ns, ne = f.nextWord(ne, end) // "a joint statement"
			}
			if ns >= 0 && has(documentNouns, f.text[ns:ne]) {
				return cue{ws, we, "read"}, true
			}
		}
		return cue{}, false
	case strings.EqualFold(raw, "weighed"):
		if ns, ne := f.nextWord(we, end); ns >= 0 && strings.EqualFold(f.text[ns:ne], "in") && onlySpace(f.text[we:ns]) {
			return cue{ws, ne, "weighed in"}, true
		}
		return cue{}, false
	}
	if has(baseCues, raw) {
		// "he’d respond", "she would say": a base form after a modal
		if pw, pws := f.prevWord(ws, 0); pws >= 0 && onlySpace(f.text[pws+len(pw):ws]) && (has(modals, pw) || modalContraction(pw) != "") {
			return cue{ws, we, lower(raw)}, true
		}
		return cue{}, false
	}
	if !has(cueVerbs, raw) {
		return cue{}, false
	}
	// only a word right before the cue counts: "“… who we are,” says
	// Ward" is Ward's
	if pw, pws := f.prevWord(ws, 0); has(notCueAfter, pw) && onlySpace(f.text[pws+len(pw):ws]) {
		return cue{}, false
	}
	w := lower(raw)
	if w == "alleged" || w == "accused" {
		// "of alleged sex victims": an adjective after a preposition
		if pw, _ := f.prevWord(ws, 0); has(prepositions, pw) {
			return cue{}, false
		}
	}
	if cueNotBeforeTo.contains(w) {
		if ns, ne := f.nextWord(we, end); ns >= 0 && strings.EqualFold(f.text[ns:ne], "to") {
			return cue{}, false
		}
	}
	return cue{ws, we, w}, true
}

// modalContraction returns the pronoun of a word that ends in a
// contracted modal ("he’d" is "he", "she'll" is "she"), or "".
func modalContraction(w string) string {
	for _, suf := range [...]string{"’d", "'d", "’ll", "'ll"} {
		if len(w) > len(suf) && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return ""
}

// introduces reports whether the cue ending at i is followed by ":", ","
// or "that", as a verb that introduces speech is.
func (f *finder) introduces(i, end int) bool {
	for i < end && isSpaceByte(f.text[i]) {
		i++
	}
	if i < end && (f.text[i] == ':' || f.text[i] == ',') {
		return true
	}
	ws, we := f.nextWord(i, end)
	return ws == i && strings.EqualFold(f.text[ws:we], "that")
}

func onlySpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isSpaceByte(s[i]) {
			return false
		}
	}
	return true
}

// validMention reports whether m can be a subject: whole words, not a
// possessive, and not the object of a preposition (except "for" when
// prepOK).
func (f *finder) validMention(m mention, lo int, prepOK bool) bool {
	t := f.text
	if r := runeBefore(t, m.s, 0); r >= 0 && isWordRune(r) {
		return false
	}
	r, size := runeAt(t, m.e, len(t))
	if r >= 0 && isWordRune(r) {
		return false
	}
	if r == '\'' || r == '’' {
		n, _ := runeAt(t, m.e+size, len(t))
		if n == 's' || n == 'S' || n < 0 || !isWordRune(n) {
			// Putin’s, Kyrgios’; but "Acme’s spokesman said", "the
			// Treasury’s press office said" speak for the organisation
			// (a person's spokesman or office is an unnamed speaker),
			// and "Dolan’s statement said" is Dolan's own words
			p := m.e + size
			if n == 's' || n == 'S' {
				p++
			}
			if f.ents[m.ent].Type == article.Person {
				ws, we := f.nextWord(p, min(len(t), p+16))
				return ws > p && onlySpace(t[p:ws]) && has(documentNouns, t[ws:we])
			}
			if ws, we := f.nextWord(p, min(len(t), p+16)); ws <= p || !onlySpace(t[p:ws]) || !has(ownerVoices, t[ws:we]) {
				return false
			}
		}
	}
	if f.ents[m.ent].Type != article.Person && r == ' ' {
		// "an EU official said", "a Tesla engineer told": a name that
		// modifies an unnamed person is not the speaker
		if ws, we := f.nextWord(m.e, len(t)); ws == m.e+1 {
			w := lower(t[ws:we])
			if has(unnamedNouns, w) || has(unnamedNouns, strings.TrimSuffix(w, "s")) {
				return false
			}
		}
	}
	if f.ents[m.ent].Type == article.Person && f.spokesFor(m.s, lo) {
		return false // a person's spokesman is unnamed, as "Pike’s spokesman" is
	}
	pw, ps := f.prevWord(m.s, lo)
	if !prepOK && ps >= 0 && onlySpace(t[ps+len(pw):m.s]) && pw == lower(pw) && !has(cueVerbs, pw) {
		// "The group, led by billionaire Tom Rhys, said", "published
		// in the journal JAMA Psychiatry argued": the preposition before
		// a person's role, or before "the" and a noun
		pw2, ps2 := f.prevWord(ps, lo)
		the := strings.EqualFold(pw2, "the")
		if the {
			pw2, ps2 = f.prevWord(ps2, lo)
		}
		if (the || has(personNouns, pw)) && has(prepositions, pw2) {
			pw, ps = pw2, ps2
		}
	}
	if strings.EqualFold(pw, "the") {
		// "an official at the Ministry of Finance": the preposition
		// before the article
		if pw2, ps2 := f.prevWord(ps, lo); has(prepositions, pw2) {
			pw, ps = pw2, ps2
		}
	}
	if has(prepositions, pw) {
		if strings.EqualFold(pw, "from") || strings.EqualFold(pw, "by") {
			if dw, _ := f.prevWord(ps, lo); has(documentNouns, dw) || has(issuedVerbs, dw) {
				return true // "a report from Kotak Institutional Equities", "published by the Institute"
			}
		}
		// "a spokesperson for Acme" names Acme, before the cue too; after
		// a verb-first cue any "for" does; other prepositions introduce
		// places, times or affiliations.
		if strings.EqualFold(pw, "for") {
			if sw, _ := f.prevWord(ps, lo); has(spokesNouns, sw) {
				return true
			}
		}
		return prepOK && strings.EqualFold(pw, "for")
	}
	return true
}

// spokesFor reports whether "a spokesman for" and at most two title
// words ("Governor", "Sen.") stand before pos.
func (f *finder) spokesFor(pos, lo int) bool {
	for k := 0; k < 3; k++ {
		w, ws := f.prevWord(pos, lo)
		if ws < 0 {
			return false
		}
		if strings.EqualFold(w, "for") {
			sw, _ := f.prevWord(ws, lo)
			return has(spokesNouns, sw)
		}
		if !unicode.IsUpper(firstRune(w)) {
			return false
		}
		pos = ws
	}
	return false
}

// subject picks the speaker in [a, b): the leftmost person or pronoun,
// else a role noun ("the president") naming one person, else the leftmost
// organisation or location. It returns an entity index, or -1.
func (f *finder) subject(a, b int, prepOK bool) int {
	if a >= b {
		return -1
	}
	person, other := -1, -1
	personPos := -1
	i := f.mentionFrom(a)
	for ; i < len(f.mentions) && f.mentions[i].s < b; i++ {
		m := f.mentions[i]
		if m.e > b || f.maskEnd(m.s) >= 0 || !f.validMention(m, a, prepOK) {
			continue
		}
		if f.ents[m.ent].Type == article.Person {
			if person < 0 {
				person, personPos = m.ent, m.s
			}
		} else if other < 0 {
			other = m.ent
		}
	}
	// Pronouns and role nouns.
	role, nominal := -1, -1
	prevThe, prevOwner, prevArt := false, false, false
	for ws, we := f.nextWord(a, b); ws >= 0; ws, we = f.nextWord(we, b) {
		if personPos >= 0 && ws >= personPos { // "He Jianxiong said": a name, not a pronoun
			break
		}
		w := f.text[ws:we]
		if p := modalContraction(w); p != "" {
			w = p // "she’d say"
		}
		// "Asked whether he would resign, Marco Villanueva said": a
		// pronoun in a clause set off by a comma right before the named
		// person is not the speaker
		fronted := false
		if personPos > we {
			between := strings.TrimRight(f.text[we:personPos], " ")
			fronted = strings.HasSuffix(between, ",") // the person opens the main clause
			if k := strings.LastIndexByte(between, ','); k >= 0 && !fronted {
				fronted = titleWords(between[k+1:]) // ", Health Secretary Ian Pollock said"
			}
		}
		if has(personPronouns, w) && !fronted {
			return f.resolve(ws, pronounKind(w))
		}
		if has(pluralPronouns, w) && !fronted {
			return f.resolve(ws, anyKind)
		}
		if has(thingPronouns, w) && f.onlyAux(we, b) {
			// "“We will look at every peso,” it said": "it" right before
			// the cue stands for an organisation or a country
			return f.resolve(ws, thingKind)
		}
		if (prevThe || prevOwner) && role < 0 && person < 0 {
			lw := lower(w)
			role = f.rolePhrase(ws, b)
			if role < 0 {
				role = f.roleMatch(lw)
			}
			// "Trump's lawyer" is not the person last spoken of
			if role < 0 && nominal < 0 && other < 0 && prevThe {
				// "said the actor", "the company said", "the statement
				// said": the person or organisation last spoken of, the
				// issuer of the last statement
				if has(personNouns, lw) || strings.HasSuffix(lw, "-year-old") && !f.moreWords(we, b) {
					// "the 68-year-old says": the age alone names the person
					nominal = f.resolve(ws, nounKind(lw))
				} else if has(orgNouns, lw) {
					nominal = f.orgNoun(lw, ws)
				} else if has(documentNouns, lw) {
					nominal = f.resolve(ws, anyKind)
				}
			}
			if has(personNounModifiers, lw) || strings.HasSuffix(lw, "-year-old") || strings.HasSuffix(lw, "-time") {
				continue // "the former president", "the seven-time champion": still after "the"
			}
			if prevThe && w == lw {
				// "the production company said": one modifier before
				// the organisation noun that ends the subject
				if ns, ne := f.nextWord(we, b); ns >= 0 && has(orgNouns, f.text[ns:ne]) && !f.moreWords(ne, b) {
					continue
				}
			}
		}
		if nominal < 0 && other < 0 && person < 0 && prevArt && has(orgNouns, w) {
			// "a company spokesperson said": the organisation last spoken of
			if ns, ne := f.nextWord(we, b); ns >= 0 && has(spokesNouns, f.text[ns:ne]) {
				nominal = f.orgNoun(lower(w), ws)
			}
		}
		prevArt = strings.EqualFold(w, "a") || strings.EqualFold(w, "an") || strings.EqualFold(w, "the")
		// "the ambassador", "China’s ambassador": a role noun may follow
		prevThe = strings.EqualFold(w, "the") || strings.EqualFold(w, "el") || strings.EqualFold(w, "la")
		prevOwner = strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "'s")
	}
	switch {
	case person >= 0:
		if adj := f.adjacentPerson(a, b, prepOK); adj >= 0 {
			return adj
		}
		return person
	case role >= 0:
		return role
	case other < 0 && nominal >= 0:
		return nominal
	}
	return other
}

// titleWords reports whether s holds one to three words, each
// capitalised ("Health Secretary", "Sen.").
func titleWords(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		if !unicode.IsUpper(firstRune(w)) {
			return false
		}
	}
	return true
}

// onlyAux reports whether the words in [i, b) are all auxiliaries or
// adverbs ("it has also said").
func (f *finder) onlyAux(i, b int) bool {
	for ws, we := f.nextWord(i, b); ws >= 0; ws, we = f.nextWord(we, b) {
		if !has(auxAdverb, f.text[ws:we]) {
			return false
		}
	}
	return true
}

// moreWords reports whether a word outside quotes follows in [i, b).
func (f *finder) moreWords(i, b int) bool {
	ws, _ := f.nextWord(i, b)
	return ws >= 0
}

// adjacentPerson returns the person whose mention ends right before b
// (the cue), with at most auxiliaries and adverbs between and no comma
// ("Goddard planetary scientist Avi Mandell said"), or -1.
func (f *finder) adjacentPerson(a, b int, verbFirst bool) int {
	if verbFirst {
		return -1
	}
	i := b
	for {
		for i > a && isSpaceByte(f.text[i-1]) {
			i--
		}
		w, ws := f.prevWord(i, a)
		if ws < 0 || f.text[ws:i] != strings.TrimSpace(f.text[ws:i]) {
			break
		}
		if !(has(auxAdverb, w) || strings.HasSuffix(w, "ly")) || strings.ContainsAny(f.text[ws:i], ",;") {
			break
		}
		i = ws
	}
	k := sort.Search(len(f.mentions), func(k int) bool { return f.mentions[k].e >= i })
	for ; k < len(f.mentions) && f.mentions[k].e == i; k++ {
		m := f.mentions[k]
		if m.s >= a && f.ents[m.ent].Type == article.Person && f.maskEnd(m.s) < 0 && f.validMention(m, a, false) {
			return m.ent
		}
	}
	return -1
}

// orgByHead finds the organisation "the NOUN" before pos stands for by
// its name: the last one named outside quotes whose name holds the noun
// ("the ministry" → Ministry of Health), or, for a company noun, the last
// one whose name is no public body's ("the company" is Norvale Pharma, not
// the Ministry of Health named after it). It returns -1 when none is.
func (f *finder) orgByHead(noun string, pos int) int {
	company := has(companyNouns, noun)
	fallback := -1
	for i := f.mentionFrom(pos) - 1; i >= 0; i-- {
		m := f.mentions[i]
		e := f.ents[m.ent]
		if e.Type != article.Organization || m.e > pos || f.maskEnd(m.s) >= 0 {
			continue
		}
		public := false
		for _, w := range strings.Fields(e.Name) {
			lw := lower(w)
			if lw == noun {
				return m.ent
			}
			public = public || has(publicBodyWords, lw)
		}
		if company && !public && fallback < 0 {
			fallback = m.ent
		}
	}
	return fallback
}

// orgNoun finds the organisation "the NOUN" at pos stands for: the one
// its name shows (orgByHead), else the last one spoken of.
func (f *finder) orgNoun(noun string, pos int) int {
	if e := f.orgByHead(noun, pos); e >= 0 {
		return e
	}
	return f.resolve(pos, thingKind)
}

// roleCanon gives a role word and its other names one form: "the
// congressman" is Representative John Baker, "the senator" Sen. Lopez.
func roleCanon(w string) string {
	switch w {
	case "congressman", "congresswoman", "congressmember", "rep.", "rep":
		return "representative"
	case "sen.", "sen":
		return "senator"
	case "gov.", "gov":
		return "governor"
	}
	return w
}

// roleMatch returns the one person whose role ends with word w, or -1.
func (f *finder) roleMatch(w string) int {
	found := -1
	for i, e := range f.ents {
		if e.Type != article.Person {
			continue
		}
		for _, r := range e.Roles {
			r = lower(r)
			// the head of "minister of defense", "ambassador to britain"
			for _, sep := range [...]string{" of ", " for ", " to "} {
				if k := strings.Index(r, sep); k >= 0 {
					r = r[:k]
				}
			}
			if k := strings.LastIndexByte(r, ' '); k >= 0 {
				r = r[k+1:]
			}
			if roleCanon(r) == roleCanon(w) {
				if found >= 0 && found != i {
					return -1
				}
				found = i
			}
		}
	}
	return found
}

// rolePhrase returns the one person with a role of several words that is
// written in full at ws, before b ("the foreign minister" is Foreign
// Minister Lukas Brandner, "the deputy mayor" Deputy Mayor Owen Tribe),
// or -1.
func (f *finder) rolePhrase(ws, b int) int {
	found := -1
	for i, e := range f.ents {
		if e.Type != article.Person {
			continue
		}
		for _, r := range e.Roles {
			we := ws + len(r)
			if strings.IndexByte(r, ' ') < 0 || we > b || !strings.EqualFold(f.text[ws:we], r) {
				continue
			}
			if n, _ := runeAt(f.text, we, b); n >= 0 && isWordRune(n) {
				continue
			}
			if found >= 0 && found != i {
				return -1
			}
			found = i
		}
	}
	return found
}

// What a pronoun may stand for.
const (
	personKind = iota // a person: "the president"
	anyKind           // they
	thingKind         // it: an organisation or a place (a country)
	maleKind          // he
	femaleKind        // she
)

// pronounKind is the kind of a person pronoun: he or she.
func pronounKind(w string) int {
	if pronounGender(w) == female {
		return femaleKind
	}
	return maleKind
}

// nounKind is the kind of a person noun: "the actress" is a woman; "the
// actor" may be either ("Maria Lopez … said the actor").
func nounKind(w string) int {
	if w == "actor" {
		return personKind
	}
	switch wordGender(w) {
	case male:
		return maleKind
	case female:
		return femaleKind
	}
	return personKind
}

// fits reports whether entity e may be what a pronoun of kind stands for.
func (f *finder) fits(e, kind int) bool {
	switch kind {
	case personKind:
		return f.ents[e].Type == article.Person
	case maleKind, femaleKind:
		if f.ents[e].Type != article.Person {
			return false
		}
		if f.gender == nil {
			f.collectGenders() // only articles that resolve "he" or "she" pay for it
		}
		if kind == maleKind {
			return f.genderOf(e) != female
		}
		return f.genderOf(e) != male
	case thingKind:
		return f.ents[e].Type != article.Person
	}
	return true
}

// resolve finds the entity a pronoun at pos stands for: the most recent
// speaker or sentence subject before it that fits the pronoun's kind.
// "He" or "she" is not the subject of a sentence that asks a "him" or "her"
// ("Pollard asked her whether … “Of course,” she replied"): the one asked
// is someone else, and answers.
func (f *finder) resolve(pos int, kind int) int {
	best, bestPos := f.resolveSkip(pos, kind, -1)
	if best >= 0 && (kind == maleKind || kind == femaleKind) && f.objectAfter(bestPos, pos, kind) {
		best, _ = f.resolveSkip(pos, kind, best)
	}
	return best
}

// objectAfter reports whether an object pronoun of kind ("him" for he,
// "her" for she) after a question verb ("asked her") follows a in a's
// sentence, before pos.
func (f *finder) objectAfter(a, pos, kind int) bool {
	if a < 0 {
		return false
	}
	if f.gender == nil {
		f.collectGenders()
	}
	end := pos
	if si := f.sx.at(a); si >= 0 {
		end = min(end, f.sx.sents[si].End)
	}
	g := int8(male)
	if kind == femaleKind {
		g = female
	}
	i := sort.Search(len(f.prons), func(i int) bool { return f.prons[i].pos > a })
	for ; i < len(f.prons) && f.prons[i].pos < end; i++ {
		if p := f.prons[i]; p.object && p.gender == g {
			if w, _ := f.prevWord(p.pos, a); has(askVerbs, w) {
				return true
			}
		}
	}
	return false
}

// unnamedSubject reports whether the sentence [a, b) opens with an
// unnamed person that a pronoun of kind may stand for: "a", "an", "one" or
// "another" and, within three words, a person noun ("A nurse, who asked
// not to be named, said", "One local resident told", "One of them said").
func (f *finder) unnamedSubject(a, b, kind int) bool {
	ws, we := f.nextWord(a, b)
	if ws < 0 || !has(unnamedOpeners, f.text[ws:we]) {
		return false
	}
	one := strings.EqualFold(f.text[ws:we], "one")
	// "A colleague, Rui Alves, joined": a person named near the start
	lim := we
	for n := 0; n < 10 && lim >= 0; n++ {
		s, e := f.nextWord(lim, b)
		if s < 0 {
			break
		}
		if has(personPronouns, f.text[s:e]) && strings.HasSuffix(f.text[a:s], ", ") {
			return false // "A single mother of two, she works nights"
		}
		lim = e
	}
	for i := f.mentionFrom(a); i < len(f.mentions) && f.mentions[i].s < lim; i++ {
		m := f.mentions[i]
		if f.maskEnd(m.s) < 0 && (f.ents[m.ent].Type == article.Person || strings.HasSuffix(f.text[a:m.s], ", ")) {
			return false
		}
	}
	for n := 0; n < 3; n++ {
		if ws, we = f.nextWord(we, b); ws < 0 {
			return false
		}
		w := lower(f.text[ws:we])
		if n == 0 && one && w == "of" {
			return kind != thingKind
		}
		if has(unnamedNouns, w) || has(personNouns, w) {
			switch g := wordGender(w); {
			case kind == thingKind:
				return false
			case kind == maleKind && g == female, kind == femaleKind && g == male:
				return false
			}
			return true
		}
		if mi := f.mentionAt(ws); mi >= 0 {
			return false // "A Reuters reporter", "An Acme spokesman": named
		}
	}
	return false
}

// resolveSkip is resolve without entity skip (-1: none); it also returns
// the position of the speaker or subject found.
func (f *finder) resolveSkip(pos int, kind int, skip int) (int, int) {
	defer func(r int) { f.resolving = r }(f.resolving)
	f.resolving = pos
	best, bestPos := -1, -1
	for k := len(f.events) - 1; k >= 0; k-- {
		ev := f.events[k]
		if pos-ev.pos > 2*lookback {
			break // events come in text order, give or take a sentence
		}
		if ev.pos >= pos || ev.pos <= bestPos || pos-ev.pos > lookback || ev.ent == skip {
			continue
		}
		if f.fits(ev.ent, kind) {
			best, bestPos = ev.ent, ev.pos
		}
	}
	si := f.sx.at(pos)
	for k := si; k >= 0 && k > si-lookbackSents; k-- {
		s := f.sx.sents[k]
		if pos-s.Start > lookback || s.End <= bestPos {
			break
		}
		end := s.End
		if end > pos {
			end = pos
		}
		if s.Start > bestPos && f.unnamedSubject(s.Start, end, kind) {
			return -1, -1 // "A nurse, who asked not to be named, said …"
		}
		if e, p := f.sentenceSubject(s.Start, end, kind); e >= 0 && p > bestPos {
			if e == skip {
				continue
			}
			best, bestPos = e, p
			break
		}
		// "Nobody knows the river better than Fergus Lyle. He has fished
		// it for 50 years. “…,” he said": a sentence that opens with the
		// same pronoun stands for whom that pronoun does
		if ws, we := f.nextWord(s.Start, end); k < si && ws > bestPos && f.chain < maxChain &&
			(kind == maleKind || kind == femaleKind) && has(personPronouns, f.text[ws:we]) && pronounKind(f.text[ws:we]) == kind {
			f.chain++
			e, _ := f.resolveSkip(ws, kind, skip)
			f.chain--
			if e >= 0 {
				best, bestPos = e, ws
				break
			}
		}
	}
	if best < 0 && kind != thingKind {
		best = f.onlyPersonBefore(pos, kind, skip)
	}
	return best, bestPos
}

// onlyPersonBefore returns the one person that fits kind named outside
// quotes in the pronoun's sentence before pos or in the sentence before
// it, when no subject or speaker was found ("While most songwriters …,
// Steenburgen approached the assignment … “I fought …,” she said"), or -1
// when there is none or more than one.
func (f *finder) onlyPersonBefore(pos, kind, skip int) int {
	si := f.sx.at(pos)
	if si < 0 {
		return -1
	}
	a := f.sx.sents[max(si-1, 0)].Start
	found := -1
	for i := f.mentionFrom(a); i < len(f.mentions) && f.mentions[i].e <= pos; i++ {
		m := f.mentions[i]
		if m.ent == skip || f.maskEnd(m.s) >= 0 || f.ents[m.ent].Type != article.Person || !f.fits(m.ent, kind) {
			continue
		}
		if found >= 0 && found != m.ent {
			return -1
		}
		found = m.ent
	}
	return found
}

// sentenceSubject returns the first mention in [a, b) that fits kind (-1:
// any) if it starts within the first subjectWords words outside quotes.
func (f *finder) sentenceSubject(a, b, kind int) (int, int) {
	b = min(b, a+maxBefore)
	i := f.mentionFrom(a)
	for ; i < len(f.mentions) && f.mentions[i].s < b; i++ {
		m := f.mentions[i]
		if m.e > b || f.maskEnd(m.s) >= 0 {
			continue
		}
		n := 0
		for ws, we := f.nextWord(a, m.s); ws >= 0 && n < subjectWords; ws, we = f.nextWord(we, m.s) {
			n++
		}
		if n >= subjectWords {
			// later in the sentence, only a person who speaks there: "While
			// …, Early says there is a possibility"
			return f.speakingPerson(i, b, kind)
		}
		if !f.validMention(m, a, false) || kind >= 0 && !f.fits(m.ent, kind) {
			continue // "Wild defenseman Ryan Suter": for "he", Suter
		}
		return m.ent, m.s
	}
	return -1, -1
}

// maxContinuation bounds the text, in bytes, between a speaker's quote and
// an uncued partial quote that continues it.
const maxContinuation = 160

// mentionFrom returns the index of the first mention starting at or
// after pos.
func (f *finder) mentionFrom(pos int) int {
	return sort.Search(len(f.mentions), func(i int) bool { return f.mentions[i].s >= pos })
}

// dashSigned returns the person whose name follows the closing mark at
// pos after a spaced dash and ends the paragraph or its sentence ("“…” —
// Neil Gaiman"), or -1.
func (f *finder) dashSigned(pos, pe int) int {
	t := f.text
	i := pos
	for i < pe && t[i] == ' ' {
		i++
	}
	switch {
	case strings.HasPrefix(t[i:], "— "), strings.HasPrefix(t[i:], "– "):
		i += len("— ")
	case strings.HasPrefix(t[i:], "- "):
		i += 2
	default:
		return -1
	}
	k := f.mentionAt(i)
	if k < 0 || f.ents[f.mentions[k].ent].Type != article.Person {
		return -1
	}
	rest := strings.TrimSpace(t[f.mentions[k].e:pe])
	if rest != "" && rest[0] != '.' && rest[0] != ',' {
		return -1
	}
	return f.mentions[k].ent
}

// mentionAt returns the index of the mention starting at pos, or -1.
func (f *finder) mentionAt(pos int) int {
	if i := f.mentionFrom(pos); i < len(f.mentions) && f.mentions[i].s == pos {
		return i
	}
	return -1
}

// otherMentionIn reports whether a mention of an entity other than ent
// starts in [a, b).
func (f *finder) otherMentionIn(a, b, ent int) bool {
	for i := f.mentionFrom(a); i < len(f.mentions) && f.mentions[i].s < b; i++ {
		if f.mentions[i].ent != ent {
			return true
		}
	}
	return false
}

// speakingPerson returns the first person mention from f.mentions[i]
// on, starting before b, that fits kind and is followed right away by a
// cue verb outside quotes ("Early says"), or -1.
func (f *finder) speakingPerson(i, b, kind int) (int, int) {
	for ; i < len(f.mentions) && f.mentions[i].s < b; i++ {
		m := f.mentions[i]
		if m.e > b || f.maskEnd(m.s) >= 0 || f.ents[m.ent].Type != article.Person || kind >= 0 && !f.fits(m.ent, kind) {
			continue
		}
		if ws, we := f.nextWord(m.e, b); ws >= 0 && f.text[m.e:ws] == " " && has(cueVerbs, f.text[ws:we]) {
			return m.ent, m.s
		}
	}
	return -1, -1
}

// paraOf returns the paragraph index holding pos.
func (f *finder) paraOf(pos int) int {
	i := sort.Search(len(f.paras), func(i int) bool { return f.paras[i].e >= pos })
	if i >= len(f.paras) {
		return len(f.paras) - 1
	}
	return i
}

// sentenceStart returns where the sentence holding pos starts, not before
// paragraph start ps.
func (f *finder) sentenceStart(pos, ps int) int {
	k := f.sx.at(pos)
	if k < 0 {
		return ps
	}
	s := f.sx.sents[k]
	st := s.Start
	if s.End <= pos {
		st = s.End
	}
	if st < ps || st > pos {
		st = ps
	}
	return st
}

// sentenceEnd returns where the sentence holding pos ends, not after pe.
func (f *finder) sentenceEnd(pos, pe int) int {
	k := f.sx.at(pos)
	if k < 0 {
		return pe
	}
	s := f.sx.sents[k]
	if s.End <= pos || s.End > pe {
		return pe
	}
	return s.End
}

// before looks for the last cue in [a, b) and its subject.
func (f *finder) before(a, b int) attribution {
	var last, prior cue
	found := false
	for ws, we := f.nextWord(a, b); ws >= 0; ws, we = f.nextWord(we, b) {
		if c, ok := f.cueAt(ws, we, b); ok {
			we = c.e
			if weakCues.contains(c.verb) && !f.introduces(c.e, b) || f.relativeCue(c, a, b) {
				continue
			}
			prior, last, found = last, c, true
		}
	}
	if !found {
		return attribution{ent: -1}
	}
	at := attribution{found: true, verb: last.verb, pos: last.s}
	if last.verb == "according to" || last.verb == "según" {
		np := f.npEnd(last.e, b)
		at.ent = f.subject(last.e, np, true)
		if at.ent < 0 && np < b && f.text[np] == ',' {
			// "According to his aunt, Jane Starner, “…”": a person in
			// apposition to an unnamed source
			if e := f.subject(np+1, f.npEnd(np+1, b), true); e >= 0 && f.ents[e].Type == article.Person {
				at.ent = e
			}
		}
		return at
	}
	// "The Harbour Times reported that the minister had called the plan
	// “…”": the subject of a cue in the clause an earlier cue opens with
	// "that" is in that clause, named or not (but "Liu said that …,
	// warning:" shares the subject of "said")
	if prior.e > 0 && !strings.HasSuffix(last.verb, "ing") {
		if ns, ne := f.nextWord(prior.e, last.s); ns >= 0 && onlySpace(f.text[prior.e:ns]) && strings.EqualFold(f.text[ns:ne], "that") {
			at.ent = f.subject(ne, last.s, false)
			return at
		}
	}
	// "Trump has been eager to withdraw, but General Mark Milley …
	// told": the subject is in the clause of the cue
	if k := clauseStart(f.text, a, last.s); k > a {
		if e := f.subject(k, last.s, false); e >= 0 {
			at.ent = e
			return at
		}
	}
	at.ent = f.subject(a, last.s, false)
	if ws, _ := f.nextWord(a, last.s); at.ent < 0 && ws < 0 {
		// "“I'm tired,” said Celeste Varga, “but I'm happy.”": only a
		// quote before the cue, whose subject follows it
		at.ent = f.subject(last.e, f.npEnd(last.e, b), true)
	}
	return at
}

// relativeCue reports whether cue c is a verb in a relative clause, not
// an attribution: a copula follows it ("the letter Mike wrote was “kind
// and loving.”"), and no "what" comes in the two words before it ("what
// he said was" attributes).
func (f *finder) relativeCue(c cue, a, b int) bool {
	ns, ne := f.nextWord(c.e, b)
	if ns < 0 || !onlySpace(f.text[c.e:ns]) || !has(copulas, f.text[ns:ne]) {
		return false
	}
	pos := c.s
	for range 2 {
		w, ws := f.prevWord(pos, a)
		if ws < 0 {
			break
		}
		if strings.EqualFold(w, "what") {
			return false
		}
		pos = ws
	}
	return true
}

// clauseStart returns where the last clause of [a, b) begins after ", but",
// ", while", ", whereas", ", and" or a semicolon, or a.
func clauseStart(t string, a, b int) int {
	seg := t[a:b]
	k := -1
	for _, conj := range [...]string{" but ", " while ", " whereas ", " and "} {
		// ", but", ", while": a comma before, perhaps inside a quote
		// that ends there ("“… sense,” while her opponent")
		if i := strings.LastIndex(seg, conj); i >= 0 && i+len(conj) > k &&
			strings.HasSuffix(strings.TrimRight(seg[:i], "”’\""), ",") {
			k = i + len(conj)
		}
	}
	if i := strings.LastIndex(seg, "; "); i >= 0 && i+2 > k {
		k = i + 2
	}
	if k < 0 {
		return a
	}
	return a + k
}

// after looks for a cue in [a, b) after a closing mark.
func (f *finder) after(a, b int) attribution {
	fallback := attribution{ent: -1}
	n := 0
	for ws, we := f.nextWord(a, b); ws >= 0 && n < maxAfterWords; ws, we = f.nextWord(we, b) {
		n++
		c, ok := f.cueAt(ws, we, b)
		if !ok {
			continue
		}
		at := attribution{found: true, verb: c.verb, pos: c.s, ent: -1}
		if n == 1 || c.verb == "according to" || c.verb == "según" {
			np := f.npEnd(c.e, b)
			at.ent = f.subject(c.e, np, true)
			if at.ent < 0 && np < b && f.text[np] == ',' {
				// "said one resident, Ana Pérez, 54": a person in
				// apposition to an unnamed speaker
				if e := f.subject(np+1, f.npEnd(np+1, b), true); e >= 0 && f.ents[e].Type == article.Person {
					at.ent = e
				}
			}
		} else {
			at.ent = f.subject(a, c.s, false)
			if at.ent < 0 && prevNonSpace(f.text, c.s, a) == ',' && c.verb != "told" && c.verb != "tells" {
				// "…” announced in October, said Derek Scissors" (but
				// "…, told the BBC" names the listener)
				at.ent = f.subject(c.e, f.npEnd(c.e, b), true)
			}
		}
		if at.ent >= 0 {
			return at
		}
		if n > 1 && !fallback.found {
			// "“…,” the captain announced, according to passenger
			// Rachel Moss": an unnamed subject of its own is the speaker,
			// whoever relays the words
			if fs, fe := f.nextWord(a, c.s); fs >= 0 && has(articles, f.text[fs:fe]) {
				return at
			}
		}
		if !fallback.found {
			fallback = at
		}
		we = c.e
	}
	return fallback
}

func prevNonSpace(t string, i, lo int) rune {
	for i > lo {
		r, size := utf8.DecodeLastRuneInString(t[lo:i])
		if !unicode.IsSpace(r) {
			return r
		}
		i -= size
	}
	return -1
}

// npEnd returns where the noun phrase after a verb-first cue ending at i
// ends: at a comma or semicolon, at a subordinating word, or at end.
func (f *finder) npEnd(i, end int) int {
	end = commaOrEnd(f.text, i, end)
	for ws, we := f.nextWord(i, end); ws >= 0; ws, we = f.nextWord(we, end) {
		if has(npEnd, f.text[ws:we]) {
			return ws
		}
	}
	return end
}

// commaOrEnd returns the first comma or semicolon in [i, end), or end.
func commaOrEnd(t string, i, end int) int {
	if k := strings.IndexAny(t[i:end], ",;"); k >= 0 {
		return i + k
	}
	return end
}

// words counts the words of s.
func words(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			w := asciiWord[c] || (in && (c == '\'' || c == '-'))
			if w && !in {
				n++
			}
			in = w
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		w := isWordRune(r) || (in && r == '’')
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// terminal reports whether s ends with sentence punctuation.
func terminal(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!' || r == '?' || r == '…'
}

// titleCase reports whether every significant word of s is capitalised.
func titleCase(s string) bool {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i
		for j < len(s) {
			c, cs := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(c) && c != '\'' && c != '’' && c != '-' {
				break
			}
			j += cs
		}
		w := s[i:j]
		if !has(smallWords, w) || n == 0 {
			if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
				return false
			}
		}
		n++
		i = j
	}
	return n > 0
}

// headingPara reports whether paragraph p looks like a heading: short,
// without final punctuation, in title case, or in any case when lead (the
// text's first paragraph: "‘We will not be intimidated,’ says Harlow
// mayor").
func (f *finder) headingPara(p span, lead bool) bool {
	if p.e-p.s > 200 {
		return false
	}
	s := f.text[p.s:p.e]
	end := strings.TrimRightFunc(s, func(r rune) bool { return isQuoteRune(r) || r == ')' })
	if end == "" {
		return false
	}
	if r, _ := utf8.DecodeLastRuneInString(end); strings.ContainsRune(".!?…:;,", r) {
		return false
	}
	return words(s) <= 15 && (titleCase(s) || lead)
}

// naming reports whether quote c is a name rather than speech: after a
// naming word ("the word", "so-called", "known as") or before a naming
// noun ("… campaign").
func (f *finder) naming(c cand, p, lp span, n int) bool {
	w1, i1 := f.prevWord(c.open, p.s)
	if i1 >= 0 {
		if has(namingBefore, w1) {
			w2, i2 := f.prevWord(i1, p.s)
			speech := has(personPronouns, w2) || has(pluralPronouns, w2) || has(speechBefore, w2)
			if !speech && i2 >= 0 {
				k := sort.Search(len(f.mentions), func(k int) bool { return f.mentions[k].e >= i1 })
				speech = k < len(f.mentions) && f.mentions[k].e <= i1 && f.mentions[k].s <= i2
			}
			if !speech {
				return true
			}
		}
		if strings.EqualFold(w1, "as") {
			w2, i2 := f.prevWord(i1, p.s)
			if strings.HasSuffix(w2, "ly") {
				w2, _ = f.prevWord(i2, p.s) // "known locally as"
			}
			if has(namingAsBefore, w2) || strings.EqualFold(w2, "to") {
				return true
			}
		}
	}
	if n > maxName || c.close == c.closeEnd {
		return false
	}
	// The next two words, without punctuation in between.
	i := c.closeEnd
	for k := 0; k < 2; k++ {
		for i < lp.e && isSpaceByte(f.text[i]) {
			i++
		}
		ws, we := i, i
		for we < lp.e {
			r, size := utf8.DecodeRuneInString(f.text[we:lp.e])
			if !isWordRune(r) && r != '-' {
				break
			}
			we += size
		}
		if we == ws {
			return false
		}
		if has(namingAfter, f.text[ws:we]) {
			return true
		}
		i = we
	}
	return false
}

// copulaAfter reports whether the closing mark of c is followed by a
// copula ("“Meth. We’re on it” is rolling out").
func (f *finder) copulaAfter(c cand, p span) bool {
	if c.close == c.closeEnd {
		return false
	}
	i := c.closeEnd
	if i >= p.e || f.text[i] != ' ' {
		return false
	}
	ws := i + 1
	we := ws
	for we < p.e && we-ws < 16 && isWordRune(rune(f.text[we])) {
		we++
	}
	// a copula is lower case: "“…” Will Moy told" names a speaker
	return we > ws && f.text[ws] >= 'a' && f.text[ws] <= 'z' && has(copulas, f.text[ws:we])
}

// commaEnd reports whether the quote ends with a comma inside or right
// after its closing mark.
func (f *finder) commaEnd(c cand) bool {
	if strings.ContainsRune(f.text[c.e:c.close], ',') {
		return true
	}
	r, _ := runeAt(f.text, c.closeEnd, len(f.text))
	return r == ','
}

// attribute filters the candidates and finds their speakers.
func (f *finder) attribute() []article.Quote {
	t := f.text
	var out []article.Quote
	type kept struct {
		c  cand
		at attribution
	}
	prev := make([]kept, 0, len(f.cands))
	out = make([]article.Quote, 0, len(f.cands))
	heading := make([]uint8, len(f.paras)) // 0 unknown, 1 no, 2 heading
	for ci, c := range f.cands {
		p := f.paras[c.para]
		content := t[c.s:c.e]
		n := words(content)
		term := terminal(content)
		// Headings: a paragraph that is only a short quoted phrase, or a
		// heading-like paragraph.
		lp := f.paras[c.lastPara]
		onlyQuote := c.lastPara == c.para && (c.open == p.s || listMarker(t[p.s:c.open])) && (c.closeEnd == p.e || onlyPunct(t[c.closeEnd:p.e]))
		if onlyQuote && n <= maxName && !term {
			continue
		}
		if heading[c.para] == 0 {
			heading[c.para] = 1
			if f.headingPara(p, false) {
				heading[c.para] = 2
			}
		}
		if heading[c.para] == 2 {
			continue
		}
		if c.para == 0 && len(f.paras) > 1 && c.close < c.closeEnd && onlySpace(t[:p.s]) && f.headingPara(p, true) {
			continue // a headline with its quote closed
		}
		if f.naming(c, p, lp, n) && n <= maxName {
			continue
		}
		ss := f.sentenceStart(c.open, p.s)
		if c.open-ss > maxBefore {
			// Very long sentences: look at most maxBefore bytes back.
			ss = c.open - maxBefore
			for ss < c.open && !utf8.RuneStart(t[ss]) {
				ss++
			}
		}
		lead := true
		if ws, _ := f.nextWord(ss, c.open); ws >= 0 && !(ss == p.s && answerMarker(t[p.s:c.open])) {
			lead = false // "A: “…”" in an interview opens its sentence
		}
		opens := c.open == p.s || lead && ss == p.s
		var at attribution
		at.ent = -1
		if !lead {
			at = f.before(ss, c.open)
			if (at.verb == "called" || at.verb == "calling") && !f.calledSpeech(at.pos+len(at.verb), c) && !f.relativeObject(at.pos, at.pos+len(at.verb), ss, c) {
				at = attribution{ent: -1}
			}
		}
		// a copula after the quote makes it a subject ("“…” is a lie"),
		// unless a comma closes it ("“…,” was how Ford described it")
		np := f.copulaAfter(c, lp) && !f.commaEnd(c)
		if !at.found && !np && c.close != c.closeEnd && (lead || f.commaEnd(c) || strings.HasSuffix(content, "?") || strings.HasSuffix(content, "!")) {
			a := c.closeEnd
			allowed := true
			if strings.HasSuffix(content, ".") || strings.HasSuffix(content, "…") {
				// A new sentence follows, unless it starts in lower case.
				ws, _ := f.nextWord(a, min(lp.e, a+maxAfter))
				if ws >= 0 {
					r, _ := utf8.DecodeRuneInString(t[ws:])
					allowed = unicode.IsLower(r)
				}
			}
			if allowed {
				q := a
				for q < lp.e && (isSpaceByte(t[q]) || t[q] == ',') {
					q++
				}
				b := min(f.sentenceEnd(q, lp.e), a+maxAfter)
				for b < len(t) && !utf8.RuneStart(t[b]) {
					b++
				}
				if ci+1 < len(f.cands) && f.cands[ci+1].open < b && f.cands[ci+1].open >= a {
					b = f.cands[ci+1].open
				}
				if b > a {
					at = f.after(a, b)
				}
			}
		}
		if !at.found && at.ent < 0 {
			// "“…” — Neil Gaiman": a person's name after a dash signs the quote
			if e := f.dashSigned(c.closeEnd, lp.e); e >= 0 {
				at = attribution{found: true, ent: e, pos: c.closeEnd}
			}
		}
		own := at.found
		if !at.found && (lead || c.open == p.s) && len(prev) > 0 {
			last := prev[len(prev)-1]
			if last.c.lastPara == c.para || (c.open == p.s && last.c.lastPara == c.para-1) {
				at = last.at
			} else if opens && last.c.lastPara == c.para-2 && f.questionPara(c.para-1) {
				at = last.at // an interview's answer after the next question
			}
		}
		if !at.found && at.ent < 0 && lead {
			// "Imelda Cruz is not optimistic. “Nothing has changed …”":
			// an uncued quote that opens its sentence is the words of
			// the person the sentence before introduces
			if r := f.colonCue(ss); r.found {
				at = r // "In a statement, Kessler said:" closing the paragraph before
			} else if e := f.introduced(ss); e >= 0 {
				at.ent, at.pos = e, c.s
			}
		}
		// A partial quote inside a sentence without a cue verb ("Apple
		// views privacy as "a fundamental human right"", "Benioff
		// introduced Cook as "someone who …"") is the words of the
		// sentence's subject.
		if !at.found && at.ent < 0 && !lead && !term && c.close != c.closeEnd {
			// "… is “growing at an alarming rate” and affects every
			// community, Noem said": a cue that closes the sentence
			b := min(f.sentenceEnd(c.closeEnd, lp.e), c.closeEnd+maxAfter)
			for b < len(t) && !utf8.RuneStart(t[b]) {
				b++
			}
			if ci+1 < len(f.cands) && f.cands[ci+1].open < b {
				b = f.cands[ci+1].open
			}
			if b > c.closeEnd {
				if r := f.after(c.closeEnd, b); r.found && r.ent >= 0 && r.pos > c.closeEnd && strings.Contains(t[c.closeEnd:r.pos], ",") {
					at = r
				}
			}
		}
		if !at.found && at.ent < 0 && !lead {
			// "directives from Xi to “show absolutely no mercy”"
			if e, pos := f.sourcedBy(ss, c.open); e >= 0 {
				at.ent, at.pos = e, pos
			}
		}
		if !at.found && at.ent < 0 && !lead && len(prev) > 0 {
			// "called it “a disgrace” and “an insult”": a second quote
			// of the sentence is the first one's
			if last := prev[len(prev)-1]; last.c.closeEnd > ss && last.c.closeEnd <= c.open && last.at.ent >= 0 {
				at.ent, at.pos = last.at.ent, last.at.pos
			}
		}
		if !at.found && at.ent < 0 && !lead && len(prev) > 0 && f.bareSubject(ss, c.open) {
			// "According to Hayden, her agent “was vanishing” from the
			// trade. She “stopped answering letters”": a quote right after
			// its sentence's subject says something of that person; it is
			// the words of the paragraph's last speaker
			if last := prev[len(prev)-1]; last.at.ent >= 0 && last.c.lastPara == c.para {
				at.ent, at.pos = last.at.ent, last.at.pos
			}
		}
		viewed := false
		if !at.found && at.ent < 0 && !lead {
			if e, pos := f.sentenceSubject(ss, c.open, -1); e >= 0 {
				at.ent, at.pos = e, pos
				// "Ward sees the lineup as its “Achilles heel.”": the
				// subject's view, however short
				viewed = f.viewAs(pos, c.open)
			} else if ws, we := f.nextWord(ss, c.open); ws >= 0 && has(personPronouns, f.text[ws:we]) && f.mentionAt(ws) < 0 { // "He Jianxiong" is a name
				// "She apologizes to her family: “I pushed you away.”":
				// a pronoun opening the sentence is its subject
				at.ent, at.pos = f.resolve(ws, pronounKind(f.text[ws:we])), ws
			}
		}
		if !at.found && at.ent < 0 && !lead && len(prev) > 0 {
			// "“…,” says analyst Ken Doctor. That’s produced a strategy of
			// “continuous cost-cutting.”": a partial quote right after a
			// speaker's quote, in the same paragraph with no other name
			// between, is the same speaker's
			if last := prev[len(prev)-1]; last.at.ent >= 0 && last.c.lastPara == c.para && c.open-last.c.closeEnd <= maxContinuation &&
				!f.otherMentionIn(last.c.closeEnd, c.open, last.at.ent) {
				at.ent, at.pos = last.at.ent, last.at.pos
			}
		}
		// Short quotes need a cue, or must be an utterance of their own;
		// short capitalised phrases are names.
		// "… was clear: “Leave now.”": a colon introduces an utterance
		colon := strings.HasSuffix(strings.TrimRight(t[ss:c.open], " "), ":")
		if n <= maxShort && !own && !viewed && !((lead || colon) && term) {
			continue
		}
		if n <= maxShort && !term && titleCase(content) && (!lead || !own) {
			continue
		}
		if !own && !term && titleCase(content) && (n <= maxName || strings.Contains(content, ": ")) {
			continue // a name, or a long title with its subtitle ("Financial Freedom: A Proven Path …")
		}
		// "an episode of “DWTS.”", "eliminated from “Dancing with the
		// Stars.”": a title-case name after a preposition, whatever the
		// cue elsewhere in the sentence
		if n <= maxName && titleCase(content) && !lead {
			if pw, _ := f.prevWord(c.open, ss); has(titlePrepositions, pw) {
				continue
			}
		}
		if !own && np && n <= maxName && !term {
			continue
		}
		if at.ent >= 0 {
			pos := at.pos
			if !own {
				pos = c.s
			}
			f.events = append(f.events, event{pos: pos, ent: at.ent})
		}
		prev = append(prev, kept{c: c, at: at})
		q := article.Quote{Text: content, Verb: at.verb, Start: c.s, End: c.e}
		if at.ent >= 0 {
			name := f.ents[at.ent].Name
			q.Speaker = &name
		}
		out = append(out, q)
	}
	return out
}

// colonCue returns the attribution of the sentence right before ss when
// it holds a cue and ends with a colon ("In a statement, Kessler said:",
// "the company said in a statement:"), in ss's paragraph or closing the
// paragraph before.
func (f *finder) colonCue(ss int) attribution {
	k := f.sx.at(ss - 1)
	if k < 0 {
		return attribution{ent: -1}
	}
	s := f.sx.sents[k]
	if s.End > ss || f.paraOf(ss)-f.paraOf(s.Start) > 1 {
		return attribution{ent: -1}
	}
	a, b := s.Start, s.End
	tail := strings.TrimRight(f.text[a:b], " \n")
	if !strings.HasSuffix(tail, ":") {
		return attribution{ent: -1}
	}
	at := f.before(a, a+len(tail)-1)
	if !at.found || at.ent < 0 {
		return attribution{ent: -1}
	}
	return at
}

// introduced returns the person that the sentence right before ss (in
// its paragraph, or the last of the paragraph before) introduces: its
// subject ("Rolf Hagen shrugged …", "He says …"), else the one person it
// names ("The plan was defended by Councillor Ada Whitby."). The
// sentence must hold no quote. It returns -1 when there is none.
func (f *finder) introduced(ss int) int {
	k := f.sx.at(ss - 1)
	if k < 0 {
		return -1
	}
	s := f.sx.sents[k]
	if pk := f.paraOf(s.Start); pk > 0 && pk == f.paraOf(ss)-1 && f.questionPara(pk) && f.paras[pk].s == s.Start {
		// an interview's question: the answer is the words of the one
		// the sentence before the question introduces
		ss = s.Start
		if k = f.sx.at(ss - 1); k < 0 {
			return -1
		}
		s = f.sx.sents[k]
	}
	if s.End > ss || f.paraOf(ss)-f.paraOf(s.Start) > 1 {
		return -1
	}
	a, b := s.Start, s.End
	if i := sort.Search(len(f.cands), func(i int) bool { return f.cands[i].closeEnd > a }); i < len(f.cands) && f.cands[i].open < b {
		return -1 // a quote's own sentence
	}
	if r := lastRune(strings.TrimRight(f.text[a:b], " \n")); !terminal(string(r)) && r != ':' {
		return -1 // a heading, not a sentence
	}
	if e := f.subject(a, b, false); e >= 0 && f.ents[e].Type == article.Person {
		return e
	}
	found := -1
	for i := f.mentionFrom(a); i < len(f.mentions) && f.mentions[i].s < b; i++ {
		m := f.mentions[i]
		if rest := f.text[m.e:]; strings.HasPrefix(rest, "’s") || strings.HasPrefix(rest, "'s") {
			continue // "Swift's rep told Fox News …": the rep speaks
		}
		if e := m.ent; f.ents[e].Type == article.Person {
			if found >= 0 && found != e {
				return -1
			}
			found = e
		}
	}
	return found
}

// bareSubject reports whether [a, open) holds only a subject: a person
// pronoun or one mention ("She “…”", "Valerie Smith “…”").
func (f *finder) bareSubject(a, open int) bool {
	ws, we := f.nextWord(a, open)
	if ws < 0 {
		return false
	}
	if k := f.mentionAt(ws); k >= 0 {
		we = f.mentions[k].e
	} else if !has(personPronouns, f.text[ws:we]) {
		return false
	}
	return onlySpace(f.text[we:open])
}

// calledSpeech reports whether "called" ending at ce attributes quote c
// as a verdict ("called the budget “a fraud”", "called it “shameful”")
// rather than naming something: an object stands between the verb and
// the quote, with no quotation mark and not only an article ("sets
// called the “Master Builder Series”"), and the quote is not in title
// case.
// relativeObject reports whether the verb at [pos, ce), right before quote c,
// has its object in "which" or "what" before its subject ("the lawsuit,
// which it called “without merit.”", "what she called “a disgrace”"),
// within four words and no punctuation, and c is not in title case.
func (f *finder) relativeObject(pos, ce, ss int, c cand) bool {
	if titleCase(f.text[c.s:c.e]) || !onlySpace(f.text[ce:c.open]) {
		return false
	}
	for range 4 {
		w, ws := f.prevWord(pos, ss)
		if ws < 0 || strings.ContainsAny(f.text[ws+len(w):pos], ",;:") {
			return false
		}
		if w == "which" || w == "what" {
			return true
		}
		pos = ws
	}
	return false
}

// viewAs reports whether a view verb ("sees", "regards") follows a and
// "as" follows it, with at most two words between "as" and open, and
// the quote at open is not in title case.
func (f *finder) viewAs(a, open int) bool {
	verb := false
	for ws, we := f.nextWord(a, open); ws >= 0; ws, we = f.nextWord(we, open) {
		w := f.text[ws:we]
		if has(viewVerbs, w) {
			verb = true
		} else if verb && strings.EqualFold(w, "as") {
			n := 0
			for s, e := f.nextWord(we, open); s >= 0; s, e = f.nextWord(e, open) {
				n++
			}
			return n <= 2
		}
	}
	return false
}

func (f *finder) calledSpeech(ce int, c cand) bool {
	if titleCase(f.text[c.s:c.e]) {
		return false
	}
	prev := ' '
	for _, r := range f.text[ce:c.open] {
		if isDouble(r) || isSingle(r) && !isWordRune(prev) { // "Buckley’s" is no mark
			return false
		}
		prev = r
	}
	for ws, we := f.nextWord(ce, c.open); ws >= 0; ws, we = f.nextWord(we, c.open) {
		if w := f.text[ws:we]; !strings.EqualFold(w, "the") && !strings.EqualFold(w, "a") && !strings.EqualFold(w, "an") {
			return true
		}
	}
	return false
}

// sourcedBy finds the source named right before a quote by a speech noun
// and "from" or "by": "directives from Xi to “…”", "a warning from the
// WHO that “…”". It returns the entity and the mention's position, or -1.
func (f *finder) sourcedBy(a, open int) (int, int) {
	w, ws := f.prevWord(open, a)
	if strings.EqualFold(w, "to") || strings.EqualFold(w, "that") || strings.EqualFold(w, "of") {
		open = ws
	}
	k := sort.Search(len(f.mentions), func(k int) bool { return f.mentions[k].e >= open-1 })
	for ; k < len(f.mentions) && f.mentions[k].s < open; k++ {
		m := f.mentions[k]
		if m.s < a || m.e > open || strings.TrimSpace(f.text[m.e:open]) != "" {
			continue
		}
		p, ps := f.prevWord(m.s, a)
		if strings.EqualFold(p, "the") {
			p, ps = f.prevWord(ps, a)
		}
		if !strings.EqualFold(p, "from") && !strings.EqualFold(p, "by") {
			continue
		}
		if n, _ := f.prevWord(ps, a); has(speechNouns, n) {
			return m.ent, m.s
		}
	}
	return -1, -1
}

// answerMarker reports whether s is the "A:" that opens an answer in an
// interview.
func answerMarker(s string) bool {
	s = strings.TrimSpace(s)
	return s == "A:" || s == "A." || s == "A -" || s == "A —"
}

// questionPara reports whether paragraph k is an interviewer's question:
// at most 300 bytes ending with "?", with no quotation in it.
func (f *finder) questionPara(k int) bool {
	if k < 0 || k >= len(f.paras) {
		return false
	}
	p := f.paras[k]
	s := strings.TrimSpace(f.text[p.s:p.e])
	if len(s) > 300 || !strings.HasSuffix(s, "?") {
		return false
	}
	i := sort.Search(len(f.cands), func(i int) bool { return f.cands[i].closeEnd > p.s })
	return i >= len(f.cands) || f.cands[i].open >= p.e
}

// listMarker reports whether s (the text before a quote that opens a
// paragraph) is a list number or bullet: "6. ", "2) ", "• ".
func listMarker(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if s == "•" || s == "-" || s == "–" || s == "—" || s == "*" {
		return true
	}
	d := 0
	for d < len(s) && s[d] >= '0' && s[d] <= '9' {
		d++
	}
	return d > 0 && d <= 3 && d == len(s)-1 && (s[d] == '.' || s[d] == ')')
}

func onlyPunct(s string) bool {
	for _, r := range s {
		if isWordRune(r) {
			return false
		}
	}
	return true
}

package story

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"

	"github.com/copydesk/copydesk/internal/article"
)

// Defaults and limits.
const (
	// DefaultWindow is how far apart in time two articles of one story may
	// be when Options.Window is zero.
	DefaultWindow = 72 * time.Hour
	// DefaultThreshold is the score a candidate needs for an article to join
	// its story when Options.Threshold is zero. It was chosen on the tuning
	// half of testdata/articles.jsonl (see TestStoryEvaluation), as the
	// middle of the range 0.30–0.34 where that half reaches its best
	// pairwise F1 (1.0): below it, a head of government's trip abroad and
	// her domestic speech the next day merge; above it, a rate decision and
	// its next-day follow-up split. On the held-out half it gives precision
	// 0.68, recall 1.00, F1 0.81: a president's summit trip merges with his
	// televised address on another subject the day after.
	DefaultThreshold = 0.32
	// MaxEntities is how many entities Extract keeps, the most mentioned.
	MaxEntities = 8
	// MaxKeywords is how many key phrases Extract keeps, the best scored.
	MaxKeywords = 10
)

// Features is the compact summary of an article the grouping uses; the
// store keeps it per article (the JSON tags give it a compact encoding).
type Features struct {
	ID string `json:"id"`
	// Time is when the article was published, else first seen. The zero
	// time means unknown: such an article is compared without time decay.
	Time time.Time `json:"t"`
	// Entities are "type:canonical name" strings, the article's most
	// salient entities (at most MaxEntities, by mention count), most
	// salient first.
	Entities []string `json:"e"`
	// Keywords are the article's key phrases (at most MaxKeywords), best
	// first, lower-cased and stemmed word by word, words joined by a space.
	Keywords []string `json:"k"`
	// StoryID is the story the article belongs to; "" when it has none yet.
	StoryID string `json:"s,omitempty"`
}

// Options tune Score and Assign. Zero values mean the defaults.
type Options struct {
	// Window is the largest time between two articles of one story;
	// zero or less means DefaultWindow.
	Window time.Duration
	// Threshold is the smallest score with which an article joins a
	// candidate's story; zero or less means DefaultThreshold.
	Threshold float64
}

func (o Options) withDefaults() Options {
	if o.Window <= 0 {
		o.Window = DefaultWindow
	}
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	return o
}

// Extract builds Features from a finished record, whose offsets are code
// points (only the number of mentions is used, so the offset unit does not
// matter). t is the article's time: published, else first seen. A nil
// record gives Features with only Time set.
func Extract(r *article.Record, t time.Time) Features {
	f := Features{Time: t}
	if r == nil {
		return f
	}
	f.ID = r.ID
	if r.StoryID != nil {
		f.StoryID = *r.StoryID
	}
	f.Entities = salientEntities(r.Entities, MaxEntities)
	f.Keywords = stemmedKeywords(r.Keywords, MaxKeywords)
	return f
}

// salientEntities returns the n most mentioned entities as "type:name",
// ties broken by the first mention, then by name.
func salientEntities(ents []article.Entity, n int) []string {
	if len(ents) > maxLinearEntities {
		return salientEntitiesMap(ents, n)
	}
	// Few entities: find repeats by comparing the keys in place, which
	// spares building a key and a map entry per entity.
	type ranked struct {
		typ, name string
		count     int
		first     int
	}
	var buf [maxLinearEntities]ranked
	rs := buf[:0]
	for _, e := range ents {
		if strings.TrimSpace(e.Name) == "" {
			continue
		}
		first := math.MaxInt
		for _, m := range e.Mentions {
			first = min(first, m.Start)
		}
		seen := false
		for i := range rs {
			if sameKey(rs[i].typ, rs[i].name, e.Type, e.Name) {
				rs[i].count += len(e.Mentions)
				rs[i].first = min(rs[i].first, first)
				seen = true
				break
			}
		}
		if !seen {
			rs = append(rs, ranked{typ: e.Type, name: e.Name, count: len(e.Mentions), first: first})
		}
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		if c := cmp.Compare(b.count, a.count); c != 0 {
			return c
		}
		if c := cmp.Compare(a.first, b.first); c != 0 {
			return c
		}
		return compareKeys(a.typ, a.name, b.typ, b.name)
	})
	rs = rs[:min(n, len(rs))]
	// The keys, built in one string.
	size := 0
	for _, r := range rs {
		size += len(r.typ) + 1 + len(r.name)
	}
	var b strings.Builder
	b.Grow(size)
	for _, r := range rs {
		b.WriteString(r.typ)
		b.WriteByte(':')
		b.WriteString(r.name)
	}
	all := b.String()
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		k := len(r.typ) + 1 + len(r.name)
		out = append(out, all[:k])
		all = all[k:]
	}
	return out
}

// maxLinearEntities is the most entities salientEntities compares pairwise.
const maxLinearEntities = 64

// sameKey reports whether t1+":"+n1 == t2+":"+n2.
func sameKey(t1, n1, t2, n2 string) bool {
	switch {
	case len(t1)+len(n1) != len(t2)+len(n2):
		return false
	case len(t1) == len(t2):
		return t1 == t2 && n1 == n2
	}
	return t1+":"+n1 == t2+":"+n2
}

// compareKeys is strings.Compare(t1+":"+n1, t2+":"+n2).
func compareKeys(t1, n1, t2, n2 string) int {
	if t1 == t2 {
		return strings.Compare(n1, n2)
	}
	return strings.Compare(t1+":"+n1, t2+":"+n2)
}

// salientEntitiesMap is salientEntities for many entities.
func salientEntitiesMap(ents []article.Entity, n int) []string {
	type ranked struct {
		key   string
		count int
		first int
	}
	rs := make([]ranked, 0, len(ents))
	at := make(map[string]int, len(ents))
	for _, e := range ents {
		if strings.TrimSpace(e.Name) == "" {
			continue
		}
		key := e.Type + ":" + e.Name
		first := math.MaxInt
		for _, m := range e.Mentions {
			first = min(first, m.Start)
		}
		if i, ok := at[key]; ok {
			rs[i].count += len(e.Mentions)
			rs[i].first = min(rs[i].first, first)
			continue
		}
		at[key] = len(rs)
		rs = append(rs, ranked{key: key, count: len(e.Mentions), first: first})
	}
	slices.SortStableFunc(rs, func(a, b ranked) int {
		if c := cmp.Compare(b.count, a.count); c != 0 {
			return c
		}
		if c := cmp.Compare(a.first, b.first); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	out := make([]string, 0, min(n, len(rs)))
	for _, r := range rs[:min(n, len(rs))] {
		out = append(out, r.key)
	}
	return out
}

// stemmedKeywords returns the n best key phrases, normalised by
// NormalizePhrase, without repeats.
func stemmedKeywords(kws []article.Keyword, n int) []string {
	sorted := slices.Clone(kws)
	slices.SortStableFunc(sorted, func(a, b article.Keyword) int { return cmp.Compare(b.Score, a.Score) })
	out := make([]string, 0, min(n, len(sorted)))
	for _, k := range sorted {
		if len(out) == n {
			break
		}
		p := NormalizePhrase(k.Text)
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// NormalizePhrase lower-cases a key phrase, cuts it into words (letters and
// digits; a possessive "'s" is dropped) and stems each word with the
// English Snowball stemmer. Words are joined by one space.
func NormalizePhrase(s string) string {
	var b strings.Builder
	b.Grow(len(s)) // stems are seldom longer than their words
	for w := range strings.FieldsFuncSeq(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	}) {
		w = strings.ToLower(w)
		for _, poss := range []string{"'s", "’s"} {
			w = strings.TrimSuffix(w, poss)
		}
		w = strings.Trim(w, "'’")
		if w == "" || !utf8.ValidString(w) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(stem(w))
	}
	return b.String()
}

// Stems are remembered, up to a bound, so that a long-running process runs
// the stemmer once per word: the same key words recur across articles.
const maxCachedStems = 50_000

var (
	stemMu    sync.RWMutex
	stemCache = map[string]string{}
)

// stem returns english.Stem(w, false).
func stem(w string) string {
	stemMu.RLock()
	s, ok := stemCache[w]
	stemMu.RUnlock()
	if ok {
		return s
	}
	s = english.Stem(w, false)
	stemMu.Lock()
	if len(stemCache) < maxCachedStems {
		stemCache[strings.Clone(w)] = strings.Clone(s)
	}
	stemMu.Unlock()
	return s
}

// params are the scoring weights; a struct so that evaluation code can
// vary them. The defaults were set on the tuning half of the evaluation set
// (see DefaultThreshold).
type params struct {
	// entityShare is the part of the score that comes from entities; the
	// rest comes from keywords.
	entityShare float64
	// maxDecay is how much of the score is lost at the edge of the window;
	// decay is linear in between.
	maxDecay float64
	// rankDecay lowers the weight of less salient entities: the entity at
	// rank r (0 first) weighs 1/(1+rankDecay·r) of the first one.
	rankDecay float64
	// Entity weights by type: who and which organisation identify an event
	// far better than where.
	person, organization, location float64
	// ubiquitous is for countries, continents and world regions, named in
	// a large share of all articles: an IDF-like down-weighting.
	ubiquitous float64
	// agency is for news agencies, credited in unrelated wire copy.
	agency float64
	// minEntityMass and minKeywordMass floor the denominator of the overlap
	// coefficient, so that an article with one or two entities (or a few
	// key words) does not match everything that shares them.
	minEntityMass, minKeywordMass float64
}

var defaults = params{
	entityShare:    0.6,
	maxDecay:       0.25,
	rankDecay:      0.1,
	person:         1.0,
	organization:   0.6,
	location:       0.5,
	ubiquitous:     0.1,
	agency:         0.05,
	minEntityMass:  2,
	minKeywordMass: 5,
}

// Score is the similarity of two articles, in [0, 1]. It blends (6 to 4)
// the weighted overlap of their entities and the overlap of the words of
// their stemmed key phrases, and multiplies by a time decay.
//
//   - Entities are matched by name, ignoring case and type. Each weighs by
//     type (person 1, organisation 0.6, place 0.5), by ubiquity (countries,
//     continents and world regions 0.1, news agencies 0.05: an IDF-like
//     down-weighting of entities found in a large share of all news) and by
//     salience rank (the r-th weighs 1/(1+0.1·r)).
//   - The overlap of two weighted sets is Σ min(wa, wb) over shared items
//     divided by the mass of the lighter set, floored (at 2 for entities,
//     5 words for keywords) so that a short article does not fully match
//     everything that shares its one entity.
//   - The decay falls linearly from 1 (same time, or a time unknown) to
//     0.75 at the edge of o.Window; articles further apart score 0.
//
// Score is symmetric.
func Score(a, b Features, o Options) float64 {
	return defaults.score(a, b, o.withDefaults().Window)
}

func (p params) score(a, b Features, window time.Duration) float64 {
	decay := p.timeDecay(a.Time, b.Time, window)
	if decay == 0 {
		return 0
	}
	var pa, pb prepared
	p.prepare(&pa, a)
	p.prepare(&pb, b)
	return p.similarity(&pa, &pb) * decay
}

// prepared holds the weighted sets of one article's features.
type prepared struct {
	ents  []weighted // entities by lower-cased name
	words []weighted // words of the key phrases
}

// prepare fills pr from f, reusing pr's memory.
func (p params) prepare(pr *prepared, f Features) {
	pr.ents = p.entityWeights(pr.ents[:0], f.Entities)
	pr.words = keywordWords(pr.words[:0], f.Keywords)
}

// similarity is Score without the time decay.
func (p params) similarity(a, b *prepared) float64 {
	e := overlap(a.ents, b.ents, p.minEntityMass)
	k := overlap(a.words, b.words, p.minKeywordMass)
	return p.entityShare*e + (1-p.entityShare)*k
}

// timeDecay is the time factor of Score: 1 when the times are equal or
// one is unknown, 0 outside the window.
func (p params) timeDecay(a, b time.Time, window time.Duration) float64 {
	if a.IsZero() || b.IsZero() {
		return 1
	}
	// in seconds as floats: Sub saturates for times 292 years apart, and
	// the negation of its most negative result is still negative
	d := math.Abs(a.Sub(b).Seconds())
	if d > window.Seconds() {
		return 0
	}
	return 1 - p.maxDecay*d/window.Seconds()
}

// weighted is one item of a weighted set.
type weighted struct {
	key string
	w   float64
}

// overlap is the weighted overlap coefficient of two weighted sets, each
// sorted by key without repeats, with the denominator floored at minMass.
func overlap(a, b []weighted, minMass float64) float64 {
	var sumA, sumB, shared float64
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || (i < len(a) && a[i].key < b[j].key):
			sumA += a[i].w
			i++
		case i == len(a) || b[j].key < a[i].key:
			sumB += b[j].w
			j++
		default:
			sumA += a[i].w
			sumB += b[j].w
			shared += min(a[i].w, b[j].w)
			i++
			j++
		}
	}
	if shared <= 0 {
		return 0
	}
	return min(1, shared/max(min(sumA, sumB), minMass))
}

// entityWeights appends to out each entity weighed by type, ubiquity and
// rank, and returns it sorted by key; a repeated entity keeps its heaviest
// weight. The key is the lower-cased name without the type: the entity
// stage sometimes types one name differently in two articles ("Flamengo" as
// a place, then as an organisation) or keeps a dateline's capitals
// ("ROTTERDAM").
func (p params) entityWeights(out []weighted, ents []string) []weighted {
	for r, e := range ents {
		typ, lower := splitEntity(e)
		if lower == "" {
			continue
		}
		out = append(out, weighted{key: lower, w: p.typeWeight(typ, lower) / (1 + p.rankDecay*float64(r))})
	}
	return sortUnique(out)
}

// splitEntity cuts "type:Name" into the type and the lower-cased name; a
// string without a type is all name.
func splitEntity(e string) (typ, lower string) {
	typ, name, ok := strings.Cut(e, ":")
	if !ok {
		typ, name = "", e
	}
	return typ, strings.ToLower(strings.TrimSpace(name))
}

// sortUnique sorts by key and keeps the heaviest of repeated keys.
func sortUnique(ws []weighted) []weighted {
	slices.SortStableFunc(ws, func(x, y weighted) int {
		if c := strings.Compare(x.key, y.key); c != 0 {
			return c
		}
		return cmp.Compare(y.w, x.w)
	})
	return slices.CompactFunc(ws, func(x, y weighted) bool { return x.key == y.key })
}

// EntityWeight is the weight of one "type:canonical name" entity in Score,
// before the salience rank: people weigh most, then organisations, then
// places; countries, continents and world regions weigh little, and news
// agencies less.
func EntityWeight(entity string) float64 {
	typ, lower := splitEntity(entity)
	return defaults.typeWeight(typ, lower)
}

func (p params) typeWeight(typ, lower string) float64 {
	switch typ {
	case article.Person:
		return p.person
	case article.Organization:
		if agencies[lower] {
			return p.agency
		}
		return p.organization
	default:
		if isUbiquitousPlace(lower) {
			return p.ubiquitous
		}
		return p.location
	}
}

// keywordWords appends to out the words of the key phrases, each weighing
// 1, and returns it sorted without repeats.
func keywordWords(out []weighted, kws []string) []weighted {
	for _, k := range kws {
		for w := range strings.FieldsSeq(k) {
			out = append(out, weighted{key: w, w: 1})
		}
	}
	return sortUnique(out)
}

// Assign returns the story id for a given its candidates: recent articles
// that share at least one entity with it. The best-scoring candidate within
// o.Window decides: when its score is at least o.Threshold, a joins its
// story (the candidate's StoryID, or the candidate's ID when it has none,
// so the earliest article's id names the story); otherwise a starts its own
// story, a.ID. Ties go to the earlier Time, then to the smaller ID, so the
// result does not depend on the order of candidates. Candidates with a's
// own ID or no ID are skipped.
//
// An article that already has a StoryID keeps it (re-processing an article
// must not move it, nor strand the articles that joined its story); the
// score is still reported. score is the best candidate's score, 0 when
// there is none.
func Assign(a Features, candidates []Features, o Options) (storyID string, score float64) {
	return defaults.assign(a, candidates, o.withDefaults())
}

func (p params) assign(a Features, candidates []Features, o Options) (storyID string, score float64) {
	best := -1
	var pa, pc prepared
	p.prepare(&pa, a)
	for i := range candidates {
		c := &candidates[i]
		decay := p.timeDecay(a.Time, c.Time, o.Window)
		if c.ID == "" || c.ID == a.ID || decay == 0 {
			continue
		}
		p.prepare(&pc, *c)
		s := p.similarity(&pa, &pc) * decay
		if best < 0 || s > score || (s == score && before(c, &candidates[best])) {
			best, score = i, s
		}
	}
	switch {
	case a.StoryID != "":
		return a.StoryID, score
	case best >= 0 && score >= o.Threshold:
		if c := candidates[best]; c.StoryID != "" {
			return c.StoryID, score
		}
		return candidates[best].ID, score
	default:
		return a.ID, score
	}
}

// before orders tied candidates: earlier time first, then smaller id.
func before(x, y *Features) bool {
	if !x.Time.Equal(y.Time) {
		return x.Time.Before(y.Time)
	}
	return x.ID < y.ID
}

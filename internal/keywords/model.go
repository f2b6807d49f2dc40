package keywords

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/kljensen/snowball/english"
)

//go:embed background.tsv.gz
var backgroundGz []byte

// model is the parsed background model.
type model struct {
	docs   float64
	df     map[string]int32
	stemOf map[string]string // "" when the stem is the word itself
	maxIDF float64
	// vocab answers, with one lookup, everything Extract needs about a
	// known lower-case word: the words of the model and the stopwords.
	vocab map[string]entry
	// hot holds the entries of the stopwords and title words of up to
	// eight bytes, the most frequent lookups, in a table small enough to
	// stay in cache. short holds those of the other words of up to eight
	// bytes: both find a word by its packed form, without hashing a
	// string, and keep the entry in the slot, so that a lookup reads one
	// or two cache lines, which matters when other work has evicted them.
	hot, short entryTable
	// long holds the entries of the longer words.
	long map[string]entry
}

// entryTable maps words of one to eight bytes, packed into a uint64, to
// their entries, by open addressing.
type entryTable struct {
	slots []entrySlot
	shift uint
}

type entrySlot struct {
	key uint64 // 0 marks an empty slot; packed words are never 0
	e   entry
}

// newEntryTable maps keys[i] to es[i].
func newEntryTable(keys []uint64, es []entry) entryTable {
	size, shift := 1, uint(64)
	for 3*size < 4*len(keys) || size < 2 {
		size <<= 1
		shift--
	}
	t := entryTable{slots: make([]entrySlot, size), shift: shift}
	mask := uint64(size - 1)
	for i, k := range keys {
		h := (k * 0x9E3779B97F4A7C15) >> t.shift
		for t.slots[h].key != 0 {
			h = (h + 1) & mask
		}
		t.slots[h] = entrySlot{key: k, e: es[i]}
	}
	return t
}

// find returns the entry of k, or nil.
func (t *entryTable) find(k uint64) *entry {
	if len(t.slots) == 0 {
		return nil
	}
	mask := uint64(len(t.slots) - 1)
	for h := (k * 0x9E3779B97F4A7C15) >> t.shift; ; h = (h + 1) & mask {
		switch s := &t.slots[h]; s.key {
		case k:
			return &s.e
		case 0:
			return nil
		}
	}
}

// packWord packs a word of one to eight bytes, none of them 0, into a
// uint64.
func packWord(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 8 {
		return 0, false
	}
	var k uint64
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == 0 {
			return 0, false
		}
		k = k<<8 | uint64(b[i])
	}
	return k, true
}

// entry describes one lower-case word.
type entry struct {
	stem  string
	idf   float64
	sh    uint64 // stemHash(stem)
	stop  uint8  // notStop, softStop or hardStop
	title bool   // one of titleWords
}

var (
	loadOnce sync.Once
	bg       *model
)

// background returns the embedded model, parsing it on first use. A
// damaged model (which tests rule out) degrades to an empty one: every
// word is then equally rare.
func background() *model {
	loadOnce.Do(func() {
		m, err := parseModel(backgroundGz)
		if err != nil {
			m = &model{docs: 1, df: map[string]int32{}, stemOf: map[string]string{}}
			m.maxIDF = m.idfOf(0)
		}
		m.buildVocab()
		bg = m
	})
	return bg
}

func parseModel(gz []byte) (*model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("open keyword model: %w", err)
	}
	m := &model{df: make(map[string]int32, 9000), stemOf: make(map[string]string, 12000)}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		switch {
		case f[0] == "docs" && len(f) == 2:
			n, err := strconv.Atoi(f[1])
			if err != nil {
				return nil, fmt.Errorf("keyword model document count: %w", err)
			}
			m.docs = float64(n)
		case f[0] == "s" && len(f) == 3:
			n, err := strconv.Atoi(f[2])
			if err != nil {
				return nil, fmt.Errorf("keyword model frequency of %q: %w", f[1], err)
			}
			m.df[f[1]] = int32(n)
		case f[0] == "w" && len(f) == 2:
			m.stemOf[f[1]] = ""
		case f[0] == "w" && len(f) == 3:
			m.stemOf[f[1]] = f[2]
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read keyword model: %w", err)
	}
	if m.docs < 1 {
		m.docs = 1
	}
	m.maxIDF = m.idfOf(0)
	return m, nil
}

// buildVocab fills vocab from stemOf and the stopword lists.
func (m *model) buildVocab() {
	m.vocab = make(map[string]entry, len(m.stemOf)+len(stopwords))
	for w := range m.stemOf {
		s := m.stem(w)
		m.vocab[w] = entry{stem: s, idf: m.idf(s), stop: stopwords[w]}
	}
	for w, kind := range stopwords {
		if _, ok := m.vocab[w]; !ok {
			s := english.Stem(w, false)
			m.vocab[w] = entry{stem: s, idf: m.idf(s), stop: kind}
		}
	}
	// Title words outside the model get the entry lookupBytes would
	// give them, plus their flag, which spares tokenize a second lookup.
	for w := range titleWords {
		e, ok := m.vocab[w]
		if !ok {
			s := english.Stem(w, false)
			e = entry{stem: s, idf: m.idf(s)}
		}
		e.title = true
		m.vocab[w] = e
	}
	for w, e := range m.vocab {
		e.sh = stemHash(e.stem)
		m.vocab[w] = e
	}
	var keys []uint64
	var es []entry
	add := func(w string) {
		if k, ok := packWord([]byte(w)); ok {
			keys = append(keys, k)
			es = append(es, m.vocab[w])
		}
	}
	for w := range stopwords {
		add(w)
	}
	for w := range titleWords {
		if _, stop := stopwords[w]; !stop {
			add(w)
		}
	}
	m.hot = newEntryTable(keys, es)
	m.long = make(map[string]entry)
	keys, es = keys[:0], es[:0]
	for w, e := range m.vocab {
		k, ok := packWord([]byte(w))
		switch {
		case !ok:
			m.long[w] = e
		case m.hot.find(k) == nil:
			keys, es = append(keys, k), append(es, e)
		}
	}
	m.short = newEntryTable(keys, es)
}

// lookupBytes describes the lower-case word w.
func (m *model) lookupBytes(w []byte) entry {
	if k, ok := packWord(w); ok {
		if e := m.hot.find(k); e != nil {
			return *e
		}
		if e := m.short.find(k); e != nil {
			return *e
		}
	} else if e, ok := m.long[string(w)]; ok {
		return e
	}
	cacheMu.RLock()
	e, ok := cache[string(w)]
	cacheMu.RUnlock()
	if ok {
		return e
	}
	s := english.Stem(string(w), false)
	e = entry{stem: s, idf: m.idf(s), sh: stemHash(s)}
	cacheMu.Lock()
	if len(cache) < maxCachedStems {
		cache[string(w)] = e
	}
	cacheMu.Unlock()
	return e
}

// stemHash is 64-bit FNV-1a of a stem: phrases are found by the hash of
// their stems (and then compared), which spares building their keys.
func stemHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// idfOf is the smoothed inverse document frequency of a stem found in df
// documents.
func (m *model) idfOf(df int32) float64 {
	return math.Log((m.docs+1)/(float64(df)+1)) + 1
}

func (m *model) idf(stem string) float64 {
	df, ok := m.df[stem]
	if !ok {
		return m.maxIDF
	}
	return m.idfOf(df)
}

// Words outside the model are described once and cached, up to a bound, so
// that a long-running worker stems each new word once.
const maxCachedStems = 100_000

var (
	cacheMu sync.RWMutex
	cache   = map[string]entry{}
)

// stem returns the Snowball English stem of a lower-case word of the model
// or, for other words, runs the stemmer.
func (m *model) stem(w string) string {
	if s, ok := m.stemOf[w]; ok {
		if s == "" {
			return w
		}
		return s
	}
	return english.Stem(w, false)
}

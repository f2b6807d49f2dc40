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
}

// entry describes one lower-case word.
type entry struct {
	stem string
	idf  float64
	stop uint8 // notStop, softStop or hardStop
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
}

// lookupBytes describes the lower-case word w.
func (m *model) lookupBytes(w []byte) entry {
	if e, ok := m.vocab[string(w)]; ok {
		return e
	}
	cacheMu.RLock()
	e, ok := cache[string(w)]
	cacheMu.RUnlock()
	if ok {
		return e
	}
	s := english.Stem(string(w), false)
	e = entry{stem: s, idf: m.idf(s)}
	cacheMu.Lock()
	if len(cache) < maxCachedStems {
		cache[string(w)] = e
	}
	cacheMu.Unlock()
	return e
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

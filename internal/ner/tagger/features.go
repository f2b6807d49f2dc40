package tagger

import (
	"math/bits"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/runeclass"
)

// Gazetteer flags describe dictionary matches of a token. The gazetteer
// package computes them; the tagger turns each set bit into a feature.
const (
	GazFirstName uint32 = 1 << iota // a common given name
	GazPlaceB                       // starts a place-name match
	GazPlaceI                       // continues a place-name match
	GazCountry                      // inside a country-name match
	GazBigCity                      // inside a capital or city of 1M+ match
	GazCity                         // inside any other city match
	GazAdmin1                       // inside a first-level region match
	GazDemonym                      // inside a nationality adjective ("North Korean")
	GazOrgCue                       // organisation head word (Ministry, Council, Party…)
	GazTitle                        // title or role word (President, Minister, spokesman…)
	GazHonorific                    // Mr, Mrs, Dr…
	GazCommon                       // its lower-case form is a common English word
	GazCalendar                     // month or weekday name
	GazOrgSuffix                    // company suffix (Inc, Ltd, Corp…)
	GazPlaceCue                     // place head word (River, Island, Street…)
	gazBits      = iota
)

// orthographic flags
const (
	orInitCap uint32 = 1 << iota
	orAllCaps
	orAllLower
	orMixedCase
	orHasDigit
	orAllDigit
	orHasHyphen
	orHasPeriod
	orHasApos
	orPunct
	orSingle
	orFirst
	orHandle
	orHashtag
	orURL
	orBits = iota
)

// feature templates; the numbers are part of the feature keys, so a
// retired template keeps its place
const (
	tBias uint64 = iota + 1
	tWord
	tShape
	tPre
	tSuf
	tPrevWord
	tNextWord
	tPrev2Word
	tNext2Word
	tPrevShape
	tNextShape
	tPrevCur
	tCurNext
	tShape3
	tOrtho
	tGaz
	tPrevGaz
	tNextGaz
	tFirstCap
	tPrevOrtho // retired
	tNextOrtho // retired
	tWordCase  // retired
	tPrev2Gaz
	tNext2Gaz
	tSufCap // retired
)

// tokInfo holds the per-token hashes that features are built from.
type tokInfo struct {
	lower, shape uint64
	pre          [3]uint64
	suf          [4]uint64
	ortho, gaz   uint32
}

func shapeClass(r rune) rune {
	if r < utf8.RuneSelf {
		switch {
		case 'A' <= r && r <= 'Z':
			return 'X'
		case 'a' <= r && r <= 'z':
			return 'x'
		case '0' <= r && r <= '9':
			return 'd'
		}
		return r
	}
	switch {
	case runeclass.GeneralPunct(r):
	case unicode.IsUpper(r):
		return 'X'
	case unicode.IsLetter(r):
		return 'x'
	case unicode.IsDigit(r):
		return 'd'
	}
	return foldRune(r)
}

// analyse fills ti for word w.
func analyse(w string, first bool, gaz uint32, ti *tokInfo) {
	analyseWord(w, first, gaz, ti, true)
}

// asciiFold and asciiClass are foldRune and shapeClass for ASCII.
var asciiFold, asciiClass = func() (f, c [utf8.RuneSelf]byte) {
	for r := range rune(utf8.RuneSelf) {
		f[r] = byte(foldRune(r))
		c[r] = byte(shapeClass(r))
	}
	return f, c
}()

func analyseWord(w string, first bool, gaz uint32, ti *tokInfo, full bool) {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			analyseRunes(w, first, gaz, ti, full)
			return
		}
	}
	// ASCII: one byte per rune, same hashes as analyseRunes
	*ti = tokInfo{gaz: gaz}
	h := uint64(fnvOffset)
	sh := uint64(fnvOffset)
	var lastClass byte
	var nUpper, nLower, nDigit, nLetters int
	var or uint32
	for i := 0; i < len(w); i++ {
		r := w[i]
		h = (h ^ uint64(asciiFold[r])) * fnvPrime
		if i < 3 {
			ti.pre[i] = h
		}
		c := asciiClass[r]
		if c != lastClass {
			sh = (sh ^ uint64(c)) * fnvPrime
			lastClass = c
		}
		switch c {
		case 'X':
			nUpper++
			nLetters++
		case 'x':
			nLower++
			nLetters++
		case 'd':
			nDigit++
		case '-':
			or |= orHasHyphen
		case '.':
			or |= orHasPeriod
		case '\'':
			or |= orHasApos
		}
	}
	for k := len(w); k < 3; k++ {
		ti.pre[k] = h
	}
	ti.lower = h
	ti.shape = sh
	if full {
		s := uint64(fnvOffset)
		for k := 0; k < 4; k++ {
			if k < len(w) {
				s = (s ^ uint64(asciiFold[w[len(w)-1-k]])) * fnvPrime
			}
			ti.suf[k] = s
		}
	}
	ti.ortho = orthoOf(w, nLetters, nLower, nUpper, nDigit, len(w), or, first)
}

// analyseRunes is analyseWord for any UTF-8 word.
func analyseRunes(w string, first bool, gaz uint32, ti *tokInfo, full bool) {
	*ti = tokInfo{gaz: gaz}
	h := uint64(fnvOffset)
	sh := uint64(fnvOffset)
	var lastClass rune
	var nUpper, nLower, nDigit, nLetters, nRunes int
	var or uint32
	for _, r := range w {
		f := foldRune(r)
		h = hashRune(h, f)
		if nRunes < 3 {
			ti.pre[nRunes] = h
		}
		nRunes++
		c := shapeClass(r)
		if c != lastClass {
			sh = hashRune(sh, c)
			lastClass = c
		}
		switch c {
		case 'X':
			nUpper++
			nLetters++
		case 'x':
			nLower++
			nLetters++
		case 'd':
			nDigit++
		case '-':
			or |= orHasHyphen
		case '.':
			or |= orHasPeriod
		case '\'':
			or |= orHasApos
		}
	}
	for k := nRunes; k < 3; k++ {
		ti.pre[k] = h
	}
	ti.lower = h
	ti.shape = sh
	if !full {
		ti.ortho = orthoOf(w, nLetters, nLower, nUpper, nDigit, nRunes, or, first)
		return
	}
	// suffixes, hashed from the end
	s := uint64(fnvOffset)
	rest := w
	for k := 0; k < 4; k++ {
		if rest != "" {
			r, sz := utf8.DecodeLastRuneInString(rest)
			rest = rest[:len(rest)-sz]
			s = hashRune(s, foldRune(r))
		}
		ti.suf[k] = s
	}
	ti.ortho = orthoOf(w, nLetters, nLower, nUpper, nDigit, nRunes, or, first)
}

// analyseContext fills what features read from a neighbouring word: the
// word, its shape, orthographic and gazetteer flags (no affixes).
func analyseContext(w string, first bool, gaz uint32, ti *tokInfo) {
	analyseWord(w, first, gaz, ti, false)
}

func orthoOf(w string, nLetters, nLower, nUpper, nDigit, nRunes int, or uint32, first bool) uint32 {
	first0, _ := utf8.DecodeRuneInString(w)
	switch {
	case nLetters > 0 && nLower == 0 && nUpper > 1:
		or |= orAllCaps
	case shapeClass(first0) == 'X':
		or |= orInitCap
		if nUpper > 1 {
			or |= orMixedCase
		}
	case nLetters > 0 && nUpper == 0:
		or |= orAllLower
	case nUpper > 0:
		or |= orMixedCase
	}
	if nLetters == 1 && nUpper == 1 && nRunes == 1 {
		or |= orInitCap
	}
	if nDigit > 0 {
		or |= orHasDigit
		if nDigit == nRunes {
			or |= orAllDigit
		}
	}
	if nLetters == 0 && nDigit == 0 {
		or |= orPunct
	}
	if nRunes == 1 {
		or |= orSingle
	}
	if first {
		or |= orFirst
	}
	switch first0 {
	case '@':
		or |= orHandle
	case '#':
		or |= orHashtag
	}
	if len(w) > 4 && (w[:4] == "http" || w[:4] == "www.") {
		or |= orURL
	}
	return or
}

func fkey(t, v uint64) uint64 {
	k := mix(t*0x9e3779b97f4a7c15 ^ v)
	if k == 0 {
		k = 1
	}
	return k
}

// constant feature keys, computed once: the bias, each orthographic flag
// and each gazetteer flag of the token and its neighbours
var (
	biasKey  = fkey(tBias, 0)
	orthoKey = func() (k [orBits]uint64) {
		for b := range k {
			k[b] = fkey(tOrtho, uint64(b))
		}
		return k
	}()
	gazKeys = func() (k [5][gazBits]uint64) {
		for i, t := range [5]uint64{tGaz, tPrevGaz, tNextGaz, tPrev2Gaz, tNext2Gaz} {
			for b := range k[i] {
				k[i][b] = fkey(t, uint64(b))
			}
		}
		return k
	}()
)

// gazKey is fkey(t, b) for template t, the i-th gazetteer template.
func gazKey(i int, t uint64, b uint32) uint64 {
	if b < gazBits {
		return gazKeys[i][b]
	}
	return fkey(t, uint64(b))
}

var (
	bosInfo = tokInfo{lower: 0xb05, shape: 0xb05}
	eosInfo = tokInfo{lower: 0xe05, shape: 0xe05}
)

// features appends the feature keys of token i of sentence ts to dst.
func features(ts []tokInfo, i int, dst []uint64) []uint64 {
	t := &ts[i]
	p, n, p2, n2 := &bosInfo, &eosInfo, &bosInfo, &eosInfo
	if i > 0 {
		p = &ts[i-1]
	}
	if i > 1 {
		p2 = &ts[i-2]
	}
	if i+1 < len(ts) {
		n = &ts[i+1]
	}
	if i+2 < len(ts) {
		n2 = &ts[i+2]
	}
	dst = append(dst,
		biasKey,
		fkey(tWord, t.lower),
		fkey(tShape, t.shape),
		fkey(tPre+200, t.pre[2]),
		fkey(tSuf+100, t.suf[1]), fkey(tSuf+200, t.suf[2]), fkey(tSuf+300, t.suf[3]),
		fkey(tPrevWord, p.lower),
		fkey(tNextWord, n.lower),
		fkey(tPrev2Word, p2.lower),
		fkey(tNext2Word, n2.lower),
		fkey(tPrevShape, p.shape),
		fkey(tNextShape, n.shape),
		fkey(tPrevCur, Combine(p.lower, t.lower)),
		fkey(tCurNext, Combine(t.lower, n.lower)),
		fkey(tShape3, Combine(Combine(p.shape, t.shape), n.shape)),
		fkey(tFirstCap, uint64(t.ortho&(orFirst|orInitCap|orAllCaps))|uint64(t.gaz&(GazCommon|GazFirstName))<<32),
	)
	for b := uint32(0); b < orBits; b++ {
		if t.ortho&(1<<b) != 0 {
			dst = append(dst, orthoKey[b])
		}
	}
	for g := t.gaz | p.gaz | n.gaz | p2.gaz | n2.gaz; g != 0; {
		b := uint32(bits.TrailingZeros32(g))
		g &^= 1 << b
		m := uint32(1) << b
		if t.gaz&m != 0 {
			dst = append(dst, gazKey(0, tGaz, b))
		}
		if p.gaz&m != 0 {
			dst = append(dst, gazKey(1, tPrevGaz, b))
		}
		if n.gaz&m != 0 {
			dst = append(dst, gazKey(2, tNextGaz, b))
		}
		if p2.gaz&m != 0 {
			dst = append(dst, gazKey(3, tPrev2Gaz, b))
		}
		if n2.gaz&m != 0 {
			dst = append(dst, gazKey(4, tNext2Gaz, b))
		}
	}
	return dst
}

// emission sets row to the summed weights of the features of token i of
// sentence ts: the same as looking up every key of features(ts, i), with
// the keys that do not depend on the text resolved in advance.
func (m *Model) emission(ts []tokInfo, i int, row *[NumTags]int32) {
	*row = [NumTags]int32{}
	add := func(w *[NumTags]int16) {
		if w != nil {
			addRow(row, w)
		}
	}
	t := &ts[i]
	p, n, p2, n2 := &bosInfo, &eosInfo, &bosInfo, &eosInfo
	if i > 0 {
		p = &ts[i-1]
	}
	if i > 1 {
		p2 = &ts[i-2]
	}
	if i+1 < len(ts) {
		n = &ts[i+1]
	}
	if i+2 < len(ts) {
		n2 = &ts[i+2]
	}
	add(m.biasRow)
	add(m.lookup(fkey(tWord, t.lower)))
	add(m.lookup(fkey(tShape, t.shape)))
	add(m.lookup(fkey(tPre+200, t.pre[2])))
	add(m.lookup(fkey(tSuf+100, t.suf[1])))
	add(m.lookup(fkey(tSuf+200, t.suf[2])))
	add(m.lookup(fkey(tSuf+300, t.suf[3])))
	add(m.lookup(fkey(tPrevWord, p.lower)))
	add(m.lookup(fkey(tNextWord, n.lower)))
	add(m.lookup(fkey(tPrev2Word, p2.lower)))
	add(m.lookup(fkey(tNext2Word, n2.lower)))
	add(m.lookup(fkey(tPrevShape, p.shape)))
	add(m.lookup(fkey(tNextShape, n.shape)))
	add(m.lookup(fkey(tPrevCur, Combine(p.lower, t.lower))))
	add(m.lookup(fkey(tCurNext, Combine(t.lower, n.lower))))
	add(m.lookup(fkey(tShape3, Combine(Combine(p.shape, t.shape), n.shape))))
	add(m.lookup(fkey(tFirstCap, uint64(t.ortho&(orFirst|orInitCap|orAllCaps))|uint64(t.gaz&(GazCommon|GazFirstName))<<32)))
	for o := t.ortho & (1<<orBits - 1); o != 0; o &= o - 1 {
		add(m.orthoRow[bits.TrailingZeros32(o)])
	}
	for g := t.gaz | p.gaz | n.gaz | p2.gaz | n2.gaz; g != 0; g &= g - 1 {
		b := uint32(bits.TrailingZeros32(g))
		mb := uint32(1) << b
		if b >= gazBits {
			// not a flag the gazetteer sets: hash as features does
			for x, tg := range [5]*tokInfo{t, p, n, p2, n2} {
				if tg.gaz&mb != 0 {
					add(m.lookup(fkey([5]uint64{tGaz, tPrevGaz, tNextGaz, tPrev2Gaz, tNext2Gaz}[x], uint64(b))))
				}
			}
			continue
		}
		if t.gaz&mb != 0 {
			add(m.gazRow[0][b])
		}
		if p.gaz&mb != 0 {
			add(m.gazRow[1][b])
		}
		if n.gaz&mb != 0 {
			add(m.gazRow[2][b])
		}
		if p2.gaz&mb != 0 {
			add(m.gazRow[3][b])
		}
		if n2.gaz&mb != 0 {
			add(m.gazRow[4][b])
		}
	}
}

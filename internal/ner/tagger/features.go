package tagger

import (
	"unicode"
	"unicode/utf8"
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

func analyseWord(w string, first bool, gaz uint32, ti *tokInfo, full bool) {
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
		fkey(tBias, 0),
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
			dst = append(dst, fkey(tOrtho, uint64(b)))
		}
	}
	for g := t.gaz | p.gaz | n.gaz | p2.gaz | n2.gaz; g != 0; {
		b := uint32(0)
		for g&(1<<b) == 0 {
			b++
		}
		g &^= 1 << b
		m := uint32(1) << b
		if t.gaz&m != 0 {
			dst = append(dst, fkey(tGaz, uint64(b)))
		}
		if p.gaz&m != 0 {
			dst = append(dst, fkey(tPrevGaz, uint64(b)))
		}
		if n.gaz&m != 0 {
			dst = append(dst, fkey(tNextGaz, uint64(b)))
		}
		if p2.gaz&m != 0 {
			dst = append(dst, fkey(tPrev2Gaz, uint64(b)))
		}
		if n2.gaz&m != 0 {
			dst = append(dst, fkey(tNext2Gaz, uint64(b)))
		}
	}
	return dst
}

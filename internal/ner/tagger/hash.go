package tagger

import (
	"unicode"
	"unicode/utf8"
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// mix is the splitmix64 finaliser; it spreads combined hashes over 64 bits.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Combine hashes an ordered pair of hashes into one.
func Combine(a, b uint64) uint64 { return mix(a*0x9e3779b97f4a7c15 ^ b) }

// foldRune lower-cases r and maps typographic variants to ASCII so that
// "Putin’s" and "Putin's" hash alike.
func foldRune(r rune) rune {
	switch r {
	case '’', '‘', '`', '´':
		return '\''
	case '“', '”', '„', '«', '»':
		return '"'
	case '–', '—', '‐', '‑':
		return '-'
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 32
		}
		return r
	}
	return unicode.ToLower(r)
}

func hashRune(h uint64, r rune) uint64 {
	if r < utf8.RuneSelf {
		h ^= uint64(r)
		return h * fnvPrime
	}
	var b [4]byte
	n := utf8.EncodeRune(b[:], r)
	for _, c := range b[:n] {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// LowerHash is the case-folded hash of s (letters lower-cased, curly
// quotes and dashes mapped to ASCII). Gazetteer keys use it.
func LowerHash(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			// the rest, rune by rune
			for _, r := range s[i:] {
				h = hashRune(h, foldRune(r))
			}
			return h
		}
		h = (h ^ uint64(asciiFold[c])) * fnvPrime
	}
	return h
}

// SeqHash extends the key of a word sequence with the next word: the key
// of one word is its LowerHash, the key of w1 w2 is
// SeqHash(LowerHash(w1), LowerHash(w2)), and so on.
func SeqHash(prev, tok uint64) uint64 { return Combine(prev, tok) }

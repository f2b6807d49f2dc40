package fingerprint

import (
	"crypto/sha256"
	"encoding/hex"
	"math/bits"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"golang.org/x/text/unicode/norm"
)

// Normalize returns the comparison form of text: NFKC, lower case, with
// apostrophes dropped ("Putin’s" → "putins"), every other punctuation mark
// or symbol turned into a word break, and whitespace collapsed to single
// spaces with no leading or trailing space. Letters, digits and combining
// marks are kept.
func Normalize(text string) string {
	if !norm.NFKC.IsNormalString(text) {
		text = norm.NFKC.String(text)
	}
	b := make([]byte, 0, len(text))
	space := false // a word break is pending
	word := func() {
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				// Copy a run of lower-case letters and digits at once.
				j := i + 1
				for j < len(text) && ('a' <= text[j] && text[j] <= 'z' || '0' <= text[j] && text[j] <= '9') {
					j++
				}
				word()
				b = append(b, text[i:j]...)
				i = j
				continue
			case 'A' <= c && c <= 'Z':
				word()
				b = append(b, c+'a'-'A')
			case c == '\'':
			default:
				space = true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		switch {
		case r == '’' || r == 'ʼ':
			// Apostrophes join: "Putin’s" → "putins".
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word()
			b = utf8.AppendRune(b, unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			// Combining marks belong to the preceding letter.
			if len(b) > 0 && !space {
				b = utf8.AppendRune(b, r)
			}
		default:
			space = true
		}
	}
	return string(b)
}

// ContentHash returns the lowercase hex SHA-256 of Normalize(text).
func ContentHash(text string) string {
	return contentHashOf(Normalize(text))
}

// Sums returns ContentHash(text) and SimHash(text), normalising text once
// instead of twice.
func Sums(text string) (contentHash string, simHash uint64) {
	s := Normalize(text)
	return contentHashOf(s), simHashOf(s)
}

func contentHashOf(normalized string) string {
	sum := sha256.Sum256([]byte(normalized))
	return hex.EncodeToString(sum[:])
}

// shingleSize is the number of words in one SimHash feature.
const shingleSize = 3

// SimHash returns the 64-bit SimHash of text: every run of three consecutive
// words of Normalize(text) is hashed with xxhash and the bit-wise majority
// of those hashes is the fingerprint. Texts of fewer than three words use
// their whole normalised form as the only feature. The empty text hashes
// to 0.
func SimHash(text string) uint64 {
	return simHashOf(Normalize(text))
}

// simHashOf computes SimHash over an already normalised text.
func simHashOf(s string) uint64 {
	if s == "" {
		return 0
	}
	// Word start offsets of s, which has exactly one space between words.
	starts := make([]int, 0, len(s)/5+1)
	starts = append(starts, 0)
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			starts = append(starts, i+1)
		}
	}
	if len(starts) < shingleSize {
		return xxhash.Sum64String(s)
	}
	// Per-bit counts, accumulated eight lanes at a time: spread turns a
	// hash byte into one count byte per bit, and acc[k] sums those for
	// byte k until a lane could overflow.
	var v [64]int32
	var acc [8]uint64
	pending := 0
	flush := func() {
		for k := range acc {
			for i := range 8 {
				v[k*8+i] += int32(acc[k] >> (8 * i) & 0xff)
			}
			acc[k] = 0
		}
		pending = 0
	}
	for i := 0; i+shingleSize <= len(starts); i++ {
		end := len(s)
		if i+shingleSize < len(starts) {
			end = starts[i+shingleSize] - 1
		}
		h := xxhash.Sum64String(s[starts[i]:end])
		for k := range acc {
			acc[k] += spread[byte(h>>(8*k))]
		}
		if pending++; pending == 255 {
			flush()
		}
	}
	flush()
	n := int32(len(starts) - shingleSize + 1)
	var out uint64
	for j := range v {
		// Bit j is set in v[j] of the n shingles.
		if 2*v[j] > n {
			out |= 1 << uint(j)
		}
	}
	return out
}

// spread[b] has byte i set to bit i of b.
var spread = func() (t [256]uint64) {
	for b := range t {
		for i := range 8 {
			if b>>i&1 == 1 {
				t[b] |= 1 << (8 * i)
			}
		}
	}
	return t
}()

// Hex formats h as 16 lowercase hex digits.
func Hex(h uint64) string {
	const digits = "0123456789abcdef"
	var buf [16]byte
	for i := 15; i >= 0; i-- {
		buf[i] = digits[h&0xf]
		h >>= 4
	}
	return string(buf[:])
}

// Hamming returns the number of bits in which a and b differ.
func Hamming(a, b uint64) int {
	return bits.OnesCount64(a ^ b)
}

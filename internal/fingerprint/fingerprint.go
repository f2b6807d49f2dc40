package fingerprint

import (
	"crypto/sha256"
	"encoding/hex"
	"math/bits"
	"strings"
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
	var b strings.Builder
	b.Grow(len(text))
	space := false // a word break is pending
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case c == '\'':
				continue
			default:
				space = true
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte(c)
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		switch {
		case r == '’' || r == 'ʼ':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			// Combining marks belong to the preceding letter.
			if b.Len() == 0 || space {
				continue
			}
			b.WriteRune(r)
			continue
		default:
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// ContentHash returns the lowercase hex SHA-256 of Normalize(text).
func ContentHash(text string) string {
	sum := sha256.Sum256([]byte(Normalize(text)))
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
	s := Normalize(text)
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
	var v [64]int32
	for i := 0; i+shingleSize <= len(starts); i++ {
		end := len(s)
		if i+shingleSize < len(starts) {
			end = starts[i+shingleSize] - 1
		}
		h := xxhash.Sum64String(s[starts[i]:end])
		for h != 0 {
			// Only the set bits are visited; clear bits are counted below.
			j := bits.TrailingZeros64(h)
			v[j]++
			h &= h - 1
		}
	}
	n := int32(len(starts) - shingleSize + 1)
	var out uint64
	for j := range v {
		// Bit j is set by v[j] shingles and clear in n-v[j].
		if 2*v[j] > n {
			out |= 1 << uint(j)
		}
	}
	return out
}

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

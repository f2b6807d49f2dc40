package fingerprint

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math/bits"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/copydesk/copydesk/internal/runeclass"
)

// Normalize returns the comparison form of text: NFKC, lower case, with
// apostrophes dropped ("Putin’s" → "putins"), every other punctuation mark
// or symbol turned into a word break, and whitespace collapsed to single
// spaces with no leading or trailing space. Letters, digits and combining
// marks are kept.
func Normalize(text string) string {
	bp := getBuf(len(text))
	defer putBuf(bp)
	*bp = appendNormalized((*bp)[:0], text)
	return string(*bp)
}

// bufPool holds normalisation buffers, so that Sums allocates nothing
// proportional to the text beyond NFKC's own work.
var bufPool = sync.Pool{New: func() any { return new([]byte) }}

// maxPooled bounds the buffers kept in the pool.
const maxPooled = 1 << 20

func getBuf(n int) *[]byte {
	bp := bufPool.Get().(*[]byte)
	if cap(*bp) < n {
		*bp = make([]byte, 0, n)
	}
	return bp
}

func putBuf(bp *[]byte) {
	if cap(*bp) > maxPooled {
		return
	}
	*bp = (*bp)[:0]
	bufPool.Put(bp)
}

// appendNormalized appends Normalize(text) to b. The parts of text that
// QuickSpan finds already in NFKC are folded as they are. NFKC of text is
// the part before such a boundary followed by NFKC of the rest, so only the
// rest needs normalising, into a pooled buffer, unless it starts with an
// ellipsis "…" followed by ASCII or nothing: NFKC turns it into "...",
// which nothing around it composes with, and both fold to a word break,
// so the scan goes on after it.
func appendNormalized(b []byte, text string) []byte {
	base := len(b)
	space := false
	for {
		n := norm.NFKC.QuickSpanString(text)
		b, space = appendFolded(b, base, space, text[:n])
		if n == len(text) {
			return b
		}
		text = text[n:]
		if strings.HasPrefix(text, ellipsis) && (len(text) == len(ellipsis) || text[len(ellipsis)] < utf8.RuneSelf) {
			space = true
			text = text[len(ellipsis):]
			continue
		}
		nb := getBuf(len(text) + len(text)/4)
		*nb = norm.NFKC.AppendString((*nb)[:0], text)
		b, _ = appendFolded(b, base, space, *nb)
		putBuf(nb)
		return b
	}
}

const ellipsis = "…"

// appendFolded appends the comparison form of text, which is in NFKC, to b,
// whose output began at b[base]. space says whether a word break is
// pending from the text before; appendFolded returns it for the text after.
func appendFolded[T string | []byte](b []byte, base int, space bool, text T) ([]byte, bool) {
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
				if space && len(b) > base {
					b = append(b, ' ')
				}
				space = false
				b = append(b, text[i:j]...)
				i = j
				continue
			case 'A' <= c && c <= 'Z':
				if space && len(b) > base {
					b = append(b, ' ')
				}
				space = false
				b = append(b, c+'a'-'A')
			case c == '\'':
			default:
				space = true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(string(text[i:min(i+utf8.UTFMax, len(text))]))
		i += n
		switch {
		case r == '’' || r == 'ʼ':
			// Apostrophes join: "Putin’s" → "putins".
		case runeclass.GeneralPunct(r):
			// General Punctuation (quotes, dashes, spaces) holds no
			// letter, digit or mark: a word break, without the tables.
			space = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && len(b) > base {
				b = append(b, ' ')
			}
			space = false
			b = utf8.AppendRune(b, unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			// Combining marks belong to the preceding letter.
			if len(b) > base && !space {
				b = utf8.AppendRune(b, r)
			}
		default:
			space = true
		}
	}
	return b, space
}

// ContentHash returns the lowercase hex SHA-256 of Normalize(text).
func ContentHash(text string) string {
	bp := getBuf(len(text))
	defer putBuf(bp)
	*bp = appendNormalized((*bp)[:0], text)
	return contentHashOf(*bp)
}

// Sums returns ContentHash(text) and SimHash(text), normalising text once
// instead of twice.
func Sums(text string) (contentHash string, simHash uint64) {
	bp := getBuf(len(text))
	defer putBuf(bp)
	*bp = appendNormalized((*bp)[:0], text)
	return contentHashOf(*bp), simHashOf(*bp)
}

func contentHashOf(normalized []byte) string {
	sum := sha256.Sum256(normalized)
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
	bp := getBuf(len(text))
	defer putBuf(bp)
	*bp = appendNormalized((*bp)[:0], text)
	return simHashOf(*bp)
}

// simHashOf computes SimHash over an already normalised text, which has
// exactly one space between words. It walks the spaces once, keeping the
// starts of the last three words in a ring, and hashes each shingle in
// place.
func simHashOf(s []byte) uint64 {
	if len(s) == 0 {
		return 0
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
	add := func(h uint64) {
		// written out: constant shifts and indexes
		acc[0] += spread[byte(h)]
		acc[1] += spread[byte(h>>8)]
		acc[2] += spread[byte(h>>16)]
		acc[3] += spread[byte(h>>24)]
		acc[4] += spread[byte(h>>32)]
		acc[5] += spread[byte(h>>40)]
		acc[6] += spread[byte(h>>48)]
		acc[7] += spread[byte(h>>56)]
		if pending++; pending == 255 {
			flush()
		}
	}
	var starts [shingleSize]int // starts[k%3] is the start of word k
	k := 0                      // the word that ends at the next space
	for p := 0; ; {
		j := bytes.IndexByte(s[p:], ' ')
		if j < 0 {
			break
		}
		p += j
		if k >= shingleSize-1 {
			add(xxhash.Sum64(s[starts[(k+1)%shingleSize]:p]))
		}
		k++
		p++
		starts[k%shingleSize] = p
	}
	words := k + 1
	if words < shingleSize {
		return xxhash.Sum64(s)
	}
	add(xxhash.Sum64(s[starts[(k+1)%shingleSize]:]))
	flush()
	n := int32(words - shingleSize + 1)
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

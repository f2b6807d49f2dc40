package lang

import (
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"

	"github.com/copydesk/copydesk/internal/runeclass"
)

// Bounds that keep detection cheap on long texts.
const (
	detectWords   = 1500 // words read for stopword evidence
	censusRunes   = 3000 // letters read to find the script
	trigramSample = 600  // bytes given to whatlanggo
	// minTrigramWords: below this, whatlanggo guesses more than it knows.
	minTrigramWords = 10
	// minStopDensity is the share of a text's words that its language's
	// function words make up at the least (English news: 0.12–0.45);
	// below it the stopword vote is chance ("dan", "di" in Indonesian read
	// as Dutch) and trigrams decide.
	minStopDensity = 0.10
)

// Detect returns the ISO 639-1 code of the language text is written in
// ("en", "es", …), or "" when it cannot tell.
func Detect(text string) string {
	switch census(text) {
	case scriptLatin:
		return detectLatin(text)
	case scriptCyrillic:
		return detectCyrillic(text)
	case scriptArabic:
		return detectArabic(text)
	case scriptGreek:
		return "el"
	case scriptHebrew:
		return "he"
	case scriptKana:
		return "ja"
	case scriptHangul:
		return "ko"
	case scriptHan:
		return "zh"
	case scriptThai:
		return "th"
	case scriptNone:
		return ""
	}
	return trigrams(text, nil)
}

// detectLatin weighs function words, falling back on trigrams when they do
// not decide.
func detectLatin(text string) string {
	var score [numLangs]float64
	var hits [numLangs]float64 // words in each language's list
	n := 0
	it := wordIter{s: text}
	for {
		_, _, lower, _, ok := it.next()
		if !ok {
			break
		}
		n++
		if m := stopTable.getPacked(it.key, lower); m != 0 {
			w := 1 / float64(bits.OnesCount8(m))
			for i := range numLangs {
				if m&(1<<uint(i)) != 0 {
					score[i] += w
					hits[i]++
				}
			}
		}
		if n%100 == 0 {
			// Stop once one language leads by far.
			if best, second := rank(score[:]); score[best] >= 30 && score[best] >= 4*score[second] {
				break
			}
		}
		if n >= detectWords {
			break
		}
	}
	best, second := rank(score[:])
	if score[best] >= 2 && score[best] >= 1.3*score[second] && (hits[best] >= minStopDensity*float64(n) || n < minTrigramWords) {
		return codes[best]
	}
	// Trigrams for the other Latin-script languages, on enough text to be
	// worth asking.
	if n >= minTrigramWords {
		if code := trigrams(text, nil); code != "" {
			return code
		}
	}
	if score[best] > score[second] {
		return codes[best]
	}
	return ""
}

// rank returns the indexes of the highest and second-highest scores; ties
// go to the lower index.
func rank(score []float64) (best, second int) {
	best, second = 0, 1
	if score[1] > score[0] {
		best, second = 1, 0
	}
	for i := 2; i < len(score); i++ {
		switch {
		case score[i] > score[best]:
			best, second = i, best
		case score[i] > score[second]:
			second = i
		}
	}
	return best, second
}

func detectCyrillic(text string) string {
	uk, ru := 0, 0
	for _, r := range sample(text, 4*trigramSample) {
		switch r {
		case 'і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є', 'Ґ':
			uk++
		case 'ы', 'э', 'ъ', 'ё', 'Ы', 'Э', 'Ё':
			ru++
		}
	}
	switch {
	case uk > 0 && ru == 0:
		return "uk"
	case ru > 0 && uk == 0:
		return "ru"
	}
	return trigrams(text, map[whatlanggo.Lang]bool{
		whatlanggo.Rus: true, whatlanggo.Ukr: true, whatlanggo.Bul: true, whatlanggo.Srp: true,
		whatlanggo.Mkd: true, whatlanggo.Bel: true,
	})
}

func detectArabic(text string) string {
	ur, fa, ar := 0, 0, 0
	for _, r := range sample(text, 4*trigramSample) {
		switch r {
		case 'ٹ', 'ڈ', 'ڑ', 'ں', 'ے':
			ur++
		case 'پ', 'چ', 'ژ', 'گ', 'ک', 'ی':
			fa++
		case 'ي', 'ك', 'ة':
			ar++
		}
	}
	switch {
	case ur > 0 && ur*4 >= fa:
		return "ur"
	case fa > ar:
		return "fa"
	}
	return "ar"
}

// trigrams asks whatlanggo about a bounded sample of text.
func trigrams(text string, whitelist map[whatlanggo.Lang]bool) string {
	s := sample(text, trigramSample)
	if s == "" {
		return ""
	}
	info := whatlanggo.DetectWithOptions(s, whatlanggo.Options{Whitelist: whitelist})
	if info.Confidence < 0.2 {
		return ""
	}
	return info.Lang.Iso6391()
}

// sample returns at most n bytes of text, cut at a character boundary.
func sample(text string, n int) string {
	if len(text) <= n {
		return text
	}
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n]
}

type script int

const (
	scriptNone script = iota
	scriptLatin
	scriptCyrillic
	scriptArabic
	scriptGreek
	scriptHebrew
	scriptKana
	scriptHangul
	scriptHan
	scriptThai
	scriptOther
	numScripts
)

// census returns the script most letters of text are written in. Any kana
// makes Han text Japanese.
func census(text string) script {
	var n [numScripts]int
	seen := 0
	for _, r := range text {
		if seen >= censusRunes {
			break
		}
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				n[scriptLatin]++
				seen++
				if seen == 500 && n[scriptLatin] == seen {
					return scriptLatin // plainly Latin: no need to read on
				}
			}
			continue
		}
		if !unicode.IsLetter(r) {
			continue
		}
		seen++
		switch {
		case unicode.Is(unicode.Latin, r):
			n[scriptLatin]++
		case unicode.Is(unicode.Cyrillic, r):
			n[scriptCyrillic]++
		case unicode.Is(unicode.Arabic, r):
			n[scriptArabic]++
		case unicode.Is(unicode.Greek, r):
			n[scriptGreek]++
		case unicode.Is(unicode.Hebrew, r):
			n[scriptHebrew]++
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			n[scriptKana]++
		case unicode.Is(unicode.Hangul, r):
			n[scriptHangul]++
		case unicode.Is(unicode.Han, r):
			n[scriptHan]++
		case unicode.Is(unicode.Thai, r):
			n[scriptThai]++
		default:
			n[scriptOther]++
		}
	}
	if n[scriptKana] > 0 && n[scriptKana]+n[scriptHan] >= n[scriptLatin] {
		return scriptKana
	}
	best := scriptNone
	for s := scriptLatin; s < numScripts; s++ {
		if n[s] > n[best] {
			best = s
		}
	}
	return best
}

// wordIter walks the words of s: runs of letters and combining marks. For
// each it gives the byte span, the lower-case form (empty when longer than
// the internal buffer; valid until the next call) and whether it starts
// with a capital. Callers keep it on their stack.
type wordIter struct {
	s   string
	i   int
	buf [64]byte
	// key is the last word's lower case packed as packWord packs it, when
	// it is one to eight bytes long.
	key uint64
}

// next returns the next word: its span, its lower-case form (empty when
// longer than the buffer; valid until the next call) and whether it starts
// with a capital. ok is false at the end of the text.
func (it *wordIter) next() (start, end int, lower []byte, capital, ok bool) {
	s := it.s
	i := it.i
	for i < len(s) {
		c := s[i]
		var r rune
		if c < utf8.RuneSelf {
			if !asciiLetter(c) {
				i++
				continue
			}
			r = rune(c)
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				i += n
				continue
			}
		}
		start = i
		capital = c < utf8.RuneSelf && c <= 'Z' || c >= utf8.RuneSelf && unicode.IsUpper(r)
		n := 0 // bytes of it.buf holding the lower case
		fits := true
		for i < len(s) {
			if c := s[i]; c < utf8.RuneSelf {
				if !asciiLetter(c) {
					break
				}
				if fits && n < len(it.buf) {
					it.buf[n] = c | 0x20
					n++
				} else {
					fits = false
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) {
				break
			}
			if fits {
				r = unicode.ToLower(r)
				if n+utf8.RuneLen(r) <= len(it.buf) {
					n += utf8.EncodeRune(it.buf[n:], r)
				} else {
					fits = false
				}
			}
			i += size
		}
		// the first eight bytes of the lower case, packed
		key := binary.LittleEndian.Uint64(it.buf[:8])
		if n < 8 {
			key &= 1<<(8*n) - 1
		}
		lb := it.buf[:n]
		if !fits {
			lb = lb[:0]
		}
		it.key = key
		it.i = i
		return start, i, lb, capital, true
	}
	it.i = i
	return 0, 0, nil, false, false
}

func asciiLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return !runeclass.GeneralPunct(r) && (unicode.IsLetter(r) || unicode.Is(unicode.Mn, r))
}

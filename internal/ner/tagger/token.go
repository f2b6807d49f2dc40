package tagger

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/runeclass"
)

// Token is a word or punctuation mark with its byte span in the source text.
type Token struct {
	Text       string
	Start, End int
}

// abbreviations keep their final period when tokenizing ("Mr.", "Gen.").
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true, "sr": true,
	"gen": true, "lt": true, "col": true, "sgt": true, "gov": true, "sen": true, "rep": true,
	"prof": true, "inc": true, "corp": true, "ltd": true, "co": true, "no": true, "vs": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "mt": true, "ft": true,
	"capt": true, "cmdr": true, "adm": true, "maj": true, "pres": true, "rev": true, "hon": true,
	"messrs": true, "mme": true, "mlle": true, "etc": true, "approx": true, "dept": true,
	"univ": true, "assn": true, "bros": true, "ave": true, "blvd": true, "rd": true,
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return isWordRuneSlow(r)
}

// isWordRuneSlow is isWordRune beyond ASCII (kept apart so that
// isWordRune is inlined).
func isWordRuneSlow(r rune) bool {
	return !runeclass.GeneralPunct(r) && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// Tokenize splits text[start:end] into tokens and appends them to dst.
// Words keep inner hyphens, apostrophes, periods of initialisms ("U.S."),
// known abbreviations ("Mr."), and digit groups ("1,000", "3.5"); the
// possessive "'s" and "n't" become tokens of their own; URLs, @handles and
// #hashtags stay whole; every other punctuation mark is a token.
func Tokenize(text string, start, end int, dst []Token) []Token {
	if start < 0 {
		start = 0
	}
	if end > len(text) {
		end = len(text)
	}
	i := start
	for i < end {
		c := text[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			i++
			continue
		}
		r, sz := rune(c), 1
		if c >= utf8.RuneSelf {
			r, sz = utf8.DecodeRuneInString(text[i:end])
		}
		if c >= utf8.RuneSelf && (unicode.IsSpace(r) || r == utf8.RuneError && sz <= 1 || r == '\u200b' || r == '\ufeff') || unicode.IsControl(r) {
			i += sz
			continue
		}
		// URLs.
		if (r == 'h' || r == 'w') && (strings.HasPrefix(text[i:end], "http://") || strings.HasPrefix(text[i:end], "https://") || strings.HasPrefix(text[i:end], "www.")) {
			j := i
			for j < end {
				r2, s2 := utf8.DecodeRuneInString(text[j:end])
				if unicode.IsSpace(r2) {
					break
				}
				j += s2
			}
			dst = append(dst, Token{text[i:j], i, j})
			i = j
			continue
		}
		if isWordRune(r) || ((r == '@' || r == '#') && i+sz < end && nextIsWord(text[i+sz:end])) {
			j := i + sz
			// ASCII word bytes at once
			for j < end && text[j] < utf8.RuneSelf && (asciiWord[text[j]] || text[j] == '_') {
				j++
			}
			for j < end {
				r2, s2 := rune(text[j]), 1
				if r2 >= utf8.RuneSelf {
					r2, s2 = utf8.DecodeRuneInString(text[j:end])
				}
				if isWordRune(r2) || r2 == '_' {
					j += s2
					continue
				}
				// Inner connectors: hyphen, apostrophe, period, comma, ampersand
				// followed by a word rune.
				if (r2 == '-' || r2 == '‐' || r2 == '.' || r2 == ',' || isApostrophe(r2) || r2 == '&' || r2 == '/') && j+s2 < end {
					r3, s3 := utf8.DecodeRuneInString(text[j+s2 : end])
					if !isWordRune(r3) {
						break
					}
					prev, _ := utf8.DecodeLastRuneInString(text[i:j])
					switch {
					case r2 == ',':
						// digit groups only
						if !(unicode.IsDigit(prev) && unicode.IsDigit(r3)) {
							goto done
						}
					case r2 == '.':
						// decimals, or initialisms like U.S. / e.g.
						if !(unicode.IsDigit(prev) && unicode.IsDigit(r3)) && !(singleLetterBefore(text[i:j]) && unicode.IsLetter(r3)) {
							goto done
						}
					case r2 == '&' || r2 == '/':
						// AT&T, 24/7: only between upper-case letters or digits
						if !((unicode.IsUpper(prev) && unicode.IsUpper(r3)) || (unicode.IsDigit(prev) && unicode.IsDigit(r3))) {
							goto done
						}
					case isApostrophe(r2):
						// split possessive 's and n't later
						_ = s3
					}
					j += s2 + s3
					continue
				}
				break
			}
		done:
			// Trailing period of initialisms (U.S.) and abbreviations (Mr.).
			if j < end && text[j] == '.' {
				w := text[i:j]
				if isInitialism(w) || len(w) <= 6 && isAbbreviation(w) || middleInitial(text, i, j, end) {
					j++
				}
			}
			dst = splitClitics(text, i, j, dst)
			i = j
			continue
		}
		// Punctuation: one rune per token, but "..." stays together.
		j := i + sz
		if r == '.' {
			for j < end && text[j] == '.' {
				j++
			}
		}
		dst = append(dst, Token{text[i:j], i, j})
		i = j
	}
	return dst
}

func nextIsWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isWordRune(r)
}

// singleLetterBefore reports whether w ends in ".X" or is a single letter,
// the shape of an initialism in progress ("U", "U.S").
func singleLetterBefore(w string) bool {
	r, sz := utf8.DecodeLastRuneInString(w)
	if !unicode.IsLetter(r) {
		return false
	}
	rest := w[:len(w)-sz]
	return rest == "" || strings.HasSuffix(rest, ".")
}

// isInitialism reports whether w looks like "U.S" or "e.g" (letters
// separated by periods), which takes a final period.
func isInitialism(w string) bool {
	if !strings.Contains(w, ".") {
		return false
	}
	for part := range strings.SplitSeq(w, ".") {
		if utf8.RuneCountInString(part) != 1 {
			return false
		}
	}
	return true
}

// splitClitics appends text[i:j], splitting a final possessive 's / ’s,
// a plural possessive apostrophe (countries') and n't.
func splitClitics(text string, i, j int, dst []Token) []Token {
	w := text[i:j]
	lw := len(w)
	if lw < 3 {
		return append(dst, Token{w, i, j})
	}
	n := 0 // length of the clitic
	switch w[lw-1] {
	case 's', 'S':
		// 's or ’s
		switch {
		case w[lw-2] == '\'':
			n = 2
		case lw > 4 && w[lw-4:lw-1] == "’":
			n = 4
		}
	case 't':
		// n't or n’t
		switch {
		case lw > 3 && w[lw-3:lw-1] == "n'":
			n = 3
		case lw > 5 && w[lw-5:lw-1] == "n’":
			n = 5
		}
	case 'T':
		// N'T or N’T
		switch {
		case lw > 3 && w[lw-3:lw-1] == "N'":
			n = 3
		case lw > 5 && w[lw-5:lw-1] == "N’":
			n = 5
		}
	}
	if n == 0 {
		return append(dst, Token{w, i, j})
	}
	return append(dst, Token{w[:lw-n], i, j - n}, Token{w[lw-n:], j - n, j})
}

// isAbbreviation reports whether w, of at most six bytes, lower-cased as
// lowerASCII does, is one of the abbreviations. An ASCII word is
// lower-cased on the stack.
func isAbbreviation(w string) bool {
	var buf [6]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return abbreviations[lowerASCII(w)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return abbreviations[string(buf[:len(w)])]
}

// middleInitial reports whether text[i:j] is one capital letter whose
// period is followed by a space and a capitalised word ("Dianna E. Anderson").
func middleInitial(text string, i, j, end int) bool {
	if j-i != 1 || text[i] < 'A' || text[i] > 'Z' || j+2 >= end || text[j+1] != ' ' {
		return false
	}
	c := text[j+2]
	return c >= 'A' && c <= 'Z'
}

// lowerASCII lower-cases a word that has an ASCII capital letter (all of
// it, as strings.ToLower does) and returns any other word as it is.
func lowerASCII(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; 'A' <= c && c <= 'Z' {
			return strings.ToLower(w)
		}
	}
	return w
}

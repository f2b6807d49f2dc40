package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	openDQ  = "“"
	closeDQ = "”"
)

// repair appends paragraph p to dst with its typography repaired:
//
//   - Curly double quotes are paired by position when a paragraph holds an
//     even number of them, so a mark in a closing position is written as ”
//     whatever its shape (`future “Putin wrote` → `future” Putin wrote`),
//     and one in an opening position as “.
//   - A closing quote glued to the next word gets a space (`”declared` →
//     `” declared`); an opening quote glued to the previous word too.
//   - Spaces inside quotes and brackets and before , . ; : ! ? ) ] go.
//   - A sentence glued to the one before gets its space (`on
//     Wednesday.The staff` → `on Wednesday. The staff`).
//   - Runs of spaces collapse to one.
func repair(dst []byte, p string) []byte {
	nq := strings.Count(p, openDQ) + strings.Count(p, closeDQ)
	paired := nq > 0 && nq%2 == 0
	k := 0 // index of the next curly double quote
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == ' ':
			i++
			if dropSpaceBefore(p[i:]) || endsWithOpener(dst) {
				continue
			}
			dst = appendSpace(dst)
			continue
		case c == 0xE2 && (strings.HasPrefix(p[i:], openDQ) || strings.HasPrefix(p[i:], closeDQ)):
			isOpen := strings.HasPrefix(p[i:], openDQ)
			if paired {
				isOpen = k%2 == 0
			}
			k++
			i += len(openDQ)
			if isOpen {
				if r, _ := utf8.DecodeLastRune(dst); unicode.IsLetter(r) || unicode.IsDigit(r) || r == ',' || r == ':' || r == ';' {
					dst = append(dst, ' ')
				}
				dst = append(dst, openDQ...)
				if paired {
					// “ We → “We
					for i < len(p) && p[i] == ' ' {
						i++
					}
				}
				continue
			}
			if paired {
				// We ” said → We” said
				dst = trimRightSpace(dst)
			}
			dst = append(dst, closeDQ...)
			if r, _ := utf8.DecodeRuneInString(p[i:]); unicode.IsLetter(r) || unicode.IsDigit(r) {
				dst = append(dst, ' ')
			}
			continue
		}
		// Copy up to the next space that needs a decision or possible
		// curly quote at once. A single space between a byte that is not
		// an opener and one that is neither a closer nor the start of a
		// quote is kept as it is, so it is copied with the run.
		j := i + 1
		for j < len(p) && p[j] != 0xE2 {
			if !spaceOrPeriod[p[j]] {
				j++
				continue
			}
			if p[j] == '.' {
				if gluedSentence(p, j) {
					dst = append(dst, p[i:j+1]...)
					dst = append(dst, ' ')
					i = j + 1
				}
				j++
				continue
			}
			if j+1 < len(p) && plainAfterSpace[p[j+1]] && !openerOrSpace[p[j-1]] {
				j += 2
				continue
			}
			break
		}
		dst = append(dst, p[i:j]...)
		i = j
	}
	return dst
}

// spaceOrPeriod marks the bytes the copy loop of repair stops at.
var spaceOrPeriod = [256]bool{' ': true, '.': true}

// gluedSentence reports whether the period at p[i] ends a sentence glued
// to the next one: two lower-case letters before it, and after it a
// capitalised word of lower-case letters that a space or punctuation
// ends ("Wednesday.The staff"), not a domain ("example.Com/x"), an
// abbreviation ("U.S.", "St.Louis") or a name like "ASP.NET".
func gluedSentence(p string, i int) bool {
	if i < 2 || i+3 > len(p) || !isLowerASCII(p[i-1]) || !isLowerASCII(p[i-2]) || p[i+1] < 'A' || p[i+1] > 'Z' {
		return false
	}
	j := i + 2
	for j < len(p) && isLowerASCII(p[j]) {
		j++
	}
	if j == i+2 || j < len(p) && p[j] != ' ' && p[j] != ',' && p[j] != '\n' {
		return false
	}
	// the word before must not be part of a web address
	k := strings.LastIndexByte(p[:i], ' ') + 1
	w := p[k:i]
	return !strings.Contains(w, "/") && !strings.Contains(w, ".") && !strings.Contains(w, "@")
}

func isLowerASCII(c byte) bool { return 'a' <= c && c <= 'z' }

// plainAfterSpace marks the bytes before which dropSpaceBefore never drops
// a space; openerOrSpace marks the bytes after which endsWithOpener does.
var plainAfterSpace, openerOrSpace = func() (after, before [256]bool) {
	for c := range after {
		after[c] = true
	}
	for _, c := range []byte(" ,;)].:!?\xe2") {
		after[c] = false
	}
	for _, c := range []byte("([ ") {
		before[c] = true
	}
	return after, before
}()

// dropSpaceBefore reports whether the space just before rest should go:
// rest starts with a closing punctuation mark that ends there or is
// followed by a space, a quote or another closer ("part ," → "part,").
func dropSpaceBefore(rest string) bool {
	if rest == "" {
		return true
	}
	switch rest[0] {
	case ' ':
		return true
	case ',', ';', ')', ']':
		return true
	case '.', ':', '!', '?':
		if len(rest) == 1 {
			return true
		}
		switch rest[1] {
		case ' ', '"', '\'', ')', ']', ',':
			return true
		case 0xE2:
			return strings.HasPrefix(rest[1:], closeDQ) || strings.HasPrefix(rest[1:], "’")
		}
		if rest[0] == '.' && rest[1] == '.' {
			// " ..." stays: an ellipsis may follow a space.
			return false
		}
	}
	return false
}

// endsWithOpener reports whether dst ends with an opening bracket, after
// which a space is dropped ("( text" → "(text").
func endsWithOpener(dst []byte) bool {
	if len(dst) == 0 {
		return true
	}
	switch dst[len(dst)-1] {
	case '(', '[', ' ':
		return true
	}
	return false
}

func appendSpace(dst []byte) []byte {
	if len(dst) == 0 || dst[len(dst)-1] == ' ' {
		return dst
	}
	return append(dst, ' ')
}

package clean

import "unicode/utf8"

// normalize rewrites raw into lines separated by "\n": CR LF, CR and the
// Unicode line and paragraph separators become "\n"; tabs, NBSP and the
// other Unicode spaces become a space; control characters, invisible format
// characters (zero-width space, BOM, soft hyphen, bidi marks) and invalid
// UTF-8 are dropped. Runs of spaces collapse to one and every line is
// trimmed, so lines never start or end with a space.
func normalize(raw string) string {
	bp := outPool.Get().(*[]byte)
	b := (*bp)[:0]
	if cap(b) < len(raw) {
		b = make([]byte, 0, len(raw))
	}
	defer func() {
		if cap(b) <= maxPooledOut {
			*bp = b[:0]
			outPool.Put(bp)
		}
	}()
	space := false // a space is pending before the next visible character
	lineStart := true
	visible := func(s string) {
		if space && !lineStart {
			b = append(b, ' ')
		}
		space, lineStart = false, false
		b = append(b, s...)
	}
	for i := 0; i < len(raw); {
		c := raw[i]
		if c > ' ' && c < 0x7f {
			// A run of printable ASCII, with single spaces between its
			// words, is copied at once: once the run has started, such a
			// space would be written as it is anyway.
			j := i + 1
			for j < len(raw) {
				if c := raw[j]; c > ' ' && c < 0x7f {
					j++
					continue
				}
				if raw[j] == ' ' && j+1 < len(raw) && raw[j+1] > ' ' && raw[j+1] < 0x7f {
					j += 2
					continue
				}
				break
			}
			visible(raw[i:j])
			i = j
			continue
		}
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '\n' || c == '\v' || c == '\f' || c == '\r':
				if c == '\r' && i < len(raw) && raw[i] == '\n' {
					i++
				}
				b = append(b, '\n')
				space, lineStart = false, true
			case c == ' ' || c == '\t':
				space = true
			}
			// Other control characters and DEL carry nothing.
			continue
		}
		r, n := utf8.DecodeRuneInString(raw[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			// Invalid byte.
		case r == '\u2028' || r == '\u2029' || r == '\u0085':
			b = append(b, '\n')
			space, lineStart = false, true
		case isSpaceRune(r):
			space = true
		case isInvisible(r):
		default:
			visible(raw[i : i+n])
		}
		i += n
	}
	if string(b) == raw {
		return raw // already normalised: no copy
	}
	return string(b)
}

// isSpaceRune reports the Unicode space characters that are shown as a
// plain space.
func isSpaceRune(r rune) bool {
	switch {
	case r == '\u00a0', r == '\u1680', r == '\u202f', r == '\u205f', r == '\u3000':
		return true
	case r >= '\u2000' && r <= '\u200a':
		return true
	}
	return false
}

// isInvisible reports C1 controls and format characters that carry no text:
// soft hyphen, zero-width space, word joiner, BOM and bidi controls.
// ZWJ and ZWNJ are kept: they matter in some scripts and in emoji.
func isInvisible(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == '\u00ad', r == '\u200b', r == '\u2060', r == '\ufeff', r == '\u200e', r == '\u200f', r == '\u061c':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

package feed

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// MaxDepth is the deepest element (or JSON value) nesting Parse accepts.
// Real feeds stay far below it, even with XHTML content.
const MaxDepth = 256

// MaxElements is the most XML elements Parse lets gofeed build (counting
// only the items it keeps, see Parse): gofeed allocates about 200 bytes per
// element, so this bounds the cost of a body packed with markup.
const MaxElements = 200_000

// ErrTooDeep is returned for documents nested deeper than MaxDepth.
var ErrTooDeep = errors.New("feed nesting too deep")

// ErrTooManyElements is returned for documents with more than MaxElements
// elements in the part that would be parsed.
var ErrTooManyElements = errors.New("feed has too many elements")

// xmlDecl matches the XML declaration; group 1 is the encoding value.
var xmlDecl = regexp.MustCompile(`^<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']`)

// toUTF8 returns body as valid UTF-8 XML or JSON that gofeed reads as
// UTF-8: byte-order marks removed (UTF-16 decoded), a declared legacy
// encoding decoded (unless the body is already valid UTF-8, which wins over
// a wrong label), any remaining invalid byte replaced by U+FFFD, characters
// XML forbids removed, and the declaration's encoding rewritten to UTF-8.
func toUTF8(body []byte) []byte {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		body = body[3:]
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		body = decode(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), body[2:])
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		body = decode(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), body[2:])
	case bytes.HasPrefix(body, []byte{0, '<', 0}):
		body = decode(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), body)
	case bytes.HasPrefix(body, []byte{'<', 0, '?', 0}) || bytes.HasPrefix(body, []byte{'<', 0, 'r', 0}) || bytes.HasPrefix(body, []byte{'<', 0, 'f', 0}):
		body = decode(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), body)
	}
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	loc := xmlDecl.FindSubmatchIndex(trimmed)
	if !utf8.Valid(body) {
		var enc encoding.Encoding
		if loc != nil {
			enc, _ = charset.Lookup(string(trimmed[loc[2]:loc[3]]))
		}
		if enc != nil {
			body = decode(enc, body)
		} else {
			body = bytes.ToValidUTF8(body, []byte("\uFFFD"))
		}
		trimmed = bytes.TrimLeft(body, " \t\r\n")
		loc = xmlDecl.FindSubmatchIndex(trimmed)
	}
	if loc != nil && !bytes.EqualFold(trimmed[loc[2]:loc[3]], []byte("utf-8")) {
		var b bytes.Buffer
		b.Grow(len(trimmed) + 5)
		b.Write(trimmed[:loc[2]])
		b.WriteString("UTF-8")
		b.Write(trimmed[loc[3]:])
		body = b.Bytes()
	}
	return dropForbidden(body)
}

func decode(enc encoding.Encoding, b []byte) []byte {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	return bytes.ToValidUTF8(out, []byte("\uFFFD"))
}

// dropForbidden removes the characters XML 1.0 forbids (C0 controls other
// than tab, LF and CR; U+FFFE and U+FFFF), which make encoding/xml reject
// the whole document. b must be valid UTF-8.
func dropForbidden(b []byte) []byte {
	clean := true
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			clean = false
			break
		}
		if c == 0xEF && i+2 < len(b) && b[i+1] == 0xBF && (b[i+2] == 0xBE || b[i+2] == 0xBF) {
			clean = false
			break
		}
		i++
	}
	if clean {
		return b
	}
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if !(r < 0x20 && r != '\t' && r != '\n' && r != '\r') && r != 0xFFFE && r != 0xFFFF {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

// xmlScan walks the markup of an XML document cheaply, without building
// anything, and reports the open elements when it stops. It refuses
// nesting deeper than MaxDepth.
type xmlScan struct {
	open      [][]byte // names of the open elements
	truncated bool     // the document ended inside a construct or with open elements
	// cut, when > 0, is the offset just past the item or entry that
	// reached the scan's limit; open then lists the elements open there.
	cut int
}

// scanXML scans b. With limit > 0 it stops after the limit-th closed item
// or entry, so that a huge feed is not parsed beyond what is needed.
func scanXML(b []byte, limit int) (xmlScan, error) {
	var s xmlScan
	items, elements := 0, 0
	i := 0
	for {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := b[i:]
		var end int
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end = indexAfter(rest, "-->")
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end = indexAfter(rest, "]]>")
		case bytes.HasPrefix(rest, []byte("<?")):
			end = indexAfter(rest, "?>")
		case bytes.HasPrefix(rest, []byte("<!")):
			end = doctypeEnd(rest)
		case bytes.HasPrefix(rest, []byte("</")):
			end = tagEnd(rest)
			if end > 0 && len(s.open) > 0 {
				s.open = s.open[:len(s.open)-1]
				if limit > 0 && isItemTag(tagName(rest[2:end])) {
					if items++; items == limit {
						s.cut = i + end
						return s, nil
					}
				}
			}
		default:
			end = tagEnd(rest)
			if end > 0 {
				if elements++; elements > MaxElements {
					return s, fmt.Errorf("%w: more than %d", ErrTooManyElements, MaxElements)
				}
				if rest[end-2] != '/' {
					s.open = append(s.open, tagName(rest[1:end]))
					if len(s.open) > MaxDepth {
						return s, fmt.Errorf("%w: more than %d levels of elements", ErrTooDeep, MaxDepth)
					}
				}
			}
		}
		if end <= 0 {
			s.truncated = true
			return s, nil
		}
		i += end
	}
	s.truncated = len(s.open) > 0
	return s, nil
}

// indexAfter returns the index just past the first sep in b, or -1.
func indexAfter(b []byte, sep string) int {
	k := bytes.Index(b, []byte(sep))
	if k < 0 {
		return -1
	}
	return k + len(sep)
}

// tagEnd returns the index just past the '>' closing the tag at b[0],
// skipping quoted attribute values, or -1.
func tagEnd(b []byte) int {
	var quote byte
	for i := 1; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1
		}
	}
	return -1
}

// doctypeEnd returns the index just past a <!DOCTYPE …> declaration,
// internal subset included, or -1.
func doctypeEnd(b []byte) int {
	depth := 0
	for i := 2; i < len(b); i++ {
		switch b[i] {
		case '[':
			depth++
		case ']':
			depth--
		case '>':
			if depth <= 0 {
				return i + 1
			}
		}
	}
	return -1
}

// isItemTag reports whether name (maybe prefixed) is an RSS item or an
// Atom entry.
func isItemTag(name []byte) bool {
	if k := bytes.LastIndexByte(name, ':'); k >= 0 {
		name = name[k+1:]
	}
	return string(name) == "item" || string(name) == "entry"
}

func tagName(b []byte) []byte {
	for i, c := range b {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '>' {
			return b[:i]
		}
	}
	return b
}

// salvageTruncated cuts a truncated XML feed after its last complete item
// or entry and closes the elements still open there. It returns nil when
// there is nothing to salvage.
func salvageTruncated(b []byte) []byte {
	cut := -1
	for _, closer := range []string{"</item>", "</entry>"} {
		if k := bytes.LastIndex(b, []byte(closer)); k >= 0 && k+len(closer) > cut {
			cut = k + len(closer)
		}
	}
	if cut < 0 {
		return nil
	}
	head := b[:cut]
	s, err := scanXML(head, 0)
	if err != nil {
		return nil
	}
	return closeOpen(head, s.open)
}

// closeOpen returns head followed by end tags for the open elements.
func closeOpen(head []byte, open [][]byte) []byte {
	n := len(head)
	for _, name := range open {
		n += len(name) + 3
	}
	out := make([]byte, 0, n)
	out = append(out, head...)
	for i := len(open) - 1; i >= 0; i-- {
		out = append(out, "</"...)
		out = append(out, open[i]...)
		out = append(out, '>')
	}
	return out
}

// checkJSONDepth refuses JSON nested deeper than MaxDepth.
func checkJSONDepth(b []byte) error {
	depth, inString, escaped := 0, false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			if depth > MaxDepth {
				return fmt.Errorf("%w: more than %d levels of JSON", ErrTooDeep, MaxDepth)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}

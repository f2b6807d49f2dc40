package fetch

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// sniffLen is how much of the body is searched for <meta charset> or an
// XML declaration, as in the HTML encoding sniffing algorithm.
const sniffLen = 1024

// metaCharset finds <meta charset="x"> and <meta http-equiv="Content-Type"
// content="text/html; charset=x">.
var metaCharset = regexp.MustCompile(`(?i)<meta\s[^>]*?charset\s*=\s*["']?\s*([a-z0-9._:-]+)`)

var xmlDeclEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// decodeBody converts body to UTF-8 and returns the name of the encoding it
// was read as. The order is: byte-order mark; a body that is valid UTF-8
// (legacy text with non-ASCII bytes is almost never valid UTF-8 by
// accident, so this beats a wrong label; UTF-16 labels excepted); the
// Content-Type charset parameter; the XML declaration (XML) or <meta>
// charset (HTML) in the first 1024 bytes; then UTF-8 when valid multi-byte
// sequences outnumber invalid bytes, else windows-1252 (the WHATWG
// default). Invalid sequences become U+FFFD; the result is always valid
// UTF-8.
func decodeBody(body []byte, contentType string, isXML bool) ([]byte, string) {
	if enc, name, n := bomEncoding(body); enc != nil {
		return decodeWith(enc, body[n:]), name
	}
	enc, name := declaredEncoding(body, contentType, isXML)
	if utf8.Valid(body) && !strings.HasPrefix(name, "utf-16") {
		if name == "" || hasNonASCII(body) {
			name = "utf-8"
		}
		return body, name
	}
	if enc == nil {
		if mostlyUTF8(body) {
			enc, name = unicode.UTF8, "utf-8"
		} else {
			enc, name = charmap.Windows1252, "windows-1252"
		}
	}
	return decodeWith(enc, body), name
}

// ToUTF8 converts a document read from a file or a pipe, with no
// Content-Type, to UTF-8 as decodeBody converts a fetched page.
func ToUTF8(doc []byte) []byte {
	out, _ := decodeBody(doc, "", false)
	return out
}

func decodeWith(enc encoding.Encoding, b []byte) []byte {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		out = b
	}
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	return out
}

func bomEncoding(b []byte) (encoding.Encoding, string, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8, "utf-8", 3
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", 2
	}
	return nil, "", 0
}

// declaredEncoding returns the encoding named by the Content-Type charset
// parameter, else by the XML declaration (XML bodies) or <meta> (HTML).
func declaredEncoding(body []byte, contentType string, isXML bool) (encoding.Encoding, string) {
	if _, params, ok := parseMediaType(contentType); ok {
		if cs := params["charset"]; cs != "" {
			if enc, name := charset.Lookup(cs); enc != nil {
				return enc, name
			}
		}
	}
	head := body
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	if isXML {
		if m := xmlDeclEncoding.FindSubmatch(head); m != nil {
			if enc, name := charset.Lookup(string(m[1])); enc != nil {
				return enc, name
			}
		}
		return nil, ""
	}
	if m := metaCharset.FindSubmatch(head); m != nil {
		if enc, name := charset.Lookup(string(m[1])); enc != nil {
			return enc, name
		}
	}
	return nil, ""
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// mostlyUTF8 reports whether valid multi-byte UTF-8 sequences outnumber
// invalid bytes, so that one stray byte does not turn a UTF-8 page into
// windows-1252 mojibake.
func mostlyUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			b = b[1:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		b = b[n:]
	}
	return valid > invalid
}

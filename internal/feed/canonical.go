package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// MaxURLBytes is the longest URL accepted, as in the fetch package.
const MaxURLBytes = 2048

// Errors returned by CanonicalURL.
var (
	ErrNotHTTP  = errors.New("not an http or https URL")
	ErrBadURL   = errors.New("malformed URL")
	ErrLongURL  = errors.New("URL longer than 2048 bytes")
	ErrUserinfo = errors.New("URL carries userinfo")
)

// trackingParams are query parameters dropped by CanonicalURL, besides
// every utm_* parameter: click identifiers that never change the page.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "igshid": true, "mc_cid": true, "mc_eid": true,
}

// CanonicalURL returns the canonical form of an http(s) URL, used for task
// ids and seen keys: scheme and host lowercased (internationalised names in
// their ASCII form, IPv6 literals in their short form), the default port,
// userinfo-free authority, fragment and tracking parameters (utm_*,
// fbclid, gclid and other click ids) dropped, percent-encoding normalised
// (unreserved characters decoded, hex digits uppercased), dot segments
// removed, an empty path written "/", and query parameters sorted by name
// (keeping the order of repeated names). CanonicalURL is idempotent.
func CanonicalURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if len(raw) > MaxURLBytes {
		return "", ErrLongURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", fmt.Errorf("%w: %q", ErrNotHTTP, raw)
	}
	if u.Opaque != "" || u.Host == "" {
		return "", fmt.Errorf("%w: no host in %q", ErrBadURL, raw)
	}
	if u.User != nil {
		return "", ErrUserinfo
	}
	host, err := canonicalHost(u)
	if err != nil {
		return "", err
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return "", fmt.Errorf("%w: port %q", ErrBadURL, p)
		}
		if !(scheme == "http" && n == 80) && !(scheme == "https" && n == 443) {
			host += ":" + strconv.Itoa(n)
		}
	}

	var b strings.Builder
	b.Grow(len(raw))
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(host)
	path := removeDotSegments(normaliseEscapes(u.EscapedPath(), pathSafe))
	if path == "" || path[0] != '/' {
		path = "/" + path
	}
	b.WriteString(path)
	if q := canonicalQuery(u.RawQuery); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	if b.Len() > MaxURLBytes { // escaping can lengthen it
		return "", ErrLongURL
	}
	return b.String(), nil
}

// FeedHash returns the first 16 hex digits of the SHA-256 of the feed's
// canonical URL (of the trimmed string when it has none), for the feed and
// seen keys.
func FeedHash(feedURL string) string {
	c, err := CanonicalURL(feedURL)
	if err != nil {
		c = strings.TrimSpace(feedURL)
	}
	sum := sha256.Sum256([]byte(c))
	return hex.EncodeToString(sum[:8])
}

func canonicalHost(u *url.URL) (string, error) {
	h := u.Hostname()
	if strings.HasPrefix(u.Host, "[") {
		a, err := netip.ParseAddr(h)
		if err != nil || a.Zone() != "" {
			return "", fmt.Errorf("%w: host %q", ErrBadURL, h)
		}
		return "[" + a.String() + "]", nil
	}
	h = strings.TrimSuffix(strings.ToLower(h), ".")
	ascii := true
	for i := 0; i < len(h); i++ {
		if h[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		a, err := idna.Lookup.ToASCII(h)
		if err != nil {
			return "", fmt.Errorf("%w: host %q: %v", ErrBadURL, h, err)
		}
		h = strings.ToLower(a)
	}
	if h == "" || len(h) > 253 {
		return "", fmt.Errorf("%w: host %q", ErrBadURL, h)
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 {
			return "", fmt.Errorf("%w: host %q", ErrBadURL, h)
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return "", fmt.Errorf("%w: host %q", ErrBadURL, h)
			}
		}
	}
	return h, nil
}

func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type param struct{ key, text string }
	var params []param
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		part = normaliseEscapes(part, querySafe)
		k, _, _ := strings.Cut(part, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		name = strings.ToLower(name)
		if strings.HasPrefix(name, "utm_") || trackingParams[name] {
			continue
		}
		params = append(params, param{k, part})
	}
	sort.SliceStable(params, func(i, j int) bool { return params[i].key < params[j].key })
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.text)
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// pathSafe and querySafe say which bytes may stay unescaped.
func pathSafe(c byte) bool {
	return isUnreserved(c) || strings.IndexByte("!$&'()*+,;=:@/", c) >= 0
}

func querySafe(c byte) bool {
	return isUnreserved(c) || strings.IndexByte("!$'()*+,;=:@/?", c) >= 0
}

const upperHex = "0123456789ABCDEF"

// normaliseEscapes decodes percent-escapes of unreserved characters,
// uppercases the others, and escapes any byte that safe rejects (a stray
// '%' included).
func normaliseEscapes(s string, safe func(byte) bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if isUnreserved(v) {
				b.WriteByte(v)
			} else {
				b.WriteByte('%')
				b.WriteByte(upperHex[v>>4])
				b.WriteByte(upperHex[v&15])
			}
			i += 2
			continue
		}
		if c != '%' && safe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&15])
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// removeDotSegments applies RFC 3986 section 5.2.4 to an escaped path.
func removeDotSegments(p string) string {
	if !strings.Contains(p, ".") {
		return p
	}
	segs := strings.Split(p, "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch s {
		case ".":
			if last {
				out = append(out, "")
			}
		case "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	r := strings.Join(out, "/")
	if strings.HasPrefix(p, "/") && !strings.HasPrefix(r, "/") {
		r = "/" + r
	}
	return r
}

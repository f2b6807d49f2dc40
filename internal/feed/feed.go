package feed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
)

// maxKeyBytes bounds an item key; longer GUIDs are replaced by their hash.
const maxKeyBytes = 256

// ErrEmpty is returned for an empty (or blank) body.
var ErrEmpty = errors.New("empty feed")

// Item is one entry of a feed that has a usable http(s) link.
type Item struct {
	// Key identifies the item within its feed: the GUID (Atom id, JSON
	// Feed id) when present, else the canonical link.
	Key string
	// URL is the item's link, resolved against the feed URL, without
	// fragment.
	URL    string
	Title  string // plain text
	Author string // names, comma-separated
	// Published is the publication (else update) time in UTC, or nil
	// when the feed gives none that parses.
	Published *time.Time
}

// Feed is a parsed feed.
type Feed struct {
	Title string
	Items []Item
}

// Parse parses an RSS, Atom or JSON Feed document. The caller fetched the
// body and capped its size. base, when not nil, is the feed's URL, against
// which relative links are resolved. maxItems > 0 keeps only the first
// maxItems usable items (in feed order), and XML past the first
// 2*maxItems+16 items is not even parsed. Items without a usable http(s)
// link are dropped, and repeated keys keep their first item.
//
// Parse repairs byte-order marks, UTF-16, invalid UTF-8, wrong or legacy
// declared encodings, characters XML forbids and truncated XML (kept up to
// the last complete item); undeclared HTML entities such as &nbsp; are
// decoded by gofeed's lenient XML mode. It refuses documents nested deeper
// than MaxDepth (ErrTooDeep), and XML with more than MaxElements elements
// in the part it parses (ErrTooManyElements).
func Parse(body []byte, base *url.URL, maxItems int) (*Feed, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, ErrEmpty
	}
	b := toUTF8(body)
	trimmed := bytes.TrimLeft(b, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, ErrEmpty
	}
	isJSON := trimmed[0] == '{'

	var scan xmlScan
	if isJSON {
		if err := checkJSONDepth(b); err != nil {
			return nil, fmt.Errorf("parse feed: %w", err)
		}
	} else {
		limit := 0
		if maxItems > 0 {
			limit = 2*maxItems + 16 // room for items dropped or repeated
		}
		var err error
		if scan, err = scanXML(b, limit); err != nil {
			return nil, fmt.Errorf("parse feed: %w", err)
		}
		if scan.cut > 0 {
			b = closeOpen(b[:scan.cut], scan.open)
		}
	}

	parsed, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil && !isJSON && scan.truncated {
		if fixed := salvageTruncated(b); fixed != nil {
			if p, err2 := gofeed.NewParser().Parse(bytes.NewReader(fixed)); err2 == nil {
				parsed, err = p, nil
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("parse feed: %w", err)
	}
	if parsed == nil {
		return nil, fmt.Errorf("parse feed: %w", ErrEmpty)
	}

	out := &Feed{Title: plainText(parsed.Title)}
	seen := make(map[string]bool, len(parsed.Items))
	for _, it := range parsed.Items {
		if it == nil {
			continue
		}
		item, ok := convert(it, base)
		if !ok || seen[item.Key] {
			continue
		}
		seen[item.Key] = true
		out.Items = append(out.Items, item)
		if maxItems > 0 && len(out.Items) == maxItems {
			break
		}
	}
	return out, nil
}

func convert(it *gofeed.Item, base *url.URL) (Item, bool) {
	candidates := make([]string, 0, 1+len(it.Links))
	candidates = append(candidates, it.Link)
	candidates = append(candidates, it.Links...)
	var link string
	for _, c := range candidates {
		if l, ok := resolveLink(c, base); ok {
			link = l
			break
		}
	}
	if link == "" {
		// An RSS permalink GUID, taken only when absolute: an opaque id
		// such as "item-17" must not become a link relative to the feed.
		link, _ = resolveLink(it.GUID, nil)
	}
	if link == "" {
		return Item{}, false
	}
	key := strings.TrimSpace(it.GUID)
	if key == "" {
		c, err := CanonicalURL(link)
		if err != nil {
			return Item{}, false
		}
		key = c
	}
	if len(key) > maxKeyBytes {
		sum := sha256.Sum256([]byte(key))
		key = "sha256:" + hex.EncodeToString(sum[:])
	}
	item := Item{Key: key, URL: link, Title: plainText(it.Title), Author: authors(it)}
	t := it.PublishedParsed
	if t == nil || t.IsZero() {
		t = it.UpdatedParsed
	}
	if t != nil && !t.IsZero() && t.Year() >= 1970 && t.Year() <= 9999 {
		u := t.UTC()
		item.Published = &u
	}
	return item, true
}

// resolveLink resolves raw against base and keeps it when it is a usable
// http(s) URL: host present, no userinfo, at most MaxURLBytes.
func resolveLink(raw string, base *url.URL) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > MaxURLBytes {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	if !u.IsAbs() {
		if base == nil {
			return "", false
		}
		u = base.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" || u.User != nil {
		return "", false
	}
	u.Fragment, u.RawFragment = "", ""
	s := u.String()
	if len(s) > MaxURLBytes {
		return "", false
	}
	if _, err := CanonicalURL(s); err != nil {
		return "", false
	}
	return s, true
}

func authors(it *gofeed.Item) string {
	var names []string
	seen := map[string]bool{}
	add := func(p *gofeed.Person) {
		if p == nil {
			return
		}
		n := plainText(p.Name)
		if n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, p := range it.Authors {
		add(p)
	}
	if len(names) == 0 {
		add(it.Author)
	}
	return strings.Join(names, ", ")
}

// plainText turns a title or name that may hold HTML (CDATA, Atom
// type="html") into plain text: tags dropped, entities decoded, runs of
// white space collapsed.
func plainText(s string) string {
	if strings.ContainsAny(s, "<&") {
		s = htmlText(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// blockTags separate words when their markup is removed.
var blockTags = map[string]bool{
	"br": true, "p": true, "div": true, "li": true, "ul": true, "ol": true, "tr": true, "td": true,
	"th": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hr": true,
}

func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			if name, _ := z.TagName(); blockTags[string(name)] {
				b.WriteByte(' ')
			}
		}
	}
}

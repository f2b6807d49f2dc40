package extract

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// metadata is what the page says about itself in its <head>, JSON-LD and
// microdata, before any fallback.
type metadata struct {
	metas     map[string][]string // lowercased name/property/itemprop → contents
	title     string              // <title>
	h1        string              // first <h1>
	canonical string
	htmlLang  string
	ld        ldArticle
	microDate string
	relAuthor []string
}

// ldArticle holds the fields read from the page's JSON-LD article object.
type ldArticle struct {
	headline  string
	authors   []string
	published string
	image     string
	url       string
	publisher string
}

// fallbackMeta carries what the extraction libraries found, used when the
// page's own markup says nothing.
type fallbackMeta struct {
	title     string
	authors   []string
	published time.Time
	siteName  string
	image     string
	language  string
}

func readMetadata(doc *html.Node) *metadata {
	m := &metadata{metas: make(map[string][]string)}
	var walk func(n *html.Node, inHead bool)
	walk = func(n *html.Node, inHead bool) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				if m.htmlLang == "" {
					m.htmlLang = attr(n, "lang")
					if m.htmlLang == "" {
						m.htmlLang = attr(n, "xml:lang")
					}
				}
			case atom.Head:
				inHead = true
			case atom.Title:
				if m.title == "" && inHead {
					m.title = collapse(textOf(n))
				}
				return
			case atom.H1:
				if m.h1 == "" {
					m.h1 = collapse(textOf(n))
				}
			case atom.Meta:
				m.addMeta(n)
				return
			case atom.Link:
				rel := strings.ToLower(attr(n, "rel"))
				if m.canonical == "" && hasToken(rel, "canonical") {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
				return
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
					m.readJSONLD(n.FirstChild.Data)
				}
				return
			case atom.Style, atom.Noscript, atom.Template, atom.Svg:
				return
			case atom.Time:
				if m.microDate == "" && (hasAttr(n, "pubdate") || strings.EqualFold(attr(n, "itemprop"), "datePublished")) {
					m.microDate = attr(n, "datetime")
				}
			case atom.A:
				if hasToken(strings.ToLower(attr(n, "rel")), "author") {
					if s := collapse(textOf(n)); s != "" {
						m.relAuthor = append(m.relAuthor, s)
					}
				}
			}
			if ip := strings.ToLower(attr(n, "itemprop")); ip != "" && n.DataAtom != atom.Meta {
				m.addItemprop(n, ip)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inHead)
		}
	}
	walk(doc, false)
	return m
}

func (m *metadata) addMeta(n *html.Node) {
	content := strings.TrimSpace(attr(n, "content"))
	if content == "" {
		return
	}
	for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
		if key := strings.ToLower(strings.TrimSpace(attr(n, k))); key != "" {
			m.metas[key] = append(m.metas[key], content)
		}
	}
}

// addItemprop records schema.org microdata outside <meta> elements.
func (m *metadata) addItemprop(n *html.Node, prop string) {
	switch prop {
	case "datepublished":
		if m.microDate == "" {
			m.microDate = attr(n, "datetime")
			if m.microDate == "" {
				m.microDate = attr(n, "content")
			}
		}
	case "author", "creator":
		name := ""
		if inner := findItemprop(n, "name"); inner != nil {
			name = attr(inner, "content")
			if name == "" {
				name = textOf(inner)
			}
		} else if n.DataAtom != atom.Link {
			name = textOf(n)
		}
		if name = collapse(name); name != "" && len(name) < 100 {
			m.metas["itemprop:author"] = append(m.metas["itemprop:author"], name)
		}
	}
}

func findItemprop(n *html.Node, prop string) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if strings.EqualFold(attr(c, "itemprop"), prop) {
			return c
		}
		if f := findItemprop(c, prop); f != nil {
			return f
		}
	}
	return nil
}

func (m *metadata) get(keys ...string) string {
	for _, k := range keys {
		for _, v := range m.metas[k] {
			if v = clean(v); v != "" {
				return v
			}
		}
	}
	return ""
}

// clean collapses spaces and decodes entities that a page escaped twice
// ("&amp;#8216;" arrives as "&#8216;").
func clean(s string) string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return collapse(s)
}

func (m *metadata) all(keys ...string) []string {
	var out []string
	for _, k := range keys {
		out = append(out, m.metas[k]...)
	}
	return out
}

// readJSONLD reads article fields from one JSON-LD script. The first
// article-like object wins; later scripts only fill gaps.
func (m *metadata) readJSONLD(raw string) {
	raw = strings.TrimSpace(raw)
	raw = strings.TrimPrefix(raw, "<![CDATA[")
	raw = strings.TrimSuffix(raw, "]]>")
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				visit(g, depth+1)
			}
			if isArticleType(x["@type"]) {
				m.fillLD(x)
			} else if me, ok := x["mainEntity"]; ok {
				visit(me, depth+1)
			}
		}
	}
	visit(v, 0)
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		s := strings.ToLower(x)
		s = s[strings.LastIndexAny(s, "/:")+1:]
		return strings.HasSuffix(s, "article") || strings.HasSuffix(s, "posting") || s == "report" || s == "claimreview"
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

func (m *metadata) fillLD(x map[string]any) {
	ld := &m.ld
	if ld.headline == "" {
		ld.headline = clean(ldString(x["headline"]))
		if ld.headline == "" {
			ld.headline = clean(ldString(x["name"]))
		}
	}
	if len(ld.authors) == 0 {
		ld.authors = ldNames(x["author"])
		if len(ld.authors) == 0 {
			ld.authors = ldNames(x["creator"])
		}
	}
	if ld.published == "" {
		ld.published = ldString(x["datePublished"])
		if ld.published == "" {
			ld.published = ldString(x["dateCreated"])
		}
	}
	if ld.image == "" {
		ld.image = ldURL(x["image"])
		if ld.image == "" {
			ld.image = ldURL(x["thumbnailUrl"])
		}
	}
	if ld.url == "" {
		ld.url = ldURL(x["url"])
		if ld.url == "" {
			ld.url = ldURL(x["mainEntityOfPage"])
		}
	}
	if ld.publisher == "" {
		if names := ldNames(x["publisher"]); len(names) > 0 {
			ld.publisher = names[0]
		}
	}
}

func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case []any:
		for _, e := range x {
			if s := ldString(e); s != "" {
				return s
			}
		}
	}
	return ""
}

// ldURL reads a URL given as a string, an object with "url" or "@id", or a
// list of either.
func ldURL(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case map[string]any:
		if s := ldURL(x["url"]); s != "" {
			return s
		}
		return ldURL(x["@id"])
	case []any:
		for _, e := range x {
			if s := ldURL(e); s != "" {
				return s
			}
		}
	}
	return ""
}

// ldNames reads names given as strings, objects with "name", or lists.
func ldNames(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case map[string]any:
		if n := ldString(x["name"]); n != "" {
			return []string{n}
		}
		gn, fn := ldString(x["givenName"]), ldString(x["familyName"])
		if s := strings.TrimSpace(gn + " " + fn); s != "" {
			return []string{s}
		}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, ldNames(e)...)
		}
		return out
	}
	return nil
}

// result assembles the public metadata, preferring the page's explicit
// markup to what the extraction libraries inferred.
func (m *metadata) result(pageURL *url.URL, fb fallbackMeta) *Result {
	r := &Result{}

	site := siteName(m.get("og:site_name", "application-name", "twitter:site:name"))
	if site == "" {
		site = siteName(m.ld.publisher)
	}
	if site == "" {
		site = siteName(fb.siteName)
	}
	if site == "" && pageURL != nil {
		site = strings.TrimPrefix(strings.ToLower(pageURL.Hostname()), "www.")
	}
	r.SiteName = site

	title := m.ld.headline
	if title == "" {
		title = m.get("og:title", "twitter:title", "dc.title", "headline")
	}
	if title == "" {
		title = fb.title
	}
	if title == "" {
		title = m.h1
	}
	if title == "" {
		title = m.title
	}
	r.Title = stripSiteSuffix(title, site, pageURL)

	r.Authors = cleanAuthors(m.ld.authors)
	if len(r.Authors) == 0 {
		r.Authors = cleanAuthors(m.all("author", "article:author", "dc.creator", "dcterms.creator",
			"parsely-author", "sailthru.author", "citation_author", "byl", "itemprop:author"))
	}
	if len(r.Authors) == 0 {
		r.Authors = cleanAuthors(m.relAuthor)
	}
	if len(r.Authors) == 0 {
		r.Authors = cleanAuthors(fb.authors)
	}

	for _, s := range append([]string{m.ld.published}, m.get("article:published_time", "datepublished",
		"og:published_time", "pubdate", "publishdate", "publish-date", "parsely-pub-date",
		"sailthru.date", "dc.date.issued", "dc.date", "dcterms.created", "dcterms.date", "date",
		"citation_publication_date", "article.published"), m.microDate) {
		if t, ok := parseTime(s); ok {
			r.PublishedAt = &t
			break
		}
	}
	if r.PublishedAt == nil && !fb.published.IsZero() {
		t := fb.published.UTC()
		r.PublishedAt = &t
	}

	canon := m.canonical
	if canon == "" {
		canon = m.get("og:url")
	}
	if canon == "" {
		canon = m.ld.url
	}
	r.CanonicalURL = resolve(pageURL, canon)

	img := m.get("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
	if img == "" {
		img = m.ld.image
	}
	if img == "" {
		img = fb.image
	}
	r.TopImage = resolve(pageURL, img)

	lang := isoLanguage(m.htmlLang)
	if lang == "" {
		lang = isoLanguage(m.get("content-language", "language", "dc.language", "og:locale", "inlanguage"))
	}
	if lang == "" {
		lang = isoLanguage(fb.language)
	}
	r.Language = lang
	return r
}

// siteName cleans a site name: a URL is no name, and of "Name | Tagline"
// only the name is kept.
func siteName(s string) string {
	s = clean(s)
	if strings.Contains(s, "://") || strings.HasPrefix(strings.ToLower(s), "www.") {
		return ""
	}
	if i := strings.Index(s, " | "); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}

// resolve makes ref absolute against base, keeping only http(s) results.
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

var langCode = regexp.MustCompile(`^[a-zA-Z]{2}(?:$|[-_])`)

// isoLanguage turns "en-US", "pt_BR" or "EN" into "en"; anything else is "".
func isoLanguage(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, ','); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if !langCode.MatchString(s) {
		return ""
	}
	return strings.ToLower(s[:2])
}

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z0700",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC850,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"January 2, 2006 15:04",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
}

// parseTime reads the date formats pages use in their metadata. Times
// without a zone are taken as UTC; the result is in UTC.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			if t.Year() < 1900 || t.Year() > 2200 {
				return time.Time{}, false
			}
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

var (
	bylinePrefix = regexp.MustCompile(`(?i)^\s*(?:(?:written|analysis|opinion|commentary|reporting|story|words|text)\s+)?by[:\s]+`)
	// a sentence's end inside a byline: "Finian Cunningham. Sputnik International"
	bylineStop = regexp.MustCompile(`([a-z]{2})\.\s+([A-Z])`)
	// an agency after a name: "JILL LAWLESS Associated Press"
	agencySuffix = regexp.MustCompile(`(?i)^(.+\S)\s+(?:associated press|reuters|afp|ap)$`)
	authorSplit  = regexp.MustCompile(`\s*(?:,|;|\||&|\band\b|\bund\b|\by\b|\bet\b|\be\b)\s*`)
	authorJunk   = regexp.MustCompile(`(?i)https?:|www\.|@|\d{3,}|\b(?:staff|reporter|correspondent|editor|contributor|writer|updated|published|commented|replied|says)\b|^(?:admin|administrator|webmaster|guest|anonymous|unknown|editorial|redacci[oó]n|gast|invité)$`)
)

// cleanAuthors normalises bylines into a deduplicated list of names.
func cleanAuthors(raw []string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, r := range raw {
		r = clean(r)
		r = bylinePrefix.ReplaceAllString(r, "")
		r = bylineStop.ReplaceAllString(r, "$1; $2")
		for _, name := range authorSplit.Split(r, -1) {
			name = strings.Trim(collapse(name), " .,:;-–—|")
			if name == "" || len(name) > 60 || authorJunk.MatchString(name) || credential(name) {
				continue
			}
			if m := agencySuffix.FindStringSubmatch(name); m != nil && strings.Contains(m[1], " ") {
				name = m[1]
			}
			if n := len(strings.Fields(name)); n > 5 {
				continue
			}
			if !hasLetter(name) {
				continue
			}
			name = unshout(name)
			k := strings.ToLower(name)
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, name)
		}
	}
	return out
}

// credential reports whether w is a degree or title written after a name
// ("Ilana Muhlstein, MS, RDN"), or a word too short to be a name ("Rt").
func credential(w string) bool {
	if strings.Contains(w, " ") {
		return false
	}
	switch strings.ToLower(strings.ReplaceAll(w, ".", "")) {
	case "ms", "ma", "md", "rd", "rdn", "ld", "phd", "mph", "rn", "cpt", "mba", "jd", "dds", "do", "np", "pa", "msc",
		"bsc", "ba", "bs", "cscs", "esq", "jr", "sr", "ii", "iii", "cfa", "cpa":
		return true
	}
	return utf8.RuneCountInString(w) <= 3
}

// unshout turns an all-capitals name ("TOM KRISHER") into title case.
func unshout(name string) string {
	letters := 0
	for _, r := range name {
		if unicode.IsLower(r) {
			return name
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 2 {
		return name
	}
	words := strings.Fields(strings.ToLower(name))
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToTitle(r)) + w[size:]
	}
	return strings.Join(words, " ")
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

var titleSeps = []string{" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / "}

// stripSiteSuffix removes a trailing (or leading) " | Site Name" part when
// it names the site.
func stripSiteSuffix(title, site string, pageURL *url.URL) string {
	title = collapse(title)
	// A section's label before a pipe goes ("Opinion | Republicans Are
	// …"), and so does a "BREAKING:" flag
	if i := strings.Index(title, " | "); i > 0 && sectionLabels[strings.ToLower(title[:i])] && wordCount(title[i+3:]) >= 3 {
		title = strings.TrimSpace(title[i+3:])
	}
	if i := strings.Index(title, ": "); i > 0 && (strings.EqualFold(title[:i], "breaking") || strings.EqualFold(title[:i], "breaking news")) &&
		wordCount(title[i+2:]) >= 3 {
		title = strings.TrimSpace(title[i+2:])
	}
	names := []string{squash(site)}
	if pageURL != nil {
		host := strings.TrimPrefix(strings.ToLower(pageURL.Hostname()), "www.")
		names = append(names, squash(host))
		if i := strings.IndexByte(host, '.'); i > 0 {
			names = append(names, squash(host[:i]))
		}
	}
	isSite := func(part string) bool {
		p := squash(part)
		if p == "" {
			return false
		}
		for _, n := range names {
			if n != "" && (p == n || strings.HasPrefix(n, p) || strings.HasPrefix(p, n)) {
				return true
			}
		}
		return false
	}
	for _, sep := range titleSeps {
		if i := strings.LastIndex(title, sep); i > 0 && isSite(title[i+len(sep):]) {
			return strings.TrimSpace(title[:i])
		}
		if i := strings.Index(title, sep); i > 0 && isSite(title[:i]) {
			return strings.TrimSpace(title[i+len(sep):])
		}
	}
	// Headlines hardly ever contain a pipe, while "Headline | Site" is the
	// commonest title pattern: a short last part after one goes.
	if i := strings.LastIndex(title, " | "); i > 0 {
		head, tail := title[:i], title[i+3:]
		if wordCount(tail) <= 5 && wordCount(head) >= 2 {
			return strings.TrimSpace(head)
		}
	}
	return title
}

// sectionLabels are the labels of a newspaper's sections that some sites
// put before a headline.
var sectionLabels = map[string]bool{"opinion": true, "analysis": true, "editorial": true, "commentary": true,
	"review": true, "column": true, "exclusive": true, "explainer": true, "live": true, "watch": true, "video": true,
	"breaking": true, "breaking news": true, "opinión": true, "análisis": true}

// squash lowercases s and keeps only its letters and digits.
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if f == tok {
			return true
		}
	}
	return false
}

// textOf is the concatenated text of n's subtree, scripts and styles aside.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
			if blockTags[n.DataAtom] || n.DataAtom == atom.Br {
				b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// collapse trims s and turns each run of spaces into one space.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}

// titles lists the page's headline in every form the page gives it, for
// recognising the headline when it is repeated above the text.
func (m *metadata) titles(pageURL *url.URL) []string {
	site := m.get("og:site_name")
	var out []string
	for _, t := range []string{m.ld.headline, m.get("og:title"), m.get("twitter:title"), m.title} {
		if t != "" {
			out = append(out, t, stripSiteSuffix(t, site, pageURL))
		}
	}
	return out
}

package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Defaults for the zero values of Options.
const (
	DefaultMaxBytes = 5 << 20
	DefaultMaxDepth = 256
)

// Errors returned by Extract, always wrapped with context: test them with
// errors.Is.
var (
	// ErrNoContent means the page has no main text that could be found.
	ErrNoContent = errors.New("no main text")
	// ErrTooLarge means the page is longer than Options.MaxBytes.
	ErrTooLarge = errors.New("page too large")
	// ErrTooDeep means elements nest deeper than Options.MaxDepth.
	ErrTooDeep = errors.New("page nested too deep")
)

// Result is what a page yields.
type Result struct {
	// Text is the main text: paragraphs separated by "\n\n", headings as
	// their own paragraphs, without boilerplate. A paragraph may hold
	// single "\n" line breaks where the page has them.
	Text string
	// Title is the article's headline.
	Title string
	// Authors are the bylines' names, without "By" and roles.
	Authors []string
	// PublishedAt is the publication time, nil when unknown.
	PublishedAt *time.Time
	// CanonicalURL is <link rel=canonical>, else og:url, else the JSON-LD
	// url, resolved against the page URL; empty when there is none.
	CanonicalURL string
	// SiteName is og:site_name (or the JSON-LD publisher), else the page
	// URL's host without "www.".
	SiteName string
	// Language is an ISO 639-1 code from <html lang> or the meta tags, ""
	// when unknown.
	Language string
	// TopImage is the absolute URL of the page's lead image (og:image,
	// twitter:image or JSON-LD image), "" when there is none.
	TopImage string
}

// Options bounds the work Extract accepts to do.
type Options struct {
	// MaxBytes is the largest page accepted; 0 means DefaultMaxBytes (5 MiB).
	MaxBytes int
	// MaxDepth is the deepest element nesting accepted; 0 means
	// DefaultMaxDepth (256). The HTML parser itself refuses more than 512,
	// so larger values act as 512.
	MaxDepth int
}

// Extractor finds the main text and metadata of news pages. It is safe for
// concurrent use. Build one per process: the extraction libraries it links
// pay their initialisation once, at program start, and New itself is cheap.
type Extractor struct {
	maxBytes int
	maxDepth int
}

// New returns an Extractor with opts, zero fields taking their defaults.
func New(opts Options) *Extractor {
	e := &Extractor{maxBytes: opts.MaxBytes, maxDepth: opts.MaxDepth}
	if e.maxBytes <= 0 {
		e.maxBytes = DefaultMaxBytes
	}
	if e.maxDepth <= 0 {
		e.maxDepth = DefaultMaxDepth
	}
	return e
}

// Extract parses page (any charset already decoded to UTF-8 by the caller;
// invalid bytes are replaced with U+FFFD) fetched from pageURL, which may be
// nil. It returns ErrNoContent (wrapped) when no main text is found,
// ErrTooLarge when page exceeds MaxBytes and ErrTooDeep when elements nest
// deeper than MaxDepth. The depth is checked with a tokenizer pass before the
// page is parsed into a tree.
func (e *Extractor) Extract(page []byte, pageURL *url.URL) (*Result, error) {
	if len(page) > e.maxBytes {
		return nil, fmt.Errorf("extract: %d bytes, limit %d: %w", len(page), e.maxBytes, ErrTooLarge)
	}
	if !utf8.Valid(page) {
		page = bytes.ToValidUTF8(page, []byte("\uFFFD"))
	}
	if nestingTooDeep(page, e.maxDepth) {
		return nil, fmt.Errorf("extract: nesting over %d levels: %w", e.maxDepth, ErrTooDeep)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		// With an in-memory reader the parser's only failure is its own
		// nesting limit.
		return nil, fmt.Errorf("extract: parse html: %w: %v", ErrTooDeep, err)
	}
	return e.extractDocument(doc, pageURL)
}

func (e *Extractor) extractDocument(doc *html.Node, pageURL *url.URL) (*Result, error) {
	meta := readMetadata(doc)
	text, fb := mainText(doc, pageURL, meta.titles(pageURL))
	if text == "" {
		return nil, fmt.Errorf("extract: %w", ErrNoContent)
	}
	res := meta.result(pageURL, fb)
	res.Text = text
	return res, nil
}

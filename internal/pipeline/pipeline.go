package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/clean"
	"github.com/copydesk/copydesk/internal/dates"
	"github.com/copydesk/copydesk/internal/extract"
	"github.com/copydesk/copydesk/internal/feed"
	"github.com/copydesk/copydesk/internal/fingerprint"
	"github.com/copydesk/copydesk/internal/keywords"
	"github.com/copydesk/copydesk/internal/lang"
	"github.com/copydesk/copydesk/internal/ner"
	"github.com/copydesk/copydesk/internal/quotes"
	"github.com/copydesk/copydesk/internal/segment"
	"github.com/copydesk/copydesk/internal/summary"
)

// Version identifies the pipeline's behaviour; it is stored in every record
// as pipeline_version. Bump it when output for the same input changes.
const Version = "1.9.0"

// ErrInvalid marks input that can never be processed: a permanent failure.
var ErrInvalid = errors.New("invalid input")

// ErrNoContent marks input in which no article text was found.
var ErrNoContent = errors.New("no article text found")

// Limits bounds the input. Zero values mean the documented defaults.
type Limits struct {
	MaxText int // bytes of text; default 1 MiB
	MaxHTML int // bytes of HTML; default 5 MiB
	MaxURL  int // bytes of URL; default 2048
}

// DefaultLimits are the limits used when none are configured.
var DefaultLimits = Limits{MaxText: 1 << 20, MaxHTML: 5 << 20, MaxURL: 2048}

func (l Limits) withDefaults() Limits {
	if l.MaxText <= 0 {
		l.MaxText = DefaultLimits.MaxText
	}
	if l.MaxHTML <= 0 {
		l.MaxHTML = DefaultLimits.MaxHTML
	}
	if l.MaxURL <= 0 {
		l.MaxURL = DefaultLimits.MaxURL
	}
	return l
}

// Input is one article to process: exactly one of Text or HTML, plus hints.
type Input struct {
	Text        string
	HTML        string
	URL         string
	Title       string
	Authors     []string
	PublishedAt *time.Time
	Language    string
	Source      string
}

// Options configure a Pipeline.
type Options struct {
	Limits Limits
	// Observe, when set, is called with each stage's name and duration.
	Observe func(stage string, d time.Duration)
	// Now returns the processing time; nil means time.Now.
	Now func() time.Time
}

// Pipeline runs the stages. Build one per process with New; it is safe for
// concurrent use.
type Pipeline struct {
	limits    Limits
	observe   func(string, time.Duration)
	now       func() time.Time
	ner       *ner.Recognizer
	extractor *extract.Extractor
}

// New loads the models and returns a ready pipeline.
func New(opts Options) (*Pipeline, error) {
	rec, err := ner.New()
	if err != nil {
		return nil, fmt.Errorf("load entity model: %w", err)
	}
	p := &Pipeline{
		limits:  opts.Limits.withDefaults(),
		observe: opts.Observe,
		now:     opts.Now,
		ner:     rec,
	}
	p.extractor = extract.New(extract.Options{MaxBytes: p.limits.MaxHTML})
	if p.now == nil {
		p.now = time.Now
	}
	return p, nil
}

// Limits returns the limits in force.
func (p *Pipeline) Limits() Limits { return p.limits }

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Validate checks in against the limits without processing it.
func (p *Pipeline) Validate(in Input) error {
	_, err := p.validate(in)
	return err
}

// validate is Validate that also returns the canonical form of in.URL
// ("" when in.URL is empty).
func (p *Pipeline) validate(in Input) (canonURL string, err error) {
	switch {
	case in.Text != "" && in.HTML != "":
		return "", invalid("payload has both text and html; give exactly one")
	case strings.TrimSpace(in.Text) == "" && strings.TrimSpace(in.HTML) == "":
		return "", invalid("payload has no text or html")
	case len(in.Text) > p.limits.MaxText:
		return "", invalid("text is %d bytes, over the %d-byte limit", len(in.Text), p.limits.MaxText)
	case len(in.HTML) > p.limits.MaxHTML:
		return "", invalid("html is %d bytes, over the %d-byte limit", len(in.HTML), p.limits.MaxHTML)
	case len(in.URL) > p.limits.MaxURL:
		return "", invalid("url is %d bytes, over the %d-byte limit", len(in.URL), p.limits.MaxURL)
	case !utf8.ValidString(in.Text) || !utf8.ValidString(in.HTML):
		return "", invalid("payload is not valid UTF-8")
	case !utf8.ValidString(in.URL) || !utf8.ValidString(in.Title) || !utf8.ValidString(in.Source):
		return "", invalid("payload metadata is not valid UTF-8")
	case strings.ContainsRune(in.Text, 0):
		return "", invalid("text contains NUL bytes (binary data?)")
	}
	if in.URL != "" {
		cu, err := feed.CanonicalURL(in.URL)
		if err != nil {
			return "", invalid("url %q: %v", in.URL, err)
		}
		return cu, nil
	}
	return "", nil
}

// start returns the time a stage starts, read only when it is observed.
func (p *Pipeline) start() time.Time {
	if p.observe == nil {
		return time.Time{}
	}
	return time.Now()
}

func (p *Pipeline) timed(stage string, start time.Time) {
	if p.observe != nil {
		p.observe(stage, time.Since(start))
	}
}

// Process runs the whole pipeline on in.
func (p *Pipeline) Process(in Input) (*article.Record, error) {
	pageCanon, err := p.validate(in)
	if err != nil {
		return nil, err
	}
	rec := &article.Record{
		Title:       in.Title,
		Authors:     in.Authors,
		PublishedAt: in.PublishedAt,
		Language:    in.Language,
	}
	text := in.Text
	var canonicalLink, siteName, pageLang string
	if in.HTML != "" {
		t := p.start()
		var base *url.URL
		if in.URL != "" {
			base, _ = url.Parse(in.URL)
		}
		res, err := p.extractor.Extract([]byte(in.HTML), base)
		p.timed("extract", t)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		if len(res.Text) > p.limits.MaxText {
			return nil, invalid("text extracted from the html is %d bytes, over the %d-byte text limit", len(res.Text), p.limits.MaxText)
		}
		text = res.Text
		canonicalLink, siteName = res.CanonicalURL, res.SiteName
		if rec.Title == "" {
			rec.Title = res.Title
		}
		if len(rec.Authors) == 0 {
			rec.Authors = res.Authors
		}
		if rec.PublishedAt == nil {
			rec.PublishedAt = res.PublishedAt
		}
		pageLang = res.Language
		rec.TopImage = res.TopImage
	}

	if rec.PublishedAt != nil && !plausible(*rec.PublishedAt, p.now()) {
		rec.PublishedAt = nil // a feed's or payload's date far off: unknown
	}
	rec.Title = oneLine(rec.Title)
	if len(rec.Authors) > 0 {
		authors := make([]string, 0, len(rec.Authors)) // the input stays as given
		for _, a := range rec.Authors {
			if a = oneLine(a); a != "" {
				authors = append(authors, a)
			}
		}
		rec.Authors = authors
	}

	t := p.start()
	c := clean.Clean(text)
	p.timed("clean", t)
	if strings.TrimSpace(c.Text) == "" {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, ErrNoContent)
	}
	rec.Text, rec.Removed, rec.Headings = c.Text, c.Removed, c.Headings
	if rec.Title == "" && len(c.Headings) > 0 && c.Headings[0].Start == 0 {
		// plain copy that opens with its headline
		rec.Title = c.Text[:c.Headings[0].End]
	}
	if len(rec.Authors) == 0 && len(c.Authors) > 0 {
		rec.Authors = c.Authors // from the removed bylines
	}

	// The canonical URL: the payload's, else the Source: line, else the
	// page's canonical link.
	canon := pageCanon // validate has canonicalised the payload's URL
	if canon == "" {
		for _, u := range []string{c.URL, canonicalLink} {
			if u == "" {
				continue
			}
			if cu, err := feed.CanonicalURL(u); err == nil {
				canon = cu
				break
			}
		}
	}
	rec.URL = canon
	rec.Source = firstNonEmpty(in.Source, c.Source, siteName)
	if rec.Source == "" {
		rec.Source = hostOf(canon)
	}

	t = p.start()
	sents := segment.Sentences(rec.Text)
	p.timed("segment", t)

	t = p.start()
	if rec.Language == "" {
		// the text's own language before the page's declared one: pages
		// declare the wrong one (an English article in lang="de")
		if rec.Language = lang.Detect(rec.Text); rec.Language == "" {
			rec.Language = pageLang
		}
	}
	rec.Passages = lang.Passages(rec.Text, rec.Language)
	p.timed("language", t)

	t = p.start()
	rec.Entities = p.ner.Entities(rec.Text, sents)
	p.timed("entities", t)

	t = p.start()
	rec.Quotes = quotes.Find(rec.Text, sents, rec.Entities)
	p.timed("quotes", t)

	t = p.start()
	rec.Dates = dates.Find(rec.Text, rec.PublishedAt)
	p.timed("dates", t)

	t = p.start()
	rec.Keywords = keywords.ExtractIn(rec.Text, sents, 10, rec.Language)
	p.timed("keywords", t)

	t = p.start()
	rec.Summary = summary.Summarize(rec.Text, sents, rec.Headings, 3)
	p.timed("summary", t)

	t = p.start()
	var sim uint64
	rec.ContentHash, sim = fingerprint.Sums(rec.Text)
	rec.SimHash = fingerprint.Hex(sim)
	p.timed("fingerprint", t)
	if rec.ContentHash == emptyContentHash {
		// no letter or digit: symbols, emoji, quote marks
		return nil, fmt.Errorf("%w: %w", ErrInvalid, ErrNoContent)
	}

	if canon != "" {
		rec.ID = ID(canon)
	} else {
		// ID(fingerprint.Normalize(rec.Text)): the content hash is the
		// SHA-256 of that same normalised text, in hex, so the id is its
		// first 16 digits.
		rec.ID = rec.ContentHash[:16]
	}
	rec.ProcessedAt = p.now().UTC()
	rec.PipelineVersion = Version
	normalise(rec)
	article.ToCodePoints(rec)
	return rec, nil
}

// emptyContentHash is the content hash of a text with no words.
var emptyContentHash = fingerprint.ContentHash("")

// The publication dates taken as given: from 1800 to two days after
// processing (time zones and embargoes). A feed dated 9999 would otherwise
// rank first in every index and resolve "next Tuesday" to year 10000.
var earliestPublished = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)

const maxPublishedAhead = 48 * time.Hour

func plausible(published, now time.Time) bool {
	return !published.Before(earliestPublished) && !published.After(now.Add(maxPublishedAhead))
}

// ID is the article id of a canonical URL or normalised text: the first 16
// hex digits of its SHA-256.
func ID(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:8])
}

// normalise replaces nil slices by empty ones, so the JSON has [] not null.
func normalise(r *article.Record) {
	if r.Authors == nil {
		r.Authors = []string{}
	}
	if r.Headings == nil {
		r.Headings = []article.Span{}
	}
	if r.Removed == nil {
		r.Removed = []article.Removal{}
	}
	if r.Passages == nil {
		r.Passages = []article.Passage{}
	}
	if r.Entities == nil {
		r.Entities = []article.Entity{}
	}
	for i := range r.Entities {
		if r.Entities[i].Aliases == nil {
			r.Entities[i].Aliases = []string{}
		}
		if r.Entities[i].Roles == nil {
			r.Entities[i].Roles = []string{}
		}
	}
	if r.Quotes == nil {
		r.Quotes = []article.Quote{}
	}
	if r.Dates == nil {
		r.Dates = []article.DateMention{}
	}
	if r.Keywords == nil {
		r.Keywords = []article.Keyword{}
	}
	if r.Summary == nil {
		r.Summary = []string{}
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func hostOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(pu.Hostname()), "www.")
}

// oneLine makes a title or a name one clean line: control characters
// (tabs, newlines, C1 codes) become spaces, runs of spaces collapse and the
// ends are trimmed. Scraped titles carry them ("Title\n\t\t| Site").
func oneLine(s string) string {
	clean := true
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u00a0' {
			clean = false
			break
		}
	}
	if clean && strings.TrimSpace(s) == s && !strings.Contains(s, "  ") {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

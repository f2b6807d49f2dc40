package tasks

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	json "github.com/goccy/go-json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/feed"
	"github.com/copydesk/copydesk/internal/fetch"
	"github.com/copydesk/copydesk/internal/pipeline"
)

// Metadata limits: a title or an author name is a line, not a document.
const (
	MaxTitle   = 2048
	MaxAuthors = 50
)

// Task type names: stable wire contracts.
const (
	TypeArticleProcess = "article:process"
	TypeArticleFetch   = "article:fetch"
	TypeFeedPoll       = "feed:poll"
)

// Default queues.
const (
	QueueCritical = "critical"
	QueueDefault  = "default"
	QueueLow      = "low"
)

// Defaults applied by the constructors; callers may override any of them by
// passing their own options, which come after the defaults.
//
// No retention is set: a finished task leaves asynq at once, so queues cost
// no memory for work already done. Submitter still reports a resubmitted
// article as a duplicate, from the store's TaskID → article id map.
const (
	DefaultMaxRetry = 10
	DefaultTimeout  = 2 * time.Minute
)

// ErrInvalidPayload marks a payload that can never be processed.
var ErrInvalidPayload = errors.New("invalid payload")

// MaxPayloadBytes bounds a whole payload: the HTML limit plus room for JSON
// escaping of it.
const MaxPayloadBytes = 8 << 20

// ArticleProcessPayload is the payload of article:process. Exactly one of
// Text or HTML is set.
type ArticleProcessPayload struct {
	Text        string     `json:"text,omitempty"`
	HTML        string     `json:"html,omitempty"`
	URL         string     `json:"url,omitempty"`
	Title       string     `json:"title,omitempty"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	Language    string     `json:"language,omitempty"`
	Source      string     `json:"source,omitempty"`
	Authors     []string   `json:"authors,omitempty"`
}

// ArticleFetchPayload is the payload of article:fetch. Title, PublishedAt
// and Authors are hints, usually carried over from a feed item.
type ArticleFetchPayload struct {
	URL         string     `json:"url"`
	FeedURL     string     `json:"feed_url,omitempty"`
	Title       string     `json:"title,omitempty"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	Authors     []string   `json:"authors,omitempty"`
}

// FeedPollPayload is the payload of feed:poll.
type FeedPollPayload struct {
	URL      string `json:"url"`
	MaxItems int    `json:"max_items,omitempty"`
}

// Input converts the payload into pipeline input.
func (p ArticleProcessPayload) Input() pipeline.Input {
	return pipeline.Input{
		Text: p.Text, HTML: p.HTML, URL: p.URL, Title: p.Title,
		PublishedAt: p.PublishedAt, Language: p.Language, Source: p.Source, Authors: p.Authors,
	}
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidPayload, fmt.Sprintf(format, args...))
}

// decode unmarshals a payload strictly enough to give clear reasons.
func decode(b []byte, v any) error {
	if len(b) > MaxPayloadBytes {
		return invalid("payload is %d bytes, over the %d-byte limit", len(b), MaxPayloadBytes)
	}
	if !utf8.Valid(b) {
		return invalid("payload is not valid UTF-8")
	}
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' {
		return invalid("payload is not a JSON object")
	}
	if err := json.Unmarshal(b, v); err != nil {
		return invalid("malformed JSON: %v", err)
	}
	return nil
}

// DecodeArticleProcess decodes and validates an article:process payload
// against the given limits.
func DecodeArticleProcess(b []byte, lim pipeline.Limits) (ArticleProcessPayload, error) {
	var p ArticleProcessPayload
	if err := decode(b, &p); err != nil {
		return p, err
	}
	return p, p.Validate(lim)
}

// Validate checks the payload against lim (zero fields mean defaults).
func (p ArticleProcessPayload) Validate(lim pipeline.Limits) error {
	if lim == (pipeline.Limits{}) {
		lim = pipeline.DefaultLimits
	}
	switch {
	case p.Text != "" && p.HTML != "":
		return invalid("payload has both text and html; give exactly one")
	case strings.TrimSpace(p.Text) == "" && strings.TrimSpace(p.HTML) == "":
		return invalid("payload has no text or html (or only whitespace)")
	case lim.MaxText > 0 && len(p.Text) > lim.MaxText:
		return invalid("text is %d bytes, over the %d-byte limit", len(p.Text), lim.MaxText)
	case lim.MaxHTML > 0 && len(p.HTML) > lim.MaxHTML:
		return invalid("html is %d bytes, over the %d-byte limit", len(p.HTML), lim.MaxHTML)
	case strings.ContainsRune(p.Text, 0):
		return invalid("text contains NUL bytes (binary data?)")
	case !utf8.ValidString(p.Text) || !utf8.ValidString(p.HTML) || !utf8.ValidString(p.Title):
		// JSON would turn the bytes into U+FFFD without a word
		return invalid("payload is not valid UTF-8; decode the document first (PayloadFromDocument does)")
	}
	if err := validMeta(p.Title, p.Authors); err != nil {
		return err
	}
	if p.URL != "" {
		if err := validURL(p.URL, lim.MaxURL); err != nil {
			return err
		}
	}
	if p.Language != "" && (len(p.Language) != 2 || strings.ToLower(p.Language) != p.Language) {
		return invalid("language %q is not an ISO 639-1 code", p.Language)
	}
	return nil
}

// DecodeArticleFetch decodes and validates an article:fetch payload.
func DecodeArticleFetch(b []byte, maxURL int) (ArticleFetchPayload, error) {
	var p ArticleFetchPayload
	if err := decode(b, &p); err != nil {
		return p, err
	}
	return p, p.Validate(maxURL)
}

// Validate checks the payload; maxURL ≤ 0 means the default limit.
func (p ArticleFetchPayload) Validate(maxURL int) error {
	if p.URL == "" {
		return invalid("url is required")
	}
	if err := validURL(p.URL, maxURL); err != nil {
		return err
	}
	if p.FeedURL != "" {
		if err := validURL(p.FeedURL, maxURL); err != nil {
			return err
		}
	}
	return validMeta(p.Title, p.Authors)
}

// validMeta checks a title and authors against MaxTitle and MaxAuthors.
func validMeta(title string, authors []string) error {
	if len(title) > MaxTitle {
		return invalid("title is %d bytes, over the %d-byte limit", len(title), MaxTitle)
	}
	if len(authors) > MaxAuthors {
		return invalid("%d authors, over the limit of %d", len(authors), MaxAuthors)
	}
	for _, a := range authors {
		if len(a) > MaxTitle {
			return invalid("an author is %d bytes, over the %d-byte limit", len(a), MaxTitle)
		}
	}
	return nil
}

// DecodeFeedPoll decodes and validates a feed:poll payload.
func DecodeFeedPoll(b []byte, maxURL int) (FeedPollPayload, error) {
	var p FeedPollPayload
	if err := decode(b, &p); err != nil {
		return p, err
	}
	return p, p.Validate(maxURL)
}

// Validate checks the payload; maxURL ≤ 0 means the default limit.
func (p FeedPollPayload) Validate(maxURL int) error {
	if p.URL == "" {
		return invalid("url is required")
	}
	if p.MaxItems < 0 || p.MaxItems > 10000 {
		return invalid("max_items %d out of range 0..10000", p.MaxItems)
	}
	return validURL(p.URL, maxURL)
}

func validURL(raw string, max int) error {
	if max <= 0 {
		max = pipeline.DefaultLimits.MaxURL
	}
	if len(raw) > max {
		return invalid("url is %d bytes, over the %d-byte limit", len(raw), max)
	}
	if _, err := feed.CanonicalURL(raw); err != nil {
		return invalid("url %q: %v", truncate(raw, 200), err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// TaskID returns the deterministic TaskID of a task: its type, then the
// SHA-256 of the canonical URL when there is one, else of the content.
func TaskID(typ, canonicalURLOrContent string) string {
	sum := sha256.Sum256([]byte(canonicalURLOrContent))
	return typ + ":" + hex.EncodeToString(sum[:])
}

// taskID is the TaskID of an article:process payload: of its canonical
// URL when it has one, else of its text or HTML.
func (p ArticleProcessPayload) taskID() string {
	if p.URL != "" {
		return urlTaskID(TypeArticleProcess, p.URL)
	}
	return TaskID(TypeArticleProcess, p.Text+p.HTML)
}

// urlTaskID is the TaskID of a task of type typ keyed by a URL.
func urlTaskID(typ, rawURL string) string {
	cu, _ := feed.CanonicalURL(rawURL)
	return TaskID(typ, cu)
}

func defaultOpts(queue, id string, extra []asynq.Option) []asynq.Option {
	opts := []asynq.Option{
		asynq.Queue(queue),
		asynq.MaxRetry(DefaultMaxRetry),
		asynq.Timeout(DefaultTimeout),
		asynq.TaskID(id),
	}
	return append(opts, extra...)
}

// NewArticleProcessTask validates p (with the default limits) and returns
// the task and its default options: queue "default", TaskID from the
// canonical URL or else the text/HTML. Extra opts override the defaults.
func NewArticleProcessTask(p ArticleProcessPayload, opts ...asynq.Option) (*asynq.Task, error) {
	j, err := NewArticleProcessJob(p, opts...)
	return j.Task, err
}

// NewArticleFetchTask validates p and returns the task and its default
// options: queue "default", TaskID from the canonical URL.
func NewArticleFetchTask(p ArticleFetchPayload, opts ...asynq.Option) (*asynq.Task, error) {
	j, err := NewArticleFetchJob(p, opts...)
	return j.Task, err
}

// NewFeedPollTask validates p and returns the task and its default options:
// queue "low", TaskID from the canonical feed URL, no retention (so the next
// poll is not blocked by the last one) and a shorter retry budget.
func NewFeedPollTask(p FeedPollPayload, opts ...asynq.Option) (*asynq.Task, error) {
	if err := p.Validate(0); err != nil {
		return nil, err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode payload: %w", err)
	}
	o := []asynq.Option{
		asynq.Queue(QueueLow),
		asynq.MaxRetry(3),
		asynq.Timeout(time.Minute),
		asynq.TaskID(urlTaskID(TypeFeedPoll, p.URL)),
	}
	return asynq.NewTask(TypeFeedPoll, b, append(o, opts...)...), nil
}

// LooksLikeHTML reports whether b is an HTML document rather than text.
func LooksLikeHTML(b []byte) bool {
	head := b
	if len(head) > 4096 {
		head = head[:4096]
	}
	t := bytes.ToLower(bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))))
	if bytes.HasPrefix(t, []byte("<!doctype html")) || bytes.HasPrefix(t, []byte("<html")) {
		return true
	}
	if len(t) > 0 && t[0] == '<' {
		for _, tag := range []string{"<head", "<body", "<p>", "<p ", "<div", "<article", "<meta", "<title"} {
			if bytes.Contains(t, []byte(tag)) {
				return true
			}
		}
	}
	return false
}

// PayloadFromDocument builds an article:process payload from a document's
// bytes, putting them under html or text as detected, decoded to UTF-8 as
// fetched pages are: by byte-order mark, as UTF-8 when valid, by <meta
// charset>, else as windows-1252.
func PayloadFromDocument(b []byte) ArticleProcessPayload {
	if !utf8.Valid(b) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) || bytes.HasPrefix(b, []byte{0xFF, 0xFE}) {
		b = fetch.ToUTF8(b)
	}
	if LooksLikeHTML(b) {
		return ArticleProcessPayload{HTML: string(b)}
	}
	return ArticleProcessPayload{Text: string(b)}
}

// Package article defines the copydesk record (version 1), the JSON document
// that the pipeline produces, the store keeps and downstream services read.
//
// Field names and shapes are a contract (see the README, "The record"). More
// fields may be added; none may be renamed or removed.
//
// Offsets: inside the pipeline every Start/End is a byte offset into Text, as
// Go strings are indexed. Just before a record leaves the pipeline,
// ToCodePoints rewrites them into Unicode code-point offsets, which is what
// the JSON contract promises. End is exclusive in both forms.
package article

import "time"

// Version is the record format version.
const Version = 1

// Record is one processed article.
type Record struct {
	ID          string     `json:"id"`
	URL         string     `json:"url"`
	Source      string     `json:"source"`
	Title       string     `json:"title"`
	Authors     []string   `json:"authors"`
	PublishedAt *time.Time `json:"published_at"`
	Language    string     `json:"language"`
	TopImage    string     `json:"top_image,omitempty"`

	Text     string    `json:"text"`
	Headings []Span    `json:"headings"`
	Removed  []Removal `json:"removed"`
	Passages []Passage `json:"passages"`

	Entities []Entity      `json:"entities"`
	Quotes   []Quote       `json:"quotes"`
	Dates    []DateMention `json:"dates"`
	Keywords []Keyword     `json:"keywords"`
	Summary  []string      `json:"summary"`

	ContentHash string  `json:"content_hash"`
	SimHash     string  `json:"simhash"`
	DuplicateOf *string `json:"duplicate_of"`
	StoryID     *string `json:"story_id"`

	// FirstSeenAt is when the store first wrote this article; it orders
	// near-duplicates when published_at is unknown. Set by the store.
	FirstSeenAt     *time.Time `json:"first_seen_at,omitempty"`
	ProcessedAt     time.Time  `json:"processed_at"`
	PipelineVersion string     `json:"pipeline_version"`
}

// Span is a half-open range [Start, End) of Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Removal kinds.
const (
	RemovedPromo  = "promo"
	RemovedDebris = "debris"
	RemovedSource = "source"
	RemovedByline = "byline"
	RemovedShare  = "share"
	RemovedOther  = "other"
)

// Removal is a piece of boilerplate that cleaning took out of the text.
type Removal struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// Passage is a stretch of Text written in another language than the article.
type Passage struct {
	Language string `json:"language"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// Entity types.
const (
	Person       = "person"
	Organization = "organization"
	Location     = "location"
)

// Entity is a person, organisation or location named in the article, under
// its canonical (longest, fullest) name within the article.
type Entity struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Aliases  []string `json:"aliases"`
	Roles    []string `json:"roles"`
	Mentions []Span   `json:"mentions"`
	Country  string   `json:"country,omitempty"`
	Lat      *float64 `json:"lat,omitempty"`
	Lon      *float64 `json:"lon,omitempty"`
}

// Quote is a direct quotation and, when it can be attributed, its speaker.
// Start/End cover the quoted words, without the quotation marks.
type Quote struct {
	Text    string  `json:"text"`
	Speaker *string `json:"speaker"`
	Verb    string  `json:"verb"`
	Start   int     `json:"start"`
	End     int     `json:"end"`
}

// DateMention is a date expression in Text. Value is an ISO 8601 date
// ("2024-06-19"), a month ("2024-06"), a year ("2024") or a year range
// ("1950/1953"); nil when it cannot be resolved.
type DateMention struct {
	Text  string  `json:"text"`
	Start int     `json:"start"`
	End   int     `json:"end"`
	Value *string `json:"value"`
}

// Keyword is a key phrase with its relevance score (higher is better).
type Keyword struct {
	Text  string  `json:"text"`
	Score float64 `json:"score"`
}

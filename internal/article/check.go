package article

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	hex16 = regexp.MustCompile(`^[0-9a-f]{16}$`)
	hex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)
	iso2  = regexp.MustCompile(`^[A-Z]{2}$`)
	lang2 = regexp.MustCompile(`^[a-z]{2}$`)
	value = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$|^\d{4}/\d{4}$`)
)

// Check reports every way r breaks the record contract: ids and hashes,
// code-point offsets into Text, mention surfaces that are not the entity's
// name or an alias, quote spans that do not hold the quote, and invalid
// UTF-8. It checks shape, not whether the answers are right. r must already
// be in code-point form (see ToCodePoints).
func Check(r *Record) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if !hex16.MatchString(r.ID) {
		bad("id %q: want 16 lowercase hex digits", r.ID)
	}
	if !hex16.MatchString(r.SimHash) {
		bad("simhash %q: want 16 lowercase hex digits", r.SimHash)
	}
	if !hex64.MatchString(r.ContentHash) {
		bad("content_hash %q: want 64 lowercase hex digits", r.ContentHash)
	}
	if r.Language != "" && !lang2.MatchString(r.Language) {
		bad("language %q: want ISO 639-1", r.Language)
	}
	for name, s := range map[string]string{"text": r.Text, "title": r.Title, "url": r.URL, "source": r.Source} {
		if !utf8.ValidString(s) {
			bad("%s is not valid UTF-8", name)
		}
	}
	runes := []rune(r.Text)
	span := func(where string, start, end int) (string, bool) {
		if start < 0 || start >= end || end > len(runes) {
			bad("%s: span %d..%d outside text of %d code points", where, start, end, len(runes))
			return "", false
		}
		return string(runes[start:end]), true
	}
	for i, h := range r.Headings {
		span(fmt.Sprintf("headings[%d]", i), h.Start, h.End)
	}
	for i, p := range r.Passages {
		span(fmt.Sprintf("passages[%d]", i), p.Start, p.End)
		if !lang2.MatchString(p.Language) {
			bad("passages[%d]: language %q", i, p.Language)
		}
	}
	for i, rm := range r.Removed {
		switch rm.Kind {
		case RemovedPromo, RemovedDebris, RemovedSource, RemovedByline, RemovedShare, RemovedOther:
		default:
			bad("removed[%d]: kind %q", i, rm.Kind)
		}
	}
	names := map[string]bool{}
	for i, e := range r.Entities {
		where := fmt.Sprintf("entities[%d] %q", i, e.Name)
		switch e.Type {
		case Person, Organization, Location:
		default:
			bad("%s: type %q", where, e.Type)
		}
		if e.Country != "" && !iso2.MatchString(e.Country) {
			bad("%s: country %q", where, e.Country)
		}
		if e.Country != "" && e.Type != Location {
			bad("%s: country on a %s", where, e.Type)
		}
		if len(e.Mentions) == 0 {
			bad("%s: no mentions", where)
		}
		surfaces := map[string]bool{e.Name: true}
		for _, a := range e.Aliases {
			surfaces[a] = true
		}
		for j, m := range e.Mentions {
			if s, ok := span(fmt.Sprintf("%s mentions[%d]", where, j), m.Start, m.End); ok && !surfaces[s] {
				bad("%s mentions[%d]: surface %q is neither the name nor an alias", where, j, s)
			}
		}
		names[e.Name] = true
	}
	for i, q := range r.Quotes {
		where := fmt.Sprintf("quotes[%d]", i)
		if s, ok := span(where, q.Start, q.End); ok && s != q.Text {
			bad("%s: span holds %q, not the quote text %q", where, s, q.Text)
		}
		if q.Speaker != nil && !names[*q.Speaker] {
			bad("%s: speaker %q is not an entity name", where, *q.Speaker)
		}
	}
	for i, d := range r.Dates {
		where := fmt.Sprintf("dates[%d]", i)
		if s, ok := span(where, d.Start, d.End); ok && s != d.Text {
			bad("%s: span holds %q, not %q", where, s, d.Text)
		}
		if d.Value != nil && !value.MatchString(*d.Value) {
			bad("%s: value %q is not an ISO 8601 date, month, year or year range", where, *d.Value)
		}
	}
	for i, s := range r.Summary {
		if s == "" || !strings.Contains(r.Text, s) {
			bad("summary[%d] is not verbatim from text", i)
		}
	}
	if r.DuplicateOf != nil && !hex16.MatchString(*r.DuplicateOf) {
		bad("duplicate_of %q: want an article id", *r.DuplicateOf)
	}
	return errs
}

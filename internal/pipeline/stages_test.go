package pipeline_test

import (
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/clean"
	"github.com/copydesk/copydesk/internal/dates"
	"github.com/copydesk/copydesk/internal/fingerprint"
	"github.com/copydesk/copydesk/internal/keywords"
	"github.com/copydesk/copydesk/internal/lang"
	"github.com/copydesk/copydesk/internal/ner"
	"github.com/copydesk/copydesk/internal/quotes"
	"github.com/copydesk/copydesk/internal/segment"
	"github.com/copydesk/copydesk/internal/summary"
)

// BenchmarkStagesInTurn runs the pipeline's stages on the seed one after
// the other, as Process does, and reports each stage's time per article
// (µs) as its own metric: next to each stage's own benchmark, which runs it
// alone and warm, it shows what a stage costs when the others have run
// before it.
func BenchmarkStagesInTurn(b *testing.B) {
	raw := seed(b)
	r, err := ner.New()
	if err != nil {
		b.Fatal(err)
	}
	c := clean.Clean(raw)
	text := c.Text
	sents := segment.Sentences(text)
	ents := r.Entities(text, sents)
	stages := []struct {
		name string
		run  func()
	}{
		{"clean", func() { clean.Clean(raw) }},
		{"sentences", func() { segment.Sentences(text) }},
		{"language", func() { lang.Detect(text); lang.Passages(text, "en") }},
		{"entities", func() { r.Entities(text, sents) }},
		{"quotes", func() { quotes.Find(text, sents, ents) }},
		{"dates", func() { dates.Find(text, nil) }},
		{"keywords", func() { keywords.ExtractIn(text, sents, 10, "en") }},
		{"summary", func() { summary.Summarize(text, sents, c.Headings, 3) }},
		{"fingerprint", func() { fingerprint.Sums(text) }},
	}
	spent := make([]time.Duration, len(stages))
	for b.Loop() {
		for i, s := range stages {
			t := time.Now()
			s.run()
			spent[i] += time.Since(t)
		}
	}
	for i, s := range stages {
		b.ReportMetric(float64(spent[i].Microseconds())/float64(b.N), s.name+"-µs/op")
	}
}

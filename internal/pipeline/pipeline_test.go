package pipeline_test

import (
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/pipeline"
)

var (
	plOnce sync.Once
	pl     *pipeline.Pipeline
	plErr  error
)

func newPipeline(t testing.TB) *pipeline.Pipeline {
	plOnce.Do(func() {
		pl, plErr = pipeline.New(pipeline.Options{Now: func() time.Time {
			return time.Date(2024, 6, 20, 12, 0, 0, 0, time.UTC)
		}})
	})
	if plErr != nil {
		t.Fatal(plErr)
	}
	return pl
}

func seed(t testing.TB) string {
	b, err := os.ReadFile("../../examples/seed-putin-north-korea.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func entity(r *article.Record, name string) *article.Entity {
	for i := range r.Entities {
		if r.Entities[i].Name == name {
			return &r.Entities[i]
		}
	}
	return nil
}

// TestSeedRecord runs the whole pipeline on the seed and checks the record
// against the contract and against facts read off the article by eye.
func TestSeedRecord(t *testing.T) {
	p := newPipeline(t)
	pub := time.Date(2024, 6, 19, 10, 0, 0, 0, time.UTC)
	rec, err := p.Process(pipeline.Input{Text: seed(t), PublishedAt: &pub})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range article.Check(rec) {
		t.Error(e)
	}
	const url = "https://www.noticiascaracol.com/mundo/vladimir-putin-viajo-a-corea-del-norte-luego-de-25-anos-para-afianzar-alianzas-militares-cb20"
	if rec.URL != url || rec.Source != "noticiascaracol.com" || rec.ID != pipeline.ID(url) {
		t.Errorf("url %q source %q id %q", rec.URL, rec.Source, rec.ID)
	}
	if rec.Language != "en" {
		t.Errorf("language %q", rec.Language)
	}
	for _, junk := range []string{">>>", "Leave a Reply", "Source:"} {
		if strings.Contains(rec.Text, junk) {
			t.Errorf("text keeps %q", junk)
		}
	}
	kinds := map[string]int{}
	for _, r := range rec.Removed {
		kinds[r.Kind]++
	}
	if kinds["promo"] != 2 || kinds["source"] != 1 || kinds["debris"] != 1 {
		t.Errorf("removed kinds = %v, want 2 promo, 1 source, 1 debris", kinds)
	}
	if !strings.Contains(rec.Text, "countries” declared White House") || !strings.Contains(rec.Text, "Ukraine” Kuleba told AFP") {
		t.Error("closing quotes glued to the next word were not repaired")
	}
	// Every person the article names, under the canonical name.
	for _, name := range []string{"Vladimir Putin", "Jens Stoltenberg", "John Kirby", "Yuri Ushakov", "Sergei Lavrov",
		"Andrei Belousov", "Dmytro Kuleba", "Kim Jong Un", "Kim Jong Il", "Yoon Suk Yeol"} {
		if e := entity(rec, name); e == nil || e.Type != article.Person {
			t.Errorf("person %q missing", name)
		}
	}
	for _, name := range []string{"NATO", "International Criminal Court", "AFP", "KCNA"} {
		if e := entity(rec, name); e == nil || e.Type != article.Organization {
			t.Errorf("organization %q missing", name)
		}
	}
	for name, cc := range map[string]string{"North Korea": "KP", "Pyongyang": "KP", "Russia": "RU", "Ukraine": "UA",
		"Moscow": "RU", "Seoul": "KR", "Beijing": "CN", "South Korea": "KR"} {
		e := entity(rec, name)
		if e == nil || e.Type != article.Location || e.Country != cc || e.Lat == nil || e.Lon == nil {
			t.Errorf("location %q: %+v, want country %s with coordinates", name, e, cc)
		}
	}
	if e := entity(rec, "Vladimir Putin"); e != nil {
		aliases := strings.Join(e.Aliases, "|")
		if !strings.Contains(aliases, "Putin") || len(e.Mentions) != 13 {
			t.Errorf("Putin aliases %v, %d mentions, want 13 (14 in the copy, 1 in a removed promo)", e.Aliases, len(e.Mentions))
		}
	}
	if e := entity(rec, "Kim Jong Il"); e != nil && len(e.Mentions) != 1 {
		t.Errorf("Kim Jong Il has %d mentions, want 1 (bare “Kim” is Kim Jong Un)", len(e.Mentions))
	}
	for _, n := range []string{"Russian", "North Korean", "Ukrainian"} {
		if entity(rec, n) != nil {
			t.Errorf("nationality adjective %q listed as an entity", n)
		}
	}
	// Quotes and speakers, read off the article.
	speakers := map[string]string{
		"What worries us":         "John Kirby",
		"The best way to respond": "Dmytro Kuleba",
		"firmly supports":         "Vladimir Putin",
		"stop blaming":            "Beijing",
		"Russia has supported":    "Vladimir Putin",
	}
	for prefix, who := range speakers {
		found := false
		for _, q := range rec.Quotes {
			if strings.HasPrefix(q.Text, prefix) {
				found = true
				if q.Speaker == nil || *q.Speaker != who {
					t.Errorf("quote %q: speaker %v, want %s", prefix, q.Speaker, who)
				}
			}
		}
		if !found {
			t.Errorf("quote %q not found", prefix)
		}
	}
	for _, q := range rec.Quotes {
		if q.Text == "Brothers in arms" {
			t.Error("the quoted heading “Brothers in arms” was taken as a quote")
		}
	}
	if len(rec.Passages) != 1 || rec.Passages[0].Language != "es" ||
		string([]rune(rec.Text)[rec.Passages[0].Start:rec.Passages[0].End]) != "a Corea del Norte" {
		t.Errorf("passages = %+v, want the Spanish “a Corea del Norte”", rec.Passages)
	}
	dates := map[string]string{}
	for _, d := range rec.Dates {
		if d.Value != nil {
			dates[d.Text] = *d.Value
		}
	}
	if dates["February 2022"] != "2022-02" || dates["1950-1953"] != "1950/1953" {
		t.Errorf("dates = %v", dates)
	}
	if len(rec.Summary) != 3 || !strings.HasPrefix(rec.Summary[0], "Russian President Vladimir Putin arrived") {
		t.Errorf("summary = %q", rec.Summary)
	}
	if len(rec.Keywords) == 0 {
		t.Error("no keywords")
	}
}

func TestDeterministicAndInvalid(t *testing.T) {
	p := newPipeline(t)
	a, err := p.Process(pipeline.Input{Text: seed(t)})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := p.Process(pipeline.Input{Text: seed(t)})
	if a.ContentHash != b.ContentHash || a.SimHash != b.SimHash || len(a.Entities) != len(b.Entities) {
		t.Error("the same input gave different records")
	}
	for name, in := range map[string]pipeline.Input{
		"empty":    {Text: " \n "},
		"both":     {Text: "a", HTML: "<p>a</p>"},
		"utf8":     {Text: "caf\xe9"},
		"too long": {Text: strings.Repeat("a", pipeline.DefaultLimits.MaxText+1)},
		"bad url":  {Text: "a", URL: "ftp://example.com/x"},
		"no text":  {HTML: "<html><body><nav><a href=/>Home</a></nav></body></html>"},
	} {
		if _, err := p.Process(in); !errors.Is(err, pipeline.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}

func TestHTMLInput(t *testing.T) {
	p := newPipeline(t)
	html := `<!doctype html><html lang="en"><head><title>Harbour reopens | Coast News</title>
<link rel="canonical" href="https://example.com/news/harbour"><meta property="og:site_name" content="Coast News"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Harbour reopens</h1>
<p>The harbour of Valparaíso reopened on Tuesday after a week of repairs, the port authority said.</p>
<p>“Ships can dock again,” said port director Elena Soto, adding that traffic would be back to normal by Friday.</p>
<p>Fishermen had waited for days for the cranes to be fixed, and many welcomed the news at the quay.</p>
</article><footer>© Coast News. Share this article.</footer></body></html>`
	rec, err := p.Process(pipeline.Input{HTML: html})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range article.Check(rec) {
		t.Error(e)
	}
	if rec.URL != "https://example.com/news/harbour" || !strings.Contains(rec.Title, "Harbour reopens") {
		t.Errorf("url %q title %q", rec.URL, rec.Title)
	}
	if strings.Contains(rec.Text, "Home") || !strings.Contains(rec.Text, "Valparaíso") {
		t.Errorf("text = %q", rec.Text)
	}
	if len(rec.Quotes) != 1 || rec.Quotes[0].Speaker == nil || *rec.Quotes[0].Speaker != "Elena Soto" {
		t.Errorf("quotes = %+v", rec.Quotes)
	}
}

func BenchmarkPipelineSeed(b *testing.B) {
	p := newPipeline(b)
	in := pipeline.Input{Text: seed(b)}
	b.SetBytes(int64(len(in.Text)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Process(in); err != nil {
			b.Fatal(err)
		}
	}
}

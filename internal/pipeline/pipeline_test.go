package pipeline_test

import (
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/fingerprint"
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
		// no letter or digit: every such text would get one id, that of ""
		"no words": {Text: strings.Repeat("👨‍👩‍👧‍👦 “”« » ", 150), URL: "https://example.com/emoji"},
		// the text limit holds for text extracted from html too
		"extracted too long": {HTML: "<html><body><article><p>" + strings.Repeat("buffalo ", pipeline.DefaultLimits.MaxText/8+16) +
			"</p></article></body></html>"},
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

// TestDeclaredLanguage checks that the text's language wins over the one
// a page declares, and that the payload's own language is kept.
func TestDeclaredLanguage(t *testing.T) {
	p := newPipeline(t)
	html := `<!doctype html><html lang="de"><head><title>Harbour reopens</title></head><body><article>
<p>The harbour of Valparaíso reopened on Tuesday after a week of repairs, the port authority said.</p>
<p>Fishermen had waited for days for the cranes to be fixed, and many of them welcomed the news at the quay.</p>
</article></body></html>`
	rec, err := p.Process(pipeline.Input{HTML: html})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Language != "en" {
		t.Errorf("language %q, want en: the text's, not the page's de", rec.Language)
	}
	rec, err = p.Process(pipeline.Input{HTML: html, Language: "de"})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Language != "de" {
		t.Errorf("language %q, want the payload's de", rec.Language)
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

// TestMoreArticles checks two more structures, written for the tests (see
// internal/clean/testdata/SOURCES.md): a wire story with bylines and a
// credit line, and copy machine-translated from Spanish with Spanish promos.
// The expectations were read off the texts by eye.
func TestMoreArticles(t *testing.T) {
	p := newPipeline(t)
	read := func(name string) string {
		b, err := os.ReadFile("../clean/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	wire, err := p.Process(pipeline.Input{Text: read("wire.txt")})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range article.Check(wire) {
		t.Error("wire:", e)
	}
	kinds := map[string]int{}
	for _, r := range wire.Removed {
		kinds[r.Kind]++
	}
	if kinds["byline"] != 2 || strings.Contains(wire.Text, "All rights reserved") || strings.Contains(wire.Text, "Editing by") {
		t.Errorf("wire: removed %v; text must lose both bylines and the credit line", kinds)
	}
	for name, typ := range map[string]string{"Charles Avery": article.Person, "J. R. Dunmore": article.Person,
		"Lisa Marsh": article.Person, "Reuters": article.Organization, "Pentagon": article.Organization,
		"New York": article.Location, "Ukraine": article.Location} {
		if e := entity(wire, name); e == nil || e.Type != typ {
			t.Errorf("wire: %s should be a %s", name, typ)
		}
	}
	want := map[string]string{"We have done our part": "Charles Avery", "Now it is up to the House.": "Charles Avery",
		"as soon as possible.": "J. R. Dunmore"}
	if len(wire.Quotes) != len(want) {
		t.Errorf("wire: %d quotes, want %d", len(wire.Quotes), len(want))
	}
	for _, q := range wire.Quotes {
		if who, ok := want[q.Text]; !ok || q.Speaker == nil || *q.Speaker != who {
			t.Errorf("wire: quote %q speaker %v", q.Text, q.Speaker)
		}
	}

	es, err := p.Process(pipeline.Input{Text: read("translated.txt")})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range article.Check(es) {
		t.Error("translated:", e)
	}
	if es.URL != "https://www.elnoticiero.example.co/colombia/medellin/plan-de-movilidad-2025" || es.Source != "elnoticiero.example.co" {
		t.Errorf("translated: url %q source %q (from the Fuente: line)", es.URL, es.Source)
	}
	kinds = map[string]int{}
	for _, r := range es.Removed {
		kinds[r.Kind]++
	}
	if kinds["promo"] != 3 || kinds["source"] != 1 || kinds["debris"] != 1 {
		t.Errorf("translated: removed %v, want 3 Spanish promos, the Fuente line and “Deja un comentario”", kinds)
	}
	if e := entity(es, "Federico Ríos"); e == nil || e.Type != article.Person || len(e.Roles) == 0 {
		t.Errorf("translated: Federico Ríos with his role: %+v", e)
	}
	if e := entity(es, "Medellín"); e == nil || e.Country != "CO" {
		t.Errorf("translated: Medellín in CO: %+v", e)
	}
	if len(es.Quotes) != 1 || es.Quotes[0].Speaker == nil || *es.Quotes[0].Speaker != "Federico Ríos" {
		t.Errorf("translated: quotes %+v", es.Quotes)
	}
	if len(es.Passages) != 1 || es.Passages[0].Language != "es" ||
		string([]rune(es.Text)[es.Passages[0].Start:es.Passages[0].End]) != "el centro de la ciudad" {
		t.Errorf("translated: passages %+v", es.Passages)
	}
	got := map[string]string{}
	for _, d := range es.Dates {
		if d.Value != nil {
			got[d.Text] = *d.Value
		}
	}
	if got["March 3, 2025"] != "2025-03-03" || got["2018 and 2020"] != "2018/2020" {
		t.Errorf("translated: dates %v", got)
	}
}

// TestIDWithoutURL checks that an article without any URL is identified by
// its normalised text.
func TestIDWithoutURL(t *testing.T) {
	p := newPipeline(t)
	text := "Harbour reopens after storm\n\nThe port of Valparaíso reopened on Monday, officials said. “We are back,” said Elena Soto."
	rec, err := p.Process(pipeline.Input{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if rec.URL != "" || rec.ID != pipeline.ID(fingerprint.Normalize(rec.Text)) {
		t.Errorf("url %q id %q, want the id of the normalised text %q", rec.URL, rec.ID, pipeline.ID(fingerprint.Normalize(rec.Text)))
	}
}

// TestTitleAndAuthorsOneLine checks that titles and author names lose the
// control characters and runs of spaces scraping leaves, from the payload
// and from HTML alike, and that the input is not changed.
func TestTitleAndAuthorsOneLine(t *testing.T) {
	p := newPipeline(t)
	authors := []string{" Ana\tRuiz\n", "\u0085", "Li  Wei"}
	rec, err := p.Process(pipeline.Input{Text: seed(t), Title: "Putin in\n\t\tPyongyang\u0007 ", Authors: authors})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Title != "Putin in Pyongyang" {
		t.Errorf("title %q", rec.Title)
	}
	if strings.Join(rec.Authors, "|") != "Ana Ruiz|Li Wei" {
		t.Errorf("authors %q", rec.Authors)
	}
	if authors[0] != " Ana\tRuiz\n" {
		t.Error("the input's authors were changed")
	}
	html := "<html><head><title>Harbour\n   news\r\n</title></head><body><article><h1>Harbour\n news</h1>" +
		strings.Repeat("<p>The ferry to Isla Negra left on time on Tuesday, the port office said in a statement.</p>", 8) +
		"</article></body></html>"
	rec, err = p.Process(pipeline.Input{HTML: html})
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(rec.Title, "\n\r\t") || strings.Contains(rec.Title, "  ") || rec.Title == "" {
		t.Errorf("HTML title %q", rec.Title)
	}
}

// TestHarbourQuotes runs an article written for the tests (see
// internal/clean/testdata/SOURCES.md) whose quotes use the common
// attribution patterns; every speaker was read off the text by eye.
func TestHarbourQuotes(t *testing.T) {
	p := newPipeline(t)
	b, err := os.ReadFile("../clean/testdata/harbour.txt")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := p.Process(pipeline.Input{Text: string(b)})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range article.Check(rec) {
		t.Error(e)
	}
	want := map[string]string{
		"We are ready":                                  "Marta Quiroga",
		"The ships are already here.":                   "Marta Quiroga",
		"met every safety standard.":                    "Ministry of Transport",
		"People have waited ten years for this":         "Marta Quiroga", // "she added"
		"were not consulted at all.":                    "Luis Ferrada",  // "according to"
		"It is a good day for the city":                 "Jorge Sharp",   // "Mayor Jorge Sharp wrote"
		"They built it without us":                      "Luis Ferrada",
		"and they will run it without us.":              "Luis Ferrada",
		"unfair and outdated.":                          "Naviera Austral",
		"This is what public investment looks like":     "Gabriel Boric", // "the president said"
		"We will keep the budget in balance":            "Mario Marcel",  // "said the minister"
		"will need subsidies for years.":                "",              // an unnamed official
		"Nobody asked the fishermen":                    "Ana Pérez",     // "said one resident, Ana Pérez"
		"Now the boats have nowhere to go.":             "Ana Pérez",
		"would be compensated.":                         "", // "Officials said"
		"The figures are public. Anyone can read them.": "Mario Marcel",
		"a very expensive photo opportunity.":           "Evelyn Matthei",
		"We will look at every peso":                    "Renovación Nacional", // "it said"
	}
	if len(rec.Quotes) != len(want) {
		t.Errorf("%d quotes, want %d", len(rec.Quotes), len(want))
	}
	for _, q := range rec.Quotes {
		who, ok := want[q.Text]
		got := ""
		if q.Speaker != nil {
			got = *q.Speaker
		}
		if !ok || got != who {
			t.Errorf("quote %q: speaker %q, want %q", q.Text, got, who)
		}
	}
	if e := entity(rec, "Naviera Austral"); e == nil || e.Type != article.Organization {
		t.Errorf("Naviera Austral: %+v, want an organisation", e)
	}
}

// TestImplausiblePublicationDate drops a date far in the future or the
// past (the test clock is 2024-06-20): it would rank first in every index
// and resolve "next Tuesday" to year 10000.
func TestImplausiblePublicationDate(t *testing.T) {
	p := newPipeline(t)
	for _, c := range []struct {
		at   time.Time
		keep bool
	}{
		{time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), false},
		{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{time.Date(2024, 6, 22, 0, 0, 0, 0, time.UTC), true}, // within two days
		{time.Date(1969, 7, 21, 0, 0, 0, 0, time.UTC), true},
	} {
		at := c.at
		rec, err := p.Process(pipeline.Input{Text: "The harbour reopens next Tuesday, the port office in Valparaíso said.", PublishedAt: &at})
		if err != nil {
			t.Fatal(err)
		}
		if kept := rec.PublishedAt != nil; kept != c.keep {
			t.Errorf("published %v: kept %v, want %v", c.at, kept, c.keep)
		}
		for _, d := range rec.Dates {
			if d.Value != nil && strings.HasPrefix(*d.Value, "10000") {
				t.Errorf("published %v: date %q resolved to %s", c.at, d.Text, *d.Value)
			}
		}
	}
}

// TestTitleFromHeadline takes the title of plain copy from its opening
// headline when the payload gives none.
func TestTitleFromHeadline(t *testing.T) {
	p := newPipeline(t)
	text := "Council Votes to Close Pier After Storm\n\nThe town council in Quintero voted on Monday to close the old pier after a storm damaged its pilings, officials said."
	rec, err := p.Process(pipeline.Input{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Title != "Council Votes to Close Pier After Storm" {
		t.Errorf("title %q", rec.Title)
	}
	rec, err = p.Process(pipeline.Input{Text: text, Title: "Pier closed"})
	if err != nil || rec.Title != "Pier closed" {
		t.Errorf("a given title must win: %q, %v", rec.Title, err)
	}
	rec, err = p.Process(pipeline.Input{Text: "The town council in Quintero voted on Monday to close the old pier, officials said."})
	if err != nil || rec.Title != "" {
		t.Errorf("copy without a headline: title %q, %v", rec.Title, err)
	}
}

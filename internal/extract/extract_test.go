package extract

import (
	"errors"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// shared is built once: Extractor is meant to be reused.
var shared = New(Options{})

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExtractArticlePage(t *testing.T) {
	page := readTestdata(t, "article.html")
	u := mustURL(t, "https://www.coastal-ledger.example/news/2024/06/harbour-town-tidal-mill?utm_source=feed")
	r, err := shared.Extract(page, u)
	if err != nil {
		t.Fatal(err)
	}
	wantParas := []string{
		"Councillors in Brackwater voted on Tuesday evening to rebuild the town's tidal mill, a stone building that ground grain on the ebb tide for almost three centuries before it fell silent in the 1960s.",
		"The plan, approved by nine votes to four, sets aside £2.4 million over five years. Most of the money will come from a regional heritage fund, with the rest raised by the Friends of the Mill, a volunteer group that has campaigned for the restoration since 2009.",
		`"We are not building a museum piece," said the council leader, Agnes Pell. "The wheel will turn again, and it will make flour that people can buy on the quay."`,
		"Engineers told the meeting that the tide pool behind the mill, which fills twice a day through a one-way gate, could also drive a small turbine. At spring tides it holds roughly 40,000 cubic metres of water, enough to run the wheel for about four hours on each ebb.",
		"Objections over cost",
		"Opponents argued that the town had more pressing needs. Councillor Rhys Dane, who voted against the plan, pointed to the closure of the harbour's only chandlery and a waiting list for moorings that has grown to six years.",
		"Heritage is lovely, but you cannot eat nostalgia, and you certainly cannot moor a boat in it.",
		"Supporters replied that the mill would bring visitors in the quiet months. A study commissioned by the council estimated that it could attract 30,000 people a year and support a dozen jobs.",
		"Work is due to start in the spring, once the mill pond has been surveyed for nesting birds. The first flour could be milled by the summer of 2027.\nThe council will publish the full tender documents next month.",
	}
	if diff := cmp.Diff(wantParas, strings.Split(r.Text, "\n\n")); diff != "" {
		t.Errorf("paragraphs (-want +got):\n%s", diff)
	}
	for _, junk := range []string{"Advertisement", "Related:", "Sign up", "newsletter", "Photo", "Tags",
		"Share this", "Facebook", "More from News", "Ferry timetable", "Comments", "grandfather",
		"Leave a Reply", "All rights reserved", "Skip to content", "Harbour town votes"} {
		if strings.Contains(r.Text, junk) {
			t.Errorf("text keeps boilerplate %q", junk)
		}
	}

	published := time.Date(2024, 6, 19, 6, 30, 0, 0, time.UTC)
	want := Result{
		Text:         r.Text,
		Title:        "Harbour town votes to rebuild its tidal mill",
		Authors:      []string{"Maren Holt", "Idris Okafor"},
		PublishedAt:  &published,
		CanonicalURL: "https://www.coastal-ledger.example/news/2024/06/harbour-town-tidal-mill",
		SiteName:     "The Coastal Ledger",
		Language:     "en",
		TopImage:     "https://www.coastal-ledger.example/media/2024/06/mill-lead.jpg",
	}
	if diff := cmp.Diff(&want, r); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
}

// bodyOf wraps paragraphs into a page with enough story text for the
// extractors to recognise it, plus the usual surroundings.
func pageWith(head, story string) []byte {
	filler := `<p>The harbour authority said the quay would stay open during the works, although boats may be asked to use the outer berths for several weeks while the sluice is rebuilt and tested.</p>
<p>Local traders welcomed the decision and said that the restored mill could become a reason for visitors to stay an extra day in the town, especially outside the summer season.</p>
<p>A public exhibition of the plans will be held in the library next month, and residents will be able to comment on the design before the final drawings are approved.</p>`
	return []byte(`<!DOCTYPE html><html><head>` + head + `</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><div class="body">` + story + filler + `</div></article>
<footer><a href="/about">About</a> <a href="/privacy">Privacy</a></footer></body></html>`)
}

func TestExtractKeepsInlineSpacing(t *testing.T) {
	story := `<p>LONDON (<a href="/agency">Reuters</a>) - The defence was built against <a href="/p/1"><strong>Mason Rudolph</strong></a> (well, twelve hits if you count the last one), and the coach called it a <em>W</em>ord of warning for the 20<sup>th</sup> time this season.</p>
<p>Visitors walked 10&nbsp;km along the <a href="/coast">coast path</a>, <em>then</em> <strong>rested</strong> at the <span>old</span><span> lighthouse</span>, where the keeper&#39;s <a href="/log">logbook</a>is kept.</p>`
	r, err := shared.Extract(pageWith("", story), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"LONDON (Reuters) - The defence was built against Mason Rudolph (well, twelve hits if you count the last one), and the coach called it a Word of warning for the 20th time this season.",
		"Visitors walked 10 km along the coast path, then rested at the old lighthouse, where the keeper's logbookis kept.",
	} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("text lacks %q; got:\n%s", want, r.Text)
		}
	}
}

func TestExtractLineBreaks(t *testing.T) {
	// Old templates put a whole story in one element, paragraphs split by
	// double line breaks.
	story := `<div class="story">The storm reached the coast shortly after midnight, bringing gusts of more than 100 km/h and flooding several low-lying streets near the harbour wall.<br><br>
Emergency services said no one had been hurt, but more than two hundred homes lost power for several hours while engineers repaired a damaged substation.<br>
Power was restored by six in the morning.<br><br>
The coastguard has asked people to keep away from the sea front until the spring tides have passed at the end of the week.</div>`
	r, err := shared.Extract(pageWith("", story), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "The storm reached the coast shortly after midnight, bringing gusts of more than 100 km/h and flooding several low-lying streets near the harbour wall.\n\n" +
		"Emergency services said no one had been hurt, but more than two hundred homes lost power for several hours while engineers repaired a damaged substation.\nPower was restored by six in the morning.\n\n" +
		"The coastguard has asked people to keep away from the sea front until the spring tides have passed at the end of the week."
	if !strings.Contains(r.Text, want) {
		t.Errorf("got:\n%s\nwant it to contain:\n%s", r.Text, want)
	}
}

func TestExtractMetadata(t *testing.T) {
	t.Run("json-ld", func(t *testing.T) {
		head := `<title>Mill plan approved - Ledger</title>
<script type="application/ld+json">[{"@type":"BreadcrumbList"},{"@type":["NewsArticle"],"headline":"Mill plan approved",
"author":"By Jane Doe and John Roe","datePublished":"2024-06-19T08:30:00","image":["/img/a.jpg","/img/b.jpg"],
"publisher":{"@type":"Organization","name":"Ledger"},"url":"https://ledger.example/mill"}]</script>`
		r, err := shared.Extract(pageWith(head, ""), mustURL(t, "https://www.ledger.example/mill?ref=rss"))
		if err != nil {
			t.Fatal(err)
		}
		published := time.Date(2024, 6, 19, 8, 30, 0, 0, time.UTC)
		want := Result{Text: r.Text, Title: "Mill plan approved", Authors: []string{"Jane Doe", "John Roe"},
			PublishedAt: &published, CanonicalURL: "https://ledger.example/mill", SiteName: "Ledger",
			TopImage: "https://www.ledger.example/img/a.jpg"}
		if diff := cmp.Diff(&want, r); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("fact check", func(t *testing.T) {
		// a ClaimReview is the article; the author of the claim it
		// reviews is not the article's author
		head := `<script type="application/ld+json">{"@type":"ClaimReview","headline":"Mill owners: the river is clean",
"itemReviewed":{"@type":"CreativeWork","author":{"@type":"Person","name":"The mill owners and their lawyers"}},
"author":{"@type":"Person","name":"Ana Ruiz"},"datePublished":"2024-06-19"}</script>`
		r, err := shared.Extract(pageWith(head, ""), mustURL(t, "https://checks.example/mill"))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(r.Authors, []string{"Ana Ruiz"}) || r.Title != "Mill owners: the river is clean" {
			t.Errorf("authors %q, title %q; want the review's author and headline", r.Authors, r.Title)
		}
	})
	t.Run("meta tags", func(t *testing.T) {
		head := `<meta property="og:title" content="Moinho será reconstruído | Diário da Costa">
<meta property="og:url" content="/noticias/moinho">
<meta property="og:image" content="//cdn.example/moinho.jpg">
<meta property="article:published_time" content="2024-06-19T08:30:00-03:00">
<meta name="author" content="MARIA SILVA; João Souza">
<meta http-equiv="content-language" content="pt-BR">`
		r, err := shared.Extract(pageWith(head, ""), mustURL(t, "https://www.diario-costa.example/noticias/moinho"))
		if err != nil {
			t.Fatal(err)
		}
		published := time.Date(2024, 6, 19, 11, 30, 0, 0, time.UTC)
		want := Result{Text: r.Text, Title: "Moinho será reconstruído", Authors: []string{"Maria Silva", "João Souza"},
			PublishedAt: &published, CanonicalURL: "https://www.diario-costa.example/noticias/moinho",
			SiteName: "diario-costa.example", Language: "pt", TopImage: "https://cdn.example/moinho.jpg"}
		if diff := cmp.Diff(&want, r); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("html lang, no url", func(t *testing.T) {
		page := []byte(strings.Replace(string(pageWith(`<link rel="canonical" href="/relative">`, "")), "<html>", `<html lang="es-CO">`, 1))
		r, err := shared.Extract(page, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Language != "es" || r.CanonicalURL != "" || r.SiteName != "" || r.PublishedAt != nil {
			t.Errorf("got language %q, canonical %q, site %q, published %v", r.Language, r.CanonicalURL, r.SiteName, r.PublishedAt)
		}
	})
}

func TestExtractErrors(t *testing.T) {
	small := New(Options{MaxBytes: 1000})
	_, err := small.Extract(make([]byte, 1001), nil)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("1001 bytes with MaxBytes 1000: %v", err)
	}
	_, err = shared.Extract(make([]byte, DefaultMaxBytes+1), nil)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("over 5 MiB: %v", err)
	}
	for _, page := range []string{
		"",
		"   \n",
		"<html><head><title>Nothing</title></head><body></body></html>",
		"<html><body><script>var a = 'lots of script text that is not an article at all';</script></body></html>",
		`<html><body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav><footer><a href="/about">About us</a></footer></body></html>`,
	} {
		if _, err := shared.Extract([]byte(page), nil); !errors.Is(err, ErrNoContent) {
			t.Errorf("%q: got %v, want ErrNoContent", page, err)
		}
	}
}

func TestExtractTooDeep(t *testing.T) {
	page := strings.Repeat("<div>", 10000) + "deep text" + strings.Repeat("</div>", 10000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := shared.Extract([]byte(page), nil)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooDeep) {
		t.Fatalf("10,000 nested divs: %v", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("refusing a 110 KB page allocated %d bytes", alloc)
	}

	// Past the parser's own limit of 512 the parser refuses too.
	lax := New(Options{MaxDepth: 2000})
	_, err = lax.Extract([]byte(strings.Repeat("<div>", 600)+"x"), nil)
	if !errors.Is(err, ErrTooDeep) {
		t.Errorf("600 levels with MaxDepth 2000: %v", err)
	}
}

func TestExtractInvalidBytes(t *testing.T) {
	story := "<p>The mill\xff\xfe ground grain on the ebb tide \xc3 for almost three centuries before it fell silent, the council said on Tuesday.</p>"
	page := append(pageWith("<title>Bad \xe2\x82 bytes</title>", story), 0, 0xff)
	r, err := shared.Extract(page, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]string{"text": r.Text, "title": r.Title} {
		if !utf8.ValidString(s) {
			t.Errorf("%s is not valid UTF-8: %q", name, s)
		}
	}
	if !strings.Contains(r.Text, "ground grain on the ebb tide") {
		t.Errorf("text lost the story: %q", r.Text)
	}
}

func TestExtractConcurrent(t *testing.T) {
	page := readTestdata(t, "article.html")
	want, err := shared.Extract(page, nil)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := shared.Extract(page, nil)
			if err != nil || got.Text != want.Text || got.Title != want.Title {
				errs <- "concurrent extraction differs"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestNew(t *testing.T) {
	e := New(Options{})
	if e.maxBytes != DefaultMaxBytes || e.maxDepth != DefaultMaxDepth {
		t.Errorf("defaults: %d bytes, %d levels", e.maxBytes, e.maxDepth)
	}
	e = New(Options{MaxBytes: 10, MaxDepth: 3})
	if e.maxBytes != 10 || e.maxDepth != 3 {
		t.Errorf("explicit: %d bytes, %d levels", e.maxBytes, e.maxDepth)
	}
}

// BenchmarkExtract times one page: the test page written for this package
// and, when the benchmark data is there, a real news page from it.
func BenchmarkExtract(b *testing.B) {
	run := func(b *testing.B, page []byte, u *url.URL) {
		b.ReportAllocs()
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			if _, err := shared.Extract(page, u); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("testdata", func(b *testing.B) {
		run(b, readTestdata(b, "article.html"), mustURL(b, "https://www.coastal-ledger.example/news/2024/06/harbour-town-tidal-mill"))
	})
	b.Run("benchmark-page", func(b *testing.B) {
		p := benchPages(b, 1)[0]
		run(b, p.html, p.url)
	})
}

// FuzzExtract checks that no input makes Extract panic or return invalid
// UTF-8 (run with -fuzz; the seeds run as a plain test).
func FuzzExtract(f *testing.F) {
	f.Add(readTestdata(f, "article.html"))
	f.Add([]byte("<p>unclosed <b>bold <i>italic <a href=x>link"))
	f.Add([]byte("<table><tr><td>a<td>b<tr><td>c</table><pre>x\n\ny</pre>"))
	f.Add([]byte("<html><body><p>caf\xc3\xa9 \xff\xfe</p><br><br><script>x</script></body></html>"))
	f.Add([]byte(`<script type="application/ld+json">{"@type":"NewsArticle","author":[{"name":3}],"image":{}}</script><p>Text</p>`))
	e := New(Options{MaxBytes: 1 << 16, MaxDepth: 64})
	f.Fuzz(func(t *testing.T, page []byte) {
		r, err := e.Extract(page, nil)
		if err != nil {
			if !errors.Is(err, ErrNoContent) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrTooDeep) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		for _, s := range append([]string{r.Text, r.Title, r.SiteName, r.CanonicalURL, r.TopImage}, r.Authors...) {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8: %q", s)
			}
		}
		if strings.TrimSpace(r.Text) == "" {
			t.Fatal("empty text without ErrNoContent")
		}
	})
}

package feed

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

var testBase = mustURL("https://base.example/feeds/main.xml")

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func parseFixture(t *testing.T, name string, maxItems int) *Feed {
	t.Helper()
	f, err := Parse(readFixture(t, name), testBase, maxItems)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return f
}

func date(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	t = t.UTC()
	return &t
}

// TestParseFixtures checks every field of every item of the main formats.
func TestParseFixtures(t *testing.T) {
	cases := []struct {
		file string
		want Feed
	}{
		{"rss2.xml", Feed{Title: "The Harbour Gazette", Items: []Item{
			{Key: "gazette-1001", URL: "https://gazette.example/news/ferry-timetable?utm_source=rss&utm_medium=feed",
				Title: "Ferry timetable changes from Monday", Author: "Marta Quinn", Published: date("2025-03-03T07:15:00Z")},
			// relative link resolved against the feed URL, fragment dropped
			{Key: "https://base.example/news/sea-wall-budget", URL: "https://base.example/news/sea-wall-budget",
				Title: "Council approves new sea wall budget", Author: "Oren Bale", Published: date("2025-03-02T17:00:00Z")},
			// no <link>: the permalink GUID is the URL
			{Key: "https://gazette.example/news/lighthouse-open-day", URL: "https://gazette.example/news/lighthouse-open-day",
				Title: "Lighthouse open day", Published: date("2025-03-01T09:00:00Z")},
			// dropped: opaque GUID without link, javascript: link, repeated GUID
		}}},
		{"rss1.rdf", Feed{Title: "Valley Observer", Items: []Item{
			{Key: "https://valley.example/2025/03/bridge", URL: "https://valley.example/2025/03/bridge",
				Title: "Old bridge reopens to cyclists", Author: "Ines Faro", Published: date("2025-03-04T09:30:00Z")},
			{Key: "https://valley.example/2025/03/orchard", URL: "https://valley.example/2025/03/orchard",
				Title: "Orchard cooperative elects new board", Published: date("2025-03-03T00:00:00Z")},
		}}},
		{"rss091.xml", Feed{Title: "Hilltop Weekly", Items: []Item{
			{Key: "http://hilltop.example/fete.html", URL: "http://hilltop.example/fete.html", Title: "School fete raises record sum"},
			{Key: "http://hilltop.example/roadworks.html", URL: "http://hilltop.example/roadworks.html", Title: "Road works on the high street"},
		}}},
		{"atom.xml", Feed{Title: "Tide & Times", Items: []Item{
			// xml:base applies, the alternate link wins over the enclosure,
			// HTML title flattened, published preferred to updated
			{Key: "tag:tide.example,2025:storm-warning", URL: "https://tide.example/articles/storm-warning",
				Title: "Storm warning for the coast", Author: "Lena Ortiz, Sam Kerr", Published: date("2025-03-05T11:00:00Z")},
			// no published: updated is used
			{Key: "tag:tide.example,2025:dredging", URL: "https://tide.example/articles/dredging",
				Title: "Harbour dredging finished", Published: date("2025-03-04T15:30:00Z")},
		}}},
		{"feed.json", Feed{Title: "Riverside Notes", Items: []Item{
			{Key: "rn-77", URL: "https://riverside.example/posts/market-day", Title: "Market day moves indoors",
				Author: "Pia Lund", Published: date("2025-03-02T09:00:00Z")},
			{Key: "rn-78", URL: "https://base.example/posts/library-hours", Title: "Library extends evening hours",
				Published: date("2025-03-03T16:00:00Z")},
			// dropped: no url
		}}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			got := parseFixture(t, tc.file, 0)
			if diff := cmp.Diff(&tc.want, got); diff != "" {
				t.Errorf("Parse(%s) mismatch (-want +got):\n%s", tc.file, diff)
			}
		})
	}
}

// TestParseRepairs covers the broken inputs that real feeds send.
func TestParseRepairs(t *testing.T) {
	cases := []struct {
		file  string
		title string
		items []string // titles
	}{
		{"bom.xml", "Byte Order Times", []string{"Café reopens"}},
		{"invalid_utf8.xml", "Broken Bytes \uFFFD Daily", []string{"Caf\uFFFD owner speaks é out", "Second story"}},
		{"entities.xml", "Entity News & Views", []string{"Café — a review… it’s © good &bogus; AT&T"}},
		{"latin1.xml", "Señor Periódico", []string{"Año nuevo en la plaça £ ½"}},
		{"latin1_wrong.xml", "Mislabelled — Café", []string{"Straße gesperrt „heute“"}},
		{"cp1252.xml", "Quotes", []string{"“Smart” quotes cost €5"}},
		{"truncated.xml", "Cut Short", []string{"First complete", "Second complete"}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			f := parseFixture(t, tc.file, 0)
			if f.Title != tc.title {
				t.Errorf("title %q, want %q", f.Title, tc.title)
			}
			var titles []string
			for _, it := range f.Items {
				titles = append(titles, it.Title)
			}
			if diff := cmp.Diff(tc.items, titles); diff != "" {
				t.Errorf("item titles (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseUTF16(t *testing.T) {
	src := `<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Wide ✓</title>` +
		`<item><title>Zweite Straße</title><link>https://wide.example/a</link></item></channel></rss>`
	for _, bigEndian := range []bool{false, true} {
		var b bytes.Buffer
		if bigEndian {
			b.Write([]byte{0xFE, 0xFF})
		} else {
			b.Write([]byte{0xFF, 0xFE})
		}
		for _, r := range src {
			hi, lo := byte(r>>8), byte(r)
			if bigEndian {
				b.Write([]byte{hi, lo})
			} else {
				b.Write([]byte{lo, hi})
			}
		}
		f, err := Parse(b.Bytes(), nil, 0)
		if err != nil {
			t.Fatalf("UTF-16 (big endian %v): %v", bigEndian, err)
		}
		if f.Title != "Wide ✓" || len(f.Items) != 1 || f.Items[0].Title != "Zweite Straße" {
			t.Fatalf("UTF-16 (big endian %v): %+v", bigEndian, f)
		}
	}
}

func TestParseControlCharacters(t *testing.T) {
	src := "<rss version=\"2.0\"><channel><title>Bell\x07 and form\x0c feed</title>" +
		"<item><title>Null\x00 byte</title><link>https://ctl.example/a</link></item></channel></rss>"
	f, err := Parse([]byte(src), nil, 0)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if f.Title != "Bell and form feed" || f.Items[0].Title != "Null byte" {
		t.Fatalf("got %+v", f)
	}
}

func TestParseNoDates(t *testing.T) {
	f := parseFixture(t, "nodates.xml", 0)
	if len(f.Items) != 3 {
		t.Fatalf("%d items, want 3", len(f.Items))
	}
	for _, it := range f.Items {
		if it.Published != nil {
			t.Errorf("%q: Published = %v, want nil", it.Title, it.Published)
		}
	}
}

func TestParseFifty(t *testing.T) {
	f := parseFixture(t, "fifty.xml", 0)
	if len(f.Items) != 50 {
		t.Fatalf("%d items, want 50", len(f.Items))
	}
	for i, it := range f.Items {
		want := fmt.Sprintf("https://fifty.example/stories/%d", i+1)
		if it.Key != want || it.URL != want+"?utm_campaign=feed" || it.Published == nil || it.Author == "" {
			t.Fatalf("item %d: %+v", i, it)
		}
	}
	for _, n := range []int{1, 10, 49, 50, 51} {
		f := parseFixture(t, "fifty.xml", n)
		if want := min(n, 50); len(f.Items) != want {
			t.Errorf("maxItems %d: %d items, want %d", n, len(f.Items), want)
		}
		if f.Items[0].Key != "https://fifty.example/stories/1" {
			t.Errorf("maxItems %d: first item %q", n, f.Items[0].Key)
		}
	}
}

// TestMaxItemsBoundsWork shows that a huge feed is not parsed past what
// maxItems needs: 40,000 items cost little when 10 are wanted.
func TestMaxItemsBoundsWork(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<rss version="2.0"><channel><title>Huge</title>`)
	for i := range 40000 {
		fmt.Fprintf(&b, "<item><title>%d</title><link>https://huge.example/%d</link></item>", i, i)
	}
	b.WriteString("</channel></rss>")
	body := []byte(b.String())

	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	f, err := Parse(body, nil, 10)
	runtime.ReadMemStats(&m1)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 10 || f.Items[9].URL != "https://huge.example/9" {
		t.Fatalf("got %d items, last %+v", len(f.Items), f.Items[len(f.Items)-1])
	}
	alloc := m1.TotalAlloc - m0.TotalAlloc
	t.Logf("%d-byte feed, 10 items: %.1f MB allocated", len(body), float64(alloc)/1e6)
	if alloc > 8<<20 {
		t.Fatalf("allocated %d bytes for 10 items", alloc)
	}
}

func TestParseDeepNesting(t *testing.T) {
	// The fixture nests 300 levels inside a description: refused cleanly.
	_, err := Parse(readFixture(t, "deep.xml"), nil, 0)
	if !errors.Is(err, ErrTooDeep) {
		t.Fatalf("deep.xml: error %v, want ErrTooDeep", err)
	}
	// Far deeper, and unclosed: refused without parsing.
	huge := "<rss version=\"2.0\"><channel><item>" + strings.Repeat("<a>", 1_000_000)
	if _, err := Parse([]byte(huge), nil, 0); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("1e6 levels: error %v, want ErrTooDeep", err)
	}
	// Self-closing and comment-wrapped tags do not count.
	flat := "<rss version=\"2.0\"><channel><title>F</title><item><link>https://f.example/1</link><description>" +
		strings.Repeat("<br/>", 2000) + "<!--" + strings.Repeat("<a>", 2000) + "--></description></item></channel></rss>"
	if f, err := Parse([]byte(flat), nil, 0); err != nil || len(f.Items) != 1 {
		t.Fatalf("flat markup: %v", err)
	}
	// Within the limit, nesting parses.
	ok := "<rss version=\"2.0\"><channel><item><link>https://f.example/1</link><description>" +
		strings.Repeat("<a>", 200) + strings.Repeat("</a>", 200) + "</description></item></channel></rss>"
	if f, err := Parse([]byte(ok), nil, 0); err != nil || len(f.Items) != 1 {
		t.Fatalf("200 levels: %v", err)
	}
	// JSON too.
	deepJSON := `{"version":"https://jsonfeed.org/version/1.1","items":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "}"
	if _, err := Parse([]byte(deepJSON), nil, 0); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("deep JSON: error %v, want ErrTooDeep", err)
	}
}

func TestParseTooManyElements(t *testing.T) {
	body := "<rss version=\"2.0\"><channel><item><link>https://f.example/1</link><description>" +
		strings.Repeat("<b>x</b>", MaxElements) + "</description></item></channel></rss>"
	if _, err := Parse([]byte(body), nil, 10); !errors.Is(err, ErrTooManyElements) {
		t.Fatalf("error %v, want ErrTooManyElements", err)
	}
}

func TestParseRejects(t *testing.T) {
	for name, body := range map[string]string{
		"empty":                           "",
		"blank":                           " \n\t",
		"html page":                       "<!DOCTYPE html><html><body>not a feed</body></html>",
		"text":                            "hello",
		"json null":                       "null",
		"truncated with no complete item": `<rss version="2.0"><channel><title>x</title><item><title>a</ti`,
	} {
		if f, err := Parse([]byte(body), testBase, 0); err == nil && len(f.Items) > 0 {
			t.Errorf("%s: parsed %d items", name, len(f.Items))
		}
	}
	if _, err := Parse(nil, nil, 0); !errors.Is(err, ErrEmpty) {
		t.Errorf("nil body: %v, want ErrEmpty", err)
	}
}

func TestParseLinks(t *testing.T) {
	body := `<rss version="2.0"><channel><title>L</title>
<item><link>  https://l.example/a  </link></item>
<item><link>mailto:x@l.example</link></item>
<item><link>ftp://l.example/f</link></item>
<item><link>https://user:pw@l.example/secret</link></item>
<item><link>//cdn.l.example/b</link></item>
<item><link>c?x=1#frag</link></item>
<item><link>https://l.example/` + strings.Repeat("x", MaxURLBytes) + `</link></item>
<item><link>https://l.example/a#again</link></item>
</channel></rss>`
	f, err := Parse([]byte(body), mustURL("http://l.example/feeds/all"), 0)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, it := range f.Items {
		urls = append(urls, it.URL)
	}
	want := []string{"https://l.example/a", "http://cdn.l.example/b", "http://l.example/feeds/c?x=1"}
	if diff := cmp.Diff(want, urls); diff != "" {
		t.Fatalf("urls (-want +got):\n%s", diff)
	}
	// Without a base, relative links are unusable.
	f, err = Parse([]byte(body), nil, 0)
	if err != nil || len(f.Items) != 1 {
		t.Fatalf("no base: %v, %d items", err, len(f.Items))
	}
}

func TestParseLongGUID(t *testing.T) {
	guid := strings.Repeat("g", 1000)
	body := `<rss version="2.0"><channel><item><guid isPermaLink="false">` + guid + `</guid><link>https://g.example/1</link></item></channel></rss>`
	f, err := Parse([]byte(body), nil, 0)
	if err != nil || len(f.Items) != 1 {
		t.Fatal(err)
	}
	if k := f.Items[0].Key; len(k) > maxKeyBytes || !strings.HasPrefix(k, "sha256:") {
		t.Fatalf("key %q", k)
	}
}

func TestParseDeterministic(t *testing.T) {
	body := readFixture(t, "fifty.xml")
	a, _ := Parse(body, testBase, 0)
	b, _ := Parse(body, testBase, 0)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatal(diff)
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) < 8<<10 {
			f.Add(b, 5)
		}
	}
	f.Add([]byte(`<rss><channel><item><link>x</link></item></channel></rss>`), 0)
	f.Add([]byte(`{"items":[{"id":"1","url":"/a"}]}`), 1)
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"koi8-r\"?><rss><channel><title>\xf0\xd2</title></channel></rss>"), 2)
	f.Fuzz(func(t *testing.T, body []byte, maxItems int) {
		feed, err := Parse(body, testBase, maxItems)
		if err != nil {
			return
		}
		if !utf8.ValidString(feed.Title) {
			t.Fatalf("invalid UTF-8 title %q", feed.Title)
		}
		if maxItems > 0 && len(feed.Items) > maxItems {
			t.Fatalf("%d items with maxItems %d", len(feed.Items), maxItems)
		}
		keys := map[string]bool{}
		for _, it := range feed.Items {
			if keys[it.Key] || it.Key == "" {
				t.Fatalf("empty or repeated key %q", it.Key)
			}
			keys[it.Key] = true
			u, err := url.Parse(it.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
				t.Fatalf("unusable URL %q", it.URL)
			}
			if !utf8.ValidString(it.Title) || !utf8.ValidString(it.Author) || !utf8.ValidString(it.Key) {
				t.Fatalf("invalid UTF-8 in %+v", it)
			}
			if it.Published != nil && (it.Published.Location() != time.UTC || it.Published.Year() < 1970) {
				t.Fatalf("bad date %v", it.Published)
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	body := readFixture(b, "fifty.xml")
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		f, err := Parse(body, testBase, 0)
		if err != nil || len(f.Items) != 50 {
			b.Fatal(err)
		}
	}
}

package extract

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/copydesk/copydesk/internal/extract/shingle"
)

// benchDir is the article extraction benchmark, beside the repository (see
// cmd/eval-extract); clones without it skip the tests that need it.
const benchDir = "../../../shared/data/article-extraction-benchmark"

func readGzip(t testing.TB, name string) []byte {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type benchPage struct {
	id   string
	url  *url.URL
	html []byte
	gold string
}

// benchPages returns the first n pages of the benchmark in id order, or
// skips the test when the benchmark is not there.
func benchPages(t testing.TB, n int) []benchPage {
	t.Helper()
	if _, err := os.Stat(filepath.Join(benchDir, "ground-truth.json.gz")); err != nil {
		t.Skip("benchmark data not available:", err)
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(readGzip(t, filepath.Join(benchDir, "ground-truth.json.gz")), &truth); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	pages := make([]benchPage, 0, n)
	for _, id := range ids[:min(n, len(ids))] {
		u, _ := url.Parse(truth[id].URL)
		pages = append(pages, benchPage{id: id, url: u, gold: truth[id].ArticleBody,
			html: readGzip(t, filepath.Join(benchDir, "html", id+".html.gz"))})
	}
	return pages
}

func TestBenchmarkPages(t *testing.T) {
	pages := benchPages(t, 10)
	var counts []shingle.Counts
	for _, p := range pages {
		r, err := shared.Extract(p.html, p.url)
		text := ""
		if err != nil {
			t.Errorf("%s: %v", p.id[:12], err)
		} else {
			text = r.Text
		}
		c := shingle.Match(p.gold, text)
		t.Logf("%s P=%.3f R=%.3f", p.id[:12], c.Precision(), c.Recall())
		counts = append(counts, c)
	}
	s := shingle.Corpus(counts)
	t.Logf("10 pages: P=%.3f R=%.3f F1=%.3f accuracy=%.2f", s.Precision, s.Recall, s.F1, s.Accuracy)
	if s.Precision < 0.95 || s.Recall < 0.95 {
		t.Errorf("P=%.3f R=%.3f, want both ≥ 0.95", s.Precision, s.Recall)
	}
}

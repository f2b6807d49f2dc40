package extract

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

func loadBench(t *testing.T, prefix string) []byte {
	m, _ := filepath.Glob("/work/shared/data/article-extraction-benchmark/html/" + prefix + "*.html.gz")
	f, _ := os.Open(m[0])
	zr, _ := gzip.NewReader(f)
	b, _ := io.ReadAll(zr)
	return b
}

func TestScratchTraf(t *testing.T) {
	b := loadBench(t, os.Getenv("PAGE"))
	doc, _ := html.Parse(bytes.NewReader(b))
	r, _ := trafilatura.ExtractDocument(doc, trafilatura.Options{})
	var buf bytes.Buffer
	html.Render(&buf, r.ContentNode)
	os.WriteFile("/tmp/ana/traf.html", buf.Bytes(), 0o644)
}

func TestScratchRender(t *testing.T) {
	doc, _ := html.Parse(bytes.NewReader([]byte(`<table><tr><td><strong>Pos.</strong></td><td><strong>Piloto</strong></td></tr><tr><td>1</td><td>Kyle Busch</td></tr></table>`)))
	t.Logf("%q", renderText(doc))
}

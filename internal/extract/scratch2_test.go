package extract

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	distiller "github.com/markusmobius/go-domdistiller"
	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
)

func TestScratchDump(t *testing.T) {
	dir := "/work/shared/data/article-extraction-benchmark"
	f, _ := os.Open(dir + "/ground-truth.json.gz")
	zr, _ := gzip.NewReader(f)
	var gt map[string]struct{ URL string `json:"url"` }
	json.NewDecoder(zr).Decode(&gt)
	for id, g := range gt {
		if strings.IndexByte("01234567", id[0]) < 0 {
			continue
		}
		b := loadBench(t, id)
		doc, _ := html.Parse(bytes.NewReader(b))
		u, _ := url.Parse(g.URL)
		tc, _ := runTrafilatura(doc, u)
		rc, _ := runReadability(doc, u)
		pg := newPage(renderBlocks(doc))
		d, err := distiller.Apply(dom.Clone(doc, true), &distiller.Options{OriginalURL: u, SkipPagination: true})
		var dd []string
		if err == nil && d.Node != nil {
			dd = renderParagraphs(d.Node)
		}
		type bj struct {
			Text    string
			Tag     string
			Path    string
			Classes string
			Links   int
			Cov     map[string]int
		}
		out := make([]bj, len(pg.blocks))
		for i, b := range pg.blocks {
			out[i] = bj{Text: b.text, Links: b.links, Cov: map[string]int{}}
			out[i].Tag, out[i].Path, out[i].Classes = describe(b.node)
		}
		var unal = map[string][]string{}
		for name, paras := range map[string][]string{"traf": tc.paras, "read": rc.paras, "dd": dd} {
			for _, s := range pg.align(paras) {
				if s.block < 0 {
					unal[name] = append(unal[name], s.own)
					continue
				}
				out[s.block].Cov[name] += s.end - s.start
			}
		}
		js, _ := json.Marshal(map[string]any{"blocks": out, "unaligned": unal})
		os.WriteFile(filepath.Join("/tmp/dump", id[:12]+".json"), js, 0o644)
	}
	_ = io.EOF
}

func describe(n *html.Node) (tag, path, classes string) {
	tag = n.Data
	var p, c []string
	for x := n; x != nil && x.Type == html.ElementNode; x = x.Parent {
		p = append(p, x.Data)
		if v := attr(x, "class"); v != "" {
			c = append(c, v)
		}
		if v := attr(x, "id"); v != "" {
			c = append(c, "#"+v)
		}
	}
	return tag, strings.Join(p, "<"), strings.Join(c, " | ")
}

package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// mainText runs the extractors on doc and combines their candidates.
func mainText(doc *html.Node, pageURL *url.URL) (string, fallbackMeta) {
	tc, tm := runTrafilatura(doc, pageURL)
	rc, art := runReadability(doc, pageURL)
	var fb fallbackMeta
	if tm != nil {
		fb.title = tm.Title
		if tm.Author != "" {
			fb.authors = strings.Split(tm.Author, ";")
		}
		fb.published = tm.Date
		fb.siteName = tm.Sitename
		fb.image = tm.Image
	}
	if fb.title == "" {
		fb.title = art.Title()
	}
	if len(fb.authors) == 0 && art.Byline() != "" {
		fb.authors = []string{art.Byline()}
	}
	if fb.image == "" {
		fb.image = art.ImageURL()
	}
	fb.language = art.Language()
	pg := newPage(renderBlocks(doc))
	best := tc
	if len(best.paras) == 0 {
		best = rc
	}
	segs := pg.align(best.paras)
	paras := make([]string, 0, len(segs))
	for _, s := range segs {
		paras = append(paras, pg.segText(s))
	}
	return strings.Join(paras, "\n\n"), fb
}

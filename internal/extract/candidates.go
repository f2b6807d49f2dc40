package extract

import (
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/go-shiori/dom"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// runTrafilatura runs go-trafilatura without its fallback extractors (their
// results are weighed here instead) and returns its paragraphs and the
// metadata it found. It does not modify doc. A panic in the library counts
// as finding nothing: one odd page must not stop a worker.
func runTrafilatura(doc *html.Node, pageURL *url.URL) (paras []string, m *trafilatura.Metadata) {
	defer func() {
		if recover() != nil {
			paras, m = nil, nil
		}
	}()
	res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{
		OriginalURL:  pageURL,
		HtmlDateMode: trafilatura.Fast,
	})
	if err != nil || res == nil {
		return nil, nil
	}
	if res.ContentNode != nil {
		paras = renderParagraphs(res.ContentNode)
	}
	return paras, &res.Metadata
}

// runReadability runs go-readability on a copy of doc and returns its
// paragraphs and article. A panic in the library counts as finding nothing.
func runReadability(doc *html.Node, pageURL *url.URL) (paras []string, art readability.Article) {
	defer func() {
		if recover() != nil {
			paras, art = nil, readability.Article{}
		}
	}()
	p := readability.NewParser()
	art, err := p.ParseAndMutate(dom.Clone(doc, true), pageURL)
	if err != nil || art.Node == nil {
		return nil, art
	}
	return renderParagraphs(art.Node), art
}

// libraryMeta gathers what the libraries found about the page.
func libraryMeta(tm *trafilatura.Metadata, art readability.Article) fallbackMeta {
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
	return fb
}

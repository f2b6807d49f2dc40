package extract

import (
	"net/url"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/go-shiori/dom"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// candidate is one extractor's idea of the main text.
type candidate struct {
	name  string
	paras []string
}

// runTrafilatura runs go-trafilatura without its fallback extractors (their
// results are weighed here instead). It does not modify doc.
func runTrafilatura(doc *html.Node, pageURL *url.URL) (candidate, *trafilatura.Metadata) {
	res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{
		OriginalURL:  pageURL,
		HtmlDateMode: trafilatura.Fast,
	})
	if err != nil || res == nil {
		return candidate{name: "trafilatura"}, nil
	}
	c := candidate{name: "trafilatura"}
	if res.ContentNode != nil {
		c.paras = renderParagraphs(res.ContentNode)
	}
	return c, &res.Metadata
}

// runReadability runs go-readability on a copy of doc.
func runReadability(doc *html.Node, pageURL *url.URL) (candidate, readability.Article) {
	p := readability.NewParser()
	art, err := p.ParseAndMutate(dom.Clone(doc, true), pageURL)
	c := candidate{name: "readability"}
	if err != nil || art.Node == nil {
		return c, art
	}
	c.paras = renderParagraphs(art.Node)
	return c, art
}

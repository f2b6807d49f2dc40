package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// Thresholds of the combination. They are deliberately round: they encode
// "a real paragraph", "mostly links" and "most of the block", not a fit to
// any particular set of pages.
const (
	// coveredShare is the share of a block's text that a candidate must
	// hold for the block to count as chosen by that candidate.
	coveredShare = 0.5
	// anchorWords is the length from which an agreed block's container
	// vouches for similar blocks that only one extractor kept.
	anchorWords = 10
	// siblingMinWords and siblingMaxLinks bound such similar blocks.
	siblingMinWords = 5
	siblingMaxLinks = 0.5
	// disagreement: when the blocks both extractors chose hold less than
	// this share of the smaller candidate, they found different texts.
	disagreement = 0.25
	// minOwnWords is the least text accepted from an extractor that the
	// page's blocks do not show.
	minOwnWords = 20
	// maxTitleWords bounds the blocks compared with the headline.
	maxTitleWords = 30
)

// mainText runs the extractors on doc, maps their outputs onto the page's
// own blocks and keeps the blocks they agree on, plus blocks shaped like
// those (same tag in the same kind of container) that one of them kept,
// minus boilerplate. It returns the text and what the libraries found
// about the page, for metadata fallbacks.
func mainText(doc *html.Node, pageURL *url.URL, titles []string) (string, fallbackMeta) {
	tparas, tm := runTrafilatura(doc, pageURL)
	rparas, art := runReadability(doc, pageURL)
	fb := libraryMeta(tm, art)

	pg := newPage(renderBlocks(doc))
	tsegs, rsegs := pg.align(tparas), pg.align(rparas)
	inT, inR := pg.chosen(tsegs), pg.chosen(rsegs)
	titleSet := make(map[string]bool, len(titles))
	for _, t := range titles {
		if k := squash(t); k != "" {
			titleSet[k] = true
		}
	}
	if !anyTrue(inT) && !anyTrue(inR) {
		return ownText(tsegs, rsegs, pg, titleSet), fb
	}

	info := make([]blockInfo, len(pg.blocks))
	for i, b := range pg.blocks {
		info[i] = newBlockInfo(b)
	}
	agreed := make([]bool, len(pg.blocks))
	var wT, wR, wBoth int
	for i := range pg.blocks {
		agreed[i] = inT[i] && inR[i]
		if inT[i] {
			wT += info[i].words
		}
		if inR[i] {
			wR += info[i].words
		}
		if agreed[i] {
			wBoth += info[i].words
		}
	}
	if float64(wBoth) < disagreement*float64(min(wT, wR)) || wT == 0 || wR == 0 {
		// One extractor found nothing, or they chose different texts:
		// trust the one with more clean body text.
		base := inT
		if cleanWords(info, inR) > cleanWords(info, inT) {
			base = inR
		}
		copy(agreed, base)
	}

	anchors := make(map[string]bool)
	for i, a := range agreed {
		if a && info[i].words >= anchorWords {
			anchors[info[i].sig] = true
		}
	}
	var out []string
	for i, b := range pg.blocks {
		in := info[i]
		keep := agreed[i] ||
			(inT[i] || inR[i]) && anchors[in.sig] && in.words >= siblingMinWords && in.links < siblingMaxLinks
		if !keep || boilerplate(b.text, in.links) || in.words <= maxTitleWords && titleSet[squash(b.text)] {
			continue
		}
		if t := cleanLines(b); t != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n\n"), fb
}

// blockInfo is what the combination needs to know about a block.
type blockInfo struct {
	words int
	links float64 // share of the non-space characters inside links
	sig   string  // its tag and its parent's and grandparent's tags and classes
}

func newBlockInfo(b block) blockInfo {
	info := blockInfo{words: wordCount(b.text), links: linkShare(b, 0, len(b.text))}
	var sig strings.Builder
	sig.WriteString(b.node.Data)
	for x, level := b.node.Parent, 0; x != nil && x.Type == html.ElementNode && level < 2; x, level = x.Parent, level+1 {
		sig.WriteString("<")
		sig.WriteString(x.Data)
		sig.WriteString(".")
		sig.WriteString(attr(x, "class"))
		sig.WriteString("#")
		sig.WriteString(attr(x, "id"))
	}
	info.sig = sig.String()
	return info
}

// cleanWords counts the words of chosen blocks that read as body text.
func cleanWords(info []blockInfo, chosen []bool) int {
	n := 0
	for i, c := range chosen {
		if c && info[i].words >= anchorWords && info[i].links < 0.3 {
			n += info[i].words
		}
	}
	return n
}

// chosen reports, per block, whether segs cover most of it.
func (p *page) chosen(segs []segment) []bool {
	covered := make([]int, len(p.blocks))
	for _, s := range segs {
		if s.block >= 0 {
			covered[s.block] += s.end - s.start
		}
	}
	out := make([]bool, len(p.blocks))
	for i, b := range p.blocks {
		out[i] = float64(covered[i]) > coveredShare*float64(len(b.text))
	}
	return out
}

// ownText is the last resort when no candidate text maps onto the page's
// blocks, as when the story is only in the page's JSON-LD: the longer
// candidate's own paragraphs, without boilerplate and the headline, if
// that leaves a story-sized text.
func ownText(tsegs, rsegs []segment, pg *page, titles map[string]bool) string {
	segs := tsegs
	if len(rsegs) > len(tsegs) {
		segs = rsegs
	}
	var out []string
	words := 0
	for _, s := range segs {
		t := strings.TrimSpace(pg.segText(s))
		if t == "" || boilerplate(t, 0) || titles[squash(t)] {
			continue
		}
		out = append(out, t)
		words += wordCount(t)
	}
	if words < minOwnWords {
		return ""
	}
	return strings.Join(out, "\n\n")
}

func anyTrue(bs []bool) bool {
	for _, b := range bs {
		if b {
			return true
		}
	}
	return false
}

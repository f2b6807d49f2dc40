package extract

import (
	"strings"
	"testing"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
)

func parse(t testing.TB, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestRenderText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"inline spacing kept", `<p>He said <a href="#">they</a> would <em>not</em>go.</p>`, "He said they would notgo."},
		{"no padding at element edges", `<p>LONDON (<a href="#">Reuters</a>) - Text</p>`, "LONDON (Reuters) - Text"},
		{"word split by markup", `<p><b>W</b>ord and 20<sup>th</sup></p>`, "Word and 20th"},
		{"whitespace runs collapse", "<p>  one \n\t two&nbsp;&nbsp;three </p>", "one two three"},
		{"blocks are paragraphs", `<div>intro <span>inline</span><div>nested</div>tail</div>`, "intro inline\n\nnested\n\ntail"},
		{"headings are paragraphs", `<h2>Heading</h2><p>Body.</p>`, "Heading\n\nBody."},
		{"single br is a line break", `<p>one<br>two <br> three</p>`, "one\ntwo\nthree"},
		{"double br is a paragraph break", "<p>one<br>\n <br>two</p>", "one\n\ntwo"},
		{"leading and trailing br ignored", `<p><br>one<br></p><p>two</p>`, "one\n\ntwo"},
		{"list items", `<ul><li>first</li><li>second <a href="#">link</a></li></ul>`, "first\n\nsecond link"},
		{"table rows and cells", `<table><tr><th>Pos</th><th>Name</th></tr><tr><td>1</td><td>Kyle Busch</td></tr></table>`, "Pos Name\n\n1 Kyle Busch"},
		{"pre keeps lines", "<pre>line one\n  line two\n\nafter blank</pre>", "line one\nline two\n\nafter blank"},
		{"scripts, styles, forms skipped", `<p>a<script>x()</script><style>p{}</style><button>Go</button><select><option>o</option></select> b</p>`, "a b"},
		{"hidden skipped", `<p>shown<span hidden>no</span><span style="display: none">no</span><span class="sr-only">no</span><span class="c-tooltip">no</span></p>`, "shown"},
		{"images skipped", `<p>before <img alt="alt text" src="x.jpg">after</p>`, "before after"},
		{"comments skipped", `<p>a<!-- note -->b</p>`, "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderText(parse(t, tt.in)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRenderBuiltElements(t *testing.T) {
	// Trees built by code carry tag names without atoms.
	div := dom.CreateElement("div")
	for _, s := range []string{"first", "second"} {
		p := dom.CreateElement("p")
		dom.AppendChild(p, dom.CreateTextNode(s))
		dom.AppendChild(div, p)
	}
	if got := renderText(div); got != "first\n\nsecond" {
		t.Errorf("got %q", got)
	}
}

func TestRenderBlocksLinks(t *testing.T) {
	blocks := renderBlocks(parse(t, `<p>Read <a href="#">the full report</a> here.</p><p><a href="#">All link</a></p>`))
	if len(blocks) != 2 {
		t.Fatalf("got %d blocks", len(blocks))
	}
	if got := linkShare(blocks[0], 0, len(blocks[0].text)); got < 0.5 || got > 0.7 {
		t.Errorf("link share of a sentence with a link = %v", got)
	}
	if got := linkShare(blocks[1], 0, len(blocks[1].text)); got != 1 {
		t.Errorf("link share of a link = %v", got)
	}
	if blocks[1].node.Data != "p" {
		t.Errorf("block element = %q", blocks[1].node.Data)
	}
}

func TestAlignRecoversSpacing(t *testing.T) {
	pg := newPage(renderBlocks(parse(t, `<div><p>It came against <a href="#"><strong>Mason</strong></a> (well, twelve).</p><p>Second <em>one</em> here.</p><p>Third.</p></div>`)))
	// What an extractor that drops spaces at element edges would return,
	// with the first two paragraphs joined and the last dropped.
	segs := pg.align([]string{"It came against Mason(well, twelve). Second one here.", "Not on the page at all"})
	var got []string
	for _, s := range segs {
		got = append(got, pg.segText(s))
	}
	want := []string{"It came against Mason (well, twelve).", "Second one here.", "Not on the page at all"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
	if segs[0].block != 0 || segs[1].block != 1 || segs[2].block != -1 {
		t.Errorf("blocks: %+v", segs)
	}
}

func TestAlignWordRuns(t *testing.T) {
	pg := newPage(renderBlocks(parse(t, `<p>Alpha beta gamma.</p><p>Delta <span hidden>secret</span>epsilon zeta.</p>`)))
	// A paragraph the page has only in pieces (hidden text in between).
	segs := pg.align([]string{"Delta secret epsilon zeta."})
	var got []string
	for _, s := range segs {
		got = append(got, pg.segText(s))
	}
	if strings.Join(got, "|") != "Delta|secret|epsilon zeta." {
		t.Errorf("got %q", got)
	}
}

func TestAlignBoundedWork(t *testing.T) {
	// A big page and a long candidate paragraph of words it does not have:
	// without a bound, matching word runs would scan the page thousands of
	// times.
	var src strings.Builder
	for i := range 20000 {
		src.WriteString("<p>page word ")
		src.WriteString(strings.Repeat("x", i%7+1))
		src.WriteString("</p>")
	}
	pg := newPage(renderBlocks(parse(t, src.String())))
	var cand strings.Builder
	for i := range 20000 {
		cand.WriteString("zz")
		cand.WriteString(strings.Repeat("q", i%5+1))
		cand.WriteString(" ")
	}
	segs := pg.align([]string{cand.String(), "page word xx"})
	var own int
	for _, s := range segs {
		if s.block < 0 {
			own += len(strings.Fields(s.own))
		}
	}
	if own < 20000 {
		t.Errorf("%d of 20000 unknown words kept", own)
	}
}

package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags start and end a paragraph. Everything else is rendered inline.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Body: true, atom.Caption: true, atom.Center: true, atom.Dd: true,
	atom.Details: true, atom.Dialog: true, atom.Dir: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Form: true, atom.Frameset: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Header: true, atom.Hgroup: true, atom.Hr: true,
	atom.Html: true, atom.Legend: true, atom.Li: true, atom.Main: true,
	atom.Menu: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true,
	atom.Section: true, atom.Summary: true, atom.Table: true, atom.Tbody: true,
	atom.Thead: true, atom.Tfoot: true, atom.Tr: true, atom.Ul: true,
	atom.Listing: true, atom.Plaintext: true, atom.Xmp: true, atom.Optgroup: true,
}

// skipTags are never rendered, with everything inside them.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Title: true, atom.Iframe: true, atom.Object: true,
	atom.Embed: true, atom.Svg: true, atom.Math: true, atom.Canvas: true,
	atom.Video: true, atom.Audio: true, atom.Select: true, atom.Option: true,
	atom.Button: true, atom.Input: true, atom.Textarea: true, atom.Img: true,
	atom.Picture: true, atom.Map: true, atom.Noembed: true, atom.Noframes: true,
	atom.Frame: true, atom.Param: true, atom.Source: true, atom.Track: true,
}

// tagOfNode is n's atom. Elements built by code rather than by the parser
// often carry only their name, so the name is looked up when needed.
func tagOfNode(n *html.Node) atom.Atom {
	if n.DataAtom != 0 || n.Type != html.ElementNode {
		return n.DataAtom
	}
	return atom.Lookup([]byte(n.Data))
}

// renderer turns a DOM subtree into paragraphs. Whitespace inside and
// between inline elements is kept exactly where the source has it (runs
// collapsed to one space), so that words never glue together and never get
// split; block elements and double line breaks end paragraphs.
type renderer struct {
	blocks []block
	cur    strings.Builder
	space  bool // a space is pending before the next word
	brs    int  // line breaks seen since the last word
	pre    int  // depth inside <pre>
	links  int  // depth inside <a>
	spans  []span
	parent []*html.Node
}

// block is one rendered paragraph and the element it came from.
type block struct {
	text  string
	node  *html.Node // nearest block-level ancestor (or the root rendered)
	spans []span     // where its words inside links are
}

// span is a byte range [start, end) of a block's text.
type span struct{ start, end int }

// renderParagraphs renders n (and its subtree) as a list of paragraphs.
func renderParagraphs(n *html.Node) []string {
	blocks := renderBlocks(n)
	out := make([]string, len(blocks))
	for i, b := range blocks {
		out[i] = b.text
	}
	return out
}

// renderBlocks renders n (and its subtree) as paragraphs with their source
// elements.
func renderBlocks(n *html.Node) []block {
	r := renderer{parent: []*html.Node{n}}
	r.node(n)
	r.flush()
	return r.blocks
}

// renderText renders n as paragraphs joined by blank lines.
func renderText(n *html.Node) string {
	return strings.Join(renderParagraphs(n), "\n\n")
}

func (r *renderer) flush() {
	s := r.cur.String()
	if t := strings.TrimFunc(s, isSpace); t != "" {
		lead := len(s) - len(strings.TrimLeftFunc(s, isSpace))
		b := block{text: t, node: r.parent[len(r.parent)-1]}
		for _, sp := range r.spans {
			sp.start = max(0, sp.start-lead)
			sp.end = min(len(t), sp.end-lead)
			if sp.start < sp.end {
				b.spans = append(b.spans, sp)
			}
		}
		r.blocks = append(r.blocks, b)
	}
	r.cur.Reset()
	r.space = false
	r.brs = 0
	r.spans = nil
}

func (r *renderer) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		r.text(n.Data)
		return
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			r.node(c)
		}
		return
	case html.ElementNode:
	default:
		return
	}
	a := tagOfNode(n)
	if skipTags[a] || hidden(n) {
		return
	}
	switch a {
	case atom.Br:
		if r.cur.Len() > 0 {
			r.brs++
		}
		return
	case atom.Td, atom.Th:
		r.space = r.cur.Len() > 0
	}
	block := blockTags[a]
	if block {
		r.flush()
		r.parent = append(r.parent, n)
	}
	switch a {
	case atom.Pre:
		r.pre++
	case atom.A:
		r.links++
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.node(c)
	}
	switch a {
	case atom.Pre:
		r.pre--
	case atom.A:
		r.links--
	}
	switch {
	case block:
		r.flush()
		r.parent = r.parent[:len(r.parent)-1]
	case a == atom.Td || a == atom.Th:
		r.space = r.cur.Len() > 0
	}
}

// hiddenClasses are class names that by wide convention mark elements
// that the page's CSS hides.
var hiddenClasses = map[string]bool{
	"hidden": true, "hide": true, "sr-only": true, "visually-hidden": true, "visuallyhidden": true,
	"screen-reader-text": true, "screen-reader-only": true, "a11y-hidden": true, "offscreen": true,
}

// popupClasses are parts of class names of text that pops up over the
// page (tooltips, hover cards) rather than being part of its flow.
var popupClasses = []string{"tooltip", "popover", "popup", "hovercard", "rollover"}

// hidden reports elements that browsers do not display, or that carry a
// class saying so.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "style":
			if strings.Contains(a.Val, "display") && displayNone(a.Val) {
				return true
			}
		case "class":
			if a.Val != "" && hiddenClass(a.Val) {
				return true
			}
		}
	}
	return false
}

func hiddenClass(class string) bool {
	class = lowerASCII(class)
	for _, c := range strings.Fields(class) {
		if hiddenClasses[c] {
			return true
		}
	}
	for _, p := range popupClasses {
		if strings.Contains(class, p) {
			return true
		}
	}
	return false
}

// lowerASCII lowercases s, allocating only when it has capitals.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

func displayNone(style string) bool {
	s := strings.ToLower(strings.ReplaceAll(style, " ", ""))
	return strings.Contains(s, "display:none")
}

// word writes a non-space run, first emitting whatever separator is
// pending. Separators are only ever written before a word, so a paragraph
// never ends with one.
func (r *renderer) word(w string) {
	if r.cur.Len() > 0 {
		switch {
		case r.brs >= 2:
			r.flush()
		case r.brs == 1:
			r.cur.WriteByte('\n')
		case r.space:
			r.cur.WriteByte(' ')
		}
	}
	pos := r.cur.Len()
	r.cur.WriteString(w)
	if r.links > 0 {
		// Link words are counted without the spaces between them.
		r.spans = append(r.spans, span{pos, pos + len(w)})
	}
	r.space = false
	r.brs = 0
}

func (r *renderer) text(s string) {
	if r.pre > 0 {
		r.preText(s)
		return
	}
	start := -1
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		if isSpace(c) {
			if start >= 0 {
				r.word(s[start:i])
				start = -1
			}
			if r.cur.Len() > 0 {
				r.space = true
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		r.word(s[start:])
	}
}

// preText keeps the line structure of preformatted text: lines become line
// breaks, blank lines paragraph breaks, and runs of spaces one space.
func (r *renderer) preText(s string) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			if r.cur.Len() > 0 {
				r.brs++
			}
		}
		fields := strings.FieldsFunc(line, isSpace)
		for j, f := range fields {
			if j > 0 {
				r.space = true
			}
			r.word(f)
		}
	}
}

// isSpace reports the characters that HTML collapses, plus the no-break and
// other Unicode spaces, which read as spaces in plain text.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', 0x85, 0xA0, 0x1680, 0x2028, 0x2029,
		0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

package extract

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// voidTags never have content, so they never add a level.
var voidTags = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true,
	atom.Embed: true, atom.Hr: true, atom.Img: true, atom.Input: true,
	atom.Keygen: true, atom.Link: true, atom.Meta: true, atom.Param: true,
	atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// implicitClose lists elements that a new element of the same name closes,
// with the ancestors that stop the search (a nested list's <li> does not
// close the outer one).
var implicitClose = map[atom.Atom][]atom.Atom{
	atom.P:        {atom.Button, atom.Table, atom.Td, atom.Th, atom.Caption, atom.Object, atom.Template},
	atom.Li:       {atom.Ul, atom.Ol, atom.Menu},
	atom.Dt:       {atom.Dl},
	atom.Dd:       {atom.Dl},
	atom.Tr:       {atom.Table},
	atom.Td:       {atom.Table, atom.Tr},
	atom.Th:       {atom.Table, atom.Tr},
	atom.Thead:    {atom.Table},
	atom.Tbody:    {atom.Table},
	atom.Tfoot:    {atom.Table},
	atom.Option:   {atom.Select, atom.Datalist},
	atom.Optgroup: {atom.Select},
	atom.A:        {atom.Table, atom.Td, atom.Th, atom.Template},
	atom.Rb:       {atom.Ruby},
	atom.Rt:       {atom.Ruby},
	atom.Rp:       {atom.Ruby},
	atom.Nobr:     {atom.Table},
}

// closesP lists elements whose start closes an open <p>.
var closesP = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Center: true, atom.Details: true, atom.Dialog: true, atom.Dir: true,
	atom.Div: true, atom.Dl: true, atom.Fieldset: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Header: true, atom.Hgroup: true, atom.Main: true, atom.Menu: true,
	atom.Nav: true, atom.Ol: true, atom.Pre: true, atom.Section: true,
	atom.Summary: true, atom.Table: true, atom.Ul: true, atom.Li: true,
	atom.Dd: true, atom.Dt: true,
}

// nestingTooDeep runs the tokenizer (no tree, no attributes) over page and
// reports whether elements nest deeper than limit. It follows the parser's
// implicit end tags closely enough not to overcount ordinary sloppy markup
// (unclosed <p>, <li>, <td>), and stops as soon as the limit is passed, so
// its memory use is bounded by limit whatever the input.
func nestingTooDeep(page []byte, limit int) bool {
	z := html.NewTokenizer(bytes.NewReader(page))
	stack := make([]openTag, 0, 64)
	for {
		switch z.Next() {
		case html.ErrorToken:
			return false
		case html.StartTagToken:
			t := tagOf(z)
			if voidTags[t.a] {
				continue
			}
			if closesP[t.a] {
				stack = popTo(stack, atom.P, implicitClose[atom.P])
			}
			if stop, ok := implicitClose[t.a]; ok {
				stack = popTo(stack, t.a, stop)
			}
			stack = append(stack, t)
			if len(stack) > limit {
				return true
			}
		case html.EndTagToken:
			t := tagOf(z)
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i] == t {
					stack = stack[:i]
					break
				}
			}
		}
	}
}

// openTag is an element on the tokenizer-level stack: its atom, or for
// custom elements (no atom) its name.
type openTag struct {
	a    atom.Atom
	name string
}

func tagOf(z *html.Tokenizer) openTag {
	name, _ := z.TagName()
	if a := atom.Lookup(name); a != 0 {
		return openTag{a: a}
	}
	return openTag{name: string(name)}
}

// popTo pops the stack down to and including the nearest a, unless one of
// stop comes first.
func popTo(stack []openTag, a atom.Atom, stop []atom.Atom) []openTag {
	for i := len(stack) - 1; i >= 0; i-- {
		x := stack[i].a
		if x == a {
			return stack[:i]
		}
		for _, s := range stop {
			if x == s {
				return stack
			}
		}
	}
	return stack
}

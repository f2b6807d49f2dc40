package clean

import (
	"net/url"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
)

// Result is cleaned copy.
type Result struct {
	// Text is the cleaned body: paragraphs separated by exactly "\n\n", no
	// leading or trailing space, single spaces inside lines.
	Text string
	// Headings are the byte spans in Text of the paragraphs that are
	// subheadings.
	Headings []article.Span
	// Removed lists every removed piece with its kind, in input order.
	Removed []article.Removal
	// URL comes from a "Source: URL" / "Fuente: URL" / "Via: URL" line, else "".
	URL string
	// Source is the site name from URL's host without "www.", e.g.
	// "noticiascaracol.com"; "" when URL is "".
	Source string
	// Authors are the people the removed bylines name as writers or
	// reporters ("By Olga Petrova, Moscow correspondent", "(Reporting by
	// Carla Mendoza; Editing by Peter Graff)"), in order, each once.
	Authors []string
}

// Clean cleans raw news copy: it normalises characters and spacing, removes
// boilerplate lines (recording each in Removed), joins wrapped lines into
// paragraphs, repairs quote and punctuation spacing and finds subheadings.
func Clean(raw string) Result {
	s := normalize(raw)
	res := Result{Headings: []article.Span{}, Removed: []article.Removal{}}

	// Classify lines; removed lines become paragraph breaks.
	kept := make([]string, 0, strings.Count(s, "\n")+2)
	for ln := range strings.SplitSeq(s, "\n") {
		body, glued := splitGlued(ln)
		body, promo := splitInlinePromo(body)
		kind, u := classify(body)
		if kind != "" {
			res.Removed = append(res.Removed, article.Removal{Kind: kind, Text: body})
			if kind == article.RemovedByline {
				res.Authors = appendAuthors(res.Authors, body)
			}
			if kind == article.RemovedSource && res.URL == "" {
				if site := siteName(u); site != "" {
					res.URL, res.Source = u, site
				}
			}
			body = ""
		}
		kept = append(kept, body)
		if promo != "" {
			res.Removed = append(res.Removed, article.Removal{Kind: article.RemovedPromo, Text: promo})
			kept = append(kept, "")
		}
		if glued != "" {
			res.Removed = append(res.Removed, article.Removal{Kind: article.RemovedDebris, Text: glued})
			kept = append(kept, "")
		}
	}

	// Join lines into paragraphs, repair them and record their spans.
	bp := outPool.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= maxPooledOut {
			outPool.Put(bp)
		}
	}()
	out := (*bp)[:0]
	if cap(out) < len(s)+len(s)/8 {
		out = make([]byte, 0, len(s)+len(s)/8)
	}
	var paras []article.Span
	for i := 0; i < len(kept); {
		if kept[i] == "" {
			i++
			continue
		}
		j := i
		for j < len(kept) && kept[j] != "" {
			j++
		}
		for _, p := range joinBlock(kept[i:j]) {
			if len(out) > 0 {
				out = append(out, '\n', '\n')
			}
			start := len(out)
			out = repair(out, p)
			out = trimRightSpace(out)
			if len(out) == start {
				// Nothing left: drop the separator again.
				if start >= 2 {
					out = out[:start-2]
				}
				continue
			}
			paras = append(paras, article.Span{Start: start, End: len(out)})
		}
		i = j
	}
	res.Text = string(out)
	*bp = out[:0]

	for k, sp := range paras {
		if k == len(paras)-1 {
			break
		}
		next := paras[k+1]
		if isHeading(res.Text[sp.Start:sp.End], res.Text[next.Start:next.End]) {
			res.Headings = append(res.Headings, sp)
		}
	}
	return res
}

// outPool holds the buffers Clean builds its text in.
var outPool = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledOut bounds the buffers kept in outPool.
const maxPooledOut = 1 << 20

// splitGlued splits comment-form debris glued to the end of a line
// ("…lasting peace.Leave a Reply") from the text before it.
func splitGlued(line string) (body, glued string) {
	for _, g := range gluedDebris {
		if len(line) <= len(g) || !strings.HasSuffix(line, g) {
			continue
		}
		before := line[:len(line)-len(g)]
		trimmed := strings.TrimRight(before, " ")
		r, _ := utf8.DecodeLastRuneInString(trimmed)
		switch r {
		case '.', '!', '?', '”', '"', '’', ')', '…':
			return trimmed, g
		}
	}
	return line, ""
}

// splitInlinePromo splits a promo glued to the end of a paragraph ("…
// the mayor said. READ MORE: Ten best bridges", "…said.>>> See more: …")
// from the text before it. The promo must follow the end of a sentence
// and be marked as one: ">>", or a promo label followed by a colon.
func splitInlinePromo(line string) (body, promo string) {
	// A promo holds its colon or starts with ">>".
	if strings.IndexByte(line, ':') < 0 && !strings.Contains(line, ">>") {
		return line, ""
	}
	for i := 1; i < len(line); i++ {
		switch line[i-1] {
		case '.', '!', '?', '"', ')':
		case 0x9D, 0xA6, 0x99: // the last bytes of ” … ’
			if !strings.HasSuffix(line[:i], "”") && !strings.HasSuffix(line[:i], "…") && !strings.HasSuffix(line[:i], "’") {
				continue
			}
		default:
			continue
		}
		rest := strings.TrimLeft(line[i:], " ")
		if rest == "" || len(rest) > 300 {
			continue
		}
		if !strings.HasPrefix(rest, ">>") {
			label := stripMarkers(rest)
			c := strings.IndexByte(label, ':')
			if c < 0 || c > 40 || matchPrefix(rest, label) != article.RemovedPromo {
				continue
			}
		}
		return strings.TrimRight(line[:i], " "), rest
	}
	return line, ""
}

// siteName returns the host of u, lower case, without port and "www.".
func siteName(u string) string {
	if u == "" {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	h := strings.ToLower(p.Hostname())
	h = strings.TrimPrefix(h, "www.")
	return strings.TrimSuffix(h, ".")
}

// joinBlock turns a block of consecutive non-empty lines into paragraphs.
// Each line is its own paragraph unless it visibly continues on the next
// line: the next line starts in lower case, this one ends in a comma or
// hyphen, or this one is a long line without final punctuation (hard
// wrapping).
func joinBlock(block []string) []string {
	if len(block) == 1 {
		return block
	}
	maxLen := 0
	for _, l := range block {
		maxLen = max(maxLen, len(l))
	}
	var paras []string
	cur := block[0]
	for _, next := range block[1:] {
		switch {
		case strings.HasSuffix(cur, "-") && startsLower(next) && !strings.HasSuffix(cur, " -"):
			cur += next
		case startsLower(next) || endsWithJoiner(cur) ||
			(!endsTerminal(cur) && len(cur) >= 50 && 4*len(cur) >= 3*maxLen):
			cur += " " + next
		default:
			paras = append(paras, cur)
			cur = next
		}
	}
	return append(paras, cur)
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

func endsWithJoiner(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case ',', '“', '(', '[', '‘', '«', '–', '—':
		return true
	}
	return false
}

// endsTerminal reports a line that ends a sentence, allowing closing quotes
// and brackets after the punctuation.
func endsTerminal(s string) bool {
	for s != "" {
		r, n := utf8.DecodeLastRuneInString(s)
		switch r {
		case '”', '"', '’', '\'', ')', ']', '»':
			s = s[:len(s)-n]
			continue
		case '.', '!', '?', '…', ':', ';':
			return true
		}
		return false
	}
	return false
}

// isHeading reports whether paragraph p, followed by paragraph next, is a
// subheading: short, no final punctuation, starting with a capital, and
// followed by a paragraph that starts like body text. A paragraph that is
// only a short quoted phrase (“Brothers in arms”) is a heading too.
func isHeading(p, next string) bool {
	if len(p) > 120 || p == "" {
		return false
	}
	if !startsBody(next) {
		return false
	}
	first, fn := utf8.DecodeRuneInString(p)
	last, ln := utf8.DecodeLastRuneInString(p)
	if isOpenQuote(first) {
		if !isCloseQuote(last) || len(p) <= fn+ln {
			return false
		}
		inner := p[fn : len(p)-ln]
		if strings.ContainsAny(inner, "“”\"«»") || wordCount(inner) > 8 {
			return false
		}
		r, _ := utf8.DecodeRuneInString(inner)
		return unicode.IsUpper(r) && !endsTerminal(inner) && !strings.HasSuffix(inner, ",")
	}
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return false
	}
	switch last {
	case '.', '!', '?', ':', ';', ',', '…', '”', '"', '’', '\'', ')', ']', '»', '-', '–', '—':
		return false
	}
	if wordCount(p) > 14 || strings.Contains(p, "http") {
		return false
	}
	return true
}

// startsBody reports whether s starts like a body paragraph: a capital,
// a digit, an opening quote or bracket.
func startsBody(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || isOpenQuote(r) || r == '(' || r == '[' || r == '¿' || r == '¡' || r == '—' || r == '–'
}

func isOpenQuote(r rune) bool {
	return r == '“' || r == '"' || r == '‘' || r == '«' || r == '„'
}

func isCloseQuote(r rune) bool {
	return r == '”' || r == '"' || r == '’' || r == '»'
}

func wordCount(s string) int {
	n := 0
	in := false
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

func trimRightSpace(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return b
}

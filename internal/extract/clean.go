package extract

import (
	"regexp"
	"strings"
	"unicode"
)

// Boilerplate is recognised on short blocks only: a long paragraph that
// happens to mention a newsletter or a photo is still body text.
const (
	maxBoilerplateWords = 40
	maxLinkListWords    = 25
)

// The patterns below apply to lowercased text.

// leadIn matches the labels that introduce lists of links to other
// articles ("Related:", "Read more: …", "You may also like", "[See also: …]"),
// in the languages copydesk meets most.
var leadIn = regexp.MustCompile(`^[^\pL\pN]*(?:` + strings.Join([]string{
	`related(?: (?:posts?|stories|story|articles?|coverage|content|reading|links?|news|videos?|topics?))?`,
	`read (?:more|also|next|this)`, `see (?:more|also)`, `also(?: read| see| watch| on [\w ]{1,30})?`,
	`more(?: (?:stories|news|coverage|on this(?: story| topic)?|from [\w' ]{1,30}|to explore|like this|reading|videos?))?`,
	`you (?:may|might) (?:also )?(?:like|enjoy|be interested in)`, `recommended(?: (?:for you|stories|reading|articles?))?`,
	`further reading`, `don[’']?t miss(?: this)?`, `trending(?: now| stories)?`, `most (?:popular|read|viewed|shared)`,
	`popular (?:stories|posts|articles)`, `watch(?: now| more| video)?`, `listen(?: now)?`, `top stories`,
	`latest(?: news| stories| videos?)?`, `editor[’']?s? picks?`, `in case you missed it`, `in other news`,
	`other stories`, `suggested(?: reading| articles?)?`, `keep reading`, `what to read next`, `up next`,
	`(?:photos?|pictures|images|videos?|gallery)`,
	// Spanish, Portuguese, French, Italian, German.
	`lee(?:a)? (?:también|más|además)`, `te (?:puede|podría) interesar`, `(?:le|les) (?:puede|podría) interesar`,
	`(?:noticias|artículos|notas) relacionad[ao]s`, `ver (?:más|también|tamb[ée]m)`, `vea (?:también|más)`,
	`más (?:información|noticias|de)`, `también (?:te )?puede interesar`, `mira (?:también|más)`,
	`leia (?:também|mais)`, `veja (?:também|mais)`, `saiba mais`, `confira(?: também)?`, `relacionad[ao]s?`,
	`lire (?:aussi|également|la suite)`, `(?:à|a) lire (?:aussi|également)`, `voir aussi`, `sur le même sujet`,
	`leggi (?:anche|pure)`, `potrebbe interessarti`, `lesen sie (?:auch|mehr)`, `mehr zum thema`, `auch interessant`,
	`weitere artikel`,
}, "|") + `)[^\pL\pN]*(?::|…|\.\.\.|$|\]|»|>)`)

// promoStart and promoAny match calls to action, credits and other lines
// that are not part of the story: newsletter and app prompts, share bars,
// "Advertisement", copyright, agency and photo credits, reading times,
// "Filed under", unrendered shortcodes. promoStart holds the patterns
// anchored at the start of the text, which fail fast.
var (
	promoStart = regexp.MustCompile(`^(?:` + strings.Join([]string{
		`sign up\b.*\b(?:newsletters?|e-?mails?|inbox)`, `subscribe\b`,
		`follow [^.]{1,40} on (?:twitter|facebook|instagram|youtube|tiktok|linkedin)`,
		`share (?:this|on)\b`, `continue reading`,
		`(?:advertisement|advertising|ad|publicidad|publicidade|anuncio|publicité|anzeige|werbung)$`, `sponsored\b`,
		`contact (?:the )?(?:writer|author|reporter)`, `email (?:us|the author)`, `(?:copyright|\(c\)|©)`,
		`sources?:`, `fuentes?:`, `fonte:`, `filed under\b`, `tags?:`, `topics?:`, `etiquetas:`, `temas:`,
		`tempo de leitura`, `tiempo de lectura`,
		`(?:updated|published|posted|last updated)(?: at| on)?\b[^!?]{0,40}$`,
		`(?:photo|image|picture|video|foto|imagen|crédito)(?: credit)?s?\s*:`, `\(?(?:photo|image|foto) (?:by|courtesy|credit)\b`,
		`\(?(?:ap|reuters|afp|efe|epa) photo\b`, `the post .* appeared first on\b`, `join (?:us|the conversation)\b`,
		`(?:comments?|comentarios|leave a (?:comment|reply)|print|email|share|tweet|pin|whatsapp|facebook|twitter|linkedin)$`,
		`read the (?:full|original) (?:story|article)`,
		// Unrendered shortcodes of content management systems: [button …]…[/button].
		`\[[a-z_-]{2,20}(?:\s[^\]]*)?\]`,
	}, "|") + `)`)
	promoAny = regexp.MustCompile(strings.Join([]string{
		`\bsign up (?:for|to) (?:our|the) [^.]{0,40}newsletter`, `\bsubscribe (?:to|for|now|today)\b`,
		`\bnewsletters?\b.{0,40}\b(?:inbox|sign up|subscribe)`, `\bfollow (?:us|me|him|her|them)\b`,
		`\bclick here\b`, `\btap here\b`, `\bget the [\w ]{1,30} app\b`, `\bdownload (?:the|our) app\b`,
		`\bshare (?:this|it) with\b`, `\blike this (?:story|article)\?`, `\bhave a (?:news )?tip\?`,
		`\b(?:may|can) be reached at\b`, `\ball rights reserved\b`, `\bderechos reservados\b`,
		`\breporting by\b`, `\bediting by\b`, `\bedited by\b`, `\bcontributed (?:reporting|to this report)\b`,
		`\breading time\b`, `\bmin(?:ute)?s? read\b`, `\bgetty images\b`, `\[/[a-z_-]{2,20}\]$`,
	}, "|"))
)

// promoWords are literals one of which every promoAny match contains; a
// text without any of them is not tested against the regular expression.
var promoWords = []string{"sign up", "subscribe", "newsletter", "follow ", "click here", "tap here",
	" app", "share ", "like this", " tip?", "reached at", "reserv", "reporting", "editing", "edited by",
	"contributed", "reading time", " read", "getty", "[/"}

// promoLike reports whether lowercased text matches leadIn or a promo
// pattern.
func promoLike(lower string) bool {
	if leadIn.MatchString(lower) || promoStart.MatchString(lower) {
		return true
	}
	for _, w := range promoWords {
		if strings.Contains(lower, w) {
			return promoAny.MatchString(lower)
		}
	}
	return false
}

// wordCount counts runs of letters and digits.
func wordCount(s string) int {
	n := 0
	in := false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_'
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

var (
	sentenceEnd = regexp.MustCompile(`[.!?:;…]["”’»)\]]*$`)
	bareURL     = regexp.MustCompile(`^(?:https?://|www\.)\S+$`)
)

// boilerplate reports whether a block (text, with linkRatio of its
// non-space characters inside links) reads as boilerplate rather than story.
func boilerplate(text string, linkRatio float64) bool {
	n := wordCount(text)
	if n == 0 {
		return true
	}
	if n > maxBoilerplateWords {
		return false
	}
	if promoLike(strings.ToLower(text)) {
		return true
	}
	// A short block that is all link and no sentence: a link to another
	// article, a tag, a menu entry. Bare URLs are references, kept.
	return linkRatio > 0.9 && n <= maxLinkListWords && !sentenceEnd.MatchString(text) && !bareURL.MatchString(text)
}

// boilerplateLine is boilerplate for one line of a block broken by <br>.
// Lines are judged more leniently on links: a line of a paragraph that
// links a word or two (a source, a name) is still part of it, while a
// headline-sized line that is mostly link, perhaps with a "[VIDEO]" tag,
// is a link to another article.
func boilerplateLine(text string, linkRatio float64) bool {
	n := wordCount(text)
	if n == 0 {
		return true
	}
	if n > maxBoilerplateWords {
		return false
	}
	if promoLike(strings.ToLower(text)) {
		return true
	}
	return linkRatio > 0.75 && n >= 4 && n <= maxLinkListWords && !sentenceEnd.MatchString(text) && !bareURL.MatchString(text)
}

// cleanLines drops boilerplate lines inside a block whose lines are
// separated by line breaks, and returns what is left.
func cleanLines(b block) string {
	if !strings.Contains(b.text, "\n") {
		return b.text
	}
	var kept []string
	start := 0
	for start <= len(b.text) {
		end := strings.IndexByte(b.text[start:], '\n')
		if end < 0 {
			end = len(b.text)
		} else {
			end += start
		}
		line := strings.TrimSpace(b.text[start:end])
		if line != "" && !boilerplateLine(line, linkShare(b, start, end)) {
			kept = append(kept, line)
		}
		start = end + 1
	}
	return strings.Join(kept, "\n")
}

// linkShare is the share of the non-space characters of b.text[start:end]
// that are inside links.
func linkShare(b block, start, end int) float64 {
	n := len(skeleton(b.text[start:end]))
	if n == 0 {
		return 0
	}
	in := 0
	for _, s := range b.spans {
		if lo, hi := max(s.start, start), min(s.end, end); lo < hi {
			in += hi - lo
		}
	}
	return min(1, float64(in)/float64(n))
}

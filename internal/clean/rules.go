package clean

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
)

// A rule matches the start of a line, case-insensitively.
type rule struct {
	prefix string
	kind   string
	// sep: the prefix must be followed by the end of the line or by a
	// separator (":", "|", "-", "»"…), as in "Related: …". Without sep a
	// word boundary is enough, as in "Read more about …".
	sep bool
	// max is the longest line (in bytes) the rule applies to.
	max int
}

// prefixRules are tried in order on every short line, after leading
// markers (">>>", "»", "►", bullets) are stripped.
var prefixRules = []rule{
	// Promos and "read more" links.
	{"read more", article.RemovedPromo, false, 300},
	{"read also", article.RemovedPromo, false, 300},
	{"also read", article.RemovedPromo, false, 300},
	{"read next", article.RemovedPromo, false, 300},
	{"see more", article.RemovedPromo, false, 300},
	{"see also", article.RemovedPromo, true, 300},
	{"more from", article.RemovedPromo, true, 300},
	{"more on this", article.RemovedPromo, false, 300},
	{"more news", article.RemovedPromo, true, 300},
	{"more stories", article.RemovedPromo, true, 300},
	{"more", article.RemovedPromo, true, 300},
	{"you may be interested in", article.RemovedPromo, false, 300},
	{"you might be interested in", article.RemovedPromo, false, 300},
	{"you may also like", article.RemovedPromo, false, 300},
	{"you might also like", article.RemovedPromo, false, 300},
	{"you may also be interested in", article.RemovedPromo, false, 300},
	{"recommended for you", article.RemovedPromo, false, 300},
	{"recommended", article.RemovedPromo, true, 300},
	{"related articles", article.RemovedPromo, true, 300},
	{"related stories", article.RemovedPromo, true, 300},
	{"related news", article.RemovedPromo, true, 300},
	{"related content", article.RemovedPromo, true, 300},
	{"related coverage", article.RemovedPromo, true, 300},
	{"related", article.RemovedPromo, true, 300},
	{"most read", article.RemovedPromo, true, 300},
	{"trending", article.RemovedPromo, true, 300},
	{"don't miss", article.RemovedPromo, true, 300},
	{"don’t miss", article.RemovedPromo, true, 300},
	{"watch", article.RemovedPromo, true, 300},
	{"listen", article.RemovedPromo, true, 300},
	{"click here", article.RemovedPromo, false, 300},
	{"click for", article.RemovedPromo, false, 200},
	{"click to see", article.RemovedPromo, false, 200},
	{"click to read", article.RemovedPromo, false, 200},
	{"click to view", article.RemovedPromo, false, 200},
	{"click the link", article.RemovedPromo, false, 200},
	{"haz clic", article.RemovedPromo, false, 200},
	{"haga clic", article.RemovedPromo, false, 200},
	{"lea también", article.RemovedPromo, false, 300},
	{"lee también", article.RemovedPromo, false, 300},
	{"lea además", article.RemovedPromo, false, 300},
	{"lea más", article.RemovedPromo, false, 300},
	{"le puede interesar", article.RemovedPromo, false, 300},
	{"le podría interesar", article.RemovedPromo, false, 300},
	{"puede interesarle", article.RemovedPromo, false, 300},
	{"puede interesarte", article.RemovedPromo, false, 300},
	{"te puede interesar", article.RemovedPromo, false, 300},
	{"te podría interesar", article.RemovedPromo, false, 300},
	{"también le puede interesar", article.RemovedPromo, false, 300},
	{"también te puede interesar", article.RemovedPromo, false, 300},
	{"también puede leer", article.RemovedPromo, false, 300},
	{"vea también", article.RemovedPromo, false, 300},
	{"ver también", article.RemovedPromo, false, 300},
	{"mira también", article.RemovedPromo, false, 300},
	{"ver más", article.RemovedPromo, true, 300},
	{"más información", article.RemovedPromo, true, 300},
	{"más noticias", article.RemovedPromo, true, 300},
	{"noticias relacionadas", article.RemovedPromo, false, 300},
	{"contenido relacionado", article.RemovedPromo, false, 300},
	{"relacionado", article.RemovedPromo, true, 300},
	{"haga clic aquí", article.RemovedPromo, false, 300},
	{"leia também", article.RemovedPromo, false, 300},
	{"veja também", article.RemovedPromo, false, 300},
	{"lire aussi", article.RemovedPromo, false, 300},
	{"à lire aussi", article.RemovedPromo, false, 300},
	{"voir aussi", article.RemovedPromo, false, 300},
	{"lesen sie auch", article.RemovedPromo, false, 300},
	{"mehr zum thema", article.RemovedPromo, false, 300},
	{"subscribe to our", article.RemovedPromo, false, 200},
	{"subscribe now", article.RemovedPromo, false, 200},
	{"subscribe", article.RemovedPromo, true, 200},
	{"sign up for our", article.RemovedPromo, false, 200},
	{"sign up to our", article.RemovedPromo, false, 200},
	{"sign up for the", article.RemovedPromo, false, 200},
	{"get our newsletter", article.RemovedPromo, false, 200},
	{"newsletter", article.RemovedPromo, true, 200},
	{"follow us on", article.RemovedPromo, false, 200},
	{"follow us", article.RemovedPromo, true, 200},
	{"join our", article.RemovedPromo, false, 200},
	{"download our app", article.RemovedPromo, false, 200},
	{"download the app", article.RemovedPromo, false, 200},
	{"suscríbete", article.RemovedPromo, false, 200},
	{"suscríbase", article.RemovedPromo, false, 200},
	{"síguenos", article.RemovedPromo, false, 200},
	{"únete a nuestro", article.RemovedPromo, false, 200},
	{"descarga nuestra app", article.RemovedPromo, false, 200},

	// Share bars.
	{"share this", article.RemovedShare, false, 150},
	{"share on", article.RemovedShare, false, 150},
	{"share via", article.RemovedShare, false, 150},
	{"share to", article.RemovedShare, false, 150},
	{"share article", article.RemovedShare, false, 150},
	{"share story", article.RemovedShare, false, 150},
	{"share", article.RemovedShare, true, 150},
	{"click to share", article.RemovedShare, false, 150},
	{"click to email", article.RemovedShare, false, 150},
	{"click to print", article.RemovedShare, false, 150},
	{"tweet this", article.RemovedShare, false, 150},
	{"email this", article.RemovedShare, false, 150},
	{"print this", article.RemovedShare, false, 150},
	{"copy link", article.RemovedShare, false, 150},
	{"link copied", article.RemovedShare, false, 150},
	{"compartir en", article.RemovedShare, false, 150},
	{"compartir por", article.RemovedShare, false, 150},
	{"compartir esta", article.RemovedShare, false, 150},
	{"compartir este", article.RemovedShare, false, 150},
	{"compartir", article.RemovedShare, true, 150},
	{"comparte en", article.RemovedShare, false, 150},
	{"comparte esta", article.RemovedShare, false, 150},
	{"comparte este", article.RemovedShare, false, 150},
	{"comparte", article.RemovedShare, true, 150},
	{"compártelo", article.RemovedShare, false, 150},
	{"compartilhe", article.RemovedShare, false, 150},
	{"partager", article.RemovedShare, false, 150},
	{"teilen", article.RemovedShare, true, 150},
	{"copiar enlace", article.RemovedShare, false, 150},
	{"enlace copiado", article.RemovedShare, false, 150},

	// Comment forms, ads and page furniture.
	{"leave a reply", article.RemovedDebris, false, 150},
	{"leave a comment", article.RemovedDebris, false, 150},
	{"post a comment", article.RemovedDebris, false, 150},
	{"add a comment", article.RemovedDebris, false, 150},
	{"cancel reply", article.RemovedDebris, false, 150},
	{"your email address will not be published", article.RemovedDebris, false, 300},
	{"required fields are marked", article.RemovedDebris, false, 300},
	{"save my name, email", article.RemovedDebris, false, 300},
	{"you must be logged in", article.RemovedDebris, false, 300},
	{"log in to comment", article.RemovedDebris, false, 300},
	{"notify me of", article.RemovedDebris, false, 300},
	{"this site uses akismet", article.RemovedDebris, false, 300},
	{"comments are closed", article.RemovedDebris, false, 300},
	{"deja un comentario", article.RemovedDebris, false, 150},
	{"deja una respuesta", article.RemovedDebris, false, 150},
	{"dejar un comentario", article.RemovedDebris, false, 150},
	{"cancelar respuesta", article.RemovedDebris, false, 150},
	{"tu dirección de correo electrónico no será publicada", article.RemovedDebris, false, 300},
	{"los campos obligatorios están marcados", article.RemovedDebris, false, 300},
	{"guarda mi nombre", article.RemovedDebris, false, 300},
	{"story continues below", article.RemovedDebris, false, 150},
	{"article continues below", article.RemovedDebris, false, 150},
	{"continue reading", article.RemovedDebris, false, 150},
	{"scroll to continue", article.RemovedDebris, false, 150},
	{"skip to content", article.RemovedDebris, false, 150},
	{"skip to main content", article.RemovedDebris, false, 150},
	{"back to top", article.RemovedDebris, false, 150},
	{"sigue leyendo", article.RemovedDebris, false, 150},
	{"seguir leyendo", article.RemovedDebris, false, 150},
	{"continúa leyendo", article.RemovedDebris, false, 150},
	{"volver arriba", article.RemovedDebris, false, 150},
	{"we use cookies", article.RemovedDebris, false, 400},
	{"this website uses cookies", article.RemovedDebris, false, 400},
	{"this site uses cookies", article.RemovedDebris, false, 400},
	{"utilizamos cookies", article.RemovedDebris, false, 400},
	{"este sitio web utiliza cookies", article.RemovedDebris, false, 400},
	{"advertisement", article.RemovedDebris, true, 150},
	{"sponsored content", article.RemovedDebris, true, 150},
	{"publicidad", article.RemovedDebris, true, 150},

	// Bylines and credits.
	{"photo", article.RemovedByline, true, 250},
	{"photos", article.RemovedByline, true, 250},
	{"photo by", article.RemovedByline, false, 250},
	{"photo credit", article.RemovedByline, false, 250},
	{"photograph", article.RemovedByline, true, 250},
	{"picture", article.RemovedByline, true, 250},
	{"image", article.RemovedByline, true, 250},
	{"image credit", article.RemovedByline, false, 250},
	{"illustration", article.RemovedByline, true, 250},
	{"credit", article.RemovedByline, true, 250},
	{"foto", article.RemovedByline, true, 250},
	{"fotos", article.RemovedByline, true, 250},
	{"foto de", article.RemovedByline, false, 250},
	{"foto tomada de", article.RemovedByline, false, 250},
	{"imagen", article.RemovedByline, true, 250},
	{"crédito", article.RemovedByline, true, 250},
	{"créditos", article.RemovedByline, true, 250},
	{"written by", article.RemovedByline, false, 250},
	{"reported by", article.RemovedByline, false, 250},
	{"reporting by", article.RemovedByline, false, 250},
	{"additional reporting by", article.RemovedByline, false, 250},
	{"editing by", article.RemovedByline, false, 250},
	{"edited by", article.RemovedByline, false, 250},
	{"writing by", article.RemovedByline, false, 250},
	{"compiled by", article.RemovedByline, false, 250},
	{"author", article.RemovedByline, true, 250},
	{"authors", article.RemovedByline, true, 250},
	{"staff writer", article.RemovedByline, true, 250},
	{"staff reporter", article.RemovedByline, true, 250},
	{"escrito por", article.RemovedByline, false, 250},
	{"redactado por", article.RemovedByline, false, 250},
	{"redacción", article.RemovedByline, true, 250},
	{"autor", article.RemovedByline, true, 250},
	{"autora", article.RemovedByline, true, 250},
	{"con información de", article.RemovedByline, false, 250},

	// Copyright and timestamps.
	{"copyright", article.RemovedOther, false, 250},
	{"all rights reserved", article.RemovedOther, false, 250},
	{"todos los derechos reservados", article.RemovedOther, false, 250},
	{"derechos reservados", article.RemovedOther, false, 250},
	{"updated", article.RemovedOther, true, 120},
	{"last updated", article.RemovedOther, false, 120},
	{"published", article.RemovedOther, true, 120},
	{"posted", article.RemovedOther, true, 120},
	{"actualizado", article.RemovedOther, true, 120},
	{"publicado", article.RemovedOther, true, 120},
	{"tags", article.RemovedOther, true, 300},
	{"topics", article.RemovedOther, true, 300},
	{"filed under", article.RemovedOther, false, 300},

	// Sponsorship and affiliate disclosures.
	{"disclosure", article.RemovedOther, true, 400},
	{"this post contains affiliate links", article.RemovedOther, false, 400},
	{"this post may contain affiliate links", article.RemovedOther, false, 400},
	{"this article contains affiliate links", article.RemovedOther, false, 400},
	{"this article may contain affiliate links", article.RemovedOther, false, 400},
	{"this post is sponsored by", article.RemovedOther, false, 400},
	{"this is a sponsored post", article.RemovedOther, false, 400},
	{"this shop has been compensated by", article.RemovedOther, false, 400},
	{"we may earn a commission", article.RemovedOther, false, 400},
	{"we may receive a commission", article.RemovedOther, false, 400},
	{"as an amazon associate", article.RemovedOther, false, 400},
	{"contenido patrocinado", article.RemovedOther, true, 150},
	{"este artículo contiene enlaces de afiliado", article.RemovedOther, false, 400},
	{"etiquetas", article.RemovedOther, true, 300},
	{"temas", article.RemovedOther, true, 300},
}

// rulesByFirst indexes prefixRules by foldFirst of their prefix, so that a
// line is only tried against the rules that can match it.
var rulesByFirst = func() map[rune][]int {
	m := make(map[rune][]int)
	for i, r := range prefixRules {
		f := foldFirst(r.prefix)
		m[f] = append(m[f], i)
	}
	return m
}()

// foldFirst returns the lower-case first letter of s without accent, or
// the first rune as is when it is not a letter.
func foldFirst(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	r = unicode.ToLower(r)
	switch r {
	case 'á', 'à', 'â', 'ä':
		return 'a'
	case 'é', 'è', 'ê':
		return 'e'
	case 'í':
		return 'i'
	case 'ó', 'ô':
		return 'o'
	case 'ú', 'ü':
		return 'u'
	}
	return r
}

// wholeLines are removed only when they are the entire line (ignoring case,
// trailing punctuation, asterisks and a leading count such as "12").
var wholeLines = map[string]string{
	"comment": article.RemovedDebris, "comments": article.RemovedDebris,
	"no comments": article.RemovedDebris, "view comments": article.RemovedDebris,
	"show comments": article.RemovedDebris, "load comments": article.RemovedDebris,
	"post comment": article.RemovedDebris, "submit": article.RemovedDebris,
	"name": article.RemovedDebris, "email": article.RemovedDebris, "e-mail": article.RemovedDebris,
	"website": article.RemovedDebris, "reply": article.RemovedDebris,
	"comentario": article.RemovedDebris, "comentarios": article.RemovedDebris,
	"nombre": article.RemovedDebris, "correo electrónico": article.RemovedDebris, "web": article.RemovedDebris,
	"publicar comentario": article.RemovedDebris, "responder": article.RemovedDebris,
	"anuncio": article.RemovedDebris, "sponsored": article.RemovedDebris, "ad": article.RemovedDebris,
	"loading": article.RemovedDebris, "cargando": article.RemovedDebris,
	"menu": article.RemovedDebris, "menú": article.RemovedDebris, "home": article.RemovedDebris,
	"inicio": article.RemovedDebris, "close": article.RemovedDebris, "cerrar": article.RemovedDebris,
	"facebook": article.RemovedShare, "twitter": article.RemovedShare, "whatsapp": article.RemovedShare,
	"linkedin": article.RemovedShare, "telegram": article.RemovedShare, "reddit": article.RemovedShare,
	"pinterest": article.RemovedShare, "messenger": article.RemovedShare, "print": article.RemovedShare,
	"imprimir": article.RemovedShare, "tweet": article.RemovedShare, "pin": article.RemovedShare,
	"x": article.RemovedShare, "copy": article.RemovedShare, "flipboard": article.RemovedShare,
	"threads": article.RemovedShare, "bluesky": article.RemovedShare, "mastodon": article.RemovedShare,
	"shares": article.RemovedShare, "correo": article.RemovedShare,
}

// sourceLabels introduce the line that names where the copy came from.
var sourceLabels = []string{
	"source", "sources", "fuente", "fuentes", "via", "vía", "fonte", "quelle", "original source",
	"originally published at", "originally published", "originally appeared at", "originally appeared",
	"read the original", "publicado originalmente", "publicado originalmente en", "tomado de",
}

// sourceLabelFirst[i] is foldFirst(sourceLabels[i]).
var sourceLabelFirst = func() []rune {
	t := make([]rune, len(sourceLabels))
	for i, l := range sourceLabels {
		t[i] = foldFirst(l)
	}
	return t
}()

// gluedDebris are comment-form phrases that scraping often glues to the
// end of the last paragraph ("…peace.Leave a Reply").
var gluedDebris = []string{"Leave a Reply", "Leave a Comment", "Deja un comentario", "Deja una respuesta"}

// classify says whether a normalised, trimmed line is boilerplate. It
// returns the removal kind ("" for body text) and, for a source line, the
// URL it names.
func classify(line string) (kind, url string) {
	if line == "" {
		return "", ""
	}
	if len(line) > 400 {
		return "", ""
	}
	if strings.HasPrefix(line, ">>") {
		// ">>> See more: …": always a promo, even with an unknown label.
		return article.RemovedPromo, ""
	}
	if isSymbolLine(line) {
		return article.RemovedOther, ""
	}
	if strings.HasPrefix(line, "©") || hasPrefixFold(line, "(c) ") {
		return article.RemovedOther, ""
	}
	if isBareURL(line) {
		return article.RemovedOther, ""
	}
	if k, u, ok := sourceLine(line); ok {
		return k, u
	}
	if isByLine(line) {
		return article.RemovedByline, ""
	}
	if strings.HasPrefix(line, "REUTERS/") || strings.HasPrefix(line, "AP Photo") || strings.HasPrefix(line, "(AP Photo") ||
		strings.HasPrefix(line, "(Photo") || strings.HasPrefix(line, "(Foto") {
		return article.RemovedByline, ""
	}

	body := stripMarkers(line)
	if body == "" {
		return article.RemovedOther, ""
	}
	var kb [40]byte
	if k, ok := wholeLines[string(appendFoldKey(kb[:0], body))]; ok {
		return k, ""
	}
	if isShareBar(body) {
		return article.RemovedShare, ""
	}
	if k := matchPrefix(line, body); k != "" {
		return k, ""
	}
	// "(Reporting by Jean Mbuyi; Editing by Mark Potter)": a wire credit
	// in parentheses
	if len(body) > 2 && body[0] == '(' && body[len(body)-1] == ')' {
		if k := matchPrefix(line, strings.TrimSpace(body[1:len(body)-1])); k == article.RemovedByline {
			return k, ""
		}
	}
	if body != line && len(line) <= 200 && (strings.HasPrefix(line, "»") || strings.HasPrefix(line, "►") || strings.HasPrefix(line, "▶")) {
		return article.RemovedPromo, ""
	}
	return "", ""
}

// matchPrefix returns the kind of the first prefix rule that body (line
// without its markers) starts with, or "".
func matchPrefix(line, body string) string {
	for _, ri := range rulesByFirst[foldFirst(body)] {
		r := &prefixRules[ri]
		if len(line) > r.max || !hasPrefixFold(body, r.prefix) {
			continue
		}
		rest := body[len(r.prefix):]
		if r.sep {
			if !startsWithSep(rest) {
				continue
			}
		} else if !startsWithBoundary(rest) {
			continue
		}
		return r.kind
	}
	return ""
}

// stripMarkers drops the arrows, chevrons and bullets that start promo
// lines, with the spaces after them.
func stripMarkers(s string) string {
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		switch r {
		case '>', '»', '›', '►', '▶', '▸', '→', '•', '·', '■', '▪', '+', '*', '|':
			s = strings.TrimLeft(s[n:], " ")
		default:
			return s
		}
	}
	return s
}

// sourceLine matches "Source: URL", "Fuente: URL", "Via: URL" and short
// "Source: AFP" lines.
func sourceLine(line string) (kind, url string, ok bool) {
	f := foldFirst(line)
	if !strings.ContainsRune("sfvqorpt", f) {
		return "", "", false
	}
	for i, label := range sourceLabels {
		// A label can only match a line whose first letter folds like its
		// own (they all start with an ASCII letter).
		if sourceLabelFirst[i] != f || !hasPrefixFold(line, label) {
			continue
		}
		rest := strings.TrimLeft(line[len(label):], " ")
		if rest == "" || (rest[0] != ':' && !strings.HasPrefix(rest, "：")) {
			continue
		}
		rest = strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(rest, ":"), "："), " ")
		if u := findURL(rest); u != "" {
			return article.RemovedSource, u, true
		}
		if rest != "" && len(line) <= 80 {
			return article.RemovedSource, "", true
		}
	}
	return "", "", false
}

// findURL returns the first http(s) URL in s, without trailing punctuation.
func findURL(s string) string {
	i := strings.Index(s, "http://")
	if j := strings.Index(s, "https://"); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	if i < 0 {
		if j := strings.Index(s, "www."); j >= 0 && (j == 0 || s[j-1] == ' ') {
			u := trimURL(s[j:])
			if strings.IndexByte(u, '.') > 0 && len(u) > len("www.x.y") {
				return "https://" + u
			}
		}
		return ""
	}
	u := trimURL(s[i:])
	if len(u) <= len("https://") {
		return ""
	}
	return u
}

func trimURL(u string) string {
	if j := strings.IndexAny(u, " <>\"“”"); j >= 0 {
		u = u[:j]
	}
	return strings.TrimRight(u, ".,;:!?)]}'’")
}

// isBareURL reports a line that is nothing but a link.
func isBareURL(line string) bool {
	if strings.IndexByte(line, ' ') >= 0 {
		return false
	}
	return hasPrefixFold(line, "http://") || hasPrefixFold(line, "https://") || hasPrefixFold(line, "www.")
}

// isSymbolLine reports separator lines such as "***", "---" or "* * *".
func isSymbolLine(line string) bool {
	for _, r := range line {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	// A lone ellipsis or quote is still punctuation-only, hence debris.
	return true
}

// isByLine matches "By Jane Doe", "By Jane Doe and John Roe, Reuters",
// "BY JANE DOE", "Por Juan Pérez": a short line of names after "By"/"Por"
// with no sentence-final period.
func isByLine(line string) bool {
	var rest string
	switch {
	case strings.HasPrefix(line, "By "), strings.HasPrefix(line, "BY "):
		rest = line[3:]
	case strings.HasPrefix(line, "Por "), strings.HasPrefix(line, "POR "):
		rest = line[4:]
	default:
		return false
	}
	if len(line) > 120 || rest == "" {
		return false
	}
	if last := line[len(line)-1]; last == '.' || last == '!' || last == '?' || last == ',' || last == ':' {
		// "By Tuesday, the deal was done." is a sentence.
		if !(last == '.' && endsWithInitial(line)) {
			return false
		}
	}
	words := 0
	for w := range strings.FieldsSeq(rest) {
		words++
		if words > 12 {
			return false
		}
		w = strings.Trim(w, ",|;·•-–—()")
		if w == "" || isNameConnector(w) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && w != "@" && r != '@' {
			return false
		}
	}
	return words > 0
}

func endsWithInitial(s string) bool {
	// "… Jr." or "… J." style endings.
	i := strings.LastIndexByte(s, ' ')
	w := s[i+1:]
	return w == "Jr." || w == "Sr." || (len(w) == 2 && w[0] >= 'A' && w[0] <= 'Z')
}

func isNameConnector(w string) bool {
	switch strings.ToLower(w) {
	case "and", "&", "y", "e", "de", "del", "la", "las", "los", "van", "von", "der", "da", "do", "dos", "di", "le", "bin", "al",
		"in", "en", "for", "para", "with", "con", "staff", "correspondent", "reporter", "writer", "editor":
		return true
	}
	return false
}

// shareWords are the network names and verbs that make up share bars such
// as "Facebook Twitter WhatsApp Email".
var shareWords = map[string]bool{
	"facebook": true, "twitter": true, "whatsapp": true, "linkedin": true, "telegram": true, "reddit": true,
	"pinterest": true, "messenger": true, "email": true, "e-mail": true, "print": true, "tweet": true,
	"share": true, "x": true, "copy": true, "link": true, "flipboard": true, "threads": true, "bluesky": true,
	"mail": true, "sms": true, "imprimir": true, "compartir": true, "correo": true, "mastodon": true,
	"pin": true, "tumblr": true, "vk": true, "line": true, "viber": true, "pocket": true,
}

// isShareBar reports a line made only of share-bar words, at least two of
// them ("Facebook Twitter Email", "Share | Tweet").
func isShareBar(line string) bool {
	if len(line) > 150 {
		return false
	}
	n := 0
	for w := range strings.FieldsFuncSeq(line, func(r rune) bool {
		return r == ' ' || r == '|' || r == '·' || r == '•' || r == ',' || r == '/'
	}) {
		w = strings.Trim(w, "()[]:")
		if w == "" {
			continue
		}
		var lb [24]byte
		if !shareWords[string(appendLower(lb[:0], w))] {
			return false
		}
		n++
	}
	return n >= 2
}

// appendFoldKey appends to b the lower-case form of a short line without a
// leading count, trailing punctuation or asterisks: "12 Comments" →
// "comments", "Name *" → "name"; nothing for a line over 40 bytes. Map
// lookups with it spare a string for the key.
func appendFoldKey(b []byte, s string) []byte {
	if len(s) > 40 {
		return b
	}
	s = strings.TrimLeft(s, "0123456789 ")
	s = strings.TrimRight(s, " *:.!?()")
	return appendLower(b, s)
}

// appendLower appends strings.ToLower(s) to b.
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(b, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// hasPrefixFold reports whether s starts with prefix, ignoring case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	if len(s) == len(prefix) || utf8.RuneStart(s[len(prefix)]) {
		return strings.EqualFold(s[:len(prefix)], prefix)
	}
	// The cut would split a character: compare rune by rune.
	for _, pr := range prefix {
		sr, n := utf8.DecodeRuneInString(s)
		if n == 0 || unicode.ToLower(sr) != unicode.ToLower(pr) {
			return false
		}
		s = s[n:]
	}
	return true
}

// startsWithBoundary: rest is empty or begins with a non-letter.
func startsWithBoundary(rest string) bool {
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// startsWithSep: rest is empty or, after spaces, begins with a separator.
func startsWithSep(rest string) bool {
	rest = strings.TrimLeft(rest, " ")
	if rest == "" {
		return true
	}
	r, n := utf8.DecodeRuneInString(rest)
	switch r {
	case ':', '：', '|', '»', '>', '›', '•', '/':
		return true
	case '-', '–', '—':
		// "Related - …", but not "Credit-Suisse".
		return len(rest) == n || rest[n] == ' '
	}
	return false
}

// appendAuthors adds the writers a byline names to authors: the names
// after "By"/"Por" up to a comma ("By Olga Petrova, Moscow correspondent"),
// or after "Reporting by" and "Additional reporting by" up to a semicolon
// (editors are not authors). A name is two to four capitalised words;
// "Reuters" alone is an agency, not an author.
func appendAuthors(authors []string, line string) []string {
	line = strings.Trim(strings.TrimSpace(line), "()")
	var lists []string
	switch {
	case strings.HasPrefix(line, "By "), strings.HasPrefix(line, "BY "):
		lists = append(lists, strings.SplitN(line[3:], ",", 2)[0])
	case strings.HasPrefix(line, "Por "), strings.HasPrefix(line, "POR "):
		lists = append(lists, strings.SplitN(line[4:], ",", 2)[0])
	default:
		for part := range strings.SplitSeq(line, ";") {
			part = strings.TrimSpace(part)
			for _, p := range []string{"Additional reporting by ", "Reporting by ", "Writing by ", "Text by "} {
				if hasPrefixFold(part, p) {
					lists = append(lists, strings.SplitN(part[len(p):], ",", 2)[0])
					break
				}
			}
		}
	}
	for _, list := range lists {
		list = strings.NewReplacer(" and ", "|", " & ", "|", " y ", "|", " AND ", "|").Replace(list)
		for name := range strings.SplitSeq(list, "|") {
			name, _, _ = strings.Cut(name, " in ") // "Li Wei in Beijing"
			name, _, _ = strings.Cut(name, " en ")
			name = strings.TrimSpace(strings.Trim(name, " .·|"))
			if isAuthorName(name) && !slices.Contains(authors, name) {
				authors = append(authors, name)
			}
		}
	}
	return authors
}

// isAuthorName reports two to four words, each capitalised or a name
// connector ("de", "van").
func isAuthorName(s string) bool {
	ws := strings.Fields(s)
	if len(ws) < 2 || len(ws) > 4 {
		return false
	}
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !isNameConnector(w) {
			return false
		}
		if isNameConnector(w) && w != strings.ToLower(w) {
			return false // "Staff", "Correspondent": a role, not a name
		}
	}
	r, _ := utf8.DecodeRuneInString(ws[len(ws)-1])
	return unicode.IsUpper(r)
}

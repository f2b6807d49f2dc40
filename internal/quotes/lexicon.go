package quotes

// cueVerbs are the reporting verbs (and participles) that attribute a quote.
// Keys are lower case.
var cueVerbs = setOf(
	// English: say, tell, write and the usual reporting verbs.
	"say", "says", "said", "saying",
	"tell", "tells", "told", "telling",
	"write", "writes", "wrote", "writing",
	"add", "adds", "added", "adding",
	"declare", "declares", "declared", "declaring",
	"state", "states", "stated", "stating",
	"urge", "urges", "urged", "urging",
	"warn", "warns", "warned", "warning",
	"report", "reports", "reported",
	"announce", "announces", "announced", "announcing",
	"explain", "explains", "explained", "explaining",
	"insist", "insists", "insisted", "insisting",
	"tweet", "tweeted", "tweeting",
	"post", "posted",
	"ask", "asks", "asked", "asking",
	"acknowledge", "acknowledges", "acknowledged", "acknowledging",
	"note", "noted", "noting",
	"continue", "continues", "continued",
	"reply", "replies", "replied", "replying",
	"respond", "responds", "responded", "responding",
	"argue", "argues", "argued", "arguing",
	"claim", "claimed", "claiming",
	"confirm", "confirms", "confirmed", "confirming",
	"comment", "commented", "commenting",
	"remark", "remarked",
	"recall", "recalls", "recalled", "recalling",
	"remember", "remembers", "remembered",
	"quip", "quipped", "joke", "joked", "joking",
	"shout", "shouts", "shouted", "shouting",
	"yell", "yelled", "scream", "screamed", "cry", "cried", "exclaimed", "whispered",
	"order", "ordered",
	"admit", "admits", "admitted", "admitting",
	"concede", "concedes", "conceded",
	"caution", "cautioned",
	"predict", "predicted", "predicting",
	"suggest", "suggests", "suggested", "suggesting",
	"emphasize", "emphasized", "emphasizing", "emphasise", "emphasised",
	"stress", "stressed", "stressing",
	"mention", "mentioned", "mentioning",
	"indicate", "indicates", "indicated", "indicating",
	"congratulate", "congratulated",
	"testify", "testified", "testifying",
	"observe", "observed",
	"conclude", "concluded",
	"maintain", "maintained",
	"contend", "contended",
	"lament", "lamented",
	"complain", "complained", "complaining",
	"vow", "vowed", "promise", "promised", "pledge", "pledged",
	"boast", "boasted",
	"describe", "describes", "described", "describing",
	"demand", "demanded",
	"recount", "recounted",
	"answer", "answered",
	"assert", "asserted", "affirm", "affirmed", "assure", "assured",
	"reiterate", "reiterated", "clarify", "clarified",
	"reveal", "revealed", "disclose", "disclosed",
	"allege", "alleged", "hint", "hinted", "highlight", "highlighted",
	"counter", "countered", "retort", "retorted", "interject", "interjected",
	"plead", "pleaded", "proclaim", "proclaimed",
	"reads",
	// Spanish.
	"dijo", "dice", "decía", "afirmó", "afirma", "declaró", "declara", "señaló", "señala",
	"aseguró", "asegura", "explicó", "explica", "indicó", "indica", "añadió", "añade",
	"agregó", "agrega", "sostuvo", "manifestó", "expresó", "comentó", "advirtió",
	"subrayó", "destacó", "escribió", "publicó", "informó", "anunció", "precisó",
	"insistió", "respondió", "preguntó", "reconoció", "recalcó", "apuntó", "expuso",
	"detalló", "concluyó", "puntualizó", "denunció", "admitió", "reiteró",
)

// cueNotBeforeTo are cues that are not speech when followed by "to"
// ("continued to grow", "added to the list").
var cueNotBeforeTo = setOf("continue", "continues", "continued", "add", "adds", "added", "adding",
	"post", "posted", "report", "reports", "reported", "order", "ordered", "state", "states",
	"note", "answer", "answered", "respond", "responds", "responded", "responding", "reply", "replied",
	"counter", "countered")

// notCueAfter: a cue right after one of these is passive ("is said to") or a
// noun ("the report", "the state").
var notCueAfter = setOf("is", "was", "are", "were", "be", "been", "being", "am", "the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these", "those")

// pronouns that can stand for a speaker.
var personPronouns = setOf("he", "she", "él", "ella")
var pluralPronouns = setOf("they", "ellos", "ellas")

// prepositions: a mention right after one is not a subject.
var prepositions = setOf("of", "with", "by", "to", "for", "from", "on", "at", "in", "into", "about",
	"against", "between", "like", "via", "than", "over", "under", "through", "after", "before",
	"during", "without", "within", "among", "toward", "towards", "including", "behind", "near",
	"beside", "besides", "per", "across", "around", "upon", "onto", "unlike", "meeting", "visiting",
	"de", "del", "con", "por", "para", "en", "sobre", "entre", "contra", "hacia", "desde", "ante")

// namingBefore: a quote right after one of these words names something
// rather than reporting speech ("the word “We”").
var namingBefore = setOf("word", "words", "term", "terms", "phrase", "slogan", "tagline", "motto",
	"hashtag", "dubbed", "titled", "entitled", "nicknamed", "so-called", "headlined", "label",
	"labelled", "labeled", "brand", "branded", "named", "called", "name", "nickname", "title",
	"film", "movie", "book", "song", "album", "novel", "show", "series", "podcast", "documentary",
	"episode", "play", "musical", "operation", "program", "programme", "lema", "llamado", "llamada",
	"denominado", "denominada", "palabra", "término")

// namingAsBefore: "known as “…”", "billed as", "referred to as".
var namingAsBefore = setOf("known", "billed", "referred", "marketed", "branded", "conocido", "conocida")

// namingAfter: a short quote followed within two words by one of these is a
// name ("the “Don’t Jerk and Drive” campaign").
var namingAfter = setOf("campaign", "campaigns", "slogan", "tagline", "hashtag", "motto", "franchise",
	"series", "film", "movie", "album", "song", "book", "show", "podcast", "documentary", "episode",
	"brand", "trend", "trends", "stance", "policy", "label", "initiative", "program", "programme",
	"strategy", "doctrine", "agenda", "movement", "chant", "app", "operation", "plan", "meme")

// copulas: a short quote followed directly by one of these is the subject
// of a sentence (a name), not speech.
var copulas = setOf("is", "was", "are", "were", "has", "have", "had", "became", "becomes", "will",
	"would", "remains", "remained", "es", "fue", "era")

// smallWords are ignored when testing for title case.
var smallWords = setOf("a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to",
	"for", "by", "with", "from", "as", "vs", "de", "del", "la", "el", "y", "en")

// abbreviations that do not end a sentence in the fallback splitter.
var abbreviations = setOf("mr", "mrs", "ms", "dr", "gov", "sen", "rep", "gen", "col", "lt", "sgt",
	"st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "jan", "feb", "mar", "apr", "aug",
	"sep", "sept", "oct", "nov", "dec", "prof", "rev", "mt", "ft", "ave", "blvd", "capt", "cmdr",
	"adm", "maj", "pres", "sr", "sra", "dra", "etc", "approx", "dept", "est", "fig", "gob")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

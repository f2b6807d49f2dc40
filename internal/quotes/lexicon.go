package quotes

// cueVerbs are the reporting verbs (and participles) that attribute a quote.
// Keys are lower case.
var cueVerbs = setOf(
	// English: say, tell, write and the usual reporting verbs.
	"say", "says", "said", "saying",
	"tell", "tells", "adds", "writes", "declares", "warns", "urges", "explains", "insists", "announces",
	"asks", "argues", "admits", "confirms", "acknowledges", "suggests", "describes", "indicates",
	"continues", "recalls", "concedes", "predicts", "stresses", "explains", "replies", "responds",
	"comments", "notes", "observes", "remarks", "contends", "maintains",
	"told", "telling",
	"wrote", "writing",
	"added", "adding",
	"declared", "declaring",
	"stated", "stating",
	"urged", "urging",
	"warned", "warning",
	"reported",
	"announced", "announcing",
	"explained", "explaining",
	"insisted", "insisting",
	"tweeted", "tweeting",
	"posted",
	"asked", "asking",
	"acknowledged", "acknowledging",
	"noted", "noting",
	"continued",
	"replied", "replying",
	"responded", "responding",
	"argued", "arguing",
	"claimed", "claiming",
	"confirmed", "confirming",
	"commented", "commenting",
	"remarked",
	"recalled", "recalling",
	"remembered",
	"quipped", "joked", "joking", "quips", "jokes", "laughs", "laughed",
	"muses", "mused", "sighs", "sighed", "gushes", "gushed", "boasts", "complains", "laments", "cautions",
	"vows", "pledges", "counters", "countered", "wonders", "wondered", "tweets",
	"shouts", "shouted", "shouting",
	"yelled", "screamed", "cried", "exclaimed", "whispered",
	"ordered",
	"admitted", "admitting",
	"conceded",
	"cautioned",
	"predicted", "predicting",
	"suggested", "suggesting",
	"emphasized", "emphasizing", "emphasised",
	"stressed", "stressing",
	"mentioned", "mentioning",
	"indicated", "indicating",
	"congratulated",
	"testified", "testifying",
	"observed",
	"concluded",
	"maintained",
	"contended",
	"lamented",
	"complained", "complaining",
	"vowed", "promised", "pledged",
	"boasted",
	"described", "describing",
	"demanded",
	"recounted",
	"answered",
	"asserted", "affirmed", "assured",
	"reiterated", "clarified",
	"revealed", "disclosed",
	"hinted", "highlighted",
	"countered", "retorted", "interjected",
	"pleaded", "proclaimed",
	"begged", "implored",
	"called", "calling",
	"rejected", "dismissed", "denounced", "condemned", "criticized", "criticised", "slammed", "blasted",
	"accused", "accuses", "accusing", "alleged", "alleges", "alleging",
	"reads",
	"sings", "sang",
	// Spanish.
	"dijo", "dice", "decía", "afirmó", "afirma", "declaró", "declara", "señaló", "señala",
	"aseguró", "asegura", "explicó", "explica", "indicó", "indica", "añadió", "añade",
	"agregó", "agrega", "sostuvo", "manifestó", "expresó", "comentó", "advirtió",
	"subrayó", "destacó", "escribió", "publicó", "informó", "anunció", "precisó",
	"insistió", "respondió", "preguntó", "reconoció", "recalcó", "apuntó", "expuso",
	"detalló", "concluyó", "puntualizó", "denunció", "admitió", "reiteró",
)

// viewVerbs hold a view that a short quote after "as" gives ("Ward sees
// the lineup as its “Achilles heel.”").
var viewVerbs = setOf("sees", "saw", "views", "viewed", "regards", "regarded", "considers", "considered",
	"characterizes", "characterized", "characterised", "portrays", "portrayed")

// baseCues are reporting verbs in the base form that "say" and "tell"
// share: cues only after a modal ("he’d respond", "she would add").
var baseCues = setOf("respond", "reply", "answer", "add", "write", "explain", "ask", "insist", "admit", "joke",
	"recall", "warn", "argue", "quip", "laugh", "sigh", "shout", "whisper", "remark", "muse")

// modals stand before a base-form cue ("would reply").
var modals = setOf("would", "will", "might", "could", "can", "may", "should", "must")

// cueNotBeforeTo are cues that are not speech when followed by "to"
// ("continued to grow", "added to the list").
var cueNotBeforeTo = setOf("continue", "continues", "continued", "add", "adds", "added", "adding",
	"post", "posted", "report", "reports", "reported", "order", "ordered", "state", "states",
	"note", "answer", "answered", "respond", "responds", "responded", "responding", "reply", "replied",
	"counter", "countered")

// weakCues are cues that are also ordinary transitive verbs ("it continued
// close preparations"); before a quote they count only when followed by
// ":", "," or "that".
var weakCues = setOf("continued", "continues", "added", "adds", "ordered", "posted", "maintained",
	"observed", "concluded", "answered", "reads", "remembered", "recalled", "recalls", "reported")

// notCueAfter: a cue right after one of these is passive ("is said to") or a
// noun ("the report", "the state").
var notCueAfter = setOf("is", "was", "are", "were", "be", "been", "being", "am", "the", "a", "an", "its", "his", "her", "their", "our", "these", "those")

// auxAdverb may stand between a subject and its cue verb.
var auxAdverb = setOf("has", "had", "have", "also", "later", "then", "instead", "once", "again",
	"previously", "earlier", "still", "had", "would", "will", "ha", "había", "también")

// Gendered words: titles and nouns that name a man or a woman (the
// pronouns are in pronounGender). An article's own use of them gives its
// people a gender, so that "she said" skips the man last spoken of.
var maleWords = setOf("mr", "sir", "lord", "king", "prince", "duke", "husband", "father", "son", "brother",
	"grandfather", "grandson", "uncle", "nephew", "boyfriend", "widower", "stepfather", "stepson", "dad",
	"congressman", "spokesman", "businessman", "sportsman", "chairman", "councilman", "assemblyman",
	"actor", "monsieur", "señor", "don")
var femaleWords = setOf("mrs", "ms", "miss", "lady", "dame", "madam", "queen", "princess", "duchess", "wife",
	"mother", "daughter", "sister", "grandmother", "granddaughter", "aunt", "niece", "girlfriend", "widow",
	"stepmother", "stepdaughter", "mom", "mum", "congresswoman", "spokeswoman", "businesswoman",
	"sportswoman", "chairwoman", "councilwoman", "assemblywoman", "actress", "heiress", "waitress",
	"madame", "señora", "doña")

// pronouns that can stand for a speaker.
var personPronouns = setOf("he", "she", "él", "ella")
var pluralPronouns = setOf("they", "ellos", "ellas")
var thingPronouns = setOf("it")

// personNouns name a person by occupation or office; "the actor said"
// refers to the person last spoken of. Spokespeople are not here: an
// unnamed spokesperson speaks for an organisation.
var personNouns = setOf("actor", "actress", "singer", "star", "rapper", "musician", "comedian", "artist", "author",
	"writer", "director", "producer", "host", "president", "minister", "premier", "senator", "governor", "mayor",
	"lawmaker", "congressman", "congresswoman", "chancellor", "ambassador", "diplomat", "coach", "player",
	"quarterback", "striker", "driver", "pitcher", "manager", "chairman", "chairwoman", "founder", "billionaire",
	"entrepreneur", "executive", "economist", "scientist", "researcher", "professor", "designer", "pope", "king",
	"queen", "prince", "princess", "prosecutor", "attorney", "lawyer", "judge", "sheriff", "commissioner",
	"candidate", "nominee", "monarch", "leader", "envoy", "general", "admiral", "secretary",
	"captain", "skipper", "goalkeeper", "midfielder", "defender", "winger", "forward", "batsman", "bowler",
	"boxer", "golfer", "sprinter", "swimmer", "skier", "cyclist", "gymnast", "footballer", "novelist", "poet",
	"champion", "winner", "medalist", "medallist")

// personNounModifiers may stand between "the" and a person noun ("the
// former president", "the veteran actor").
var personNounModifiers = setOf("former", "veteran", "late", "longtime", "new", "then", "outgoing", "incoming",
	"retired", "acclaimed", "famed", "embattled", "beleaguered")

// orgNouns name an organisation by its kind: "the company said" refers to
// the organisation last spoken of.
var orgNouns = setOf("company", "firm", "group", "label", "agency", "organization", "organisation", "network",
	"ministry", "department", "government", "club", "team", "party", "bank", "broadcaster", "newspaper",
	"university", "commission", "council", "committee", "union", "airline", "carrier", "automaker", "retailer",
	"studio", "lender", "insurer", "startup", "charity", "regulator", "watchdog")

// spokesNouns speak for an organisation named by the noun before them ("a
// company spokesperson").
var spokesNouns = setOf("spokesperson", "spokesman", "spokeswoman", "representative", "spokespeople")

// ownerVoices speak for the organisation that owns them: "Acme's spokesman
// said" is Acme's.
var ownerVoices = setOf("office", "spokesperson", "spokesman", "spokeswoman", "spokespeople", "press")

// documentNouns name a text issued by a speaker: "the statement said"
// refers to whoever issued the last one; "a report from Kotak" names its
// author after "from" or "by".
var documentNouns = setOf("statement", "report", "release", "letter", "memo", "note", "notice", "study", "survey",
	"analysis", "filing", "post", "tweet", "message", "email", "e-mail")

// articles open a noun phrase.
var articles = setOf("a", "an", "the")

// speechNouns name something said or ordered, whose source follows
// "from" or "by" ("directives from Xi to “show no mercy”").
var speechNouns = setOf("directive", "directives", "order", "orders", "instruction", "instructions", "call",
	"calls", "warning", "warnings", "plea", "pleas", "demand", "demands", "promise", "promises", "pledge",
	"remarks", "comments", "words", "message", "statement", "appeal", "appeals", "vow", "threat", "threats")

// titlePrepositions come before a title rather than before speech: a
// title-case quote after one is a name ("an episode of “DWTS.”").
var titlePrepositions = setOf("of", "from", "on", "in", "at", "with", "to", "off")

// prepositions: a mention right after one is not a subject.
var prepositions = setOf("of", "with", "by", "to", "for", "from", "on", "at", "in", "into", "about",
	"against", "between", "like", "via", "than", "over", "under", "through", "after", "before",
	"during", "without", "within", "among", "toward", "towards", "including", "behind", "near",
	"beside", "besides", "per", "across", "around", "upon", "onto", "unlike", "meeting", "visiting", "inside", "outside",
	"de", "del", "con", "por", "para", "en", "sobre", "entre", "contra", "hacia", "desde", "ante")

// namingBefore: a quote right after one of these words names something
// rather than reporting speech ("the word “We”").
var namingBefore = setOf("word", "words", "term", "terms", "phrase", "slogan", "tagline", "motto",
	"hashtag", "dubbed", "titled", "entitled", "nicknamed", "so-called", "headlined", "label",
	"labelled", "labeled", "brand", "branded", "named", "called", "name", "nickname", "title",
	"film", "movie", "book", "song", "album", "novel", "show", "series", "podcast", "documentary",
	"episode", "play", "musical", "operation", "program", "programme", "perform", "performs",
	"performed", "performing", "lema", "llamado", "llamada",
	"denominado", "denominada", "palabra", "término")

// speechBefore: "what he called “…”" is speech, not a name.
var speechBefore = setOf("what", "we", "i", "it")

// npEnd words end the noun phrase after a verb-first cue ("said a WeWork
// spokesperson when contacted by Reuters").
var npEnd = setOf("when", "while", "who", "which", "whom", "whose", "after", "before", "as", "during",
	"because", "since", "although", "though", "if", "where", "adding", "noting", "saying", "according",
	"cuando", "quien", "que", "tras")

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

// wordSet is a set of lower-case words with a bit filter in front of the
// map, so that most words are rejected without hashing.
type wordSet struct {
	m    map[string]bool
	bits [64]uint64
}

func setOf(words ...string) *wordSet {
	s := &wordSet{m: make(map[string]bool, len(words))}
	for _, w := range words {
		s.m[w] = true
		k := sig(w)
		s.bits[k>>6] |= 1 << (k & 63)
	}
	return s
}

// sig is the filter bit of a lower-case word.
func sig(w string) uint {
	return (uint(len(w))*131 + uint(w[0])*31 + uint(w[len(w)-1])*7 + uint(w[len(w)/2])) & 4095
}

// contains reports whether lower-case word w is in s.
func (s *wordSet) contains(w string) bool {
	if w == "" {
		return false
	}
	k := sig(w)
	if s.bits[k>>6]&(1<<(k&63)) == 0 {
		return false
	}
	return s.m[w]
}

// afterObjectHer: "her" before one of these is an object ("told her that",
// "gave her a", "asked her to"), not a possessive.
var afterObjectHer = setOf("to", "that", "a", "an", "the", "and", "or", "but", "as", "in", "on", "at", "for", "with",
	"from", "by", "about", "into", "over", "after", "before", "if", "when", "because", "so", "up", "out", "down",
	"back", "off", "again", "too", "very", "this", "these", "those", "what", "how", "why", "whether")

// askVerbs put a question to their object: "Pollard asked her", whose
// answer is hers.
var askVerbs = setOf("asked", "asks", "questioned", "pressed")

// issuedVerbs name the author of a document after "by" or "from": "the
// report, published by the Institute for Fiscal Studies, warned".
var issuedVerbs = setOf("published", "issued", "released", "commissioned", "conducted", "written", "compiled", "produced",
	"filed", "brought")

// unnamedOpeners and unnamedNouns open a sentence whose subject is an
// unnamed person: "A nurse, who asked not to be named, said", "One
// resident told".
var unnamedOpeners = setOf("a", "an", "one", "another")

var unnamedNouns = setOf("man", "woman", "men", "women", "boy", "girl", "person", "resident", "neighbor",
	"neighbour", "witness", "nurse", "doctor", "teacher", "student", "worker", "employee", "official",
	"officer", "source", "parent", "mother", "father", "passenger", "volunteer", "voter", "farmer",
	"survivor", "protester", "soldier", "villager", "relative", "friend", "colleague", "bystander",
	"customer", "shopkeeper", "owner", "member", "analyst", "expert", "aide", "spectator", "fan",
	"engineer", "reporter", "journalist", "insider", "staffer", "executive", "lawyer", "attorney")

// companyNouns are the orgNouns that name a business: "the company said"
// is no ministry's statement.
var companyNouns = setOf("company", "firm", "automaker", "retailer", "lender", "insurer", "startup", "carrier",
	"airline", "bank", "label", "studio", "broadcaster")

// publicBodyWords mark a public body's name ("Ministry of Health",
// "Federal Reserve Board"): no company.
var publicBodyWords = setOf("ministry", "department", "government", "council", "committee", "commission", "court",
	"police", "agency", "parliament", "senate", "congress", "assembly", "office", "authority", "bureau", "army",
	"navy", "house", "administration", "board", "federal", "national", "state", "city", "county", "municipal",
	"university", "school", "hospital", "union", "party")

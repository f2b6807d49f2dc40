package keywords

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/lang"
)

// Stopword strengths.
const (
	notStop  = iota
	softStop // a stopword in lower case, but part of a name when capitalised: "New York", "Great Britain"
	hardStop // always a stopword: function words, reporting verbs, calendar words
)

// stopwords end a candidate phrase: function words, reporting verbs, common
// auxiliaries and other words that are never key phrases on their own,
// calendar words, and Spanish function words for translated copy.
var stopwords = func() map[string]uint8 {
	m := map[string]uint8{}
	add := func(kind uint8, words string) {
		for _, w := range strings.Fields(words) {
			m[w] = kind
		}
	}
	add(hardStop, `
	a about above across after afterwards again against ago all almost along already also although always am among
	an and another any anyone anything are around as at away back be became because become becomes been before
	being below beside besides between beyond both but by can cannot could did do does doing done down during each
	either else enough etc even ever every everyone everything except few for formerly from further
	had has have having he her here hers herself him himself his how however i if in including into is it its
	itself just last later latter least less like made make makes making many may me meanwhile might mine more
	moreover most mostly much must my myself namely neither never nevertheless no nobody none nor not
	nothing now of off often on once one only onto or other others otherwise our ours ourselves out over own per
	perhaps rather same several she should since so some somehow someone something sometimes still such
	than that the their theirs them themselves then there thereby therefore these they this those though
	through throughout thus to together too toward towards under until up upon us very via was we well were what
	whatever when whenever where whereas whether which while who whoever whole whom whose why will with within
	without would yet you your yours yourself yourselves
	said says say saying told tell tells according added adding stated noted asked announced declared explained
	reported wrote claimed insisted urged warned called also get got gets go goes went gone come came comes
	take took taken takes give gave given gives put puts see saw seen seem seems seemed know knew known want wants
	wanted use used uses using show shows showed shown include includes included keep kept let lets
	mr mrs ms dr
	rs kw kwh hp mph kph km kg lb lbs ft cu mm cm ml mg ghz mhz gb mb tb dba per cent percent
	time times day days week weeks month months year years decade decades today yesterday tomorrow tonight
	morning afternoon evening night hour hours minute minutes
	monday tuesday wednesday thursday friday saturday sunday
	january february march april june july august september october november december
	`)
	// Spanish function words are soft: in English copy, capitalised, they
	// belong to names ("Kim Jong Un", "La Paz", "El Salvador").
	add(softStop, `
	de la que el en y a los se del las un por con no una su para es al lo como más pero sus le ya o fue este ha
	sí porque esta son entre está cuando muy sin sobre ser también me hasta hay donde han quien están desde todo
	nos durante todos uno les ni contra otros fueron ese eso había ante ellos e esto antes algunos qué unos yo
	otro otras otra él tanto esa estos mucho quienes nada muchos cual sea poco ella estar haber estas algunas algo
	dijo según tras aunque hacia
	`)
	add(softStop, `lot lots thing things way ways part parts kind sort new old good bad great big small little high
	low long short own able likely unlikely possible certain sure clear yes ok okay first second third one two
	three four five six seven eight nine ten eleven twelve hundred thousand million billion trillion dozen dozens
	percent per cent former next st general`)
	return m
}()

// titleWords are roles that precede a name in a run of capitalised words
// ("NATO Secretary General Jens Stoltenberg"); the name starts after them.
var titleWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`president vice minister secretary general spokesman spokeswoman spokesperson leader
	chancellor premier senator sen governor gov mayor king queen prince princess pope councillor councilman
	councilwoman speaker chairman chairwoman chair director commissioner ambassador envoy judge justice
	prosecutor attorney chief officer commander admiral colonel captain sergeant lieutenant coach
	ceo cfo editor professor prof dr doctor sheikh emir sultan rep representative advisor adviser
	presidente ministro ministra alcalde alcaldesa gobernador senador canciller
	analyst economist strategist trader investor broker engineer scientist researcher lawyer barrister
	lawmaker legislator congressman congresswoman assemblyman deputy diplomat activist actor actress
	singer author novelist artist producer striker midfielder defender goalkeeper forward winger
	manager founder executive superintendent inspector detective sheriff constable`) {
		m[w] = true
	}
	return m
}()

// otherLanguages are the languages whose function words ExtractIn adds to
// the English and Spanish ones: the other languages internal/lang knows
// by their function words. Each set is built once.
var otherLanguages = func() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, code := range []string{"pt", "fr", "it", "de", "nl"} {
		set := map[string]bool{}
		for _, w := range lang.FunctionWords(code) {
			set[w] = true
		}
		out[code] = set
	}
	return out
}()

// extraStopwords returns the function words of language beyond English
// and Spanish, or nil.
func extraStopwords(language string) map[string]bool {
	return otherLanguages[language]
}

// unlisted reports whether language is known but has no function-word
// list here (Russian, Korean, Indonesian, …): its short words stand in for
// its function words.
func unlisted(language string) bool {
	switch language {
	case "", "en", "es":
		return false
	}
	return otherLanguages[language] == nil
}

// shortWord reports whether w is short enough to be a function word of a
// language without a list: three letters or fewer ("на", "что"), or one
// syllable in Hangul, Han or kana ("이", "그"); an acronym ("США") is not.
func shortWord(w string) bool {
	n, upper := 0, true
	for _, r := range w {
		n++
		upper = upper && !unicode.IsLower(r)
		if unicode.In(r, unicode.Hangul, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return utf8.RuneCountInString(w) <= 1
		}
	}
	return n <= 3 && !(upper && n >= 2)
}

package dates

import "strings"

// Lexical classes of the words that date expressions are made of.
type lexKind uint8

const (
	lexNone lexKind = iota
	lexMonth
	lexMonthAbbr // "Jan", "Sept": only before a day number
	lexWeekday
	lexRelDay   // yesterday, today, tomorrow: val is the day offset
	lexModifier // last, next, this: val is the direction
	lexPostMod  // Spanish "pasado", "próximo" after the unit
	lexUnit     // day, week, month, year, decade
	lexNumWord  // one, two, a: val is the number
	lexAgo      // ago
	lexHace     // Spanish "hace" before the amount
	lexAfter    // after, later, before, earlier: relative to another event
	lexYearPrep // in, since, until…: a number after it may be a year
	lexBack     // back ("dates back to 2000")
	lexTo       // to
	lexBetween  // between, from
	lexAnd      // and, y, to
	lexDe       // Spanish "de"
	lexFuture   // will, scheduled, next…: the sentence looks ahead
	lexManana   // Spanish "mañana": tomorrow or morning
)

// Units.
const (
	unitDay = iota + 1
	unitWeek
	unitMonth
	unitYear
	unitDecade
)

type lexEntry struct {
	kind lexKind
	val  int
	// capital: the word counts only when capitalised (English month and
	// day names: "march" and "may" are verbs).
	capital bool
	// follower: the word may follow a year ("in 2000 and", "in 2000
	// the"). Any other lower-case word makes the number a count ("in 2000
	// soldiers").
	follower bool
}

// maxLexLen is the byte length of the longest word in the lexicon; longer
// words are not looked up.
var maxLexLen = func() int {
	n := 0
	for w := range lexicon {
		n = max(n, len(w))
	}
	return n
}()

// lexFirst[c] has bit n set when some lexicon word of n bytes starts with
// byte c: a cheap test that skips the map for most words.
var lexFirst = func() (t [256]uint32) {
	for w := range lexicon {
		if len(w) < 32 {
			t[w[0]] |= 1 << len(w)
		}
	}
	return t
}()

// lexShort holds the lexicon words of up to eight bytes, packed into a
// uint64, by open addressing: tokenize looks up most words of the text,
// and this spares hashing them as strings. Longer words use the map.
var lexShort = func() (t struct {
	keys [lexSlots]uint64 // 0: empty; packed words are never 0
	vals [lexSlots]lexEntry
}) {
	for w, e := range lexicon {
		k, ok := packWord([]byte(w))
		if !ok {
			continue
		}
		h := lexSlot(k)
		for t.keys[h] != 0 {
			h = (h + 1) % lexSlots
		}
		t.keys[h], t.vals[h] = k, e
	}
	return t
}()

// lexSlots is the size of lexShort's table, a power of two well above
// the lexicon's size.
const lexSlots = 2048

func lexSlot(k uint64) uint64 { return (k * 0x9E3779B97F4A7C15) >> 53 }

// packWord packs a word of one to eight bytes, none of them 0, into a
// uint64.
func packWord(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 8 {
		return 0, false
	}
	var k uint64
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == 0 {
			return 0, false
		}
		k = k<<8 | uint64(b[i])
	}
	return k, true
}

// lookupLex returns the lexicon entry of the lower-case word w.
func lookupLex(w []byte) (lexEntry, bool) {
	k, ok := packWord(w)
	if !ok {
		e, ok := lexicon[string(w)]
		return e, ok
	}
	for h := lexSlot(k); ; h = (h + 1) % lexSlots {
		switch lexShort.keys[h] {
		case k:
			return lexShort.vals[h], true
		case 0:
			return lexEntry{}, false
		}
	}
}

var lexicon = func() map[string]lexEntry {
	m := make(map[string]lexEntry, 300)
	add := func(kind lexKind, val int, capital bool, words string) {
		for _, w := range strings.Fields(words) {
			if _, dup := m[w]; !dup {
				m[w] = lexEntry{kind: kind, val: val, capital: capital}
			}
		}
	}
	for i, w := range strings.Fields("january february march april may june july august september october november december") {
		add(lexMonth, i+1, true, w)
	}
	for i, w := range strings.Fields("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre") {
		add(lexMonth, i+1, false, w)
	}
	add(lexMonth, 9, false, "setiembre")
	for i, w := range strings.Fields("jan feb mar apr may jun jul aug sep oct nov dec") {
		add(lexMonthAbbr, i+1, true, w)
	}
	add(lexMonthAbbr, 9, true, "sept")
	for i, w := range strings.Fields("sunday monday tuesday wednesday thursday friday saturday") {
		add(lexWeekday, i, true, w)
	}
	for i, w := range strings.Fields("domingo lunes martes miércoles jueves viernes sábado") {
		add(lexWeekday, i, false, w)
	}
	add(lexRelDay, -1, false, "yesterday ayer")
	add(lexRelDay, 0, false, "today tonight hoy")
	add(lexRelDay, 1, false, "tomorrow")
	add(lexRelDay, -2, false, "anteayer")
	add(lexManana, 0, false, "mañana")
	add(lexModifier, -1, false, "last")
	add(lexModifier, 1, false, "next coming")
	add(lexModifier, 0, false, "this este esta")
	add(lexPostMod, -1, false, "pasado pasada")
	add(lexPostMod, 1, false, "próximo próxima")
	add(lexUnit, unitDay, false, "day days día días")
	add(lexUnit, unitWeek, false, "week weeks semana semanas")
	add(lexUnit, unitMonth, false, "month months mes meses")
	add(lexUnit, unitYear, false, "year years año años")
	add(lexUnit, unitDecade, false, "decade decades década décadas")
	for i, w := range strings.Fields("one two three four five six seven eight nine ten eleven twelve") {
		add(lexNumWord, i+1, false, w)
	}
	add(lexNumWord, 1, false, "a an un una uno")
	add(lexNumWord, 15, false, "fifteen quince")
	add(lexNumWord, 20, false, "twenty veinte")
	add(lexNumWord, 30, false, "thirty treinta")
	add(lexNumWord, 0, false, "several few couple varios varias unos unas")
	for i, w := range strings.Fields("dos tres cuatro cinco seis siete ocho nueve diez once doce") {
		add(lexNumWord, i+2, false, w)
	}
	add(lexAgo, 0, false, "ago")
	add(lexHace, 0, false, "hace")
	add(lexAfter, 0, false, "after later before earlier después antes")
	add(lexYearPrep, 0, false, "in since until till by during around circa early late mid year en desde hasta año durante antes")
	add(lexBack, 0, false, "back")
	add(lexTo, 0, false, "to")
	add(lexBetween, 0, false, "between from entre")
	add(lexAnd, 0, false, "and y")
	add(lexDe, 0, false, "de del")
	add(lexFuture, 0, false, "will would shall scheduled expected due upcoming planned plans going set tomorrow será serán va van prevé planea tendrá")
	for _, w := range strings.Fields(`and or but when while as after before to the a an with at for in on that which
		where he she it they we his her their its there during until since by from than then after was were is
		y o cuando mientras en la el los las a de que con por para su sus se fue era del al desde hasta`) {
		e := m[w]
		e.follower = true
		m[w] = e
	}
	return m
}()

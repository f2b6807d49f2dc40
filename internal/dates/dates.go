package dates

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"

	"github.com/copydesk/copydesk/internal/runeclass"
)

type tokKind uint8

const (
	tokWord tokKind = iota
	tokNum
	tokPunct
)

// token is a word, a number or a punctuation mark of the text.
type token struct {
	start, end int32
	val        int // lexicon value, or the number's value
	kind       tokKind
	lex        lexKind
	digits     uint8 // number of digits of a number (at most 9 are read)
	capital    bool  // word starts with a capital
	lowerStop  bool  // lower-case word that may follow a year
	punct      byte  // the mark, for ASCII punctuation; 0 otherwise
	decade     bool  // a four-digit number with an "s": "1990s"
}

// Find returns the date expressions of text, in order and without
// overlap, with byte offsets. Relative expressions are resolved against
// published; their Value is nil when published is nil or when they are
// relative to another event.
func Find(text string, published *time.Time) []article.DateMention {
	tp := tokPool.Get().(*[]token)
	defer func() {
		if cap(*tp) <= maxPooledTokens {
			*tp = (*tp)[:0]
			tokPool.Put(tp)
		}
	}()
	toks := tokenize((*tp)[:0], text)
	*tp = toks
	f := finder{text: text, toks: toks}
	if published != nil {
		y, m, d := published.Date()
		f.pub = time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
		f.hasPub = true
	}
	out := []article.DateMention{}
	// The values, which the mentions point to, are held in slabs rather
	// than allocated one by one; a full slab is left to the mentions that
	// point into it.
	var vals []string
	for i := 0; i < len(toks); {
		if toks[i].kind != tokNum && toks[i].lex == lexNone {
			i++ // no date starts at a word outside the lexicon, nor at punctuation
			continue
		}
		end, value, ok := f.match(i)
		if !ok {
			i++
			continue
		}
		start, stop := int(toks[f.first].start), int(toks[end].end)
		m := article.DateMention{Text: text[start:stop], Start: start, End: stop}
		if value != "" {
			if len(vals) == cap(vals) {
				vals = make([]string, 0, 2*cap(vals)+4)
			}
			vals = append(vals, value)
			m.Value = &vals[len(vals)-1]
		}
		out = append(out, m)
		i = end + 1
	}
	sameDay(text, out)
	return out
}

// sameDay gives a weekday written right before a full date ("Tuesday,
// Sept. 9") that date's value: the date says which Tuesday.
func sameDay(text string, ms []article.DateMention) {
	for k := 0; k+1 < len(ms); k++ {
		a, b := &ms[k], &ms[k+1]
		if b.Value == nil || len(*b.Value) != len("2006-01-02") || !isWeekdayName(a.Text) {
			continue
		}
		if gap := strings.Trim(text[a.End:b.Start], " ,"); gap != "" && gap != "the" {
			continue
		}
		a.Value = b.Value
	}
}

func isWeekdayName(s string) bool {
	b := make([]byte, 0, 12)
	for i := 0; i < len(s) && len(b) < 12; i++ {
		b = append(b, s[i]|0x20)
	}
	e, ok := lookupLex(b)
	return ok && e.kind == lexWeekday
}

// finder holds one call's state.
type finder struct {
	text   string
	toks   []token
	pub    time.Time
	hasPub bool
	first  int // first token of the last match
}

// match tries every pattern at token i. It returns the last token of the
// match and the resolved value ("" when unresolved).
func (f *finder) match(i int) (end int, value string, ok bool) {
	t := f.toks
	tk := &t[i]
	f.first = i
	switch {
	case tk.kind == tokNum:
		return f.matchNumber(i)
	case tk.lex == lexWeekday && f.word(i):
		return f.matchWeekday(i)
	case (tk.lex == lexMonth || tk.lex == lexMonthAbbr) && f.word(i):
		return f.matchMonth(i)
	case tk.lex == lexRelDay:
		return i, f.day(f.addDays(tk.val)), true
	case tk.lex == lexManana:
		return f.matchManana(i)
	case tk.lex == lexModifier:
		return f.matchModifier(i)
	case tk.lex == lexNumWord:
		return f.matchAmount(i, tk.val)
	case tk.lex == lexHace:
		return f.matchHace(i)
	case tk.lex == lexUnit:
		return f.matchSpanishUnit(i)
	}
	return 0, "", false
}

// word reports whether token i satisfies its lexicon entry's case rule.
func (f *finder) word(i int) bool {
	if !f.toks[i].capital {
		return !lexicon[strings.ToLower(f.str(i))].capital
	}
	return true
}

func (f *finder) str(i int) string { return f.text[f.toks[i].start:f.toks[i].end] }

func (f *finder) digits(i int) int { return int(f.toks[i].digits) }

func (f *finder) lowerIs(i int, w string) bool {
	return i >= 0 && i < len(f.toks) && strings.EqualFold(f.str(i), w)
}

// adjacent reports whether tokens i and i+1 touch (no space between).
func (f *finder) adjacent(i int) bool {
	return i+1 < len(f.toks) && f.toks[i].end == f.toks[i+1].start
}

func (f *finder) isPunct(i int, c byte) bool {
	return i >= 0 && i < len(f.toks) && f.toks[i].kind == tokPunct && f.toks[i].punct == c
}

func (f *finder) isDash(i int) bool {
	if i < 0 || i >= len(f.toks) || f.toks[i].kind != tokPunct {
		return false
	}
	s := f.str(i)
	return s == "-" || s == "–" || s == "—"
}

func (f *finder) num(i int, minDigits, maxDigits int) bool {
	return i >= 0 && i < len(f.toks) && f.toks[i].kind == tokNum &&
		f.digits(i) >= minDigits && f.digits(i) <= maxDigits
}

func isYear(v int) bool { return v >= 1000 && v <= 2199 }

// matchNumber handles patterns that start with a number: ISO dates,
// numeric dates, "19 June 2024", "19 de junio de 2024", year ranges and
// years in context.
func (f *finder) matchNumber(i int) (int, string, bool) {
	t := f.toks
	n := t[i]
	nd := f.digits(i)
	// 2024-06-19
	if nd == 4 && f.adjacent(i) && f.isPunct(i+1, '-') && f.adjacent(i+1) && f.num(i+2, 1, 2) &&
		f.adjacent(i+2) && f.isPunct(i+3, '-') && f.adjacent(i+3) && f.num(i+4, 1, 2) {
		if v, ok := ymd(n.val, t[i+2].val, t[i+4].val); ok {
			return i + 4, v, true
		}
	}
	// 19/06/2024, 6/19/2024
	if nd <= 2 && f.adjacent(i) && f.isPunct(i+1, '/') && f.adjacent(i+1) && f.num(i+2, 1, 2) &&
		f.adjacent(i+2) && f.isPunct(i+3, '/') && f.adjacent(i+3) && f.num(i+4, 4, 4) {
		a, b, y := n.val, t[i+2].val, t[i+4].val
		var v string
		var ok bool
		switch {
		case a > 12:
			v, ok = ymd(y, b, a)
		case b > 12:
			v, ok = ymd(y, a, b)
		case a == b:
			v, ok = ymd(y, a, b)
		default:
			ok = true // day and month order unknown
		}
		if ok {
			return i + 4, v, true
		}
	}
	// 19 June [2024], 19 de junio [de 2024]
	if nd <= 2 && n.val >= 1 && n.val <= 31 {
		j := i + 1
		if j < len(t) && t[j].lex == lexDe {
			j++
		}
		if j < len(t) && t[j].lex == lexMonth && f.word(j) {
			month := t[j].val
			k := j + 1
			if k < len(t) && t[k].lex == lexDe {
				k++
			} else if f.isPunct(k, ',') {
				k++
			}
			if f.num(k, 4, 4) && isYear(t[k].val) {
				v, _ := ymd(t[k].val, month, n.val) // "" for 31 June
				return k, v, true
			}
			return j, f.dayInYear(i, month, n.val), true
		}
	}
	if nd != 4 || !isYear(n.val) {
		return 0, "", false
	}
	if n.decade {
		if n.val%10 != 0 {
			return 0, "", false
		}
		return i, yearRange(n.val, n.val+9), true // "the 1990s": 1990/1999
	}
	// 1950-1953, 1950–53
	if f.adjacent(i) && f.isDash(i+1) && f.adjacent(i+1) && f.num(i+2, 2, 4) {
		y2 := t[i+2].val
		if f.digits(i+2) == 2 {
			y2 += n.val / 100 * 100
		}
		if y2 > n.val && y2-n.val <= 200 && isYear(y2) {
			return i + 2, yearRange(n.val, y2), true
		}
	}
	// 2004 – 2014, spaced: four digits on both sides
	if f.isDash(i+1) && f.num(i+2, 4, 4) {
		if y2 := t[i+2].val; y2 > n.val && y2-n.val <= 200 && isYear(y2) {
			return i + 2, yearRange(n.val, y2), true
		}
	}
	// between 2018 and 2020, from 1950 to 1953 (not "scores rose from 1061
	// to 1128": the years of such a range are modern)
	if i > 0 && t[i-1].lex == lexBetween && i+2 < len(t) && (t[i+1].lex == lexAnd || t[i+1].lex == lexTo) &&
		f.num(i+2, 4, 4) && t[i+2].val > n.val && t[i+2].val-n.val <= 200 {
		if n.val < minRangeYear {
			return 0, "", false
		}
		return i + 2, yearRange(n.val, t[i+2].val), true
	}
	if f.yearContext(i) {
		return i, year(n.val), true
	}
	return 0, "", false
}

// minRangeYear is the earliest year of a "from … to …" or "between … and
// …" range; smaller numbers there are counts or scores.
const minRangeYear = 1700

// yearContext reports whether the four-digit number at i reads as a year:
// a preposition such as "in", "since" or "back to" before it, or brackets
// around it, and no count noun after it ("in 2000 soldiers").
func (f *finder) yearContext(i int) bool {
	t := f.toks
	ctx := false
	if i > 0 {
		p := t[i-1]
		switch {
		case p.lex == lexYearPrep, p.lex == lexBetween:
			ctx = true
		case p.lex == lexAfter && !f.lowerIs(i-1, "later") && !f.lowerIs(i-1, "earlier"):
			ctx = true // before 2027, after 2000
		case p.lex == lexUnit && p.val == unitYear:
			ctx = true // the year 2000, el año 2000
		case p.lex == lexTo && i > 1 && t[i-2].lex == lexBack:
			ctx = true // dates back to 2000
		case p.lex == lexDe && i > 1 && (t[i-2].lex == lexAfter || t[i-2].lex == lexYearPrep || t[i-2].lex == lexUnit):
			ctx = true // antes de 2027, a finales de 2020
		case f.isDash(i-1) && i > 1 && f.lowerIs(i-2, "mid"):
			ctx = true // mid-2024
		case i > 1 && f.lowerIs(i-1, "of") && periodOfYear(f.text[t[i-2].start:t[i-2].end]):
			ctx = true // the first quarter of 2026, the second half of 2024
		case f.isPunct(i-1, '(') && f.isPunct(i+1, ')'):
			ctx = true // (2000)
		}
	}
	if !ctx {
		return false
	}
	if j := i + 1; j < len(t) {
		switch {
		case t[j].kind == tokNum:
			return false
		case t[j].kind == tokWord && !t[j].capital && !t[j].lowerStop:
			return false
		}
	}
	return true
}

// periodOfYear reports a part of a year that "of YEAR" follows.
func periodOfYear(w string) bool {
	switch strings.ToLower(w) {
	case "quarter", "half", "end", "start", "beginning", "middle", "spring", "summer", "autumn", "fall", "winter", "rest", "course":
		return true
	}
	return false
}

// matchMonth handles "June 19, 2024", "June 19", "February 2022",
// "junio de 2024" and a month alone after "in", "since", "last"….
func (f *finder) matchMonth(i int) (int, string, bool) {
	t := f.toks
	month := t[i].val
	abbr := t[i].lex == lexMonthAbbr
	j := i + 1
	if abbr && f.isPunct(j, '.') && f.adjacent(i) {
		j++
	}
	if f.num(j, 1, 2) && t[j].val >= 1 && t[j].val <= 31 && !(f.adjacent(j) && f.isPunct(j+1, ':')) {
		k := j + 1
		if f.isPunct(k, ',') {
			k++
		}
		if f.num(k, 4, 4) && isYear(t[k].val) {
			v, _ := ymd(t[k].val, month, t[j].val) // "" for June 31
			return k, v, true
		}
		return j, f.dayInYear(i, month, t[j].val), true
	}
	if abbr {
		return 0, "", false
	}
	k := j
	if k < len(t) && (t[k].lex == lexDe || f.lowerIs(k, "of")) {
		k++
	}
	if f.num(k, 4, 4) && isYear(t[k].val) {
		return k, yearMonth(t[k].val, month), true
	}
	// A month alone needs a cue that it is one: "in March", "last May".
	if i == 0 {
		return 0, "", false
	}
	if f.lowerIs(j, "of") && (f.lowerIs(j+1, "that") || f.lowerIs(j+1, "the")) && f.lowerIs(j+2, "year") {
		// "in January of that year": a year the text gave earlier.
		if t[i-1].lex == lexYearPrep {
			return i, "", true
		}
	}
	p := t[i-1]
	switch {
	case p.lex == lexModifier:
		f.first = i - 1
		return i, f.monthRel(month, p.val), true
	case p.lex == lexYearPrep, p.lex == lexBetween, p.lex == lexTo, p.lex == lexAfter, p.lex == lexDe, p.lex == lexAnd:
		if p.lex == lexAnd || p.lex == lexTo || p.lex == lexDe {
			// "in March and April": only after another month.
			if !(i > 1 && t[i-2].lex == lexMonth) && p.lex != lexDe {
				return 0, "", false
			}
			if p.lex == lexDe && !(i > 1 && (t[i-2].lex == lexYearPrep || t[i-2].lex == lexAfter)) {
				return 0, "", false // "a principios de marzo" has "de" after a cue
			}
		}
		return i, f.monthRel(month, 0), true
	case f.isDash(i-1) && i > 1 && f.lowerIs(i-2, "mid"):
		return i, f.monthRel(month, 0), true
	}
	// Spanish "marzo pasado", "marzo próximo".
	if j < len(t) && t[j].lex == lexPostMod {
		return j, f.monthRel(month, t[j].val), true
	}
	return 0, "", false
}

// matchWeekday handles "Wednesday", "last Tuesday", "el lunes pasado" and
// "Wednesday, June 19, 2024".
func (f *finder) matchWeekday(i int) (int, string, bool) {
	t := f.toks
	wd := t[i].val
	if i > 0 && t[i-1].capital && t[i-1].end+1 == t[i].start {
		if off, ok := namedDays[strings.ToLower(f.str(i-1))+" "+strings.ToLower(f.str(i))]; ok {
			// "Black Friday", "Good Friday": a day of the calendar, not
			// the last Friday
			f.first = i - 1
			return i, f.namedDay(off), true
		}
	}
	dir := 0
	if i > 0 && t[i-1].lex == lexModifier {
		f.first = i - 1
		dir = t[i-1].val
	}
	j := i + 1
	if f.isPunct(j, ',') {
		j++
	}
	if j < len(t) && (t[j].kind == tokNum || t[j].lex == lexMonth) {
		first := f.first
		if end, v, ok := f.match(j); ok && v != "" && len(v) == len("2006-01-02") {
			f.first = first
			return end, v, true
		}
		f.first = first
	}
	end := i
	if i+1 < len(t) && t[i+1].lex == lexPostMod {
		end = i + 1
		dir = t[i+1].val
	}
	if !f.hasPub {
		return end, "", true
	}
	if dir == 0 && f.future(f.first) {
		dir = 2 // on or after
	}
	return end, f.day(f.weekday(time.Weekday(wd), dir)), true
}

// namedDays are the days named by a word and a weekday, as their offset in
// days from the US Thanksgiving (the fourth Thursday of November) or, with
// easter set, from Easter Sunday; unknown marks a day that moves from year
// to year without a rule ("Super Tuesday").
var namedDays = map[string]namedDay{
	"black friday": {offset: 1}, "cyber monday": {offset: 4}, "giving tuesday": {offset: 5},
	"good friday": {offset: -2, easter: true}, "holy thursday": {offset: -3, easter: true},
	"maundy thursday": {offset: -3, easter: true}, "holy saturday": {offset: -1, easter: true},
	"easter sunday": {easter: true}, "easter monday": {offset: 1, easter: true},
	"palm sunday": {offset: -7, easter: true}, "ash wednesday": {offset: -46, easter: true},
	"shrove tuesday": {offset: -47, easter: true}, "fat tuesday": {offset: -47, easter: true},
	"whit sunday": {offset: 49, easter: true}, "whit monday": {offset: 50, easter: true},
	"super tuesday": {unknown: true}, "black monday": {unknown: true}, "blue monday": {unknown: true},
	"bloody sunday": {unknown: true}, "super sunday": {unknown: true},
}

type namedDay struct {
	offset  int
	easter  bool
	unknown bool
}

// namedDay resolves a named day to its date in the year whose occurrence
// lies nearest the publication date, or "".
func (f *finder) namedDay(d namedDay) string {
	if !f.hasPub || d.unknown {
		return ""
	}
	best := time.Time{}
	for y := f.pub.Year() - 1; y <= f.pub.Year()+1; y++ {
		var base time.Time
		if d.easter {
			base = easter(y)
		} else {
			nov1 := time.Date(y, time.November, 1, 12, 0, 0, 0, time.UTC)
			base = nov1.AddDate(0, 0, (int(time.Thursday)-int(nov1.Weekday())+7)%7+21)
		}
		t := base.AddDate(0, 0, d.offset)
		if best.IsZero() || absDays(t.Sub(f.pub)) < absDays(best.Sub(f.pub)) {
			best = t
		}
	}
	return best.Format("2006-01-02")
}

func absDays(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// easter returns Easter Sunday of year y in the Gregorian calendar (the
// anonymous Gregorian algorithm).
func easter(y int) time.Time {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	g := (8*b + 13) / 25
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 19*l) / 433
	month := (h + l - 7*m + 90) / 25
	day := (h + l - 7*m + 33*month + 19) % 32
	return time.Date(y, time.Month(month), day, 12, 0, 0, 0, time.UTC)
}

// matchModifier handles "last month", "next year", "this week",
// "last Tuesday" and "last March".
func (f *finder) matchModifier(i int) (int, string, bool) {
	t := f.toks
	j := i + 1
	if j >= len(t) {
		return 0, "", false
	}
	switch {
	case t[j].lex == lexUnit:
		if f.lowerIs(i, "este") || f.lowerIs(i, "esta") {
			// Spanish "este año", "esta semana".
			return j, f.unitRel(t[j].val, 0), true
		}
		if strings.HasSuffix(strings.ToLower(f.str(j)), "s") {
			return 0, "", false // "the last three years" is a duration
		}
		return j, f.unitRel(t[j].val, t[i].val), true
	case t[j].lex == lexWeekday && f.word(j):
		return f.matchWeekday(j)
	case t[j].lex == lexMonth && f.word(j):
		f.first = i
		return j, f.monthRel(t[j].val, t[i].val), true
	}
	return 0, "", false
}

// matchSpanishUnit handles "el mes pasado", "la semana próxima".
func (f *finder) matchSpanishUnit(i int) (int, string, bool) {
	t := f.toks
	j := i + 1
	if j < len(t) && t[j].lex == lexPostMod {
		return j, f.unitRel(t[i].val, t[j].val), true
	}
	return 0, "", false
}

// matchAmount handles "two weeks ago", "nine months after", "a year
// later", "tres meses después".
func (f *finder) matchAmount(i, n int) (int, string, bool) {
	t := f.toks
	j := i + 1
	if j+1 >= len(t) || t[j].lex != lexUnit {
		return 0, "", false
	}
	unit := t[j].val
	switch t[j+1].lex {
	case lexAgo:
		if n == 0 {
			return j + 1, "", true
		}
		return j + 1, f.ago(unit, n), true
	case lexAfter:
		return j + 1, "", true
	}
	return 0, "", false
}

// matchHace handles Spanish "hace dos semanas".
func (f *finder) matchHace(i int) (int, string, bool) {
	t := f.toks
	j := i + 1
	if j+1 >= len(t) || t[j+1].lex != lexUnit {
		return 0, "", false
	}
	n := 0
	switch {
	case t[j].lex == lexNumWord:
		n = t[j].val
	case t[j].kind == tokNum && f.digits(j) <= 3:
		n = t[j].val
	default:
		return 0, "", false
	}
	if n == 0 {
		return j + 1, "", true
	}
	return j + 1, f.ago(t[j+1].val, n), true
}

// matchManana: "esta mañana" is today, "mañana" alone tomorrow, "la
// mañana" or "por la mañana" a time of day.
func (f *finder) matchManana(i int) (int, string, bool) {
	if i > 0 && (f.lowerIs(i-1, "esta") || f.lowerIs(i-1, "este")) {
		f.first = i - 1
		return i, f.day(f.addDays(0)), true
	}
	if i > 0 && (f.lowerIs(i-1, "la") || f.lowerIs(i-1, "pasado") || f.lowerIs(i-1, "de")) {
		if f.lowerIs(i-1, "pasado") {
			f.first = i - 1
			return i, f.day(f.addDays(2)), true
		}
		return 0, "", false
	}
	return i, f.day(f.addDays(1)), true
}

// futureWindow is how many tokens before a date future looks at: a
// sentence's "will" often comes a clause before its date ("Rovers will
// face Eastport United in the final at Wembley Stadium on May 18").
const futureWindow = 20

// future reports whether the sentence before token i looks ahead ("will",
// "is scheduled to", "next").
func (f *finder) future(i int) bool {
	t := f.toks
	for j := i - 1; j >= 0 && j >= i-futureWindow; j-- {
		switch {
		case t[j].kind == tokPunct && (t[j].punct == '.' || t[j].punct == '!' || t[j].punct == '?'):
			return false
		case t[j].lex == lexFuture:
			return true
		case t[j].kind == tokWord && (strings.HasSuffix(f.str(j), "rá") || strings.HasSuffix(f.str(j), "rán")):
			return true // Spanish future tense
		}
	}
	return false
}

// Resolution helpers. All return "" without a publication date.

func (f *finder) addDays(n int) time.Time {
	if !f.hasPub {
		return time.Time{}
	}
	return f.pub.AddDate(0, 0, n)
}

func (f *finder) day(t time.Time) string {
	if !f.hasPub || t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// weekday returns the day with weekday wd nearest to the publication date
// in direction dir: -1 strictly before, 1 strictly after, 2 on or after,
// 0 on or before (news is mostly about the past).
func (f *finder) weekday(wd time.Weekday, dir int) time.Time {
	d := int(wd - f.pub.Weekday())
	switch dir {
	case -1:
		if d >= 0 {
			d -= 7
		}
	case 1:
		if d <= 0 {
			d += 7
		}
	case 2:
		if d < 0 {
			d += 7
		}
	default:
		if d > 0 {
			d -= 7
		}
	}
	return f.pub.AddDate(0, 0, d)
}

// dayInYear resolves a day and month without a year: the publication
// year, or the year before when that date lies ahead of publication in a
// sentence that does not look ahead.
func (f *finder) dayInYear(i, month, day int) string {
	if !f.hasPub {
		return ""
	}
	y := f.pub.Year()
	d := time.Date(y, time.Month(month), day, 12, 0, 0, 0, time.UTC)
	if d.Month() != time.Month(month) {
		return ""
	}
	if d.After(f.pub.AddDate(0, 0, 7)) && !f.future(i) {
		y--
	} else if d.Before(f.pub.AddDate(0, 0, -1)) && f.future(i) {
		y++ // "the wing will open on March 3", written on March 12
	}
	if v, ok := ymd(y, month, day); ok {
		return v
	}
	return ""
}

// monthRel resolves a month name: dir -1 "last March", 1 "next March", 0
// plain "in March" (this year unless that lies ahead of publication in a
// sentence that does not look ahead).
func (f *finder) monthRel(month, dir int) string {
	if !f.hasPub {
		return ""
	}
	y, pm := f.pub.Year(), int(f.pub.Month())
	switch dir {
	case -1:
		if month >= pm {
			y--
		}
	case 1:
		if month <= pm {
			y++
		}
	default:
		if month > pm && !f.future(f.first) {
			y--
		} else if month < pm && f.future(f.first) {
			y++
		}
	}
	return yearMonth(y, month)
}

// unitRel resolves "last month", "this year", "next week".
func (f *finder) unitRel(unit, dir int) string {
	if !f.hasPub {
		return ""
	}
	switch unit {
	case unitDay:
		return f.day(f.addDays(dir))
	case unitMonth:
		return f.pub.AddDate(0, dir, 1-f.pub.Day()).Format("2006-01")
	case unitYear:
		return year(f.pub.Year() + dir)
	}
	return "" // weeks and decades have no ISO form in the record
}

// ago resolves "n units ago".
func (f *finder) ago(unit, n int) string {
	if !f.hasPub {
		return ""
	}
	switch unit {
	case unitDay:
		return f.day(f.addDays(-n))
	case unitWeek:
		return f.day(f.addDays(-7 * n))
	case unitMonth:
		return f.pub.AddDate(0, -n, 1-f.pub.Day()).Format("2006-01")
	case unitYear:
		return year(f.pub.Year() - n)
	case unitDecade:
		return year(f.pub.Year() - 10*n)
	}
	return ""
}

// appendPadded appends v in decimal, zero-padded to width characters, as
// fmt's %0<width>d does.
func appendPadded(b []byte, v, width int) []byte {
	if v < 0 {
		return fmt.Appendf(b, "%0*d", width, v)
	}
	var d [20]byte
	digits := strconv.AppendInt(d[:0], int64(v), 10)
	for i := len(digits); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, digits...)
}

// year formats a year as fmt.Sprintf("%04d", y) does.
func year(y int) string {
	var b [24]byte
	return string(appendPadded(b[:0], y, 4))
}

// yearRange formats two years as fmt.Sprintf("%04d/%04d", a, b) does.
func yearRange(a, b int) string {
	var buf [48]byte
	s := appendPadded(buf[:0], a, 4)
	s = append(s, '/')
	return string(appendPadded(s, b, 4))
}

// yearMonth formats a month as fmt.Sprintf("%04d-%02d", y, m) does.
func yearMonth(y, m int) string {
	var buf [48]byte
	s := appendPadded(buf[:0], y, 4)
	s = append(s, '-')
	return string(appendPadded(s, m, 2))
}

// ymd formats a valid calendar date.
func ymd(y, m, d int) (string, bool) {
	if !isYear(y) || m < 1 || m > 12 || d < 1 || d > 31 {
		return "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return "", false // 31 June
	}
	return t.Format("2006-01-02"), true
}

// tokPool holds token slices between calls; tokens hold no references to
// the text, so a pooled slice keeps nothing alive.
var tokPool = sync.Pool{New: func() any { return new([]token) }}

// maxPooledTokens bounds the token slices kept in the pool.
const maxPooledTokens = 1 << 16

// tokenize appends the words, numbers and punctuation marks of text to toks.
func tokenize(toks []token, text string) []token {
	if need := len(text)/5 + 1; cap(toks) < need {
		toks = make([]token, 0, need)
	}
	var buf [32]byte
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			i++
		case '0' <= c && c <= '9':
			j, v := i, 0
			for j < len(text) && '0' <= text[j] && text[j] <= '9' {
				if j-i < 9 {
					v = v*10 + int(text[j]-'0')
				}
				j++
			}
			tk := token{start: int32(i), end: int32(j), kind: tokNum, val: v, digits: uint8(min(j-i, 255))}
			// Ordinals: 19th, 1st, 2nd, 3rd.
			if j+2 <= len(text) && isOrdinalSuffix(text[j], text[j+1]) {
				if j+2 == len(text) || !isLetter(text[j+2:]) {
					tk.end = int32(j + 2)
					j += 2
				}
			}
			if j-i == 4 && j < len(text) && text[j] == 's' && (j+1 == len(text) || !isLetter(text[j+1:])) {
				tk.end, tk.decade = int32(j+1), true // "1990s"
				j++
			} else if j < len(text) && isLetter(text[j:]) {
				tk.digits = 0 // "3D", "5G": not a number for dates
			}
			toks = append(toks, tk)
			i = j
		case asciiLetter(c) || c >= utf8.RuneSelf && isLetter(text[i:]):
			j := i
			for j < len(text) && asciiLetter(text[j]) {
				j++
			}
			lb := buf[:0]
			if j < len(text) && text[j] >= utf8.RuneSelf && isLetter(text[j:]) {
				// a word with other letters, lower-cased rune by rune
				for j = i; j < len(text); {
					if b := text[j]; b < utf8.RuneSelf {
						if !asciiLetter(b) {
							break
						}
						if len(lb)+4 <= len(buf) {
							lb = append(lb, b|0x20)
						}
						j++
						continue
					}
					r, n := utf8.DecodeRuneInString(text[j:])
					if runeclass.GeneralPunct(r) || !unicode.IsLetter(r) {
						break
					}
					if len(lb)+4 <= len(buf) {
						lb = utf8.AppendRune(lb, unicode.ToLower(r))
					}
					j += n
				}
				if len(lb) > maxLexLen || len(lb) == 0 || lexFirst[lb[0]]&(1<<len(lb)) == 0 {
					lb = lb[:0] // no lexicon word
				}
			} else if n := j - i; n <= maxLexLen && lexFirst[c|0x20]&(1<<n) != 0 {
				// a word of ASCII letters, lower-cased only when the
				// lexicon holds a word of its first letter and length
				lb = buf[:n]
				for k := range lb {
					lb[k] = text[i+k] | 0x20
				}
			}
			tk := token{start: int32(i), end: int32(j), kind: tokWord}
			if c < utf8.RuneSelf {
				tk.capital = c <= 'Z'
			} else {
				r, _ := utf8.DecodeRuneInString(text[i:])
				tk.capital = unicode.IsUpper(r)
			}
			if len(lb) > 0 {
				if e, ok := lookupLex(lb); ok {
					tk.lex, tk.val, tk.lowerStop = e.kind, e.val, e.follower
				}
			}
			toks = append(toks, tk)
			i = j
		default:
			r, n := utf8.DecodeRuneInString(text[i:])
			if unicode.IsSpace(r) {
				i += n
				continue
			}
			tk := token{start: int32(i), end: int32(i + n), kind: tokPunct}
			if c < utf8.RuneSelf {
				tk.punct = c
			}
			toks = append(toks, tk)
			i += n
		}
	}
	return toks
}

// isOrdinalSuffix reports whether a, b spell "st", "nd", "rd" or "th" in
// any case.
func isOrdinalSuffix(a, b byte) bool {
	switch a | 0x20 {
	case 's':
		return b|0x20 == 't'
	case 'n', 'r':
		return b|0x20 == 'd'
	case 't':
		return b|0x20 == 'h'
	}
	return false
}

func asciiLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

func isLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return !runeclass.GeneralPunct(r) && unicode.IsLetter(r)
}

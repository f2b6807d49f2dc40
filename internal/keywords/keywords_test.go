package keywords

import (
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/clean"
	"github.com/copydesk/copydesk/internal/segment"
)

func cleaned(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("../clean/testdata/" + name)
	if err != nil {
		t.Fatalf("read test article: %v", err)
	}
	return clean.Clean(string(b)).Text
}

func texts(ks []article.Keyword) []string {
	var out []string
	for _, k := range ks {
		out = append(out, k.Text)
	}
	return out
}

func TestModel(t *testing.T) {
	m, err := parseModel(backgroundGz)
	if err != nil {
		t.Fatalf("parse embedded model: %v", err)
	}
	if m.docs < 10000 {
		t.Errorf("docs = %v, want the ~15k documents of the CC BY ner-en sources", m.docs)
	}
	if m.df["the"] < 1000 || m.df["putin"] == 0 {
		t.Errorf("df(the) = %d, df(putin) = %d", m.df["the"], m.df["putin"])
	}
	if m.idf("the") >= m.idf("putin") || m.idf("putin") >= m.idf("zzzunseen") {
		t.Error("idf must grow with rarity")
	}
	if got := m.stem("sanctions"); got != "sanction" {
		t.Errorf("stem(sanctions) = %q", got)
	}
	if got := m.stem("ukrainians"); got != "ukrainian" {
		t.Errorf("stem(ukrainians) = %q", got)
	}
	if _, err := parseModel([]byte("not gzip")); err == nil {
		t.Error("a damaged model must fail to parse")
	}
	if _, err := os.Stat("ATTRIBUTION.md"); err != nil {
		t.Errorf("the model needs its attribution file: %v", err)
	}
}

func TestExtractSeed(t *testing.T) {
	text := cleaned(t, "seed.txt")
	got := Extract(text, segment.Sentences(text), 10)
	checkKeywords(t, got, 10)
	top := texts(got)
	for _, want := range []string{"Putin", "North Korea", "Pyongyang", "Ukraine", "South Korea", "Kim Jong Un"} {
		if !slices.Contains(top, want) {
			t.Errorf("top 10 %q lacks %q", top, want)
		}
	}
	for _, k := range top {
		switch strings.ToLower(k) {
		case "wednesday", "tuesday", "march", "said", "the", "korea", "kim", "jong":
			t.Errorf("unexpected keyword %q in %q", k, top)
		}
	}
}

func TestExtractArticles(t *testing.T) {
	tests := map[string][]string{
		"wire.txt":       {"shutdown", "stopgap spending bill", "Charles Avery"},
		"translated.txt": {"Federico Ríos", "Medellín", "mayor"},
		"sharebar.txt":   {"harbour bridge", "Ana Ruiz", "Peter Olsen"},
		"unrelated.txt":  {"reef", "transplant young corals"},
	}
	for name, want := range tests {
		text := cleaned(t, name)
		got := Extract(text, segment.Sentences(text), 10)
		checkKeywords(t, got, 10)
		for _, w := range want {
			if !slices.Contains(texts(got), w) {
				t.Errorf("%s: top 10 %q lacks %q", name, texts(got), w)
			}
		}
	}
}

func TestExtractSmall(t *testing.T) {
	if got := Extract("", nil, 5); len(got) != 0 || got == nil {
		t.Errorf("empty text: %v", got)
	}
	if got := Extract("Some text here.", nil, 0); len(got) != 0 {
		t.Errorf("n = 0: %v", got)
	}
	text := "The Harbour Bridge opened. The Harbour Bridge is long. Harbour bridges are common. The bridge cost money."
	got := Extract(text, nil, 3)
	checkKeywords(t, got, 3)
	if len(got) == 0 || got[0].Text != "Harbour Bridge" {
		t.Errorf("got %q, want Harbour Bridge first", texts(got))
	}
	// Spans out of range are ignored, not trusted.
	if got := Extract("Short text.", []article.Span{{Start: -1, End: 99}}, 3); len(got) != 0 {
		t.Errorf("bad spans: %v", got)
	}
}

func TestExtractDeterministic(t *testing.T) {
	text := cleaned(t, "seed.txt")
	sents := segment.Sentences(text)
	want := Extract(text, sents, 15)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				got := Extract(text, sents, 15)
				if !slices.Equal(got, want) {
					t.Errorf("Extract is not deterministic: %v vs %v", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestContainsWords(t *testing.T) {
	tests := []struct {
		big, small string
		want       bool
	}{
		{"north korea", "korea", true},
		{"north korea", "north", true},
		{"north korean", "korea", false},
		{"kim jong un", "jong", true},
		{"a b", "a b c", false},
		{"putin", "putin", true},
	}
	for _, tt := range tests {
		if got := containsWords(tt.big, tt.small); got != tt.want {
			t.Errorf("containsWords(%q, %q) = %v", tt.big, tt.small, got)
		}
	}
}

// checkKeywords asserts the Extract contract: at most n, scores in (0, 1]
// descending with the first at 1, no phrase inside another.
func checkKeywords(t *testing.T, ks []article.Keyword, n int) {
	t.Helper()
	if len(ks) > n {
		t.Errorf("got %d keywords, want at most %d", len(ks), n)
	}
	for i, k := range ks {
		if k.Score <= 0 || k.Score > 1 || (i == 0 && k.Score != 1) || (i > 0 && k.Score > ks[i-1].Score) {
			t.Errorf("bad score order: %v", ks)
			return
		}
		if strings.TrimSpace(k.Text) != k.Text || k.Text == "" {
			t.Errorf("bad keyword text %q", k.Text)
		}
		for j, o := range ks {
			if i != j && containsWords(strings.ToLower(o.Text), strings.ToLower(k.Text)) {
				t.Errorf("%q is part of %q", k.Text, o.Text)
			}
		}
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(cleaned(f, "seed.txt"), 10)
	f.Add("oe visit!visit A  visit A  oe", 10) // a phrase holding two picks
	for _, s := range []string{"", "A", "Putin’s", "’s", "a-b-c", "Ⅻ İstanbul İİ", "x’", "North Korea North Korea"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, text string, n int) {
		n = n % 50
		ks := Extract(text, segment.Sentences(text), n)
		if n <= 0 && len(ks) != 0 {
			t.Fatalf("n = %d: %v", n, ks)
		}
		if n > 0 {
			checkKeywords(t, ks, n)
		}
	})
}

// BenchmarkLoadModel measures the one-time cost of the embedded model.
func BenchmarkLoadModel(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		m, err := parseModel(backgroundGz)
		if err != nil {
			b.Fatal(err)
		}
		m.buildVocab()
	}
}

func BenchmarkExtract(b *testing.B) {
	text := cleaned(b, "seed.txt")
	sents := segment.Sentences(text)
	Extract(text, sents, 10) // load the model
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Extract(text, sents, 10)
	}
}

// TestRoleBeforeName checks that a role written before a name is neither
// glued to it nor a key phrase alone.
func TestRoleBeforeName(t *testing.T) {
	text := "Analyst Priya Raman said the price was high. Striker Danny Osei scored twice. Priya Raman expects more deals, and Danny Osei agreed."
	got := texts(Extract(text, nil, 10))
	for _, k := range got {
		if k == "Analyst" || k == "Striker" || strings.HasPrefix(k, "Analyst ") || strings.HasPrefix(k, "Striker ") {
			t.Errorf("keyword %q: a role before a name", k)
		}
	}
	if !slices.Contains(got, "Priya Raman") || !slices.Contains(got, "Danny Osei") {
		t.Errorf("keywords %q lack the names", got)
	}
}

func TestContractionsAreNotKeywords(t *testing.T) {
	text := "They’re sure the reactor couldn’t fail. There’ll be inspections, you’ve heard, and we'd welcome them. " +
		"The reactor inspections aren't over; the reactor operator said inspections would continue."
	got := texts(Extract(text, nil, 10))
	for _, k := range got {
		if strings.ContainsAny(k, "’'") {
			t.Errorf("keyword %q: a contraction", k)
		}
	}
	if !slices.Contains(got, "reactor") && !slices.Contains(got, "inspections") {
		t.Errorf("keywords %q lack the article's subject", got)
	}
}

// TestMarksStayInWords checks that combining marks (Arabic short vowels)
// do not cut a word into one-letter keywords.
func TestMarksStayInWords(t *testing.T) {
	text := "أَحْبِبْ حَبِيبَكَ هَوْنًا مَا، عَسَى أَنْ يَكُونَ بَغِيضَكَ يَوْمًا مَا. " +
		"أَحْبِبْ حَبِيبَكَ هَوْنًا مَا، وَأَبْغِضْ بَغِيضَكَ هَوْنًا مَا."
	got := texts(Extract(text, nil, 10))
	if len(got) == 0 {
		t.Fatal("no keywords")
	}
	words := map[string]bool{}
	for _, w := range strings.Fields(text) {
		words[strings.TrimRight(w, "،.")] = true
	}
	for _, k := range got {
		if !words[k] {
			t.Errorf("keyword %q: a piece cut from a word", k)
		}
	}
}

// TestExtractInOtherLanguages checks that the function words of an
// Italian text are no keywords when its language is given.
func TestExtractInOtherLanguages(t *testing.T) {
	text := "Il sindaco di Bologna ha presentato il piano per il traffico della città. " +
		"Il piano prevede nuove piste ciclabili e più autobus per il centro. " +
		"Secondo il sindaco, il traffico in centro è calato del dieci per cento in un anno, e il piano per il centro continuerà."
	for _, k := range texts(ExtractIn(text, nil, 10, "it")) {
		for _, w := range strings.Fields(strings.ToLower(k)) {
			if slices.Contains([]string{"il", "di", "per", "della", "e", "in", "del", "un"}, w) {
				t.Errorf("keyword %q holds the function word %q", k, w)
			}
		}
	}
	if got := texts(ExtractIn(text, nil, 10, "it")); !slices.Contains(got, "piano") && !slices.Contains(got, "traffico") {
		t.Errorf("keywords %q lack the text's subject", got)
	}
}

// TestExtractInUnlistedLanguages checks that in a language without a
// function-word list the short words, its function words, are no
// keywords, while its acronyms stay.
func TestExtractInUnlistedLanguages(t *testing.T) {
	text := "Мэр города представил новый план по развитию транспорта в центре. " +
		"План предусматривает новые автобусы и велосипедные дорожки для жителей центра. " +
		"По словам мэра, что важно для города, план поддержали и в США, и на выставке транспорта."
	got := texts(ExtractIn(text, nil, 10, "ru"))
	for _, k := range got {
		for _, w := range strings.Fields(k) {
			if utf8.RuneCountInString(w) <= 3 && w != "США" {
				t.Errorf("keyword %q holds the short word %q", k, w)
			}
		}
	}
	if !slices.ContainsFunc(got, func(k string) bool {
		return strings.Contains(k, "транспорта") || strings.Contains(k, "план")
	}) {
		t.Errorf("keywords %q lack the text's subject", got)
	}
}

// TestWebAddressesAreNotKeywords checks that the parts of a link are no
// keywords.
func TestWebAddressesAreNotKeywords(t *testing.T) {
	text := "The governor defended the meth campaign on Monday. See https://t.co/abc123 and https://onmeth.com for the campaign. " +
		"The campaign site is www.onmeth.com, and the campaign ads ran on https://t.co/xyz789 all week; the meth campaign drew attention."
	for _, k := range texts(Extract(text, nil, 10)) {
		for _, w := range strings.Fields(strings.ToLower(k)) {
			if w == "https" || w == "co" || w == "com" || w == "www" || w == "onmeth" {
				t.Errorf("keyword %q is part of a web address", k)
			}
		}
	}
}

// TestDecimalsStayWhole checks that a decimal number stays in its word
// ("2.0-liter", not "0-liter").
func TestDecimalsStayWhole(t *testing.T) {
	text := "The new sedan gets a 2.0-liter engine. The 2.0-liter engine is quieter, and the 2.0-liter four-cylinder makes 149 horsepower."
	got := texts(Extract(text, nil, 10))
	for _, k := range got {
		if strings.HasPrefix(k, "0-liter") {
			t.Errorf("keyword %q: a decimal cut at its point", k)
		}
	}
	if !slices.ContainsFunc(got, func(k string) bool { return strings.Contains(k, "2.0-liter") }) {
		t.Errorf("keywords %q lack 2.0-liter", got)
	}
}

// TestUnitsAreNotKeywords checks that units and currency abbreviations are
// no keywords on their own.
func TestUnitsAreNotKeywords(t *testing.T) {
	text := "An oxygen bar in Delhi offers fresh air for Rs 300. The oxygen bar charges Rs 300 for 15 minutes, and the Rs 300 session is popular. The engine makes 300 kW."
	for _, k := range texts(Extract(text, nil, 10)) {
		if k == "Rs" || k == "kW" {
			t.Errorf("keyword %q is a unit", k)
		}
	}
}

// TestShoutedSurface checks that a keyword's form in capitals (a
// dateline's "DUBAI") gives way to its ordinary spelling.
func TestShoutedSurface(t *testing.T) {
	p := phrase{surface0: surface{text: "DUBAI", count: 1}, surfaces: []surface{{text: "Dubai", count: 1}}}
	if got := p.surface(); got != "Dubai" {
		t.Errorf("surface = %q, want Dubai", got)
	}
	p = phrase{surface0: surface{text: "NASA", count: 1}, surfaces: []surface{{text: "Nasa", count: 1}}}
	if got := p.surface(); got != "NASA" {
		t.Errorf("surface = %q, want the acronym NASA", got)
	}
}

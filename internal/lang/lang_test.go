package lang

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/clean"
	"github.com/google/go-cmp/cmp"
)

func cleaned(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("../clean/testdata/" + name)
	if err != nil {
		t.Fatalf("read test article: %v", err)
	}
	return clean.Clean(string(b)).Text
}

func TestDetectArticles(t *testing.T) {
	tests := map[string]string{
		"seed.txt":       "en",
		"wire.txt":       "en",
		"translated.txt": "en",
		"sharebar.txt":   "en",
		"spanish.txt":    "es",
		"unrelated.txt":  "en",
	}
	for name, want := range tests {
		if got := Detect(cleaned(t, name)); got != want {
			t.Errorf("Detect(%s) = %q, want %q", name, got, want)
		}
	}
}

func TestDetect(t *testing.T) {
	tests := []struct{ text, want string }{
		{"", ""},
		{"12345 !!! ...", ""},
		{"Putin visits Pyongyang", ""},
		{"Rząd ogłosił w poniedziałek, że po raz drugi w tym roku podniesie podatki dla wszystkich obywateli kraju.", "pl"},
		{"The government said on Monday that it would raise taxes for the second time this year.", "en"},
		{"El gobierno anunció el lunes que subirá los impuestos por segunda vez en lo que va del año.", "es"},
		{"O governo anunciou na segunda-feira que vai aumentar os impostos pela segunda vez este ano.", "pt"},
		{"Le gouvernement a annoncé lundi qu'il allait augmenter les impôts pour la deuxième fois cette année.", "fr"},
		{"Il governo ha annunciato lunedì che aumenterà le tasse per la seconda volta quest'anno.", "it"},
		{"Die Regierung hat am Montag angekündigt, dass sie die Steuern zum zweiten Mal in diesem Jahr erhöhen wird.", "de"},
		{"De regering heeft maandag aangekondigd dat zij de belastingen dit jaar voor de tweede keer zal verhogen.", "nl"},
		{"Правительство объявило в понедельник, что повысит налоги во второй раз в этом году.", "ru"},
		{"Уряд оголосив у понеділок, що вдруге цього року підвищить податки.", "uk"},
		{"政府は月曜日、今年2度目の増税を行うと発表した。", "ja"},
		{"政府周一宣布今年第二次加税。", "zh"},
		{"정부는 월요일 올해 두 번째로 세금을 인상하겠다고 발표했다.", "ko"},
		{"Η κυβέρνηση ανακοίνωσε τη Δευτέρα ότι θα αυξήσει τους φόρους.", "el"},
		{"أعلنت الحكومة يوم الاثنين أنها سترفع الضرائب للمرة الثانية هذا العام.", "ar"},
		// Indonesian holds Dutch function words ("dan", "di", "kan") but
		// too few of them for Dutch
		{"Pemerintah mengumumkan pada hari Senin bahwa mereka akan menaikkan pajak untuk kedua kalinya tahun ini, dan " +
			"kenaikan itu berlaku di seluruh negeri bagi semua warga yang bekerja di kota maupun di desa.", "id"},
	}
	for _, tt := range tests {
		if got := Detect(tt.text); got != tt.want {
			t.Errorf("Detect(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func passageTexts(text string, ps []article.Passage) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Language+":"+text[p.Start:p.End])
	}
	return out
}

func TestPassagesSeed(t *testing.T) {
	text := cleaned(t, "seed.txt")
	got := Passages(text, "en")
	checkPassages(t, text, got)
	want := []string{"es:a Corea del Norte"}
	if diff := cmp.Diff(want, passageTexts(text, got)); diff != "" {
		t.Errorf("Passages (-want +got):\n%s", diff)
	}
	i := strings.Index(text, "[a Corea del Norte]") + 1
	if len(got) == 1 && (got[0].Start != i || got[0].End != i+len("a Corea del Norte")) {
		t.Errorf("span = %d..%d, want %d..%d", got[0].Start, got[0].End, i, i+len("a Corea del Norte"))
	}
}

func TestPassages(t *testing.T) {
	tests := []struct {
		name, text, doc string
		want            []string
	}{
		{"translated", "", "en", nil},
		{"no doc language", "Russia has supported [a Corea del Norte] firmly.", "", nil},
		{"bracket", "Russia has supported [a Corea del Norte] firmly.", "en", []string{"es:a Corea del Norte"}},
		{"bracket long", "Merchants in the area [el centro de la ciudad] were worried.", "en", []string{"es:el centro de la ciudad"}},
		{"spanish quote", "Boric said “tenemos una oportunidad histórica de trabajar juntos” before leaving.", "en",
			[]string{"es:tenemos una oportunidad histórica de trabajar juntos"}},
		{"spanish sentence", "The crowd chanted. No vamos a permitir que esto ocurra de nuevo en el país. Police watched.", "en",
			[]string{"es:No vamos a permitir que esto ocurra de nuevo en el país."}},
		{"french paren", "The motto (liberté pour les peuples et pour la nation) was painted.", "en",
			[]string{"fr:liberté pour les peuples et pour la nation"}},
		{"english in spanish", "El ministro dijo que era “a matter of national security for the country” y se fue.", "es",
			[]string{"en:a matter of national security for the country"}},
		{"names", "Kim Jong Un met Yoon Suk Yeol, and Rodong Sinmun reported it.", "en", nil},
		{"spanish name", "The coach (Luis de la Fuente) named his squad.", "en", nil},
		{"institution", "A study by the Banco de la República was cited.", "en", nil},
		{"latin phrase", "It was a (de facto) ban.", "en", nil},
		{"english quote", "He said “we will go on with the plan” today.", "en", nil},
		{"ellipsis", "the enemy (…) and will", "en", nil},
		{"unknown doc language", "Il a dit [a Corea del Norte].", "xx", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Passages(tt.text, tt.doc)
			checkPassages(t, tt.text, got)
			if diff := cmp.Diff(tt.want, passageTexts(tt.text, got)); diff != "" {
				t.Errorf("Passages(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestPassagesNoFalsePositives(t *testing.T) {
	for _, name := range []string{"wire.txt", "sharebar.txt", "unrelated.txt"} {
		text := cleaned(t, name)
		if got := Passages(text, "en"); len(got) != 0 {
			t.Errorf("%s: unexpected passages %v", name, passageTexts(text, got))
		}
	}
	text := cleaned(t, "translated.txt")
	if diff := cmp.Diff([]string{"es:el centro de la ciudad"}, passageTexts(text, Passages(text, "en"))); diff != "" {
		t.Errorf("translated.txt (-want +got):\n%s", diff)
	}
	text = cleaned(t, "spanish.txt")
	if got := Passages(text, "es"); len(got) != 0 {
		t.Errorf("spanish.txt: unexpected passages %v", passageTexts(text, got))
	}
}

func checkPassages(t *testing.T, text string, ps []article.Passage) {
	t.Helper()
	if ps == nil {
		t.Fatal("result must be non-nil (a JSON array, not null)")
	}
	prev := 0
	// Offsets must not split a character; invalid input has no characters to split.
	valid := utf8.ValidString(text)
	for _, p := range ps {
		if p.Start < prev || p.Start >= p.End || p.End > len(text) {
			t.Fatalf("bad passage %+v (prev end %d, len %d)", p, prev, len(text))
		}
		if valid && (!utf8.RuneStart(text[p.Start]) || (p.End < len(text) && !utf8.RuneStart(text[p.End]))) {
			t.Fatalf("passage %+v splits a character", p)
		}
		if len(p.Language) != 2 {
			t.Errorf("bad language %q", p.Language)
		}
		prev = p.End
	}
}

func FuzzPassages(f *testing.F) {
	f.Add(cleaned(f, "seed.txt"), "en")
	f.Add(cleaned(f, "translated.txt"), "en")
	for _, s := range []string{"", "[", "[]", "[a del]", "“", "\"a\" \"", "(«»)", "[a\n\nb]", "\xff[de la]", "“de la casa del”"} {
		f.Add(s, "en")
		f.Add(s, "es")
	}
	f.Fuzz(func(t *testing.T, text, doc string) {
		checkPassages(t, text, Passages(text, doc))
		if code := Detect(text); code != "" && len(code) != 2 {
			t.Fatalf("Detect = %q", code)
		}
	})
}

func BenchmarkDetect(b *testing.B) {
	text := cleaned(b, "seed.txt")
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Detect(text)
	}
}

func BenchmarkPassages(b *testing.B) {
	text := cleaned(b, "seed.txt")
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Passages(text, "en")
	}
}

// TestWordIterKey checks the packed key the word iterator keeps against
// packWord, and that stopword lookups by key agree with lookups by word.
func TestWordIterKey(t *testing.T) {
	text := "The Ærø ferry, la señora y el niño — İstanbul'a gidiyor; ЖИЗНЬ und der Straße AbCdEfGhI abcdefgh ab"
	it := wordIter{s: text}
	words := 0
	for {
		_, _, lower, _, ok := it.next()
		if !ok {
			break
		}
		words++
		k, packed := packWord(lower)
		if packed && it.key != k {
			t.Errorf("%q: key %x, want %x", lower, it.key, k)
		}
		if got, want := stopTable.getPacked(it.key, lower), stopTable.get(lower); got != want {
			t.Errorf("%q: getPacked %d, get %d", lower, got, want)
		}
	}
	if words < 15 {
		t.Errorf("%d words", words)
	}
}

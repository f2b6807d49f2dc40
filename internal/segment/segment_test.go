package segment

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/clean"
	"github.com/google/go-cmp/cmp"
	"github.com/neurosnap/sentences/english"
)

func texts(text string, spans []article.Span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = text[s.Start:s.End]
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{}},
		{"spaces", "  \n\n \n", []string{}},
		{"one", "Hello world.", []string{"Hello world."}},
		{"no final stop", "Hello world", []string{"Hello world"}},
		{"two", "It rained. Then it stopped.", []string{"It rained.", "Then it stopped."}},
		{"trim", "  It rained.   Then it stopped.  ", []string{"It rained.", "Then it stopped."}},
		{"question and exclamation", "Why? Because! Yes?! Fine.", []string{"Why?", "Because!", "Yes?!", "Fine."}},
		{"titles", "Mr. Smith met Dr. Jones and Gen. Lee. Sen. Avery agreed.",
			[]string{"Mr. Smith met Dr. Jones and Gen. Lee.", "Sen. Avery agreed."}},
		{"months", "The bill runs through Dec. 15, officials said. It passed on Jan. 3.",
			[]string{"The bill runs through Dec. 15, officials said.", "It passed on Jan. 3."}},
		{"U.S. inside", "The U.S. Senate voted. The U.N. Security Council met.",
			[]string{"The U.S. Senate voted.", "The U.N. Security Council met."}},
		{"U.S. at end", "He moved to the U.S. The rest stayed.", []string{"He moved to the U.S.", "The rest stayed."}},
		{"initials", "J. R. R. Tolkien wrote it. George W. Bush read it.",
			[]string{"J. R. R. Tolkien wrote it.", "George W. Bush read it."}},
		{"inc", "She joined Example Inc. The firm grew. Example Inc. Chief Executive Ann Lee spoke.",
			[]string{"She joined Example Inc.", "The firm grew.", "Example Inc. Chief Executive Ann Lee spoke."}},
		{"a.m.", "It starts at 10 a.m. Eastern time. It ends at 5 p.m. The crowd left.",
			[]string{"It starts at 10 a.m. Eastern time.", "It ends at 5 p.m.", "The crowd left."}},
		{"numbers", "Prices rose 3.5 percent in 2023. They fell No. 2 rank.", []string{"Prices rose 3.5 percent in 2023.", "They fell No. 2 rank."}},
		{"curly quote close", "He said: “We will win.” Then he left.", []string{"He said: “We will win.”", "Then he left."}},
		{"straight quote close", `She said "as soon as possible." He did not give a date.`,
			[]string{`She said "as soon as possible."`, "He did not give a date."}},
		{"question in quote", "“Are you sure?” he asked. “Yes.”", []string{"“Are you sure?” he asked.", "“Yes.”"}},
		{"bracket close", "He agreed (after a pause.) The deal was signed.", []string{"He agreed (after a pause.)", "The deal was signed."}},
		{"lowercase after stop", "Two countries. as Russia continues.", []string{"Two countries. as Russia continues."}},
		{"ellipsis", "I waited... Nobody came. Then … Silence.", []string{"I waited...", "Nobody came.", "Then …", "Silence."}},
		{"bracketed ellipsis", "“The enemy (…) and more […] Ammunition to Ukraine” he said.",
			[]string{"“The enemy (…) and more […] Ammunition to Ukraine” he said."}},
		{"paragraphs", "First line without stop\n\nSecond paragraph. Two sentences.",
			[]string{"First line without stop", "Second paragraph.", "Two sentences."}},
		{"single newline", "A sentence that\nwraps. Next one.", []string{"A sentence that\nwraps.", "Next one."}},
		{"blank line with spaces", "Para one\n  \nPara two.", []string{"Para one", "Para two."}},
		{"spanish", "¿Qué pasó? El Sr. Pérez llegó a EE.UU. el lunes. ¡Bien!",
			[]string{"¿Qué pasó?", "El Sr. Pérez llegó a EE.UU. el lunes.", "¡Bien!"}},
		{"e.g.", "Some fruits, e.g. Apples, are red. Others are not.", []string{"Some fruits, e.g. Apples, are red.", "Others are not."}},
		{"url and decimals", "Visit example.com. It costs $1.5 million.", []string{"Visit example.com.", "It costs $1.5 million."}},
		{"digit start", "It ended. 2024 was hard.", []string{"It ended.", "2024 was hard."}},
		{"dash start", "It ended. — Then silence.", []string{"It ended.", "— Then silence."}},
		{"dateline dash", "Dekalb, Ill. — Mike Glass threw for three touchdowns. The Eagles won.",
			[]string{"Dekalb, Ill. — Mike Glass threw for three touchdowns.", "The Eagles won."}},
		{"dateline credit and dash", "SAN FRANCISCO, Calif. (AP) — The board met. It voted.",
			[]string{"SAN FRANCISCO, Calif. (AP) — The board met.", "It voted."}},
		{"nbsp", "It ended.\u00a0Then silence.", []string{"It ended.", "Then silence."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sentences(tt.in)
			checkSpans(t, tt.in, got)
			if diff := cmp.Diff(tt.want, texts(tt.in, got)); diff != "" {
				t.Errorf("Sentences(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func readSeed(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("../clean/testdata/seed.txt")
	if err != nil {
		t.Fatalf("read seed: %v", err)
	}
	return clean.Clean(string(b)).Text
}

func TestSentencesSeed(t *testing.T) {
	text := readSeed(t)
	got := texts(text, Sentences(text))
	checkSpans(t, text, Sentences(text))
	// 27 paragraphs, three of them with two sentences.
	if len(got) != 30 {
		t.Errorf("got %d sentences, want 30:\n%s", len(got), strings.Join(got, "\n"))
	}
	want := map[int]string{
		0:  "Russian President Vladimir Putin arrived in North Korea on Wednesday, kicking off a visit aimed at boosting defense ties between the two nuclear-armed countries. as Russia continues its military offensive in Ukraine.",
		1:  "“Vladimir Putin landed in Pyongyang, the capital of North Korea,” the Russian Presidency reported on Telegram.",
		2:  "Putin’s previous visit to the secretive communist country in the Far East dates back to 2000.",
		10: "Strategic partnership between Russia and North Korea",
		18: "“Brothers in arms”",
		23: "South Korea, pending visit",
		28: "This is the Russian leader’s second visit to North Korea.",
		29: "The previous one dates back almost a quarter of a century ago, shortly after coming to power, when he met with Kim Jong Un’s father, Kim Jong Il.",
	}
	for i, w := range want {
		if i >= len(got) || got[i] != w {
			g := ""
			if i < len(got) {
				g = got[i]
			}
			t.Errorf("sentence %d = %q, want %q", i, g, w)
		}
	}
	for _, s := range got {
		if strings.HasPrefix(s, "ammunition") || strings.HasPrefix(s, "and will") {
			t.Errorf("split inside a quotation: %q", s)
		}
	}
}

// checkSpans asserts the Sentences contract.
func checkSpans(t *testing.T, text string, spans []article.Span) {
	t.Helper()
	prev := 0
	// Offsets must not split a character; invalid input has no characters to split.
	valid := utf8.ValidString(text)
	for _, s := range spans {
		if s.Start < prev || s.Start >= s.End || s.End > len(text) {
			t.Fatalf("bad span %v (prev end %d, len %d)", s, prev, len(text))
		}
		if valid && (!utf8.RuneStart(text[s.Start]) || (s.End < len(text) && !utf8.RuneStart(text[s.End]))) {
			t.Fatalf("span %v splits a character", s)
		}
		sub := text[s.Start:s.End]
		if strings.TrimSpace(sub) != sub {
			t.Errorf("span %v not trimmed: %q", s, sub)
		}
		if strings.Contains(sub, "\n\n") {
			t.Errorf("span %v crosses a paragraph break", s)
		}
		prev = s.End
	}
}

func FuzzSentences(f *testing.F) {
	f.Add(readSeed(f))
	for _, s := range []string{"", ".", "…", "Mr.", "a. B", "U.S. The", "“x.” Y", "(…) A", "\n\n.\n\n", "a.\u00a0B", "\xff. A", "?!?! A",
		"J. R. R.", "end.”)] Next", "x\n \n\ny"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSpans(t, text, Sentences(text))
	})
}

func BenchmarkSentences(b *testing.B) {
	text := readSeed(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Sentences(text)
	}
}

// BenchmarkNeurosnap measures github.com/neurosnap/sentences with its
// English training data on the same text, for comparison.
func BenchmarkNeurosnap(b *testing.B) {
	text := readSeed(b)
	tok, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tok.Tokenize(text)
	}
}

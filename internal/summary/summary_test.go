package summary

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/clean"
	"github.com/copydesk/copydesk/internal/segment"
)

func prepare(t testing.TB, name string) (string, []article.Span, []article.Span) {
	t.Helper()
	b, err := os.ReadFile("../clean/testdata/" + name)
	if err != nil {
		t.Fatalf("read test article: %v", err)
	}
	res := clean.Clean(string(b))
	return res.Text, segment.Sentences(res.Text), res.Headings
}

func TestSummarizeSeed(t *testing.T) {
	text, sents, heads := prepare(t, "seed.txt")
	got := Summarize(text, sents, heads, 3)
	t.Logf("summary:\n%s", strings.Join(got, "\n"))
	checkSummary(t, text, got, 3)
	if len(got) != 3 {
		t.Fatalf("got %d sentences, want 3", len(got))
	}
	const lede = "Russian President Vladimir Putin arrived in North Korea on Wednesday, kicking off a visit aimed at boosting defense ties between the two nuclear-armed countries. as Russia continues its military offensive in Ukraine."
	if got[0] != lede {
		t.Errorf("first sentence = %q, want the lede", got[0])
	}
	for _, s := range got {
		switch s {
		case "Strategic partnership between Russia and North Korea", "“Brothers in arms”", "South Korea, pending visit":
			t.Errorf("heading in summary: %q", s)
		}
	}
}

func TestSummarizeArticles(t *testing.T) {
	for _, name := range []string{"wire.txt", "translated.txt", "sharebar.txt", "spanish.txt", "unrelated.txt"} {
		text, sents, heads := prepare(t, name)
		got := Summarize(text, sents, heads, 2)
		checkSummary(t, text, got, 2)
		if len(got) != 2 {
			t.Errorf("%s: got %d sentences", name, len(got))
			continue
		}
		// The lede is the first eligible sentence, after its dateline.
		first := ""
		for _, s := range sents {
			if !inHeading(s, heads) && !isFragment(text[s.Start:s.End]) && len(strings.Fields(text[s.Start:s.End])) >= minWords {
				first = text[s.Start+datelineLen(text, s.Start, s.End) : s.End]
				break
			}
		}
		if got[0] != first {
			t.Errorf("%s: first = %q, want the lede %q", name, got[0], first)
		}
	}
}

func TestSummarizeEdges(t *testing.T) {
	if got := Summarize("", nil, nil, 3); got == nil || len(got) != 0 {
		t.Errorf("empty: %v", got)
	}
	text := "Short one. Too short."
	if got := Summarize(text, segment.Sentences(text), nil, 3); len(got) != 0 {
		t.Errorf("short sentences: %v", got)
	}
	text = "The council approved the harbour bridge on Tuesday night after years of debate. The bridge will link the port with the northern suburbs. Critics said the harbour bridge money should fund buses instead of cars."
	sents := segment.Sentences(text)
	if got := Summarize(text, sents, nil, 0); len(got) != 0 {
		t.Errorf("n = 0: %v", got)
	}
	got := Summarize(text, sents, nil, 10)
	if len(got) != 3 {
		t.Errorf("n larger than the text: got %d", len(got))
	}
	checkSummary(t, text, got, 10)
	// Bad spans are skipped, not trusted.
	if got := Summarize(text, []article.Span{{Start: 5, End: 1}, {Start: -1, End: 3}, {Start: 0, End: 9999}}, nil, 2); len(got) != 0 {
		t.Errorf("bad spans: %v", got)
	}
}

func TestIsFragment(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"“We will win this war whatever it costs.”", true},
		{"“We will win,” he said on Monday in the capital.", false},
		{"and then the talks collapsed without any agreement.", true},
		{"“The first part of a long quotation that goes on.", true},
		{`"We will win this war whatever it costs."`, true},
		{"The talks collapsed without any agreement on Monday.", false},
	}
	for _, tt := range tests {
		if got := isFragment(tt.s); got != tt.want {
			t.Errorf("isFragment(%q) = %v", tt.s, got)
		}
	}
}

// checkSummary: at most n sentences, verbatim from text, in text order.
func checkSummary(t *testing.T, text string, got []string, n int) {
	t.Helper()
	if len(got) > n {
		t.Errorf("got %d sentences, want at most %d", len(got), n)
	}
	pos := -1
	for _, s := range got {
		i := strings.Index(text, s)
		if i < 0 {
			t.Errorf("sentence not verbatim from text: %q", s)
			continue
		}
		if i <= pos {
			t.Errorf("sentences out of text order")
		}
		pos = i
	}
	if slices.Contains(got, "") {
		t.Error("empty sentence")
	}
}

func BenchmarkSummarize(b *testing.B) {
	text, sents, heads := prepare(b, "seed.txt")
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Summarize(text, sents, heads, 3)
	}
}

// TestNextWordHash checks that the word scanner's hash of an ASCII word is
// that of its comparison key, and that its spans are the runs of letters
// and digits.
func TestNextWordHash(t *testing.T) {
	text := "The Ministers’ talks, 3 rounds: US-led bus gas CAFÉS naïve 2024s ss Boss ALLS x"
	var got []string
	for i := 0; i < len(text); {
		ws, we, h, n, ok := nextWordHash(text, i)
		if ws < 0 {
			break
		}
		w := text[ws:we]
		got = append(got, w)
		key := appendKey(nil, w)
		if ascii := strings.IndexFunc(w, func(r rune) bool { return r >= utf8.RuneSelf }) < 0; ok != ascii {
			t.Errorf("%q: ok = %v", w, ok)
		}
		if ok && (h != hash(key) || n != len(key)) {
			t.Errorf("%q: hash %x len %d, want %x len %d (key %q)", w, h, n, hash(key), len(key), key)
		}
		i = we
	}
	want := "The|Ministers|talks|3|rounds|US|led|bus|gas|CAFÉS|naïve|2024s|ss|Boss|ALLS|x"
	if strings.Join(got, "|") != want {
		t.Errorf("words %q, want %q", strings.Join(got, "|"), want)
	}
}

// TestSummarizeLongTextBounded checks that a text of many short sentences
// (a 1 MiB payload) is summarised from its first sentences, in bounded
// memory: the similarity graph grew with the square of the sentence count.
func TestSummarizeLongTextBounded(t *testing.T) {
	var b strings.Builder
	var sents []article.Span
	for i := 0; i < 20000; i++ {
		start := b.Len()
		fmt.Fprintf(&b, "The minister said plan number %d would go ahead soon. ", i)
		sents = append(sents, article.Span{Start: start, End: b.Len() - 1})
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got := Summarize(b.String(), sents, nil, 3)
	runtime.ReadMemStats(&after)
	if len(got) != 3 {
		t.Fatalf("summary: %q", got)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("summarising 20,000 sentences allocated %d MB", alloc>>20)
	}
}

// TestDatelines checks that a summary sentence opening a paragraph starts
// after its dateline, and that sentences that only look like one keep
// their start.
func TestDatelines(t *testing.T) {
	for text, want := range map[string]string{
		"WASHINGTON (Reuters) - The Senate voted on Thursday.":                     "The Senate voted on Thursday.",
		"Dekalb, Ill. — Mike Glass threw for three touchdowns.":                    "Mike Glass threw for three touchdowns.",
		"(Reuters) — The New York State Attorney General is investigating WeWork.": "The New York State Attorney General is investigating WeWork.",
		"NEW DELHI: Their American dream shattered.":                               "Their American dream shattered.",
		"Indianapolis – Several thousand teachers wearing red.":                    "Several thousand teachers wearing red.",
		"Apple Inc - the company said so.":                                         "Apple Inc - the company said so.",
		"(CNN) President Donald Trump made an unscheduled trip.":                   "President Donald Trump made an unscheduled trip.",
		"(As the doctor noted at the time, it was fine.) It was.":                  "(As the doctor noted at the time, it was fine.) It was.",
		"Trump said — again — that it was fine.":                                   "Trump said — again — that it was fine.",
		"Q: What is it?":                         "Q: What is it?",
		"Summary: 5-1A: Salina South diver won.": "Summary: 5-1A: Salina South diver won.",
	} {
		if got := text[datelineLen(text, 0, len(text)):]; got != want {
			t.Errorf("%q: summary sentence %q, want %q", text, got, want)
		}
	}
	text := "SIOUX FALLS, S.D. – People across the nation are talking about the new state campaign against meth.\n\n" +
		"The governor launched the campaign to bring awareness to the meth epidemic in the state.\n\n" +
		"The campaign has drawn attention across the nation, the governor said on Monday."
	got := Summarize(text, segment.Sentences(text), nil, 3)
	if len(got) == 0 || !strings.HasPrefix(got[0], "People across the nation") {
		t.Errorf("summary %q: want the first sentence after its dateline", got)
	}
	checkSummary(t, text, got, 3)
}

// TestRepeatedSentences checks that a sentence the text repeats word for
// word is in the summary at most once.
func TestRepeatedSentences(t *testing.T) {
	q := "Do you have favourite dishes, or are there foods that you do not like at all?"
	text := "Our six food writers know taste and they know the beauty of a well made plate.\n\n" + q +
		"\n\nAnna cooks every day and says she eats everything except oysters and raw fish.\n\n" + q +
		"\n\nBoris loves soups, and he writes about the soups of his grandmother's village.\n\n" + q +
		"\n\nClara bakes bread and says that a good loaf needs a whole day of patience."
	got := Summarize(text, segment.Sentences(text), nil, 3)
	checkSummary(t, text, got, 3)
	n := 0
	for _, s := range got {
		if s == q {
			n++
		}
	}
	if n > 1 {
		t.Errorf("summary %q holds the repeated question %d times", got, n)
	}
}

// FuzzSummarize checks that whatever the text, Summarize returns at most
// n sentences, each valid UTF-8 and verbatim from the text.
func FuzzSummarize(f *testing.F) {
	for _, s := range []string{
		"WASHINGTON (Reuters) - The Senate voted on Thursday after a long debate on the budget.\n\nIt passed.",
		"(CNN) President Donald Trump made an unscheduled trip to the hospital on Saturday for a quick exam.",
		"(Ä) Ü\n\nNEW DELHI: Their dream shattered, nearly 150 Indians returned home on Wednesday.",
		"Dekalb, Ill. — Mike Glass threw for three touchdowns and ran for another on Tuesday night.",
		"(\xff) \xffA", "", "(",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got := Summarize(text, segment.Sentences(text), nil, 3)
		if len(got) > 3 {
			t.Fatalf("%d sentences", len(got))
		}
		for _, s := range got {
			if !strings.Contains(text, s) {
				t.Fatalf("not verbatim: %q", s)
			}
			if utf8.ValidString(text) && !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 out of valid text: %q", s)
			}
		}
	})
}

package fingerprint_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/clean"
	"github.com/copydesk/copydesk/internal/dates"
	"github.com/copydesk/copydesk/internal/fingerprint"
	"github.com/copydesk/copydesk/internal/keywords"
	"github.com/copydesk/copydesk/internal/lang"
	"github.com/copydesk/copydesk/internal/ner"
	"github.com/copydesk/copydesk/internal/quotes"
	"github.com/copydesk/copydesk/internal/segment"
	"github.com/copydesk/copydesk/internal/summary"
)

func TestZZGoldenDump(t *testing.T) {
	out := os.Getenv("GOLDEN_OUT")
	if out == "" {
		t.Skip()
	}
	root := "../.."
	var inputs []string
	add := func(p string) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(b))
	}
	add(root + "/examples/seed-putin-north-korea.txt")
	for _, dir := range []string{"internal/clean/testdata", "internal/quotes/testdata", "internal/segment/testdata", "internal/lang/testdata"} {
		ms, _ := filepath.Glob(filepath.Join(root, dir, "*.txt"))
		for _, m := range ms {
			add(m)
		}
	}
	f, err := os.Open(root + "/internal/quotes/testdata/news-gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var d struct{ Text string }
		json.Unmarshal(sc.Bytes(), &d)
		inputs = append(inputs, d.Text)
	}
	f.Close()
	for _, dir := range []string{"internal/quotes/testdata/fuzz/FuzzFind", "internal/segment/testdata/fuzz/FuzzSentences"} {
		ms, _ := filepath.Glob(filepath.Join(root, dir, "*"))
		for _, m := range ms {
			b, _ := os.ReadFile(m)
			for _, line := range strings.Split(string(b), "\n") {
				if strings.HasPrefix(line, "string(") {
					var s string
					fmt.Sscanf(strings.TrimSuffix(strings.TrimPrefix(line, "string("), ")"), "%q", &s)
					inputs = append(inputs, s)
				}
			}
		}
	}
	extra := []string{"", ".", "…", "Mr.", "a. B", "U.S. The", "“x.” Y", "(…) A", "\n\n.\n\n", "a.\u00a0B", "?!?! A",
		"J. R. R.", "end.”)] Next", "x\n \n\ny", "2024-06-19", "June 19, 2024", "19/06/2024", "1950-1953", "last month", "hace 3 días",
		"31 June", "Feb. 30", "in 9999", "2024-13-45", "mañana", "Monday, 5", "19th", "mid-", "back to", "(2000",
		"A", "Putin’s", "’s", "a-b-c", "Ⅻ İstanbul İİ", "x’", "North Korea North Korea", "[a del]", "“de la casa del”", "(«»)",
		"“Vladimir Putin landed in Pyongyang,” the Russian Presidency reported.", "He said \"we 6\" won\" and 'then' left’s ‘x",
		"«¿Qué?», dijo Petro. „Ja“ sagte er. ‹single› and ‚low’", "“A,” Smith said. “B\n\n“C\n\n“D\n\n“E",
		"‘He told me “no” twice,’ Lopez said. Putin’s ‘great friend’", "“What worries us”declared Kirby. “x”Kuleba told AFP.",
		"x.Leave a Reply", "Leave a Reply", "A\n\nB", "“”“”", " ( ) [ ] ", "\r\r\n\u2028", "By \u00a0", "a-\nb", "Source: http://", ">>>",
		"ÅNGSTRÖM İSTANBUL straße ΣΊΣΥΦΟΣ   tab\there\u00a0nbsp\u200bzw ﬁ ＡＢＣ 123,456.7 e\u0301",
	}
	inputs = append(inputs, extra...)
	// Variants of the seed: prefixes, case changes.
	seed := inputs[0]
	for n := 0; n < len(seed); n += 131 {
		p := seed[:n]
		for !utf8.ValidString(p) {
			p = p[:len(p)-1]
		}
		inputs = append(inputs, p)
	}
	inputs = append(inputs, strings.ToUpper(seed), strings.ToLower(seed), strings.ReplaceAll(seed, "\n", " "), seed+seed)

	entCache := filepath.Join(filepath.Dir(out), "ents.json")
	var ents [][]article.Entity
	if b, err := os.ReadFile(entCache); err == nil {
		json.Unmarshal(b, &ents)
	} else {
		rec, err := ner.New()
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range inputs {
			c := clean.Clean(in)
			ents = append(ents, rec.Entities(c.Text, segment.Sentences(c.Text)))
			ents = append(ents, rec.Entities(in, segment.Sentences(in)))
		}
		b, _ := json.Marshal(ents)
		os.WriteFile(entCache, b, 0o644)
	}
	w, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	enc := json.NewEncoder(w)
	pub := time.Date(2024, 6, 19, 9, 30, 0, 0, time.UTC)
	for i, in := range inputs {
		c := clean.Clean(in)
		enc.Encode(map[string]any{"i": i, "clean": c})
		for k, text := range []string{c.Text, in} {
			sents := segment.Sentences(text)
			l := lang.Detect(text)
			sum, sim := fingerprint.Sums(text)
			enc.Encode(map[string]any{
				"i": i, "k": k,
				"sents":    sents,
				"detect":   l,
				"passEn":   lang.Passages(text, "en"),
				"passEs":   lang.Passages(text, "es"),
				"passL":    lang.Passages(text, l),
				"datesPub": dates.Find(text, &pub),
				"datesNil": dates.Find(text, nil),
				"kw10":     keywords.Extract(text, sents, 10),
				"kw3":      keywords.Extract(text, sents, 3),
				"kw50":     keywords.Extract(text, sents, 50),
				"sum3":     summary.Summarize(text, sents, c.Headings, 3),
				"sum1":     summary.Summarize(text, sents, nil, 1),
				"norm":     fingerprint.Normalize(text),
				"hash":     fingerprint.ContentHash(text),
				"sums":     []any{sum, sim},
				"sim":      fingerprint.SimHash(text),
				"hex":      fingerprint.Hex(sim),
				"quotes":   quotes.Find(text, sents, ents[2*i+k]),
				"quotesN":  quotes.Find(text, sents, nil),
			})
		}
	}
}

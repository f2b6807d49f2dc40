package dates

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/clean"
	"github.com/google/go-cmp/cmp"
)

// Wednesday 19 June 2024, the day of the seed article.
var pub = time.Date(2024, 6, 19, 9, 30, 0, 0, time.UTC)

func show(ms []article.DateMention) []string {
	var out []string
	for _, m := range ms {
		v := "nil"
		if m.Value != nil {
			v = *m.Value
		}
		out = append(out, m.Text+" = "+v)
	}
	return out
}

func cleaned(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("../clean/testdata/" + name)
	if err != nil {
		t.Fatalf("read test article: %v", err)
	}
	return clean.Clean(string(b)).Text
}

func TestFindSeed(t *testing.T) {
	text := cleaned(t, "seed.txt")
	got := Find(text, &pub)
	checkMentions(t, text, got)
	want := []string{
		"Wednesday = 2024-06-19",
		"2000 = 2000",
		"1950-1953 = 1950/1953",
		"February 2022 = 2022-02",
		"Tuesday = 2024-06-18",
		"nine months after = nil",
		"March = 2024-03",
		"last month = 2024-05",
	}
	if diff := cmp.Diff(want, show(got)); diff != "" {
		t.Errorf("Find(seed) (-want +got):\n%s", diff)
	}
	// Without a publication date only the absolute ones resolve.
	want = []string{
		"Wednesday = nil", "2000 = 2000", "1950-1953 = 1950/1953", "February 2022 = 2022-02",
		"Tuesday = nil", "nine months after = nil", "March = nil", "last month = nil",
	}
	if diff := cmp.Diff(want, show(Find(text, nil))); diff != "" {
		t.Errorf("Find(seed, nil) (-want +got):\n%s", diff)
	}
}

func TestFindArticles(t *testing.T) {
	tests := map[string][]string{
		"wire.txt": {"Thursday = 2024-06-13", "Dec. 15 = 2024-12-15", "last week = nil", "2019 = 2019",
			"January = nil", "Wednesday = 2024-06-19"},
		"translated.txt": {"Monday = 2024-06-17", "March 3, 2025 = 2025-03-03", "2023 = 2023", "2027 = 2027",
			"2018 and 2020 = 2018/2020"},
		"sharebar.txt": {"Tuesday = 2024-06-18", "2028 = 2028", "March = 2025-03"},
		"spanish.txt": {"este miércoles = 2024-06-19", "tres meses después = nil", "14 de marzo de 2024 = 2024-03-14",
			"año pasado = 2023", "enero = 2024-01"},
		"unrelated.txt": nil,
	}
	for name, want := range tests {
		text := cleaned(t, name)
		got := Find(text, &pub)
		checkMentions(t, text, got)
		if diff := cmp.Diff(want, show(got)); diff != "" {
			t.Errorf("Find(%s) (-want +got):\n%s", name, diff)
		}
	}
}

func TestFind(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		// Absolute dates.
		{"It happened on June 19, 2024 in Pyongyang.", []string{"June 19, 2024 = 2024-06-19"}},
		{"It happened on 19 June 2024.", []string{"19 June 2024 = 2024-06-19"}},
		{"It happened on 2024-06-19.", []string{"2024-06-19 = 2024-06-19"}},
		{"It happened on 19/06/2024 and 6/20/2024 and 5/6/2024.", []string{"19/06/2024 = 2024-06-19", "6/20/2024 = 2024-06-20", "5/6/2024 = nil"}},
		{"It happened on Jan. 5, 2023.", []string{"Jan. 5, 2023 = 2023-01-05"}},
		// A part of a year.
		{"The deal closes in the first quarter of 2026, not by the end of 2025; one of 2000 soldiers left.", []string{"2026 = 2026", "2025 = 2025"}},
		// A weekday beside its date takes that date (published Wednesday 19 June).
		{"It happened on Tuesday, Jun. 11, in Lima.", []string{"Tuesday = 2024-06-11", "Jun. 11 = 2024-06-11"}},
		// Named days are days of the calendar, not the last such weekday
		// (published Wednesday 19 June 2024).
		{"Black Friday deals start early, and Good Friday was quiet; Super Tuesday came first.",
			[]string{"Black Friday = 2024-11-29", "Good Friday = 2024-03-29", "Super Tuesday = nil"}},
		// Year ranges with a spaced dash.
		{"It ran from 2004 – 2014 and again 2016 - 2018, and the score was 2004 - 14.", []string{"2004 – 2014 = 2004/2014", "2016 - 2018 = 2016/2018"}},
		{"Single-core scores increased from 1061 to 1128 in the test.", nil},
		// Decades.
		{"It was built in the 1990s, not the 1995s or in 2000s style.", []string{"1990s = 1990/1999", "2000s = 2000/2009"}},
		// A date already past, in a sentence that looks ahead: next year's.
		{"The wing will open on June 3, the director said.", []string{"June 3 = 2025-06-03"}},
		// "will" a clause before the date.
		{"Rovers will face Eastport United in the final at Wembley Stadium on July 18.", []string{"July 18 = 2024-07-18"}},
		{"The June 19th summit.", []string{"June 19th = 2024-06-19"}},
		{"Since February 2022 the war has raged.", []string{"February 2022 = 2022-02"}},
		{"Ocurrió el 19 de junio de 2024.", []string{"19 de junio de 2024 = 2024-06-19"}},
		{"Ocurrió en junio de 2023.", []string{"junio de 2023 = 2023-06"}},
		{"On Wednesday, June 19, 2024, he arrived.", []string{"Wednesday, June 19, 2024 = 2024-06-19"}},
		{"It was 31 June 2024.", []string{"31 June 2024 = nil"}},
		// Years.
		{"It dates back to 2000.", []string{"2000 = 2000"}},
		{"He came to power in 2000 and stayed.", []string{"2000 = 2000"}},
		{"They sent 2000 soldiers.", nil},
		{"In 2000 soldiers were sent.", nil},
		{"The Korean War (1950-1953) ended.", []string{"1950-1953 = 1950/1953"}},
		{"The war of 1950–53 ended.", []string{"1950–53 = 1950/1953"}},
		{"Prices rose from 1990 to 1995.", []string{"1990 to 1995 = 1990/1995"}},
		{"Since 2014, the region has been at war.", []string{"2014 = 2014"}},
		{"The bill passed (2019).", []string{"2019 = 2019"}},
		{"Growth by mid-2025 is expected.", []string{"2025 = 2025"}},
		{"The year 1999 was odd.", []string{"1999 = 1999"}},
		{"Room 1999 is free.", nil},
		{"He scored 2024 points.", nil},
		{"Lo hará antes de 2027.", []string{"2027 = 2027"}},
		// Relative to publication (Wednesday 19 June 2024).
		{"He arrived on Wednesday.", []string{"Wednesday = 2024-06-19"}},
		{"They met on Monday.", []string{"Monday = 2024-06-17"}},
		{"He will travel on Friday.", []string{"Friday = 2024-06-21"}},
		{"They met last Wednesday.", []string{"last Wednesday = 2024-06-12"}},
		{"They meet next Monday.", []string{"next Monday = 2024-06-24"}},
		{"It happened yesterday, not today.", []string{"yesterday = 2024-06-18", "today = 2024-06-19"}},
		{"It ends tomorrow.", []string{"tomorrow = 2024-06-20"}},
		{"It happened last month.", []string{"last month = 2024-05"}},
		{"It happens next month.", []string{"next month = 2024-07"}},
		{"It happened last year.", []string{"last year = 2023"}},
		{"Earlier this year prices rose.", []string{"this year = 2024"}},
		{"It happened last week.", []string{"last week = nil"}},
		{"Over the last three years prices rose.", nil},
		{"It happened in March.", []string{"March = 2024-03"}},
		{"It happened in September.", []string{"September = 2023-09"}},
		{"It will happen in September.", []string{"September = 2024-09"}},
		{"It happened last March.", []string{"last March = 2024-03"}},
		{"It happened last July.", []string{"last July = 2023-07"}},
		{"You may go. March on!", nil},
		{"He met Kim two weeks ago.", []string{"two weeks ago = 2024-06-05"}},
		{"He met Kim a year ago.", []string{"a year ago = 2023"}},
		{"He met Kim three months ago.", []string{"three months ago = 2024-03"}},
		{"It came nine months after the summit.", []string{"nine months after = nil"}},
		{"A few days later it ended.", []string{"few days later = nil"}},
		{"Lo vio ayer y lo verá mañana.", []string{"ayer = 2024-06-18", "mañana = 2024-06-20"}},
		{"Llegó esta mañana.", []string{"esta mañana = 2024-06-19"}},
		{"Por la mañana llovió.", nil},
		{"Lo vio el mes pasado y la semana pasada.", []string{"mes pasado = 2024-05", "semana pasada = nil"}},
		{"Ocurrió hace dos meses.", []string{"hace dos meses = 2024-04"}},
		{"El lunes pasado llovió.", []string{"lunes pasado = 2024-06-17"}},
		{"Llegó en marzo.", []string{"marzo = 2024-03"}},
		{"", nil},
	}
	for _, tt := range tests {
		got := Find(tt.text, &pub)
		checkMentions(t, tt.text, got)
		if diff := cmp.Diff(tt.want, show(got)); diff != "" {
			t.Errorf("Find(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestFindPublishedZone(t *testing.T) {
	// 23:30 on Tuesday in Bogotá is already Wednesday in UTC: the
	// publication's own calendar day counts.
	bogota := time.FixedZone("COT", -5*3600)
	p := time.Date(2024, 6, 18, 23, 30, 0, 0, bogota)
	got := show(Find("It happened today.", &p))
	if diff := cmp.Diff([]string{"today = 2024-06-18"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func checkMentions(t *testing.T, text string, ms []article.DateMention) {
	t.Helper()
	if ms == nil {
		t.Fatal("result must be non-nil (a JSON array, not null)")
	}
	prev := 0
	valid := utf8.ValidString(text)
	for _, m := range ms {
		if m.Start < prev || m.Start >= m.End || m.End > len(text) {
			t.Fatalf("bad mention %+v (prev end %d, len %d)", m, prev, len(text))
		}
		if valid && (!utf8.RuneStart(text[m.Start]) || (m.End < len(text) && !utf8.RuneStart(text[m.End]))) {
			t.Fatalf("mention %+v splits a character", m)
		}
		if text[m.Start:m.End] != m.Text {
			t.Fatalf("mention text %q does not match span %q", m.Text, text[m.Start:m.End])
		}
		if m.Value != nil && !validValue(*m.Value) {
			t.Errorf("bad value %q", *m.Value)
		}
		prev = m.End
	}
}

// validValue accepts the record's value forms: YYYY-MM-DD, YYYY-MM, YYYY,
// YYYY/YYYY.
func validValue(v string) bool {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if _, err := time.Parse(layout, v); err == nil {
			return true
		}
	}
	a, b, ok := strings.Cut(v, "/")
	if !ok {
		return false
	}
	_, e1 := time.Parse("2006", a)
	_, e2 := time.Parse("2006", b)
	return e1 == nil && e2 == nil && a < b
}

func FuzzDates(f *testing.F) {
	f.Add(cleaned(f, "seed.txt"), int64(1718789400))
	for _, s := range []string{"", "2024-06-19", "June 19, 2024", "19/06/2024", "1950-1953", "last month", "hace 3 días",
		"31 June", "Feb. 30", "in 9999", "2024-13-45", "mañana", "Monday, 5", "19th", "mid-", "back to", "(2000"} {
		f.Add(s, int64(1718789400))
		f.Add(s, int64(-62135596800))
	}
	f.Fuzz(func(t *testing.T, text string, unix int64) {
		p := time.Unix(unix, 0).UTC()
		checkMentions(t, text, Find(text, &p))
		checkMentions(t, text, Find(text, nil))
	})
}

func BenchmarkFind(b *testing.B) {
	text := cleaned(b, "seed.txt")
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Find(text, &pub)
	}
}

// TestPadded checks the year and month formatting against fmt.
func TestPadded(t *testing.T) {
	for _, v := range []int{-12345, -100, -1, 0, 1, 7, 12, 99, 100, 999, 1000, 2024, 9999, 10000, 123456789} {
		for _, m := range []int{-3, 0, 1, 9, 10, 12, 123} {
			if got, want := year(v), fmt.Sprintf("%04d", v); got != want {
				t.Errorf("year(%d) = %q, want %q", v, got, want)
			}
			if got, want := yearRange(v, m), fmt.Sprintf("%04d/%04d", v, m); got != want {
				t.Errorf("yearRange(%d, %d) = %q, want %q", v, m, got, want)
			}
			if got, want := yearMonth(v, m), fmt.Sprintf("%04d-%02d", v, m); got != want {
				t.Errorf("yearMonth(%d, %d) = %q, want %q", v, m, got, want)
			}
		}
	}
}

package story

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/article"
)

var t0 = time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC)

func mentions(n, start int) []article.Span {
	out := make([]article.Span, n)
	for i := range out {
		out[i] = article.Span{Start: start + 10*i, End: start + 10*i + 5}
	}
	return out
}

func TestNormalizePhrase(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Putin's visit", "putin visit"},
		{"Putin’s  VISITS", "putin visit"},
		{"North Korean", "north korean"},
		{"three-day visit", "three day visit"},
		{"T14", "t14"},
		{"", ""},
		{" -- ", ""},
		{"''", ""},
	} {
		if got := NormalizePhrase(c.in); got != c.want {
			t.Errorf("NormalizePhrase(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestExtract(t *testing.T) {
	sid := "s1"
	rec := &article.Record{
		ID:      "abc",
		StoryID: &sid,
		Entities: []article.Entity{
			{Name: "Paris", Type: article.Location, Mentions: mentions(2, 50)},
			{Name: "Helene Marchand", Type: article.Person, Mentions: mentions(3, 100)},
			{Name: "RATP", Type: article.Organization, Mentions: mentions(2, 10)},
			{Name: "", Type: article.Person, Mentions: mentions(9, 0)},
		},
		Keywords: []article.Keyword{
			{Text: "flood barriers", Score: 0.5},
			{Text: "Seine", Score: 1},
			{Text: "Flood barrier", Score: 0.4}, // same stems: dropped
		},
	}
	f := Extract(rec, t0)
	want := Features{
		ID:       "abc",
		Time:     t0,
		Entities: []string{"person:Helene Marchand", "organization:RATP", "location:Paris"},
		Keywords: []string{"sein", "flood barrier"},
		StoryID:  "s1",
	}
	if f.ID != want.ID || !f.Time.Equal(want.Time) || f.StoryID != want.StoryID ||
		!slices.Equal(f.Entities, want.Entities) || !slices.Equal(f.Keywords, want.Keywords) {
		t.Errorf("Extract = %+v, want %+v", f, want)
	}

	if f := Extract(nil, t0); f.ID != "" || !f.Time.Equal(t0) || f.Entities != nil {
		t.Errorf("Extract(nil) = %+v", f)
	}
	if f := Extract(&article.Record{ID: "x"}, t0); f.StoryID != "" || len(f.Entities) != 0 || len(f.Keywords) != 0 {
		t.Errorf("Extract(empty record) = %+v", f)
	}
}

func TestFeaturesJSON(t *testing.T) {
	f := feat("abc", t0, []string{"person:Anneliese Brandt"}, []string{"pension reform"})
	f.StoryID = "root"
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	var back Features
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.ID != f.ID || !back.Time.Equal(f.Time) || back.StoryID != f.StoryID ||
		!slices.Equal(back.Entities, f.Entities) || !slices.Equal(back.Keywords, f.Keywords) {
		t.Errorf("JSON round trip: %s gives %+v, want %+v", b, back, f)
	}
}

func TestExtractLimits(t *testing.T) {
	rec := &article.Record{ID: "x"}
	for i := range 20 {
		rec.Entities = append(rec.Entities, article.Entity{
			Name: fmt.Sprintf("Person %02d", i), Type: article.Person, Mentions: mentions(1+i%5, 1000-i),
		})
		rec.Keywords = append(rec.Keywords, article.Keyword{Text: fmt.Sprintf("word%02d", i), Score: float64(i)})
	}
	f := Extract(rec, t0)
	if len(f.Entities) != MaxEntities || len(f.Keywords) != MaxKeywords {
		t.Fatalf("Extract kept %d entities and %d keywords, want %d and %d",
			len(f.Entities), len(f.Keywords), MaxEntities, MaxKeywords)
	}
	// Five mentions: persons 4, 9, 14, 19; equal counts go to the earliest
	// first mention (the higher index starts earlier here).
	if want := []string{"person:Person 19", "person:Person 14", "person:Person 09", "person:Person 04", "person:Person 18"}; !slices.Equal(f.Entities[:5], want) {
		t.Errorf("most salient entities = %v, want %v", f.Entities[:5], want)
	}
	if f.Keywords[0] != "word19" || f.Keywords[9] != "word10" {
		t.Errorf("keywords = %v, want the ten best scored, best first", f.Keywords)
	}
}

func TestEntityWeightOrder(t *testing.T) {
	order := []string{"person:Anneliese Brandt", "organization:Norvex", "location:Valparaiso",
		"location:Germany", "organization:Reuters"}
	for i := 1; i < len(order); i++ {
		if !(EntityWeight(order[i-1]) > EntityWeight(order[i])) {
			t.Errorf("EntityWeight(%q) = %v, want more than EntityWeight(%q) = %v",
				order[i-1], EntityWeight(order[i-1]), order[i], EntityWeight(order[i]))
		}
	}
	for _, country := range []string{"location:the United States", "location:U.S.", "location:north korea", "location:Europe"} {
		if EntityWeight(country) != EntityWeight("location:Germany") {
			t.Errorf("EntityWeight(%q) = %v, want the country weight", country, EntityWeight(country))
		}
	}
}

// feat builds Features for tests.
func feat(id string, at time.Time, ents, kws []string) Features {
	return Features{ID: id, Time: at, Entities: ents, Keywords: kws}
}

var (
	visit = feat("a", t0, []string{"person:Anneliese Brandt", "person:Kenji Morimoto", "location:Tokyo", "location:Japan"},
		[]string{"chip agreement", "naval exercis", "tokyo", "visit"})
	visit2 = feat("b", t0.Add(20*time.Hour), []string{"person:Kenji Morimoto", "person:Anneliese Brandt", "location:Tokyo", "organization:Siemens"},
		[]string{"chip agreement", "hydrogen fund", "tokyo"})
	speech = feat("c", t0.Add(30*time.Hour), []string{"person:Anneliese Brandt", "location:Bundestag", "person:Jonas Weiler", "location:Germany"},
		[]string{"pension reform", "retir age", "bundestag"})
	other = feat("d", t0, []string{"location:Valparaiso", "organization:Senapred"}, []string{"earthquak", "tsunami warn"})
)

func TestScore(t *testing.T) {
	o := Options{}
	if s := Score(visit, visit, o); math.Abs(s-1) > 1e-9 {
		t.Errorf("Score(a, a) = %v, want 1", s)
	}
	if s := Score(visit, other, o); s != 0 {
		t.Errorf("Score of unrelated articles = %v, want 0", s)
	}
	if s := Score(Features{}, Features{}, o); s != 0 || math.IsNaN(s) {
		t.Errorf("Score of empty features = %v, want 0", s)
	}
	same, diff := Score(visit, visit2, o), Score(visit, speech, o)
	if !(same > DefaultThreshold && diff < DefaultThreshold) {
		t.Errorf("follow-up scores %.3f, other event with the same person %.3f; want them either side of %.2f", same, diff, DefaultThreshold)
	}
	for _, p := range [][2]Features{{visit, visit2}, {visit, speech}, {visit2, speech}, {visit, other}} {
		if x, y := Score(p[0], p[1], o), Score(p[1], p[0], o); x != y {
			t.Errorf("Score(%s, %s) = %v but Score(%[2]s, %[1]s) = %v", p[0].ID, p[1].ID, x, y)
		}
		if s := Score(p[0], p[1], o); s < 0 || s > 1 {
			t.Errorf("Score(%s, %s) = %v, outside [0, 1]", p[0].ID, p[1].ID, s)
		}
	}
}

func TestScoreTime(t *testing.T) {
	o := Options{Window: 48 * time.Hour}
	b := visit
	var last = 2.0
	for _, d := range []time.Duration{0, time.Hour, 24 * time.Hour, 47 * time.Hour, 48 * time.Hour} {
		b.Time = visit.Time.Add(-d)
		s := Score(visit, b, o)
		if s <= 0 || s >= last {
			t.Errorf("Score %v apart = %v, want positive and below %v (decay)", d, s, last)
		}
		last = s
	}
	b.Time = visit.Time.Add(48*time.Hour + time.Second)
	if s := Score(visit, b, o); s != 0 {
		t.Errorf("Score outside the window = %v, want 0", s)
	}
	b.Time = time.Time{}
	if s := Score(visit, b, o); math.Abs(s-1) > 1e-9 {
		t.Errorf("Score with an unknown time = %v, want 1 (no decay)", s)
	}
	// The default window is 72h.
	b.Time = visit.Time.Add(71 * time.Hour)
	if Score(visit, b, Options{}) == 0 {
		t.Error("Score 71h apart with the default window = 0")
	}
	b.Time = visit.Time.Add(73 * time.Hour)
	if s := Score(visit, b, Options{}); s != 0 {
		t.Errorf("Score 73h apart with the default window = %v, want 0", s)
	}
}

func TestScoreMatching(t *testing.T) {
	a := feat("a", t0, []string{"location:ROTTERDAM", "location:Flamengo", "person:Kees van Dalen"}, nil)
	b := feat("b", t0, []string{"location:Rotterdam", "organization:Flamengo", "person:Kees van Dalen"}, nil)
	// Every name matches; only Flamengo's weights differ (place 0.5,
	// organisation 0.6), so the entity part is close to its full 0.6.
	if s := Score(a, b, Options{}); s < 0.5 || s > 0.6 {
		t.Errorf("Score of the same entities in other case or type = %v, want in [0.5, 0.6]", s)
	}
	// Sharing only a country counts far less than sharing a person.
	country := Score(feat("a", t0, []string{"location:France", "person:X Y"}, nil), feat("b", t0, []string{"location:France", "person:Z W"}, nil), Options{})
	person := Score(feat("a", t0, []string{"person:Helene Marchand", "location:Lyon"}, nil), feat("b", t0, []string{"person:Helene Marchand", "location:Nice"}, nil), Options{})
	if !(country < person/5) {
		t.Errorf("sharing a country scores %v, sharing a person %v; want the country far lower", country, person)
	}
	// Malformed entities do not break scoring: no type is all name; empty
	// names are ignored.
	odd := Score(feat("a", t0, []string{"Paris", "", "person:"}, []string{""}), feat("b", t0, []string{"location:Paris"}, nil), Options{})
	if odd <= 0 || odd > 0.2 || math.IsNaN(odd) {
		t.Errorf("Score with malformed entities = %v, want a small positive score", odd)
	}
	// One shared entity of a one-entity article does not make a full match.
	lone := Score(feat("a", t0, []string{"location:Paris"}, nil), feat("b", t0, []string{"location:Paris", "person:A B", "person:C D"}, nil), Options{})
	if lone > 0.2 {
		t.Errorf("a lone shared place scores %v, want at most 0.2", lone)
	}
}

func TestAssign(t *testing.T) {
	o := Options{}
	if id, s := Assign(visit2, nil, o); id != "b" || s != 0 {
		t.Errorf("Assign without candidates = %q, %v; want own id, 0", id, s)
	}
	// Joins the candidate, which names the story when it has none.
	if id, s := Assign(visit2, []Features{visit}, o); id != "a" || s < DefaultThreshold {
		t.Errorf("Assign follow-up = %q, %v; want \"a\"", id, s)
	}
	withStory := visit
	withStory.StoryID = "root"
	if id, _ := Assign(visit2, []Features{withStory}, o); id != "root" {
		t.Errorf("Assign follow-up of a story member = %q, want \"root\"", id)
	}
	// Below the threshold: own story.
	if id, s := Assign(speech, []Features{visit}, o); id != "c" || s >= DefaultThreshold || s <= 0 {
		t.Errorf("Assign other event = %q, %v; want own id with the best score below the threshold", id, s)
	}
	// A custom threshold applies.
	if id, _ := Assign(speech, []Features{visit}, Options{Threshold: 0.05}); id != "a" {
		t.Errorf("Assign with threshold 0.05 = %q, want \"a\"", id)
	}
	// The best candidate wins, whatever the order.
	cands := []Features{speech, withStory, other}
	for range 3 {
		if id, _ := Assign(visit2, cands, o); id != "root" {
			t.Errorf("Assign over %v = %q, want \"root\"", ids(cands), id)
		}
		cands = append(cands[1:], cands[0])
	}
}

func ids(fs []Features) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.ID
	}
	return out
}

func TestAssignEdgeCases(t *testing.T) {
	o := Options{}
	// Its own earlier version and candidates without id are skipped.
	self := visit2
	self.StoryID = "elsewhere"
	noID := visit
	noID.ID = ""
	if id, s := Assign(visit2, []Features{self, noID}, o); id != "b" || s != 0 {
		t.Errorf("Assign with only itself and an id-less candidate = %q, %v; want \"b\", 0", id, s)
	}
	// Outside the window a candidate does not count.
	old := visit
	old.Time = visit2.Time.Add(-73 * time.Hour)
	if id, s := Assign(visit2, []Features{old}, o); id != "b" || s != 0 {
		t.Errorf("Assign with a candidate outside the window = %q, %v", id, s)
	}
	if id, _ := Assign(visit2, []Features{old}, Options{Window: 100 * time.Hour}); id != "a" {
		t.Errorf("Assign with a 100h window = %q, want \"a\"", id)
	}
	// An article that already has a story keeps it.
	kept := visit2
	kept.StoryID = "mine"
	if id, s := Assign(kept, []Features{visit}, o); id != "mine" || s < DefaultThreshold {
		t.Errorf("Assign of an article with a story = %q, %v; want \"mine\" and the best score", id, s)
	}
}

func TestAssignTies(t *testing.T) {
	// Identical content: equal scores. Earlier time wins, then smaller id.
	a := feat("new", t0.Add(2*time.Hour), visit.Entities, visit.Keywords)
	mk := func(id string, at time.Time, story string) Features {
		f := feat(id, at, visit.Entities, visit.Keywords)
		f.StoryID = story
		return f
	}
	// With unknown times every score is equal; ties go to the zero time,
	// then the smaller id.
	cands := []Features{mk("z", time.Time{}, "sz"), mk("y", time.Time{}, "sy"), mk("x", t0, "sx")}
	for range 3 {
		if id, _ := Assign(a, cands, Options{}); id != "sy" {
			t.Errorf("Assign over %v = %q, want \"sy\"", ids(cands), id)
		}
		cands = append(cands[1:], cands[0])
	}
	// Equal distance before and after: equal scores; the earlier wins.
	cands = []Features{mk("q", t0.Add(4*time.Hour), "later"), mk("r", t0, "earlier")}
	for range 2 {
		if id, _ := Assign(a, cands, Options{}); id != "earlier" {
			t.Errorf("Assign over %v = %q, want \"earlier\"", ids(cands), id)
		}
		cands = append(cands[1:], cands[0])
	}
}

func BenchmarkAssign(b *testing.B) {
	b.ReportAllocs()
	ents := []string{"person:Anneliese Brandt", "person:Kenji Morimoto", "location:Tokyo", "location:Japan",
		"organization:Siemens", "organization:Volkswagen", "location:Berlin", "person:Hiroshi Tanabe"}
	kws := []string{"chip agreement", "naval exercis", "tokyo", "visit", "hydrogen fund", "suppli chain",
		"german chancellor", "haneda airport", "pacif", "semiconductor"}
	a := feat("a", t0, ents, kws)
	cands := make([]Features, 50)
	for i := range cands {
		e := slices.Clone(ents)
		e[i%8] = fmt.Sprintf("person:Someone %d", i)
		k := slices.Clone(kws)
		k[i%10] = fmt.Sprintf("word%d", i)
		cands[i] = feat(fmt.Sprintf("c%02d", i), t0.Add(-time.Duration(i)*time.Hour), e, k)
	}
	b.ResetTimer()
	for b.Loop() {
		Assign(a, cands, Options{})
	}
}

// seedRecord holds the entities and key phrases the pipeline finds in the
// seed article (examples/seed-putin-north-korea.txt).
func seedRecord() *article.Record {
	return &article.Record{ID: "2d4a2cf613cdac3d", Entities: []article.Entity{
		{Name: "Vladimir Putin", Type: "person", Mentions: mentions(13, 18)},
		{Name: "North Korea", Type: "location", Mentions: mentions(6, 44)},
		{Name: "Russia", Type: "location", Mentions: mentions(6, 165)},
		{Name: "Ukraine", Type: "location", Mentions: mentions(11, 208)},
		{Name: "Pyongyang", Type: "location", Mentions: mentions(5, 244)},
		{Name: "Russian Presidency", Type: "organization", Mentions: mentions(1, 288)},
		{Name: "Far East", Type: "location", Mentions: mentions(2, 394)},
		{Name: "South Korea", Type: "location", Mentions: mentions(5, 635)},
		{Name: "Moscow", Type: "location", Mentions: mentions(3, 649)},
		{Name: "Rodong Sinmun", Type: "organization", Mentions: mentions(1, 1220)},
		{Name: "KCNA", Type: "organization", Mentions: mentions(1, 1251)},
		{Name: "NATO", Type: "organization", Mentions: mentions(2, 1570)},
		{Name: "Jens Stoltenberg", Type: "person", Mentions: mentions(2, 1593)},
		{Name: "White House National Security Council", Type: "organization", Mentions: mentions(1, 1880)},
		{Name: "John Kirby", Type: "person", Mentions: mentions(1, 1928)},
		{Name: "Yuri Ushakov", Type: "person", Mentions: mentions(1, 1969)},
		{Name: "Sergei Lavrov", Type: "person", Mentions: mentions(1, 2208)},
		{Name: "Andrei Belousov", Type: "person", Mentions: mentions(1, 2251)},
		{Name: "International Criminal Court", Type: "organization", Mentions: mentions(1, 2325)},
		{Name: "China", Type: "location", Mentions: mentions(1, 2437)},
		{Name: "Beijing", Type: "location", Mentions: mentions(1, 2445)},
		{Name: "Dmytro Kuleba", Type: "person", Mentions: mentions(2, 2644)},
		{Name: "Kim Jong Un", Type: "person", Mentions: mentions(3, 2758)},
		{Name: "Kyiv", Type: "location", Mentions: mentions(1, 2802)},
		{Name: "AFP", Type: "organization", Mentions: mentions(1, 2984)},
		{Name: "UN Security Council", Type: "organization", Mentions: mentions(1, 3246)},
		{Name: "Seoul", Type: "location", Mentions: mentions(1, 3619)},
		{Name: "Yoon Suk Yeol", Type: "person", Mentions: mentions(1, 3951)},
		{Name: "Kim Jong Il", Type: "person", Mentions: mentions(1, 4311)},
	}, Keywords: []article.Keyword{{Text: "Pyongyang", Score: 1}, {Text: "North Korea", Score: 0.9295}, {Text: "Putin", Score: 0.8972}, {Text: "South Korea", Score: 0.7809}, {Text: "North Korean", Score: 0.7262}, {Text: "Ukraine", Score: 0.7254}, {Text: "Kim Jong Un", Score: 0.7116}, {Text: "visit", Score: 0.7068}, {Text: "offensive", Score: 0.61}, {Text: "ammunition", Score: 0.5899}}}
}

func BenchmarkExtract(b *testing.B) {
	r := seedRecord()
	b.ReportAllocs()
	for b.Loop() {
		Extract(r, t0)
	}
}

// TestSalientEntitiesPaths checks that the pairwise path of salientEntities
// ranks as the map path does, with repeated keys, ties and types that make
// "type:name" keys ambiguous.
func TestSalientEntitiesPaths(t *testing.T) {
	types := []string{"person", "location", "organization", "a", "a:b", ""}
	names := []string{"Kim", "b:Kim", "Kim Jong Un", "Seoul", " ", "", "b", "Kim:x"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		ents := make([]article.Entity, rng.IntN(20))
		for i := range ents {
			ents[i] = article.Entity{Type: types[rng.IntN(len(types))], Name: names[rng.IntN(len(names))],
				Mentions: mentions(rng.IntN(4), rng.IntN(3)*10)}
		}
		for _, n := range []int{0, 3, 8, 30} {
			got, want := salientEntities(ents, n), salientEntitiesMap(ents, n)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d %+v:\n got %q\nwant %q", n, ents, got, want)
			}
		}
	}
}

// TestTimeDecayFarApart checks times too far apart for time.Duration (a
// feed dated 9999): no decay factor above 1, no match.
func TestTimeDecayFarApart(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	for _, other := range []time.Time{
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC), now.Add(-30 * 24 * time.Hour),
	} {
		for _, pair := range [][2]time.Time{{now, other}, {other, now}} {
			if d := defaults.timeDecay(pair[0], pair[1], 72*time.Hour); d != 0 {
				t.Errorf("timeDecay(%v, %v) = %v, want 0", pair[0], pair[1], d)
			}
		}
	}
	if d := defaults.timeDecay(now, now.Add(-time.Hour), 72*time.Hour); d <= 0.9 || d > 1 {
		t.Errorf("an hour apart: %v", d)
	}
}

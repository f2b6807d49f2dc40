package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/store"
	"github.com/copydesk/copydesk/internal/testkit"
)

func newStore(t *testing.T) (*store.Store, *redis.Client, string) {
	c, prefix := testkit.Redis(t)
	return store.New(c, store.Config{Prefix: prefix}), c, prefix
}

func rec(id, text, hash, sim string) *article.Record {
	return &article.Record{
		ID: id, URL: "https://example.com/" + id, Title: "T " + id, Text: text,
		ContentHash: hash, SimHash: sim, ProcessedAt: time.Now().UTC(),
		Entities: []article.Entity{{Name: "Vladimir Putin", Type: article.Person,
			Mentions: []article.Span{{Start: 0, End: 14}}}},
	}
}

func events(t *testing.T, c *redis.Client, prefix string) []redis.XMessage {
	msgs, err := c.XRange(context.Background(), prefix+"events", "-", "+").Result()
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

func TestPutGetIdempotent(t *testing.T) {
	ctx := context.Background()
	s, c, prefix := newStore(t)
	r := rec("00000000000000a1", "Vladimir Putin arrived.", "h1", "00000000000000ff")
	res, err := s.Put(ctx, r, "task-1")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || !res.Changed {
		t.Fatalf("first put: %+v, want created and changed", res)
	}
	first, err := s.Get(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Same article again, later: only processed_at may differ, no new event.
	r2 := rec("00000000000000a1", "Vladimir Putin arrived.", "h1", "00000000000000ff")
	r2.ProcessedAt = r.ProcessedAt.Add(time.Minute)
	res, err = s.Put(ctx, r2, "task-1")
	if err != nil {
		t.Fatal(err)
	}
	if res.Created || res.Changed {
		t.Fatalf("second put: %+v, want neither created nor changed", res)
	}
	second, _ := s.Get(ctx, r.ID)
	if !second.ProcessedAt.Equal(r2.ProcessedAt) {
		t.Errorf("processed_at = %v, want %v", second.ProcessedAt, r2.ProcessedAt)
	}
	second.ProcessedAt = first.ProcessedAt
	a, _ := json.Marshal(first)
	b, _ := json.Marshal(second)
	if string(a) != string(b) {
		t.Errorf("record changed beyond processed_at:\n%s\n%s", a, b)
	}
	if n := len(events(t, c, prefix)); n != 1 {
		t.Fatalf("events = %d, want 1", n)
	}
	// Changed content: a new event.
	r3 := rec("00000000000000a1", "Vladimir Putin left.", "h2", "00000000000000fe")
	if res, err = s.Put(ctx, r3, ""); err != nil || !res.Changed {
		t.Fatalf("third put: %+v %v, want changed", res, err)
	}
	ev := events(t, c, prefix)
	if len(ev) != 2 || ev[1].Values["content_hash"] != "h2" || ev[1].Values["id"] != r.ID {
		t.Fatalf("events after change = %+v", ev)
	}
	id, err := s.ArticleForTask(ctx, "task-1")
	if err != nil || id != r.ID {
		t.Fatalf("ArticleForTask = %q, %v", id, err)
	}
	if _, err := s.Get(ctx, "ffffffffffffffff"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get missing = %v, want ErrNotFound", err)
	}
	if _, err := s.ArticleForTask(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ArticleForTask missing = %v, want ErrNotFound", err)
	}
}

func TestNearDuplicates(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newStore(t)
	t0 := time.Date(2024, 6, 19, 8, 0, 0, 0, time.UTC)
	mk := func(id, hash string, sim uint64, at time.Time) *article.Record {
		r := rec(id, "text "+id, hash, fmt.Sprintf("%016x", sim))
		r.PublishedAt = &at
		return r
	}
	base := uint64(0x0123456789abcdef)
	orig := mk("000000000000000a", "ha", base, t0)
	near := mk("000000000000000b", "hb", base^0b111, t0.Add(time.Hour))                      // 3 bits away
	far := mk("000000000000000c", "hc", base^0xff00ff00ff00ff00, t0.Add(2*time.Hour))        // 32 bits away
	reprint := mk("000000000000000d", "ha", 0xfedcba9876543210, t0.Add(3*time.Hour))         // same text hash
	four := mk("000000000000000e", "he", base^(1<<3|1<<19|1<<35|1<<51), t0.Add(4*time.Hour)) // 4 bits, one per band
	for _, r := range []*article.Record{orig, near, far, reprint, four} {
		if _, err := s.Put(ctx, r, ""); err != nil {
			t.Fatal(err)
		}
	}
	check := func(id string, want *string) {
		t.Helper()
		got, err := s.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case want == nil && got.DuplicateOf != nil:
			t.Errorf("%s duplicate_of = %s, want null", id, *got.DuplicateOf)
		case want != nil && (got.DuplicateOf == nil || *got.DuplicateOf != *want):
			t.Errorf("%s duplicate_of = %v, want %s", id, got.DuplicateOf, *want)
		}
	}
	check(orig.ID, nil)
	check(near.ID, &orig.ID)
	check(far.ID, nil)
	check(reprint.ID, &orig.ID)
	check(four.ID, nil)
	// Re-processing the original must not make it a duplicate of later ones.
	orig2 := mk(orig.ID, "ha", base, t0)
	if _, err := s.Put(ctx, orig2, ""); err != nil {
		t.Fatal(err)
	}
	check(orig.ID, nil)
}

func TestByEntityAndFeedState(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newStore(t)
	for i, day := range []int{1, 2, 3} {
		at := time.Date(2024, 6, day, 0, 0, 0, 0, time.UTC)
		r := rec(fmt.Sprintf("%016x", i+100), "x", fmt.Sprintf("h%d", i), fmt.Sprintf("%016x", uint64(i)<<60))
		r.PublishedAt = &at
		if _, err := s.Put(ctx, r, ""); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.ByEntity(ctx, article.Person, "Vladimir Putin", time.Date(2024, 6, 2, 0, 0, 0, 0, time.UTC), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].PublishedAt.Day() != 3 || got[1].PublishedAt.Day() != 2 {
		t.Fatalf("ByEntity since June 2: %d records, want the June 3 and June 2 ones newest first", len(got))
	}

	top, err := s.TopEntities(ctx, article.Person, time.Time{}, 5)
	if err != nil || len(top) != 1 || top[0].Name != "Vladimir Putin" || top[0].Articles != 3 {
		t.Fatalf("TopEntities = %+v, %v", top, err)
	}
	top, _ = s.TopEntities(ctx, article.Person, time.Date(2024, 6, 3, 0, 0, 0, 0, time.UTC), 5)
	if len(top) != 1 || top[0].Articles != 1 {
		t.Fatalf("TopEntities since June 3 = %+v", top)
	}

	etag, lm, err := s.FeedValidators(ctx, "f1")
	if err != nil || etag != "" || lm != "" {
		t.Fatalf("empty validators = %q %q %v", etag, lm, err)
	}
	if err := s.SetFeedValidators(ctx, "f1", `"abc"`, "Wed, 19 Jun 2024 08:00:00 GMT"); err != nil {
		t.Fatal(err)
	}
	etag, lm, _ = s.FeedValidators(ctx, "f1")
	if etag != `"abc"` || lm != "Wed, 19 Jun 2024 08:00:00 GMT" {
		t.Fatalf("validators = %q %q", etag, lm)
	}
	if err := s.MarkSeen(ctx, "f1", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	un, err := s.Unseen(ctx, "f1", []string{"a", "c", "b"})
	if err != nil || un[0] || !un[1] || un[2] {
		t.Fatalf("Unseen = %v %v, want [false true false]", un, err)
	}
}

func TestAttempts(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newStore(t)
	if n, err := s.FinishedFailures(ctx, "t1"); err != nil || n != 0 {
		t.Fatalf("FinishedFailures of a new task = %d, %v", n, err)
	}
	for i := 0; i < 2; i++ {
		if err := s.RecordFailure(ctx, "t1"); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := s.FinishedFailures(ctx, "t1"); n != 2 {
		t.Fatalf("FinishedFailures = %d, want 2", n)
	}
	if err := s.Quarantine(ctx, "t1", "crashed"); err != nil {
		t.Fatal(err)
	}
	q, _ := s.Quarantined(ctx)
	if len(q) != 1 || q["t1"] == "" {
		t.Fatalf("Quarantined = %v", q)
	}
}

func TestTrimDropsOldIndexEntries(t *testing.T) {
	ctx := context.Background()
	c, prefix := testkit.Redis(t)
	s := store.New(c, store.Config{Prefix: prefix, Retention: 48 * time.Hour})
	old := time.Now().Add(-72 * time.Hour)
	fresh := time.Now().Add(-time.Hour)
	for i, at := range []time.Time{old, fresh} {
		r := rec(fmt.Sprintf("%016x", i+500), "x", fmt.Sprintf("t%d", i), fmt.Sprintf("%016x", uint64(i+1)<<40))
		r.PublishedAt = &at
		if _, err := s.Put(ctx, r, ""); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.Trim(ctx, []string{article.Person})
	if err != nil || n != 1 {
		t.Fatalf("Trim removed %d, %v; want the one old index entry", n, err)
	}
	got, _ := s.ByEntity(ctx, article.Person, "Vladimir Putin", time.Time{}, 10)
	if len(got) != 1 || got[0].ID != fmt.Sprintf("%016x", 501) {
		t.Fatalf("after trim: %d records", len(got))
	}
}

func TestStories(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newStore(t)
	t0 := time.Date(2024, 6, 19, 8, 0, 0, 0, time.UTC)
	mk := func(id, hash string, sim uint64, at time.Time, people ...string) *article.Record {
		r := rec(id, "text "+id, hash, fmt.Sprintf("%016x", sim))
		r.PublishedAt = &at
		r.Entities = nil
		for _, p := range people {
			r.Entities = append(r.Entities, article.Entity{Name: p, Type: article.Person,
				Mentions: []article.Span{{Start: 0, End: 1}, {Start: 2, End: 3}}})
		}
		r.Keywords = []article.Keyword{{Text: "harbour repairs", Score: 1}, {Text: "ferry strike", Score: 0.8}}
		return r
	}
	a := mk("00000000000000a1", "ha", 0x1111111111111111, t0, "Elena Soto", "Ana Ruiz")
	b := mk("00000000000000b2", "hb", 0x1111111111111110, t0.Add(time.Hour), "Elena Soto")               // near-duplicate of a
	c := mk("00000000000000c3", "hc", 0x9999999999999999, t0.Add(2*time.Hour), "Elena Soto", "Ana Ruiz") // follow-up
	d := mk("00000000000000d4", "hd", 0x6666666666666666, t0.Add(3*time.Hour), "Tomás Vidal")            // unrelated
	d.Keywords = []article.Keyword{{Text: "vineyard harvest", Score: 1}}
	for _, r := range []*article.Record{a, b, c, d} {
		if _, err := s.Put(ctx, r, ""); err != nil {
			t.Fatal(err)
		}
	}
	story := func(id string) string {
		r, err := s.Get(ctx, id)
		if err != nil || r.StoryID == nil {
			t.Fatalf("%s: story_id missing (%v)", id, err)
		}
		return *r.StoryID
	}
	if story(a.ID) != a.ID {
		t.Errorf("the first article names its story: got %s", story(a.ID))
	}
	if story(b.ID) != a.ID || story(c.ID) != a.ID {
		t.Errorf("duplicate and follow-up stories = %s, %s, want %s", story(b.ID), story(c.ID), a.ID)
	}
	if story(d.ID) != d.ID {
		t.Errorf("unrelated article joined story %s", story(d.ID))
	}
	// Re-processing keeps the story.
	if _, err := s.Put(ctx, mk(c.ID, "hc", 0x9999999999999999, t0.Add(2*time.Hour), "Elena Soto", "Ana Ruiz"), ""); err != nil {
		t.Fatal(err)
	}
	if story(c.ID) != a.ID {
		t.Error("re-processing moved the article to another story")
	}
	recs, err := s.Story(ctx, a.ID, 10)
	if err != nil || len(recs) != 3 {
		t.Fatalf("Story(%s) = %d records, %v; want 3", a.ID, len(recs), err)
	}
}

// Re-processing an article keeps its duplicate_of even when later articles
// push the original out of the bounded candidate sample.
func TestDuplicateOfStableUnderReprocessing(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newStore(t)
	t0 := time.Date(2024, 6, 19, 8, 0, 0, 0, time.UTC)
	base := uint64(0x0f0f0f0f0f0f0f0f)
	mk := func(id string, sim uint64, at time.Time) *article.Record {
		r := rec(id, "text "+id, "h"+id, fmt.Sprintf("%016x", sim))
		r.PublishedAt = &at
		return r
	}
	orig := mk("f000000000000000", base, t0)
	dup := mk("f000000000000001", base^1, t0.Add(time.Minute))
	for _, r := range []*article.Record{orig, dup} {
		if _, err := s.Put(ctx, r, ""); err != nil {
			t.Fatal(err)
		}
	}
	// 20 later near-duplicates with smaller ids crowd the sample.
	for i := 0; i < 20; i++ {
		if _, err := s.Put(ctx, mk(fmt.Sprintf("%016x", i+1), base^uint64(1<<(i%3+1)), t0.Add(time.Hour)), ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Put(ctx, mk(dup.ID, base^1, t0.Add(time.Minute)), ""); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(ctx, dup.ID)
	if got.DuplicateOf == nil || *got.DuplicateOf != orig.ID {
		t.Fatalf("after re-processing, duplicate_of = %v, want %s", got.DuplicateOf, orig.ID)
	}
}

// TestPutWritesEveryKey checks each key one Put writes, and its lifetime:
// record, fingerprint and announced hash live for the retention, the task
// map for the task TTL, the indexes hold the article.
func TestPutWritesEveryKey(t *testing.T) {
	ctx := context.Background()
	c, prefix := testkit.Redis(t)
	s := store.New(c, store.Config{Prefix: prefix, Retention: 48 * time.Hour, TaskTTL: 90 * time.Minute})
	k := s.Keys()
	r := rec("00000000000000c1", "Vladimir Putin met Kim Jong Un.", "hc", "0123456789abcdef")
	r.Entities = append(r.Entities, article.Entity{Name: "Pyongyang", Type: article.Location, Mentions: []article.Span{{Start: 1, End: 2}}})
	if _, err := s.Put(ctx, r, "task-c1"); err != nil {
		t.Fatal(err)
	}
	near := func(key string, want time.Duration) {
		t.Helper()
		got, err := c.PTTL(ctx, key).Result()
		if err != nil || got > want || got < want-time.Minute {
			t.Errorf("%s: TTL %v (%v), want about %v", key, got, err, want)
		}
	}
	near(k.Article(r.ID), 48*time.Hour)
	near(k.Fingerprint(r.ID), 48*time.Hour)
	near(k.Announced(r.ID), 48*time.Hour)
	near(k.Content("hc"), 48*time.Hour)
	near(k.Task("task-c1"), 90*time.Minute)
	if v, _ := c.Get(ctx, k.Announced(r.ID)).Result(); v != "hc" {
		t.Errorf("announced = %q, want the content hash", v)
	}
	if v, _ := c.Get(ctx, k.Content("hc")).Result(); v != r.ID {
		t.Errorf("content index = %q", v)
	}
	for b, band := range []string{"cdef", "89ab", "4567", "0123"} {
		key := k.SimHash(b, band)
		if ok, _ := c.SIsMember(ctx, key, r.ID).Result(); !ok {
			t.Errorf("band %d (%s) lacks the article", b, key)
		}
		near(key, 48*time.Hour)
	}
	if r.StoryID == nil {
		t.Fatal("no story id")
	}
	if _, err := c.ZScore(ctx, k.Story(*r.StoryID), r.ID).Result(); err != nil {
		t.Errorf("story index: %v", err)
	}
	for _, e := range r.Entities {
		if _, err := c.ZScore(ctx, k.Entity(e.Type, e.Name), r.ID).Result(); err != nil {
			t.Errorf("entity index %s: %v", e.Name, err)
		}
		if _, err := c.ZScore(ctx, k.EntityCounts(e.Type), e.Name).Result(); err != nil {
			t.Errorf("entity names %s: %v", e.Type, err)
		}
	}
	if ev := events(t, c, prefix); len(ev) != 1 || ev[0].Values["id"] != r.ID || ev[0].Values["title"] != r.Title {
		t.Errorf("events = %+v", ev)
	}
}

// TestReprintsStayOutOfTheBands stores a story reprinted 150 times (each
// copy 1-2 bits away from the original's SimHash): every reprint points at
// the original, and the band sets hold only the original, so a story
// reprinted thousands of times does not make every lookup read thousands
// of ids.
func TestReprintsStayOutOfTheBands(t *testing.T) {
	ctx := context.Background()
	s, c, _ := newStore(t)
	base := uint64(0x0f0f0f0f0f0f0f0f)
	t0 := time.Date(2024, 6, 19, 8, 0, 0, 0, time.UTC)
	mk := func(i int, sim uint64) *article.Record {
		r := rec(fmt.Sprintf("%016x", 0xa000+i), fmt.Sprintf("text %d", i), fmt.Sprintf("h%d", i), fmt.Sprintf("%016x", sim))
		at := t0.Add(time.Duration(i) * time.Minute)
		r.PublishedAt = &at
		return r
	}
	orig := mk(0, base)
	if _, err := s.Put(ctx, orig, ""); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 150; i++ {
		r := mk(i, base^(1<<(i%64))^(1<<((i*7)%64)))
		if _, err := s.Put(ctx, r, ""); err != nil {
			t.Fatal(err)
		}
		if r.DuplicateOf == nil || *r.DuplicateOf != orig.ID {
			t.Fatalf("reprint %d: duplicate_of %v, want %s", i, r.DuplicateOf, orig.ID)
		}
	}
	late := mk(500, base^(1<<3))
	if _, err := s.Put(ctx, late, ""); err != nil {
		t.Fatal(err)
	}
	if late.DuplicateOf == nil || *late.DuplicateOf != orig.ID {
		t.Fatalf("late reprint: duplicate_of %v, want %s", late.DuplicateOf, orig.ID)
	}
	for b := 0; b < store.SimHashBands; b++ {
		key := s.Keys().SimHash(b, fmt.Sprintf("%04x", (base>>(16*b))&0xffff))
		if n, _ := c.SCard(ctx, key).Result(); n != 1 {
			t.Errorf("band %d holds %d ids, want only the original", b, n)
		}
	}
}

// TestCrowdedBandStopsGrowing stores 80 unrelated articles whose SimHashes
// share one band value: that band set stops at 64 ids, and each article
// stays in its other bands.
func TestCrowdedBandStopsGrowing(t *testing.T) {
	ctx := context.Background()
	s, c, _ := newStore(t)
	r := rand.New(rand.NewSource(7))
	var sims []uint64
	for i := 0; i < 80; i++ {
		sim := r.Uint64()&^0xffff | 0x1234 // band 0 is 1234 for all
		sims = append(sims, sim)
		if _, err := s.Put(ctx, rec(fmt.Sprintf("%016x", 0xb000+i), fmt.Sprintf("text %d", i), fmt.Sprintf("hb%d", i), fmt.Sprintf("%016x", sim)), ""); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := c.SCard(ctx, s.Keys().SimHash(0, "1234")).Result(); n != 64 {
		t.Errorf("the crowded band holds %d ids, want 64", n)
	}
	for i, sim := range sims {
		key := s.Keys().SimHash(1, fmt.Sprintf("%04x", (sim>>16)&0xffff))
		if ok, _ := c.SIsMember(ctx, key, fmt.Sprintf("%016x", 0xb000+i)).Result(); !ok {
			t.Errorf("article %d missing from its band 1", i)
		}
	}
}

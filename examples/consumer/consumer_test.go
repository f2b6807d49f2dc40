package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/keys"
	"github.com/copydesk/copydesk/internal/testkit"
)

// collector records the events a handler saw; safe for concurrent use.
type collector struct {
	mu     sync.Mutex
	events []Event
	fail   map[string]int // article id → failures left to return
}

func (c *collector) handle(ev Event) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail[ev.ID] > 0 {
		c.fail[ev.ID]--
		return fmt.Errorf("handler failure for %s (test)", ev.ID)
	}
	c.events = append(c.events, ev)
	return nil
}

func (c *collector) seen() []Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Event(nil), c.events...)
}

func (c *collector) keys() []string {
	var out []string
	for _, ev := range c.seen() {
		out = append(out, ev.ID+"/"+ev.ContentHash)
	}
	return out
}

func putRecord(t *testing.T, rdb *redis.Client, prefix, id, title, hash string, entities int, dup *string) {
	t.Helper()
	r := Record{ID: id, Title: title, ContentHash: hash, DuplicateOf: dup}
	for i := range entities {
		r.Entities = append(r.Entities, Entity{Name: fmt.Sprintf("Name %d", i), Type: "person"})
	}
	b, _ := json.Marshal(r)
	if err := rdb.Set(context.Background(), articleKey(prefix, id), b, time.Hour).Err(); err != nil {
		t.Fatal(err)
	}
}

func addEvent(t *testing.T, rdb *redis.Client, prefix, id, hash, dup string) string {
	t.Helper()
	sid, err := rdb.XAdd(context.Background(), &redis.XAddArgs{
		Stream: eventsKey(prefix),
		Values: []any{"id", id, "url", "https://example.com/" + id, "title", "event title " + id,
			"content_hash", hash, "duplicate_of", dup},
	}).Result()
	if err != nil {
		t.Fatal(err)
	}
	return sid
}

// start runs consume in a goroutine; the test's cleanup stops it and
// checks that it returned nil promptly.
func start(t *testing.T, rdb *redis.Client, opts Options, c *collector) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- consume(ctx, rdb, opts, c.handle) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("consume returned %v after cancel, want nil", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("consume did not return within 5s of cancel")
		}
	})
}

func testOptions(t *testing.T, prefix, consumer string) Options {
	return Options{Prefix: prefix, Group: "g", Consumer: consumer, Block: 100 * time.Millisecond, Logf: t.Logf}
}

func pendingCount(t *testing.T, rdb *redis.Client, prefix string) int64 {
	t.Helper()
	p, err := rdb.XPending(context.Background(), eventsKey(prefix), "g").Result()
	if err != nil {
		t.Fatalf("XPENDING: %v", err)
	}
	return p.Count
}

func TestConsumeHandlesEachOnceAndAcks(t *testing.T) {
	rdb, prefix := testkit.Redis(t)
	orig := "aaaa"
	putRecord(t, rdb, prefix, "aaaa", "Port strike", "h1", 3, nil)
	putRecord(t, rdb, prefix, "bbbb", "Port strike, reprinted", "h1", 2, &orig)
	putRecord(t, rdb, prefix, "cccc", "Earthquake", "h3", 5, nil)
	// Published before the group exists: the default start reads them.
	addEvent(t, rdb, prefix, "aaaa", "h1", "")
	addEvent(t, rdb, prefix, "bbbb", "h1", "aaaa")
	addEvent(t, rdb, prefix, "cccc", "h3", "")
	addEvent(t, rdb, prefix, "aaaa", "h1", "")  // delivered twice: skipped
	addEvent(t, rdb, prefix, "dddd", "h4", "")  // record expired
	addEvent(t, rdb, prefix, "aaaa", "h1b", "") // changed content: handled again

	c := &collector{}
	start(t, rdb, testOptions(t, prefix, "t1"), c)
	want := []string{"aaaa/h1", "bbbb/h1", "cccc/h3", "dddd/h4", "aaaa/h1b"}
	testkit.Eventually(t, 5*time.Second, "all events handled and acked", func() bool {
		return len(c.seen()) >= len(want) && pendingCount(t, rdb, prefix) == 0
	})
	time.Sleep(300 * time.Millisecond) // nothing more arrives
	if got := c.keys(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("handled %v, want %v", got, want)
	}
	evs := c.seen()
	if r := evs[1].Record; r == nil || r.Title != "Port strike, reprinted" || len(r.Entities) != 2 || r.DuplicateOf == nil || *r.DuplicateOf != "aaaa" {
		t.Errorf("record of bbbb = %+v", r)
	}
	if evs[1].DuplicateOf != "aaaa" || evs[1].URL != "https://example.com/bbbb" || evs[1].StreamID == "" {
		t.Errorf("event bbbb = %+v", evs[1])
	}
	if evs[3].Record != nil {
		t.Errorf("record of the expired dddd = %+v, want nil", evs[3].Record)
	}

	// A new entry after the backlog is handled too.
	putRecord(t, rdb, prefix, "eeee", "Late news", "h5", 1, nil)
	addEvent(t, rdb, prefix, "eeee", "h5", "")
	testkit.Eventually(t, 5*time.Second, "the new event handled and acked", func() bool {
		return len(c.seen()) == len(want)+1 && pendingCount(t, rdb, prefix) == 0
	})
}

func TestConsumeReclaimsStaleEntries(t *testing.T) {
	rdb, prefix := testkit.Redis(t)
	ctx := context.Background()
	stream := eventsKey(prefix)
	if err := rdb.XGroupCreateMkStream(ctx, stream, "g", "0").Err(); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"s1", "s2"} {
		putRecord(t, rdb, prefix, id, "stale "+id, "h", 1, nil)
		addEvent(t, rdb, prefix, id, "h", "")
	}
	// A consumer reads both and crashes before acknowledging.
	got, err := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: "crashed", Streams: []string{stream, ">"}, Block: -1}).Result()
	if err != nil || len(got[0].Messages) != 2 {
		t.Fatalf("crashed consumer read %v, %v", got, err)
	}
	// Make them look two minutes old (XCLAIM IDLE keeps the owner).
	for _, m := range got[0].Messages {
		if err := rdb.Do(ctx, "XCLAIM", stream, "g", "crashed", 0, m.ID, "IDLE", 120000).Err(); err != nil {
			t.Fatal(err)
		}
	}
	// A live consumer holds a fresh entry: it must not be taken from it.
	putRecord(t, rdb, prefix, "f1", "fresh", "h", 1, nil)
	fresh := addEvent(t, rdb, prefix, "f1", "h", "")
	if err := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: "busy", Streams: []string{stream, ">"}, Block: -1}).Err(); err != nil {
		t.Fatal(err)
	}

	c := &collector{}
	opts := testOptions(t, prefix, "survivor") // MinIdle: the default minute
	start(t, rdb, opts, c)
	testkit.Eventually(t, 5*time.Second, "the stale entries handled", func() bool {
		return len(c.seen()) >= 2 && pendingCount(t, rdb, prefix) == 1
	})
	time.Sleep(300 * time.Millisecond)
	if got := c.keys(); strings.Join(got, " ") != "s1/h s2/h" {
		t.Errorf("handled %v, want the two stale entries only", got)
	}
	p, err := rdb.XPendingExt(ctx, &redis.XPendingExtArgs{Stream: stream, Group: "g", Start: "-", End: "+", Count: 10}).Result()
	if err != nil || len(p) != 1 || p[0].ID != fresh || p[0].Consumer != "busy" {
		t.Errorf("pending after reclaim = %+v, %v; want only %s, still with busy", p, err, fresh)
	}
}

func TestConsumeRestartReadsOwnPending(t *testing.T) {
	rdb, prefix := testkit.Redis(t)
	ctx := context.Background()
	stream := eventsKey(prefix)
	if err := rdb.XGroupCreateMkStream(ctx, stream, "g", "$").Err(); err != nil {
		t.Fatal(err)
	}
	putRecord(t, rdb, prefix, "o1", "own", "h", 4, nil)
	addEvent(t, rdb, prefix, "o1", "h", "")
	// This consumer read it, then the process was killed.
	if err := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: "me", Streams: []string{stream, ">"}, Block: -1}).Err(); err != nil {
		t.Fatal(err)
	}
	c := &collector{}
	start(t, rdb, testOptions(t, prefix, "me"), c) // restarted under the same name
	testkit.Eventually(t, 5*time.Second, "the own pending entry handled at once", func() bool {
		return len(c.seen()) == 1 && pendingCount(t, rdb, prefix) == 0
	})
	if r := c.seen()[0].Record; r == nil || len(r.Entities) != 4 {
		t.Errorf("record = %+v, want 4 entities", r)
	}
}

func TestConsumeRetriesFailedHandler(t *testing.T) {
	rdb, prefix := testkit.Redis(t)
	putRecord(t, rdb, prefix, "r1", "retry", "h", 1, nil)
	putRecord(t, rdb, prefix, "r2", "fine", "h", 1, nil)
	addEvent(t, rdb, prefix, "r1", "h", "")
	addEvent(t, rdb, prefix, "r2", "h", "")
	c := &collector{fail: map[string]int{"r1": 1}}
	opts := testOptions(t, prefix, "t1")
	opts.MinIdle, opts.ClaimEvery = 200*time.Millisecond, 100*time.Millisecond
	start(t, rdb, opts, c)
	testkit.Eventually(t, 5*time.Second, "the failed entry retried and acked", func() bool {
		return len(c.seen()) == 2 && pendingCount(t, rdb, prefix) == 0
	})
	if got := c.keys(); strings.Join(got, " ") != "r2/h r1/h" {
		t.Errorf("handled %v, want r2 then r1 (after its retry)", got)
	}
}

func TestConsumeGroupSetup(t *testing.T) {
	rdb, prefix := testkit.Redis(t)
	ctx := context.Background()
	// An existing group (BUSYGROUP) is used as it is.
	if err := rdb.XGroupCreateMkStream(ctx, eventsKey(prefix), "g", "$").Err(); err != nil {
		t.Fatal(err)
	}
	c := &collector{}
	start(t, rdb, testOptions(t, prefix, "t1"), c)
	putRecord(t, rdb, prefix, "n1", "new", "h", 1, nil)
	addEvent(t, rdb, prefix, "n1", "h", "")
	testkit.Eventually(t, 5*time.Second, "the event handled", func() bool { return len(c.seen()) == 1 })

	// A key of another type is a setup error, returned at once.
	bad := prefix + "bad:"
	if err := rdb.Set(ctx, eventsKey(bad), "x", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	err := consume(ctx, rdb, testOptions(t, bad, "t1"), c.handle)
	if err == nil || !strings.Contains(err.Error(), "create group") {
		t.Errorf("consume on a non-stream key = %v, want a create group error", err)
	}
}

func TestLRU(t *testing.T) {
	l := newLRU(2)
	l.add("a")
	l.add("b")
	if !l.contains("a") { // a is now the most recent
		t.Fatal("a missing")
	}
	l.add("c") // evicts b
	if l.contains("b") || !l.contains("a") || !l.contains("c") || l.len() != 2 {
		t.Errorf("after eviction: b %v a %v c %v len %d; want b evicted, len 2",
			l.contains("b"), l.contains("a"), l.contains("c"), l.len())
	}
	l.add("c")
	if l.len() != 2 {
		t.Errorf("re-adding grew the set to %d", l.len())
	}
}

func TestKeysMatchCopydesk(t *testing.T) {
	if got := articleKey("copydesk:", "abc"); got != "copydesk:article:{abc}" {
		t.Errorf("articleKey = %q", got)
	}
	k := keys.New("cdtest:x:")
	if articleKey("cdtest:x:", "0123456789abcdef") != k.Article("0123456789abcdef") || eventsKey("cdtest:x:") != k.Events() {
		t.Errorf("example keys %q, %q differ from copydesk's %q, %q", articleKey("cdtest:x:", "0123456789abcdef"),
			eventsKey("cdtest:x:"), k.Article("0123456789abcdef"), k.Events())
	}
}

func TestFormatLine(t *testing.T) {
	dup := "aaaa"
	for _, c := range []struct {
		ev   Event
		want string
	}{
		{Event{ID: "bbbb", Title: "event\ttitle", Record: &Record{Title: "Record  title\n", Entities: make([]Entity, 3), DuplicateOf: &dup}},
			"bbbb  Record title  entities=3  duplicate_of=aaaa"},
		{Event{ID: "cccc", Title: "From the event", Record: &Record{}},
			"cccc  From the event  entities=0  duplicate_of=-"},
		{Event{ID: "dddd", DuplicateOf: "aaaa"},
			"dddd  (untitled)  entities=?  duplicate_of=aaaa"},
	} {
		if got := formatLine(c.ev); got != c.want {
			t.Errorf("formatLine = %q, want %q", got, c.want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRun(t *testing.T) {
	rdb, prefix := testkit.Redis(t)
	putRecord(t, rdb, prefix, "abcd", "Seed article", "h", 2, nil)
	addEvent(t, rdb, prefix, "abcd", "h", "")
	var out, errs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-redis", testkit.Addr(), "-prefix", prefix, "-group", "g", "-consumer", "t1"}, &out, &errs)
	}()
	testkit.Eventually(t, 5*time.Second, "the line printed", func() bool { return strings.Contains(out.String(), "\n") })
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not stop within 5s of cancel")
	}
	if got, want := out.String(), "abcd  Seed article  entities=2  duplicate_of=-\n"; got != want {
		t.Errorf("stdout = %q, want %q (stderr %q)", got, want, errs.String())
	}

	if err := run(context.Background(), []string{"-nope"}, io.Discard, io.Discard); err == nil {
		t.Error("run with an unknown flag succeeded")
	}
	if err := run(context.Background(), []string{"-h"}, io.Discard, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("run -h = %v, want flag.ErrHelp", err)
	}
}

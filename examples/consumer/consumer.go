package main

import (
	"container/list"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Options configure consume. Zero values mean the defaults.
type Options struct {
	// Prefix is copydesk's key prefix; "" means "copydesk:".
	Prefix string
	// Group is the consumer group; "" means "example".
	Group string
	// Consumer names this consumer within the group; "" means the host
	// name. A consumer restarted under the same name first re-reads the
	// entries it had not acknowledged.
	Consumer string
	// Start is where a group that does not exist yet starts reading: "0"
	// (the default) from the oldest entry the stream still holds, so that
	// nothing published before the first start is missed; "$" from new
	// entries only.
	Start string
	// Block is the longest a read waits for new entries; 0 means 2s. A
	// blocked read is not interrupted by cancelling ctx, so this is also
	// how long stopping can take.
	Block time.Duration
	// Count is how many entries one read returns at most; 0 means 32.
	Count int64
	// MinIdle is how long an entry must have stayed pending, delivered but
	// not acknowledged, before this consumer takes it over; 0 means 1m.
	MinIdle time.Duration
	// ClaimEvery is how often, while running, consume looks for such stale
	// entries (it always looks once at start); 0 means MinIdle.
	ClaimEvery time.Duration
	// DedupeSize is how many (id, content_hash) pairs are remembered to
	// skip repeated deliveries; 0 means 10000.
	DedupeSize int
	// HandleTimeout bounds the Redis calls made for one entry; 0 means 10s.
	HandleTimeout time.Duration
	// Logf reports errors that do not stop consume (a failed handler, a
	// Redis error that is retried); nil discards them.
	Logf func(format string, args ...any)
}

func (o Options) withDefaults() Options {
	if o.Prefix == "" {
		o.Prefix = "copydesk:"
	}
	if o.Group == "" {
		o.Group = "example"
	}
	if o.Consumer == "" {
		o.Consumer = defaultConsumer()
	}
	if o.Start == "" {
		o.Start = "0"
	}
	if o.Block <= 0 {
		o.Block = 2 * time.Second
	}
	if o.Count <= 0 {
		o.Count = 32
	}
	if o.MinIdle <= 0 {
		o.MinIdle = time.Minute
	}
	if o.ClaimEvery <= 0 {
		o.ClaimEvery = o.MinIdle
	}
	if o.DedupeSize <= 0 {
		o.DedupeSize = 10000
	}
	if o.HandleTimeout <= 0 {
		o.HandleTimeout = 10 * time.Second
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	return o
}

// defaultConsumer is the host name, else a name made from the process id.
func defaultConsumer() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return fmt.Sprintf("consumer-%d", os.Getpid())
}

// eventsKey is the events stream under prefix.
func eventsKey(prefix string) string { return prefix + "events" }

// articleKey is the record of article id under prefix. The braces are part
// of the key: they make the id the Redis Cluster hash tag.
func articleKey(prefix, id string) string { return prefix + "article:{" + id + "}" }

// Event is one entry of the events stream and the record it announces.
type Event struct {
	// StreamID is the entry's id in the stream.
	StreamID string
	// ID, URL, Title, ContentHash and DuplicateOf are the entry's fields;
	// DuplicateOf is "" when the article duplicates none.
	ID, URL, Title, ContentHash, DuplicateOf string
	// Record is the stored record, nil when it no longer exists (records
	// expire after the worker's retention).
	Record *Record
}

// Record is the part of a copydesk record this example reads; the README
// of the repository describes every field.
type Record struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	Title       string   `json:"title"`
	ContentHash string   `json:"content_hash"`
	Entities    []Entity `json:"entities"`
	DuplicateOf *string  `json:"duplicate_of"`
	StoryID     *string  `json:"story_id"`
}

// Entity is a person, organisation or place named in a record.
type Entity struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// consume reads the events stream with a consumer group until ctx is done,
// calls handle once per new (id, content_hash) and acknowledges each entry
// after handle returns nil. An entry whose handling fails stays pending and
// is retried once it has been idle for opts.MinIdle. It returns nil when
// ctx is cancelled, and an error only when the group cannot be set up.
func consume(ctx context.Context, rdb redis.UniversalClient, opts Options, handle func(Event) error) error {
	c := &consumer{
		rdb:    rdb,
		o:      opts.withDefaults(),
		handle: handle,
		seen:   newLRU(opts.withDefaults().DedupeSize),
	}
	c.stream = eventsKey(c.o.Prefix)
	if err := c.createGroup(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	// Entries this consumer had read but not acknowledged before a
	// restart, then entries a crashed consumer left behind.
	c.drainOwn(ctx)
	c.claimStale(ctx)
	lastClaim := time.Now()

	var backoff time.Duration
	for ctx.Err() == nil {
		if time.Since(lastClaim) >= c.o.ClaimEvery {
			c.claimStale(ctx)
			lastClaim = time.Now()
		}
		res, err := c.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{
			Group:    c.o.Group,
			Consumer: c.o.Consumer,
			Streams:  []string{c.stream, ">"},
			Count:    c.o.Count,
			Block:    c.o.Block,
		}).Result()
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, redis.Nil):
			backoff = 0
			continue
		case err != nil:
			c.o.Logf("read %s: %v", c.stream, err)
			if isNoGroup(err) { // the stream was deleted: start again
				if err := c.createGroup(ctx); err != nil {
					c.o.Logf("recreate group: %v", err)
				}
			}
			backoff = min(max(2*backoff, 100*time.Millisecond), 5*time.Second)
			sleep(ctx, backoff)
			continue
		}
		backoff = 0
		for _, s := range res {
			for _, m := range s.Messages {
				if ctx.Err() != nil {
					return nil
				}
				c.process(ctx, m)
			}
		}
	}
	return nil
}

type consumer struct {
	rdb    redis.UniversalClient
	o      Options
	handle func(Event) error
	seen   *lru
	stream string
}

// createGroup creates the group, and the stream if it is missing; a group
// that already exists is fine.
func (c *consumer) createGroup(ctx context.Context) error {
	err := c.rdb.XGroupCreateMkStream(ctx, c.stream, c.o.Group, c.o.Start).Err()
	if err != nil && !strings.HasPrefix(err.Error(), "BUSYGROUP") {
		return fmt.Errorf("create group %s on %s: %w", c.o.Group, c.stream, err)
	}
	return nil
}

func isNoGroup(err error) bool { return strings.HasPrefix(err.Error(), "NOGROUP") }

// drainOwn handles the entries already delivered to this consumer name and
// not acknowledged: reading from id 0 returns them instead of new ones.
func (c *consumer) drainOwn(ctx context.Context) {
	after := "0"
	for ctx.Err() == nil {
		res, err := c.rdb.XReadGroup(ctx, &redis.XReadGroupArgs{
			Group:    c.o.Group,
			Consumer: c.o.Consumer,
			Streams:  []string{c.stream, after},
			Count:    c.o.Count,
			Block:    -1, // no BLOCK: history is returned at once
		}).Result()
		if err != nil {
			if !errors.Is(err, redis.Nil) && ctx.Err() == nil {
				c.o.Logf("read own pending entries: %v", err)
			}
			return
		}
		n := 0
		for _, s := range res {
			for _, m := range s.Messages {
				c.process(ctx, m)
				after = m.ID // a failed entry stays pending: move past it
				n++
			}
		}
		if n == 0 {
			return
		}
	}
}

// claimStale takes over and handles the entries that have been pending for
// at least MinIdle, whichever consumer they were delivered to.
func (c *consumer) claimStale(ctx context.Context) {
	start := "0-0"
	for ctx.Err() == nil {
		msgs, next, err := c.rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{
			Stream:   c.stream,
			Group:    c.o.Group,
			Consumer: c.o.Consumer,
			MinIdle:  c.o.MinIdle,
			Start:    start,
			Count:    c.o.Count,
		}).Result()
		if err != nil {
			if ctx.Err() == nil {
				c.o.Logf("claim stale entries: %v", err)
			}
			return
		}
		for _, m := range msgs {
			if ctx.Err() != nil {
				return
			}
			c.process(ctx, m)
		}
		if next == "0-0" || next == "" {
			return
		}
		start = next
	}
}

// process handles one entry and acknowledges it unless handling failed.
// Once started, it is not interrupted by ctx: the entry in hand finishes.
func (c *consumer) process(ctx context.Context, m redis.XMessage) {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.o.HandleTimeout)
	defer cancel()
	if m.Values == nil {
		// Trimmed from the stream (MAXLEN) while pending: nothing to do.
		c.ack(wctx, m.ID)
		return
	}
	ev := Event{
		StreamID:    m.ID,
		ID:          field(m, "id"),
		URL:         field(m, "url"),
		Title:       field(m, "title"),
		ContentHash: field(m, "content_hash"),
		DuplicateOf: field(m, "duplicate_of"),
	}
	if ev.ID == "" {
		c.o.Logf("entry %s has no id: skipped", m.ID)
		c.ack(wctx, m.ID)
		return
	}
	key := ev.ID + "\x00" + ev.ContentHash
	if c.seen.contains(key) {
		c.ack(wctx, m.ID)
		return
	}
	rec, err := c.fetch(wctx, ev.ID)
	if err != nil {
		c.o.Logf("entry %s: %v", m.ID, err)
		return
	}
	ev.Record = rec
	if err := c.handle(ev); err != nil {
		c.o.Logf("entry %s (article %s): %v", m.ID, ev.ID, err)
		return
	}
	c.seen.add(key)
	c.ack(wctx, m.ID)
}

func (c *consumer) ack(ctx context.Context, id string) {
	if err := c.rdb.XAck(ctx, c.stream, c.o.Group, id).Err(); err != nil {
		// The entry will be delivered again; the dedupe skips it.
		c.o.Logf("ack %s: %v", id, err)
	}
}

// fetch returns the record of article id, nil when it does not exist.
func (c *consumer) fetch(ctx context.Context, id string) (*Record, error) {
	b, err := c.rdb.Get(ctx, articleKey(c.o.Prefix, id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("get article %s: %w", id, err)
	}
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("decode article %s: %w", id, err)
	}
	return &r, nil
}

func field(m redis.XMessage, name string) string {
	switch v := m.Values[name].(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// lru is a bounded set that forgets the least recently used key first. It
// is not safe for concurrent use; consume handles one entry at a time.
type lru struct {
	max   int
	order *list.List // front: most recent
	items map[string]*list.Element
}

func newLRU(max int) *lru {
	return &lru{max: max, order: list.New(), items: make(map[string]*list.Element, min(max, 1024))}
}

// contains reports whether key is in the set, and marks it recently used.
func (l *lru) contains(key string) bool {
	e, ok := l.items[key]
	if ok {
		l.order.MoveToFront(e)
	}
	return ok
}

// add puts key in the set, forgetting the oldest key when full.
func (l *lru) add(key string) {
	if e, ok := l.items[key]; ok {
		l.order.MoveToFront(e)
		return
	}
	l.items[key] = l.order.PushFront(key)
	if l.order.Len() > l.max {
		old := l.order.Back()
		l.order.Remove(old)
		delete(l.items, old.Value.(string))
	}
}

// len is the number of keys held.
func (l *lru) len() int { return l.order.Len() }

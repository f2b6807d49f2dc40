package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/keys"
	"github.com/copydesk/copydesk/internal/story"
)

// ErrNotFound is returned when a record or task mapping does not exist.
var ErrNotFound = errors.New("not found")

// Config tunes the store. Zero values mean the documented defaults.
type Config struct {
	// Prefix is the key prefix; "" means keys.DefaultPrefix.
	Prefix string
	// Retention is how long records and their indexes live after their last
	// write; 0 means 30 days.
	Retention time.Duration
	// TaskTTL is how long a TaskID → article id mapping lives; 0 means 7 days.
	TaskTTL time.Duration
	// StreamMaxLen caps the events stream (approximately); 0 means 100000.
	StreamMaxLen int64
	// NearDuplicateDistance is the largest SimHash Hamming distance counted
	// as a near-duplicate; 0 means 3. It must stay below SimHashBands, so
	// that banded lookup finds every match.
	NearDuplicateDistance int
	// Story tunes story grouping (window and threshold); zero values mean
	// the story package's defaults.
	Story story.Options
}

// storyLookups bounds the entities, and the ids per entity, consulted to
// find an article's story.
// Ubiquitous entities (countries, regions, agencies) are skipped: they
// find many articles and little of the story.
const (
	storyEntities   = 3
	storyCandidates = 8
	storyMinWeight  = 0.3
)

// maxCandidates bounds the fingerprints fetched for one near-duplicate
// check. A story reprinted many times fills its bands with ids; every
// duplicate points at the earliest original, so a bounded sample finds it.
// The exact-content match always stays in the sample.
const maxCandidates = 16

// bandCap bounds a SimHash band set. Similar articles (a day of coverage
// of one event) have correlated SimHashes and crowd the same band values:
// in a soak of such copy band sets reached a thousand ids within minutes,
// and reading them whole slowed the worker from about 900 to under 400
// articles/s. A band value held by this many articles says little, like a
// stop word: an article joins only the band sets below the cap (its other
// bands still find it), so every lookup reads at most about this many ids
// per band. Exact reprints are always found by their content hash.
const bandCap = 64

// SimHashBands is the number of 16-bit bands the 64-bit SimHash is cut into.
// Two hashes within Hamming distance 3 agree exactly on at least one band
// (pigeonhole), so one set lookup per band finds every candidate.
const SimHashBands = 4

// Store reads and writes records. It is safe for concurrent use.
type Store struct {
	rdb  redis.UniversalClient
	keys keys.Keys
	cfg  Config
	now  func() time.Time
}

// New returns a store on rdb. The client is shared and not closed by Store.
func New(rdb redis.UniversalClient, cfg Config) *Store {
	if cfg.Retention <= 0 {
		cfg.Retention = 30 * 24 * time.Hour
	}
	if cfg.TaskTTL <= 0 {
		cfg.TaskTTL = 7 * 24 * time.Hour
	}
	if cfg.StreamMaxLen <= 0 {
		cfg.StreamMaxLen = 100000
	}
	if cfg.NearDuplicateDistance <= 0 {
		cfg.NearDuplicateDistance = 3
	}
	if cfg.NearDuplicateDistance >= SimHashBands {
		cfg.NearDuplicateDistance = SimHashBands - 1
	}
	return &Store{rdb: rdb, keys: keys.New(cfg.Prefix), cfg: cfg, now: time.Now}
}

// Keys returns the key builder the store uses.
func (s *Store) Keys() keys.Keys { return s.keys }

// Result says what a Put did.
type Result struct {
	// Created is true when no record existed before.
	Created bool
	// Changed is true when the content hash differs from the last announced
	// one, so an event was emitted.
	Changed bool
	// DuplicateOf is the earlier article this one duplicates, if any.
	DuplicateOf *string
}

// fingerprint is what duplicate checks need of an article.
type fingerprint struct {
	SimHash     string          `json:"s"`
	ContentHash string          `json:"c"`
	Time        int64           `json:"t"` // published, else first seen; Unix ms
	FirstSeen   int64           `json:"f"` // Unix ms
	DuplicateOf *string         `json:"d,omitempty"`
	Story       *story.Features `json:"x,omitempty"`
}

// Put stores rec, indexes it, maps taskID (if not empty) to its id and
// emits an event when its content is new or changed. rec.DuplicateOf is
// filled in from the near-duplicate and exact-content indexes. Put is
// idempotent: re-storing the same article changes only processed_at.
//
// A Put costs two read round trips (the article's own state with the
// duplicate and story indexes, then the candidates' fingerprints, skipped
// when there are none) and one write round trip. The writes go in order on
// one connection, the event before the announced hash that records it, so
// a write cut short is finished by the task's retry and an event is never
// lost.
func (s *Store) Put(ctx context.Context, rec *article.Record, taskID string) (Result, error) {
	var res Result
	if rec.ID == "" {
		return res, errors.New("store: record without id")
	}
	rel, err := s.relate(ctx, rec)
	if err != nil {
		return res, err
	}
	res.DuplicateOf = rec.DuplicateOf
	res.Created = !rel.existed
	res.Changed = rel.announced != rec.ContentHash

	body, err := json.Marshal(rec)
	if err != nil {
		return res, fmt.Errorf("store: encode record %s: %w", rec.ID, err)
	}
	at := s.recordTime(rec)
	fp := (&fingerprint{SimHash: rec.SimHash, ContentHash: rec.ContentHash,
		Time: at.UnixMilli(), FirstSeen: rec.FirstSeenAt.UnixMilli(), DuplicateOf: rec.DuplicateOf,
		Story: &rel.features}).encode()
	ttl := s.cfg.Retention
	// In a Cluster the pipeline's commands run per node, in no set order
	// across nodes: the announced hash is then written after the event.
	_, cluster := s.rdb.(*redis.ClusterClient)
	announce := func(p redis.Pipeliner) {
		if res.Changed {
			p.Set(ctx, s.keys.Announced(rec.ID), rec.ContentHash, ttl)
		} else {
			p.Expire(ctx, s.keys.Announced(rec.ID), ttl)
		}
	}
	score := float64(at.Unix())
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, s.keys.Article(rec.ID), body, ttl)
		p.Set(ctx, s.keys.Fingerprint(rec.ID), fp, ttl)
		if taskID != "" {
			p.Set(ctx, s.keys.Task(taskID), rec.ID, s.cfg.TaskTTL)
		}
		p.SetNX(ctx, s.keys.Content(rec.ContentHash), rec.ID, ttl)
		// Only originals join the band sets: a duplicate points at its
		// original, which the sets already lead to. A story reprinted
		// thousands of times would otherwise fill its band sets, and every
		// new reprint would read them whole.
		if sh, err := strconv.ParseUint(rec.SimHash, 16, 64); err == nil && rec.DuplicateOf == nil {
			for b := 0; b < SimHashBands; b++ {
				if rel.crowded[b] {
					continue
				}
				k := s.keys.SimHash(b, band(sh, b))
				p.SAdd(ctx, k, rec.ID)
				p.Expire(ctx, k, ttl)
			}
		}
		if rec.StoryID != nil {
			k := s.keys.Story(*rec.StoryID)
			p.ZAdd(ctx, k, redis.Z{Score: score, Member: rec.ID})
			p.Expire(ctx, k, ttl)
		}
		// Entity indexes get no TTL: Trim drops entries past the retention
		// (and with them the emptied keys), so a write costs one ZADD per
		// entity and one per entity type.
		names := map[string][]redis.Z{}
		for _, e := range rec.Entities {
			p.ZAdd(ctx, s.keys.Entity(e.Type, e.Name), redis.Z{Score: score, Member: rec.ID})
			names[e.Type] = append(names[e.Type], redis.Z{Score: score, Member: e.Name})
		}
		for _, typ := range []string{article.Person, article.Organization, article.Location} {
			if zs := names[typ]; len(zs) > 0 {
				p.ZAddGT(ctx, s.keys.EntityCounts(typ), zs...)
			}
		}
		if res.Changed {
			dupOf := ""
			if rec.DuplicateOf != nil {
				dupOf = *rec.DuplicateOf
			}
			p.XAdd(ctx, &redis.XAddArgs{
				Stream: s.keys.Events(),
				MaxLen: s.cfg.StreamMaxLen,
				Approx: true,
				Values: []any{"id", rec.ID, "url", rec.URL, "title", rec.Title,
					"content_hash", rec.ContentHash, "duplicate_of", dupOf},
			})
		}
		if !cluster {
			announce(p)
		}
		return nil
	})
	if err == nil && cluster {
		_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error { announce(p); return nil })
	}
	if err != nil {
		return res, fmt.Errorf("store: write record %s: %w", rec.ID, err)
	}
	return res, nil
}

// recordTime orders articles: published time, else first-seen time.
func (s *Store) recordTime(rec *article.Record) time.Time {
	if rec.PublishedAt != nil {
		return *rec.PublishedAt
	}
	if rec.FirstSeenAt != nil {
		return *rec.FirstSeenAt
	}
	return s.now()
}

func band(h uint64, b int) string {
	return fmt.Sprintf("%04x", (h>>(16*uint(b)))&0xffff)
}

// related is what relate learns of an article's stored state.
type related struct {
	features  story.Features     // to store with the article
	existed   bool               // a record was stored before
	announced string             // the content hash last announced, or ""
	crowded   [SimHashBands]bool // band sets at bandCap, which the article does not join
}

// relate fills in rec.FirstSeenAt, rec.DuplicateOf and rec.StoryID from
// what is stored: the article's own earlier fingerprint, the exact-content
// and SimHash band indexes, and recent articles sharing its most salient
// entities. It also reads whether the record exists and the content hash
// last announced for it.
//
// A duplicate is the earliest other article whose normalised text is
// identical, else whose SimHash is within the configured distance. A
// duplicate joins its original's story; other articles are grouped by
// story.Assign.
func (s *Store) relate(ctx context.Context, rec *article.Record) (related, error) {
	var rel related
	sh, shErr := strconv.ParseUint(rec.SimHash, 16, 64)
	rec.StoryID = nil
	feat := story.Extract(rec, time.Time{})
	var content, announced *redis.StringCmd
	var exists *redis.IntCmd
	bands := make([]*redis.StringSliceCmd, 0, SimHashBands)
	var own *redis.StringCmd
	var related []*redis.StringSliceCmd
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		own = p.Get(ctx, s.keys.Fingerprint(rec.ID))
		exists = p.Exists(ctx, s.keys.Article(rec.ID))
		announced = p.Get(ctx, s.keys.Announced(rec.ID))
		if rec.ContentHash != "" {
			content = p.Get(ctx, s.keys.Content(rec.ContentHash))
		}
		if shErr == nil {
			for b := 0; b < SimHashBands; b++ {
				bands = append(bands, p.SMembers(ctx, s.keys.SimHash(b, band(sh, b))))
			}
		}
		n := 0
		for _, e := range feat.Entities {
			if n == storyEntities {
				break
			}
			if story.EntityWeight(e) < storyMinWeight {
				continue
			}
			n++
			typ, name, _ := strings.Cut(e, ":")
			related = append(related, p.ZRevRange(ctx, s.keys.Entity(typ, name), 0, storyCandidates-1))
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return rel, fmt.Errorf("store: duplicate lookup %s: %w", rec.ID, err)
	}
	rel.existed = exists.Val() > 0
	rel.announced = announced.Val()
	rec.FirstSeenAt, rec.DuplicateOf = nil, nil
	old := &fingerprint{}
	if b, err := own.Bytes(); err == nil {
		if o, err := decodeFingerprint(b); err == nil {
			old = o
		}
	}
	if old.FirstSeen > 0 {
		t := time.UnixMilli(old.FirstSeen).UTC()
		rec.FirstSeenAt = &t
	}
	if rec.FirstSeenAt == nil {
		t := s.now().UTC().Truncate(time.Millisecond)
		rec.FirstSeenAt = &t
	}
	feat.Time = s.recordTime(rec)
	if old.Story != nil {
		feat.StoryID = old.Story.StoryID // an article keeps its story
	}
	// Re-processing the same content keeps the earlier verdict: the
	// candidate sample shifts as articles arrive, and the record must not.
	keepDup := old.ContentHash != "" && old.ContentHash == rec.ContentHash
	if keepDup {
		rec.DuplicateOf = old.DuplicateOf
	}

	dupCand := map[string]bool{}
	exact := ""
	if content != nil {
		if id, err := content.Result(); err == nil && id != rec.ID {
			exact = id
			dupCand[id] = true
		}
	}
	for b, c := range bands {
		rel.crowded[b] = len(c.Val()) >= bandCap
		for _, id := range c.Val() {
			if id != rec.ID {
				dupCand[id] = true
			}
		}
	}
	storyCand := map[string]bool{}
	for _, c := range related {
		for _, id := range c.Val() {
			if id != rec.ID {
				storyCand[id] = true
			}
		}
	}
	ids := sample(dupCand, exact, maxCandidates)
	dupN := len(ids)
	for _, id := range sample(storyCand, "", storyEntities*storyCandidates) {
		if !dupCand[id] {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		if feat.StoryID == "" {
			feat.StoryID = rec.ID
		}
		rec.StoryID = &feat.StoryID
		rel.features = feat
		return rel, nil
	}
	fps, err := s.fingerprints(ctx, ids)
	if err != nil {
		return rel, err
	}
	s.forgetExpired(ctx, ids[:dupN], fps[:dupN], sh, shErr == nil)

	self := s.recordTime(rec).UnixMilli()
	var best *fingerprint
	bestID := ""
	for i, o := range fps[:dupN] {
		if o == nil {
			continue
		}
		if o.ContentHash != rec.ContentHash {
			osh, err := strconv.ParseUint(o.SimHash, 16, 64)
			if err != nil || shErr != nil || bits.OnesCount64(osh^sh) > s.cfg.NearDuplicateDistance {
				continue
			}
		}
		if best == nil || o.Time < best.Time || (o.Time == best.Time && ids[i] < bestID) {
			best, bestID = o, ids[i]
		}
	}
	// An article never points at one that is later than it.
	if !keepDup && best != nil && (best.Time < self || (best.Time == self && bestID < rec.ID)) {
		dup := bestID
		if best.DuplicateOf != nil && *best.DuplicateOf != rec.ID {
			dup = *best.DuplicateOf
		}
		rec.DuplicateOf = &dup
		if feat.StoryID == "" && best.Story != nil && best.Story.StoryID != "" {
			feat.StoryID = best.Story.StoryID
		}
	}
	if feat.StoryID == "" {
		cands := make([]story.Features, 0, len(fps))
		for _, o := range fps {
			if o != nil && o.Story != nil {
				cands = append(cands, *o.Story)
			}
		}
		feat.StoryID, _ = story.Assign(feat, cands, s.cfg.Story)
	}
	rec.StoryID = &feat.StoryID
	rel.features = feat
	return rel, nil
}

// sample returns up to n ids of set in sorted order, first always kept.
func sample(set map[string]bool, first string, n int) []string {
	ids := make([]string, 0, len(set))
	for id := range set {
		if id != first {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	if first != "" {
		ids = append([]string{first}, ids...)
	}
	if len(ids) > n {
		ids = ids[:n]
	}
	return ids
}

// forgetExpired removes ids whose records expired from the band sets, so
// the sets do not grow with dead members. Best effort: an error only
// leaves the members for the next lookup.
func (s *Store) forgetExpired(ctx context.Context, ids []string, fps []*fingerprint, sh uint64, ok bool) {
	if !ok {
		return
	}
	var dead []any
	for i, fp := range fps {
		if fp == nil {
			dead = append(dead, ids[i])
		}
	}
	if len(dead) == 0 {
		return
	}
	s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for b := 0; b < SimHashBands; b++ {
			p.SRem(ctx, s.keys.SimHash(b, band(sh, b)), dead...)
		}
		return nil
	})
}

// fingerprints fetches the fingerprints of ids in one pipeline (the keys
// live on different slots in a Cluster). Missing ones come back nil.
func (s *Store) fingerprints(ctx context.Context, ids []string) ([]*fingerprint, error) {
	cmds, err := s.getEach(ctx, ids, s.keys.Fingerprint)
	if err != nil {
		return nil, fmt.Errorf("store: get fingerprints: %w", err)
	}
	out := make([]*fingerprint, len(ids))
	for i, c := range cmds {
		if b, err := c.Bytes(); err == nil {
			if fp, err := decodeFingerprint(b); err == nil {
				out[i] = fp
			}
		}
	}
	return out, nil
}

// getEach GETs key(id) for every id in one pipeline (the keys live on
// different slots in a Cluster); a missing key is a command with
// redis.Nil, not an error.
func (s *Store) getEach(ctx context.Context, ids []string, key func(string) string) ([]*redis.StringCmd, error) {
	cmds := make([]*redis.StringCmd, len(ids))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.Get(ctx, key(id))
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, err
	}
	return cmds, nil
}

// Get returns the record with id.
func (s *Store) Get(ctx context.Context, id string) (*article.Record, error) {
	b, err := s.GetRaw(ctx, id)
	if err != nil {
		return nil, err
	}
	var rec article.Record
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("store: decode article %s: %w", id, err)
	}
	return &rec, nil
}

// GetRaw returns the stored JSON of the record with id, as stored.
func (s *Store) GetRaw(ctx context.Context, id string) ([]byte, error) {
	b, err := s.rdb.Get(ctx, s.keys.Article(id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("article %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: get article %s: %w", id, err)
	}
	return b, nil
}

// getMany fetches records one GET each in one pipeline (the keys live on
// different slots in a Cluster), in order, leaving out missing ones.
func (s *Store) getMany(ctx context.Context, ids []string) ([]*article.Record, error) {
	cmds, err := s.getEach(ctx, ids, s.keys.Article)
	if err != nil {
		return nil, fmt.Errorf("store: get articles: %w", err)
	}
	out := make([]*article.Record, 0, len(ids))
	for _, c := range cmds {
		b, err := c.Bytes()
		if err != nil {
			continue
		}
		var rec article.Record
		if json.Unmarshal(b, &rec) == nil {
			out = append(out, &rec)
		}
	}
	return out, nil
}

// ArticleForTask returns the article id a task produced.
func (s *Store) ArticleForTask(ctx context.Context, taskID string) (string, error) {
	id, err := s.rdb.Get(ctx, s.keys.Task(taskID)).Result()
	if errors.Is(err, redis.Nil) {
		return "", fmt.Errorf("task %s: %w", taskID, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("store: get task %s: %w", taskID, err)
	}
	return id, nil
}

// ArticlesForTasks returns the article ids the tasks produced, "" for a
// task with none, in one pipeline (the keys live on different slots in a
// Cluster).
func (s *Store) ArticlesForTasks(ctx context.Context, taskIDs []string) ([]string, error) {
	cmds, err := s.getEach(ctx, taskIDs, s.keys.Task)
	if err != nil {
		return nil, fmt.Errorf("store: get tasks: %w", err)
	}
	out := make([]string, len(taskIDs))
	for i, c := range cmds {
		out[i] = c.Val()
	}
	return out, nil
}

// ByEntity returns the records mentioning the entity, newest first, with a
// time at or after since (zero means any), at most limit of them.
func (s *Store) ByEntity(ctx context.Context, typ, name string, since time.Time, limit int) ([]*article.Record, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	min := "-inf"
	if !since.IsZero() {
		min = strconv.FormatInt(since.Unix(), 10)
	}
	ids, err := s.rdb.ZRevRangeByScore(ctx, s.keys.Entity(typ, name), &redis.ZRangeBy{
		Min: min, Max: "+inf", Count: int64(limit),
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("store: entity index %s:%s: %w", typ, name, err)
	}
	return s.getMany(ctx, ids)
}

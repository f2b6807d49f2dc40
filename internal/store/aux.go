package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/article"
)

// attemptTTL bounds how long a task's failure count lives.
const attemptTTL = 7 * 24 * time.Hour

// FinishedFailures returns how many runs of task id ended by returning an
// error (as opposed to crashing).
func (s *Store) FinishedFailures(ctx context.Context, taskID string) (int64, error) {
	n, err := s.rdb.Get(ctx, s.keys.Attempts(taskID)).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: attempts %s: %w", taskID, err)
	}
	return n, nil
}

// RecordFailure counts one run of task id that ended with an error.
func (s *Store) RecordFailure(ctx context.Context, taskID string) error {
	k := s.keys.Attempts(taskID)
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Incr(ctx, k)
		p.Expire(ctx, k, attemptTTL)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: record failure %s: %w", taskID, err)
	}
	return nil
}

// Quarantine records why task id was quarantined.
func (s *Store) Quarantine(ctx context.Context, taskID, reason string) error {
	v := time.Now().UTC().Format(time.RFC3339) + " " + reason
	if err := s.rdb.HSet(ctx, s.keys.Quarantine(), taskID, v).Err(); err != nil {
		return fmt.Errorf("store: quarantine %s: %w", taskID, err)
	}
	return nil
}

// Quarantined returns the quarantined task ids and their reasons.
func (s *Store) Quarantined(ctx context.Context) (map[string]string, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.Quarantine()).Result()
	if err != nil {
		return nil, fmt.Errorf("store: quarantine list: %w", err)
	}
	return m, nil
}

// seenTTL is how long a feed's seen set lives after its last poll.
const seenTTL = 90 * 24 * time.Hour

// FeedValidators returns the ETag and Last-Modified of the last poll.
func (s *Store) FeedValidators(ctx context.Context, feedHash string) (string, string, error) {
	v, err := s.rdb.HMGet(ctx, s.keys.Feed(feedHash), "etag", "last_modified").Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return "", "", fmt.Errorf("store: feed %s: %w", feedHash, err)
	}
	str := func(x any) string { s, _ := x.(string); return s }
	return str(v[0]), str(v[1]), nil
}

// SetFeedValidators stores the validators and the poll time.
func (s *Store) SetFeedValidators(ctx context.Context, feedHash, etag, lastModified string) error {
	k := s.keys.Feed(feedHash)
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, k, "etag", etag, "last_modified", lastModified, "last_poll", time.Now().UTC().Format(time.RFC3339))
		p.Expire(ctx, k, seenTTL)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: feed %s: %w", feedHash, err)
	}
	return nil
}

// Unseen reports, for each item key, whether it is not yet in the seen set.
func (s *Store) Unseen(ctx context.Context, feedHash string, itemKeys []string) ([]bool, error) {
	out := make([]bool, len(itemKeys))
	if len(itemKeys) == 0 {
		return out, nil
	}
	members := make([]any, len(itemKeys))
	for i, k := range itemKeys {
		members[i] = k
	}
	seen, err := s.rdb.SMIsMember(ctx, s.keys.Seen(feedHash), members...).Result()
	if err != nil {
		return nil, fmt.Errorf("store: seen %s: %w", feedHash, err)
	}
	for i := range out {
		out[i] = !seen[i]
	}
	return out, nil
}

// MarkSeen adds item keys to the feed's seen set and refreshes its expiry.
func (s *Store) MarkSeen(ctx context.Context, feedHash string, itemKeys []string) error {
	if len(itemKeys) == 0 {
		return nil
	}
	members := make([]any, len(itemKeys))
	for i, k := range itemKeys {
		members[i] = k
	}
	k := s.keys.Seen(feedHash)
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.SAdd(ctx, k, members...)
		p.Expire(ctx, k, seenTTL)
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: mark seen %s: %w", feedHash, err)
	}
	return nil
}

// ForgetTask removes the TaskID → article id mapping of task id.
func (s *Store) ForgetTask(ctx context.Context, taskID string) error {
	if err := s.rdb.Del(ctx, s.keys.Task(taskID)).Err(); err != nil {
		return fmt.Errorf("store: forget task %s: %w", taskID, err)
	}
	return nil
}

// EntityCount is an entity and how many stored articles mention it.
type EntityCount struct {
	Type     string `json:"type"`
	Name     string `json:"name"`
	Articles int64  `json:"articles"`
}

// maxEntitiesScanned bounds the names a TopEntities call looks at: the most
// recently seen ones.
const maxEntitiesScanned = 2000

// TopEntities returns the entities of typ mentioned by the most articles
// since the given time, at most top of them.
func (s *Store) TopEntities(ctx context.Context, typ string, since time.Time, top int) ([]EntityCount, error) {
	if top <= 0 || top > 200 {
		top = 20
	}
	min := "-inf"
	if !since.IsZero() {
		min = fmt.Sprint(since.Unix())
	}
	names, err := s.rdb.ZRevRangeByScore(ctx, s.keys.EntityCounts(typ), &redis.ZRangeBy{
		Min: min, Max: "+inf", Count: maxEntitiesScanned,
	}).Result()
	if err != nil {
		return nil, fmt.Errorf("store: entities %s: %w", typ, err)
	}
	counts := make([]*redis.IntCmd, len(names))
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, n := range names {
			counts[i] = p.ZCount(ctx, s.keys.Entity(typ, n), min, "+inf")
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: entity counts %s: %w", typ, err)
	}
	out := make([]EntityCount, 0, len(names))
	for i, n := range names {
		if c := counts[i].Val(); c > 0 {
			out = append(out, EntityCount{Type: typ, Name: n, Articles: c})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Articles != out[j].Articles {
			return out[i].Articles > out[j].Articles
		}
		return out[i].Name < out[j].Name
	})
	if len(out) > top {
		out = out[:top]
	}
	return out, nil
}

// Trim removes index entries older than the retention: article ids from
// entity indexes and names not seen since from the entity lists. The
// worker calls it periodically; it never runs in the request path.
func (s *Store) Trim(ctx context.Context, types []string) (removed int64, err error) {
	cutoff := fmt.Sprint(s.now().Add(-s.cfg.Retention).Unix())
	for _, typ := range types {
		list := s.keys.EntityCounts(typ)
		var cursor uint64
		for {
			var members []string
			members, cursor, err = s.rdb.ZScan(ctx, list, cursor, "", 500).Result()
			if err != nil {
				return removed, fmt.Errorf("store: trim %s: %w", typ, err)
			}
			cmds := make([]*redis.IntCmd, 0, len(members)/2)
			_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
				for i := 0; i < len(members); i += 2 {
					cmds = append(cmds, p.ZRemRangeByScore(ctx, s.keys.Entity(typ, members[i]), "-inf", "("+cutoff))
				}
				return nil
			})
			if err != nil {
				return removed, fmt.Errorf("store: trim %s: %w", typ, err)
			}
			for _, c := range cmds {
				removed += c.Val()
			}
			if cursor == 0 {
				break
			}
		}
		n, err := s.rdb.ZRemRangeByScore(ctx, list, "-inf", "("+cutoff).Result()
		if err != nil {
			return removed, fmt.Errorf("store: trim %s list: %w", typ, err)
		}
		removed += n
	}
	return removed, nil
}

// Story returns the records grouped under story id, newest first.
func (s *Store) Story(ctx context.Context, id string, limit int) ([]*article.Record, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	ids, err := s.rdb.ZRevRange(ctx, s.keys.Story(id), 0, int64(limit-1)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: story %s: %w", id, err)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("story %s: %w", id, ErrNotFound)
	}
	return s.getMany(ctx, ids)
}

// Maintain runs Trim over every entity type unless another worker did so
// within interval; ran is false when it was skipped.
func (s *Store) Maintain(ctx context.Context, interval time.Duration) (removed int64, ran bool, err error) {
	ok, err := s.rdb.SetNX(ctx, s.keys.MaintenanceLock(), s.now().UTC().Format(time.RFC3339), interval).Result()
	if err != nil {
		return 0, false, fmt.Errorf("store: maintenance lock: %w", err)
	}
	if !ok {
		return 0, false, nil
	}
	removed, err = s.Trim(ctx, []string{article.Person, article.Organization, article.Location})
	return removed, true, err
}

package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// attemptTTL bounds how long an unfinished-start counter lives.
const attemptTTL = 24 * time.Hour

// BeginAttempt counts one start of task id and returns the number of starts
// that have not finished, this one included.
func (s *Store) BeginAttempt(ctx context.Context, taskID string) (int64, error) {
	k := s.keys.Attempts(taskID)
	var incr *redis.IntCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		incr = p.Incr(ctx, k)
		p.Expire(ctx, k, attemptTTL)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: begin attempt %s: %w", taskID, err)
	}
	return incr.Val(), nil
}

// EndAttempt clears the unfinished-start counter of task id.
func (s *Store) EndAttempt(ctx context.Context, taskID string) error {
	if err := s.rdb.Del(ctx, s.keys.Attempts(taskID)).Err(); err != nil {
		return fmt.Errorf("store: end attempt %s: %w", taskID, err)
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

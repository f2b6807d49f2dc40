package schedule

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Defaults of LeaderOptions.
const (
	DefaultLockTTL = 15 * time.Second
)

// renewScript extends the lock only if this holder still owns it.
var renewScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("PEXPIRE", KEYS[1], ARGV[2])
end
return 0`)

// releaseScript deletes the lock only if this holder still owns it.
var releaseScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0`)

// LeaderOptions configures a Leader. Zero values mean the defaults.
type LeaderOptions struct {
	// ID identifies this holder in the lock's value; default
	// "hostname:pid:random".
	ID string
	// TTL is the lock's lifetime; it is renewed every TTL/3. A holder that
	// cannot renew steps down TTL/5 before the lock could expire, so two
	// holders never overlap (clocks may drift by less than that). Default
	// DefaultLockTTL.
	TTL time.Duration
	// RetryInterval is how often a follower tries to take the lock;
	// default TTL/3.
	RetryInterval time.Duration
	// OnError receives Redis errors and the errors lead returns.
	OnError func(error)
}

// Leader campaigns for a Redis lock and runs a function only while it
// holds it.
type Leader struct {
	rdb     redis.UniversalClient
	key     string
	id      string
	ttl     time.Duration
	retry   time.Duration
	margin  time.Duration
	onError func(error)
	leading atomic.Bool
}

// NewLeader returns a Leader for the lock at key (keys.SchedulerLock).
func NewLeader(rdb redis.UniversalClient, key string, opts LeaderOptions) *Leader {
	if opts.TTL <= 0 {
		opts.TTL = DefaultLockTTL
	}
	if opts.RetryInterval <= 0 {
		opts.RetryInterval = opts.TTL / 3
	}
	if opts.ID == "" {
		opts.ID = defaultID()
	}
	if opts.OnError == nil {
		opts.OnError = func(error) {}
	}
	return &Leader{
		rdb: rdb, key: key, id: opts.ID,
		ttl: opts.TTL, retry: opts.RetryInterval, margin: opts.TTL / 5,
		onError: opts.OnError,
	}
}

func defaultID() string {
	host, err := os.Hostname()
	if err != nil {
		host = "unknown-host"
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b))
}

// ID returns the holder id written in the lock.
func (l *Leader) ID() string { return l.id }

// IsLeader reports whether this Leader holds the lock right now.
func (l *Leader) IsLeader() bool { return l.leading.Load() }

// Run campaigns until ctx ends. Each time it gains the lock it calls lead
// with a context that is cancelled when the lock is lost, cannot be
// renewed in time, or ctx ends; it waits for lead to return, releases the
// lock if it still holds it, and campaigns again. lead returning early
// also gives the lock up. Run returns nil once ctx ends and lead returned.
func (l *Leader) Run(ctx context.Context, lead func(ctx context.Context) error) error {
	for {
		start := time.Now()
		ok, err := l.rdb.SetNX(ctx, l.key, l.id, l.ttl).Result()
		if err != nil && ctx.Err() == nil {
			l.onError(fmt.Errorf("scheduler lock %s: %w", l.key, err))
		}
		if ok {
			l.hold(ctx, start, lead)
		}
		if ctx.Err() != nil {
			return nil
		}
		t := time.NewTimer(l.retry)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// hold runs lead while the lock, taken at acquired, can be renewed.
func (l *Leader) hold(ctx context.Context, acquired time.Time, lead func(ctx context.Context) error) {
	l.leading.Store(true)
	defer l.leading.Store(false)

	leadCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- lead(leadCtx) }()

	validUntil := acquired.Add(l.ttl - l.margin)
	deadline := time.NewTimer(time.Until(validUntil))
	defer deadline.Stop()
	renew := time.NewTicker(l.ttl / 3)
	defer renew.Stop()

	stepDown := func(release bool) {
		cancel()
		if err := <-done; err != nil {
			l.onError(fmt.Errorf("scheduler leader: %w", err))
		}
		if release {
			l.release()
		}
	}
	for {
		select {
		case <-ctx.Done():
			stepDown(true)
			return
		case err := <-done:
			cancel()
			if err != nil {
				l.onError(fmt.Errorf("scheduler leader: %w", err))
			}
			l.release()
			return
		case <-deadline.C:
			l.onError(fmt.Errorf("scheduler lock %s: not renewed in time, stepping down", l.key))
			stepDown(false)
			return
		case <-renew.C:
			t0 := time.Now()
			rctx, rcancel := context.WithDeadline(ctx, validUntil)
			n, err := renewScript.Run(rctx, l.rdb, []string{l.key}, l.id, l.ttl.Milliseconds()).Int()
			rcancel()
			switch {
			case err != nil:
				if ctx.Err() == nil {
					l.onError(fmt.Errorf("scheduler lock %s: renew: %w", l.key, err))
				}
			case n == 0:
				l.onError(fmt.Errorf("scheduler lock %s: %w", l.key, ErrLockLost))
				stepDown(false)
				return
			default:
				validUntil = t0.Add(l.ttl - l.margin)
				if !deadline.Stop() {
					select {
					case <-deadline.C:
					default:
					}
				}
				deadline.Reset(time.Until(validUntil))
			}
		}
	}
}

// ErrLockLost is reported when the lock turned out to be held by another
// holder (or gone) at renewal.
var ErrLockLost = errors.New("lock lost")

func (l *Leader) release() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := releaseScript.Run(ctx, l.rdb, []string{l.key}, l.id).Err(); err != nil {
		l.onError(fmt.Errorf("scheduler lock %s: release: %w", l.key, err))
	}
}

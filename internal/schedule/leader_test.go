package schedule

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/keys"
)

// TestLeaderStepsDownWhenLockLost: when the lock disappears (or is taken
// over), the holder's lead context is cancelled at the next renewal.
func TestLeaderStepsDownWhenLockLost(t *testing.T) {
	env := newRedisEnv(t)
	key := keys.New(env.prefix).SchedulerLock()
	var lost atomic.Bool
	l := NewLeader(env.rdb, key, LeaderOptions{ID: "one", TTL: 900 * time.Millisecond, RetryInterval: 5 * time.Second,
		OnError: func(err error) {
			if errors.Is(err, ErrLockLost) {
				lost.Store(true)
			}
		}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	leadEnded := make(chan time.Time, 1)
	started := make(chan struct{})
	var runs atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = l.Run(ctx, func(ctx context.Context) error {
			if runs.Add(1) == 1 {
				close(started)
			}
			<-ctx.Done()
			select {
			case leadEnded <- time.Now():
			default:
			}
			return nil
		})
	}()
	<-started
	// Let the lock be renewed a few times past its TTL.
	time.Sleep(1500 * time.Millisecond)
	if !l.IsLeader() {
		t.Fatal("leader lost the lock while renewing it")
	}
	// Another holder takes the lock.
	if err := env.rdb.Set(context.Background(), key, "intruder", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	taken := time.Now()
	select {
	case at := <-leadEnded:
		if d := at.Sub(taken); d > 500*time.Millisecond {
			t.Errorf("stepped down %v after losing the lock", d)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("leader did not step down")
	}
	if !lost.Load() {
		t.Error("ErrLockLost not reported")
	}
	waitFor(t, "IsLeader false", time.Second, func() bool { return !l.IsLeader() })
	cancel()
	wg.Wait()
	if v, _ := env.rdb.Get(context.Background(), key).Result(); v != "intruder" {
		t.Fatalf("lock value %q: the old holder released someone else's lock", v)
	}
}

// TestLeaderReleasesOnExit: a holder that stops releases the lock at once
// so a follower need not wait for the TTL.
func TestLeaderReleasesOnExit(t *testing.T) {
	env := newRedisEnv(t)
	key := keys.New(env.prefix).SchedulerLock()
	l := NewLeader(env.rdb, key, LeaderOptions{ID: "solo", TTL: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- l.Run(ctx, func(ctx context.Context) error { <-ctx.Done(); return nil })
	}()
	waitFor(t, "leadership", time.Second, l.IsLeader)
	if v, _ := env.rdb.Get(context.Background(), key).Result(); v != "solo" {
		t.Fatalf("lock value %q", v)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n, _ := env.rdb.Exists(context.Background(), key).Result(); n != 0 {
		t.Fatal("lock still held after Run returned")
	}
}

// TestLeaderStepsDownWithoutRedis: a holder that cannot reach Redis steps
// down before its lock could have expired.
func TestLeaderStepsDownWithoutRedis(t *testing.T) {
	env := newRedisEnv(t)
	key := keys.New(env.prefix).SchedulerLock()
	own := redis.NewClient(&redis.Options{Addr: testRedisAddr})
	l := NewLeader(own, key, LeaderOptions{ID: "cut", TTL: time.Second, RetryInterval: 10 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ended := make(chan time.Time, 1)
	var acquired time.Time
	go func() {
		_ = l.Run(ctx, func(ctx context.Context) error {
			acquired = time.Now()
			// Cut the holder off Redis: renewals fail from now on.
			_ = own.Close()
			<-ctx.Done()
			ended <- time.Now()
			return nil
		})
	}()
	select {
	case at := <-ended:
		if held := at.Sub(acquired); held >= time.Second {
			t.Fatalf("held the lock for %v without renewing it, TTL 1s", held)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("did not step down")
	}
}

package schedule

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/keys"
)

const everySecond = "@every 1s"

func feedsYAML(queue string, urls ...string) string {
	s := "feeds:\n"
	for _, u := range urls {
		s += fmt.Sprintf("  - url: %s\n    cron: %q\n    queue: %s\n", u, everySecond, queue)
	}
	return s
}

// startScheduler runs a Scheduler until the returned stop function is
// called (or the test ends).
func startScheduler(t *testing.T, env *redisEnv, path, id string, log *enqueueLog, onError func(error)) (*Scheduler, func()) {
	t.Helper()
	s, err := NewScheduler(SchedulerConfig{
		Redis:        env.rdb,
		Prefix:       env.prefix,
		Provider:     NewProvider(path, pollTask, onError),
		SyncInterval: 200 * time.Millisecond,
		Leader:       LeaderOptions{ID: id, TTL: 2 * time.Second, RetryInterval: 200 * time.Millisecond, OnError: onError},
		LogLevel:     asynq.WarnLevel,
		PostEnqueue:  log.hook(id),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run(%s): %v", id, err)
			}
		})
	}
	t.Cleanup(stop)
	return s, stop
}

func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkOnePerTick asserts that the enqueues of one feed are at most one
// per whole-second tick, and that every tick between from and to was
// enqueued within 1.5 s of its scheduled time.
func checkOnePerTick(t *testing.T, evs []enqueueEvent, from, to time.Time) {
	t.Helper()
	ticks := map[int64]int{}
	for _, ev := range evs {
		ticks[ev.at.Unix()]++
	}
	for sec, n := range ticks {
		if n > 1 {
			t.Errorf("tick %s enqueued %d times", time.Unix(sec, 0).UTC().Format(time.TimeOnly), n)
		}
	}
	for i := 1; i < len(evs); i++ {
		if gap := evs[i].at.Sub(evs[i-1].at); gap < 500*time.Millisecond {
			t.Errorf("enqueues %v apart (%s then %s)", gap, evs[i-1].who, evs[i].who)
		}
	}
	for tick := from.Truncate(time.Second).Add(time.Second); !tick.After(to.Add(-1500 * time.Millisecond)); tick = tick.Add(time.Second) {
		found := false
		for _, ev := range evs {
			if d := ev.at.Sub(tick); d >= 0 && d < 1500*time.Millisecond {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("tick %s not enqueued within 1.5 s", tick.UTC().Format("15:04:05.000"))
		}
	}
}

// TestTwoSchedulersOneTaskPerTick runs two Schedulers on the same lock
// with an every-second feed for 3.5 s: each tick is enqueued once, by the
// leader, on time.
func TestTwoSchedulersOneTaskPerTick(t *testing.T) {
	env := newRedisEnv(t)
	q := env.queue("tick")
	path := filepath.Join(t.TempDir(), "feeds.yaml")
	writeFile(t, path, feedsYAML(q, "https://tick.example/rss"))

	var log enqueueLog
	a, _ := startScheduler(t, env, path, "sched-a", &log, func(err error) { t.Logf("a: %v", err) })
	b, _ := startScheduler(t, env, path, "sched-b", &log, func(err error) { t.Logf("b: %v", err) })
	waitFor(t, "a leader", 2*time.Second, func() bool { return a.IsLeader() || b.IsLeader() })
	from := time.Now()
	if a.IsLeader() == b.IsLeader() {
		t.Fatal("both or neither lead")
	}
	time.Sleep(3500 * time.Millisecond)
	to := time.Now()

	evs := log.forURL("https://tick.example/rss")
	t.Logf("%d enqueues in %v", len(evs), to.Sub(from).Round(time.Millisecond))
	if len(evs) < 3 || len(evs) > 4 {
		t.Fatalf("%d enqueues in 3.5 s, want 3 or 4", len(evs))
	}
	leader := evs[0].who
	for _, ev := range evs {
		if ev.who != leader {
			t.Errorf("enqueues by both %s and %s", leader, ev.who)
		}
	}
	checkOnePerTick(t, evs, from, to)
	if got := len(env.pending(t, q)); got < len(evs) {
		t.Fatalf("%d tasks pending, %d enqueued", got, len(evs))
	}
	holder, err := env.rdb.Get(context.Background(), keys.New(env.prefix).SchedulerLock()).Result()
	if err != nil || holder != leader {
		t.Fatalf("lock holder %q (%v), want %q", holder, err, leader)
	}
}

// TestTwoManagersWithoutLeaderDoubleFire is the control: two plain
// PeriodicTaskManagers on the same file enqueue every tick twice, which
// the checks above would catch.
func TestTwoManagersWithoutLeaderDoubleFire(t *testing.T) {
	env := newRedisEnv(t)
	q := env.queue("double")
	path := filepath.Join(t.TempDir(), "feeds.yaml")
	writeFile(t, path, feedsYAML(q, "https://double.example/rss"))
	var log enqueueLog
	for _, who := range []string{"x", "y"} {
		mgr, err := asynq.NewPeriodicTaskManager(asynq.PeriodicTaskManagerOpts{
			PeriodicTaskConfigProvider: NewProvider(path, pollTask, nil),
			RedisConnOpt:               sharedConn{env.rdb},
			SyncInterval:               time.Second,
			SchedulerOpts:              &asynq.SchedulerOpts{LogLevel: asynq.WarnLevel, PostEnqueueFunc: log.hook(who)},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := mgr.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(mgr.Shutdown)
	}
	time.Sleep(2500 * time.Millisecond)
	evs := log.forURL("https://double.example/rss")
	ticks := map[int64]int{}
	for _, ev := range evs {
		ticks[ev.at.Unix()]++
	}
	doubled := 0
	for _, n := range ticks {
		if n == 2 {
			doubled++
		}
	}
	if doubled < 2 {
		t.Fatalf("only %d doubled ticks among %d enqueues: the control cannot show double firing", doubled, len(evs))
	}
}

// TestFileEditAddsFeed edits the feeds file under a running Scheduler: the
// new feed fires without a restart, and a broken edit keeps both feeds
// firing and is reported.
func TestFileEditAddsFeed(t *testing.T) {
	env := newRedisEnv(t)
	q := env.queue("edit")
	path := filepath.Join(t.TempDir(), "feeds.yaml")
	writeFile(t, path, feedsYAML(q, "https://one.example/rss"))

	var log enqueueLog
	errs := make(chan error, 10)
	s, _ := startScheduler(t, env, path, "sched-edit", &log, func(err error) {
		select {
		case errs <- err:
		default:
		}
	})
	waitFor(t, "leadership", 2*time.Second, s.IsLeader)
	waitFor(t, "first feed", 3*time.Second, func() bool { return len(log.forURL("https://one.example/rss")) > 0 })

	writeFile(t, path, feedsYAML(q, "https://one.example/rss", "https://two.example/rss"))
	edited := time.Now()
	waitFor(t, "added feed", 3*time.Second, func() bool { return len(log.forURL("https://two.example/rss")) > 0 })
	t.Logf("added feed fired %v after the edit", log.forURL("https://two.example/rss")[0].at.Sub(edited).Round(time.Millisecond))

	writeFile(t, path, "feeds:\n  - url: https://one.example/rss\n    every: 1s\n")
	select {
	case err := <-errs:
		if !errors.Is(err, ErrInvalid) {
			t.Fatalf("reported %v, want ErrInvalid", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("broken edit not reported")
	}
	n := len(log.forURL("https://two.example/rss"))
	waitFor(t, "second feed to keep firing", 3*time.Second, func() bool { return len(log.forURL("https://two.example/rss")) > n })

	urls := env.pending(t, q)
	seen := map[string]bool{}
	for _, u := range urls {
		seen[u] = true
	}
	if !seen["https://one.example/rss"] || !seen["https://two.example/rss"] {
		t.Fatalf("pending tasks %v lack a feed", urls)
	}
}

// TestFailover stops the leader: the follower takes over within the
// retry interval and ticks go on, still once each.
func TestFailover(t *testing.T) {
	env := newRedisEnv(t)
	q := env.queue("failover")
	path := filepath.Join(t.TempDir(), "feeds.yaml")
	writeFile(t, path, feedsYAML(q, "https://fail.example/rss"))

	var log enqueueLog
	a, stopA := startScheduler(t, env, path, "sched-a", &log, nil)
	waitFor(t, "a to lead", 2*time.Second, a.IsLeader)
	b, _ := startScheduler(t, env, path, "sched-b", &log, nil)
	from := time.Now()
	time.Sleep(1500 * time.Millisecond)
	if b.IsLeader() {
		t.Fatal("b leads while a holds the lock")
	}
	stopA()
	stopped := time.Now()
	waitFor(t, "b to take over", time.Second, b.IsLeader)
	t.Logf("b took over %v after a stopped", time.Since(stopped).Round(time.Millisecond))
	time.Sleep(2500 * time.Millisecond)
	to := time.Now()

	evs := log.forURL("https://fail.example/rss")
	var byA, byB int
	for _, ev := range evs {
		switch {
		case ev.who == "sched-a" && !ev.at.After(stopped):
			byA++
		case ev.who == "sched-b" && ev.at.After(stopped):
			byB++
		default:
			t.Errorf("enqueue by %s at the wrong time", ev.who)
		}
	}
	if byA == 0 || byB == 0 {
		t.Fatalf("enqueues by a: %d, by b: %d; want both", byA, byB)
	}
	checkOnePerTick(t, evs, from, to)
}

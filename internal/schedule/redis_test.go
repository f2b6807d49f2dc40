package schedule

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// testRedisAddr is the shared Redis every test isolates itself in.
const testRedisAddr = "127.0.0.1:6379"

type redisEnv struct {
	rdb    *redis.Client
	prefix string // copydesk key prefix, unique to the test
	suffix string // makes queue names unique to the test
	queues []string
}

// newRedisEnv connects to the shared Redis, with a unique key prefix and
// queue names, and deletes everything the test created when it ends
// (the prefix's keys and asynq's keys of the test's queues; never FLUSH*).
func newRedisEnv(t *testing.T) *redisEnv {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: testRedisAddr})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		rdb.Close()
		if testing.Short() {
			t.Skipf("no Redis at %s: %v", testRedisAddr, err)
		}
		t.Fatalf("no Redis at %s (use -short to skip): %v", testRedisAddr, err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	env := &redisEnv{rdb: rdb, prefix: "copydesk-test-" + id + ":", suffix: id}
	t.Cleanup(func() {
		ctx := context.Background()
		patterns := []string{env.prefix + "*"}
		for _, q := range env.queues {
			patterns = append(patterns, "asynq:{"+q+"}:*")
		}
		for _, p := range patterns {
			iter := rdb.Scan(ctx, 0, p, 500).Iterator()
			for iter.Next(ctx) {
				rdb.Del(ctx, iter.Val())
			}
		}
		if len(env.queues) > 0 {
			qs := make([]any, len(env.queues))
			for i, q := range env.queues {
				qs[i] = q
			}
			rdb.SRem(ctx, "asynq:queues", qs...)
		}
		rdb.Close()
	})
	return env
}

// queue returns a queue name unique to this test.
func (e *redisEnv) queue(name string) string {
	q := "copydesk-test-" + name + "-" + e.suffix
	e.queues = append(e.queues, q)
	return q
}

// pending returns the URLs of the tasks waiting in queue.
func (e *redisEnv) pending(t *testing.T, queue string) []string {
	t.Helper()
	insp := asynq.NewInspectorFromRedisClient(e.rdb)
	tasks, err := insp.ListPendingTasks(queue, asynq.PageSize(1000))
	if err != nil {
		t.Fatalf("list pending tasks: %v", err)
	}
	var urls []string
	for _, ti := range tasks {
		var p struct{ URL string }
		_ = json.Unmarshal(ti.Payload, &p)
		urls = append(urls, p.URL)
	}
	return urls
}

// enqueueLog records the enqueues of one or more schedulers.
type enqueueLog struct {
	mu     sync.Mutex
	events []enqueueEvent
}

type enqueueEvent struct {
	who string
	at  time.Time
	url string
	err error
}

func (l *enqueueLog) hook(who string) func(*asynq.TaskInfo, error) {
	return func(info *asynq.TaskInfo, err error) {
		ev := enqueueEvent{who: who, at: time.Now(), err: err}
		if info != nil {
			var p struct{ URL string }
			_ = json.Unmarshal(info.Payload, &p)
			ev.url = p.URL
		}
		l.mu.Lock()
		l.events = append(l.events, ev)
		l.mu.Unlock()
	}
}

func (l *enqueueLog) snapshot() []enqueueEvent {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]enqueueEvent(nil), l.events...)
}

// forURL returns the successful enqueues of url.
func (l *enqueueLog) forURL(url string) []enqueueEvent {
	var out []enqueueEvent
	for _, ev := range l.snapshot() {
		if ev.err == nil && ev.url == url {
			out = append(out, ev)
		}
	}
	return out
}

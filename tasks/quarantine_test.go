package tasks_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"go.uber.org/zap/zaptest"

	"github.com/copydesk/copydesk/internal/store"
	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

// A run that never returns (here: a panic, which asynq recovers but which
// skips the handler chain's bookkeeping, like a crash) counts against the
// quarantine; runs that return an error do not.
func TestQuarantineArchivesTasksThatNeverFinish(t *testing.T) {
	rdb, prefix := testkit.Redis(t)
	q := testkit.Queue(t, rdb)
	st := store.New(rdb, store.Config{Prefix: prefix})
	var poisonRuns, flakyRuns atomic.Int32
	inner := asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		switch string(t.Payload()) {
		case "poison":
			poisonRuns.Add(1)
			panic("poison input")
		case "flaky":
			if flakyRuns.Add(1) <= 4 {
				return context.DeadlineExceeded // a transient failure, returned
			}
		}
		return nil
	})
	quar := &tasks.Quarantine{Attempts: st, Limit: 3}
	mux := asynq.NewServeMux()
	mux.Use(tasks.Observe(zaptest.NewLogger(t), nil), quar.Middleware)
	mux.Handle("test", inner)
	srv := asynq.NewServerFromRedisClient(rdb, asynq.Config{
		Concurrency: 2, Queues: map[string]int{q: 1}, LogLevel: asynq.FatalLevel,
		RetryDelayFunc: func(int, error, *asynq.Task) time.Duration { return 10 * time.Millisecond },
	})
	if err := srv.Start(mux); err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	client := asynq.NewClientFromRedisClient(rdb)
	poison, err := client.Enqueue(asynq.NewTask("test", []byte("poison")), asynq.Queue(q), asynq.MaxRetry(20))
	if err != nil {
		t.Fatal(err)
	}
	flaky, err := client.Enqueue(asynq.NewTask("test", []byte("flaky")), asynq.Queue(q), asynq.MaxRetry(20))
	if err != nil {
		t.Fatal(err)
	}
	insp := asynq.NewInspectorFromRedisClient(rdb)
	var info *asynq.TaskInfo
	testkit.Eventually(t, 30*time.Second, "poison archived", func() bool {
		i, err := insp.GetTaskInfo(q, poison.ID)
		info = i
		return err == nil && i.State == asynq.TaskStateArchived
	})
	if !strings.Contains(info.LastErr, "quarantined: 3 earlier runs never finished") {
		t.Errorf("archive reason = %q", info.LastErr)
	}
	if n := poisonRuns.Load(); n != 3 {
		t.Errorf("poison ran %d times, want 3 before quarantine", n)
	}
	qd, _ := st.Quarantined(context.Background())
	if qd[poison.ID] == "" {
		t.Errorf("quarantine record missing: %v", qd)
	}
	// Four returned failures are not crashes: the flaky task succeeds.
	testkit.Eventually(t, 30*time.Second, "flaky task done", func() bool {
		_, err := insp.GetTaskInfo(q, flaky.ID)
		return err != nil // completed tasks without retention are deleted
	})
	if n := flakyRuns.Load(); n != 5 {
		t.Errorf("flaky ran %d times, want 5", n)
	}
}

// Tasks whose run crashed (here: panicked, which skips the bookkeeping) run
// one at a time afterwards, so that a later crash implicates only its
// cause; fresh tasks keep running side by side.
func TestSuspectsRunAlone(t *testing.T) {
	rdb, prefix := testkit.Redis(t)
	q := testkit.Queue(t, rdb)
	st := store.New(rdb, store.Config{Prefix: prefix})
	var running, most, done atomic.Int32
	var crashedOnce sync.Map
	inner := asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		id, _ := asynq.GetTaskID(ctx)
		if _, seen := crashedOnce.LoadOrStore(id, true); !seen {
			panic("crash on the first run")
		}
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		time.Sleep(30 * time.Millisecond)
		running.Add(-1)
		done.Add(1)
		return nil
	})
	quar := &tasks.Quarantine{Attempts: st, Limit: 3}
	mux := asynq.NewServeMux()
	mux.Use(quar.Middleware)
	mux.Handle("test", inner)
	srv := asynq.NewServerFromRedisClient(rdb, asynq.Config{
		Concurrency: 6, Queues: map[string]int{q: 1}, LogLevel: asynq.FatalLevel,
		RetryDelayFunc: func(int, error, *asynq.Task) time.Duration { return 10 * time.Millisecond },
	})
	if err := srv.Start(mux); err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	client := asynq.NewClientFromRedisClient(rdb)
	for i := 0; i < 6; i++ {
		if _, err := client.Enqueue(asynq.NewTask("test", []byte{byte(i)}), asynq.Queue(q), asynq.MaxRetry(5)); err != nil {
			t.Fatal(err)
		}
	}
	testkit.Eventually(t, 30*time.Second, "all six done", func() bool { return done.Load() == 6 })
	if m := most.Load(); m != 1 {
		t.Errorf("%d suspects ran at once, want 1", m)
	}
}

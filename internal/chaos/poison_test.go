package chaos

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap/zaptest"

	"github.com/copydesk/copydesk/internal/metrics"
	"github.com/copydesk/copydesk/internal/pipeline"
	"github.com/copydesk/copydesk/internal/store"
	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

// quarantineReason is what the archive reason of a quarantined task says.
const quarantineReason = "quarantined: task started 3 times without finishing"

func innocentText(n int) string {
	return fmt.Sprintf("Mayor Ana Ruiz opened library number %d in Valencia on Monday.\n\n"+
		"“It belongs to everyone,” Ruiz said, as children queued at the door.\n\n"+
		"The council paid for the building with a loan that runs for %d years.", n, 10+n)
}

// TestQuarantineArchivesAfterLimit runs the real handler chain (the mux
// with the quarantine middleware, the real pipeline and store) on an asynq
// server in this process. Crashes are simulated the way a crashed run
// leaves them: BeginAttempt was called and EndAttempt never was.
func TestQuarantineArchivesAfterLimit(t *testing.T) {
	ctx := context.Background()
	rdb, prefix := testkit.Redis(t)
	queue := testkit.Queue(t, rdb)
	st := store.New(rdb, store.Config{Prefix: prefix})
	pl, err := pipeline.New(pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	m := metrics.New(reg)
	process := &tasks.ProcessHandler{Pipeline: pl, Store: st}
	log := zaptest.NewLogger(t)
	mux := tasks.NewMux(tasks.Handlers{Process: process, Fetch: &tasks.FetchHandler{Process: process}, Feed: &tasks.FeedHandler{}},
		log, m, &tasks.Quarantine{Attempts: st, Metrics: m})

	type tc struct {
		name    string
		crashes int // unfinished starts left behind before the run
		task    *asynq.Task
		id      string
	}
	cases := []*tc{{name: "three crashes", crashes: 3}, {name: "two crashes", crashes: 2}, {name: "no crash", crashes: 0}}
	client := asynq.NewClientFromRedisClient(rdb)
	for i, c := range cases {
		task, err := tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{
			Text: innocentText(i), URL: fmt.Sprintf("https://example.com/quarantine/%s/%d", testkit.Unique(), i),
		}, asynq.Queue(queue))
		if err != nil {
			t.Fatal(err)
		}
		c.task = task
		c.id, _, _ = tasks.Identity(task)
		for n := 0; n < c.crashes; n++ {
			if _, err := st.BeginAttempt(ctx, c.id); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := client.Enqueue(task); err != nil {
			t.Fatal(err)
		}
	}
	srv := asynq.NewServerFromRedisClient(rdb, asynq.Config{
		Concurrency: 2, Queues: map[string]int{queue: 1},
		IsFailure: tasks.IsFailure, RetryDelayFunc: tasks.RetryDelay,
		Logger: log.Named("asynq").Sugar(), LogLevel: asynq.WarnLevel,
	})
	if err := srv.Start(mux); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	insp := asynq.NewInspectorFromRedisClient(rdb)
	infos := map[string]*asynq.TaskInfo{}
	testkit.Eventually(t, 60*time.Second, "the three tasks finished", func() bool {
		for _, c := range cases {
			i, err := insp.GetTaskInfo(queue, c.id)
			if err != nil || (i.State != asynq.TaskStateArchived && i.State != asynq.TaskStateCompleted) {
				return false
			}
			infos[c.name] = i
		}
		return true
	})
	quarantined, err := st.Quarantined(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		info := infos[c.name]
		articleID := *tasks.KnownArticleID(c.task)
		_, getErr := st.Get(ctx, articleID)
		left, err := rdb.Exists(ctx, st.Keys().Attempts(c.id)).Result()
		if err != nil {
			t.Fatal(err)
		}
		if left != 0 {
			t.Errorf("%s: the unfinished-start counter is still there after the task finished", c.name)
		}
		if c.crashes >= 3 {
			if info.State != asynq.TaskStateArchived || info.Retried != 0 || !strings.Contains(info.LastErr, quarantineReason) {
				t.Errorf("%s: state %v, retried %d, reason %q; want archived at once with %q", c.name, info.State, info.Retried, info.LastErr, quarantineReason)
			}
			if !strings.Contains(quarantined[c.id], quarantineReason) {
				t.Errorf("%s: quarantine record = %q, want the reason", c.name, quarantined[c.id])
			}
			if !errors.Is(getErr, store.ErrNotFound) {
				t.Errorf("%s: the quarantined task ran its handler and stored a record (%v)", c.name, getErr)
			}
			continue
		}
		if info.State != asynq.TaskStateCompleted || getErr != nil {
			t.Errorf("%s: state %v (%s), record: %v; want it processed", c.name, info.State, info.LastErr, getErr)
		}
		if _, ok := quarantined[c.id]; ok {
			t.Errorf("%s: quarantined although it crashed only %d times", c.name, c.crashes)
		}
	}
	if n := counterValue(t, reg, "copydesk_quarantined_total"); n != 1 {
		t.Errorf("copydesk_quarantined_total = %v, want 1", n)
	}
}

// counterValue reads a counter without labels from reg.
func counterValue(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("metric %s not registered", name)
	return 0
}

// hangServer answers /hang never (until the request is cancelled) and
// /slow after a delay; it counts the requests to each.
type hangServer struct {
	*httptest.Server
	hangs, slows atomic.Int32
	started      chan struct{} // one value per /hang request
}

func newHangServer(t *testing.T, slow time.Duration) *hangServer {
	h := &hangServer{started: make(chan struct{}, 100)}
	stop := make(chan struct{})
	var once sync.Once
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/hang":
			h.hangs.Add(1)
			h.started <- struct{}{}
			select {
			case <-r.Context().Done():
			case <-stop:
			}
		case "/slow":
			h.slows.Add(1)
			select {
			case <-time.After(slow):
			case <-r.Context().Done():
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>
<p>The harbour of Valparaíso reopened on Tuesday after a week of repairs, the port authority said.</p>
<p>“Ships can dock again,” said port director Elena Soto, adding that traffic would be back to normal by Friday.</p>
<p>Fishermen had waited for days for the cranes to be fixed, and many welcomed the news at the quay.</p></article></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(func() {
		once.Do(func() { close(stop) })
		h.Close()
	})
	return h
}

// TestPoisonKillLoop SIGKILLs the worker each time it runs a task that
// hangs, as a task that crashes the process would, and restarts it. asynq
// only notices a dead worker's task after its lease expires (60–120 s), so
// this takes minutes. Retry backoff after each recovery is skipped with
// Inspector.RunTask (the skipped delay is reported); the lease recovery is
// not.
func TestPoisonKillLoop(t *testing.T) {
	chaosTier(t)
	ctx := context.Background()
	rs := startRedis(t, redisOptions{AOF: true})
	rdb := rs.client()
	defer rdb.Close()
	prefix, queue := "copydesk:", "poison"
	srv := newHangServer(t, 2*time.Second)
	spec := workerSpec{RedisURL: rs.url(), Prefix: prefix, Queue: queue,
		Args: []string{"--unsafe-allow-loopback-fetch", "--host-rate", "100000", "--concurrency", "4"}}
	client := asynq.NewClientFromRedisClient(rdb)
	insp := asynq.NewInspectorFromRedisClient(rdb)
	st := store.New(rdb, store.Config{Prefix: prefix})

	mustEnqueue := func(task *asynq.Task, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		info, err := client.Enqueue(task, asynq.Queue(queue))
		if err != nil {
			t.Fatal(err)
		}
		return info.ID
	}
	start := time.Now()
	w := startWorker(t, spec)
	poison := mustEnqueue(tasks.NewArticleFetchTask(tasks.ArticleFetchPayload{URL: srv.URL + "/hang"}))
	// Innocent tasks beside it: one quick, and one slow fetch that is in
	// flight when the worker is first killed.
	innocents := []string{
		mustEnqueue(tasks.NewArticleFetchTask(tasks.ArticleFetchPayload{URL: srv.URL + "/slow"})),
		mustEnqueue(tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{Text: innocentText(1), URL: "https://example.com/innocent/1"})),
	}
	var skipped time.Duration
	kills := 0
	for round := 1; ; round++ {
		// Wait for the poison to start, or to be archived.
		var archived bool
		deadline := time.Now().Add(5 * time.Minute)
	wait:
		for {
			select {
			case <-srv.started:
				break wait
			case <-time.After(time.Second):
			}
			if time.Now().After(deadline) {
				t.Fatalf("round %d: the poison task neither ran nor was archived within 5 minutes", round)
			}
			info, err := insp.GetTaskInfo(queue, poison)
			if err != nil {
				continue
			}
			if info.State == asynq.TaskStateArchived {
				archived = true
				break wait
			}
			if info.State == asynq.TaskStateRetry {
				skipped += time.Until(info.NextProcessAt)
				if err := insp.RunTask(queue, poison); err != nil && !errors.Is(err, asynq.ErrTaskNotFound) {
					t.Logf("run task: %v", err)
				}
			}
		}
		if archived {
			break
		}
		if round == 1 {
			// Let the slow innocent fetch be in flight too.
			testkit.Eventually(t, 10*time.Second, "the slow innocent fetch in flight", func() bool { return srv.slows.Load() >= 1 })
		}
		if w.diedOnItsOwn() {
			t.Fatalf("the worker exited on its own: %v", w.exitErr())
		}
		w.kill()
		kills++
		t.Logf("round %d: SIGKILLed the worker while the poison task ran (%s after start)", round, time.Since(start).Round(time.Second))
		if kills > 5 {
			t.Fatalf("the poison task is still running after %d crashes: no quarantine", kills)
		}
		w = startWorker(t, spec)
	}
	took := time.Since(start)
	info, err := insp.GetTaskInfo(queue, poison)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(info.LastErr, quarantineReason) {
		t.Errorf("poison archived with %q, want the quarantine reason %q", info.LastErr, quarantineReason)
	}
	if kills != 3 || srv.hangs.Load() != 3 {
		t.Errorf("the poison ran its handler %d times over %d crashes; want 3 and 3 (quarantined on the 4th start)", srv.hangs.Load(), kills)
	}
	q, err := st.Quarantined(ctx)
	if err != nil || !strings.Contains(q[poison], quarantineReason) {
		t.Errorf("quarantine record of the poison = %q, %v", q[poison], err)
	}
	for _, id := range innocents {
		var state asynq.TaskState
		testkit.Eventually(t, 4*time.Minute, "innocent task "+id+" completed", func() bool {
			i, err := insp.GetTaskInfo(queue, id)
			if err == nil && i.State == asynq.TaskStateRetry {
				insp.RunTask(queue, id)
			}
			if err == nil {
				state = i.State
			}
			return err == nil && (i.State == asynq.TaskStateCompleted || i.State == asynq.TaskStateArchived)
		})
		if state != asynq.TaskStateCompleted {
			i, _ := insp.GetTaskInfo(queue, id)
			t.Errorf("innocent task %s ended %v: %s", id, state, i.LastErr)
			continue
		}
		if aid, err := st.ArticleForTask(ctx, id); err != nil {
			t.Errorf("innocent task %s completed but no record: %v", id, err)
		} else if _, err := st.Get(ctx, aid); err != nil {
			t.Errorf("innocent task %s: %v", id, err)
		}
		if _, ok := q[id]; ok {
			t.Errorf("innocent task %s was quarantined", id)
		}
	}
	t.Logf("RESULT poison: quarantined after %d SIGKILLs in %s (retried %d; lease recovery waited for; %s of retry backoff skipped, so about %s without the skip); innocent tasks stored: %d/%d; slow innocent fetched %d times",
		kills, took.Round(time.Second), info.Retried, skipped.Round(time.Second), (took + skipped).Round(time.Second), len(innocents), len(innocents), srv.slows.Load())
}

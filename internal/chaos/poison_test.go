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
	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/store"
	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

// quarantineReason is what the archive reason of a task quarantined after
// three crashes says.
const quarantineReason = "quarantined: 3 earlier runs never finished"

func innocentText(n int) string {
	return fmt.Sprintf("Mayor Ana Ruiz opened library number %d in Valencia on Monday.\n\n"+
		"“It belongs to everyone,” Ruiz said, as children queued at the door.\n\n"+
		"The council paid for the building with a loan that runs for %d years.", n, 10+n)
}

const harbourPage = `<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>
<p>The harbour of Valparaíso reopened on Tuesday after a week of repairs, the port authority said.</p>
<p>“Ships can dock again,” said port director Elena Soto, adding that traffic would be back to normal by Friday.</p>
<p>Fishermen had waited for days for the cranes to be fixed, and many welcomed the news at the quay.</p></article></body></html>`

// poisonServer answers /hang never (until the request is cancelled: the
// stand-in for input that crashes the worker), /slow after a delay, and
// /flaky with 503 the first three times; it counts the requests.
type poisonServer struct {
	*httptest.Server
	hangs, slows, flakies atomic.Int32
}

func newPoisonServer(t *testing.T, slow time.Duration) *poisonServer {
	h := &poisonServer{}
	stop := make(chan struct{})
	var once sync.Once
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/hang":
			h.hangs.Add(1)
			select {
			case <-r.Context().Done():
			case <-stop:
			}
			return
		case "/slow":
			h.slows.Add(1)
			select {
			case <-time.After(slow):
			case <-r.Context().Done():
				return
			}
		case "/flaky":
			if h.flakies.Add(1) <= 3 {
				http.Error(w, "try again", http.StatusServiceUnavailable)
				return
			}
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, strings.Replace(harbourPage, "Harbour reopens", "Harbour reopens "+r.URL.Path[1:], 2))
	}))
	t.Cleanup(func() {
		once.Do(func() { close(stop) })
		h.Close()
	})
	return h
}

// crashLoopResult is what a crash loop measured.
type crashLoopResult struct {
	kills   int
	took    time.Duration
	skipped time.Duration // retry backoff skipped with Inspector.RunTask
	retried int
}

// runCrashLoop SIGKILLs the worker each time it runs a task that hangs, as
// input that crashes the process would, restarts it, and repeats until
// the task is archived. Innocent tasks run beside it: a quick article, a
// slow fetch that is in flight at the first crash, and a fetch that fails
// (returning an error) three times before it succeeds.
//
// asynq notices a dead worker's task only after its lease has been expired
// for 30 s, and looks once a minute (and when a server starts). With
// fastLease the test moves the lease expiry of the dead worker's tasks into
// the past in asynq's lease set, so the restarted worker's recoverer takes
// them back at once; without it, the loop waits for asynq. Either way the
// poison's retry delay that follows is skipped with Inspector.RunTask, and
// the time skipped is reported.
func runCrashLoop(t *testing.T, fastLease bool) crashLoopResult {
	ctx := context.Background()
	rs := startRedis(t, redisOptions{AOF: true})
	rdb := rs.client()
	defer rdb.Close()
	prefix, queue := "copydesk:", "poison"
	srv := newPoisonServer(t, 2*time.Second)
	spec := workerSpec{RedisURL: rs.url(), Prefix: prefix, Queue: queue,
		Args: []string{"--unsafe-allow-loopback-fetch", "--host-rate", "100000", "--shutdown-timeout", "2s"}}
	client := asynq.NewClientFromRedisClient(rdb)
	insp := asynq.NewInspectorFromRedisClient(rdb)
	st := store.New(rdb, store.Config{Prefix: prefix})
	enqueue := func(task *asynq.Task, err error) string {
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
	var res crashLoopResult
	start := time.Now()
	w := startWorker(t, spec)
	poison := enqueue(tasks.NewArticleFetchTask(tasks.ArticleFetchPayload{URL: srv.URL + "/hang"}))
	innocents := []string{
		enqueue(tasks.NewArticleFetchTask(tasks.ArticleFetchPayload{URL: srv.URL + "/slow"})),
		enqueue(tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{Text: innocentText(1), URL: "https://example.com/innocent/1"})),
		enqueue(tasks.NewArticleFetchTask(tasks.ArticleFetchPayload{URL: srv.URL + "/flaky"})),
	}
	// runDue moves tasks waiting out a retry backoff to pending.
	runDue := func(ids ...string) {
		for _, id := range ids {
			if i, err := insp.GetTaskInfo(queue, id); err == nil && i.State == asynq.TaskStateRetry {
				if err := insp.RunTask(queue, id); err == nil && id == poison {
					res.skipped += time.Until(i.NextProcessAt)
				}
			}
		}
	}
	for {
		// Wait for the poison's next run, or for it to be archived.
		deadline := time.Now().Add(5 * time.Minute)
		archived := false
		for int(srv.hangs.Load()) == res.kills {
			if time.Now().After(deadline) {
				t.Fatalf("after %d crashes the poison task neither ran again nor was archived within 5 minutes", res.kills)
			}
			if i, err := insp.GetTaskInfo(queue, poison); err == nil && i.State == asynq.TaskStateArchived {
				archived = true
				break
			}
			// Only the poison's backoff is skipped here: skipping the
			// innocents' too would line them up with the poison, and a task
			// in flight at three crashes is quarantined however innocent.
			runDue(poison)
			time.Sleep(200 * time.Millisecond)
		}
		if archived {
			break
		}
		if res.kills == 0 {
			testkit.Eventually(t, 10*time.Second, "the slow innocent fetch in flight", func() bool { return srv.slows.Load() >= 1 })
		}
		if w.diedOnItsOwn() {
			t.Fatalf("the worker exited on its own: %v", w.exitErr())
		}
		w.kill()
		res.kills++
		t.Logf("crash %d: SIGKILLed the worker while the poison task ran (%s after the start)", res.kills, time.Since(start).Round(time.Second))
		if res.kills > 5 {
			t.Fatalf("the poison task still runs after %d crashes: no quarantine", res.kills)
		}
		if fastLease {
			expireLeases(t, rdb, queue, poison)
		}
		w = startWorker(t, spec)
	}
	res.took = time.Since(start)

	info, err := insp.GetTaskInfo(queue, poison)
	if err != nil {
		t.Fatal(err)
	}
	res.retried = info.Retried
	if !strings.Contains(info.LastErr, quarantineReason) {
		t.Errorf("poison archived with %q, want %q", info.LastErr, quarantineReason)
	}
	if res.kills != 3 || srv.hangs.Load() != 3 {
		t.Errorf("the poison ran %d times over %d crashes; want 3 and 3 (archived at its 4th start without running)", srv.hangs.Load(), res.kills)
	}
	q, err := st.Quarantined(ctx)
	if err != nil || !strings.Contains(q[poison], quarantineReason) {
		t.Errorf("quarantine record of the poison = %q, %v", q[poison], err)
	}
	for _, id := range innocents {
		// Completed tasks are not retained: "not found" means done.
		for deadline := time.Now().Add(4 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
			runDue(id)
			i, err := insp.GetTaskInfo(queue, id)
			if errors.Is(err, asynq.ErrTaskNotFound) || err == nil && i.State == asynq.TaskStateCompleted {
				break
			}
			if err == nil && i.State == asynq.TaskStateArchived {
				t.Errorf("innocent task %s archived: %s", id, i.LastErr)
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("innocent task %s unfinished after 4 minutes: %+v (%v)", id, i, err)
			}
		}
		if aid, err := st.ArticleForTask(ctx, id); err != nil {
			t.Errorf("innocent task %s completed without a record: %v", id, err)
		} else if _, err := st.Get(ctx, aid); err != nil {
			t.Errorf("innocent task %s: %v", id, err)
		}
		if _, ok := q[id]; ok {
			t.Errorf("innocent task %s was quarantined", id)
		}
	}
	if n := srv.flakies.Load(); n < 4 {
		t.Errorf("the flaky fetch ran %d times, want 3 failures and a success", n)
	}
	if w.diedOnItsOwn() {
		t.Errorf("the worker exited on its own: %v", w.exitErr())
	}
	return res
}

// expireLeases moves the lease expiry of every task in the queue's lease set
// 2 minutes into the past, as if asynq's 30 s lease and 30 s grace had run
// out; the worker that held them is dead. The set is asynq's own
// ("asynq:{QUEUE}:lease", scored by expiry in Unix seconds): the test
// fails if the poison is not in it, so a change of layout cannot go
// unnoticed.
func expireLeases(t *testing.T, rdb *redis.Client, queue, mustHold string) {
	t.Helper()
	ctx := context.Background()
	key := "asynq:{" + queue + "}:lease"
	if err := rdb.ZScore(ctx, key, mustHold).Err(); err != nil {
		t.Fatalf("the killed worker's lease on the poison is not in %s: %v", key, err)
	}
	ids, err := rdb.ZRange(ctx, key, 0, -1).Result()
	if err != nil {
		t.Fatal(err)
	}
	past := float64(time.Now().Add(-2 * time.Minute).Unix())
	for _, id := range ids {
		if err := rdb.ZAddXX(ctx, key, redis.Z{Score: past, Member: id}).Err(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestQuarantineAfterRealKills is the fast form of the crash loop: real
// SIGKILLs of the worker binary, with asynq's lease expiry brought forward.
func TestQuarantineAfterRealKills(t *testing.T) {
	res := runCrashLoop(t, true)
	t.Logf("quarantined after %d SIGKILLs in %s (retried %d)", res.kills, res.took.Round(100*time.Millisecond), res.retried)
}

// TestPoisonKillLoop is the crash loop with asynq's own lease recovery
// (60–120 s per crash), so it takes minutes.
//
//	COPYDESK_CHAOS=1 go test -count=1 -timeout 60m -v -run TestPoisonKillLoop ./internal/chaos/
func TestPoisonKillLoop(t *testing.T) {
	chaosTier(t)
	res := runCrashLoop(t, false)
	t.Logf("RESULT poison: quarantined after %d SIGKILLs in %s with asynq's own lease recovery (retried %d); %s of retry backoff skipped, so about %s without the skip; innocent tasks all stored",
		res.kills, res.took.Round(time.Second), res.retried, res.skipped.Round(time.Second), (res.took + res.skipped).Round(time.Second))
}

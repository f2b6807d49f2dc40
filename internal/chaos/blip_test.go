package chaos

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
)

// blipBound is how long the queue may take to drain once Redis is back. A
// task whose final state write failed while Redis was down stays active
// until its lease is recovered (60–120 s, the asynq bug in FACTS.md), and a
// run that returned an error waits out one retry backoff (15–44 s).
const blipBound = 4 * time.Minute

// TestRedisBlip stops Redis for 2 s while two workers process 300
// articles (half of them fetched slowly, so that many are in flight), then
// starts it again on the same port from its append-only file.
//
//	COPYDESK_CHAOS=1 go test -count=1 -timeout 60m -v -run TestRedisBlip ./internal/chaos/
func TestRedisBlip(t *testing.T) {
	chaosTier(t)
	ctx := context.Background()
	rs := startRedis(t, redisOptions{AOF: true})
	srv, pages := slowPages(t)
	queue, prefix := "blip", "copydesk:"
	run := &chaosRun{t: t, rs: rs, rdb: rs.client(), acked: map[int]bool{}, snaps: newSnapshots()}
	defer run.rdb.Close()
	run.spec = workerSpec{RedisURL: rs.url(), Prefix: prefix, Queue: queue,
		Args: []string{"--unsafe-allow-loopback-fetch", "--host-rate", "1000000", "--concurrency", "8", "--shutdown-timeout", "2s"}}
	run.arts = makeArticles(t, 300, 8, queue, srv.URL, pages)
	refs := referenceRecords(t, run.arts)
	ids := make([]string, len(run.arts))
	for i, a := range run.arts {
		ids[i] = a.articleID
	}
	keyOf := func(id string) string { return prefix + "article:{" + id + "}" }
	for i := 0; i < 2; i++ {
		w := startWorker(t, run.spec)
		run.workers = append(run.workers, w)
		run.all = append(run.all, w)
	}
	client := asynq.NewClientFromRedisClient(run.rdb)
	for i, a := range run.arts {
		if _, err := client.Enqueue(a.task); err != nil && !errors.Is(err, asynq.ErrTaskIDConflict) {
			t.Fatal(err)
		}
		run.acked[i] = true
	}
	stop := make(chan struct{})
	var bg sync.WaitGroup
	bg.Add(1)
	go func() {
		defer bg.Done()
		for {
			select {
			case <-stop:
				return
			case <-time.After(time.Second):
				run.snaps.poll(ctx, run.rdb, keyOf, ids)
			}
		}
	}()

	// Stop Redis once a fifth of the articles are stored.
	var stored int
	for start := time.Now(); time.Since(start) < time.Minute; time.Sleep(50 * time.Millisecond) {
		keys, err := recordKeys(ctx, run.rdb, prefix)
		if err == nil && len(keys) >= len(run.arts)/5 {
			stored = len(keys)
			break
		}
	}
	inflight := srv.inflight.Load()
	rs.stop()
	down := time.Now()
	time.Sleep(2 * time.Second)
	rs.restart()
	back := time.Now()
	var rep chaosReport
	rep.Faults = []string{fmt.Sprintf("Redis stopped after %d of %d records, with %d fetches in flight; down for %s",
		stored, len(run.arts), inflight, back.Sub(down).Round(time.Millisecond))}
	for time.Since(back) < blipBound {
		if n, err := unfinished(ctx, run.rdb, queue); err == nil && n == 0 {
			rep.Drained = true
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	rep.Drain = time.Since(back)
	run.snaps.poll(ctx, run.rdb, keyOf, ids)
	close(stop)
	bg.Wait()
	for _, w := range run.workers {
		if w.diedOnItsOwn() {
			t.Errorf("a worker exited on its own: %v\n%s", w.exitErr(), tail(w.log.String(), 3000))
		}
	}
	insp := asynq.NewInspectorFromRedisClient(run.rdb)
	run.countExecutions(&rep)
	run.check(ctx, &rep, refs, prefix, queue, insp)
	t.Logf("RESULT blip: %s", rep.Faults[0])
	t.Logf("RESULT blip: drained %v %s after Redis came back (bound %s); missing %d of %d; duplicate executions %d (over %d tasks); record rewrites seen %d; successful runs after an error %d; handler errors %d; duplicate events %d",
		rep.Drained, rep.Drain.Round(100*time.Millisecond), blipBound, len(rep.Missing), rep.Acked, rep.DupExecutions, rep.DupTasks, rep.Rewrites, rep.DoneAfterRetry, rep.HandlerErrors, rep.DupEvents)
	if !rep.Drained {
		t.Errorf("the queue did not drain within %s of Redis coming back", blipBound)
	}
	listSome(t, "articles lost", rep.Missing)
	listSome(t, "records of unknown articles", rep.Extra)
	listSome(t, "records differ from the pipeline's output", rep.Mismatch)
	listSome(t, "records changed on re-processing (beyond processed_at)", rep.Changed)
	if rep.MissingTask > 0 {
		t.Errorf("%d TaskID → article id mappings missing", rep.MissingTask)
	}
	if rep.Unannounced > 0 {
		t.Errorf("%d stored articles were never announced on the events stream", rep.Unannounced)
	}
}

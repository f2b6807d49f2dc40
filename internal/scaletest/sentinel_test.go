package scaletest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/redisconn"
	"github.com/copydesk/copydesk/internal/store"
	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

const masterName = "mymaster"

// sentinelSetup is a primary, a replica and three sentinels.
type sentinelSetup struct {
	primary, replica *redisNode
	sentinels        []*redisNode
}

func (s *sentinelSetup) url() string {
	addrs := make([]string, len(s.sentinels))
	for i, n := range s.sentinels {
		addrs[i] = n.addr
	}
	return "redis-sentinel://" + strings.Join(addrs, ",") + "?master=" + masterName
}

// startSentinelSetup starts the primary and its replica (AOF on, fsync
// always) and three sentinels (quorum 2, down after 1 s, failover timeout
// 5 s), and waits until every sentinel knows the replica and the other
// sentinels.
func startSentinelSetup(t *testing.T) *sentinelSetup {
	t.Helper()
	conf := []string{"appendonly yes", "appendfsync always", "repl-diskless-sync-delay 0"}
	s := &sentinelSetup{}
	s.primary = startRedis(t, "primary", false, conf...)
	s.replica = startRedis(t, "replica", false, append(conf, "replicaof 127.0.0.1 "+strconv.Itoa(s.primary.port))...)
	rc := s.replica.client(t)
	defer rc.Close()
	ctx := context.Background()
	eventually(t, 20*time.Second, "replica in sync", func() bool {
		info, err := rc.Info(ctx, "replication").Result()
		return err == nil && strings.Contains(info, "master_link_status:up")
	})
	for i := 0; i < 3; i++ {
		s.sentinels = append(s.sentinels, startRedis(t, fmt.Sprintf("sentinel-%d", i), true,
			fmt.Sprintf("sentinel monitor %s 127.0.0.1 %d 2", masterName, s.primary.port),
			"sentinel down-after-milliseconds "+masterName+" 1000",
			"sentinel failover-timeout "+masterName+" 5000",
			"sentinel parallel-syncs "+masterName+" 1",
		))
	}
	for _, n := range s.sentinels {
		c := n.client(t)
		eventually(t, 30*time.Second, n.name+" to know the replica and the other sentinels", func() bool {
			reps, err1 := c.Do(ctx, "SENTINEL", "REPLICAS", masterName).Slice()
			sens, err2 := c.Do(ctx, "SENTINEL", "SENTINELS", masterName).Slice()
			return err1 == nil && err2 == nil && len(reps) == 1 && len(sens) == 2
		})
		c.Close()
	}
	return s
}

// masterPort asks a sentinel for the current master's port.
func masterPort(ctx context.Context, c *redis.Client) int {
	addr, err := c.Do(ctx, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName).StringSlice()
	if err != nil || len(addr) != 2 {
		return 0
	}
	p, _ := strconv.Atoi(addr[1])
	return p
}

// item is one submitted article: its task, TaskID and article id.
type item struct {
	task   *asynq.Task
	taskID string
	id     string
}

// TestSentinelFailover runs the worker through Sentinel while a producer
// submits distinct articles, and SIGKILLs the primary mid-run, with
// acknowledged writes not yet replicated and tasks running. It then checks
// the design's promise: with every article re-enqueued once under the same
// TaskID, each ends up stored exactly once and no task is lost. Repeats on
// the events stream (delivery is at least once) are counted, not failed.
//
// A task that was running when the primary died, and whose end the new
// primary never heard of, stays active there until asynq's lease recovery
// takes it back: it retries a task whose 30 s lease expired more than 30 s
// ago, checking once a minute from each server's start, and the retry then
// backs off 15–44 s. To keep the test near a minute and a half, a second
// worker joins once such tasks show (its check a minute later is the first
// one sure to find them) and the test runs recovered tasks at once with
// `enqueue rerun`, as an operator would. SCALETEST_UNASSISTED=1 does
// neither and measures the unassisted delay (up to about three minutes).
func TestSentinelFailover(t *testing.T) {
	needRedisServer(t)
	const n = 200
	assisted := os.Getenv("SCALETEST_UNASSISTED") != "1"
	ss := startSentinelSetup(t)
	redisURL := ss.url()
	ctx := context.Background()
	queue := "failover." + testkit.Unique()
	w := startWorker(t, "worker", redisURL, queue, 8)

	opts, err := redisconn.Options(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	opts.Dialer = dialer(t)
	rdb := redis.NewUniversalClient(opts)
	t.Cleanup(func() { rdb.Close() })
	insp := asynq.NewInspectorFromRedisClient(rdb)
	// As `enqueue` builds it: a TaskID already mapped to a record is a
	// duplicate.
	sub := &tasks.Submitter{Client: asynq.NewClientFromRedisClient(rdb), Inspector: insp,
		Lookup: store.New(rdb, store.Config{Prefix: prefix}).ArticleForTask}

	arts := variants(t, n, 3, "https://failover.example/news")
	items := make([]item, n)
	for i, a := range arts {
		task, err := tasks.NewArticleProcessTask(a)
		if err != nil {
			t.Fatal(err)
		}
		tid, _, _ := tasks.Identity(task)
		items[i] = item{task: task, taskID: tid, id: articleID(t, a.URL)}
	}

	// The producer: four goroutines, each submission retried until
	// acknowledged (a duplicate counts). The second half waits at the gate;
	// then 60 come at once, so that the worker is busy when replication is
	// cut, and the rest slowly, so that the producer is still at work
	// through the failover.
	pace := func(i int) time.Duration {
		switch {
		case i < n/2:
			return 40 * time.Millisecond
		case i < n/2+60:
			return 0
		}
		return 150 * time.Millisecond
	}
	type job struct {
		i  int
		it item
	}
	var acked, retried, failedAttempts atomic.Int64
	var ackMu sync.Mutex
	var ackTimes []time.Time
	jobs := make(chan job)
	prodErr := make(chan error, 4)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				it := j.it
				deadline := time.Now().Add(60 * time.Second)
				for attempt := 0; ; attempt++ {
					sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
					_, err := sub.Submit(sctx, it.task, queue, false)
					cancel()
					if err == nil {
						if attempt > 0 {
							retried.Add(1)
						}
						break
					}
					failedAttempts.Add(1)
					if time.Now().After(deadline) {
						prodErr <- fmt.Errorf("submit %s: never acknowledged: %w", it.taskID, err)
						return
					}
					time.Sleep(100 * time.Millisecond)
				}
				ackMu.Lock()
				ackTimes = append(ackTimes, time.Now())
				ackMu.Unlock()
				acked.Add(1)
				time.Sleep(pace(j.i))
			}
		}()
	}
	gate := make(chan struct{})
	var openGate sync.Once
	defer openGate.Do(func() { close(gate) })
	go func() {
		for i, it := range items {
			if i == n/2 {
				<-gate
			}
			jobs <- job{i, it}
		}
		close(jobs)
	}()

	// Mid-run, while the worker is busy, the replica falls behind and the
	// primary dies: SIGSTOP the replica (so that it cannot reconnect), cut
	// its link on the primary, let the producer and the worker go on for
	// 300 ms (all of it acknowledged, none of it replicated), SIGKILL the
	// primary, SIGCONT the replica.
	sc := ss.sentinels[0].client(t)
	defer sc.Close()
	rc := ss.replica.client(t)
	defer rc.Close()
	pc := ss.primary.client(t)
	defer pc.Close()
	eventually(t, 60*time.Second, fmt.Sprintf("%d acknowledged submissions and 10 records", n/2), func() bool {
		return acked.Load() >= n/2 && rc.XLen(ctx, prefix+"events").Val() >= 10
	})
	openGate.Do(func() { close(gate) })
	gateOpened := time.Now()
	for pc.LLen(ctx, "asynq:{"+queue+"}:active").Val() < 2 {
		if time.Since(gateOpened) > 10*time.Second {
			t.Fatal("the worker never had two tasks running during the burst")
		}
		time.Sleep(2 * time.Millisecond)
	}
	busy := time.Since(gateOpened)
	if err := ss.replica.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	stopped := time.Now()
	cut := pc.ClientKillByFilter(ctx, "TYPE", "replica")
	active := pc.LLen(ctx, "asynq:{"+queue+"}:active").Val()
	ackedAtCut := acked.Load()
	if err := cut.Err(); err != nil || cut.Val() != 1 {
		ss.replica.cmd.Process.Signal(syscall.SIGCONT)
		t.Fatalf("CLIENT KILL TYPE replica: %d, %v", cut.Val(), err)
	}
	if err := pc.Set(ctx, "scaletest:marker", "unreplicated", 0).Err(); err != nil {
		ss.replica.cmd.Process.Signal(syscall.SIGCONT)
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	ss.primary.kill()
	killed := time.Now()
	ss.replica.cmd.Process.Signal(syscall.SIGCONT)
	ackedAtKill := acked.Load()

	// A cron job's `enqueue article` through the failover: it must exit 0
	// (done or duplicate) or 3 (Redis unreachable, try again), nothing else.
	last := arts[n-1]
	cliDone := make(chan []string, 1)
	go func() {
		var codes []string
		for start := time.Now(); time.Since(start) < 30*time.Second; {
			out, errOut, code, err := runEnqueue(redisURL, strings.NewReader(last.Text), "article", "--queue", queue, "--url", last.URL, "-")
			if err != nil {
				codes = append(codes, err.Error())
				break
			}
			codes = append(codes, strconv.Itoa(code))
			if code != 0 && code != 3 {
				codes = append(codes, fmt.Sprintf("(stdout %q, stderr %q)", out, errOut))
			}
			if code == 0 {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		cliDone <- codes
	}()

	failover := eventually(t, 30*time.Second, "sentinel to promote the replica", func() bool {
		return masterPort(ctx, sc) == ss.replica.port
	})
	if role, err := rc.Do(ctx, "ROLE").Slice(); err != nil || len(role) == 0 || role[0] != "master" {
		t.Fatalf("replica ROLE after the switch: %v %v", role, err)
	}
	wg.Wait()
	close(prodErr)
	cliCodes := <-cliDone
	t.Logf("enqueue article through the failover, retried every 200 ms: exit codes %v", cliCodes)
	if len(cliCodes) == 0 || cliCodes[len(cliCodes)-1] != "0" {
		t.Errorf("enqueue article never succeeded through the failover: %v", cliCodes)
	}
	for _, c := range cliCodes {
		if c != "0" && c != "3" {
			t.Errorf("enqueue article exited %s during the failover; want 0 (done) or 3 (Redis unreachable): %v", c, cliCodes)
			break
		}
	}
	for err := range prodErr {
		t.Fatal(err)
	}
	var firstAckAfterKill time.Duration
	ackMu.Lock()
	for _, at := range ackTimes {
		if at.After(killed) {
			firstAckAfterKill = at.Sub(killed)
			break
		}
	}
	ackMu.Unlock()
	t.Logf("replication cut %s into the burst with %d tasks running; %d submissions acknowledged at the kill, %d of them after the cut (the replica was stopped %s)",
		busy.Round(time.Millisecond), active, ackedAtKill, ackedAtKill-ackedAtCut, killed.Sub(stopped).Round(time.Millisecond))
	t.Logf("failover: sentinel switched %s after the SIGKILL; the first acknowledged submission came %s after it",
		failover.Round(time.Millisecond), firstAckAfterKill.Round(time.Millisecond))
	t.Logf("producer: %d submissions, %d needed retries, %d failed attempts in all", n, retried.Load(), failedAttempts.Load())

	// As the README says producers must: every article once more, same
	// TaskIDs, through the enqueue CLI.
	out, errOut, code := enqueue(t, redisURL, bytes.NewReader(jsonl(t, arts)), "batch", "--queue", queue, "--quiet", "-")
	if code != 0 {
		t.Fatalf("re-enqueue batch: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	sum := parseSummary(t, errOut)
	if sum.Lines != n || sum.Enqueued+sum.Duplicates != n {
		t.Fatalf("re-enqueue summary %+v, want %d lines all enqueued or duplicate", sum, n)
	}
	t.Logf("re-enqueue: %d enqueued again (acknowledged, then lost with the primary), %d duplicates", sum.Enqueued, sum.Duplicates)
	if sum.Enqueued == 0 {
		t.Errorf("no acknowledged submission was lost (%d were acknowledged after the replication cut): the test did not exercise the re-enqueue it is about",
			ackedAtKill-ackedAtCut)
	}

	// Every article ends up stored, announced and mapped to its task, and
	// the queue drains.
	timeout := 130 * time.Second
	if !assisted {
		timeout = 240 * time.Second
	}
	reenqueued := time.Now()
	var lastReport time.Time
	stuck := 0 // tasks still active 10 s after the kill
	joined := false
	recovered := map[string]bool{} // tasks taken back by lease recovery
	storedBefore := 0              // … whose article was already complete
	rerun := 0
	for {
		missing := incomplete(ctx, t, rdb, insp, queue, items)
		incompleteIDs := map[string]bool{}
		states := map[string]int{}
		for _, m := range missing {
			states[m.state]++
			incompleteIDs[m.taskID] = true
		}
		qi, err := insp.GetQueueInfo(queue)
		if err != nil {
			t.Fatalf("queue info: %v", err)
		}
		if len(missing) == 0 && qi.Pending+qi.Active+qi.Retry+qi.Scheduled == 0 {
			break
		}
		if time.Since(killed) > 10*time.Second && qi.Active > stuck {
			stuck = qi.Active
			if assisted && !joined {
				// Its lease check a minute from now is the first one
				// sure to find the leases the old primary held.
				joined = true
				startWorker(t, "worker-2", redisURL, queue, 8)
				t.Logf("%s after the kill: %d tasks stuck active; a second worker joins", time.Since(killed).Round(time.Second), stuck)
			}
		}
		retries, err := insp.ListRetryTasks(queue)
		if err != nil {
			t.Fatalf("list retry tasks: %v", err)
		}
		for _, ti := range retries {
			if strings.Contains(ti.LastErr, "lease expired") && !recovered[ti.ID] {
				recovered[ti.ID] = true
				if !incompleteIDs[ti.ID] {
					storedBefore++
				}
				t.Logf("task %s…: lease recovered %s after the kill (its article complete: %v), next run in %s",
					ti.ID[:30], time.Since(killed).Round(time.Second), !incompleteIDs[ti.ID], time.Until(ti.NextProcessAt).Round(time.Second))
			}
			if assisted {
				if out, errOut, code := enqueue(t, redisURL, nil, "rerun", "--queue", queue, ti.ID); code != 0 {
					t.Logf("enqueue rerun %s: exit %d %s %s", ti.ID, code, out, errOut)
				} else {
					rerun++
				}
			}
		}
		if time.Since(reenqueued) > timeout {
			for i, m := range missing {
				if i == 10 {
					break
				}
				t.Logf("incomplete: %+v", m)
			}
			t.Fatalf("%s after the re-enqueue: %d articles lack their record, event or task mapping (their tasks: %v); queue: %d pending, %d active, %d retry, %d scheduled",
				timeout, len(missing), states, qi.Pending, qi.Active, qi.Retry, qi.Scheduled)
		}
		if time.Since(lastReport) > 10*time.Second {
			lastReport = time.Now()
			t.Logf("%s after the kill: %d articles incomplete (their tasks: %v); queue: %d pending, %d active, %d retry",
				time.Since(killed).Round(time.Second), len(missing), states, qi.Pending, qi.Active, qi.Retry)
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Logf("all %d articles stored and the queue drained %s after the re-enqueue, %s after the kill; %d tasks were stuck active, %d recovered, %d of them after their article was stored; %d reruns by hand",
		n, time.Since(reenqueued).Round(time.Millisecond), time.Since(killed).Round(time.Millisecond), stuck, len(recovered), storedBefore, rerun)

	// Exactly once: one record per id and nothing else; each task mapped.
	keys, err := scanRecords(ctx, rc)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, it := range items {
		want[it.id] = true
	}
	if len(keys) != n {
		t.Errorf("%d record keys, want %d", len(keys), n)
	}
	for _, k := range keys {
		if !want[recordKeyID(k)] {
			t.Errorf("unexpected record %s", k)
		}
	}
	// The stream: at least once, so dedupe on (id, content_hash).
	ev := readEvents(ctx, t, rdb)
	if first := ev.firstAfter(killed); first.IsZero() {
		t.Error("no event after the kill")
	} else {
		t.Logf("the first record after the kill was announced %s after it (%s after the switch)",
			first.Sub(killed).Round(time.Millisecond), first.Sub(killed.Add(failover)).Round(time.Millisecond))
	}
	perID := map[string]int{}
	for p := range ev.pairs {
		perID[p[0]]++
	}
	for id := range want {
		if perID[id] != 1 {
			t.Errorf("article %s has %d distinct content hashes on the stream, want 1", id, perID[id])
		}
	}
	if len(ev.ids) != n {
		t.Errorf("%d ids on the stream, want %d", len(ev.ids), n)
	}
	var repeated []string
	for p, c := range ev.pairs {
		if c > 1 {
			repeated = append(repeated, fmt.Sprintf("%s×%d", p[0], c))
		}
	}
	sort.Strings(repeated)
	t.Logf("events stream: %d entries, %d distinct (id, content_hash), %d repeats %v", ev.entries, len(ev.pairs), ev.entries-len(ev.pairs), repeated)

	// No task lost or given up on.
	qi, err := insp.GetQueueInfo(queue)
	if err != nil {
		t.Fatal(err)
	}
	if qi.Archived != 0 || qi.Pending != 0 || qi.Active != 0 || qi.Retry != 0 || qi.Scheduled != 0 {
		t.Errorf("queue after the run: %d pending, %d active, %d retry, %d scheduled, %d archived; want none",
			qi.Pending, qi.Active, qi.Retry, qi.Scheduled, qi.Archived)
	}
	if w.exited() {
		t.Errorf("the worker exited during the failover: %v", w.err)
	}
	if rdb.Exists(ctx, "scaletest:marker").Val() != 0 {
		t.Errorf("the marker written after the replication cut survived the failover: no write was lost")
	}
	t.Logf("worker log: %d warnings, %d errors; for example:\n%s", strings.Count(w.log.String(), `"level":"warn"`),
		strings.Count(w.log.String(), `"level":"error"`), grepLines(w.log.String(), `"level":"warn"`, 3))
}

// incompleteArticle is an article that lacks its record, its event or its
// task mapping, with the state of its task.
type incompleteArticle struct {
	taskID, id string
	record     bool
	event      bool
	mapping    bool
	state      string
}

// incomplete lists the articles that lack their record, their event or
// their task mapping.
func incomplete(ctx context.Context, t *testing.T, rdb redis.UniversalClient, insp *asynq.Inspector, queue string, items []item) []incompleteArticle {
	t.Helper()
	ev := readEvents(ctx, t, rdb)
	recs := make([]*redis.IntCmd, len(items))
	maps := make([]*redis.StringCmd, len(items))
	_, err := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, it := range items {
			recs[i] = p.Exists(ctx, prefix+"article:{"+it.id+"}")
			maps[i] = p.Get(ctx, prefix+"task:{"+it.taskID+"}")
		}
		return nil
	})
	if err != nil && err != redis.Nil {
		t.Fatalf("check records: %v", err)
	}
	var out []incompleteArticle
	for i, it := range items {
		m := incompleteArticle{taskID: it.taskID, id: it.id, record: recs[i].Val() == 1, event: ev.ids[it.id], mapping: maps[i].Val() == it.id}
		if m.record && m.event && m.mapping {
			continue
		}
		// A finished task leaves nothing behind (no retention).
		m.state = "gone"
		if info, err := insp.GetTaskInfo(queue, it.taskID); err == nil {
			m.state = info.State.String()
		}
		out = append(out, m)
	}
	return out
}

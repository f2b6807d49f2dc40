package chaos

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/tasks"
)

// seedPath is the seed article the chaos articles are made from.
const seedPath = "../../examples/seed-putin-north-korea.txt"

// drainBound is how long the queue may take to drain after the last fault:
// a SIGKILLed worker's tasks come back after lease recovery (60–120 s) and
// the retry delay tasks.RetryDelay gives a lost lease, and a task whose
// final state write was lost to the Redis restart takes the same path; a
// task that also returned an error waits out asynq's backoff (15–44 s after
// one failure, 16–74 s after two).
const drainBound = 5 * time.Minute

// chaosArticle is one of the generated articles.
type chaosArticle struct {
	ref       tasks.ArticleProcessPayload // what the pipeline sees
	task      *asynq.Task
	taskID    string
	articleID string
}

// makeArticles builds n distinct articles from the seed's paragraphs (each
// keeps a random 70% of them, as cmd/bench does). Every odd one is served
// as HTML by srvURL and submitted as article:fetch; the others are
// article:process with their text. pages receives the HTML by path.
func makeArticles(t *testing.T, n int, seed int64, queue, srvURL string, pages map[string][]byte) []chaosArticle {
	t.Helper()
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(strings.TrimSpace(string(b)), "\n\n")
	r := rand.New(rand.NewSource(seed))
	out := make([]chaosArticle, n)
	for i := range out {
		var keep []string
		for _, p := range paras {
			if r.Float64() < 0.7 {
				keep = append(keep, p)
			}
		}
		keep = append(keep, fmt.Sprintf("Reference %d-%d.", seed, i))
		var a chaosArticle
		if i%2 == 0 {
			a.ref = tasks.ArticleProcessPayload{Text: strings.Join(keep, "\n\n"), URL: fmt.Sprintf("https://chaos.example/%d/%d", seed, i)}
			a.task, err = tasks.NewArticleProcessTask(a.ref, asynq.Queue(queue))
		} else {
			path := fmt.Sprintf("/a/%d", i)
			var h strings.Builder
			h.WriteString("<!doctype html><html><head><meta charset=\"utf-8\"><title>Putin in Pyongyang, part " + strconv.Itoa(i) + "</title></head><body><article>")
			for _, p := range keep {
				h.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
			}
			h.WriteString("</article></body></html>")
			pages[path] = []byte(h.String())
			a.ref = tasks.ArticleProcessPayload{HTML: h.String(), URL: srvURL + path}
			a.task, err = tasks.NewArticleFetchTask(tasks.ArticleFetchPayload{URL: srvURL + path}, asynq.Queue(queue))
		}
		if err != nil {
			t.Fatal(err)
		}
		a.taskID, _, _ = tasks.Identity(a.task)
		a.articleID = *tasks.KnownArticleID(a.task)
		out[i] = a
	}
	return out
}

// slowPages serves the pages after a delay of 0.2–1.5 s that depends on
// the path, so that a SIGKILL always finds fetches in flight.
func slowPages(t *testing.T) (*pageServer, map[string][]byte) {
	pages := map[string][]byte{}
	var mu sync.RWMutex
	ps := &pageServer{}
	ps.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.RLock()
		b, ok := pages[r.URL.Path]
		mu.RUnlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		ps.inflight.Add(1)
		defer ps.inflight.Add(-1)
		n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/a/"))
		select {
		case <-time.After(time.Duration(200+n*7919%1300) * time.Millisecond):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b)
	}))
	t.Cleanup(ps.Close)
	return ps, pages
}

// pageServer serves the fetched articles and counts requests in flight.
type pageServer struct {
	*httptest.Server
	inflight atomic.Int32
}

// referenceRecords runs the same payloads through `worker process --jsonl`
// (the pipeline in-process, no Redis) and returns the records by id.
func referenceRecords(t *testing.T, arts []chaosArticle) map[string]map[string]any {
	t.Helper()
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, a := range arts {
		enc.Encode(a.ref)
	}
	cmd := exec.Command(filepath.Join(binDir, "worker"), "process", "--jsonl")
	cmd.Env = childEnv()
	cmd.Stdin = &in
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("worker process: %v\n%s", err, errb.String())
	}
	refs := map[string]map[string]any{}
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		id, _ := m["id"].(string)
		refs[id] = m
	}
	for _, a := range arts {
		if refs[a.articleID] == nil {
			t.Fatalf("reference run has no record for %s", a.articleID)
		}
	}
	return refs
}

// contentFields drops the fields that depend on when and in which order
// articles were stored, leaving what the pipeline alone decides.
func contentFields(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		switch k {
		case "processed_at", "first_seen_at", "duplicate_of", "story_id":
		default:
			out[k] = v
		}
	}
	return out
}

var processedAt = regexp.MustCompile(`"processed_at":"[^"]*"`)

// snapshots remembers the first version of each record seen during a run,
// to show that later writes change nothing but processed_at.
type snapshots struct {
	mu      sync.Mutex
	first   map[string][]byte // record with processed_at blanked
	lastPA  map[string]string
	rewrite map[string]int    // processed_at changes seen
	changed map[string]string // first difference seen
}

func newSnapshots() *snapshots {
	return &snapshots{first: map[string][]byte{}, lastPA: map[string]string{}, rewrite: map[string]int{}, changed: map[string]string{}}
}

// observe records the current version of one record.
func (s *snapshots) observe(id string, b []byte) {
	norm := processedAt.ReplaceAll(b, []byte(`"processed_at":""`))
	pa := string(processedAt.Find(b))
	s.mu.Lock()
	defer s.mu.Unlock()
	first, ok := s.first[id]
	if !ok {
		s.first[id], s.lastPA[id] = norm, pa
		return
	}
	if pa != s.lastPA[id] {
		s.rewrite[id]++
		s.lastPA[id] = pa
	}
	if !bytes.Equal(first, norm) && s.changed[id] == "" {
		s.changed[id] = firstDiff(first, norm)
	}
}

// rewrites is the number of record rewrites seen so far.
func (s *snapshots) rewrites() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.rewrite {
		n += r
	}
	return n
}

// poll reads every record once (errors, as while Redis is down, are
// ignored: the next poll reads again).
func (s *snapshots) poll(ctx context.Context, c *redis.Client, keyOf func(string) string, ids []string) {
	cmds := make([]*redis.StringCmd, len(ids))
	_, err := c.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.Get(ctx, keyOf(id))
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return
	}
	for i, cmd := range cmds {
		if b, err := cmd.Bytes(); err == nil {
			s.observe(ids[i], b)
		}
	}
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-60)
	return fmt.Sprintf("at byte %d: %q became %q", i, a[lo:min(len(a), i+60)], b[lo:min(len(b), i+60)])
}

// chaosReport is what the checker found after a run.
type chaosReport struct {
	Acked         int
	Missing       []string // acknowledged articles without a record
	Extra         []string // records of articles never submitted
	Mismatch      []string // records that differ from the reference
	Changed       []string // records that changed other than processed_at
	MissingTask   int      // TaskID → article id mappings missing
	DupExecutions int      // completed executions beyond the first
	DupTasks      int      // tasks completed more than once
	Rewrites      int      // record rewrites seen (processed_at changed)
	// DoneAfterRetry counts successful runs that were not a task's first
	// (after a lost worker or a returned error); HandlerErrors counts runs
	// that returned a transient error. Both come from the workers' logs:
	// completed tasks are not retained, so asynq cannot be asked.
	DoneAfterRetry int
	HandlerErrors  int
	Events         int
	DupEvents      int
	Unannounced    int
	Malformed      []string // malformed payloads not archived with a reason
	// Reprocessed articles were run once more after the drain;
	// ReprocessEvents is the number of events that added (want 0).
	Reprocessed       int
	ReprocessEvents   int
	ReprocessRewrites int
	ReprocessTook     time.Duration
	Drained           bool
	Drain             time.Duration
	LastFault         time.Duration // since the start
	Faults            []string
	DiedOnItsOwn      int
}

// chaosRun is one run of the kill-and-restart scenario.
type chaosRun struct {
	t       *testing.T
	rs      *redisServer
	rdb     *redis.Client
	spec    workerSpec
	arts    []chaosArticle
	bad     []malformed
	badIDs  []string
	mu      sync.Mutex
	acked   map[int]bool // article index → acknowledged
	workers []*workerProc
	all     []*workerProc
	snaps   *snapshots
}

// runKillAndRestart runs 500 articles and 20 malformed payloads through two
// workers on a private Redis while SIGKILLing workers six times and Redis
// once, then checks what is stored.
func runKillAndRestart(t *testing.T, persist bool) chaosReport {
	ctx := context.Background()
	rs := startRedis(t, redisOptions{AOF: persist})
	srv, pages := slowPages(t)
	queue, prefix := "chaos", "copydesk:"
	run := &chaosRun{t: t, rs: rs, rdb: rs.client(), acked: map[int]bool{}, snaps: newSnapshots()}
	defer run.rdb.Close()
	run.spec = workerSpec{RedisURL: rs.url(), Prefix: prefix, Queue: queue,
		Args: []string{"--unsafe-allow-loopback-fetch", "--host-rate", "1000000", "--concurrency", "8", "--shutdown-timeout", "2s"}}
	run.arts = makeArticles(t, 500, 7, queue, srv.URL, pages)
	run.bad = generateMalformed(99, 20)
	run.badIDs = make([]string, len(run.bad))
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
	start := time.Now()
	stop := make(chan struct{})
	var bg sync.WaitGroup
	producerDone := make(chan struct{})
	bg.Add(2)
	go func() { defer bg.Done(); defer close(producerDone); run.produce(stop, 30*time.Second) }()
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

	// Seven faults while the producer runs, one every 3.5–5 s from 3 s on:
	// six SIGKILLs of a random worker and, at a random place among them,
	// one SIGKILL of Redis.
	r := rand.New(rand.NewSource(2024))
	redisAt := 1 + r.Intn(5)
	var rep chaosReport
	at := 3 * time.Second
	for f := 0; f < 7; f++ {
		time.Sleep(time.Until(start.Add(at)))
		at += 3500*time.Millisecond + time.Duration(r.Intn(1500))*time.Millisecond
		for _, w := range run.workers {
			if w.diedOnItsOwn() {
				t.Errorf("a worker exited on its own: %v\n%s", w.exitErr(), tail(w.log.String(), 3000))
				rep.DiedOnItsOwn++
			}
		}
		if f == redisAt {
			rs.kill()
			down := time.Now()
			rs.restart()
			rep.Faults = append(rep.Faults, fmt.Sprintf("%.1fs SIGKILL redis (back after %s)", time.Since(start).Seconds(), time.Since(down).Round(time.Millisecond)))
			continue
		}
		i := r.Intn(len(run.workers))
		inflight := srv.inflight.Load()
		run.workers[i].kill()
		run.mu.Lock()
		w := launchWorker(t, run.spec)
		run.workers[i] = w
		run.all = append(run.all, w)
		run.mu.Unlock()
		if err := w.waitReady(t, 30*time.Second); err != nil {
			t.Fatalf("restart worker %d: %v\n%s", i, err, w.log.String())
		}
		rep.Faults = append(rep.Faults, fmt.Sprintf("%.1fs SIGKILL worker %d (%d fetches in flight over both workers)", time.Since(start).Seconds(), i, inflight))
	}
	lastFault := time.Now()
	rep.LastFault = lastFault.Sub(start)
	<-producerDone

	// Drain: nothing pending, active, scheduled or retrying.
	insp := asynq.NewInspectorFromRedisClient(run.rdb)
	for time.Since(lastFault) < drainBound {
		if n, err := unfinished(ctx, run.rdb, queue); err == nil && n == 0 {
			rep.Drained = true
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	rep.Drain = time.Since(lastFault)
	run.snaps.poll(ctx, run.rdb, keyOf, ids)
	run.countExecutions(&rep)
	if persist && rep.Drained {
		// Re-process every article once more, on purpose, so that
		// "identical but for processed_at" is checked on every record and
		// not only on those the faults happened to run twice.
		run.reprocess(ctx, &rep, keyOf, ids)
	}
	close(stop)
	bg.Wait()
	for _, w := range run.workers {
		if w.diedOnItsOwn() {
			t.Errorf("a worker exited on its own: %v", w.exitErr())
			rep.DiedOnItsOwn++
		}
	}
	run.check(ctx, &rep, refs, prefix, queue, insp)
	return rep
}

// reprocess deletes every article's completed task and enqueues it again,
// waits for the queue to drain, and counts the events added meanwhile
// (there must be none: the content did not change).
func (run *chaosRun) reprocess(ctx context.Context, rep *chaosReport, keyOf func(string) string, ids []string) {
	t := run.t
	insp := asynq.NewInspectorFromRedisClient(run.rdb)
	client := asynq.NewClientFromRedisClient(run.rdb)
	before, err := run.rdb.XLen(ctx, run.spec.Prefix+"events").Result()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for i, a := range run.arts {
		if !run.acked[i] {
			continue
		}
		if err := insp.DeleteTask(run.spec.Queue, a.taskID); err != nil && !errors.Is(err, asynq.ErrTaskNotFound) {
			t.Fatalf("delete task %s: %v", a.taskID, err)
		}
		if _, err := client.Enqueue(a.task); err != nil {
			t.Fatalf("enqueue again %s: %v", a.taskID, err)
		}
		rep.Reprocessed++
	}
	for time.Since(start) < 3*time.Minute {
		if n, err := unfinished(ctx, run.rdb, run.spec.Queue); err == nil && n == 0 {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	rep.ReprocessTook = time.Since(start)
	run.snaps.poll(ctx, run.rdb, keyOf, ids)
	rep.ReprocessRewrites = run.snaps.rewrites() - rep.Rewrites
	after, err := run.rdb.XLen(ctx, run.spec.Prefix+"events").Result()
	if err != nil {
		t.Fatal(err)
	}
	rep.ReprocessEvents = int(after - before)
}

// produce enqueues the articles and malformed payloads, shuffled, spread
// over about d; an enqueue that fails (Redis down) is retried until
// acknowledged, as a producer with TaskIDs does.
func (run *chaosRun) produce(stop chan struct{}, d time.Duration) {
	c := redis.NewClient(&redis.Options{Addr: run.rs.addr(), DialTimeout: time.Second, ReadTimeout: 2 * time.Second, WriteTimeout: 2 * time.Second})
	defer c.Close()
	client := asynq.NewClientFromRedisClient(c)
	n := len(run.arts) + len(run.bad)
	order := rand.New(rand.NewSource(11)).Perm(n)
	gap := d / time.Duration(n)
	for _, k := range order {
		for {
			select {
			case <-stop:
				return
			default:
			}
			var err error
			if k < len(run.arts) {
				_, err = client.Enqueue(run.arts[k].task)
				if err == nil || errors.Is(err, asynq.ErrTaskIDConflict) {
					run.mu.Lock()
					run.acked[k] = true
					run.mu.Unlock()
					break
				}
			} else {
				m := run.bad[k-len(run.arts)]
				var info *asynq.TaskInfo
				info, err = client.Enqueue(asynq.NewTask(m.Type, m.Payload), asynq.Queue(run.spec.Queue), asynq.MaxRetry(5))
				if err == nil {
					run.mu.Lock()
					run.badIDs[k-len(run.arts)] = info.ID
					run.mu.Unlock()
					break
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		time.Sleep(gap)
	}
}

// check fills rep with what is stored.
func (run *chaosRun) check(ctx context.Context, rep *chaosReport, refs map[string]map[string]any, prefix, queue string, insp *asynq.Inspector) {
	t := run.t
	want := map[string]int{}
	for i, a := range run.arts {
		if run.acked[i] {
			want[a.articleID] = i
			rep.Acked++
		}
	}
	keys, err := recordKeys(ctx, run.rdb, prefix)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, k := range keys {
		id := strings.TrimSuffix(strings.TrimPrefix(k, prefix+"article:{"), "}")
		found[id] = true
		if _, ok := want[id]; !ok {
			rep.Extra = append(rep.Extra, id)
		}
	}
	for id := range want {
		if !found[id] {
			rep.Missing = append(rep.Missing, id)
		}
	}
	sort.Strings(rep.Missing)
	// Each stored record: the pipeline's output for its article, and the
	// same as the first version seen during the run but for processed_at.
	for id := range found {
		b, err := run.rdb.Get(ctx, prefix+"article:{"+id+"}").Bytes()
		if err != nil {
			t.Fatal(err)
		}
		run.snaps.observe(id, b)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			rep.Mismatch = append(rep.Mismatch, id+": not JSON")
			continue
		}
		if ref := refs[id]; ref != nil && !reflect.DeepEqual(contentFields(m), contentFields(ref)) {
			rep.Mismatch = append(rep.Mismatch, id+": "+fieldDiff(contentFields(ref), contentFields(m)))
		}
	}
	run.snaps.mu.Lock()
	for id, d := range run.snaps.changed {
		rep.Changed = append(rep.Changed, id+": "+d)
	}
	run.snaps.mu.Unlock()
	// TaskID → article id mappings.
	for id, i := range want {
		if found[id] {
			got, err := run.rdb.Get(ctx, prefix+"task:{"+run.arts[i].taskID+"}").Result()
			if err != nil || got != id {
				rep.MissingTask++
			}
		}
	}
	// Events: at least one per stored article; extra ones are allowed
	// (at least once) and counted.
	msgs, err := run.rdb.XRange(ctx, prefix+"events", "-", "+").Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, m := range msgs {
		id, _ := m.Values["id"].(string)
		seen[id]++
	}
	rep.Events = len(msgs)
	for id := range found {
		if seen[id] == 0 {
			rep.Unannounced++
		}
		if seen[id] > 1 {
			rep.DupEvents += seen[id] - 1
		}
	}
	// Malformed payloads: archived, with the reason.
	archived, err := listArchived(insp, queue)
	if err != nil {
		rep.Malformed = []string{"cannot list archived tasks: " + err.Error()}
		return
	}
	rep.Malformed = checkArchived(run.bad, run.badIDs, archived, false)
}

// countExecutions counts, once the queue has drained, the executions that
// completed more than once and the runs after a failure or a lost lease,
// from the log lines of every worker run.
func (run *chaosRun) countExecutions(rep *chaosReport) {
	done := map[string]int{}
	for _, w := range run.all {
		for _, l := range parseLog(w.log.String()) {
			switch {
			case l.Msg == "task done":
				done[l.TaskID]++
				if l.Retried > 0 {
					rep.DoneAfterRetry++
				}
			case l.Msg == "task failed, will retry":
				rep.HandlerErrors++
			}
		}
	}
	for _, n := range done {
		if n > 1 {
			rep.DupTasks++
			rep.DupExecutions += n - 1
		}
	}
	rep.Rewrites = run.snaps.rewrites()
}

// fieldDiff names the fields in which two records differ.
func fieldDiff(want, got map[string]any) string {
	var names []string
	for k := range want {
		if !reflect.DeepEqual(want[k], got[k]) {
			names = append(names, k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return "fields differ from the reference: " + strings.Join(names, ", ")
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

func logReport(t *testing.T, name string, rep chaosReport) {
	t.Logf("RESULT %s: acknowledged %d, missing %d, extra %d, mismatched %d, changed on re-processing %d, task mappings missing %d",
		name, rep.Acked, len(rep.Missing), len(rep.Extra), len(rep.Mismatch), len(rep.Changed), rep.MissingTask)
	t.Logf("RESULT %s: duplicate executions %d (over %d tasks), record rewrites seen %d, successful runs after a lost worker or an error %d, handler errors %d, events %d (duplicates %d, articles never announced %d)",
		name, rep.DupExecutions, rep.DupTasks, rep.Rewrites, rep.DoneAfterRetry, rep.HandlerErrors, rep.Events, rep.DupEvents, rep.Unannounced)
	t.Logf("RESULT %s: last fault at %.1fs, drained %v %s after it (bound %s); malformed problems %d",
		name, rep.LastFault.Seconds(), rep.Drained, rep.Drain.Round(time.Second), drainBound, len(rep.Malformed))
	if rep.Reprocessed > 0 {
		t.Logf("RESULT %s: all %d articles processed again in %s: events added %d, records changed beyond processed_at %d",
			name, rep.Reprocessed, rep.ReprocessTook.Round(time.Second), rep.ReprocessEvents, len(rep.Changed))
	}
	for _, f := range rep.Faults {
		t.Logf("fault: %s", f)
	}
}

func listSome(t *testing.T, what string, xs []string) {
	t.Helper()
	if len(xs) == 0 {
		return
	}
	t.Errorf("%d %s, e.g.:\n  %s", len(xs), what, strings.Join(xs[:min(len(xs), 5)], "\n  "))
}

// TestKillAndRestart is the chaos run on a Redis with appendfsync always,
// and its negative control on a Redis without persistence.
//
//	COPYDESK_CHAOS=1 go test -count=1 -timeout 60m -v -run TestKillAndRestart ./internal/chaos/
func TestKillAndRestart(t *testing.T) {
	chaosTier(t)
	t.Run("aof", func(t *testing.T) {
		rep := runKillAndRestart(t, true)
		logReport(t, "aof", rep)
		if rep.Acked != 500 {
			t.Errorf("only %d of 500 enqueues acknowledged", rep.Acked)
		}
		listSome(t, "articles lost", rep.Missing)
		listSome(t, "records of unknown articles", rep.Extra)
		listSome(t, "records differ from the pipeline's output", rep.Mismatch)
		listSome(t, "records changed on re-processing (beyond processed_at)", rep.Changed)
		listSome(t, "malformed payloads not archived with a reason", rep.Malformed)
		if rep.MissingTask > 0 {
			t.Errorf("%d TaskID → article id mappings missing", rep.MissingTask)
		}
		if rep.Unannounced > 0 {
			t.Errorf("%d stored articles were never announced on the events stream", rep.Unannounced)
		}
		if !rep.Drained {
			t.Errorf("the queue did not drain within %s of the last fault", drainBound)
		}
		if rep.Reprocessed != rep.Acked || rep.ReprocessRewrites < rep.Reprocessed {
			t.Errorf("re-processing: %d articles enqueued again, %d rewrites seen; want every article rewritten", rep.Reprocessed, rep.ReprocessRewrites)
		}
		if rep.ReprocessEvents != 0 {
			t.Errorf("processing unchanged articles again added %d events, want none", rep.ReprocessEvents)
		}
	})
	t.Run("no-persistence", func(t *testing.T) {
		rep := runKillAndRestart(t, false)
		logReport(t, "no-persistence", rep)
		if len(rep.Missing) == 0 {
			t.Fatal("negative control: Redis restarted without persistence, yet the checker reports no lost article; the checker is vacuous")
		}
		t.Logf("negative control: the checker reports %d of %d articles lost, as it must", len(rep.Missing), rep.Acked)
	})
}

// TestSnapshotsSeeChanges shows that the re-processing check is not
// vacuous: a record rewritten with only a new processed_at passes, one with
// any other difference is reported.
func TestSnapshotsSeeChanges(t *testing.T) {
	s := newSnapshots()
	s.observe("a", []byte(`{"id":"a","title":"T","processed_at":"2024-06-19T10:00:00Z","x":1}`))
	s.observe("a", []byte(`{"id":"a","title":"T","processed_at":"2024-06-19T10:05:00Z","x":1}`))
	s.observe("b", []byte(`{"id":"b","title":"T","processed_at":"2024-06-19T10:00:00Z","duplicate_of":null}`))
	s.observe("b", []byte(`{"id":"b","title":"T","processed_at":"2024-06-19T10:05:00Z","duplicate_of":"a"}`))
	if s.changed["a"] != "" || s.rewrite["a"] != 1 {
		t.Errorf("a: changed %q, rewrites %d; want no change and one rewrite", s.changed["a"], s.rewrite["a"])
	}
	if s.changed["b"] == "" {
		t.Error("b: a changed duplicate_of went unnoticed")
	}
}

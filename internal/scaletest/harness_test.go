package scaletest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/feed"
	"github.com/copydesk/copydesk/internal/keys"
	"github.com/copydesk/copydesk/internal/pipeline"
	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

const (
	seedPath = "../../examples/seed-putin-north-korea.txt"
	seedURL  = "https://www.noticiascaracol.com/mundo/vladimir-putin-viajo-a-corea-del-norte-luego-de-25-anos-para-afianzar-alianzas-militares-cb20"
	prefix   = keys.DefaultPrefix
)

// binDir holds the worker and enqueue binaries built by TestMain; empty
// when redis-server is missing and every test skips.
var binDir string

// quietLog drops go-redis' internal messages (dial failures while a
// primary is down), which would otherwise flood the test output.
type quietLog struct{}

func (quietLog) Printf(context.Context, string, ...any) {}

func TestMain(m *testing.M) {
	redis.SetLogger(quietLog{})
	if _, err := exec.LookPath("redis-server"); err != nil {
		fmt.Fprintln(os.Stderr, "scaletest: redis-server not installed; the tests will skip")
		os.Exit(m.Run())
	}
	dir, err := testkit.BuildBinaries("../..")
	if err != nil {
		fmt.Fprintln(os.Stderr, "scaletest:", err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// needRedisServer skips the test when redis-server is not installed.
func needRedisServer(t *testing.T) {
	t.Helper()
	if binDir == "" {
		t.Skip("redis-server is not installed (.ci/run installs it)")
	}
}

// freePort returns a loopback TCP port that was free at the time of the call.
func freePort(t *testing.T) int {
	t.Helper()
	_, p, err := net.SplitHostPort(testkit.FreeAddr(t))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(p)
	return n
}

// dialer only reaches loopback; every test client uses it.
func dialer(t *testing.T) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 2 * time.Second, Control: testkit.LoopbackOnly(t)}
	return d.DialContext
}

// process is a child process whose output is kept for the failure log.
type process struct {
	name string
	cmd  *exec.Cmd
	log  *testkit.SyncBuffer
	done chan struct{}
	err  error
}

// start runs bin with args and stops it (SIGTERM, then SIGKILL after 10 s)
// when the test ends, logging its output if the test failed.
func start(t *testing.T, name string, env []string, bin string, args ...string) *process {
	t.Helper()
	p := &process{name: name, cmd: exec.Command(bin, args...), log: &testkit.SyncBuffer{}, done: make(chan struct{})}
	if env != nil {
		p.cmd.Env = append(os.Environ(), env...)
	}
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.stop(10 * time.Second)
		if t.Failed() {
			t.Logf("--- %s output (last 6000 bytes):\n%s", name, tail(p.log.String(), 6000))
		}
	})
	return p
}

// stop sends SIGTERM, waits up to grace, then kills. It is a no-op once the
// process has exited.
func (p *process) stop(grace time.Duration) {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(grace):
		p.cmd.Process.Kill()
		<-p.done
	}
}

// kill sends SIGKILL and waits for the process to go.
func (p *process) kill() {
	p.cmd.Process.Kill()
	<-p.done
}

func (p *process) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// eventually polls cond every 50 ms until it holds; it fails the test with
// what after timeout. It returns how long it waited.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		if cond() {
			return time.Since(start)
		}
		if time.Since(start) > timeout {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// worker is a running copydesk worker.
type worker struct {
	*process
	admin string
}

// startWorker runs the worker on redisURL, listening to queue only, and
// waits until it serves /readyz.
func startWorker(t *testing.T, name, redisURL, queue string, concurrency int) *worker {
	t.Helper()
	admin := testkit.FreeAddr(t)
	p := start(t, name, []string{"REDIS_URL=" + redisURL, "COPYDESK_PREFIX=" + prefix},
		filepath.Join(binDir, "worker"),
		"--queues", queue+"=1", "--http-addr", admin, "--servers", "1",
		"--concurrency", strconv.Itoa(concurrency), "--shutdown-timeout", "2s")
	w := &worker{process: p, admin: admin}
	hc := testkit.HTTPClient(t)
	eventually(t, 30*time.Second, name+" /readyz", func() bool {
		if p.exited() {
			t.Fatalf("%s exited: %v\n%s", name, p.err, p.log.String())
		}
		resp, err := hc.Get("http://" + admin + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200 && strings.Contains(p.log.String(), "worker started")
	})
	return w
}

// get fetches path from the worker's admin server.
func (w *worker) get(t *testing.T, path string) (int, []byte) {
	t.Helper()
	resp, err := testkit.HTTPClient(t).Get("http://" + w.admin + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// enqueue runs the enqueue binary against redisURL and returns stdout,
// stderr and the exit code.
func enqueue(t *testing.T, redisURL string, stdin io.Reader, args ...string) (string, string, int) {
	t.Helper()
	out, errOut, code, err := runEnqueue(redisURL, stdin, args...)
	if err != nil {
		t.Fatalf("run enqueue: %v", err)
	}
	return out, errOut, code
}

// runEnqueue is enqueue for other goroutines than the test's: it returns
// the error of a binary that could not run.
func runEnqueue(redisURL string, stdin io.Reader, args ...string) (string, string, int, error) {
	cmd := exec.Command(filepath.Join(binDir, "enqueue"), args...)
	cmd.Env = append(os.Environ(), "REDIS_URL="+redisURL, "COPYDESK_PREFIX="+prefix)
	cmd.Stdin = stdin
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), errb.String(), ee.ExitCode(), nil
	}
	return out.String(), errb.String(), 0, err
}

// batchSummary is the summary line `enqueue batch` prints on stderr.
type batchSummary struct {
	Lines      int64 `json:"lines"`
	Enqueued   int64 `json:"enqueued"`
	Duplicates int64 `json:"duplicates"`
	Invalid    int64 `json:"invalid"`
	Failed     int64 `json:"failed"`
}

func parseSummary(t *testing.T, stderr string) batchSummary {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	var s batchSummary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &s); err != nil {
		t.Fatalf("batch summary %q: %v", stderr, err)
	}
	return s
}

// articleID is the id copydesk gives an article submitted with url.
func articleID(t *testing.T, url string) string {
	t.Helper()
	cu, err := feed.CanonicalURL(url)
	if err != nil {
		t.Fatal(err)
	}
	return pipeline.ID(cu)
}

// variants returns n distinct articles built from the seed: each keeps a
// random 70% of its paragraphs (promos and the source line dropped) and
// gets a reference line and its own URL, so ids and texts differ while the
// vocabulary stays that of one day's news.
func variants(t *testing.T, n int, seed int64, urlBase string) []tasks.ArticleProcessPayload {
	t.Helper()
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	var paras []string
	for _, p := range strings.Split(strings.TrimSpace(string(b)), "\n\n") {
		p = strings.TrimSpace(p)
		if p == "" || strings.HasPrefix(p, ">>>") || strings.HasPrefix(p, "Source:") || p == "Leave a Reply" {
			continue
		}
		paras = append(paras, p)
	}
	r := rand.New(rand.NewSource(seed))
	out := make([]tasks.ArticleProcessPayload, n)
	for i := range out {
		var keep []string
		for _, p := range paras {
			if r.Float64() < 0.7 {
				keep = append(keep, p)
			}
		}
		keep = append(keep, fmt.Sprintf("Reference %d-%d.", seed, i))
		out[i] = tasks.ArticleProcessPayload{Text: strings.Join(keep, "\n\n"), URL: fmt.Sprintf("%s/%d/%d", urlBase, seed, i)}
	}
	return out
}

// jsonl encodes payloads one per line, as `enqueue batch` reads them.
func jsonl(t *testing.T, ps []tasks.ArticleProcessPayload) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, p := range ps {
		if err := enc.Encode(p); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// scanRecords lists the record keys (not their companions) on one node.
func scanRecords(ctx context.Context, c *redis.Client) ([]string, error) {
	var out []string
	iter := c.Scan(ctx, 0, prefix+"article:{*}", 1000).Iterator()
	for iter.Next(ctx) {
		if k := iter.Val(); strings.HasSuffix(k, "}") {
			out = append(out, k)
		}
	}
	return out, iter.Err()
}

// recordKeyID returns the article id in a record key.
func recordKeyID(k string) string {
	k = strings.TrimPrefix(k, prefix+"article:{")
	return strings.TrimSuffix(k, "}")
}

// eventStats reads the events stream and counts entries per id and the
// distinct (id, content_hash) pairs.
type eventStats struct {
	entries int
	pairs   map[[2]string]int
	ids     map[string]bool
	times   []time.Time // from the entry ids, in stream order
}

// firstAfter returns the time of the first entry after t, or zero.
func (s eventStats) firstAfter(t time.Time) time.Time {
	for _, at := range s.times {
		if at.After(t) {
			return at
		}
	}
	return time.Time{}
}

func readEvents(ctx context.Context, t *testing.T, c redis.UniversalClient) eventStats {
	t.Helper()
	msgs, err := c.XRange(ctx, prefix+"events", "-", "+").Result()
	if err != nil {
		t.Fatalf("read events: %v", err)
	}
	s := eventStats{entries: len(msgs), pairs: map[[2]string]int{}, ids: map[string]bool{}}
	for _, m := range msgs {
		id, _ := m.Values["id"].(string)
		h, _ := m.Values["content_hash"].(string)
		s.pairs[[2]string{id, h}]++
		s.ids[id] = true
		ms, _, _ := strings.Cut(m.ID, "-")
		if n, err := strconv.ParseInt(ms, 10, 64); err == nil {
			s.times = append(s.times, time.UnixMilli(n))
		}
	}
	return s
}

// grepLines returns up to max lines of s containing sub.
func grepLines(s, sub string, max int) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
			if len(out) == max {
				break
			}
		}
	}
	return strings.Join(out, "\n")
}

package chaos

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/testkit"
)

// binDir holds the worker binary built once for the package.
var binDir string

// quietRedis drops go-redis' own messages: these tests kill servers on
// purpose, and the pool's dial failures would drown the output.
type quietRedis struct{}

func (quietRedis) Printf(context.Context, string, ...any) {}

func TestMain(m *testing.M) {
	redis.SetLogger(quietRedis{})
	dir, err := testkit.BuildBinaries("../..")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// chaosTier skips t unless COPYDESK_CHAOS=1.
func chaosTier(t *testing.T) {
	t.Helper()
	if os.Getenv("COPYDESK_CHAOS") != "1" {
		t.Skip("chaos tier: set COPYDESK_CHAOS=1 to run (takes minutes)")
	}
}

// logLine is one zap JSON line of the worker's log.
type logLine struct {
	Level   string `json:"level"`
	Msg     string `json:"msg"`
	TaskID  string `json:"task_id"`
	Type    string `json:"type"`
	Error   string `json:"error"`
	Retried int    `json:"retried"`
}

// parseLog returns the JSON lines of a worker log (other lines are skipped).
func parseLog(s string) []logLine {
	var out []logLine
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		var l logLine
		if json.Unmarshal(sc.Bytes(), &l) == nil && l.Msg != "" {
			out = append(out, l)
		}
	}
	return out
}

// workerSpec says how to run a worker process.
type workerSpec struct {
	RedisURL string
	Prefix   string
	Queue    string
	Args     []string // extra flags
	Env      []string // extra environment
}

// workerProc is one run of the worker binary.
type workerProc struct {
	cmd    *exec.Cmd
	log    *testkit.SyncBuffer
	admin  string
	done   chan struct{}
	mu     sync.Mutex
	err    error
	killed bool
}

// childEnv is the environment for child processes: the test's own, minus
// anything that would point the child elsewhere, plus extra.
func childEnv(extra ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == "REDIS_URL" || strings.HasPrefix(name, "COPYDESK_") || name == "SSL_CERT_FILE" || name == "SSL_CERT_DIR" {
			continue
		}
		out = append(out, kv)
	}
	return append(out, extra...)
}

// launchWorker starts the worker without waiting for it to be ready.
func launchWorker(t *testing.T, s workerSpec) *workerProc {
	t.Helper()
	admin := testkit.FreeAddr(t)
	// --enqueue-queue keeps tasks the worker enqueues itself (POST
	// /v1/articles, feed items) on the test's own queue.
	args := []string{"--queues", s.Queue + "=1", "--enqueue-queue", s.Queue, "--http-addr", admin,
		"--servers", "1", "--concurrency", "4", "--test-only-loopback-dials"}
	env := []string{"COPYDESK_PREFIX=" + s.Prefix}
	if s.RedisURL != "" {
		env = append(env, "REDIS_URL="+s.RedisURL)
	}
	w := launchWorkerRaw(t, append(args, s.Args...), append(env, s.Env...))
	w.admin = admin
	return w
}

// launchWorkerRaw runs the worker binary with exactly args and the test's
// environment (cleaned, see childEnv) plus env.
func launchWorkerRaw(t *testing.T, args, env []string) *workerProc {
	t.Helper()
	cmd := exec.Command(filepath.Join(binDir, "worker"), args...)
	cmd.Env = childEnv(env...)
	w := &workerProc{cmd: cmd, log: &testkit.SyncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = w.log, w.log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start worker: %v", err)
	}
	go func() {
		err := cmd.Wait()
		w.mu.Lock()
		w.err = err
		w.mu.Unlock()
		close(w.done)
	}()
	t.Cleanup(func() {
		if w.running() {
			w.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-w.done:
			case <-time.After(15 * time.Second):
				w.cmd.Process.Kill()
				<-w.done
			}
		}
	})
	return w
}

// startWorker starts the worker and waits until it serves /readyz.
func startWorker(t *testing.T, s workerSpec) *workerProc {
	t.Helper()
	w := launchWorker(t, s)
	if err := w.waitReady(t, 30*time.Second); err != nil {
		t.Fatalf("%v\nworker log:\n%s", err, w.log.String())
	}
	return w
}

// waitReady waits for the "worker started" line and a 200 from /readyz.
func (w *workerProc) waitReady(t *testing.T, within time.Duration) error {
	hc := testkit.HTTPClient(t)
	hc.Timeout = 2 * time.Second
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if !w.running() {
			return fmt.Errorf("worker exited before it was ready: %v", w.exitErr())
		}
		if strings.Contains(w.log.String(), `"worker started"`) {
			resp, err := hc.Get("http://" + w.admin + "/readyz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					return nil
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("worker not ready after %s", within)
}

func (w *workerProc) running() bool {
	select {
	case <-w.done:
		return false
	default:
		return true
	}
}

func (w *workerProc) exitErr() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// exitCode waits up to within for the process to exit and returns its
// exit code (-1 if it was killed by a signal).
func (w *workerProc) exitCode(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case <-w.done:
	case <-time.After(within):
		w.cmd.Process.Kill()
		<-w.done
		t.Fatalf("worker still running after %s", within)
	}
	return w.cmd.ProcessState.ExitCode()
}

// kill sends SIGKILL and waits for the process to be gone.
func (w *workerProc) kill() {
	w.mu.Lock()
	w.killed = true
	w.mu.Unlock()
	w.cmd.Process.Signal(syscall.SIGKILL)
	<-w.done
}

// diedOnItsOwn reports whether the process exited without being killed by
// the test.
func (w *workerProc) diedOnItsOwn() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return !w.running() && !w.killed
}

// redisServer is a redis-server process owned by one test, restartable on
// the same port and directory.
type redisServer struct {
	t    *testing.T
	dir  string
	port int
	args []string
	// admin is how the test itself authenticates (TLS servers).
	user, pass string
	tls        *tls.Config

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// redisOptions configures startRedis.
type redisOptions struct {
	// AOF turns on appendonly with appendfsync always; otherwise the server
	// has no persistence at all (no AOF, no RDB).
	AOF bool
	// Conf is extra redis.conf text (ACL users, TLS settings).
	Conf string
	// TLS: the server listens with TLS only; the test connects with this
	// config as User/Pass.
	TLS        *tls.Config
	User, Pass string
}

// startRedis starts a private redis-server on a free loopback port.
func startRedis(t *testing.T, o redisOptions) *redisServer {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Fatal("redis-server not found: install it (apt-get install redis-server); .ci/run does")
	}
	dir := t.TempDir()
	var lastErr error
	for try := 0; try < 3; try++ {
		_, p, _ := net.SplitHostPort(testkit.FreeAddr(t))
		port, _ := strconv.Atoi(p)
		conf := []string{
			"bind 127.0.0.1",
			"protected-mode yes",
			"dir " + dir,
			"logfile " + filepath.Join(dir, "redis.log"),
			"save \"\"",
			"daemonize no",
		}
		if o.AOF {
			conf = append(conf, "appendonly yes", "appendfsync always")
		} else {
			conf = append(conf, "appendonly no")
		}
		if o.TLS != nil {
			conf = append(conf, "port 0", fmt.Sprintf("tls-port %d", port))
		} else {
			conf = append(conf, fmt.Sprintf("port %d", port))
		}
		if o.Conf != "" {
			conf = append(conf, o.Conf)
		}
		path := filepath.Join(dir, "redis.conf")
		if err := os.WriteFile(path, []byte(strings.Join(conf, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		r := &redisServer{t: t, dir: dir, port: port, args: []string{path}, user: o.User, pass: o.Pass, tls: o.TLS}
		if lastErr = r.start(); lastErr == nil {
			t.Cleanup(r.kill)
			return r
		}
	}
	t.Fatalf("redis-server did not start: %v\nlog:\n%s", lastErr, readFile(filepath.Join(dir, "redis.log")))
	return nil
}

func readFile(p string) string {
	b, _ := os.ReadFile(p)
	return string(b)
}

func (r *redisServer) addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(r.port)) }

// url is the REDIS_URL a worker uses to reach this server.
func (r *redisServer) url() string { return "redis://" + r.addr() }

// start launches the process and waits until it answers PING (with AOF on,
// after it has loaded the append-only file).
func (r *redisServer) start() error {
	cmd := exec.Command("redis-server", r.args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	r.mu.Lock()
	r.cmd, r.done = cmd, done
	r.mu.Unlock()
	c := r.client()
	defer c.Close()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return fmt.Errorf("redis-server exited: %v", cmd.ProcessState)
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	<-done
	return fmt.Errorf("redis-server on %s did not answer", r.addr())
}

// kill sends SIGKILL and waits for the process to be gone.
func (r *redisServer) kill() {
	r.mu.Lock()
	cmd, done := r.cmd, r.done
	r.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
}

// stop sends SIGTERM (a clean shutdown) and waits for the process to exit.
func (r *redisServer) stop() {
	r.mu.Lock()
	cmd, done := r.cmd, r.done
	r.mu.Unlock()
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		<-done
	}
}

// restart starts the server again on the same port and directory.
func (r *redisServer) restart() {
	r.t.Helper()
	if err := r.start(); err != nil {
		r.t.Fatalf("restart redis: %v\nlog:\n%s", err, readFile(filepath.Join(r.dir, "redis.log")))
	}
}

// client returns a new client for the test itself (short timeouts, no
// retries, so that faults show).
func (r *redisServer) client() *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr: r.addr(), Username: r.user, Password: r.pass, TLSConfig: r.tls,
		DialTimeout: time.Second, ReadTimeout: 3 * time.Second, WriteTimeout: 3 * time.Second,
		MaxRetries: -1, PoolSize: 8,
	})
}

// queueState is a queue's task counts.
type queueState struct {
	Pending, Active, Scheduled, Retry, Archived, Completed int
}

func (q queueState) unfinished() int { return q.Pending + q.Active + q.Scheduled + q.Retry }

// stateOf reads the queue's counts; ok is false when Redis did not answer.
func stateOf(insp *asynq.Inspector, queue string) (queueState, bool) {
	qi, err := insp.GetQueueInfo(queue)
	if err != nil {
		return queueState{}, false
	}
	return queueState{qi.Pending, qi.Active, qi.Scheduled, qi.Retry, qi.Archived, qi.Completed}, true
}

// archivedTasks lists every archived task of queue.
func archivedTasks(t *testing.T, insp *asynq.Inspector, queue string) map[string]*asynq.TaskInfo {
	t.Helper()
	out, err := listArchived(insp, queue)
	if err != nil {
		t.Fatalf("list archived tasks: %v", err)
	}
	return out
}

func listArchived(insp *asynq.Inspector, queue string) (map[string]*asynq.TaskInfo, error) {
	out := map[string]*asynq.TaskInfo{}
	for page := 1; ; page++ {
		infos, err := insp.ListArchivedTasks(queue, asynq.PageSize(100), asynq.Page(page))
		if err != nil {
			return out, err
		}
		for _, i := range infos {
			out[i.ID] = i
		}
		if len(infos) < 100 {
			return out, nil
		}
	}
}

// scanKeys returns every key matching pattern.
func scanKeys(ctx context.Context, c redis.UniversalClient, pattern string) ([]string, error) {
	var out []string
	iter := c.Scan(ctx, 0, pattern, 1000).Iterator()
	for iter.Next(ctx) {
		out = append(out, iter.Val())
	}
	return out, iter.Err()
}

// recordKeys returns the record keys (not their companions) under prefix.
func recordKeys(ctx context.Context, c redis.UniversalClient, prefix string) ([]string, error) {
	keys, err := scanKeys(ctx, c, prefix+"article:*")
	if err != nil {
		return nil, err
	}
	out := keys[:0]
	for _, k := range keys {
		if strings.HasSuffix(k, "}") {
			out = append(out, k)
		}
	}
	return out, nil
}

// dataKeys returns the keys under prefix that hold data: everything but
// the locks the worker's periodic jobs take.
func dataKeys(ctx context.Context, c redis.UniversalClient, prefix string) ([]string, error) {
	keys, err := scanKeys(ctx, c, prefix+"*")
	if err != nil {
		return nil, err
	}
	out := keys[:0]
	for _, k := range keys {
		if !strings.HasSuffix(k, ":lock") {
			out = append(out, k)
		}
	}
	return out, nil
}

// unfinished counts the queue's pending, active, scheduled and retry tasks
// from asynq's keys. Unlike the Inspector it works after Redis lost its
// data: asynq's client registers a queue in asynq:queues only the first
// time it enqueues to it in a process, so a wiped queue stays unknown to the
// Inspector until the producers restart.
func unfinished(ctx context.Context, c redis.UniversalClient, queue string) (int64, error) {
	p := "asynq:{" + queue + "}:"
	var cmds []*redis.IntCmd
	_, err := c.Pipelined(ctx, func(pl redis.Pipeliner) error {
		cmds = append(cmds, pl.LLen(ctx, p+"pending"), pl.LLen(ctx, p+"active"), pl.ZCard(ctx, p+"scheduled"), pl.ZCard(ctx, p+"retry"))
		return nil
	})
	if err != nil {
		return 0, err
	}
	var n int64
	for _, c := range cmds {
		n += c.Val()
	}
	return n, nil
}

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/testkit"
)

var binDir string

func TestMain(m *testing.M) {
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

// env is one isolated copydesk installation on the shared Redis.
type env struct {
	t      *testing.T
	rdb    *redis.Client
	prefix string
	queue  string
	vars   []string
}

func newEnv(t *testing.T) *env {
	rdb, prefix := testkit.Redis(t)
	q := testkit.Queue(t, rdb)
	return &env{t: t, rdb: rdb, prefix: prefix, queue: q, vars: []string{
		"REDIS_URL=redis://" + testkit.Addr(),
		"COPYDESK_PREFIX=" + prefix,
	}}
}

// worker is a running worker process.
type worker struct {
	cmd    *exec.Cmd
	log    *testkit.SyncBuffer
	admin  string
	done   chan error
	exited time.Time
}

// startWorker runs the worker on the env's queue and waits until it is up.
func (e *env) startWorker(extraEnv []string, args ...string) *worker {
	e.t.Helper()
	admin := testkit.FreeAddr(e.t)
	base := []string{"--queues", e.queue + "=1", "--enqueue-queue", e.queue, "--http-addr", admin, "--servers", "1", "--concurrency", "4",
		"--test-only-loopback-dials"}
	cmd := exec.Command(filepath.Join(binDir, "worker"), append(base, args...)...)
	cmd.Env = append(append(os.Environ(), e.vars...), extraEnv...)
	w := &worker{cmd: cmd, log: &testkit.SyncBuffer{}, admin: admin, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = w.log, w.log
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	go func() { err := cmd.Wait(); w.exited = time.Now(); w.done <- err }()
	e.t.Cleanup(func() {
		if w.cmd.ProcessState == nil {
			w.cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-w.done:
			case <-time.After(15 * time.Second):
				w.cmd.Process.Kill()
			}
		}
		if e.t.Failed() {
			e.t.Logf("worker log:\n%s", w.log.String())
		}
	})
	hc := testkit.HTTPClient(e.t)
	testkit.Eventually(e.t, 20*time.Second, "worker /readyz", func() bool {
		resp, err := hc.Get("http://" + admin + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200 && strings.Contains(w.log.String(), "worker started")
	})
	return w
}

// stop sends SIGTERM and returns how long the worker took to exit.
func (w *worker) stop(t *testing.T, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	w.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-w.done:
		if err != nil {
			t.Errorf("worker exit: %v", err)
		}
		return time.Since(start)
	case <-time.After(within):
		w.cmd.Process.Kill()
		t.Fatalf("worker did not exit within %s of SIGTERM", within)
	}
	return 0
}

// enqueue runs the enqueue binary and returns stdout, stderr and exit code.
func (e *env) enqueue(stdin io.Reader, args ...string) (string, string, int) {
	e.t.Helper()
	cmd := exec.Command(filepath.Join(binDir, "enqueue"), args...)
	cmd.Env = append(os.Environ(), e.vars...)
	cmd.Stdin = stdin
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		e.t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

func (e *env) get(t *testing.T, w *worker, path string) (int, []byte) {
	t.Helper()
	resp, err := testkit.HTTPClient(t).Get("http://" + w.admin + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func decodeRecord(t *testing.T, s string) map[string]any {
	t.Helper()
	var rec map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(s)), &rec); err != nil {
		t.Fatalf("decode record %q: %v", s, err)
	}
	return rec
}

// articleKeys lists the record keys (not their companions) under the env.
func (e *env) articleKeys(t *testing.T) []string {
	keys, err := e.rdb.Keys(context.Background(), e.prefix+"article:*").Result()
	if err != nil {
		t.Fatal(err)
	}
	out := keys[:0]
	for _, k := range keys {
		if strings.HasSuffix(k, "}") {
			out = append(out, k)
		}
	}
	return out
}

package scaletest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

// TestEnqueueBatchWhenRedisDies checks the exit code a producer sees when
// its Redis primary dies in the middle of `enqueue batch`, as in a
// failover: 3 (Redis unreachable, try again), as the README documents.
func TestEnqueueBatchWhenRedisDies(t *testing.T) {
	needRedisServer(t)
	r := startRedis(t, "single", false)
	redisURL := "redis://" + r.addr
	ps := make([]tasks.ArticleProcessPayload, 250)
	for i := range ps {
		ps[i] = tasks.ArticleProcessPayload{
			Text: "The harbour of Valparaíso reopened on Tuesday after a week of repairs, the port authority said.",
			URL:  "https://exit.example/" + testkit.Unique(),
		}
	}
	queue := "exit." + testkit.Unique()
	cmd := exec.Command(filepath.Join(binDir, "enqueue"), "batch", "--queue", queue, "--quiet", "-")
	cmd.Env = append(os.Environ(), "REDIS_URL="+redisURL, "COPYDESK_PREFIX="+prefix)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut testkit.SyncBuffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// 200 lines go in while Redis is up, 50 after it died.
	if _, err := stdin.Write(jsonl(t, ps[:200])); err != nil {
		t.Fatal(err)
	}
	c := r.client(t)
	eventually(t, 20*time.Second, "the batch to enqueue 200 lines", func() bool {
		return c.LLen(t.Context(), "asynq:{"+queue+"}:pending").Val() == 200
	})
	c.Close()
	r.kill()
	stdin.Write(jsonl(t, ps[200:]))
	stdin.Close()
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("enqueue batch did not exit within 60 s of Redis dying")
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
	summary := lines[len(lines)-1]
	if code != 3 {
		// Seen: exit 1. asynq's enqueue script error reaches the CLI as text
		// (asynq internal/rdb/rdb.go, runScriptWithErrorCode formats the
		// go-redis error with %v), so isUnreachable (cmd/enqueue/conn.go)
		// finds no net.Error in the chain and batch.go counts the lines as
		// failed, not unreachable.
		t.Errorf("enqueue batch exited %d when Redis died mid-batch, want 3 (Redis unreachable); summary %s; first failure: %s",
			code, summary, strings.SplitN(out.String(), "\n", 2)[0])
	}
}

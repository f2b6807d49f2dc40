package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/store"
	"github.com/copydesk/copydesk/internal/testkit"
)

func TestEnqueueBatchAndInspection(t *testing.T) {
	e := newEnv(t)
	var lines []string
	for i := 0; i < 40; i++ {
		lines = append(lines, fmt.Sprintf(`{"text":"Harbour note number %d: the ferry to Isla Negra left on time, the port office said.","url":"https://example.com/batch/%d"}`, i, i))
	}
	lines = append(lines, lines[3])                                // a duplicate
	lines = append(lines, `{"text": "broken`)                      // malformed
	lines = append(lines, `{"text": ""}`)                          // empty
	lines = append(lines, "")                                      // blank lines are skipped
	lines = append(lines, `{"url":"http://127.0.0.1:9/fetch-me"}`) // an article:fetch, refused at dial time
	out, errOut, code := e.enqueue(strings.NewReader(strings.Join(lines, "\n")+"\n"), "batch", "--queue", e.queue, "-")
	if code != 2 {
		t.Errorf("batch with invalid lines: exit %d, want 2", code)
	}
	var sum struct{ Lines, Enqueued, Duplicates, Invalid, Failed int64 }
	last := strings.TrimSpace(errOut)
	if i := strings.LastIndex(last, "\n"); i >= 0 {
		last = last[i+1:]
	}
	if err := json.Unmarshal([]byte(last), &sum); err != nil {
		t.Fatalf("summary line %q: %v", last, err)
	}
	if sum.Lines != 44 || sum.Enqueued != 41 || sum.Duplicates != 1 || sum.Invalid != 2 || sum.Failed != 0 {
		t.Errorf("summary = %+v, want 44 lines: 41 enqueued, 1 duplicate, 2 invalid", sum)
	}
	if n := strings.Count(strings.TrimSpace(out), "\n") + 1; n != 44 {
		t.Errorf("stdout has %d result lines, want one per input line (44)", n)
	}
	if strings.Contains(errOut, "enqueue [") {
		t.Error("progress bar drawn although stderr is not a terminal")
	}

	// Inspection: sizes, a task's state, archived reasons, rerun.
	out, _, code = e.enqueue(nil, "queues", "--queue", e.queue, "--json")
	var qs []struct {
		Queue   string `json:"queue"`
		Pending int    `json:"pending"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &qs) != nil || len(qs) != 1 || qs[0].Pending != 41 {
		t.Fatalf("queues --json: exit %d %s", code, out)
	}
	e.startWorker(nil)
	testkit.Eventually(t, 60*time.Second, "batch processed", func() bool { return len(e.articleKeys(t)) == 40 })
	out, _, _ = e.enqueue(nil, "archived", "--queue", e.queue, "--json")
	if !strings.Contains(out, "article:fetch") || !strings.Contains(out, "refused") {
		t.Errorf("the loopback fetch was not archived as refused: %s", out)
	}
}

func TestEnqueueExitCodes(t *testing.T) {
	e := newEnv(t)
	// Redis unreachable: 3.
	cmd := exec.Command(filepath.Join(binDir, "enqueue"), "article", "-")
	cmd.Env = append(os.Environ(), "REDIS_URL=redis://"+testkit.FreeAddr(t))
	cmd.Stdin = strings.NewReader("Some text.")
	if err := cmd.Run(); exitCode(err) != 3 {
		t.Errorf("unreachable redis: exit %d, want 3", exitCode(err))
	}
	// Usage: 2.
	if _, _, code := e.enqueue(nil, "article"); code != 2 {
		t.Errorf("missing argument: exit %d, want 2", code)
	}
	if _, _, code := e.enqueue(nil, "url", "--queue", "Bad}", "https://example.com/"); code != 2 {
		t.Errorf("bad queue: exit %d, want 2", code)
	}
	if _, _, code := e.enqueue(nil, "url", "ftp://example.com/"); code != 2 {
		t.Errorf("ftp url: exit %d, want 2", code)
	}
	// No worker runs on this queue: --wait times out with 5.
	_, _, code := e.enqueue(strings.NewReader("A note about the tides at Quintero."), "article", "--queue", e.queue, "--wait", "--wait-timeout", "1s", "-")
	if code != 5 {
		t.Errorf("wait without a worker: exit %d, want 5", code)
	}
	// A task archived while waiting: 4, with its reason.
	e.startWorker(nil)
	out, _, code := e.enqueue(strings.NewReader("<html><body><nav><a href='/'>Home</a></nav></body></html>"), "article", "--queue", e.queue, "--wait", "--wait-timeout", "30s", "-")
	if code != 4 || !strings.Contains(out, `"state":"archived"`) || !strings.Contains(out, "no main text") {
		t.Errorf("archived while waiting: exit %d, %s", code, out)
	}
	// Resubmitting while the archived task exists is a duplicate (exit 0,
	// as the contract has it), with a warning for the person at the desk.
	out, errOut, code := e.enqueue(strings.NewReader("<html><body><nav><a href='/'>Home</a></nav></body></html>"), "article", "--queue", e.queue, "-")
	if code != 0 || !strings.Contains(out, `"duplicate":true`) || !strings.Contains(errOut, "is archived (") {
		t.Errorf("resubmitting an archived task: exit %d %s (stderr %q), want a duplicate and a warning", code, out, errOut)
	}
	out, _, code = e.enqueue(nil, "archived", "--queue", e.queue, "--json")
	var archived []struct {
		TaskID string `json:"task_id"`
		Error  string `json:"error"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &archived) != nil || len(archived) != 1 || !strings.Contains(archived[0].Error, "no main text") {
		t.Fatalf("archived --json: exit %d %s", code, out)
	}
	id := archived[0].TaskID

	// Without --queue, inspection keeps to copydesk's queues
	// (COPYDESK_QUEUES): another application's queue is not listed.
	if out, _, code = e.enqueue(nil, "archived", "--json"); code != 0 || strings.Contains(out, id) {
		t.Errorf("archived without --queue listed a queue outside COPYDESK_QUEUES: exit %d %s", code, out)
	}
	if _, _, code = e.enqueue(nil, "queues", "--queue", "no-such-queue-"+e.queue); code != 2 {
		t.Errorf("queues --queue of a missing queue: exit %d, want 2", code)
	}
	// A flag may follow the task id.
	if out, _, code = e.enqueue(nil, "task", id, "--json"); code != 0 || !strings.Contains(out, `"state":"archived"`) {
		t.Errorf("task ID --json: exit %d %s", code, out)
	}
	// rerun --all acts on the queues of COPYDESK_QUEUES.
	e.vars = append(e.vars, "COPYDESK_QUEUES="+e.queue+"=1")
	if out, _, code = e.enqueue(nil, "rerun", "--all", "--json"); code != 0 || strings.TrimSpace(out) != `{"rerun":1}` {
		t.Errorf("rerun --all with COPYDESK_QUEUES: exit %d %s, want one task", code, out)
	}
	testkit.Eventually(t, 30*time.Second, "the rerun task archived again", func() bool {
		out, _, _ := e.enqueue(nil, "task", "--json", id)
		return strings.Contains(out, `"state":"archived"`)
	})
	// delete removes it; a deleted task is not found.
	if out, _, code = e.enqueue(nil, "delete", id, "--json"); code != 0 || !strings.Contains(out, `"state":"deleted"`) {
		t.Errorf("delete: exit %d %s", code, out)
	}
	if _, _, code = e.enqueue(nil, "task", id); code != 2 {
		t.Errorf("task of a deleted task: exit %d, want 2", code)
	}
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestEnqueueQuarantined lists what the worker's quarantine recorded.
func TestEnqueueQuarantined(t *testing.T) {
	e := newEnv(t)
	st := store.New(e.rdb, store.Config{Prefix: e.prefix})
	if err := st.Quarantine(context.Background(), "article:process:poison", "quarantined: 3 earlier runs never finished"); err != nil {
		t.Fatal(err)
	}
	out, _, code := e.enqueue(nil, "quarantined", "--json")
	var rows []struct {
		TaskID string `json:"task_id"`
		Since  string `json:"since"`
		Reason string `json:"reason"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 1 || rows[0].TaskID != "article:process:poison" ||
		!strings.HasPrefix(rows[0].Reason, "quarantined: 3") || rows[0].Since == "" {
		t.Errorf("quarantined --json: exit %d %s", code, out)
	}
}

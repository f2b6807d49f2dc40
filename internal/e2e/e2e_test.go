package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

const seedPath = "../../examples/seed-putin-north-korea.txt"
const seedURL = "https://www.noticiascaracol.com/mundo/vladimir-putin-viajo-a-corea-del-norte-luego-de-25-anos-para-afianzar-alianzas-militares-cb20"

func TestSeedThroughEnqueueAndTasks(t *testing.T) {
	e := newEnv(t)
	w := e.startWorker(nil)

	out, errOut, code := e.enqueue(nil, "article", "--queue", e.queue, "--wait", "--wait-timeout", "30s", seedPath)
	if code != 0 {
		t.Fatalf("enqueue --wait exit %d: %s %s", code, out, errOut)
	}
	rec := decodeRecord(t, out)
	text, _ := rec["text"].(string)
	if rec["url"] != seedURL || rec["source"] != "noticiascaracol.com" {
		t.Errorf("url/source = %v / %v", rec["url"], rec["source"])
	}
	for _, junk := range []string{">>>", "See more:", "You may be interested in", "Leave a Reply", "Source:"} {
		if strings.Contains(text, junk) {
			t.Errorf("text still holds %q", junk)
		}
	}
	if rec["language"] != "en" {
		t.Errorf("language = %v", rec["language"])
	}
	if n := strings.Count(text, "\n\n"); n < 20 {
		t.Errorf("text has %d paragraph breaks, want the seed's paragraphs kept (>= 20)", n)
	}
	id, _ := rec["id"].(string)
	if len(id) != 16 {
		t.Fatalf("id = %q", id)
	}

	// The event is on the stream.
	msgs, err := e.rdb.XRange(context.Background(), e.prefix+"events", "-", "+").Result()
	if err != nil || len(msgs) != 1 || msgs[0].Values["id"] != id || msgs[0].Values["content_hash"] != rec["content_hash"] {
		t.Fatalf("events = %+v, %v", msgs, err)
	}
	// The read API returns the same record.
	status, body := e.get(t, w, "/v1/articles/"+id)
	if status != 200 {
		t.Fatalf("GET article: %d %s", status, body)
	}
	if got := decodeRecord(t, string(body)); got["content_hash"] != rec["content_hash"] || got["text"] != text {
		t.Error("GET /v1/articles/{id} differs from the --wait output")
	}
	if status, _ := e.get(t, w, "/v1/articles/0000000000000000"); status != 404 {
		t.Errorf("missing article: status %d, want 404", status)
	}

	// The same article again is a duplicate, reported with its article id.
	out, _, code = e.enqueue(nil, "article", "--queue", e.queue, seedPath)
	var sub tasks.Submission
	if code != 0 || json.Unmarshal([]byte(out), &sub) != nil || !sub.Duplicate || sub.ArticleID == nil || *sub.ArticleID != id {
		t.Fatalf("second enqueue: exit %d, %s", code, out)
	}
	if keys := e.articleKeys(t); len(keys) != 1 {
		t.Fatalf("article keys = %v, want one record", keys)
	}

	// A Go producer through the tasks package.
	client := asynq.NewClientFromRedisClient(e.rdb)
	task, err := tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{
		Text: "Mayor Ana Ruiz opened the new library in Valencia on Monday.\n\n“It belongs to everyone,” Ruiz said.",
		URL:  "https://example.com/library",
	}, asynq.Queue(e.queue))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Enqueue(task); err != nil {
		t.Fatal(err)
	}
	want := *tasks.KnownArticleID(task)
	testkit.Eventually(t, 20*time.Second, "record from the tasks producer", func() bool {
		status, _ := e.get(t, w, "/v1/articles/"+want)
		return status == 200
	})

	// POST /v1/articles answers like enqueue.
	resp, err := testkit.HTTPClient(t).Post("http://"+w.admin+"/v1/articles", "application/json",
		strings.NewReader(`{"text":"A short note about the harbour in Valparaíso.","url":"https://example.com/harbour"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("POST /v1/articles: %d", resp.StatusCode)
	}
	resp, _ = testkit.HTTPClient(t).Post("http://"+w.admin+"/v1/articles", "application/json", strings.NewReader(`{"text":""}`))
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("POST empty text: %d, want 400", resp.StatusCode)
	}
	// A payload with only a url is a fetch, as in enqueue batch.
	resp, err = testkit.HTTPClient(t).Post("http://"+w.admin+"/v1/articles", "application/json",
		strings.NewReader(`{"url":"http://127.0.0.1:9/only-a-url"}`))
	if err != nil {
		t.Fatal(err)
	}
	var fetch tasks.Submission
	if json.NewDecoder(resp.Body).Decode(&fetch) != nil || resp.StatusCode != http.StatusAccepted ||
		!strings.HasPrefix(fetch.TaskID, tasks.TypeArticleFetch+":") || fetch.ArticleID == nil {
		t.Errorf("POST url only: %d %+v, want an article:fetch task", resp.StatusCode, fetch)
	}
	resp.Body.Close()
	status, body = e.get(t, w, "/metrics")
	if status != 200 || !bytes.Contains(body, []byte(`copydesk_tasks_total{outcome="success",type="article:process"}`)) ||
		!bytes.Contains(body, []byte("asynq_tasks_enqueued_total")) {
		t.Errorf("/metrics lacks task counters or asynq queue metrics")
	}
}

func TestBadPayloadsArchivedOnce(t *testing.T) {
	e := newEnv(t)
	w := e.startWorker(nil)
	client := asynq.NewClientFromRedisClient(e.rdb)
	insp := asynq.NewInspectorFromRedisClient(e.rdb)
	bad := map[string]struct {
		payload []byte
		reason  string
	}{
		"malformed": {[]byte(`{"text": "unterminated`), "malformed JSON"},
		"empty":     {[]byte(`{"text": ""}`), "no text or html"},
		"oversized": {[]byte(`{"text": "` + strings.Repeat("x", 1<<20+1) + `"}`), "over the 1048576-byte limit"},
		"utf8":      {[]byte("{\"text\": \"ol\xff\xfe\"}"), "not valid UTF-8"},
		"null":      {[]byte(`null`), "not a JSON object"},
	}
	ids := map[string]string{}
	for name, b := range bad {
		info, err := client.Enqueue(asynq.NewTask(tasks.TypeArticleProcess, b.payload), asynq.Queue(e.queue), asynq.MaxRetry(5))
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = info.ID
	}
	for name, id := range ids {
		var info *asynq.TaskInfo
		testkit.Eventually(t, 20*time.Second, name+" archived", func() bool {
			i, err := insp.GetTaskInfo(e.queue, id)
			info = i
			return err == nil && i.State == asynq.TaskStateArchived
		})
		if info.Retried != 0 {
			t.Errorf("%s: retried %d times, want archived on the first attempt", name, info.Retried)
		}
		if !strings.Contains(info.LastErr, bad[name].reason) {
			t.Errorf("%s: reason %q does not say %q", name, info.LastErr, bad[name].reason)
		}
	}
	if keys := e.articleKeys(t); len(keys) != 0 {
		t.Errorf("bad payloads wrote records: %v", keys)
	}
	// The worker is still serving.
	if status, _ := e.get(t, w, "/healthz"); status != 200 {
		t.Fatalf("healthz after bad payloads: %d", status)
	}
	out, errOut, code := e.enqueue(nil, "article", "--queue", e.queue, "--wait", "--wait-timeout", "30s", seedPath)
	if code != 0 {
		t.Fatalf("good article after bad ones: exit %d %s %s", code, out, errOut)
	}
	// enqueue refuses bad input itself with exit code 2.
	_, _, code = e.enqueue(strings.NewReader("   "), "article", "--queue", e.queue, "-")
	if code != 2 {
		t.Errorf("enqueue of empty text: exit %d, want 2", code)
	}
}

func TestSIGTERMRequeuesSlowTask(t *testing.T) {
	e := newEnv(t)
	var calls atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			select { // the first fetch hangs: a slow task
			case <-release:
			case <-r.Context().Done():
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>
<p>The harbour of Valparaíso reopened on Tuesday after a week of repairs, the port authority said.</p>
<p>“Ships can dock again,” said port director Elena Soto, adding that traffic would be back to normal by Friday.</p>
<p>Fishermen had waited for days for the cranes to be fixed, and many welcomed the news at the quay.</p></article></body></html>`)
	}))
	defer srv.Close()
	defer close(release)

	w := e.startWorker(nil, "--shutdown-timeout", "1s", "--unsafe-allow-loopback-fetch")
	out, errOut, code := e.enqueue(nil, "url", "--queue", e.queue, srv.URL+"/harbour")
	if code != 0 {
		t.Fatalf("enqueue url: %d %s %s", code, out, errOut)
	}
	var sub tasks.Submission
	json.Unmarshal([]byte(out), &sub)
	testkit.Eventually(t, 10*time.Second, "slow fetch in flight", func() bool { return calls.Load() >= 1 })
	took := w.stop(t, 10*time.Second)
	if took > 6*time.Second {
		t.Errorf("worker took %s to exit with a 1s shutdown timeout", took)
	}
	insp := asynq.NewInspectorFromRedisClient(e.rdb)
	info, err := insp.GetTaskInfo(e.queue, sub.TaskID)
	if err != nil {
		t.Fatalf("task lost after SIGTERM: %v", err)
	}
	if info.State != asynq.TaskStatePending && info.State != asynq.TaskStateRetry {
		t.Fatalf("task state after SIGTERM = %v, want pending (requeued)", info.State)
	}
	// After a restart the task runs again and the record is stored.
	e.startWorker(nil, "--unsafe-allow-loopback-fetch")
	testkit.Eventually(t, 30*time.Second, "record after restart", func() bool {
		id, err := e.rdb.Get(context.Background(), e.prefix+"task:{"+sub.TaskID+"}").Result()
		return err == nil && id == *sub.ArticleID
	})
}

func TestEmbeddedDefaultDemo(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not found")
	}
	addr := testkit.FreeAddr(t) // nothing listens here: the worker must embed
	root, _ := filepath.Abs("../..")
	cmd := exec.Command("bash", "examples/demo.sh")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "COPYDESK_DEFAULT_REDIS_ADDR="+addr, "COPYDESK_HTTP_ADDR="+testkit.FreeAddr(t))
	cmd.Env = removeEnv(cmd.Env, "REDIS_URL")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	done := make(chan error, 1)
	go func() { done <- cmd.Run() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("demo: %v\nstderr:\n%s", err, errb.String())
		}
	case <-time.After(3 * time.Minute):
		cmd.Process.Kill()
		t.Fatal("demo did not finish")
	}
	rec := decodeRecord(t, out.String())
	if rec["url"] != seedURL {
		t.Errorf("demo record url = %v", rec["url"])
	}
	if !strings.Contains(strings.ToLower(errb.String()), "embedded") {
		t.Errorf("demo did not report the embedded server:\n%s", errb.String())
	}
}

func removeEnv(env []string, name string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// TestLogLevelAtRunTime changes the level through the admin server and
// checks that it reaches asynq's own messages too: asynq logs "All queues
// are empty" at debug level on every idle poll.
func TestLogLevelAtRunTime(t *testing.T) {
	e := newEnv(t)
	w := e.startWorker(nil, "--log-level", "info")
	time.Sleep(500 * time.Millisecond)
	if strings.Contains(w.log.String(), "All queues are empty") {
		t.Fatal("asynq debug messages written at level info")
	}
	req, err := http.NewRequest("PUT", "http://"+w.admin+"/loglevel", strings.NewReader("level=debug"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := testkit.HTTPClient(t).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT /loglevel: %s", resp.Status)
	}
	testkit.Eventually(t, 10*time.Second, "asynq debug messages after PUT /loglevel debug", func() bool {
		return strings.Contains(w.log.String(), "All queues are empty")
	})
}

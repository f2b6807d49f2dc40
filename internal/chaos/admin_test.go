package chaos

import (
	"context"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

// TestAdminAuth checks the admin surface's bearer token: the worker refuses
// to expose the admin server off loopback without one, and with one every
// route but the probes needs it, while the token never reaches the logs.
func TestAdminAuth(t *testing.T) {
	ctx := context.Background()
	rdb, prefix := testkit.Redis(t)
	queue := testkit.Queue(t, rdb)

	t.Run("refuses a non-loopback address without a token", func(t *testing.T) {
		// REDIS_URL points at a closed port: if the check were missing, the
		// worker would fail on Redis (exit 1) before it could bind anything.
		closed := testkit.FreeAddr(t)
		for _, c := range []struct {
			name string
			args []string
			env  []string
		}{
			{"flag 0.0.0.0", []string{"--http-addr", "0.0.0.0:0"}, nil},
			{"flag [::]", []string{"--http-addr", "[::]:0"}, nil},
			{"flag routable", []string{"--http-addr", "192.0.2.10:8077"}, nil},
			{"flag empty host", []string{"--http-addr", ":8077"}, nil},
			{"env", nil, []string{"COPYDESK_HTTP_ADDR=0.0.0.0:0"}},
			{"empty token", []string{"--http-addr", "0.0.0.0:0", "--api-token", ""}, []string{"COPYDESK_API_TOKEN="}},
		} {
			w := launchWorkerRaw(t, append([]string{"--queues", queue + "=1", "--enqueue-queue", queue}, c.args...),
				append(c.env, "REDIS_URL=redis://"+closed, "COPYDESK_PREFIX="+prefix))
			code := w.exitCode(t, 20*time.Second)
			log := w.log.String()
			if code != 2 || !strings.Contains(log, "not loopback") || !strings.Contains(log, "COPYDESK_API_TOKEN") {
				t.Errorf("%s: exit %d, output %q; want exit 2 and a message asking for COPYDESK_API_TOKEN", c.name, code, tail(log, 400))
			}
		}
	})

	t.Run("token required on loopback when set", func(t *testing.T) {
		const token = "s3cr3t-T0ken-d2f1c9"
		w := startWorker(t, workerSpec{RedisURL: "redis://" + testkit.Addr(), Prefix: prefix, Queue: queue,
			Args: []string{"--api-token", token, "--log-level", "debug", "--pprof"}})
		hc := testkit.HTTPClient(t)
		call := func(method, path, auth string, body io.Reader) (int, string) {
			t.Helper()
			req, err := http.NewRequest(method, "http://"+w.admin+path, body)
			if err != nil {
				t.Fatal(err)
			}
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			resp, err := hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		// A record to read.
		task, err := tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{Text: innocentText(7), URL: "https://example.com/admin-auth"}, asynq.Queue(queue))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := asynq.NewClientFromRedisClient(rdb).Enqueue(task); err != nil {
			t.Fatal(err)
		}
		id := *tasks.KnownArticleID(task)
		testkit.Eventually(t, 30*time.Second, "the record", func() bool {
			n, err := rdb.Exists(ctx, prefix+"article:{"+id+"}").Result()
			return err == nil && n == 1
		})

		good := "Bearer " + token
		wrong := []string{"", "Bearer", "Bearer ", "Bearer " + token[:len(token)-1], "Bearer " + token + "x", token, "Basic " + token, "Bearer  " + token}
		guarded := []struct{ method, path string }{
			{"GET", "/v1/articles/x"}, {"GET", "/v1/articles/" + id}, {"GET", "/v1/articles?entity=Ana%20Ruiz"},
			{"GET", "/metrics"}, {"POST", "/v1/articles"}, {"GET", "/monitor/"}, {"GET", "/loglevel"}, {"PUT", "/loglevel"},
			{"GET", "/debug/pprof/"}, {"GET", "/debug/pprof/cmdline"},
		}
		for _, g := range guarded {
			for _, a := range wrong {
				var body io.Reader
				if g.method != "GET" {
					body = strings.NewReader(`{"text":"An article posted without the token.","level":"debug"}`)
				}
				if code, b := call(g.method, g.path, a, body); code != http.StatusUnauthorized {
					t.Errorf("%s %s with Authorization %q: %d, want 401", g.method, g.path, a, code)
				} else if strings.Contains(b, token) {
					t.Errorf("%s %s: the 401 body shows the token", g.method, g.path)
				}
			}
		}
		if code, _ := call("GET", "/v1/articles/x", good, nil); code != http.StatusNotFound {
			t.Errorf("GET /v1/articles/x with the token: %d, want 404", code)
		}
		if code, b := call("GET", "/v1/articles/"+id, good, nil); code != http.StatusOK || !strings.Contains(b, id) {
			t.Errorf("GET /v1/articles/%s with the token: %d", id, code)
		}
		if code, b := call("GET", "/metrics", good, nil); code != http.StatusOK || !strings.Contains(b, "copydesk_tasks_total") {
			t.Errorf("GET /metrics with the token: %d", code)
		}
		if code, _ := call("GET", "/v1/articles?entity=Ana%20Ruiz", good, nil); code != http.StatusOK {
			t.Errorf("GET /v1/articles?entity with the token: %d", code)
		}
		for _, p := range []string{"/healthz", "/readyz"} {
			for _, a := range []string{"", "Bearer wrong"} {
				if code, _ := call("GET", p, a, nil); code != http.StatusOK {
					t.Errorf("GET %s with Authorization %q: %d, want 200 (probes stay open)", p, a, code)
				}
			}
		}
		// Nothing was submitted without the token.
		keys, err := recordKeys(ctx, rdb, prefix)
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) != 1 {
			t.Errorf("record keys = %v, want only the one enqueued directly", keys)
		}
		if err := w.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		w.exitCode(t, 30*time.Second)
		log := w.log.String()
		if strings.Contains(log, token) {
			t.Errorf("the token appears in the worker's log")
		}
		if !strings.Contains(log, `"api_token":"set"`) {
			t.Errorf("the start-up line does not say the token is set; log:\n%s", tail(log, 2000))
		}
	})
}

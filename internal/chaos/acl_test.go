package chaos

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

// workerACL is the least-privilege ACL of the copydesk user with the
// default prefix. It was found by running the worker through every path
// (runACLScenario: process, fetch, a fetch retried after a 503, feed poll,
// the feed scheduler, a malformed payload, POST, every read route, /metrics,
// the read-only dashboard, a graceful stop) and reading ACL LOG, then
// removing each rule in turn: each one is needed by that run, except SREM,
// which only the hourly index trim uses.
//
//   - keys: copydesk's prefix, the politeness limiter's rate:copydesk:*,
//     and asynq's asynq:*; channel: asynq:cancel (task cancellation).
//     HELLO and AUTH need no rule: Redis always allows them.
//   - EVAL and EVALSHA: every asynq state change, the store's record write,
//     the rate limiter and the scheduler lock are Lua scripts. Scripts gain
//     nothing: Redis checks each call a script makes against the caller's
//     ACL, which the test shows.
//   - INFO (the Redis memory gauge, the dashboard), MEMORY USAGE (asynq's
//     queue statistics), TIME (the rate limiter's script).
//   - CONFIG GET: only for the start-up maxmemory-policy check, which uses
//     CONFIG GET. It also lets this user read every setting, masterauth
//     (the replication password) included; once the check reads INFO
//     memory instead, drop it and the test will show whether the warning
//     survives.
//   - the data commands, as listed.
const workerACL = "resetkeys resetchannels ~copydesk:* ~rate:copydesk:* ~asynq:* &asynq:cancel -@all " +
	"+ping " +
	"+eval +evalsha +multi +exec " +
	"+info +memory|usage +time " +
	"+get +set +setex +del +exists +expire +expireat +pexpire +incr " +
	"+hset +hget +hmget +hdel " +
	"+sadd +srem +smembers +sismember +smismember " +
	"+zadd +zrem +zrange +zrevrange +zrangebyscore +zrevrangebyscore +zremrangebyscore +zcard +zcount +zscan " +
	"+lpush +lrange +llen +lrem +rpoplpush " +
	"+xadd +subscribe"

func randomSecret() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// aclServer starts a TLS-only Redis with an admin user for the test, the
// copydesk user with rules, the default user off, and policy as its
// maxmemory-policy.
func aclServer(t *testing.T, pki testPKI, rules, workerPass, policy string) *redisServer {
	adminPass := randomSecret()
	conf := strings.Join([]string{
		"tls-cert-file " + pki.CertFile,
		"tls-key-file " + pki.KeyFile,
		"tls-ca-cert-file " + pki.CAFile,
		"tls-auth-clients no",
		"user default off",
		"user admin on >" + adminPass + " ~* &* +@all",
		"user copydesk on >" + workerPass + " " + rules,
		"maxmemory-policy " + policy,
	}, "\n")
	return startRedis(t, redisOptions{TLS: pki.clientTLS(), User: "admin", Pass: adminPass, Conf: conf})
}

// aclPages serves an article, a second one, an RSS feed linking to it and a
// page that fails once with 503.
func aclPages(t *testing.T) *httptest.Server {
	var srv *httptest.Server
	var flaky atomic.Int32
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour news</title><link>%[1]s/</link>
<item><title>Cranes fixed</title><link>%[1]s/cranes</link><guid>%[1]s/cranes</guid><pubDate>Tue, 18 Jun 2024 10:00:00 GMT</pubDate></item>
</channel></rss>`, srv.URL)
		case "/flaky":
			if flaky.Add(1) == 1 {
				http.Error(w, "try again", http.StatusServiceUnavailable)
				return
			}
			fallthrough
		case "/harbour", "/cranes":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<html><head><title>%[1]s</title></head><body><article><h1>%[1]s</h1>
<p>The harbour of Valparaíso reopened on Tuesday after a week of repairs, the port authority said about %[1]s.</p>
<p>“Ships can dock again,” said port director Elena Soto, adding that traffic would be back to normal by Friday.</p>
<p>Fishermen had waited for days for the cranes to be fixed, and many welcomed the news at the quay.</p></article></body></html>`, r.URL.Path[1:])
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// aclRun is one worker run as the copydesk user.
type aclRun struct {
	rs   *redisServer
	adm  *redis.Client
	w    *workerProc
	pass string
	// denials are the ACL LOG entries after the worker went through every
	// path and stopped.
	denials []any
	// clients is CLIENT LIST while the worker ran.
	clients string
}

// runACLScenario starts a TLS Redis whose copydesk user has rules, checks
// that the worker refuses to start without the CA or with a wrong
// password, then runs it through every path: an article, a fetched page, a
// feed poll that enqueues its item, a malformed payload, a POST, and each
// read route, /metrics and the dashboard.
func runACLScenario(t *testing.T, pki testPKI, rules string) *aclRun {
	ctx := context.Background()
	run := &aclRun{pass: randomSecret()}
	run.rs = aclServer(t, pki, rules, run.pass, "allkeys-lru")
	run.adm = run.rs.client()
	t.Cleanup(func() { run.adm.Close() })
	adm := run.adm
	srv := aclPages(t)
	queue, prefix := "acl", "copydesk:"
	url := fmt.Sprintf("rediss://copydesk:%s@%s", run.pass, run.rs.addr())
	feeds := filepath.Join(t.TempDir(), "feeds.yaml")
	if err := os.WriteFile(feeds, []byte("feeds:\n  - url: "+srv.URL+"/feed.xml\n    every: 1m\n    queue: "+queue+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	spec := workerSpec{RedisURL: url, Prefix: prefix, Queue: queue,
		Env: []string{"COPYDESK_REDIS_CA=" + pki.CAFile},
		Args: []string{"--unsafe-allow-loopback-fetch", "--host-rate", "100000", "--queues", queue + "=1,default=1",
			"--feeds", feeds}}

	w := launchWorker(t, workerSpec{RedisURL: url, Prefix: prefix, Queue: queue})
	if code := w.exitCode(t, 30*time.Second); code != 1 || !strings.Contains(w.log.String(), "certificate") {
		t.Errorf("worker without the CA: exit %d, log %q; want exit 1 and a certificate error", code, tail(w.log.String(), 400))
	}
	w = launchWorker(t, workerSpec{RedisURL: fmt.Sprintf("rediss://copydesk:wrong@%s", run.rs.addr()), Prefix: prefix, Queue: queue, Env: spec.Env})
	if code := w.exitCode(t, 30*time.Second); code != 1 || !strings.Contains(w.log.String(), "WRONGPASS") {
		t.Errorf("worker with a wrong password: exit %d, log %q; want exit 1 and WRONGPASS", code, tail(w.log.String(), 400))
	}
	adm.Do(ctx, "ACL", "LOG", "RESET")

	run.w = startWorker(t, spec)
	client := asynq.NewClientFromRedisClient(adm)
	enqueue := func(task *asynq.Task, err error) *asynq.Task {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.Enqueue(task); err != nil {
			t.Fatal(err)
		}
		return task
	}
	proc := enqueue(tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{Text: innocentText(5), URL: "https://example.com/acl"}, asynq.Queue(queue)))
	fetch := enqueue(tasks.NewArticleFetchTask(tasks.ArticleFetchPayload{URL: srv.URL + "/harbour"}, asynq.Queue(queue)))
	enqueue(tasks.NewFeedPollTask(tasks.FeedPollPayload{URL: srv.URL + "/feed.xml"}, asynq.Queue(queue)))
	flaky := enqueue(tasks.NewArticleFetchTask(tasks.ArticleFetchPayload{URL: srv.URL + "/flaky"}, asynq.Queue(queue)))
	if _, err := client.Enqueue(asynq.NewTask(tasks.TypeArticleProcess, []byte("null")), asynq.Queue(queue)); err != nil {
		t.Fatal(err)
	}
	// The feed's item is enqueued by the worker itself, on the default
	// queue, which this worker also serves; so is the POSTed article.
	cranes, err := tasks.NewArticleFetchTask(tasks.ArticleFetchPayload{URL: srv.URL + "/cranes"})
	if err != nil {
		t.Fatal(err)
	}
	hc := testkit.HTTPClient(t)
	body, _ := json.Marshal(tasks.ArticleProcessPayload{Text: innocentText(6), URL: "https://example.com/acl-post"})
	resp, err := hc.Post("http://"+run.w.admin+"/v1/articles", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("POST /v1/articles: %d", resp.StatusCode)
	}
	posted, _ := tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{URL: "https://example.com/acl-post", Text: "x"})
	ids := []string{*tasks.KnownArticleID(proc), *tasks.KnownArticleID(fetch), *tasks.KnownArticleID(cranes), *tasks.KnownArticleID(posted), *tasks.KnownArticleID(flaky)}
	insp := asynq.NewInspectorFromRedisClient(adm)
	testkit.Eventually(t, 30*time.Second, "records of the article, the pages, the feed item and the POST", func() bool {
		// The flaky page's retry is due in 15-44 s: run it now.
		if i, err := insp.GetTaskInfo(queue, mustTaskID(flaky)); err == nil && i.State == asynq.TaskStateRetry {
			insp.RunTask(queue, i.ID)
		}
		for _, id := range ids {
			if n, err := adm.Exists(ctx, prefix+"article:{"+id+"}").Result(); err != nil || n != 1 {
				return false
			}
		}
		return true
	})
	for _, p := range []string{"/metrics", "/v1/articles/" + ids[0], "/v1/articles?entity=Elena%20Soto", "/v1/entities?type=person",
		"/v1/stories/" + ids[1], "/monitor/api/queues", "/monitor/api/queues/" + queue, "/monitor/api/redis_info", "/readyz"} {
		resp, err := hc.Get("http://" + run.w.admin + p)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 && !(strings.HasPrefix(p, "/v1/stories/") && resp.StatusCode == 404) {
			t.Errorf("GET %s: %d", p, resp.StatusCode)
		}
	}
	time.Sleep(6 * time.Second) // a heartbeat or two more
	if run.clients, err = adm.ClientList(ctx).Result(); err != nil {
		t.Fatal(err)
	}
	// A graceful stop, whose clean-up is part of what the user needs.
	run.w.cmd.Process.Signal(syscall.SIGTERM)
	if code := run.w.exitCode(t, 30*time.Second); code != 0 {
		t.Errorf("worker exit code %d after SIGTERM", code)
	}
	run.denials, err = adm.Do(ctx, "ACL", "LOG").Slice()
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// TestRedisACLAndTLS runs the worker as a least-privilege ACL user over TLS
// on loopback, with a CA made here and handed to the worker through
// COPYDESK_REDIS_CA (fetches keep the system roots).
func TestRedisACLAndTLS(t *testing.T) {
	ctx := context.Background()
	pki := newTestPKI(t)
	run := runACLScenario(t, pki, workerACL)
	adm, pass := run.adm, run.pass

	// Every command the worker sent was allowed.
	for _, e := range run.denials {
		t.Errorf("ACL LOG: the worker was denied: %v", e)
	}
	log := run.w.log.String()
	if strings.Contains(log, "NOPERM") || strings.Contains(log, "no permissions") {
		t.Errorf("the worker log shows permission errors:\n%s", tail(log, 3000))
	}
	if strings.Contains(log, pass) {
		t.Errorf("the Redis password appears in the worker's log")
	}
	// It connected as copydesk, not as the default user.
	workers := 0
	for _, line := range strings.Split(strings.TrimSpace(run.clients), "\n") {
		if strings.Contains(line, " user=admin ") {
			continue
		}
		workers++
		if !strings.Contains(line, " user=copydesk ") {
			t.Errorf("a client is not the copydesk user: %s", line)
		}
	}
	if workers == 0 {
		t.Error("no worker connection found")
	}
	// The start-up check warned about the eviction policy.
	if !strings.Contains(log, "maxmemory-policy is not noeviction") || !strings.Contains(log, "allkeys-lru") || !strings.Contains(log, `"level":"warn"`) {
		t.Errorf("no maxmemory-policy warning in the worker log:\n%s", tail(log, 2000))
	}

	// Dangerous commands get NOPERM for the copydesk user (through a
	// script too; DEBUG is also off in the server's configuration).
	cd := redis.NewClient(&redis.Options{Addr: run.rs.addr(), Username: "copydesk", Password: pass, TLSConfig: pki.clientTLS(), MaxRetries: -1})
	defer cd.Close()
	if err := cd.Ping(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]any{
		{"FLUSHALL"}, {"FLUSHDB"}, {"KEYS", "*"}, {"KEYS", "copydesk:*"},
		{"CONFIG", "SET", "maxmemory-policy", "noeviction"}, {"CONFIG", "SET", "dir", "/tmp"}, {"CONFIG", "REWRITE"}, {"CONFIG", "RESETSTAT"},
		{"DEBUG", "SLEEP", "0"}, {"SHUTDOWN", "NOSAVE"}, {"ACL", "SETUSER", "copydesk", "+@all"}, {"ACL", "LIST"},
		{"MODULE", "LIST"}, {"SCRIPT", "FLUSH"}, {"FUNCTION", "FLUSH"}, {"SAVE"}, {"BGSAVE"}, {"BGREWRITEAOF"},
		{"REPLICAOF", "127.0.0.1", "1"}, {"SLAVEOF", "NO", "ONE"}, {"MONITOR"}, {"CLIENT", "KILL", "TYPE", "normal"}, {"CLIENT", "LIST"},
		{"SWAPDB", "0", "1"}, {"SELECT", "1"}, {"MIGRATE", "127.0.0.1", "1", "copydesk:x", "0", "100"}, {"DEL", "other:key"},
		{"SET", "other:key", "x"}, {"GET", "session:123"}, {"PUBLISH", "other-channel", "x"}, {"SCAN", "0"}, {"RANDOMKEY"},
		{"EVAL", "return redis.call('FLUSHALL')", "0"},
		{"EVAL", "return redis.call('SET', 'other:key', 'x')", "0"},
		{"EVAL", "return redis.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction')", "0"},
	} {
		if err := cd.Do(ctx, args...).Err(); !denied(err) {
			t.Errorf("%v as copydesk: %v, want it denied (NOPERM)", args, err)
		}
	}
	if n, _ := adm.DBSize(ctx).Result(); n == 0 {
		t.Error("the database is empty: a dangerous command went through")
	}
	if p, _ := adm.ConfigGet(ctx, "maxmemory-policy").Result(); p["maxmemory-policy"] != "allkeys-lru" {
		t.Errorf("maxmemory-policy changed to %v", p)
	}
}

// denied reports whether err is Redis refusing a command for lack of
// permission: NOPERM at top level, or the ACL errors a script's call gets.
func denied(err error) bool {
	if err == nil {
		return false
	}
	m := err.Error()
	for _, s := range []string{"NOPERM", "can't run this command", "can't access at least one of the keys", "not allowed"} {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

func mustTaskID(t *asynq.Task) string {
	id, _, _ := tasks.Identity(t)
	return id
}

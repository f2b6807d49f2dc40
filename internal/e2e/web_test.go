package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

// newsSite serves an RSS feed of n items and their article pages, with
// conditional GET on the feed.
func newsSite(t *testing.T, n int) (*httptest.Server, *atomic.Int32, *atomic.Int32, func() []time.Time) {
	var feedHits, notModified atomic.Int32
	var mu sync.Mutex
	var pageHits []time.Time
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		feedHits.Add(1)
		if r.Header.Get("If-None-Match") == `"v1"` {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("ETag", `"v1"`)
		var items strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&items, `<item><title>Story %d</title><link>%s/news/%d</link><guid>story-%d</guid>
<pubDate>Wed, 19 Jun 2024 0%d:00:00 GMT</pubDate><author>desk@example.com (Ana Ruiz)</author></item>`, i, srv.URL, i, i, i%10)
		}
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Coast News</title>
<link>%s</link><description>test</description>%s</channel></rss>`, srv.URL, items.String())
	})
	mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		pageHits = append(pageHits, time.Now())
		mu.Unlock()
		id := strings.TrimPrefix(r.URL.Path, "/news/")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>Story %[1]s</title></head><body><nav><a href="/">Home</a></nav><article>
<h1>Story %[1]s</h1><p>Council member %[1]s of the harbour district in Valparaíso presented plan number %[1]s on Wednesday, officials said.</p>
<p>“We will rebuild the pier %[1]s before winter,” said mayor Ana Ruiz, who has led the city since 2021 and promised funding.</p>
<p>The fishermen's union welcomed the proposal and asked for details on the schedule of plan %[1]s at the next session.</p>
</article><footer>Share this</footer></body></html>`, id)
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &feedHits, &notModified, func() []time.Time {
		mu.Lock()
		defer mu.Unlock()
		return append([]time.Time(nil), pageHits...)
	}
}

func TestFeedPollFetchesEveryItemOnce(t *testing.T) {
	e := newEnv(t)
	srv, feedHits, notModified, pageHits := newsSite(t, 50)
	// 600 fetches a minute per host: the 50 pages take at least 4.9 s.
	w := e.startWorker(nil, "--unsafe-allow-loopback-fetch", "--concurrency", "8", "--host-rate", "600")
	out, errOut, code := e.enqueue(nil, "feed", "--queue", e.queue, srv.URL+"/feed.xml")
	if code != 0 {
		t.Fatalf("enqueue feed: %d %s %s", code, out, errOut)
	}
	testkit.Eventually(t, 60*time.Second, "50 records from the feed", func() bool { return len(e.articleKeys(t)) == 50 })
	// A second poll: conditional GET answers 304 and nothing new is queued.
	insp := asynq.NewInspectorFromRedisClient(e.rdb)
	var sub tasks.Submission
	json.Unmarshal([]byte(out), &sub)
	testkit.Eventually(t, 10*time.Second, "first poll task gone", func() bool {
		_, err := insp.GetTaskInfo(e.queue, sub.TaskID)
		return err != nil
	})
	if _, _, code := e.enqueue(nil, "feed", "--queue", e.queue, srv.URL+"/feed.xml"); code != 0 {
		t.Fatalf("second enqueue feed: %d", code)
	}
	testkit.Eventually(t, 20*time.Second, "second poll", func() bool { return feedHits.Load() == 2 })
	testkit.Eventually(t, 10*time.Second, "304 on the second poll", func() bool { return notModified.Load() == 1 })
	time.Sleep(500 * time.Millisecond)
	if n := len(e.articleKeys(t)); n != 50 {
		t.Errorf("after the second poll: %d records, want 50", n)
	}
	// Politeness: never more than the rate (10/s, plus the burst of 1) in
	// any one-second window.
	hits := pageHits()
	if len(hits) != 50 {
		t.Errorf("article pages fetched %d times, want 50", len(hits))
	}
	for i := range hits {
		n := 0
		for _, h := range hits[i:] {
			if h.Sub(hits[i]) < time.Second {
				n++
			}
		}
		if n > 11 {
			t.Fatalf("%d fetches to one host within a second, over the 10/s limit", n)
		}
	}
	// Feed hints (title, date, author) reach the records.
	status, body := e.get(t, w, "/v1/articles?entity=Ana%20Ruiz&type=person")
	if status != 200 || !strings.Contains(string(body), `"title":"Story`) || !strings.Contains(string(body), `"published_at":"2024-06-19T`) {
		t.Errorf("entity query: %d %.300s", status, body)
	}
}

func TestFetchRefusesLoopbackByDefault(t *testing.T) {
	e := newEnv(t)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	e.startWorker(nil) // no --unsafe-allow-loopback-fetch
	client := asynq.NewClientFromRedisClient(e.rdb)
	insp := asynq.NewInspectorFromRedisClient(e.rdb)
	var ids []string
	for _, u := range []string{srv.URL + "/a", strings.Replace(srv.URL, "127.0.0.1", "2130706433", 1) + "/b",
		"http://169.254.169.254/latest/meta-data/", "http://[::1]:" + srv.URL[strings.LastIndex(srv.URL, ":")+1:] + "/c"} {
		task, err := tasks.NewArticleFetchTask(tasks.ArticleFetchPayload{URL: u}, asynq.Queue(e.queue))
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		info, err := client.Enqueue(task)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, info.ID)
	}
	for _, id := range ids {
		var info *asynq.TaskInfo
		testkit.Eventually(t, 20*time.Second, "refused fetch archived", func() bool {
			i, err := insp.GetTaskInfo(e.queue, id)
			info = i
			return err == nil && i.State == asynq.TaskStateArchived
		})
		if info.Retried != 0 || !strings.Contains(info.LastErr, "refused") {
			t.Errorf("task %s: retried %d, reason %q", id, info.Retried, info.LastErr)
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("the loopback server was reached %d times", hits.Load())
	}
}

// TestRateLimitOnLastAttemptIsNotArchived fetches pages with --retries 0
// from a host that answers 429 with Retry-After once per page: asynq
// archives a task whose retries are used up, so the worker waits the limit
// out in the task's slot instead of requeueing it, and every page is
// stored. A task of a type no handler serves is archived at once.
func TestRateLimitOnLastAttemptIsNotArchived(t *testing.T) {
	e := newEnv(t)
	var mu sync.Mutex
	seen := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		first := !seen[r.URL.Path]
		seen[r.URL.Path] = true
		mu.Unlock()
		if first {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>Tide %[1]s</title></head><body><article><h1>Tide %[1]s</h1>
<p>The harbour office in Valparaíso published tide table %[1]s on Monday, and the pilots' association said the
schedule would hold through the winter.</p><p>“We planned the dredging around table %[1]s,” said port captain Elena Soto.</p>
</article></body></html>`, strings.TrimPrefix(r.URL.Path, "/"))
	}))
	defer srv.Close()
	e.startWorker(nil, "--unsafe-allow-loopback-fetch")
	for _, p := range []string{"/a", "/b"} {
		out, errOut, code := e.enqueue(nil, "url", "--queue", e.queue, "--retries", "0", "--wait", "--wait-timeout", "30s", srv.URL+p)
		if code != 0 || !strings.Contains(out, `"title":"Tide`) {
			t.Errorf("%s: exit %d %.300s %s", p, code, out, errOut)
		}
	}
	info, err := asynq.NewClientFromRedisClient(e.rdb).Enqueue(asynq.NewTask("no:such:type", []byte("{}")), asynq.Queue(e.queue))
	if err != nil {
		t.Fatal(err)
	}
	insp := asynq.NewInspectorFromRedisClient(e.rdb)
	testkit.Eventually(t, 20*time.Second, "the unknown task type archived", func() bool {
		ti, err := insp.GetTaskInfo(e.queue, info.ID)
		return err == nil && ti.State == asynq.TaskStateArchived && ti.Retried == 0 && strings.Contains(ti.LastErr, "unsupported task type")
	})
}

// TestLoopbackGuardStopsLookups fetches a URL whose host is a name: under
// --test-only-loopback-dials the lookup's own dial to the DNS server is
// refused, so nothing leaves the machine, not even a DNS query.
func TestLoopbackGuardStopsLookups(t *testing.T) {
	e := newEnv(t)
	e.startWorker(nil)
	task, err := tasks.NewArticleFetchTask(tasks.ArticleFetchPayload{URL: "https://news.example.org/story"}, asynq.Queue(e.queue), asynq.MaxRetry(0))
	if err != nil {
		t.Fatal(err)
	}
	info, err := asynq.NewClientFromRedisClient(e.rdb).Enqueue(task)
	if err != nil {
		t.Fatal(err)
	}
	insp := asynq.NewInspectorFromRedisClient(e.rdb)
	var last string
	testkit.Eventually(t, 30*time.Second, "the fetch archived with the guard's refusal", func() bool {
		ti, err := insp.GetTaskInfo(e.queue, info.ID)
		if err != nil {
			return false
		}
		last = ti.LastErr
		return ti.State == asynq.TaskStateArchived
	})
	if !strings.Contains(last, "test guard") {
		t.Errorf("archived with %q, want the test guard's refusal of the DNS dial", last)
	}
}

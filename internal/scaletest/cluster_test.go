package scaletest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

// TestCluster runs the worker and enqueue, unchanged, against a
// three-master Redis Cluster: single articles with --wait, the read API,
// the events stream, duplicates and a batch, with records spread over the
// shards. Any CROSSSLOT error in the worker's log fails the test.
func TestCluster(t *testing.T) {
	needRedisServer(t)
	cl := startCluster(t, 3)
	rdb := cl.client(t)
	ctx := context.Background()
	redisURL := cl.url()
	queue := "scale." + testkit.Unique()
	w := startWorker(t, "worker", redisURL, queue, 8)
	// Whatever else fails, a cross-slot error is the finding to report.
	t.Cleanup(func() {
		if strings.Contains(w.log.String(), "CROSSSLOT") {
			t.Errorf("the worker logged CROSSSLOT errors on Redis Cluster:\n%s", grepLines(w.log.String(), "CROSSSLOT", 10))
		}
	})

	// The seed, waited for.
	out, errOut, code := enqueue(t, redisURL, nil, "article", "--queue", queue, "--wait", "--wait-timeout", "60s", seedPath)
	if code != 0 {
		t.Fatalf("enqueue article --wait (seed): exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	var seed struct {
		ID          string `json:"id"`
		URL         string `json:"url"`
		Text        string `json:"text"`
		ContentHash string `json:"content_hash"`
		Entities    []struct {
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"entities"`
	}
	if err := json.Unmarshal([]byte(out), &seed); err != nil {
		t.Fatalf("decode seed record: %v\n%s", err, out)
	}
	if seed.URL != seedURL || seed.ID != articleID(t, seedURL) || seed.ContentHash == "" || len(seed.Text) < 2000 {
		t.Fatalf("seed record: id %q url %q content_hash %q text %d bytes", seed.ID, seed.URL, seed.ContentHash, len(seed.Text))
	}

	// A few distinct articles, each through `enqueue article --wait` on stdin.
	arts := variants(t, 4, 1, "https://cluster.example/news")
	ids := []string{seed.ID}
	hashes := map[string]string{seed.ID: seed.ContentHash}
	for _, a := range arts {
		out, errOut, code := enqueue(t, redisURL, strings.NewReader(a.Text),
			"article", "--queue", queue, "--url", a.URL, "--wait", "--wait-timeout", "60s", "-")
		if code != 0 {
			t.Fatalf("enqueue article --wait %s: exit %d\nstdout: %s\nstderr: %s", a.URL, code, out, errOut)
		}
		var rec struct {
			ID          string `json:"id"`
			URL         string `json:"url"`
			ContentHash string `json:"content_hash"`
		}
		if err := json.Unmarshal([]byte(out), &rec); err != nil {
			t.Fatalf("decode record of %s: %v", a.URL, err)
		}
		if want := articleID(t, a.URL); rec.ID != want || rec.URL != a.URL {
			t.Fatalf("record of %s: id %q url %q, want id %q", a.URL, rec.ID, rec.URL, want)
		}
		ids = append(ids, rec.ID)
		hashes[rec.ID] = rec.ContentHash
	}

	// The read API serves every record, as stored.
	for _, id := range ids {
		status, body := w.get(t, "/v1/articles/"+id)
		var rec struct {
			ID          string `json:"id"`
			ContentHash string `json:"content_hash"`
		}
		if status != 200 || json.Unmarshal(body, &rec) != nil || rec.ID != id || rec.ContentHash != hashes[id] {
			t.Errorf("GET /v1/articles/%s: %d %.200s", id, status, body)
		}
	}
	if status, _ := w.get(t, "/v1/articles/0000000000000000"); status != 404 {
		t.Errorf("GET of a missing article: %d, want 404", status)
	}
	// The entity index (one sorted set, then one GET per record across slots).
	if len(seed.Entities) == 0 {
		t.Fatal("the seed record has no entities")
	}
	q := url.Values{"entity": {seed.Entities[0].Name}, "type": {seed.Entities[0].Type}}
	status, body := w.get(t, "/v1/articles?"+q.Encode())
	var byEntity struct {
		Articles []struct {
			ID string `json:"id"`
		} `json:"articles"`
	}
	if status != 200 || json.Unmarshal(body, &byEntity) != nil || len(byEntity.Articles) == 0 {
		t.Errorf("GET /v1/articles?%s: %d %.300s", q.Encode(), status, body)
	}

	// The events stream holds one entry per record.
	ev := readEvents(ctx, t, rdb)
	for _, id := range ids {
		if ev.pairs[[2]string{id, hashes[id]}] != 1 {
			t.Errorf("events: (%s, %s) appears %d times, want 1", id, hashes[id], ev.pairs[[2]string{id, hashes[id]}])
		}
	}
	if ev.entries != len(ids) {
		t.Errorf("events stream has %d entries, want %d", ev.entries, len(ids))
	}

	// The seed again is a duplicate, reported with its article id.
	out, _, code = enqueue(t, redisURL, nil, "article", "--queue", queue, seedPath)
	var sub tasks.Submission
	if code != 0 || json.Unmarshal([]byte(out), &sub) != nil || !sub.Duplicate || sub.ArticleID == nil || *sub.ArticleID != seed.ID {
		t.Fatalf("second enqueue of the seed: exit %d, %s", code, out)
	}

	// A batch of 50 distinct articles.
	batch := variants(t, 50, 2, "https://cluster.example/batch")
	lines := jsonl(t, batch)
	out, errOut, code = enqueue(t, redisURL, bytes.NewReader(lines), "batch", "--queue", queue, "--quiet", "-")
	if code != 0 {
		t.Fatalf("enqueue batch: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	if s := parseSummary(t, errOut); s.Lines != 50 || s.Enqueued != 50 {
		t.Fatalf("enqueue batch summary: %+v, want 50 lines enqueued", s)
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	for _, a := range batch {
		want[articleID(t, a.URL)] = true
	}
	var perNode [][]string
	eventually(t, 90*time.Second, fmt.Sprintf("%d records", len(want)), func() bool {
		perNode = cl.recordsPerNode(t)
		n := 0
		for _, k := range perNode {
			n += len(k)
		}
		return n >= len(want)
	})
	got := map[string]bool{}
	shards := 0
	for _, keys := range perNode {
		if len(keys) > 0 {
			shards++
		}
		for _, k := range keys {
			id := recordKeyID(k)
			if !want[id] {
				t.Errorf("unexpected record %s", k)
			}
			if got[id] {
				t.Errorf("record %s on two nodes", k)
			}
			got[id] = true
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d distinct records, want %d", len(got), len(want))
	}
	if shards != len(cl.nodes) {
		t.Errorf("records live on %d of %d masters, want all (the ids hash to different slots)", shards, len(cl.nodes))
	}
	t.Logf("records per master: %d / %d / %d", len(perNode[0]), len(perNode[1]), len(perNode[2]))

	// The same batch again: every line a duplicate, nothing new stored.
	out, errOut, code = enqueue(t, redisURL, bytes.NewReader(lines), "batch", "--queue", queue, "--quiet", "-")
	if s := parseSummary(t, errOut); code != 0 || s.Duplicates != 50 || s.Enqueued != 0 {
		t.Fatalf("second batch: exit %d, summary %+v, want 50 duplicates", code, s)
	}
	ev = readEvents(ctx, t, rdb)
	if len(ev.pairs) != len(want) || ev.entries != len(want) {
		t.Errorf("events: %d entries, %d distinct (id, content_hash), want %d of each", ev.entries, len(ev.pairs), len(want))
	}

	// Entity counts and stories read many keys across the slots.
	status, body = w.get(t, "/v1/entities?type=person&top=5")
	var top struct {
		Entities []struct {
			Name     string `json:"name"`
			Articles int64  `json:"articles"`
		} `json:"entities"`
	}
	if status != 200 || json.Unmarshal(body, &top) != nil || len(top.Entities) == 0 || top.Entities[0].Articles < 2 {
		t.Errorf("GET /v1/entities?type=person: %d %.300s", status, body)
	}
	stories := 0
	for _, a := range batch[:10] {
		_, body := w.get(t, "/v1/articles/"+articleID(t, a.URL))
		var rec struct {
			StoryID *string `json:"story_id"`
		}
		if json.Unmarshal(body, &rec) != nil || rec.StoryID == nil {
			continue
		}
		stories++
		status, body := w.get(t, "/v1/stories/"+*rec.StoryID)
		var st struct {
			Articles []struct {
				ID string `json:"id"`
			} `json:"articles"`
		}
		if status != 200 || json.Unmarshal(body, &st) != nil || len(st.Articles) == 0 {
			t.Errorf("GET /v1/stories/%s: %d %.300s", *rec.StoryID, status, body)
		}
	}
	t.Logf("%d of 10 batch articles belong to a story", stories)

	// Inspection and metrics work on the cluster too.
	out, errOut, code = enqueue(t, redisURL, nil, "queues", "--queue", queue, "--json")
	var qs []struct {
		Queue     string `json:"queue"`
		Pending   int    `json:"pending"`
		Active    int    `json:"active"`
		Retry     int    `json:"retry"`
		Archived  int    `json:"archived"`
		Processed int    `json:"processed_today"`
		Failed    int    `json:"failed_today"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &qs) != nil || len(qs) != 1 || qs[0].Queue != queue {
		t.Errorf("enqueue queues: exit %d\n%s%s", code, out, errOut)
	} else if q := qs[0]; q.Pending+q.Active+q.Retry+q.Archived+q.Failed != 0 || q.Processed != len(want) {
		t.Errorf("queue %s: %+v, want %d processed and nothing left or failed", queue, q, len(want))
	}
	status, body = w.get(t, "/metrics")
	if status != 200 || !bytes.Contains(body, []byte(`copydesk_tasks_total{outcome="success",type="article:process"}`)) ||
		!bytes.Contains(body, []byte(`asynq_queue_size{queue="`+queue+`"}`)) {
		t.Errorf("/metrics: %d, lacks copydesk task counters or asynq queue metrics for %s", status, queue)
	}
	if status, body := w.get(t, "/monitor/api/queues"); status != 200 || !bytes.Contains(body, []byte(queue)) {
		t.Errorf("/monitor/api/queues: %d %.300s", status, body)
	}
	if archived, _, _ := enqueue(t, redisURL, nil, "archived", "--queue", queue, "--json"); strings.Contains(archived, "task_id") {
		t.Errorf("archived tasks on the cluster: %s", archived)
	}
	if n := strings.Count(w.log.String(), `"level":"error"`); n > 0 {
		t.Errorf("the worker logged %d errors:\n%s", n, grepLines(w.log.String(), `"level":"error"`, 10))
	}
}

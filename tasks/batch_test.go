package tasks_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/asynqx"
	"github.com/copydesk/copydesk/internal/store"
	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

// TestBatchAccountsForEveryLine runs a batch through real Redis: fresh
// articles, a repeat within the batch, an article an earlier task already
// produced, a url-only line (a fetch), blank lines and bad lines. Every
// non-empty line gets one result, the summary adds up, and the TaskIDs are
// the constructors'. It runs with and without bulk enqueue.
func TestBatchAccountsForEveryLine(t *testing.T) {
	t.Run("bulk", func(t *testing.T) { testBatch(t, true) })
	t.Run("one by one", func(t *testing.T) { testBatch(t, false) })
}

func testBatch(t *testing.T, bulk bool) {
	rdb, prefix := testkit.Redis(t)
	q := testkit.Queue(t, rdb)
	st := store.New(rdb, store.Config{Prefix: prefix})
	sub := &tasks.Submitter{
		Client: asynq.NewClientFromRedisClient(rdb), Inspector: asynq.NewInspectorFromRedisClient(rdb),
		Lookup: st.ArticleForTask, LookupMany: st.ArticlesForTasks,
	}
	if bulk {
		sub.Bulk = asynqx.New(rdb)
	}
	ctx := context.Background()

	// An earlier task produced an article: its mapping is in the store.
	done, err := tasks.NewArticleProcessJob(tasks.ArticleProcessPayload{Text: "Done before.", URL: "https://news.example/done"})
	if err != nil {
		t.Fatal(err)
	}
	if err := rdb.Set(ctx, st.Keys().Task(done.ID), "feedfacefeedface", 0).Err(); err != nil {
		t.Fatal(err)
	}

	var in strings.Builder
	const fresh = 150
	for i := 0; i < fresh; i++ {
		fmt.Fprintf(&in, `{"text":"Article number %d says something.","url":"https://news.example/a/%d"}`+"\n", i, i)
	}
	in.WriteString(`{"text":"Article number 7 says something.","url":"https://news.example/a/7"}` + "\n") // repeat
	in.WriteString(`{"text":"Done before.","url":"https://news.example/done"}` + "\n")                    // produced earlier
	in.WriteString(`{"url":"https://news.example/fetch-me","title":"Fetch me"}` + "\n")                   // a fetch
	in.WriteString("\n   \n")                                                                             // blank: not lines
	in.WriteString(`{"text": 5}` + "\n")                                                                  // wrong type
	in.WriteString("not json\n")
	in.WriteString(`{"text":""}` + "\n")       // nothing to process
	in.WriteString("{\"text\":\"caf\xe9\"}\n") // not UTF-8: refused as the worker would

	var mu sync.Mutex
	results := map[int]tasks.BatchResult{}
	b := &tasks.Batch{Submitter: sub, Queue: q, Concurrency: 4, Chunk: 8}
	sum, err := b.Run(ctx, strings.NewReader(in.String()), func(r tasks.BatchResult) {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := results[r.Line]; dup {
			t.Errorf("line %d reported twice", r.Line)
		}
		results[r.Line] = r
	})
	if err != nil {
		t.Fatal(err)
	}
	want := tasks.BatchSummary{Lines: fresh + 7, Enqueued: fresh + 1, Duplicates: 2, Invalid: 4}
	if sum.Lines != want.Lines || sum.Enqueued != want.Enqueued || sum.Duplicates != want.Duplicates ||
		sum.Invalid != want.Invalid || sum.Failed != 0 {
		t.Fatalf("summary %+v, want %+v", sum, want)
	}
	if int64(len(results)) != sum.Lines {
		t.Fatalf("%d results for %d lines", len(results), sum.Lines)
	}
	for i := 0; i < fresh; i++ {
		r := results[i+1]
		j, err := tasks.NewArticleProcessJob(tasks.ArticleProcessPayload{
			Text: fmt.Sprintf("Article number %d says something.", i), URL: fmt.Sprintf("https://news.example/a/%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		if r.Error != "" || r.TaskID != j.ID || r.Queue != q || r.ArticleID == nil || *r.ArticleID != *j.ArticleID {
			t.Fatalf("line %d: %+v, want task %s article %s", i+1, r, j.ID, *j.ArticleID)
		}
	}
	// Line 8 and its repeat go to concurrent submitters: whichever
	// enqueues second is the duplicate.
	if a, b := results[8], results[fresh+1]; a.Duplicate == b.Duplicate || b.Error != "" || b.TaskID != a.TaskID {
		t.Errorf("line 8 %+v and its repeat %+v: want one of them a duplicate", a, b)
	}
	if r := results[fresh+2]; !r.Duplicate || r.ArticleID == nil || *r.ArticleID != "feedfacefeedface" {
		t.Errorf("line whose task produced an article: %+v, want a duplicate naming it", r)
	}
	if r := results[fresh+3]; r.Error != "" || !strings.HasPrefix(r.TaskID, tasks.TypeArticleFetch+":") {
		t.Errorf("url-only line: %+v, want an article:fetch task", r)
	}
	for _, n := range []int{fresh + 6, fresh + 7, fresh + 8, fresh + 9} {
		if r := results[n]; r.Error == "" {
			t.Errorf("line %d: %+v, want an error", n, r)
		}
	}
	if _, ok := results[fresh+4]; ok {
		t.Error("a blank line got a result")
	}

	info, err := sub.Inspector.GetQueueInfo(q)
	if err != nil {
		t.Fatal(err)
	}
	if info.Pending != fresh+1 {
		t.Errorf("%d tasks pending, want %d", info.Pending, fresh+1)
	}
}

// TestBatchStopsWhenFatal checks that a fatal error stops reading, and that
// every line read is still accounted for.
func TestBatchStopsWhenFatal(t *testing.T) {
	rdb, prefix := testkit.Redis(t)
	q := testkit.Queue(t, rdb)
	st := store.New(rdb, store.Config{Prefix: prefix})
	boom := errors.New("redis went away")
	sub := &tasks.Submitter{
		Client: asynq.NewClientFromRedisClient(rdb), Inspector: asynq.NewInspectorFromRedisClient(rdb),
		LookupMany: func(context.Context, []string) ([]string, error) { return nil, boom },
		Lookup:     st.ArticleForTask,
	}
	var in strings.Builder
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&in, `{"text":"Line %d.","url":"https://news.example/s/%d"}`+"\n", i, i)
	}
	var n int
	b := &tasks.Batch{Submitter: sub, Queue: q, Concurrency: 2, Chunk: 4,
		Fatal: func(err error) bool { return errors.Is(err, boom) }}
	sum, err := b.Run(context.Background(), strings.NewReader(in.String()), func(tasks.BatchResult) { n++ })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Lines >= 10000 || sum.Failed != sum.Lines || int64(n) != sum.Lines || sum.Enqueued != 0 {
		t.Fatalf("summary %+v with %d results: want an early stop, every line read failed and reported", sum, n)
	}
}

// TestBatchLongLine checks that a line over MaxLine is counted and
// reported as invalid and the lines after it are read, with CRLF line
// ends and a last line without one.
func TestBatchLongLine(t *testing.T) {
	rdb, prefix := testkit.Redis(t)
	q := testkit.Queue(t, rdb)
	st := store.New(rdb, store.Config{Prefix: prefix})
	sub := &tasks.Submitter{Client: asynq.NewClientFromRedisClient(rdb), Inspector: asynq.NewInspectorFromRedisClient(rdb),
		Lookup: st.ArticleForTask, LookupMany: st.ArticlesForTasks, Bulk: asynqx.New(rdb)}
	in := `{"text":"First line.","url":"https://news.example/l/1"}` + "\r\n" +
		`{"text":"` + strings.Repeat("long ", 400) + `"}` + "\n" +
		`{"text":"Third line.","url":"https://news.example/l/3"}` + "\r\n" +
		`{"text":"Last line.","url":"https://news.example/l/4"}`
	var mu sync.Mutex
	results := map[int]tasks.BatchResult{}
	b := &tasks.Batch{Submitter: sub, Queue: q, MaxLine: 1000}
	sum, err := b.Run(context.Background(), strings.NewReader(in), func(r tasks.BatchResult) {
		mu.Lock()
		results[r.Line] = r
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Lines != 4 || sum.Enqueued != 3 || sum.Invalid != 1 {
		t.Fatalf("summary %+v, want 4 lines: 3 enqueued, 1 invalid", sum)
	}
	if r := results[2]; !strings.Contains(r.Error, "over 1000 bytes") {
		t.Errorf("line 2: %+v, want the long line refused", r)
	}
	for _, n := range []int{1, 3, 4} {
		if r := results[n]; r.Error != "" || r.TaskID == "" {
			t.Errorf("line %d: %+v", n, r)
		}
	}
}

// BenchmarkDecodeSubmission measures turning one seed-sized JSONL line
// into a job: decoding, validation, encoding the payload and the TaskID.
func BenchmarkDecodeSubmission(b *testing.B) {
	body, err := os.ReadFile("../examples/seed-putin-north-korea.txt")
	if err != nil {
		b.Fatal(err)
	}
	line, err := json.Marshal(tasks.ArticleProcessPayload{Text: string(body), URL: "https://news.example/seed"})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tasks.DecodeSubmission(line); err != nil {
			b.Fatal(err)
		}
	}
}

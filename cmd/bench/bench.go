package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/asynqx"
	"github.com/copydesk/copydesk/internal/pipeline"
	"github.com/copydesk/copydesk/internal/store"
	"github.com/copydesk/copydesk/internal/testkit"
	"github.com/copydesk/copydesk/tasks"
)

// pollInterval matches the worker's default --poll-interval.
const pollInterval = 100 * time.Millisecond

type bench struct {
	o        options
	rdb      *redis.Client
	template string
	pl       *pipeline.Pipeline
	queues   []string
	prefixes []string
}

func (b *bench) cleanup() {
	for _, q := range b.queues {
		testkit.DeleteQueue(b.rdb, q)
	}
	for _, p := range b.prefixes {
		testkit.DeletePattern(b.rdb, p+"*")
	}
}

func (b *bench) queue() string {
	q := "bench-" + testkit.Unique()
	b.queues = append(b.queues, q)
	return q
}

func (b *bench) prefix() string {
	p := "cdbench:" + testkit.Unique() + ":"
	b.prefixes = append(b.prefixes, p)
	return p
}

func (b *bench) pipeline() (*pipeline.Pipeline, error) {
	if b.pl == nil {
		pl, err := pipeline.New(pipeline.Options{})
		if err != nil {
			return nil, err
		}
		b.pl = pl
	}
	return b.pl, nil
}

// variants returns n distinct articles built from the template's
// sentences: each keeps a random 70% of the paragraphs, so articles share
// vocabulary (like a day's news) without being copies.
func (b *bench) variants(n int, seed int64) []tasks.ArticleProcessPayload {
	paras := strings.Split(strings.TrimSpace(b.template), "\n\n")
	r := rand.New(rand.NewSource(seed))
	out := make([]tasks.ArticleProcessPayload, n)
	for i := range out {
		var keep []string
		for _, p := range paras {
			if r.Float64() < 0.7 {
				keep = append(keep, p)
			}
		}
		keep = append(keep, fmt.Sprintf("Reference %d-%d.", seed, i))
		out[i] = tasks.ArticleProcessPayload{
			Text: strings.Join(keep, "\n\n"),
			URL:  fmt.Sprintf("https://bench.example/%d/%d", seed, i),
		}
	}
	return out
}

// parallel runs f(0..n-1) on workers goroutines, stopping at the first
// error, and returns the rate of calls per second.
func parallel(n, workers int, f func(i int) error) (float64, error) {
	start := time.Now()
	var next atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(n) || firstErr.Load() != nil {
					return
				}
				if err := f(int(i)); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		return 0, err
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

// enqueueAll enqueues tasks with 16 goroutines and returns the rate.
func (b *bench) enqueueAll(ctx context.Context, client *asynq.Client, ts []*asynq.Task, opts ...asynq.Option) (float64, error) {
	return parallel(len(ts), 16, func(i int) error {
		_, err := client.EnqueueContext(ctx, ts[i], opts...)
		return err
	})
}

// drain starts loops asynq servers on queue with handler and returns the
// rate at which they complete n tasks.
func (b *bench) drain(ctx context.Context, queue string, loops, conc, n int, h asynq.Handler, done *atomic.Int64) (float64, error) {
	servers := make([]*asynq.Server, loops)
	per := conc / loops
	if per < 1 {
		per = 1
	}
	start := time.Now()
	for i := range servers {
		servers[i] = asynq.NewServerFromRedisClient(b.rdb, asynq.Config{
			Concurrency: per, Queues: map[string]int{queue: 1}, LogLevel: asynq.FatalLevel,
			ShutdownTimeout: 5 * time.Second, TaskCheckInterval: pollInterval,
		})
		if err := servers[i].Start(h); err != nil {
			return 0, err
		}
	}
	defer func() {
		var wg sync.WaitGroup
		for _, s := range servers {
			wg.Add(1)
			go func(s *asynq.Server) { defer wg.Done(); s.Shutdown() }(s)
		}
		wg.Wait()
	}()
	deadline := time.Now().Add(10 * time.Minute)
	for done.Load() < int64(n) {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("only %d of %d tasks done after 10 minutes", done.Load(), n)
		}
		time.Sleep(2 * time.Millisecond)
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

func (b *bench) noop(ctx context.Context, loops int) (float64, error) {
	q := b.queue()
	client := asynq.NewClientFromRedisClient(b.rdb)
	ts := make([]*asynq.Task, b.o.n)
	for i := range ts {
		ts[i] = asynq.NewTask("bench:noop", []byte(fmt.Sprintf(`{"i":%d}`, i)))
	}
	if _, err := b.enqueueAll(ctx, client, ts, asynq.Queue(q)); err != nil {
		return 0, err
	}
	var done atomic.Int64
	h := asynq.HandlerFunc(func(context.Context, *asynq.Task) error { done.Add(1); return nil })
	return b.drain(ctx, q, loops, max(b.o.conc, loops), b.o.n, h, &done)
}

// nopPipeline and nopStore isolate copydesk's dispatch cost: payload
// decoding, middleware and the quarantine bookkeeping, with no pipeline.
type nopPipeline struct{}

func (nopPipeline) Process(in pipeline.Input) (*article.Record, error) {
	return &article.Record{ID: "0000000000000000"}, nil
}
func (nopPipeline) Limits() pipeline.Limits { return pipeline.DefaultLimits }

type nopStore struct{ done *atomic.Int64 }

func (s nopStore) Put(context.Context, *article.Record, string) (store.Result, error) {
	s.done.Add(1)
	return store.Result{}, nil
}

func (b *bench) processTasks(seed int64, q string) ([]*asynq.Task, error) {
	vs := b.variants(b.o.n, seed)
	ts := make([]*asynq.Task, len(vs))
	for i, v := range vs {
		t, err := tasks.NewArticleProcessTask(v, asynq.Queue(q), asynq.Retention(0))
		if err != nil {
			return nil, err
		}
		ts[i] = t
	}
	return ts, nil
}

func (b *bench) dispatch(ctx context.Context) (float64, error) {
	q := b.queue()
	st := store.New(b.rdb, store.Config{Prefix: b.prefix()})
	ts, err := b.processTasks(time.Now().UnixNano(), q)
	if err != nil {
		return 0, err
	}
	if _, err := b.enqueueAll(ctx, asynq.NewClientFromRedisClient(b.rdb), ts); err != nil {
		return 0, err
	}
	var done atomic.Int64
	mux := tasks.NewMux(tasks.Handlers{Process: &tasks.ProcessHandler{Pipeline: nopPipeline{}, Store: nopStore{&done}}},
		zap.NewNop(), nil, &tasks.Quarantine{Attempts: st})
	return b.drain(ctx, q, b.o.loops, max(b.o.conc, b.o.loops), b.o.n, mux, &done)
}

func (b *bench) inProcess(ctx context.Context) (float64, error) {
	pl, err := b.pipeline()
	if err != nil {
		return 0, err
	}
	vs := b.variants(b.o.n, time.Now().UnixNano())
	return parallel(len(vs), runtime.GOMAXPROCS(0), func(i int) error {
		_, err := pl.Process(vs[i].Input())
		return err
	})
}

func (b *bench) worker(st *store.Store, pl *pipeline.Pipeline, done *atomic.Int64) *asynq.ServeMux {
	ph := &tasks.ProcessHandler{Pipeline: pl, Store: st, Stored: func(store.Result) { done.Add(1) }}
	return tasks.NewMux(tasks.Handlers{Process: ph}, zap.NewNop(), nil, &tasks.Quarantine{Attempts: st})
}

func (b *bench) endToEnd(ctx context.Context) (float64, error) {
	pl, err := b.pipeline()
	if err != nil {
		return 0, err
	}
	q := b.queue()
	st := store.New(b.rdb, store.Config{Prefix: b.prefix()})
	ts, err := b.processTasks(time.Now().UnixNano(), q)
	if err != nil {
		return 0, err
	}
	if _, err := b.enqueueAll(ctx, asynq.NewClientFromRedisClient(b.rdb), ts); err != nil {
		return 0, err
	}
	var done atomic.Int64
	return b.drain(ctx, q, b.o.loops, max(b.o.conc, b.o.loops), b.o.n, b.worker(st, pl, &done), &done)
}

// articleLines returns n article payloads as JSONL, the input of
// `enqueue batch`.
func (b *bench) articleLines(n int, seed int64) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, v := range b.variants(n, seed) {
		enc.Encode(v)
	}
	return buf.Bytes()
}

// bulkEnqueue runs what `enqueue batch` runs (tasks.Batch, with the
// store's lookups of earlier results) on seed-sized articles.
func (b *bench) bulkEnqueue(ctx context.Context) (float64, error) {
	q := b.queue()
	st := store.New(b.rdb, store.Config{Prefix: b.prefix()})
	in := b.articleLines(b.o.n, time.Now().UnixNano())
	batch := &tasks.Batch{
		Submitter: &tasks.Submitter{Client: asynq.NewClientFromRedisClient(b.rdb), Inspector: asynq.NewInspectorFromRedisClient(b.rdb),
			Lookup: st.ArticleForTask, LookupMany: st.ArticlesForTasks, Bulk: asynqx.New(b.rdb)},
		Queue: q,
	}
	sum, err := batch.Run(ctx, bytes.NewReader(in), func(tasks.BatchResult) {})
	if err != nil {
		return 0, err
	}
	if sum.Enqueued != int64(b.o.n) {
		return 0, fmt.Errorf("batch enqueued %d of %d (summary %+v)", sum.Enqueued, b.o.n, sum)
	}
	return sum.PerSecond, nil
}

// latency paces article submissions at rate/s for a few seconds while a
// worker runs, and measures enqueue → event on the stream.
func (b *bench) latency(ctx context.Context, rate float64) (p50, p99 time.Duration, err error) {
	pl, err := b.pipeline()
	if err != nil {
		return 0, 0, err
	}
	if rate < 1 {
		rate = 1
	}
	q := b.queue()
	prefix := b.prefix()
	st := store.New(b.rdb, store.Config{Prefix: prefix})
	n := int(rate * 5)
	if n > b.o.n {
		n = b.o.n
	}
	if n < 20 {
		n = 20
	}
	ts, err := b.processTasks(time.Now().UnixNano(), q)
	if err != nil {
		return 0, 0, err
	}
	ts = ts[:min(n, len(ts))]
	var done atomic.Int64
	servers := make([]*asynq.Server, b.o.loops)
	for i := range servers {
		servers[i] = asynq.NewServerFromRedisClient(b.rdb, asynq.Config{
			Concurrency: max(b.o.conc/b.o.loops, 1), Queues: map[string]int{q: 1}, LogLevel: asynq.FatalLevel,
			TaskCheckInterval: pollInterval,
		})
		if err := servers[i].Start(b.worker(st, pl, &done)); err != nil {
			return 0, 0, err
		}
	}
	defer func() {
		for _, s := range servers {
			s.Shutdown()
		}
	}()
	sent := make(map[string]time.Time, len(ts))
	var mu sync.Mutex
	client := asynq.NewClientFromRedisClient(b.rdb)
	stream := prefix + "events"
	lats := make([]time.Duration, 0, len(ts))
	readDone := make(chan error, 1)
	go func() {
		last := "0"
		for len(lats) < len(ts) {
			res, err := b.rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{stream, last}, Block: 10 * time.Second, Count: 100}).Result()
			if err != nil {
				readDone <- fmt.Errorf("read events after %d of %d: %w", len(lats), len(ts), err)
				return
			}
			now := time.Now()
			for _, m := range res[0].Messages {
				last = m.ID
				mu.Lock()
				if at, ok := sent[m.Values["id"].(string)]; ok {
					lats = append(lats, now.Sub(at))
				}
				mu.Unlock()
			}
		}
		readDone <- nil
	}()
	interval := time.Duration(float64(time.Second) / rate)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for _, t := range ts {
		<-tick.C
		id := *tasks.KnownArticleID(t)
		mu.Lock()
		sent[id] = time.Now()
		mu.Unlock()
		if _, err := client.EnqueueContext(ctx, t); err != nil {
			return 0, 0, err
		}
	}
	if err := <-readDone; err != nil {
		return 0, 0, err
	}
	sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
	return lats[len(lats)/2], lats[(len(lats)*99)/100], nil
}

package tasks

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hibiken/asynq"
)

// batchLine is one JSONL line of a batch: an article:process payload, or an
// article:fetch payload when it has a url and neither text nor html.
type batchLine struct {
	ArticleProcessPayload
	FeedURL string `json:"feed_url,omitempty"`
}

// DecodeSubmission decodes a submitted payload whose type is not given: an
// article:fetch payload when it has a url and neither text nor html (its
// feed_url, title, published_at and authors carry over), else an
// article:process payload. It applies the checks the worker applies (size,
// UTF-8, a JSON object, the default limits), so what it accepts the worker
// accepts. Errors wrap ErrInvalidPayload.
func DecodeSubmission(b []byte) (Job, error) {
	var l batchLine
	if err := decode(b, &l); err != nil {
		return Job{}, err
	}
	if l.Text == "" && l.HTML == "" && l.URL != "" {
		return NewArticleFetchJob(ArticleFetchPayload{
			URL: l.URL, FeedURL: l.FeedURL, Title: l.Title, PublishedAt: l.PublishedAt, Authors: l.Authors,
		})
	}
	return NewArticleProcessJob(l.ArticleProcessPayload)
}

// BatchResult is what became of one input line.
type BatchResult struct {
	// Line is the 1-based line number in the input.
	Line int `json:"line"`
	Submission
	Error string `json:"error,omitempty"`
}

// BatchSummary accounts for every non-empty line: Lines = Enqueued +
// Duplicates + Invalid + Failed.
type BatchSummary struct {
	Lines      int64   `json:"lines"`
	Enqueued   int64   `json:"enqueued"`
	Duplicates int64   `json:"duplicates"`
	Invalid    int64   `json:"invalid"`
	Failed     int64   `json:"failed"`
	Seconds    float64 `json:"seconds"`
	PerSecond  float64 `json:"per_second"`
}

// Batch submits JSONL lines (see DecodeSubmission) concurrently. Each worker
// takes the lines that are waiting, up to Chunk of them, and checks them
// for earlier results in one round trip before enqueueing them, so a fast
// producer gets full chunks and a slow one is not kept waiting.
type Batch struct {
	Submitter *Submitter
	// Queue overrides the tasks' default queue when not "".
	Queue string
	// Force re-enqueues tasks that exist or produced an article.
	Force bool
	// Options are added to every task.
	Options []asynq.Option
	// Concurrency is the number of concurrent submitters; 0 means 16.
	Concurrency int
	// Chunk is the most lines checked in one round trip; 0 means 64.
	Chunk int
	// MaxLine bounds one line in bytes; 0 means 16 MiB (a 5 MiB HTML
	// payload JSON-escaped fits).
	MaxLine int
	// Fatal, when set, reports whether a submission error must stop the
	// batch (Redis unreachable: every later line would fail the same way).
	// Lines already read are still accounted for, as failed.
	Fatal func(err error) bool
	// Read, when set, is told the size of each line read, newline
	// included, from the reading goroutine (for a progress bar).
	Read func(n int)
}

type batchJob struct {
	n    int
	line []byte
}

// Run submits every line of in and calls report once per non-empty line,
// from one goroutine, in completion order. The error is a read error;
// a line over MaxLine is an invalid line, and submission errors are
// counted in the summary and reported per line.
func (b *Batch) Run(ctx context.Context, in io.Reader, report func(BatchResult)) (BatchSummary, error) {
	workers, chunk, maxLine := b.Concurrency, b.Chunk, b.MaxLine
	if workers <= 0 {
		workers = 16
	}
	if chunk <= 0 {
		chunk = 64
	}
	if maxLine <= 0 {
		maxLine = 16 << 20
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	lines := make(chan batchJob, workers*chunk)
	results := make(chan BatchResult, workers*chunk)
	var sum BatchSummary
	start := time.Now()

	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for first := range lines {
				b.submitChunk(ctx, stop, gather(first, lines, chunk), &sum, results)
			}
		}()
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for r := range results {
			report(r)
		}
	}()

	r := bufio.NewReaderSize(in, 1<<20)
	n := 0
	var readErr error
	for ctx.Err() == nil {
		line, size, tooLong, err := readLine(r, maxLine)
		if size == 0 && err != nil {
			if err != io.EOF {
				readErr = fmt.Errorf("line %d: %w", n+1, err)
			}
			break
		}
		n++
		if b.Read != nil {
			b.Read(size)
		}
		switch {
		case tooLong:
			// counted and reported like any invalid line; the next
			// lines are read as usual
			sum.Lines++
			atomic.AddInt64(&sum.Invalid, 1)
			results <- BatchResult{Line: n, Error: fmt.Sprintf("%v: line is over %d bytes", ErrInvalidPayload, maxLine)}
		case len(bytes.TrimSpace(line)) > 0:
			sum.Lines++
			lines <- batchJob{n: n, line: line}
		}
		if err != nil {
			if err != io.EOF {
				readErr = fmt.Errorf("line %d: %w", n, err)
			}
			break
		}
	}
	close(lines)
	wg.Wait()
	close(results)
	<-done
	sum.Seconds = time.Since(start).Seconds()
	if sum.Seconds > 0 {
		sum.PerSecond = float64(sum.Enqueued+sum.Duplicates) / sum.Seconds
	}
	return sum, readErr
}

// gather returns first and the lines already waiting, up to max in all.
func gather(first batchJob, lines <-chan batchJob, max int) []batchJob {
	out := []batchJob{first}
	for len(out) < max {
		select {
		case j, ok := <-lines:
			if !ok {
				return out
			}
			out = append(out, j)
		default:
			return out
		}
	}
	return out
}

func (b *Batch) submitChunk(ctx context.Context, stop func(), chunk []batchJob, sum *BatchSummary, results chan<- BatchResult) {
	jobs := make([]Job, 0, len(chunk))
	at := make([]int, 0, len(chunk))
	for _, l := range chunk {
		j, err := DecodeSubmission(l.line)
		if err != nil {
			atomic.AddInt64(&sum.Invalid, 1)
			results <- BatchResult{Line: l.n, Error: err.Error()}
			continue
		}
		jobs = append(jobs, j)
		at = append(at, l.n)
	}
	if len(jobs) == 0 {
		return
	}
	subs, errs := b.Submitter.SubmitJobs(ctx, jobs, b.Queue, b.Force, b.Options...)
	for i := range jobs {
		r := BatchResult{Line: at[i], Submission: subs[i]}
		switch err := errs[i]; {
		case err != nil:
			atomic.AddInt64(&sum.Failed, 1)
			r.Error = err.Error()
			if b.Fatal != nil && b.Fatal(err) {
				stop()
			}
		case r.Duplicate:
			atomic.AddInt64(&sum.Duplicates, 1)
		default:
			atomic.AddInt64(&sum.Enqueued, 1)
		}
		results <- r
	}
}

// readLine reads one line of r, without its "\n" or "\r\n", as a fresh
// slice. size is the bytes consumed; a line over max bytes is consumed
// whole and returned as tooLong, without its bytes. err is io.EOF after
// the last line.
func readLine(r *bufio.Reader, max int) (line []byte, size int, tooLong bool, err error) {
	for {
		frag, e := r.ReadSlice('\n')
		size += len(frag)
		if !tooLong {
			if len(line)+len(frag) > max+2 { // room for "\r\n"
				tooLong, line = true, nil
			} else {
				line = append(line, frag...)
			}
		}
		if e == bufio.ErrBufferFull {
			continue
		}
		err = e
		break
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if !tooLong && len(line) > max {
		tooLong, line = true, nil
	}
	return line, size, tooLong, err
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hibiken/asynq"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/copydesk/copydesk/tasks"
)

// maxLine bounds one JSONL line: a 5 MiB HTML payload JSON-escaped fits.
const maxLine = 16 << 20

// batchLine is one JSONL input: an article:process payload, or an
// article:fetch payload when it has a url and no text or html.
type batchLine struct {
	tasks.ArticleProcessPayload
	FeedURL string `json:"feed_url,omitempty"`
}

type batchResult struct {
	Line int `json:"line"`
	tasks.Submission
	Error string `json:"error,omitempty"`
}

type batchSummary struct {
	Lines      int64   `json:"lines"`
	Enqueued   int64   `json:"enqueued"`
	Duplicates int64   `json:"duplicates"`
	Invalid    int64   `json:"invalid"`
	Failed     int64   `json:"failed"`
	Seconds    float64 `json:"seconds"`
	PerSecond  float64 `json:"per_second"`
}

// batch enqueues JSONL payloads concurrently. Results go to stdout, one
// line per input line in completion order (each names its line); the
// summary goes to stderr.
func (c *cli) batch(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("enqueue batch", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	var f submitFlags
	f.register(fs, false)
	workers := fs.Int("concurrency", 16, "concurrent enqueuers")
	quiet := fs.Bool("quiet", false, "print only the summary")
	if err := fs.Parse(args); err != nil {
		return exitBadRequest
	}
	if fs.NArg() != 1 {
		return c.fail(exitBadRequest, "batch takes one FILE or -")
	}
	if f.wait {
		return c.fail(exitBadRequest, "batch does not take --wait")
	}
	opts, err := f.options()
	if err != nil {
		return c.fail(exitBadRequest, "%v", err)
	}
	in := c.stdin
	size := int64(-1)
	if name := fs.Arg(0); name != "-" {
		fh, err := os.Open(name)
		if err != nil {
			return c.fail(exitBadRequest, "%v", err)
		}
		defer fh.Close()
		if st, err := fh.Stat(); err == nil {
			size = st.Size()
		}
		in = fh
	}
	s, err := c.connect(ctx)
	if err != nil {
		return c.fail(exitUnreachable, "%s", redisErr(err))
	}
	defer s.Close()
	sub := s.submitter()
	// Losing Redis stops the batch: every later line would fail the same way.
	ctx, stop := context.WithCancel(ctx)
	defer stop()

	var bar *progressbar.ProgressBar
	if fh, ok := c.stderr.(*os.File); ok && term.IsTerminal(int(fh.Fd())) {
		bar = progressbar.DefaultBytes(size, "enqueue")
	}

	type job struct {
		n    int
		line []byte
	}
	jobs := make(chan job, 4**workers)
	results := make(chan batchResult, 4**workers)
	var sum batchSummary
	var unreachable atomic.Bool
	start := time.Now()

	var wg sync.WaitGroup
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				res := batchResult{Line: j.n}
				task, err := lineTask(j.line)
				if err != nil {
					atomic.AddInt64(&sum.Invalid, 1)
					res.Error = err.Error()
					results <- res
					continue
				}
				res.Submission, err = sub.Submit(ctx, task, f.queue, f.force, opts...)
				switch {
				case err != nil:
					atomic.AddInt64(&sum.Failed, 1)
					if unreachable.Load() || s.unreachable(context.WithoutCancel(ctx), err) {
						unreachable.Store(true)
						stop()
					}
					res.Error = err.Error()
				case res.Duplicate:
					atomic.AddInt64(&sum.Duplicates, 1)
				default:
					atomic.AddInt64(&sum.Enqueued, 1)
				}
				results <- res
			}
		}()
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		w := bufio.NewWriterSize(c.stdout, 1<<16)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for r := range results {
			if !*quiet || r.Error != "" {
				enc.Encode(r)
			}
		}
		w.Flush()
	}()

	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 1<<20), maxLine)
	n := 0
	var readErr error
	for sc.Scan() {
		n++
		line := sc.Bytes()
		if bar != nil {
			bar.Add(len(line) + 1)
		}
		if len(line) == 0 {
			continue
		}
		sum.Lines++
		jobs <- job{n: n, line: append([]byte(nil), line...)}
		if ctx.Err() != nil {
			break
		}
	}
	if err := sc.Err(); err != nil {
		readErr = err
		if errors.Is(err, bufio.ErrTooLong) {
			readErr = fmt.Errorf("line %d is over %d bytes", n+1, maxLine)
		}
	}
	close(jobs)
	wg.Wait()
	close(results)
	<-done
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(c.stderr)
	}
	sum.Seconds = time.Since(start).Seconds()
	if sum.Seconds > 0 {
		sum.PerSecond = float64(sum.Enqueued+sum.Duplicates) / sum.Seconds
	}
	b, _ := json.Marshal(sum)
	fmt.Fprintf(c.stderr, "%s\n", b)
	switch {
	case unreachable.Load():
		return exitUnreachable
	case readErr != nil:
		return c.fail(exitBadRequest, "read input: %v", readErr)
	case sum.Invalid > 0:
		return exitBadRequest
	case sum.Failed > 0:
		return exitFailed
	}
	return exitOK
}

// lineTask builds the task for one JSONL line.
func lineTask(line []byte) (*asynq.Task, error) {
	var l batchLine
	dec := json.NewDecoder(bytes.NewReader(line))
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("%w: malformed JSON: %v", tasks.ErrInvalidPayload, err)
	}
	if l.Text == "" && l.HTML == "" && l.URL != "" {
		return tasks.NewArticleFetchTask(tasks.ArticleFetchPayload{
			URL: l.URL, FeedURL: l.FeedURL, Title: l.Title, PublishedAt: l.PublishedAt, Authors: l.Authors,
		})
	}
	return tasks.NewArticleProcessTask(l.ArticleProcessPayload)
}

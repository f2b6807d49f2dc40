package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync/atomic"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/copydesk/copydesk/tasks"
)

// batch enqueues JSONL payloads concurrently (see tasks.Batch). Results go
// to stdout, one line per input line in completion order (each names its
// line); the summary goes to stderr.
func (c *cli) batch(ctx context.Context, args []string) int {
	fs := flag.NewFlagSet("enqueue batch", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	var f submitFlags
	f.register(fs, false, c.getenv("COPYDESK_ENQUEUE_QUEUE"))
	workers := fs.Int("concurrency", 16, "concurrent enqueuers")
	quiet := fs.Bool("quiet", false, "print only the summary")
	if err := parseArgs(fs, args); err != nil {
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

	var unreachable atomic.Bool
	b := &tasks.Batch{
		Submitter: s.submitter(), Queue: f.queue, Force: f.force, Options: opts, Concurrency: *workers,
		Fatal: func(err error) bool {
			if unreachable.Load() || s.unreachable(context.WithoutCancel(ctx), err) {
				unreachable.Store(true)
				return true
			}
			return false
		},
	}
	var bar *progressbar.ProgressBar
	if fh, ok := c.stderr.(*os.File); ok && term.IsTerminal(int(fh.Fd())) {
		bar = progressbar.DefaultBytes(size, "enqueue")
		b.Read = func(n int) { bar.Add(n) }
	}
	w := bufio.NewWriterSize(c.stdout, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	sum, readErr := b.Run(ctx, in, func(r tasks.BatchResult) {
		if !*quiet || r.Error != "" {
			enc.Encode(r)
		}
	})
	w.Flush()
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(c.stderr)
	}
	out, _ := json.Marshal(sum)
	fmt.Fprintf(c.stderr, "%s\n", out)
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

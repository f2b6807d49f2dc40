package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/keys"
	"github.com/copydesk/copydesk/internal/pipeline"
	"github.com/copydesk/copydesk/internal/store"
	"github.com/copydesk/copydesk/tasks"
)

// submitFlags are the flags every submitting command takes.
type submitFlags struct {
	queue       string
	in          time.Duration
	at          string
	retries     int
	timeout     time.Duration
	force       bool
	wait        bool
	waitTimeout time.Duration
	// article hints
	url, title, publishedAt string
}

func (f *submitFlags) register(fs *flag.FlagSet, hints bool, queue string) {
	fs.StringVar(&f.queue, "queue", queue, "queue name (default: COPYDESK_ENQUEUE_QUEUE, else the task type's)")
	fs.DurationVar(&f.in, "in", 0, "process after this delay")
	fs.StringVar(&f.at, "at", "", "process at this RFC 3339 time")
	fs.IntVar(&f.retries, "retries", -1, "max retries (default: the task type's)")
	fs.DurationVar(&f.timeout, "timeout", 0, "task timeout, at least 1s (default: the task type's)")
	fs.BoolVar(&f.force, "force", false, "delete a conflicting task and enqueue again")
	fs.BoolVar(&f.wait, "wait", false, "wait until the record is stored and print it")
	fs.DurationVar(&f.waitTimeout, "wait-timeout", 60*time.Second, "how long --wait waits")
	if hints {
		fs.StringVar(&f.url, "url", "", "the article's URL")
		fs.StringVar(&f.title, "title", "", "the article's title")
		fs.StringVar(&f.publishedAt, "published-at", "", "publication time, RFC 3339")
	}
}

// options turns the flags into asynq options (after the task defaults).
func (f *submitFlags) options() ([]asynq.Option, error) {
	var opts []asynq.Option
	if f.in != 0 && f.at != "" {
		return nil, errors.New("give --in or --at, not both")
	}
	if f.in < 0 {
		return nil, errors.New("--in must not be negative")
	}
	if f.in > 0 {
		opts = append(opts, asynq.ProcessIn(f.in))
	}
	if f.at != "" {
		t, err := time.Parse(time.RFC3339, f.at)
		if err != nil {
			return nil, fmt.Errorf("--at: %v", err)
		}
		opts = append(opts, asynq.ProcessAt(t))
	}
	if f.retries >= 0 {
		opts = append(opts, asynq.MaxRetry(f.retries))
	}
	if f.timeout != 0 {
		if f.timeout < time.Second {
			return nil, errors.New("--timeout must be at least 1s (asynq keeps whole seconds)")
		}
		opts = append(opts, asynq.Timeout(f.timeout))
	}
	if f.queue != "" && !keys.ValidQueue(f.queue) {
		return nil, fmt.Errorf("--queue %q: names must match %s", f.queue, keys.QueuePattern)
	}
	return opts, nil
}

// submit implements article, url and feed.
func (c *cli) submit(ctx context.Context, cmd string, args []string) int {
	fs := flag.NewFlagSet("enqueue "+cmd, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	var f submitFlags
	f.register(fs, cmd == "article", c.getenv("COPYDESK_ENQUEUE_QUEUE"))
	if err := parseArgs(fs, args); err != nil {
		return exitBadRequest
	}
	if fs.NArg() != 1 {
		return c.fail(exitBadRequest, "%s takes exactly one argument besides the flags", cmd)
	}
	opts, err := f.options()
	if err != nil {
		return c.fail(exitBadRequest, "%v", err)
	}
	task, err := c.buildTask(cmd, fs.Arg(0), &f)
	if err != nil {
		return c.fail(exitBadRequest, "%v", err)
	}
	s, err := c.connect(ctx)
	if err != nil {
		return c.fail(exitUnreachable, "%s", redisErr(err))
	}
	defer s.Close()
	job, err := tasks.JobOf(task)
	if err != nil {
		return c.fail(exitBadRequest, "%v", err)
	}
	if f.force && f.wait {
		// A stale mapping from the old run would end the wait at once.
		if err := s.store.ForgetTask(ctx, job.ID); err != nil {
			return c.fail(exitUnreachable, "%s", redisErr(err))
		}
	}
	sub, err := s.submitter().SubmitJob(ctx, job, f.queue, f.force, opts...)
	if err != nil {
		if s.unreachable(ctx, err) {
			return c.fail(exitUnreachable, "%s", redisErr(err))
		}
		return c.fail(exitFailed, "%v", err)
	}
	if !f.wait {
		writeJSON(c.stdout, sub)
		if sub.Duplicate {
			c.warnArchived(s, sub)
		}
		return exitOK
	}
	if cmd == "feed" {
		return c.fail(exitBadRequest, "--wait applies to articles, not feed polls")
	}
	return c.waitFor(ctx, s, sub, f.waitTimeout)
}

func (c *cli) buildTask(cmd, arg string, f *submitFlags) (*asynq.Task, error) {
	switch cmd {
	case "url":
		return tasks.NewArticleFetchTask(tasks.ArticleFetchPayload{URL: arg})
	case "feed":
		return tasks.NewFeedPollTask(tasks.FeedPollPayload{URL: arg})
	}
	b, err := readDoc(arg, c.stdin, int64(pipeline.DefaultLimits.MaxHTML)+1)
	if err != nil {
		return nil, err
	}
	p := tasks.PayloadFromDocument(b)
	p.URL, p.Title = f.url, f.title
	if f.publishedAt != "" {
		t, err := time.Parse(time.RFC3339, f.publishedAt)
		if err != nil {
			return nil, fmt.Errorf("--published-at: %v", err)
		}
		p.PublishedAt = &t
	}
	return tasks.NewArticleProcessTask(p)
}

func readDoc(name string, stdin io.Reader, max int64) ([]byte, error) {
	r := stdin
	if name != "-" {
		fh, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer fh.Close()
		r = fh
	}
	b, err := io.ReadAll(io.LimitReader(r, max))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return b, nil
}

// waitFor blocks until the task's record is stored (printing it), the task
// is archived, or the timeout passes.
func (c *cli) waitFor(ctx context.Context, s *session, sub tasks.Submission, timeout time.Duration) int {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		id, err := s.store.ArticleForTask(ctx, sub.TaskID)
		if err == nil {
			raw, err := s.store.GetRaw(ctx, id)
			if err == nil {
				c.stdout.Write(append(raw, '\n'))
				return exitOK
			}
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) && ctx.Err() == nil {
			return c.fail(exitUnreachable, "%s", redisErr(err))
		}
		if info, err := s.inspector.GetTaskInfo(sub.Queue, sub.TaskID); err == nil && info.State == asynq.TaskStateArchived {
			writeJSON(c.stdout, taskState{sub.TaskID, "archived", info.LastErr})
			return exitArchived
		}
		select {
		case <-ctx.Done():
			writeJSON(c.stdout, taskState{sub.TaskID, "waiting", "wait timeout passed"})
			return exitTimeout
		case <-tick.C:
		}
	}
}

// warnArchived tells a person on stderr when a submission is a duplicate
// of an archived task: that counts as done (exit 0, as the contract has
// it), yet no record will come of it.
func (c *cli) warnArchived(s *session, sub tasks.Submission) {
	info, err := s.inspector.GetTaskInfo(sub.Queue, sub.TaskID)
	if err != nil || info.State != asynq.TaskStateArchived {
		return
	}
	fmt.Fprintf(c.stderr, "enqueue: warning: task %s is archived (%s); `enqueue rerun %s` runs it again, --force submits it anew\n",
		sub.TaskID, short(info.LastErr, 200), sub.TaskID)
}

// taskState is printed when --wait ends without a record.
type taskState struct {
	TaskID string `json:"task_id"`
	State  string `json:"state"`
	Error  string `json:"error"`
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

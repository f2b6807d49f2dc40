// Command enqueue submits copy to copydesk and inspects its queues.
//
//	enqueue article [flags] FILE|-     text or HTML (detected)
//	enqueue url [flags] URL            fetch and process a page
//	enqueue feed [flags] URL           poll a feed once
//	enqueue batch [flags] FILE|-       JSONL payloads
//	enqueue queues | archived | quarantined | task ID | rerun ID|--all | delete ID
//
// It reads REDIS_URL, COPYDESK_PREFIX and COPYDESK_QUEUES like the worker,
// and COPYDESK_ENQUEUE_QUEUE as the default --queue. Exit codes: 0 done (a
// duplicate counts as done), 1 a failure that is none of the others (batch
// lines that failed to enqueue, an inspection error), 2 bad request or
// usage (an invalid batch line included), 3
// Redis unreachable, 4 the task was archived while waiting, 5
// --wait-timeout passed.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/redis/go-redis/v9"
)

// Exit codes (a contract: cron jobs and scripts test them).
const (
	exitOK          = 0
	exitBadRequest  = 2
	exitUnreachable = 3
	exitArchived    = 4
	exitTimeout     = 5
	exitFailed      = 1
)

// quietRedis drops go-redis' internal messages (dial retries while Redis is
// down): enqueue reports an unreachable Redis itself, once, with exit 3.
type quietRedis struct{}

func (quietRedis) Printf(context.Context, string, ...any) {}

func main() {
	redis.SetLogger(quietRedis{})
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

const usage = `enqueue submits copy to copydesk and inspects its queues.

Usage:
  enqueue article [flags] FILE|-    text or HTML, detected (--url, --title, --published-at are hints)
  enqueue url [flags] URL           fetch the page and process it
  enqueue feed [flags] URL          poll a feed once
  enqueue batch [flags] FILE|-      JSONL payloads, one per line
  enqueue queues [--json]           queue sizes
  enqueue archived [--json]         archived tasks and their reasons
  enqueue task TASK_ID [--json]     a task's state
  enqueue rerun TASK_ID|--all       run archived (or retrying, scheduled) tasks now
  enqueue delete TASK_ID            delete a task that is not running
  enqueue quarantined [--json]      tasks quarantined after repeated crashes

Inspection flags: --queue Q (one queue), --all-queues (every asynq queue of
this Redis; by default queues, archived and rerun --all keep to copydesk's
queues, COPYDESK_QUEUES), --json, --limit N (archived).

Submit flags:
  --queue NAME  --in DURATION | --at RFC3339  --retries N  --timeout DURATION
  --force       delete a conflicting task and enqueue again
  --wait        block until the record is stored and print it
  --wait-timeout DURATION (default 60s)

Flags may come before or after the positional argument; "--" ends them.

Environment: REDIS_URL (default 127.0.0.1:6379), COPYDESK_PREFIX (default
copydesk:), COPYDESK_QUEUES (the worker's queue list, default
critical=6,default=3,low=1), COPYDESK_ENQUEUE_QUEUE (default --queue).
Exit codes: 0 done or duplicate, 1 other failure (batch lines that failed
            to enqueue, an inspection error), 2 bad request (an invalid
            batch line included), 3 Redis unreachable,
            4 archived while waiting, 5 wait timed out.
`

type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// run executes one command and returns its exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitBadRequest
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "article", "url", "feed":
		return c.submit(ctx, cmd, rest)
	case "batch":
		return c.batch(ctx, rest)
	case "queues", "archived", "quarantined", "task", "rerun", "delete":
		return c.inspect(ctx, cmd, rest)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "enqueue: unknown command %q\n\n%s", cmd, usage)
	return exitBadRequest
}

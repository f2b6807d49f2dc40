// Command enqueue submits copy to copydesk and inspects its queues.
//
//	enqueue article [flags] FILE|-     text or HTML (detected)
//	enqueue url [flags] URL            fetch and process a page
//	enqueue feed [flags] URL           poll a feed once
//	enqueue batch [flags] FILE|-       JSONL payloads
//	enqueue queues | archived | task ID | rerun ID|--all
//
// It reads REDIS_URL and COPYDESK_PREFIX like the worker. Exit codes: 0 done
// (a duplicate counts as done), 2 bad request or usage, 3 Redis
// unreachable, 4 the task was archived while waiting, 5 --wait-timeout
// passed.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
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

func main() {
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
  enqueue archived [--queue Q] [--json]   archived tasks and their reasons
  enqueue task [--queue Q] [--json] TASK_ID   a task's state
  enqueue rerun [--queue Q] TASK_ID|--all     run archived tasks again

Submit flags (before the positional argument):
  --queue NAME  --in DURATION | --at RFC3339  --retries N  --timeout DURATION
  --force       delete a conflicting task and enqueue again
  --wait        block until the record is stored and print it
  --wait-timeout DURATION (default 60s)

Environment: REDIS_URL (default 127.0.0.1:6379), COPYDESK_PREFIX (default copydesk:).
Exit codes: 0 done or duplicate, 2 bad request, 3 Redis unreachable,
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
	case "queues", "archived", "task", "rerun":
		return c.inspect(ctx, cmd, rest)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "enqueue: unknown command %q\n\n%s", cmd, usage)
	return exitBadRequest
}

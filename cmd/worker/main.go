// Command worker runs copydesk: the asynq server that turns queued copy
// into stored records, its admin HTTP server and, with --feeds, the feed
// scheduler. `worker process` runs the same pipeline in-process, without
// Redis.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches the subcommand and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "process":
			return runProcess(args[1:], stdin, stdout, stderr)
		case "version":
			fmt.Fprintln(stdout, version())
			return 0
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usage+"\nFlags of the server (each also read from the environment variable it names):\n")
			parseConfigTo([]string{"-help"}, stdout)
			return 0
		}
	}
	cfg, err := parseConfig(args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "worker: %v\n", err)
		return 2
	}
	if err := serve(ctx, cfg, stderr); err != nil {
		fmt.Fprintf(stderr, "worker: %v\n", err)
		return 1
	}
	return 0
}

const usage = `worker runs copydesk.

Usage:
  worker [flags]                     run the worker
  worker process [--jsonl] [FILE|-]… run the pipeline in-process, one JSON record per input
  worker version                     print the version
`

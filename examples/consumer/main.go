package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/redis/go-redis/v9"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case err != nil:
		fmt.Fprintln(os.Stderr, "consumer:", err)
		os.Exit(1)
	}
}

// run parses the flags and consumes events until ctx is done, printing one
// line per article on stdout and errors on stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("consumer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("redis", "127.0.0.1:6379", "Redis address (host:port)")
	prefix := fs.String("prefix", "copydesk:", "copydesk key prefix")
	group := fs.String("group", "example", "consumer group")
	name := fs.String("consumer", defaultConsumer(), "consumer name within the group")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	rdb := redis.NewClient(&redis.Options{Addr: *addr, ContextTimeoutEnabled: true})
	defer rdb.Close()
	logger := log.New(stderr, "consumer: ", log.LstdFlags)
	opts := Options{Prefix: *prefix, Group: *group, Consumer: *name, Logf: logger.Printf}
	return consume(ctx, rdb, opts, func(ev Event) error {
		_, err := fmt.Fprintln(stdout, formatLine(ev))
		return err
	})
}

// formatLine is the line printed for one event: id, title, number of
// entities ("?" when the record is gone) and duplicate_of ("-" for none).
func formatLine(ev Event) string {
	title, entities, dup := ev.Title, "?", ev.DuplicateOf
	if r := ev.Record; r != nil {
		if r.Title != "" {
			title = r.Title
		}
		entities = strconv.Itoa(len(r.Entities))
		dup = ""
		if r.DuplicateOf != nil {
			dup = *r.DuplicateOf
		}
	}
	if dup == "" {
		dup = "-"
	}
	if title == "" {
		title = "(untitled)"
	}
	title = strings.Join(strings.Fields(title), " ")
	return fmt.Sprintf("%s  %s  entities=%s  duplicate_of=%s", ev.ID, title, entities, dup)
}

package main

import (
	"flag"
	"slices"
	"sort"
	"strings"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/keys"
)

// parseArgs parses flags given before, between or after the positional
// arguments ("task ID --json" as well as "task --json ID"); "--" ends the
// flags. fs.Args() holds the positional arguments afterwards.
func parseArgs(fs *flag.FlagSet, args []string) error {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	return fs.Parse(append([]string{"--"}, pos...))
}

// ownQueues returns copydesk's queues, sorted: those of COPYDESK_QUEUES
// (the worker's default list when unset) and COPYDESK_ENQUEUE_QUEUE. A
// malformed list falls back to the default one.
func (c *cli) ownQueues() []string {
	weights, err := keys.ParseQueues(c.getenv("COPYDESK_QUEUES"))
	if err != nil || strings.TrimSpace(c.getenv("COPYDESK_QUEUES")) == "" {
		weights, _ = keys.ParseQueues(keys.DefaultQueues)
	}
	var qs []string
	for q := range weights {
		qs = append(qs, q)
	}
	if q := c.getenv("COPYDESK_ENQUEUE_QUEUE"); keys.ValidQueue(q) && !slices.Contains(qs, q) {
		qs = append(qs, q)
	}
	sort.Strings(qs)
	return qs
}

// scope returns the queues an inspection command looks at: the one given,
// every queue of this Redis (allQueues), or copydesk's own that exist.
// Other applications' queues on a shared Redis are left alone unless
// asked for. unknown is set when the given queue does not exist.
func (c *cli) scope(in *asynq.Inspector, queue string, allQueues bool) (qs []string, unknown bool, err error) {
	existing, err := in.Queues()
	if err != nil {
		return nil, false, err
	}
	sort.Strings(existing)
	switch {
	case queue != "":
		return []string{queue}, !slices.Contains(existing, queue), nil
	case allQueues:
		return existing, false, nil
	}
	for _, q := range c.ownQueues() {
		if slices.Contains(existing, q) {
			qs = append(qs, q)
		}
	}
	return qs, false, nil
}

package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/testkit"
)

// TestQuickRun runs every measurement on a few tasks through the real
// Redis: it checks that the tool works and cleans up, never its figures.
func TestQuickRun(t *testing.T) {
	rdb, _ := testkit.Redis(t)
	benchQueues := func() map[string]bool {
		qs, err := rdb.SMembers(context.Background(), "asynq:queues").Result()
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, q := range qs {
			if strings.HasPrefix(q, "bench-") {
				m[q] = true
			}
		}
		return m
	}
	before := benchQueues()
	o := options{redisAddr: testkit.Addr(), n: 30, runs: 1, loops: 2, conc: 4,
		article: "../../examples/seed-putin-north-korea.txt", latency: "0.5"}
	var out bytes.Buffer
	if err := run(context.Background(), o, &out); err != nil {
		t.Fatalf("bench: %v\n%s", err, out.String())
	}
	for _, want := range []string{"asynq no-op, 1 loop", "asynq no-op, 2 loops", "copydesk dispatch",
		"pipeline in-process", "copydesk end to end", "bulk enqueue", "end to end / in-process pipeline", "at  50% of max"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	for q := range benchQueues() {
		if !before[q] {
			t.Errorf("the bench left queue %s behind", q)
		}
	}
	if keys, _ := rdb.Keys(context.Background(), "cdbench:*").Result(); len(keys) > 0 {
		t.Errorf("the bench left %d keys behind, e.g. %s", len(keys), keys[0])
	}
}

package main

import (
	"context"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/copydesk/copydesk/internal/store"
	"github.com/copydesk/copydesk/internal/testkit"
)

// TestMaintainRegistersQueues removes the worker's queue from asynq's list
// of queues, as a Redis restart without persistence does, and expects the
// housekeeping loop to put it back.
func TestMaintainRegistersQueues(t *testing.T) {
	rdb, prefix := testkit.Redis(t)
	q := testkit.Queue(t, rdb)
	ctx := context.Background()
	st := store.New(rdb, store.Config{Prefix: prefix})
	stop := maintain(ctx, st, rdb, []string{q}, 20*time.Millisecond, zap.NewNop())
	defer stop()
	registered := func() bool { ok, _ := rdb.SIsMember(ctx, "asynq:queues", q).Result(); return ok }
	testkit.Eventually(t, 5*time.Second, "queue registered", registered)
	if err := rdb.SRem(ctx, "asynq:queues", q).Err(); err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, 5*time.Second, "queue registered again", registered)
	if n, _ := rdb.Exists(ctx, st.Keys().MaintenanceLock()).Result(); n != 1 {
		t.Error("the trim did not run (no maintenance lock)")
	}
}

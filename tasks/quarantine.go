package tasks

import (
	"context"
	"fmt"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/metrics"
)

// Attempts counts task starts that have not finished. *store.Store
// implements it.
type Attempts interface {
	BeginAttempt(ctx context.Context, taskID string) (int64, error)
	EndAttempt(ctx context.Context, taskID string) error
	Quarantine(ctx context.Context, taskID, reason string) error
}

// Quarantine archives a task that started Limit times without finishing:
// the mark of input that crashes the worker process (a fatal error, not a
// returned one), which asynq would otherwise retry MaxRetry+1 times with
// only "task lease expired" as the reason.
type Quarantine struct {
	Attempts Attempts
	// Limit is how many unfinished starts are tolerated; 0 means 3.
	Limit   int64
	Metrics *metrics.Metrics
}

// Middleware wraps a handler with the start/finish bookkeeping.
func (q *Quarantine) Middleware(next asynq.Handler) asynq.Handler {
	limit := q.Limit
	if limit <= 0 {
		limit = 3
	}
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		id, _ := asynq.GetTaskID(ctx)
		n, err := q.Attempts.BeginAttempt(ctx, id)
		if err != nil {
			return fmt.Errorf("quarantine check: %w", err)
		}
		if n > limit {
			reason := fmt.Sprintf("quarantined: task started %d times without finishing (the worker crashed or was killed while running it)", n-1)
			_ = q.Attempts.Quarantine(ctx, id, reason)
			_ = q.Attempts.EndAttempt(ctx, id)
			if q.Metrics != nil {
				q.Metrics.Quarantined.Inc()
			}
			return permanent(fmt.Errorf("%s", reason))
		}
		err = next.ProcessTask(ctx, t)
		// The handler returned (success or error): it did not crash the
		// process, so this start is finished. A fresh context is used so a
		// deadline that ended the task does not also lose the bookkeeping.
		_ = q.Attempts.EndAttempt(context.WithoutCancel(ctx), id)
		return err
	})
}

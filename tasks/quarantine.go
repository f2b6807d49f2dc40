package tasks

import (
	"context"
	"fmt"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/metrics"
)

// Attempts remembers how many runs of a task ended with a returned error.
// *store.Store implements it.
type Attempts interface {
	FinishedFailures(ctx context.Context, taskID string) (int64, error)
	RecordFailure(ctx context.Context, taskID string) error
	Quarantine(ctx context.Context, taskID, reason string) error
}

// Quarantine archives a task whose earlier runs crashed the worker process
// (a fatal error, a kill) Limit times, which asynq would otherwise retry
// MaxRetry+1 times with only "task lease expired" as the reason.
//
// asynq counts every earlier run that did not succeed in the task's retry
// count; the handler chain records the runs that ended by returning an
// error. The difference is the number of runs that never returned. The
// common path (a first run that succeeds) costs no Redis round trip.
type Quarantine struct {
	Attempts Attempts
	// Limit is how many crashed runs are tolerated; 0 means 3.
	Limit   int64
	Metrics *metrics.Metrics
}

// Middleware wraps a handler with the bookkeeping.
func (q *Quarantine) Middleware(next asynq.Handler) asynq.Handler {
	limit := q.Limit
	if limit <= 0 {
		limit = 3
	}
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		id, _ := asynq.GetTaskID(ctx)
		if retried, _ := asynq.GetRetryCount(ctx); retried > 0 {
			failed, err := q.Attempts.FinishedFailures(ctx, id)
			if err != nil {
				return fmt.Errorf("quarantine check: %w", err)
			}
			if crashed := int64(retried) - failed; crashed >= limit {
				reason := fmt.Sprintf("quarantined: %d earlier runs never finished (the worker crashed or was killed while running this task)", crashed)
				_ = q.Attempts.Quarantine(ctx, id, reason)
				if q.Metrics != nil {
					q.Metrics.Quarantined.Inc()
				}
				return permanent(fmt.Errorf("%s", reason))
			}
		}
		err := next.ProcessTask(ctx, t)
		if err != nil && !IsPermanent(err) && IsFailure(err) {
			// A fresh context: the deadline that ended the task must not
			// also lose the bookkeeping.
			_ = q.Attempts.RecordFailure(context.WithoutCancel(ctx), id)
		}
		return err
	})
}

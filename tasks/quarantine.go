package tasks

import (
	"context"
	"fmt"
	"sync"

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
//
// A crash also cuts short the tasks running beside the culprit, and they
// count it too. So suspects, tasks with a crashed run, run one at a time
// in each worker process: once a poison task is a suspect it never runs
// beside another suspect again, and an innocent task reaches the limit
// only if fresh tasks keep crashing the worker while it runs.
type Quarantine struct {
	Attempts Attempts
	// Limit is how many crashed runs are tolerated; 0 means 3.
	Limit   int64
	Metrics *metrics.Metrics

	laneOnce sync.Once
	lane     chan struct{} // suspects take it in turn
}

// suspects returns the lane suspects take in turn. asynq's ServeMux
// applies middleware on every call, so it lives here, once per process.
func (q *Quarantine) suspects() chan struct{} {
	q.laneOnce.Do(func() { q.lane = make(chan struct{}, 1) })
	return q.lane
}

// Middleware wraps a handler with the bookkeeping.
func (q *Quarantine) Middleware(next asynq.Handler) asynq.Handler {
	limit := q.Limit
	if limit <= 0 {
		limit = 3
	}
	suspects := q.suspects()
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		id, _ := asynq.GetTaskID(ctx)
		suspect := false
		if retried, _ := asynq.GetRetryCount(ctx); retried > 0 {
			failed, err := q.Attempts.FinishedFailures(ctx, id)
			if err != nil {
				return fmt.Errorf("quarantine check: %w", err)
			}
			crashed := int64(retried) - failed
			if crashed >= limit {
				reason := fmt.Sprintf("quarantined: %d earlier runs never finished (the worker crashed or was killed while running this task)", crashed)
				_ = q.Attempts.Quarantine(ctx, id, reason)
				if q.Metrics != nil {
					q.Metrics.Quarantined.Inc()
				}
				return permanent(fmt.Errorf("%s", reason))
			}
			suspect = crashed > 0
		}
		var err error
		if suspect {
			select {
			case suspects <- struct{}{}:
				func() {
					defer func() { <-suspects }() // a panic frees the lane too
					err = next.ProcessTask(ctx, t)
				}()
			case <-ctx.Done():
				err = fmt.Errorf("waiting to run alone after a crash: %w", ctx.Err())
			}
		} else {
			err = next.ProcessTask(ctx, t)
		}
		if err != nil && !IsPermanent(err) && IsFailure(err) {
			// A fresh context: the deadline that ended the task must not
			// also lose the bookkeeping.
			_ = q.Attempts.RecordFailure(context.WithoutCancel(ctx), id)
		}
		return err
	})
}

package tasks

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"
	"go.uber.org/zap"

	"github.com/copydesk/copydesk/internal/metrics"
)

// Handlers are the three handlers the mux routes to.
type Handlers struct {
	Process *ProcessHandler
	Fetch   *FetchHandler
	Feed    *FeedHandler
}

// NewMux routes the task types to their handlers, behind the observing
// middleware and the quarantine.
func NewMux(h Handlers, log *zap.Logger, m *metrics.Metrics, q *Quarantine) *asynq.ServeMux {
	mux := asynq.NewServeMux()
	mux.Use(Observe(log, m))
	mux.Use(unknownTypes, holdLastAttempt)
	if q != nil {
		mux.Use(q.Middleware)
	}
	mux.Handle(TypeArticleProcess, h.Process)
	mux.Handle(TypeArticleFetch, h.Fetch)
	mux.Handle(TypeFeedPoll, h.Feed)
	return mux
}

// IsFailure is asynq's Config.IsFailure: a rate-limited task is requeued
// without counting as a failed attempt.
func IsFailure(err error) bool { return !errors.Is(err, ErrRateLimited) }

// RetryDelay is asynq's Config.RetryDelayFunc: a rate-limited task waits as
// long as the limiter or the server's Retry-After says (capped at an hour),
// a task whose worker died is retried after a second, and other failures
// back off exponentially.
func RetryDelay(n int, err error, t *asynq.Task) time.Duration {
	// A task recovered after its worker died did nothing wrong: run it
	// again soon rather than after an exponential backoff.
	if errors.Is(err, asynq.ErrLeaseExpired) {
		return time.Second
	}
	var rl *rateLimited
	if errors.As(err, &rl) && rl.delay > 0 {
		if rl.delay > time.Hour {
			return time.Hour
		}
		return rl.delay
	}
	return asynq.DefaultRetryDelayFunc(n, err, t)
}

// unknownTypes archives a task of a type no handler serves at once: asynq
// would retry it with backoff, though no retry can succeed.
func unknownTypes(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		err := next.ProcessTask(ctx, t)
		if errors.Is(err, asynq.ErrHandlerNotFound) {
			return permanent(fmt.Errorf("%w: unsupported task type %q", ErrInvalidPayload, t.Type()))
		}
		return err
	})
}

// holdLastAttempt keeps a rate-limited task on its last allowed attempt
// (MaxRetry 0 included) in its worker slot, waiting out the limit and
// running it again, until it ends otherwise or its deadline is near.
// asynq v0.26.0 archives a task whose retries are used up before it asks
// IsFailure, so requeueing it as on earlier attempts would lose it.
func holdLastAttempt(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		for {
			err := next.ProcessTask(ctx, t)
			if err == nil || !errors.Is(err, ErrRateLimited) {
				return err
			}
			retried, _ := asynq.GetRetryCount(ctx)
			if maxRetry, _ := asynq.GetMaxRetry(ctx); retried < maxRetry {
				return err
			}
			wait := RetryDelay(retried, err, t)
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait+time.Second {
				return err // no time left to wait: archived with the limit as its reason
			}
			select {
			case <-ctx.Done():
				return err
			case <-time.After(wait):
			}
		}
	})
}

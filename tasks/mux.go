package tasks

import (
	"errors"
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

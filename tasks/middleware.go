package tasks

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/hibiken/asynq"
	"go.uber.org/zap"

	"github.com/copydesk/copydesk/internal/metrics"
)

// taskNote carries what a handler learns about its task (article id, URL)
// back to the logging middleware.
type taskNote struct {
	mu        sync.Mutex
	articleID string
	url       string
}

type noteKey struct{}

// annotate records the article id and URL of the running task for its log
// line. Empty values leave the previous ones.
func annotate(ctx context.Context, articleID, url string) {
	n, ok := ctx.Value(noteKey{}).(*taskNote)
	if !ok {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if articleID != "" {
		n.articleID = articleID
	}
	if url != "" {
		n.url = url
	}
}

// Observe is middleware that logs one line per task (id, type, article id,
// URL, duration, outcome) and records task metrics. Errors are logged here
// and nowhere else; handlers only return them.
func Observe(log *zap.Logger, m *metrics.Metrics) asynq.MiddlewareFunc {
	return func(next asynq.Handler) asynq.Handler {
		return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
			n := &taskNote{}
			ctx = context.WithValue(ctx, noteKey{}, n)
			start := time.Now()
			err := next.ProcessTask(ctx, t)
			d := time.Since(start)
			id, _ := asynq.GetTaskID(ctx)
			retried, _ := asynq.GetRetryCount(ctx)
			maxRetry, _ := asynq.GetMaxRetry(ctx)
			n.mu.Lock()
			fields := []zap.Field{
				zap.String("task_id", id), zap.String("type", t.Type()),
				zap.String("article_id", n.articleID), zap.String("url", n.url),
				zap.Duration("duration", d), zap.Int("retried", retried),
			}
			n.mu.Unlock()
			outcome := Outcome(err, retried, maxRetry)
			if m != nil {
				m.Tasks.WithLabelValues(t.Type(), outcome).Inc()
				m.TaskDuration.WithLabelValues(t.Type()).Observe(d.Seconds())
			}
			switch outcome {
			case "success":
				log.Info("task done", fields...)
			case "retry":
				log.Warn("task failed, will retry", append(fields, zap.Error(err))...)
			case "rate_limited":
				log.Info("task rate limited, requeued", append(fields, zap.Error(err))...)
			default:
				log.Error("task archived", append(fields, zap.Error(err))...)
			}
			return err
		})
	}
}

// Outcome classifies a handler result: success, retry, rate_limited or
// archived.
func Outcome(err error, retried, maxRetry int) string {
	switch {
	case err == nil:
		return "success"
	case errors.Is(err, asynq.SkipRetry) || retried >= maxRetry:
		// asynq archives a task with no retries left, rate-limited or not
		return "archived"
	case errors.Is(err, ErrRateLimited):
		return "rate_limited"
	default:
		return "retry"
	}
}

package tasks

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/article"
	"github.com/copydesk/copydesk/internal/pipeline"
	"github.com/copydesk/copydesk/internal/store"
)

// Processor runs the article pipeline. *pipeline.Pipeline implements it.
type Processor interface {
	Process(in pipeline.Input) (*article.Record, error)
	Limits() pipeline.Limits
}

// Storer keeps records. *store.Store implements it.
type Storer interface {
	Put(ctx context.Context, rec *article.Record, taskID string) (store.Result, error)
}

// permanent marks err as a failure that retrying cannot fix: asynq archives
// the task at once, with err's message as the reason.
func permanent(err error) error {
	return fmt.Errorf("%w (%w)", err, asynq.SkipRetry)
}

// IsPermanent reports whether err was marked as a permanent failure.
func IsPermanent(err error) bool { return errors.Is(err, asynq.SkipRetry) }

// ProcessHandler handles article:process.
type ProcessHandler struct {
	Pipeline Processor
	Store    Storer
	// Stored, when set, is told what each store write did.
	Stored func(store.Result)
	// Observe, when set, is told how long each store write took, as the
	// "store" stage.
	Observe func(stage string, d time.Duration)
}

var _ asynq.Handler = (*ProcessHandler)(nil)

// ProcessTask decodes the payload, runs the pipeline and stores the record.
func (h *ProcessHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	p, err := DecodeArticleProcess(t.Payload(), h.Pipeline.Limits())
	if err != nil {
		return permanent(err)
	}
	annotate(ctx, "", p.URL)
	return h.run(ctx, p.Input())
}

func (h *ProcessHandler) run(ctx context.Context, in pipeline.Input) error {
	rec, err := h.Pipeline.Process(in)
	if err != nil {
		if errors.Is(err, pipeline.ErrInvalid) {
			return permanent(err)
		}
		return fmt.Errorf("process: %w", err)
	}
	annotate(ctx, rec.ID, rec.URL)
	taskID, _ := asynq.GetTaskID(ctx)
	start := time.Now()
	res, err := h.Store.Put(ctx, rec, taskID)
	if h.Observe != nil {
		h.Observe("store", time.Since(start))
	}
	if err != nil {
		return fmt.Errorf("store article %s: %w", rec.ID, err)
	}
	if h.Stored != nil {
		h.Stored(res)
	}
	return nil
}

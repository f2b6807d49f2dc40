package tasks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/feed"
	"github.com/copydesk/copydesk/internal/pipeline"
)

// Submission is what a producer learns when it submits a task; it is the
// JSON that `enqueue` and POST /v1/articles print.
type Submission struct {
	TaskID    string  `json:"task_id"`
	Queue     string  `json:"queue"`
	ArticleID *string `json:"article_id"`
	Duplicate bool    `json:"duplicate"`
}

// TaskLookup finds the article id a finished task produced.
type TaskLookup func(ctx context.Context, taskID string) (string, error)

// Submitter enqueues tasks and reports duplicates as such, not as errors.
type Submitter struct {
	Client    *asynq.Client
	Inspector *asynq.Inspector
	Lookup    TaskLookup
}

// Submit enqueues task (built by a New…Task constructor) on queue ("" keeps
// the task's default). A task whose TaskID is still queued, or already
// produced a stored article, is a duplicate, not an error; with force the
// old task is deleted and the task enqueued again.
func (s *Submitter) Submit(ctx context.Context, task *asynq.Task, queue string, force bool, opts ...asynq.Option) (Submission, error) {
	id, def, err := Identity(task)
	if err != nil {
		return Submission{}, err
	}
	if queue == "" {
		queue = def
	}
	opts = append(opts, asynq.Queue(queue))
	sub := Submission{TaskID: id, Queue: queue, ArticleID: KnownArticleID(task)}
	if !force && s.Lookup != nil && task.Type() != TypeFeedPoll {
		if aid, err := s.Lookup(ctx, id); err == nil {
			sub.ArticleID, sub.Duplicate = &aid, true
			return sub, nil
		}
	}
	info, err := s.Client.EnqueueContext(ctx, task, opts...)
	if errors.Is(err, asynq.ErrTaskIDConflict) && force {
		if derr := s.Inspector.DeleteTask(queue, id); derr != nil && !errors.Is(derr, asynq.ErrTaskNotFound) {
			return sub, fmt.Errorf("force: delete task %s: %w", id, derr)
		}
		info, err = s.Client.EnqueueContext(ctx, task, opts...)
	}
	switch {
	case err == nil:
		sub.TaskID, sub.Queue = info.ID, info.Queue
	case errors.Is(err, asynq.ErrTaskIDConflict), errors.Is(err, asynq.ErrDuplicateTask):
		sub.Duplicate = true
	default:
		return sub, fmt.Errorf("enqueue %s: %w", task.Type(), err)
	}
	if sub.ArticleID == nil && s.Lookup != nil {
		if aid, err := s.Lookup(ctx, id); err == nil {
			sub.ArticleID = &aid
		}
	}
	return sub, nil
}

// Identity returns the TaskID and default queue the constructors give task.
func Identity(t *asynq.Task) (id, queue string, err error) {
	switch t.Type() {
	case TypeArticleProcess:
		var p ArticleProcessPayload
		if err := json.Unmarshal(t.Payload(), &p); err != nil {
			return "", "", invalid("decode %s: %v", t.Type(), err)
		}
		return p.taskID(), QueueDefault, nil
	case TypeArticleFetch, TypeFeedPoll:
		var p struct {
			URL string `json:"url"`
		}
		if err := json.Unmarshal(t.Payload(), &p); err != nil {
			return "", "", invalid("decode %s: %v", t.Type(), err)
		}
		q := QueueDefault
		if t.Type() == TypeFeedPoll {
			q = QueueLow
		}
		return urlTaskID(t.Type(), p.URL), q, nil
	}
	return "", "", invalid("unknown task type %q", t.Type())
}

// KnownArticleID returns the article id a task will produce when it can be
// known before processing (the payload has a URL), else nil.
func KnownArticleID(t *asynq.Task) *string {
	if t.Type() != TypeArticleProcess && t.Type() != TypeArticleFetch {
		return nil
	}
	var p struct {
		URL string `json:"url"`
	}
	if json.Unmarshal(t.Payload(), &p) != nil || p.URL == "" {
		return nil
	}
	cu, err := feed.CanonicalURL(p.URL)
	if err != nil {
		return nil
	}
	id := pipeline.ID(cu)
	return &id
}

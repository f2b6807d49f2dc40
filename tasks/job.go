package tasks

import (
	"encoding/json"
	"fmt"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/feed"
	"github.com/copydesk/copydesk/internal/pipeline"
)

// Job is a task with the identity its constructor gave it: what a
// Submitter needs, so that it does not decode the payload again.
type Job struct {
	Task *asynq.Task
	// ID is the task's TaskID.
	ID string
	// Queue is the task's default queue.
	Queue string
	// ArticleID is the article id the task will produce when it can be
	// known before processing (the payload has a URL), else nil.
	ArticleID *string
	// opts are the options the task was built with, when known: a
	// Submitter can then enqueue the job in bulk.
	opts []asynq.Option
}

// JobOf returns the job of a task built by a New…Task constructor.
func JobOf(t *asynq.Task) (Job, error) {
	id, q, err := Identity(t)
	if err != nil {
		return Job{}, err
	}
	return Job{Task: t, ID: id, Queue: q, ArticleID: KnownArticleID(t)}, nil
}

// NewArticleProcessJob is NewArticleProcessTask with the job's identity.
func NewArticleProcessJob(p ArticleProcessPayload, opts ...asynq.Option) (Job, error) {
	if err := p.Validate(pipeline.DefaultLimits); err != nil {
		return Job{}, err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return Job{}, fmt.Errorf("encode payload: %w", err)
	}
	id := p.taskID()
	opts = defaultOpts(QueueDefault, id, opts)
	return Job{
		opts:      opts,
		Task:      asynq.NewTask(TypeArticleProcess, b, opts...),
		ID:        id,
		Queue:     QueueDefault,
		ArticleID: articleIDOf(p.URL),
	}, nil
}

// NewArticleFetchJob is NewArticleFetchTask with the job's identity.
func NewArticleFetchJob(p ArticleFetchPayload, opts ...asynq.Option) (Job, error) {
	if err := p.Validate(0); err != nil {
		return Job{}, err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return Job{}, fmt.Errorf("encode payload: %w", err)
	}
	id := urlTaskID(TypeArticleFetch, p.URL)
	opts = defaultOpts(QueueDefault, id, opts)
	return Job{
		opts:      opts,
		Task:      asynq.NewTask(TypeArticleFetch, b, opts...),
		ID:        id,
		Queue:     QueueDefault,
		ArticleID: articleIDOf(p.URL),
	}, nil
}

// articleIDOf is the article id of a payload URL, or nil without one.
func articleIDOf(rawURL string) *string {
	if rawURL == "" {
		return nil
	}
	cu, err := feed.CanonicalURL(rawURL)
	if err != nil {
		return nil
	}
	id := pipeline.ID(cu)
	return &id
}

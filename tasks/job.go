package tasks

import (
	"fmt"
	json "github.com/goccy/go-json"

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

// JobOf returns the job of a task built by a New…Task constructor,
// decoding its payload once.
func JobOf(t *asynq.Task) (Job, error) {
	j := Job{Task: t, Queue: QueueDefault}
	switch t.Type() {
	case TypeArticleProcess:
		var p ArticleProcessPayload
		if err := json.Unmarshal(t.Payload(), &p); err != nil {
			return Job{}, invalid("decode %s: %v", t.Type(), err)
		}
		j.ID, j.ArticleID = p.taskID(), articleIDOf(p.URL)
	case TypeArticleFetch, TypeFeedPoll:
		var p struct {
			URL string `json:"url"`
		}
		if err := json.Unmarshal(t.Payload(), &p); err != nil {
			return Job{}, invalid("decode %s: %v", t.Type(), err)
		}
		j.ID = urlTaskID(t.Type(), p.URL)
		if t.Type() == TypeFeedPoll {
			j.Queue = QueueLow
		} else {
			j.ArticleID = articleIDOf(p.URL)
		}
	default:
		return Job{}, invalid("unknown task type %q", t.Type())
	}
	return j, nil
}

// NewArticleProcessJob is NewArticleProcessTask with the job's identity.
func NewArticleProcessJob(p ArticleProcessPayload, opts ...asynq.Option) (Job, error) {
	if err := p.Validate(pipeline.DefaultLimits); err != nil {
		return Job{}, err
	}
	return newJob(TypeArticleProcess, p, p.taskID(), p.URL, opts)
}

// NewArticleFetchJob is NewArticleFetchTask with the job's identity.
func NewArticleFetchJob(p ArticleFetchPayload, opts ...asynq.Option) (Job, error) {
	if err := p.Validate(0); err != nil {
		return Job{}, err
	}
	return newJob(TypeArticleFetch, p, urlTaskID(TypeArticleFetch, p.URL), p.URL, opts)
}

// newJob encodes a validated payload of an article task with TaskID id
// and the default options, opts overriding them.
func newJob(typ string, payload any, id, rawURL string, opts []asynq.Option) (Job, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return Job{}, fmt.Errorf("encode payload: %w", err)
	}
	opts = defaultOpts(QueueDefault, id, opts)
	return Job{
		opts:      opts,
		Task:      asynq.NewTask(typ, b, opts...),
		ID:        id,
		Queue:     QueueDefault,
		ArticleID: articleIDOf(rawURL),
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

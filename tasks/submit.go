package tasks

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/asynqx"
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

// TaskLookupMany finds the article ids finished tasks produced, "" for a
// task that produced none, in one round trip.
type TaskLookupMany func(ctx context.Context, taskIDs []string) ([]string, error)

// Submitter enqueues tasks and reports duplicates as such, not as errors.
type Submitter struct {
	Client    *asynq.Client
	Inspector *asynq.Inspector
	Lookup    TaskLookup
	// LookupMany, when set, lets SubmitJobs check a whole chunk of jobs for
	// earlier results in one round trip.
	LookupMany TaskLookupMany
	// Bulk, when set, lets SubmitJobs enqueue a chunk of jobs built by the
	// New…Job constructors in one round trip.
	Bulk *asynqx.Enqueuer
}

// Submit enqueues task (built by a New…Task constructor) on queue ("" keeps
// the task's default). A task whose TaskID is still queued, or already
// produced a stored article, is a duplicate, not an error; with force the
// old task is deleted and the task enqueued again.
func (s *Submitter) Submit(ctx context.Context, task *asynq.Task, queue string, force bool, opts ...asynq.Option) (Submission, error) {
	j, err := JobOf(task)
	if err != nil {
		return Submission{}, err
	}
	return s.SubmitJob(ctx, j, queue, force, opts...)
}

// SubmitJob is Submit for a job whose identity is known.
func (s *Submitter) SubmitJob(ctx context.Context, j Job, queue string, force bool, opts ...asynq.Option) (Submission, error) {
	if !force && s.Lookup != nil && j.Task.Type() != TypeFeedPoll {
		if aid, err := s.Lookup(ctx, j.ID); err == nil {
			return s.known(j, queue, aid), nil
		}
	}
	return s.enqueue(ctx, j, queue, force, opts)
}

// SubmitJobs submits jobs like SubmitJob, checking them for earlier results
// first in one round trip when LookupMany is set, then enqueueing those
// that Bulk can take in one more round trip and the rest one by one. It
// returns one Submission and one error per job; after an enqueue error the
// remaining jobs are still tried.
func (s *Submitter) SubmitJobs(ctx context.Context, jobs []Job, queue string, force bool, opts ...asynq.Option) ([]Submission, []error) {
	subs := make([]Submission, len(jobs))
	errs := make([]error, len(jobs))
	if s.LookupMany == nil || force {
		for i, j := range jobs {
			subs[i], errs[i] = s.SubmitJob(ctx, j, queue, force, opts...)
		}
		return subs, errs
	}
	ids := make([]string, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	known, err := s.LookupMany(ctx, ids)
	if err != nil {
		for i := range jobs {
			errs[i] = fmt.Errorf("look up earlier results: %w", err)
		}
		return subs, errs
	}
	var bulk []asynqx.Task
	var at []int
	for i, j := range jobs {
		if known[i] != "" && j.Task.Type() != TypeFeedPoll {
			subs[i] = s.known(j, queue, known[i])
			continue
		}
		if s.Bulk != nil && j.opts != nil {
			o := append(append(j.opts[:len(j.opts):len(j.opts)], opts...), asynq.Queue(cmp.Or(queue, j.Queue)))
			if t, ok := asynqx.Compose(j.Task.Type(), j.Task.Payload(), o...); ok && (len(bulk) == 0 || t.Queue == bulk[0].Queue) {
				bulk = append(bulk, t)
				at = append(at, i)
				continue
			}
		}
		subs[i], errs[i] = s.enqueue(ctx, j, queue, false, opts)
	}
	if len(bulk) == 0 {
		return subs, errs
	}
	created, err := s.Bulk.Enqueue(ctx, bulk)
	for k, i := range at {
		if err != nil {
			errs[i] = fmt.Errorf("enqueue %s: %w", jobs[i].Task.Type(), err)
			continue
		}
		subs[i] = Submission{TaskID: bulk[k].ID, Queue: bulk[k].Queue, ArticleID: jobs[i].ArticleID, Duplicate: !created[k]}
	}
	return subs, errs
}

// known is the Submission of a job that already produced article aid.
func (s *Submitter) known(j Job, queue, aid string) Submission {
	if queue == "" {
		queue = j.Queue
	}
	return Submission{TaskID: j.ID, Queue: queue, ArticleID: &aid, Duplicate: true}
}

// enqueue enqueues j, the lookup done.
func (s *Submitter) enqueue(ctx context.Context, j Job, queue string, force bool, opts []asynq.Option) (Submission, error) {
	if queue == "" {
		queue = j.Queue
	}
	opts = append(opts[:len(opts):len(opts)], asynq.Queue(queue))
	sub := Submission{TaskID: j.ID, Queue: queue, ArticleID: j.ArticleID}
	info, err := s.Client.EnqueueContext(ctx, j.Task, opts...)
	if errors.Is(err, asynq.ErrTaskIDConflict) && force {
		if derr := s.Inspector.DeleteTask(queue, j.ID); derr != nil && !errors.Is(derr, asynq.ErrTaskNotFound) {
			return sub, fmt.Errorf("force: delete task %s: %w", j.ID, derr)
		}
		info, err = s.Client.EnqueueContext(ctx, j.Task, opts...)
	}
	switch {
	case err == nil:
		// A task just enqueued has produced nothing yet.
		sub.TaskID, sub.Queue = info.ID, info.Queue
		return sub, nil
	case errors.Is(err, asynq.ErrTaskIDConflict), errors.Is(err, asynq.ErrDuplicateTask):
		sub.Duplicate = true
	default:
		return sub, fmt.Errorf("enqueue %s: %w", j.Task.Type(), err)
	}
	if sub.ArticleID == nil && s.Lookup != nil {
		if aid, err := s.Lookup(ctx, j.ID); err == nil {
			sub.ArticleID = &aid
		}
	}
	return sub, nil
}

// Identity returns the TaskID and default queue the constructors give task.
func Identity(t *asynq.Task) (id, queue string, err error) {
	j, err := JobOf(t)
	return j.ID, j.Queue, err
}

// KnownArticleID returns the article id a task will produce when it can be
// known before processing (the payload has a URL), else nil.
func KnownArticleID(t *asynq.Task) *string {
	j, err := JobOf(t)
	if err != nil {
		return nil
	}
	return j.ArticleID
}

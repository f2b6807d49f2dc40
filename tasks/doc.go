// Package tasks is copydesk's public producer API and its asynq handlers.
//
// Producers in Go import it to build tasks:
//
//	task, err := tasks.NewArticleProcessTask(tasks.ArticleProcessPayload{Text: body, URL: u})
//	info, err := client.Enqueue(task)
//
// The task type names (TypeArticleProcess, TypeArticleFetch, TypeFeedPoll)
// and the payload JSON are wire contracts and never change once shipped.
// Every constructor validates its payload and sets the default queue,
// timeout, retries and a TaskID derived from the content or URL, so the same
// article submitted twice collapses into one task.
//
// Handlers are small structs holding their dependencies; each decodes the
// payload, calls the domain code and classifies the error: permanent
// failures wrap asynq.SkipRetry and are archived at once, transient ones
// are returned as they are and retried with backoff.
package tasks

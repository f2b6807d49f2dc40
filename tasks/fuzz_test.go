package tasks_test

import (
	"errors"
	"testing"

	"github.com/copydesk/copydesk/internal/pipeline"
	"github.com/copydesk/copydesk/tasks"
)

// FuzzDecodePayloads: whatever the bytes, the decoders never panic, every
// refusal is a permanent ErrInvalidPayload with a message, and an untyped
// submission that is accepted decodes again as the worker decodes it.
//
//	go test -fuzz FuzzDecodePayloads -fuzztime 60s ./tasks
func FuzzDecodePayloads(f *testing.F) {
	for _, s := range []string{
		`{"text":"Putin arrived."}`, `{"html":"<p>x</p>","url":"https://example.com/a"}`, `null`, `[]`, `{"text":`,
		`{"url":"javascript:alert(1)"}`, `{"url":"http://[::1]:80/"}`, "{\"text\":\"\xff\"}", `{"max_items":-1,"url":"https://e.com/f"}`,
		`{"text":"a","published_at":"2024-06-19T10:00:00Z","language":"en"}`, `{"text":"a","authors":[1]}`,
		`{"url":"https://example.com/x","feed_url":"https://example.com/feed","title":"T"}`, `{"text":"a"} trailing`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(err error) {
			if err != nil && (!errors.Is(err, tasks.ErrInvalidPayload) || err.Error() == "") {
				t.Fatalf("refusal %v is not a clear ErrInvalidPayload", err)
			}
		}
		p, err := tasks.DecodeArticleProcess(b, pipeline.DefaultLimits)
		check(err)
		if err == nil && p.Text == "" && p.HTML == "" {
			t.Fatal("accepted a payload with no text or html")
		}
		_, err = tasks.DecodeArticleFetch(b, 0)
		check(err)
		_, err = tasks.DecodeFeedPoll(b, 0)
		check(err)
		// An untyped submission (enqueue batch, POST without a type) that is
		// accepted is a task the worker accepts too.
		j, err := tasks.DecodeSubmission(b)
		check(err)
		if err == nil {
			switch j.Task.Type() {
			case tasks.TypeArticleProcess:
				_, err = tasks.DecodeArticleProcess(j.Task.Payload(), pipeline.DefaultLimits)
			case tasks.TypeArticleFetch:
				_, err = tasks.DecodeArticleFetch(j.Task.Payload(), 0)
			default:
				t.Fatalf("submission became a %s task", j.Task.Type())
			}
			if err != nil {
				t.Fatalf("accepted %q as a job the worker refuses: %v", b, err)
			}
			if id, _, err := tasks.Identity(j.Task); err != nil || id != j.ID {
				t.Fatalf("job id %s, task identity %s (%v)", j.ID, id, err)
			}
		}
	})
}

package tasks

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hibiken/asynq"

	"github.com/copydesk/copydesk/internal/feed"
	"github.com/copydesk/copydesk/internal/fetch"
	"github.com/copydesk/copydesk/internal/metrics"
)

// ErrRateLimited is returned when a host's politeness budget is spent. The
// task goes back to the queue after the limiter's delay without counting as
// a failure (see IsFailure and RetryDelay).
var ErrRateLimited = errors.New("host rate limit reached")

// rateLimited carries the delay a rate-limited task should wait.
type rateLimited struct {
	host  string
	delay time.Duration
}

func (e *rateLimited) Error() string {
	return fmt.Sprintf("%v for %s; retry in %s", ErrRateLimited, e.host, e.delay.Round(time.Millisecond))
}
func (e *rateLimited) Unwrap() error { return ErrRateLimited }

// Fetcher fetches URLs safely. *fetch.Client implements it.
type Fetcher interface {
	Get(ctx context.Context, req fetch.Request) (*fetch.Response, error)
}

// HostLimiter paces requests per host across all workers. It returns how
// long to wait before the host may be fetched, zero when it may be now.
type HostLimiter interface {
	Wait(ctx context.Context, host string) (time.Duration, error)
}

// FeedState remembers conditional-GET validators and seen items per feed.
// *store.Store implements it.
type FeedState interface {
	FeedValidators(ctx context.Context, feedHash string) (etag, lastModified string, err error)
	SetFeedValidators(ctx context.Context, feedHash, etag, lastModified string) error
	Unseen(ctx context.Context, feedHash string, itemKeys []string) ([]bool, error)
	MarkSeen(ctx context.Context, feedHash string, itemKeys []string) error
}

// Enqueuer enqueues tasks. *asynq.Client implements it.
type Enqueuer interface {
	EnqueueContext(ctx context.Context, task *asynq.Task, opts ...asynq.Option) (*asynq.TaskInfo, error)
}

// classify maps a fetch error: permanent ones are archived, rate limits go
// back to the queue after Retry-After, the rest are retried.
func classify(err error, m *metrics.Metrics) error {
	var fe *fetch.Error
	if errors.As(err, &fe) && m != nil {
		m.Fetch.WithLabelValues(string(fe.Class)).Inc()
	}
	if fetch.IsPermanent(err) {
		return permanent(err)
	}
	if d, ok := fetch.RetryAfterOf(err); ok && d > 0 {
		host := ""
		if fe != nil {
			if u, perr := url.Parse(fe.URL); perr == nil {
				host = u.Hostname()
			}
		}
		return fmt.Errorf("%w: %w", &rateLimited{host: host, delay: d}, err)
	}
	return err
}

// maxPoliteWait is the longest a fetch waits in its worker slot for the
// host's rate limit; longer waits send the task back to the queue.
const maxPoliteWait = 2 * time.Second

// limit takes one request from the host's budget, waiting in place for
// short delays (so requests to one host are spread out instead of retried
// in bursts) and requeueing the task for long ones.
func (h *FetchHandler) limit(ctx context.Context, rawURL string) error {
	if h.Limiter == nil {
		return nil
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return permanent(fmt.Errorf("%w: url %q: %v", ErrInvalidPayload, rawURL, err))
	}
	deadline := time.Now().Add(maxPoliteWait)
	for {
		d, err := h.Limiter.Wait(ctx, u.Hostname())
		if err != nil {
			return fmt.Errorf("rate limiter: %w", err)
		}
		if d <= 0 {
			return nil
		}
		if time.Now().Add(d).After(deadline) {
			return &rateLimited{host: u.Hostname(), delay: d}
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// FetchHandler handles article:fetch: a safe fetch, then the same pipeline
// and store as article:process.
type FetchHandler struct {
	Fetcher Fetcher
	Limiter HostLimiter
	Process *ProcessHandler
	Metrics *metrics.Metrics
}

var _ asynq.Handler = (*FetchHandler)(nil)

// ProcessTask fetches the page and processes it.
func (h *FetchHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	p, err := DecodeArticleFetch(t.Payload(), h.Process.Pipeline.Limits().MaxURL)
	if err != nil {
		return permanent(err)
	}
	annotate(ctx, "", p.URL)
	if err := h.limit(ctx, p.URL); err != nil {
		return err
	}
	start := time.Now()
	resp, err := h.Fetcher.Get(ctx, fetch.Request{URL: p.URL})
	if h.Metrics != nil {
		h.Metrics.ObserveStage("fetch", time.Since(start))
	}
	if err != nil {
		if fe := (*fetch.Error)(nil); !errors.As(err, &fe) {
			err = fmt.Errorf("fetch %s: %w", p.URL, err) // a fetch.Error names its URL itself
		}
		return classify(err, h.Metrics)
	}
	if h.Metrics != nil {
		h.Metrics.Fetch.WithLabelValues("ok").Inc()
	}
	in := ArticleProcessPayload{
		HTML: string(resp.Body), URL: p.URL, Title: p.Title,
		PublishedAt: p.PublishedAt, Authors: p.Authors,
	}.Input()
	if resp.URL != "" && resp.URL != p.URL {
		// Keep the requested URL as the article's: it is what the TaskID and
		// the producer know. The page's canonical link is used only when no
		// URL was given.
		annotate(ctx, "", resp.URL)
	}
	return h.Process.run(ctx, in)
}

// FeedHandler handles feed:poll: a conditional GET of the feed, then one
// article:fetch per unseen item.
type FeedHandler struct {
	Fetcher  Fetcher
	State    FeedState
	Enqueuer Enqueuer
	Metrics  *metrics.Metrics
	// MaxItems caps items taken from one poll when the payload sets none;
	// 0 means 100.
	MaxItems int
	// Queue receives the article:fetch tasks; "" means their default.
	Queue string
}

var _ asynq.Handler = (*FeedHandler)(nil)

// ProcessTask polls the feed.
func (h *FeedHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	p, err := DecodeFeedPoll(t.Payload(), 0)
	if err != nil {
		return permanent(err)
	}
	annotate(ctx, "", p.URL)
	err = h.poll(ctx, p)
	if err != nil && h.Metrics != nil {
		h.Metrics.FeedPolls.WithLabelValues("error").Inc()
	}
	return err
}

func (h *FeedHandler) poll(ctx context.Context, p FeedPollPayload) error {
	hash := feed.FeedHash(p.URL)
	etag, lastMod, err := h.State.FeedValidators(ctx, hash)
	if err != nil {
		return fmt.Errorf("feed state %s: %w", p.URL, err)
	}
	resp, err := h.Fetcher.Get(ctx, fetch.Request{URL: p.URL, ETag: etag, LastModified: lastMod, Accept: fetch.FeedMediaTypes()})
	if err != nil {
		return classify(fmt.Errorf("fetch feed %s: %w", p.URL, err), h.Metrics)
	}
	if resp.NotModified {
		if h.Metrics != nil {
			h.Metrics.Fetch.WithLabelValues("not_modified").Inc()
			h.Metrics.FeedPolls.WithLabelValues("not_modified").Inc()
		}
		return nil
	}
	if h.Metrics != nil {
		h.Metrics.Fetch.WithLabelValues("ok").Inc()
	}
	base, _ := url.Parse(resp.URL)
	max := p.MaxItems
	if max == 0 {
		max = h.MaxItems
	}
	if max == 0 {
		max = 100
	}
	f, err := feed.Parse(resp.Body, base, max)
	if err != nil {
		return permanent(fmt.Errorf("parse feed %s: %w", p.URL, err))
	}
	keys := make([]string, len(f.Items))
	for i, it := range f.Items {
		keys[i] = it.Key
	}
	unseen, err := h.State.Unseen(ctx, hash, keys)
	if err != nil {
		return fmt.Errorf("feed seen set %s: %w", p.URL, err)
	}
	var done []string
	for i, it := range f.Items {
		if !unseen[i] {
			continue
		}
		var authors []string
		if it.Author != "" {
			authors = []string{clip(it.Author, MaxTitle)}
		}
		var opts []asynq.Option
		if h.Queue != "" {
			opts = append(opts, asynq.Queue(h.Queue))
		}
		task, err := NewArticleFetchTask(ArticleFetchPayload{
			URL: it.URL, FeedURL: p.URL, Title: clip(it.Title, MaxTitle), PublishedAt: it.Published, Authors: authors,
		}, opts...)
		if err != nil {
			// One bad item must not block the others; it is skipped for good.
			done = append(done, it.Key)
			continue
		}
		_, err = h.Enqueuer.EnqueueContext(ctx, task)
		switch {
		case err == nil:
			if h.Metrics != nil {
				h.Metrics.FeedItems.Inc()
			}
		case errors.Is(err, asynq.ErrTaskIDConflict), errors.Is(err, asynq.ErrDuplicateTask):
		default:
			_ = h.State.MarkSeen(ctx, hash, done)
			return fmt.Errorf("enqueue item %s: %w", it.URL, err)
		}
		done = append(done, it.Key)
	}
	if err := h.State.MarkSeen(ctx, hash, done); err != nil {
		return fmt.Errorf("feed seen set %s: %w", p.URL, err)
	}
	if err := h.State.SetFeedValidators(ctx, hash, resp.ETag, resp.LastModified); err != nil {
		return fmt.Errorf("feed state %s: %w", p.URL, err)
	}
	if h.Metrics != nil {
		h.Metrics.FeedPolls.WithLabelValues("ok").Inc()
	}
	return nil
}

// clip cuts s to at most n bytes at a rune boundary: a feed's overlong
// title is a hint worth keeping in part, not a reason to skip its item.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") // a rune cut in two is dropped
}

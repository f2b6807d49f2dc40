package schedule

import (
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/hibiken/asynq"
)

// TaskFunc builds the task to enqueue for a feed at each tick. The tasks
// package supplies it (this package must not import tasks).
type TaskFunc func(f Feed) (*asynq.Task, error)

// Provider implements asynq.PeriodicTaskConfigProvider from a feeds file.
// GetConfigs re-reads the file only when its modification time or size
// changed, so a PeriodicTaskManager syncing every few seconds picks up
// edits without a restart. When an edit is broken (unreadable, invalid, or
// a TaskFunc error), the last good configuration stays in force and the
// error is reported once per edit through onError.
type Provider struct {
	path    string
	mk      TaskFunc
	onError func(error)

	mu      sync.Mutex
	good    stamp // file state the configs were built from
	bad     stamp // last file state that failed, reported already
	loaded  bool
	feeds   []Feed
	configs []*asynq.PeriodicTaskConfig
}

type stamp struct {
	mod  time.Time
	size int64
}

// missing stands for a file that cannot be stat'ed.
var missing = stamp{size: -1}

var _ asynq.PeriodicTaskConfigProvider = (*Provider)(nil)

// NewProvider returns a Provider for the feeds file at path. mk builds
// each feed's task; onError, which may be nil, receives the errors of
// broken edits.
func NewProvider(path string, mk TaskFunc, onError func(error)) *Provider {
	if onError == nil {
		onError = func(error) {}
	}
	return &Provider{path: path, mk: mk, onError: onError}
}

// GetConfigs returns one periodic task per feed. Before the first good
// load it returns the error; afterwards it always returns the last good
// configuration.
func (p *Provider) GetConfigs() ([]*asynq.PeriodicTaskConfig, error) {
	p.mu.Lock()
	defer p.mu.Unlock()

	fi, err := os.Stat(p.path)
	if err != nil {
		return p.fail(missing, fmt.Errorf("feeds file: %w", err))
	}
	st := stamp{mod: fi.ModTime(), size: fi.Size()}
	if p.loaded && st == p.good {
		return p.configs, nil
	}
	if !p.loaded && st == p.bad {
		return nil, fmt.Errorf("feeds file %s unchanged since its last error", p.path)
	}
	if p.loaded && st == p.bad {
		return p.configs, nil
	}
	feeds, err := Load(p.path)
	if err != nil {
		return p.fail(st, err)
	}
	configs := make([]*asynq.PeriodicTaskConfig, 0, len(feeds))
	for _, f := range feeds {
		task, err := p.mk(f)
		if err != nil {
			return p.fail(st, fmt.Errorf("feeds file %s: task for %s: %w", p.path, f.URL, err))
		}
		if task == nil {
			return p.fail(st, fmt.Errorf("feeds file %s: no task for %s", p.path, f.URL))
		}
		c := &asynq.PeriodicTaskConfig{Cronspec: f.Cronspec(), Task: task}
		if f.Queue != "" {
			c.Opts = []asynq.Option{asynq.Queue(f.Queue)}
		}
		configs = append(configs, c)
	}
	p.good, p.bad, p.loaded = st, stamp{}, true
	p.feeds, p.configs = feeds, configs
	return configs, nil
}

// fail records a failed load of file state st, reports it unless it was
// reported already, and returns the last good configs (or the error).
func (p *Provider) fail(st stamp, err error) ([]*asynq.PeriodicTaskConfig, error) {
	if st != p.bad {
		p.onError(err)
	}
	p.bad = st
	if !p.loaded {
		return nil, err
	}
	return p.configs, nil
}

// Feeds returns the feeds of the configuration in force (nil before the
// first good load).
func (p *Provider) Feeds() []Feed {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Feed(nil), p.feeds...)
}

package schedule

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"
)

// pollTask builds a feed:poll-like task, standing in for the tasks
// package.
func pollTask(f Feed) (*asynq.Task, error) {
	b, err := json.Marshal(map[string]any{"url": f.URL, "max_items": f.MaxItems})
	if err != nil {
		return nil, err
	}
	return asynq.NewTask("feed:poll", b), nil
}

func payloadURL(t *testing.T, task *asynq.Task) string {
	t.Helper()
	var p struct{ URL string }
	if err := json.Unmarshal(task.Payload(), &p); err != nil {
		t.Fatal(err)
	}
	return p.URL
}

// touch sets the file's modification time explicitly, so edits are seen
// even on file systems with coarse timestamps.
func touch(t *testing.T, path string, mod time.Time) {
	t.Helper()
	if err := os.Chtimes(path, mod, mod); err != nil {
		t.Fatal(err)
	}
}

func TestProviderCachesAndReloads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.yaml")
	writeFile(t, path, "feeds:\n  - url: https://a.example/rss\n    every: 5m\n    queue: low\n")
	base := time.Now().Add(-time.Hour)
	touch(t, path, base)

	var built atomic.Int64
	mk := func(f Feed) (*asynq.Task, error) {
		built.Add(1)
		return pollTask(f)
	}
	var errs []error
	p := NewProvider(path, mk, func(err error) { errs = append(errs, err) })

	c1, err := p.GetConfigs()
	if err != nil {
		t.Fatal(err)
	}
	if len(c1) != 1 || c1[0].Cronspec != "@every 5m0s" || payloadURL(t, c1[0].Task) != "https://a.example/rss" {
		t.Fatalf("configs %+v", c1)
	}
	if len(c1[0].Opts) != 1 || c1[0].Opts[0].String() != `Queue("low")` {
		t.Fatalf("opts %v", c1[0].Opts)
	}
	for range 5 {
		if _, err := p.GetConfigs(); err != nil {
			t.Fatal(err)
		}
	}
	if built.Load() != 1 {
		t.Fatalf("tasks built %d times for an unchanged file, want 1", built.Load())
	}

	// An edit adds a feed.
	writeFile(t, path, "feeds:\n  - url: https://a.example/rss\n    every: 5m\n    queue: low\n  - url: https://b.example/atom\n    cron: '@hourly'\n")
	touch(t, path, base.Add(time.Minute))
	c2, err := p.GetConfigs()
	if err != nil || len(c2) != 2 || payloadURL(t, c2[1].Task) != "https://b.example/atom" || c2[1].Cronspec != "@hourly" {
		t.Fatalf("after edit: %v, %+v", err, c2)
	}
	if got := p.Feeds(); len(got) != 2 {
		t.Fatalf("Feeds() = %v", got)
	}

	// A broken edit keeps the last good configuration and is reported once.
	writeFile(t, path, "feeds:\n  - url: https://a.example/rss\n    every: 5s\n")
	touch(t, path, base.Add(2*time.Minute))
	for range 3 {
		c3, err := p.GetConfigs()
		if err != nil || len(c3) != 2 {
			t.Fatalf("after broken edit: %v, %d configs", err, len(c3))
		}
	}
	if len(errs) != 1 || !errors.Is(errs[0], ErrInvalid) {
		t.Fatalf("errors reported: %v", errs)
	}

	// A deleted file too.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	c4, err := p.GetConfigs()
	if err != nil || len(c4) != 2 {
		t.Fatalf("after removal: %v, %d configs", err, len(c4))
	}
	_, _ = p.GetConfigs()
	if len(errs) != 2 {
		t.Fatalf("errors reported: %v", errs)
	}

	// A fixed file applies again.
	writeFile(t, path, "feeds:\n  - url: https://c.example/rss\n    every: 1h\n")
	touch(t, path, base.Add(3*time.Minute))
	c5, err := p.GetConfigs()
	if err != nil || len(c5) != 1 || payloadURL(t, c5[0].Task) != "https://c.example/rss" || c5[0].Opts != nil {
		t.Fatalf("after fix: %v, %+v", err, c5)
	}
}

func TestProviderFirstLoadFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.yaml")
	writeFile(t, path, "feeds:\n  - url: nope\n    every: 5m\n")
	var reported int
	p := NewProvider(path, pollTask, func(error) { reported++ })
	if _, err := p.GetConfigs(); err == nil {
		t.Fatal("GetConfigs accepted a broken first file")
	}
	if _, err := p.GetConfigs(); err == nil {
		t.Fatal("GetConfigs accepted a broken first file on the second call")
	}
	if reported != 1 {
		t.Fatalf("reported %d times, want 1", reported)
	}
}

func TestProviderTaskFuncError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.yaml")
	writeFile(t, path, "feeds:\n  - url: https://a.example/rss\n    every: 5m\n")
	boom := errors.New("boom")
	p := NewProvider(path, func(Feed) (*asynq.Task, error) { return nil, boom }, nil)
	if _, err := p.GetConfigs(); !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
}

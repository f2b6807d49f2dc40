package schedule

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"sigs.k8s.io/yaml"

	"github.com/copydesk/copydesk/internal/feed"
	"github.com/copydesk/copydesk/internal/keys"
)

// MinEvery is the shortest polling interval accepted for "every".
const MinEvery = time.Minute

// ErrInvalid is wrapped by every validation error of Load.
var ErrInvalid = errors.New("invalid feeds file")

// Feed is one feed to poll on a schedule.
type Feed struct {
	URL      string
	Every    time.Duration // polling interval; zero when Cron is set
	Cron     string        // standard 5-field cron spec or descriptor; empty when Every is set
	Queue    string        // asynq queue; empty means the task's default
	MaxItems int           // 0 means the task's default
}

// Cronspec returns the schedule in the form asynq's Scheduler registers:
// Cron as written, or "@every <Every>".
func (f Feed) Cronspec() string {
	if f.Cron != "" {
		return f.Cron
	}
	return "@every " + f.Every.String()
}

type fileFeed struct {
	URL      string `json:"url"`
	Every    string `json:"every"`
	Cron     string `json:"cron"`
	Queue    string `json:"queue"`
	MaxItems int    `json:"max_items"`
}

type file struct {
	Feeds []fileFeed `json:"feeds"`
}

// Load reads and validates a feeds file:
//
//	feeds:
//	  - url: https://example.com/rss.xml
//	    every: 10m            # or cron: "*/15 * * * *"
//	    queue: low            # optional
//	    max_items: 50         # optional
//
// Each feed needs an http(s) URL, and exactly one of every (a Go duration,
// at least MinEvery) or cron (parsed like asynq's Scheduler does: five
// fields or a descriptor such as @hourly or @every 90s). queue must match
// ^[a-z0-9:._-]+$, max_items must not be negative, unknown fields are
// errors, and no URL may appear twice (compared in canonical form).
func Load(path string) ([]Feed, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read feeds file: %w", err)
	}
	return parse(b, path)
}

func parse(b []byte, name string) ([]Feed, error) {
	var f file
	if err := yaml.UnmarshalStrict(b, &f); err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrInvalid, name, err)
	}
	feeds := make([]Feed, 0, len(f.Feeds))
	seen := make(map[string]int, len(f.Feeds))
	for i, ff := range f.Feeds {
		fd, err := validate(ff)
		if err != nil {
			return nil, fmt.Errorf("%w %s: feed %d: %v", ErrInvalid, name, i+1, err)
		}
		c, _ := feed.CanonicalURL(fd.URL)
		if j, dup := seen[c]; dup {
			return nil, fmt.Errorf("%w %s: feed %d: same URL as feed %d", ErrInvalid, name, i+1, j+1)
		}
		seen[c] = i
		feeds = append(feeds, fd)
	}
	return feeds, nil
}

func validate(ff fileFeed) (Feed, error) {
	out := Feed{
		URL:      strings.TrimSpace(ff.URL),
		Cron:     strings.TrimSpace(ff.Cron),
		Queue:    ff.Queue,
		MaxItems: ff.MaxItems,
	}
	if out.URL == "" {
		return Feed{}, errors.New("url is missing")
	}
	if _, err := feed.CanonicalURL(out.URL); err != nil {
		return Feed{}, fmt.Errorf("url %q: %v", out.URL, err)
	}
	every := strings.TrimSpace(ff.Every)
	switch {
	case every == "" && out.Cron == "":
		return Feed{}, errors.New("one of every or cron is required")
	case every != "" && out.Cron != "":
		return Feed{}, errors.New("every and cron are exclusive")
	case every != "":
		d, err := time.ParseDuration(every)
		if err != nil {
			return Feed{}, fmt.Errorf("every %q: %v", every, err)
		}
		if d < MinEvery {
			return Feed{}, fmt.Errorf("every %s is shorter than %s", d, MinEvery)
		}
		out.Every = d
	default:
		if _, err := cron.ParseStandard(out.Cron); err != nil {
			return Feed{}, fmt.Errorf("cron %q: %v", out.Cron, err)
		}
	}
	if out.Queue != "" && !keys.ValidQueue(out.Queue) {
		return Feed{}, fmt.Errorf("queue %q does not match %s", out.Queue, keys.QueuePattern)
	}
	if out.MaxItems < 0 {
		return Feed{}, fmt.Errorf("max_items %d is negative", out.MaxItems)
	}
	return out, nil
}

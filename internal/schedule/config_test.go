package schedule

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.yaml")
	writeFile(t, path, `# feeds
feeds:
  - url: https://example.com/rss.xml
    every: 10m
  - url: https://news.example.org/atom
    cron: "*/15 * * * *"
    queue: low
    max_items: 50
  - url: http://blog.example.net/feed.json
    cron: "@hourly"
`)
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []Feed{
		{URL: "https://example.com/rss.xml", Every: 10 * time.Minute},
		{URL: "https://news.example.org/atom", Cron: "*/15 * * * *", Queue: "low", MaxItems: 50},
		{URL: "http://blog.example.net/feed.json", Cron: "@hourly"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("Load mismatch (-want +got):\n%s", diff)
	}
	if s := got[0].Cronspec(); s != "@every 10m0s" {
		t.Errorf("Cronspec = %q", s)
	}
	if s := got[1].Cronspec(); s != "*/15 * * * *" {
		t.Errorf("Cronspec = %q", s)
	}
}

func TestLoadEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.yaml")
	writeFile(t, path, "feeds: []\n")
	got, err := Load(path)
	if err != nil || len(got) != 0 {
		t.Fatalf("Load = %v, %v", got, err)
	}
}

func TestLoadInvalid(t *testing.T) {
	cases := map[string]struct{ yaml, msg string }{
		"no schedule":     {"feeds:\n  - url: https://e.com/a\n", "one of every or cron"},
		"both":            {"feeds:\n  - url: https://e.com/a\n    every: 10m\n    cron: '@hourly'\n", "exclusive"},
		"every too short": {"feeds:\n  - url: https://e.com/a\n    every: 30s\n", "shorter than 1m0s"},
		"every garbage":   {"feeds:\n  - url: https://e.com/a\n    every: often\n", "every \"often\""},
		"bad cron":        {"feeds:\n  - url: https://e.com/a\n    cron: '61 * * * *'\n", "cron"},
		"cron seconds":    {"feeds:\n  - url: https://e.com/a\n    cron: '*/5 * * * * *'\n", "cron"},
		"no url":          {"feeds:\n  - every: 10m\n", "url is missing"},
		"ftp url":         {"feeds:\n  - url: ftp://e.com/a\n    every: 10m\n", "not an http"},
		"relative url":    {"feeds:\n  - url: /rss\n    every: 10m\n", "url"},
		"userinfo":        {"feeds:\n  - url: https://u:p@e.com/a\n    every: 10m\n", "userinfo"},
		"bad queue":       {"feeds:\n  - url: https://e.com/a\n    every: 10m\n    queue: '}bad'\n", "queue"},
		"upper queue":     {"feeds:\n  - url: https://e.com/a\n    every: 10m\n    queue: Low\n", "queue"},
		"negative max":    {"feeds:\n  - url: https://e.com/a\n    every: 10m\n    max_items: -1\n", "max_items"},
		"unknown field":   {"feeds:\n  - url: https://e.com/a\n    evry: 10m\n", "evry"},
		"duplicate": {"feeds:\n  - url: https://E.com/a?utm_source=x\n    every: 10m\n  - url: https://e.com/a\n    every: 20m\n",
			"same URL as feed 1"},
		"not yaml":      {"feeds: [\n", "invalid"},
		"numeric every": {"feeds:\n  - url: https://e.com/a\n    every: 600\n", "invalid"},
	}
	dir := t.TempDir()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".yaml")
			writeFile(t, path, tc.yaml)
			_, err := Load(path)
			if err == nil {
				t.Fatal("Load accepted it")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not mention %q", err, tc.msg)
			}
		})
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || errors.Is(err, ErrInvalid) {
		t.Errorf("missing file: %v", err)
	}
}

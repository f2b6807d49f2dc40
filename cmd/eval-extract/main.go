package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/copydesk/copydesk/internal/extract"
	"github.com/copydesk/copydesk/internal/extract/shingle"
	"github.com/copydesk/copydesk/internal/progress"
)

type config struct {
	data    string
	split   string
	verbose bool
	dump    string
	only    string
}

func main() {
	var cfg config
	flag.StringVar(&cfg.data, "data", "../shared/data", "folder holding article-extraction-benchmark/ (read only)")
	flag.StringVar(&cfg.split, "split", "all", "pages to score: dev (ids 0-7…), test (ids 8-f…) or all")
	flag.BoolVar(&cfg.verbose, "v", false, "print per-page scores of copydesk")
	flag.StringVar(&cfg.dump, "dump", "", "write each page's extracted texts into this folder")
	flag.StringVar(&cfg.only, "only", "", "run only this extractor (copydesk, go-trafilatura, go-readability)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), `Usage: eval-extract [flags]

Scores main-text extraction on the article extraction benchmark found in
DATA/article-extraction-benchmark (default DATA: ../shared/data, relative to
the repository root), as the benchmark defines it: \w+ tokens, multisets of
4-token shingles, per-page precision and recall, corpus means, F1 of the
means, exact-match accuracy. Baselines: go-trafilatura (no fallback) and
go-readability, in the same run. Pages are split by the first hex digit of
their id: 0-7 is dev (tune on it), 8-f is test (report it).

Flags:
`)
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "eval-extract:", err)
		os.Exit(2)
	}
}

type page struct {
	id   string
	url  *url.URL
	html []byte
	gold string
}

// split returns "dev" or "test" for a page id.
func split(id string) string {
	if id != "" && strings.IndexByte("01234567", id[0]) >= 0 {
		return "dev"
	}
	return "test"
}

func run(cfg config, out io.Writer) error {
	switch cfg.split {
	case "dev", "test", "all":
	default:
		return fmt.Errorf("-split %q: want dev, test or all", cfg.split)
	}
	pages, err := load(filepath.Join(cfg.data, "article-extraction-benchmark"), cfg.split)
	if err != nil {
		return err
	}
	if cfg.dump != "" {
		if err := os.MkdirAll(cfg.dump, 0o755); err != nil {
			return err
		}
	}
	ex := extract.New(extract.Options{})
	extractors := []struct {
		name string
		fn   func(p page) string
	}{
		{"copydesk", func(p page) string {
			r, err := ex.Extract(p.html, p.url)
			if err != nil {
				return ""
			}
			return r.Text
		}},
		{"go-trafilatura", func(p page) string {
			doc, err := html.Parse(bytes.NewReader(p.html))
			if err != nil {
				return ""
			}
			r, err := trafilatura.ExtractDocument(doc, trafilatura.Options{OriginalURL: p.url})
			if err != nil {
				return ""
			}
			return r.ContentText
		}},
		{"go-readability", func(p page) string {
			doc, err := html.Parse(bytes.NewReader(p.html))
			if err != nil {
				return ""
			}
			parser := readability.NewParser()
			a, err := parser.ParseAndMutate(doc, p.url)
			if err != nil || a.Node == nil {
				return ""
			}
			var b strings.Builder
			if err := a.RenderText(&b); err != nil {
				return ""
			}
			return b.String()
		}},
	}

	var active []int
	for i, x := range extractors {
		if cfg.only == "" || x.name == cfg.only {
			active = append(active, i)
		}
	}
	if len(active) == 0 {
		return fmt.Errorf("-only %q: no such extractor", cfg.only)
	}
	// Warm up every extractor on a few pages, so that first-use costs
	// (page faults, heap growth) are not charged to whichever runs first.
	for _, p := range pages[:min(5, len(pages))] {
		for _, i := range active {
			extractors[i].fn(p)
		}
	}

	// Pages in the outer loop, extractors in the inner one: a slowdown of
	// the machine then hits all extractors alike.
	counts := make([]map[string][]shingle.Counts, len(extractors))
	spent := make([]time.Duration, len(extractors))
	for _, i := range active {
		counts[i] = make(map[string][]shingle.Counts)
	}
	prog := progress.New(os.Stderr, "eval-extract", len(pages))
	for _, p := range pages {
		prog.Step(p.id[:min(12, len(p.id))])
		for _, i := range active {
			x := extractors[i]
			start := time.Now()
			text := x.fn(p)
			spent[i] += time.Since(start)
			c := shingle.Match(p.gold, text)
			counts[i][split(p.id)] = append(counts[i][split(p.id)], c)
			counts[i]["all"] = append(counts[i]["all"], c)
			if cfg.verbose && x.name == "copydesk" {
				fmt.Fprintf(out, "%s %s P=%.3f R=%.3f F1=%.3f\n", p.id[:12], split(p.id), c.Precision(), c.Recall(), c.F1())
			}
			if cfg.dump != "" {
				name := filepath.Join(cfg.dump, p.id[:12]+"."+x.name+".txt")
				if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
					return err
				}
			}
		}
	}

	prog.Finish()

	subsets := []string{cfg.split}
	if cfg.split == "all" {
		subsets = []string{"dev", "test", "all"}
	}
	fmt.Fprintf(out, "article-extraction-benchmark, %d pages (split %s)\n", len(pages), cfg.split)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "extractor\tsplit\tpages\tP\tR\tF1\taccuracy\tms/page\t")
	for _, i := range active {
		ms := float64(spent[i].Microseconds()) / 1000 / float64(len(pages))
		for _, s := range subsets {
			sc := shingle.Corpus(counts[i][s])
			fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.1f\t\n",
				extractors[i].name, s, sc.Pages, sc.Precision, sc.Recall, sc.F1, sc.Accuracy, ms)
		}
	}
	return tw.Flush()
}

// load reads the benchmark pages of the chosen split, sorted by id.
func load(dir, which string) ([]page, error) {
	gt, err := readGzip(filepath.Join(dir, "ground-truth.json.gz"))
	if err != nil {
		return nil, fmt.Errorf("read ground truth: %w", err)
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(gt, &truth); err != nil {
		return nil, fmt.Errorf("decode ground truth: %w", err)
	}
	if len(truth) == 0 {
		return nil, errors.New("ground truth is empty")
	}
	ids := make([]string, 0, len(truth))
	for id := range truth {
		if which == "all" || split(id) == which {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	pages := make([]page, 0, len(ids))
	for _, id := range ids {
		body, err := readGzip(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			return nil, fmt.Errorf("read page %s: %w", id, err)
		}
		u, _ := url.Parse(truth[id].URL)
		pages = append(pages, page{id: id, url: u, html: body, gold: truth[id].ArticleBody})
	}
	return pages, nil
}

func readGzip(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

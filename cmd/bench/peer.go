package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// peerFigures are BullMQ's medians, measured by bench/bullmq/bench.js on
// the same Redis during the run.
type peerFigures struct {
	worker         float64 // no-op Worker, concurrency 50, {i} payloads, jobs/s
	workerArticles float64 // the same on the bench's article payloads
	addTiny        float64 // addBulk of {i} payloads, jobs/s
	addArticles    float64 // addBulk of the bench's article payloads, jobs/s
}

var medianRE = regexp.MustCompile(`median (\d+)`)

const peerDir = "bench/bullmq"

// peerSetup checks that the BullMQ script can run and writes the article
// payloads it enqueues (the bulk enqueue input) once for every round; the
// caller removes the returned file.
func (b *bench) peerSetup() (articles string, err error) {
	if _, err := os.Stat(filepath.Join(peerDir, "node_modules", "bullmq")); err != nil {
		return "", fmt.Errorf("-bullmq needs `cd %s && npm install` first", peerDir)
	}
	f, err := os.CreateTemp("", "copydesk-bench-*.jsonl")
	if err != nil {
		return "", err
	}
	_, err = f.Write(b.articleLines(b.o.n, 1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// bullmq runs the BullMQ script twice, runs times each: with tiny payloads
// (its no-op Worker and addBulk figures) and with the article payloads in
// the file peerSetup wrote. It needs node and `npm install` in
// bench/bullmq.
func (b *bench) bullmq(ctx context.Context, runs int, articles string) (peerFigures, error) {
	var p peerFigures
	dir := peerDir
	run := func(args ...string) ([]float64, error) {
		cmd := exec.CommandContext(ctx, "node", append([]string{"bench.js", strconv.Itoa(b.o.n), strconv.Itoa(runs)}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "REDIS_ADDR="+b.o.redisAddr)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("node bench.js: %w", err)
		}
		var v []float64
		for _, line := range strings.Split(string(out), "\n") {
			if m := medianRE.FindStringSubmatch(line); m != nil {
				f, _ := strconv.ParseFloat(m[1], 64)
				v = append(v, f)
			}
		}
		if len(v) != 2 {
			return nil, fmt.Errorf("node bench.js printed %q", out)
		}
		return v, nil
	}
	tiny, err := run()
	if err != nil {
		return p, err
	}
	withArticles, err := run(articles)
	if err != nil {
		return p, err
	}
	p.worker, p.addTiny = tiny[0], tiny[1]
	p.workerArticles, p.addArticles = withArticles[0], withArticles[1]
	return p, nil
}

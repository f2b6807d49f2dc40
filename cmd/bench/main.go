// Command bench measures copydesk's throughput and latency through a real
// Redis, against baselines measured in the same run:
//
//   - asynq's no-op dispatch ceiling, with one dequeue loop and with many;
//   - the pipeline in-process (what `worker process` does), no Redis;
//   - copydesk end to end: enqueue → worker → pipeline → store → event;
//   - bulk enqueue (what `enqueue batch` does);
//   - enqueue-to-event latency at given fractions of the measured maximum.
//
// Every measurement runs once per round (with -bullmq, BullMQ's too), for
// -runs rounds: the medians are reported, and each ratio is the median of
// the per-round ratios, so that a shared host's drift hits both sides of
// a ratio alike.
//
// It writes only under a unique key prefix and unique queue names, and
// deletes them afterwards. Usage:
//
//	go run ./cmd/bench -n 3000 -runs 3
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/progress"
)

type options struct {
	redisAddr string
	n         int
	runs      int
	loops     int
	conc      int
	article   string
	latency   string
	quick     bool
	only      string
	profile   string
	dump      string
	peer      bool
}

func main() {
	var o options
	flag.StringVar(&o.redisAddr, "redis", "127.0.0.1:6379", "Redis address (loopback)")
	flag.IntVar(&o.n, "n", 3000, "articles (and no-op tasks) per measurement")
	flag.IntVar(&o.runs, "runs", 3, "repetitions; medians are reported")
	flag.IntVar(&o.loops, "loops", runtime.NumCPU()*2, "asynq dequeue loops for the 'many' figures")
	flag.IntVar(&o.conc, "concurrency", 20, "worker concurrency")
	flag.StringVar(&o.article, "article", "examples/seed-putin-north-korea.txt", "article used as the template")
	flag.StringVar(&o.latency, "latency-at", "0.5,0.9", "fractions of the maximum end-to-end rate at which to measure latency")
	flag.BoolVar(&o.quick, "quick", false, "a tiny run that only checks the tool works")
	flag.StringVar(&o.only, "only", "", "run only the steps whose name contains this")
	flag.StringVar(&o.profile, "cpuprofile", "", "write a CPU profile of the run here")
	flag.BoolVar(&o.peer, "bullmq", false, "also run the BullMQ peer baseline (bench/bullmq, after npm install there) and print the ratios")
	flag.StringVar(&o.dump, "dump-articles", "", "write n article payloads as JSONL (the bulk enqueue input, for bench/bullmq) to this file and exit")
	flag.Parse()
	if o.quick {
		o.n, o.runs = 50, 1
	}
	if o.profile != "" {
		f, err := os.Create(o.profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func run(ctx context.Context, o options, w io.Writer) error {
	body, err := os.ReadFile(o.article)
	if err != nil {
		return err
	}
	rdb := redis.NewClient(&redis.Options{Addr: o.redisAddr, PoolSize: 200})
	defer rdb.Close()
	if err := rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis %s: %w", o.redisAddr, err)
	}
	b := &bench{o: o, rdb: rdb, template: string(body)}
	defer b.cleanup()
	if o.dump != "" {
		return os.WriteFile(o.dump, b.articleLines(o.n, 1), 0o644)
	}

	fmt.Fprintf(w, "copydesk bench: n=%d runs=%d cpus=%d loops=%d concurrency=%d redis=%s\n\n",
		o.n, o.runs, runtime.NumCPU(), o.loops, o.conc, o.redisAddr)
	type step struct {
		name string
		f    func(context.Context) (float64, error)
	}
	steps := []step{
		{"asynq no-op, 1 loop (tasks/s)", func(ctx context.Context) (float64, error) { return b.noop(ctx, 1) }},
		{fmt.Sprintf("asynq no-op, %d loops (tasks/s)", o.loops), func(ctx context.Context) (float64, error) { return b.noop(ctx, o.loops) }},
		{"copydesk dispatch, no-op pipeline (tasks/s)", b.dispatch},
		{"pipeline in-process (articles/s)", b.inProcess},
		{"copydesk end to end (articles/s)", b.endToEnd},
		{"bulk enqueue (tasks/s)", b.bulkEnqueue},
	}
	var selected []step
	for _, s := range steps {
		if o.only == "" || strings.Contains(s.name, o.only) {
			selected = append(selected, s)
		}
	}
	peer := o.peer && o.only == ""
	var articles string
	if peer {
		if articles, err = b.peerSetup(); err != nil {
			return err
		}
		defer os.Remove(articles)
	}
	// Rounds: every measurement once per round, BullMQ's too, so that
	// the machine's drift (a shared, noisy host) hits both sides of a
	// ratio alike; ratios are the medians of the per-round ratios.
	vals := make([][]float64, len(selected))
	var peers []peerFigures
	n := len(selected)
	if peer {
		n++
	}
	prog := progress.New(os.Stderr, "bench", n*o.runs)
	for r := 0; r < o.runs; r++ {
		for i, s := range selected {
			prog.Step(fmt.Sprintf("%s, run %d", s.name, r+1))
			v, err := s.f(ctx)
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			vals[i] = append(vals[i], v)
		}
		if peer {
			prog.Step(fmt.Sprintf("BullMQ, run %d", r+1))
			p, err := b.bullmq(ctx, 1, articles)
			if err != nil {
				return err
			}
			peers = append(peers, p)
		}
	}
	prog.Finish()
	results := map[string][]float64{}
	for i, s := range selected {
		results[s.name] = vals[i]
		fmt.Fprintf(w, "%-48s median %10.0f   runs %s\n", s.name, median(vals[i]), fmtRuns(vals[i]))
	}
	if o.only != "" {
		return nil
	}
	e2e := results["copydesk end to end (articles/s)"]
	inproc := results["pipeline in-process (articles/s)"]
	one := results["asynq no-op, 1 loop (tasks/s)"]
	many := results[fmt.Sprintf("asynq no-op, %d loops (tasks/s)", o.loops)]
	disp := results["copydesk dispatch, no-op pipeline (tasks/s)"]
	fmt.Fprintf(w, "\nratios (medians of the per-round ratios):\n")
	fmt.Fprintf(w, "  end to end / in-process pipeline     %.2f\n", pairedRatio(e2e, inproc))
	fmt.Fprintf(w, "  copydesk dispatch / asynq 1 loop      %.2f\n", pairedRatio(disp, one))
	fmt.Fprintf(w, "  asynq %d loops / asynq 1 loop          %.2f\n", o.loops, pairedRatio(many, one))
	if peer {
		field := func(f func(peerFigures) float64) []float64 {
			var v []float64
			for _, p := range peers {
				v = append(v, f(p))
			}
			return v
		}
		worker := field(func(p peerFigures) float64 { return p.worker })
		workerArticles := field(func(p peerFigures) float64 { return p.workerArticles })
		addTiny := field(func(p peerFigures) float64 { return p.addTiny })
		addArticles := field(func(p peerFigures) float64 { return p.addArticles })
		bulk := results["bulk enqueue (tasks/s)"]
		fmt.Fprintf(w, "\nBullMQ, same Redis, one run in each round (bench/bullmq):\n")
		fmt.Fprintf(w, "  %-46s median %10.0f   runs %s\n", "no-op Worker, concurrency 50 (jobs/s)", median(worker), fmtRuns(worker))
		fmt.Fprintf(w, "  %-46s median %10.0f   runs %s\n", "the same on the article payloads (jobs/s)", median(workerArticles), fmtRuns(workerArticles))
		fmt.Fprintf(w, "  %-46s median %10.0f   runs %s\n", "addBulk, tiny payloads (jobs/s)", median(addTiny), fmtRuns(addTiny))
		fmt.Fprintf(w, "  %-46s median %10.0f   runs %s\n", "addBulk, the same article payloads (jobs/s)", median(addArticles), fmtRuns(addArticles))
		fmt.Fprintf(w, "  asynq %d loops / BullMQ no-op Worker     %.2f\n", o.loops, pairedRatio(many, worker))
		fmt.Fprintf(w, "  copydesk dispatch / BullMQ no-op Worker %.2f (article payloads on both sides: %.2f)\n", pairedRatio(disp, worker), pairedRatio(disp, workerArticles))
		fmt.Fprintf(w, "  bulk enqueue / BullMQ addBulk, articles %.2f\n", pairedRatio(bulk, addArticles))
		fmt.Fprintf(w, "  bulk enqueue / BullMQ addBulk, tiny     %.2f\n", pairedRatio(bulk, addTiny))
	}

	fmt.Fprintf(w, "\nlatency, enqueue → event on the stream:\n")
	for _, f := range strings.Split(o.latency, ",") {
		var frac float64
		if _, err := fmt.Sscanf(strings.TrimSpace(f), "%g", &frac); err != nil || frac <= 0 {
			continue
		}
		rate := median(e2e) * frac
		p50, p99, err := b.latency(ctx, rate)
		if err != nil {
			return fmt.Errorf("latency at %.0f%%: %w", frac*100, err)
		}
		fmt.Fprintf(w, "  at %3.0f%% of max (%6.0f/s): p50 %8s  p99 %8s\n", frac*100, rate,
			p50.Round(100*time.Microsecond), p99.Round(100*time.Microsecond))
	}
	return nil
}

// pairedRatio is the median over rounds of a[r]/b[r].
func pairedRatio(a, b []float64) float64 {
	var r []float64
	for i := range min(len(a), len(b)) {
		if b[i] > 0 {
			r = append(r, a[i]/b[i])
		}
	}
	return median(r)
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func fmtRuns(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = fmt.Sprintf("%.0f", x)
	}
	return strings.Join(parts, " ")
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hibiken/asynq"
	asynqmetrics "github.com/hibiken/asynq/x/metrics"
	"github.com/hibiken/asynqmon"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"golang.org/x/term"

	"github.com/copydesk/copydesk/internal/admin"
	"github.com/copydesk/copydesk/internal/asynqx"
	"github.com/copydesk/copydesk/internal/fetch"
	"github.com/copydesk/copydesk/internal/keys"
	"github.com/copydesk/copydesk/internal/metrics"
	"github.com/copydesk/copydesk/internal/pipeline"
	"github.com/copydesk/copydesk/internal/politeness"
	"github.com/copydesk/copydesk/internal/redisconn"
	"github.com/copydesk/copydesk/internal/store"
	"github.com/copydesk/copydesk/tasks"
)

func version() string { return "copydesk worker, pipeline " + pipeline.Version }

func newLogger(cfg config, w io.Writer) (*zap.Logger, zap.AtomicLevel, error) {
	lvl, err := zap.ParseAtomicLevel(cfg.LogLevel)
	if err != nil {
		return nil, lvl, fmt.Errorf("log level: %w", err)
	}
	ec := zap.NewProductionEncoderConfig()
	ec.EncodeTime = zapcore.ISO8601TimeEncoder
	var enc zapcore.Encoder
	if cfg.LogFormat == "console" {
		ec.EncodeLevel = zapcore.CapitalLevelEncoder
		if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			ec.EncodeLevel = zapcore.CapitalColorLevelEncoder // colours for a terminal only
		}
		enc = zapcore.NewConsoleEncoder(ec)
	} else {
		enc = zapcore.NewJSONEncoder(ec)
	}
	core := zapcore.NewCore(enc, zapcore.Lock(zapcore.AddSync(w)), lvl)
	return zap.New(core), lvl, nil
}

// serve runs the worker until ctx is cancelled, then shuts down gracefully.
func serve(ctx context.Context, cfg config, logw io.Writer) error {
	log, lvl, err := newLogger(cfg, logw)
	if err != nil {
		return err
	}
	defer log.Sync()
	redis.SetLogger(redisLog{log.Named("redis")})
	// the standard logger (asynq's queue metrics collector writes there)
	// goes into the worker's log as well
	defer zap.RedirectStdLog(log.Named("stdlog"))()

	conn, err := redisconn.Connect(ctx, redisconn.Config{
		URL: cfg.RedisURL, DefaultAddr: cfg.DefaultAddr, AllowEmbedded: cfg.RedisURL == "", CAFile: cfg.RedisCA,
		PoolSize: cfg.Concurrency + 10*cfg.Servers,
	}, log)
	if err != nil {
		return err
	}
	defer conn.Close()
	rdb := conn.Client
	checkRedis(ctx, rdb, log)

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := metrics.New(reg)
	reg.MustRegister(metrics.NewRedisMemory(rdb))

	pl, err := pipeline.New(pipeline.Options{Observe: m.ObserveStage})
	if err != nil {
		return err
	}
	st := store.New(rdb, store.Config{Prefix: cfg.Prefix, Retention: cfg.Retention})
	client := asynq.NewClientFromRedisClient(rdb)
	inspector := asynq.NewInspectorFromRedisClient(rdb)
	reg.MustRegister(asynqmetrics.NewQueueMetricsCollector(inspector))

	fcfg := fetch.Config{AllowLoopback: cfg.AllowLoopback}
	if cfg.OnlyLoopback {
		fcfg.DialHook = loopbackOnly
		fcfg.Resolver = loopbackResolver
	}
	fetcher := fetch.New(fcfg)
	process := &tasks.ProcessHandler{Pipeline: pl, Store: st, Observe: m.ObserveStage, Stored: func(r store.Result) {
		switch {
		case r.Created:
			m.Stored.WithLabelValues("new").Inc()
		case r.Changed:
			m.Stored.WithLabelValues("changed").Inc()
		default:
			m.Stored.WithLabelValues("unchanged").Inc()
		}
	}}
	mux := tasks.NewMux(tasks.Handlers{
		Process: process,
		Fetch: &tasks.FetchHandler{Fetcher: fetcher, Process: process, Metrics: m,
			Limiter: politeness.New(rdb, keys.New(cfg.Prefix), cfg.HostRate, 0)},
		Feed: &tasks.FeedHandler{Fetcher: fetcher, State: st, Enqueuer: client, Metrics: m, Queue: cfg.EnqueueQueue},
	}, log, m, &tasks.Quarantine{Attempts: st, Metrics: m})

	// Several dequeue loops: one asynq.Server dequeues one task per round
	// trip, so throughput grows with loops, not with concurrency.
	servers := make([]*asynq.Server, cfg.Servers)
	per := cfg.Concurrency / cfg.Servers
	for i := range servers {
		c := per
		if i < cfg.Concurrency%cfg.Servers {
			c++
		}
		servers[i] = asynq.NewServerFromRedisClient(rdb, asynq.Config{
			Concurrency:     c,
			Queues:          cfg.Queues,
			IsFailure:       tasks.IsFailure,
			RetryDelayFunc:  tasks.RetryDelay,
			ShutdownTimeout: cfg.ShutdownTimeout,
			// asynq sleeps a whole second when the queues are empty; that
			// second is pure latency for the next article.
			TaskCheckInterval:        cfg.PollInterval,
			DelayedTaskCheckInterval: time.Second,
			// asynq hands every message to zap, whose level (changed at
			// run time through /loglevel) decides what is written.
			Logger:   log.Named("asynq").Sugar(),
			LogLevel: asynq.DebugLevel,
		})
		if err := servers[i].Start(mux); err != nil {
			for _, s := range servers[:i] {
				s.Shutdown()
			}
			return fmt.Errorf("start asynq server: %w", err)
		}
	}
	log.Info("worker started", zap.String("redis", conn.Addr), zap.Bool("embedded_redis", conn.Embedded),
		zap.Int("concurrency", cfg.Concurrency), zap.Int("servers", cfg.Servers),
		zap.Any("queues", cfg.Queues), zap.String("prefix", cfg.Prefix), zap.String("http", cfg.HTTPAddr),
		zap.String("api_token", admin.TokenState(cfg.APIToken)))

	stopMaint := maintain(ctx, st, rdb, slices.Sorted(maps.Keys(cfg.Queues)), 30*time.Second, log)
	defer stopMaint()

	sched, err := startScheduler(ctx, cfg, rdb, log, asynq.DebugLevel)
	if err != nil {
		for _, s := range servers {
			s.Shutdown()
		}
		return err
	}

	var httpSrv *http.Server
	httpErr := make(chan error, 1)
	if cfg.HTTPAddr != "" {
		submitter := &tasks.Submitter{Client: client, Inspector: inspector, Lookup: st.ArticleForTask, LookupMany: st.ArticlesForTasks}
		var monitor http.Handler = asynqmon.New(asynqmon.Options{
			RootPath: "/monitor", RedisConnOpt: redisOpt{rdb}, ReadOnly: !cfg.MonitorWrites,
		})
		if !cfg.MonitorWrites {
			monitor = admin.ReadOnlyMonitor(monitor)
		}
		monitor = admin.LocalMonitor(monitor)
		h := admin.Handler(admin.Config{
			Token:    cfg.APIToken,
			Ready:    func(ctx context.Context) error { return redisconn.Ping(ctx, rdb) },
			Registry: reg,
			Reader:   st,
			Submit:   submitFunc(submitter, pl.Limits(), cfg.EnqueueQueue),
			Level:    lvl,
			Monitor:  monitor,
			Pprof:    cfg.Pprof,
			Log:      log,
		})
		ln, err := net.Listen("tcp", cfg.HTTPAddr)
		if err != nil {
			for _, s := range servers {
				s.Shutdown()
			}
			return fmt.Errorf("admin listen %s: %w", cfg.HTTPAddr, err)
		}
		// ReadTimeout bounds a whole request, body included: a client
		// trickling a 16 MiB submission a byte at a time holds its
		// buffer and goroutine a minute at most.
		httpSrv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, IdleTimeout: 2 * time.Minute}
		go func() { httpErr <- httpSrv.Serve(ln) }()
	}

	select {
	case <-ctx.Done():
	case err := <-httpErr:
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("admin server stopped", zap.Error(err))
		}
	}
	log.Info("shutting down", zap.Duration("timeout", cfg.ShutdownTimeout))
	if sched != nil {
		sched()
	}
	var wg sync.WaitGroup
	for _, s := range servers {
		wg.Add(1)
		go func(s *asynq.Server) { defer wg.Done(); s.Shutdown() }(s)
	}
	if httpSrv != nil {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		httpSrv.Shutdown(sctx)
		cancel()
	}
	wg.Wait()
	client.Close()
	log.Info("stopped")
	return nil
}

// checkRedis warns about settings that lose tasks. It reads INFO, which a
// least-privilege user has, rather than CONFIG GET, which would also
// reveal secrets such as masterauth.
func checkRedis(ctx context.Context, rdb redis.UniversalClient, log *zap.Logger) {
	info, err := rdb.Info(ctx, "memory").Result()
	if err != nil {
		log.Warn("cannot check Redis maxmemory-policy", zap.Error(err))
		return
	}
	for _, line := range strings.Split(info, "\n") {
		if p, ok := strings.CutPrefix(strings.TrimSpace(line), "maxmemory_policy:"); ok && p != "noeviction" {
			log.Warn("REDIS EVICTS KEYS: maxmemory-policy is not noeviction, so queued tasks and records can silently disappear under memory pressure",
				zap.String("maxmemory-policy", p))
		}
	}
}

// redisOpt hands asynqmon the shared client.
type redisOpt struct{ c redis.UniversalClient }

func (o redisOpt) MakeRedisClient() any { return o.c }

func submitFunc(s *tasks.Submitter, lim pipeline.Limits, queue string) admin.SubmitFunc {
	return func(ctx context.Context, typ string, payload []byte) (any, error) {
		var j tasks.Job
		var err error
		switch typ {
		case "":
			j, err = tasks.DecodeSubmission(payload)
		case tasks.TypeArticleProcess:
			var p tasks.ArticleProcessPayload
			if p, err = tasks.DecodeArticleProcess(payload, lim); err == nil {
				j, err = tasks.NewArticleProcessJob(p)
			}
		case tasks.TypeArticleFetch:
			var p tasks.ArticleFetchPayload
			if p, err = tasks.DecodeArticleFetch(payload, lim.MaxURL); err == nil {
				j, err = tasks.NewArticleFetchJob(p)
			}
		default:
			err = fmt.Errorf("type %q: POST takes article:process or article:fetch", typ)
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", admin.ErrBadRequest, err)
		}
		return s.SubmitJob(ctx, j, queue, false)
	}
}

// redisLog routes go-redis' internal messages (pool dial failures and the
// like) into the worker's log instead of stderr.
type redisLog struct{ log *zap.Logger }

func (r redisLog) Printf(_ context.Context, format string, v ...any) {
	r.log.Debug(fmt.Sprintf(format, v...))
}

// maintain runs the worker's housekeeping every interval: it puts its
// queues back in asynq's list of queues (lost with Redis' data, which
// hides them from the dashboard, the inspector and the queue metrics until
// a producer enqueues again), and trims old index entries, which runs at
// most hourly across all workers (the store's lock decides).
func maintain(ctx context.Context, st *store.Store, rdb redis.UniversalClient, queues []string, every time.Duration, log *zap.Logger) func() {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if err := asynqx.RegisterQueues(ctx, rdb, queues...); err != nil && ctx.Err() == nil {
				log.Warn("maintenance", zap.Error(err))
			}
			n, ran, err := st.Maintain(ctx, 55*time.Minute)
			switch {
			case err != nil && ctx.Err() == nil:
				log.Warn("maintenance", zap.Error(err))
			case ran:
				log.Info("maintenance: trimmed old index entries", zap.Int64("removed", n))
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() { cancel(); <-done }
}

// loopbackOnly refuses dials to anything but loopback: a guard for test
// runs that holds even if the SSRF rules regress.
// loopbackResolver resolves names from /etc/hosts and loopback DNS
// servers only: under --test-only-loopback-dials a name lookup must not
// reach the network either.
var loopbackResolver = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
	if err := loopbackOnly(network, address); err != nil {
		return nil, err
	}
	var d net.Dialer
	return d.DialContext(ctx, network, address)
}}

func loopbackOnly(network, address string) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("test guard: dial to non-loopback %s refused", address)
	}
	return nil
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/copydesk/copydesk/internal/admin"
	"github.com/copydesk/copydesk/internal/keys"
	"github.com/copydesk/copydesk/internal/redisconn"
)

// config is the worker's whole configuration, read from flags and the
// environment (flags win) and validated once at start-up.
type config struct {
	RedisURL        string
	RedisCA         string
	DefaultAddr     string
	Prefix          string
	Concurrency     int
	Servers         int
	Queues          map[string]int
	LogLevel        string
	LogFormat       string
	HTTPAddr        string
	APIToken        string
	Pprof           bool
	MonitorWrites   bool
	ShutdownTimeout time.Duration
	FeedsFile       string
	Retention       time.Duration
	HostRate        int
	EnqueueQueue    string
	PollInterval    time.Duration
	AllowLoopback   bool // tests only: lets fetches reach loopback
	OnlyLoopback    bool // tests only: refuses every fetch dial that is not loopback
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envInt(name string, def int) int {
	if v, ok := os.LookupEnv(name); ok {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}

func envBool(name string, def bool) bool {
	if v, ok := os.LookupEnv(name); ok {
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return def
}

func envDur(name string, def time.Duration) time.Duration {
	if v, ok := os.LookupEnv(name); ok {
		if d, err := time.ParseDuration(v); err == nil {
			return d
		}
	}
	return def
}

// parseConfig reads flags from args and the environment.
func parseConfig(args []string) (config, error) {
	return parseConfigTo(args, os.Stderr)
}

// parseConfigTo is parseConfig writing usage and flag errors to out.
func parseConfigTo(args []string, out io.Writer) (config, error) {
	var c config
	var queues string
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = fs.PrintDefaults
	fs.StringVar(&c.RedisURL, "redis-url", env("REDIS_URL", ""), "Redis URL: redis://, rediss://, redis-sentinel://h1,h2?master=NAME, redis-cluster://h1,h2 (env REDIS_URL). Unset: the default address, else an embedded in-memory server")
	fs.StringVar(&c.RedisCA, "redis-ca", env("COPYDESK_REDIS_CA", ""), "PEM file of CAs trusted for rediss:// (env COPYDESK_REDIS_CA)")
	fs.StringVar(&c.DefaultAddr, "redis-default-addr", env("COPYDESK_DEFAULT_REDIS_ADDR", redisconn.DefaultAddr), "address tried when REDIS_URL is unset (env COPYDESK_DEFAULT_REDIS_ADDR)")
	fs.StringVar(&c.Prefix, "prefix", env("COPYDESK_PREFIX", "copydesk:"), "Redis key prefix (env COPYDESK_PREFIX)")
	fs.IntVar(&c.Concurrency, "concurrency", envInt("COPYDESK_CONCURRENCY", 20), "tasks processed at once, over all dequeue loops (env COPYDESK_CONCURRENCY)")
	fs.IntVar(&c.Servers, "servers", envInt("COPYDESK_SERVERS", runtime.NumCPU()), "asynq dequeue loops in this process (env COPYDESK_SERVERS)")
	fs.StringVar(&queues, "queues", env("COPYDESK_QUEUES", keys.DefaultQueues), "queue=weight list (env COPYDESK_QUEUES)")
	fs.StringVar(&c.LogLevel, "log-level", env("COPYDESK_LOG_LEVEL", "info"), "debug, info, warn or error (env COPYDESK_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", env("COPYDESK_LOG_FORMAT", "json"), "json or console (env COPYDESK_LOG_FORMAT)")
	fs.StringVar(&c.HTTPAddr, "http-addr", env("COPYDESK_HTTP_ADDR", "127.0.0.1:8077"), "admin HTTP address; empty disables it (env COPYDESK_HTTP_ADDR)")
	fs.StringVar(&c.APIToken, "api-token", env("COPYDESK_API_TOKEN", ""), "bearer token for the admin API; required off loopback (env COPYDESK_API_TOKEN)")
	fs.BoolVar(&c.Pprof, "pprof", envBool("COPYDESK_PPROF", false), "serve /debug/pprof on the admin server (env COPYDESK_PPROF)")
	fs.BoolVar(&c.MonitorWrites, "monitor-writes", envBool("COPYDESK_MONITOR_WRITES", false), "allow changes from the /monitor dashboard (env COPYDESK_MONITOR_WRITES)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", envDur("COPYDESK_SHUTDOWN_TIMEOUT", 25*time.Second), "time given to running tasks on SIGTERM (env COPYDESK_SHUTDOWN_TIMEOUT)")
	fs.StringVar(&c.FeedsFile, "feeds", env("COPYDESK_FEEDS_FILE", ""), "feeds.yaml to poll on a schedule (env COPYDESK_FEEDS_FILE)")
	fs.DurationVar(&c.Retention, "retention", envDur("COPYDESK_RETENTION", 720*time.Hour), "how long records and indexes live (env COPYDESK_RETENTION)")
	fs.IntVar(&c.HostRate, "host-rate", envInt("COPYDESK_HOST_RATE", 60), "fetches per minute allowed per host, over all workers (env COPYDESK_HOST_RATE)")
	fs.DurationVar(&c.PollInterval, "poll-interval", envDur("COPYDESK_POLL_INTERVAL", 100*time.Millisecond), "how often an idle dequeue loop checks for new tasks; lower means less latency, more Redis load (env COPYDESK_POLL_INTERVAL)")
	fs.StringVar(&c.EnqueueQueue, "enqueue-queue", env("COPYDESK_ENQUEUE_QUEUE", ""), "queue for tasks the worker enqueues itself (feed items, POST /v1/articles); default: each task type's own (env COPYDESK_ENQUEUE_QUEUE)")
	fs.BoolVar(&c.AllowLoopback, "unsafe-allow-loopback-fetch", false, "TESTING ONLY: let fetches reach loopback addresses")
	fs.BoolVar(&c.OnlyLoopback, "test-only-loopback-dials", false, "TESTING ONLY: refuse every fetch dial to a non-loopback address, whatever the SSRF rules say")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if c.Queues, err = keys.ParseQueues(queues); err != nil {
		return c, err
	}
	return c, c.validate()
}

func (c config) validate() error {
	switch {
	case c.Concurrency < 1:
		return errors.New("concurrency must be at least 1")
	case c.Servers < 1 || c.Servers > 64:
		return errors.New("servers must be between 1 and 64")
	case c.LogFormat != "json" && c.LogFormat != "console":
		return fmt.Errorf("log format %q: use json or console", c.LogFormat)
	case c.ShutdownTimeout < time.Second:
		return errors.New("shutdown timeout must be at least 1s")
	case c.PollInterval < 10*time.Millisecond || c.PollInterval > 10*time.Second:
		return errors.New("poll interval must be between 10ms and 10s")
	case c.Retention < time.Hour:
		return errors.New("retention must be at least 1h")
	case c.HTTPAddr != "" && !admin.IsLoopback(c.HTTPAddr) && c.APIToken == "":
		return fmt.Errorf("admin server on %s is not loopback: set COPYDESK_API_TOKEN", c.HTTPAddr)
	}
	if c.EnqueueQueue != "" && !keys.ValidQueue(c.EnqueueQueue) {
		return fmt.Errorf("enqueue queue %q: names must match %s", c.EnqueueQueue, keys.QueuePattern)
	}
	if c.Servers > c.Concurrency {
		return errors.New("servers must not exceed concurrency")
	}
	return nil
}

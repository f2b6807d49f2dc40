// Package metrics defines copydesk's own Prometheus metrics. Names are part
// of the operator contract: deploy/prometheus/alerts.yaml and the Grafana
// dashboard refer to them.
package metrics

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// Metrics holds the collectors. Create one per process with New.
type Metrics struct {
	Tasks        *prometheus.CounterVec
	TaskDuration *prometheus.HistogramVec
	Stage        *prometheus.HistogramVec
	Fetch        *prometheus.CounterVec
	FeedPolls    *prometheus.CounterVec
	FeedItems    prometheus.Counter
	Stored       *prometheus.CounterVec
	Quarantined  prometheus.Counter
}

// New creates the collectors and registers them on reg.
func New(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Tasks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "copydesk_tasks_total",
			Help: "Tasks handled, by type and outcome (success, retry, archived).",
		}, []string{"type", "outcome"}),
		TaskDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "copydesk_task_duration_seconds",
			Help:    "Time spent in the handler, by task type.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2.5, 14),
		}, []string{"type"}),
		Stage: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "copydesk_stage_duration_seconds",
			Help:    "Time spent in each pipeline stage.",
			Buckets: prometheus.ExponentialBuckets(0.00001, 3, 14),
		}, []string{"stage"}),
		Fetch: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "copydesk_fetch_total",
			Help: "HTTP fetches, by outcome class.",
		}, []string{"class"}),
		FeedPolls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "copydesk_feed_polls_total",
			Help: "Feed polls, by outcome (ok, not_modified, error).",
		}, []string{"outcome"}),
		FeedItems: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "copydesk_feed_items_enqueued_total",
			Help: "Feed items enqueued as article:fetch tasks.",
		}),
		Stored: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "copydesk_articles_stored_total",
			Help: "Records written, by result (new, changed, unchanged).",
		}, []string{"result"}),
		Quarantined: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "copydesk_quarantined_total",
			Help: "Tasks archived because they started too many times without finishing.",
		}),
	}
	reg.MustRegister(m.Tasks, m.TaskDuration, m.Stage, m.Fetch, m.FeedPolls, m.FeedItems, m.Stored, m.Quarantined)
	return m
}

// ObserveStage records one stage duration; it fits pipeline.Options.Observe.
func (m *Metrics) ObserveStage(stage string, d time.Duration) {
	m.Stage.WithLabelValues(stage).Observe(d.Seconds())
}

// RedisMemory is a collector reporting Redis used_memory and maxmemory from
// INFO memory at scrape time.
type RedisMemory struct {
	rdb       redis.UniversalClient
	used, max *prometheus.Desc
}

// NewRedisMemory returns the collector for rdb.
func NewRedisMemory(rdb redis.UniversalClient) *RedisMemory {
	return &RedisMemory{
		rdb:  rdb,
		used: prometheus.NewDesc("copydesk_redis_used_memory_bytes", "Redis used_memory (summed over nodes).", nil, nil),
		max:  prometheus.NewDesc("copydesk_redis_maxmemory_bytes", "Redis maxmemory (0 = unlimited; summed over nodes).", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (r *RedisMemory) Describe(ch chan<- *prometheus.Desc) { ch <- r.used; ch <- r.max }

// Collect implements prometheus.Collector.
func (r *RedisMemory) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	info, err := r.rdb.Info(ctx, "memory").Result()
	if err != nil {
		return
	}
	used, max := ParseInfoMemory(info)
	ch <- prometheus.MustNewConstMetric(r.used, prometheus.GaugeValue, used)
	ch <- prometheus.MustNewConstMetric(r.max, prometheus.GaugeValue, max)
}

// ParseInfoMemory sums used_memory and maxmemory in an INFO memory reply.
func ParseInfoMemory(info string) (used, max float64) {
	for _, line := range strings.Split(info, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			continue
		}
		switch k {
		case "used_memory":
			used += f
		case "maxmemory":
			max += f
		}
	}
	return used, max
}

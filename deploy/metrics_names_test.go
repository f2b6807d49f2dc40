package deploy_test

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/metrics"
)

var descRE = regexp.MustCompile(`fqName: "([a-z_]+)".*variableLabels: \{([a-z_,]*)\}`)

// TestKnownMetricsMatchRegistry checks the copydesk_* part of the metric table the dashboard and
// alert checks use against what the worker really registers.
func TestKnownMetricsMatchRegistry(t *testing.T) {
	reg := prometheus.NewRegistry()
	metrics.New(reg)
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"}) // never dialled: Describe only
	defer rdb.Close()
	// asynq's queue collector describes itself by collecting from Redis, so
	// its names (asynq_*) are checked against its source, not here.
	collectors := []prometheus.Collector{metrics.NewRedisMemory(rdb)}
	real := map[string][]string{}
	ch := make(chan *prometheus.Desc, 100)
	go func() {
		for _, c := range collectors {
			c.Describe(ch)
		}
		close(ch)
	}()
	for d := range ch {
		addDesc(t, real, d)
	}
	// The copydesk vectors: describe them through a registry collector.
	for _, c := range registered(reg) {
		addDesc(t, real, c)
	}
	for name, labels := range real {
		want, ok := knownMetrics[name]
		if !ok {
			t.Errorf("metric %s is registered but missing from knownMetrics", name)
			continue
		}
		if want != nil && strings.Join(sorted(want), ",") != strings.Join(sorted(labels), ",") {
			t.Errorf("metric %s labels = %v, knownMetrics says %v", name, labels, want)
		}
	}
	for name := range knownMetrics {
		if _, ok := real[name]; !ok && strings.HasPrefix(name, "copydesk_") {
			t.Errorf("knownMetrics lists %s, which the worker does not register", name)
		}
	}
}

func addDesc(t *testing.T, out map[string][]string, d *prometheus.Desc) {
	m := descRE.FindStringSubmatch(d.String())
	if m == nil {
		t.Fatalf("cannot read %s", d)
	}
	var labels []string
	if m[2] != "" {
		labels = strings.Split(m[2], ",")
	}
	out[m[1]] = labels
}

// registered returns the descriptors of everything registered on reg.
func registered(reg *prometheus.Registry) []*prometheus.Desc {
	ch := make(chan *prometheus.Desc, 100)
	go func() {
		reg.Describe(ch)
		close(ch)
	}()
	var out []*prometheus.Desc
	for d := range ch {
		out = append(out, d)
	}
	return out
}

func sorted(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}

// Package politeness paces requests per host across every worker, through
// a GCRA limiter in Redis (github.com/go-redis/redis_rate).
package politeness

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/keys"
)

// Limiter allows a fixed rate of requests per host.
type Limiter struct {
	rl    *redis_rate.Limiter
	keys  keys.Keys
	limit redis_rate.Limit
}

// New returns a limiter allowing perMinute requests a minute to each host,
// with a burst of burst. perMinute ≤ 0 means 60; burst ≤ 0 means 1.
func New(rdb redis.UniversalClient, k keys.Keys, perMinute, burst int) *Limiter {
	if perMinute <= 0 {
		perMinute = 60
	}
	if burst <= 0 {
		burst = 1
	}
	// redis_rate's PerMinute allows a burst of the whole minute's budget;
	// politeness wants the requests spread out.
	lim := redis_rate.PerMinute(perMinute)
	lim.Burst = burst
	return &Limiter{rl: redis_rate.NewLimiter(rdb), keys: k, limit: lim}
}

// Wait takes one request from host's budget. It returns zero when the
// request may go now, else how long to wait before trying again.
func (l *Limiter) Wait(ctx context.Context, host string) (d time.Duration, err error) {
	res, err := l.rl.Allow(ctx, l.keys.HostRate(strings.ToLower(host)), l.limit)
	if err != nil {
		return 0, fmt.Errorf("rate limit %s: %w", host, err)
	}
	if res.Allowed > 0 {
		return 0, nil
	}
	return res.RetryAfter, nil
}

// Package redisconn turns copydesk's Redis settings into one shared
// go-redis UniversalClient (single node, Sentinel or Cluster), and provides
// the embedded in-memory fallback used when no Redis is at hand.
package redisconn

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
	"go.uber.org/zap"
)

// DefaultAddr is where copydesk looks for Redis when REDIS_URL is unset.
const DefaultAddr = "127.0.0.1:6379"

// Config says how to reach Redis. Exactly one of URL, Cluster or Sentinels
// is normally set; with none, DefaultAddr is tried and, when AllowEmbedded is
// true and nothing answers there, an embedded server is started on it.
type Config struct {
	// URL is a redis://, rediss://, redis-sentinel:// or redis-cluster:// URL.
	URL string
	// DefaultAddr is used when URL is empty; "" means DefaultAddr.
	DefaultAddr string
	// AllowEmbedded permits the in-memory fallback when URL is empty and
	// nothing answers on DefaultAddr. It is never used when URL is set.
	AllowEmbedded bool
	// PoolSize is the go-redis pool size per node; 0 means go-redis' default.
	PoolSize int
	// CAFile, when set, is a PEM file of the CAs trusted for rediss://
	// (instead of the system roots, which fetches keep using).
	CAFile string
}

// Options parses a Redis URL into go-redis universal options. Unlike
// asynq.ParseRedisURI it keeps the ACL username. Supported forms:
//
//	redis://[user:pass@]host:port[/db]
//	rediss://[user:pass@]host:port[/db]            (TLS)
//	redis-sentinel://[user:pass@]h1:26379,h2:26379[/db]?master=NAME[&sentinel_password=P]
//	redis-cluster://[user:pass@]h1:7000,h2:7001[?tls=true]
func Options(raw string) (*redis.UniversalOptions, error) {
	// net/url refuses "h1:1,h2:2" as a host, so lift the host list out
	// first and parse the rest with a placeholder host.
	hostList, rest, err := splitHosts(raw)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(rest)
	if err != nil {
		return nil, fmt.Errorf("parse redis url: %w", err)
	}
	u.Host = hostList
	o := &redis.UniversalOptions{}
	if u.User != nil {
		o.Username = u.User.Username()
		o.Password, _ = u.User.Password()
	}
	q := u.Query()
	db := 0
	if p := strings.Trim(u.Path, "/"); p != "" {
		db, err = strconv.Atoi(p)
		if err != nil || db < 0 {
			return nil, fmt.Errorf("parse redis url: bad database %q", p)
		}
	}
	o.DB = db
	hosts := strings.Split(u.Host, ",")
	for _, h := range hosts {
		if h == "" {
			return nil, errors.New("parse redis url: empty host")
		}
		if _, _, err := net.SplitHostPort(h); err != nil {
			h = net.JoinHostPort(h, defaultPort(u.Scheme))
		}
		o.Addrs = append(o.Addrs, h)
	}
	switch u.Scheme {
	case "redis":
		if len(o.Addrs) != 1 {
			return nil, errors.New("parse redis url: redis:// takes one host; use redis-cluster:// or redis-sentinel://")
		}
	case "rediss":
		if len(o.Addrs) != 1 {
			return nil, errors.New("parse redis url: rediss:// takes one host")
		}
		host, _, _ := net.SplitHostPort(o.Addrs[0])
		o.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, ServerName: host}
	case "redis-sentinel":
		o.MasterName = q.Get("master")
		if o.MasterName == "" {
			return nil, errors.New("parse redis url: redis-sentinel:// needs ?master=NAME")
		}
		o.SentinelPassword = q.Get("sentinel_password")
		o.SentinelUsername = q.Get("sentinel_username")
	case "redis-cluster":
		o.IsClusterMode = true
		if db != 0 {
			return nil, errors.New("parse redis url: a cluster has only database 0")
		}
	default:
		return nil, fmt.Errorf("parse redis url: unsupported scheme %q", u.Scheme)
	}
	if q.Get("tls") == "true" && o.TLSConfig == nil {
		host, _, _ := net.SplitHostPort(o.Addrs[0])
		o.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, ServerName: host}
	}
	return o, nil
}

// splitHosts returns the host list of raw and raw with it replaced by "h".
func splitHosts(raw string) (string, string, error) {
	scheme, after, ok := strings.Cut(raw, "://")
	if !ok {
		return "", "", fmt.Errorf("parse redis url: %q has no scheme", raw)
	}
	end := strings.IndexAny(after, "/?#")
	if end < 0 {
		end = len(after)
	}
	auth := after[:end]
	userinfo := ""
	if at := strings.LastIndex(auth, "@"); at >= 0 {
		userinfo, auth = auth[:at+1], auth[at+1:]
	}
	return auth, scheme + "://" + userinfo + "h" + after[end:], nil
}

func defaultPort(scheme string) string {
	if scheme == "redis-sentinel" {
		return "26379"
	}
	return "6379"
}

// Conn is a connected client and, when the fallback was used, the embedded
// server behind it.
type Conn struct {
	Client   redis.UniversalClient
	Embedded bool
	Addr     string

	stop func()
}

// Close closes the client and stops the embedded server, if any.
func (c *Conn) Close() error {
	err := c.Client.Close()
	if c.stop != nil {
		c.stop()
	}
	return err
}

// Connect builds the client described by cfg and checks that Redis answers.
func Connect(ctx context.Context, cfg Config, log *zap.Logger) (*Conn, error) {
	if log == nil {
		log = zap.NewNop()
	}
	if cfg.URL != "" {
		o, err := Options(cfg.URL)
		if err != nil {
			return nil, err
		}
		o.PoolSize = cfg.PoolSize
		if cfg.CAFile != "" {
			if o.TLSConfig == nil {
				return nil, errors.New("a Redis CA file needs a rediss:// URL (or ?tls=true)")
			}
			pem, err := os.ReadFile(cfg.CAFile)
			if err != nil {
				return nil, fmt.Errorf("redis CA: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("redis CA %s: no PEM certificates", cfg.CAFile)
			}
			o.TLSConfig.RootCAs = pool
		}
		c := redis.NewUniversalClient(o)
		if err := Ping(ctx, c); err != nil {
			_ = c.Close()
			return nil, err
		}
		return &Conn{Client: c, Addr: strings.Join(o.Addrs, ",")}, nil
	}
	addr := cfg.DefaultAddr
	if addr == "" {
		addr = DefaultAddr
	}
	// Probe once, quickly: the fallback must not wait out go-redis retries.
	probe := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: time.Second, PoolSize: 1})
	err := Ping(ctx, probe)
	_ = probe.Close()
	if err == nil {
		return &Conn{Client: redis.NewClient(&redis.Options{Addr: addr, PoolSize: cfg.PoolSize}), Addr: addr}, nil
	}
	if !cfg.AllowEmbedded {
		return nil, err
	}
	stop, err := startEmbedded(addr)
	if err != nil {
		return nil, fmt.Errorf("start embedded redis on %s: %w", addr, err)
	}
	log.Warn("NO REDIS FOUND: started an embedded in-memory Redis for trying copydesk out. "+
		"It is not for production and LOSES EVERYTHING ON EXIT. Set REDIS_URL to use a real Redis.",
		zap.String("addr", addr))
	c := redis.NewClient(&redis.Options{Addr: addr, PoolSize: cfg.PoolSize})
	if err := Ping(ctx, c); err != nil {
		_ = c.Close()
		stop()
		return nil, err
	}
	return &Conn{Client: c, Embedded: true, Addr: addr, stop: stop}, nil
}

// Ping checks that Redis answers within a few seconds.
func Ping(ctx context.Context, c redis.UniversalClient) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redis unreachable: %w", err)
	}
	return nil
}

// startEmbedded runs miniredis on addr. ClockTTL stays off (with it on,
// every command scans all keys); a ticker advances TTLs every 250 ms instead.
func startEmbedded(addr string) (func(), error) {
	m := miniredis.NewMiniRedis()
	if err := m.StartAddr(addr); err != nil {
		return nil, err
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				m.FastForward(250 * time.Millisecond)
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		m.Close()
	}, nil
}

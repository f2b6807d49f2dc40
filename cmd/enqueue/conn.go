package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/copydesk/copydesk/internal/asynqx"
	"github.com/copydesk/copydesk/internal/redisconn"
	"github.com/copydesk/copydesk/internal/store"
	"github.com/copydesk/copydesk/tasks"
)

// session is an open connection with the clients built on it.
type session struct {
	rdb       redis.UniversalClient
	client    *asynq.Client
	inspector *asynq.Inspector
	store     *store.Store
}

func (s *session) Close() {
	s.client.Close()
	s.rdb.Close()
}

func (s *session) submitter() *tasks.Submitter {
	return &tasks.Submitter{Client: s.client, Inspector: s.inspector, Lookup: s.store.ArticleForTask,
		LookupMany: s.store.ArticlesForTasks, Bulk: asynqx.New(s.rdb)}
}

// connect opens Redis from REDIS_URL (default 127.0.0.1:6379). enqueue
// never starts an embedded server: it reaches the worker's on loopback.
func (c *cli) connect(ctx context.Context) (*session, error) {
	conn, err := redisconn.Connect(ctx, redisconn.Config{URL: c.getenv("REDIS_URL"), CAFile: c.getenv("COPYDESK_REDIS_CA")}, nil)
	if err != nil {
		return nil, err
	}
	rdb := conn.Client
	return &session{
		rdb:       rdb,
		client:    asynq.NewClientFromRedisClient(rdb),
		inspector: asynq.NewInspectorFromRedisClient(rdb),
		store:     store.New(rdb, store.Config{Prefix: c.getenv("COPYDESK_PREFIX")}),
	}, nil
}

// unreachable reports whether err means Redis could not be reached. asynq
// turns script errors into plain text, so when err carries no network
// error, Redis is pinged to tell a dead server from a refused request.
func (s *session) unreachable(ctx context.Context, err error) bool {
	var ne net.Error
	var oe *net.OpError
	if errors.As(err, &ne) || errors.As(err, &oe) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, redis.ErrClosed) {
		return true
	}
	return redisconn.Ping(ctx, s.rdb) != nil
}

func (c *cli) fail(code int, format string, args ...any) int {
	fmt.Fprintf(c.stderr, "enqueue: "+format+"\n", args...)
	return code
}

func redisErr(err error) string {
	if strings.HasPrefix(err.Error(), "redis unreachable") {
		return err.Error() // redisconn.Ping's own words
	}
	return fmt.Sprintf("redis unreachable: %v", err)
}

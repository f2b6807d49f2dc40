package redisconn_test

import (
	"context"
	"strings"
	"testing"

	"go.uber.org/zap/zaptest"

	"github.com/copydesk/copydesk/internal/redisconn"
	"github.com/copydesk/copydesk/internal/testkit"
)

func TestOptions(t *testing.T) {
	o, err := redisconn.Options("redis://copy:s3cret@127.0.0.1:6380/2")
	if err != nil {
		t.Fatal(err)
	}
	if o.Username != "copy" || o.Password != "s3cret" || o.DB != 2 || o.Addrs[0] != "127.0.0.1:6380" || o.TLSConfig != nil {
		t.Errorf("redis:// parsed as %+v (the ACL username must survive)", o)
	}
	o, err = redisconn.Options("rediss://localhost")
	if err != nil || o.TLSConfig == nil || o.Addrs[0] != "localhost:6379" || o.TLSConfig.ServerName != "localhost" {
		t.Errorf("rediss:// parsed as %+v, %v", o, err)
	}
	o, err = redisconn.Options("redis-sentinel://:pw@h1:26379,h2?master=main")
	if err != nil || o.MasterName != "main" || len(o.Addrs) != 2 || o.Addrs[1] != "h2:26379" {
		t.Errorf("sentinel parsed as %+v, %v", o, err)
	}
	o, err = redisconn.Options("redis-cluster://a:7000,b:7001")
	if err != nil || !o.IsClusterMode || len(o.Addrs) != 2 {
		t.Errorf("cluster parsed as %+v, %v", o, err)
	}
	for _, bad := range []string{"http://x", "redis://a,b", "redis-sentinel://h1", "redis://h/x", "redis-cluster://a/3"} {
		if _, err := redisconn.Options(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestConnectFallsBackOnlyWithoutURL(t *testing.T) {
	ctx := context.Background()
	addr := testkit.FreeAddr(t)
	conn, err := redisconn.Connect(ctx, redisconn.Config{DefaultAddr: addr, AllowEmbedded: true}, zaptest.NewLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	if !conn.Embedded {
		t.Fatal("expected the embedded server")
	}
	if err := conn.Client.Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	conn.Close()

	// With a URL set, an unreachable server is an error, never a fallback.
	_, err = redisconn.Connect(ctx, redisconn.Config{URL: "redis://" + testkit.FreeAddr(t), AllowEmbedded: true}, zaptest.NewLogger(t))
	if err == nil || !strings.Contains(err.Error(), "unreachable") {
		t.Fatalf("unreachable URL: %v", err)
	}
	// The real server is used when it answers.
	conn, err = redisconn.Connect(ctx, redisconn.Config{DefaultAddr: testkit.Addr(), AllowEmbedded: true}, zaptest.NewLogger(t))
	if err != nil || conn.Embedded {
		t.Fatalf("real redis: embedded=%v err=%v", conn != nil && conn.Embedded, err)
	}
	conn.Close()
}

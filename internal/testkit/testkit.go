// Package testkit isolates tests that share the local Redis: a unique key
// prefix and unique asynq queue names per test, deleted afterwards. It also
// guards network access so that tests can only ever dial loopback.
package testkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Addr is the shared Redis the tests use; REDIS_TEST_ADDR overrides it.
func Addr() string {
	if a := os.Getenv("REDIS_TEST_ADDR"); a != "" {
		return a
	}
	return "127.0.0.1:6379"
}

// Unique returns a short random name part.
func Unique() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Redis returns a client on the shared server and a unique key prefix;
// every key under the prefix is deleted when the test ends. The test fails
// at once if Redis does not answer.
func Redis(t testing.TB) (*redis.Client, string) {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: Addr()})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := c.Ping(ctx).Err(); err != nil {
		t.Fatalf("redis at %s: %v (run the tests through .ci/run, which starts it)", Addr(), err)
	}
	prefix := "cdtest:" + Unique() + ":"
	t.Cleanup(func() {
		DeletePattern(c, prefix+"*")
		DeletePattern(c, "rate:"+prefix+"*")
		c.Close()
	})
	return c, prefix
}

// Queue returns a unique asynq queue name; its asynq keys are deleted when
// the test ends.
func Queue(t testing.TB, c *redis.Client) string {
	t.Helper()
	q := "t" + Unique()
	t.Cleanup(func() { DeleteQueue(c, q) })
	return q
}

// DeleteQueue removes every asynq key of queue q.
func DeleteQueue(c *redis.Client, q string) {
	ctx := context.Background()
	DeletePattern(c, "asynq:{"+q+"}*")
	c.SRem(ctx, "asynq:queues", q)
}

// DeletePattern deletes keys matching pattern with SCAN (tests only).
func DeletePattern(c *redis.Client, pattern string) {
	ctx := context.Background()
	iter := c.Scan(ctx, 0, pattern, 500).Iterator()
	var batch []string
	for iter.Next(ctx) {
		batch = append(batch, iter.Val())
		if len(batch) == 500 {
			c.Del(ctx, batch...)
			batch = batch[:0]
		}
	}
	if len(batch) > 0 {
		c.Del(ctx, batch...)
	}
}

// LoopbackOnly returns a net.Dialer Control function that fails the test
// on any attempt to dial a non-loopback address.
func LoopbackOnly(t testing.TB) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			t.Errorf("dial %s %s: %v", network, address, err)
			return err
		}
		ip := net.ParseIP(host)
		if ip == nil || !ip.IsLoopback() {
			t.Errorf("test tried to dial non-loopback address %s", address)
			return fmt.Errorf("non-loopback dial to %s refused by test guard", address)
		}
		return nil
	}
}

// HTTPClient returns an HTTP client that can only reach loopback.
func HTTPClient(t testing.TB) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second, Control: LoopbackOnly(t)}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: d.DialContext, Proxy: nil}}
}

// FreeAddr returns a loopback address with a port free at the time of the
// call.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// Eventually polls cond every 20 ms until it is true or timeout passes.
func Eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("timed out after %s waiting for %s", timeout, what)
}

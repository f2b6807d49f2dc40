package scaletest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisNode is one redis-server (or sentinel) process of a test.
type redisNode struct {
	*process
	port int
	addr string
	dir  string
}

// startRedis runs redis-server on a free loopback port with conf lines
// added to a minimal configuration, in its own temporary directory, and
// waits until it answers PING. With sentinel set it runs in sentinel mode.
func startRedis(t *testing.T, name string, sentinel bool, conf ...string) *redisNode {
	t.Helper()
	port := freePort(t)
	dir := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	base := []string{
		"bind 127.0.0.1",
		"port " + strconv.Itoa(port),
		"dir " + dir,
		"daemonize no",
		`logfile ""`,
	}
	if !sentinel {
		base = append(base, `save ""`, "appendonly no", "protected-mode yes")
	}
	// Later lines override earlier ones.
	lines := append(base, conf...)
	path := filepath.Join(dir, name+".conf")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{path}
	if sentinel {
		args = append(args, "--sentinel")
	}
	n := &redisNode{port: port, addr: fmt.Sprintf("127.0.0.1:%d", port), dir: dir}
	n.process = start(t, name, nil, "redis-server", args...)
	c := n.client(t)
	defer c.Close()
	eventually(t, 10*time.Second, name+" PING", func() bool {
		if n.exited() {
			t.Fatalf("%s exited: %v\n%s", name, n.err, n.log.String())
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		return c.Ping(ctx).Err() == nil
	})
	return n
}

// client returns a plain client on the node (closed by the caller).
func (n *redisNode) client(t *testing.T) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: n.addr, Dialer: dialer(t), MaxRetries: -1,
		DialTimeout: time.Second, ReadTimeout: 2 * time.Second, PoolSize: 2})
}

// cluster is a Redis Cluster of masters only.
type cluster struct {
	nodes []*redisNode
}

// url is the worker's REDIS_URL for the cluster.
func (c *cluster) url() string {
	addrs := make([]string, len(c.nodes))
	for i, n := range c.nodes {
		addrs[i] = n.addr
	}
	return "redis-cluster://" + strings.Join(addrs, ",")
}

// startCluster starts masters cluster-enabled nodes, splits the 16384
// slots evenly between them, joins them with CLUSTER MEET and waits for
// cluster_state:ok on every node. The bus ports are chosen free as well
// (cluster-port), rather than the port+10000 default.
func startCluster(t *testing.T, masters int) *cluster {
	t.Helper()
	cl := &cluster{}
	buses := make([]int, masters)
	for i := 0; i < masters; i++ {
		buses[i] = freePort(t)
		cl.nodes = append(cl.nodes, startRedis(t, fmt.Sprintf("cluster-%d", i), false,
			"cluster-enabled yes",
			"cluster-config-file nodes.conf",
			"cluster-node-timeout 5000",
			"cluster-port "+strconv.Itoa(buses[i]),
		))
	}
	ctx := context.Background()
	const slots = 16384
	for i, n := range cl.nodes {
		c := n.client(t)
		lo, hi := i*slots/masters, (i+1)*slots/masters-1
		if err := c.Do(ctx, "CLUSTER", "ADDSLOTSRANGE", lo, hi).Err(); err != nil {
			t.Fatalf("%s: CLUSTER ADDSLOTSRANGE %d %d: %v", n.name, lo, hi, err)
		}
		if err := c.Do(ctx, "CLUSTER", "SET-CONFIG-EPOCH", i+1).Err(); err != nil {
			t.Fatalf("%s: CLUSTER SET-CONFIG-EPOCH: %v", n.name, err)
		}
		c.Close()
	}
	first := cl.nodes[0].client(t)
	defer first.Close()
	for i, n := range cl.nodes[1:] {
		if err := first.Do(ctx, "CLUSTER", "MEET", "127.0.0.1", n.port, buses[i+1]).Err(); err != nil {
			t.Fatalf("CLUSTER MEET %s: %v", n.addr, err)
		}
	}
	for _, n := range cl.nodes {
		c := n.client(t)
		eventually(t, 30*time.Second, n.name+" cluster_state:ok", func() bool {
			info, err := c.ClusterInfo(ctx).Result()
			return err == nil && strings.Contains(info, "cluster_state:ok") &&
				strings.Contains(info, "cluster_known_nodes:"+strconv.Itoa(masters))
		})
		c.Close()
	}
	return cl
}

// client returns a cluster client on all nodes (closed when the test ends).
func (c *cluster) client(t *testing.T) *redis.ClusterClient {
	addrs := make([]string, len(c.nodes))
	for i, n := range c.nodes {
		addrs[i] = n.addr
	}
	cc := redis.NewClusterClient(&redis.ClusterOptions{Addrs: addrs, Dialer: dialer(t)})
	t.Cleanup(func() { cc.Close() })
	return cc
}

// recordsPerNode lists the record keys on each node.
func (c *cluster) recordsPerNode(t *testing.T) [][]string {
	t.Helper()
	out := make([][]string, len(c.nodes))
	for i, n := range c.nodes {
		cl := n.client(t)
		keys, err := scanRecords(context.Background(), cl)
		cl.Close()
		if err != nil {
			t.Fatalf("scan %s: %v", n.name, err)
		}
		out[i] = keys
	}
	return out
}

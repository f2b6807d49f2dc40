// Package scaletest holds the tests that run copydesk against the Redis
// topologies of "Scaling out" in the design: a three-master Redis Cluster
// and a Sentinel-managed primary with a replica, failed over mid-run.
//
// The tests start their own redis-server processes on free loopback ports
// (in temporary directories, stopped when the test ends) and never touch
// the shared Redis on 127.0.0.1:6379. They build and run the real worker
// and enqueue binaries. They are skipped when redis-server is not
// installed. The package has no non-test code.
package scaletest

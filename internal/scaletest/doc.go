// Package scaletest holds the tests that run copydesk against the Redis
// topologies of "Scaling out" in the design: a three-master Redis Cluster,
// and a Sentinel-managed primary with a replica, failed over mid-run. It
// also checks what a producer sees when its Redis dies under `enqueue
// batch`.
//
// The tests start their own redis-server processes on free loopback ports
// (in temporary directories, stopped when the test ends) and never touch
// the shared Redis on 127.0.0.1:6379. They build and run the real worker
// and enqueue binaries. They are skipped when redis-server is not
// installed. The package has no non-test code; bench/scale.sh measures how
// throughput scales on the same topologies.
package scaletest

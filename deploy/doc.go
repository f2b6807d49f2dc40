// Package deploy holds copydesk's deployment artifacts: the container image
// (Dockerfile), a Compose file, Kubernetes manifests, a systemd unit, a crontab
// example, the feed schedule example, Prometheus alert rules and a Grafana
// dashboard. It has no code; its tests check that the artifacts parse and agree
// with the binaries' flags, endpoints and metric names.
package deploy

// Package e2e holds end-to-end tests: the real worker and enqueue binaries
// against the real Redis on loopback, with HTTP servers on loopback only.
package e2e

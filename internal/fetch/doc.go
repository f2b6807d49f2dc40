// Package fetch is an HTTP client that is safe to point at URLs other
// services send us.
//
// Every connection is checked after DNS resolution, right before the dial,
// against the rules of code.dny.dev/ssrf: loopback, private, link-local,
// CGNAT, multicast, unspecified, documentation, NAT64, 6to4 and other
// special-purpose addresses are refused, so DNS rebinding cannot slip a
// private address past an earlier check. Proxies from the environment are
// ignored (the proxy's address would be the one checked). Every redirect is
// validated again, bodies are capped after decompression, the media type is
// checked before the body is read, and the body is decoded to UTF-8.
//
// Failures are *Error values with a Class, so that callers can tell a
// permanent failure (IsPermanent) from one worth retrying, and honour a
// server's Retry-After (RetryAfterOf).
package fetch

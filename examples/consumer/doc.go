// Command consumer is an example reader of copydesk's event stream. It joins
// a consumer group on {prefix}events, fetches the record of every announced
// article from {prefix}article:{ID} and prints one line per article:
//
//	2d4a2cf613cdac3d  Putin arrives in North Korea  entities=31  duplicate_of=-
//
// Delivery is at least once: the consumer acknowledges an entry only after
// handling it, reclaims entries left pending by a consumer that crashed
// (XAUTOCLAIM, idle for at least a minute), and skips repeats of the same
// (id, content_hash) with a bounded LRU. See README.md.
//
// Usage:
//
//	go run ./examples/consumer [-redis 127.0.0.1:6379] [-prefix copydesk:] [-group example] [-consumer HOSTNAME]
//
// It stops on SIGINT or SIGTERM after the entry in hand, within two seconds.
package main

// Package store is the only code that reads and writes copydesk records in
// Redis: the record itself, the TaskID → article id map, the entity,
// near-duplicate and content indexes, and the events stream.
//
// A record write is atomic on the article's own slot (its keys share the
// article id as Redis Cluster hash tag). Indexes and the event follow on
// other slots; every step is idempotent, so a retry after a partial write
// repairs it. Events are at least once: consumers dedupe on (id,
// content_hash).
package store

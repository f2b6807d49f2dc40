// Package keys is the one place that names copydesk's Redis keys.
//
// Every key starts with a configurable prefix ("copydesk:" by default). The
// part in braces is the Redis Cluster hash tag: all keys of one article share
// the article id as their tag, so the record write stays on one slot and can
// be atomic. asynq's own keys are asynq's and ignore this prefix.
package keys

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// DefaultPrefix is the key prefix used when none is configured.
const DefaultPrefix = "copydesk:"

// Keys builds key names under one prefix. The zero value uses no prefix;
// use New.
type Keys struct {
	prefix string
}

// New returns a key builder for prefix. An empty prefix means DefaultPrefix.
func New(prefix string) Keys {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	return Keys{prefix: prefix}
}

// Prefix returns the prefix every key starts with.
func (k Keys) Prefix() string { return k.prefix }

// Article is the string key holding the JSON record of article id.
func (k Keys) Article(id string) string { return k.prefix + "article:{" + id + "}" }

// Announced holds the content hash last announced on the events stream for
// article id. It shares the article's hash tag.
func (k Keys) Announced(id string) string { return k.prefix + "article:{" + id + "}:announced" }

// Fingerprint holds the small summary of article id that near-duplicate
// checks read instead of the whole record. It shares the article's tag.
func (k Keys) Fingerprint(id string) string { return k.prefix + "article:{" + id + "}:fp" }

// Task maps an asynq TaskID to the article id it produced (with a TTL).
func (k Keys) Task(taskID string) string { return k.prefix + "task:{" + taskID + "}" }

// Entity is the sorted set of article ids mentioning an entity, scored by
// published (else processed) time in Unix seconds.
func (k Keys) Entity(typ, canonical string) string {
	return k.prefix + "entity:{" + typ + ":" + canonical + "}"
}

// EntityCounts is the sorted set of the canonical names of one type, scored
// by the time they were last seen (Unix seconds); "top entities" queries
// walk it and count each name's articles in the window.
func (k Keys) EntityCounts(typ string) string { return k.prefix + "entities:{" + typ + "}" }

// SimHash is the set of article ids whose SimHash has value in band.
func (k Keys) SimHash(band int, value string) string {
	return k.prefix + "simhash:{" + strconv.Itoa(band) + "}:" + value
}

// Content maps an exact content hash to the first article id seen with it.
func (k Keys) Content(contentHash string) string { return k.prefix + "content:{" + contentHash + "}" }

// Story is the sorted set of article ids grouped under story id.
func (k Keys) Story(id string) string { return k.prefix + "story:{" + id + "}" }

// Feed is the hash holding a feed's ETag, Last-Modified and last poll time.
func (k Keys) Feed(feedHash string) string { return k.prefix + "feed:{" + feedHash + "}" }

// Seen is the set of item keys of a feed already enqueued.
func (k Keys) Seen(feedHash string) string { return k.prefix + "seen:{" + feedHash + "}" }

// Events is the Redis Stream announcing new and changed records.
func (k Keys) Events() string { return k.prefix + "events" }

// HostRate is the per-host politeness limiter key of host (the GCRA
// limiter adds its own "rate:" in front).
func (k Keys) HostRate(host string) string { return k.prefix + "host:{" + host + "}" }

// Attempts counts how many times a task started, for the quarantine of
// tasks that crash the worker.
func (k Keys) Attempts(taskID string) string { return k.prefix + "attempts:{" + taskID + "}" }

// Quarantine is the hash of quarantined task ids to the reason.
func (k Keys) Quarantine() string { return k.prefix + "quarantine" }

// SchedulerLock is the lock held by the one scheduler allowed to fire.
func (k Keys) SchedulerLock() string { return k.prefix + "scheduler:lock" }

// MaintenanceLock is held by the one worker running the periodic trim.
func (k Keys) MaintenanceLock() string { return k.prefix + "maintenance:lock" }

// QueuePattern is the rule for asynq queue names. asynq puts a queue's name
// inside the hash tag of its keys, so a name with braces breaks Redis
// Cluster (CROSSSLOT) and stalls the other queues on that server.
const QueuePattern = `^[a-z0-9:._-]+$`

// ValidQueue reports whether name matches QueuePattern.
func ValidQueue(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == ':' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// DefaultQueues is the worker's queue list when COPYDESK_QUEUES is unset.
const DefaultQueues = "critical=6,default=3,low=1"

// ParseQueues parses a queue list, "name=weight,name=weight" (a missing
// weight is 1), as the worker's --queues and COPYDESK_QUEUES take it.
func ParseQueues(s string) (map[string]int, error) {
	out := map[string]int{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, w, ok := strings.Cut(part, "=")
		weight := 1
		if ok {
			n, err := strconv.Atoi(w)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("queue %q: weight must be a positive integer", name)
			}
			weight = n
		}
		if !ValidQueue(name) {
			return nil, fmt.Errorf("queue %q: names must match %s", name, QueuePattern)
		}
		out[name] = weight
	}
	if len(out) == 0 {
		return nil, errors.New("no queues configured")
	}
	return out, nil
}

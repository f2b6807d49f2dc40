// Package chaos holds copydesk's reliability and security tests. It has no
// code of its own: everything is in its _test.go files, which build the real
// worker binary and attack it from outside.
//
// Fast tier (runs with every `go test ./...`, against the Redis on
// 127.0.0.1:6379 with a unique key prefix and unique queue names, or against
// redis-server processes the tests start on free loopback ports):
//
//   - TestMalformedPayloads: 1000 generated hostile payloads over the three
//     task types are archived on their first attempt with a reason naming the
//     problem; the worker never exits and writes nothing.
//   - TestEveryStoredStringIsValidUTF8: odd bytes and encodings (through
//     article:process and through article:fetch of a loopback server) never
//     leave an invalid UTF-8 string in Redis.
//   - TestQuarantineAfterRealKills: the worker is SIGKILLed three times
//     while it runs the same task; the fourth start archives it with the
//     quarantine reason, and the innocent tasks beside it are stored. asynq's
//     lease expiry is brought forward in its lease set so that this takes
//     seconds, not minutes.
//   - TestAdminAuth and TestRedisACLAndTLS: the admin surface's bearer token,
//     and the worker as a least-privilege ACL user over TLS.
//
// Chaos tier (minutes; skipped unless COPYDESK_CHAOS=1):
//
//	COPYDESK_CHAOS=1 go test -count=1 -timeout 60m -v -run 'TestKillAndRestart|TestRedisBlip|TestPoisonKillLoop' ./internal/chaos/
//
// or bash bench/chaos.sh, which runs the same command and keeps the log.
//
//   - TestKillAndRestart: 500 articles, two worker processes, six SIGKILLs
//     of workers, one SIGKILL of an append-only Redis, and malformed payloads:
//     nothing is lost, every record is stored once and identically, and the
//     queue drains within a bound. Its negative control runs the same faults
//     on a Redis without persistence and must report the loss.
//   - TestRedisBlip: Redis stops for 2 s mid-run; nothing is lost and the
//     time the queue takes to drain is measured and bounded.
//   - TestPoisonKillLoop: the same crash loop, waiting for asynq's own
//     lease recovery (60–120 s per crash).
//
// Every test starts its own processes with directories under t.TempDir() and
// stops them in t.Cleanup; all of them dial loopback only.
package chaos

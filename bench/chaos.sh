#!/usr/bin/env bash
# Runs copydesk's chaos tier: worker SIGKILLs and a Redis SIGKILL with AOF
# (and the same run without persistence, which must report loss), a 2 s
# Redis outage, and a task that crashes the worker until it is quarantined.
# It takes 10-20 minutes and needs redis-server on PATH (each test starts
# its own on a free loopback port). The log goes to $CHAOS_LOG (default
# /tmp/copydesk-chaos.log); the figures are on the lines with RESULT.
#
#   bash bench/chaos.sh            # the whole chaos tier
#   bash bench/chaos.sh TestRedisBlip   # one test
set -euo pipefail
cd "$(dirname "$0")/.."
run="${1:-TestKillAndRestart|TestRedisBlip|TestPoisonKillLoop}"
log="${CHAOS_LOG:-${TMPDIR:-/tmp}/copydesk-chaos.log}"
set +e
COPYDESK_CHAOS=1 go test -count=1 -timeout 60m -v -run "$run" ./internal/chaos/ 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo
echo "figures:"
grep 'RESULT' "$log" | sed 's/^ *//' || true
exit "$status"

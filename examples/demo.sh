#!/usr/bin/env bash
# The README's first command: build copydesk, start the worker, enqueue the
# seed article, print the stored record, stop the worker.
#
# With REDIS_URL unset the worker uses 127.0.0.1:6379, or starts an embedded
# in-memory server there when nothing answers (for trying it out only).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bin
go build -o bin/ ./cmd/worker ./cmd/enqueue

addr="${COPYDESK_DEFAULT_REDIS_ADDR:-127.0.0.1:6379}"
export REDIS_URL_FOR_ENQUEUE="${REDIS_URL:-redis://$addr}"
log="$(mktemp -t copydesk-worker.XXXXXX.log)"

bin/worker --log-format console >"$log" 2>&1 &
worker=$!
trap 'kill -TERM $worker 2>/dev/null || true; wait $worker 2>/dev/null || true' EXIT

# Wait for the worker (or its embedded Redis) to be up.
for _ in $(seq 1 100); do
  grep -q "worker started" "$log" && break
  kill -0 $worker 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
grep -i "embedded" "$log" | head -n 1 >&2 || true

echo "enqueue: examples/seed-putin-north-korea.txt" >&2
REDIS_URL="$REDIS_URL_FOR_ENQUEUE" bin/enqueue article --wait --wait-timeout 60s \
  examples/seed-putin-north-korea.txt
echo "worker log: $log" >&2

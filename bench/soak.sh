#!/usr/bin/env bash
# Soak test: run one worker (concurrency 50) against Redis at a steady rate
# for a while and sample its memory, goroutines and queue backlog.
#
#   bash bench/soak.sh [SECONDS=600] [RATE=300]     (articles per second)
#
# Uses the Redis at 127.0.0.1:6379 under a unique prefix and queue, deleted
# afterwards. Prints one line per 10 s and a summary: RSS and goroutines at
# the start of the steady state and at the end, and the backlog.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-600}"; rate="${2:-300}"
tmp="$(mktemp -d)"; q="soak$RANDOM$RANDOM"; prefix="cdsoak$RANDOM:"
go build -o "$tmp/" ./cmd/worker ./cmd/enqueue
export REDIS_URL=redis://127.0.0.1:6379 COPYDESK_PREFIX="$prefix"
"$tmp/worker" --queues "$q=1" --concurrency 50 --http-addr 127.0.0.1:18112 --log-level warn >"$tmp/worker.log" 2>&1 &
w=$!
cleanup() {
  kill -TERM $w 2>/dev/null || true; wait $w 2>/dev/null || true
  redis-cli --scan --pattern "${prefix}*" | xargs -r -d '\n' -n 500 redis-cli del >/dev/null
  redis-cli --scan --pattern "asynq:{$q}*" | xargs -r -d '\n' -n 500 redis-cli del >/dev/null
  redis-cli srem asynq:queues "$q" >/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
sleep 2
gen() { # gen OFFSET COUNT: distinct seed-derived articles
  python3 - "$1" "$2" <<'PY'
import json, random, sys
off, n = int(sys.argv[1]), int(sys.argv[2])
paras = open("examples/seed-putin-north-korea.txt").read().strip().split("\n\n")
r = random.Random(off)
for i in range(off, off + n):
    keep = [p for p in paras if r.random() < 0.7] + ["Reference %d." % i]
    print(json.dumps({"text": "\n\n".join(keep), "url": "https://soak.example/%d" % i}))
PY
}
start=$(date +%s); off=0; per=$((rate * 10))
echo "t_s rss_mb goroutines pending"
while [ $(( $(date +%s) - start )) -lt "$secs" ]; do
  tick=$(date +%s)
  gen $off $per | "$tmp/enqueue" batch --queue "$q" --quiet - >/dev/null 2>&1 || true
  off=$((off + per))
  rss=$(( $(ps -o rss= -p $w) / 1024 ))
  gor=$(curl -s 127.0.0.1:18112/metrics | awk '/^go_goroutines/ {print $2}')
  pend=$(redis-cli llen "asynq:{$q}:pending")
  echo "$(( $(date +%s) - start )) $rss $gor $pend"
  sleep $(( 10 - ($(date +%s) - tick) > 0 ? 10 - ($(date +%s) - tick) : 0 ))
done
echo "enqueued $off articles in ${secs}s"

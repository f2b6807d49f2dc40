#!/usr/bin/env bash
# Measures how copydesk's throughput scales with worker processes, against
# a single Redis and against a three-master Redis Cluster.
#
# For each topology and each worker count it starts that many worker
# processes (--servers 1 --concurrency 8 each) on a queue that `enqueue
# batch` has just filled with N distinct articles, and waits until the events
# stream holds N entries (one per stored record). The rate is taken over the
# middle 80% of those entries, from their stream ids (Redis' clock), so
# start-up, polling and stragglers do not count. Each point is the median of
# RUNS runs, each with fresh articles, queue and key prefix. The table gives
# the ratio to one worker and the CPU the workers and Redis used while they
# drained the queue (paused until all of them were up) (in cores: CPU seconds over wall seconds), which tells
# whether the machine rather than the design is the limit, together with how
# busy the whole machine was (all processes, other users' included) and the
# worker and Redis CPU spent per article; the last column is the rate of the
# `enqueue batch` that filled the queue.
#
# Everything runs on loopback: the script starts its own redis-server
# processes on free ports in a temporary directory and stops them, and the
# workers, on exit. It never touches 127.0.0.1:6379.
#
# Usage: bash bench/scale.sh [-n N] [-runs R] [-workers "1 2 4"] [-topologies "single cluster"]
# Needs: go, redis-server, redis-cli, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

n=2000
runs=3
worker_counts="1 2 4"
topologies="single cluster"
while [ $# -gt 0 ]; do
  case "$1" in
    -n) n="$2"; shift 2 ;;
    -runs) runs="$2"; shift 2 ;;
    -workers) worker_counts="$2"; shift 2 ;;
    -topologies) topologies="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^# Needs/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "scale.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
for tool in go redis-server redis-cli python3; do
  command -v "$tool" >/dev/null || { echo "scale.sh: $tool is required" >&2; exit 2; }
done

tmp="$(mktemp -d -t copydesk-scale.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "building worker and enqueue…" >&2
go build -o "$tmp/bin/" ./cmd/worker ./cmd/enqueue

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_redis NAME [CONFIG LINES…]: starts redis-server and sets $port and
# $pid. (Not in a subshell, so that the cleanup knows the process.)
start_redis() {
  local name="$1"; shift
  local dir
  port="$(free_port)"
  dir="$tmp/$name"
  mkdir -p "$dir"
  {
    echo "bind 127.0.0.1"
    echo "port $port"
    echo "dir $dir"
    echo 'save ""'
    echo "appendonly no"
    echo "daemonize no"
    printf '%s\n' "$@"
  } >"$dir/redis.conf"
  redis-server "$dir/redis.conf" >"$dir/log" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 1 100); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && return
    sleep 0.05
  done
  echo "scale.sh: redis $name did not start" >&2
  cat "$dir/log" >&2
  exit 1
}

# cpu_seconds PID…: CPU seconds (user+system) used so far by the processes.
clk="$(getconf CLK_TCK)"
cpu_seconds() {
  local total=0 pid t
  for pid in "$@"; do
    t="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"
    total=$((total + t))
  done
  python3 -c "print($total / $clk)"
}

# machine_jiffies: "busy total" jiffies of all CPUs so far, from /proc/stat.
machine_jiffies() {
  awk '/^cpu / {t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t}' /proc/stat
}

# The articles: the seed's paragraphs, a random 70% of them per article, a
# reference line and a URL of its own, so every article gets its own id.
gen_articles() { # COUNT LABEL FILE
  python3 - "$1" "$2" examples/seed-putin-north-korea.txt >"$3" <<'EOF'
import json, random, sys
count, label, seed = int(sys.argv[1]), sys.argv[2], sys.argv[3]
paras = [p.strip() for p in open(seed, encoding="utf-8").read().strip().split("\n\n")]
paras = [p for p in paras if p and not p.startswith((">>>", "Source:")) and p != "Leave a Reply"]
r = random.Random(label)
for i in range(count):
    keep = [p for p in paras if r.random() < 0.7]
    keep.append(f"Reference {label}-{i}.")
    print(json.dumps({"text": "\n\n".join(keep), "url": f"https://scale.example/{label}/{i}"}, ensure_ascii=False))
EOF
}

# measure TOPOLOGY WORKERS RUN REDIS_URL CLI_ARGS…: appends "topology workers
# run rate worker_cores redis_cores busy_percent cpu_ms_per_article
# enqueue_rate" to $results (CLI_ARGS reach redis-cli).
measure() {
  local topo="$1" workers="$2" run="$3" url="$4"; shift 4
  local label="$topo-$workers-$run-$RANDOM"
  local queue="scale.$topo.$workers.$run"
  local prefix="scale:$label:"
  local jsonl="$tmp/$label.jsonl"
  gen_articles "$n" "$label" "$jsonl"
  # The whole batch is queued before any worker starts, so that the
  # enqueue CLI does not compete with the workers for the CPU, and the
  # queue stays paused (the key asynq's Inspector.PauseQueue sets) until
  # every worker is up, so that they all start together.
  redis-cli "$@" set "asynq:{$queue}:paused" "$(date +%s)" >/dev/null
  REDIS_URL="$url" COPYDESK_PREFIX="$prefix" "$tmp/bin/enqueue" batch --queue "$queue" --quiet "$jsonl" \
    >"$tmp/$label.enqueue.out" 2>"$tmp/$label.enqueue.err" || { cat "$tmp/$label.enqueue.err" >&2; exit 1; }
  local wpids=() i
  for i in $(seq 1 "$workers"); do
    REDIS_URL="$url" COPYDESK_PREFIX="$prefix" "$tmp/bin/worker" --queues "$queue=1" --http-addr "" \
      --servers 1 --concurrency 8 >"$tmp/$label.worker$i.log" 2>&1 &
    wpids+=($!)
    pids+=($!)
  done
  for i in $(seq 1 "$workers"); do
    for _ in $(seq 1 400); do
      grep -q '"worker started"' "$tmp/$label.worker$i.log" && break
      kill -0 "${wpids[$((i - 1))]}" 2>/dev/null || { cat "$tmp/$label.worker$i.log" >&2; exit 1; }
      sleep 0.025
    done
  done
  local w0 r0 m0 t0 t1 len=0
  w0="$(cpu_seconds "${wpids[@]}")"
  r0="$(cpu_seconds "${redis_pids[@]}")"
  m0="$(machine_jiffies)"
  t0="$(date +%s.%N)"
  redis-cli "$@" del "asynq:{$queue}:paused" >/dev/null
  local deadline=$(( $(date +%s) + 600 ))
  while :; do
    len="$(redis-cli "$@" xlen "${prefix}events")"
    [ "$len" -ge "$n" ] && break
    [ "$(date +%s)" -lt "$deadline" ] || { echo "scale.sh: $label: only $len of $n records after 600 s" >&2; exit 1; }
    sleep 0.05
  done
  t1="$(date +%s.%N)"
  local w1 r1 m1
  w1="$(cpu_seconds "${wpids[@]}")"
  r1="$(cpu_seconds "${redis_pids[@]}")"
  m1="$(machine_jiffies)"
  for i in "${wpids[@]}"; do kill -TERM "$i" 2>/dev/null || true; done
  for i in "${wpids[@]}"; do wait "$i" 2>/dev/null || true; done
  # The rate is taken over the middle 80% of the events, from their stream
  # ids (Redis' clock, in ms): the workers' staggered start and the last
  # stragglers do not count.
  redis-cli "$@" xrange "${prefix}events" - + | grep -E '^[0-9]+-[0-9]+$' >"$tmp/$label.ids"
  local res
  res="$(python3 - "$tmp/$label.ids" "$tmp/$label.enqueue.err" <<PY
import json, sys
ms = [int(l.split("-")[0]) for l in open(sys.argv[1]) if l.strip()]
lo, hi = len(ms) // 10, len(ms) * 9 // 10
rate = (hi - lo) / ((ms[hi] - ms[lo]) / 1000)
el = $t1 - $t0
enq = json.loads(open(sys.argv[2]).read().strip().splitlines()[-1])["per_second"]
b0, a0 = map(int, "$m0".split())
b1, a1 = map(int, "$m1".split())
busy = 100 * (b1 - b0) / max(1, a1 - a0)
cpu_ms = 1000 * (($w1 - $w0) + ($r1 - $r0)) / $n
print(f"{rate:.1f} {($w1 - $w0) / el:.2f} {($r1 - $r0) / el:.2f} {busy:.0f} {cpu_ms:.2f} {enq:.0f}")
PY
)"
  echo "$topo $workers $run $res" >>"$results"
  echo "  $topo, $workers worker(s), run $run: $res (articles/s, worker cores, redis cores, machine busy %, CPU ms/article, enqueued/s)" >&2
}

echo "machine: $(nproc) CPUs; load average before: $(cut -d' ' -f1-3 /proc/loadavg); $n articles per run, median of $runs" >&2
results="$tmp/results"
: >"$results"
for topo in $topologies; do
  redis_pids=()
  case "$topo" in
    single)
      start_redis single
      redis_pids=("$pid")
      url="redis://127.0.0.1:$port"
      cli=(-p "$port")
      ;;
    cluster)
      addrs=()
      for i in 1 2 3; do
        bus="$(free_port)"
        start_redis "cluster$i" "cluster-enabled yes" "cluster-config-file nodes.conf" \
          "cluster-node-timeout 5000" "cluster-port $bus"
        redis_pids+=("$pid")
        addrs+=("127.0.0.1:$port")
      done
      redis-cli --cluster create "${addrs[@]}" --cluster-replicas 0 --cluster-yes >"$tmp/cluster-create.log" 2>&1 \
        || { cat "$tmp/cluster-create.log" >&2; exit 1; }
      for a in "${addrs[@]}"; do
        for _ in $(seq 1 200); do
          redis-cli -p "${a##*:}" cluster info | grep -q 'cluster_state:ok' && break
          sleep 0.05
        done
      done
      url="redis-cluster://$(IFS=,; echo "${addrs[*]}")"
      cli=(-c -p "${addrs[0]##*:}")
      ;;
    *) echo "scale.sh: unknown topology $topo" >&2; exit 2 ;;
  esac
  for w in $worker_counts; do
    for r in $(seq 1 "$runs"); do
      measure "$topo" "$w" "$r" "$url" "${cli[@]}"
    done
  done
  for p in "${redis_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$results" "$n" "$runs" <<'EOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
n, runs = sys.argv[2], sys.argv[3]
by = {}
for topo, w, r, *vals in rows:
    by.setdefault((topo, int(w)), []).append(tuple(float(v) for v in vals))
print(f"\ncopydesk throughput, {n} articles per run, median of {runs} runs")
print(f"{'redis':<8} {'workers':>7} {'articles/s':>10} {'vs 1':>6} {'runs':<16} {'worker cores':>12} {'redis cores':>11} {'busy %':>6} {'CPU ms/art':>10} {'enqueue/s':>9}")
for topo in dict.fromkeys(t for t, _ in by):
    base = None
    for w in sorted(x for t, x in by if t == topo):
        rs = by[(topo, w)]
        med = statistics.median(x[0] for x in rs)
        base = base or med
        wc = statistics.median(x[1] for x in rs)
        rc = statistics.median(x[2] for x in rs)
        busy = statistics.median(x[3] for x in rs)
        ms = statistics.median(x[4] for x in rs)
        eq = statistics.median(x[5] for x in rs)
        runs_s = " ".join(f"{x[0]:.0f}" for x in rs)
        print(f"{topo:<8} {w:>7} {med:>10.1f} {med / base:>5.2f}x {runs_s:<16} {wc:>12.2f} {rc:>11.2f} {busy:>6.0f} {ms:>10.2f} {eq:>9.0f}")
EOF

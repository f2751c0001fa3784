#!/usr/bin/env bash
# aof-compare.sh — AOF write throughput: `redsim serve` vs redis-server, both with
# appendonly yes and appendfsync everysec, same machine, same client.
#
# redis-benchmark -t set,incr,lpush (-c 50 -r 100000 --csv) at pipeline depth 1 and 16,
# interleaved (redsim, redis, redsim, …) for ROUNDS rounds; prints the median req/s of
# each and the ratio redsim/redis, and the AOF size each wrote.
# Environment: REDSIM_BIN (default build/dev/redsim; a release build is the fair one),
# REDIS_SERVER, REDIS_BENCHMARK, ROUNDS (3), N (100000 requests per run),
# FSYNC (everysec).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REDSIM_BIN=${REDSIM_BIN:-$ROOT/build/dev/redsim}
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server)}
REDIS_BENCHMARK=${REDIS_BENCHMARK:-$(command -v redis-benchmark)}
ROUNDS=${ROUNDS:-3}
N=${N:-100000}
FSYNC=${FSYNC:-everysec}
APPENDONLY=${APPENDONLY:-yes}  # "no": the same runs without the AOF, for its overhead
WORK=$(mktemp -d "${TMPDIR:-/tmp}/redsim-aofbench.XXXXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ping() { for _ in $(seq 100); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.05; done; return 1; }

mkdir -p "$WORK/redsim" "$WORK/redis"
P1=$(free_port)
(cd "$WORK/redsim" && exec "$REDSIM_BIN" serve --port "$P1" --appendonly "$APPENDONLY" --appendfsync "$FSYNC" \
   --auto-aof-rewrite-percentage 0 >server.log 2>&1) & PIDS+=($!)
P2=$(free_port)
"$REDIS_SERVER" --port "$P2" --dir "$WORK/redis" --save '' --appendonly "$APPENDONLY" --appendfsync "$FSYNC" \
   --auto-aof-rewrite-percentage 0 --daemonize no >"$WORK/redis/server.log" 2>&1 & PIDS+=($!)
wait_ping "$P1" && wait_ping "$P2"

run() {  # port test depth -> req/s
  "$REDIS_BENCHMARK" -p "$1" -t "$2" -n "$N" -c 50 -r 100000 -P "$3" --csv -q 2>/dev/null |
    awk -F'","' 'NR>1 || /rps/ {gsub(/"/,"",$2); if ($2 ~ /^[0-9.]+$/) print $2}' | tail -1
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf "%-8s %5s %12s %12s %7s\n" test depth redsim redis ratio
for t in set incr lpush; do
  for d in 1 16; do
    a=() b=()
    for _ in $(seq "$ROUNDS"); do
      a+=("$(run "$P1" "$t" "$d")")
      b+=("$(run "$P2" "$t" "$d")")
    done
    ma=$(printf "%s\n" "${a[@]}" | median)
    mb=$(printf "%s\n" "${b[@]}" | median)
    printf "%-8s %5s %12.0f %12.0f %7.2f\n" "$t" "$d" "$ma" "$mb" "$(echo "$ma / $mb" | bc -l)"
  done
done
[[ $APPENDONLY == yes ]] && echo "AOF bytes: redsim $(du -sb "$WORK/redsim/appendonlydir" | cut -f1), redis $(du -sb "$WORK/redis/appendonlydir" | cut -f1)"

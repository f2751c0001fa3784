#!/usr/bin/env bash
# rdb-compare.sh — SAVE and load of an RDB file: redsim serve vs a real redis-server,
# same machine, same data, same disk.
#
# Each server gets its own temp directory and N keys (default 1 000 000
# `SET key:<i> value:<i>`, fed with redis-cli --pipe). Then, ROUNDS times each:
#   save: wall time of `redis-cli SAVE` (serialize + write + fsync + rename);
#   load: the server is restarted on its dump.rdb and the "DB loaded from disk: X
#         seconds" line both servers log is read.
# The table shows the median of each and redsim/redis (goal: <= 1.00).
#
# Environment: REDSIM_BIN (default build/release/redsim), REDIS_SERVER, REDIS_CLI
# (default: from PATH), N (1000000), ROUNDS (3). Not a ctest test: the numbers depend
# on the machine; run it on an otherwise idle one.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REDSIM_BIN=${REDSIM_BIN:-$ROOT/build/release/redsim}
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server || true)}
REDIS_CLI=${REDIS_CLI:-$(command -v redis-cli || true)}
N=${N:-1000000}
ROUNDS=${ROUNDS:-3}
[ -x "$REDSIM_BIN" ] || { echo "no redsim binary at $REDSIM_BIN (build the release preset)"; exit 1; }
[ -n "$REDIS_SERVER" ] && [ -n "$REDIS_CLI" ] || { echo "redis-server and redis-cli are needed"; exit 1; }

WORK=$(mktemp -d /tmp/rdb-compare.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start NAME PORT: runs the server in $WORK/NAME (its dir), logging to $WORK/NAME/log.
start() {
    local name=$1 port=$2 dir=$WORK/$1
    mkdir -p "$dir"
    : > "$dir/log"
    if [ "$name" = redis ]; then
        (cd "$dir" && exec "$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
            --dir "$dir" --daemonize no >>"$dir/log" 2>&1) &
    else
        (cd "$dir" && exec "$REDSIM_BIN" serve --port "$port" --bind 127.0.0.1 --save "" \
            --dir "$dir" >>"$dir/log" 2>&1) &
    fi
    PIDS+=($!)
    echo $! > "$dir/pid"
    for _ in $(seq 1 600); do
        "$REDIS_CLI" -p "$port" PING >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "$name did not start:"; cat "$dir/log"; exit 1
}

stop() {
    local dir=$WORK/$1
    kill -9 "$(cat "$dir/pid")" 2>/dev/null || true
    wait "$(cat "$dir/pid")" 2>/dev/null || true
}

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

python3 - "$N" > "$WORK/load.resp" <<'PY'
import sys
n = int(sys.argv[1])
out = sys.stdout.buffer
for i in range(n):
    k, v = f"key:{i}".encode(), f"value:{i}".encode()
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(v), v))
PY

declare -A SAVE LOAD
for name in redis redsim; do
    port=$(free_port)
    start "$name" "$port"
    "$REDIS_CLI" -p "$port" --pipe < "$WORK/load.resp" >/dev/null
    keys=$("$REDIS_CLI" -p "$port" DBSIZE)
    [ "$keys" = "$N" ] || { echo "$name has $keys keys, want $N"; exit 1; }
    saves=()
    for _ in $(seq 1 "$ROUNDS"); do
        t0=$(now)
        "$REDIS_CLI" -p "$port" SAVE >/dev/null
        t1=$(now)
        saves+=("$(echo "$t1 - $t0" | bc -l)")
    done
    SAVE[$name]=$(printf '%s\n' "${saves[@]}" | median)
    size=$(stat -c %s "$WORK/$name/dump.rdb")
    echo "$name: $keys keys, dump.rdb $size bytes, SAVE times: ${saves[*]}"
    loads=()
    for _ in $(seq 1 "$ROUNDS"); do
        stop "$name"
        start "$name" "$port"
        for _ in $(seq 1 600); do  # PING may answer (LOADING) before the load is done
            grep -q 'DB loaded from disk' "$WORK/$name/log" && break
            sleep 0.1
        done
        loads+=("$(grep -o 'DB loaded from disk: [0-9.]*' "$WORK/$name/log" | tail -1 | awk '{print $5}')")
    done
    LOAD[$name]=$(printf '%s\n' "${loads[@]}" | median)
    echo "$name: load times: ${loads[*]}"
    stop "$name"
done

printf '\n%-6s %12s %12s %14s\n' what "redis (s)" "redsim (s)" "redsim/redis"
for what in save load; do
    if [ $what = save ]; then r=${SAVE[redis]}; s=${SAVE[redsim]}; else r=${LOAD[redis]}; s=${LOAD[redsim]}; fi
    printf '%-6s %12.3f %12.3f %13.2fx\n' "$what" "$r" "$s" "$(echo "$s / $r" | bc -l)"
done

#!/usr/bin/env bash
# compare-redis.sh — redsim serve vs a real redis-server, same machine, same client.
#
# Throughput: redis-benchmark (-c 50 -r 100000 --csv) at pipeline depth 1 and 16 for
# each test below, run against redsim and Redis interleaved (A B A B …) for ROUNDS
# rounds; the table shows the median req/s of each and redsim/redis. A test whose
# commands redsim does not have yet (COMMAND INFO answers nil) is shown as n/a.
# Memory: 1 000 000 `SET key:<i> <small value>` fed with redis-cli --pipe into each
# server; used_memory (INFO memory) and VmRSS before/after, bytes per key.
#
# Custom commands (CUSTOM): redis-benchmark given a command line instead of -t, e.g.
# `PFADD hll __rand_int__`, same depths and rounds, after an identical set-up of the key
# on both servers (see custom_spec below for each one's command, -r and request count).
# SETBIT is the exception: redis-benchmark writes __rand_int__ as 12 zero-padded digits
# ("000012345678"), which SETBIT rejects as an offset in Redis too, so its random
# offsets over 64 Mbit come from a file of RESP commands (seeded, the same bytes for both)
# sent with `redis-cli --pipe`; req/s = commands / wall time, depth shown as "pipe".
#
# Environment: REDSIM_BIN (default build/release/redsim), REDIS_SERVER, REDIS_CLI,
# REDIS_BENCHMARK (default: from PATH), ROUNDS (3), N_P1 (50000), N_P16 (200000),
# MEM_KEYS (1000000; 0 skips the memory part), TESTS (space-separated redis-benchmark
# -t test names; an empty TESTS="" runs none), CUSTOM (space-separated names of custom
# tests: PFADD PFCOUNT SETBIT BITCOUNT XADD XRANGE EVALSHA MULTI10, the default;
# CUSTOM="" runs none), N_BITCOUNT (300: BITCOUNT of 8 MB is O(N)), N_PIPE (500000 SETBIT
# commands), N_MULTI (50000 transactions of MULTI, 10 INCRs, EXEC through --pipe).
# Takes about 5–8 minutes on 2 cores with every -t test implemented, plus about 2 for
# the custom ones. Not a ctest test: numbers depend on the machine; run it on an
# otherwise idle one. Only the custom tests, for example:
#   TESTS= MEM_KEYS=0 CUSTOM="PFADD PFCOUNT" bench/compare-redis.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
REDSIM_BIN=${REDSIM_BIN:-$ROOT/build/release/redsim}
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server || true)}
REDIS_CLI=${REDIS_CLI:-$(command -v redis-cli || true)}
REDIS_BENCHMARK=${REDIS_BENCHMARK:-$(command -v redis-benchmark || true)}
ROUNDS=${ROUNDS:-3}
N_P1=${N_P1:-50000}
N_P16=${N_P16:-200000}
MEM_KEYS=${MEM_KEYS:-1000000}
TESTS=${TESTS-"SET GET INCR LPUSH RPUSH LPOP RPOP SADD HSET SPOP ZADD ZPOPMIN LRANGE_100 MSET"}
CUSTOM=${CUSTOM-"PFADD PFCOUNT SETBIT BITCOUNT XADD XRANGE EVALSHA MULTI10"}
N_MULTI=${N_MULTI:-50000}
N_BITCOUNT=${N_BITCOUNT:-300}
N_PIPE=${N_PIPE:-500000}

die() { echo "compare-redis.sh: $*" >&2; exit 1; }
if [[ ! -x $REDSIM_BIN ]]; then
  die "no redsim binary at $REDSIM_BIN — build it with: ./dev build release (or set REDSIM_BIN)"
fi
for t in "$REDIS_SERVER" "$REDIS_CLI" "$REDIS_BENCHMARK"; do
  [[ -n $t && -x $t ]] || die "redis-server, redis-cli and redis-benchmark are needed (apt-get install redis-server redis-tools)"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/redsim-bench.XXXXXX")
REDSIM_PID='' REDIS_PID=''
cleanup() {
  local pid
  for pid in $REDSIM_PID $REDIS_PID; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
cli() { local port=$1; shift; "$REDIS_CLI" -h 127.0.0.1 -p "$port" "$@"; }
wait_ping() {  # port pid name
  for _ in $(seq 100); do
    [[ $(cli "$1" PING 2>/dev/null) == PONG ]] && return 0
    if ! kill -0 "$2" 2>/dev/null; then
      local hint=''
      [[ $3 == redsim ]] && hint=" (a binary without \`serve\` is stale: rebuild with ./dev build release)"
      die "$3 exited at start-up$hint; its log: $(cat "$WORK/$3.log")"
    fi
    sleep 0.1
  done
  die "$3 did not answer PING on port $1"
}

REDSIM_PORT=$(free_port)
REDIS_PORT=$(free_port)
"$REDSIM_BIN" serve --port "$REDSIM_PORT" --bind 127.0.0.1 >"$WORK/redsim.log" 2>&1 &
REDSIM_PID=$!
(cd "$WORK" && exec "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' \
   --appendonly no --daemonize no) >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
wait_ping "$REDSIM_PORT" "$REDSIM_PID" redsim
wait_ping "$REDIS_PORT" "$REDIS_PID" redis

echo "redsim: $("$REDSIM_BIN" --version 2>/dev/null | head -1) ($REDSIM_BIN), port $REDSIM_PORT"
echo "redis:  $("$REDIS_SERVER" --version | head -1), port $REDIS_PORT"
echo "cpus: $(nproc); rounds: $ROUNDS; requests: $N_P1 at -P 1, $N_P16 at -P 16; -c 50 -r 100000"
echo

# Commands each benchmark test sends (all must exist in redsim for the test to run).
commands_of() {
  case $1 in
    LRANGE_100) echo "lpush lrange" ;;
    *) echo "${1,,}" ;;
  esac
}
supported() {
  local c
  for c in $(commands_of "$1"); do
    [[ $(cli "$REDSIM_PORT" COMMAND INFO "$c" | head -1) == "$c" ]] || return 1
  done
}
# req/s of one run (the CSV row whose test name starts with the test's name).
bench() {  # port test depth n
  "$REDIS_BENCHMARK" -h 127.0.0.1 -p "$1" -c 50 -r 100000 -n "$4" -t "${2,,}" -P "$3" --csv -q \
      2>>"$WORK/benchmark-$1.err" \
    | awk -F'","' -v t="$2" '{ gsub(/"/, "", $1); gsub(/"/, "", $2) }
        index($1, t) == 1 && (length($1) == length(t) || substr($1, length(t) + 1, 1) == " ") { print $2; exit }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

start=$SECONDS
if [[ -n ${TESTS// /} ]]; then
  printf '%-12s %5s %14s %14s %8s\n' test depth "redsim req/s" "redis req/s" ratio
  printf '%-12s %5s %14s %14s %8s\n' ------------ ----- -------------- -------------- --------
fi
for t in $TESTS; do
  for depth in 1 16; do
    if ! supported "$t"; then
      printf '%-12s %5s %14s %14s %8s\n' "$t" "$depth" n/a n/a n/a
      continue
    fi
    n=$N_P1; [[ $depth == 16 ]] && n=$N_P16
    a=() b=()
    for ((r = 0; r < ROUNDS; r++)); do
      a+=("$(bench "$REDSIM_PORT" "$t" "$depth" "$n")")
      b+=("$(bench "$REDIS_PORT" "$t" "$depth" "$n")")
    done
    ma=$(printf '%s\n' "${a[@]}" | grep . | median)
    mb=$(printf '%s\n' "${b[@]}" | grep . | median)
    ratio=$(awk -v a="$ma" -v b="$mb" 'BEGIN { if (a == "" || b == "" || b == 0) print "?"; else printf "%.2f", a / b }')
    printf '%-12s %5s %14s %14s %8s\n' "$t" "$depth" "${ma:-error}" "${mb:-error}" "$ratio"
  done
done

# ---- custom command lines
# custom_spec NAME sets CMD (the command line, an array: `*` must not be globbed), RANDR
# (-r), N1 and N16 (requests at depth 1 and 16), NEEDS (commands redsim must have) and
# MODE (bench: redis-benchmark; pipe: redis-cli --pipe of a generated file).
EVAL_SCRIPT="return redis.call('INCR', KEYS[1])"
EVAL_SHA=$(printf '%s' "$EVAL_SCRIPT" | sha1sum | cut -c1-40)
custom_spec() {
  MODE=bench RANDR=100000 N1=$N_P1 N16=$N_P16 PIPE_FILE=setbit.resp PIPE_N=$N_PIPE
  case $1 in
    PFADD) CMD=(PFADD hll __rand_int__) NEEDS="pfadd" ;;
    PFCOUNT) CMD=(PFCOUNT hll) NEEDS="pfadd pfcount" ;;
    SETBIT) CMD=(SETBIT bits '<random offset below 2^26>' 1) NEEDS="setbit" MODE=pipe RANDR=67108864 ;;
    BITCOUNT) CMD=(BITCOUNT bits) NEEDS="setbit bitcount" N1=$N_BITCOUNT N16=$N_BITCOUNT ;;
    XADD) CMD=(XADD s '*' f v) NEEDS="xadd" ;;
    XRANGE) CMD=(XRANGE s - + COUNT 10) NEEDS="xadd xrange" ;;
    EVALSHA) CMD=(EVALSHA "$EVAL_SHA" 1 counter) NEEDS="evalsha script" ;;
    MULTI10) CMD=(MULTI, 10 x INCR counter, EXEC) NEEDS="multi exec" MODE=pipe PIPE_FILE=multi.resp PIPE_N=$N_MULTI ;;
    *) die "unknown custom test $1 (known: PFADD PFCOUNT SETBIT BITCOUNT XADD XRANGE EVALSHA MULTI10)" ;;
  esac
}
custom_supported() {
  local c
  for c in $NEEDS; do
    [[ $(cli "$REDSIM_PORT" COMMAND INFO "$c" | head -1) == "$c" ]] || return 1
  done
}
# The same starting state on both servers before a test's rounds.
custom_setup() {  # name port
  case $1 in
    PFADD) cli "$2" DEL hll >/dev/null ;;
    PFCOUNT)  # 20 000 distinct elements: about 11 000 registers set, so dense
      cli "$2" DEL hll >/dev/null
      cli "$2" PFADD hll $(seq 1 20000) >/dev/null ;;
    SETBIT | BITCOUNT)  # an 8 MB (64 Mbit) string, zeros, then ~1/3 of bits set for BITCOUNT
      cli "$2" DEL bits >/dev/null
      cli "$2" SETBIT bits 67108863 0 >/dev/null
      [[ $1 == BITCOUNT ]] && cli "$2" --pipe <"$WORK/setbit.resp" >/dev/null
      ;;
    EVALSHA) cli "$2" SCRIPT LOAD "$EVAL_SCRIPT" >/dev/null ;;
    MULTI10) cli "$2" DEL counter >/dev/null ;;
    XADD | XRANGE) cli "$2" DEL s >/dev/null
      # XRANGE reads the first 10 of 100 000 entries
      [[ $1 == XRANGE ]] && cli "$2" --pipe <"$WORK/xadd.resp" >/dev/null
      ;;
  esac
  return 0
}
bench_custom() {  # port depth n
  "$REDIS_BENCHMARK" -h 127.0.0.1 -p "$1" -c 50 -r "$RANDR" -n "$3" -P "$2" --csv -q "${CMD[@]}" \
      2>>"$WORK/benchmark-$1.err" \
    | awk -F'","' 'NR > 1 { gsub(/"/, "", $2); print $2; exit }'
}
pipe_custom() {  # port: units/s of one --pipe run of PIPE_FILE (PIPE_N units in it)
  local t0 t1
  t0=$(date +%s.%N)
  cli "$1" --pipe <"$WORK/$PIPE_FILE" >/dev/null 2>>"$WORK/benchmark-$1.err" || return 0
  t1=$(date +%s.%N)
  awk -v n="$PIPE_N" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", n / (b - a) }'
}
if [[ -n ${CUSTOM// /} ]]; then
  # SETBIT bits <offset> 1 with offsets uniform below 2^26 (seeded), and 100 000 XADDs.
  python3 - "$N_PIPE" "$WORK" "$N_MULTI" <<'PY'
import random, sys
n, work, n_multi = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
rng = random.Random(12345)
with open(work + "/setbit.resp", "wb") as f:
    for _ in range(n):
        off = b"%d" % rng.randrange(1 << 26)
        f.write(b"*4\r\n$6\r\nSETBIT\r\n$4\r\nbits\r\n$%d\r\n%s\r\n$1\r\n1\r\n" % (len(off), off))
with open(work + "/xadd.resp", "wb") as f:
    f.write(b"*5\r\n$4\r\nXADD\r\n$1\r\ns\r\n$1\r\n*\r\n$1\r\nf\r\n$1\r\nv\r\n" * 100000)
with open(work + "/multi.resp", "wb") as f:  # transactions of 10 INCRs
    tx = b"*1\r\n$5\r\nMULTI\r\n" + b"*2\r\n$4\r\nINCR\r\n$7\r\ncounter\r\n" * 10 + b"*1\r\n$4\r\nEXEC\r\n"
    f.write(tx * n_multi)
PY
  echo
  printf '%-12s %5s %14s %14s %8s\n' custom depth "redsim req/s" "redis req/s" ratio
  printf '%-12s %5s %14s %14s %8s\n' ------------ ----- -------------- -------------- --------
  for t in $CUSTOM; do
    custom_spec "$t"
    depths="1 16"; [[ $MODE == pipe ]] && depths=pipe
    for depth in $depths; do
      if ! custom_supported; then
        printf '%-12s %5s %14s %14s %8s\n' "$t" "$depth" n/a n/a n/a
        continue
      fi
      n=$N1; [[ $depth == 16 ]] && n=$N16
      custom_setup "$t" "$REDSIM_PORT"
      custom_setup "$t" "$REDIS_PORT"
      a=() b=()
      for ((r = 0; r < ROUNDS; r++)); do
        if [[ $MODE == pipe ]]; then
          a+=("$(pipe_custom "$REDSIM_PORT")")
          b+=("$(pipe_custom "$REDIS_PORT")")
        else
          a+=("$(bench_custom "$REDSIM_PORT" "$depth" "$n")")
          b+=("$(bench_custom "$REDIS_PORT" "$depth" "$n")")
        fi
      done
      ma=$(printf '%s\n' "${a[@]}" | grep . | median)
      mb=$(printf '%s\n' "${b[@]}" | grep . | median)
      ratio=$(awk -v a="$ma" -v b="$mb" 'BEGIN { if (a == "" || b == "" || b == 0) print "?"; else printf "%.2f", a / b }')
      printf '%-12s %5s %14s %14s %8s\n' "$t" "$depth" "${ma:-error}" "${mb:-error}" "$ratio"
    done
  done
  echo "custom command lines (-c 50; -r 100000 unless said):"
  for t in $CUSTOM; do
    custom_spec "$t"
    case $MODE in
      pipe) echo "  $t: ${CMD[*]} x $PIPE_N, one redis-cli --pipe (column: units/s)" ;;
      *) echo "  $t: ${CMD[*]}  (-n $N1 / $N16)" ;;
    esac
  done
fi
echo "(throughput: $((SECONDS - start)) s)"
for who in redsim:$REDSIM_PORT redis:$REDIS_PORT; do
  f=$WORK/benchmark-${who#*:}.err
  if [[ -s $f ]]; then
    echo "note: redis-benchmark said against ${who%%:*}: $(sort "$f" | uniq -c | sort -rn | head -3 | tr -s ' ' | paste -sd ';')"
  fi
done
echo

# ---- memory: MEM_KEYS small string keys through redis-cli --pipe
if ((MEM_KEYS == 0)); then
  echo "(memory part skipped: MEM_KEYS=0; total: $SECONDS s)"
  exit 0
fi
cli "$REDSIM_PORT" FLUSHALL >/dev/null
cli "$REDIS_PORT" FLUSHALL >/dev/null
python3 - "$MEM_KEYS" >"$WORK/mass.resp" <<'PY'
import sys
n = int(sys.argv[1])
out = sys.stdout.buffer
chunk = []
for i in range(n):
    k, v = b"key:%d" % i, b"val:%d" % i
    chunk.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(v), v))
    if len(chunk) == 10000:
        out.write(b"".join(chunk)); chunk = []
out.write(b"".join(chunk))
PY
used_memory() { cli "$1" INFO memory | tr -d '\r' | awk -F: '$1 == "used_memory" { print $2 }'; }
rss_bytes() { awk '$1 == "VmRSS:" { print $2 * 1024 }' "/proc/$1/status"; }
declare -A MEM
for who in redsim redis; do
  if [[ $who == redsim ]]; then port=$REDSIM_PORT pid=$REDSIM_PID; else port=$REDIS_PORT pid=$REDIS_PID; fi
  MEM[$who.used0]=$(used_memory "$port"); MEM[$who.rss0]=$(rss_bytes "$pid")
  summary=$(cli "$port" --pipe <"$WORK/mass.resp" | tail -1)
  MEM[$who.keys]=$(cli "$port" DBSIZE)
  MEM[$who.used1]=$(used_memory "$port"); MEM[$who.rss1]=$(rss_bytes "$pid")
  echo "$who --pipe: $summary; DBSIZE ${MEM[$who.keys]}"
done
echo
printf '%-8s %14s %14s %14s %14s %10s %10s\n' server used_before used_after rss_before rss_after used/key rss/key
for who in redsim redis; do
  printf '%-8s %14s %14s %14s %14s %10s %10s\n' "$who" "${MEM[$who.used0]:-?}" "${MEM[$who.used1]:-?}" \
    "${MEM[$who.rss0]}" "${MEM[$who.rss1]}" \
    "$(awk -v a="${MEM[$who.used0]:-0}" -v b="${MEM[$who.used1]:-0}" -v n="${MEM[$who.keys]}" 'BEGIN { printf "%.1f", (b - a) / n }')" \
    "$(awk -v a="${MEM[$who.rss0]}" -v b="${MEM[$who.rss1]}" -v n="${MEM[$who.keys]}" 'BEGIN { printf "%.1f", (b - a) / n }')"
done
awk -v au="${MEM[redsim.used0]:-0}" -v bu="${MEM[redsim.used1]:-0}" -v ar="${MEM[redsim.rss0]}" -v br="${MEM[redsim.rss1]}" \
    -v cu="${MEM[redis.used0]:-0}" -v du="${MEM[redis.used1]:-0}" -v cr="${MEM[redis.rss0]}" -v dr="${MEM[redis.rss1]}" \
    'BEGIN { printf "redsim/redis bytes per key: used_memory %.2f, RSS %.2f\n", (bu - au) / (du - cu), (br - ar) / (dr - cr) }'
echo "(total: $SECONDS s)"

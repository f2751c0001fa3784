#!/bin/sh
# used_memory and MEMORY USAGE of redsim against redis-server 7.0 at the issue's full
# sizes: 1M small strings; 100k hashes, sets, zsets and lists of 10 elements each.
# Prints one PASS/FAIL line per comparison with both figures and their ratio.
#   bench/memory-compare.sh [build/dev/redsim]
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
redsim=${1:-$here/build/dev/redsim}
PY=${PYTHON:-python3}
"$PY" -c "import redis" 2>/dev/null || PY=/usr/bin/python3
exec "$PY" "$here/tests/server/memory_usage_test.py" --redsim "$(cd "$(dirname "$redsim")" && pwd)/$(basename "$redsim")" \
    --redis-server "$(command -v redis-server)" --scale 5

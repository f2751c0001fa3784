#!/usr/bin/env bash
# Frame build time (CPU, ImGui::NewFrame to Render, no GPU) of redsim-gui with 1M keys
# loaded and a 100k-member sorted set open in the skiplist view, under Xvfb.
#   REDSIM_GUI=build/release/redsim-gui FRAMES=600 bench/gui-frames.sh
# Prints two runs: the skiplist view alone, and the whole window (keyspace browser
# walking the 1M keys, the skiplist in the centre, the console). Goal: < 8 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
gui=${REDSIM_GUI:-build/release/redsim-gui}
frames=${FRAMES:-600}
script=$(mktemp /tmp/redsim-gui-bench.XXXXXX)
trap 'rm -f "$script"' EXIT
cat >"$script" <<'REDIS'
EVAL "for i=1,1000000 do redis.call('SET','key:'..i,i) end" 0
EVAL "for i=1,100000 do redis.call('ZADD','board',i,'player:'..i) end" 0
ZSCORE board player:54321
REDIS
run() {
  xvfb-run -a -s "-screen 0 1280x800x24" "$gui" --virtual-clock --seed 1 --script "$script" \
    --bench --frames "$frames" --width 1280 --height 800 "$@"
}
echo "== skiplist view alone (--view skiplist)"
run --view skiplist --key board
echo "== whole window (keyspace walking 1M keys, skiplist in the centre, console)"
run --key board

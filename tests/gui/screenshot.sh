#!/usr/bin/env bash
# Renders one view of redsim-gui under a virtual X server and checks the PNG.
#   screenshot.sh REDSIM_GUI SCRIPT OUT.png VIEW [WIDTH HEIGHT]
# VIEW "layout" renders the whole window. The script's "# key: NAME" line, if any, is
# the key the view must pick on its own (redsim-gui prints the key it chose). A
# "# lesson: lessons/FILE.md" line (path from the repository's root) starts that lesson
# (--lesson): VIEW "lesson" renders the whole window with the lesson pane.
# scripts/screenshots.sh runs this same command to make the pictures in docs/.
set -euo pipefail
gui=$1 script=$2 out=$3 view=$4 width=${5:-1280} height=${6:-800}
here=$(cd "$(dirname "$0")" && pwd)
# Absolute paths: the GUI runs in a scratch directory (below).
script=$(realpath "$script") out=$(realpath -m "$out")
[[ -f "$gui" ]] && gui=$(realpath "$gui")
args=(--virtual-clock --seed 1 --script "$script" --screenshot "$out" --frames 8 --width "$width" --height "$height")
[[ "$view" != layout && "$view" != lesson ]] && args+=(--view "$view")
lesson=$(sed -n 's/^# lesson: *//p' "$script" | head -1)
[[ -n "$lesson" ]] && args+=(--lesson "$(realpath "$here/../../$lesson")")
# More options from the environment (the light-theme test sets --theme light).
read -r -a extra <<<"${GUI_SHOT_ARGS:-}"
args+=("${extra[@]}")
rm -f "$out"
# Run in a fresh directory: the engine's `dir` (dump.rdb, appendonlydir/) is the working
# directory, and a script's BGSAVE or appendonly must never write into the source tree.
work=$(mktemp -d "${TMPDIR:-/tmp}/redsim-gui-shot.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
log=$(xvfb-run -a -s "-screen 0 ${width}x${height}x24" "$gui" "${args[@]}" 2>&1) || { echo "$log"; exit 1; }
echo "$log"
want=$(sed -n 's/^# key: *//p' "$script" | head -1)
if [[ -n "$want" ]] && ! grep -qxF "key: $want" <<<"$log"; then
  echo "expected the view to pick key '$want'"
  exit 1
fi
# A lesson run says which lesson and page it shows: the lesson must have started.
if [[ -n "$lesson" ]] && ! grep -q "^lesson: $(basename "$lesson" .md) page " <<<"$log"; then
  echo "expected the lesson $lesson to start"
  exit 1
fi
python3 "$here/check_png.py" "$out" "$width" "$height"

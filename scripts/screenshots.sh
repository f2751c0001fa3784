#!/usr/bin/env bash
# Remakes the pictures in docs/images/ with the test suite's own command
# (tests/gui/screenshot.sh: the view's test script under Xvfb, checked the same way).
#   scripts/screenshots.sh [build/release/redsim-gui]
set -euo pipefail
cd "$(dirname "$0")/.."
gui=${1:-build/release/redsim-gui}
mkdir -p docs/images
for script in tests/gui/scripts/*.redis; do
  view=$(basename "$script" .redis)
  tests/gui/screenshot.sh "$gui" "$script" "docs/images/gui-$view.png" "$view" >/dev/null
  echo "docs/images/gui-$view.png"
done

#!/usr/bin/env bash
# Gradescope autograder setup (runs once when the image is built, as root).
# Zip this repository with this file at the top as `setup.sh` and
# gradescope-run_autograder as `run_autograder` (see docs/grading-formats.md).
set -euo pipefail
cd /autograder/source
scripts/deps.sh
cmake --preset release >/dev/null
cmake --build build/release --target redsim -j"$(nproc)"

#!/usr/bin/env bash
# Runs the in-process benchmarks from a release build (./dev bench builds it first).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec build/release/bench/redsim_bench --benchmark_counters_tabular=true "$@"

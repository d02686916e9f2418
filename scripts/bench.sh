#!/usr/bin/env bash
# bench.sh - set up, build llcc, and run the benchmark suite (bench/run.py).
#
# Usage: scripts/bench.sh [--quick] [bench/run.py options]
#
# Times every case side by side in one process (hand-written C, llcc, numba,
# SciPy's own filter, the Python callback, a no-op C callback) and the cold
# compile latency of llcc against numba and Cython, then writes
# bench/results.md and bench/results.png. --quick uses small images and few
# repeats (a smoke test of a few seconds) and writes to build/bench-quick/
# instead, so it never replaces the committed results.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec /usr/bin/python3 bench/run.py --llcc build/cli/llcc "$@"

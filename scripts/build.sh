#!/usr/bin/env bash
# build.sh - configure and build llcc into build/ (Release, Ninja).
#
# Usage: scripts/build.sh [extra cmake -D options]. Re-running rebuilds only
# what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j "$(nproc)"

#!/usr/bin/env bash
# test.sh - set up a fresh machine, build llcc, and run every test.
#
# Runs the doctest unit tests, the lit + FileCheck tests and the end-to-end
# pytest suite (compiled filters against CPython through SciPy) via CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
ctest --test-dir build --output-on-failure

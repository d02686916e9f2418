#!/usr/bin/env bash
# test.sh - set up a fresh machine, build llcc, and run every test, twice.
#
# 1. The normal (Release) build in build/: the doctest unit tests, the lit +
#    FileCheck tests and the end-to-end pytest suite (compiled filters
#    against CPython through SciPy, the differential-test slice, the limits
#    and the diagnostics catalog), via CTest.
# 2. The same suite against an AddressSanitizer + UndefinedBehaviorSanitizer
#    build in build-asan/ (-DLLCC_SANITIZE=ON): the llcc executable and the
#    unit-test binary are instrumented; Python is not, and the shared objects
#    llcc writes are not (generated code is never instrumented), so pytest
#    still loads them into Debian's plain interpreter and only the llcc
#    subprocesses it starts run under the sanitizers.
#
# Between the two, scripts/package.sh and scripts/test-packages.sh build the
# wheel and the .deb and test them installed (LLCC_SKIP_PACKAGES=1 skips it).
# LLCC_SKIP_SANITIZE=1 skips step 2 (a quick local run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

start=$SECONDS
bash scripts/build.sh
ctest --test-dir build --output-on-failure
echo "test.sh: normal build + tests took $((SECONDS - start)) s"

# The wheel and the .deb, installed outside the source tree (a venv with
# --no-index and dpkg -x: no package index, no root) and tested there; about
# two minutes. LLCC_SKIP_PACKAGES=1 skips it.
if [[ ${LLCC_SKIP_PACKAGES:-0} != 1 ]]; then
  start=$SECONDS
  bash scripts/package.sh
  bash scripts/test-packages.sh
  echo "test.sh: packages took $((SECONDS - start)) s"
fi

if [[ ${LLCC_SKIP_SANITIZE:-0} == 1 ]]; then
  exit 0
fi
start=$SECONDS
# -O1 -g1: what the sanitizers' own documentation recommends (usable speed,
# line numbers in every report), and about half the compile time of -O2 -g
# on CI's two cores; the sanitizer build is the biggest part of CI's budget.
cmake -G Ninja -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" -DLLCC_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$(nproc)"
# detect_leaks=1 on purpose: llcc is short-lived, but a leak at exit means
# an ownership bug in the AST or the IR, and the fuzzer checks the same
# (a leak exits with LeakSanitizer's status 23). Python never loads the ASan
# runtime (it runs llcc as a subprocess), so the options only reach the
# instrumented binaries. abort_on_error: a report ends llcc with SIGABRT,
# never with status 1, which the tests would take for a compile error.
# LLCC_TIME_LIMIT: sanitized code is 2-4x slower; test_limits.py's time
# bound grows to match.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1"
export LLCC_TIME_LIMIT=90
# LLCC_SANITIZED: here pytest runs each test function's first case and a
# fixed third of its other cases (tests/python/conftest.py), and
# test_parsers.py a fixed quarter of its files; the normal stage above
# runs everything. Under the sanitizers llcc is 2-4x slower, and the whole
# suite again took CI to within 3 % of its 90 minutes.
export LLCC_SANITIZED=1
ctest --test-dir build-asan --output-on-failure
echo "test.sh: sanitizer build + tests took $((SECONDS - start)) s"

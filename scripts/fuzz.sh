#!/usr/bin/env bash
# fuzz.sh - build the libFuzzer target and fuzz llcc's whole pipeline.
#
# Usage: scripts/fuzz.sh [MINUTES] [extra libFuzzer flags]   (default 10)
#
# Builds build-fuzz/tests/fuzz/llcc_fuzz with clang-19 (-DLLCC_FUZZ=ON:
# libFuzzer coverage, ASan, UBSan over every llcc library), seeds a corpus
# from examples/, tests/programs/, tests/lit/ and tests/python/, and runs
# one fuzzing process for MINUTES minutes with the keyword dictionary
# tests/fuzz/llcc.dict. The corpus grows in build-fuzz/corpus (kept between
# runs); crashes, hangs (-timeout), leaks and out-of-memory inputs are saved
# as build-fuzz/artifacts/{crash,timeout,leak,oom}-*. Reproduce one with
#   build-fuzz/tests/fuzz/llcc_fuzz build-fuzz/artifacts/crash-...
# and turn it into a regression test under tests/lit/limits/.
# Exit status: 0 for a clean run, libFuzzer's (non-zero) after a finding.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-10}"
shift || true
dir=build-fuzz

# libFuzzer and the sanitizer runtimes of clang-19 (not pulled in by clang-19).
if [[ ! -d /usr/lib/llvm-19/lib/clang/19/lib/linux ]]; then
  sudo_=""; [[ $(id -u) -eq 0 ]] || sudo_=sudo
  $sudo_ apt-get install -y -q libclang-rt-19-dev >/dev/null
fi

# LLCC_STATIC_LLVM=OFF: the static LLVM archives are built with gcc and
# their operator new[] is not ASan's, so ASan would report every delete[] in
# LLVM as an alloc-dealloc mismatch; the shared libLLVM does not have that.
cmake -G Ninja -S . -B "$dir" -DLLCC_FUZZ=ON -DLLCC_STATIC_LLVM=OFF \
  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="-O1 -g" >/dev/null
cmake --build "$dir" --target llcc_fuzz -j "$(nproc)"

mkdir -p "$dir/corpus" "$dir/seeds" "$dir/artifacts"
while IFS= read -r f; do cp "$f" "$dir/seeds/${f//\//_}"; done \
  < <(find examples tests/programs tests/lit tests/python -name '*.flt')

# -max_len: filter files are small; 4 KiB leaves room for deep nesting.
# -timeout: one -O2 compile of a small file takes well under a second even
#   under ASan; 10 s is a hang. -rss_limit_mb: 2 GiB is far above normal.
# -fork=1 with -ignore_*: a finding does not end the run; every crash, hang
#   and out-of-memory input is saved and the run goes on (triage below).
# Leak detection stays on (libFuzzer's default with ASan).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
fuzzer="$dir/tests/fuzz/llcc_fuzz"
before=$(ls "$dir/artifacts" | wc -l)
start=$(date +%s)
status=0
"$fuzzer" "$dir/corpus" "$dir/seeds" \
  -dict=tests/fuzz/llcc.dict -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -max_total_time=$((minutes * 60)) -print_final_stats=1 \
  -artifact_prefix="$dir/artifacts/" "$@" >"$dir/fuzz.log" 2>&1 || status=$?
elapsed=$(( $(date +%s) - start ))
grep -E '^#[0-9]+: cov' "$dir/fuzz.log" | tail -1 || true

# Triage: one line per distinct finding (the first BUG/SUMMARY line).
for artifact in "$dir"/artifacts/*; do
  [[ -f $artifact ]] || continue
  what=$(timeout 60 "$fuzzer" "$artifact" 2>&1 | grep -m1 -E 'llcc_fuzz: BUG|SUMMARY:|ERROR:' || true)
  echo "${what:-no longer reproduces}"$'\t'"$artifact"
done | sort -t$'\t' -k1,1 -u | sed 's/^/finding: /'
after=$(ls "$dir/artifacts" | wc -l)
echo "fuzz.sh: fuzzed $((elapsed / 60)) min $((elapsed % 60)) s; libFuzzer exit status $status;" \
     "$((after - before)) new artifacts ($after in $dir/artifacts); log in $dir/fuzz.log"
[[ $after -eq $before && $status -eq 0 ]]

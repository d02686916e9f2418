#!/usr/bin/env bash
# test-packages.sh - install the wheel and the .deb outside the source tree
# and run the README's Python example and end-to-end tests against them.
#
#   bash scripts/test-packages.sh [DIST_DIR]     (default dist/, from package.sh)
#
# The wheel goes into a fresh virtual environment made with
# --system-site-packages (numpy and scipy come from Debian) and is installed
# with --no-index, so no package index is needed. The .deb is unpacked with
# dpkg -x into a temporary root, not installed system-wide. Everything runs
# from a temporary folder with PYTHONPATH, LLCC and LLCC_LIBRARY unset, so
# only the installed copies can be found.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="$(cd "${1:-$ROOT/dist}" && pwd)"
WHEEL=$(ls "$DIST"/llcc-*.whl | head -1)
DEB=$(ls "$DIST"/llcc_*.deb | head -1)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
unset PYTHONPATH LLCC LLCC_LIBRARY
export LLCC_CACHE_DIR="$WORK/cache" PYTHONDONTWRITEBYTECODE=1

echo "== wheel: $(basename "$WHEEL") into a fresh venv"
/usr/bin/python3 -m venv --system-site-packages "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --no-index --no-deps "$WHEEL"
cd "$WORK"
cp "$ROOT/examples/fmin.flt" "$WORK/fmin.flt"
# The README's Python example, with an image, outside the repository.
# (A file, not stdin: the decorator reads the function's source.)
cat > "$WORK/readme_example.py" <<'PY'
import os, numpy as np, scipy.ndimage as ndi
import llcc
from llcc import _capi
assert not llcc.__file__.startswith(os.environ.get("ROOT_DIR", "/nonexistent")), llcc.__file__
print("llcc package:", os.path.dirname(llcc.__file__))
print("compile library:", _capi.find_library())
assert _capi.find_library() and "site-packages" in _capi.find_library()
image = np.random.default_rng(0).uniform(0, 1, (64, 64))
lib = llcc.compile("fmin.flt")                       # runs llcc once; cached by content
out = ndi.generic_filter(image, lib.fmin, size=3)     # a scipy.LowLevelCallable
assert np.array_equal(out, ndi.minimum_filter(image, size=3))
out = llcc.generic_filter(image, lib.fmin, size=3)    # whole-image kernel, all cores
assert np.array_equal(out, ndi.minimum_filter(image, size=3))

@llcc.filter                                          # or compile a Python function directly
def count_above(values, threshold=0.5):
    return np.sum(values > threshold)
out = ndi.generic_filter(image, count_above.bind(threshold=0.8), size=5)
assert np.array_equal(out, ndi.generic_filter(image, lambda v: np.sum(v > 0.8), size=5))
print("README example: ok")
PY
ROOT_DIR="$ROOT" PATH="$WORK/venv/bin:$PATH" "$WORK/venv/bin/python" "$WORK/readme_example.py"
WHEEL_LLCC="$WORK/venv/bin/llcc"
"$WHEEL_LLCC" --version
"$WHEEL_LLCC" fmin.flt -o fmin.so && "$WHEEL_LLCC" --describe fmin.so >/dev/null
echo "wheel's llcc: ok"

echo "== deb: $(basename "$DEB") unpacked with dpkg -x"
dpkg -x "$DEB" "$WORK/root"
DEB_LLCC="$WORK/root/usr/bin/llcc"
"$DEB_LLCC" --version
test -f "$WORK/root/usr/share/doc/llcc/language.md"
test -f "$WORK/root/usr/share/doc/llcc/examples/Makefile"
test -f "$WORK/root/usr/include/llcc.h"
make -s -C "$WORK/root/usr/share/doc/llcc/examples" LLCC="$DEB_LLCC" fmin.so
test -f "$WORK/root/usr/share/doc/llcc/examples/fmin.so"
echo "deb's llcc and Makefile rule: ok"

echo "== end-to-end tests against each installed llcc"
for LLCC_UNDER_TEST in "$WHEEL_LLCC" "$DEB_LLCC"; do
  LLCC="$LLCC_UNDER_TEST" /usr/bin/python3 -m pytest -q -p no:cacheprovider -p no:warnings \
    "$ROOT/tests/python/test_examples.py" "$ROOT/tests/python/test_programs.py" \
    -k "matches_cpython and not demo" -x
done
# The package's tests with the installed package (and its compile library).
PATH="$WORK/venv/bin:$PATH" "$WORK/venv/bin/python" -m pytest -q -p no:cacheprovider -p no:warnings \
  "$ROOT/tests/python/test_unicode.py" -k "llcc_load_and_compile" -x
echo "packages: all tests passed"

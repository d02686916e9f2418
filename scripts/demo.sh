#!/usr/bin/env bash
# demo.sh - set up a fresh machine, build llcc, and run the main job:
# compile examples/fmin.flt, run it in scipy.ndimage.generic_filter on a
# real image beside the same function as a Python callback, print the
# speed-up and write a before/after PNG to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
/usr/bin/python3 examples/demo.py --llcc build/cli/llcc --out out

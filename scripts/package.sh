#!/usr/bin/env bash
# package.sh - build the llcc wheel and Debian package into dist/.
#
#   bash scripts/package.sh
#
# Builds llcc (scripts/build.sh: static LLVM and LLD, so the `llcc`
# executable needs only libc, libstdc++, zlib and zstd), then
#   dist/llcc-VERSION-py3-none-linux_x86_64.whl  the Python package with the
#       llcc executable (installed into the environment's bin/) and the
#       compile library libllcc.so (scripts/make_wheel.py, standard library
#       only: no setuptools, no package index);
#   dist/llcc_VERSION_amd64.deb  the CLI, libllcc.so and llcc.h, the docs and
#       examples with the Makefile rule (`cpack -G DEB`, from the install()
#       rules in CMakeLists.txt).
# scripts/test-packages.sh installs both outside the source tree and tests them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
mkdir -p dist
/usr/bin/python3 scripts/make_wheel.py build dist
(cd build && cpack -G DEB -B "$PWD/../dist" >/dev/null)
rm -rf dist/_CPack_Packages
ls -l dist/*.whl dist/*.deb

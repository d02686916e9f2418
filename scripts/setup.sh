#!/usr/bin/env bash
# setup.sh - install every dependency of llcc from Debian 12 packages.
#
# Idempotent: packages already present are skipped, so running it twice costs
# a few seconds. Needs root (or sudo) for apt-get.
set -euo pipefail

PKGS=(
  cmake ninja-build g++ make
  llvm-19-dev liblld-19-dev libpolly-19-dev llvm-19-tools clang-19
  zlib1g-dev libzstd-dev
  antlr4 libantlr4-runtime-dev libcli11-dev doctest-dev
  python3 python3-numpy python3-scipy python3-pytest python3-skimage
  python3-hypothesis python3-numba python3-dask python3-distributed
  python3-pytest-xdist
  python3-matplotlib cython3
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PKGS[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

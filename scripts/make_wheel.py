#!/usr/bin/env python3
"""make_wheel.py - writes the llcc wheel from a finished build (stdlib only).

    python3 scripts/make_wheel.py BUILD_DIR OUT_DIR

The wheel holds the pure-Python package (python/llcc), the compile library
libllcc.so with the ANTLR runtime it links (both in the package folder,
where llcc._capi finds them; libllcc.so's RUNPATH is $ORIGIN), and the
static `llcc` executable as a wheel script, which pip installs into the
environment's bin/ (so `llcc` is on PATH in an activated venv). No build
step and no compiler on the installing machine. The tag is
py3-none-linux_x86_64: the package is Python-version independent (ctypes
only) but the binaries are x86-64 Linux ones built against this machine's
glibc (Debian 12, 2.36).

A wheel is a zip file with a dist-info folder (PEP 427); writing it
directly keeps packaging free of setuptools and of any package index.
"""
import base64
import ctypes.util
import hashlib
import os
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TAG = "py3-none-linux_x86_64"


def project_version():
    text = (ROOT / "pyproject.toml").read_text()
    return re.search(r'^version\s*=\s*"([^"]+)"', text, re.M).group(1)


def antlr_runtime(library):
    """Path of the libantlr4-runtime.so.* that `library` links."""
    out = subprocess.run(["ldd", str(library)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if "libantlr4-runtime" in line and "=>" in line:
            return Path(line.split("=>")[1].split("(")[0].strip())
    return None


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def main():
    build, out_dir = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    version = project_version()
    dist = f"llcc-{version}"
    files = []  # (archive name, bytes, executable)
    for py in sorted((ROOT / "python" / "llcc").glob("*.py")):
        files.append((f"llcc/{py.name}", py.read_bytes(), False))
    library = build / "capi" / "libllcc.so"
    files.append(("llcc/libllcc.so", library.read_bytes(), True))
    runtime = antlr_runtime(library)
    if runtime:
        files.append((f"llcc/{runtime.name}", runtime.read_bytes(), True))
    files.append((f"{dist}.data/scripts/llcc", (build / "cli" / "llcc").read_bytes(), True))

    readme = (ROOT / "docs" / "python.md").read_text()
    metadata = (
        "Metadata-Version: 2.1\n"
        f"Name: llcc\nVersion: {version}\n"
        "Summary: Compile Python-syntax filter functions into SciPy LowLevelCallables\n"
        "Requires-Python: >=3.9\nRequires-Dist: numpy\nRequires-Dist: scipy\n"
        "Classifier: Programming Language :: Python :: 3\n"
        "Classifier: Operating System :: POSIX :: Linux\n"
        "Description-Content-Type: text/markdown\n\n" + readme)
    wheel = ("Wheel-Version: 1.0\nGenerator: llcc scripts/make_wheel.py\n"
             f"Root-Is-Purelib: false\nTag: {TAG}\n")
    files.append((f"{dist}.dist-info/METADATA", metadata.encode(), False))
    files.append((f"{dist}.dist-info/WHEEL", wheel.encode(), False))
    files.append((f"{dist}.dist-info/top_level.txt", b"llcc\n", False))
    record_name = f"{dist}.dist-info/RECORD"
    record = "\n".join([record_line(n, d) for n, d, _ in files] + [f"{record_name},,"]) + "\n"

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{dist}-{TAG}.whl"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, data, executable in files + [(record_name, record.encode(), False)]:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            mode = 0o755 if executable else 0o644
            info.external_attr = (stat.S_IFREG | mode) << 16
            zf.writestr(info, data)
    print(target)


if __name__ == "__main__":
    main()

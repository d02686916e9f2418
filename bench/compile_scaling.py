"""Compile cost against program size: one function of N statements.

    /usr/bin/python3 bench/compile_scaling.py [--llcc build/cli/llcc]
        [--sizes 1000,2000,5000,10000,20000,50000,100000] [--levels check,0,2]
        [--runs 1] [--no-verify]

The program is one filter whose body is N copies of

    s = s + values[i % 9] * c

(`i` and `c` are computed at run time, so nothing folds away and every
statement keeps its index check). For each N it times `llcc --check`,
`llcc -O0` and `llcc -O2` to a shared object (whole-process wall time, the
best of --runs), runs each .so through scipy.ndimage.generic_filter and
checks that every level gives the same result as CPython running the same
file, bit for bit, and prints a table with the growth factor from the
previous size (linear cost doubles the time when N doubles; the factor
column is normalised to "per doubling" and computed from CPU time, which a
busy shared machine disturbs less than wall time).

A benchmark, not a test: it prints figures and asserts only that results
agree. It takes minutes at N = 100,000.
"""
import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy
import scipy.ndimage as ndi

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SIGNATURE = "int (double *, intptr_t, double *, void *)"


def program(n):
    lines = [
        "def big(values):",
        "    s = 0.0",
        "    c = 1.0 / len(values) + values[0] * 0.0",
        "    i = len(values) // 2",
    ]
    lines += ["    s = s + values[i % 9] * c"] * n
    lines.append("    return s")
    return "\n".join(lines) + "\n"


def timed(cmd, runs):
    """Best wall time of `runs`, and the CPU time (user + system) of that
    run: on a shared machine the CPU time is the steadier figure."""
    best, best_cpu = math.inf, math.inf
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr[:2000]}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if elapsed < best:
            best, best_cpu = elapsed, cpu
    return best, best_cpu


def run_so(path, img):
    import ctypes
    lib = ctypes.CDLL(path)
    func = lib.big
    func.restype = ctypes.c_int
    func.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_ssize_t,
                     ctypes.POINTER(ctypes.c_double), ctypes.c_void_p]
    return ndi.generic_filter(img, scipy.LowLevelCallable(func, signature=SIGNATURE), size=3)


def fmt(seconds):
    if seconds is None:
        return "—"
    return f"{seconds * 1e3:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--llcc", default=os.path.join(ROOT, "build", "cli", "llcc"))
    ap.add_argument("--sizes", default="1000,2000,5000,10000,20000,50000,100000")
    ap.add_argument("--levels", default="check,0,2")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--no-verify", action="store_true")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    levels = args.levels.split(",")
    img = np.random.default_rng(0).uniform(-1, 1, (12, 12))

    rows = []
    with tempfile.TemporaryDirectory() as work:
        for n in sizes:
            src = os.path.join(work, f"big{n}.flt")
            with open(src, "w") as f:
                f.write(program(n))
            expected = None
            if not args.no_verify:
                namespace = {}
                exec(compile(program(n), src, "exec"), namespace)
                expected = ndi.generic_filter(img, namespace["big"], size=3)
            row = {"n": n}
            for level in levels:
                if level == "check":
                    row[level] = timed([args.llcc, src, "--check"], args.runs)
                    continue
                so = os.path.join(work, f"big{n}.O{level}.so")
                row[level] = timed([args.llcc, src, f"-O{level}", "-o", so], args.runs)
                if expected is not None:
                    got = run_so(so, img)
                    if not np.array_equal(got, expected):
                        raise SystemExit(f"N={n} -O{level}: result differs from CPython")
            row["verified"] = expected is not None
            rows.append(row)
            print(f"  N={n}: " + ", ".join(f"{lv} {fmt(row[lv][0])} (cpu {fmt(row[lv][1])})"
                                          for lv in levels),
                  file=sys.stderr, flush=True)

    names = ["--check" if lv == "check" else f"-O{lv} to .so" for lv in levels]
    head = "| N | " + " | ".join(f"{name} wall (CPU)" for name in names)
    head += " | " + " | ".join(f"× per doubling, CPU ({name.split()[0]})" for name in names)
    head += " | same as CPython |"
    print(head)
    print("|" + "---|" * (1 + 2 * len(levels) + 1))
    prev = None
    for row in rows:
        cells = [f"{row['n']:,}"] + [f"{fmt(row[lv][0])} ({fmt(row[lv][1])})" for lv in levels]
        for lv in levels:
            if prev is None or prev[lv][1] <= 0:
                cells.append("")
            else:
                doublings = math.log2(row["n"] / prev["n"])
                cells.append(f"{(row[lv][1] / prev[lv][1]) ** (1 / doublings):.2f}×")
        cells.append("yes" if row["verified"] else "not checked")
        print("| " + " | ".join(cells) + " |")
        prev = row


if __name__ == "__main__":
    main()

"""Compile latency of examples/fmin.flt: a cold `llcc` process against a warm
compile through the compile library in this Python session.

    /usr/bin/python3 bench/compile_latency.py [--runs 30]

  cold CLI      `llcc fmin.flt -o fmin.so`, a fresh process each time (after
                one warm-up run, so the file cache is warm as in an
                edit-compile loop): what a Makefile pays
  warm library  libllcc.so's llcc_compile through python/llcc/_capi.py in
                this process, after one warm-up compile: what llcc.compile
                and the decorators pay once the session has loaded LLVM
                (the result's bytes included; llcc.compile's cache is not
                involved)

Prints medians and minima of wall time, and the CPU time of each, which a
busy shared machine disturbs less.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "python"))


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--llcc", default=os.path.join(ROOT, "build", "cli", "llcc"))
    ap.add_argument("--library", default=os.path.join(ROOT, "build", "capi", "libllcc.so"))
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    fmin = os.path.join(ROOT, "examples", "fmin.flt")
    rows = []
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "fmin.so")
        cmd = [args.llcc, fmin, "-o", out]
        subprocess.run(cmd, check=True)
        walls, cpus = [], []
        for _ in range(args.runs):
            c0, t0 = cpu_children(), time.perf_counter()
            subprocess.run(cmd, check=True)
            walls.append(time.perf_counter() - t0)
            cpus.append(cpu_children() - c0)
        rows.append(("cold CLI: llcc fmin.flt -o fmin.so", walls, cpus))

    from llcc import _capi
    comp = _capi.Compiler(args.library)
    text = open(fmin, "rb").read()
    status, diagnostics, library, _ = comp.compile(text, "fmin.flt", {"opt_level": 2})
    assert status == 0 and library, diagnostics
    walls, cpus = [], []
    for _ in range(args.runs):
        c0, t0 = time.process_time(), time.perf_counter()
        comp.compile(text, "fmin.flt", {"opt_level": 2})
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    rows.append(("warm library: llcc_compile in a Python session", walls, cpus))

    print(f"| compile of examples/fmin.flt (-O2) | wall median | wall min | CPU median | runs |")
    print("|---|---|---|---|---|")
    for name, walls, cpus in rows:
        print(f"| {name} | {statistics.median(walls) * 1e3:.1f} ms | {min(walls) * 1e3:.1f} ms "
              f"| {statistics.median(cpus) * 1e3:.1f} ms | {len(walls)} |")


if __name__ == "__main__":
    main()

"""Compile latency: a cold process per compile, for one small function.

The same function (the 3x3-cross minimum of bench/filters/min_cross.flt) is
made into a SciPy LowLevelCallable by:

  llcc           `llcc min_cross.flt -o min_cross.so`, a fresh process each time
  numba          a fresh `/usr/bin/python3 -c` process: import numba, jit the
                 function and compile the cfunc wrapper (the llc-tools pattern)
  Cython + gcc   `cython3` to C, then `gcc -O3 -shared` against Python.h
  gcc (C)        the hand-written C callback, `gcc -O3 -shared`

Times are whole-process wall times (median of N runs), measured from Python
with subprocess; the `/bin/true` row is the cost of starting a process that
way, included in every other row.
"""
import os
import shutil
import statistics
import subprocess
import sysconfig
import time

HERE = os.path.dirname(os.path.abspath(__file__))

NUMBA_SCRIPT = r'''
import numba
from numba import carray, cfunc, jit
from numba.types import CPointer, float64, intc, intp, voidptr
import numpy as np

def min_cross(values):
    result = np.inf
    for v in values:
        if v < result:
            result = v
    return result

jitted = jit(min_cross, nopython=True)

@cfunc(intc(CPointer(float64), intp, CPointer(float64), voidptr))
def wrapped(values_ptr, len_values, result, data):
    values = carray(values_ptr, (len_values,), dtype=float64)
    result[0] = jitted(values)
    return 1

wrapped.address
'''

CYTHON_SOURCE = '''\
# cython: language_level=3, boundscheck=False, wraparound=False
from libc.stdint cimport intptr_t
from libc.math cimport INFINITY

cdef api int min_cross(double *values, intptr_t n, double *result, void *user_data) nogil:
    cdef double r = INFINITY
    cdef intptr_t i
    for i in range(n):
        if values[i] < r:
            r = values[i]
    result[0] = r
    return 1
'''

C_SOURCE = '''\
#include <math.h>
#include <stdint.h>
int min_cross(double *values, intptr_t n, double *result, void *user_data) {
  double r = INFINITY;
  for (intptr_t i = 0; i < n; ++i)
    if (values[i] < r)
      r = values[i];
  *result = r;
  return 1;
}
'''


def time_runs(cmd, runs, cwd=None):
    """Wall times in ms of `runs` fresh processes of `cmd` (after one warm-up
    run, so the file cache is warm as it is in an edit-compile loop)."""
    subprocess.run(cmd, check=True, cwd=cwd, stdout=subprocess.DEVNULL)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1e3)
    return times


def measure(llcc, workdir, runs, slow_runs, baseline=None, log=print):
    """Rows of (what, median ms, min ms, runs, note)."""
    flt = os.path.join(HERE, "filters", "min_cross.flt")
    rows = []

    def row(name, cmd, n, note="", cwd=None):
        log(f"  latency: {name} ...")
        times = time_runs(cmd, n, cwd)
        rows.append((name, statistics.median(times), min(times), n, note))

    row("process start (/bin/true)", ["/bin/true"], runs, "floor of every row")
    row("llcc (this build)", [llcc, flt, "-o", os.path.join(workdir, "lat.so")], runs,
        "cold process: parse, optimise -O2, emit, link in process")
    if baseline:
        row("llcc (--llcc-baseline binary)",
            [baseline, flt, "-o", os.path.join(workdir, "lat0.so")], runs,
            "for comparison, e.g. a build with -DLLCC_STATIC_LLVM=OFF")
    row("llcc --check", [llcc, flt, "--check"], runs, "parse and type-check only")
    row("llcc --version", [llcc, "--version"], runs, "start-up and exit only")

    with open(os.path.join(workdir, "min_cross.c"), "w") as f:
        f.write(C_SOURCE)
    row("gcc -O3 (hand-written C)", ["gcc", "-O3", "-march=native", "-shared", "-fPIC",
                                     "min_cross.c", "-o", "min_cross_c.so"],
        slow_runs, "", cwd=workdir)

    py = "/usr/bin/python3"
    row("python3 -c 'import numba'", [py, "-c", "import numba"], slow_runs,
        "import only")
    row("numba (import + jit + cfunc)", [py, "-c", NUMBA_SCRIPT], slow_runs,
        "fresh interpreter, no cache")

    cython = shutil.which("cython3") or shutil.which("cython")
    if cython:
        with open(os.path.join(workdir, "min_cross_cy.pyx"), "w") as f:
            f.write(CYTHON_SOURCE)
        include = sysconfig.get_paths()["include"]
        script = (f"{cython} -3 min_cross_cy.pyx -o min_cross_cy.c && "
                  f"gcc -O3 -march=native -shared -fPIC -I{include} min_cross_cy.c "
                  f"-o min_cross_cy.so")
        row("Cython + gcc -O3", ["/bin/sh", "-c", script], slow_runs,
            "cython3 to C, then gcc", cwd=workdir)
    else:
        rows.append(("Cython + gcc -O3", None, None, 0, "cython3 not installed"))
    return rows

"""Issue 14's speed rows side by side, for one or more llcc builds.

    /usr/bin/python3 bench/speed_rows.py LLCC[,LLCC2...] [N [REPEATS [CASES]]]

CASES is a comma-separated subset of median,std,count,min,ma,quad. For each
llcc build: the median 5x5, std 7x7, count 9x9 and min 3x3 cross filters
(bench/filters) through SciPy's generic_filter with the compiled callback
("cb") and through llcc.generic_filter on one thread ("kernel"), the
generic_filter1d moving average of 11 through SciPy with the callback, and
1000 scipy.integrate.quad calls of the damped wave (as bench/cases.py); the
hand-written C callbacks of bench/reference.c beside them, and SciPy's cost
per call alone (the no-op C callbacks, "noop"). Every row is checked for
bit-identical results against the first build's callback, then timed N x N,
REPEATS times, interleaved and rotating: median wall time and median CPU
time of the process (time.process_time, all its threads), in ms. On a
loaded machine the CPU time is the steadier figure: it leaves out the time
other processes held the cores. Not part of scripts/bench.sh.
"""
import ctypes
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy
from scipy import ndimage

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT + "/python")
import llcc as L  # noqa: E402

llccs = sys.argv[1].split(",")
N = int(sys.argv[2]) if len(sys.argv) > 2 else 512
R = int(sys.argv[3]) if len(sys.argv) > 3 else 5
only = sys.argv[4].split(",") if len(sys.argv) > 4 else None
W = tempfile.mkdtemp(prefix="llcc-speed-")
ref = f"{W}/ref.so"
subprocess.run(["gcc", "-O3", "-march=native", "-shared", "-fPIC", ROOT + "/bench/reference.c",
                "-o", ref, "-lm"], check=True)
ref = ctypes.CDLL(ref)
FS = "int (double *, intptr_t, double *, void *)"
F1 = "int (double *, intptr_t, double *, intptr_t, void *)"
img = np.random.default_rng(2024).random((N, N))
rows = {}


def add(name, f):
    rows[name] = f


# count_above takes its threshold from user_data (one double), as in bench/cases.py.
threshold = (ctypes.c_double * 1)(0.5)
ud = ctypes.cast(threshold, ctypes.c_void_p)
CROSS = dict(footprint=np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=bool))
cases = [("median", "median", dict(size=5), None), ("std", "std_dev", dict(size=7), None),
         ("count_above", "count_above", dict(size=9), ud), ("min_cross", "min_cross", CROSS, None)]
for case, cname, size, data in cases:
    if only and case.split("_")[0] not in only: continue
    c = scipy.LowLevelCallable(getattr(ref, cname), user_data=data, signature=FS)
    add(f"{case} C", lambda c=c, size=size: ndimage.generic_filter(img, c, **size))
    if only:
        noop = scipy.LowLevelCallable(ref.noop_filter, signature=FS)
        add(f"{case} noop", lambda c=noop, size=size: ndimage.generic_filter(img, c, **size))
    for k, exe in enumerate(llccs):
        so = f"{W}/{case}{k}.so"
        subprocess.run([exe, f"{ROOT}/bench/filters/{case}.flt", "--image-kernels", "-o", so], check=True)
        lib = ctypes.CDLL(so)
        cb = scipy.LowLevelCallable(getattr(lib, case), user_data=data, signature=FS)
        add(f"{case} llcc{k} cb", lambda cb=cb, size=size: ndimage.generic_filter(img, cb, **size))
        whole = L.load(so)[case]
        if data is not None:
            whole = whole.bind(threshold=0.5)
        add(f"{case} llcc{k} kernel", lambda w=whole, size=size: L.generic_filter(img, w, **size, threads=1))
if not only or "ma" in only:
    c = scipy.LowLevelCallable(ref.moving_average, signature=F1)
    add("ma C", lambda: ndimage.generic_filter1d(img, c, 11, axis=-1))
    for k, exe in enumerate(llccs):
        so = f"{W}/ma{k}.so"
        subprocess.run([exe, f"{ROOT}/bench/filters/moving_average.flt", "-o", so], check=True)
        lib = ctypes.CDLL(so)
        cb = scipy.LowLevelCallable(lib.moving_average, signature=F1)
        add(f"ma llcc{k} cb", lambda cb=cb: ndimage.generic_filter1d(img, cb, 11, axis=-1))
if only and "quad" in only:
    from scipy import integrate
    FI = "double (int, double *, void *)"

    def quads(f):
        return np.array([sum(integrate.quad(f, 0.0, 5.0, args=(0.7, 3.0))[0] for _ in range(1000))])
    add("quad C", lambda c=scipy.LowLevelCallable(ref.damped_wave, signature=FI): quads(c))
    add("quad noop", lambda c=scipy.LowLevelCallable(ref.noop_integrand, signature=FI): quads(c))
    for k, exe in enumerate(llccs):
        so = f"{W}/quad{k}.so"
        subprocess.run([exe, f"{ROOT}/bench/filters/damped_wave.flt", "-o", so], check=True)
        cb = scipy.LowLevelCallable(ctypes.CDLL(so).damped_wave, signature=FI)
        add(f"quad llcc{k} cb", lambda cb=cb: quads(cb))
res = {k: f() for k, f in rows.items()}
for k in res:
    base = [b for b in res if b.split()[0] == k.split()[0] and "llcc0 cb" in b][0]
    if "noop" not in k and not np.array_equal(res[k], res[base]):
        # The C std sums left to right, not pairwise as numpy: last bits differ.
        print("differs from llcc0 cb:", k, np.max(np.abs(res[k] - res[base])))
T = {k: [] for k in rows}
C = {k: [] for k in rows}
names = list(rows)
for r in range(R):
    names = names[1:] + names[:1]
    for k in names:
        t, cpu = time.perf_counter(), time.process_time()
        rows[k]()
        T[k].append(time.perf_counter() - t)
        C[k].append(time.process_time() - cpu)
print("load", os.getloadavg())
for k in rows:
    c = k.split()[0] + " C"
    ratio = statistics.median(C[k]) / statistics.median(C[c])
    print(f"{k:28s} wall {statistics.median(T[k]) * 1e3:9.2f} ms  cpu {statistics.median(C[k]) * 1e3:9.2f} ms"
          f"  cpu/C {ratio:5.2f}x")

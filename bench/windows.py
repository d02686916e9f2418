"""bench/windows.py - window filters against flat-index filters.

Times scipy.ndimage.generic_filter on a 1024x1024 image with the compiled
callbacks of bench/windows.flt, each window filter (values.reshape + 2-D
slices) beside the same filter written with flat indices; prints the median
of interleaved runs and the ratio (window / flat).

Usage: llcc bench/windows.flt -o windows.so && python3 bench/windows.py ./windows.so [RUNS]

Measured 2026-12-01 (shared 2-vCPU machine, load average 7.7, 9 runs):
sobel 31.8 vs 30.2 ms (1.05), kuwahara 100.6 vs 151.8 ms (0.66), inner-vs-ring
47.9 vs 46.8 ms (1.02).
"""
import ctypes, time, sys, numpy as np, scipy, scipy.ndimage as ndi
lib = ctypes.CDLL(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 9
img = np.random.default_rng(0).random((1024, 1024))
sig = "int (double *, intptr_t, double *, void *)"
def once(cb, size):
    t0 = time.perf_counter(); ndi.generic_filter(img, cb, size=size); return time.perf_counter() - t0
for a, b, size in [("sobel_window", "sobel_flat", 3), ("kuwahara_window", "kuwahara_flat", 5), ("inner_window", "inner_flat", 5)]:
    ca = scipy.LowLevelCallable(getattr(lib, a), signature=sig)
    cb = scipy.LowLevelCallable(getattr(lib, b), signature=sig)
    assert np.allclose(ndi.generic_filter(img[:50, :50], ca, size=size), ndi.generic_filter(img[:50, :50], cb, size=size))
    ta, tb = [], []
    for _ in range(runs):
        ta.append(once(ca, size)); tb.append(once(cb, size))
    ma, mb = float(np.median(ta)), float(np.median(tb))
    print(f"{a:16s} {ma*1000:7.1f} ms  {b:14s} {mb*1000:7.1f} ms  ratio {ma/mb:.2f}")

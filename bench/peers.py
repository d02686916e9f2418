"""llcc.generic_filter beside the newest peers: SciPy's vectorized_filter and numba.

    /usr/bin/python3 bench/peers.py [--size 1024] [--repeat 5] [--venv build/peers-venv]

SciPy >= 1.16's ``scipy.ndimage.vectorized_filter`` (a vectorised numpy
function over windows made with ``sliding_window_view``, in batches of up
to 1 GiB) and numba's ``@stencil`` under ``@njit(parallel=True)`` (constant
border only) are not in Debian 12, so this script makes a virtual
environment with the current SciPy, numpy and numba from the Python package
index (once; it needs the network) and runs itself there. When the index is
unreachable it prints a note and exits 0: these rows are skipped, nothing
else depends on them.

Each case times every row in the same process, interleaved round by round,
and prints medians, the ratio to llcc, and each row's peak of traced
memory (tracemalloc sees numpy's allocations) beside the input's size.
Results are compared before any time is printed: llcc's output must equal
vectorized_filter's (bit for bit where numpy's algorithm is deterministic:
median, nanmedian, the std of the same values in the same order; they are
reported as "equal" or with the largest difference).
"""
import argparse
import os
import statistics
import subprocess
import sys
import time
import tracemalloc

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PACKAGES = ["scipy>=1.16", "numpy", "numba"]


def ensure_venv(path):
    """The venv's python, made (and filled from the package index) once;
    None, with a note, when that is impossible here."""
    python = os.path.join(path, "bin", "python")
    if os.path.exists(python):
        return python
    try:
        subprocess.run([sys.executable, "-m", "venv", path], check=True, capture_output=True)
        subprocess.run([python, "-m", "pip", "install", "-q", *PACKAGES], check=True,
                       capture_output=True, timeout=900)
    except (OSError, subprocess.SubprocessError) as exc:
        print(f"peers: skipped: cannot make a virtual environment with {', '.join(PACKAGES)} "
              f"from the package index here ({type(exc).__name__}); these rows need it",
              file=sys.stderr)
        return None
    return python


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_memory(fn):
    """The peak of traced allocations during one call, plus the result's
    own bytes where tracemalloc cannot see them: llcc's large outputs are
    anonymous mappings, kept and reused from call to call
    (python/llcc/_image.py, _new_output), which tracemalloc does not trace.
    A result numpy allocated is still alive when the call returns, so the
    traced memory then holds it."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = fn()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak + (0 if current >= result.nbytes else result.nbytes)


def run(args):
    import numpy as np
    import scipy
    import scipy.ndimage as ndi
    sys.path.insert(0, os.path.join(ROOT, "python"))
    import llcc

    lib = llcc.compile(os.path.join(HERE, "filters", "peers.flt"))
    rng = np.random.default_rng(0)
    image = rng.normal(size=(args.size, args.size))
    holes = image.copy()
    holes[rng.uniform(size=image.shape) < 0.05] = np.nan
    print(f"peers: SciPy {scipy.__version__}, numpy {np.__version__}, image {image.shape}, "
          f"{os.cpu_count()} CPUs, median of {args.repeat}; load average "
          f"{os.getloadavg()[0]:.1f}")

    cases = [
        ("median 5x5", image, 5, lib.median, lambda w, axis: np.median(w, axis=axis)),
        ("nanmedian 5x5", holes, 5, lib.nanmedian, lambda w, axis: np.nanmedian(w, axis=axis)),
        ("std 7x7", image, 7, lib.std, lambda w, axis: np.std(w, axis=axis)),
        ("75th percentile 5x5", image, 5, lib.q3,
         lambda w, axis: np.percentile(w, 75, axis=axis)),
    ]
    rows = []
    for name, data, size, callback, vectorized in cases:
        ours = llcc.generic_filter(data, callback, size=size)
        theirs = ndi.vectorized_filter(data, vectorized, size=size)
        same = np.array_equal(ours, theirs, equal_nan=True)
        diff = "equal" if same else f"max |diff| {np.nanmax(np.abs(ours - theirs)):.2e}"
        t_llcc = t_vec = 0.0
        t_llcc = timed(lambda: llcc.generic_filter(data, callback, size=size), args.repeat)
        t_vec = timed(lambda: ndi.vectorized_filter(data, vectorized, size=size),
                      max(1, args.repeat // 2))
        m_llcc = peak_memory(lambda: llcc.generic_filter(data, callback, size=size))
        m_vec = peak_memory(lambda: ndi.vectorized_filter(data, vectorized, size=size))
        rows.append((name, "llcc.generic_filter", t_llcc, 1.0, m_llcc, diff))
        rows.append((name, "scipy vectorized_filter", t_vec, t_vec / t_llcc, m_vec, ""))

    try:
        import numba
        from numba import njit, stencil

        @stencil
        def mean3(a):
            return (a[-1, -1] + a[-1, 0] + a[-1, 1] + a[0, -1] + a[0, 0] + a[0, 1]
                    + a[1, -1] + a[1, 0] + a[1, 1]) / 9.0

        @njit(parallel=True)
        def numba_mean3(a):
            return mean3(a)

        numba_mean3(image)  # compile
        ours = llcc.generic_filter(image, lib.mean3, size=3, mode="constant", cval=0.0)
        theirs = numba_mean3(image)
        # numba's stencil leaves the border at 0 (its only border rule).
        inner = (slice(1, -1), slice(1, -1))
        same = np.array_equal(ours[inner], theirs[inner])
        t_llcc = timed(lambda: llcc.generic_filter(image, lib.mean3, size=3, mode="constant"),
                       args.repeat)
        t_nb = timed(lambda: numba_mean3(image), args.repeat)
        rows.append(("mean 3x3, constant border", "llcc.generic_filter", t_llcc, 1.0,
                     peak_memory(lambda: llcc.generic_filter(image, lib.mean3, size=3,
                                                             mode="constant")),
                     "equal inside" if same else "differs inside"))
        rows.append(("mean 3x3, constant border", f"numba {numba.__version__} @stencil "
                     f"parallel", t_nb, t_nb / t_llcc, peak_memory(lambda: numba_mean3(image)),
                     ""))
    except ImportError as exc:
        print(f"peers: numba rows skipped ({exc})")

    mb = image.nbytes / 2**20
    print(f"\n| case | row | median | vs llcc | peak memory (input {mb:.0f} MiB) | result |")
    print("|---|---|---|---|---|---|")
    for name, row, t, ratio, mem, note in rows:
        print(f"| {name} | {row} | {t * 1e3:.1f} ms | {ratio:.2f}x | {mem / 2**20:.1f} MiB "
              f"| {note} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1024)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--venv", default=os.path.join(ROOT, "build", "peers-venv"))
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        run(args)
        return 0
    python = ensure_venv(args.venv)
    if python is None:
        return 0
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    env.setdefault("LLCC", os.path.join(ROOT, "build", "cli", "llcc"))
    return subprocess.call([python, os.path.abspath(__file__), "--inside", "--size",
                            str(args.size), "--repeat", str(args.repeat)], env=env)


if __name__ == "__main__":
    sys.exit(main())

"""Compile examples/fmin.flt with llcc and race it against CPython.

Usage:
    /usr/bin/python3 examples/demo.py [--llcc PATH] [--out DIR]

The script compiles the minimum filter in examples/fmin.flt into a shared
object, wraps its exported ``fmin`` function in a ``scipy.LowLevelCallable``
with nothing but ctypes, and runs ``scipy.ndimage.generic_filter`` with a
3x3 cross footprint over the 512x512 ``skimage.data.camera()`` image.  The
same .flt source is then executed by CPython (every llcc program is valid
Python) and passed to ``generic_filter`` as an ordinary Python callback.
The script checks that both results are identical, prints the timings and
the speed-up, and writes a before/after PNG into the output directory.
"""
import argparse
import ctypes
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.ndimage as ndi  # noqa: E402
from skimage import data  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SOURCE = HERE / "fmin.flt"
SIGNATURE = "int (double *, intptr_t, double *, void *)"
FOOTPRINT = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=bool)
COMPILED_RUNS = 7


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_llcc = os.environ.get("LLCC", str(REPO / "build" / "cli" / "llcc"))
    parser.add_argument("--llcc", default=default_llcc,
                        help="path to the llcc binary (default: $LLCC or build/cli/llcc)")
    parser.add_argument("--out", default=str(REPO / "out"),
                        help="directory for the before/after PNG (default: out/)")
    return parser.parse_args()


def compile_filter(llcc, source, so_path):
    """Run llcc; exit with its diagnostics if compilation fails."""
    cmd = [llcc, str(source), "-o", str(so_path)]
    print("$ " + " ".join(cmd), flush=True)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as exc:
        sys.exit(f"error: cannot run llcc at {llcc}: {exc.strerror} (build it, or pass --llcc PATH)")
    if proc.returncode != 0:
        sys.exit(f"error: llcc failed with exit code {proc.returncode}:\n{proc.stderr}")


def load_callable(so_path, name):
    """Wrap an exported llcc function as a scipy.LowLevelCallable."""
    lib = ctypes.CDLL(str(so_path))
    func = getattr(lib, name)
    func.restype = ctypes.c_int
    func.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_ssize_t,
                     ctypes.POINTER(ctypes.c_double), ctypes.c_void_p]
    # Keep `lib` alive for as long as the callable exists.
    return scipy.LowLevelCallable(func, user_data=None, signature=SIGNATURE), lib


def load_python(source, name):
    """Execute the .flt source as Python and return the named function."""
    namespace = {"__name__": source.stem}
    exec(compile(source.read_bytes(), str(source), "exec"), namespace)
    return namespace[name]


def time_filter(image, function, runs):
    """Return (result, list of wall-clock seconds) for `runs` filter calls."""
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = ndi.generic_filter(image, function, footprint=FOOTPRINT)
        times.append(time.perf_counter() - start)
    return result, times


def save_png(image, filtered, path):
    fig, axes = plt.subplots(1, 2, figsize=(10, 5.4))
    for ax, img, title in ((axes[0], image, "camera (input)"),
                           (axes[1], filtered, "fmin, 3x3 cross (llcc)")):
        ax.imshow(img, cmap="gray", vmin=0, vmax=255)
        ax.set_title(title)
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def time_whole_image(llcc_path, image, tmp):
    """llcc.generic_filter on the same source, compiled with image kernels."""
    sys.path.insert(0, str(REPO / "python"))
    os.environ.setdefault("LLCC", str(Path(llcc_path).resolve()))
    os.environ.setdefault("LLCC_CACHE_DIR", str(Path(tmp) / "cache"))
    import llcc

    lib = llcc.compile(SOURCE, image_kernels=True)
    times = []
    result = None
    for _ in range(COMPILED_RUNS):
        start = time.perf_counter()
        result = llcc.generic_filter(image, lib.fmin, footprint=FOOTPRINT)
        times.append(time.perf_counter() - start)
    return result, times


def main():
    args = parse_args()
    out_dir = Path(args.out)
    image = data.camera().astype(np.float64)
    print(f"image: skimage.data.camera(), {image.shape[0]}x{image.shape[1]} float64; "
          f"footprint: 3x3 cross ({int(FOOTPRINT.sum())} neighbours)\n")

    with tempfile.TemporaryDirectory(prefix="llcc-demo-") as tmp:
        so_path = Path(tmp) / "fmin.so"
        compile_filter(args.llcc, SOURCE, so_path)
        compiled, _lib = load_callable(so_path, "fmin")
        compiled_result, compiled_times = time_filter(image, compiled, COMPILED_RUNS)

        # The whole-image kernel of the same file (llcc --image-kernels),
        # through the llcc Python package's llcc.generic_filter.
        whole_result, whole_times = time_whole_image(args.llcc, image, tmp)

        python_fmin = load_python(SOURCE, "fmin")
        # The CPython callback is slow; run it once on the full image.
        python_result, python_times = time_filter(image, python_fmin, 1)

    identical = (np.array_equal(compiled_result, python_result)
                 and np.array_equal(whole_result, python_result))
    t_llcc = statistics.median(compiled_times)
    t_whole = statistics.median(whole_times)
    t_python = python_times[0]

    print()
    print(f"  llcc-compiled fmin : {t_llcc * 1e3:9.2f} ms  (median of {COMPILED_RUNS} runs)")
    print(f"  CPython fmin       : {t_python * 1e3:9.2f} ms  (1 run, same full image)")
    print(f"  speed-up           : {t_python / t_llcc:9.1f}x")
    print(f"  llcc.generic_filter: {t_whole * 1e3:9.2f} ms  (whole-image kernel, all cores; "
          f"{t_python / t_whole:.0f}x CPython, {t_llcc / t_whole:.1f}x the callback)")
    print(f"  results identical  : {'yes' if identical else 'NO'}")

    out_dir.mkdir(parents=True, exist_ok=True)
    png = out_dir / "fmin_camera.png"
    save_png(image, compiled_result, png)
    print(f"\nwrote {png}")
    if not identical:
        diff = np.argwhere(compiled_result != python_result)
        print(f"error: {len(diff)} pixels differ, first at {tuple(diff[0])}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""2-D and 3-D windows, masks and int arrays, end to end through SciPy.

tests/python/windows/windows.flt holds natural numpy filters over
`values.reshape(5, 5)` and friends: a Kuwahara filter, Sobel magnitudes, a
trimmed mean with a mask, a NaN-ignoring mean, axis= reductions, products.
Each runs through scipy.ndimage.generic_filter twice, as the compiled
LowLevelCallable and as the same function in CPython, and the images must
agree bit for bit (NaN equal to NaN): llcc sums n-dimensional arrays in
numpy's own order. Runtime errors must raise CPython's class and message.
"""
import ctypes
import os
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy
import scipy.ndimage as ndi

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "windows" / "windows.flt"
LLCC = os.environ.get("LLCC", str(HERE.parents[1] / "build" / "cli" / "llcc"))
SIGNATURE = "int (double *, intptr_t, double *, void *)"

FILTERS = {
    # name: footprint size
    "kuwahara": (5, 5), "sobel": (3, 3), "sobel_dot": (3, 3), "laplace": (3, 3),
    "trimmed_mean": (3, 3), "nan_mean": (3, 3), "ring_contrast": (5, 5),
    "row_col_range": (5, 5), "axis_moments": (5, 5), "rows_loop": (5, 5),
    "transposed": (5, 5), "median_3d": (3, 3, 3), "count_above": (3, 3), "gather": (3, 3),
    "products": (3, 3), "masked_window": (5, 5), "shapes": (5, 5), "broadcast": (3, 3),
    "transposed_expr": (5, 5), "misc": (3, 3), "int_locals": (3, 3),
    "column_median_range": (5, 5), "row_order_stats": (5, 5),
    "keepdims_centred": (3, 3), "keepdims_zscore": (5, 5),
    "ellipsis_columns": (5, 5), "ellipsis_planes": (3, 3, 3),
}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    out = tmp_path_factory.mktemp("windows") / "windows.so"
    proc = subprocess.run([LLCC, str(SOURCE), "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lib = ctypes.PyDLL(str(out))
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    return lib, namespace


def images(ndim, seed):
    rng = np.random.default_rng(seed)
    shape = (9, 11, 7) if ndim == 3 else (24, 31)
    plain = rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, shape)
    yield "normal", plain
    special = plain.copy()
    flat = special.reshape(-1)
    flat[rng.integers(0, flat.size, 12)] = np.nan
    flat[rng.integers(0, flat.size, 6)] = -0.0
    flat[rng.integers(0, flat.size, 3)] = np.inf
    yield "special", special
    yield "ties", rng.integers(-2, 3, shape).astype(float)


def run(function, image, size):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "ok", ndi.generic_filter(image, function, size=size, mode="reflect")
        except Exception as e:  # the exception is the outcome
            return "raise", e


def same_bits(a, b):
    nan = np.isnan(a) & np.isnan(b)
    return np.array_equal(np.where(nan, 0.0, a).view(np.int64), np.where(nan, 0.0, b).view(np.int64))


@pytest.mark.parametrize("name", sorted(FILTERS))
@pytest.mark.parametrize("seed", [0, 1])
def test_filter_matches_cpython(compiled, name, seed):
    lib, namespace = compiled
    size = FILTERS[name]
    callback = scipy.LowLevelCallable(getattr(lib, name), signature=SIGNATURE)
    for label, image in images(len(size), seed):
        got = run(callback, image, size)
        want = run(namespace[name], image, size)
        assert got[0] == want[0], f"{name} on {label}: {got[1]!r} vs {want[1]!r}"
        if got[0] == "raise":
            assert type(got[1]) is type(want[1])
            assert str(got[1]).endswith(str(want[1])), f"{got[1]} vs {want[1]}"
        else:
            assert same_bits(got[1], want[1]), f"{name} on {label} differs"


@pytest.mark.parametrize("name,size,message", [
    ("wrong_size", (3, 3), "ValueError: cannot reshape array of size 9 into shape (5,5)"),
    ("out_of_bounds", (3, 3), "IndexError: index 3 is out of bounds for axis 0 with size 3"),
])
def test_runtime_errors_match_cpython(compiled, name, size, message):
    lib, namespace = compiled
    image = np.arange(36.0).reshape(6, 6)
    callback = scipy.LowLevelCallable(getattr(lib, name), signature=SIGNATURE)
    got = run(callback, image, size)
    try:  # CPython on the first neighbourhood (SciPy's own error path muddles the message)
        namespace[name](np.arange(9.0))
        want = ("ok", None)
    except Exception as e:
        want = ("raise", e)
    assert got[0] == want[0] == "raise"
    assert f"{type(want[1]).__name__}: {want[1]}" == message
    assert type(got[1]) is type(want[1]) and str(got[1]).endswith(str(want[1]))


LAMBDA_KUWAHARA = '''
import numpy as np

def kuwahara(values):
    w = values.reshape(5, 5)
    quads = [w[:3, :3], w[:3, 2:], w[2:, :3], w[2:, 2:]]
    best = min(quads, key=lambda q: q.var())
    return best.mean()
'''


def test_kuwahara_with_lambda(tmp_path):
    src = tmp_path / "kuwahara_lambda.flt"
    src.write_text(LAMBDA_KUWAHARA)
    out = tmp_path / "k.so"
    proc = subprocess.run([LLCC, str(src), "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lib = ctypes.PyDLL(str(out))
    namespace = {}
    exec(LAMBDA_KUWAHARA, namespace)
    image = np.random.default_rng(3).standard_normal((20, 20))
    callback = scipy.LowLevelCallable(lib.kuwahara, signature=SIGNATURE)
    assert same_bits(run(callback, image, (5, 5))[1], run(namespace["kuwahara"], image, (5, 5))[1])


def test_big_window_matches_cpython(compiled):
    """A 100x100 window: non-contiguous sums of more than 8192 elements."""
    lib, namespace = compiled
    image = np.random.default_rng(11).standard_normal((104, 103)) * 1e3
    callback = scipy.LowLevelCallable(lib.big_window, signature=SIGNATURE)
    got = run(callback, image, (100, 100))
    want = run(namespace["big_window"], image, (100, 100))
    assert got[0] == want[0] == "ok"
    assert same_bits(got[1], want[1])


def test_window_sums_follow_numpy_order():
    """The model the lowering follows, checked against numpy itself: sums of
    n-dimensional views are pairwise sums of memory-order runs of 8192 from
    0.0, which differs from a pairwise sum of the flattened array."""
    def pairwise(a):
        n = len(a)
        if n < 8:
            r = 0.0
            for x in a:
                r += x
            return r
        if n <= 128:
            r = list(a[:8])
            i = 8
            while i < n - n % 8:
                for j in range(8):
                    r[j] += a[i + j]
                i += 8
            s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n:
                s += a[i]
                i += 1
            return s
        m = n // 2
        m -= m % 8
        return pairwise(a[:m]) + pairwise(a[m:])
    rng = np.random.default_rng(5)
    w = (rng.standard_normal(100 * 100) * 10.0 ** rng.integers(-3, 6, 10000)).reshape(100, 100)
    for view in (w[1:, 1:], w.T[2:, :], w[::2, 1:]):
        flat = list(np.ravel(view, order="K"))
        model = 0.0
        for c in range(0, len(flat), 8192):
            model += pairwise(flat[c:c + 8192])
        assert np.sum(view) == model


@pytest.mark.parametrize("name", ["kuwahara", "sobel", "transposed_expr", "axis_moments",
                                  "masked_window", "int_locals"])
def test_whole_image_kernels(name, monkeypatch):
    """llcc.generic_filter's whole-image kernels inline the same window code."""
    monkeypatch.setenv("LLCC", LLCC)
    import sys
    sys.path.insert(0, str(HERE.parents[1] / "python"))
    import llcc
    lib = llcc.compile(SOURCE.read_text(), image_kernels=True)
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    image = next(images(2, 7))[1].copy()
    image[3, 3] = np.nan
    size = FILTERS[name]
    got = llcc.generic_filter(image, getattr(lib, name), size=size)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = ndi.generic_filter(image, namespace[name], size=size)
    assert same_bits(got, want)

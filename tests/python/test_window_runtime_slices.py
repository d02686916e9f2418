"""Slices of windows with run-time bounds, end to end through SciPy.

tests/python/windows/runtime_slices.flt takes blocks of rows at offsets
computed from the data (`w[i - 1:i + 2, 1:4]`), row segments
(`w[2, j - 1:j + 2]`) and 3-D blocks, clamped and empty at the edges as
numpy's slices are. Each filter runs through scipy.ndimage.generic_filter
as the compiled LowLevelCallable and as the same function in CPython, and
the images must agree bit for bit. Run-time errors (min of an empty block,
blocks that do not broadcast) are compared with CPython called directly,
since SciPy garbles exceptions raised by a Python callback.
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
SOURCE = HERE / "windows" / "runtime_slices.flt"
LLCC = os.environ.get("LLCC", str(HERE.parents[1] / "build" / "cli" / "llcc"))
SIGNATURE = "int (double *, intptr_t, double *, void *)"
FILTERS = {"row_bands": (5, 5), "empty_mean": (3, 3), "segment": (5, 5),
           "tenengrad_rows": (5, 5), "band_pairs": (4, 4), "cube_rows": (3, 3, 3),
           "euler_quads": (3, 3), "nlm_patch": (5, 5), "tenengrad": (5, 5),
           "adaptive_median": (5, 5), "box_count": (4, 4), "block_edges": (5, 5),
           "block_pairs": (4, 4)}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    out = tmp_path_factory.mktemp("runtime_slices") / "runtime_slices.so"
    proc = subprocess.run([LLCC, str(SOURCE), "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    return ctypes.PyDLL(str(out)), namespace


def run(function, image, size, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "ok", ndi.generic_filter(image, function, size=size, **kw)
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
    rng = np.random.default_rng(seed)
    shape = (7, 8, 6) if len(size) == 3 else (17, 19)
    callback = scipy.LowLevelCallable(getattr(lib, name), signature=SIGNATURE)
    for image in (rng.integers(-9, 10, shape).astype(float),
                  rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, shape)):
        got, want = run(callback, image, size), run(namespace[name], image, size)
        assert got[0] == want[0] == "ok", (got, want)
        assert same_bits(got[1], want[1]), name


@pytest.mark.parametrize("name,value", [("empty_min", 1.0), ("empty_min", -1.0),
                                        ("mismatch", 1.0), ("mismatch", -1.0),
                                        ("block_min", 1.0), ("block_min", -1.0),
                                        ("block_mismatch", 1.0), ("block_mismatch", -1.0)])
def test_runtime_errors_match_cpython(compiled, name, value):
    lib, namespace = compiled
    callback = scipy.LowLevelCallable(getattr(lib, name), signature=SIGNATURE)
    # A constant image: every element of the window is `value`.
    got = run(callback, np.array([[value]]), (3, 3), mode="constant", cval=value)
    try:
        want = ("ok", namespace[name](np.full(9, value)))
    except Exception as e:
        want = ("raise", e)
    assert got[0] == want[0]
    if want[0] == "raise":
        assert type(got[1]) is type(want[1])
        assert str(got[1]).endswith(": " + str(want[1])), (got[1], want[1])
    else:
        assert same_bits(got[1][0, 0], np.float64(want[1]))

"""The 5x5 median kernel with shared column sorts (abi/MedianBox.cpp):
llcc.generic_filter of `return np.median(values)` against SciPy's
generic_filter with the same compiled callback, bit for bit, where the run
applies (a 5x5 box, or any footprint of 25 elements that is rows of five
consecutive ones) and beside it (other footprints, strided rows), with
NaN, signed zeros, ties, every mode, origins, dtypes, odd and even row
lengths around the run's block of 128 pixels, and threads; the networks'
own check by the 0-1 principle (scripts/median_box_networks.py)."""
import ctypes
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy
import scipy.ndimage as ndi

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
import llcc  # noqa: E402

SOURCE = '''
import numpy as np


def median(values):
    """The median of the neighbourhood."""
    return np.median(values)


def median_plain(values):
    return np.median(values)


def median_plus(values):
    return np.median(values) + 0.0
'''
SIG = "int (double *, intptr_t, double *, void *)"
MODES = ["reflect", "constant", "nearest", "mirror", "wrap"]


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    path = tmp_path_factory.mktemp("median_box") / "median_box.flt"
    path.write_text(SOURCE)
    return llcc.compile(path)


def callback(lib, name):
    return scipy.LowLevelCallable(getattr(ctypes.CDLL(str(lib.path)), name), signature=SIG)


def image(rng, shape, dtype=np.float64):
    values = np.round(rng.normal(size=shape), 1)   # ties
    values[rng.random(shape) < 0.15] = 0.0
    values[rng.random(shape) < 0.15] = -0.0
    if np.dtype(dtype).kind == "f":
        values[rng.random(shape) < 0.01] = np.nan
        values[rng.random(shape) < 0.005] = np.inf
        return values.astype(dtype)
    return (values * 40).clip(np.iinfo(dtype).min, np.iinfo(dtype).max).astype(dtype)


def same_bits(a, b):
    assert a.dtype == b.dtype and a.shape == b.shape
    if a.dtype.kind == "f":
        np.testing.assert_array_equal(a.view(f"u{a.itemsize}"), b.view(f"u{b.itemsize}"))
    else:
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("width", [1, 2, 5, 6, 9, 127, 128, 129, 131, 257, 300])
@pytest.mark.parametrize("mode", MODES)
def test_row_lengths_and_modes(lib, width, mode):
    rng = np.random.default_rng(width)
    img = image(rng, (11, width))
    want = ndi.generic_filter(img, callback(lib, "median"), size=5, mode=mode, cval=0.5)
    same_bits(llcc.generic_filter(img, lib.median, size=5, mode=mode, cval=0.5, threads=1), want)


@pytest.mark.parametrize("name", ["median", "median_plain", "median_plus"])
@pytest.mark.parametrize("origin", [0, -2, 1, (2, -1)])
def test_origins_and_forms(lib, name, origin):
    rng = np.random.default_rng(7)
    img = image(rng, (40, 150))
    want = ndi.generic_filter(img, callback(lib, name), size=5, mode="mirror", origin=origin)
    same_bits(llcc.generic_filter(img, getattr(lib, name), size=5, mode="mirror", origin=origin),
              want)


@pytest.mark.parametrize("footprint", [
    np.ones((5, 5), bool),          # the box
    np.ones((1, 25), bool),         # rows of five consecutive elements too
    np.ones((25, 1), bool),         # a column: not rows of five, the ordinary run
    np.eye(5, dtype=bool).repeat(5, axis=1),
    np.pad(np.ones((5, 5), bool), 1)[1:, :-1],
])
def test_footprints(lib, footprint):
    rng = np.random.default_rng(int(footprint.sum()) + footprint.shape[0])
    img = image(rng, (60, 170))
    for mode in ("reflect", "wrap"):
        want = ndi.generic_filter(img, callback(lib, "median"), footprint=footprint, mode=mode)
        same_bits(llcc.generic_filter(img, lib.median, footprint=footprint, mode=mode), want)


@pytest.mark.parametrize("dtype", [np.float32, np.uint8, np.int16, np.uint16, np.int32])
def test_dtypes(lib, dtype):
    rng = np.random.default_rng(3)
    img = image(rng, (30, 140), dtype)
    want = ndi.generic_filter(img, callback(lib, "median"), size=5, mode="nearest")
    same_bits(llcc.generic_filter(img, lib.median, size=5, mode="nearest"), want)


def test_three_dimensions_and_axes(lib):
    rng = np.random.default_rng(4)
    img = image(rng, (6, 20, 133))
    cb = callback(lib, "median")
    same_bits(llcc.generic_filter(img, lib.median, size=(1, 5, 5)),
              ndi.generic_filter(img, cb, size=(1, 5, 5)))
    same_bits(llcc.generic_filter(img, lib.median, size=5, axes=(1, 2)),
              ndi.generic_filter(img, cb, size=(1, 5, 5)))


def test_strided_views_and_threads(lib):
    rng = np.random.default_rng(5)
    base = image(rng, (90, 400))
    cb = callback(lib, "median")
    for view in (base[::2, ::3], base[:, ::-1], base.T, base[3:80, 7:390]):
        for threads in (1, 2, 3):
            same_bits(llcc.generic_filter(view, lib.median, size=5, threads=threads),
                      ndi.generic_filter(view, cb, size=5))


def test_all_nan_and_constant_images(lib):
    cb = callback(lib, "median")
    for img in (np.full((9, 140), np.nan), np.zeros((9, 140)), -np.zeros((9, 140)),
                np.full((9, 140), 3.0), np.arange(9 * 140.0).reshape(9, 140)[:, ::-1]):
        same_bits(llcc.generic_filter(img, lib.median, size=5), ndi.generic_filter(img, cb, size=5))


def test_networks_by_the_zero_one_principle():
    subprocess.run([sys.executable, str(ROOT / "scripts" / "median_box_networks.py"), "--check"],
                   check=True)

"""Python idioms of filters: bit counting, imports in functions, dtype and
float_info constants, collections.deque, zip(strict=True) as a value.

Each filter of lang/<source>.flt runs through scipy.ndimage.generic_filter
(or generic_filter1d) compiled by llcc and, as the oracle, as Python. SciPy
1.10 garbles an exception a Python callback raises, so the oracle calls the
Python function on each window (or line) itself and the first exception is
the expected outcome: its class and str().
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc

HERE = Path(__file__).resolve().parent / "lang"
SOURCES = ["bit_count.flt", "function_imports.flt", "dtype_checks.flt"]


def functions_of(source):
    namespace = {}
    exec(compile((HERE / source).read_text(), str(HERE / source), "exec"), namespace)
    return {name: value for name, value in namespace.items()
            if type(value).__name__ == "function"
            and value.__code__.co_filename.endswith(source)}


FILTERS = {(source, name): function for source in SOURCES
           for name, function in functions_of(source).items()}


@pytest.fixture(scope="module")
def libs(build):
    return {source: llcc.load(build(HERE / source)) for source in SOURCES}


def windows(image, size):
    padded = np.pad(image, size // 2, mode="symmetric")  # scipy.ndimage's "reflect"
    view = np.lib.stride_tricks.sliding_window_view(padded, (size, size))
    return view.reshape(-1, size * size)


def python_outcome(function, image, size):
    out = []
    try:
        for window in windows(image, size):
            out.append(function(window.copy()))
    except Exception as exc:
        return (type(exc).__name__, str(exc))
    return ("ok", np.array(out, dtype=float).reshape(image.shape))


def llcc_outcome(callback, image, size):
    try:
        return ("ok", ndi.generic_filter(image, callback, size=size))
    except Exception as exc:
        return (type(exc).__name__, str(exc))


def wide_ints(seed):
    """Integers of every magnitude up to 2**61, both signs, zeros."""
    rng = np.random.default_rng(seed)
    img = rng.integers(-2**20, 2**20, (6, 7)).astype(float)
    img.flat[rng.choice(42, 10, replace=False)] = [0.0, -0.0, 1.0, -1.0, 2.0**52, -2.0**52,
                                                   2.0**53 + 2, -(2.0**61), 2.0**61, 255.0]
    return img


IMAGES = {
    "ramp": np.arange(36.0).reshape(6, 6) - 10.0,
    "small": np.array([[3.0, 1.0, 4.0, 1.0], [5.0, 9.0, 2.0, 6.0], [5.0, 3.0, 5.0, 8.0]]),
    "wide0": wide_ints(0),
    "wide1": wide_ints(1),
    "special": np.array([[np.nan, 1.5, -0.0, 4.0], [np.inf, -2.5, 7.0, 0.0],
                         [3.0, -np.inf, 2.0, 1e300]]),
}


def same(got, expected):
    if got[0] != expected[0]:
        return False
    if got[0] != "ok":
        # llcc's own checks put the position in front of CPython's text.
        return got[1] == expected[1] or got[1].endswith(": " + expected[1])
    return np.array_equal(got[1], expected[1], equal_nan=True) and np.array_equal(
        np.signbit(got[1]), np.signbit(expected[1]))


@pytest.mark.parametrize("image", sorted(IMAGES))
@pytest.mark.parametrize("key", sorted(FILTERS))
def test_filter_matches_cpython(libs, key, image):
    source, name = key
    try:
        callback = libs[source][name]
    except KeyError:
        pytest.skip("a helper, called by the filters")
    img = IMAGES[image]
    expected = python_outcome(FILTERS[key], img, 3)
    got = llcc_outcome(callback, img, 3)
    assert same(got, expected), (name, image, got, expected)

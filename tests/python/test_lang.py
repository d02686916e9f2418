"""Language constructs: try/finally, walrus in comprehensions, zip(strict=True), del.

Each filter of lang/*.flt runs through scipy.ndimage.generic_filter compiled
by llcc and, as the oracle, as Python. SciPy 1.10 garbles an exception a
Python callback raises, so the oracle calls the Python function on each
window itself (the windows generic_filter would pass, in its order) and
the first exception is the expected outcome: its class and str().
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc

HERE = Path(__file__).resolve().parent / "lang"
SOURCES = ["finally.flt", "zip_strict.flt", "walrus.flt", "del.flt"]
FILTERS = {}
for source in SOURCES:
    namespace = {}
    exec(compile((HERE / source).read_text(), str(HERE / source), "exec"), namespace)
    for name, value in namespace.items():
        if callable(value) and getattr(value, "__module__", None) is None \
                and type(value).__name__ == "function" and value.__code__.co_filename.endswith(source):
            FILTERS[name] = (source, value)


@pytest.fixture(scope="module")
def libs(build):
    return {source: llcc.load(build(HERE / source)) for source in SOURCES}


def compiled(libs, source, name):
    try:
        return libs[source][name]
    except KeyError:
        return None  # a helper the filters call, not a filter itself


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


IMAGES = {
    "ramp": np.arange(36.0).reshape(6, 6) - 10.0,
    "positive": np.arange(1.0, 37.0).reshape(6, 6) * 0.75,
    "small": np.array([[3.0, 1.0, 4.0, 1.0], [5.0, 9.0, 2.0, 6.0], [5.0, 3.0, 5.0, 8.0]]),
}


@pytest.mark.parametrize("image", sorted(IMAGES))
@pytest.mark.parametrize("name", sorted(FILTERS))
def test_filter_matches_cpython(libs, name, image):
    source, function = FILTERS[name]
    callback = compiled(libs, source, name)
    if callback is None:
        pytest.skip("a helper, called by the filters")
    img = IMAGES[image]
    expected = python_outcome(function, img, 3)
    got = llcc_outcome(callback, img, 3)
    assert got[0] == expected[0], (got, expected)
    if expected[0] == "ok":
        np.testing.assert_array_equal(got[1], expected[1])
    else:
        # llcc's own checks put the position in front of CPython's text.
        assert got[1] == expected[1] or got[1].endswith(": " + expected[1]), (got, expected)


def test_oracle_agrees_with_generic_filter():
    # The oracle's windows are generic_filter's: a filter that cannot raise
    # gives the same image either way.
    _, function = FILTERS["clean_exit"]
    img = IMAGES["ramp"]
    np.testing.assert_array_equal(python_outcome(function, img, 3)[1],
                                  ndi.generic_filter(img, function, size=3))

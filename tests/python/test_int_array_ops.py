"""Int arrays against CPython through scipy.ndimage.generic_filter: a float
stored into an element is converted as numpy converts it (int(): a
ValueError for NaN, an OverflowError past int64), and `**` / np.power of
ints is numpy's int64 power loop (wrapping, a ValueError for a negative
exponent) where llcc computed float64 (scan 10's files 243, 246, 257, 258
and 266)."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "lang" / "int_array_ops.flt"
FILTERS = ["quantise", "grid_store", "huge_store", "histogram_bins", "negative_power",
           "power_forms", "parameter_power", "wrapping_square", "powers_stay_int",
           "float_exponents"]


def images():
    rng = np.random.default_rng(21)
    yield rng.random((6, 7))
    yield rng.normal(0.0, 3.0, (6, 6))
    yield np.round(rng.normal(0.0, 2.0, (5, 6)))
    yield rng.integers(0, 256, (5, 5)).astype(float)
    img = rng.random((6, 6))
    img[2, 3], img[4, 1] = np.nan, np.inf
    yield img


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    for img in images():
        with np.errstate(all="ignore"):
            want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


@pytest.mark.parametrize("name, image, error, words", [
    ("negative_power", np.full((3, 3), 2.0), ValueError,
     "Integers to negative integer powers are not allowed."),
    ("huge_store", np.full((3, 3), 2.0), OverflowError,
     "Python int too large to convert to C long"),
    ("quantise", np.full((3, 3), np.nan), ValueError, "cannot convert float NaN to integer"),
])
def test_numpys_messages(lib, py, name, image, error, words):
    import scipy.ndimage as ndi
    for fn in (py[name], lib[name]):
        with pytest.raises(error, match=words.replace(".", r"\.")):
            ndi.generic_filter(image, fn, size=3)

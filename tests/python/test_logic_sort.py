"""numpy's logical and comparison ufuncs (np.logical_xor & co., np.greater
& co.) of arrays, lists and numbers, and np.sort / np.argsort along an axis
of a 2-D array (tests/python/library/logic_sort.flt). Compiled and under
CPython through scipy.ndimage.generic_filter: the same values bit for bit,
the same exception classes."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "library" / "logic_sort.flt"
FILTERS = ["bool_cast", "logical_forms", "logical_numbers", "logical_ints", "compare_ufuncs",
           "sorted_rows_median", "sort_axes", "sort_rect", "argsort_axes", "sort_one_axis", "sort_ints",
           "sort_signed_zeros"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(27)
    yield rng.random((6, 7))
    yield np.round(rng.normal(0.3, 0.6, (7, 6)) * 2.0) / 2.0  # ties, zeros
    img = rng.normal(size=(6, 6))
    img.flat[[3, 17, 30, 8]] = [np.nan, np.inf, -np.inf, -0.0]
    yield img
    z = np.zeros((5, 5))
    z.flat[[2, 7, 11]] = -0.0
    yield z


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    for img in images():
        with np.errstate(all="ignore"):
            want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)

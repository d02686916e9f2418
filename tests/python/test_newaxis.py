"""`a[:, None]`, `a[None, :]`, `a[:, np.newaxis]` of 1-D arrays (columns and
rows broadcast against each other), and a 1-D array of run-time length met
by a 2-D one in an operator or an elementwise numpy function (its row):
compiled and under CPython through
scipy.ndimage.generic_filter, the same values bit for bit."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "arrays" / "newaxis.flt"
FILTERS = ["pairwise_spread", "pairwise_newaxis", "against_row", "weighted_outer",
           "ellipsis_forms", "close_pairs", "rows_minus_vector", "centred_columns",
           "clipped_to_row", "chosen_by_row", "mismatched_row", "block_functions"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("size", [3, 4])
def test_filters_match_cpython(lib, py, name, size):
    rng = np.random.default_rng(6)
    img = rng.random((6, 7))
    img[2, 3] = np.nan
    for image in (rng.random((6, 7)), img):
        want = window_outcome(py[name], image, size)
        got = window_outcome(lib[name], image, size)
        assert same_outcome(got, want), (name, got, want)

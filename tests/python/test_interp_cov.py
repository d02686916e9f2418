"""np.interp of lists, tuples and module list constants (numpy makes float64
arrays of them), np.cov of vectors and of the rows of a 2-D array,
scipy.special.logsumexp, statistics.correlation and np.add.at into a 1-D
array (tests/python/library/interp_cov.flt). Compiled and
under CPython through scipy.ndimage.generic_filter: the same values bit for
bit, the same exception classes."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "library" / "interp_cov.flt"
FILTERS = ["tone_curve", "table_constants", "table_arrays", "table_local_list",
           "table_bad_lengths", "row_cov", "cov_forms", "cov_matrix", "cov_ints", "cov_short",
           "cov_lengths", "lse", "lse_forms", "lse_window", "lse_empty", "corr_rows",
           "corr_forms", "corr_constant", "corr_short", "corr_lengths", "corr_message",
           "add_at", "add_at_int", "add_at_bad_index", "add_at_bad_length"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(31)
    yield rng.random((6, 7))
    yield rng.normal(0.0, 2.0, (7, 6))
    yield np.round(rng.normal(0.3, 0.6, (7, 6)) * 2.0) / 2.0  # ties, zeros
    img = rng.normal(size=(6, 6))
    img.flat[[3, 17, 30, 8]] = [np.nan, np.inf, -np.inf, -0.0]
    yield img
    yield rng.normal(0.0, 1e200, (5, 5))
    yield np.zeros((5, 5))


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    for img in images():
        with np.errstate(all="ignore"):
            want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)

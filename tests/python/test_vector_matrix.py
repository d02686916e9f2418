"""v @ w, np.dot(v, w) and np.matmul(v, w) of a 1-D v and a 2-D w (numpy's
vector-matrix product, left to right from 0.0 as reference BLAS adds; scan
10's file 80 was refused), against CPython through
scipy.ndimage.generic_filter: float and int arrays, transposes, a wide
matrix, module constants."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "lang" / "vector_matrix.flt"


@pytest.fixture(scope="module")
def both():
    return llcc.compile(SOURCE), python_namespace(SOURCE)


@pytest.mark.parametrize("name", ["quad_form", "row_mix", "wide", "int_weights"])
def test_filters_match_cpython(both, name):
    lib, py = both
    rng = np.random.default_rng(80)
    images = [rng.random((6, 7)), rng.normal(size=(5, 6)) * 1e3, np.round(rng.normal(size=(5, 5)))]
    for img in images:
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)

"""Lists of lists of numbers made by comprehensions against CPython, through
generic_filter.

tests/python/library/lists_of_lists.flt: `[[... for j] for i]` of fixed
and run-time (empty too) row lengths, `m[i][j]`, rows iterated, reduced,
chosen with key=, zipped, and written through a second name (the same
list, as in CPython).
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace

SOURCE = Path(__file__).resolve().parent / "library" / "lists_of_lists.flt"
NAMES = ["nested_matrix_trace", "ragged_rows", "row_stats", "chosen_row", "rows_written",
         "paired_rows"]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@pytest.mark.parametrize("kind", ["ints", "normal", "special"])
@pytest.mark.parametrize("size", [3, (1, 5), (3, 4)])
def test_matches_cpython(compiled, kind, size):
    rng = np.random.default_rng(7)
    if kind == "ints":
        img = rng.integers(-3, 4, (8, 9)).astype(float)
    elif kind == "normal":
        img = rng.normal(size=(8, 9))
    else:
        img = rng.integers(-2, 3, (8, 9)).astype(float)
        img[rng.random(img.shape) < 0.1] = np.nan
        img[0, 0] = -0.0
        img[1, 1] = np.inf
    assert_same_outcomes(compiled, NAMES, img, size)

"""Rows, columns and blocks of 2-D and 3-D arrays written whole (`g[i, :] =
row`, `g[:, j] = 0.0`, `g[0:2, 1:] += v`, `t[0] = w`): compiled and under
CPython through scipy.ndimage.generic_filter, the same values bit for bit
and the same exception classes (numpy's broadcasting ValueError)."""
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "arrays" / "block_writes.flt"
FILTERS = ["row_profiles", "column_fill", "sorted_rows", "shift_down", "in_place_rows",
           "column_broadcast", "row_into_block", "own_window", "int_and_bool", "cube",
           "pair_rows", "short_row", "wrong_block", "masked_block"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(5)
    yield rng.random((6, 7))
    yield rng.normal(0.5, 0.6, (7, 6))
    img = rng.random((6, 6))
    img.flat[[3, 17, 30]] = [np.nan, np.inf, -np.inf]
    yield img


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    for img in images():
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


def test_broadcast_errors_are_numpys(lib):
    """The message is numpy's own (after llcc's file:line:col: prefix)."""
    for name, numpy_store in (("short_row", lambda a: a.__setitem__((1, slice(None)), np.ones(2))),
                              ("wrong_block", lambda a: a.__setitem__(slice(0, 2), np.ones(2)))):
        with pytest.raises(ValueError) as want:
            numpy_store(np.zeros((3, 3)))
        img = np.full((3, 3), 0.5)
        with pytest.raises(ValueError) as got:
            ndi.generic_filter(img, lib[name], size=3)
        assert str(got.value).endswith(str(want.value)), (got.value, want.value)


def test_own_window_leaves_the_image(lib):
    img = np.random.default_rng(2).random((5, 5))
    before = img.copy()
    llcc.generic_filter(img, lib["own_window"], size=3)
    assert np.array_equal(img, before)

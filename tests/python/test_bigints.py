"""abs() keeps a Python float a Python float, and Python ints past 2**53 meet Python floats as CPython has them meet:
int / int correctly rounded, int-float comparisons exact; numpy elements in
the expression keep numpy's conversion. Compared through
scipy.ndimage.generic_filter with CPython running the same file."""

from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc

from conftest import window_outcome, same_outcome

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "numbers" / "bigints.flt"
NAMES = ["ratio", "small_by_big", "mean_of_ints", "compare_exactly", "compare_numpy", "abs_rounding", "abs_division", "count_ratio", "python_count_ratio", "mixed_ratio",
         "compare_param"]


@pytest.fixture(scope="module")
def compiled(build):
    namespace = {}
    exec(SOURCE.read_text(), namespace)
    return llcc.load(build(SOURCE)), namespace


def images():
    rng = np.random.default_rng(53)
    yield "large", rng.integers(-2 ** 22, 2 ** 22, (12, 12)).astype(float)
    yield "small", rng.integers(-9, 9, (8, 8)).astype(float)
    yield "near 2**13", (2.0 ** 13 + rng.integers(-3, 4, (8, 8))).astype(float)
    yield "powers", np.array([[2.0 ** 22, 2.0 ** 13, 5.0], [1.0, 2.0 ** 21, 3.0],
                              [-(2.0 ** 22), 6.0, 4.0]])
    yield "specials", np.array([[np.nan, 1.0, 2.0], [np.inf, 8192.0, 7.0], [-0.0, 5.0, -np.inf]])
    yield "signs", np.array([[-1.0, 2.0, 3.0], [-0.0, -5.0, 0.0]])


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("size", [2, 3])
def test_same_as_cpython(compiled, name, size):
    lib, ns = compiled
    for label, img in images():
        expected = window_outcome(ns[name], img, size)
        got = window_outcome(lib[name], img, size)
        assert same_outcome(got, expected), (name, label, size, got, expected)


def test_the_cases_differ_from_float_arithmetic(compiled):
    """The image exercises what a float conversion would get wrong."""
    lib, ns = compiled
    w = np.array([8192.0, 1.0, 8.0, 0.0])
    n = 8192 * 2 ** 40 + 1
    assert ns["ratio"](w) == n / 3 != float(n) / 3.0
    img = np.array([[8192.0, 1.0], [8.0, 0.0]])
    got = ndi.generic_filter(img, lib.ratio, footprint=np.ones((2, 2)), origin=(-1, -1), mode="nearest")
    assert got[0, 0] == n / 3

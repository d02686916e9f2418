"""Overflow checks rewritten as comparisons keep CPython's values where the
64-bit result fits and raise llcc's OverflowError exactly where it does not
(9223372036854775807 is the largest llcc int), through SciPy's
generic_filter and llcc.generic_filter's kernel alike."""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(HERE / "arrays" / "overflow_checks.flt")


def python_fits(values, big=9223372036854775799):
    total = 0.0
    for k in range(len(values)):
        total += float(k + big) - 9.2e18
    return total


def test_largest_sum_that_fits(lib):
    image = np.arange(30.0).reshape(5, 6)
    want = ndi.generic_filter(image, python_fits, size=3)
    assert np.array_equal(ndi.generic_filter(image, lib.fits, size=3), want)
    assert np.array_equal(llcc.generic_filter(image, lib.fits, size=3), want)


@pytest.mark.parametrize("name,size", [("overflows", 3), ("overflows", (1, 9)),
                                       ("overflows_late", 3)])
def test_one_past_raises(lib, name, size):
    """9 values: k + big reaches 8 + 9223372036854775800."""
    image = np.arange(30.0).reshape(5, 6)
    with pytest.raises(OverflowError, match="integer overflow"):
        ndi.generic_filter(image, lib[name], size=size)
    with pytest.raises(OverflowError, match="integer overflow"):
        llcc.generic_filter(image, lib[name], size=size)


def test_late_overflow_needs_the_longer_window(lib):
    image = np.arange(30.0).reshape(5, 6)
    # 8 values: j + big <= 6 + big == 9223372036854775807 fits.
    got = ndi.generic_filter(image, lib.overflows_late, footprint=np.ones((2, 4), bool))
    assert np.isfinite(got).all()

"""np.median of 3, 5, 9 and 25 values by a selection network.

Both the callback (length checked at run time) and llcc.generic_filter's
kernel (length a constant) take the network for these lengths
(codegen/IRGenMedianNetwork.cpp). It must give exactly CPython's
np.median, bit for bit: the sorted copy's middle value, with ties,
infinities and NaN (any NaN in a window makes its median NaN), and the sign
of a zero median as numpy gives it: np.median is np.mean of the middle
values, whose sum starts from 0.0, so a zero median is +0.0 even when the
middle values are -0.0. Other lengths (4, 7x7, ...) keep their path (ranks
or the sort) and are checked alongside.
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "arrays" / "image_filters.flt"

# Footprints of the network lengths (1-D 3 and 5, squares, and scattered
# footprints of 9 and 25 elements) and some lengths next to them.
FOOTPRINTS = [(3,), (5,), (1, 5), (3, 3), (5, 5), (7, 7), (9, 1), (2, 2), (4, 6), (5, 1)]


def scattered(count, shape, seed):
    rng = np.random.default_rng(seed)
    fp = np.zeros(int(np.prod(shape)), dtype=bool)
    fp[rng.choice(fp.size, size=count, replace=False)] = True
    return fp.reshape(shape)


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


def images(rank):
    rng = np.random.default_rng(11 + rank)
    shape = (23,) if rank == 1 else (17, 21)
    specials = rng.choice([-0.0, 0.0, 1.0, -1.0, 2.5, np.inf, -np.inf, np.nan],
                          p=[.25, .25, .12, .1, .1, .08, .08, .02], size=shape)
    yield specials
    zeros = rng.choice([-0.0, 0.0, 3.0, -3.0], p=[.35, .35, .15, .15], size=shape)
    yield zeros
    yield rng.normal(size=shape)
    yield rng.integers(-2, 3, size=shape).astype(np.float64)  # many ties


def check(lib, image, **kw):
    # The oracle: CPython running np.median on each window.
    want = ndi.generic_filter(image, np.median, **kw)
    # A filter that sorts and takes the middle value(s) gets the same values.
    assert np.array_equal(ndi.generic_filter(image, lib.median_sorted, **kw), want,
                          equal_nan=True)
    got_cb = ndi.generic_filter(image, lib.median, **kw)
    got_kernel = llcc.generic_filter(image, lib.median, threads=1, **kw)
    for got in (got_cb, got_kernel):
        assert np.array_equal(got, want, equal_nan=True)
        assert np.array_equal(np.signbit(got), np.signbit(want))


@pytest.mark.parametrize("size", FOOTPRINTS)
@pytest.mark.parametrize("mode", ["constant", "reflect", "wrap"])
def test_network_median_matches_the_sort(lib, size, mode):
    for image in images(len(size)):
        check(lib, image, size=size, mode=mode, cval=-0.0)


@pytest.mark.parametrize("count,shape", [(3, (2, 3)), (5, (3, 3)), (9, (4, 4)),
                                         (25, (6, 6)), (24, (6, 6))])
def test_network_median_on_scattered_footprints(lib, count, shape):
    fp = scattered(count, shape, count)
    for image in images(2):
        check(lib, image, footprint=fp, mode="nearest")


@pytest.mark.parametrize("n", [3, 5, 9, 25, 24])
def test_network_median_sign_of_zero_by_position(lib, n):
    """All windows of zeros of both signs, some shifted by negative numbers:
    the sign of the zero median is numpy's (+0.0), whichever zeros sit in
    the middle."""
    rng = np.random.default_rng(n)
    for negatives in range(0, 4):
        rows = []
        for _ in range(64):
            row = rng.choice([-0.0, 0.0], size=n)
            row[rng.choice(n, size=negatives, replace=False)] = -1.0
            rows.append(row)
        image = np.array(rows)
        kw = dict(footprint=np.ones((1, n), dtype=bool), mode="constant", cval=0.0,
                  origin=(0, -(n // 2)))
        want = ndi.generic_filter(image, np.median, **kw)
        got = ndi.generic_filter(image, lib.median, **kw)
        assert np.array_equal(np.signbit(got), np.signbit(want))
        assert np.array_equal(got, want)
        got = llcc.generic_filter(image, lib.median, threads=1, **kw)
        assert np.array_equal(np.signbit(got), np.signbit(want))

"""np.nanmedian, np.nanpercentile and np.nanquantile (constant q) of 3, 5, 9
and 25 values by a sorting network.

numpy drops the NaNs and takes np.median or the 'linear' quantile of what
is left. The networks (codegen/IRGenMedianNetwork.cpp, nanMedianByNetwork
and nanQuantileByNetwork) sort each NaN last as +inf and pick the values
they need among the k numbers at run-time positions; the callback takes
them when the length matches at run time, and llcc.generic_filter's kernel
vectorises them across pixels. A quantile whose neighbours include a zero
in a window holding a -0.0 takes numpy's exact selection (in a kernel: the
run again, abi/FastBody.cpp). The oracle is
CPython running np.nanmedian on each window through SciPy, bit for bit:
windows with no NaN, some, all but one and all (numpy's nan), ties, zeros
of both signs (a zero median is +0.0 in numpy, whichever zeros are in the
middle), infinities beside NaN. Other lengths (4, 7x7) keep the sort and
are checked alongside.
"""
import warnings

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc
from conftest import bits

SOURCE = '''
import numpy as np


def nanmedian(values):
    return np.nanmedian(values)


def nanmedian_shifted(values, shift=0.5):
    m = np.nanmedian(values)
    return m + shift if m == m else -1.0


def nanp75(values):
    return np.nanpercentile(values, 75)


def nanp62_5(values):
    return np.nanpercentile(values, 62.5)


def nanp0(values):
    return np.nanpercentile(values, 0)


def nanp100(values):
    return np.nanpercentile(values, 100)


def nanq10(values):
    return np.nanquantile(values, 0.1)


def nan_spread(values):
    return np.nanpercentile(values, 90) - np.nanquantile(values, 0.1)
'''
QUANTILES = {
    "nanp75": lambda v: np.nanpercentile(v, 75),
    "nanp62_5": lambda v: np.nanpercentile(v, 62.5),
    "nanp0": lambda v: np.nanpercentile(v, 0),
    "nanp100": lambda v: np.nanpercentile(v, 100),
    "nanq10": lambda v: np.nanquantile(v, 0.1),
    "nan_spread": lambda v: np.nanpercentile(v, 90) - np.nanquantile(v, 0.1),
}

FOOTPRINTS = [(3,), (5,), (1, 5), (3, 1), (3, 3), (5, 5), (7, 7), (2, 2), (4, 6)]


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    path = tmp_path_factory.mktemp("nanmedian") / "nanmedian.flt"
    path.write_text(SOURCE)
    return llcc.compile(path)


def images(rank, seed):
    rng = np.random.default_rng(seed)
    shape = (29,) if rank == 1 else (19, 23)
    for nan_share in (0.0, 0.1, 0.5, 0.9):
        values = rng.choice([-0.0, 0.0, 1.0, -1.0, 2.5, np.inf, -np.inf, 5e-324],
                            p=[.2, .2, .15, .15, .1, .08, .07, .05], size=shape)
        values[rng.random(shape) < nan_share] = np.nan
        yield values
    yield rng.normal(size=shape)


def numpy_filter(image, function=np.nanmedian, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # All-NaN slice encountered
        return ndi.generic_filter(image, function, **kw)


@pytest.mark.parametrize("size", FOOTPRINTS)
@pytest.mark.parametrize("mode", ["constant", "reflect", "wrap", "nearest"])
def test_against_numpy(lib, size, mode):
    for image in images(len(size), len(size) * 7 + size[0]):
        kw = dict(size=size, mode=mode, cval=np.nan if mode == "constant" else 0.0)
        want = numpy_filter(image, **kw)
        got_cb = ndi.generic_filter(image, lib.nanmedian, **kw)
        np.testing.assert_array_equal(bits(got_cb), bits(want), err_msg="callback")
        for threads in (1, 2):
            got = llcc.generic_filter(image, lib.nanmedian, threads=threads, **kw)
            np.testing.assert_array_equal(bits(got), bits(want), err_msg=f"{threads} threads")


@pytest.mark.parametrize("count,shape", [(3, (2, 3)), (5, (3, 3)), (9, (4, 4)), (25, (6, 6))])
def test_scattered_footprints(lib, count, shape):
    rng = np.random.default_rng(count)
    fp = np.zeros(int(np.prod(shape)), dtype=bool)
    fp[rng.choice(fp.size, size=count, replace=False)] = True
    fp = fp.reshape(shape)
    for image in images(2, count):
        want = numpy_filter(image, footprint=fp, mode="mirror")
        got = llcc.generic_filter(image, lib.nanmedian, footprint=fp, mode="mirror")
        np.testing.assert_array_equal(bits(got), bits(want))


def test_every_count_of_numbers(lib):
    """Windows of 25 with every number of NaN from 0 to 25 and the numbers
    in every order: the picked positions (k-1)/2 and k/2 at each k."""
    rng = np.random.default_rng(25)
    rows = []
    for nans in range(26):
        for _ in range(8):
            row = rng.choice([-2.0, -0.0, 0.0, 1.0, 3.0, np.inf], size=25)
            row[rng.choice(25, size=nans, replace=False)] = np.nan
            rows.append(row)
    image = np.array(rows)
    kw = dict(footprint=np.ones((1, 25), dtype=bool), mode="constant", cval=0.0,
              origin=(0, -12))
    want = numpy_filter(image, **kw)
    for got in (ndi.generic_filter(image, lib.nanmedian, **kw),
                llcc.generic_filter(image, lib.nanmedian, **kw)):
        np.testing.assert_array_equal(bits(got), bits(want))


def test_in_an_expression(lib):
    """The network inside a larger body, with a parameter."""
    image = next(images(2, 5))
    image[::4] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        want = ndi.generic_filter(
            image, lambda v: (np.nanmedian(v) + 0.25) if np.nanmedian(v) == np.nanmedian(v)
            else -1.0, size=3)
    got = llcc.generic_filter(image, lib.nanmedian_shifted.bind(shift=0.25), size=3)
    np.testing.assert_array_equal(bits(got), bits(want))


@pytest.mark.parametrize("size", [(3,), (5,), (1, 5), (3, 3), (5, 5), (4, 4)])
@pytest.mark.parametrize("mode", ["constant", "reflect", "wrap"])
def test_quantiles_against_numpy(lib, size, mode):
    for image in images(len(size), len(size) * 11 + size[0]):
        kw = dict(size=size, mode=mode, cval=np.nan if mode == "constant" else -0.0)
        for name, function in QUANTILES.items():
            want = numpy_filter(image, function, **kw)
            got_cb = ndi.generic_filter(image, getattr(lib, name), **kw)
            np.testing.assert_array_equal(bits(got_cb), bits(want), err_msg=f"{name} callback")
            for threads in (1, 2):
                got = llcc.generic_filter(image, getattr(lib, name), threads=threads, **kw)
                np.testing.assert_array_equal(bits(got), bits(want),
                                              err_msg=f"{name}, {threads} threads")


def test_quantile_every_count_of_numbers(lib):
    """25 values with every number of NaN: the positions and gamma at each
    k, zeros of one sign (the network's value) and of both (numpy's)."""
    rng = np.random.default_rng(52)
    for choices in ([-2.0, 0.0, 1.0, 3.0, np.inf, 5e-324], [-0.0, 0.0, -5e-324, 1.0]):
        rows = []
        for nans in range(26):
            for _ in range(6):
                row = rng.choice(choices, size=25)
                row[rng.choice(25, size=nans, replace=False)] = np.nan
                rows.append(row)
        image = np.array(rows)
        kw = dict(footprint=np.ones((1, 25), dtype=bool), mode="constant", cval=0.0,
                  origin=(0, -12))
        for name, function in QUANTILES.items():
            want = numpy_filter(image, function, **kw)
            for got in (ndi.generic_filter(image, getattr(lib, name), **kw),
                        llcc.generic_filter(image, getattr(lib, name), **kw)):
                np.testing.assert_array_equal(bits(got), bits(want), err_msg=name)

"""np.percentile and np.quantile at a constant q of 3, 5, 9 or 25 values take
a selection network (codegen/IRGenMedianNetwork.cpp, quantileByNetwork),
with numpy's exact selection wherever one of the two order statistics is a
zero. The oracle is numpy itself: the same filter run by CPython through
SciPy's generic_filter, compared bit for bit with llcc's callback through
SciPy and with llcc.generic_filter's kernel, on windows full of ties,
signed zeros, negative subnormals beside zeros, infinities and NaN."""
import ctypes
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy
import scipy.ndimage as ndi

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
import llcc  # noqa: E402

SOURCE = '''
import numpy as np


def p75(values):
    return np.percentile(values, 75)


def p25(values):
    return np.percentile(values, 25)


def p0(values):
    return np.percentile(values, 0)


def p100(values):
    return np.percentile(values, 100)


def p62_5(values):
    return np.percentile(values, 62.5)


def q10(values):
    return np.quantile(values, 0.1)


def q90(values):
    return np.quantile(values, 0.9)


def q_half(values):
    return np.quantile(values, 0.5)


def spread(values):
    return np.percentile(values, 90) - np.percentile(values, 10)


def p_param(values, q=30.0):
    return np.percentile(values, q)
'''
NAMES = ["p75", "p25", "p0", "p100", "p62_5", "q10", "q90", "q_half", "spread", "p_param"]
SIG = "int (double *, intptr_t, double *, void *)"


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    path = tmp_path_factory.mktemp("quantile_network") / "quantiles.flt"
    path.write_text(SOURCE)
    return llcc.compile(path)


@pytest.fixture(scope="module")
def python_functions():
    scope = {}
    exec(SOURCE, scope)
    return scope


def image(seed, shape, kind):
    rng = np.random.default_rng(seed)
    if kind == "zeros":
        # Mostly zeros of both signs, negative subnormals and small values.
        choices = np.array([0.0, -0.0, -5e-324, 5e-324, -1e-310, 1.0, -1.0, 2.5])
        return rng.choice(choices, size=shape, p=[0.3, 0.3, 0.1, 0.05, 0.05, 0.1, 0.05, 0.05])
    values = np.round(rng.normal(size=shape), 1)
    values[rng.random(shape) < 0.05] = 0.0
    values[rng.random(shape) < 0.05] = -0.0
    values[rng.random(shape) < 0.01] = np.inf
    values[rng.random(shape) < 0.01] = -np.inf
    values[rng.random(shape) < 0.01] = np.nan
    return values


def bits(a):
    """The bits, every NaN as one (a NaN's sign is not specified:
    docs/language.md, Numerics)."""
    a = np.array(a, dtype=np.float64)
    a[np.isnan(a)] = np.nan
    return a.view(np.uint64)


@pytest.mark.parametrize("kind", ["mixed", "zeros"])
@pytest.mark.parametrize("footprint", [
    dict(size=(1, 3)), dict(size=(5, 1)), dict(size=3), dict(size=5),
    dict(footprint=np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool)),
    dict(size=4),     # 16 values: no network, the exact path
])
def test_against_numpy(lib, python_functions, kind, footprint):
    img = image(len(str(footprint)), (24, 31), kind)
    for name in NAMES:
        want = ndi.generic_filter(img, python_functions[name], mode="reflect", **footprint)
        cb = scipy.LowLevelCallable(getattr(ctypes.CDLL(str(lib.path)), name), signature=SIG)
        got_cb = ndi.generic_filter(img, cb, mode="reflect", **footprint)
        got_kernel = llcc.generic_filter(img, getattr(lib, name), mode="reflect", **footprint)
        np.testing.assert_array_equal(bits(got_cb), bits(want), err_msg=f"{name} callback")
        np.testing.assert_array_equal(bits(got_kernel), bits(want), err_msg=f"{name} kernel")


def test_windows_of_every_kind_of_zero_pair(lib, python_functions):
    """Every 3-value window of zeros and negative subnormals, in every
    order: the cases whose sign depends on which zero is selected."""
    import itertools
    choices = [0.0, -0.0, -5e-324, -1.0, 1.0]
    windows = np.array(list(itertools.product(choices, repeat=3)))
    for name in NAMES:
        want = np.array([python_functions[name](w) for w in windows])
        cb = scipy.LowLevelCallable(getattr(ctypes.CDLL(str(lib.path)), name), signature=SIG)
        got = np.array([ndi.generic_filter(w, cb, size=3, mode="constant")[1] for w in windows])
        np.testing.assert_array_equal(bits(got), bits(want), err_msg=name)

"""np.percentile and np.quantile at a constant q of 3, 5, 9 or 25 values take
a selection network (codegen/IRGenMedianNetwork.cpp, quantileByNetwork),
with numpy's exact selection wherever one of the two order statistics is a
zero and the window holds a -0.0. A whole-image kernel runs a fast copy of
the body that only flags those windows, then the flagged runs again with
the body (abi/FastBody.cpp). The oracle is numpy itself: the same filter
run by CPython through
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
from conftest import bits  # noqa: E402

SOURCE = '''
import math

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


def quartiles(values):
    return np.percentile(values, 25), np.median(values), np.percentile(values, 75)


def positive_p75(values):
    q = np.percentile(values, 75)
    if math.copysign(1.0, q) < 0.0:
        raise ValueError(f"a negative 75th percentile: {q}")
    return q


def positive_p62_5(values):
    q = np.percentile(values, 62.5)
    if math.copysign(1.0, q) < 0.0:
        raise ValueError(f"a negative 62.5th percentile: {q}")
    return q


def positive_p81_25(values):
    q = np.percentile(values, 81.25)
    if math.copysign(1.0, q) < 0.0:
        raise ValueError(f"a negative 81.25th percentile: {q}")
    return q


def positive_p79(values):
    q = np.percentile(values, 79)
    if math.copysign(1.0, q) < 0.0:
        raise ValueError(f"a negative 79th percentile: {q}")
    return q
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
    if kind == "positive zeros":
        # Many zeros, none negative: the network's choice among them is
        # numpy's, so the kernel never runs a window again.
        choices = np.array([0.0, 5e-324, -5e-324, 1.0, -1.0, 2.5])
        return rng.choice(choices, size=shape, p=[0.6, 0.1, 0.1, 0.1, 0.05, 0.05])
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


@pytest.mark.parametrize("kind", ["mixed", "zeros", "positive zeros"])
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


@pytest.mark.parametrize("kind", ["mixed", "zeros", "positive zeros"])
@pytest.mark.parametrize("mode", ["reflect", "constant", "nearest", "mirror", "wrap"])
def test_kernel_runs_and_reruns(lib, python_functions, kind, mode):
    """Rows where the fast copy flags a window and rows where it does not,
    on one and two threads, every mode: the kernel's values are numpy's."""
    img = image(7, (40, 53), kind)
    if kind == "mixed":
        img[::3] = np.abs(img[::3])  # some rows without a -0.0
    want = ndi.generic_filter(img, python_functions["p75"], size=5, mode=mode, cval=-0.0)
    for threads in (1, 2):
        got = llcc.generic_filter(img, lib.p75, size=5, mode=mode, cval=-0.0, threads=threads)
        np.testing.assert_array_equal(bits(got), bits(want), err_msg=f"{threads} threads")


@pytest.mark.parametrize("kind", ["zeros", "positive zeros"])
def test_quartiles_in_one_pass(lib, python_functions, kind):
    """Three outputs, two with a fallback each, in one fast copy."""
    img = image(11, (33, 29), kind)
    got = llcc.generic_filter(img, lib.quartiles, size=3)
    for j, q in enumerate((25, 50, 75)):
        fn = (lambda v: np.median(v)) if q == 50 else (lambda v, q=q: np.percentile(v, q))
        want = ndi.generic_filter(img, fn, size=3)
        np.testing.assert_array_equal(bits(got[j]), bits(want), err_msg=f"output {j}")


# Per window size, a q whose virtual index (n - 1) q has a fraction of at
# least 1/2: numpy's _lerp then gives b - (b - a)(1 - t), -0.0 when b is.
@pytest.mark.parametrize("shape, name", [
    ((1, 3), "positive_p75"), ((1, 5), "positive_p62_5"), ((3, 3), "positive_p81_25"),
    ((5, 5), "positive_p79")])
def test_error_raised_as_numpy_would(lib, python_functions, shape, name):
    """A body that raises on a -0.0 result: the fast copy's network may
    pick a different zero than numpy, and so raise where numpy does not or
    not where it does; the kernel runs such rows again with the body, so
    it raises CPython's error for the first window in C order that raises,
    or none. The oracle runs the function on each window itself: SciPy
    1.10's generic_filter goes on after a Python function raises, and a
    later window's call can clear the exception."""
    rng = np.random.default_rng(sum(shape))
    raised = 0
    h, w = shape[0] // 2, shape[1] // 2
    for trial in range(40):
        negative = {(1, 3): 0.2, (1, 5): 0.2}.get(shape, 0.4)  # some images raise, not all
        img = rng.choice([0.0, -0.0, 1.0], size=(4, 8), p=[(1 - negative) / 2, negative,
                                                          (1 - negative) / 2])
        padded = np.pad(img, ((h, h), (w, w)), mode="symmetric")  # SciPy's 'reflect'
        want, error = np.empty_like(img), None
        for i, j in np.ndindex(img.shape):
            window = padded[i:i + shape[0], j:j + shape[1]].ravel()
            try:
                want[i, j] = python_functions[name](window)
            except ValueError as e:
                error = str(e)
                break
        if error is not None:
            raised += 1
            with pytest.raises(ValueError) as got:
                llcc.generic_filter(img, getattr(lib, name), size=shape)
            assert str(got.value) == error
            continue
        got = llcc.generic_filter(img, getattr(lib, name), size=shape)
        np.testing.assert_array_equal(bits(got), bits(want))
    assert 0 < raised < 40

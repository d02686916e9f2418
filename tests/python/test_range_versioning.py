"""Nests of range() loops indexing at i + k, against CPython through SciPy.

The compiler proves the index and overflow checks of such nests once,
before the outer loop, and runs a copy without them when they cannot fire
(backend/RangeVersioning.cpp); when they can, the original loops run and
raise at the same iteration. Each filter of ranges/nests.flt runs through
scipy.ndimage.generic_filter1d or generic_filter twice, as Python (the
oracle) and compiled: the results must be identical bit for bit, or both
must raise the same exception class, and anything printed before the error
must be the same.
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc
from conftest import python_namespace

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "ranges" / "nests.flt"


@pytest.fixture(scope="module")
def lib(build):
    return llcc.load(build(SOURCE))


@pytest.fixture(scope="module")
def python():
    return python_namespace(SOURCE)


def first_error(function):
    """The Python callback, made to stop at its first exception and re-raise
    it after SciPy's pass (SciPy keeps calling a callback that raised)."""
    first = []

    def wrapped(*args, **kwargs):
        if first:
            return 0.0
        try:
            return function(*args, **kwargs)
        except Exception as exc:
            first.append(exc)
            return 0.0
    return wrapped, first


def outcome(call):
    try:
        return ("ok", call())
    except Exception as exc:
        return (type(exc).__name__, None)


def py_function(python, name):
    function = python[name]
    return getattr(function, "py_func", function)


def run_1d(lib, python, name, image, size, **params):
    wrapped, first = first_error(py_function(python, name))

    def oracle():
        result = ndi.generic_filter1d(image, wrapped, size, extra_keywords=params)
        if first:
            raise first[0]
        return result
    expected = outcome(oracle)
    got = outcome(lambda: ndi.generic_filter1d(image, lib[name].bind(**params), size))
    assert got[0] == expected[0], (name, params, got, expected)
    if expected[0] == "ok":
        assert got[1].tobytes() == expected[1].tobytes(), (name, params)
    return got[0]


IMAGE = np.random.default_rng(14).normal(size=(3, 12)) * 10


@pytest.mark.parametrize("size", [1, 3, 5, 11])
@pytest.mark.parametrize("shift", [-40, -24, -13, -12, -11, -5, -1, 0, 1, 2, 5, 11])
@pytest.mark.parametrize("width", [-2, 0, 1, 3, 5])
def test_shifted_sum(lib, python, size, shift, width):
    run_1d(lib, python, "shifted_sum", IMAGE, size, shift=shift, width=width)


@pytest.mark.parametrize("size", [1, 4, 7])
@pytest.mark.parametrize("shift", [-30, -12, -7, -1, 0, 3, 6, 9, 20])
@pytest.mark.parametrize("width", [0, 1, 4, 9])
def test_reversed_taps(lib, python, size, shift, width):
    run_1d(lib, python, "reversed_taps", IMAGE, size, shift=shift, width=width)


@pytest.mark.parametrize("start", [-20, -12, -5, 0, 2, 11, 15])
@pytest.mark.parametrize("width", [0, 1, 2, 6, 9])
def test_stepped(lib, python, start, width):
    run_1d(lib, python, "stepped", IMAGE, 5, start=start, width=width)


@pytest.mark.parametrize("step", [1, 2, 5, -1, -3])
@pytest.mark.parametrize("start", [-14, -3, 0, 4, 11])
@pytest.mark.parametrize("width", [0, 2, 5])
def test_run_time_step(lib, python, step, start, width):
    run_1d(lib, python, "run_time_step", IMAGE, 3, start=start, step=step, width=width)


@pytest.mark.parametrize("size", [1, 3, 6])
@pytest.mark.parametrize("shift", [-25, -12, -6, -1, 0, 1, 4])
def test_backwards(lib, python, size, shift):
    run_1d(lib, python, "backwards", IMAGE, size, shift=shift)


def test_the_checks_fire_both_ways(lib, python):
    """The cases above include lines that pass and lines that raise."""
    kinds = {run_1d(lib, python, "shifted_sum", IMAGE, 3, shift=s, width=3) for s in (0, 1, 2)}
    assert kinds == {"ok", "IndexError"}


@pytest.mark.parametrize("shift", [-9, -8, -3, 0, 1, 2, 5])
def test_error_at_the_same_iteration(lib, python, capsys, shift):
    """What the filter printed before the error (one line per outer
    iteration) is the same as CPython's: the check fired at the same i."""
    image = np.arange(8.0).reshape(1, 8)
    wrapped, first = first_error(py_function(python, "traced"))
    ndi.generic_filter1d(image, wrapped, 3, extra_keywords={"shift": shift})
    python_printed = capsys.readouterr().out
    got = outcome(lambda: ndi.generic_filter1d(image, lib["traced"].bind(shift=shift), 3))
    compiled_printed = capsys.readouterr().out
    assert compiled_printed == python_printed
    assert got[0] == (type(first[0]).__name__ if first else "ok")


def run_2d(lib, python, name, image, size, **params):
    wrapped, first = first_error(python[name])

    def oracle():
        result = ndi.generic_filter(image, wrapped, size=size, extra_keywords=params)
        if first:
            raise first[0]
        return result
    expected = outcome(oracle)
    got = outcome(lambda: ndi.generic_filter(image, lib[name].bind(**params), size=size))
    assert got[0] == expected[0], (name, params, got, expected)
    if expected[0] == "ok":
        assert got[1].tobytes() == expected[1].tobytes(), (name, params)


SQUARE = np.random.default_rng(15).normal(size=(5, 6))


@pytest.mark.parametrize("shift", [-12, -10, -9, -3, 0, 1, 4, 9])
@pytest.mark.parametrize("width", [-1, 0, 1, 3, 9, 10])
def test_window_pairs(lib, python, shift, width):
    run_2d(lib, python, "window_pairs", SQUARE, 3, shift=shift, width=width)


@pytest.mark.parametrize("shift", [-10, -9, -1, 0, 1, 2, 3])
def test_three_deep(lib, python, shift):
    run_2d(lib, python, "three_deep", SQUARE, 3, shift=shift)

"""Module-level dict constants (SemaDictConstants.cpp) through SciPy, against CPython.

Each filter of dict_constants/filters.flt runs through
scipy.ndimage.generic_filter as Python (the oracle) and compiled by llcc: the
results, or the exception class and str(exception) (KeyError's repr of the
missing key), must be identical.
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "dict_constants" / "filters.flt"


@pytest.fixture(scope="module")
def lib(build):
    return llcc.load(build(SOURCE))


@pytest.fixture(scope="module")
def python():
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    return namespace


def outcome(call):
    try:
        return ("ok", call())
    except Exception as exc:  # the class and the text are what we compare
        return (type(exc).__name__, str(exc))


def python_filter(function, image, params):
    """generic_filter with a Python callback raising the first pixel's exception
    (SciPy 1.10 garbles a Python callback's own)."""
    first = []

    def py_func(values):
        if first:
            return 0.0
        try:
            return function(values, **params)
        except Exception as exc:
            first.append(exc)
            return 0.0
    result = ndi.generic_filter(image, py_func, size=3)
    if first:
        raise first[0]
    return result


def compare(lib, python, name, image, **params):
    expected = outcome(lambda: python_filter(python[name], image, params))
    callback = lib[name].bind(**params) if params else lib[name]
    got = outcome(lambda: ndi.generic_filter(image, callback, size=3))
    assert got[0] == expected[0], (got, expected)
    if expected[0] == "ok":
        np.testing.assert_array_equal(got[1], expected[1])
    elif not expected[1].startswith("'"):
        # KeyError(5): llcc's exceptions carry a str, so str() quotes the
        # number's repr (docs/language.md, dict constants).
        assert got[1] == repr(expected[1])
    else:
        assert got[1] == expected[1]
    return got[0]


RNG = np.random.default_rng(5)
SMALL = RNG.integers(0, 3, size=(6, 7)).astype(float)   # keys 0, 1, 2 only
WIDE = RNG.integers(-4, 9, size=(6, 7)).astype(float)   # some keys missing
HALVES = np.full((5, 5), 8.0)                            # 8 * 0.5 + 0.5 = 4.5


@pytest.mark.parametrize("name", ["lut", "lut_half", "sign_of"])
@pytest.mark.parametrize("image", [SMALL, WIDE, HALVES], ids=["small", "wide", "halves"])
def test_number_keys(lib, python, name, image):
    compare(lib, python, name, image)


def test_missing_number_key_is_keyerror(lib, python):
    # LUT[1.5]: CPython's KeyError: 1.5
    assert compare(lib, python, "lut_half", np.full((4, 4), 2.0)) == "KeyError"


@pytest.mark.parametrize("how", ["mean", "spread", "both", "median"])
def test_str_parameter_keys(lib, python, how):
    result = compare(lib, python, "mode", WIDE, how=how)
    assert result == ("KeyError" if how == "median" else "ok")
    assert compare(lib, python, "mode_default", WIDE, how=how) == "ok"


@pytest.mark.parametrize("width", [1, 3, 5])
def test_tuple_values(lib, python, width):
    assert compare(lib, python, "taps", WIDE, width=width) == ("KeyError" if width == 5 else "ok")

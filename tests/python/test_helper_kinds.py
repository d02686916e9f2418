"""A helper called with numpy floats and with Python floats, against CPython.

CPython's Python floats raise on division by zero and overflow and round
correctly (round(1.15, 1) is 1.1) where numpy.float64 gives inf or rounds
to 1.2. llcc compiles one copy of a helper per combination of argument
kinds its calls pass (frontend/SemaKindVersions.cpp), so a call with Python
floats is not changed by another call with numpy floats.
"""
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.integrate as integrate
import scipy.ndimage as ndi

from conftest import REPO
from test_kinds import python_functions

if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
import llcc  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "helper_kinds" / "helper_kinds.flt"
FILTERS = ["py_round", "py_ratio", "py_inv", "np_inv", "np_user", "py_rec", "np_rec",
           "nested", "overflow", "radial_weight", "scale_default", "calls_filter",
           "keyword_py", "keyword_np", "shared_np", "shared_py", "lambda_np", "lambda_py",
           "outer_np", "outer_py", "rec_both", "pair_both"]


def images():
    rng = np.random.default_rng(7)
    normal = rng.normal(size=(12, 13)) * 5
    ints = rng.integers(-3, 4, size=(12, 13)).astype(float)
    zeros = rng.choice(np.array([0.0, -0.0, 1.0, -1.0, 0.5]), size=(12, 13))
    special = ints.copy()
    special[3, 4], special[8, 8], special[10, 2], special[5, 11] = np.nan, np.inf, -0.0, -np.inf
    return {"normal": normal, "ints": ints, "zeros": zeros, "special": special}


@pytest.fixture(scope="module")
def compiled(build):
    return llcc.load(build(SOURCE)), python_functions(SOURCE)


def outcome(function):
    """The filtered image, or the exception class CPython raises."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return function()
    except Exception as error:  # noqa: BLE001 - the class is the result
        if isinstance(error, SystemError) and error.__cause__ is not None:
            error = error.__cause__
        return type(error)


def python_filter(function, img):
    """generic_filter of a Python function, whose exceptions SciPy 1.10
    garbles: each window is passed to it directly instead."""
    windows = np.lib.stride_tricks.sliding_window_view(np.pad(img, 1, mode="symmetric"), (3, 3))
    out = np.empty(img.shape)
    for index in np.ndindex(img.shape):
        out[index] = function(windows[index].ravel().copy())
    return out


def test_copies_are_not_exported(compiled):
    lib, _ = compiled
    names = {f["name"] for f in lib.manifest["functions"]}
    assert not [n for n in names if "__llcc_kind_" in n]
    assert "scale_default" in names and "profile_integral" in names


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("label", ["normal", "ints", "zeros", "special"])
def test_filter_matches_cpython(compiled, name, label):
    lib, py = compiled
    img = images()[label]
    got = outcome(lambda: ndi.generic_filter(img, lib[name], size=3, mode="reflect"))
    want = outcome(lambda: python_filter(py[name], img))
    if isinstance(want, type):
        assert got is want
    else:
        assert not isinstance(got, type), got
        assert np.array_equal(got, want, equal_nan=True)


@pytest.mark.parametrize("w", [1.15, 2.675, 0.0])
def test_integrand_helper(compiled, w):
    lib, py = compiled
    got = integrate.quad(lib.profile_integral, 0.0, 1.0, args=(w,))
    want = integrate.quad(py["profile_integral"], 0.0, 1.0, args=(w,))
    assert got[:2] == want[:2]


def test_python_kinds_differ_from_numpy(compiled):
    """The values the tests compare do tell the kinds apart."""
    _, py = compiled
    window = np.array([1.0, 0.0, 2.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0])
    assert py["py_round"](window) == 1.1 and round(np.float64(1.15), 1) == 1.2
    with pytest.raises(ZeroDivisionError):
        py["py_ratio"](window)

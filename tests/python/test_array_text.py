"""numpy arrays as text (tests/python/params/array_text.flt): f-string
fields, str(), repr(), print() and exception messages of float, int and bool
arrays, 1-D and 2-D, compiled and under CPython through
scipy.ndimage.generic_filter: the same text (numpy 1.24's array2string:
precision, common width, line wrapping, summarization, repr's dtype=)."""
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import (assert_same_message_outcome, compiled_message_outcome,  # noqa: E402
                      python_message_outcome, python_namespace)

SOURCE = Path(__file__).resolve().parent / "params" / "array_text.flt"

CASES = [
    ("head", {}), ("whole", {}), ("whole", {"scale": 1e9}), ("whole", {"scale": 1e-9}),
    ("whole", {"scale": 1e20}), ("whole", {"scale": -1e-20}), ("whole", {"scale": 1e16}),
    ("whole", {"scale": 0.0}), ("whole", {"scale": -1.0}), ("whole", {"scale": 12345.678}),
    ("specials", {}), ("ints", {}), ("bools", {}), ("bools", {"t": 2.0}), ("grid", {}),
    ("empty", {}), ("masked", {}), ("masked", {"t": 2.0}), ("masked", {"t": -1.0}),
    ("long_line", {}), ("summarized", {}), ("spec_refused", {}), ("spec_of_repr", {}),
    ("as_message", {}), ("assert_message", {}), ("text_len", {}), ("blocks", {}),
    ("in_helper", {}), ("nested_spec", {}), ("nested_spec", {"w": ">30"}), ("str_format", {}),
    ("self_documenting", {}), ("self_documenting", {"how": "é"}), ("after_except", {}),
    ("printf_style", {}), ("tuple_message", {}), ("tuple_message", {"t": 2.0}),
]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(7)
    yield rng.random((4, 5))
    img = rng.random((5, 4))
    img.flat[[0, 1, 5]] = [0.95, 0.05, 0.8]  # nan, -inf, inf in specials' first window
    yield img
    img = rng.random((4, 4))
    img.flat[[0, 2]] = [0.15, 0.75]  # -0.0 and inf
    yield img
    yield np.full((3, 3), 0.5)
    yield rng.random((3, 4)) * 1e-5


@pytest.mark.parametrize("name,params", CASES)
def test_matches_cpython(lib, py, name, params):
    for img in images():
        want = python_message_outcome(py[name], img, **params)
        got = compiled_message_outcome(lib[name].bind(**params) if params else lib[name], img)
        assert_same_message_outcome(got, want)


def test_print(lib, py, capsys):
    img = np.random.default_rng(3).random((2, 3))
    img[0, 0] = 1e-7
    windows = []
    ndi.generic_filter(img, lambda v: windows.append(v.copy()) or 0.0, size=3, mode="nearest")
    capsys.readouterr()
    for w in windows:
        py["printed"](w)
    want = capsys.readouterr().out
    ndi.generic_filter(img, lib["printed"], size=3, mode="nearest")
    got = capsys.readouterr().out
    assert "w = [[" in want and got == want


def test_spec_message_is_numpy(lib):
    got = compiled_message_outcome(lib["spec_refused"], np.zeros((3, 3)))
    assert got[0] == "TypeError"
    assert got[1].endswith("unsupported format string passed to numpy.ndarray.__format__")

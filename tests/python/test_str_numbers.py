"""float(s) and int(s) of a str known only at run time (scan 10's file
242: `float(f"{c:.2f}")`; a str parameter; a str method's result): CPython's
own parse (whitespace, underscores, inf/nan, Unicode digits) through the C
API, and its ValueError naming the str's repr, against CPython running the
same file on the windows scipy.ndimage.generic_filter passes. An int past
64 bits is llcc's documented OverflowError.
"""
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import (assert_same_message_outcome, compiled_message_outcome,  # noqa: E402
                      python_message_outcome, python_namespace)

SOURCE = Path(__file__).resolve().parent / "params" / "str_numbers.flt"
TEXTS = ["1.5", " -inf ", "1_000", "nan", "NaN", "-0", "abc", "1e400", "0x10", "\u0661\u0662",
         "1__0", "\u2003 2.5\u00a0", "", "+7", "007", "1.5e-3", "infinity", "-Infinity", "1e",
         "9223372036854775807", "-9223372036854775808"]
CASES = [("rounded_centre", {}), ("digits", {})] + [
    (name, {"text": t}) for name in ("parse", "parse_int", "guarded") for t in TEXTS] + [
    ("stripped", {"text": t}) for t in (" 2.5 ", "3.25", "x.5", " 4 ")]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(23)
    yield rng.random((5, 6)) * 20 - 10
    img = rng.random((4, 4))
    img.flat[[2, 9]] = [np.nan, -0.0]
    yield img


@pytest.mark.parametrize("name,params", CASES, ids=lambda c: repr(c))
def test_matches_cpython(lib, py, name, params):
    for img in images():
        want = python_message_outcome(py[name], img, **params)
        got = compiled_message_outcome(lib[name].bind(**params) if params else lib[name], img)
        assert_same_message_outcome(got, want)


@pytest.mark.parametrize("text", ["9223372036854775808", "1" * 30, "-9223372036854775809"])
def test_int_past_64_bits_is_llccs_overflow_error(lib, py, text):
    py["parse_int"](np.ones(9), text=text)  # CPython's int is unbounded
    with pytest.raises(OverflowError, match="64-bit"):
        ndi.generic_filter(np.ones((3, 3)), lib["parse_int"].bind(text=text), size=3)

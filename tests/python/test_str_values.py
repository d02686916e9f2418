"""Strs computed at run time (tests/python/params/str_values.flt): str
repetition, str()/repr() of numbers, str methods of a str parameter, len(),
substrings, f-strings outside messages and tuple messages, compiled and under
CPython through scipy.ndimage.generic_filter: the same values, or the same
exception class and text."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import (assert_same_message_outcome, compiled_message_outcome,  # noqa: E402
                      python_message_outcome, python_namespace)

SOURCE = Path(__file__).resolve().parent / "params" / "str_values.flt"

CASES = [
    ("banner", {}), ("banner", {"n": 0}), ("banner", {"n": 3}), ("banner", {"n": -2}),
    ("text_len", {}), ("int_text", {}), ("int_text", {"k": -12345}),
    ("lowered", {}), ("lowered", {"how": "MAX"}), ("lowered", {"how": "min"}),
    ("lowered", {"how": "  mean \t"}), ("lowered", {"how": "Größe"}),
    ("lowered", {"how": "ǅx"}),
    ("prefixes", {}), ("prefixes", {"how": "maximum"}), ("prefixes", {"how": "xmax"}),
    ("prefixes", {"how": "mean"}), ("prefixes", {"how": "lo"}), ("prefixes", {"how": "x"}),
    ("prefixes", {"how": ""}), ("prefixes", {"how": "mé"}),
    ("replaced", {}), ("replaced", {"how": "--"}), ("replaced", {"how": "é-b-c"}),
    ("tuple_assert", {}), ("tuple_assert", {"lim": 0.5}), ("tuple_assert", {"lim": 2.0}),
    ("several_args", {}), ("several_args", {"k": 0}),
    ("labels", {}), ("labels", {"how": "mé"}), ("labels", {"how": "x'y"}),
    ("digits", {}), ("digits", {"code": "123"}), ("digits", {"code": "٣"}),
    ("fstring_value", {}),
    ("split_item", {}), ("split_item", {"how": "a,bc"}), ("split_item", {"how": "x"}),
    ("split_item", {"how": "  max  é "}), ("split_item", {"k": -2}), ("split_item", {"k": 5}),
    ("split_item", {"how": "a,b c", "k": 1}),
]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(11)
    yield rng.random((9, 8))
    yield rng.random((6, 7)) * 0.9 + 0.05
    img = rng.random((5, 6))
    img.flat[[3, 17]] = [np.inf, np.nan]
    yield img


@pytest.mark.parametrize("name,params", CASES)
def test_matches_cpython(lib, py, name, params):
    for img in images():
        want = python_message_outcome(py[name], img, **params)
        got = compiled_message_outcome(lib[name].bind(**params) if params else lib[name], img)
        assert_same_message_outcome(got, want)


def test_repeat_limits(lib, py):
    # '' repeated any number of times is '' at once; past 4 GiB llcc raises
    # MemoryError where CPython would try to allocate it.
    img = np.full((3, 3), 0.5)
    got = compiled_message_outcome(lib["repeat_limits"].bind(n=3), img)
    assert got[0] == "ok" and (got[1] == 6.0).all()
    img[1, 1] = 0.95
    got = compiled_message_outcome(lib["repeat_limits"], img)
    assert got[0] == "MemoryError" and got[1].endswith("a str repeated past 4 GiB"), got


def test_print_repetition(tmp_path, capsys):
    src = tmp_path / "p.flt"
    src.write_text('def f(values, n=3):\n    print("=" * n, 2 * "ab", str(values[0]) * 2, '
                   'repr("x") + "-" * 0)\n    return 0.0\n')
    lib = llcc.compile(src)
    from scipy import ndimage as ndi
    ndi.generic_filter(np.array([[0.5]]), lib["f"], size=1)
    assert capsys.readouterr().out == "=== abab 0.50.5 'x'\n"

"""f-string format specs with nested replacement fields (`{x:.{p}f}`,
`{x:{w}.{p}f}`, `{s:>{w}}`, `{x:{fill}>{w}}`): the spec's text is made when
the field is evaluated and CPython formats with it. Each filter of
params/fstring_nested_spec.flt, compiled and under CPython through
scipy.ndimage.generic_filter, gives the same values, or raises the same
class with the same message: a spec CPython refuses (a negative precision,
a sign given to a str, a fill of two characters) raises CPython's
ValueError with CPython's text."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import (assert_same_message_outcome, compiled_message_outcome,  # noqa: E402
                      python_message_outcome, python_namespace)

SOURCE = Path(__file__).resolve().parent / "params" / "fstring_nested_spec.flt"

CASES = [
    ("precision", {}), ("precision", {"p": 0}), ("precision", {"p": 12}),
    ("precision", {"p": -1}), ("precision", {"p": 2147483648}),
    ("width_precision", {}), ("width_precision", {"w": 0, "p": 0}),
    ("width_precision", {"w": -3}), ("width_precision", {"w": 30, "p": 17}),
    ("width_precision", {"p": -2}),
    ("int_width", {}), ("int_width", {"w": 1}), ("int_width", {"w": -8}), ("int_width", {"w": 0}),
    ("str_align", {}), ("str_align", {"how": "é∑x", "w": 6}), ("str_align", {"w": -2}),
    ("str_align", {"w": 0}),
    ("sci_percent", {}), ("sci_percent", {"p": 0}), ("sci_percent", {"p": 9}),
    ("sci_percent", {"p": -4}),
    ("fill", {}), ("fill", {"fill": "0"}), ("fill", {"fill": "é"}), ("fill", {"fill": "{"}),
    ("fill", {"fill": "ab"}), ("fill", {"fill": ""}), ("fill", {"w": -1}),
    ("loop_widths", {}),
    ("len_width", {}), ("len_width", {"how": ""}), ("len_width", {"how": "abcdefghijkl"}),
    ("compared", {}), ("compared", {"p": 0}), ("compared", {"p": 5}), ("compared", {"p": -1}),
    ("mixed_kinds", {}), ("mixed_kinds", {"w": 2, "p": 0}),
    ("caught", {}), ("caught", {"p": -1}), ("caught", {"p": 2147483648}),
    ("debug_field", {}), ("debug_field", {"p": 6}),
    ("spec_order", {}), ("spec_order", {"k": 0}), ("spec_order", {"k": -1}),
    ("bool_and_float_specs", {}), ("bool_and_float_specs", {"flag": False}),
    ("bool_and_float_specs", {"q": 3.5}),
]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(23)
    yield rng.random((7, 8))
    yield np.full((4, 5), 0.5)
    img = rng.random((5, 6))
    img.flat[[3, 17]] = [np.inf, np.nan]
    yield img


@pytest.mark.parametrize("name,params", CASES)
def test_matches_cpython(lib, py, name, params):
    for img in images():
        want = python_message_outcome(py[name], img, **params)
        got = compiled_message_outcome(lib[name].bind(**params) if params else lib[name], img)
        assert_same_message_outcome(got, want)


def test_bad_spec_message_is_cpythons(lib):
    # llcc's message is CPython's own, not a compile-time approximation.
    got = compiled_message_outcome(lib["precision"].bind(p=-1), np.full((3, 3), 0.75))
    assert got == ("ValueError", "Format specifier missing precision"), got
    got = compiled_message_outcome(lib["str_align"].bind(w=-2), np.full((3, 3), 0.75))
    assert got == ("ValueError", "Sign not allowed in string format specifier"), got


@pytest.mark.parametrize("w,p", [(8, 3), (0, 0), (-9, 1)])
def test_print(lib, capsys, w, p):
    from scipy import ndimage as ndi
    ndi.generic_filter(np.array([[0.5, 0.25]]), lib["print_field"].bind(w=w, p=p), size=1)
    assert capsys.readouterr().out == "".join(f"{v:{w}.{p}f}|{1:>{w}}\n" for v in (0.5, 0.25))


@pytest.mark.parametrize("text, message", [
    ('f"{values[0]:{3:{4}}}"', "f-string: expressions nested too deeply"),
    ('f"{values[0]:{{}>5}"', "f-string: expecting '}'"),
    ('f"{values[0]:{}}"', "f-string: empty expression not allowed"),
    ('f"{values[0]:{3}}}"', "f-string: single '}' is not allowed"),
    ('f"{values[0]:{3!x}}"', "f-string: invalid conversion character"),
])
def test_malformed_specs_are_compile_errors(tmp_path, text, message):
    src = tmp_path / "e.flt"
    src.write_text(f"def f(values):\n    assert values[0] > 0, {text}\n    return values[0]\n")
    with pytest.raises(SyntaxError):
        compile(src.read_text(), str(src), "exec")
    with pytest.raises(Exception) as err:
        llcc.compile(src)
    assert message in str(err.value)


def test_values_of_any_kind_in_the_spec(tmp_path):
    # A nested field may hold a str (the fill, or the whole spec) or a
    # number; what it formats to is the spec's text, as in CPython.
    src = tmp_path / "k.flt"
    src.write_text("def f(values, spec='>9.2f', a='<', z=0):\n"
                   "    if values[0] > 0.3:\n"
                   "        raise ValueError(f'{values[0]:{spec}}|{values[0]:{a}{z + 7}}|'\n"
                   "                         f'{z:{z}{len(spec)}}')\n"
                   "    return values[0]\n")
    lib, ns = llcc.compile(src), python_namespace(src)
    for params in ({}, {"spec": "e"}, {"a": "^", "z": 3}, {"spec": "x"}):
        img = np.full((3, 3), 0.5)
        want = python_message_outcome(ns["f"], img, **params)
        got = compiled_message_outcome(lib["f"].bind(**params) if params else lib["f"], img)
        assert_same_message_outcome(got, want)

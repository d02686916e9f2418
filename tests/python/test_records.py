"""namedtuple (collections' and typing.NamedTuple's class form) and classes
of constants (`class K: SIGMA = 1.5`, read as K.SIGMA): llcc lowers them to
tuples and module constants (frontend/TupleRecords.cpp). Each filter of
lang/records.flt, compiled and under CPython through
scipy.ndimage.generic_filter, gives the same values or raises the same
exception; the refusals are those of docs/diagnostics.md."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "lang" / "records.flt"
FILTERS = ["span_stats", "fields_and_defaults", "sorted_spans", "constants", "closure",
           "default_param", "raises"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    rng = np.random.default_rng(5)
    for img in (rng.random((6, 7)), rng.normal(0.3, 2.0, (5, 6)), np.zeros((4, 4))):
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


def test_typing_module_form(tmp_path):
    src = tmp_path / "t.flt"
    src.write_text("import typing\n\n"
                   "Pt = typing.NamedTuple(\"Pt\", [(\"x\", float), (\"y\", float)])\n\n\n"
                   "def f(values):\n"
                   "    p = Pt(y=values[0], x=values[1])\n"
                   "    x, y = p\n"
                   "    return p.x * 2.0 - p.y + x * y\n")
    img = np.arange(20.0).reshape(4, 5) * 0.5
    assert same_outcome(window_outcome(llcc.compile(src)["f"], img, 3),
                        window_outcome(python_namespace(src)["f"], img, 3))


@pytest.mark.parametrize("body, message", [
    ("P = namedtuple('P', 'a a')", "Encountered duplicate field name: 'a'"),
    ("P = namedtuple('P', '_a b')", "Field names cannot start with an underscore: '_a'"),
    ("P = namedtuple('P', 'a def')", "Type names and field names cannot be a keyword: 'def'"),
    ("P = namedtuple('P', 'a 1b')", "Type names and field names must be valid identifiers: '1b'"),
    ("P = namedtuple('P', 'a', defaults=[1, 2])", "Got more default values than field names"),
])
def test_definition_errors_are_cpythons(tmp_path, body, message):
    src = tmp_path / "e.flt"
    src.write_text(f"from collections import namedtuple\n{body}\n\n\ndef f(values):\n"
                   "    return values[0]\n")
    with pytest.raises(Exception):
        exec(compile(src.read_text(), str(src), "exec"), {})
    with pytest.raises(llcc.CompileError if hasattr(llcc, "CompileError") else Exception) as err:
        llcc.compile(src)
    assert message in str(err.value)


@pytest.mark.parametrize("call, message", [
    ("P(1.0, 2.0, 3.0)", "P.__new__() takes 3 positional arguments but 4 were given"),
    ("P()", "P.__new__() missing 2 required positional arguments: 'lo' and 'hi'"),
    ("P(1.0, lo=2.0)", "P.__new__() got multiple values for argument 'lo'"),
    ("P(1.0, 2.0, x=3.0)", "P.__new__() got an unexpected keyword argument 'x'"),
    ("P(1.0, 2.0)._replace(x=1.0)", "Got unexpected field names: ['x']"),
])
def test_call_errors_are_cpythons(tmp_path, call, message):
    src = tmp_path / "e.flt"
    src.write_text("from collections import namedtuple\nP = namedtuple('P', 'lo hi')\n\n\n"
                   f"def f(values):\n    p = {call}\n    return values[0]\n")
    with pytest.raises((TypeError, ValueError)) as want:
        python_namespace(src)["f"](np.zeros(3))
    assert str(want.value) == message
    with pytest.raises(Exception) as err:
        llcc.compile(src)
    assert message in str(err.value)

"""Nested defs assigning their enclosing function's variables (`nonlocal`)
and factories (helpers returning a lambda or a nested def), compiled and
under CPython through scipy.ndimage.generic_filter: the same values bit for
bit and the same exception classes. Also the compile errors for what llcc
refuses (`global`, a nonlocal helper used as a value, a factory returning
functions on two paths, a function stored in a list, ...)."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "lang" / "closures.flt"
FILTERS = ["count_above", "best_index", "running", "flood", "two_deep", "siblings",
           "value_uses", "returns_through", "middle_local", "raises_inside",
           "int_then_float", "flag", "after_local", "kw",
           # containers
           "tup", "lst", "sets", "dicts", "setrebind",
           # factories
           "blur", "late_binding", "counting", "keyed", "in_loop", "defaults",
           "nested_factory", "via_helper", "closest", "ranked", "mapped"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(5)
    yield rng.random((7, 6))
    yield rng.normal(0.5, 0.6, (6, 7))
    img = rng.random((6, 6))
    img.flat[[3, 17, 30]] = [np.nan, np.inf, -np.inf]
    yield img
    yield np.zeros((4, 5))


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    for img in images():
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


def test_blob_sizes_match_cpython(lib, py):
    """A recursive flood fill counting cells with `nonlocal size`."""
    rng = np.random.default_rng(2)
    for img in (rng.random((7, 7)), rng.random((6, 8)), np.ones((5, 5))):
        want = window_outcome(py["blobs"], img, 5)
        got = window_outcome(lib["blobs"], img, 5)
        assert same_outcome(got, want), (got, want)


REFUSED = {
    "global": ("N = 1.0\n\ndef f(values):\n    global N\n    N = 2.0\n    return N\n",
               "`global N` (module-level names are read-only constants in llcc"),
    "no binding": ("def f(values):\n    def g():\n        nonlocal q\n        q = 1\n"
                   "    g()\n    return 0.0\n", "no binding for nonlocal 'q' found"),
    "as value": ("def f(values):\n    n = 0\n    def g(v):\n        nonlocal n\n"
                 "        n += 1\n        return v\n    return max(values, key=g)\n",
                 "can only be called in llcc, not used as a value"),
    "in expression": ("def f(values):\n    n = 0\n    def g(v):\n        nonlocal n\n"
                      "        n += 1\n        return v\n    return g(values[0]) + g(values[1])\n",
                      "must run first in its statement"),
    "in try": ("def f(values):\n    n = 0\n    def g(v):\n        nonlocal n\n"
               "        n += 1\n    try:\n        g(values[0])\n    except ValueError:\n"
               "        pass\n    return n\n", "cannot be inside a try block"),
    "factory paths": ("def pick(k):\n    if k > 0:\n        return lambda x: x * k\n"
                      "    return lambda x: -x\n\ndef f(values):\n    g = pick(values[0])\n"
                      "    return g(values[1])\n", "llcc supports a factory whose only return"),
    "factory in list": ("def mk(k):\n    return lambda x: k * x\n\ndef f(values):\n"
                        "    fs = [mk(1.0), mk(2.0)]\n    return fs[0](values[0])\n",
                        "a function cannot be stored, passed or called at once otherwise"),
    "factory rebound": ("def mk(k):\n    return lambda x: k * x\n\ndef f(values):\n"
                        "    g = mk(1.0)\n    a = g(values[0])\n    if a > 0:\n        g = mk(2.0)\n"
                        "    return a + g(values[1])\n", "and is assigned again"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_with_a_message(case):
    source, message = REFUSED[case]
    with pytest.raises(llcc.CompileError) as info:
        llcc.compile(source, filename="bad.flt")
    assert message in info.value.diagnostics

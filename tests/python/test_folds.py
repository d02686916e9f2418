"""functools.reduce and itertools.accumulate, end to end.

tests/python/folds/folds.flt holds filters written the way users write
folds (lambdas reading the filter's variables, defs, nested defs, max/min,
np.fmax, math.hypot; arrays, lists, tuples, ranges and generator
expressions; initial values given and absent, int initials with float
items). Each runs through SciPy's entry points (generic_filter with
lib["name"], generic_filter1d, quad) compiled by llcc, and in CPython on the
same windows; results must agree bit for bit, and where CPython raises
(reduce() of an empty iterable with no initial value, int() of inf) llcc
raises the same class with the same message. The refused uses are compile
errors with a ``file:line:col: error:`` diagnostic.
"""
import functools
import itertools
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.integrate
import scipy.ndimage as ndi

import llcc
from conftest import python_namespace, run_llcc

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "folds" / "folds.flt"

FILTERS = ["horner", "horner_int_start", "largest_def", "largest_builtin", "nested_def",
           "gen_sum", "empty_raises", "int_items", "tuple_items", "np_items",
           "running_sum_peak", "running_max_total", "running_sum_max", "running_initial",
           "running_func_keyword", "running_empty", "running_in_comprehension", "module_lambda"]


def images():
    rng = np.random.default_rng(995)
    yield "normal", rng.standard_normal((9, 8)) * 10
    yield "ints", rng.integers(-3, 4, (7, 6)).astype(float)
    special = rng.standard_normal((8, 7)) * 1e3
    flat = special.reshape(-1)
    flat[rng.integers(0, flat.size, 5)] = np.nan
    flat[rng.integers(0, flat.size, 2)] = -0.0
    yield "nan", special
    inf = rng.standard_normal((5, 5))
    inf[2, 2] = np.inf
    yield "inf", inf
    # Sums whose sequential and pairwise roundings differ.
    yield "cancel", np.array([[1e16, 1.0, -1e16, 3.0], [1.0, 1e-16, 1.0, -1.0],
                              [0.1, 0.2, 0.3, 1e16]])
    yield "single", np.array([[2.5]])


@pytest.fixture(scope="module")
def compiled(llcc, tmp_path_factory):
    out = tmp_path_factory.mktemp("folds") / "folds.so"
    proc = run_llcc(llcc, SOURCE, "-o", out)
    assert proc.returncode == 0, proc.stderr
    return llcc_module().load(str(out)), python_namespace(SOURCE)


def llcc_module():
    return llcc


def cpython(function, img, size):
    """CPython's outcome on the windows generic_filter passes: the image, or
    (class name, message) of the first exception."""
    windows = []
    ndi.generic_filter(img, lambda v: windows.append(v.copy()) or 0.0, size=size,
                       mode="nearest")
    out = []
    for w in windows:
        try:
            out.append(float(function(w)))
        except Exception as e:  # noqa: BLE001 - the outcome compared
            return (type(e).__name__, str(e))
    return np.array(out).reshape(img.shape)


def compiled_outcome(callback, img, size):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ndi.generic_filter(img, callback, size=size, mode="nearest")
    except Exception as e:  # noqa: BLE001
        return (type(e).__name__, str(e))


def assert_same(got, expected, what):
    if isinstance(expected, tuple) or isinstance(got, tuple):
        assert isinstance(got, tuple) and isinstance(expected, tuple), (what, got, expected)
        assert got[0] == expected[0], (what, got, expected)
        # The fold's own error has CPython's words; others (a window index
        # out of range) keep llcc's own text, which cites the line.
        if "reduce()" in expected[1]:
            assert got[1] == expected[1], (what, got, expected)
        return
    assert np.array_equal(got, expected, equal_nan=True), (what, got, expected)
    numbers = ~np.isnan(expected)
    assert np.array_equal(np.signbit(got[numbers]), np.signbit(expected[numbers])), what


@pytest.mark.parametrize("size", [(1, 1), (3, 3), (2, 3)])
@pytest.mark.parametrize("name", FILTERS)
def test_generic_filter(compiled, name, size):
    lib, ns = compiled
    for label, img in images():
        assert_same(compiled_outcome(lib[name], img, size), cpython(ns[name], img, size),
                    (name, label, size))


def test_bound_parameters(compiled):
    """A lambda reads the filter's parameter, bound through SciPy."""
    lib, ns = compiled
    for label, img in images():
        for x in (0.5, -2.0, 3):
            got = compiled_outcome(lib["horner"].bind(x=x), img, (3, 3))
            assert_same(got, cpython(functools.partial(ns["horner"], x=x), img, (3, 3)),
                        ("horner", label, x))
        got = compiled_outcome(lib["gen_sum"].bind(t=1.0), img, (3, 3))
        assert_same(got, cpython(functools.partial(ns["gen_sum"], t=1.0), img, (3, 3)),
                    ("gen_sum", label))


def test_empty_reduce_message(compiled):
    lib, ns = compiled
    img = np.arange(9.0).reshape(3, 3)
    got = compiled_outcome(lib["empty_raises"], img, (3, 3))
    assert got == ("TypeError", "reduce() of empty iterable with no initial value")
    assert cpython(ns["empty_raises"], img, (3, 3)) == got


def test_sequential_not_pairwise(compiled):
    """accumulate adds left to right, as CPython; numpy's cumsum may not."""
    lib, ns = compiled
    values = np.array([1e16, 1.0, 1.0, -1e16, 0.1, 0.2, 0.3] * 3)
    img = values.reshape(1, -1)
    size = (1, values.size)
    got = ndi.generic_filter(img, lib["running_sum_peak"], size=size, mode="nearest")
    want = cpython(ns["running_sum_peak"], img, size)
    assert np.array_equal(got, want)
    centre = values  # the window of the middle pixel is the whole line
    assert got[0, values.size // 2] == max(itertools.accumulate(centre.tolist()))


def python_function(ns, name):
    """The function CPython runs: the llcc decorators wrap it in a compiled
    callback when the file is executed, keeping it as __wrapped__."""
    f = ns[name]
    return getattr(f, "__wrapped__", f)


def test_generic_filter1d(compiled):
    lib, ns = compiled
    line = python_function(ns, "prefix_line")
    rng = np.random.default_rng(7)
    img = rng.standard_normal((4, 12)) * 100
    img[1, 3] = np.nan
    for size in (1, 3, 5):
        got = ndi.generic_filter1d(img, lib["prefix_line"], size, mode="reflect")
        want = ndi.generic_filter1d(img, line, size, mode="reflect")
        assert np.array_equal(got, want, equal_nan=True), size


def test_quad(compiled):
    lib, ns = compiled
    got = scipy.integrate.quad(lib["series"], -1.0, 2.0)
    series = python_function(ns, "series")
    assert not hasattr(series, "function")
    want = scipy.integrate.quad(series, -1.0, 2.0)
    assert got == want
    assert series(0.3) == functools.reduce(lambda a, c: a * 0.3 + c,
                                                 (0.5, -1.25, 3.0, 0.1), 0.0)


def test_int_initial_keeps_int_when_empty(compiled):
    """reduce(f, [], 0) is CPython's int 0; a float once an item is added."""
    _, ns = compiled
    assert ns["gen_sum"](np.array([-1.0]), 0.0) == 0
    assert type(ns["gen_sum"](np.array([-1.0]), 0.0)) is int
    assert math.isclose(ns["gen_sum"](np.array([2.0]), 0.0), 4.0)


REFUSED = [
    ("from functools import reduce\n\n\ndef f(values):\n    return reduce(max)\n",
     "functools.reduce takes (function, iterable[, initial])"),
    ("from functools import reduce\n\n\ndef f(values):\n    return reduce(max, values, initial=0.0)\n",
     "functools.reduce takes (function, iterable[, initial])"),
    ("import functools\n\n\ndef f(values):\n    return functools.reduce(lambda a: a, values)\n",
     "this lambda takes 1"),
    ("from itertools import accumulate\n\n\ndef f(values):\n    return len(accumulate(values))\n",
     "itertools.accumulate is compiled where its iterator is consumed at once"),
    ("import itertools\n\n\ndef f(values):\n    s = itertools.accumulate(values)\n    return max(s)\n",
     "itertools.accumulate is compiled where its iterator is consumed at once"),
    ("from functools import partial\n\n\ndef f(values):\n    return 1.0\n",
     "'functools.partial' is not supported in llcc"),
    ("import operator\nfrom functools import reduce\n\n\ndef f(values):\n"
     "    return reduce(operator.iadd, values)\n",
     "'operator.iadd' is not supported in llcc"),
]


@pytest.mark.parametrize("source,message", REFUSED)
def test_refused(llcc, tmp_path, source, message):
    path = tmp_path / "refused.flt"
    path.write_text(source)
    proc = run_llcc(llcc, path, "-o", tmp_path / "refused.so")
    assert proc.returncode == 1, proc.stderr
    first = proc.stderr.splitlines()[0]
    assert "refused.flt:" in first and ": error: " in first and message in first, proc.stderr
    assert not (tmp_path / "refused.so").exists()

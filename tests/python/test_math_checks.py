"""The math module's error checks on their fast path, against CPython 3.11.

Every C math function llcc calls for a `math` name keeps CPython's rule (a
NaN from non-NaN arguments is a ValueError, an infinity from finite ones an
OverflowError or ValueError). codegen/IRGenBuiltins.cpp (checkedMath) tests
only `r - r` (NaN exactly when r is a NaN or an infinity) on the hot path
and looks at the arguments only then: these tests feed each function the
values on both sides of that split (finite results, NaN and infinite
results from finite, infinite and NaN arguments, overflow, poles) one
window at a time through scipy.ndimage.generic_filter, and the integrand
of bench/filters/damped_wave.flt through scipy.integrate.quad, and compare
value, sign of zero, or the exception class with CPython's.

backend/MathChecks.cpp then tests several calls' results at once, on a
value computed from all of them, and reruns the checks in order only when
that value is not finite: the filters at the end call two or three checked
functions per line of scipy.ndimage.generic_filter1d (one call of the
callback per line, so exactly one evaluation) on every pair of special and
ordinary arguments, and the error must be the one CPython raises first: its
class and the line and column of the call that raised it.
"""
import ctypes
import math
import traceback
import warnings
from pathlib import Path

import numpy as np
import pytest
from scipy import LowLevelCallable, integrate, ndimage

from conftest import CompiledLibrary, python_namespace
from test_kinds import python_functions
from test_numpy_lib import run, same

UNARY = ["sqrt", "exp", "log", "log2", "log10", "sin", "cos", "tan", "asin", "acos", "atan",
         "sinh", "cosh", "tanh", "log1p", "expm1", "erf", "erfc"]
BINARY = ["atan2", "pow", "fmod"]
VALUES = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -3.0, 710.0, -710.0, 1e300, -1e300, 5e-324,
          math.inf, -math.inf, math.nan]
PAIRS = [(x, y) for x in [0.0, -0.0, 2.0, -2.0, 1e300, math.inf, -math.inf, math.nan]
         for y in [0.0, -0.0, 0.5, -1.0, 3.0, 1e300, -1e300, math.inf, -math.inf, math.nan]]


@pytest.fixture(scope="module")
def compiled(build, tmp_path_factory):
    lines = ["import math", ""]
    for name in UNARY:
        lines += [f"def f_{name}(values):", f"    return math.{name}(values[0])", ""]
    for name in BINARY:
        lines += [f"def f_{name}(values):", f"    return math.{name}(values[0], values[1])", ""]
    lines += ["def f_log_base(values):", "    return math.log(values[0], values[1])", ""]
    src = tmp_path_factory.mktemp("mathchecks") / "math_checks.flt"
    src.write_text("\n".join(lines))
    return CompiledLibrary(build(src)), python_namespace(src)


@pytest.mark.parametrize("name", UNARY)
def test_unary_results_and_errors_match_cpython(compiled, name):
    lib, ns = compiled
    outcomes = set()
    for x in VALUES:
        one = np.array([[x]])
        expected = run(ns[f"f_{name}"], one, 1)
        got = run(lib[f"f_{name}"], one, 1)
        assert same(got, expected), (name, x, got, expected)
        outcomes.add(expected[0] if expected[0] == "ok" else expected[1])
    # Each function is seen both succeeding and, but for the total ones,
    # failing: the special path is exercised, not only the fast one.
    assert "ok" in outcomes
    if name not in ("sin", "cos", "tan", "atan", "tanh", "erf", "erfc"):
        assert outcomes - {"ok"}, (name, outcomes)


@pytest.mark.parametrize("name", BINARY + ["log_base"])
def test_binary_results_and_errors_match_cpython(compiled, name):
    lib, ns = compiled
    for x, y in PAIRS:
        # One window of (x, y): the pixel whose 1x2 footprint covers both.
        img = np.array([[x, y]])
        expected = run(ns[f"f_{name}"], img, (1, 2))
        got = run(lib[f"f_{name}"], img, (1, 2))
        assert same(got, expected), (name, x, y, got, expected)


def test_nan_and_infinite_results_without_error(compiled):
    """Results that take the special path and still are no error: a NaN
    from a NaN argument, an infinity from an infinite one."""
    lib, ns = compiled
    for name, x in [("exp", math.inf), ("exp", math.nan), ("sqrt", math.inf), ("log", math.inf),
                    ("cosh", -math.inf), ("sin", math.nan)]:
        one = np.array([[x]])
        expected = run(ns[f"f_{name}"], one, 1)
        assert expected[0] == "ok" and not np.isfinite(expected[1]).all()
        assert same(run(lib[f"f_{name}"], one, 1), expected), (name, x)


@pytest.fixture(scope="module")
def damped(build):
    src = Path(__file__).resolve().parents[2] / "bench" / "filters" / "damped_wave.flt"
    return CompiledLibrary(build(src)), python_functions(src)


@pytest.mark.parametrize("args,bounds", [((0.7, 3.0), (0.0, 5.0)), ((2.0, 0.5), (-1.0, 1.0)),
                                         ((0.0, 0.0), (0.0, 1.0))])
def test_quad_integrand_matches_cpython(damped, args, bounds):
    lib, ns = damped
    cb = LowLevelCallable(ctypes.CDLL(str(lib.path)).damped_wave,
                          signature="double (int, double *, void *)")
    assert integrate.quad(cb, *bounds, args=args) == \
        integrate.quad(ns["damped_wave"], *bounds, args=args)


@pytest.mark.parametrize("args,bounds,cls", [((-1000.0, 1.0), (1.0, 2.0), OverflowError),
                                             ((0.5, math.inf), (1.0, 2.0), ValueError),
                                             # both fail: exp's error comes first
                                             ((-1000.0, math.inf), (1.0, 2.0), OverflowError)])
def test_quad_integrand_errors_as_cpython(damped, args, bounds, cls):
    lib, ns = damped
    with pytest.raises(cls):
        ns["damped_wave"](1.5, *args)
    cb = LowLevelCallable(ctypes.CDLL(str(lib.path)).damped_wave,
                          signature="double (int, double *, void *)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(Exception) as info:
            integrate.quad(cb, *bounds, args=args)
    chain = [info.value, info.value.__cause__, info.value.__context__]
    assert any(isinstance(e, cls) for e in chain), chain


# Several checked calls per expression: the results' checks are merged.
MERGED = {
    "exp_cos": "math.exp(a) * math.cos(b)",
    "cos_exp": "math.cos(b) * math.exp(a)",
    "three": "math.exp(a) + math.log(b) - math.sqrt(a)",
    "negdiv": "-math.exp(a) / 3.0 + math.tan(b)",
    "divisor": "math.exp(a) / math.cos(b)",
    "asin_acos": "math.asin(a) - math.acos(b)",
    "pow_exp": "math.pow(a, b) * math.exp(b)",
    "times_zero": "math.exp(a) * 0.0 + math.log(b)",
}
MERGED_VALUES = [0.5, -1.0, 0.0, -0.0, 2.0, 710.0, -710.0, 1e300, math.inf, -math.inf, math.nan]


@pytest.fixture(scope="module")
def merged(build, tmp_path_factory):
    lines = ["import llcc", "import math", ""]
    for name, expr in MERGED.items():
        lines += ["@llcc.filter1d", f"def {name}(iline, oline):", "    a = iline[0]",
                  "    b = iline[1]", f"    oline[0] = {expr}", "    oline[1] = 0.0", ""]
    # Two checked calls inside a loop body, merged per iteration.
    lines += ["@llcc.filter1d", "def in_loop(iline, oline):", "    s = 0.0",
              "    for k in range(2):", "        s += math.exp(iline[k]) * math.log(iline[1 - k])",
              "    oline[0] = s", "    oline[1] = 0.0", ""]
    src = tmp_path_factory.mktemp("merged") / "merged_checks.flt"
    src.write_text("\n".join(lines))
    return CompiledLibrary(build(src)), python_functions(src), src


def outcome_python(fn, a, b, src):
    oline = np.zeros(2)
    try:
        fn(np.array([a, b]), oline)
    except Exception as e:
        frame = [f for f in traceback.extract_tb(e.__traceback__) if f.filename == str(src)][-1]
        return ("raise", type(e).__name__, f":{frame.lineno}:{frame.colno + 1}:")
    return ("ok", oline)


def outcome_compiled(lib, name, a, b):
    cb = LowLevelCallable(ctypes.CDLL(str(lib.path))[name],
                          signature="int (double *, intptr_t, double *, intptr_t, void *)")
    try:
        out = ndimage.generic_filter1d(np.array([[a, b]]), cb, 1, axis=-1)
    except Exception as e:
        return ("raise", type(e).__name__, str(e))
    return ("ok", out[0])


@pytest.mark.parametrize("name", list(MERGED) + ["in_loop"])
def test_merged_checks_raise_cpythons_first_error(merged, name):
    lib, ns, src = merged
    raised = set()
    for a in MERGED_VALUES:
        for b in MERGED_VALUES:
            expected = outcome_python(ns[name], a, b, src)
            got = outcome_compiled(lib, name, a, b)
            assert got[0] == expected[0], (name, a, b, got, expected)
            if expected[0] == "ok":
                assert np.array_equal(got[1], expected[1], equal_nan=True), (name, a, b, got)
                numbers = ~np.isnan(expected[1])  # signs of zeros; NaN's sign is not compared
                assert np.array_equal(np.signbit(got[1][numbers]), np.signbit(expected[1][numbers]))
            else:
                # The class, and the call that raised it by line and column.
                assert got[1] == expected[1] and expected[2] in got[2], (name, a, b, got, expected)
                raised.add(expected[2])
    # Every call of the expression fails for some arguments, first or not.
    calls = 2 if name == "in_loop" else MERGED[name].count("math.")
    assert len(raised) >= min(calls, 2), (name, raised)


UNROLLED = '''
import math


def tanh_steps(values, p=-2.5):
    acc = 0.0
    for k in range(4):
        if p < 0:
            acc += math.tanh(values[k % len(values)])
    return acc


def exp_steps(values):
    acc = 0.0
    k = 0
    while k < 4:
        k += 1
        acc = acc * 0.5 + math.exp(values[k % len(values)])
    return acc
'''


def test_unrolled_checks_in_image_kernels(tmp_path):
    """Math checks in a loop the optimiser unrolls, in the whole-image
    kernels: regions of deferred checks that met in one block crashed the
    compiler (backend/MathChecks.cpp). The kernels equal SciPy with the
    callback, OverflowError included."""
    import llcc
    src = tmp_path / "unrolled.flt"
    src.write_text(UNROLLED)
    lib = llcc.compile(src)
    rng = np.random.default_rng(3)
    image = rng.normal(size=(9, 11)) * 3
    for name in ["tanh_steps", "exp_steps"]:
        want = ndimage.generic_filter(image, lib[name], size=3)
        got = llcc.generic_filter(image, lib[name], size=3, threads=1)
        assert np.array_equal(got, want), name
    image[4, 5] = 800.0  # exp overflows there
    with pytest.raises(OverflowError):
        ndimage.generic_filter(image, lib["exp_steps"], size=3)
    with pytest.raises(OverflowError):
        llcc.generic_filter(image, lib["exp_steps"], size=3, threads=1)

"""statistics.harmonic_mean (with and without weights) and
statistics.StatisticsError against CPython 3.11's statistics module, bit for
bit.

CPython divides each weight by its datum in floats, sums the quotients as
exact Fractions and rounds the ratio of the weights' exact sum to that sum
once; tests/python/library/statistics_harmonic.flt runs through
scipy.ndimage.generic_filter compiled, and its Python source on the same
windows under CPython: zeros (an infinity for numpy data, CPython's return 0
for Python floats), negative values, huge and subnormal data, NaN and
infinities, hypothesis images. Errors must be the same class (StatisticsError
itself now) with the same message.
"""
import math
import re
import statistics
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy
import scipy.ndimage as ndi
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import CompiledLibrary, python_namespace

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library" / "statistics_harmonic.flt"

NAMES = ["harmonic_of", "harmonic_abs", "harmonic_python", "harmonic_weighted",
         "harmonic_int_weights", "harmonic_python_weighted", "harmonic_tuple", "harmonic_or_nan",
         "stdev_or_zero", "mode_caught_as_value_error", "imported_name",
         "value_error_is_not_statistics_error", "raised_by_program", "uncaught"]


def error_of(e):
    # llcc's message starts with the call's position; CPython's has none.
    return type(e).__name__, re.sub(r"^\S+\.flt:\d+:\d+: ", "", str(e))


def run(callback, img, size):
    """(ok, values) or (raise, class, message), the first error of the
    windows generic_filter passes (a Python callback runs on them after
    they are collected: SciPy 1.10 rewraps its exceptions)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if isinstance(callback, scipy.LowLevelCallable):
            try:
                return ("ok", ndi.generic_filter(img, callback, size=size, mode="nearest"))
            except Exception as e:
                return ("raise",) + error_of(e)
        windows = []
        ndi.generic_filter(img, lambda v: windows.append(v.copy()) or 0.0, size=size,
                           mode="nearest")
        out = []
        for w in windows:
            try:
                out.append(float(callback(w)))
            except Exception as e:
                return ("raise",) + error_of(e)
        return ("ok", np.array(out).reshape(img.shape))


def same(got, expected):
    if got[0] != expected[0] or got[0] == "raise":
        return got == expected
    a, b = got[1], expected[1]
    return a.tobytes() == b.tobytes() or (
        np.array_equal(a, b, equal_nan=True) and
        np.array_equal(np.signbit(a[~np.isnan(a)]), np.signbit(b[~np.isnan(b)])))


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(2207)
    shape = (8, 9)
    yield "positive", np.abs(rng.normal(5.0, 3.0, shape)) + 0.25
    yield "ties", rng.integers(0, 4, shape).astype(float)
    yield "signed", rng.integers(-3, 4, shape).astype(float)
    yield "gauss", np.abs(rng.normal(0.0, 100.0, shape))
    yield "huge", np.abs(rng.normal(0.0, 1.0, shape)) * 1e300
    yield "tiny", rng.integers(1, 4, shape) * 5e-324
    yield "subnormal", rng.uniform(0.0, 1.0, shape) * 2.2250738585072014e-308
    yield "mixed", np.abs(rng.normal(0.0, 1.0, shape)) * 10.0 ** rng.integers(-300, 300, shape)
    yield "negzero", np.where(rng.integers(0, 5, shape) == 0, -0.0, 1.5)
    special = np.abs(rng.normal(1.0, 1.0, shape))
    special[2, 3], special[6, 6], special[4, 4] = np.nan, np.inf, 0.0
    yield "special", special


CASES = [(label, img, size) for label, img in images() for size in [(1, 1), (1, 2), (3, 3), (2, 4)]]


@pytest.mark.parametrize("label, img, size", CASES,
                         ids=[f"{c[0]}-{c[2][0]}x{c[2][1]}" for c in CASES])
def test_harmonic_match_cpython(compiled, label, img, size):
    lib, ns = compiled
    for name in NAMES:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, got, expected)


def test_known_values(compiled):
    """CPython's documented examples, its rounding and its errors, with the
    class StatisticsError itself."""
    lib, _ = compiled
    img = np.array([[40.0, 60.0]])
    assert run(lib["harmonic_of"], img, (1, 2))[1][0, 1] == 48.0
    data = [0.1, 0.3, 0.7, 1.1, 2.9]
    got = run(lib["harmonic_of"], np.array([data]), (1, 5))
    assert got[1][0, 2] == statistics.harmonic_mean(data)
    assert run(lib["harmonic_of"], np.array([[1.0, -1.0]]), (1, 2)) == (
        "raise", "StatisticsError", "harmonic mean does not support negative values")
    assert run(lib["uncaught"], np.array([[0.5, 0.5]]), (1, 2)) == (
        "raise", "StatisticsError", "harmonic mean does not support negative values")
    assert run(lib["harmonic_of"], np.array([[np.inf, np.inf]]), (1, 2)) == (
        "raise", "StatisticsError", "Weighted sum must be positive")
    assert run(lib["raised_by_program"], np.array([[0.5]]), (1, 1)) == (
        "raise", "RuntimeError", "caught StatisticsError('positive first value')")
    # 1 / x in numpy floats is inf at a zero, so the mean is 0.0; CPython's
    # Python floats raise ZeroDivisionError there, and harmonic_mean returns 0.
    assert run(lib["harmonic_python"], np.array([[2.0, 0.0]]), (1, 2))[1][0, 1] == 0.0
    assert run(lib["harmonic_or_nan"], np.array([[1.0, -2.0]]), (1, 2))[1][0, 1] == -1.0


special = st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.1, 1e16, 1e300, 1.7e308, 5e-324,
                           2.2250738585072014e-308, math.inf, math.nan])
finite = st.floats(0.0, 1e308)
element = st.one_of(finite, finite, st.floats(0.0, 1000.0), special)
hyp_images = hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 5)),
                        elements=element)
footprints = st.sampled_from([(1, 1), (1, 2), (2, 2), (3, 3), (1, 5)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=hyp_images, size=footprints)
def test_harmonic_match_cpython_hypothesis(compiled, img, size):
    lib, ns = compiled
    for name in NAMES:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, img.tolist(), size, got, expected)


def test_int_data_is_refused(llcc, tmp_path):
    src = tmp_path / "ints.flt"
    src.write_text("import statistics\n\n\ndef f(values):\n"
                   "    return statistics.harmonic_mean([int(v) for v in values])\n")
    proc = subprocess.run([str(llcc), str(src), "--check"], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "statistics.harmonic_mean of int data is not supported in llcc" in proc.stderr


def test_other_module_classes_are_refused(llcc, tmp_path):
    src = tmp_path / "bare.flt"
    src.write_text("import statistics\n\n\ndef f(values):\n    try:\n"
                   "        return statistics.median(values)\n"
                   "    except StatisticsError:\n        return 0.0\n")
    proc = subprocess.run([str(llcc), str(src), "--check"], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "'StatisticsError' is not one of Python's built-in exception classes" in proc.stderr


def test_image_kernel_raises_statistics_error(compiled):
    """llcc.generic_filter's whole-image kernel raises the same class (read
    back through the manifest's class table)."""
    import llcc

    lib, _ = compiled
    with pytest.raises(statistics.StatisticsError, match="does not support negative values"):
        llcc.generic_filter(np.array([[1.0, -1.0, 2.0]]), llcc.compile(SOURCE)["harmonic_of"],
                            size=2)
    with pytest.raises(statistics.StatisticsError, match="does not support negative values"):
        ndi.generic_filter(np.array([[1.0, -1.0, 2.0]]), lib["harmonic_of"], size=2)


def test_manifest_names_each_classs_module():
    """Python finds statistics.StatisticsError through the manifest's
    `modules` beside `classes`, not through a copy of its own."""
    import importlib

    from llcc._abi import compiler_abi

    errors = compiler_abi()["errors"]
    assert len(errors["modules"]) == len(errors["classes"])
    pairs = dict(zip(errors["classes"], errors["modules"]))
    assert pairs["StatisticsError"] == "statistics" and pairs["ValueError"] == "builtins"
    for name, module in pairs.items():
        cls = getattr(importlib.import_module(module), name)
        assert isinstance(cls, type) and issubclass(cls, BaseException), (module, name)

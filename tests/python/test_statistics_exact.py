"""statistics.mean, variance, pvariance, stdev, pstdev, geometric_mean,
multimode and quantiles against CPython 3.11's statistics module, bit for
bit.

CPython sums the floats' exact integer ratios as Fractions and rounds once
(stdev: the correctly rounded square root of the exact fraction); a float
sum differs in the last bits. tests/python/library/statistics_exact.flt runs
through scipy.ndimage.generic_filter compiled, and its Python source on the
same windows under CPython: images with ties, huge and tiny magnitudes,
subnormals, cancellation, negative values, NaN and infinities, and
hypothesis images. Errors must be the same class with the same message
(StatisticsError arrives as the ValueError it derives from).
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
SOURCE = HERE / "library" / "statistics_exact.flt"

NAMES = ["mean_of", "variance_of", "pvariance_of", "stdev_of", "pstdev_of", "variance_xbar",
         "pstdev_mu", "stdev_xbar_mean", "cancel", "python_floats", "python_floats_mu",
         "finite_tuple", "geometric", "geometric_abs", "multimode_of", "multimode_window",
         "quartiles", "quantiles_inclusive", "deciles"]


def error_of(e):
    name = "ValueError" if type(e).__name__ == "StatisticsError" else type(e).__name__
    # llcc's message starts with the call's position; CPython's has none.
    return name, re.sub(r"^\S+\.flt:\d+:\d+: ", "", str(e))


def run(callback, img, size):
    """(ok, values) or (raise, class, message). A Python callback runs on the
    windows generic_filter passes, collected first (SciPy 1.10 rewraps the
    exceptions of Python callbacks); the first error is the outcome."""
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
    rng = np.random.default_rng(2200)
    shape = (9, 10)
    yield "ties", rng.integers(-3, 4, shape).astype(float)
    yield "gauss", rng.normal(0.0, 100.0, shape)
    yield "decimals", np.round(rng.normal(0.0, 10.0, shape), 2)
    yield "huge", rng.normal(0.0, 1.0, shape) * 1e300
    yield "near_max", rng.choice([1.7e308, -1.7e308, 1e308, 8e307], shape)
    yield "tiny", rng.integers(-3, 4, shape) * 5e-324
    yield "subnormal", rng.uniform(0.0, 1.0, shape) * 2.2250738585072014e-308
    yield "cancel", 1e16 + rng.integers(0, 4, shape).astype(float)
    yield "mixed", rng.normal(0.0, 1.0, shape) * 10.0 ** rng.integers(-300, 300, shape)
    nan = rng.integers(-3, 4, shape).astype(float)
    nan[2, 3], nan[6, 6] = np.nan, np.inf
    yield "nan_inf", nan
    inf = np.abs(rng.normal(1.0, 1.0, shape))
    inf[4, 4], inf[4, 5] = np.inf, -np.inf
    yield "inf_minus_inf", inf
    yield "positive", np.abs(rng.normal(5.0, 3.0, shape)) + 0.25


CASES = [(label, img, size) for label, img in images() for size in [(1, 1), (1, 2), (3, 3), (2, 5)]]


@pytest.mark.parametrize("label, img, size", CASES,
                         ids=[f"{c[0]}-{c[2][0]}x{c[2][1]}" for c in CASES])
def test_statistics_match_cpython(compiled, label, img, size):
    lib, ns = compiled
    for name in NAMES:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, got, expected)


def test_known_values(compiled):
    """Values a float sum gets wrong in the last bit, and CPython's errors."""
    lib, _ = compiled
    data = [32.07, 239.0, 206.1, 12.0]
    got = run(lib["mean_of"], np.array([data]), (1, 4))
    assert got[0] == "ok" and got[1][0, 2] == statistics.mean(data)
    assert sum(data) / 4 != statistics.mean(data)  # a float sum rounds at each step
    assert run(lib["variance_of"], np.array([[1e308, -1e308]]), (1, 2)) == (
        "raise", "OverflowError", "integer division result too large for a float")
    assert run(lib["stdev_of"], np.array([[1.0, np.inf]]), (1, 2)) == (
        "raise", "AttributeError", "'numpy.float64' object has no attribute 'numerator'")
    assert run(lib["python_floats"], np.array([[1.0, np.nan]]), (1, 2)) == (
        "raise", "AttributeError", "'float' object has no attribute 'numerator'")
    assert run(lib["variance_of"], np.array([[1.0]]), (1, 1)) == (
        "raise", "ValueError", "variance requires at least two data points")
    assert run(lib["geometric"], np.array([[1.0, 0.0]]), (1, 2))[:2] == ("raise", "ValueError")


special = st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.1, 1e16, -1e16, 1e300, -1e300, 1.7e308,
                           5e-324, -5e-324, 2.2250738585072014e-308, math.inf, -math.inf,
                           math.nan])
finite = st.floats(allow_nan=False, allow_infinity=False)
element = st.one_of(finite, finite, st.floats(-1000.0, 1000.0), special)
hyp_images = hnp.arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(1, 5)),
                        elements=element)
footprints = st.sampled_from([(1, 1), (1, 2), (2, 2), (3, 3), (1, 5)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=hyp_images, size=footprints)
def test_statistics_match_cpython_hypothesis(compiled, img, size):
    lib, ns = compiled
    for name in NAMES:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, img.tolist(), size, got, expected)


def test_int_data_is_refused(llcc, tmp_path):
    src = tmp_path / "ints.flt"
    src.write_text("import statistics\n\n\ndef f(values):\n"
                   "    return statistics.variance([int(v) for v in values])\n")
    proc = subprocess.run([str(llcc), str(src), "--check"], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "statistics.variance of int data is not supported in llcc" in proc.stderr

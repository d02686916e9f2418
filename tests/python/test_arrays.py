"""Property tests of llcc's numpy functions against numpy itself.

One filter file (tests/python/arrays/reductions.flt) exports a function per
numpy operation. Hypothesis draws buffers with NaN, infinities, -0.0,
length 1, odd and even lengths; each compiled function is called directly
(the generic_filter ABI, through ctypes.PyDLL so that a Python exception set
by the callback is raised) and compared with the same source run by CPython.

Tolerance rule: exact (NaN equal to NaN) everywhere: llcc sums with numpy's
own pairwise summation, so even sums, means and moments agree to the last
bit. Where CPython raises, the compiled function must raise the same
exception class.
"""
import ctypes
import math
import os
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "arrays" / "reductions.flt"
LLCC = os.environ.get("LLCC", str(HERE.parents[1] / "build" / "cli" / "llcc"))

EXACT = ["median", "percentile", "quantile", "nanmedian", "sort_middle", "sorted_first",
         "np_min", "np_max", "builtin_min", "builtin_max", "argmin", "argmax", "ptp",
         "nanmin", "nanmax", "any_", "all_", "count", "mask_count", "clip_max", "where_min",
         "slice_rev", "local_sorted", "overlap_copy"]
MOMENTS = ["np_sum", "builtin_sum", "mean", "std", "var", "std_ddof1", "nansum", "nanmean",
           "nanstd", "contrast", "prod"]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    out = tmp_path_factory.mktemp("arrays") / "reductions.so"
    proc = subprocess.run([LLCC, str(SOURCE), "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lib = ctypes.PyDLL(str(out))
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    return lib, namespace


def call_compiled(lib, name, values):
    fn = getattr(lib, name)
    fn.restype = ctypes.c_int
    buf = np.ascontiguousarray(values, dtype=np.float64)
    out = ctypes.c_double()
    status = fn(buf.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), ctypes.c_ssize_t(len(buf)),
                ctypes.byref(out), None)
    assert status == 1, "failed without raising"
    return out.value


def outcome(func, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ("ok", float(func(*args)))
        except Exception as e:  # the exception class is the outcome
            return ("raise", type(e).__name__)


def same(a, b, scale, exact):
    if a[0] != b[0]:
        return False
    if a[0] == "raise":
        return a[1] == b[1]
    x, y = a[1], b[1]
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    if exact or math.isinf(x) or math.isinf(y):
        return x == y
    return abs(x - y) <= 1e-12 * max(scale, 1.0)


special = st.sampled_from([0.0, -0.0, 1.0, -1.0, math.inf, -math.inf, math.nan, 255.0, 1e-300])
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
element = st.one_of(finite, finite, finite, special)
buffers = st.lists(element, min_size=1, max_size=60)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=buffers)
def test_exact_functions_match_numpy(compiled, values):
    lib, ns = compiled
    arr = np.array(values, dtype=np.float64)
    for name in EXACT:
        expected = outcome(ns[name], arr)
        got = outcome(call_compiled, lib, name, arr)
        assert same(got, expected, 0.0, True), (name, values, got, expected)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(st.one_of(finite, finite, finite, special), min_size=1, max_size=300))
def test_moments_match_numpy_exactly(compiled, values):
    """Pairwise summation like numpy's, including its 128-element blocks."""
    lib, ns = compiled
    arr = np.array(values, dtype=np.float64)
    for name in MOMENTS:
        expected = outcome(ns[name], arr)
        got = outcome(call_compiled, lib, name, arr)
        assert same(got, expected, 0.0, True), (name, values, got, expected)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 8, 9, 16, 25, 31, 32, 33, 49, 100, 127, 128,
                               129, 136, 257, 1000, 4099])
def test_sort_median_and_sums_on_every_length(compiled, n):
    """Insertion sort below 33 elements, heapsort above; pairwise sums in
    every regime (under 8, blocks of 8 up to 128, halving above): exact."""
    lib, ns = compiled
    rng = np.random.default_rng(n)
    arr = rng.normal(size=n)
    arr[rng.integers(0, n, size=max(1, n // 7))] = rng.choice([np.nan, np.inf, -np.inf, -0.0])
    for name in ["median", "percentile", "quantile", "nanmedian", "sort_middle",
                 "local_sorted"] + MOMENTS:
        expected = outcome(ns[name], arr)
        got = outcome(call_compiled, lib, name, arr)
        assert same(got, expected, 0.0, True), (name, n, got, expected)
    finite = rng.normal(size=n) * 10.0 ** rng.integers(-3, 4, size=n)
    for name in MOMENTS:
        expected = outcome(ns[name], finite)
        got = outcome(call_compiled, lib, name, finite)
        assert same(got, expected, 0.0, True), (name, n, got, expected)


def test_empty_and_invalid_inputs_raise_like_numpy(compiled):
    lib, ns = compiled
    empty = np.zeros(0)
    for name in ["np_min", "argmin", "builtin_max", "percentile"]:
        expected = outcome(ns[name], empty)
        got = outcome(call_compiled, lib, name, empty)
        assert expected[0] == "raise"
        assert got == expected, name
    for name in ["median", "mean", "np_sum", "any_", "all_"]:
        expected = outcome(ns[name], empty)
        got = outcome(call_compiled, lib, name, empty)
        assert same(got, expected, 0.0, True), name


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_numpy_style_filter1d_matches_cpython(tmp_path, axis):
    """Slice assignment and reductions of views inside generic_filter1d."""
    import scipy
    import scipy.ndimage as ndi
    from skimage import data

    src = HERE / "arrays" / "lines.flt"
    out = tmp_path / "lines.so"
    proc = subprocess.run([LLCC, str(src), "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lib = ctypes.CDLL(str(out))
    sig = "int (double *, intptr_t, double *, intptr_t, void *)"
    ns = {}
    import sys
    import types
    stub = types.ModuleType("llcc")
    stub.filter1d = lambda f: f
    saved = sys.modules.get("llcc")
    sys.modules["llcc"] = stub
    try:
        exec(compile(src.read_text(), str(src), "exec"), ns)
    finally:
        if saved is not None:
            sys.modules["llcc"] = saved
        else:
            del sys.modules["llcc"]
    image = data.camera()[100:140, 200:260].astype(np.float64)
    fd = scipy.LowLevelCallable(lib.forward_difference, signature=sig)
    got = ndi.generic_filter1d(image, fd, 2, axis=axis, mode="reflect")
    want = ndi.generic_filter1d(image, ns["forward_difference"], 2, axis=axis, mode="reflect")
    assert np.array_equal(got, want)
    med = scipy.LowLevelCallable(lib.running_median, signature=sig)
    got = ndi.generic_filter1d(image, med, 5, axis=axis, mode="nearest")
    want = ndi.generic_filter1d(image, ns["running_median"], 5, axis=axis, mode="nearest")
    assert np.array_equal(got, want)

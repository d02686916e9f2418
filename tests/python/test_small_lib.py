"""Array methods that are numpy functions, in-place list edits, and a few
numpy and math functions, and collections.defaultdict(int), against numpy
1.24 and CPython 3.11.

tests/python/library/small_lib.flt holds the filters. Hypothesis draws small
images with NaN, infinities, -0.0, ties and huge values; each filter runs
compiled through scipy.ndimage.generic_filter and as the same Python function
on the very windows generic_filter passes (SciPy 1.10 loses some exceptions of
Python callbacks), and the results must be identical (NaN equal to NaN, the
signs of zeros too) or both raise the same exception class. np.sinc is
numpy's formula with numpy's own sin (its SVML sin on AVX-512 CPUs, where the
C library's differs in the last bit for half the inputs): identical to numpy.
"""
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace
from conftest import same_outcome as same
from conftest import window_outcome as run

SOURCE = Path(__file__).resolve().parent / "library" / "small_lib.flt"

NAMES = [
    "local_equalize", "cum_methods", "cum_ints", "clip_methods", "clip_int_array",
    "round_methods", "window_methods", "reversed_weighted", "insert_positions",
    "insert_pop_ints", "remove_count_ints", "remove_may_miss", "clear_and_refill",
    "grow_at_front", "step_sum", "heaviside_numbers", "area_under_sorted", "trapz_forms",
    "trapz_ints", "isqrt_side", "isqrt_negative", "perm_values", "perm_negative",
    "most_common_bin", "default_reads_insert", "default_int_to_float", "int64_casts",
]

special = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.0, -2.5, 0.125, math.inf, -math.inf,
                           math.nan, 1e300, -1e300, 5e-324])
ties = st.sampled_from([0.0, 1.0, 2.0, 3.0])
finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)
images = hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)),
                    elements=st.one_of(finite, ties, special))
footprints = st.sampled_from([(1, 1), (1, 2), (3, 3), (2, 3), (5, 5)])


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)




@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=images, size=footprints)
def test_small_library_matches_python(compiled, img, size):
    assert_same_outcomes(compiled, NAMES, img, size)


@pytest.mark.parametrize("name", NAMES)
def test_each_on_a_fixed_image(compiled, name):
    lib, ns = compiled
    rng = np.random.default_rng(5)
    img = rng.integers(-4, 5, (9, 9)).astype(float) * 1.5
    img.flat[[3, 17, 40, 41, 60]] = [np.nan, np.inf, -0.0, -np.inf, 0.3]
    for size in [(1, 1), (3, 3), (5, 5)]:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, size, got, expected)


def test_errors_are_python_s(compiled):
    """ValueError where CPython raises it, and only there."""
    lib, ns = compiled
    img = np.array([[2.0, -3.0, 2.0], [1.0, 5.0, -1.0], [0.0, 2.0, 4.0]])
    outcomes = {}
    for name in ["remove_may_miss", "isqrt_negative", "perm_negative"]:
        got, expected = run(lib[name], img, (1, 3)), run(ns[name], img, (1, 3))
        assert got[0] == "raise" and same(got, expected), (name, got, expected)
        outcomes[name] = got[1]
    assert outcomes == dict.fromkeys(outcomes, "ValueError")


def test_sinc_is_numpy_formula(compiled):
    lib, _ = compiled
    img = np.concatenate([np.arange(-40.0, 41.0) / 4.0, [0.0, -0.0, np.inf, np.nan, 1e-300]])
    img = np.concatenate([img, np.random.default_rng(0).normal(0, 3, 2000)]).reshape(1, -1)
    got = run(lib["sinc_formula"], img, (1, 1))[1][0]
    x = img[0] / 2.0
    with np.errstate(invalid="ignore"):
        numpy_sinc = np.sinc(x)
    assert np.array_equal(got, numpy_sinc, equal_nan=True)
    numbers = ~np.isnan(numpy_sinc)
    assert np.array_equal(np.signbit(got[numbers]), np.signbit(numpy_sinc[numbers]))
    assert got[list(x).index(0.0)] == 1.0

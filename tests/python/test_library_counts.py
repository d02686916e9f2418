"""Counting, ranking and distance filters against numpy 1.24 and CPython 3.11.

tests/python/library/natural_counts.flt holds filters written as numpy users
write them: a rank filter (np.argsort with many ties), a mode filter
(np.bincount), unique counts and entropy (np.unique(..., return_counts=True)),
gradient magnitudes (math.hypot of three values, math.dist). Each runs
through scipy.ndimage.generic_filter compiled and as the same Python
function under CPython; the outputs must be identical bit for bit (NaN
equal to NaN, signed zeros compared), or both raise the same exception.
"""
import math
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import CompiledLibrary, python_namespace
from test_numpy_lib import run, same

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library" / "natural_counts.flt"

NAMES = ["rank_of_centre", "argsort_method_mix", "mode_filter", "weighted_histogram",
         "count_of_three", "gradient_magnitude", "hypot_many", "distance_between_halves",
         "distinct_values", "entropy", "first_occurrence", "inverse_and_counts", "every_part",
         "mode_by_unique", "unique_without_nan_merging", "sorted_zero_signs", "kth_smallest",
         "unique_ints_as_ints", "local_gini", "fullest_bin_center", "histogram_of_upper",
         "mode_reusing_name", "distance_to_mean", "gradient_norms", "frobenius_of_corner",
         "interquartile_range", "quartile_array_by_name", "nan_quartiles", "decile_spread", "spread_of_nans", "mean_above",
         "first_zero", "steepest_slope", "labelled_fraction", "outside_labels"]

ties = st.sampled_from([0.0, 1.0, 2.0, 3.0, -0.0, math.nan])
element = st.one_of(ties, st.floats(-4, 4, allow_nan=False).map(round))
images = hnp.arrays(np.float64, st.tuples(st.integers(1, 7), st.integers(1, 7)),
                    elements=element)
footprints = st.sampled_from([(1, 1), (1, 2), (3, 3), (1, 17), (5, 4), (5, 5), (7, 7)])


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("size", [(3, 3), (5, 5), (7, 7), (9, 9)])
def test_on_integer_images(compiled, name, size):
    """Integer images (0..3): every window full of ties."""
    lib, ns = compiled
    img = np.random.default_rng(sum(size)).integers(0, 4, (20, 20)).astype(float)
    expected = run(ns[name], img, size)
    got = run(lib[name], img, size)
    assert same(got, expected), (name, size)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=images, size=footprints)
def test_match_python(compiled, img, size):
    lib, ns = compiled
    for name in NAMES:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        # Several q at once: a zero result's sign may differ where the
        # window holds both zeros (docs/language.md); the values may not.
        signed = name not in SEVERAL_Q
        assert same(got, expected, signed_zeros=signed), (name, img.tolist(), size, got, expected)


SEVERAL_Q = {"interquartile_range", "quartile_array_by_name", "nan_quartiles", "decile_spread"}


def _extreme_image(seed, shape=(12, 12)):
    """Magnitudes from subnormal to near overflow, signs, zeros, ties and
    the odd infinity or NaN: every branch of vector_norm."""
    rng = np.random.default_rng(seed)
    mant = rng.random(shape) * rng.choice([-1.0, 1.0], shape)
    exps = rng.choice([rng.integers(-1074, -1015, shape), rng.integers(-30, 30, shape),
                       rng.integers(1000, 1024, shape), rng.integers(-600, 600, shape)][seed % 4])
    img = np.ldexp(mant, exps)
    img.flat[rng.integers(0, img.size, 3)] = rng.choice([0.0, -0.0, 3.0, 4.0, 5e-324])
    if seed % 5 == 0:
        img.flat[rng.integers(0, img.size)] = rng.choice([np.inf, -np.inf, np.nan])
    return img


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("name", ["gradient_magnitude", "hypot_many", "distance_between_halves",
                                  "window_norm"])
def test_hypot_and_dist_bit_for_bit(compiled, name, seed):
    lib, ns = compiled
    img = _extreme_image(seed)
    size = [(3, 3), (1, 2), (5, 5), (2, 7), (7, 7)][seed % 5]
    expected = run(ns[name], img, size)
    got = run(lib[name], img, size)
    assert same(got, expected), (name, seed, size)


def test_dist_of_different_lengths_raises(build, tmp_path):
    src = tmp_path / "dist.flt"
    src.write_text("import math\n\ndef f(values):\n    return math.dist(values[:2], values[:3])\n")
    lib = CompiledLibrary(build(src))
    ns = python_namespace(src)
    img = np.arange(16.0).reshape(4, 4)
    assert run(lib["f"], img, (3, 3)) == ("raise", "ValueError")
    assert run(ns["f"], img, (3, 3))[:2] == ("raise", "ValueError")


@pytest.mark.parametrize("size", [(4, 4), (3, 6), (5, 5), (7, 7), (1, 40), (11, 11)])
@pytest.mark.parametrize("name", ["sorted_zero_signs", "rank_of_centre", "distinct_values",
                                  "first_occurrence", "inverse_and_counts"])
def test_signed_zeros_and_nan(compiled, name, size):
    """0.0, -0.0 and NaN only: each algorithm's moves decide the result."""
    lib, ns = compiled
    rng = np.random.default_rng(size[0] * 100 + size[1])
    img = rng.choice([0.0, -0.0, -0.0, np.nan, 1.0], (16, 16))
    assert same(run(lib[name], img, size), run(ns[name], img, size)), (name, size)


def test_nonzero_parts_without_naming_the_library_function(build, tmp_path):
    """np.nonzero(a)[0] and np.where(a)[0] call a library function the
    program never names: it must be compiled in all the same."""
    src = tmp_path / "where.flt"
    src.write_text("import numpy as np\n\n\n"
                   "def last_nan(values):\n"
                   "    bad = np.where(np.isnan(values))[0]\n"
                   "    return float(bad[-1]) if len(bad) else -1.0\n\n\n"
                   "def above(values):\n"
                   "    return float(len(np.nonzero(values > 1.5)[0]))\n")
    lib = CompiledLibrary(build(src))
    ns = python_namespace(src)
    img = np.random.default_rng(5).integers(0, 4, (12, 12)).astype(float)
    img[3, 4] = img[7, 7] = np.nan
    for name in ("last_nan", "above"):
        assert same(run(lib[name], img, (3, 3)), run(ns[name], img, (3, 3))), name

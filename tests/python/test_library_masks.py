"""np.isclose and np.digitize of arrays, the percentiles' method=, and
reductions with where= against numpy 1.24.

tests/python/library/masks_methods.flt holds filters written as numpy users
write them. Each runs through scipy.ndimage.generic_filter compiled and as
the same Python function under CPython; the outputs must be identical bit
for bit (NaN equal to NaN, signed zeros compared), or both raise the same
exception. The masked maximum and minimum are compared without the sign of
a zero, which numpy's SIMD lanes decide (docs/language.md).
"""
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import CompiledLibrary, python_namespace
from test_numpy_lib import run, same

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library" / "masks_methods.flt"

NAMES = ["near_centre", "near_with_tolerances", "mean_of_close", "any_all_close",
         "symmetric_closeness", "bin_counts", "bins_right_decreasing", "lower_upper_quartiles",
         "nearest_median", "midpoint_decile", "hyndman_fan", "inverted_cdfs",
         "deprecated_interpolation", "nan_methods", "int_quantile_floor_div",
         "several_methods_q", "positive_sum", "masked_sum_methods", "masked_mean",
         "mean_ignoring_nan", "masked_product", "masked_extremes", "masked_int_reductions",
         "float64_accumulator"]
# Zero signs numpy leaves to its SIMD lanes (masked max/min) or to its one
# partition for several q (docs/language.md: llcc takes q one at a time).
UNSIGNED = {"masked_extremes", "several_methods_q"}

ties = st.sampled_from([0.0, 1.0, 2.0, 3.0, -0.0, math.nan, math.inf, 0.95])
element = st.one_of(ties, st.floats(-4, 4, allow_nan=False), st.floats(-4, 4).map(round))
images = hnp.arrays(np.float64, st.tuples(st.integers(1, 7), st.integers(1, 7)),
                    elements=element)
footprints = st.sampled_from([(1, 1), (1, 2), (3, 3), (1, 17), (5, 4), (5, 5)])


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@pytest.mark.parametrize("size", [(2, 2), (3, 3), (5, 5)])
def test_on_integer_images(compiled, size):
    """Integer images (-3..3 with zeros of both signs): many ties."""
    lib, ns = compiled
    rng = np.random.default_rng(sum(size))
    img = rng.integers(-3, 4, (16, 16)).astype(float)
    img[rng.random(img.shape) < 0.2] = -0.0
    for name in NAMES:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected, signed_zeros=name not in UNSIGNED), (name, size)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=images, size=footprints)
def test_match_python(compiled, img, size):
    lib, ns = compiled
    for name in NAMES:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected, signed_zeros=name not in UNSIGNED), (name, img.tolist(), size)


def test_every_method_every_q(build, tmp_path):
    """All thirteen methods at q from 0 to 100, plain, nan- and int, on
    windows with NaN and signed zeros: values and zero signs are numpy's."""
    methods = ["linear", "lower", "higher", "nearest", "midpoint", "inverted_cdf",
               "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf",
               "hazen", "weibull", "median_unbiased", "normal_unbiased"]
    qs = [0, 1, 12.5, 33.3, 50, 62.5, 99, 100]
    src = ["import numpy as np\n"]
    for i, m in enumerate(methods):
        for j, q in enumerate(qs):
            src.append(f"""
def p_{i}_{j}(values):
    return np.percentile(values, {q}, method="{m}")


def n_{i}_{j}(values):
    if np.all(np.isnan(values)):
        return -7.0
    return np.nanquantile(values, {q} / 100, method="{m}")


def i_{i}_{j}(values):
    if np.any(np.isnan(values)):
        return 0.0
    return float(np.percentile(values.astype(np.int64), {q}, method="{m}"))
""")
    path = tmp_path / "methods.flt"
    path.write_text("\n".join(src))
    lib, ns = CompiledLibrary(build(path)), python_namespace(path)
    rng = np.random.default_rng(7)
    img = np.round(rng.normal(size=(8, 9)) * 4, 1)
    img[rng.random(img.shape) < 0.25] = -0.0
    img[rng.random(img.shape) < 0.25] = 0.0
    img[rng.random(img.shape) < 0.08] = np.nan
    for name in ns:
        if name[:2] in ("p_", "n_", "i_"):
            for size in [(1, 3), (2, 3), (3, 3)]:
                assert same(run(lib[name], img, size), run(ns[name], img, size)), (name, size)


def test_where_sums_past_a_block(build, tmp_path):
    """Runs of selected elements longer than numpy's eight-sum blocks, and
    arrays past its 8192-element buffers."""
    path = tmp_path / "big.flt"
    path.write_text("import numpy as np\n\n\n"
                    "def big(values):\n"
                    "    b = np.zeros(20000)\n"
                    "    for i in range(20000):\n"
                    "        b[i] = values[i % len(values)] * (1.0 + i * 1e-7) * 10.0 ** (i % 13)\n"
                    "    return np.sum(b, where=b != values[0]) + np.mean(b[:300], where=b[:300] > 0)\n")
    lib, ns = CompiledLibrary(build(path)), python_namespace(path)
    img = np.random.default_rng(3).normal(size=(4, 5))
    assert same(run(lib["big"], img, (3, 3)), run(ns["big"], img, (3, 3)))


def test_errors_are_numpys(build, tmp_path):
    """A mask of another length and non-monotonic bins raise numpy's
    ValueError, also for an empty x; nothing selected gives nan."""
    path = tmp_path / "errors.flt"
    path.write_text("import numpy as np\n\n\n"
                    "def short_mask(values):\n"
                    "    return np.sum(values, where=values[1:] > 0)\n\n\n"
                    "def bad_bins(values):\n"
                    "    return float(np.digitize(values[:0], [0.0, 2.0, 1.0]).sum())\n\n\n"
                    "def nothing_selected(values):\n"
                    "    return np.mean(values, where=values > 100) + np.sum(values[:0], where=values[:0] > 0)\n")
    lib, ns = CompiledLibrary(build(path)), python_namespace(path)
    img = np.random.default_rng(5).normal(size=(5, 6))
    for name in ("short_mask", "bad_bins", "nothing_selected"):
        got, expected = run(lib[name], img, (3, 3)), run(ns[name], img, (3, 3))
        assert same(got, expected), (name, got, expected)
    assert run(lib["short_mask"], img, (3, 3))[:2] == ("raise", "ValueError")

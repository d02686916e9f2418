"""numpy's selection, int arrays beyond 2**53 and the rest of issue 13's names.

tests/python/library/select_ints.flt holds filters on np.partition,
np.argpartition and the percentiles (whose elements, zero signs and order
of ties come from numpy's introselect), on numpy names the other property
tests leave out (np.trunc, np.log2 of powers of two,
np.hypot, np.empty, np.size, np.float64), on int arrays moved past 2**53 (every sort, search
and selection must compare them as ints), and on np.bincount's corners.
Hypothesis draws windows with NaN, infinities, -0.0 and ties, of length 1
to 49 (the selection's deeper paths start past 16 elements); each filter
runs through scipy.ndimage.generic_filter compiled and under CPython, and
the results must be identical bit for bit, or raise the same exception.
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
SOURCE = HERE / "library" / "select_ints.flt"

NAMES = ["argpartition_order", "argpartition_last", "partition_values", "percentile_sign",
         "quantile_sign", "nanpercentile_sign", "nanquantile_sign", "more_names", "big_argsort",
         "big_sort", "big_unique", "big_search", "big_partition", "big_percentile",
         "bincount_corners", "big_extremes", "mixed_kinds"]

ties = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.0, math.nan, math.inf, -math.inf])
element = st.one_of(ties, st.floats(-5, 5, allow_nan=False).map(round),
                    st.floats(-1e3, 1e3, allow_nan=False))
images = hnp.arrays(np.float64, st.tuples(st.integers(1, 8), st.integers(1, 8)),
                    elements=element)
footprints = st.sampled_from([(1, 1), (1, 2), (3, 3), (1, 17), (5, 5), (7, 7)])


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=images, size=footprints)
def test_match_numpy(compiled, img, size):
    lib, ns = compiled
    for name in NAMES:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, img.tolist(), size, got, expected)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("size", [(1, 1), (3, 3), (5, 5), (7, 7), (1, 40)])
def test_zero_heavy_images(compiled, name, size):
    """Windows of mostly 0.0 and -0.0 (which of them a selection returns is
    all there is to see), with a few ties and a NaN, up to 49 elements."""
    lib, ns = compiled
    rng = np.random.default_rng(sum(size))
    img = rng.choice([0.0, -0.0, 0.0, -0.0, 1.0, -1.0], (12, 44))
    img[3, 5] = np.nan
    expected = run(ns[name], img, size)
    got = run(lib[name], img, size)
    assert same(got, expected), (name, size, got, expected)

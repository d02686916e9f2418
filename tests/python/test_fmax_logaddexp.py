"""np.fmax, np.fmin, np.logaddexp and np.logaddexp2 against numpy 1.24.

tests/python/library/fmax_logaddexp.flt holds the filters. numpy's loops for
these are npy_math's formulas over the C library's exp, exp2 and log1p (not
its SVML routines, unlike np.exp itself), and its fmax/fmin pick the second
operand of equal ones (fmax(-0.0, 0.0) is 0.0, fmax(0.0, -0.0) -0.0) and the
first of two NaNs. The pair filters run on a 1 x 2 footprint over long rows
of random pairs (huge magnitudes, infinities, NaN of either sign, -0.0,
subnormals, equal operands) and must give numpy's very bits, NaN signs
included; the natural filters run through generic_filter against the same
Python functions on Hypothesis images.
"""
import math
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace
from conftest import same_outcome as same
from conftest import window_outcome as run

SOURCE = Path(__file__).resolve().parent / "library" / "fmax_logaddexp.flt"

PAIRS = {"fmax_pair": np.fmax, "fmin_pair": np.fmin, "logaddexp_pair": np.logaddexp,
         "logaddexp2_pair": np.logaddexp2}
NATURAL = ["nan_ignoring_range", "clipped_soft_max", "running_logsumexp", "bits_soft_count",
           "int_operands"]

SPECIALS = [0.0, -0.0, np.inf, -np.inf, np.nan, -np.nan, 5e-324, -5e-324, 1e-310, 1.0, -1.0,
            2.0, 0.5, 709.0, -745.0, 1e308, -1e308, 36.0, -36.0]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def random_pairs(seed, n=40000):
    """(n, 2) float64 pairs: mixed scales, specials, a tenth equal."""
    rng = np.random.default_rng(seed)
    scales = rng.choice([1.0, 10.0, 100.0, 1e3, 1e300, 1e-300, 1e-310], (n, 2))
    pairs = rng.standard_normal((n, 2)) * scales
    special = rng.random((n, 2)) < 0.2
    pairs[special] = rng.choice(SPECIALS, special.sum())
    equal = rng.random(n) < 0.1
    pairs[equal, 1] = pairs[equal, 0]
    return pairs


@pytest.mark.parametrize("name", sorted(PAIRS))
@pytest.mark.parametrize("seed", [0, 1])
def test_pairs_bit_for_bit(compiled, name, seed):
    lib, _ = compiled
    pairs = random_pairs(seed)
    # One row a b a b ...: the 1 x 2 footprint with origin -1 reads (a, b)
    # at even positions.
    img = pairs.reshape(1, -1)
    got = ndi.generic_filter(img, lib[name], size=(1, 2), origin=(0, -1), mode="nearest")
    got = got.reshape(-1, 2)[:, 0]
    with np.errstate(all="ignore"):
        want = PAIRS[name](pairs[:, 0], pairs[:, 1])
    diff = got.view(np.uint64) != want.view(np.uint64)
    assert not diff.any(), (name, pairs[diff][:5].tolist(), got[diff][:5], want[diff][:5])


def test_signed_zeros_and_nans(compiled):
    lib, _ = compiled
    cases = [(-0.0, 0.0), (0.0, -0.0), (np.nan, -np.nan), (-np.nan, np.nan), (np.nan, 1.0),
             (1.0, -np.nan), (np.inf, np.inf), (-np.inf, -np.inf), (np.inf, -np.inf)]
    img = np.array(cases, dtype=np.float64).reshape(1, -1)
    for name, f in PAIRS.items():
        got = ndi.generic_filter(img, lib[name], size=(1, 2), origin=(0, -1), mode="nearest")
        got = got.reshape(-1, 2)[:, 0]
        with np.errstate(all="ignore"):
            want = np.array([f(a, b) for a, b in cases])
        assert (got.view(np.uint64) == want.view(np.uint64)).all(), (name, got, want)
    # numpy's choice among equal zeros: the second operand.
    assert np.signbit(np.fmax(0.0, -0.0)) and not np.signbit(np.fmax(-0.0, 0.0))


special = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.0, -2.5, 0.125, math.inf, -math.inf,
                           math.nan, 1e300, -1e300, 5e-324, 700.0, -750.0])
finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)
images = hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)),
                    elements=st.one_of(finite, special))
footprints = st.sampled_from([(1, 1), (1, 2), (3, 3), (2, 3), (5, 5)])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=images, size=footprints)
def test_natural_filters_match_numpy(compiled, img, size):
    assert_same_outcomes(compiled, NATURAL, img, size)


@pytest.mark.parametrize("name", NATURAL)
def test_each_on_a_fixed_image(compiled, name):
    lib, ns = compiled
    rng = np.random.default_rng(7)
    img = rng.integers(-4, 5, (9, 9)).astype(float) * 1.5
    img.flat[[3, 17, 40, 41, 60]] = [np.nan, np.inf, -0.0, -np.inf, 0.3]
    for size in [(1, 1), (3, 3), (5, 5)]:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, size, got, expected)

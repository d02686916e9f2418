"""scipy.stats and scipy.special (SciPy 1.10.1) against SciPy itself.

tests/python/library/scipy_lib.flt holds the filters, written with every
import spelling. SciPy's summaries (skew, kurtosis, entropy, variation,
sem, gmean, hmean) run numpy's pairwise means and sums, numpy's SVML log
and exp, the C library's pow of numpy scalars and the power ufunc of
arrays; its special functions are a line of C over the C library's exp
and log. The filters run through scipy.ndimage.generic_filter, compiled
and as the Python functions under CPython with the real SciPy, on images
with NaN, infinities, -0.0, subnormals, huge magnitudes, constant and
nearly constant windows; errors must be the same class. The scalar
functions are also checked bit for bit on long rows of random pairs
against the scipy.special ufuncs directly. statistics.median_grouped
(Python 3.11's float interpolation) is checked beside them.
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi
import scipy.special as sp
from hypothesis import HealthCheck, given, settings
from hypothesis.extra import numpy as hnp

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace

SOURCE = Path(__file__).resolve().parent / "library" / "scipy_lib.flt"

NAMES = ["skew_of", "skew_unbiased", "skew_short", "skew_empty", "kurtosis_fisher",
         "kurtosis_pearson_unbiased", "kurtosis_unbiased", "kurtosis_short", "entropy_abs",
         "entropy_raw", "entropy_base", "entropy_base2", "variation_of", "variation_ddof",
         "variation_ddof_big", "sem_of", "sem_ddof0", "gmean_abs", "gmean_raw", "hmean_abs",
         "hmean_raw", "empties", "entropy_empty", "expit_one", "logit_one", "xlogy_pair",
         "entr_one", "rel_entr_pair", "kl_div_pair", "huber_pair", "soft_vote",
         "window_divergence", "robust_loss", "shape_score", "special_arrays", "iqr_of", "iqr_scaled", "iqr_normal", "mad_of", "mad_normal", "mad_robust_z", "mad_omit",
         "mad_raise", "zscore_parts",
         "zscore_big_ddof", "trim_mean_of", "trim_mean_long", "trim_mean_errors",
         "tmean_limits", "tmean_half_open", "tvar_limits", "tstd_limits", "limits_from_window",
         "median_grouped_of", "median_grouped_lists", "median_grouped_empty"]

PAIRS = {"xlogy_pair": sp.xlogy, "rel_entr_pair": sp.rel_entr, "kl_div_pair": sp.kl_div,
         "huber_pair": sp.huber, "expit_one": lambda x, y: sp.expit(x),
         "logit_one": lambda x, y: sp.logit(x), "entr_one": lambda x, y: sp.entr(x)}

SPECIALS = [0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, -5e-324, 1e-310, 1.0, -1.0, 2.0, 0.5,
            0.3, 0.65, 709.78, -709.79, 745.2, 1e308, -1e308, 1e-300, 1e200, 1e160]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def images(seed):
    rng = np.random.default_rng(seed)
    plain = rng.standard_normal((9, 10))
    ints = rng.integers(-3, 4, (9, 10)).astype(float)
    positive = rng.uniform(0.0, 1.0, (9, 10))
    special = plain.copy()
    spots = rng.random(special.shape) < 0.2
    special[spots] = rng.choice(SPECIALS, spots.sum())
    constant = np.full((6, 7), 2.5)
    near = 1e16 + rng.integers(0, 3, (6, 7)).astype(float)
    huge = rng.standard_normal((6, 7)) * rng.choice([1e300, 1e-300, 1e150, 1e-160], (6, 7))
    zeros = np.zeros((5, 6))
    zeros[2, 3] = -0.0
    zeros[1, 1] = 1.0
    return [plain, ints, positive, special, constant, near, huge, zeros]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("size", [3, (1, 5), (2, 2)])
def test_filters_match_scipy(compiled, seed, size):
    for img in images(seed):
        assert_same_outcomes(compiled, NAMES, img, size)


@pytest.mark.parametrize("name", sorted(PAIRS))
@pytest.mark.parametrize("seed", [0, 1])
def test_special_pairs_bit_for_bit(compiled, name, seed):
    lib, _ = compiled
    rng = np.random.default_rng(seed)
    n = 30000
    scales = rng.choice([1.0, 10.0, 1e3, 1e300, 1e-300, 1e-310, 0.1], (n, 2))
    pairs = rng.standard_normal((n, 2)) * scales
    unit = rng.random(n) < 0.3
    pairs[unit, 0] = rng.random(unit.sum())
    special = rng.random((n, 2)) < 0.15
    pairs[special] = rng.choice(SPECIALS, special.sum())
    img = pairs.reshape(1, -1)
    got = ndi.generic_filter(img, lib[name], size=(1, 2), origin=(0, -1), mode="nearest")
    got = got.reshape(-1, 2)[:, 0]
    with np.errstate(all="ignore"):
        want = np.array(PAIRS[name](pairs[:, 0], pairs[:, 1]), dtype=np.float64)
    same = (got == want) & (np.signbit(got) == np.signbit(want))
    same |= np.isnan(got) & np.isnan(want)
    assert same.all(), (name, pairs[~same][:5].tolist(), got[~same][:5], want[~same][:5])


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(hnp.arrays(np.float64, (4, 5)))
def test_hypothesis_images(compiled, img):
    assert_same_outcomes(compiled, ["skew_of", "kurtosis_unbiased", "entropy_abs", "sem_of",
                                    "variation_of", "gmean_abs", "hmean_raw", "skew_unbiased",
                                    "window_divergence"], img, 3)


def test_python_and_numpy_float_results(compiled):
    """Which results are Python floats (a division by zero raises) and which
    numpy float64 (it gives inf or NaN), on windows without NaN: SciPy's
    NaN of NaN data is a float64 where skew's other results are Python
    floats, which llcc does not tell apart (docs/language.md)."""
    for seed in range(3):
        img = np.random.default_rng(seed).standard_normal((6, 7))
        assert_same_outcomes(compiled, ["numpy_over_zero", "python_over_zero"], img, 3)

"""scipy.stats.chisquare (SciPy 1.10.1: power_divergence's Pearson
statistic, its p-value through chi2.sf and cephes igamc) against SciPy
running the same source, bit for bit; its fields read by name and index,
unpacked; the errors for frequencies that disagree and arrays that do not
broadcast, with SciPy's messages."""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace

SOURCE = Path(__file__).resolve().parent / "library" / "stats_chisquare.flt"
NAMES = ["pvalue_of_window", "statistic_of_window", "unpacked", "kept_result",
         "histogram_uniformity", "with_expected", "expected_disagrees", "expected_wrong_length"]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def images(seed):
    rng = np.random.default_rng(seed)
    counts = rng.poisson(5.0, (7, 8)).astype(float)
    plain = rng.standard_normal((7, 8)) * 3.0
    ties = np.ones((6, 7))
    special = plain.copy()
    spots = rng.random(special.shape) < 0.15
    special[spots] = rng.choice([0.0, -0.0, np.inf, np.nan, 5e-324, 1e300, 1e-310], spots.sum())
    return [counts, plain, ties, special]


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("size", [3, (1, 5), (2, 2), (1, 1)])
def test_chisquare_matches_scipy(compiled, seed, size):
    for img in images(seed):
        assert_same_outcomes(compiled, NAMES, img, size)


@pytest.mark.parametrize("name", ["expected_disagrees", "expected_wrong_length"])
def test_messages_are_scipys(compiled, name):
    lib, ns = compiled
    img = np.arange(1.0, 10.0).reshape(3, 3)
    with pytest.raises(ValueError) as want:
        ns[name](np.arange(1.0, 10.0))
    with pytest.raises(ValueError) as got:
        ndi.generic_filter(img, lib[name], size=3)
    assert str(got.value).endswith(str(want.value)), (got.value, want.value)

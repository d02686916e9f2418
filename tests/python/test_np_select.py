"""np.select([...], [...], default=d) against numpy, through generic_filter.

tests/python/library/np_select.flt: masks and number conditions, float and
int choices, a default given by keyword, by position or not at all; the
first true condition wins, NaN choices and conditions included.
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace

SOURCE = Path(__file__).resolve().parent / "library" / "np_select.flt"
NAMES = ["piecewise_sum", "classify_centre", "int_bins", "three_way"]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@pytest.mark.parametrize("seed", range(3))
def test_matches_numpy(compiled, seed):
    rng = np.random.default_rng(seed)
    img = rng.normal(size=(8, 9)) * 1.5
    img[rng.random(img.shape) < 0.1] = np.nan
    img[2, 3] = -0.0
    assert_same_outcomes(compiled, NAMES, img, 3)

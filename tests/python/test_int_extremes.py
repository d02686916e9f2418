"""np.maximum / np.minimum of ints against numpy 1.24.

numpy's integer loops give int64s, so `np.maximum(i - 1, 0)` indexes a
window, feeds np.bincount and formats as an int. The filters of
tests/python/library/int_extremes.flt run through generic_filter with the
compiled callback against the same Python functions.
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace

SOURCE = Path(__file__).resolve().parent / "library" / "int_extremes.flt"
NAMES = ["neighbours_of_peak", "clipped_histogram_peak", "halved_steps", "open_upper_clip",
         "mixed_kinds", "huge_offset"]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("size", [3, (1, 5), (3, 4)])
def test_matches_numpy(compiled, seed, size):
    rng = np.random.default_rng(seed)
    img = rng.integers(-3, 7, (7, 8)).astype(float)
    img[rng.random(img.shape) < 0.1] = -0.0
    assert_same_outcomes(compiled, NAMES, img, size)


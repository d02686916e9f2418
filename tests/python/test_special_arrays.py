"""scipy.special's functions applied to arrays as their numpy ufuncs apply
them (numpy's broadcasting of a number and an array, or of two arrays),
against SciPy 1.10.1 running the same source, bit for bit; arrays of other
lengths raise numpy's broadcast error."""
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace

SOURCE = Path(__file__).resolve().parent / "library" / "special_arrays.flt"
NAMES = ["xlogy_self", "erf_of_window", "xlog1py_weights", "entropies", "number_and_array",
         "beta_arrays", "incomplete_gamma", "length_one", "mismatched", "elementwise_result",
         "empty_with_number"]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def images(seed):
    rng = np.random.default_rng(seed)
    plain = rng.standard_normal((7, 8)) * 3.0
    positive = np.abs(rng.standard_normal((7, 8))) * 10.0
    special = plain.copy()
    spots = rng.random(special.shape) < 0.2
    special[spots] = rng.choice([0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, -1.0, -2.0, 171.7,
                                 1e300, -1e300, 1e-310], spots.sum())
    return [plain, positive, special]


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("size", [3, (1, 5), (2, 2)])
def test_arrays_match_scipy(compiled, seed, size):
    for img in images(seed):
        assert_same_outcomes(compiled, NAMES, img, size)


def test_mismatched_lengths_message(compiled):
    """numpy's own broadcast message, after llcc's file:line:col: prefix."""
    import scipy.ndimage as ndi

    lib, ns = compiled
    with pytest.raises(ValueError) as want:
        ns["mismatched"](np.ones(9))
    with pytest.raises(ValueError) as got:
        ndi.generic_filter(np.ones((3, 3)), lib["mismatched"], size=3)
    assert str(got.value).endswith(str(want.value)), (got.value, want.value)

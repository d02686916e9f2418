"""d.setdefault(k, v) against CPython, through generic_filter.

tests/python/library/dict_setdefault.flt: number keys (a NaN read from the
window is a new key each time), tuple keys, and the value returned whether
the key was there or not.
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace

SOURCE = Path(__file__).resolve().parent / "library" / "dict_setdefault.flt"
NAMES = ["first_position", "sign_pairs", "nan_defaults"]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("size", [3, (1, 5), (3, 4)])
def test_matches_cpython(compiled, seed, size):
    rng = np.random.default_rng(seed)
    img = rng.integers(-2, 3, (8, 9)).astype(float)
    img[rng.random(img.shape) < 0.1] = np.nan
    img[0, 0] = -0.0
    assert_same_outcomes(compiled, NAMES, img, size)

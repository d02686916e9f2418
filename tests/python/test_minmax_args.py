"""min and max of several arguments that llcc rewrites to min/max of a
list: tuples (max(a, b) compared lexicographically, NaN members and ties
included) and key= with several numbers or tuples. Compiled and under
CPython through scipy.ndimage.generic_filter."""
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, exported_functions, python_namespace

SOURCE = Path(__file__).resolve().parent / "lang" / "minmax_args.flt"
NAMES = exported_functions(SOURCE.read_text())


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(5)
    yield rng.integers(-2, 3, (7, 8)).astype(float)  # ties everywhere
    yield rng.normal(0.0, 1.0, (7, 8))
    img = rng.integers(-2, 3, (7, 8)).astype(float)
    img[img == 0] = -0.0
    img.flat[[3, 17, 18, 30, 41]] = [np.nan, np.inf, np.nan, -np.inf, np.nan]
    yield img


@pytest.mark.parametrize("size", [(3, 3), (3, 4)])
def test_matches_cpython(compiled, size):
    assert len(NAMES) == 7
    for img in images():
        assert_same_outcomes(compiled, NAMES, img, size)

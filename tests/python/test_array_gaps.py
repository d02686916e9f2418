"""Array forms SciPy users write, found missing by a scan of realistic
filters, against CPython and numpy 1.24.

tests/python/library/array_gaps.flt exports one filter per form. Each runs
through scipy.ndimage.generic_filter compiled (a LowLevelCallable) and as the
same Python function under CPython on images of ints, of normal floats and of
special values (NaN, infinities, -0.0); the results must be identical (NaN
equal to NaN, signs of zeros too), or both raise the same exception class.
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, exported_functions, python_namespace

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library" / "array_gaps.flt"
NAMES = exported_functions(SOURCE.read_text())


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(11)
    yield rng.integers(-5, 6, (8, 9)).astype(float)
    yield rng.normal(0.0, 3.0, (8, 9))
    img = rng.integers(-4, 5, (8, 9)).astype(float) * 0.5
    img.flat[[3, 17, 40, 41, 60, 70]] = [np.nan, np.inf, -0.0, -np.inf, 10.0, -10.0]
    yield img


@pytest.mark.parametrize("size", [(3, 3), (2, 2), (4, 4), (5, 5), (1, 3)])
def test_forms_match_cpython(compiled, size):
    assert len(NAMES) >= 5
    for img in images():
        assert_same_outcomes(compiled, NAMES, img, size)

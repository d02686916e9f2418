"""values.reshape(n, n) with n computed at run time, against numpy.

`n = int(np.sqrt(values.size))` makes one filter serve every square
footprint; reshape(rows, -1) and np.reshape(values, (-1, cols)) with
parameters too. The filters of tests/python/library/runtime_reshape.flt run
through generic_filter with the compiled callback against the same Python
functions, on footprints whose sizes are squares and ones that are not (where
numpy's ValueError, 'cannot reshape array of size 12 into shape (3,3)', must
come back the same); np.zeros((n, n)) of sizes known at run time (a
co-occurrence matrix of `levels` grey levels) is such a block too.
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace

SOURCE = Path(__file__).resolve().parent / "library" / "runtime_reshape.flt"
NAMES = ["longest_row_run", "centre_minus_ring", "row_ranges", "column_count", "diagonal_mean",
         "masked_block", "glcm_contrast", "gauss_weighted", "count_table", "negative_size",
         "both_unknown"]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("size", [1, 3, 5, 7, (3, 4), (2, 3), (1, 6), (3, 3, 3)])
def test_matches_numpy(compiled, seed, size):
    rng = np.random.default_rng(seed)
    img = rng.integers(-2, 3, (9, 10)).astype(float)
    if len(np.shape(size)) and len(size) == 3:
        img = rng.integers(-2, 3, (5, 6, 7)).astype(float)
    img[rng.random(img.shape) < 0.05] = np.nan
    assert_same_outcomes(compiled, NAMES, img, size)


def test_messages_are_numpys(compiled):
    # the message too, not only the class: numpy's own spelling of the shape
    lib, ns = compiled
    img = np.arange(20.0).reshape(4, 5)
    for name in ["longest_row_run", "row_ranges", "column_count", "both_unknown"]:
        try:
            ns[name](np.arange(5.0))
            raise AssertionError("CPython did not raise")
        except ValueError as e:
            want = str(e)
        with pytest.raises(ValueError) as got:
            ndi.generic_filter(img, lib[name], size=(1, 5))
        assert want in str(got.value), (name, want, str(got.value))

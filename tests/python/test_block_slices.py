"""Slices and axis= reductions of run-time blocks, against numpy.

A run-time block is a 2-D array whose shape is known only at run time
(`z = values.reshape(n, n)` with n from the window's size, reshape(rows, -1),
np.zeros((n, m))). The filters of tests/python/windows/block_slices.flt slice
one (`z[:, lag:] - z[:, :-lag]`, `z[::-1]`, clamped and empty bounds) and
reduce it along an axis (`z.mean(axis=1)`, `np.median(z, axis=0)`); each runs
through scipy.ndimage.generic_filter as the compiled LowLevelCallable and is
compared with the same function run by CPython on every window: integer
images, normal values of mixed magnitudes (which expose numpy's order of
additions along each axis) and special values (NaN, infinities, -0.0), on
square footprints and on ones whose size is not a square (where reshape
raises numpy's ValueError).
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace

SOURCE = Path(__file__).resolve().parent / "windows" / "block_slices.flt"
NAMES = ["semivariance", "semivariance0", "row_col_means", "inner_ring", "flipped",
         "columns_and_rows", "out_of_range", "axis_sums", "axis_stats", "axis_order_stats",
         "sliced_axis", "empty_axis_mean", "empty_axis_max", "ragged_mismatch",
         "rows_by_param", "zeros_block", "offsets_block", "bool_block", "semivariance2",
         "writes_through_views", "chained_slices", "empty_both_axes", "lane_stats",
         "runtime_rows_lanes"]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def image(kind, seed):
    rng = np.random.default_rng(seed)
    if kind == "ints":
        return rng.integers(-3, 4, (9, 10)).astype(float)
    if kind == "normal":
        # magnitudes 1e-8 .. 1e8: sums in another order round differently
        return rng.standard_normal((9, 10)) * 10.0 ** rng.integers(-8, 9, (9, 10))
    img = rng.standard_normal((9, 10))
    specials = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0])
    pick = rng.random(img.shape) < 0.15
    img[pick] = rng.choice(specials, pick.sum())
    return img


@pytest.mark.parametrize("kind", ["ints", "normal", "special"])
@pytest.mark.parametrize("size", [3, 5, 10, (3, 12), (3, 4), (2, 3)])
@pytest.mark.parametrize("seed", [0, 1])
def test_matches_numpy(compiled, kind, size, seed):
    assert_same_outcomes(compiled, NAMES, image(kind, seed), size)


def test_runtime_errors_are_numpys(compiled):
    # the class and numpy's message: called directly, SciPy garbles a
    # Python callback's exception
    import scipy.ndimage as ndi
    lib, ns = compiled
    img = np.arange(25.0).reshape(5, 5)
    for name, size in [("ragged_mismatch", 3), ("empty_axis_max", 3), ("semivariance", (2, 3)),
                       ("semivariance0", 3), ("empty_both_axes", 3)]:
        window = np.arange(float(np.prod(np.broadcast_to(size, 2))))
        with pytest.raises(Exception) as want:
            ns[name](window)
        with pytest.raises(type(want.value)) as got:
            ndi.generic_filter(img, lib[name], size=size)
        assert str(want.value) in str(got.value), (name, str(want.value), str(got.value))

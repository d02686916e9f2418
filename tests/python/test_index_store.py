"""Stores through masks and index arrays (`a[a > t] = t`, `a[m] = b[m]`,
`a[idx] = v`, `g[g < 0] = 0` of a 2-D array), and reads through lists of
indices (`values[[0, 2, 6, 8]]`, `values[RING]`), against numpy 1.24.

tests/python/library/index_store.flt holds the filters. Hypothesis draws
small images with NaN, infinities, -0.0 and ties; each filter runs compiled
through scipy.ndimage.generic_filter and as the same Python function on the
very windows generic_filter passes (SciPy 1.10 loses some exceptions of
Python callbacks), and the results must be identical (NaN equal to NaN, the
signs of zeros too) or both raise the same exception class.
"""
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import CompiledLibrary, python_namespace
from conftest import same_outcome as same
from conftest import window_outcome as run

SOURCE = Path(__file__).resolve().parent / "library" / "index_store.flt"

NAMES = [
    "clip_high", "zero_nans", "keep_above_mean", "int_flags", "scatter_ranks", "grid_positive",
    "grid_replace_selected", "bool_from_floats", "biweight_location", "positive_part_twice",
    "slice_scalars_into_ints", "too_many_values", "mask_of_other_length", "index_out_of_range",
    "index_values_mismatch", "nan_number_into_ints", "add_where_positive", "bump_repeated_index",
    "kirsch_max", "corners", "list_of_indices", "list_index_out_of_range",
    "numpy_number_through_mask", "python_number_through_mask",
]
SQUARE = {"grid_positive", "grid_replace_selected", "kirsch_max", "corners"}  # reshape(3, 3): 3x3 windows only

special = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.0, -2.5, 0.125, math.inf, -math.inf,
                           math.nan, 1e300, -1e300, 5e-324])
finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)
images = hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)),
                    elements=st.one_of(finite, st.sampled_from([0.0, 1.0, 2.0]), special))
footprints = st.sampled_from([(1, 1), (1, 2), (3, 3), (2, 3), (1, 5)])


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)




def sizes_for(name, size):
    return (3, 3) if name in SQUARE else size


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=images, size=footprints)
def test_index_stores_match_python(compiled, img, size):
    lib, ns = compiled
    for name in NAMES:
        s = sizes_for(name, size)
        expected = run(ns[name], img, s)
        got = run(lib[name], img, s)
        assert same(got, expected), (name, img.tolist(), s, got, expected)


@pytest.mark.parametrize("name", NAMES)
def test_each_on_a_fixed_image(compiled, name):
    lib, ns = compiled
    rng = np.random.default_rng(5)
    img = rng.integers(-4, 5, (9, 9)).astype(float) * 1.5
    img.flat[[3, 17, 40, 41, 60]] = [np.nan, np.inf, -0.0, -np.inf, 0.3]
    for size in [(3, 3)] if name in SQUARE else [(1, 1), (3, 3), (1, 4)]:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, size, got, expected)


def test_errors_are_numpy_s(compiled):
    """Each misuse raises numpy's exception class, on an image where numpy does."""
    lib, ns = compiled
    img = np.array([[2.0, -3.0, 2.0], [1.0, 5.0, -1.0], [0.0, 2.0, 4.0]])
    expected_classes = {
        "too_many_values": "ValueError", "mask_of_other_length": "IndexError",
        "index_values_mismatch": "ValueError",
    }
    for name, cls in expected_classes.items():
        got, expected = run(lib[name], img, (3, 3)), run(ns[name], img, (3, 3))
        assert got[0] == "raise" and got[1] == cls and same(got, expected), (name, got, expected)
    img[1, 1] = 7.0
    got, expected = run(lib["index_out_of_range"], img, (3, 3)), run(
        ns["index_out_of_range"], img, (3, 3))
    assert got[:2] == ("raise", "IndexError") and same(got, expected)
    img[1, 1] = np.nan
    got, expected = run(lib["nan_number_into_ints"], img, (1, 1)), run(
        ns["nan_number_into_ints"], img, (1, 1))
    assert got[:2] == ("raise", "ValueError") and same(got, expected)


def test_mask_store_writes_the_array_not_a_copy(compiled):
    """The store changes the array itself (a copy would leave the sum as it was)."""
    lib, ns = compiled
    img = np.arange(-4.0, 5.0).reshape(3, 3)
    got = run(lib["clip_high"], img, (3, 3))[1]
    assert np.array_equal(got, run(ns["clip_high"], img, (3, 3))[1])
    window = np.pad(img, 1, mode="edge")[1:4, 1:4].ravel()
    assert got[1, 1] == np.minimum(window, 0.5).sum() != window.sum()

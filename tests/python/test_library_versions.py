"""One library function called with several kinds of arguments in one file,
and natural uses of every library name in one file.

tests/python/library/versions.flt calls np.argsort of a bool mask next to
np.unique of floats (whose own argsort sorts floats), np.sort, np.partition,
np.histogram and np.bincount of int, float and bool arrays, np.allclose with
three kinds of second argument, and np.bincount's corners: bool input,
weights, minlength, empty input and numpy's ValueErrors. Each library call
goes to a version of the library function made for its kinds of arguments
(frontend/SemaLibraryVersions.cpp). Hypothesis draws windows with NaN,
infinities, -0.0, ties and negative values, of length 1 and up; every
filter runs through scipy.ndimage.generic_filter compiled and under CPython,
and the results must be identical bit for bit, or raise the same exception
(with numpy's message, for np.bincount). tests/python/library/library_uses.flt
holds one filter per natural use of issue 13's names (np.round of arrays
with decimals, np.histogram with range=, np.unique with every return_*
flag, np.sort with each kind, math.fsum, math.dist, math.hypot of three
numbers, np.interp, np.polyval of a list or a tuple, np.float32, ...), all
compiled together, checked the same way.
"""
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import CompiledLibrary, python_namespace
from test_numpy_lib import run, same

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library" / "versions.flt"
NATURAL = HERE / "library" / "library_uses.flt"

NAMES = ["argsort_mask_and_unique", "every_kind", "histograms_of_ints_and_floats",
         "allclose_three_kinds", "bincount_mask", "bincount_empty", "bincount_minlength",
         "bincount_negative", "bincount_negative_weights", "bincount_negative_minlength",
         "bincount_weights_length", "bincount_abs", "abs_clip_values"]

ties = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.0, 0.5, math.nan, math.inf, -math.inf])
element = st.one_of(ties, st.floats(-3, 6, allow_nan=False).map(round),
                    st.floats(-1e3, 1e3, allow_nan=False))
images = hnp.arrays(np.float64, st.tuples(st.integers(1, 7), st.integers(1, 7)),
                    elements=element)
footprints = st.sampled_from([(1, 1), (1, 2), (3, 3), (2, 3), (1, 17), (5, 5)])


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(img=images, size=footprints)
def test_versions_match_numpy(compiled, img, size):
    lib, ns = compiled
    for name in NAMES:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, img.tolist(), size, got, expected)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("size", [(1, 1), (3, 3), (1, 20)])
def test_fixed_images(compiled, name, size):
    lib, ns = compiled
    rng = np.random.default_rng(sum(size))
    for img in (rng.choice([0.0, -0.0, 1.0, 2.0, 0.5, 3.0], (6, 22)),
                rng.choice([0.0, 1.0, -1.0, np.nan, np.inf, 4.0], (6, 22))):
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, size, got, expected)


@pytest.mark.parametrize("name, img, message", [
    ("bincount_negative", [[1.0, -2.0, 3.0]], "'list' argument must have no negative elements"),
    ("bincount_negative_weights", [[1.0, -2.0, 3.0]],
     "'list' argument must have no negative elements"),
    ("bincount_negative_minlength", [[1.0, 2.0, 3.0]], "'minlength' must not be negative"),
    ("bincount_weights_length", [[1.0, 2.0, 3.0]],
     "The weights and list don't have the same length."),
])
def test_bincount_errors_are_numpys(compiled, name, img, message):
    lib, ns = compiled
    img = np.array(img)
    with pytest.raises(ValueError) as python_error:
        ns[name](img[0])
    assert str(python_error.value) == message
    with warnings.catch_warnings(), pytest.raises(ValueError) as compiled_error:
        warnings.simplefilter("ignore")
        ndi.generic_filter(img, lib[name], size=(1, 3), mode="nearest")
    assert str(compiled_error.value).endswith(message), str(compiled_error.value)


def test_bool_bincount_counts_false_and_true():
    """numpy counts a mask's False and True in bins 0 and 1."""
    m = np.array([True, False, True])
    assert np.bincount(m).tolist() == [1, 2]


@pytest.fixture(scope="module")
def natural(build):
    ns = python_namespace(NATURAL)
    names = [n for n, f in ns.items()
             if hasattr(f, "__code__") and f.__code__.co_filename == str(NATURAL)]
    return CompiledLibrary(build(NATURAL)), ns, names


def test_natural_file_has_every_filter(natural):
    assert len(natural[2]) >= 24


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(img=images, size=footprints)
def test_natural_uses_match_numpy(natural, img, size):
    lib, ns, names = natural
    for name in names:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        if name in INEXACT and got[0] == expected[0] == "ok":
            # np.log1p, np.expm1, np.exp2, np.log2, np.hypot, np.arctan2: numpy's
            # AVX-512 code, a few ulp from the C library's (docs/language.md).
            np.testing.assert_allclose(got[1], expected[1], rtol=1e-13, atol=0, equal_nan=True)
            continue
        assert same(got, expected), (name, img.tolist(), size, got, expected)


# Filters that call numpy's inexact SIMD functions.
INEXACT = {"elementwise"}

"""Dicts, defaultdicts, Counters and sets keyed by tuples of numbers.

The filters of tests/python/library/tuple_keys.flt (pair counts, distinct
pairs, a flood fill with a set of visited (i, j), a co-occurrence Counter, a
KeyError for a missing tuple) run through generic_filter with the compiled
callback against the same Python functions, on images with NaN, infinities,
-0.0 and repeated values (a NaN member makes a key of its own in CPython).
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace

SOURCE = Path(__file__).resolve().parent / "library" / "tuple_keys.flt"
PAIRS = ["pair_energy", "distinct_pairs", "pair_lookup", "triple_counts", "display_keys",
         "many_pairs", "nan_keyed_counts"]
BOXES = ["count_blobs", "cooccurrence_contrast", "missing_key"]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def image(seed, kind):
    rng = np.random.default_rng(seed)
    if kind == "ints":
        return rng.integers(-2, 3, (8, 9)).astype(float)
    img = rng.random((8, 9))
    if kind == "special":
        img[rng.random(img.shape) < 0.15] = np.nan
        img[1, 2], img[3, 3], img[5, 1] = np.inf, -0.0, 0.0
    return img


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("kind", ["ints", "unit", "special"])
@pytest.mark.parametrize("size", [3, (1, 6), (3, 4)])
def test_pair_filters(compiled, seed, kind, size):
    assert_same_outcomes(compiled, PAIRS, image(seed, kind), size)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("kind", ["ints", "unit", "special"])
def test_box_filters(compiled, seed, kind):
    assert_same_outcomes(compiled, BOXES, image(seed, kind), 5)

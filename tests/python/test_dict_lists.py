"""Dicts of lists (d.setdefault(k, []).append(x), defaultdict(list)) against
CPython, through generic_filter.

tests/python/library/dict_lists.flt: number keys (a NaN read from the
window is a new key each time, -0.0 is 0.0), lists grown by append and
stored whole, read back by d[k], d.get, d.values() and d.items() in the
dict's order, and the KeyError / ValueError CPython raises.
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace

SOURCE = Path(__file__).resolve().parent / "library" / "dict_lists.flt"
NAMES = ["distinct_fraction", "group_spread", "group_stats", "stored_lists", "key_order",
         "missing_key", "int_groups", "default_reads", "window_lists", "outer_default_reads",
         "in_or_store", "get_plus"]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@pytest.mark.parametrize("kind", ["ints", "normal", "special"])
@pytest.mark.parametrize("size", [3, (1, 5), (3, 4)])
def test_matches_cpython(compiled, kind, size):
    rng = np.random.default_rng(7)
    if kind == "ints":
        img = rng.integers(-3, 4, (8, 9)).astype(float)
    elif kind == "normal":
        img = rng.normal(size=(8, 9))
    else:
        img = rng.integers(-2, 3, (8, 9)).astype(float)
        img[rng.random(img.shape) < 0.1] = np.nan
        img[0, 0] = -0.0
        img[1, 1] = np.inf
    assert_same_outcomes(compiled, NAMES, img, size)

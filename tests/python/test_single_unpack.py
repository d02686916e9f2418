"""Unpacking lists of tuples and one-element sequences against CPython.

tests/python/library/single_unpack.flt: `(_, n), = c.most_common(1)`,
`x, = [v for v in values if ...]`, `(a, b), = pairs` and `(i, a), (j, b) =
pairs` of run-time length, whose wrong lengths raise CPython's ValueError
("not enough values to unpack (expected 1, got 0)", "too many values to
unpack (expected 1)").
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace

SOURCE = Path(__file__).resolve().parent / "library" / "single_unpack.flt"
NAMES = ["mode_share", "mode_value", "only_large", "only_pair", "two_pairs", "whole_pair"]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@pytest.mark.parametrize("kind", ["ints", "normal", "special"])
@pytest.mark.parametrize("size", [3, (1, 4), (2, 3)])
def test_matches_cpython(compiled, kind, size):
    rng = np.random.default_rng(11)
    if kind == "ints":
        img = rng.integers(-2, 3, (7, 8)).astype(float)
    elif kind == "normal":
        img = rng.normal(size=(7, 8))
    else:
        img = rng.integers(-2, 3, (7, 8)).astype(float)
        img[rng.random(img.shape) < 0.15] = np.nan
        img[0, 0] = -0.0
    assert_same_outcomes(compiled, NAMES, img, size)


@pytest.mark.parametrize("fill, width, name", [
    (0.0, 1, "only_large"), (2.0, 2, "only_large"), (0.0, 1, "two_pairs"),
    (2.0, 1, "two_pairs"), (2.0, 3, "two_pairs"), (2.0, 2, "only_pair")])
def test_error_messages_are_cpythons(compiled, fill, width, name):
    # every window holds `width` copies of `fill`: the same wrong length each time
    import scipy.ndimage as ndi
    lib, ns = compiled
    with pytest.raises(ValueError) as expected:
        ns[name](np.full(width, fill))
    img = np.full((2, 4), fill)
    with pytest.raises(ValueError) as got:
        ndi.generic_filter(img, lib[name], size=(1, width), mode="nearest")
    assert str(got.value).endswith(str(expected.value)), (str(got.value), str(expected.value))

"""Local dicts and sets keyed by str literals (named tallies, class counts,
a dict of named weights, str keys from a loop over a tuple of strs, read
back by .items() and compared with literals, max(d, key=d.get)).

The filters of tests/python/library/str_key_dicts.flt run through
scipy.ndimage.generic_filter (compiled, against the same functions in
CPython) and llcc.generic_filter's whole-image kernels; a missing key is
CPython's KeyError with the str as its argument (str(e) == "'big'").
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace

SOURCE = Path(__file__).resolve().parent / "library" / "str_key_dicts.flt"
FILTERS = ["sign_balance", "class_counts", "named_weights", "stats_by_name",
           "histogram_labels", "seen_kinds", "label_counts", "grouped_by_name"]
MISSING = {"missing_name": "big", "missing_update": "neg"}


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def image(seed, kind):
    rng = np.random.default_rng(seed)
    if kind == "signed":
        return rng.integers(-2, 3, (7, 8)).astype(float)
    img = rng.random((7, 8))
    if kind == "special":
        img[rng.random(img.shape) < 0.15] = np.nan
        img[1, 2], img[3, 3] = -0.0, 0.0
    return img


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("kind", ["signed", "unit", "special"])
@pytest.mark.parametrize("size", [3, (1, 5)])
def test_str_keyed_filters_match_cpython(compiled, seed, kind, size):
    assert_same_outcomes(compiled, FILTERS + list(MISSING), image(seed, kind), size)


@pytest.mark.parametrize("name", sorted(MISSING))
def test_missing_str_key_is_cpythons_key_error(compiled, name):
    lib, namespace = compiled
    img = np.full((4, 4), 0.1)
    first = np.pad(img, 1, mode="symmetric")[0:3, 0:3].ravel()
    with pytest.raises(KeyError) as want:
        namespace[name](first)
    with pytest.raises(KeyError) as got:
        ndi.generic_filter(img, lib[name], size=3)
    assert want.value.args[0] == MISSING[name]
    assert got.value.args[0] == want.value.args[0]
    assert str(got.value) == str(want.value) == repr(MISSING[name])


def test_whole_image_kernels_match_cpython(build, monkeypatch, llcc):
    import llcc as package
    monkeypatch.setenv("LLCC", str(llcc))
    lib = package.load(str(build(SOURCE, "--image-kernels")))
    namespace = python_namespace(SOURCE)
    img = image(5, "unit")
    for name in FILTERS:
        for mode in ("reflect", "nearest"):
            got = package.generic_filter(img, getattr(lib, name), size=3, mode=mode)
            want = ndi.generic_filter(img, namespace[name], size=3, mode=mode)
            assert np.array_equal(got, want, equal_nan=True), (name, mode)

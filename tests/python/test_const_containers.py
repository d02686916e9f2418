"""Constant containers (SemaListConstants.cpp, SemaLocalTables.cpp) through SciPy.

const_containers/filters.flt holds filters written the way users keep banks
of masks: module-level lists and tuples of arrays (written out, or made by
`[np.rot90(BASE, k) for k in range(4)]`), dict constants of arrays read
with a str parameter, and nested lists of numbers read as tables. Each runs
through scipy.ndimage.generic_filter compiled by llcc and, as the oracle,
as the Python function on the very same windows: the values must be
identical bit for bit (signed zeros, NaN) and the exceptions (IndexError of
a run-time index past the end, KeyError of a missing key, ValueError of a
reshape) of the same class.
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc
from conftest import python_namespace, same_outcome, window_outcome

SOURCE = Path(__file__).resolve().parent / "const_containers" / "filters.flt"

THREE = ["frei_chen_edge", "robinson_max", "robinson_direction", "flip_mix", "compass_pick",
         "compass_by_value", "row_dots", "compass_spread", "scaled_best", "level_mask",
         "table_weights", "table_rows", "table_array", "table_runtime_row", "local_table",
         "local_table_runtime", "laws_energy"]


@pytest.fixture(scope="module")
def compiled(build):
    return llcc.load(build(SOURCE)), python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(2510)
    small = rng.integers(0, 4, (7, 8)).astype(float)          # centres 0..3: every mask
    wide = rng.integers(-5, 6, (7, 8)).astype(float)
    noisy = rng.normal(0, 50, (8, 7))
    noisy[2, 3], noisy[4, 4], noisy[5, 1], noisy[6, 6] = np.nan, -0.0, np.inf, 0.0
    return [small, wide, noisy, np.zeros((5, 5)), np.full((4, 6), -0.0)]


def check(compiled, fname, img, size, **params):
    lib, ns = compiled
    function = ns[fname]
    expected = window_outcome(lambda v: function(v, **params), img, size)
    callback = lib[fname].bind(**params) if params else lib[fname]
    got = window_outcome(callback, img, size)
    assert same_outcome(got, expected), (fname, params, img.tolist(), got, expected)
    return got[0]


@pytest.mark.parametrize("name", THREE)
def test_three_by_three(compiled, name):
    outcomes = {check(compiled, name, img, 3) for img in images()}
    if name in ("compass_by_value", "level_mask", "table_runtime_row", "local_table_runtime"):
        assert "raise" in outcomes   # the index or key past the end was reached
    if name == "laws_energy":
        assert outcomes == {"raise"}  # 9 values do not reshape to 5 x 5


@pytest.mark.parametrize("which", [0, 1, 2, 3, -1, -4, 4, -5])
def test_compass_index(compiled, which):
    outcome = check(compiled, "compass_pick", images()[2], 3, which=which)
    assert outcome == ("ok" if -4 <= which <= 3 else "raise")


@pytest.mark.parametrize("name", ["L5E5", "E5E5", "S5S5", "E5L5"])
def test_laws_masks(compiled, name):
    for img in images()[:3]:
        outcome = check(compiled, "laws_energy", img, 5, name=name)
        assert outcome == ("raise" if name == "E5L5" else "ok")  # KeyError('E5L5')
    check(compiled, "laws_total", images()[2], 5)


def test_masks_matter(compiled):
    """Not a constant answer: the masks are applied (rot90 turns them)."""
    lib, ns = compiled
    img = np.random.default_rng(7).normal(size=(12, 12))
    got = ndi.generic_filter(img, lib["robinson_direction"], size=3, mode="nearest")
    want = ndi.generic_filter(img, ns["robinson_direction"], size=3, mode="nearest")
    np.testing.assert_array_equal(got, want)
    assert set(got.ravel().tolist()) == {0.0, 1.0, 2.0, 3.0}

"""Edge pixels read their elements through the per-call edge-column table.

llcc.generic_filter maps the last coordinate of the pixels near the left and
right edge by the boundary mode once per call, into a table of offsets per
edge column and footprint element (abi/ImageKernel.cpp, edgeColumnTable);
a table that would be too large (a footprint much wider than the image)
falls back to mapping each element of each pixel. Every case compares
llcc.generic_filter, bit for bit (zero signs included, NaN where SciPy has
NaN), with scipy.ndimage.generic_filter running the same function in
CPython: every mode, square and ragged footprints, origins, footprints
wider than the image, strided views, native input types.
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc
from conftest import python_namespace

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "arrays" / "edge_filters.flt"
MODES = [("reflect", 0.0), ("constant", -0.0), ("constant", np.nan), ("constant", 0.75),
         ("nearest", 0.0), ("mirror", 0.0), ("wrap", 0.0)]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def same_bits(got, want):
    assert got.shape == want.shape
    nan = np.isnan(want)
    assert np.array_equal(np.isnan(got), nan)
    assert got[~nan].tobytes() == want[~nan].tobytes()


def special_image(rng, shape):
    """Ties, signed zeros, infinities and a few NaNs among values near 0.5."""
    image = rng.random(shape)
    pick = rng.random(shape)
    image[pick < 0.2] = np.round(image[pick < 0.2] * 4) / 4
    image[(pick > 0.2) & (pick < 0.3)] = 0.0
    image[(pick > 0.3) & (pick < 0.4)] = -0.0
    image[(pick > 0.4) & (pick < 0.42)] = np.inf
    image[(pick > 0.42) & (pick < 0.44)] = -np.inf
    image[(pick > 0.44) & (pick < 0.45)] = np.nan
    return image


def run_both(lib, py, name, image, **kw):
    want = ndi.generic_filter(image, py[name], **kw)
    got = llcc.generic_filter(image, lib[name], threads=1, **kw)
    same_bits(got, want)


FOOTPRINTS = [dict(size=3), dict(size=(3, 5)), dict(size=(1, 9)),
              dict(footprint=np.array([[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 0, 1]], bool)),
              dict(size=5, origin=(1, -2)), dict(size=(2, 4), origin=(0, 1))]


@pytest.mark.parametrize("name", ["count_above", "median", "weighted"])
@pytest.mark.parametrize("fp", range(len(FOOTPRINTS)))
def test_edge_columns_match_python(lib, py, name, fp):
    rng = np.random.default_rng(fp)
    image = special_image(rng, (11, 23))
    for mode, cval in MODES:
        for view in (image, image[:, ::-1][::2], image[:, :3]):
            run_both(lib, py, name, view, mode=mode, cval=cval, **FOOTPRINTS[fp])


@pytest.mark.parametrize("mode,cval", MODES)
def test_footprint_wider_than_the_image(lib, py, mode, cval):
    """Every column is an edge column: elements map more than a period out."""
    rng = np.random.default_rng(7)
    image = special_image(rng, (4, 6))
    for size in [(3, 13), (2, 31)]:
        run_both(lib, py, "weighted", image, size=size, mode=mode, cval=cval)


def test_table_too_large_falls_back():
    """A 1-D footprint of 1201 on lines of 300: 300 edge columns of 1201
    elements is past the table's limit; the per-element mapping gives the
    same values."""
    lib, py = llcc.compile(SOURCE), python_namespace(SOURCE)
    rng = np.random.default_rng(11)
    image = special_image(rng, (2, 300))
    for mode, cval in [("reflect", 0.0), ("constant", 0.75), ("wrap", 0.0)]:
        run_both(lib, py, "weighted", image, size=(1, 1201), mode=mode, cval=cval)


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.float32])
def test_native_types_edge_columns(lib, py, dtype):
    rng = np.random.default_rng(5)
    image = (rng.random((9, 21)) * 100).astype(dtype)
    for mode, cval in [m for m in MODES if not np.isnan(m[1])]:
        want = ndi.generic_filter(image, py["median"], size=(3, 5), mode=mode, cval=cval)
        got = llcc.generic_filter(image, lib["median"], size=(3, 5), mode=mode, cval=cval)
        assert got.tobytes() == want.tobytes()

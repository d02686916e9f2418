"""Counts over boxes share column sums between neighbouring windows, with SciPy's bits.

A whole-image kernel whose result is an integer sum over the window of one
function of each element alone (a count above a threshold, in any of the
forms of arrays/count_filters.flt) computes each column's sum once per row
and adds the window's columns (backend/SlidingSums.cpp), in chunks of 512
pixels. Each case compares llcc.generic_filter, bit for bit, with
scipy.ndimage.generic_filter running the same compiled callback: every
mode, NaN and infinities, origins, rows shorter and longer than a chunk,
strided and reversed views, integer and float32 images, 3-D boxes; and
filters the rewrite must leave alone (a term depending on the position, a
comparison with the centre, a float sum) over the same boxes.
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc

HERE = Path(__file__).resolve().parent
MODES = [("reflect", 0.0), ("constant", np.nan), ("constant", 0.75), ("nearest", 0.0),
         ("mirror", 0.0), ("wrap", 0.0)]
COUNTS = ["count_loop", "count_generator", "count_nonzero", "count_sum", "count_bools",
          "weighted", "in_band", "not_nan"]
OTHERS = ["by_position", "by_weight", "centre_relative", "float_sum"]
# Boxes and lines of 9 to 81 (the kernel's copy for rows of consecutive
# elements), origins, a 3x27 box, a column (rows of one element: nothing
# to share) and a disk (rows of different widths: no shared columns).
FOOTPRINTS = [dict(size=9), dict(size=7), dict(size=5), dict(size=3), dict(size=(1, 49)),
              dict(size=(1, 25)), dict(size=(3, 27)), dict(size=7, origin=(2, -3)),
              dict(size=9, origin=-4), dict(size=5, origin=(-2, 1)), dict(size=(81, 1)),
              dict(footprint=np.hypot(*np.mgrid[-4:5, -4:5]) <= 4.0)]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(HERE / "arrays" / "count_filters.flt")


def image(rng, shape):
    img = rng.random(shape)
    pick = rng.random(shape)
    img[pick < 0.02] = np.nan
    img[(pick > 0.02) & (pick < 0.03)] = np.inf
    img[(pick > 0.03) & (pick < 0.04)] = -np.inf
    img[(pick > 0.04) & (pick < 0.1)] = 0.5  # ties with the threshold
    img[(pick > 0.1) & (pick < 0.12)] = 0.25
    return img


def same_bits(got, want):
    assert got.shape == want.shape and got.dtype == want.dtype
    nan = np.isnan(want)
    assert np.array_equal(np.isnan(got), nan)
    assert got[~nan].tobytes() == want[~nan].tobytes()


def too_long(view, kw):
    """A window reaching more than the image's length past an edge: SciPy
    1.10's 'reflect' extension of such a line differs from np.pad's
    'symmetric' (llcc gives np.pad's; docs/python.md), so SciPy is no
    oracle there."""
    extent = kw["footprint"].shape if "footprint" in kw else \
        np.broadcast_to(kw["size"], view.ndim)
    return any(e > 2 * n for e, n in zip(extent, view.shape))


def check(lib, name, img, **kw):
    fn = lib[name]
    for mode, cval in MODES:
        if mode == "reflect" and too_long(img, kw):
            continue
        want = ndi.generic_filter(img, fn, mode=mode, cval=cval, **kw)
        got = llcc.generic_filter(img, fn, mode=mode, cval=cval, threads=1, **kw)
        same_bits(got, want)


@pytest.mark.parametrize("name", COUNTS + OTHERS)
@pytest.mark.parametrize("index", range(len(FOOTPRINTS)))
def test_counts_over_boxes(lib, name, index):
    kw = FOOTPRINTS[index]
    rng = np.random.default_rng(index)
    # Rows of 1,100 pixels: two whole chunks and a part, then views.
    big = image(rng, (12, 1100))
    for view in (big, big[::-1, ::-1], big[::2, 3:], big[:, ::3], big[:5, :530]):
        check(lib, name, view, **kw)


@pytest.mark.parametrize("width", [3, 9, 10, 11, 12, 16, 17, 520, 521, 1032, 1033, 1035])
def test_chunk_edges(lib, width):
    """Interior runs of 1 to 1,027 pixels: a chunk's first column, its last
    w - 1 columns read at its last pixel, and the last partial chunk."""
    rng = np.random.default_rng(width)
    img = image(rng, (11, width))
    for name in ["count_loop", "weighted"]:
        check(lib, name, img, size=9)
        check(lib, name, img, size=3)
        check(lib, name, img, size=(1, 49))


@pytest.mark.parametrize("name", ["count_loop", "weighted", "in_band"])
@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.int32, np.float32])
def test_native_element_types(lib, name, dtype):
    rng = np.random.default_rng(7)
    if np.issubdtype(dtype, np.integer):
        img = rng.integers(0, 4, (14, 700)).astype(dtype)
        fn = lib[name].bind(threshold=1.0) if name == "count_loop" else \
            lib[name].bind(lo=1.0, hi=3.0)
    else:
        img = image(rng, (14, 700)).astype(dtype)
        fn = lib[name]
    for mode, cval in MODES:
        for size in (3, 5, 7, 9):
            want = ndi.generic_filter(img, fn, size=size, mode=mode, cval=cval)
            got = llcc.generic_filter(img, fn, size=size, mode=mode, cval=cval, threads=1)
            same_bits(got, want)


@pytest.mark.parametrize("size", [(7, 7, 1), (1, 7, 7), (1, 9, 9), (9, 1, 9), (3, 3, 9)])
def test_three_dimensional_boxes(lib, size):
    rng = np.random.default_rng(sum(size))
    img = image(rng, (9, 11, 600))
    for name in ["count_nonzero", "weighted", "by_position"]:
        for mode, cval in MODES[:3]:
            want = ndi.generic_filter(img, lib[name], size=size, mode=mode, cval=cval)
            got = llcc.generic_filter(img, lib[name], size=size, mode=mode, cval=cval)
            same_bits(got, want)


def test_thresholds_as_python(lib):
    """The counts against the filters run by CPython on SciPy's windows."""
    ns = {}
    exec(compile((HERE / "arrays" / "count_filters.flt").read_text(), "count_filters.flt",
                 "exec"), ns)
    rng = np.random.default_rng(5)
    img = image(rng, (13, 600))
    for threshold in [0.5, -np.inf, np.inf, np.nan, 0.25]:
        for name in ["count_loop", "count_generator", "count_bools"]:
            want = ndi.generic_filter(img, lambda v: ns[name](v, threshold), size=9,
                                      mode="mirror")
            got = llcc.generic_filter(img, lib[name].bind(threshold=threshold), size=9,
                                      mode="mirror")
            same_bits(got, want)

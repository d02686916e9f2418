"""Whole-image kernels over 7x7 and 9x9 windows give SciPy's bits.

For 49- and 81-element footprints whose element offsets are rows of 7 or 9
consecutive elements (square boxes, lines of 49 or 81, a box over the last
axes of a 3-D image), abi/ImageKernel.cpp reads each element at its row's
offset plus its column; other footprints of those sizes (disks of 49 and
81 elements, 27x3 boxes, boxes across a non-last axis) keep a table per
element. The
optimiser regroups long integer sums (a count over the window) as trees
(backend/IntegerSums.cpp). Each case compares llcc.generic_filter, bit for
bit, with scipy.ndimage.generic_filter running the same compiled callback:
every mode, NaN and infinities in the image, origins, strided and reversed
views, and images smaller than the window.
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc

HERE = Path(__file__).resolve().parent
MODES = [("reflect", 0.0), ("constant", np.nan), ("constant", 0.75), ("nearest", 0.0),
         ("mirror", 0.0), ("wrap", 0.0)]


def disk(radius):
    y, x = np.mgrid[-radius:radius + 1, -radius:radius + 1]
    return x * x + y * y <= radius * radius


# (footprint keyword, element count): boxes and lines read by row offsets,
# then footprints of the same sizes that are not rows of 7 or 9.
FOOTPRINTS = [
    (dict(size=7), 49), (dict(size=9), 81), (dict(size=(1, 49)), 49), (dict(size=(81, 1)), 81),
    (dict(size=7, origin=(2, -3)), 49), (dict(footprint=np.ones((9, 9), bool), origin=-4), 81),
    (dict(footprint=disk(4)), 49), (dict(footprint=disk(5)), 81),
    (dict(size=(3, 27)), 81), (dict(size=(27, 3)), 81),
]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(HERE / "arrays" / "box_filters.flt")


def image(rng, shape):
    img = rng.random(shape) - 0.1
    pick = rng.random(shape)
    img[pick < 0.02] = np.nan
    img[(pick > 0.02) & (pick < 0.03)] = np.inf
    img[(pick > 0.03) & (pick < 0.04)] = -np.inf
    img[(pick > 0.04) & (pick < 0.1)] = 0.5  # ties with the threshold
    return img


def too_long(view, kw):
    """A window reaching more than the image's length past an edge: SciPy
    1.10's 'reflect' extension of such a line differs from np.pad's
    'symmetric' in the last row (llcc gives np.pad's), so SciPy is no
    oracle there."""
    extent = kw["footprint"].shape if "footprint" in kw else np.broadcast_to(kw["size"], 2)
    return any(e > 2 * n for e, n in zip(extent, view.shape))


def same_bits(got, want):
    assert got.shape == want.shape
    nan = np.isnan(want)
    assert np.array_equal(np.isnan(got), nan)
    assert got[~nan].tobytes() == want[~nan].tobytes()


@pytest.mark.parametrize("name", ["count_above", "std", "corners", "int_sum"])
@pytest.mark.parametrize("index", range(len(FOOTPRINTS)))
def test_large_windows_bit_identical(lib, name, index):
    kw, count = FOOTPRINTS[index]
    if "footprint" in kw:
        assert kw["footprint"].sum() == count
    rng = np.random.default_rng(index)
    big = image(rng, (23, 97))
    if name == "int_sum":
        big = np.nan_to_num(big, nan=0.25, posinf=3.0, neginf=-3.0)
    for mode, cval in MODES:
        if name == "int_sum" and np.isnan(cval):
            continue  # int(nan) raises: test_image_vectorised.py has raising bodies
        for view in (big, big[::-1, ::2], big[:6, :5]):
            if mode == "reflect" and too_long(view, kw):
                continue
            want = ndi.generic_filter(view, lib[name], mode=mode, cval=cval, **kw)
            got = llcc.generic_filter(view, lib[name], mode=mode, cval=cval, threads=1, **kw)
            same_bits(got, want)


@pytest.mark.parametrize("size", [(7, 7, 1), (1, 7, 7), (1, 9, 9), (9, 1, 9)])
def test_three_dimensional_boxes(lib, size):
    rng = np.random.default_rng(sum(size))
    img = image(rng, (11, 13, 40))
    for name in ["count_above", "std"]:
        for mode, cval in MODES[:3]:
            want = ndi.generic_filter(img, lib[name], size=size, mode=mode, cval=cval)
            got = llcc.generic_filter(img, lib[name], size=size, mode=mode, cval=cval)
            same_bits(got, want)


def test_bound_threshold_counts_as_python(lib):
    """The count against the same filter run by CPython, on the windows
    SciPy passes (the Python function through generic_filter)."""
    ns = {}
    exec(compile((HERE / "arrays" / "box_filters.flt").read_text(), "box_filters.flt", "exec"), ns)
    rng = np.random.default_rng(5)
    img = image(rng, (19, 41))
    for threshold in [0.5, -np.inf, np.inf, 0.25]:
        want = ndi.generic_filter(img, lambda v: ns["count_above"](v, threshold), size=9,
                                  mode="mirror")
        got = llcc.generic_filter(img, lib["count_above"].bind(threshold=threshold), size=9,
                                  mode="mirror")
        same_bits(got, want)

"""llcc.generic_filter against scipy.ndimage.generic_filter with the same callable.

The whole-array entry point must give exactly SciPy's result for any rank
(1-3 here), footprint, origin, boundary mode and cval: the neighbourhood is
presented to the function body in SciPy's order (footprint elements in C
order), so order-dependent filters (`values[4]`) agree too. Exact equality
throughout, except the filters whose bodies sum (np.sum left to right inside
one neighbourhood is the same code on both paths, so they are exact too).
"""
import os
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import llcc

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "arrays" / "image_filters.flt"
MODES = ["reflect", "constant", "nearest", "mirror", "wrap", "grid-mirror", "grid-constant",
         "grid-wrap"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@st.composite
def cases(draw):
    rank = draw(st.integers(1, 3))
    shape = tuple(draw(st.lists(st.integers(1, 9), min_size=rank, max_size=rank)))
    fshape = tuple(draw(st.lists(st.integers(1, 4), min_size=rank, max_size=rank)))
    footprint = np.array(draw(st.lists(st.booleans(), min_size=int(np.prod(fshape)),
                                       max_size=int(np.prod(fshape)))), dtype=bool)
    footprint = footprint.reshape(fshape)
    if not footprint.any():
        footprint.flat[0] = True
    origin = tuple(draw(st.integers(-(f // 2), (f - 1) // 2)) for f in fshape)
    mode = draw(st.sampled_from(MODES))
    cval = draw(st.sampled_from([0.0, -2.5, 7.0, np.nan]))
    seed = draw(st.integers(0, 2**32 - 1))
    return shape, footprint, origin, mode, cval, seed


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(), name=st.sampled_from(["fmin", "ordered", "spread", "median", "count_above"]))
def test_matches_scipy_generic_filter(lib, case, name):
    shape, footprint, origin, mode, cval, seed = case
    image = np.random.default_rng(seed).normal(size=shape) * 10
    f = lib[name]
    try:
        want = ndi.generic_filter(image, f, footprint=footprint, mode=mode, cval=cval,
                                  origin=origin)
    except IndexError:  # `ordered` on a footprint of fewer than 5 elements
        with pytest.raises(IndexError):
            llcc.generic_filter(image, f, footprint=footprint, mode=mode, cval=cval,
                                origin=origin, threads=1)
        return
    got = llcc.generic_filter(image, f, footprint=footprint, mode=mode, cval=cval,
                              origin=origin, threads=1)
    assert np.array_equal(got, want, equal_nan=True)


def test_threads_and_layouts(lib):
    rng = np.random.default_rng(7)
    image = rng.normal(size=(37, 53)) * 100
    f = lib.count_above.bind(threshold=10.0)
    want = ndi.generic_filter(image, f, size=(3, 5), mode="mirror")
    for threads in (1, 2, 3, 8):
        got = llcc.generic_filter(image, f, size=(3, 5), mode="mirror", threads=threads)
        assert np.array_equal(got, want), threads
    # Non-contiguous (transposed, strided) and non-float64 input.
    view = image.T[::2, ::-1]
    assert np.array_equal(llcc.generic_filter(view, lib.fmin, size=3),
                          ndi.generic_filter(view, lib.fmin, size=3))
    ints = (image * 3).astype(np.int32)
    got = llcc.generic_filter(ints, lib.spread, size=3)
    want = ndi.generic_filter(ints, lib.spread, size=3)
    assert got.dtype == want.dtype == np.int32
    assert np.array_equal(got, want)
    # A given output array, of another dtype and non-contiguous.
    out = np.zeros((53, 37), dtype=np.float32).T
    result = llcc.generic_filter(image, lib.median, size=(5, 3), output=out)
    assert result is out
    assert np.array_equal(out, ndi.generic_filter(image, lib.median, size=(5, 3),
                                                  output=np.zeros((37, 53), np.float32)))


def test_real_image_and_decorated_function():
    from skimage import data

    @llcc.filter
    def contrast(values):
        return np.sum(np.abs(values - values[4]))

    image = data.camera()[:128, :160]
    want = ndi.generic_filter(image.astype(np.float64), contrast, size=3)
    got = llcc.generic_filter(image.astype(np.float64), contrast, size=3)
    assert np.array_equal(got, want)


def test_errors_become_python_exceptions(lib):
    image = np.arange(30, dtype=np.float64).reshape(5, 6)
    with pytest.raises(IndexError, match=r"image_filters\.flt:\d+:\d+: index out of range"):
        llcc.generic_filter(image, lib.ordered, size=2, threads=2)
    with pytest.raises(ValueError, match="invalid origin"):
        llcc.generic_filter(image, lib.fmin, size=3, origin=2)
    with pytest.raises(RuntimeError, match="no footprint"):
        llcc.generic_filter(image, lib.fmin)
    with pytest.raises(TypeError, match="needs an llcc filter"):
        llcc.generic_filter(image, np.min, size=3)


def test_library_without_kernels_falls_back_to_scipy(tmp_path):
    """A .so built without --image-kernels still filters, through SciPy."""
    import subprocess
    out = tmp_path / "plain.so"
    llcc_bin = llcc.find_llcc()
    subprocess.run([llcc_bin, str(SOURCE), "-o", str(out)], check=True)
    plain = llcc.load(out)
    image = np.random.default_rng(3).normal(size=(20, 30))
    with pytest.warns(RuntimeWarning, match="no whole-array kernel"):
        got = llcc.generic_filter(image, plain.median, size=3)
    assert np.array_equal(got, ndi.generic_filter(image, plain.median, size=3))


# Footprints of 25, 49 and 81 elements take the specialised interior runs
# whose body is unrolled and vectorised across pixels (codegen/ImageKernel.cpp,
# Optimizer.cpp's UnrollNeighbourhood); 3 and 9 the small ones. Each is run
# on a contiguous image, a strided view (the generic run for the large sizes)
# and with NaNs, in every mode, on images narrower and wider than a vector
# of pixels, so the vector loop, its remainder and every edge path are hit.
@pytest.mark.parametrize("size", [(1, 3), 3, 5, 7, 9])
@pytest.mark.parametrize("name", ["fmin", "spread", "count_above", "mean_sq", "median"])
def test_specialised_footprints(lib, size, name):
    rng = np.random.default_rng(11)
    image = rng.normal(size=(23, 41)) * 10
    image[rng.random(image.shape) < 0.03] = np.nan
    f = lib[name]
    for mode, cval in [("reflect", 0.0), ("constant", np.nan), ("constant", -1.5),
                       ("nearest", 0.0), ("mirror", 0.0), ("wrap", 0.0)]:
        for view in (image, image[:, ::-1][::2], image[:, :6]):
            want = ndi.generic_filter(view, f, size=size, mode=mode, cval=cval)
            got = llcc.generic_filter(view, f, size=size, mode=mode, cval=cval, threads=1)
            assert np.array_equal(got, want, equal_nan=True), (mode, view.shape)


def test_sums_keep_their_order(lib):
    """A sum over 49 values, vectorised across pixels, adds each pixel's
    values in the same order as the callback: bit-identical results where
    reassociating would round differently."""
    rng = np.random.default_rng(5)
    image = rng.normal(size=(64, 70)) * 10.0 ** rng.integers(-8, 9, size=(64, 70))
    want = ndi.generic_filter(image, lib.mean_sq, size=7)
    assert np.array_equal(llcc.generic_filter(image, lib.mean_sq, size=7, threads=2), want)


def test_large_outputs_are_recycled_only_when_free(lib):
    """Large outputs come from huge-page backed mappings that are kept for
    the next call (llcc._image._new_output): fresh ones are zeros, and one
    is handed out again only once no array, view or slice refers to it."""
    from llcc import _image
    out = _image._new_output((1100, 1000), "float64")
    assert out.shape == (1100, 1000) and out.dtype == np.float64
    assert out.flags.writeable and out.flags.c_contiguous and not out.any()
    assert _image._new_output((3, 4), "int32").dtype == np.int32
    rng = np.random.default_rng(9)
    image = rng.normal(size=(1024, 700))
    first = llcc.generic_filter(image, lib.fmin, size=3, threads=1)
    want, addresses = first.copy(), {first.ctypes.data}
    corner = first[:5, :5]          # a view alone keeps the memory in use
    del first
    second = llcc.generic_filter(image + 1.0, lib.fmin, size=3, threads=1)
    assert second.ctypes.data not in addresses
    assert np.array_equal(corner, want[:5, :5])
    assert np.array_equal(second, want + 1.0)
    addresses.add(second.ctypes.data)
    del corner, second
    third = llcc.generic_filter(image * 2.0, lib.fmin, size=3, threads=2)
    assert third.ctypes.data in addresses   # no new mapping
    assert np.array_equal(third, ndi.generic_filter(image * 2.0, lib.fmin, size=3))


@pytest.mark.parametrize("size", [2, 3, (3, 1), 5, (4, 8), 7])
def test_median_by_rank_matches_the_sort(lib, size):
    """np.median of up to 32 values in a fixed-size interior run ranks
    instead of sorting (exactly the stable sort's middle element): same
    results as the sorting path, down
    to the sign of zero among equal zeros, with ties and NaN; larger
    footprints (7x7) still sort."""
    rng = np.random.default_rng(3)
    image = rng.choice([-0.0, 0.0, 1.0, -1.0, 2.5, np.nan], p=[.3, .3, .15, .1, .1, .05],
                       size=(19, 27))
    want = ndi.generic_filter(image, lib.median_sorted, size=size, mode="constant", cval=-0.0)
    for f in (lib.median, lib.median_sorted):
        got = llcc.generic_filter(image, f, size=size, mode="constant", cval=-0.0, threads=1)
        assert np.array_equal(got, want, equal_nan=True)
        assert np.array_equal(np.signbit(got), np.signbit(want))
    # The callback (length unknown when compiled) sorts: the same values.
    assert np.array_equal(ndi.generic_filter(image, lib.median, size=size, mode="constant",
                                             cval=-0.0), want, equal_nan=True)

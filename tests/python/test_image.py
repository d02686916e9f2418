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
    with pytest.raises(IndexError, match=r"image_filters\.flt:\d+:\d+: index \d+ is out of bounds for axis 0 with size 4"):
        llcc.generic_filter(image, lib.ordered, size=2, threads=2)
    with pytest.raises(ValueError, match="invalid origin"):
        llcc.generic_filter(image, lib.fmin, size=3, origin=2)
    with pytest.raises(RuntimeError, match="no footprint"):
        llcc.generic_filter(image, lib.fmin)
    with pytest.raises(TypeError, match="needs an llcc filter"):
        llcc.generic_filter(image, np.min, size=3)


def test_cli_library_gets_kernels_without_warning(tmp_path):
    """A .so built by the plain CLI command and opened with llcc.load runs
    the whole-image kernel: built once from the source the library carries,
    with its options, and bound to the same parameter values; no warning."""
    import subprocess
    import warnings
    out = tmp_path / "plain.so"
    llcc_bin = llcc.find_llcc()
    subprocess.run([llcc_bin, str(SOURCE), "-o", str(out), "-O1"], check=True)
    plain = llcc.load(out)
    assert plain.manifest["build"] == {"opt_level": 1, "cpu": "native", "image_kernels": False,
                                       "image_kernel_types": ["float64"],
                                       "source_symbol": "llcc_source",
                                       "source_encoding": "base64"}
    assert "image" not in plain.manifest["functions"][0]
    image = np.random.default_rng(3).normal(size=(20, 30))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = llcc.generic_filter(image, plain.median, size=3)
        bound = plain.count_above.bind(threshold=0.25)
        got_bound = llcc.generic_filter(image, bound, size=3)
    assert np.array_equal(got, ndi.generic_filter(image, plain.median, size=3))
    assert np.array_equal(got_bound, ndi.generic_filter(image, bound, size=3))
    kernels = plain._kernel_library
    assert kernels.manifest["build"]["image_kernels"] is True
    assert kernels.manifest["build"]["opt_level"] == 1
    assert kernels.source_file == plain.source_file  # runtime errors cite the same file
    assert kernels.source == plain.source == SOURCE.read_text()
    assert "image" in kernels.manifest["functions"][0]


def test_runtime_errors_same_on_both_paths(lib):
    """The same fault raises the same class with the same message through
    SciPy with the callback and through llcc.generic_filter."""
    image = np.arange(30, dtype=np.float64).reshape(5, 6)
    with pytest.raises(IndexError) as via_scipy:
        ndi.generic_filter(image, lib.ordered, size=2)
    with pytest.raises(IndexError) as via_kernel:
        llcc.generic_filter(image, lib.ordered, size=2)
    assert str(via_scipy.value) == str(via_kernel.value)


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


def test_arrays_of_the_pool_limit_are_recycled():
    """The pool's limit counts the array, not its alignment slack: 64 MiB
    (a 2-D transform's coordinates of a 2048x2048 image) is kept for the
    next call; more is not."""
    from llcc import _image
    for shape, kept in (((2, 2048, 2048), True), ((2, 2048, 2049), False)):
        first = _image._new_output(shape, np.float64)
        mapping = first.nbytes + _image._HUGE_PAGE
        assert any(raw.size == mapping for raw in _image._pool) == kept
        address = first.ctypes.data
        del first
        if kept:
            again = _image._new_output(shape, np.float64)
            assert again.ctypes.data == address
            del again


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


FAULTS = [("index_error", IndexError), ("zero_division", ZeroDivisionError),
          ("overflow", OverflowError), ("domain", ValueError),
          ("unbound", UnboundLocalError), ("memory", MemoryError),
          ("float_division", ZeroDivisionError)]


@pytest.fixture(scope="module")
def faults():
    return llcc.compile(HERE / "arrays" / "faults.flt")


@pytest.mark.parametrize("name,cls", FAULTS)
def test_fault_same_class_and_message_on_every_path(faults, name, cls):
    """One runtime-error protocol: a fault raises the same exception class,
    with the same message, through SciPy's generic_filter with the compiled
    callback and through llcc.generic_filter's kernel (single and several
    threads); and CPython raises the same class running the same function."""
    image = np.arange(20, dtype=np.float64).reshape(4, 5)
    with pytest.raises(cls) as via_scipy:
        ndi.generic_filter(image, faults[name], size=3)
    for threads in (1, 2):
        with pytest.raises(cls) as via_kernel:
            llcc.generic_filter(image, faults[name], size=3, threads=threads)
        assert type(via_kernel.value) is type(via_scipy.value)
        assert str(via_kernel.value) == str(via_scipy.value)
    assert str(via_scipy.value).startswith(str(HERE / "arrays" / "faults.flt") + ":")
    if name == "overflow":
        return  # Python ints do not overflow; llcc's are 64-bit (docs/language.md)
    namespace = {}
    exec(compile((HERE / "arrays" / "faults.flt").read_text(), "faults.flt", "exec"), namespace)
    with pytest.raises(cls):
        ndi.generic_filter(image, namespace[name], size=3)


# Values whose conversion to an integer output is out of range, NaN, or
# truncated: SciPy stores what its C conversion gives, and so must llcc.
SPECIAL = np.array([0.0, -0.0, 0.5, -0.5, 0.99, 1.0, 2.0, 3.7, -3.7, 127.5, 128.0, 255.0, 256.0,
                    257.5, -1.0, -129.0, 32767.0, 65535.0, 65536.0, 2.0**31, -2.0**31 - 1,
                    2.0**32 + 3, 2.0**53 + 2, 2.0**63, -2.0**63, -2.0**63 - 4096, 2.0**64 - 2048,
                    2.0**64, 1.5e19, -1e19, 1e20, -1e20, np.nan, np.inf, -np.inf])
DTYPES = [np.bool_, np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
          np.uint64, np.float32, np.float64]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_output_dtypes_as_scipy(lib, dtype):
    """Every output dtype SciPy accepts holds exactly what SciPy stores,
    byte for byte, for in-range, truncated, out-of-range and NaN results."""
    want = np.zeros(SPECIAL.shape, dtype)
    ndi.generic_filter(SPECIAL, lib.fmin, size=1, output=want)
    got = np.zeros(SPECIAL.shape, dtype)
    llcc.generic_filter(SPECIAL, lib.fmin, size=1, output=got)
    assert got.tobytes() == want.tobytes()
    assert ndi.generic_filter(SPECIAL, lib.fmin, size=1, output=dtype).tobytes() == \
        llcc.generic_filter(SPECIAL, lib.fmin, size=1, output=dtype).tobytes()


@pytest.fixture(scope="module")
def typed():
    return llcc.compile(HERE / "arrays" / "dtype_filters.flt")


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_input_dtypes_as_scipy(typed, dtype):
    """Input of every dtype SciPy accepts, the output of the input's type
    converted as SciPy converts. Integer and float32 input is read in place
    by a kernel built for its element type (no float64 copy)."""
    rng = np.random.default_rng(5)
    image = (rng.normal(size=(9, 11)) * 300).astype(dtype)
    strided = np.asfortranarray(image)[::2, 1:]
    for name in ("fmin", "spread"):
        for data in (image, strided):
            want = ndi.generic_filter(data, typed[name], size=3)
            got = llcc.generic_filter(data, typed[name], size=3)
            assert got.dtype == want.dtype
            assert got.tobytes() == want.tobytes()
    element = np.dtype(dtype).name
    if element not in ("float64", "bool"):
        kernels = typed._kernel_libraries[element]
        assert element in kernels.manifest["functions"][0]["images"]


def test_unsupported_types_and_zero_rank_as_scipy(lib):
    for dtype in (np.float16, np.longdouble):
        for kwargs in ({"input": np.ones(4, dtype)}, {"input": np.ones(4), "output": dtype}):
            with pytest.raises(RuntimeError, match="array type not supported"):
                ndi.generic_filter(function=lib.fmin, size=1, **kwargs)
            with pytest.raises(RuntimeError, match="array type not supported"):
                llcc.generic_filter(function=lib.fmin, size=1, **kwargs)
    with pytest.raises(TypeError, match="Complex type not supported"):
        llcc.generic_filter(np.ones(4, complex), lib.fmin, size=1)
    scalar = np.array(3.25)
    for kwargs in ({"size": 1}, {"footprint": np.ones((), bool)}):
        want = ndi.generic_filter(scalar, lib.spread, **kwargs)
        got = llcc.generic_filter(scalar, lib.spread, **kwargs)
        assert got.shape == want.shape == ()
        assert got.tobytes() == want.tobytes()

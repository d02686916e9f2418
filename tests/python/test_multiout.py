"""Filters that return several values per window, end to end.

tests/python/multiout/stats.flt holds natural filters that end in
``return a, b`` (min and max, mean and std, quartiles, gradient magnitude
and direction, ...). ``llcc.generic_filter`` computes all of a filter's
values in one pass and returns one array per value; the oracle for member
j is ``scipy.ndimage.generic_filter`` running the same source in CPython as
``lambda v: f(v)[j]``, with the same size, footprint, mode, cval, origin
and axes, bit for bit. Through SciPy's own generic_filter the compiled
callback raises exactly what SciPy raises for a Python function that
returns a tuple.
"""
import sys

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import REPO

if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
import llcc  # noqa: E402
from test_kinds import python_functions  # noqa: E402

STATS = REPO / "tests" / "python" / "multiout" / "stats.flt"
MODES = ["reflect", "constant", "nearest", "mirror", "wrap", "grid-mirror", "grid-constant",
         "grid-wrap"]
# name -> (number of outputs, window size that fits the filter)
FILTERS = {"min_max": (2, 3), "mean_std": (2, (3, 4)), "quartiles": (3, 5),
           "sorted_quartiles": (3, (2, 5)), "gradient": (2, 3), "darkest": (2, 3),
           "above": (2, 3), "magnitude_sign": (2, 3), "low_high_range": (3, 3),
           "helper_pair": (2, (1, 3)), "any_positive_total": (2, 3), "running_best": (2, 3),
           "checked_mean_var": (2, 3), "single": (1, 3), "centre_and_mean": (2, 3)}


@pytest.fixture(scope="module")
def stats():
    return llcc.compile(STATS), python_functions(STATS)


def rng_image(shape, seed=0, dtype=np.float64):
    image = np.random.default_rng(seed).normal(size=shape) * 10
    image.reshape(-1)[::13] = 0.0  # a few exact zeros (magnitude_sign)
    return image.astype(dtype)


def per_member(function, count, image, **kwargs):
    """What SciPy gives for each member, one generic_filter per member."""
    return [ndi.generic_filter(image, lambda v, j=j: function(v)[j], **kwargs)
            for j in range(count)]


def assert_members(got, want):
    assert isinstance(got, tuple) and len(got) == len(want)
    for g, w in zip(got, want):
        assert g.shape == w.shape and g.dtype == w.dtype
        assert g.tobytes() == w.tobytes(), np.nanmax(np.abs(g - w))


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_each_member_as_scipy_computes_it(stats, name):
    lib, python = stats
    count, size = FILTERS[name]
    assert lib[name].entry["outputs"] == count
    image = rng_image((9, 11), seed=len(name))
    got = llcc.generic_filter(image, lib[name], size=size)
    assert_members(got, per_member(python[name], count, image, size=size))


def test_scalar_filters_have_no_outputs_entry(stats):
    lib, _ = stats
    assert "outputs" not in lib.spread.entry
    assert isinstance(llcc.generic_filter(rng_image((5, 6)), lib.spread, size=3), np.ndarray)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", ["min_max", "quartiles", "gradient"])
def test_modes_origin_cval(stats, name, mode):
    lib, python = stats
    count, size = FILTERS[name]
    image = rng_image((8, 10), seed=3)
    for origin in (0, (1, -1), (-1, 0)):
        kwargs = dict(size=size, mode=mode, cval=-2.5, origin=origin)
        assert_members(llcc.generic_filter(image, lib[name], **kwargs),
                       per_member(python[name], count, image, **kwargs))


@pytest.mark.parametrize("threads", [1, 2, 5])
def test_threads(stats, threads):
    lib, python = stats
    image = rng_image((23, 17), seed=4)
    got = llcc.generic_filter(image, lib.quartiles, size=5, threads=threads)
    assert_members(got, per_member(python["quartiles"], 3, image, size=5))


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_footprints_and_ranks(stats, rank):
    lib, python = stats
    rng = np.random.default_rng(rank)
    image = rng_image((7, 6, 5)[:rank], seed=rank)
    footprint = rng.random((3, 2, 3)[:rank]) < 0.6
    footprint.flat[0] = True
    for name in ("min_max", "mean_std", "sorted_quartiles", "above"):
        count = FILTERS[name][0]
        assert_members(llcc.generic_filter(image, lib[name], footprint=footprint),
                       per_member(python[name], count, image, footprint=footprint))


def test_axes(stats):
    lib, python = stats
    image = rng_image((5, 6, 7), seed=8)
    got = llcc.generic_filter(image, lib.mean_std, size=3, axes=(0, 2))
    want = [ndi.generic_filter(image, lambda v, j=j: python["mean_std"](v)[j],
                               footprint=np.ones((3, 1, 3), bool)) for j in range(2)]
    assert_members(got, want)


NATIVE = ("uint8", "float32", "int64")  # test_image.py covers every type
TYPED_SOURCE = """
import numpy as np


def min_max(values):
    return values.min(), values.max()


def mean_std(values):
    return np.mean(values), np.std(values)


def above(values, threshold=0.5):
    n = 0
    for v in values:
        if v > threshold:
            n += 1
    return n, n / len(values)
"""


@pytest.fixture(scope="module")
def typed():
    """A small library with kernels for every native input type, built
    once (kernels for a long file take a while to optimise)."""
    namespace = {}
    exec(TYPED_SOURCE, namespace)
    lib = llcc.compile(TYPED_SOURCE, image_kernels=True,
                       image_kernel_types=("float64",) + NATIVE)
    return lib, namespace


@pytest.mark.parametrize("dtype", NATIVE)
def test_input_dtypes(typed, dtype):
    """Native input types, read in place; the outputs are of the input's
    type, converted from each double as SciPy converts."""
    lib, python = typed
    image = (rng_image((9, 8), seed=9) * 8 + 100).astype(dtype)
    for name in ("min_max", "mean_std", "above"):
        assert dtype in lib[name].entry["images"]
        count, size = FILTERS[name]
        assert_members(llcc.generic_filter(image, lib[name], size=size),
                       per_member(python[name], count, image, size=size))


def test_extra_arguments_and_keywords(stats):
    lib, python = stats
    image = rng_image((7, 7), seed=10)
    for extra, keywords in (((1.5,), None), ((), {"threshold": -3.0})):
        got = llcc.generic_filter(image, lib.above, size=3, extra_arguments=extra,
                                  extra_keywords=keywords)
        bound = dict(zip(["threshold"], extra), **(keywords or {}))
        want = per_member(lambda v: python["above"](v, **bound), 2, image, size=3)
        assert_members(got, want)
    got = llcc.generic_filter(image, lib.checked_mean_var.bind(ddof=1), size=3)
    assert_members(got, per_member(lambda v: python["checked_mean_var"](v, ddof=1), 2, image,
                                   size=3))


def test_output_dtype_and_tuple_of_outputs(stats):
    lib, python = stats
    image = rng_image((6, 9), seed=11)
    want = per_member(python["quartiles"], 3, image, size=3, output=np.int32)
    assert_members(llcc.generic_filter(image, lib.quartiles, size=3, output=np.int32), want)
    assert_members(llcc.generic_filter(image, lib.quartiles, size=3, output="int32"), want)
    outs = (np.zeros(image.shape), np.zeros(image.shape, np.float32),
            np.zeros(image.shape, np.uint8))
    got = llcc.generic_filter(image, lib.quartiles, size=3, output=outs)
    assert got == outs or all(g is o for g, o in zip(got, outs))
    for j, (out, dtype) in enumerate(zip(outs, (np.float64, np.float32, np.uint8))):
        expected = ndi.generic_filter(image, lambda v: python["quartiles"](v)[j], size=3,
                                      output=dtype)
        assert out.tobytes() == expected.tobytes()
    mixed = llcc.generic_filter(image, lib.min_max, size=3, output=[np.float32, None])
    want = [ndi.generic_filter(image, lambda v: python["min_max"](v)[0], size=3,
                               output=np.float32),
            ndi.generic_filter(image, lambda v: python["min_max"](v)[1], size=3)]
    assert_members(mixed, want)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int16])
def test_output_with_a_trailing_axis(stats, dtype):
    """One array whose last axis holds the values, as vectorized_filter fills."""
    lib, python = stats
    image = rng_image((7, 8), seed=12)
    out = np.full(image.shape + (3,), 99, dtype)
    assert llcc.generic_filter(image, lib.quartiles, size=3, output=out) is out
    want = per_member(python["quartiles"], 3, image, size=3, output=dtype)
    for j in range(3):
        assert out[..., j].tobytes() == want[j].tobytes()
    # A strided view: every other row, in Fortran order underneath.
    base = np.zeros((3, 7, 16), dtype).transpose(1, 2, 0)[:, ::2]
    assert llcc.generic_filter(image, lib.quartiles, size=3, output=base) is base
    for j in range(3):
        assert np.array_equal(base[..., j], want[j])


def test_wrong_outputs_are_errors(stats):
    lib, _ = stats
    image = rng_image((5, 6))
    with pytest.raises(ValueError, match="returns 3 values per window, so output must have 3 "
                                         "members, not 2"):
        llcc.generic_filter(image, lib.quartiles, size=3, output=(np.zeros((5, 6)),) * 2)
    with pytest.raises(RuntimeError, match=r"output shape not correct: 'quartiles' returns 3 "
                                           r"values per window, so output must have shape "
                                           r"\(5, 6, 3\)"):
        llcc.generic_filter(image, lib.quartiles, size=3, output=np.zeros((5, 6)))
    with pytest.raises(RuntimeError, match="output shape not correct"):
        llcc.generic_filter(image, lib.quartiles, size=3, output=(np.zeros((5, 6)),
                                                                  np.zeros((5, 6)),
                                                                  np.zeros((6, 5))))
    with pytest.raises(TypeError, match="Complex type not supported"):  # SciPy's error
        llcc.generic_filter(image, lib.min_max, size=3, output=(np.zeros((5, 6)),
                                                                np.zeros((5, 6), complex)))
    with pytest.raises(RuntimeError, match="array type not supported"):
        llcc.generic_filter(image, lib.min_max, size=3, output=np.float16)


def test_mode_valid(stats):
    lib, python = stats
    image = rng_image((8, 9), seed=13)
    got = llcc.generic_filter(image, lib.min_max, size=(3, 5), mode="valid")
    full = per_member(python["min_max"], 2, image, size=(3, 5))
    assert_members(got, [f[1:-1, 2:-2] for f in full])
    out = np.zeros((6, 5, 2), np.float32)
    assert llcc.generic_filter(image, lib.min_max, size=(3, 5), mode="valid", output=out) is out
    assert np.array_equal(out[..., 1], full[1][1:-1, 2:-2].astype(np.float32))
    with pytest.raises(ValueError, match="window shape cannot be larger"):
        llcc.generic_filter(image, lib.min_max, size=10, mode="valid")


def test_zero_d_and_empty(stats):
    lib, python = stats
    got = llcc.generic_filter(np.float64(4.5), lib.min_max, size=1)
    assert [g.shape for g in got] == [(), ()] and [float(g) for g in got] == [4.5, 4.5]
    empty = llcc.generic_filter(np.zeros((0, 4)), lib.min_max, size=3)
    assert [e.shape for e in empty] == [(0, 4), (0, 4)]


def test_scipy_callback_raises_scipys_type_error(stats):
    """SciPy's own generic_filter stores one double per pixel: the compiled
    callback raises exactly what SciPy raises for a Python filter that
    returns a tuple."""
    lib, python = stats
    image = rng_image((4, 5))
    with pytest.raises(TypeError) as python_error:
        ndi.generic_filter(image, python["min_max"], size=3)
    for name in ("min_max", "quartiles", "single", "centre_and_mean"):
        with pytest.raises(TypeError) as compiled_error:
            ndi.generic_filter(image, lib[name], size=3)
        assert str(compiled_error.value) == str(python_error.value) == \
            "must be real number, not tuple"


def test_errors_in_the_body_come_first(stats):
    """A filter that raises before returning its tuple raises its own error,
    through SciPy and through llcc.generic_filter, as CPython does."""
    lib, python = stats
    image = rng_image((5, 5))
    image[0, 1] = np.nan  # in the first window SciPy passes
    with pytest.raises(ValueError) as python_error:
        ndi.generic_filter(image, python["checked_mean_var"], size=3)
    for run in (lambda: ndi.generic_filter(image, lib.checked_mean_var, size=3),
                lambda: llcc.generic_filter(image, lib.checked_mean_var, size=3, threads=1),
                lambda: llcc.generic_filter(image, lib.checked_mean_var, size=3, threads=3)):
        with pytest.raises(ValueError) as compiled_error:
            run()
        assert str(compiled_error.value) == str(python_error.value) == "a NaN in the window"
    with pytest.raises(ValueError, match="need more than 9 values, got 9"):
        llcc.generic_filter(rng_image((5, 5)), lib.checked_mean_var.bind(ddof=9), size=3)


def test_calling_a_tuple_filter_from_another_filter(stats):
    lib, python = stats
    image = rng_image((6, 7), seed=14)
    want = ndi.generic_filter(image, python["spread"], size=3)
    assert ndi.generic_filter(image, lib.spread, size=3).tobytes() == want.tobytes()
    assert llcc.generic_filter(image, lib.spread, size=3).tobytes() == want.tobytes()


def test_decorated_function_with_several_outputs():
    @llcc.filter
    def lo_hi(values):
        return values.min(), values.max()

    image = rng_image((6, 6), seed=15)
    lo, hi = llcc.generic_filter(image, lo_hi, size=3)
    assert np.array_equal(lo, ndi.minimum_filter(image, size=3))
    assert np.array_equal(hi, ndi.maximum_filter(image, size=3))


@pytest.mark.parametrize("mode", ["reflect", "wrap", "constant"])
def test_dask_gives_one_array_per_value(stats, mode):
    """llcc.dask.generic_filter: a tuple of dask arrays, computed together
    chunk by chunk (chunks smaller than the footprint's reach included),
    equal to SciPy on the whole array."""
    da = pytest.importorskip("dask.array")
    import dask
    import llcc.dask

    lib, python = stats
    image = rng_image((19, 23), seed=16)
    for chunks in ((7, 6), (2, 9)):
        darr = da.from_array(image, chunks=chunks)
        lazy = llcc.dask.generic_filter(darr, lib.quartiles, size=5, mode=mode, cval=1.5)
        assert isinstance(lazy, tuple) and len(lazy) == 3
        assert all(part.shape == image.shape and part.dtype == image.dtype for part in lazy)
        got = dask.compute(*lazy, scheduler="threads")
        assert_members(tuple(got), per_member(python["quartiles"], 3, image, size=5, mode=mode,
                                              cval=1.5))


def test_readme_quartiles_example_runs(tmp_path):
    """The README's "quartiles in one pass" example, run as written (its own
    asserts compare with SciPy's median and percentile filters)."""
    import re
    import runpy

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
              if "def quartiles" in b]
    assert len(blocks) == 1
    script = tmp_path / "readme_quartiles.py"
    script.write_text(blocks[0], encoding="utf-8")
    names = runpy.run_path(str(script))
    q1, med, q3 = names["q1"], names["med"], names["q3"]
    assert np.array_equal(names["stacked"], np.stack([q1, med, q3], axis=-1))
    assert np.array_equal(names["iqr"], q3 - q1)


def test_empty_message_reaches_python():
    """`assert x` without a message raises AssertionError('') through
    llcc.generic_filter, as CPython does (found by the difftest)."""
    lib = llcc.compile("def finite_ends(values):\n"
                       "    assert values[0] == values[0]\n"
                       "    return values[0], values[-1]\n")
    for threads in (1, 2):
        with pytest.raises(AssertionError) as info:
            llcc.generic_filter(np.full((4, 4), np.nan), lib.finite_ends, size=3,
                                threads=threads)
        assert str(info.value) == ""

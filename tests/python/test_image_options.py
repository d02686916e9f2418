"""llcc.generic_filter's options beyond SciPy 1.10's generic_filter: axes=
(as SciPy >= 1.11), mode='valid' (as vectorized_filter), and
llcc.dask.generic_filter on dask arrays with the threaded scheduler. The
oracle is SciPy's generic_filter with the same compiled callback on the
whole array, with the footprint those options stand for."""
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "arrays" / "image_filters.flt"
MODES = ["reflect", "constant", "nearest", "mirror", "wrap"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


def expanded(footprint, axes, ndim):
    """SciPy's meaning of axes: the footprint's dimensions on the (sorted)
    axes, a window of one on the others."""
    axes = sorted(a % ndim for a in axes)
    return np.expand_dims(footprint, tuple(a for a in range(ndim) if a not in axes))


@pytest.mark.parametrize("axes", [(0,), (1,), (2,), (0, 2), (2, 0), (-1, 1)])
@pytest.mark.parametrize("mode", MODES)
def test_axes(lib, axes, mode):
    rng = np.random.default_rng(len(axes) + 7)
    image = rng.normal(size=(6, 7, 8))
    footprint = rng.uniform(size=(3, 4, 2)[:len(axes)]) > 0.3
    footprint.flat[0] = True
    origin = [0, -1][:len(axes)]
    want = ndi.generic_filter(image, lib.spread, footprint=expanded(footprint, axes, 3),
                              mode=mode, cval=0.25, origin=_full_origin(origin, axes, 3))
    got = llcc.generic_filter(image, lib.spread, footprint=footprint, mode=mode, cval=0.25,
                              origin=origin, axes=axes)
    assert np.array_equal(got, want)
    got = llcc.generic_filter(image, lib.fmin, size=3, axes=axes, mode=mode)
    want = ndi.generic_filter(image, lib.fmin, size=[3 if a in [x % 3 for x in axes] else 1
                                                     for a in range(3)], mode=mode)
    assert np.array_equal(got, want)


def _full_origin(origin, axes, ndim):
    full = [0] * ndim
    for a, o in zip(sorted(x % ndim for x in axes), origin):
        full[a] = o
    return full


def test_axes_errors(lib):
    image = np.ones((3, 4))
    with pytest.raises(ValueError, match="axes must be unique"):
        llcc.generic_filter(image, lib.fmin, size=2, axes=(0, -2))
    with pytest.raises(ValueError, match="out of range"):
        llcc.generic_filter(image, lib.fmin, size=2, axes=(2,))
    with pytest.raises(RuntimeError, match="must match len"):
        llcc.generic_filter(image, lib.fmin, footprint=np.ones((2, 2)), axes=(1,))


@pytest.mark.parametrize("size", [1, 2, 3, (3, 1), (2, 5), (4, 4)])
def test_valid(lib, size):
    """mode='valid': only the windows that fit, each the value any mode
    gives it."""
    image = np.random.default_rng(3).normal(size=(9, 11)).astype(np.float32)
    sizes = (size, size) if np.isscalar(size) else size
    keep = tuple(slice(s // 2, s // 2 + n - s + 1) for s, n in zip(sizes, image.shape))
    for name in ("spread", "median", "count_above"):
        want = ndi.generic_filter(image, lib[name], size=size)[keep]
        got = llcc.generic_filter(image, lib[name], size=size, mode="valid")
        assert got.shape == tuple(n - s + 1 for s, n in zip(sizes, image.shape))
        assert got.dtype == image.dtype
        assert got.tobytes() == want.tobytes()
    with pytest.raises(ValueError, match="incompatible with use of `origin`"):
        llcc.generic_filter(image, lib.fmin, size=3, mode="valid", origin=1)
    with pytest.raises(ValueError, match="window shape cannot be larger"):
        llcc.generic_filter(image, lib.fmin, size=10, mode="valid")
    got = llcc.generic_filter(image, lib.fmin, size=3, mode="valid", axes=(1,))
    assert got.shape == (9, 9)


@pytest.mark.parametrize("chunks", [(5, 7), (9, 4), (40, 40)])
@pytest.mark.parametrize("mode", MODES)
def test_dask_threaded(lib, chunks, mode):
    da = pytest.importorskip("dask.array")
    import llcc.dask
    rng = np.random.default_rng(2)
    image = rng.normal(size=(23, 29))
    footprint = rng.uniform(size=(5, 3)) > 0.4
    footprint[2, 1] = True
    darr = da.from_array(image, chunks=chunks)
    for function, kwargs in [(lib.spread, {"footprint": footprint, "origin": (1, -1)}),
                             (lib.median, {"size": 3}),
                             (lib.count_above.bind(threshold=0.3), {"size": (1, 5)})]:
        want = ndi.generic_filter(image, function, mode=mode, cval=-1.5, **kwargs)
        lazy = llcc.dask.generic_filter(darr, function, mode=mode, cval=-1.5, **kwargs)
        assert isinstance(lazy, da.Array)
        got = lazy.compute(scheduler="threads")
        assert np.array_equal(got, want)

"""Interior runs vectorised across pixels give SciPy's bits.

llcc.generic_filter's kernels run the interior of each row 8 pixels per
vector (abi/ImageKernel.cpp, backend/Optimizer.cpp): a body whose paths that
allocate are dead for the footprint size (np.median's sort beside its
selection network) must lose its per-pixel arena release for that, and a
body that allocates or raises keeps it. Each case compares, bit for bit
(zero signs included, NaN where SciPy has NaN), llcc.generic_filter with
scipy.ndimage.generic_filter running the same compiled callback, on images
with NaN, infinities, signed zeros and ties, in every mode, for native
input types, and images both narrower and wider than a vector of pixels.
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc

HERE = Path(__file__).resolve().parent
MODES = [("reflect", 0.0), ("constant", -0.0), ("constant", np.nan), ("nearest", 0.0),
         ("mirror", 0.0), ("wrap", 0.0)]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(HERE / "arrays" / "vector_filters.flt")


def same_bits(got, want):
    """Equal, zero signs included; NaN exactly where SciPy has NaN."""
    assert got.dtype == want.dtype and got.shape == want.shape
    nan = np.isnan(want)
    assert np.array_equal(np.isnan(got), nan)
    assert got[~nan].tobytes() == want[~nan].tobytes()


def special_image(rng, shape):
    """Ties, signed zeros, infinities and a few NaNs among normal values."""
    image = rng.normal(size=shape) * 10
    pick = rng.random(shape)
    image[pick < 0.25] = np.round(image[pick < 0.25])
    image[(pick > 0.25) & (pick < 0.35)] = 0.0
    image[(pick > 0.35) & (pick < 0.45)] = -0.0
    image[(pick > 0.45) & (pick < 0.47)] = np.inf
    image[(pick > 0.47) & (pick < 0.49)] = -np.inf
    image[(pick > 0.49) & (pick < 0.50)] = np.nan
    return image


@pytest.mark.parametrize("name,size", [("median", 3), ("median", 5), ("median", (1, 5)),
                                       ("std", 5), ("std", 7), ("sorted_middle", 5)])
def test_interior_runs_bit_identical(lib, name, size):
    rng = np.random.default_rng(14)
    image = special_image(rng, (29, 45))
    clean = rng.normal(size=(21, 67))  # long NaN-free runs: every vector lane busy
    for mode, cval in MODES:
        for view in (image, clean, image[:, ::-1][::2], image[:, :7]):
            want = ndi.generic_filter(view, lib[name], size=size, mode=mode, cval=cval)
            got = llcc.generic_filter(view, lib[name], size=size, mode=mode, cval=cval,
                                      threads=1)
            same_bits(got, want)


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.float32])
@pytest.mark.parametrize("name,size", [("median", 5), ("std", 7)])
def test_native_types_bit_identical(lib, dtype, name, size):
    rng = np.random.default_rng(3)
    info = np.iinfo(dtype) if np.dtype(dtype).kind in "iu" else np.finfo(dtype)
    image = rng.uniform(max(info.min, -1e6), min(info.max, 1e6), size=(26, 53)).astype(dtype)
    image[::3, ::4] = image[1, 1]  # ties
    for mode, cval in MODES[:3]:
        want = ndi.generic_filter(image, lib[name], size=size, mode=mode, cval=cval)
        got = llcc.generic_filter(image, lib[name], size=size, mode=mode, cval=cval)
        assert got.tobytes() == want.tobytes()


def test_raising_body_in_interior_run(lib):
    """A body that raises in the middle of an interior run raises SciPy's
    exception; one that does not gives SciPy's bits."""
    image = np.random.default_rng(8).normal(size=(20, 40))
    same_bits(llcc.generic_filter(image, lib.truncate_checked, size=5),
              ndi.generic_filter(image, lib.truncate_checked, size=5))
    image[10, 20] = np.nan
    with pytest.raises(ValueError, match="cannot convert float NaN to integer"):
        ndi.generic_filter(image, lib.truncate_checked, size=5)
    with pytest.raises(ValueError, match="cannot convert float NaN to integer"):
        llcc.generic_filter(image, lib.truncate_checked, size=5)

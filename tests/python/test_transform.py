"""llcc.geometric_transform: the coordinates kernel plus map_coordinates
against scipy.ndimage.geometric_transform with the same compiled callback,
for both transform forms, every spline order and mode, output shapes and
dtypes, ranks 1-3."""
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

HERE = Path(__file__).resolve().parent
MODES = ["constant", "nearest", "reflect", "mirror", "wrap", "grid-wrap", "grid-mirror",
         "grid-constant"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(HERE / "kinds" / "transforms.flt")


@pytest.mark.parametrize("order", range(6))
@pytest.mark.parametrize("mode", MODES)
def test_orders_and_modes(lib, order, mode):
    rng = np.random.default_rng(order)
    image = rng.normal(size=(11, 14))
    for callback, shape in [(lib.shift2.bind(dy=0.37, dx=-1.6), None),
                            (lib.swap_return, (14, 11)), (lib.swap_write, (9, 12)),
                            (lib.reverse_write.bind(scale=0.8), (13, 10))]:
        want = ndi.geometric_transform(image, callback, output_shape=shape, order=order,
                                       mode=mode, cval=0.75)
        got = llcc.geometric_transform(image, callback, output_shape=shape, order=order,
                                       mode=mode, cval=0.75, threads=2)
        assert got.tobytes() == want.tobytes()


@pytest.mark.parametrize("prefilter", [True, False])
def test_ranks_dtypes_outputs(lib, prefilter):
    rng = np.random.default_rng(9)
    cases = [(rng.normal(size=20), lib.shift1.bind(dx=2.5)),
             (rng.normal(size=(5, 6, 7)), lib.shift3.bind(dz=0.5, dy=1.5, dx=-0.25))]
    for image, callback in cases:
        for dtype in (np.float64, np.float32, np.uint8, np.int16):
            data = (image * 40).astype(dtype)
            want = ndi.geometric_transform(data, callback, prefilter=prefilter)
            got = llcc.geometric_transform(data, callback, prefilter=prefilter)
            assert got.dtype == want.dtype and got.tobytes() == want.tobytes()
        out_want = np.zeros(image.shape, np.int32)
        out_got = np.zeros(image.shape, np.int32)
        ndi.geometric_transform(image * 40, callback, output=out_want)
        llcc.geometric_transform(image * 40, callback, output=out_got)
        assert out_got.tobytes() == out_want.tobytes()


def test_tutorial_and_errors(lib):
    lib2 = llcc.compile(HERE / "params" / "tutorial.flt")
    a = np.arange(12.0).reshape(4, 3)
    want = ndi.geometric_transform(a, lib2.shift_func.bind(s0=0.5, s1=0.5))
    assert np.array_equal(llcc.geometric_transform(a, lib2.shift_func,
                                                   extra_arguments=(0.5, 0.5)), want)
    with pytest.raises(TypeError, match=r"shift_func\(\) missing 2 required"):
        llcc.geometric_transform(a, lib2.shift_func)
    with pytest.raises(ValueError) as via_scipy:
        ndi.geometric_transform(np.ones((3, 3, 3)), lib.swap_return)
    with pytest.raises(ValueError) as via_kernel:
        llcc.geometric_transform(np.ones((3, 3, 3)), lib.swap_return)
    assert str(via_kernel.value) == str(via_scipy.value)
    with pytest.raises(RuntimeError, match="spline order not supported"):
        llcc.geometric_transform(a, lib.swap_return, order=6)

"""llcc.generic_filter1d: the lines kernel against scipy.ndimage.generic_filter1d
with the same compiled callback (and the Python function through SciPy),
for every mode, origin, axis, filter size (lines shorter than the
extension included), output dtype and thread count."""
import sys
import subprocess
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

HERE = Path(__file__).resolve().parent
LINES = HERE / "kinds" / "lines.flt"
TUTORIAL = HERE / "params" / "tutorial.flt"
MODES = ["reflect", "constant", "nearest", "mirror", "wrap", "grid-wrap", "grid-mirror",
         "grid-constant"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(LINES)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("size,origin", [(1, 0), (2, 0), (2, -1), (3, 1), (5, -2), (9, 0)])
def test_modes_origins_sizes(lib, mode, size, origin):
    rng = np.random.default_rng(size * 7 + origin)
    image = rng.normal(size=(4, 3, 7))
    for axis in (-1, 0, 1):
        for name in ("diff", "running_max", "weighted_box"):
            if name == "diff" and size < 2:
                continue
            function = lib[name] if name != "weighted_box" else lib[name].bind(weight=0.5,
                                                                                offset=2)
            want = ndi.generic_filter1d(image, function, size, axis=axis, mode=mode,
                                        cval=1.5, origin=origin)
            got = llcc.generic_filter1d(image, function, size, axis=axis, mode=mode,
                                        cval=1.5, origin=origin, threads=2)
            assert got.tobytes() == want.tobytes(), (name, axis)


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.int32, np.float32, np.float64])
def test_dtypes_and_short_lines(lib, dtype):
    rng = np.random.default_rng(1)
    for shape in [(1,), (2,), (3, 1), (5, 2)]:
        image = (rng.normal(size=shape) * 50).astype(dtype)
        for mode in ("reflect", "mirror", "wrap", "nearest"):
            want = ndi.generic_filter1d(image, lib.running_max, 5, mode=mode)
            got = llcc.generic_filter1d(image, lib.running_max, 5, mode=mode)
            assert got.dtype == want.dtype and got.tobytes() == want.tobytes()
    image = rng.normal(size=(6, 8)) * 300
    for out in (np.uint8, np.int32, bool):
        want = ndi.generic_filter1d(image, lib.diff, 3, output=out)
        got = llcc.generic_filter1d(image, lib.diff, 3, output=out)
        assert got.tobytes() == want.tobytes()


def test_tutorial_with_extra_arguments():
    """SciPy's tutorial callback, bound through extra_arguments, equals
    CPython's Python function through SciPy."""
    lib = llcc.compile(TUTORIAL)
    namespace = {}
    exec(compile(TUTORIAL.read_text(), str(TUTORIAL), "exec"), namespace)
    a = np.arange(12, dtype=np.float64).reshape(3, 4)
    want = ndi.generic_filter1d(a, namespace["fnc"].py_func, 3, extra_arguments=(2, 3))
    assert np.array_equal(llcc.generic_filter1d(a, lib.fnc, 3, extra_arguments=(2, 3)), want)
    with pytest.raises(TypeError, match=r"fnc\(\) missing 2 required positional arguments"):
        llcc.generic_filter1d(a, lib.fnc, 3)


def test_errors_as_scipy(lib, tmp_path):
    image = np.ones((3, 4))
    with pytest.raises(RuntimeError, match="invalid filter size"):
        llcc.generic_filter1d(image, lib.diff, 0)
    with pytest.raises(ValueError, match="invalid origin"):
        llcc.generic_filter1d(image, lib.diff, 3, origin=2)
    with pytest.raises(TypeError, match="takes a filter1d"):
        llcc.generic_filter1d(image, llcc.compile(HERE / "arrays" / "image_filters.flt").fmin, 3)
    source = tmp_path / "bad_lines.flt"
    source.write_text("import llcc\n\n@llcc.filter1d\ndef bad(iline, oline):\n"
                      "    oline[len(oline)] = 1.0\n")
    out = tmp_path / "bad_lines.so"
    subprocess.run([llcc.find_llcc(), str(source), "-o", str(out)], check=True)
    bad = llcc.load(out)
    with pytest.raises(IndexError) as via_scipy:
        ndi.generic_filter1d(image, bad.bad, 3)
    with pytest.raises(IndexError) as via_kernel:
        llcc.generic_filter1d(image, bad.bad, 3)
    assert str(via_kernel.value) == str(via_scipy.value)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.uint8])
def test_large_outputs_are_new_arrays(lib, dtype):
    """Outputs of 4 MiB and more come from the recycled huge-page pool
    (python/llcc/_image.py, _new_output): a result still referenced is
    never handed out again, and a recycled one is overwritten entirely."""
    rng = np.random.default_rng(5)
    image = (rng.uniform(0, 200, size=(1030, 1100))).astype(dtype)
    want = ndi.generic_filter1d(image, lib.weighted_box, 5, axis=-1, mode="mirror")
    first = llcc.generic_filter1d(image, lib.weighted_box, 5, axis=-1, mode="mirror")
    second = llcc.generic_filter1d(image[::-1], lib.weighted_box, 5, axis=-1, mode="mirror")
    assert not np.shares_memory(first, second)
    assert first.dtype == want.dtype
    np.testing.assert_array_equal(first, want)
    np.testing.assert_array_equal(
        second, ndi.generic_filter1d(image[::-1], lib.weighted_box, 5, axis=-1, mode="mirror"))
    del first
    third = llcc.generic_filter1d(image, lib.weighted_box, 5, axis=0, mode="wrap")
    np.testing.assert_array_equal(
        third, ndi.generic_filter1d(image, lib.weighted_box, 5, axis=0, mode="wrap"))

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


# --------------------------------------------------------------------------
# Transforms of any rank: `return tuple(c - 0.5 for c in output_coords)`
# --------------------------------------------------------------------------

ANYRANK = HERE / "kinds" / "anyrank.flt"


@pytest.fixture(scope="module")
def anyrank():
    from conftest import python_namespace
    namespace = python_namespace(ANYRANK)
    return llcc.compile(ANYRANK), {name: value.py_func for name, value in namespace.items()
                                   if hasattr(value, "py_func")}


def _outcome(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - compared below
        return error


def _same(got, want, message=True):
    if isinstance(want, Exception) or isinstance(got, Exception):
        return type(got) is type(want) and (str(got) == str(want) or not message)
    return got.dtype == want.dtype and got.shape == want.shape and got.tobytes() == want.tobytes()


@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("name", ["shift", "scale", "swap", "swap_reversed", "shear", "identity",
                                  "by_rank", "halves", "by_index"])
def test_any_rank_matches_python(anyrank, name, rank):
    lib, python = anyrank
    if name == "shear" and rank == 1:
        return  # out[1]: see test_any_rank_errors
    rng = np.random.default_rng(rank)
    image = rng.normal(size=(9, 7, 5)[:rank])
    compiled = getattr(lib, name)
    for order in range(6):
        for mode in ("constant", "nearest", "reflect", "wrap"):
            want = ndi.geometric_transform(image, python[name], order=order, mode=mode, cval=0.5)
            for entry in (ndi.geometric_transform, llcc.geometric_transform):
                got = entry(image, compiled, order=order, mode=mode, cval=0.5)
                assert _same(got, want), (entry.__module__, order, mode)
    # The same function at another output rank: SciPy reads input_rank
    # coordinates, ignoring extra ones and raising for missing ones (or
    # shear's IndexError, whose message names the line in llcc).
    for shape in [(4,) * (rank + 1), (6,) * max(rank - 1, 1)]:
        want = _outcome(ndi.geometric_transform, image, python[name], output_shape=shape, order=1)
        for entry in (ndi.geometric_transform, llcc.geometric_transform):
            got = _outcome(entry, image, compiled, output_shape=shape, order=1)
            assert _same(got, want, message=name != "shear")


def test_any_rank_parameters_and_errors(anyrank):
    lib, python = anyrank
    image = np.arange(60.0).reshape(3, 4, 5)
    want = ndi.geometric_transform(image, python["scale"], extra_keywords={"factor": 0.7})
    assert _same(ndi.geometric_transform(image, lib.scale.bind(factor=0.7)), want)
    assert _same(llcc.geometric_transform(image, lib.scale, extra_keywords={"factor": 0.7}), want)
    # Too few coordinates: SciPy's TypeError for a Python mapping.
    for name in ("drop_first", "odd_only"):
        want = _outcome(ndi.geometric_transform, image, python[name])
        assert isinstance(want, TypeError)
        for entry in (ndi.geometric_transform, llcc.geometric_transform):
            assert _same(_outcome(entry, image, getattr(lib, name)), want)
    # An error in the body is CPython's (SciPy garbles a Python mapping's,
    # so the Python function is called directly).
    with pytest.raises(IndexError) as python_error:
        python["shear"]((3,))
    line = np.arange(5.0)
    for entry in (ndi.geometric_transform, llcc.geometric_transform):
        with pytest.raises(IndexError) as compiled_error:
            entry(line, lib.shear)
        assert "index out of range" in str(compiled_error.value)


def test_any_rank_manifest(anyrank, lib):
    arity = {f["name"]: f.get("arity") for f in anyrank[0].manifest["functions"]}
    assert arity["shift"] is None and arity["swap"] is None and arity["by_rank"] is None
    fixed = {f["name"]: f.get("arity") for f in lib.manifest["functions"]}
    assert fixed["shift2"] == 2 and fixed["shift3"] == 3 and fixed["swap_write"] is None


@pytest.mark.parametrize("body, message", [
    ("return [c - 0.5 for c in output_coords]", r"for any rank, 'return tuple\(x - 0.5"),
    # A tuple in CPython: * repeats it, + concatenates.
    ("return tuple(output_coords * 0.5)", r"'\*' on output_coords, a tuple in CPython"),
    ("return tuple(output_coords[1:] + output_coords[:1])", r"'\+' on output_coords"),
    ("return tuple(-output_coords)", "no unary operators"),
    ("t = tuple(c * 0.5 for c in output_coords)\n    return t", "return tuple"),
])
def test_any_rank_refused(tmp_path, body, message):
    source = tmp_path / "refused.flt"
    source.write_text(f"import llcc\n\n\n@llcc.transform\ndef f(output_coords):\n    {body}\n")
    with pytest.raises(llcc.CompileError, match=message):
        llcc.compile(source)


def test_any_rank_numpy_arithmetic(anyrank):
    # With np.array (or an ndarray operand) the coordinates are an array.
    source = ("import llcc\nimport numpy as np\n\n\n@llcc.transform\ndef f(output_coords):\n"
              "    return tuple(np.array(output_coords) * 0.75 - np.ones(len(output_coords)))\n")
    lib = llcc.compile(source)
    namespace = {}
    exec(source.replace("@llcc.transform\n", ""), namespace)
    for shape in [(7,), (6, 5), (4, 5, 3)]:
        image = np.random.default_rng(len(shape)).normal(size=shape)
        want = ndi.geometric_transform(image, namespace["f"], order=2)
        assert _same(ndi.geometric_transform(image, lib.f, order=2), want)
        assert _same(llcc.geometric_transform(image, lib.f, order=2), want)

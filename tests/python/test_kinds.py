"""Every callback kind through its real SciPy entry point, against CPython.

Each .flt source in tests/python/kinds/ is compiled by llcc and loaded with the
llcc package; the same source is executed by CPython (with a stub ``llcc``
module whose decorators return the function unchanged) and run through the
same SciPy call as a Python callback. The results must be identical.
"""
import math
import sys
import types
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.integrate as integrate
import scipy.ndimage as ndi

from conftest import REPO, image

if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
import llcc  # noqa: E402

KINDS_DIR = Path(__file__).resolve().parent / "kinds"


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def stub_llcc_module():
    """A stand-in for ``import llcc`` in .flt sources run by CPython."""
    stub = types.ModuleType("llcc")
    for kind in ("filter", "filter1d", "transform", "integrand"):
        setattr(stub, kind, lambda function: function)
    return stub


def python_functions(path):
    """Execute a .flt file in CPython with the stub llcc; return its namespace."""
    saved = sys.modules.get("llcc")
    sys.modules["llcc"] = stub_llcc_module()
    try:
        namespace = {"__name__": Path(path).stem}
        exec(compile(Path(path).read_bytes(), str(path), "exec"), namespace)
    finally:
        if saved is None:
            sys.modules.pop("llcc", None)
        else:
            sys.modules["llcc"] = saved
    return namespace


@pytest.fixture(scope="module")
def kinds(build):
    """kinds(name) -> (compiled llcc.Library, CPython namespace) for kinds/NAME.flt."""
    cache = {}

    def _get(name):
        if name not in cache:
            path = KINDS_DIR / f"{name}.flt"
            cache[name] = (llcc.load(build(path)), python_functions(path))
        return cache[name]

    return _get


def assert_same(compiled, expected):
    assert compiled.shape == expected.shape
    assert np.array_equal(compiled, expected, equal_nan=True), (
        f"max difference {np.nanmax(np.abs(compiled - expected))}")


def volume(shape, seed=0):
    values = np.random.default_rng(seed).uniform(-2.0, 2.0, shape)
    values.flat[::7] = np.round(values.flat[::7])
    return values


def write_form_oracle(function, rank, **keywords):
    """SciPy's Python form for an llc-tools style f(output_coords, input_coords)."""
    buffer = [0.0] * rank
    return lambda oc: (function(oc, buffer, **keywords), tuple(buffer))[1]


# --------------------------------------------------------------------------
# Manifest and signatures
# --------------------------------------------------------------------------

EXPECTED_KINDS = {
    "filters": {"count_above": "filter", "clipped_sum": "filter"},
    "lines": {"diff": "filter1d", "running_max": "filter1d", "weighted_box": "filter1d"},
    "transforms": {"shift1": "transform", "shift2": "transform", "shift3": "transform",
                   "swap_return": "transform", "swap_write": "transform",
                   "reverse_write": "transform", "shift_write": "transform"},
    "integrands": {"square": "integrand", "gauss": "integrand", "poly": "integrand",
                   "damped": "integrand", "piecewise": "integrand"},
    "all_kinds": {"count_above": "filter", "smooth": "filter1d", "shift": "transform",
                  "gauss": "integrand"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED_KINDS))
def test_manifest_kinds_and_signatures(kinds, name):
    lib, _ = kinds(name)
    assert {f["name"]: f["kind"] for f in lib.manifest["functions"]} == EXPECTED_KINDS[name]
    for function in lib.functions:
        callback = lib[function]
        assert callback.signature == llcc.SIGNATURES[callback.kind]


def test_transform_forms(kinds):
    lib, _ = kinds("transforms")
    forms = {f["name"]: f.get("form") for f in lib.manifest["functions"]}
    assert forms == {"shift1": "return", "shift2": "return", "shift3": "return",
                     "swap_return": "return", "swap_write": "write",
                     "reverse_write": "write", "shift_write": "write"}


# --------------------------------------------------------------------------
# generic_filter
# --------------------------------------------------------------------------

@pytest.mark.parametrize("threshold", [-1.0, 0.0, 0.5, 100.0, 128.0, 200, True])
def test_generic_filter_bound_parameter(kinds, threshold):
    lib, py = kinds("filters")
    img = image("coins40")
    compiled = ndi.generic_filter(img, lib.count_above.bind(threshold=threshold), size=3)
    expected = ndi.generic_filter(img, py["count_above"], size=3,
                                  extra_keywords={"threshold": threshold})
    assert_same(compiled, expected)


def test_generic_filter_defaults(kinds):
    lib, py = kinds("filters")
    img = image("random24")
    expected = ndi.generic_filter(img, py["count_above"], size=3)
    assert_same(ndi.generic_filter(img, lib.count_above, size=3), expected)          # NULL
    assert_same(ndi.generic_filter(img, lib.count_above.bind(), size=3), expected)   # packed


@pytest.mark.parametrize("values", [
    {},
    {"lo": -50.0, "hi": 50.0},
    {"scale": 3},
    {"absolute": True, "hi": 120},
    {"lo": 0, "hi": 1, "scale": -2, "absolute": 1},
])
def test_generic_filter_mixed_parameter_types(kinds, values):
    lib, py = kinds("filters")
    img = image("random24")
    with np.errstate(all="ignore"):
        compiled = ndi.generic_filter(img, lib.clipped_sum.bind(**values), footprint=np.ones((3, 2)),
                                      mode="wrap")
        expected = ndi.generic_filter(img, py["clipped_sum"], footprint=np.ones((3, 2)),
                                      mode="wrap", extra_keywords=values)
    assert_same(compiled, expected)


# --------------------------------------------------------------------------
# generic_filter1d
# --------------------------------------------------------------------------

FILTER1D_CASES = [
    # shape, filter_size, axis, mode
    ((37,), 2, -1, "reflect"),
    ((37,), 5, 0, "constant"),
    ((12, 17), 2, 0, "nearest"),
    ((12, 17), 3, 1, "mirror"),
    ((12, 17), 4, -1, "wrap"),
    ((5, 6, 7), 2, 0, "reflect"),
    ((5, 6, 7), 3, 1, "nearest"),
    ((5, 6, 7), 6, 2, "constant"),
]


@pytest.mark.parametrize("function", ["diff", "running_max", "weighted_box"])
@pytest.mark.parametrize("shape,size,axis,mode", FILTER1D_CASES,
                         ids=[f"{s}-size{n}-axis{a}-{m}" for s, n, a, m in FILTER1D_CASES])
def test_generic_filter1d(kinds, function, shape, size, axis, mode):
    lib, py = kinds("lines")
    data = volume(shape, seed=len(shape) * 10 + size)
    compiled = ndi.generic_filter1d(data, lib[function], size, axis=axis, mode=mode, cval=0.5)
    expected = ndi.generic_filter1d(data, py[function], size, axis=axis, mode=mode, cval=0.5)
    assert_same(compiled, expected)


@pytest.mark.parametrize("values", [{"weight": 0.25}, {"weight": -3, "offset": 7},
                                    {"offset": np.int64(-2)}])
def test_generic_filter1d_bound(kinds, values):
    lib, py = kinds("lines")
    data = image("camera24")
    compiled = ndi.generic_filter1d(data, lib.weighted_box.bind(**values), 3, axis=0)
    expected = ndi.generic_filter1d(data, py["weighted_box"], 3, axis=0, extra_keywords=values)
    assert_same(compiled, expected)


def test_generic_filter1d_on_images(kinds):
    lib, py = kinds("lines")
    for name in ("camera64", "coins40", "astronaut32", "random16"):
        for axis in (0, 1):
            compiled = ndi.generic_filter1d(image(name), lib.running_max, 4, axis=axis)
            expected = ndi.generic_filter1d(image(name), py["running_max"], 4, axis=axis)
            assert_same(compiled, expected)


# --------------------------------------------------------------------------
# geometric_transform
# --------------------------------------------------------------------------

RETURN_CASES = [
    # function, shape, bound values
    ("shift1", (23,), {}),
    ("shift1", (23,), {"dx": -2.5}),
    ("shift2", (14, 19), {}),
    ("shift2", (14, 19), {"dy": 3, "dx": 0.125}),
    ("shift3", (6, 7, 8), {}),
    ("shift3", (6, 7, 8), {"dz": -1.5, "dx": 2}),
    ("swap_return", (11, 11), {}),
]


@pytest.mark.parametrize("function,shape,values", RETURN_CASES,
                         ids=[f"{f}-{len(s)}d-{'-'.join(v) or 'defaults'}"
                              for f, s, v in RETURN_CASES])
@pytest.mark.parametrize("order", [0, 1, 3])
def test_geometric_transform_return_form(kinds, function, shape, values, order):
    lib, py = kinds("transforms")
    data = volume(shape, seed=3)
    callback = lib[function].bind(**values) if values else lib[function]
    compiled = ndi.geometric_transform(data, callback, order=order, mode="nearest")
    expected = ndi.geometric_transform(data, py[function], order=order, mode="nearest",
                                       extra_keywords=values)
    assert_same(compiled, expected)


WRITE_CASES = [
    ("swap_write", (9, 13), {}),
    ("reverse_write", (17,), {}),
    ("reverse_write", (8, 8), {"scale": 0.5}),
    ("reverse_write", (5, 5, 5), {}),
    ("shift_write", (19,), {}),
    ("shift_write", (10, 12), {"d": -1.5}),
    ("shift_write", (4, 5, 6), {"d": 2}),
]


@pytest.mark.parametrize("function,shape,values", WRITE_CASES,
                         ids=[f"{f}-{len(s)}d-{'-'.join(v) or 'defaults'}"
                              for f, s, v in WRITE_CASES])
@pytest.mark.parametrize("order", [0, 1, 3])
def test_geometric_transform_write_form(kinds, function, shape, values, order):
    lib, py = kinds("transforms")
    data = volume(shape, seed=4)
    callback = lib[function].bind(**values) if values else lib[function]
    out_shape = shape[::-1] if function == "swap_write" else shape
    compiled = ndi.geometric_transform(data, callback, output_shape=out_shape, order=order,
                                       mode="constant", cval=-9.0)
    oracle = write_form_oracle(py[function], len(shape), **values)
    expected = ndi.geometric_transform(data, oracle, output_shape=out_shape, order=order,
                                       mode="constant", cval=-9.0)
    assert_same(compiled, expected)


def test_transform_rank_mismatch_raises(kinds):
    """A returned tuple whose length is not the input's rank is a ValueError."""
    lib, _ = kinds("transforms")
    with pytest.raises(ValueError, match=r"transforms\.flt:\d+:\d+: "):
        ndi.geometric_transform(volume((7, 3)), lib.shift1, order=1)
    with pytest.raises(ValueError, match=r"transforms\.flt:\d+:\d+: "):
        ndi.geometric_transform(volume((4, 5, 6)), lib.swap_return, order=1)
    # Reading a coordinate the input does not have is an IndexError, as in CPython.
    with pytest.raises(IndexError, match=r"transforms\.flt:\d+:\d+: "):
        ndi.geometric_transform(volume((7,)), lib.shift2, order=1)


def test_swap_is_a_transpose(kinds):
    lib, _ = kinds("transforms")
    data = volume((9, 13))
    assert np.array_equal(ndi.geometric_transform(data, lib.swap_write, output_shape=(13, 9),
                                                  order=1), data.T)
    square = volume((11, 11))
    assert np.array_equal(ndi.geometric_transform(square, lib.swap_return, order=0), square.T)


# --------------------------------------------------------------------------
# quad, dblquad, nquad
# --------------------------------------------------------------------------

QUAD_CASES = [
    ("square", (), (0.0, 1.0)),
    ("square", (), (-3.0, 2.0)),
    ("gauss", (0.0,), (-5.0, 5.0)),
    ("gauss", (1.5,), (-np.inf, np.inf)),
    ("gauss", (1.5, 0.25), (0.0, 3.0)),
    ("gauss", (-2.0, 3.0), (-np.inf, 0.0)),
    ("poly", (1.0, 2.0, 3.0), (0.0, 1.0)),
    ("poly", (-0.5, 0.0, 4.0), (-2.0, 7.0)),
    ("damped", (1.0,), (0.0, np.inf)),
    ("damped", (0.5, 3.0), (0.0, 10.0)),
    ("piecewise", (), (0.0, 3.0)),
    ("piecewise", (2.5,), (-1.0, 4.0)),
]


@pytest.mark.parametrize("function,args,bounds", QUAD_CASES,
                         ids=[f"{f}{a}-{b}" for f, a, b in QUAD_CASES])
def test_quad(kinds, function, args, bounds):
    lib, py = kinds("integrands")
    compiled = integrate.quad(lib[function], *bounds, args=args)
    expected = integrate.quad(py[function], *bounds, args=args)
    assert compiled == expected


@pytest.mark.parametrize("function,args", [
    ("square", (1.0,)),
    ("gauss", ()),
    ("gauss", (0.0, 1.0, 2.0)),
    ("poly", (1.0, 2.0)),
    ("poly", (1.0, 2.0, 3.0, 4.0)),
])
def test_quad_wrong_argument_count_raises(kinds, function, args):
    lib, py = kinds("integrands")
    with pytest.raises(TypeError):
        integrate.quad(py[function], 0.0, 1.0, args=args)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(Exception) as info:
            result = integrate.quad(lib[function], 0.0, 1.0, args=args)
            pytest.fail(f"quad returned {result} for a wrong argument count")
    # SciPy's quadpack does not check for the exception, so CPython reports it
    # as a SystemError whose cause is llcc's TypeError.
    error = info.value
    chain = [error, error.__cause__, error.__context__]
    messages = " | ".join(f"{type(e).__name__}: {e}" for e in chain if e is not None)
    assert any(isinstance(e, TypeError) for e in chain), messages
    assert "integrands.flt:" in messages


def test_dblquad(kinds):
    lib, py = kinds("integrands")
    # dblquad(f, a, b, gfun, hfun, args) integrates f(y, x, *args).
    for args, bounds in [((), (0.0, 1.0, -1.0, 2.0)), ((0.5,), (0.0, 1.0, 0.0, 1.0))]:
        compiled = integrate.dblquad(lib.gauss, *bounds, args=args)
        expected = integrate.dblquad(py["gauss"], *bounds, args=args)
        assert compiled == expected
    compiled = integrate.dblquad(lib.poly, 0.0, 1.0, lambda x: 0.0, lambda x: x, args=(2.0, 3.0))
    expected = integrate.dblquad(py["poly"], 0.0, 1.0, lambda x: 0.0, lambda x: x, args=(2.0, 3.0))
    assert compiled == expected


def test_nquad(kinds):
    lib, py = kinds("integrands")
    ranges = [[0.0, 1.0], [-1.0, 1.0], [0.5, 2.0]]
    compiled = integrate.nquad(lib.poly, ranges, args=(4.0,))
    expected = integrate.nquad(py["poly"], ranges, args=(4.0,))
    assert compiled == expected
    compiled = integrate.nquad(lib.gauss, ranges[:2])
    expected = integrate.nquad(py["gauss"], ranges[:2])
    assert compiled == expected


# --------------------------------------------------------------------------
# One file, every kind
# --------------------------------------------------------------------------

def test_all_kinds_from_one_file(kinds):
    lib, py = kinds("all_kinds")
    assert set(lib.functions) == {"count_above", "smooth", "shift", "gauss"}
    img = image("camera24")

    for threshold in (50.0, 128.0):
        compiled = ndi.generic_filter(img, lib.count_above.bind(threshold=threshold), size=3)
        expected = ndi.generic_filter(img, py["count_above"], size=3,
                                      extra_keywords={"threshold": threshold})
        assert_same(compiled, expected)

    for weight in (0.5, 0.2):
        compiled = ndi.generic_filter1d(img, lib.smooth.bind(weight=weight), 2, axis=1)
        expected = ndi.generic_filter1d(img, py["smooth"], 2, axis=1,
                                        extra_keywords={"weight": weight})
        assert_same(compiled, expected)

    for dx in (0.5, -3.0):
        compiled = ndi.geometric_transform(img, lib.shift.bind(dx=dx), order=1)
        expected = ndi.geometric_transform(img, py["shift"], order=1, extra_keywords={"dx": dx})
        assert_same(compiled, expected)

    for args in [(0.0,), (1.0, 2.0)]:
        compiled = integrate.quad(lib.gauss, -np.inf, np.inf, args=args)
        assert compiled == integrate.quad(py["gauss"], -np.inf, np.inf, args=args)
        assert math.isclose(compiled[0], 1.0, rel_tol=1e-9)

"""Tuple-valued parameter defaults (`def f(values, weights=(1.0, 2.0, 1.0))`):
read as tuples in filters and helpers, given at call time through `bind`,
`extra_arguments` and `extra_keywords` (one user_data slot per member),
compared with CPython running the same file through the same SciPy calls."""
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "params" / "tuple_defaults.flt"
NAMES = ["weighted", "shaped", "zipped", "as_array", "iterated", "with_helper", "mixed_members"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def image():
    rng = np.random.default_rng(11)
    img = rng.integers(-3, 4, (17, 13)).astype(np.float64)
    img[4, 6] = np.nan
    img[9, 1] = -np.inf
    return img


@pytest.mark.parametrize("name", NAMES)
def test_defaults_match_cpython(lib, py, image, name):
    want = ndi.generic_filter(image, py[name], size=3)
    got = ndi.generic_filter(image, getattr(lib, name), size=3)
    assert np.array_equal(got, want, equal_nan=True)
    got = llcc.generic_filter(image, getattr(lib, name), size=3)
    assert np.array_equal(got, want, equal_nan=True)


@pytest.mark.parametrize("name,args", [
    ("weighted", ((1.0, 0.0, -1.0),)),
    ("weighted", ([0.5, 0.25, 3.0],)),
    ("as_array", ((3, 0, -1), 0.5)),
    ("iterated", ((0.0, 1.0), (False, True))),
    ("with_helper", ((0.0, 3.5),)),
    ("mixed_members", ((4, -1.5),)),
])
def test_extra_arguments_match_cpython(lib, py, image, name, args):
    cpython_args = tuple(tuple(a) if isinstance(a, list) else a for a in args)
    want = ndi.generic_filter(image, py[name], size=3, extra_arguments=cpython_args)
    got = llcc.generic_filter(image, getattr(lib, name), size=3, extra_arguments=args)
    assert np.array_equal(got, want, equal_nan=True)
    params = [p["name"] for f in lib.manifest["functions"] if f["name"] == name
              for p in f["params"]]
    bound = getattr(lib, name).bind(**dict(zip(params, args)))
    got = ndi.generic_filter(image, bound, size=3)
    assert np.array_equal(got, want, equal_nan=True)


def test_extra_keywords(lib, py, image):
    want = ndi.generic_filter(image, py["shaped"], size=(1, 9), extra_keywords={"shape": (3, 3)})
    got = llcc.generic_filter(image, lib.shaped, size=(1, 9), extra_keywords={"shape": (3, 3)})
    assert np.array_equal(got, want, equal_nan=True)


def test_manifest_describes_the_tuple(lib):
    entry = next(f for f in lib.manifest["functions"] if f["name"] == "iterated")
    lo_hi, flags = entry["params"]
    assert lo_hi["type"] == "tuple" and lo_hi["items"] == ["float", "float"]
    assert lo_hi["default"] == [-1.0, 2.0] and lo_hi["slot"] == 0
    assert flags["items"] == ["bool", "bool"] and flags["slot"] == 2
    assert lib.iterated.params == {"lo_hi": (-1.0, 2.0), "flags": (True, False)}


def test_wrong_length_or_type_is_refused(lib):
    with pytest.raises(ValueError, match="tuple of 3 numbers"):
        lib.weighted.bind(weights=(1.0, 2.0))
    with pytest.raises(TypeError, match="expects a tuple of 3 numbers"):
        lib.weighted.bind(weights=1.0)
    with pytest.raises(TypeError, match=r"weights\[1\]"):
        lib.weighted.bind(weights=(1.0, "x", 2.0))

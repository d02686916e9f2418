"""A parameter whose default is None that the function replaces with an
array or a list of its own (`if weights is None: weights = G`): compiled
and under CPython, through scipy.ndimage.generic_filter, llcc.generic_filter
and generic_filter1d; binding it to anything but None is refused (user_data
holds numbers), by bind() and by the compiled code for a raw caller."""
import ctypes
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "params" / "none_default_arrays.flt"
FILTERS = ["weighted_mean", "dot_default", "ones_like", "masked_max", "ternary", "gaussian",
           "box2d", "count_low", "kept_mean", "only_sometimes", "scaled", "helper_calls",
           "distinct", "distinct_set", "append_unset"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    return namespace


def images():
    rng = np.random.default_rng(5)
    yield rng.random((9, 8))
    yield rng.normal(0.0, 2.0, (8, 9))
    img = rng.random((7, 7))
    img.flat[[3, 17, 30]] = [np.nan, np.inf, -np.inf]
    yield img


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    # CPython's side runs on each window directly (SciPy 1.10 loses some
    # exceptions of Python callbacks, AttributeError among them).
    for img in images():
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)
        if "weights" in lib[name].params:
            got = window_outcome(lib[name].bind(weights=None), img, 3)
            assert same_outcome(got, want), (name, got, want)


@pytest.mark.parametrize("name", ["weighted_mean", "gaussian", "box2d", "kept_mean", "scaled"])
def test_whole_image_kernel(lib, py, name):
    for img in images():
        want = ndi.generic_filter(img, py[name], size=3, mode="mirror")
        got = llcc.generic_filter(img, lib[name], size=3, mode="mirror")
        assert np.array_equal(got, want, equal_nan=True)


def test_none_only_parameter_beside_numbers(lib, py):
    img = next(images())
    for sigma in (0.5, 2.0):
        want = ndi.generic_filter(img, lambda v: py["gaussian"](v, None, sigma), size=3)
        got = ndi.generic_filter(img, lib["gaussian"].bind(sigma=sigma), size=3)
        assert np.array_equal(got, want)
    want = ndi.generic_filter(img, lambda v: py["scaled"](v, scale=3.0), size=3)
    got = ndi.generic_filter(img, lib["scaled"].bind(scale=3.0, weights=None), size=3)
    assert np.array_equal(got, want)


def test_generic_filter1d(lib, py):
    img = np.random.default_rng(2).random((5, 11))
    want = ndi.generic_filter1d(img, py["smooth_line"], 3, mode="nearest")
    assert np.array_equal(ndi.generic_filter1d(img, lib["smooth_line"], 3, mode="nearest"), want)


def test_manifest_types_the_parameter_none(lib):
    params = {p["name"]: p for p in lib["scaled"].entry["params"]}
    assert params["weights"]["type"] == "none" and params["weights"]["nullable"]
    assert params["scale"]["type"] == "float"


@pytest.mark.parametrize("value", [1.5, np.ones(9), [1.0] * 9])
def test_bind_refuses_anything_but_none(lib, value):
    with pytest.raises(TypeError, match="takes only None in llcc"):
        lib["weighted_mean"].bind(weights=value)


def test_raw_caller_passing_a_value_gets_type_error(lib):
    # user_data as a C caller would fill it: the None flag 0, a double.
    slots = (ctypes.c_int64 * 2)(0, 0)
    compiled = lib["weighted_mean"]
    callback = scipy.LowLevelCallable(compiled.function, ctypes.cast(slots, ctypes.c_void_p),
                                      compiled.signature)
    with pytest.raises(TypeError, match="takes only None"):
        ndi.generic_filter(np.ones((4, 4)), callback, size=3)

"""A None-default parameter (or a variable assigned None) passed on where
numpy and Python accept None (np.clip's bounds, np.nan_to_num's posinf and
neginf, min/max default=), and `m = max(it, default=None)`: compiled and
under CPython through scipy.ndimage.generic_filter, with the parameters
left at None and bound to numbers."""
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "params" / "none_arguments.flt"


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    return namespace


def images():
    rng = np.random.default_rng(11)
    yield rng.normal(0.0, 2.0, (9, 8))
    img = rng.integers(-3, 4, (8, 9)).astype(np.float64)
    img[img == 0] = -0.0
    yield img
    img = rng.normal(0.0, 1.0, (8, 8))
    img.flat[[3, 10, 20, 33, 47, 60]] = [np.nan, np.inf, -np.inf, np.nan, np.inf, -np.inf]
    yield img


def outcome(function, img):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return ("ok", ndi.generic_filter(img, function, size=3, mode="nearest"))
        except Exception as e:  # the class; SciPy may rewrap a Python callback's
            return ("raise", type(e).__name__)


CASES = [
    ("clip_sum", {}), ("clip_sum", {"lo": -0.5}), ("clip_sum", {"lo": 0.25, "hi": 2.0}),
    ("clip_sum", {"lo": None, "hi": -1.0}),
    ("clip_both", {}), ("clip_both", {"lo": -1.0}), ("clip_both", {"hi": 0.5}), ("clip_both", {"lo": -1.0, "hi": 0.5}),
    ("clip_method", {}), ("clip_method", {"lo": 0.0}), ("clip_method", {"lo": -1.0, "hi": 1.0}),
    ("clip_number", {}), ("clip_number", {"lo": 1.0}),
    ("clip_variable", {}), ("clip_variable", {"k": 0.5}),
    ("nan_to_num_sum", {}), ("nan_to_num_sum", {"posinf": 5.0}),
    ("nan_to_num_sum", {"neginf": -7.0}), ("nan_to_num_sum", {"posinf": 1.0, "neginf": -1.0}),
    ("nan_to_num_center", {}), ("nan_to_num_center", {"posinf": 9.0}),
    ("max_default", {}), ("max_default", {"dflt": 3.5}), ("max_default", {"t": -10.0}),
    ("max_default", {"dflt": -2.0, "t": 2.0}),
    ("min_default", {}), ("min_default", {"t": -1.0}), ("min_default", {"t": -100.0}),
    ("max_default_loop", {}),
]


@pytest.mark.parametrize("name,keywords", CASES)
def test_matches_cpython(lib, py, name, keywords):
    for img in images():
        want = outcome(lambda v: py[name](v, **keywords), img)
        got = outcome(lib[name].bind(**keywords) if keywords else lib[name], img)
        assert got[0] == want[0], (name, keywords, got, want)
        if got[0] == "ok":
            assert np.array_equal(got[1], want[1], equal_nan=True), (name, keywords, img)


def test_both_bounds_none_raises_value_error(lib):
    img = np.arange(16.0).reshape(4, 4)
    with pytest.raises(ValueError, match="One of max or min must be given"):
        ndi.generic_filter(img, lib["clip_both"], size=3)


def test_none_used_as_a_number_still_raises(tmp_path):
    src = tmp_path / "f.flt"
    src.write_text("def f(values, lo=None):\n    return values[0] + lo\n")
    lib = llcc.compile(src)
    with pytest.raises(TypeError, match="'lo' is None here"):
        ndi.generic_filter(np.ones((3, 3)), lib["f"], size=3)
    assert ndi.generic_filter(np.ones((3, 3)), lib["f"].bind(lo=1.0), size=3)[0, 0] == 2.0

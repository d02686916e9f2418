"""Keyword-only parameters (`def f(values, *, k=2)`): bound by keyword
through every entry point, refused positionally as CPython refuses them,
compared with CPython running the same file through the same SciPy calls."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.integrate
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "params" / "keyword_only.flt"


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    return {name: getattr(value, "py_func", None) or value for name, value in namespace.items()}


@pytest.fixture(scope="module")
def image():
    rng = np.random.default_rng(7)
    img = rng.integers(-4, 5, (23, 19)).astype(np.float64)
    img[3, 5] = np.nan
    img[10, 2] = np.inf
    return img


def test_manifest_marks_keyword_only(lib):
    params = {f["name"]: {p["name"]: p for p in f["params"]} for f in lib.manifest["functions"]}
    assert params["trimmed_mean"]["trim"]["keyword_only"] is True
    assert "keyword_only" not in params["mixed"]["shift"]
    assert params["mixed"]["power"]["keyword_only"] is True
    assert params["above"]["thresh"]["required"] is True
    ramp = next(f for f in lib.manifest["functions"] if f["name"] == "ramp")
    assert [a["name"] for a in ramp["args"]] == ["x", "a"]
    assert "*, trim=1" in repr(lib)


@pytest.mark.parametrize("name,keywords", [
    ("trimmed_mean", {}),
    ("trimmed_mean", {"trim": 2}),
    ("trimmed_mean", {"trim": 0, "scale": -0.5}),
    ("above", {"thresh": 1}),
    ("above", {"thresh": -0.5}),
    ("mixed", {}),
    ("mixed", {"power": 3, "absolute": True}),
    ("mixed", {"shift": -1.0, "power": 1}),
])
def test_generic_filter_keywords(lib, py, image, name, keywords):
    want = ndi.generic_filter(image, py[name], size=3, extra_keywords=keywords)
    got = llcc.generic_filter(image, getattr(lib, name), size=3, extra_keywords=keywords)
    assert np.array_equal(got, want, equal_nan=True)
    got = ndi.generic_filter(image, getattr(lib, name).bind(**keywords), size=3) \
        if keywords or name != "above" else got
    assert np.array_equal(got, want, equal_nan=True)


def test_positional_value_is_refused_like_cpython(lib, py, image):
    with pytest.raises(TypeError) as cpython:
        ndi.generic_filter(image, py["trimmed_mean"], size=3, extra_arguments=(2,))
    assert "positional argument" in str(cpython.value)
    with pytest.raises(TypeError, match="takes 0 extra positional arguments but 1 were given"):
        llcc.generic_filter(image, lib.trimmed_mean, size=3, extra_arguments=(2,))
    # A positional parameter before the `*` still takes one.
    want = ndi.generic_filter(image, py["mixed"], size=3, extra_arguments=(1.5,),
                              extra_keywords={"power": 1})
    got = llcc.generic_filter(image, lib.mixed, size=3, extra_arguments=(1.5,),
                              extra_keywords={"power": 1})
    assert np.array_equal(got, want, equal_nan=True)


def test_required_keyword_only_must_be_bound(lib, image):
    with pytest.raises(TypeError, match="thresh"):
        llcc.generic_filter(image, lib.above, size=3)


def test_generic_filter1d_keyword(lib, py, image):
    for keywords in ({}, {"weight": 0.75}):
        want = ndi.generic_filter1d(image, py["smooth1d"], 3, extra_keywords=keywords)
        got = llcc.generic_filter1d(image, lib.smooth1d, 3, extra_keywords=keywords)
        assert np.array_equal(got, want, equal_nan=True)


def test_integrand_keyword_only_is_a_user_parameter(lib, py):
    want = scipy.integrate.quad(py["ramp"], 0, 2, args=(1.5,))
    assert scipy.integrate.quad(lib.ramp, 0, 2, args=(1.5,)) == want
    want = scipy.integrate.quad(lambda x, a: py["ramp"](x, a, b=-2.0), 0, 2, args=(1.5,))
    assert scipy.integrate.quad(lib.ramp.bind(b=-2.0), 0, 2, args=(1.5,)) == want


def test_helper_positional_call_is_a_compile_error(tmp_path):
    src = tmp_path / "bad.flt"
    src.write_text("def h(a, *, b=1.0):\n    return a + b\n\n\n"
                   "def f(values):\n    return h(values[0], 2.0)\n")
    run = subprocess.run([llcc.find_llcc(), str(src), "-o", str(tmp_path / "bad.so")],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "bad.flt:6:12: error: 'h' takes 1 positional argument(s) but 2 were given" in run.stderr
    assert not (tmp_path / "bad.so").exists()

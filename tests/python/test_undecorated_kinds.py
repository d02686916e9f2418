"""Undecorated callbacks: llcc takes the kind from the body (SemaInferKinds.cpp).

The same source runs in CPython through the same SciPy entry point
(generic_filter1d, geometric_transform, scipy.integrate.quad, generic_filter)
and must give identical results; the manifest names the inferred kinds.
"""
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.integrate as integrate
import scipy.ndimage as ndi

from conftest import REPO, python_namespace, run_llcc

if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
import llcc  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "undecorated" / "kinds.flt"

EXPECTED = {"running_max": "filter1d", "ewma": "filter1d", "box_none": "filter1d",
            "shift": "transform", "rotate": "transform", "shift_write": "transform",
            "poly": "integrand", "gauss_pdf": "integrand", "damped": "integrand",
            "count_above": "filter", "halve": "transform", "shear": "transform",
            "scale_tuple": "transform", "box_cumsum": "filter1d", "erf_damped": "integrand",
            "poly_damped": "integrand", "normal_cdf": "integrand", "tabulated": "integrand",
            "binned": "integrand"}


@pytest.fixture(scope="module")
def both(build):
    return (llcc.load(build(SOURCE, "--image-kernels")), python_namespace(SOURCE))


def test_manifest_kinds(both):
    lib, _ = both
    assert {f["name"]: f["kind"] for f in lib.manifest["functions"]} == EXPECTED


def img(shape=(12, 17), seed=3):
    a = np.random.default_rng(seed).uniform(-2.0, 2.0, shape)
    a.flat[::5] = np.round(a.flat[::5])
    return a


@pytest.mark.parametrize("name,size,kw", [("running_max", 3, {}), ("ewma", 4, {}),
                                          ("ewma", 3, {"alpha": 0.7}), ("box_none", 3, {}),
                                          ("box_cumsum", 3, {}), ("box_cumsum", 4, {})])
def test_filter1d(both, name, size, kw):
    lib, py = both
    a = img()
    expected = ndi.generic_filter1d(a, py[name], size, extra_keywords=kw)
    callback = lib[name].bind(**kw) if kw else lib[name]
    got = ndi.generic_filter1d(a, callback, size)
    assert np.array_equal(got, expected)
    got = llcc.generic_filter1d(a, callback, size)
    assert np.array_equal(got, expected)


@pytest.mark.parametrize("name", ["shift", "rotate", "halve", "shear", "scale_tuple"])
def test_transform_return(both, name):
    lib, py = both
    a = img((16, 16))
    expected = ndi.geometric_transform(a, py[name], order=1)
    assert np.array_equal(ndi.geometric_transform(a, lib[name], order=1), expected)


def test_transform_write(both):
    lib, py = both
    a = img((10, 11))
    buffer = [0.0, 0.0]
    oracle = lambda oc: (py["shift_write"](oc, buffer), tuple(buffer))[1]  # noqa: E731
    expected = ndi.geometric_transform(a, oracle, order=1)
    assert np.array_equal(ndi.geometric_transform(a, lib.shift_write, order=1), expected)


@pytest.mark.parametrize("name,args", [("poly", ()), ("poly", (2.0, -1.0, 0.5)),
                                       ("gauss_pdf", ()), ("gauss_pdf", (0.3, 2.0)),
                                       ("damped", ()), ("damped", (0.5, 3.0)),
                                       ("erf_damped", ()), ("erf_damped", (1.5,)),
                                       ("poly_damped", ()), ("poly_damped", (3.0,)),
                                       ("normal_cdf", ()), ("normal_cdf", (0.5, 2.0)),
                                       ("tabulated", ()), ("binned", ()), ("binned", (2.0,))])
def test_quad(both, name, args):
    lib, py = both
    expected = integrate.quad(py[name], -1.0, 2.0, args=args)
    assert integrate.quad(lib[name], -1.0, 2.0, args=args) == expected
    assert integrate.quad(getattr(lib, name), -1.0, 2.0, args=args) == expected


def test_filter_stays_filter(both):
    lib, py = both
    a = img()
    expected = ndi.generic_filter(a, py["count_above"], size=3)
    assert np.array_equal(ndi.generic_filter(a, lib.count_above, size=3), expected)


@pytest.mark.parametrize("source,kind", [
    # A decorator overrides what the body says.
    ("import llcc\n\n@llcc.filter\ndef f(values):\n    return float(values[0])\n", "filter"),
    ("import llcc\n\n@llcc.integrand\ndef f(x):\n    return x * 2.0\n", "integrand"),
    # Unclear bodies stay filters: another function sees the parameter.
    ("def g(v):\n    return v[0]\n\ndef f(x):\n    return g(x)\n", "filter"),
    # A first parameter named as the window stays a filter (the error is the filter's).
    ("def f(values):\n    return np.sum(values)\n\nimport numpy as np\n", "filter"),
    ("def f(t):\n    return t * t + 1.0\n", "integrand"),
    ("def f(x, k=2):\n    return sum(x ** i for i in range(k))\n", "integrand"),
    # np.polyval's coefficients and np.interp's tables are arrays: a filter.
    ("import numpy as np\n\ndef f(p):\n    return np.polyval(p, 0.5)\n", "filter"),
    ("import numpy as np\n\ndef f(xp):\n    return np.interp(0.5, xp, xp * 2.0)\n", "filter"),
    # ... and its points a number: an integrand.
    ("import numpy as np\n\ndef f(t, c=2.0):\n    return np.polyval([1.0, c], t)\n", "integrand"),
])
def test_inference_rules(llcc, tmp_path, source, kind):
    path = tmp_path / "k.flt"
    path.write_text(source)
    so = tmp_path / "k.so"
    proc = run_llcc(llcc, path, "-o", so)
    assert proc.returncode == 0, proc.stderr
    lib = llcc_load(so)
    assert {f["name"]: f["kind"] for f in lib.manifest["functions"]}["f"] == kind


def llcc_load(path):
    return llcc.load(str(path))


def test_filter1d_returning_a_value_is_an_error(llcc, tmp_path):
    path = tmp_path / "r.flt"
    path.write_text("def f(iline, oline):\n    oline[...] = iline[1:-1]\n    return 1\n")
    proc = run_llcc(llcc, path, "--check")
    assert proc.returncode != 0
    assert "a filter1d function writes its output array and returns nothing" in proc.stderr

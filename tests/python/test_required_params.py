"""Parameters without defaults (issue 13): compiled as SciPy's tutorials
write them, bound with bind() or extra_arguments, compared with CPython
running the same functions through the same SciPy entry points."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.integrate
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "params" / "tutorial.flt"


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    # Decorated functions are llcc callbacks under CPython too; their Python
    # function is the oracle.
    return {name: getattr(value, "py_func", None) or value for name, value in namespace.items()}


def test_manifest_marks_required(lib):
    params = {p["name"]: p for p in lib.manifest["functions"][2]["params"]}
    assert params["weight"]["required"] is True and params["weight"]["default"] is None
    assert params["offset"]["required"] is False and params["offset"]["default"] == 0.5
    out = subprocess.run([llcc.find_llcc(), "--describe", lib.path], capture_output=True,
                         text=True, check=True).stdout
    assert '"name": "weight", "type": "number", "default": null, "required": true' in out


def test_tutorial_generic_filter1d(lib, py):
    a = np.arange(12, dtype=np.float64).reshape(3, 4)
    want = ndi.generic_filter1d(a, py["fnc"], 3, extra_arguments=(2, 3))
    got = ndi.generic_filter1d(a, lib.fnc.bind(a=2, b=3), 3)
    assert np.array_equal(got, want)
    got = ndi.generic_filter1d(a, lib.fnc.bind(a=0.5, b=-1.25), 3)
    assert np.array_equal(got, ndi.generic_filter1d(a, py["fnc"], 3,
                                                    extra_keywords={"a": 0.5, "b": -1.25}))


def test_tutorial_geometric_transform(lib, py):
    a = np.arange(12.0).reshape(4, 3)
    want = ndi.geometric_transform(a, py["shift_func"], extra_arguments=(0.5, 0.5))
    got = ndi.geometric_transform(a, lib.shift_func.bind(s0=0.5, s1=0.5))
    assert np.array_equal(got, want)
    got = ndi.geometric_transform(a, lib.shift_func.bind(s0=1, s1=0))
    assert np.array_equal(got, ndi.geometric_transform(a, py["shift_func"],
                                                       extra_arguments=(1, 0)))


@pytest.mark.parametrize("weight", [2, 0.25, -3, True])
def test_int_or_float_as_bound(lib, py, weight):
    """A parameter without a default is whatever it is bound to, int or
    float, as CPython sees it."""
    image = np.random.default_rng(1).normal(size=(7, 9))
    want = ndi.generic_filter(image, py["scaled_sum"], size=3, extra_arguments=(weight,))
    assert np.array_equal(ndi.generic_filter(image, lib.scaled_sum.bind(weight=weight), size=3),
                          want)
    assert np.array_equal(llcc.generic_filter(image, lib.scaled_sum, size=3,
                                              extra_arguments=(weight,)), want)
    assert np.array_equal(llcc.generic_filter(image, lib.scaled_sum, size=3,
                                              extra_keywords={"weight": weight}), want)


def test_range_of_a_bound_int_and_float(lib, py):
    image = np.arange(25, dtype=np.float64).reshape(5, 5)
    want = ndi.generic_filter(image, py["first_n"], size=3, extra_arguments=(4,))
    assert np.array_equal(ndi.generic_filter(image, lib.first_n.bind(n=4), size=3), want)
    with pytest.raises(TypeError, match="'float' object cannot be interpreted as an integer"):
        ndi.generic_filter(image, py["first_n"], size=3, extra_arguments=(4.0,))
    with pytest.raises(TypeError, match="'float' object cannot be interpreted as an integer"):
        ndi.generic_filter(image, lib.first_n.bind(n=4.0), size=3)


def test_unbound_use_raises_before_any_pixel(lib, py):
    """A LowLevelCallable without user_data never reads garbage: CPython's
    TypeError naming the missing parameters, on every path."""
    image = np.arange(16, dtype=np.float64).reshape(4, 4)
    with pytest.raises(TypeError, match=r"clip_range\(\) missing 2 required positional "
                                        r"arguments: 'lo' and 'hi'"):
        ndi.generic_filter(image, py["clip_range"], size=3)
    with pytest.raises(TypeError, match=r"tutorial\.flt:\d+:\d+: clip_range\(\) missing 2 "
                                        r"required positional arguments: 'lo' and 'hi'"):
        ndi.generic_filter(image, lib.clip_range, size=3)
    with pytest.raises(TypeError, match=r"clip_range\(\) missing 2 required positional "
                                        r"arguments: 'lo' and 'hi' \(bind them"):
        llcc.generic_filter(image, lib.clip_range, size=3)
    with pytest.raises(TypeError, match=r"fnc\(\) missing 2 required"):
        ndi.generic_filter1d(image, lib.fnc, 3)
    with pytest.raises(TypeError, match=r"missing 1 required positional argument: 'hi'"):
        lib.clip_range.bind(lo=1.0)
    assert lib.clip_range.missing == ["lo", "hi"]
    got = llcc.generic_filter(image, lib.clip_range, size=3, extra_arguments=(3, 9.5))
    assert np.array_equal(got, ndi.generic_filter(image, py["clip_range"], size=3,
                                                  extra_arguments=(3, 9.5)))


def test_extra_arguments_errors_as_python(lib):
    image = np.ones((3, 3))
    with pytest.raises(TypeError, match="takes 2 extra positional arguments but 3 were given"):
        llcc.generic_filter(image, lib.clip_range, size=3, extra_arguments=(1, 2, 3))
    with pytest.raises(TypeError, match="multiple values for argument 'lo'"):
        llcc.generic_filter(image, lib.clip_range, size=3, extra_arguments=(1, 2),
                            extra_keywords={"lo": 3})
    with pytest.raises(TypeError, match="no parameter"):
        llcc.generic_filter(image, lib.clip_range, size=3, extra_keywords={"low": 3})


def test_integrand_args(lib, py):
    want = scipy.integrate.quad(py["gaussian"], -1, 2, args=(0.5, 1.5))
    got = scipy.integrate.quad(lib.gaussian, -1, 2, args=(0.5, 1.5))
    assert got == want

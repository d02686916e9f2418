"""isinstance(x, T), folded when compiling, against CPython through SciPy.

The filters of syntax/isinstance.flt run in test_syntax_breadth.py; here a
transform (output_coords is a tuple of Python ints in CPython) runs through
scipy.ndimage.geometric_transform and an integrand (x a Python float)
through scipy.integrate.quad, each compiled and as the same Python
function, and the checks whose answer llcc cannot know are compile errors
pointing at the value.
"""
import ctypes
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy
import scipy.integrate
import scipy.ndimage as ndi

from conftest import run_llcc

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))

SOURCE = '''
import llcc
import numpy as np


@llcc.transform
def shrink(output_coords, scale=0.5):
    if isinstance(output_coords, tuple) and isinstance(output_coords[0], int):
        return (output_coords[0] * scale, output_coords[1] * scale + 0.25)
    return (0.0, 0.0)


@llcc.integrand
def poly(x, a=1.0):
    if isinstance(x, float) and not isinstance(x, np.floating):
        return a * x * x
    return -1.0


def checked_first(values):
    if isinstance(values[4], float):
        return values[4]
    return -1.0
'''


def test_transform_and_integrand_match_cpython(llcc, tmp_path):
    source = tmp_path / "kinds.flt"
    source.write_text(SOURCE)
    out = tmp_path / "kinds.so"
    proc = run_llcc(llcc, source, "-o", out)
    assert proc.returncode == 0, proc.stderr
    namespace = {}
    exec(compile(SOURCE, str(source), "exec"), namespace)
    lib = ctypes.PyDLL(str(out))
    image = np.random.default_rng(3).normal(size=(9, 8))
    compiled = scipy.LowLevelCallable(
        lib.shrink, signature="int (intptr_t *, double *, int, int, void *)")
    want = ndi.geometric_transform(image, namespace["shrink"], order=1)
    got = ndi.geometric_transform(image, compiled, order=1)
    assert np.array_equal(got, want) and np.count_nonzero(want) > 0
    quad_fn = scipy.LowLevelCallable(lib.poly, signature="double (int, double *, void *)")
    got = scipy.integrate.quad(quad_fn, 0.0, 3.0)
    want = scipy.integrate.quad(namespace["poly"], 0.0, 3.0)
    assert got[0] == want[0] == pytest.approx(9.0)
    # x is still evaluated: CPython's IndexError on a window of one
    first = scipy.LowLevelCallable(lib.checked_first,
                                   signature="int (double *, intptr_t, double *, void *)")
    assert np.array_equal(ndi.generic_filter(image, first, size=3),
                          ndi.generic_filter(image, namespace["checked_first"], size=3))
    with pytest.raises(IndexError):
        ndi.generic_filter(image, first, size=1)
    with pytest.raises(IndexError):
        namespace["checked_first"](image[:1, 0])


REFUSED = {
    "numpy_or_python_int": ("""
import numpy as np


def f(values):
    k = np.argmax(values) if values[0] > 0 else 0
    return float(isinstance(k, int))
""", "it may be a Python int or a numpy.int64", 6, 29),
    "none_default": ("""
def f(values, t=None):
    return float(isinstance(t, float))
""", "it may be None", 2, 29),
    "required_parameter": ("""
def f(values, k):
    return float(isinstance(k, int))
""", "it is what the caller passes", 2, 29),
    "unknown_type": ("""
import numpy as np


def f(values):
    return float(isinstance(values[0], np.float32))
""", "isinstance() is folded when compiling and knows only", 5, 40),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_undecidable_checks_are_diagnosed(llcc, tmp_path, name):
    text, message, line, col = REFUSED[name]
    source = tmp_path / f"{name}.flt"
    source.write_text(text.lstrip("\n"))
    proc = run_llcc(llcc, source, "--check")
    assert proc.returncode == 1
    assert f"{name}.flt:{line}:{col}: error: " in proc.stderr and message in proc.stderr, proc.stderr

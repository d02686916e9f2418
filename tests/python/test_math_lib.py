"""Property tests of llcc's math library functions against CPython 3.11.

tests/python/library/math_lib.flt exports one filter per math name
(math.gamma, math.lgamma, math.fsum, math.isclose, math.erf, ...), run
through scipy.ndimage.generic_filter compiled and under CPython on
hypothesis images (NaN, infinities, -0.0, poles, huge values): identical
results, or the same exception class (ValueError for domain errors and
poles, OverflowError for range errors). gamma and lgamma are CPython's own
Lanczos code (not the C library's), reproduced step by step; fsum is
Shewchuk's exact summation as CPython implements it.
"""
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import CompiledLibrary, python_namespace
from test_numpy_lib import run, same

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library" / "math_lib.flt"

NAMES = ["erf_erfc", "gamma_of", "lgamma_of", "fsum_of", "isclose_of", "fmod_copysign",
         "radians_degrees", "factorial_comb_gcd", "lcm_of", "prod_of", "prod_start", "hypot_of",
         "log1p_expm1"]

special = st.sampled_from([0.0, -0.0, 1.0, -1.0, -2.0, 2.0, 0.5, -0.5, 171.5, 172.0, -200.5,
                           1e-25, -1e-25, 1e300, -1e300, math.inf, -math.inf, math.nan,
                           5e-324, 1e16])
finite = st.floats(min_value=-250.0, max_value=250.0, allow_nan=False, allow_infinity=False)
element = st.one_of(finite, finite, special)
images = hnp.arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 5)),
                    elements=element)
footprints = st.sampled_from([(1, 1), (1, 2), (3, 3), (2, 2)])


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=images, size=footprints)
def test_math_functions_match_cpython(compiled, img, size):
    lib, ns = compiled
    for name in NAMES:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, img.tolist(), size, got, expected)


def test_gamma_and_lgamma_on_many_values(compiled):
    """CPython's Lanczos gamma differs from the C library's tgamma in the
    last bits for most arguments: llcc must give CPython's."""
    lib, ns = compiled
    rng = np.random.default_rng(7)
    img = np.concatenate([rng.uniform(-180, 180, 2000), rng.uniform(-5, 5, 2000),
                          rng.uniform(0, 25, 500).round(), [-3.0, 0.0, -0.0, 171.0, 172.0]])
    for name in ["gamma_of", "lgamma_of"]:
        # Pole and overflow raise; compare value by value.
        for x in img:
            one = np.array([[x]])
            assert same(run(lib[name], one, 1), run(ns[name], one, 1)), (name, x)


def test_fsum_is_exact(compiled):
    lib, ns = compiled
    rng = np.random.default_rng(1)
    for n in [1, 2, 7, 20, 100]:
        img = rng.normal(size=(n, 1)) * 10.0 ** rng.integers(-20, 20, (n, 1))
        assert same(run(lib["fsum_of"], img, (n, 1)), run(ns["fsum_of"], img, (n, 1)))


ERRORS = [
    ("math.gamma(values[0] * 0.0 - 2.0)", "ValueError"),
    ("math.gamma(values[0] + 180.0)", "OverflowError"),
    ("math.lgamma(values[0] * 0.0)", "ValueError"),
    ("math.fsum([values[0] + 1e308, 1e308])", "OverflowError"),
    ("math.factorial(-1 - int(values[0]))", "ValueError"),
    ("math.comb(-1 - int(values[0]), 2)", "ValueError"),
    ("math.isclose(values[0], 1.0, rel_tol=-1.0)", "ValueError"),
    ("math.fmod(values[0], 0.0)", "ValueError"),
    ("math.expm1(values[0] + 1000.0)", "OverflowError"),
]


@pytest.mark.parametrize("index", range(len(ERRORS)))
def test_errors_as_cpython_raises_them(build, tmp_path, index):
    expr, cls = ERRORS[index]
    src = tmp_path / f"matherr{index}.flt"
    src.write_text(f"import math\n\ndef f(values):\n    return {expr}\n")
    lib = CompiledLibrary(build(src))
    ns = python_namespace(src)
    img = np.arange(9.0).reshape(3, 3)
    for callback in [lib["f"], ns["f"]]:
        with pytest.raises(Exception) as info:
            ndi.generic_filter(img, callback, size=3)
        if callback is not lib["f"] and type(info.value) is SystemError:
            continue  # SciPy's wrapping of a Python callback's exception
        assert type(info.value).__name__ == cls, info.value


INT_OR_FLOAT = """import math


def gcd_power(values):
    k = int(values[0] > 4.0)
    return float(math.gcd((-5) ** (k - 1 + int(values[1] > 1.0)), 10))


def comb_power(values):
    j = int(values[0] > 2.0) - 1
    return float(math.comb(2 ** (j + 1) + 3, 2 ** j))
"""


@pytest.mark.parametrize("name", ["gcd_power", "comb_power"])
def test_int_or_float_argument_of_an_int_parameter(build, tmp_path, name):
    """`(-5) ** j` is an int for j >= 0 and a float for j < 0, decided at run
    time: math.gcd and math.comb take the int and raise CPython's TypeError
    for the float (difftest seed 851851: llcc computed with the float)."""
    src = tmp_path / "int_or_float.flt"
    src.write_text(INT_OR_FLOAT)
    lib = CompiledLibrary(build(src))
    fn = python_namespace(src)[name]
    for values in ([5.0, 0.5], [5.0, 2.0], [1.0, 2.0], [1.0, 0.5], [3.0, 0.0], [0.0, 0.0],
                   [3.0, 3.0], [1.0, 2.5]):
        image = np.array(values)
        # The windows of size 2, origin -1, mode 'nearest': (v0, v1), (v1, v1);
        # CPython runs the function on each (SciPy can lose a Python
        # function's exception, see test_quantile_network.py).
        try:
            want = [fn(np.array(w)) for w in (values, [values[1], values[1]])]
        except TypeError:
            with pytest.raises(TypeError, match="cannot be interpreted as an integer"):
                ndi.generic_filter(image, lib[name], size=2, origin=-1, mode="nearest")
            continue
        got = ndi.generic_filter(image, lib[name], size=2, origin=-1, mode="nearest")
        assert list(got) == want

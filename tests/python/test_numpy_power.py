"""np.power and `array ** x` of float64 bit for bit against this machine's numpy.

numpy 1.24 computes its power ufunc with its SVML (__svml_pow8) where the CPU
has AVX512_SKX and with the C library's pow elsewhere; `array ** x` first
takes number.c's shortcuts for a float array and a number exponent (** 2 is
x * x, ** 0.5 sqrt, ** -1 1 / x, ** 1 a copy, ** 0 ones) on every CPU, and a
numpy scalar's ** is the C library's pow (scalarmath). llcc makes the same
choices (frontend/NumpyPow.h). Each filter runs through
scipy.ndimage.generic_filter as a LowLevelCallable over pairs (x, y) from
uniform ranges, negative bases with integer exponents, results that
overflow or become subnormal, special values and random bit patterns. NaN
equals NaN (its sign is not specified, docs/language.md "Numerics").
"""
import math

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import CompiledLibrary

try:
    from numpy.core._multiarray_umath import __cpu_features__ as CPU
except ImportError:  # numpy >= 2
    from numpy._core._multiarray_umath import __cpu_features__ as CPU

SVML = bool(CPU.get("AVX512_SKX"))

SOURCE = r'''
import numpy as np

P = (np.arange(1, 8) * 0.37) ** 1.7
Q = (np.arange(-3, 4) * 0.37) ** 3
R = np.power(2.5, 0.3)
S = (np.arange(1, 8) * 1.1) ** 2


def power_numbers(values):
    return np.power(values[0], values[1])


def array_to_number(values):
    return (values ** values[1])[0]


def arrays(values):
    return (values ** values[::-1])[0]


def number_to_array(values):
    return (values[0] ** values)[1]


def cube(values):
    return (values ** 3)[0]


def cube_sum(values):
    return np.sum(values ** 3)


def scalar(values):
    return values[0] ** values[1]


def constants(values):
    k = int(values[0])
    if k < 7:
        return P[k]
    if k < 14:
        return Q[k - 7]
    if k < 21:
        return S[k - 14]
    return R
'''

SPECIAL = [0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 2.0, 0.5, -2.0, 3.0, -3.0, 0.25,
           5e-324, -5e-324, 1e308, -1e308, 2.2250738585072014e-308, 1e-310, 1023.0, 1024.0,
           -1074.0, 2.0 ** 53, 2.0 ** 53 + 2, -0.5, 1.5, 1e-20, 1.0000000000000002,
           0.9999999999999999]


def pairs(n, seed):
    """(x, y) arrays: the cases the SVML routine and its fallback branch on."""
    rng = np.random.default_rng(seed)
    bits = lambda k: np.frombuffer(rng.integers(0, 2 ** 64, k, dtype=np.uint64).tobytes(),
                                   np.float64)
    sign = lambda k: np.sign(rng.uniform(-1, 1, k))
    sx, sy = np.meshgrid(SPECIAL, SPECIAL)
    cases = [
        (sx.ravel(), sy.ravel()),
        (rng.uniform(0, 10, n), rng.uniform(-5, 5, n)),
        (rng.uniform(-10, 10, n), rng.integers(-6, 7, n).astype(float)),
        (rng.uniform(-10, 0, n), rng.uniform(-3, 3, n)),
        (1 + rng.uniform(-1e-3, 1e-3, n), rng.uniform(-1e5, 1e5, n)),
        (np.exp(rng.uniform(-700, 700, n)), rng.uniform(-3, 3, n)),
        (rng.uniform(0.5, 2, n), rng.uniform(1000, 3000, n) * sign(n)),
        (-rng.uniform(0.5, 2, n), np.round(rng.uniform(1000, 3000, n)) * sign(n)),
        (rng.uniform(0.1, 0.9, n), rng.uniform(1000, 1200, n) * sign(n)),
        (-rng.uniform(0.1, 0.9, n), np.round(rng.uniform(1000, 1200, n))),
        (rng.integers(1, 2 ** 52, n, dtype=np.uint64).view(np.float64) * sign(n),
         rng.integers(-3, 4, n).astype(float)),
        (bits(n), bits(n)),
        (bits(n), rng.uniform(-4, 4, n)),
        (rng.uniform(-5, 5, n), rng.choice(SPECIAL, n)),
        (rng.choice(SPECIAL, n), rng.uniform(-5, 5, n)),
    ]
    return (np.concatenate([c[0] for c in cases]), np.concatenate([c[1] for c in cases]))


def same_bits(got, want):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    differ = got.view(np.uint64) != want.view(np.uint64)
    differ &= ~(np.isnan(got) & np.isnan(want))
    return int(differ.sum())


@pytest.fixture(scope="module")
def lib(build, tmp_path_factory):
    path = tmp_path_factory.mktemp("numpy_power") / "numpy_power_ufunc.flt"
    path.write_text(SOURCE)
    return CompiledLibrary(build(path))


def over_pairs(lib, name, x, y):
    """`name` of the window [x[j], y[j]] for each j."""
    img = np.stack([x, y])
    return ndi.generic_filter(img, lib[name], footprint=np.ones((2, 1)), origin=(-1, 0),
                              mode="nearest")[0]


def test_numpy_scalars_and_short_arrays_are_its_long_loop():
    """numpy's own consistency, which the tests below rely on."""
    x, y = pairs(2000, 7)
    with np.errstate(all="ignore"):
        whole = np.power(x, y)
        assert same_bits([np.power(np.float64(a), b) for a, b in zip(x[:5000], y[:5000])],
                         whole[:5000]) == 0
        for n in (1, 2, 3, 9):
            parts = np.concatenate([np.power(x[i:i + n], y[i:i + n]) for i in range(0, 3600, n)])
            assert same_bits(parts, whole[:parts.size]) == 0
        # A numpy scalar's ** is the C library's pow.
        u = np.random.default_rng(8).uniform(0, 10, (2, 5000))
        assert same_bits([np.float64(a) ** np.float64(b) for a, b in u.T],
                         [math.pow(a, b) for a, b in u.T]) == 0


@pytest.mark.parametrize("name", ["power_numbers", "array_to_number", "arrays",
                                  "number_to_array"])
def test_pairs(lib, name):
    x, y = pairs(100_000, 1)
    with np.errstate(all="ignore"):
        want = np.power(x, y)
        fast = {2.0: x * x, 0.5: np.sqrt(x), -1.0: 1 / x, 1.0: x, 0.0: np.ones_like(x)}
        if name == "array_to_number":  # number.c's shortcuts
            for e, v in fast.items():
                want = np.where(y == e, v, want)
        got = over_pairs(lib, name, x, y)
    assert same_bits(got, want) == 0


def test_scalar_is_the_c_library(lib):
    rng = np.random.default_rng(4)
    x, y = rng.uniform(0, 10, 50_000), rng.uniform(-5, 5, 50_000)
    got = over_pairs(lib, "scalar", x, y)
    assert same_bits(got, [math.pow(a, b) for a, b in zip(x, y)]) == 0


def test_cube(lib):
    rng = np.random.default_rng(5)
    x = np.concatenate([rng.uniform(-10, 10, 200_000), np.array(SPECIAL)])
    img = x.reshape(1, -1)
    with np.errstate(all="ignore"):
        got = ndi.generic_filter(img, lib["cube"], size=1)
        want = img ** 3
    assert same_bits(got, want) == 0
    img = rng.uniform(-3, 3, (200, 200))
    got = ndi.generic_filter(img, lib["cube_sum"], size=3)
    want = ndi.generic_filter(img, lambda v: np.sum(v ** 3), size=3)
    assert same_bits(got, want) == 0


def test_module_constants(lib):
    ns = {}
    exec(SOURCE, ns)
    want = np.concatenate([ns["P"], ns["Q"], ns["S"], [ns["R"]]])
    img = np.arange(want.size, dtype=np.float64).reshape(1, -1)
    got = ndi.generic_filter(img, lib["constants"], size=1)
    assert same_bits(got[0], want) == 0


@pytest.mark.skipif(not SVML, reason="numpy's power is the C library's on this CPU")
def test_svml_differs_from_glibc_here():
    """The point of the above: numpy's power is not math.pow on this machine."""
    x = np.random.default_rng(3).uniform(0, 10, 20000)
    assert same_bits(np.power(x, 1.7), [math.pow(v, 1.7) for v in x]) > 1000

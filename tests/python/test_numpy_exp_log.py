"""np.exp, np.exp2, np.expm1, np.log, np.log1p, np.log2, np.log10, np.sin, np.cos,
np.tanh, np.cbrt, np.tan, np.arctan, np.arctan2, np.arcsin, np.arccos,
np.arctanh, np.arcsinh, np.arccosh, np.sinh and np.cosh of float64 bit for bit
against this machine's numpy.

numpy 1.24 computes them with its SVML (__svml_exp8, __svml_log8, __svml_log28,
__svml_log108, __svml_sin8, __svml_cos8, __svml_exp28, __svml_expm18, __svml_log1p8,
__svml_cbrt8, __svml_tan8, __svml_atan8, __svml_atan28, __svml_asin8,
__svml_acos8, __svml_atanh8, __svml_asinh8, __svml_acosh8, __svml_sinh8,
__svml_cosh8;
np.tanh its own
FMA loop)
where the
CPU has AVX512_SKX and with the C library elsewhere; llcc makes the same
choice for the CPU it compiles for (frontend/NumpyExpLog.h). Each filter
runs through scipy.ndimage.generic_filter as a LowLevelCallable over about
a million special and random values: numbers (np.exp(values[0])), arrays
of lengths 1, 2, 3, 9 and 25 (np.exp(values)[k], numpy's SIMD remainders),
and module-level constants the constant folder computes. NaN equals NaN
(its sign is not specified, docs/language.md "Numerics").

On a CPU without AVX512_SKX the SVML tests are skipped and the results must
be the C library's (math.exp and math.log) instead.
"""
import math
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import CompiledLibrary

try:
    from numpy.core._multiarray_umath import __cpu_features__ as CPU
except ImportError:  # numpy >= 2
    from numpy._core._multiarray_umath import __cpu_features__ as CPU

SVML = bool(CPU.get("AVX512_SKX"))
needs_svml = pytest.mark.skipif(not SVML, reason="this CPU lacks AVX512_SKX: numpy's np.exp and "
                                "np.log are the C library's here (checked by the glibc tests)")

SOURCE = r'''
import numpy as np

SIGMA = 1.5
X = np.arange(-3, 4)
G = np.exp(-(X ** 2) / (2 * SIGMA ** 2))
LG = np.log(np.arange(1, 8) * 0.37)
E1 = np.exp(-0.5)
L1 = np.log(3.0)
SPECIAL = np.exp(np.array([0.0, -0.0, 709.78, -745.0, -708.5, -1e-300, 1e-17, 707.71]))
LSPECIAL = np.log(np.array([0.0, -0.0, 1e-310, 1.0, 0.9999999, 1e308, 5e-324, 2.0]))
L2 = np.log2(np.arange(1, 8) * 0.37)
L10 = np.log10(np.arange(1, 8) * 0.37)
TRIG = (np.sin(np.arange(1, 8) * 0.37) + np.cos(np.arange(1, 8) * 1e7) + np.hanning(7)
        + np.tanh(np.arange(-3, 4) * 0.41) + np.exp2(np.arange(-3, 4) * 0.37 - 1070.0) * 1e300
        + np.expm1(np.arange(-3, 4) * 1e-3) + np.log1p(np.arange(-3, 4) * 0.1)
        + np.cbrt(np.arange(-3, 4) * 0.37) + np.arctan(np.arange(-3, 4) * 0.93)
        + np.arcsin(np.arange(-3, 4) * 0.33) + np.arccos(np.arange(-3, 4) * 0.33)
        + np.tan(np.arange(-3, 4) * 0.61) + np.tan(np.arange(1, 8) * 1e6)
        + np.arctanh(np.arange(-3, 4) * 0.3) + np.arcsinh(np.arange(-3, 4) * 0.77)
        + np.arccosh(np.arange(1, 8) * 1.3) + np.sinh(np.arange(-3, 4) * 1.7)
        + np.cosh(np.arange(-3, 4) * 2.9) + np.sinh(np.arange(-3, 4) * 0.3 + 709.0) * 1e-300)
AT2 = np.arctan2(-0.37, -1.1)
AT2_RARE = np.arctan2(1e-310, -3e-300)


def exp_number(values):
    return np.exp(values[0])


def log_number(values):
    return np.log(values[0])


def exp_first(values):
    return np.exp(values)[0]


def exp_last(values):
    e = np.exp(values)
    return e[len(values) - 1]


def log_first(values):
    return np.log(values)[0]


def log_last(values):
    r = np.log(values)
    return r[len(values) - 1]


def log2_number(values):
    return np.log2(values[0])


def log2_first(values):
    return np.log2(values)[0]


def log2_last(values):
    r = np.log2(values)
    return r[len(values) - 1]


def sin_number(values):
    return np.sin(values[0])


def sin_first(values):
    return np.sin(values)[0]


def sin_last(values):
    r = np.sin(values)
    return r[len(values) - 1]


def cos_number(values):
    return np.cos(values[0])


def cos_first(values):
    return np.cos(values)[0]


def cos_last(values):
    r = np.cos(values)
    return r[len(values) - 1]


def tanh_number(values):
    return np.tanh(values[0])


def tanh_first(values):
    return np.tanh(values)[0]


def tanh_last(values):
    r = np.tanh(values)
    return r[len(values) - 1]


def exp2_number(values):
    return np.exp2(values[0])


def exp2_first(values):
    return np.exp2(values)[0]


def exp2_last(values):
    r = np.exp2(values)
    return r[len(values) - 1]


def expm1_number(values):
    return np.expm1(values[0])


def expm1_first(values):
    return np.expm1(values)[0]


def expm1_last(values):
    r = np.expm1(values)
    return r[len(values) - 1]


def log1p_number(values):
    return np.log1p(values[0])


def log1p_first(values):
    return np.log1p(values)[0]


def log1p_last(values):
    r = np.log1p(values)
    return r[len(values) - 1]


def cbrt_number(values):
    return np.cbrt(values[0])


def cbrt_first(values):
    return np.cbrt(values)[0]


def cbrt_last(values):
    r = np.cbrt(values)
    return r[len(values) - 1]


def log10_number(values):
    return np.log10(values[0])


def log10_first(values):
    return np.log10(values)[0]


def log10_last(values):
    r = np.log10(values)
    return r[len(values) - 1]


def arctan_number(values):
    return np.arctan(values[0])


def arctan_first(values):
    return np.arctan(values)[0]


def arctan_last(values):
    r = np.arctan(values)
    return r[len(values) - 1]


def tan_number(values):
    return np.tan(values[0])


def tan_first(values):
    return np.tan(values)[0]


def tan_last(values):
    r = np.tan(values)
    return r[len(values) - 1]


def arcsin_number(values):
    return np.arcsin(values[0])


def arcsin_first(values):
    return np.arcsin(values)[0]


def arcsin_last(values):
    r = np.arcsin(values)
    return r[len(values) - 1]


def arccos_number(values):
    return np.arccos(values[0])


def arccos_first(values):
    return np.arccos(values)[0]


def arccos_last(values):
    r = np.arccos(values)
    return r[len(values) - 1]


def arctanh_number(values):
    return np.arctanh(values[0])


def arctanh_first(values):
    return np.arctanh(values)[0]


def arctanh_last(values):
    r = np.arctanh(values)
    return r[len(values) - 1]


def arcsinh_number(values):
    return np.arcsinh(values[0])


def arcsinh_first(values):
    return np.arcsinh(values)[0]


def arcsinh_last(values):
    r = np.arcsinh(values)
    return r[len(values) - 1]


def arccosh_number(values):
    return np.arccosh(values[0])


def arccosh_first(values):
    return np.arccosh(values)[0]


def arccosh_last(values):
    r = np.arccosh(values)
    return r[len(values) - 1]


def sinh_number(values):
    return np.sinh(values[0])


def sinh_first(values):
    return np.sinh(values)[0]


def sinh_last(values):
    r = np.sinh(values)
    return r[len(values) - 1]


def cosh_number(values):
    return np.cosh(values[0])


def cosh_first(values):
    return np.cosh(values)[0]


def cosh_last(values):
    r = np.cosh(values)
    return r[len(values) - 1]


def arctan2_number(values):
    return np.arctan2(values[0], values[1])


def arctan2_reversed(values):
    return np.arctan2(values, values[::-1])[0]


def arctan2_by_number(values):
    a = np.arctan2(values[len(values) - 1], values)
    return a[0]


def arctan2_sum(values):
    return np.sum(np.arctan2(values, values[::-1]))


def math_atan2(values):
    return math.atan2(values[0], values[1])


def math_exp(values):
    return math.exp(values[0])


def constants(values):
    k = int(values[0])
    if k < 7:
        return G[k]
    if k < 14:
        return LG[k - 7]
    if k < 22:
        return SPECIAL[k - 14]
    if k < 30:
        return LSPECIAL[k - 22]
    if k == 30:
        return E1
    if k == 31:
        return L1
    if k < 39:
        return L2[k - 32]
    if k < 46:
        return L10[k - 39]
    if k == 53:
        return AT2
    if k == 54:
        return AT2_RARE
    return TRIG[k - 46]
'''.replace("import numpy as np", "import math\nimport numpy as np")

SPECIAL = [0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 5e-324, -5e-324,
           2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308,
           709.782712893384, 709.7827128933841, 707.7032713517042, 707.7032713517043,
           -707.7032713517042, -708.3964185322641, -708.39641853226, -745.1332191019411,
           -745.13321910194, -745.2, -744.44, -740.0, -720.0, 1e-300, 1e-17, -1e-17, 2.0 ** -54,
           -(2.0 ** -54), 0.9375, 1.0 + 0x109 / 2.0 ** 12, 0.5, 2.0, 1e-310, 1e308]


def exp_inputs(n, seed=1):
    rng = np.random.default_rng(seed)
    parts = [np.array(SPECIAL), rng.uniform(-750, 710, n), rng.uniform(-1e-3, 1e-3, n // 10),
             rng.uniform(-746, -707, n // 10), rng.uniform(700, 710, n // 20),
             rng.standard_normal(n // 10) * 1e-10]
    return np.concatenate(parts)


def log_inputs(n, seed=2):
    rng = np.random.default_rng(seed)
    raw = np.frombuffer(rng.integers(0, 2 ** 63, n // 5, dtype=np.uint64).tobytes(), np.float64)
    parts = [np.array(SPECIAL), np.exp(rng.uniform(-745, 709, n)), rng.uniform(0, 10, n // 2),
             rng.uniform(0.9, 1.1, n // 10), rng.uniform(0, 2.2250738585072014e-308, n // 20),
             -rng.uniform(0, 10, 1000), raw]
    return np.concatenate(parts)


def trig_inputs(n, seed=3):
    """sin and cos: the reduction by pi (|x| up to 2^24 for sin, about 2.6e7
    for cos), the long reduction above it, tiny arguments, specials."""
    rng = np.random.default_rng(seed)
    sign = np.sign(rng.uniform(-1, 1, n // 5))
    raw = np.frombuffer(rng.integers(0, 2 ** 64, n // 5, dtype=np.uint64).tobytes(), np.float64)
    parts = [np.array(SPECIAL), np.array([2.0 ** 24, -(2.0 ** 24), 2.0 ** 24 + 2, 3e7, 1e22,
                                          1.7976931348623157e308, np.pi, 1e-9]),
             rng.uniform(-10, 10, n), rng.uniform(-1e4, 1e4, n // 5),
             rng.uniform(1.6e7, 3e7, n // 5) * sign, np.exp(rng.uniform(16, 709, n // 5)) * sign,
             rng.uniform(-1e-8, 1e-8, n // 10), np.round(rng.uniform(-1e6, 1e6, n // 10)) * np.pi,
             raw]
    return np.concatenate(parts)


def tanh_inputs(n, seed=4):
    """tanh: its 16 subintervals, tiny and huge arguments, specials."""
    rng = np.random.default_rng(seed)
    raw = np.frombuffer(rng.integers(0, 2 ** 64, n // 5, dtype=np.uint64).tobytes(), np.float64)
    parts = [np.array(SPECIAL), np.array([1.3482698511467367e308, 8.98846567431158e307, 19.0, 40.0]),
             rng.uniform(-20, 20, n), rng.uniform(-0.2, 0.2, n // 5),
             np.exp(rng.uniform(-745, 709, n // 5)) * np.sign(rng.uniform(-1, 1, n // 5)), raw]
    return np.concatenate(parts)


def exp2_inputs(n, seed=5):
    """exp2: the vector range, the fallback's overflow, subnormal and
    near-overflow scalings, specials."""
    rng = np.random.default_rng(seed)
    parts = [np.array(SPECIAL), np.array([1022.0, -1022.0, 1024.0, -1075.0, -1074.5, 1023.9999]),
             rng.uniform(-5, 5, n), rng.uniform(-1100, 1100, n // 5),
             rng.uniform(-1080, -1015, n // 5), rng.uniform(1015, 1025, n // 10),
             rng.uniform(-1e-10, 1e-10, n // 10)]
    return np.concatenate(parts)


def expm1_inputs(n, seed=6):
    """expm1: near zero, the vector range down to -inf, the fallback above
    707.70, specials."""
    rng = np.random.default_rng(seed)
    parts = [np.array(SPECIAL), rng.uniform(-5, 5, n), rng.uniform(-1e-3, 1e-3, n // 5),
             rng.uniform(-800, 720, n // 5), rng.uniform(700, 712, n // 10),
             -np.exp(rng.uniform(-745, 709, n // 10))]
    return np.concatenate(parts)


def log1p_inputs(n, seed=7):
    """log1p: near zero, near -1, below -1, exp-spread, specials."""
    rng = np.random.default_rng(seed)
    parts = [np.array(SPECIAL), np.array([-1.0, -1.0000000000000002, -0.9999999999999999]),
             rng.uniform(-1, 10, n), rng.uniform(-1e-3, 1e-3, n // 5),
             np.exp(rng.uniform(-745, 709, n // 5)), -1 + np.exp(rng.uniform(-40, -1, n // 10)),
             rng.uniform(-100, -1, 1000)]
    return np.concatenate(parts)


def atan_inputs(n, seed=9):
    """arctan: the table's quarters and 7.875, exp-spread, random bits."""
    rng = np.random.default_rng(seed)
    sign = np.sign(rng.uniform(-1, 1, n // 5))
    raw = np.frombuffer(rng.integers(0, 2 ** 64, n // 5, dtype=np.uint64).tobytes(), np.float64)
    parts = [np.array(SPECIAL), np.array([7.875, -7.875, 7.874999999999999, 4.0, 3.875, 2.0 ** 128]),
             rng.uniform(-10, 10, n), np.arange(-40, 40) / 8.0,
             np.exp(rng.uniform(-745, 709, n // 5)) * sign, raw]
    return np.concatenate(parts)


def tan_inputs(n, seed=12):
    """tan: the sin/cos inputs plus both sides of 128000 (the long
    reduction) and multiples of pi/16 (the table's steps)."""
    rng = np.random.default_rng(seed)
    sign = np.sign(rng.uniform(-1, 1, n // 10))
    parts = [trig_inputs(n, seed), np.array([128000.0, -128000.0, 128000.00000000001]),
             rng.uniform(1.2e5, 1.4e5, n // 10) * sign,
             np.round(rng.uniform(-1e9, 1e9, n // 10)) * (np.pi / 16)]
    return np.concatenate(parts)


def asin_inputs(n, seed=11):
    """arcsin and arccos: [-1, 1], near +-1 and +-1/2 (the two paths),
    tiny, beyond 1 (NaN), random bits."""
    rng = np.random.default_rng(seed)
    sign = np.sign(rng.uniform(-1, 1, n // 5))
    raw = np.frombuffer(rng.integers(0, 2 ** 64, n // 10, dtype=np.uint64).tobytes(), np.float64)
    parts = [np.array(SPECIAL), np.array([0.4999999999999999, -0.4999999999999999,
                                          0.9999999999999999, 1.0000000000000002]),
             rng.uniform(-1, 1, n), sign * (1 - np.exp2(rng.uniform(-53, -1, n // 5))),
             sign * rng.uniform(0.49, 0.51, n // 5), sign * np.exp2(rng.uniform(-1074, -1, n // 5)),
             rng.uniform(-3, 3, n // 10), raw]
    return np.concatenate(parts)


def hyp_inputs(n, seed=14):
    """arcsinh and arccosh: uniform, tiny (the polynomials), just above 1,
    exp-spread both signs up to and past 2^511, random bits."""
    rng = np.random.default_rng(seed)
    sign = np.sign(rng.uniform(-1, 1, n // 5))
    raw = np.frombuffer(rng.integers(0, 2 ** 64, n // 10, dtype=np.uint64).tobytes(), np.float64)
    parts = [np.array(SPECIAL), np.array([2.0 ** -8, 2.0 ** 511, 1.0000000000000002]),
             rng.uniform(-10, 10, n), rng.uniform(-0.01, 0.01, n // 5),
             1 + np.exp2(rng.uniform(-60, 12, n // 5)), np.exp(rng.uniform(-745, 709, n // 5)) * sign,
             raw]
    return np.concatenate(parts)


def sinh_inputs(n, seed=16):
    """sinh and cosh: uniform, near the fallback's 707.7 and overflow at
    710.4758600739439, tiny, exp-spread, random bits."""
    rng = np.random.default_rng(seed)
    sign = np.sign(rng.uniform(-1, 1, n // 5))
    raw = np.frombuffer(rng.integers(0, 2 ** 64, n // 10, dtype=np.uint64).tobytes(), np.float64)
    parts = [np.array(SPECIAL), np.array([707.7, 710.4758600739439, 710.475860073944, 21.5]),
             rng.uniform(-10, 10, n), rng.uniform(705, 711, n // 5) * sign,
             rng.uniform(-0.01, 0.01, n // 10), np.exp(rng.uniform(-745, 709, n // 5)) * sign,
             raw]
    return np.concatenate(parts)


def atan2_inputs(n, seed=10):
    """arctan2 pairs as consecutive elements: uniform, exp-spread (the
    fallback: tiny, subnormal and huge pairs near and far apart), random
    bits, all pairs of the specials."""
    rng = np.random.default_rng(seed)
    sign = np.sign(rng.uniform(-1, 1, n))
    e = rng.uniform(-1074, 1023, n // 2)
    near = np.exp2(np.clip(np.repeat(e, 2) + rng.uniform(-70, 70, n), -1074, 1023.9)) * sign
    raw = np.frombuffer(rng.integers(0, 2 ** 64, n // 5, dtype=np.uint64).tobytes(), np.float64)
    sp = np.array(SPECIAL)
    pairs = np.stack([np.repeat(sp, sp.size), np.tile(sp, sp.size)], 1).reshape(-1)
    parts = [pairs, rng.uniform(-10, 10, n), near, raw]
    return np.concatenate(parts)


def cbrt_inputs(n, seed=8):
    """cbrt: uniform, exp-spread both signs, subnormals, exact cubes."""
    rng = np.random.default_rng(seed)
    sign = np.sign(rng.uniform(-1, 1, n // 5))
    parts = [np.array(SPECIAL), rng.uniform(-10, 10, n),
             np.exp(rng.uniform(-745, 709, n // 5)) * sign,
             rng.uniform(0, 2.2250738585072014e-308, n // 10),
             np.arange(-200, 200, dtype=np.float64) ** 3]
    return np.concatenate(parts)


INPUTS = {"exp": lambda n, seed=1: exp_inputs(n, seed), "log": lambda n, seed=2: log_inputs(n, seed),
          "log2": lambda n, seed=2: log_inputs(n, seed), "log10": lambda n, seed=2: log_inputs(n, seed),
          "sin": lambda n, seed=3: trig_inputs(n, seed), "cos": lambda n, seed=3: trig_inputs(n, seed),
          "tanh": lambda n, seed=4: tanh_inputs(n, seed),
          "exp2": lambda n, seed=5: exp2_inputs(n, seed),
          "expm1": lambda n, seed=6: expm1_inputs(n, seed),
          "log1p": lambda n, seed=7: log1p_inputs(n, seed),
          "cbrt": lambda n, seed=8: cbrt_inputs(n, seed),
          "arctan": lambda n, seed=9: atan_inputs(n, seed),
          "tan": lambda n, seed=12: tan_inputs(n, seed),
          "arcsin": lambda n, seed=11: asin_inputs(n, seed),
          "arccos": lambda n, seed=11: asin_inputs(n, seed),
          "arctanh": lambda n, seed=13: asin_inputs(n, seed),
          "arcsinh": lambda n, seed=14: hyp_inputs(n, seed),
          "arccosh": lambda n, seed=15: hyp_inputs(n, seed),
          "sinh": lambda n, seed=16: sinh_inputs(n, seed),
          "cosh": lambda n, seed=17: sinh_inputs(n, seed)}


def as_image(x, width=1000):
    pad = (-x.size) % width
    return np.concatenate([x, np.ones(pad)]).reshape(-1, width)


def same_bits(got, want):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    differ = got.view(np.uint64) != want.view(np.uint64)
    differ &= ~(np.isnan(got) & np.isnan(want))
    return int(differ.sum())


@pytest.fixture(scope="module")
def lib(build, tmp_path_factory):
    path = tmp_path_factory.mktemp("explog") / "explog.flt"
    path.write_text(SOURCE)
    return CompiledLibrary(build(path))


def window(lib, name, img, n):
    """`name` over windows of n elements: column j's first is img[:, j - n // 2]
    (clipped), its last img[:, j + (n - 1) // 2]."""
    return ndi.generic_filter(img, lib[name], size=(1, n), mode="nearest")


def shifted(img, offset):
    cols = np.clip(np.arange(img.shape[1]) + offset, 0, img.shape[1] - 1)
    return img[:, cols]


def test_numpy_scalars_and_short_arrays_are_its_long_loop():
    """numpy's own consistency, which the tests below rely on: np.exp of a
    number, of arrays of 1, 2, 3, 9 elements and of a long array agree."""
    x = exp_inputs(20000)
    with np.errstate(all="ignore"):
        whole = np.exp(x)
        assert same_bits([np.exp(np.float64(v)) for v in x[:3000]], whole[:3000]) == 0
        for n in (1, 2, 3, 9):
            parts = np.concatenate([np.exp(x[i:i + n]) for i in range(0, 3600, n)])
            assert same_bits(parts, whole[:parts.size]) == 0
        lx = log_inputs(20000)
        assert same_bits([np.log(np.float64(v)) for v in lx[:3000]], np.log(lx)[:3000]) == 0


@pytest.mark.parametrize("fn", ["exp", "log", "log2", "log10", "sin", "cos", "tanh", "exp2",
                                "expm1", "log1p", "cbrt", "tan", "arctan", "arcsin",
                                "arccos", "arctanh", "arcsinh", "arccosh", "sinh",
                                "cosh"])
def test_numbers(lib, fn):
    x = INPUTS[fn](1_000_000)
    img = as_image(x)
    got = ndi.generic_filter(img, lib[f"{fn}_number"], size=1)
    with np.errstate(all="ignore"):
        want = getattr(np, fn)(img)
    assert same_bits(got, want) == 0


@pytest.mark.parametrize("fn", ["exp", "log", "log2", "log10", "sin", "cos", "tanh", "exp2",
                                "expm1", "log1p", "cbrt", "tan", "arctan", "arcsin",
                                "arccos", "arctanh", "arcsinh", "arccosh", "sinh",
                                "cosh"])
@pytest.mark.parametrize("n", [1, 2, 3, 9, 25])
def test_arrays(lib, fn, n):
    x = INPUTS[fn](100_000, seed=n)
    img = as_image(x, 500)
    with np.errstate(all="ignore"):
        want = getattr(np, fn)(img)
        first = window(lib, f"{fn}_first", img, n)
        last = window(lib, f"{fn}_last", img, n)
    assert same_bits(first, shifted(want, -(n // 2))) == 0
    assert same_bits(last, shifted(want, (n - 1) // 2)) == 0


def test_arctan2_windows(lib):
    """np.arctan2 over 2-element windows: of two numbers, of the window and
    its reverse (arrays of 2), of a number and the window, and the sum of
    arrays of 9 (numpy's SIMD remainder lanes)."""
    x = atan2_inputs(300_000)
    img = x.reshape(1, -1)
    prev = np.concatenate([[x[0]], x[:-1]])  # the window is [x[j - 1], x[j]]
    with np.errstate(all="ignore"):
        want = np.arctan2(prev, x)
        assert same_bits(window(lib, "arctan2_number", img, 2)[0], want) == 0
        assert same_bits(window(lib, "arctan2_reversed", img, 2)[0], want) == 0
        assert same_bits(window(lib, "arctan2_by_number", img, 2)[0], np.arctan2(x, prev)) == 0
        part = img[:, :90_000]
        got = window(lib, "arctan2_sum", part, 9)[0]
        idx = np.clip(np.arange(part.shape[1])[:, None] + np.arange(-4, 5), 0, part.shape[1] - 1)
        w = part[0][idx]
        assert same_bits(got, np.sum(np.arctan2(w, w[:, ::-1]), axis=1)) == 0


@pytest.mark.skipif(SVML, reason="this CPU has AVX512_SKX: numpy uses its SVML (test above)")
def test_arctan2_glibc_without_avx512(lib):
    x = atan2_inputs(20_000)
    want = [math.atan2(a, b) for a, b in zip(x[0::2], x[1::2])]
    got = ndi.generic_filter(x.reshape(-1, 2), lib["arctan2_number"], size=(1, 2),
                             origin=(0, -1), mode="nearest")[:, 0]
    assert same_bits(got, want) == 0


def test_module_constants(lib):
    ns = {}
    exec(SOURCE, ns)
    want = np.concatenate([ns["G"], ns["LG"], ns["SPECIAL"], ns["LSPECIAL"], [ns["E1"], ns["L1"]],
                           ns["L2"], ns["L10"], ns["TRIG"], [ns["AT2"], ns["AT2_RARE"]]])
    img = np.arange(want.size, dtype=np.float64).reshape(1, -1)
    got = ndi.generic_filter(img, lib["constants"], size=1)
    assert same_bits(got[0], want) == 0


@needs_svml
def test_svml_differs_from_glibc_here(lib):
    """The point of the above: numpy's exp is not math.exp on this machine,
    and math.exp stays the C library's in llcc."""
    x = np.random.default_rng(3).uniform(-10, 10, 20000)
    img = as_image(x, 200)
    want = np.array([math.exp(v) for v in x])
    got = ndi.generic_filter(img, lib["math_exp"], size=1).reshape(-1)[:x.size]
    assert same_bits(got, want) == 0
    assert same_bits(np.exp(x), want) > 1000
    y = x[::-1].copy()
    want2 = np.array([math.atan2(a, b) for a, b in zip(x, y)])
    got2 = ndi.generic_filter(np.stack([x, y], 1), lib["math_atan2"], size=(1, 2),
                              origin=(0, -1), mode="nearest")[:, 0]
    assert same_bits(got2, want2) == 0
    assert same_bits(np.arctan2(x, y), want2) > 1000


@pytest.mark.skipif(SVML, reason="this CPU has AVX512_SKX: numpy uses its SVML (tests above)")
@pytest.mark.parametrize("fn", ["exp", "log", "log2", "log10", "sin", "cos", "tanh", "exp2",
                                "expm1", "log1p", "cbrt", "tan", "arctan", "arcsin",
                                "arccos", "arctanh", "arcsinh", "arccosh", "sinh",
                                "cosh"])
def test_glibc_without_avx512(lib, fn):
    x = np.abs(INPUTS[fn](20000))
    x = x[np.isfinite(x) & (x != 0) & (x < (1 if fn in ("arcsin", "arccos", "arctanh") else 709))]
    if fn == "arccosh":
        x = x + 1.0
    names = {"arctan": "atan", "arcsin": "asin", "arccos": "acos", "arctanh": "atanh",
             "arcsinh": "asinh", "arccosh": "acosh"}
    want = [getattr(math, names.get(fn, fn))(v) for v in x]
    if fn == "tanh" and CPU.get("AVX2") and CPU.get("FMA3"):
        # numpy runs its own tanh loop on AVX2 + FMA3 too, and llcc with it
        want = np.tanh(x)
        assert same_bits(np.array([math.tanh(v) for v in x]), want) > 1000
    got = ndi.generic_filter(as_image(x, 100), lib[f"{fn}_number"], size=1).reshape(-1)[:x.size]
    assert same_bits(got, want) == 0

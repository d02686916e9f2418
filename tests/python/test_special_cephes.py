"""scipy.special's cephes functions (erf, erfc, erfcinv, ndtr, ndtri,
gamma, gammaln, xlog1py, psi, beta, betaln, gammainc, gammaincc, j0, j1, y0, y1, i0,
i1) against SciPy 1.10.1
itself, bit for bit, and scipy.stats.norm.cdf of numbers (ndtr with SciPy's
argument checks).

stdlib/cephes.flt and stdlib/bessel.flt port SciPy's cephes C code
(ndtr.c, ndtri.c, erfinv.c, gamma.c, unity.c's log1p, j0.c, j1.c, i0.c,
i1.c, chbevl.c) operation by operation; tests/python/library/special_cephes.flt
calls it as users write filters. Each function of one value runs compiled
through scipy.ndimage.generic_filter over a few thousand values (random
over wide ranges, both signs, every branch boundary of the C code and its
neighbours, subnormals, integers and half-integers, infinities, NaN) and
must give the scipy.special ufunc's bits; the array forms and the filters
that compute with them run compiled and under CPython with the real SciPy
and must give the same outcome.
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi
import scipy.special as sp
import scipy.stats as sp_stats

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace

SOURCE = Path(__file__).resolve().parent / "library" / "special_cephes.flt"

ONE = {"erf_one": sp.erf, "erfc_one": sp.erfc, "ndtr_one": sp.ndtr, "gamma_one": sp.gamma,
       "gammaln_one": sp.gammaln, "ndtri_one": sp.ndtri, "erfcinv_one": sp.erfcinv,
       "j0_one": sp.j0, "j1_one": sp.j1, "y0_one": sp.y0, "y1_one": sp.y1, "i0_one": sp.i0,
       "i1_one": sp.i1, "psi_one": sp.psi}

# The C code's branch points (erf/erfc at 1, 8 and the exp underflow near
# 26.6; ndtr at 1 and 37.5; Gamma at 2, 3, 1e-9, 33, MAXSTIR, MAXGAM and
# the int conversion of 2**31; lgam at -34, 13, 1000, 1e8, MAXLGM; the
# floats from 2**52 up, all integers), each with its neighbours.
EDGES = [0.0, 1.0, 0.5, 2.0, 3.0, 8.0, 13.0, 26.6, 27.3, 33.0, 34.0, 37.519379347, 38.0,
         143.01608, 171.624376956302725, 1000.0, 1e8, 2.556348e305, 2147483648.0,
         4503599627370496.0, 0.7071067811865476, 1.4142135623730951, 1e-9, 709.782712893384,
         5e-324, 2.2250738585072014e-308, 1e-300, 1.7976931348623157e308,
         # ndtri's and erfcinv's (exp(-2), its complement, exp(-32)); the
         # Bessel functions' 1e-5, 5 and 8.
         0.1353352832366127, 0.8646647167633873, 1.2664165549094176e-14, 1e-5, 5.0]


def arguments(seed, n=3000):
    rng = np.random.default_rng(seed)
    edges = []
    with np.errstate(over="ignore"):  # the neighbours of the largest float
        for b in EDGES:
            for s in (1.0, -1.0):
                x = s * b
                edges += [x, np.nextafter(x, np.inf), np.nextafter(x, -np.inf)]
    edges += [np.inf, -np.inf, np.nan, -(2.0 ** 31 + 0.5), -(2.0 ** 31 + 1.5), -(2.0 ** 40 + 0.5)]
    return np.concatenate([
        np.array(edges), np.arange(-60.0, 60.0, 0.5), rng.uniform(-3, 3, n),
        rng.uniform(-40, 40, n), rng.uniform(-200, 200, n),
        np.sign(rng.standard_normal(n)) * 10.0 ** rng.uniform(-320, 308, n),
        rng.uniform(-1e-8, 1e-8, n // 4), rng.random(n // 2), 2.0 * rng.random(n // 4),
        10.0 ** rng.uniform(-320, 0, n // 2), 1.0 - 10.0 ** rng.uniform(-17, 0, n // 4)])


def same_bits(got, want):
    same = (got == want) & (np.signbit(got) == np.signbit(want))
    return same | (np.isnan(got) & np.isnan(want))


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@pytest.mark.parametrize("name", sorted(ONE))
@pytest.mark.parametrize("seed", [0, 1])
def test_one_value_bit_for_bit(compiled, name, seed):
    lib, _ = compiled
    x = arguments(seed)
    got = ndi.generic_filter(x, lib[name], size=1)
    with np.errstate(all="ignore"):
        want = ONE[name](x)
    same = same_bits(got, want)
    assert same.all(), (name, x[~same][:5].tolist(), got[~same][:5], want[~same][:5])


@pytest.mark.parametrize("seed", [0, 1])
def test_xlog1py_bit_for_bit(compiled, seed):
    lib, _ = compiled
    rng = np.random.default_rng(seed)
    y = np.concatenate([arguments(seed), rng.uniform(-1.5, 3.0, 4000), [-1.0, -1.0, -0.0, 0.0]])
    x = np.concatenate([rng.permutation(arguments(seed + 7)), rng.uniform(-5, 5, 4000),
                        [0.0, 2.0, 0.0, -3.0]])
    x, y = x[:len(y)], y[:len(x)]
    pairs = np.stack([x, y], axis=1)
    got = ndi.generic_filter(pairs.reshape(1, -1), lib["xlog1py_pair"], size=(1, 2),
                             origin=(0, -1), mode="nearest").reshape(-1, 2)[:, 0]
    with np.errstate(all="ignore"):
        want = sp.xlog1py(x, y)
    same = same_bits(got, want)
    assert same.all(), (pairs[~same][:5].tolist(), got[~same][:5], want[~same][:5])


@pytest.mark.parametrize("name, f", [("beta_pair", sp.beta), ("betaln_pair", sp.betaln)])
@pytest.mark.parametrize("seed", [0, 1])
def test_beta_bit_for_bit(compiled, name, f, seed):
    """beta and betaln of pairs: both signs, the negative integers, past
    MAXGAM, and one argument a million times the other (lbeta_asymp)."""
    lib, _ = compiled
    rng = np.random.default_rng(seed)
    n = 3000
    a = np.concatenate([arguments(seed), rng.uniform(-10, 10, n), rng.uniform(0, 200, n),
                        10.0 ** rng.uniform(-5, 9, n), rng.integers(-20, 20, n) * 1.0])
    b = np.concatenate([rng.permutation(arguments(seed + 3)), rng.uniform(-10, 10, n),
                        rng.uniform(0, 200, n), rng.uniform(-3, 3, n),
                        rng.integers(-20, 20, n) * 1.0])
    a, b = a[:len(b)], b[:len(a)]
    pairs = np.stack([a, b], axis=1)
    got = ndi.generic_filter(pairs.reshape(1, -1), lib[name], size=(1, 2), origin=(0, -1),
                             mode="nearest").reshape(-1, 2)[:, 0]
    with np.errstate(all="ignore"):
        want = f(a, b)
    same = same_bits(got, want)
    assert same.all(), (name, pairs[~same][:5].tolist(), got[~same][:5], want[~same][:5])


@pytest.mark.parametrize("name, f", [("gammainc_pair", sp.gammainc),
                                     ("gammaincc_pair", sp.gammaincc)])
@pytest.mark.parametrize("seed", [0, 1])
def test_incomplete_gamma_bit_for_bit(compiled, name, f, seed):
    """gammainc and gammaincc of pairs: each of igam.c's regimes (series,
    continued fraction, igamc_series below 1.1, Temme's asymptotic series
    with a near x, the Lanczos igam_fac), the edges and the domain's NaN."""
    lib, _ = compiled
    rng = np.random.default_rng(seed)
    n = 3000
    a_near = rng.uniform(20.0, 1000.0, n)
    a = np.concatenate([arguments(seed), rng.uniform(0, 10, n), rng.uniform(0, 300, n),
                        10.0 ** rng.uniform(-5, 6, n), rng.uniform(0, 2, n), a_near,
                        [0.0, 0.0, 1.0, np.inf, np.nan, -1.0, 2.0, np.inf]])
    x = np.concatenate([rng.permutation(arguments(seed + 5)), rng.uniform(0, 10, n),
                        rng.uniform(0, 300, n), 10.0 ** rng.uniform(-5, 6, n),
                        rng.uniform(0, 1.5, n), a_near * (1.0 + rng.uniform(-0.35, 0.35, n)),
                        [0.0, 1.0, 0.0, 5.0, 1.0, 1.0, np.inf, np.inf]])
    a, x = a[:len(x)], x[:len(a)]
    pairs = np.stack([a, x], axis=1)
    got = ndi.generic_filter(pairs.reshape(1, -1), lib[name], size=(1, 2), origin=(0, -1),
                             mode="nearest").reshape(-1, 2)[:, 0]
    with np.errstate(all="ignore"):
        want = f(a, x)
    same = same_bits(got, want)
    assert same.all(), (name, pairs[~same][:5].tolist(), got[~same][:5], want[~same][:5])


NAMES = ["erf_array", "erfc_array", "ndtr_array", "gamma_array", "gammaln_array", "arrays_mix",
         "soft_threshold", "poisson_loglik", "gamma_product", "erf_one", "gamma_one",
         "xlog1py_pair", "bessel_arrays", "normal_quantile_band", "j0_one", "ndtri_one",
         "norm_cdf_of", "norm_cdf_scale", "psi_one", "beta_pair", "betaln_pair",
         "digamma_arrays", "dirichlet_entropy", "gammainc_pair", "gammaincc_pair",
         "poisson_tail"]


def images(seed):
    rng = np.random.default_rng(seed)
    plain = rng.standard_normal((8, 9)) * 3.0
    wide = rng.uniform(-40.0, 40.0, (8, 9))
    halves = rng.integers(-40, 40, (7, 8)) * 0.5
    special = plain.copy()
    spots = rng.random(special.shape) < 0.2
    special[spots] = rng.choice([0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, -1.0, -2.0, 171.7,
                                 1e300, -1e300, 1e-310], spots.sum())
    return [plain, wide, halves, special]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("size", [3, (1, 5), (2, 2)])
def test_filters_match_scipy(compiled, seed, size):
    for img in images(seed):
        assert_same_outcomes(compiled, NAMES, img, size)


@pytest.mark.parametrize("seed", [0, 1])
def test_norm_cdf_bit_for_bit(compiled, seed):
    """norm.cdf(x, loc, scale) over triples of any values (scale <= 0, NaN,
    infinities) through one long row."""
    lib, _ = compiled
    rng = np.random.default_rng(seed)
    n = 20000
    triples = rng.standard_normal((n, 3)) * rng.choice([1.0, 10.0, 1e300, 1e-300], (n, 3))
    odd = rng.random((n, 3)) < 0.1
    triples[odd] = rng.choice([0.0, -0.0, np.inf, -np.inf, np.nan, -1.0, 5e-324], odd.sum())
    got = ndi.generic_filter(triples.reshape(1, -1), lib["norm_cdf_scale"], size=(1, 3),
                             origin=(0, -1), mode="nearest").reshape(-1, 3)[:, 0]
    with np.errstate(all="ignore"):
        want = np.array([sp_stats.norm.cdf(x, l, s) for x, l, s in triples[:2000]])
    same = same_bits(got[:2000], want)
    assert same.all(), (triples[:2000][~same][:5].tolist(), got[:2000][~same][:5], want[~same][:5])
    with np.errstate(all="ignore"):
        want = sp_stats.norm.cdf(triples[:, 0], triples[:, 1], triples[:, 2])
    same = same_bits(got, want)
    assert same.all(), (triples[~same][:5].tolist(), got[~same][:5], want[~same][:5])

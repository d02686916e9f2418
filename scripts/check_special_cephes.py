#!/usr/bin/env python3
"""check_special_cephes.py - the long check of llcc's scipy.special cephes ports.

Usage: check_special_cephes.py LLCC [SEED]

Compiles tests/python/library/special_cephes.flt and runs each one-value
filter (erf, erfc, ndtr, gamma, gammaln, ndtri, erfcinv, j0, j1, y0, y1,
i0, i1, psi) and xlog1py, beta, betaln, gammainc and gammaincc through scipy.ndimage.generic_filter on about 400,000
arguments (wide random ranges of both signs, twenty floats either side of
every branch point of SciPy's C code, random bit patterns, subnormals,
integers, infinities, NaN), comparing bit for bit with scipy.special
(SciPy 1.10.1); tests/python/test_special_cephes.py is the quick version.
Prints the mismatches per function; exits 1 if there are any.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import scipy.ndimage as ndi
import scipy.special as sp

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "python"))
from conftest import CompiledLibrary  # noqa: E402

src = REPO / "tests" / "python" / "library" / "special_cephes.flt"
so = Path(tempfile.mkdtemp()) / "special_cephes.so"
subprocess.run([sys.argv[1], str(src), "-o", str(so)], check=True)
lib = CompiledLibrary(so)
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
bad = 0
rng = np.random.default_rng(seed)
N = 40000
edges = []
for b in [0.0, 1.0, 0.5, 2.0, 3.0, 8.0, 13.0, 26.6, 27.3, 33.0, 34.0, 37.519379347, 38.0, 143.01608,
          171.624376956302725, 1000.0, 1e8, 2.556348e305, 2147483648.0, 4503599627370496.0,
          0.7071067811865476, 1.4142135623730951, 1e-9, 709.782712893384, 5e-324,
          2.2250738585072014e-308, 1e-300, 1.7976931348623157e308]:
    for s in (1.0, -1.0):
        x = s * b
        lo = hi = x
        for k in range(20):
            with np.errstate(over="ignore"):
                lo = np.nextafter(lo, -np.inf)
                hi = np.nextafter(hi, np.inf)
            edges += [lo, hi]
        edges.append(x)
edges += [np.inf, -np.inf, np.nan] + [-(2.0**k + f) for k in range(31, 53) for f in (0.25, 0.5, 1.5)]
X = np.concatenate([np.array(edges), np.arange(-300.0, 300.0, 0.25), rng.uniform(-3, 3, N),
    rng.uniform(-40, 40, N), rng.uniform(-200, 200, N), rng.standard_normal(N) * 10,
    np.sign(rng.standard_normal(N)) * 10.0 ** rng.uniform(-323, 308.2, N),
    rng.uniform(-1e-8, 1e-8, N // 4), rng.uniform(-40, 40, N // 2).round(2),
    rng.integers(-2**62, 2**62, N // 4).view(np.float64)])  # random bit patterns
def same(g, w):
    return ((g == w) & (np.signbit(g) == np.signbit(w))) | (np.isnan(g) & np.isnan(w))
X = np.concatenate([X, rng.random(N), 2.0 * rng.random(N // 2), 10.0 ** rng.uniform(-323, 0, N), 1.0 - 10.0 ** rng.uniform(-17, 0, N // 2),
    rng.uniform(0, 10, N), rng.uniform(-1e-4, 1e-4, N // 4),
    np.array([0.1353352832366127, 0.8646647167633873, 1.2664165549094176e-14, 1e-5, 5.0, 8.0, -5.0, -8.0, -1e-5])])
for name, f in [("erf", sp.erf), ("erfc", sp.erfc), ("ndtr", sp.ndtr), ("gamma", sp.gamma), ("gammaln", sp.gammaln),
                ("ndtri", sp.ndtri), ("erfcinv", sp.erfcinv), ("j0", sp.j0), ("j1", sp.j1), ("y0", sp.y0), ("y1", sp.y1), ("i0", sp.i0), ("i1", sp.i1), ("psi", sp.psi)]:
    g = ndi.generic_filter(X, lib[name + "_one"], size=1)
    with np.errstate(all="ignore"):
        w = f(X)
    ok = same(g, w)
    bad += (~ok).sum()
    print(name, len(X), "points, mismatches", (~ok).sum(), X[~ok][:3])
Y = np.concatenate([X, rng.uniform(-1.5, 3.0, N), np.nextafter(-1.0, [-2.0] * 10), [-1.0] * 5,
                    rng.uniform(-0.3, 0.5, N)])
Xa = np.concatenate([rng.permutation(X), rng.uniform(-5, 5, N), rng.uniform(-5, 5, 15),
                     10.0 ** rng.uniform(-300, 300, N)])
pairs = np.stack([Xa, Y], axis=1)
g = ndi.generic_filter(pairs.reshape(1, -1), lib["xlog1py_pair"], size=(1, 2), origin=(0, -1),
                       mode="nearest").reshape(-1, 2)[:, 0]
with np.errstate(all="ignore"):
    w = sp.xlog1py(Xa, Y)
ok = same(g, w)
print("xlog1py", len(Y), "pairs, mismatches", (~ok).sum(), pairs[~ok][:3].tolist())
bad += (~ok).sum()
# beta and betaln: pairs of both signs, the negative integers, past MAXGAM,
# and one argument a million times the other (lbeta_asymp).
A = np.concatenate([Xa, rng.uniform(-10, 10, N), rng.uniform(0, 200, N), 10.0 ** rng.uniform(-5, 9, N),
                    rng.integers(-20, 20, N) * 1.0])
B = np.concatenate([rng.permutation(Xa), rng.uniform(-10, 10, N), rng.uniform(0, 200, N), rng.uniform(-3, 3, N),
                    rng.integers(-20, 20, N) * 1.0])
pairs = np.stack([A, B], axis=1)
for name, f in [("beta", sp.beta), ("betaln", sp.betaln)]:
    g = ndi.generic_filter(pairs.reshape(1, -1), lib[name + "_pair"], size=(1, 2), origin=(0, -1),
                           mode="nearest").reshape(-1, 2)[:, 0]
    with np.errstate(all="ignore"):
        w = f(A, B)
    ok = same(g, w)
    print(name, len(A), "pairs, mismatches", (~ok).sum(), pairs[~ok][:3].tolist())
    bad += (~ok).sum()
# gammainc and gammaincc: each regime of igam.c, a near x (Temme's series) too.
An = rng.uniform(20.0, 1000.0, N)
A = np.concatenate([np.abs(Xa), rng.uniform(0, 10, N), rng.uniform(0, 300, N), 10.0 ** rng.uniform(-5, 6, N),
                    rng.uniform(0, 2, N), An, 10.0 ** rng.uniform(3, 8, N)])
X = np.concatenate([np.abs(rng.permutation(Xa)), rng.uniform(0, 10, N), rng.uniform(0, 300, N),
                    10.0 ** rng.uniform(-5, 6, N), rng.uniform(0, 1.5, N), An * (1 + rng.uniform(-0.35, 0.35, N)),
                    10.0 ** rng.uniform(3, 8, N)])
pairs = np.stack([A, X], axis=1)
for name, f in [("gammainc", sp.gammainc), ("gammaincc", sp.gammaincc)]:
    g = ndi.generic_filter(pairs.reshape(1, -1), lib[name + "_pair"], size=(1, 2), origin=(0, -1),
                           mode="nearest").reshape(-1, 2)[:, 0]
    with np.errstate(all="ignore"):
        w = f(A, X)
    ok = same(g, w)
    print(name, len(A), "pairs, mismatches", (~ok).sum(), pairs[~ok][:3].tolist())
    bad += (~ok).sum()
sys.exit(1 if bad else 0)

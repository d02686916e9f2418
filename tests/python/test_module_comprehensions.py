"""Module-level lookup tables built by comprehensions (frontend/SemaConstComprehension.cpp).

Filters are written with tables made by comprehensions at module level:
gamma and colour LUTs, Gaussian weights, footprint masks and 2-D kernels.
llcc computes them when compiling; each must equal CPython's value bit for
bit. Every table is read back through a filter over an image of indices
(scipy.ndimage.generic_filter with a 1x1 footprint), and whole filters
using them are run through llcc.generic_filter against SciPy running the
same file in CPython.
"""
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import bits

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc as package  # noqa: E402

TABLES = '''
import math
import numpy as np
from math import exp

SIGMA = 1.5
LEVELS = 16

# gamma and colour lookup tables
GAMMA = np.array([(i / 255.0) ** 2.2 for i in range(256)])
INV_GAMMA = tuple((i / 255.0) ** (1 / 2.2) for i in range(256))
SRGB = np.array([12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055
                 for c in (k / 32 for k in range(33))], dtype=float)
POSTER = [int(i * LEVELS / 256) * (255 // (LEVELS - 1)) for i in range(256)]
SIG = np.array([1.0 / (1.0 + math.exp(-(i - 128) / 16.0)) for i in range(256)])
LOGS = tuple(np.log1p(i) / np.log1p(255) for i in range(256))

# Gaussian weights, normalised with an earlier constant
G = tuple(math.exp(-0.5 * (k / SIGMA) ** 2) for k in range(-4, 5))
GN = np.array([w / 3.7600424283346046 for w in G])
GE = np.array([np.exp(-x * x / 2.0) for x in np.linspace(-2, 2, 9)])
GX = [exp(-(k * k) / (2 * SIGMA ** 2)) / (SIGMA * math.sqrt(2 * math.pi)) for k in range(-3, 4)]

# iterations over constants: enumerate, zip, reversed, filters, unpacking
PAIRS = [(i, w) for i, w in enumerate(G) if i % 3 == 0]
SYM = tuple(a * b for a, b in zip(G, reversed(G)))
EVEN = [k * k for k in range(20) if k % 2 == 0 if k > 3]
OFFS = ((0, 1), (1, 0), (0, -1), (-1, 0))
DIST = [math.sqrt(dy * dy + dx * dx) + 0.5 * i for i, (dy, dx) in enumerate(OFFS)]
ROWSUM = [r[0] + r[1] for r in np.array([[1.5, 2.0], [3.0, 4.25]])]

# Python's operators on numbers
MIXED = [max(i, 3) - min(i, 2) + abs(i - 4) + round(i / 3) + int(i * 0.7) for i in range(9)]
BITS = [(i & 3) | (i >> 1) ^ (1 << i) for i in range(8)]
FLOORS = [(i - 4) // 3 + (i - 4.5) // 2.0 + (i - 4.5) % 2.0 + (i - 4) % -3 for i in range(9)]
LOGIC = [float(i > 2 and i < 6) + (i or 7) + (not i) for i in range(8)]
CHAIN = [1 if 2 <= i < 5 else 0 for i in range(8)]
WRAP = {k: (k * 37) % 11 for k in range(11)}
INV = {i: 1.0 / v for i, v in enumerate((2.0, 4.0, 8.0, 3.0))}

# 2-D kernels and masks
K2 = np.array([[math.exp(-(i * i + j * j) / (2 * SIGMA ** 2)) for j in range(-1, 2)]
               for i in range(-1, 2)])
DIAG = [K2[i, i] for i in range(3)]
ANTI = [K2[i][2 - i] for i in range(len(K2))]
EYE = np.array([[1.0 if i == j else 0.0 for j in range(3)] for i in range(3)], dtype=float)
DISK = np.array([[(i - 2) ** 2 + (j - 2) ** 2 <= 4 for j in range(5)] for i in range(5)])
CHECKER = np.array([[(i + j) % 2 for j in range(4)] for i in range(4)])
'''

# name -> number of entries; a 2-D table is read flat (C order).
NAMES = {
    "GAMMA": 256, "INV_GAMMA": 256, "SRGB": 33, "POSTER": 256, "SIG": 256, "LOGS": 256,
    "G": 9, "GN": 9, "GE": 9, "GX": 7, "SYM": 9, "EVEN": 8, "DIST": 4, "ROWSUM": 2,
    "MIXED": 9, "BITS": 8, "FLOORS": 9, "LOGIC": 8, "CHAIN": 8, "WRAP": 11, "INV": 4,
    "DIAG": 3, "ANTI": 3,
}
TABLES_2D = {"K2": (3, 3), "EYE": (3, 3), "DISK": (5, 5), "CHECKER": (4, 4)}


def reader_source():
    """TABLES plus one filter per table, returning entry values[0] % n."""
    out = [TABLES]
    for name, n in NAMES.items():
        out.append(f"\ndef read_{name.lower()}(values):\n"
                   f"    return float({name}[int(values[0]) % {n}])\n")
    for name, (rows, cols) in TABLES_2D.items():
        out.append(f"\ndef read_{name.lower()}(values):\n"
                   f"    k = int(values[0]) % {rows * cols}\n"
                   f"    return float({name}[k // {cols}, k % {cols}])\n")
    out.append("\ndef read_pairs(values):\n"
               "    i, w = PAIRS[int(values[0]) % len(PAIRS)]\n"
               "    return i + w\n")
    return "".join(out)


@pytest.fixture(scope="module")
def readers(build, tmp_path_factory):
    path = tmp_path_factory.mktemp("modcomp") / "tables.flt"
    path.write_text(reader_source())
    namespace = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return package.load(str(build(path))), namespace


@pytest.mark.parametrize("name", sorted(list(NAMES) + list(TABLES_2D) + ["PAIRS"]))
def test_table_matches_cpython_bit_for_bit(readers, name):
    lib, namespace = readers
    index = np.arange(256, dtype=np.float64).reshape(16, 16)
    function = f"read_{name.lower()}"
    got = ndi.generic_filter(index, lib[function], size=1)
    want = ndi.generic_filter(index, namespace[function], size=1)
    assert (bits(got) == bits(want)).all(), (name, got.ravel()[:8], want.ravel()[:8])


FILTERS = '''
import math
import numpy as np

SIGMA = 1.0
GAMMA = np.array([(i / 255.0) ** 2.2 for i in range(256)])
W = np.array([[math.exp(-(i * i + j * j) / (2 * SIGMA ** 2)) for j in range(-1, 2)]
              for i in range(-1, 2)])
FOOT = [1.0 if abs(i) + abs(j) <= 1 else 0.0 for i in range(-1, 2) for j in range(-1, 2)]
RANKS = tuple(k / 8 for k in range(9))
SOBEL = np.array([[j * (2 - abs(i)) for j in range(-1, 2)] for i in range(-1, 2)], dtype=float)
LEVEL = {k: (k + 0.5) / 4 for k in range(4)}
E3 = np.array([-1.0, 0.0, 1.0])
MASKS = {k: np.outer(E3, E3) * (k + 1) for k in range(3)}


def gamma_mean(values):
    total = 0.0
    for v in values:
        total += GAMMA[int(abs(v) * 255) % 256]
    return total / len(values)


def gaussian(values):
    return float(np.sum(values * W.ravel()) / W.sum())


def cross_max(values):
    best = -math.inf
    for v, m in zip(values, FOOT):
        if m and v > best:
            best = v
    return best


def weighted_rank(values):
    s = sorted(values)
    return sum(w * x for w, x in zip(RANKS, s))


def sobel_x(values):
    return float(np.sum(values * SOBEL.ravel()))


def mask_energy(values):
    return float(np.sum(values * MASKS[int(abs(values[4]) * 3) % 3].ravel()))


def quantize(values):
    return LEVEL[int(abs(values[4]) * 4) % 4]
'''


@pytest.mark.parametrize("function", ["gamma_mean", "gaussian", "cross_max", "weighted_rank",
                                      "sobel_x", "quantize", "mask_energy"])
def test_filters_with_comprehension_tables_match_scipy(build, tmp_path, monkeypatch, llcc,
                                                       function):
    monkeypatch.setenv("LLCC", str(llcc))
    path = tmp_path / "filters.flt"
    path.write_text(FILTERS)
    lib = package.load(str(build(path, "--image-kernels")))
    namespace = {}
    exec(compile(FILTERS, str(path), "exec"), namespace)
    rng = np.random.default_rng(11)
    image = rng.random((19, 23))
    for mode in ("reflect", "constant", "nearest"):
        got = package.generic_filter(image, lib[function], size=3, mode=mode, cval=0.25)
        want = ndi.generic_filter(image, namespace[function], size=3, mode=mode, cval=0.25)
        assert (bits(got) == bits(want)).all(), (function, mode)
        direct = ndi.generic_filter(image, lib[function], size=3, mode=mode, cval=0.25)
        assert (bits(direct) == bits(want)).all(), (function, mode)


def compile_errors(llcc, tmp_path, source):
    path = tmp_path / "bad.flt"
    path.write_text(source + "\n\ndef f(values):\n    return values[0]\n")
    start = time.monotonic()
    proc = subprocess.run([str(llcc), str(path), "--check"], capture_output=True, text=True,
                          timeout=60)
    return proc, time.monotonic() - start


@pytest.mark.parametrize("source, where, text", [
    ("T = [k for k in range(10 ** 9)]", "1:17", "this range has 1000000000 items"),
    ("import numpy as np\nT = np.array([[i * j for j in range(2000)] for i in range(2000)])",
     "2:18", "makes more than 65536 values"),
    ("T = [k.imag for k in range(3)]", "1:6", "cannot compute this element"),
    ("T = [k for k in range(3) if k.imag]", "1:29", "cannot compute this filter"),
    ("T = [c for c in 'abc']", "1:17", "over range(...)"),
    ("T = [1.0 / k for k in range(3)]", "1:10", "ZeroDivisionError: float division by zero"),
    ("T = [a for a, b in range(3)]", "1:12", "cannot unpack non-iterable int object"),
])
def test_comprehension_errors_point_at_the_cause(llcc, tmp_path, source, where, text):
    proc, seconds = compile_errors(llcc, tmp_path, source)
    assert proc.returncode == 1, proc.stderr
    first = proc.stderr.splitlines()[0]
    assert f"bad.flt:{where}: error:" in first and text in first, first
    assert seconds < 20, seconds  # a huge range is refused, not run

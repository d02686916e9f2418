"""Module-level weight arrays computed when compiling (frontend/SemaConstFold.cpp).

np.arange and np.linspace of float arguments must equal numpy's own arrays
bit for bit (numpy's fill: element k of arange is start + k * delta;
linspace's k * step + start, stop itself last); the elementwise functions
that are not exact IEEE operations (np.exp, np.cos, ...) are the C
library's, the functions llcc's compiled code and CPython's math module
call, so they must equal math.exp & co. of numpy's grid bit for bit. Each
constant is read back through scipy.ndimage.generic_filter from a 1x1
footprint over an image of indices.
"""
import math
import re
import subprocess

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import bits, find_llcc
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

GRIDS = {
    "AR1": ("np.arange(0.1, 1.0, 0.1)", lambda: np.arange(0.1, 1.0, 0.1)),
    "AR2": ("np.arange(-1.5, 2.3, 0.7)", lambda: np.arange(-1.5, 2.3, 0.7)),
    "AR3": ("np.arange(1e-3, 0.02, 3e-3)", lambda: np.arange(1e-3, 0.02, 3e-3)),
    "AR4": ("np.arange(5, 0, -0.3)", lambda: np.arange(5, 0, -0.3)),
    "AR5": ("np.arange(2.5)", lambda: np.arange(2.5)),
    "AR6": ("np.arange(-7, 30, 4)", lambda: np.arange(-7, 30, 4)),
    "AR7": ("np.arange(-3, 4, 2, dtype=np.float64) / 2 + np.arange(4, dtype=float)",
            lambda: np.arange(-3, 4, 2, dtype=np.float64) / 2 + np.arange(4, dtype=float)),
    "LS1": ("np.linspace(0, 1, 7)", lambda: np.linspace(0, 1, 7)),
    "LS2": ("np.linspace(-3.3, 9.1, 13, endpoint=False)",
            lambda: np.linspace(-3.3, 9.1, 13, endpoint=False)),
    "LS3": ("np.linspace(1, 1, 5)", lambda: np.linspace(1, 1, 5)),
    "LS4": ("np.linspace(2.5, -1.0, num=4)", lambda: np.linspace(2.5, -1.0, num=4)),
    "LS5": ("np.linspace(0.1, 0.7)", lambda: np.linspace(0.1, 0.7)),
    "LS6": ("np.linspace(3, 4, 1)", lambda: np.linspace(3, 4, 1)),
    "PW1": ("np.linspace(-2, 2, 9) ** 2 + np.linspace(0, 4, 9) ** 0.5",
             lambda: np.linspace(-2, 2, 9) ** 2 + np.linspace(0, 4, 9) ** 0.5),
    "PW2": ("np.arange(1, 6) ** 0.5 - np.arange(1.0, 6.0) ** -1 + np.arange(0.5, 5) ** 3",
             lambda: np.arange(1, 6) ** 0.5 - np.arange(1.0, 6.0) ** -1 + np.arange(0.5, 5) ** 3),
    "EX1": ("np.sqrt(np.abs(np.arange(-3, 4))) * np.pi",
            lambda: np.sqrt(np.abs(np.arange(-3, 4))) * np.pi),
    # Calls computed when compiling (frontend/SemaConstCalls.cpp).
    "BA1": ("np.bartlett(11)", lambda: np.bartlett(11)),
    "BA2": ("np.bartlett(8) * np.ones(8) / 3", lambda: np.bartlett(8) * np.ones(8) / 3),
    "EY1": ("np.eye(4, 5, k=-1).ravel()", lambda: np.eye(4, 5, k=-1).ravel()),
    "WN1": ("np.hanning(1) * 2 + np.hamming(1)", lambda: np.hanning(1) * 2 + np.hamming(1)),
    "CMP": ("(np.arange(6) > 2) * 1.5", lambda: (np.arange(6) > 2) * 1.5),
}
# np.hanning, np.hamming and np.blackman are numpy's formulas with np.cos.
_WINDOW_N = {M: np.arange(1 - M, M, 2) for M in (12, 31)}
# Transcendental functions: np.exp and np.log are numpy's own everywhere
# (test_numpy_exp_log.py), compared with numpy. np.cos (so the windows) and
# np.tanh are numpy's own where numpy runs its SVML (AVX512_SKX: compared
# with numpy, NUMPY_ON_SKX; np.tanh also on AVX2 + FMA3) and the C library's
# elsewhere (compared with CPython's math module of numpy's grid).
LIBM = {
    "LM1": ("np.exp(-np.linspace(-3, 3, 11) ** 2 / 2)", np.linspace(-3, 3, 11),
            lambda g: np.exp(-g ** 2 / 2)),
    "LM2": ("np.cos(np.linspace(0, 2 * np.pi, 9))", np.linspace(0, 2 * np.pi, 9),
            lambda g: [math.cos(x) for x in g]),
    "LM3": ("np.log(np.arange(1, 10))", np.arange(1, 10), lambda g: np.log(g)),
    "LM4": ("np.tanh(np.arange(-2.0, 2.0, 0.5))", np.arange(-2.0, 2.0, 0.5),
            lambda g: [math.tanh(x) for x in g]),
    "HN1": ("np.hanning(31)", np.pi * _WINDOW_N[31] / 30,
            lambda g: [0.5 + 0.5 * math.cos(a) for a in g]),
    "HM1": ("np.hamming(12)", np.pi * _WINDOW_N[12] / 11,
            lambda g: [0.54 + 0.46 * math.cos(a) for a in g]),
    "BL1": ("np.blackman(31)", _WINDOW_N[31],
            lambda g: [0.42 + 0.5 * math.cos(math.pi * n / 30)
                       + 0.08 * math.cos(2.0 * math.pi * n / 30) for n in g]),
}
NUMPY_ON_SKX = {"LM2": lambda: np.cos(np.linspace(0, 2 * np.pi, 9)),
                "LM4": lambda: np.tanh(np.arange(-2.0, 2.0, 0.5)),
                "HN1": lambda: np.hanning(31), "HM1": lambda: np.hamming(12),
                "BL1": lambda: np.blackman(31)}
try:
    from numpy.core._multiarray_umath import __cpu_features__ as _CPU
except ImportError:  # numpy >= 2
    from numpy._core._multiarray_umath import __cpu_features__ as _CPU
_SKX = bool(_CPU.get("AVX512_SKX"))
# numpy's own tanh loop runs on AVX2 + FMA3 CPUs as well (llcc follows it
# there: frontend/NumpyExpLog.h numpyFmaTanh).
_FMA_TANH = _SKX or bool(_CPU.get("AVX2") and _CPU.get("FMA3"))


def source():
    lines = ["import numpy as np", ""]
    for name, (expr, *_) in {**GRIDS, **LIBM}.items():
        lines.append(f"{name} = {expr}")
    lines.append("")
    for name in {**GRIDS, **LIBM}:
        lines += ["", "", f"def get_{name.lower()}(values):",
                  f"    return {name}[int(values[0])] + len({name}) * 0.0"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    path = tmp_path_factory.mktemp("constants") / "grids.flt"
    path.write_text(source())
    return llcc.compile(path)


def read_back(lib, name, n):
    index = np.arange(float(n)).reshape(1, n)
    return ndi.generic_filter(index, lib[f"get_{name.lower()}"], size=1)[0]


@pytest.mark.parametrize("name", sorted(GRIDS))
def test_grid_equals_numpy(lib, name):
    want = np.asarray(GRIDS[name][1](), dtype=float)
    got = read_back(lib, name, len(want))
    assert np.array_equal(bits(got), bits(want)), (got, want)


@pytest.mark.parametrize("name", sorted(LIBM))
def test_libm_function_equals_math(lib, name):
    expr, grid, fn = LIBM[name]
    numpy_own = _SKX or (name == "LM4" and _FMA_TANH)
    want = np.array(NUMPY_ON_SKX[name]() if numpy_own and name in NUMPY_ON_SKX else fn(grid),
                    dtype=float)
    got = read_back(lib, name, len(want))
    assert np.array_equal(bits(got), bits(want)), (got, want)


# Scalar constants computed by calls, and the CPython exception of one that
# raises, as a compile error.
SCALARS = {
    "SQ": ("math.sqrt(2) * math.exp(0.5) / math.log10(7)", math.sqrt(2) * math.exp(0.5) / math.log10(7)),
    "TR": ("math.sin(1) + math.tan(0.3) + math.acos(0.2) + math.sinh(1.5)",
           math.sin(1) + math.tan(0.3) + math.acos(0.2) + math.sinh(1.5)),
    "NP": ("np.sqrt(3) + np.arctan2(1, 2) + np.hypot(3.0, 4.5) + np.square(1.5) + np.power(2.0, 0.3)",
           float(np.sqrt(3) + np.arctan2(1, 2) + np.hypot(3.0, 4.5) + np.square(1.5)
                 + np.power(2.0, 0.3))),
    "IN": ("int(-7.9) + round(3.5) + round(1234, -2) + math.trunc(-2.5) + abs(-4)",
           int(-7.9) + round(3.5) + round(1234, -2) + math.trunc(-2.5) + abs(-4)),
    "MM": ("min(3, 2.5, 7) - max(-1, -1.5) + float(True)", min(3, 2.5, 7) - max(-1, -1.5) + 1.0),
    "PW": ("2 ** -2 + 1.5 ** 3 + math.pow(2, 0.5) + math.fmod(7.5, 2)",
           2 ** -2 + 1.5 ** 3 + math.pow(2, 0.5) + math.fmod(7.5, 2)),
}


def test_scalar_calls_equal_cpython(tmp_path):
    lines = ["import math", "import numpy as np", ""]
    lines += [f"{name} = {expr}" for name, (expr, _) in SCALARS.items()]
    lines += ["", "", "def get(values):", "    return (" + ", ".join(SCALARS) + ")[int(values[0])]"]
    path = tmp_path / "scalars.flt"
    path.write_text("\n".join(lines) + "\n")
    got = ndi.generic_filter(np.arange(float(len(SCALARS))).reshape(1, -1),
                             llcc.compile(path).get, size=1)[0]
    want = np.array([v for _, v in SCALARS.values()], dtype=float)
    assert np.array_equal(bits(got), bits(want)), (got, want)


@pytest.mark.parametrize("expr, raised", [
    ("math.sqrt(-1)", "ValueError: math domain error"),
    ("math.log(0)", "ValueError: math domain error"),
    ("math.exp(1000)", "OverflowError: math range error"),
    ("math.pow(0.0, -1.0)", "ValueError: math domain error"),
    ("int(math.nan)", "ValueError: cannot convert float NaN to integer"),
    ("round(float('inf'))", "OverflowError: cannot convert float infinity to integer"),
    ("1 / math.floor(0.5)", "ZeroDivisionError: division by zero"),
    ("math.sqrt(2) / 0.0", "ZeroDivisionError: float division by zero"),
    ("math.factorial(-1)", "ValueError: factorial() not defined for negative values"),
    ("10.0 ** math.sqrt(1e5)", "OverflowError: (34, 'Numerical result out of range')"),
])
def test_raising_constant_is_a_compile_error(request, tmp_path, expr, raised):
    binary = request.getfixturevalue("llcc")  # the llcc binary (conftest.py)
    with pytest.raises(Exception):
        exec(f"import math\nK = {expr}", {})
    path = tmp_path / "bad.flt"
    path.write_text(f"import math\nimport numpy as np\nK = {expr}\n\n\ndef f(values):\n    return K\n")
    proc = subprocess.run([str(binary), str(path), "--check"], capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert f"bad.flt:3:" in proc.stderr and f"CPython raises {raised}" in proc.stderr, proc.stderr


# Grids unpacked at module level (np.mgrid, np.ogrid, np.meshgrid,
# np.indices), tuple
# unpacking, augmented assignments and broadcasting (frontend/
# SemaModuleAssign.cpp, SemaConstMake.cpp): each array read back element
# by element must equal CPython's module bit for bit, dtype included.
UNPACKED = """
import numpy as np
Y, X = np.mgrid[-2:3, -1:2]
FY, FX = np.mgrid[0:1:0.25, -1:1.2:0.3]
ONE = np.mgrid[-1.5:2:0.5]
M0 = np.mgrid[0:3, 0:2][1] * 10
OY, OX = np.ogrid[-1:2, 0:4]
OR2 = OX ** 2 + OY ** 2
x = np.arange(-2, 3)
XX, YY = np.meshgrid(x, x * 0.5)
IA, IB = np.meshgrid(np.arange(3), np.arange(4), indexing="ij")
SA, SB = np.meshgrid(x, np.arange(2), sparse=True)
NI, NJ = np.indices((4, 3))
(N1,) = np.indices((5,))
NC = (NI - 1.5) * (NJ - 1)
R2 = XX ** 2 + YY ** 2
DISK = R2 <= 2
COLROW = x.reshape(5, 1) * x
G = np.sqrt(R2 + 1.0)
G /= G.sum()
G *= 2
I = np.arange(6).reshape(2, 3)
I *= 3
I -= I.T.ravel().reshape(2, 3)
I **= 2
LO, HI = 0.25, 3
LO, HI = HI, LO
P, Q = (1.5, 2.5)
R0, R1 = np.array([[1.0, 2.0], [3.0, 4.0]]) * 2
E0, E1, E2 = np.arange(3) * 1.5
H, W = G.shape
S = HI
S += 1
S /= 4
MX = R2.max() + R2.min() * 10 + G.mean()
"""
UNPACKED_ARRAYS = ["Y", "X", "FY", "FX", "ONE", "M0", "OY", "OX", "OR2", "XX", "YY", "IA",
                   "IB", "SA", "SB", "NI", "NJ", "N1", "NC", "R2", "DISK", "COLROW", "G", "I", "R0", "R1"]
UNPACKED_NUMBERS = ["LO", "HI", "P", "Q", "E0", "E1", "E2", "H", "W", "S", "MX"]


def test_unpacked_grids_equal_cpython(tmp_path):
    ns = {}
    exec(UNPACKED, ns)
    source = UNPACKED
    for name in UNPACKED_ARRAYS:
        source += (f"\n\ndef get_{name.lower()}(values):\n"
                   f"    return float({name}.ravel()[int(values[0])])\n")
    source += "\n\ndef numbers(values):\n    return float((" + ", ".join(UNPACKED_NUMBERS) + \
        ")[int(values[0])])\n"
    path = tmp_path / "unpacked.flt"
    path.write_text(source)
    lib = llcc.compile(path)
    for name in UNPACKED_ARRAYS:
        want = np.asarray(ns[name])
        assert want.dtype in (np.int64, np.float64, np.bool_), name
        got = read_back(lib, name, want.size)
        assert np.array_equal(bits(got), bits(want.ravel().astype(float))), (name, got, want)
    want = np.array([float(ns[n]) for n in UNPACKED_NUMBERS])
    got = ndi.generic_filter(np.arange(float(len(want))).reshape(1, -1), lib.numbers, size=1)[0]
    assert np.array_equal(bits(got), bits(want)), (got, want)


def test_unpacked_grid_dtypes_match_numpy(tmp_path):
    """Int grids stay int64 (X ** 2 an int, / a float), as numpy's."""
    path = tmp_path / "dtypes.flt"
    path.write_text("import numpy as np\nY, X = np.mgrid[-2:3, -2:3]\nQ = X ** 2 + Y\n"
                    "D = Q / 2\n\n\ndef f(values):\n    return values[0]\n")
    proc = subprocess.run([str(find_llcc()), str(path), "--emit", "typed-ast"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Constant Q @3:1 : intp array" in proc.stdout, proc.stdout
    assert "Constant D @4:1 : float64 array" in proc.stdout, proc.stdout


@pytest.mark.parametrize("prelude, raised", [
    ("G = np.arange(3)\nG /= 2", "UFuncTypeError"),
    ("G = np.arange(4)\nG *= 1.5", "UFuncTypeError"),
    ("M = np.arange(3) > 1\nM += 1", "UFuncTypeError"),
    ("G = np.ones(3)\nG += np.ones((2, 3))",
     "ValueError: non-broadcastable output operand with shape (3,) doesn't match the broadcast "
     "shape (2,3)"),
    ("A, B = np.mgrid[0:2, 0:2, 0:2]", "ValueError: too many values to unpack (expected 2)"),
    ("A, B, C = np.meshgrid(np.arange(2), np.arange(3))",
     "ValueError: not enough values to unpack (expected 3, got 2)"),
    ("A, B = 1, 2, 3", "ValueError: too many values to unpack (expected 2)"),
    ("G = np.arange(3) + np.arange(4)",
     "ValueError: operands could not be broadcast together with shapes (3,) (4,)"),
])
def test_module_assignment_raising_is_a_compile_error(tmp_path, prelude, raised):
    with pytest.raises(Exception) as info:
        exec("import numpy as np\n" + prelude, {})
    if raised == "UFuncTypeError":
        assert isinstance(info.value, np.core._exceptions.UFuncTypeError)
        raised = "UFuncTypeError): " + str(info.value)
    else:
        assert str(info.value).strip() in raised  # numpy ends one message with a space
    path = tmp_path / "bad.flt"
    path.write_text(f"import numpy as np\n{prelude}\n\n\ndef f(values):\n    return 0.0\n")
    proc = subprocess.run([str(find_llcc()), str(path), "--check"], capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert re.search(r"bad\.flt:\d+:\d+: error: ", proc.stderr), proc.stderr
    assert raised in proc.stderr, proc.stderr


def test_in_place_update_of_a_shared_array_is_a_compile_error(tmp_path):
    """`H = G.T` shares G's memory, so `G -= 1` changes H too in CPython;
    llcc says so rather than compute a stale H."""
    path = tmp_path / "views.flt"
    path.write_text("import numpy as np\nG = np.ones((2, 2))\nH = G.T\nG -= 1\n\n\n"
                    "def f(values):\n    return float(H[0, 0])\n")
    proc = subprocess.run([str(find_llcc()), str(path), "--check"], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "views.flt:4:1: error: 'G' shares its memory with 'H'" in proc.stderr, proc.stderr

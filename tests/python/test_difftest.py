"""A fixed-seed slice of the differential test (tests/difftest/run.py).

200 random well-typed programs from tests/difftest/gen.py, each compiled by
llcc and run through scipy.ndimage.generic_filter against CPython running
the same source; see run.py for the tolerance rule. Longer runs:
``/usr/bin/python3 tests/difftest/run.py --count 5000 --seed S``.
"""
import sys
from pathlib import Path

import pytest

DIFFTEST = Path(__file__).resolve().parents[1] / "difftest"
sys.path.insert(0, str(DIFFTEST))
import run  # noqa: E402

SEED = 910000
COUNT = 200


def test_generator_is_deterministic():
    assert run.gen.generate(SEED) == run.gen.generate(SEED)


def test_generated_programs_are_python():
    import ast
    for seed in range(SEED, SEED + 50):
        ast.parse(run.gen.generate(seed)[0])


def test_difftest_slice(llcc, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LLCC", str(llcc))
    status = run.main(["--count", str(COUNT), "--seed", str(SEED), "--quiet",
                       "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert status == 0, f"llcc differs from CPython (programs in {tmp_path}):\n{out[-6000:]}"


# Differences the difftest found, fixed, and kept here as minimal
# reproducers run directly through ctypes against CPython.

def outcomes_direct(llcc, tmp_path, source, buffers, opt="-O2"):
    """(llcc, CPython) outcomes of f over `buffers`, each 'value' or 'Error'."""
    import ctypes
    import subprocess
    import numpy as np
    (tmp_path / "known.flt").write_text(source)
    proc = subprocess.run([str(llcc), "known.flt", "-o", "known.so", opt], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    func = ctypes.PyDLL(str(tmp_path / "known.so")).f
    func.restype = ctypes.c_int
    namespace = {}
    exec(source, namespace)
    compiled, python = [], []
    for values in buffers:
        buf = np.array(values, dtype=np.float64)
        out = ctypes.c_double()
        try:
            func(buf.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), buf.size,
                 ctypes.byref(out), None)
            compiled.append(repr(out.value))
        except Exception as exc:  # noqa: BLE001
            compiled.append(type(exc).__name__)
        try:
            python.append(repr(float(namespace["f"](buf))))
        except Exception as exc:  # noqa: BLE001
            python.append(type(exc).__name__)
    return compiled, python


@pytest.mark.parametrize("opt", ["-O0", "-O1", "-O2", "-O3"])
def test_power_one_half_is_pow_not_sqrt(llcc, tmp_path, opt):
    # sqrt and the C library's pow round these differently; CPython (numpy
    # float64 ** 0.5) calls pow, and so must llcc at every level.
    source = "def f(values):\n    return values[0] ** 0.5 + values[1] * 0.0\n"
    buffers = [[x, 1.0] for x in (8.043076207169698e+63, 6.391108790301398e+181,
                                  1.2538995648273655e-223)]
    compiled, python = outcomes_direct(llcc, tmp_path, source, buffers, opt)
    assert compiled == python


def test_isfinite_of_an_int_still_evaluates_its_argument(llcc, tmp_path):
    # llcc answers isfinite/isnan/isinf of an int without looking at the
    # value, but the argument's own errors must still happen.
    source = ("import math\n\ndef f(values):\n    k = len(values) - 2\n"
              "    b = math.isfinite(7 % k)\n    return 1.0 if b else 0.0\n")
    compiled, python = outcomes_direct(llcc, tmp_path, source, [[1.0, 2.0], [1.0, 2.0, 3.0]])
    assert python == ["ZeroDivisionError", "1.0"]
    assert compiled == python


@pytest.mark.parametrize("source", [
    # Python floats on both sides: CPython's float rules raise
    "def f(values):\n    x = 1.5\n    return x / (len(values) - len(values))\n",
    "def f(values):\n    return 1.0 // (len(values) - 9.0)\n",
    "def f(values, p=0.0):\n    return 2.5 % p\n",
    "def f(values):\n    return (len(values) - 9.0) ** -1\n",
    "def f(values):\n    return pow(0.0 * len(values), -2)\n",
    "def f(values):\n    return 10.0 ** (len(values) * 100)\n",
    # a negative Python float to a fractional power is a complex number in
    # CPython, not an error (llcc: nan), so an unused one must not raise
    "def f(values):\n    x = (len(values) - 10.0) ** 0.5\n    return 1.0\n",
    "def f(values):\n    s = 0.0\n    for i in range(3):\n        s += 0.5\n"
    "    return 1.0 / (s - 1.5)\n",
    "def f(values):\n    k = h(len(values) - 9.0)\n    return 3.0 / k\n\n"
    "def h(a):\n    return a * 2\n",
    # a numpy float on either side: numpy's inf and nan
    "def f(values):\n    return values[0] / (len(values) - 9.0)\n",
    "import math\n\ndef f(values):\n    return math.sqrt(2.0) / (values[0] * 0.0)\n",
    "def f(values):\n    s = 0.0\n    for v in values:\n        s += v\n    return 1.0 / (s - s)\n",
    "def f(values):\n    k = h(values[0])\n    return 3.0 % k\n\ndef h(a):\n    return a * 2\n",
    "def f(values):\n    return (values[0] * 0.0) ** -1.0 + values[1] ** 1000.0\n",
])
def test_python_and_numpy_floats_divide_by_zero_as_cpython(llcc, tmp_path, source):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compiled, python = outcomes_direct(llcc, tmp_path, source,
                                           [[0.0, 9.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]])
    assert compiled == python


def test_int_true_division_by_zero_raises_like_cpython(llcc, tmp_path):
    source = "def f(values):\n    n = len(values) - len(values)\n    return 1 / n\n"
    compiled, python = outcomes_direct(llcc, tmp_path, source, [[1.0, 2.0]])
    assert python == ["ZeroDivisionError"]
    assert compiled == python


def test_int_to_runtime_negative_power_is_a_float(llcc, tmp_path):
    source = "def f(values):\n    n = 1 - len(values)\n    return 2 ** n\n"
    compiled, python = outcomes_direct(llcc, tmp_path, source, [[1.0, 2.0], [1.0], [4.0] * 5])
    assert python == ["0.5", "1.0", "0.0625"]
    assert compiled == python


def test_zero_to_runtime_negative_power_raises(llcc, tmp_path):
    source = ("def f(values):\n    n = 1 - len(values)\n    b = len(values) - 2\n"
              "    return b ** n\n")
    compiled, python = outcomes_direct(llcc, tmp_path, source,
                                       [[1.0, 2.0], [1.0, 2.0, 3.0, 4.0]])
    assert python == ["ZeroDivisionError", "0.125"]
    assert compiled == python


def test_mixed_min_keeps_the_int_sign_of_zero(llcc, tmp_path):
    source = "def f(values):\n    return -abs(min(values[0] * 0.0 + 1.5, 0))\n"
    compiled, python = outcomes_direct(llcc, tmp_path, source, [[2.0], [-1.0]])
    assert python == ["0.0", "0.0"]
    assert compiled == python


def test_mixed_min_int_modulo_by_zero_raises(llcc, tmp_path):
    source = ("def f(values):\n    x = min(values[0] * 0.0 + 1.5, 0)\n"
              "    return 7 % x\n")
    compiled, python = outcomes_direct(llcc, tmp_path, source, [[2.0]])
    assert python == ["ZeroDivisionError"]
    assert compiled == python


@pytest.mark.parametrize("body", [
    # a variable that is an int on one path and a float on another
    "    x = 0\n    if values[0] > 1:\n        x = values[0]\n    return 1 // x\n",
    "    s = 0\n    for v in values:\n        if v > 2:\n            s += v\n    return -s\n",
    "    s = 0\n    for v in values:\n        if v > 2:\n            s += v\n    return 1 / s\n",
    # ternary, and/or keep the chosen operand's type
    "    x = 0 if values[0] < 1.5 else values[0]\n    return 5 % x\n",
    "    x = values[0] > 1.5 and values[0]\n    return -(x * 0)\n",
    "    x = values[0] - values[0] or 0\n    return -x\n",
    # max with an int, then int-only operations checked at run time
    "    k = max(0, values[0] - 2)\n    return values[k] if k < 1 else 3.0\n",
    "    k = max(1, values[0])\n    return float(k << 1)\n",
    "    k = max(0, values[0] - 3)\n    return round(k) + int(k) + abs(-k)\n",
    # a helper called with an int and with a float
    "    return h(0) % 1 + h(values[0])\n",
])
def test_int_or_float_values_match_cpython(llcc, tmp_path, body):
    source = "def f(values):\n" + body
    if "h(" in body:
        source += "\n\ndef h(a):\n    return -a\n"
    buffers = [[0.5, 1.0], [2.0, 3.0], [3.0, 1.0, 4.0], [5.0, -0.0]]
    compiled, python = outcomes_direct(llcc, tmp_path, source, buffers)
    assert compiled == python


# numpy's min/max of equal zeros of both signs depend on its SIMD lanes
# (docs/language.md, Numerics); run.py reruns such programs with reductions
# that keep the first of equal values, llcc's documented choice.

def test_first_of_equal_reductions_match_their_definition():
    import numpy as np
    rng = np.random.default_rng(7)
    run._FirstOfEqual.active = True
    try:
        for _ in range(300):
            shape = tuple(rng.integers(1, 5, size=rng.integers(1, 3)))
            a = rng.choice([0.0, -0.0, 1.0, -1.0, np.nan], size=shape, p=[.4, .4, .08, .08, .04])
            flat = list(a.ravel())
            nans = [x for x in flat if x != x]
            first_min = nans[0] if nans else min(flat)   # Python's min keeps the first
            first_max = nans[0] if nans else max(flat)
            assert np.min(a).hex() == first_min.hex() if first_min == first_min \
                else np.isnan(np.min(a))
            assert a.max().hex() == first_max.hex() if first_max == first_max \
                else np.isnan(a.max())
            numbers = [x for x in flat if x == x]
            if numbers:
                assert np.nanmin(a).hex() == min(numbers).hex()
                assert np.nanmax(a).hex() == max(numbers).hex()
            if a.ndim == 2:
                for k, column in enumerate(a.T):
                    lane = [x for x in column]
                    want = [x for x in lane if x != x][:1] or [min(lane)]
                    got = np.min(a, axis=0)[k]
                    assert got.hex() == want[0].hex() or (got != got and want[0] != want[0])
    finally:
        run._FirstOfEqual.active = False
    # Inactive, they are numpy's own reductions.
    zeros = np.zeros(9)
    zeros[-1] = -0.0
    assert np.max(zeros).hex() == np.maximum.reduce(zeros).hex()

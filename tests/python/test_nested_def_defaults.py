"""A nested def's default naming a parameter or local of the enclosing
function (def g(x, k=s)), against CPython through generic_filter: the value
the name holds when the def runs, passed at each call that omits it."""
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace, run_llcc

SOURCE = Path(__file__).resolve().parent / "library" / "nested_def_defaults.flt"
NAMES = ["scaled", "centred", "by_key"]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@pytest.mark.parametrize("kind", ["ints", "normal", "special"])
@pytest.mark.parametrize("size", [3, (3, 4)])
def test_matches_cpython(compiled, kind, size):
    rng = np.random.default_rng(3)
    if kind == "ints":
        img = rng.integers(-3, 4, (8, 9)).astype(float)
    elif kind == "normal":
        img = rng.normal(size=(8, 9))
    else:
        img = rng.integers(-2, 3, (8, 9)).astype(float)
        img[rng.random(img.shape) < 0.1] = np.nan
        img[0, 0] = -0.0
        img[1, 1] = np.inf
    assert_same_outcomes(compiled, NAMES, img, size)


@pytest.mark.parametrize("body, message", [
    ("    t = 1.0\n    for v in values:\n        t = t + v\n    def g(x, k=t):\n        return x * k\n"
     "    return g(values[0])\n", "the default of 'k' reads 't' of 'f' (assigned more than once)"),
    ("    def g(x, k=s * 2):\n        return x * k\n    return g(values[0])\n",
     "the default of 'k' reads 's' of 'f' in an expression"),
    ("    def g(x, k=s):\n        return x * k\n    return max(values, key=g)\n",
     "call 'g' directly rather than pass it as a value"),
])
def test_unsupported_forms_say_what_to_write(request, tmp_path, body, message):
    llcc_path = request.getfixturevalue("llcc")
    src = tmp_path / "bad.flt"
    src.write_text("def f(values, s=3.0):\n" + body)
    proc = run_llcc(llcc_path, src, "-o", tmp_path / "bad.so")
    assert proc.returncode == 1
    assert message in proc.stderr, proc.stderr

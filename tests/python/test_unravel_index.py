"""np.unravel_index(k, shape) of one index against numpy through SciPy.

The filters of syntax/unravel.flt run in test_syntax_breadth.py (with the
ValueError of an index beyond the window, "index 9 is out of bounds for
array with size 9"); here run-time shapes bound as parameters cover numpy
1.24's C code case by case: zero and negative dimensions, the product's
overflow (and its -1 sentinel), negative indices, one to three
dimensions. Each outcome, values or the exception's class and message,
must be numpy's.
"""
import itertools
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import run_llcc

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

SOURCE = '''
import numpy as np


def pos2(values, k=0, r=3, c=3):
    a, b = np.unravel_index(k, (r, c))
    return float(a * 1000 + b) + values[0] * 0.0


def pos3(values, k=0, r=3, c=3, d=3):
    t = np.unravel_index(k, (r, c, d))
    return float(t[0] * 1000000 + t[1] * 1000 + t[2]) + values[0] * 0.0


def pos1(values, k=0, n=3):
    (a,) = np.unravel_index(k, n)
    return float(a)
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unravel")
    source = folder / "unravel.flt"
    source.write_text(SOURCE)
    namespace = {}
    exec(compile(SOURCE, str(source), "exec"), namespace)
    return llcc.compile(source), namespace


def outcome(call):
    try:
        return "ok", call()
    except Exception as e:  # noqa: BLE001 - the exception is the outcome
        return type(e).__name__, str(e).split(": ", 1)[-1] if ".flt:" in str(e) else str(e)


CASES = ([("pos1", (k, n)) for k in (-1, 0, 2, 3) for n in (-1, 0, 3)]
         + [("pos2", (k, r, c)) for r, c in itertools.product((-2, -1, 0, 1, 3), repeat=2)
            for k in (-1, 0, 1, 2, 5, 9)]
         + [("pos2", (5, 2**62, 4)), ("pos2", (5, 2**40, 2**40)), ("pos2", (7, 2**62, -2)),
            ("pos3", (7, 2, 2, 2)), ("pos3", (8, 2, 2, 2)), ("pos3", (3, 0, 2**62, 4)),
            ("pos3", (26, 3, 3, 3)), ("pos3", (2, -1, -1, 3)), ("pos3", (1, -1, 2, 2**62))])


@pytest.mark.parametrize("name, args", CASES, ids=[f"{n}{a}" for n, a in CASES])
def test_matches_numpy(built, name, args):
    lib, namespace = built
    image = np.arange(4.0).reshape(2, 2)
    keys = {"pos1": ("k", "n"), "pos2": ("k", "r", "c"), "pos3": ("k", "r", "c", "d")}[name]
    got = outcome(lambda: ndi.generic_filter(
        image, getattr(lib, name).bind(**dict(zip(keys, args))), size=1))
    want = outcome(lambda: namespace[name](image[:1, 0], *args))
    if want[0] == "ok":
        assert got[0] == "ok", got
        assert np.all(got[1] == want[1]), (got, want)
    else:
        assert got == want


REFUSED = {
    "float_index": ("def f(values):\n    r, c = np.unravel_index(1.5, (3, 3))\n"
                    "    return float(r)\n", "only int indices permitted", 2, 29),
    "array_of_indices": ("def f(values):\n    r, c = np.unravel_index(values, (3, 3))\n"
                         "    return float(r)\n", "an array of indices", 2, 29),
    "order": ("def f(values):\n    r, c = np.unravel_index(1, (3, 3), order='F')\n"
              "    return float(r)\n", "order= is not supported", 2, 40),
    "float_shape": ("def f(values):\n    r, c = np.unravel_index(1, (3.0, 3))\n"
                    "    return float(r)\n", "shape must be a tuple of ints", 2, 32),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_forms_are_diagnosed(llcc, tmp_path, name):
    text, message, line, col = REFUSED[name]
    source = tmp_path / f"{name}.flt"
    source.write_text("import numpy as np\n" + text)
    proc = run_llcc(llcc, source, "--check")
    assert proc.returncode == 1
    assert f"{name}.flt:{line + 1}:{col}: error: " in proc.stderr and message in proc.stderr, \
        proc.stderr

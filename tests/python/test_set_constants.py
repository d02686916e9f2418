"""Module-level set constants (`VALID = {1, 2, 3}`, frozensets, sets of
tuples) read by filters: `in`, len, iteration in CPython's order, the set
operators and comparisons with local sets, compared with CPython running
the same file through the same SciPy calls; changing one is refused."""
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "const_containers" / "set_constants.flt"
NAMES = ["in_valid", "set_len", "iterate", "operators", "neighbours", "ordered",
         "comprehension", "copied"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def image():
    rng = np.random.default_rng(5)
    img = rng.integers(-2, 9, (19, 15)).astype(np.float64)
    img[2, 3] = np.nan
    img[7, 8] = 2.5
    return img


@pytest.mark.parametrize("name", NAMES)
def test_matches_cpython(lib, py, image, name):
    want = ndi.generic_filter(image, py[name], size=3)
    got = ndi.generic_filter(image, getattr(lib, name), size=3)
    assert np.array_equal(got, want, equal_nan=True)


@pytest.mark.parametrize("body,message", [
    ("S = {1, 2}\ndef f(values):\n    S.add(3)\n    return 1.0\n",
     "'S' is a module-level set constant; llcc cannot change it"),
    ("S = frozenset({1, 2})\ndef f(values):\n    S.discard(1)\n    return 1.0\n",
     "'S' is a module-level frozenset constant; llcc cannot change it"),
    ("S = {1, 2}\ndef g(s):\n    return len(s)\ndef f(values):\n    return g(S)\n",
     "pass a copy: set(S)"),
    ("S = {1, x}\ndef f(values):\n    return 1.0\n",
     "a set constant's elements must be int, float or bool literals"),
    ("S = {1, 2}\nT = S | {3}\ndef f(values):\n    return 1.0\n",
     "'S' is a set constant, read only inside functions"),
])
def test_refused(tmp_path, body, message):
    src = tmp_path / "bad.flt"
    src.write_text(body)
    with pytest.raises(llcc.CompileError) as info:
        llcc.compile(src)
    assert message in str(info.value)

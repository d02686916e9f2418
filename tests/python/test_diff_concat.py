"""np.diff along an axis of 2-D arrays, and np.concatenate of tuples with
lists in them, against CPython and numpy 1.24 through SciPy's generic_filter.

tests/python/library/diff_concat.flt exports one filter per form (total
variation, second differences, differences of masks, padding a line with a
list before np.cumsum). Compiled and under CPython the results must be
identical, NaN, infinities and signed zeros included, or both raise the same
exception class.
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import (CompiledLibrary, assert_same_outcomes, exported_functions,
                      python_namespace, run_llcc)

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library" / "diff_concat.flt"
NAMES = exported_functions(SOURCE.read_text())


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(21)
    yield rng.integers(-5, 6, (7, 8)).astype(float)
    yield rng.normal(0.0, 3.0, (7, 8))
    img = rng.integers(-4, 5, (7, 8)).astype(float) * 0.5
    img.flat[[3, 17, 30, 31, 44, 50]] = [np.nan, np.inf, -0.0, -np.inf, 1e308, -1e308]
    yield img


@pytest.mark.parametrize("size", [(3, 3), (1, 3), (4, 4), (5, 5)])
def test_forms_match_cpython(compiled, size):
    assert len(NAMES) >= 10
    for img in images():
        assert_same_outcomes(compiled, NAMES, img, size)


@pytest.mark.parametrize("call, message", [
    ("np.diff(w, axis=2)", "axis 2 is out of bounds for an array of dimension 2"),
    ("np.diff(values, axis=1)", "axis 1 is out of bounds for an array of dimension 1"),
    ("np.diff(w, n=-1, axis=0)", "order must be non-negative but got -1"),
    ("np.diff(w, n=7, axis=0)", "of order 7 is not supported in llcc (at most 6)"),
    ("np.diff(w, n=int(values[0]), axis=0)", "np.diff's n of a 2-D array must be a constant"),
    ("np.diff(w, axis=int(values[0]))", "np.diff's axis= must be a constant int"),
    ("np.diff(values[:4].reshape(int(values[0]), 2), axis=0)",
     "np.diff of a 2-D array whose shape is known only at run time"),
])
def test_diff_misuse_is_a_compile_error(llcc, tmp_path, call, message):
    src = tmp_path / "bad.flt"
    src.write_text("import numpy as np\n\n\ndef f(values):\n    w = values.reshape(3, 3)\n"
                   f"    d = {call}\n    return 1.0\n")
    proc = run_llcc(llcc, "--check", src)
    assert proc.returncode == 1, proc.stderr
    assert message in proc.stderr
    assert "bad.flt:6:" in proc.stderr

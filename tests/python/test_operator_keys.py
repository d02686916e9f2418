"""The operator module (operator.mul, itemgetter, operator.add(a, b)) and
library functions given as key= (np.abs, math.fabs, len), end to end.

tests/python/syntax/operator_keys.flt holds them as filters write them;
each runs through scipy.ndimage.generic_filter compiled by llcc and as the
same Python function under CPython, on images with ties, NaNs, infinities
and zeros of both signs: the same values or the same exception. Misuses
are compile errors with a ``file:line:col: error:`` diagnostic and no
output file.
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import (CompiledLibrary, assert_same_outcomes, exported_functions,
                      python_namespace, run_llcc)

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "syntax" / "operator_keys.flt"
NAMES = exported_functions(SOURCE.read_text())


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(21)
    yield rng.integers(0, 3, (7, 8)).astype(float)  # ties: itemgetter keeps order
    yield rng.normal(0.0, 1.0, (7, 8))
    img = rng.integers(-2, 3, (6, 7)).astype(float)
    img[img == 0] = -0.0
    img.flat[::4] = 0.0
    yield img
    img = rng.normal(0.0, 3.0, (7, 8))
    img.flat[[3, 17, 18, 30, 41]] = [np.nan, np.inf, np.nan, -np.inf, 0.5]
    yield img


@pytest.mark.parametrize("size", [(3, 3), (2, 3), (4, 4)])
def test_operator_forms_match_cpython(compiled, size):
    assert len(NAMES) >= 15
    for img in images():
        assert_same_outcomes(compiled, NAMES, img, size)


@pytest.mark.parametrize("body, message", [
    ("return operator.add(values[0])", "operator.add takes 2 argument(s) but 1 were given"),
    ("return operator.mul(values[0], b=values[1])", "takes its arguments by position"),
    ("return sorted(values, key=operator.itemgetter())[0]",
     "operator.itemgetter needs at least one index"),
    ("return max(values, key=operator.attrgetter('real'))",
     "'operator.attrgetter' is not supported"),
    ("return sorted(values, key=operator.itemgetter(0))[0]", "a float cannot be indexed"),
])
def test_misuses_are_clear_errors(llcc, tmp_path, body, message):
    source = tmp_path / "bad.flt"
    source.write_text(f"import operator\n\n\ndef f(values):\n    {body}\n")
    proc = run_llcc(llcc, str(source), "-o", str(tmp_path / "bad.so"))
    assert proc.returncode == 1
    assert message in proc.stderr
    assert "bad.flt:5:" in proc.stderr
    assert proc.stderr.count("error:") == 1, proc.stderr
    assert not (tmp_path / "bad.so").exists()


def test_unsupported_member_is_named_at_the_import(llcc, tmp_path):
    source = tmp_path / "bad.flt"
    source.write_text("from operator import iadd\n\n\ndef f(values):\n    return values[0]\n")
    proc = run_llcc(llcc, str(source), "-o", str(tmp_path / "bad.so"))
    assert proc.returncode == 1
    assert "bad.flt:1:22: error: 'operator.iadd' is not supported" in proc.stderr

"""Lists, dicts and sets as operands of and/or in conditions
(`while stack and stack[-1] > v`), end to end.

tests/python/syntax/container_truth.flt holds the forms; each runs through
scipy.ndimage.generic_filter compiled by llcc and as the same Python
function under CPython: the same values or the same exception. A list chosen
by `or`/`and` as the whole value of an assignment or a return (`ys = xs or
[0.0]`) is the conditional expression; inside another expression
(`sum(xs or [0.0])`) it is a compile error with a hint.
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import (CompiledLibrary, assert_same_outcomes, exported_functions,
                      python_namespace, run_llcc)

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "syntax" / "container_truth.flt"
NAMES = exported_functions(SOURCE.read_text())


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(5)
    yield rng.integers(-3, 4, (7, 8)).astype(float)
    yield rng.normal(0.0, 2.0, (7, 8))
    yield np.zeros((5, 6))  # every list empty
    img = rng.normal(0.0, 3.0, (7, 8))
    img.flat[[3, 17, 18, 30]] = [np.nan, np.inf, np.nan, -np.inf]
    yield img


@pytest.mark.parametrize("size", [(3, 3), (1, 4), (4, 4)])
def test_container_truth_matches_cpython(compiled, size):
    assert len(NAMES) >= 9
    for img in images():
        assert_same_outcomes(compiled, NAMES, img, size)


def test_list_value_of_or_is_a_clear_error(llcc, tmp_path):
    source = tmp_path / "bad.flt"
    source.write_text("def f(values):\n    xs = [v for v in values if v > 1]\n"
                      "    return sum(xs or [values[0]])\n")
    proc = run_llcc(llcc, str(source), "-o", str(tmp_path / "bad.so"))
    assert proc.returncode == 1
    assert "bad.flt:3:19: error: 'or' with a list gives one of its operands" in proc.stderr
    assert "(ys = xs or [0.0])" in proc.stderr
    assert not (tmp_path / "bad.so").exists()

"""Dict displays of lists (cols = {0: [], 1: [], 2: []}) against CPython,
through generic_filter: the lists are grown by append and read back by
d[k], d.values() and d.items() in the dict's order; a missing key raises
CPython's KeyError."""
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace, run_llcc

SOURCE = Path(__file__).resolve().parent / "library" / "dict_display_lists.flt"
NAMES = ["column_max", "seeded", "duplicate_keys", "in_loop", "tuple_keys", "missing"]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@pytest.mark.parametrize("kind", ["ints", "normal", "special"])
@pytest.mark.parametrize("size", [3, (1, 5), (3, 4)])
def test_matches_cpython(compiled, kind, size):
    rng = np.random.default_rng(11)
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


def test_display_of_lists_elsewhere_names_the_forms(request, tmp_path):
    llcc_path = request.getfixturevalue("llcc")
    src = tmp_path / "bad.flt"
    src.write_text("def f(values):\n    d = {0: 1.0, 1: []}\n    return 1.0\n")
    proc = run_llcc(llcc_path, src, "-o", tmp_path / "bad.so")
    assert proc.returncode == 1
    assert "a dict of lists is built in llcc by assigning a display of list displays" in \
        proc.stderr, proc.stderr

"""Sets and dicts passed to helpers share the caller's object, as in
CPython: the helper's adds and updates (set.add, d[k] += 1, setdefault,
|=, a Counter's or defaultdict's missing keys) reach the caller and every
level of a recursion, and rebinding the parameter rebinds only the
helper's name. Compiled and under CPython through generic_filter; lists of
tuples returned from helpers too (params/byref_containers.flt)."""
import re
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "params" / "byref_containers.flt"
FILTERS = re.findall(r"^def ([a-z]\w*)\(values", SOURCE.read_text(), re.M)


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(11)
    yield rng.random((8, 7))
    yield np.round(rng.random((7, 8)) * 2) / 2
    img = rng.random((6, 6))
    img.flat[[4, 13]] = [0.9999, 0.0]
    yield img


def test_filters_found():
    assert len(FILTERS) >= 10


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    for img in images():
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)

"""sorted(..., reverse=flag) and list.sort(reverse=flag) with the flag a
parameter or a value computed at run time (tests/python/sorting/
reverse_flag.flt): compiled and under CPython, every binding of the flag,
through scipy.ndimage.generic_filter; NaN, ties and signed zeros in the
windows, where CPython's definition of reverse= (reverse, stable sort,
reverse) decides the order."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "sorting" / "reverse_flag.flt"
CASES = {
    "top_mean": [{}, {"largest": False}, {"k": 5, "largest": True}],
    "ranked_gap": [{}, {"descending": True}],
    "weighted_order": [{}, {"desc": 0}, {"desc": -2}],
    "data_direction": [{}],
    "distinct_extremes": [{}, {"high": False}],
    "both_ways": [{}, {"flip": 1}, {"flip": -1}],
}


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(11)
    yield np.round(rng.normal(0.0, 2.0, (8, 9)), 1)  # ties
    img = rng.random((7, 8))
    img.flat[[3, 17, 30]] = [np.nan, -0.0, 0.0]
    yield img


@pytest.mark.parametrize("name", sorted(CASES))
def test_flags_match_cpython(lib, py, name):
    for img in images():
        for kw in CASES[name]:
            want = window_outcome(lambda v: py[name](v, **kw), img, 3)
            got = window_outcome(lib[name].bind(**kw) if kw else lib[name], img, 3)
            assert same_outcome(got, want), (name, kw, got, want)

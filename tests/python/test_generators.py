"""Generator functions (`yield`, `yield from`) in helpers, inlined where they
are iterated: for loops, comprehensions, any/all/next/sum/min/max/sorted/list/
zip/enumerate. Compiled and under CPython through
scipy.ndimage.generic_filter: the same values bit for bit, the same
exception classes, the same printed lines in the same order (a generator
runs lazily, interleaved with its consumer)."""
import contextlib
import io
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "params" / "generators.flt"
FILTERS = ["total_variation", "loop_pairs", "list_pairs", "window_max", "window_mean",
           "count_above", "any_above", "all_pos", "first_above", "sorted_above",
           "neighbour_sum", "longest_run", "runs_list", "before_nan", "three", "chain",
           "counted", "zipped", "enumerated", "skip_some", "break_else", "nested", "checked",
           "checked_any", "ret_inside", "shadow", "rebinding", "twice", "kw"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(11)
    yield rng.random((7, 6))
    yield rng.normal(0.5, 0.6, (6, 7))
    img = rng.random((6, 6))
    img.flat[[3, 17, 30]] = [np.nan, np.inf, -np.inf]
    yield img
    yield np.zeros((4, 5))


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    for img in images():
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


def test_printed_lines_interleave(lib, py):
    img = np.random.default_rng(3).random((2, 2))
    outs = []
    for f in (py["logged"], lib["logged"]):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            res = window_outcome(f, img, 3)
        outs.append((res, buf.getvalue()))
    (want, want_text), (got, got_text) = outs
    assert same_outcome(got, want)
    assert got_text == want_text and "after" in got_text

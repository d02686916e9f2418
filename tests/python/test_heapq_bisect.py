"""heapq and bisect on lists of numbers (stdlib/heapq.flt, SemaHeapq.cpp)
against CPython 3.11: every filter of tests/python/library/heapq_bisect.flt
runs compiled through scipy.ndimage.generic_filter and as the same Python
function on the very windows generic_filter passes; results are identical
(NaN where CPython leaves it: the heap's and bisect's comparisons are made in
CPython's order) or both raise the same exception class.
"""
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace, run_llcc
from conftest import same_outcome as same
from conftest import window_outcome as run

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library" / "heapq_bisect.flt"
ERRORS = HERE / "library" / "heapq_bisect_errors.flt"
NAMES = [
    "kth_by_heap", "heap_order", "pushed_then_popped", "int_heap", "replace_and_pushpop",
    "pushpop_empty", "mean_3_largest", "smallest_spread", "n_covers_data", "one_and_none",
    "largest_of_list", "centre_rank", "both_sides", "bounded_search",
    "running_median_insort", "insort_left_ints", "bins_of_edges",
]
ERROR_NAMES = ["pop_until_empty", "replace_empty", "negative_lo"]

special = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.0, 0.5, math.inf, -math.inf, math.nan,
                           math.nan, 1e300])
ties = st.sampled_from([0.0, 1.0, 2.0, 3.0])
finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)
images = hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)),
                    elements=st.one_of(finite, ties, special))
footprints = st.sampled_from([(1, 1), (1, 3), (3, 3), (2, 3), (5, 5)])


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=images, size=footprints)
def test_heapq_bisect_match_python(compiled, img, size):
    assert_same_outcomes(compiled, NAMES, img, size)


@pytest.mark.parametrize("name", NAMES)
def test_each_with_nan_and_ties(compiled, name):
    lib, ns = compiled
    rng = np.random.default_rng(31)
    for trial in range(4):
        img = rng.integers(-3, 4, (8, 9)).astype(float) * 0.5
        img.flat[rng.integers(0, img.size, 9)] = np.nan
        img.flat[rng.integers(0, img.size, 3)] = -0.0
        for size in [(3, 3), (5, 5), (7, 7)]:
            expected = run(ns[name], img, size)
            got = run(lib[name], img, size)
            assert same(got, expected), (name, trial, size, got, expected)


def test_errors_are_python_s(build):
    """IndexError of heappop/heapreplace on an empty heap, ValueError of a
    negative lo: where CPython raises them, and only there."""
    lib, ns = CompiledLibrary(build(ERRORS)), python_namespace(ERRORS)
    rng = np.random.default_rng(7)
    images = [np.full((4, 5), 3.0), np.full((4, 5), -1.0)]
    images += [rng.normal(1.0, 2.0, (6, 7)) for _ in range(4)]
    seen = set()
    for img in images:
        for name in ERROR_NAMES:
            expected = run(ns[name], img, (3, 3))
            got = run(lib[name], img, (3, 3))
            assert same(got, expected), (name, got, expected)
            seen.add((name, expected[0]))
    assert seen == {(n, o) for n in ERROR_NAMES for o in ("ok", "raise")}


@pytest.mark.parametrize("source, message", [
    ("import heapq\ndef f(values):\n    return heapq.heappush([1.0], values[0])\n",
     "supported as a statement of its own"),
    ("import heapq\ndef f(values):\n    heapq.heapify(values)\n    return values[0]\n",
     "heapq.heapify needs a Python list of numbers or tuples"),
    ("import heapq\ndef f(values):\n    return heapq.nsmallest(2, values, key=abs)[0]\n",
     "keyword argument 'key' is not supported for heapq.nsmallest"),
    ("import heapq\ndef f(values):\n    return heapq.merge(values)\n",
     "'heapq.merge' is not supported"),
])
def test_refusals_are_diagnostics(llcc, tmp_path, source, message):
    src = tmp_path / "h.flt"
    src.write_text(source)
    out = tmp_path / "h.so"
    r = run_llcc(llcc, str(src), "-o", str(out))
    assert r.returncode == 1, r.stderr
    assert message in r.stderr, r.stderr
    assert "error:" in r.stderr and not out.exists()

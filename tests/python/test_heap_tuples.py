"""heapq on lists of tuples (the (priority, index) idiom) against CPython:
tests/python/library/heap_tuples.flt runs compiled through
scipy.ndimage.generic_filter and as the same Python functions, on images with
ties (so the second members decide), NaNs and infinities; the results are
identical or both raise the same exception class (heappop of an empty heap:
IndexError). nsmallest/nlargest of tuples are a clear compile error.
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import (CompiledLibrary, assert_same_outcomes, exported_functions,
                      python_namespace, run_llcc)

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library" / "heap_tuples.flt"
NAMES = exported_functions(SOURCE.read_text())


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(21)
    yield rng.integers(0, 3, (7, 8)).astype(float)  # ties: the index decides
    yield rng.normal(0.0, 2.0, (7, 8))
    img = rng.integers(-2, 3, (7, 8)).astype(float)
    img.flat[[2, 9, 10, 33, 47]] = [np.nan, np.inf, np.nan, -np.inf, -0.0]
    yield img


@pytest.mark.parametrize("size", [(3, 3), (1, 1), (2, 3), (5, 5)])
def test_heaps_of_tuples_match_cpython(compiled, size):
    assert len(NAMES) >= 7
    for img in images():
        assert_same_outcomes(compiled, NAMES, img, size)


@pytest.mark.parametrize("call", ["heapq.nsmallest(2, pairs)", "heapq.nlargest(2, pairs)"])
def test_nsmallest_of_tuples_is_a_clear_error(llcc, tmp_path, call):
    source = tmp_path / "n.flt"
    source.write_text("import heapq\n\n\ndef f(values):\n"
                      "    pairs = [(v, i) for i, v in enumerate(values)]\n"
                      f"    return {call}[0][0]\n")
    proc = run_llcc(llcc, str(source), "-o", str(tmp_path / "n.so"))
    assert proc.returncode == 1
    assert proc.stderr.count("error:") == 1, proc.stderr
    assert "of tuples is not supported in llcc" in proc.stderr
    assert "sorted(pairs" in proc.stderr

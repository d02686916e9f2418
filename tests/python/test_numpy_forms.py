"""numpy call forms of natural filters (tests/python/arrays/numpy_forms.flt):
np.indices / np.mgrid / np.ogrid / np.zeros of sizes held in locals assigned
once (`n = 5`), np.count_nonzero(a, axis=k), and `rows, cols =
np.nonzero(a)` of a 2-D array. Compiled and under CPython through
scipy.ndimage.generic_filter: the same values bit for bit; and the forms
that stay unsupported are compile errors."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import find_llcc, python_namespace, run_llcc, same_outcome, window_outcome  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "arrays" / "numpy_forms.flt"
FILTERS = ["annulus_mean", "indices_flat", "mgrid_local", "ogrid_module_plus_local",
           "zeros_three", "row_nonzero_max", "col_counts", "count_rows_of_block",
           "nonzero_centroid", "where_mask", "nonzero_rebinds", "count_axis_1d",
           "block_nonzero_counts", "row_block_nonzero", "count_both_axes", "count_keepdims"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(5)
    yield rng.random((7, 6))
    img = rng.random((6, 6))
    img.flat[[3, 17, 30]] = [np.nan, np.inf, 0.0]
    yield img
    yield np.zeros((4, 5))
    yield np.ones((5, 4))


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    for img in images():
        want = window_outcome(py[name], img, 5)
        got = window_outcome(lib[name], img, 5)
        assert same_outcome(got, want), (name, got, want)


REFUSED = {
    # n bound twice: its value is not one constant
    "rebound": ("    n = 5\n    if values[0] > 0:\n        n = 3\n"
                "    yy, xx = np.indices((n, n))\n    return float(yy.sum())\n",
                "np.indices takes a tuple of int dimensions"),
    # n bound in a loop, not at the function's top level
    "in_loop": ("    for n in range(3, 4):\n        pass\n"
                "    yy, xx = np.indices((n, n))\n    return float(yy.sum())\n",
                "np.indices takes a tuple of int dimensions"),
    # an augmented assignment rebinds it
    "augmented": ("    n = 3\n    n += 1\n"
                  "    y, x = np.mgrid[0:n, 0:n]\n    return float(y.sum())\n",
                  "np.mgrid takes slices of int bounds"),
    "count_axis_3": ("    return float(np.count_nonzero(values.reshape(5, 5), axis=2).sum())\n",
                     "out of bounds"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused(tmp_path, case):
    body, message = REFUSED[case]
    src = tmp_path / f"{case}.flt"
    src.write_text("import numpy as np\n\n\ndef f(values):\n" + body)
    ns = python_namespace(src)  # valid Python
    assert callable(ns["f"])
    res = run_llcc(find_llcc(), "--check", src)
    assert res.returncode != 0 and message in res.stderr, res.stderr

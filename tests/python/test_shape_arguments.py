"""`w.shape` of a named array whose dimensions are known when compiling,
passed to a call (np.unravel_index(np.argmax(w), w.shape), np.zeros(w.shape),
a.reshape(w.shape)), held in a name (`s = w.shape`) and given to np.indices,
and np.ones_like(w) & co. of a named 2-D array, against CPython through
scipy.ndimage.generic_filter (scan 10's files 81 and 83 were refused)."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "lang" / "shape_arguments.flt"


@pytest.mark.parametrize("name, size", [("peak", 3), ("cube_peak", 3), ("radial_mean", 5),
                                        ("corner_weight", 3), ("grid_of_zeros", 3),
                                        ("like_window", 3), ("like_int_fill", 3), ("like_bool", 3)])
def test_filters_match_cpython(name, size):
    lib, py = llcc.compile(SOURCE), python_namespace(SOURCE)
    rng = np.random.default_rng(4)
    images = [rng.random((6, 7)), np.round(rng.normal(size=(5, 6)))]
    if name == "cube_peak":
        images = [rng.random((4, 5, 4)), np.round(rng.normal(size=(4, 4, 4)))]
    for img in images:
        want = window_outcome(py[name], img, size)
        got = window_outcome(lib[name], img, size)
        assert same_outcome(got, want), (name, got, want)

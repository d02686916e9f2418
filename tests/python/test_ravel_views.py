"""numpy's ravel is a view of a C-contiguous array (a local 2-D array, a
copy of the window, `values.copy()`), so writes through it (`r[i] = x`,
`r += 1`, np.add.at(g.ravel(), ...)) reach the array, and a copy of any
other (a strided slice, a transpose). llcc gave a copy everywhere before:
a silent wrong result. Against CPython through scipy.ndimage.generic_filter;
a write through a ravel of the window reaches the window (llcc's private
copy of it, as SciPy gives a Python callback its own array)."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "lang" / "ravel_views.flt"
NAMES = ["write_through_ravel", "one_d_view", "strided_copy", "transposed_copy", "glcm_add_at",
         "window_ravel_write"]


@pytest.fixture(scope="module")
def both():
    return llcc.compile(SOURCE), python_namespace(SOURCE)


@pytest.mark.parametrize("name", NAMES)
def test_filters_match_cpython(both, name):
    lib, py = both
    rng = np.random.default_rng(3)
    for img in (rng.random((5, 6)), np.round(rng.normal(size=(4, 5)), 1)):
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)

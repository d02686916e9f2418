"""numpy keeps an int64 or bool array's dtype through np.flip, np.roll,
np.diff, np.tile and np.concatenate (and so np.r_): the results index
arrays, select as masks and print as ints. Compiled and under CPython
through scipy.ndimage.generic_filter, the same values (str() of an element
tells 7 from 7.0)."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "arrays" / "kept_dtypes.flt"
FILTERS = ["picked", "spread_of_ranks", "rolled_index", "int_steps", "mask_edges",
           "joined_masks", "ints_and_bools", "tiled_mask", "r_of_ints", "where_index",
           "comprehension_mask", "running_counts"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    rng = np.random.default_rng(11)
    for img in (rng.random((6, 7)), rng.normal(0.3, 0.5, (5, 6)), np.zeros((4, 4))):
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


def test_int_diff_wraps_as_numpy(tmp_path):
    src = tmp_path / "w.flt"
    src.write_text("import numpy as np\n\n\n"
                   "def f(values):\n"
                   "    a = np.array([5, -9223372036854775807, 9223372036854775807])\n"
                   "    d = np.diff(a)\n"
                   "    return float(d[0]) + float(d[1]) * 0.5 + values[0]\n")
    got = window_outcome(llcc.compile(src)["f"], np.arange(9.0), 3)
    with np.errstate(over="ignore"):
        want = window_outcome(python_namespace(src)["f"], np.arange(9.0), 3)
    assert same_outcome(got, want)

"""numpy's integer-array indexing by lists written out, one per dimension
(`w[[0, 1, 1, 2], [1, 0, 2, 1]]`, scan 11's file 225), against CPython
through scipy.ndimage.generic_filter: float, int and bool arrays, 3-D ones,
broadcast single indices and numpy's IndexError out of bounds; a store
through such an index is a compile error."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace, run_llcc  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "lang" / "list_picks.flt"


@pytest.fixture(scope="module")
def both():
    return llcc.compile(SOURCE), python_namespace(SOURCE)


@pytest.mark.parametrize("name, size", [("zero_cross", 3), ("corners", 3), ("column_picks", 3),
                                        ("int_picks", 3), ("mask_picks", 3),
                                        ("cube_picks", (3, 3, 3)), ("out_of_bounds", 3)])
def test_filters_match_cpython(both, name, size):
    lib, py = both
    rng = np.random.default_rng(11)
    if isinstance(size, tuple):
        images = [rng.random((4, 5, 4)), np.round(rng.normal(size=(3, 4, 4)))]
    else:
        images = [rng.random((6, 7)), np.round(rng.normal(size=(5, 6))), np.zeros((4, 4))]
    for img in images:
        want = window_outcome(py[name], img, size)
        got = window_outcome(lib[name], img, size)
        assert same_outcome(got, want), (name, got, want)
    if name == "out_of_bounds":
        assert want[0] == "raise" and "IndexError" in want[2]


@pytest.mark.parametrize("body", ["w[[0, 1], [1, 2]] = 0.0", "w[[0, 1], 2] += 1.0"])
def test_stores_through_lists_are_refused(llcc, tmp_path, body):
    src = tmp_path / "s.flt"
    src.write_text("def f(values):\n    w = values.reshape(3, 3).copy()\n"
                   f"    {body}\n    return w[0, 0]\n")
    out = tmp_path / "s.so"
    proc = run_llcc(llcc, src, "-o", out)
    assert proc.returncode == 1
    assert "s.flt:3:" in proc.stderr and "lists of indices" in proc.stderr
    assert not out.exists()

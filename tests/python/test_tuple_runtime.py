"""tuple() of a length known only at run time (scan 10's file 133:
`t = tuple(sorted(values))`, `t[n // 2]`), compiled as the list of its
items where the tuple is bound to a name and only read item by item, against
CPython through scipy.ndimage.generic_filter; any other use (a method, a
store, its text, a second name, returning it) is a compile error naming
the reads llcc takes."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace, run_llcc  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "lang" / "tuple_runtime.flt"
NAMES = ["median_of_tuple", "positives", "walk", "ranked", "pairs"]


@pytest.fixture(scope="module")
def both():
    return llcc.compile(SOURCE), python_namespace(SOURCE)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("size", [3, (1, 4), (2, 3)])
def test_filters_match_cpython(both, name, size):
    lib, py = both
    rng = np.random.default_rng(5)
    special = rng.normal(size=(5, 6))
    special.flat[[1, 7]] = [np.nan, -0.0]
    for img in (rng.normal(size=(6, 7)), np.round(rng.normal(size=(5, 5))), -np.ones((4, 4)),
                special):
        want = window_outcome(py[name], img, size)
        got = window_outcome(lib[name], img, size)
        assert same_outcome(got, want), (name, got, want)


@pytest.mark.parametrize("body", [
    "t = tuple(values)\n    t.count(1.0)\n    return t[0]",
    "t = tuple(values)\n    t[0] = 1.0\n    return t[0]",
    "t = tuple(values)\n    return float(len(str(t)))",
    "t = tuple(values)\n    u = t\n    return u[0]",
    "t = tuple(v for v in values if v > 0)\n    return float(len(t + (1.0,)))",
])
def test_other_uses_are_refused(llcc, tmp_path, body):
    src = tmp_path / "t.flt"
    src.write_text(f"def f(values):\n    {body}\n")
    out = tmp_path / "t.so"
    proc = run_llcc(llcc, src, "-o", out)
    assert proc.returncode == 1, proc.stderr
    assert "t.flt:2:15: error: tuple() of a" in proc.stderr, proc.stderr
    assert "only read item by item" in proc.stderr
    assert not out.exists()

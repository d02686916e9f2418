"""numpy.lib.stride_tricks.sliding_window_view of 1-D arrays, compiled and
under CPython through scipy.ndimage.generic_filter and generic_filter1d:
the same values and exception messages; writes into the read-only windows
and windows of several axes are compile errors, as they fail in numpy."""
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "arrays" / "sliding_windows.flt"
FILTERS = ["moving_mean_peak", "moving_median", "pair_gaps", "runs_of_highs", "index_windows",
           "too_long"]
LINES = ["moving_average_line", "moving_range_line"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    rng = np.random.default_rng(3)
    for img in (rng.random((6, 7)), rng.normal(0.3, 0.5, (5, 6)), np.zeros((4, 4))):
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


def test_too_long_message_is_numpys(lib, py):
    values = np.arange(9.0)
    with pytest.raises(ValueError) as want:
        py["too_long"](values)
    with pytest.raises(ValueError) as got:
        ndi.generic_filter(values, lib["too_long"], size=9)
    assert str(want.value) in str(got.value)


@pytest.mark.parametrize("name", LINES)
def test_generic_filter1d_lines(lib, py, name):
    img = np.random.default_rng(4).normal(0.0, 2.0, (5, 30))
    for axis in (0, 1):
        want = ndi.generic_filter1d(img, py[name], 5, axis=axis)
        got = ndi.generic_filter1d(img, lib[name], 5, axis=axis)
        assert np.array_equal(got, want), name


@pytest.mark.parametrize("body, message, line", [
    ("sw = sliding_window_view(values, 3)\n    sw[0, 0] = 1.0\n    return sw.sum()",
     "read-only", 7),
    ("return sliding_window_view(values, (2, 2)).sum()", "several axes", 6),
    ("return sliding_window_view(values, len(values) // 2).sum()", "assign it first", 6),
    ("return sliding_window_view(values, 3, writeable=True).sum()", "writeable", 6),
])
def test_refusals(tmp_path, body, message, line):
    src = tmp_path / "bad.flt"
    src.write_text("import numpy as np\nfrom numpy.lib.stride_tricks import sliding_window_view"
                   f"\n\n\ndef f(values):\n    {body}\n")
    with pytest.raises(llcc.CompileError) as e:
        llcc.compile(src)
    assert message in str(e.value) and f"bad.flt:{line}:" in str(e.value), str(e.value)

"""Library functions written with numpy (scipy.stats.skew calls np.divide)
compile in files that import only scipy, or numpy under another name: the
same values as CPython through scipy.ndimage.generic_filter."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "library" / "stats_without_numpy.flt"


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.mark.parametrize("name", ["skewness", "excess_kurtosis", "spread"])
def test_matches_cpython(lib, name):
    py = python_namespace(SOURCE)
    rng = np.random.default_rng(8)
    for img in (rng.random((6, 7)), rng.normal(0, 3, (5, 6)), np.ones((4, 4))):
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


@pytest.mark.parametrize("header", ["import numpy\n", "import numpy as xp\n", ""])
def test_other_numpy_names(header, tmp_path):
    src = tmp_path / "k.flt"
    src.write_text(header + "from scipy import stats\n\n\ndef f(values):\n"
                   "    return stats.skew(values) + stats.kurtosis(values)\n")
    lib = llcc.compile(src)
    py = python_namespace(src)
    img = np.random.default_rng(1).random((5, 5))
    assert same_outcome(window_outcome(lib["f"], img, 3), window_outcome(py["f"], img, 3))

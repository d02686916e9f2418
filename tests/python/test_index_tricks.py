"""np.r_[...] and np.c_[...] (numpy's index tricks), compiled and under
CPython through scipy.ndimage.generic_filter: the same values and
exception classes; string directives are a clear compile error."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "arrays" / "index_tricks.flt"
FILTERS = ["pad_ends", "with_range", "mixed_kinds", "float_steps", "columns", "selected",
           "nested"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    rng = np.random.default_rng(5)
    for img in (rng.random((6, 7)), rng.normal(0.3, 0.5, (5, 6))):
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


@pytest.mark.parametrize("directive", ["'r'", "'0,2'", "'c'"])
def test_string_directives_are_refused(tmp_path, directive):
    src = tmp_path / "d.flt"
    src.write_text(f"import numpy as np\n\n\ndef f(values):\n"
                   f"    return float(np.r_[{directive}, values, values].sum())\n")
    with pytest.raises(llcc.CompileError) as e:
        llcc.compile(src)
    assert "np.r_'s string directives" in str(e.value) and "d.flt:5:" in str(e.value)

"""A name bound again at a function's top level to another kind of value
(`values = sorted(values)`, `a = list(a)`, `x = 1.0` then `x = values * x`):
compiled and under CPython through scipy.ndimage.generic_filter, the same
values and exception classes; messages name the variable as written."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "lang" / "rebinding.flt"
FILTERS = ["second_smallest", "helper_rebinds", "number_then_array", "list_then_array",
           "none_pair", "swap_kinds", "in_loop_after", "str_then_number", "window_then_row_sums",
           "factory_twice"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    rng = np.random.default_rng(4)
    for img in (rng.random((6, 7)), rng.normal(0.3, 0.5, (5, 6))):
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


def test_messages_name_the_variable_as_written(tmp_path):
    src = tmp_path / "m.flt"
    src.write_text("def f(values):\n    x = 1.0\n    x = values\n    if values[0] > 0:\n"
                   "        x = 2.0\n    return 1.0\n")
    with pytest.raises(llcc.CompileError) as e:
        llcc.compile(src)
    text = str(e.value.diagnostics)
    assert "'x' holds a float64 array elsewhere" in text and "__llcc" not in text


def test_unbound_message_names_the_variable(tmp_path):
    src = tmp_path / "u.flt"
    src.write_text("def f(values):\n    if values[0] > 2:\n        y = 1.0\n    y = y + 1\n"
                   "    y = [y]\n    return y[0]\n")
    lib = llcc.compile(src)
    import scipy.ndimage as ndi
    with pytest.raises(UnboundLocalError) as e:
        ndi.generic_filter(np.zeros((3, 3)), lib["f"], size=3)
    assert "'y'" in str(e.value) and "__llcc" not in str(e.value)

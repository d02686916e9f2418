"""A name bound again at a function's top level to a value of the same kind
(`s = s + values[i] * c` repeated): every binding is its own version in
Sema, and versions of one type share one variable in the generated code so
that LLVM's mem2reg stays linear in the body (bench/compile_scaling.py).
Compiled and under CPython through scipy.ndimage.generic_filter: the same
values and exception classes."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "lang" / "rebinding_same_kind.flt"
FILTERS = ["running", "swap_twice", "deleted_then_bound", "read_before_bound",
           "parameter_versions", "window_rebound", "none_then_number", "list_versions",
           "generator_reads_old", "int_versions", "tuple_reads_old", "array_versions"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    rng = np.random.default_rng(11)
    for img in (rng.random((6, 7)), rng.normal(0.3, 0.5, (5, 6))):
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


def test_unbound_read_before_a_rebinding_raises():
    # values[0] <= 0.5 leaves r unbound where `total + r` reads it.
    img = np.full((3, 3), 0.25)
    py = python_namespace(SOURCE)
    lib = llcc.compile(SOURCE)
    want = window_outcome(py["read_before_bound"], img, 3)
    got = window_outcome(lib["read_before_bound"], img, 3)
    assert same_outcome(got, want) and "UnboundLocalError" in repr(want), (got, want)


def test_reserved_names_are_refused(tmp_path):
    src = tmp_path / "r.flt"
    src.write_text("def f(values):\n    s = values[0]\n    s__llcc_v1 = 2.0\n"
                   "    s = s + s__llcc_v1\n    return s\n")
    with pytest.raises(llcc.CompileError) as e:
        llcc.compile(src)
    assert "r.flt:3:5: error: this name is reserved" in str(e.value)

"""Assigning to a slice of a local list (`xs[1:3] = []`, `xs[i:i] = [a, b]`,
`xs[:k] = other`, `xs[::2] = ys`), compared with CPython through SciPy:
step 1 replaces the slice whatever the lengths, another step needs as many
elements as positions (CPython's ValueError otherwise)."""
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "lists" / "slice_store.flt"


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    return namespace


def run(function, image, size):
    try:
        return ndi.generic_filter(image, function, size=size), None
    except ValueError as exc:
        return None, str(exc)


@pytest.mark.parametrize("name", ["replace", "grow_shrink", "whole", "stepped", "stepped_wrong",
                                  "stepped_run_time"])
@pytest.mark.parametrize("size", [3, (1, 5)])
def test_matches_cpython(lib, py, name, size):
    image = np.random.default_rng(4).integers(-3, 4, (13, 11)).astype(np.float64)
    image[6, 2] = np.nan
    want, want_error = run(py[name], image, size)
    got, got_error = run(getattr(lib, name), image, size)
    if want_error is not None:
        assert got_error is not None, want_error
        assert got_error == want_error or got_error.endswith(": " + want_error), got_error
    else:
        assert got_error is None, got_error
        assert np.array_equal(got, want, equal_nan=True)


def test_value_must_be_a_list(tmp_path):
    src = tmp_path / "bad.flt"
    src.write_text("def f(values):\n    xs = list(values)\n    xs[1:2] = values\n"
                   "    return xs[0]\n")
    with pytest.raises(llcc.CompileError) as info:
        llcc.compile(src)
    assert "a list slice is assigned a list of numbers in llcc" in str(info.value)

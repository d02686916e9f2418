"""Set operators' iteration order against CPython, call by call.

tests/python/containers/set_ops.flt (intersection) and set_combine.flt
(union, difference, symmetric difference) run through generic_filter in
test_containers.py; here their filters are called directly on 1,500 random
buffers of 0 to 120 values (small ints, halves next to 2**40, normal
floats, multiples of 8 near 2**61: hash collisions and table resizes), so
that every order CPython's set_intersection gives is checked.
"""
import ctypes
from pathlib import Path

import numpy as np
import pytest

from test_kinds import python_functions

PROGRAM = Path(__file__).resolve().parent / "containers" / "set_ops.flt"
COMBINE = Path(__file__).resolve().parent / "containers" / "set_combine.flt"


@pytest.fixture(scope="module")
def program(build):
    so = build(PROGRAM)
    return ctypes.PyDLL(str(so)), python_functions(PROGRAM)


@pytest.fixture(scope="module")
def combine(build):
    so = build(COMBINE)
    return ctypes.PyDLL(str(so)), python_functions(COMBINE)


def call(fn, values):
    buf = np.ascontiguousarray(values, dtype=np.float64)
    out = ctypes.c_double()
    status = fn(buf.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), ctypes.c_ssize_t(len(buf)),
                ctypes.byref(out), None)
    assert status == 1
    return out.value


def buffers(seed, count):
    rng = np.random.default_rng(seed)
    for trial in range(count):
        n = int(rng.integers(0, 120))
        kind = trial % 4
        if kind == 0:
            yield rng.integers(-20, 40, n).astype(float)
        elif kind == 1:
            yield rng.integers(-3, 4, n) * 0.5 + rng.integers(0, 2, n) * 2.0**40
        elif kind == 2:
            yield rng.normal(size=n) * 1e3
        else:
            yield rng.integers(0, 1 << 20, n) * 8.0 + rng.integers(0, 3, n) * 2.0**61


@pytest.mark.parametrize("name", ["common_order", "scaled_keys", "relations", "jaccard_rows"])
def test_set_intersection_order_matches_cpython(program, name):
    dll, python = program
    for values in buffers(7, 1500):
        if name == "scaled_keys" and np.abs(values).max(initial=0) > 1e9:
            continue
        assert call(getattr(dll, name), values) == python[name](values), list(values)


@pytest.mark.parametrize("name", ["union_order", "difference_order", "symmetric_order",
                                  "in_place", "same_operand", "scaled_keys", "nan_counts",
                                  "copies"])
def test_set_union_difference_order_matches_cpython(combine, name):
    dll, python = combine
    for values in buffers(11, 1500):
        if name == "scaled_keys" and np.abs(values).max(initial=0) > 1e9:
            continue
        assert call(getattr(dll, name), values) == python[name](values), list(values)

"""Python's sort with NaN at every length, against CPython through SciPy.

CPython's list.sort compares with '<' only; NaN is neither less nor greater
than anything, so where NaNs end depends on exactly which comparisons the
timsort makes (its runs, binary insertion, powersort's merge order and the
galloping merges). llcc runs the same algorithm (stdlib/sort.flt,
_llcc_timsort); the filters of tests/python/sorting/timsort_nan.flt fold the
whole sorted order into one number. They run through
scipy.ndimage.generic_filter on windows of 81 to 300 values (NaN at random
places, ties, signed zeros, infinities), compiled and as Python; and, as
plain callbacks, on hypothesis-drawn buffers of 0 to 300 values.
"""
import ctypes
import functools
import sys
import zlib

import numpy as np
import pytest
import scipy.ndimage as ndi
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from test_kinds import python_functions

if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
import llcc  # noqa: E402

PROGRAM = REPO / "tests" / "python" / "sorting" / "timsort_nan.flt"
FILTERS = ["sorted_order", "sort_method_order", "reversed_order", "sort_reverse_method_order",
           "key_order", "key_reverse_order", "rank_of_centre", "trimmed_mean",
           "tuple_order", "tuple_sorted_reverse", "tuple_big_ints", "tuple_nested",
           "tuple_int_or_float", "tuple_key_order", "tuple_key_reverse", "tuple_key_same_nan",
           "tuple_key_def_nested"]


@pytest.fixture(scope="module")
def program(build):
    so = build(PROGRAM)
    return llcc.load(so), ctypes.PyDLL(str(so)), python_functions(PROGRAM)


def nan_image(shape, seed, nan_share):
    """Halves from -2 to 2 (many ties), NaN, +-inf and -0.0 at random places."""
    rng = np.random.default_rng(seed)
    img = rng.integers(-4, 5, shape).astype(float) / 2
    img[rng.random(shape) < 0.05] = -0.0
    img[rng.random(shape) < 0.03] = np.inf
    img[rng.random(shape) < 0.03] = -np.inf
    img[rng.random(shape) < nan_share] = np.nan
    return img


WINDOWS = [
    pytest.param((20, 20), 9, 0.2, id="9x9"),
    pytest.param((22, 22), 11, 0.1, id="11x11"),
    pytest.param((16, 16), 11, 0.5, id="11x11-half-nan"),
    pytest.param((3, 260), (1, 200), 0.15, id="1x200"),
    pytest.param((3, 320), (1, 300), 0.02, id="1x300-few-nan"),
    pytest.param((20, 20), 9, 0.0, id="9x9-no-nan"),
]


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # inf - inf as numpy
@pytest.mark.parametrize("shape, size, nan_share", WINDOWS)
@pytest.mark.parametrize("name", FILTERS)
def test_long_windows_with_nan_match_cpython(program, name, shape, size, nan_share):
    lib, _, python = program
    img = nan_image(shape, zlib.crc32(f"{name}{size}".encode()), nan_share)
    expected = ndi.generic_filter(img, python[name], size=size, mode="reflect")
    compiled = ndi.generic_filter(img, lib[name], size=size, mode="reflect")
    assert np.array_equal(compiled, expected, equal_nan=True), (
        f"{np.count_nonzero(compiled != expected)} windows differ")


def test_sorted_runs_with_nan_match_cpython(program):
    """Windows that are long ascending or descending runs broken by NaN:
    the galloping paths of merge_lo and merge_hi."""
    lib, _, python = program
    ramp = np.tile(np.arange(300.0), (3, 1))
    ramp[1] = ramp[1, ::-1]
    ramp[2] = np.arange(300.0) // 7
    rng = np.random.default_rng(5)
    ramp[rng.random(ramp.shape) < 0.04] = np.nan
    for name in ["sorted_order", "key_order", "reversed_order"]:
        expected = ndi.generic_filter(ramp, python[name], size=(1, 257), mode="wrap")
        compiled = ndi.generic_filter(ramp, lib[name], size=(1, 257), mode="wrap")
        assert np.array_equal(compiled, expected), name


POOL = [np.nan, np.nan, np.nan, 0.0, -0.0, 1.0, -1.0, 2.5, np.inf, -np.inf]


def values_strategy():
    member = st.one_of(st.sampled_from(POOL), st.integers(-6, 6).map(float),
                       st.floats(-10, 10, allow_nan=False))
    runs = st.builds(lambda start, n, step: [start + k * step for k in range(n)],
                     st.integers(-50, 50).map(float), st.integers(1, 90), st.sampled_from([1.0, -1.0, 0.0]))
    piece = st.one_of(st.lists(member, max_size=40), runs)
    return st.lists(piece, max_size=12).map(lambda parts: [v for p in parts for v in p][:300])


def call(fn, values):
    buf = np.ascontiguousarray(values, dtype=np.float64)
    out = ctypes.c_double()
    status = fn(buf.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), ctypes.c_ssize_t(len(buf)),
                ctypes.byref(out), None)
    assert status == 1
    return out.value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values_strategy())
def test_any_length_with_nan_matches_cpython(program, values):
    _, dll, python = program
    for name in ["sorted_order", "sort_reverse_method_order", "key_order", "rank_of_centre",
                 "tuple_order", "tuple_nested", "tuple_key_order", "tuple_key_def_nested"]:
        if not values and name == "rank_of_centre":
            continue
        expected = python[name](np.array(values))
        assert call(getattr(dll, name), values) == expected, name


@functools.lru_cache(maxsize=None)
def library_as_python():
    """stdlib/sort.flt and timsort.flt run by CPython itself (the library is
    valid Python), with np.zeros and _llcc_int_zeros as plain lists."""
    class Zeros:
        @staticmethod
        def zeros(n):
            return [0.0] * n
    namespace = {"np": Zeros, "_llcc_int_zeros": lambda n: [0] * n}
    for name in ("sort.flt", "timsort.flt"):
        exec(compile((REPO / "stdlib" / name).read_text(), name, "exec"), namespace)
    return namespace


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values_strategy(), st.integers(1, 5))
def test_library_timsort_is_cpythons_list_sort(values, repeat):
    """The library's timsort, run as Python, gives CPython's sorted() order
    up to 1,500 values: the values (signed zeros told apart), and with
    keys, every element's position (so each NaN's)."""
    lib = library_as_python()
    values = values * repeat
    got = list(values)
    lib["_llcc_python_sort"](got)
    assert [repr(v) for v in got] == [repr(v) for v in sorted(values)]
    for key in (lambda v: v, abs):
        keys = [key(v) for v in values]
        expected = sorted(range(len(values)), key=keys.__getitem__)
        positions = [float(i) for i in range(len(values))]
        lib["_llcc_python_sort_by_key"](keys, positions)
        assert [int(i) for i in positions] == expected


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values_strategy())
def test_library_row_sort_is_cpythons_tuple_sort(values):
    """_llcc_python_sort_rows, run as Python, orders rows as CPython orders
    the tuples (v, i % 3) they hold (two floats per member, as the
    compiler writes them). Each NaN is its own object, as each read of an
    array element is in CPython (one NaN object would equal itself)."""
    lib = library_as_python()
    tuples = [(v if v == v else float("nan"), i % 3) for i, v in enumerate(values)]
    rows = [x for v, j in tuples for x in (v, 0.0, float(j), 0.0)]
    order = [float(i) for i in range(len(tuples))]
    lib["_llcc_python_sort_rows"](rows, 4, order)
    assert [int(i) for i in order] == sorted(range(len(tuples)), key=tuples.__getitem__)

"""Filters written with Python containers, compared with CPython through SciPy.

Each program in tests/python/containers/ is a handful of filters written the
way numpy users write them for ``generic_filter``: a mode filter with a dict
of counts and ``max(counts, key=counts.get)``, counts with list
comprehensions, ``len(set(values))``, a trimmed mean with ``sorted()`` and
slicing, ``min(..., key=lambda ...)``, generator expressions in ``sum`` and
``any``, lists that grow with ``append``/``extend`` and shrink with ``pop``,
and recursive helpers. Every exported function is run through
``scipy.ndimage.generic_filter`` compiled and as Python, on images with NaN,
infinities and signed zeros; results must be identical, and where CPython
raises, llcc must raise too.

The runtime errors of containers (KeyError, RecursionError, IndexError from
pop) are compared class for class by calling the callbacks directly.
"""
import ctypes
from pathlib import Path

import numpy as np
import pytest

from conftest import CASES, check_program, run_llcc

HERE = Path(__file__).resolve().parent
PROGRAMS = sorted((HERE / "containers").glob("*.flt"))

# The NaN/inf images and several footprints and modes, not all of CASES:
# the CPython callbacks are slow.
SOME_CASES = [c for c in CASES if c.image.startswith("random") or c.footprint == "3x3"]


@pytest.mark.parametrize("path", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_container_filters_match_cpython(build, path):
    check_program(build, path, cases=SOME_CASES)


ERRORS = '''
def missing_key(values):
    counts = {}
    counts[values[0]] += 1
    return 1.0


def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)


def too_deep(values):
    return depth(int(values[0]))


def pop_empty(values):
    a = [v for v in values if v > 1e300]
    return a.pop()


def pop_index(values):
    a = list(values)
    return a.pop(len(values) + int(values[0]))


def empty_min(values):
    return min(v for v in values if v > 1e300)


def key_of_empty(values):
    return max([v for v in values if v > 1e300], key=lambda v: -v)


def first_positive_stops(values):
    # any() of a generator stops at the first true element: values[n] is
    # never read when an earlier element is positive.
    n = len(values)
    return float(any(values[i] > 0 for i in range(n + 1)))


def get_missing_key(values):
    counts = {1.0: 2}
    return max(values, key=counts.get)


def tolist_divides_as_python(values):
    # a.tolist() gives Python floats: dividing by 0.0 raises.
    s = values.tolist()
    return s[0] / (s[1] - s[1])


def round_int_overflows(values):
    # int.__round__ is exact: 9e18 to -19 decimals is 10**19, past 64 bits.
    n = int(values[0]) * 1000000000
    return float(round(n, -19))
'''


def call(fn, values):
    buf = np.ascontiguousarray(values, dtype=np.float64)
    out = ctypes.c_double()
    status = fn(buf.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), ctypes.c_ssize_t(len(buf)),
                ctypes.byref(out), None)
    return status, out.value


@pytest.fixture(scope="module")
def error_library(llcc, tmp_path_factory):
    folder = tmp_path_factory.mktemp("container_errors")
    source = folder / "errors.flt"
    source.write_text(ERRORS)
    proc = run_llcc(llcc, source, "-o", folder / "errors.so")
    assert proc.returncode == 0, proc.stderr
    namespace = {}
    exec(compile(ERRORS, str(source), "exec"), namespace)
    return ctypes.PyDLL(str(folder / "errors.so")), namespace


@pytest.mark.parametrize("name, values, exception", [
    ("missing_key", [1.0, 2.0], KeyError),
    ("too_deep", [5000.0], RecursionError),
    ("pop_empty", [1.0], IndexError),
    ("pop_index", [1.0, 2.0, 3.0], IndexError),
    ("empty_min", [1.0], ValueError),
    ("key_of_empty", [1.0], ValueError),
    ("get_missing_key", [1.0, 2.0], TypeError),
    ("tolist_divides_as_python", [1.0, 2.0], ZeroDivisionError),
])
def test_container_runtime_errors_match_cpython(error_library, name, values, exception):
    lib, namespace = error_library
    with pytest.raises(exception):
        namespace[name](np.array(values))
    fn = getattr(lib, name)
    fn.restype = ctypes.c_int
    with pytest.raises(exception):
        call(fn, values)


def test_recursion_within_the_limit_matches_cpython(error_library):
    lib, namespace = error_library
    fn = lib.too_deep
    fn.restype = ctypes.c_int
    status, value = call(fn, [900.0])
    assert status == 1 and value == namespace["too_deep"](np.array([900.0])) == 900


def test_any_of_a_generator_stops_early_as_cpython(error_library):
    lib, namespace = error_library
    fn = lib.first_positive_stops
    fn.restype = ctypes.c_int
    values = [-1.0, 2.0, -3.0]
    status, value = call(fn, values)
    assert status == 1 and value == namespace["first_positive_stops"](np.array(values)) == 1.0
    with pytest.raises(IndexError):
        namespace["first_positive_stops"](np.array([-1.0]))
    with pytest.raises(IndexError):
        call(fn, [-1.0])


def test_round_of_an_int_past_64_bits_raises_overflow(error_library):
    # CPython's exact round(9 * 10**18, -19) is 10**19; llcc's ints are
    # 64-bit, so this is the documented OverflowError, never a wrong value.
    lib, namespace = error_library
    assert namespace["round_int_overflows"](np.array([9e9])) == 1e19
    fn = lib.round_int_overflows
    fn.restype = ctypes.c_int
    with pytest.raises(OverflowError):
        call(fn, [9e9])
    status, value = call(fn, [4e9])
    assert status == 1 and value == namespace["round_int_overflows"](np.array([4e9])) == 0.0


WHOLE_IMAGE = {
    "gradients.flt": ["gradient_magnitude", "mean_slope", "steepest_row_change",
                      "column_slopes", "last_axis_slopes", "imported_gradient", "orientation",
                      "sign_changes", "helper_slopes", "rebinding", "transposed_slopes",
                      "second_order_edges", "physical_spacing", "spaced_axis"],
    "constant_kernels.flt": ["gaussian", "separable_gaussian", "sobel_magnitude", "laplacian",
                             "masked_fills",
                             "sharpen", "cross_max", "neighbour_range", "row_weights"],
    "window_views.flt": ["symmetry", "rotation_invariant", "flipped_both", "diagonal_contrast",
                         "joined", "picked", "positional_weights", "elementwise_pairs"],
}


@pytest.mark.parametrize("name", sorted(WHOLE_IMAGE))
def test_window_filters_whole_image(build, monkeypatch, llcc, name):
    """np.gradient of 2-D windows and module-level weight arrays through
    llcc.generic_filter's whole-image kernels, against SciPy running the
    same functions in CPython."""
    import scipy.ndimage as ndi
    import llcc as package
    monkeypatch.setenv("LLCC", str(llcc))
    path = HERE / "containers" / name
    lib = package.load(str(build(path, "--image-kernels")))
    namespace = {}
    exec(path.read_text(), namespace)
    rng = np.random.default_rng(3)
    image = rng.random((20, 17))
    image[3, 4], image[7, 7], image[11, 2] = np.nan, -0.0, np.inf
    for function in WHOLE_IMAGE[name]:
        for mode in ("reflect", "constant", "wrap", "nearest"):
            got = package.generic_filter(image, getattr(lib, function), size=3, mode=mode,
                                         cval=1.5)
            with np.errstate(all="ignore"):
                want = ndi.generic_filter(image, namespace[function], size=3, mode=mode,
                                          cval=1.5)
            same = (got.view(np.int64) == want.view(np.int64)) | (np.isnan(got) & np.isnan(want))
            assert same.all(), (function, mode)


SET_ORDER = '''
def ints_in_order(values):
    s = set()
    for v in values:
        s.add(int(v))
    return float(sum(x % 1000 * (i + 1) for i, x in enumerate(s)))


def floats_in_order(values):
    s = set(values)
    total = 0.0
    for i, x in enumerate(s):
        total += x * (i + 1)
    return total
'''


def test_set_iteration_order_matches_cpython(tmp_path, llcc):
    """A set iterates in CPython's table order, for ints (small, negative,
    beyond 2**53, -2**63) and floats (fractions, integral values, infinities,
    signed zeros), at the sizes where CPython's table resizes."""
    import subprocess
    (tmp_path / "order.flt").write_text(SET_ORDER)
    subprocess.run([str(llcc), "order.flt", "-o", "order.so"], cwd=tmp_path, check=True)
    lib = ctypes.PyDLL(str(tmp_path / "order.so"))
    namespace = {}
    exec(SET_ORDER, namespace)
    rng = np.random.default_rng(11)
    specials = [0.0, -0.0, np.inf, -np.inf, 2.0 ** 62, -2.0 ** 63, 1e300, 0.1, -7.25]
    for trial in range(400):
        n = int(rng.integers(0, 120))
        kind = trial % 4
        if kind == 0:
            buf = rng.integers(-30, 60, size=n).astype(float)
        elif kind == 1:
            buf = rng.integers(-2 ** 62, 2 ** 62, size=n).astype(float)
        elif kind == 2:
            buf = np.round(rng.normal(size=n) * 10, int(rng.integers(0, 3)))
        else:
            buf = rng.choice(specials + list(rng.normal(size=5)), size=n)
        for name in ("ints_in_order", "floats_in_order"):
            if name == "ints_in_order" and not (np.abs(buf) <= 2.0 ** 63).all():
                continue
            func = getattr(lib, name)
            func.restype = ctypes.c_int
            out = ctypes.c_double()
            data = np.ascontiguousarray(buf)
            ok = func(data.ctypes.data_as(ctypes.POINTER(ctypes.c_double)),
                      ctypes.c_ssize_t(n), ctypes.byref(out), None)
            with np.errstate(all="ignore"):
                want = namespace[name](data)
            assert ok == 1, (name, list(buf))
            assert out.value == want or (np.isnan(out.value) and np.isnan(want)), \
                (name, list(buf), out.value, want)

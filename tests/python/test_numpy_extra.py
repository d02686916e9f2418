"""np.histogram with explicit bin edges, np.select of named lists and
np.outer of arrays of run-time lengths, against numpy 1.24.

tests/python/library/numpy_extra.flt exports one filter per form (edges as
a module constant array, a list in place, a local array, a tuple, int
edges of int data, NaN and infinite edges, density=True; np.select with its
lists bound to local names; np.outer of run-time lengths, a block). Each runs through scipy.ndimage.generic_filter
compiled (a LowLevelCallable) and as the same Python function under CPython
on images of ints, of normal floats and of special values (NaN, infinities,
-0.0); the results must be identical (NaN equal to NaN), or both raise the
same exception class. The error cases raise numpy's class and message.
"""
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import CompiledLibrary, python_namespace, run_llcc
from conftest import window_outcome as run

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library" / "numpy_extra.flt"

NAMES = [
    "bucket_balance", "edges_in_place", "edges_local", "edges_positional_range_ignored",
    "edges_density", "edges_with_infinities", "edges_nan_last", "edges_repeated",
    "int_data_int_edges", "int_data_float_edges", "float_data_int_list", "edges_tuple",
    "edges_one", "select_locals", "select_arrays", "select_no_default", "gauss_weighted",
    "outer_self", "outer_ints_bools", "outer_lengths", "outer_constant_and_run_time",
    "select_tuple_two_calls", "select_branches_loop",
]

special = st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, -10.0, 10.0, math.inf, -math.inf,
                           math.nan, 1e300, -1e300, 5e-324])
ints = st.integers(-4, 4).map(float)
finite = st.floats(min_value=-20, max_value=20, allow_nan=False, allow_infinity=False)
images = hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)),
                    elements=st.one_of(finite, ints, special))
footprints = st.sampled_from([(1, 1), (1, 2), (3, 3), (2, 3), (5, 5)])


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def same(got, expected):
    if got[0] != expected[0] or got[0] == "raise":
        return got[0] == expected[0] and got[1] in expected[-1]
    return np.array_equal(got[1], expected[1], equal_nan=True)


def fixed_images():
    rng = np.random.default_rng(7)
    yield rng.integers(-5, 6, (9, 9)).astype(float)
    yield rng.normal(0.0, 3.0, (9, 9))
    img = rng.integers(-4, 5, (9, 9)).astype(float) * 0.5
    img.flat[[3, 17, 40, 41, 60, 70]] = [np.nan, np.inf, -0.0, -np.inf, 10.0, -10.0]
    yield img


@pytest.mark.parametrize("name", NAMES)
def test_each_form_on_fixed_images(compiled, name):
    lib, ns = compiled
    for img in fixed_images():
        for size in [(1, 1), (3, 3), (5, 5)]:
            expected = run(ns[name], img, size)
            got = run(lib[name], img, size)
            assert expected[0] == "ok" or name == "select_locals", (name, expected)
            assert same(got, expected), (name, size, got, expected)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=images, size=footprints)
def test_forms_match_numpy(compiled, img, size):
    lib, ns = compiled
    for name in NAMES:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, img.tolist(), size, got, expected)


ERRORS = [
    ("np.histogram(values, bins=[0.0, 2.0, 1.0])[0][0]", "ValueError",
     "`bins` must increase monotonically, when an array"),
    ("np.histogram(values, np.array([3, 2]))[1][0]", "ValueError",
     "`bins` must increase monotonically, when an array"),
    ("np.histogram(values, values)[0][0]", "ValueError",
     "`bins` must increase monotonically, when an array"),
    # An empty list of edges gives empty counts: indexing them raises.
    ("np.histogram(values, bins=values[:1])[0][0]", "IndexError", "index"),
]


@pytest.mark.parametrize("index", range(len(ERRORS)))
def test_errors_as_numpy_raises_them(build, tmp_path, index):
    expr, cls, message = ERRORS[index]
    src = tmp_path / f"err{index}.flt"
    src.write_text(f"import numpy as np\n\ndef f(values):\n    return {expr}\n")
    lib = CompiledLibrary(build(src))
    ns = python_namespace(src)
    img = np.array([[3.0, 1.0, 2.0], [5.0, 4.0, 0.0], [8.0, 7.0, 6.0]])
    window = np.array([3.0, 1.0, 2.0, 5.0, 4.0, 0.0, 8.0, 7.0, 6.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(Exception) as info:
            ns["f"](window)
        assert type(info.value).__name__ == cls and message in str(info.value)
        with pytest.raises(Exception) as info:
            ndi.generic_filter(img, lib["f"], size=3)
    assert type(info.value).__name__ == cls
    assert message in str(info.value)
    assert f"err{index}.flt:4:" in str(info.value)


def test_select_with_changed_list_is_refused(llcc, tmp_path):
    src = tmp_path / "changed.flt"
    src.write_text("import numpy as np\n\ndef f(values):\n"
                   "    conds = [values[0] > 0]\n"
                   "    conds.append(values[1] > 0)\n"
                   "    return float(np.select(conds, [1.0, 2.0]))\n")
    proc = run_llcc(llcc, src, "--check")
    assert proc.returncode == 1
    assert "changed.flt:6:18: error: np.select takes" in proc.stderr
    assert "'conds' is assigned again, changed or read outside np.select" in proc.stderr
    src.write_text("import numpy as np\n\ndef f(values):\n"
                   "    conds = [values[0] > 0]\n"
                   "    if values[1] > 0:\n"
                   "        conds = [values[0] > 0, values[1] > 0]\n"
                   "    return float(np.select(conds, [1.0, 2.0]))\n")
    proc = run_llcc(llcc, src, "--check")
    assert proc.returncode == 1
    assert "'conds' is assigned lists of different lengths" in proc.stderr


def test_polyfit_hint_compiles_and_names_itself(llcc, build, tmp_path):
    """np.polyfit is refused with the closed form for deg=1, and that very
    closed form compiles and computes CPython's values."""
    bad = tmp_path / "fit.flt"
    bad.write_text("import numpy as np\n\ndef f(values):\n"
                   "    x = np.arange(values.size) * 1.0\n"
                   "    return float(np.polyfit(x, values, 1)[0])\n")
    proc = run_llcc(llcc, bad, "--check")
    assert proc.returncode == 1
    first = proc.stderr.splitlines()[0]
    assert "'numpy.polyfit' is not supported in llcc" in first
    hint = first.split("write the closed form slope = ")[1].split(" and intercept = ")[0]
    src = tmp_path / "closed.flt"
    src.write_text("import numpy as np\n\ndef f(values):\n"
                   "    x = np.arange(values.size) * 1.0\n    y = values\n"
                   f"    slope = {hint}\n"
                   "    return float(slope * 10.0 + y.mean() - slope * x.mean())\n")
    lib = CompiledLibrary(build(src))
    ns = python_namespace(src)
    for img in fixed_images():
        assert same(run(lib["f"], img, (3, 3)), run(ns["f"], img, (3, 3)))


def test_unsupported_names_are_short_with_close_matches(llcc, tmp_path):
    src = tmp_path / "names.flt"
    src.write_text("import numpy as np\nimport statistics\n\ndef f(values):\n"
                   "    return np.nansun(values) + statistics.meen(values) + np.einsum(values)\n")
    proc = run_llcc(llcc, src, "--check")
    errors = [e for e in proc.stderr.splitlines() if ": error: " in e]
    assert errors[0].endswith("'numpy.nansun' is not supported in llcc; did you mean "
                              "'np.nansum', 'np.nanmin' or 'np.nanstd'? (`llcc --list-builtins` "
                              "lists the supported names)")
    assert "'statistics.meen' is not supported in llcc; did you mean 'statistics.mean'" in errors[1]
    assert errors[2].endswith("'numpy.einsum' is not supported in llcc; `llcc --list-builtins` "
                              "lists the supported names")

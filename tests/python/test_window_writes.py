"""Filters that write into their window (values.sort(), values -= m, ...).

SciPy fills a buffer for every call and CPython lets the callback change
it; llcc gives such a filter a private copy of its window at entry, so the
SciPy callback, llcc's whole-image kernels and CPython agree, and the
caller's image is never changed.
"""
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import REPO, python_namespace, run_llcc

if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
import llcc  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "undecorated" / "writes.flt"
FILTERS = ["median_inplace", "centered_energy", "clipped_mean", "first_set", "rows", "untouched"]


@pytest.fixture(scope="module")
def both(build):
    return (llcc.load(build(SOURCE, "--image-kernels")), python_namespace(SOURCE))


def img(shape=(11, 13), seed=5):
    a = np.random.default_rng(seed).uniform(-2.0, 2.0, shape)
    a.flat[::4] = np.round(a.flat[::4])
    return a


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("mode", ["reflect", "constant", "wrap"])
def test_generic_filter(both, name, mode):
    lib, py = both
    a = img()
    before = a.copy()
    expected = ndi.generic_filter(a, py[name], size=3, mode=mode)
    assert np.array_equal(ndi.generic_filter(a, lib[name], size=3, mode=mode), expected)
    assert np.array_equal(llcc.generic_filter(a, lib[name], size=3, mode=mode), expected)
    assert np.array_equal(a, before)


@pytest.mark.parametrize("name", ["median_inplace", "clipped_mean", "first_set"])
def test_footprint_and_bind(both, name):
    lib, py = both
    a = img((9, 10), seed=8)
    fp = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 1]], bool)
    before = a.copy()
    expected = ndi.generic_filter(a, py[name], footprint=fp)
    assert np.array_equal(ndi.generic_filter(a, lib[name], footprint=fp), expected)
    assert np.array_equal(llcc.generic_filter(a, lib[name], footprint=fp), expected)
    assert np.array_equal(a, before)


def test_bound_parameter(both):
    lib, py = both
    a = img()
    expected = ndi.generic_filter(a, py["clipped_mean"], size=3, extra_keywords={"t": -0.25})
    got = ndi.generic_filter(a, lib["clipped_mean"].bind(t=-0.25), size=3)
    assert np.array_equal(got, expected)


@pytest.mark.parametrize("size", [3, 4])
def test_filter1d_iline(both, size):
    lib, py = both
    a = img()
    before = a.copy()
    expected = ndi.generic_filter1d(a, py["line_sorted"], size)
    assert np.array_equal(ndi.generic_filter1d(a, lib.line_sorted, size), expected)
    assert np.array_equal(llcc.generic_filter1d(a, lib.line_sorted, size), expected)
    assert np.array_equal(a, before)


def test_copy_only_where_written(llcc, tmp_path):
    """Only a filter that writes into its window copies it (no cost otherwise)."""
    path = tmp_path / "w.flt"
    path.write_text("def w(values):\n    values.sort()\n    return values[0]\n\n"
                    "def r(values):\n    return values[0]\n")
    proc = run_llcc(llcc, path, "--emit", "llvm", "-O0", "-o", "-")
    assert proc.returncode == 0, proc.stderr
    bodies = {}
    for chunk in proc.stdout.split("\ndefine ")[1:]:
        name = chunk.split("(")[0].split("@")[-1].strip('"')
        bodies[name] = chunk
    assert "@llcc.rt.alloc(" in bodies["llcc.fn.w"]
    assert "@llcc.rt.alloc(" not in bodies["llcc.fn.r"]


def test_helper_window_stays_read_only(llcc, tmp_path):
    path = tmp_path / "h.flt"
    path.write_text("def clamp(a):\n    a[0] = 0.0\n    return a[1]\n\n"
                    "def f(values):\n    return clamp(values)\n")
    proc = run_llcc(llcc, path, "--check")
    assert proc.returncode != 0
    assert "this array is read-only" in proc.stderr

"""np.signbit, np.spacing, np.nextafter, math.ulp, math.nextafter and
math.remainder against numpy 1.24 and CPython 3.11.

tests/python/library/float_steps.flt holds the filters. Hypothesis draws
small images with NaN (of both signs), infinities, -0.0, subnormals and the
largest floats; each filter runs compiled through
scipy.ndimage.generic_filter and as the same Python function on the very
windows generic_filter passes, and the results must be identical (NaN equal
to NaN, the signs of zeros too) or both raise the same exception class. The
sign of a NaN, which that comparison cannot see, is counted into the results
of signbits and sign_of_nan.
"""
import math
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace
from conftest import same_outcome as same
from conftest import window_outcome as run

SOURCE = Path(__file__).resolve().parent / "library" / "float_steps.flt"

NAMES = ["signbits", "sign_of_nan", "spacing_sum", "within_steps", "next_up_down",
         "math_next", "ulps", "ulp_distance", "remainders", "remainder_domain",
         "remainder_signs"]

NEG_NAN = struct.unpack("<d", struct.pack("<Q", 0xFFF8000000000000))[0]
BIG = 1.7976931348623157e308
special = st.sampled_from([0.0, -0.0, 1.0, -1.0, 2.5, -7.5, 0.125, math.inf, -math.inf,
                           math.nan, NEG_NAN, BIG, -BIG, 5e-324, -5e-324,
                           2.2250738585072014e-308, -1e-310, 1e300])
finite = st.floats(allow_nan=False, allow_infinity=False)
images = hnp.arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)),
                    elements=st.one_of(finite, special))
footprints = st.sampled_from([(1, 1), (1, 2), (3, 3), (2, 3)])


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=images, size=footprints)
def test_float_steps_match_python(compiled, img, size):
    assert_same_outcomes(compiled, NAMES, img, size)


@pytest.mark.parametrize("name", NAMES)
def test_each_on_the_edge_values(compiled, name):
    lib, ns = compiled
    rng = np.random.default_rng(7)
    edges = [0.0, -0.0, math.nan, NEG_NAN, math.inf, -math.inf, BIG, -BIG, 5e-324, -5e-324,
             2.2250738585072014e-308, 1.0, -1.0, 3.75, -2.5]
    img = rng.choice(edges + list(rng.normal(size=10)), size=(8, 8))
    for size in [(1, 1), (1, 2), (3, 3)]:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, size, got, expected)


def test_nan_signs_are_seen(compiled):
    """The sign of -nan reaches np.signbit, and np.spacing and math.ulp keep
    a NaN's sign while np.spacing(inf) is numpy's positive NaN."""
    lib, ns = compiled
    img = np.array([[NEG_NAN, math.nan, math.inf, -math.inf, -0.0, 0.0]])
    for name in ["signbits", "sign_of_nan"]:
        got, expected = run(lib[name], img, (1, 1)), run(ns[name], img, (1, 1))
        assert got[0] == "ok" and np.array_equal(got[1], expected[1]), (name, got, expected)
    assert run(lib["signbits"], img, (1, 1))[1].tolist() == [[11.0, 0.0, 10.0, 11.0, 1.0, 0.0]]  # inf - inf is -nan on x86


def test_remainder_domain_errors(compiled):
    lib, ns = compiled
    for row in ([[math.inf, 1.0]], [[1.0, 0.0]], [[-math.inf, 2.0]]):
        img = np.array(row)
        got, expected = run(lib["remainder_domain"], img, (1, 2)), run(
            ns["remainder_domain"], img, (1, 2))
        assert got[0] == "raise" and got[1] == "ValueError" and same(got, expected), row
    img = np.array([[math.nan, 0.0]])
    got = run(lib["remainder_domain"], img, (1, 2))
    assert got[0] == "ok" and same(got, run(ns["remainder_domain"], img, (1, 2)))


UFUNCS = Path(__file__).resolve().parent / "library" / "operator_ufuncs.flt"
UFUNC_NAMES = ["elementwise_arrays", "python_floats", "numbers_and_ints", "int_arrays",
               "list_operands", "nonzero_divisors"]


@pytest.fixture(scope="module")
def ufuncs(build):
    return CompiledLibrary(build(UFUNCS)), python_namespace(UFUNCS)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=images, size=footprints)
def test_operator_ufuncs_match_python(ufuncs, img, size):
    lib, ns = ufuncs
    for name in UFUNC_NAMES:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, img.tolist(), size, got, expected)


@pytest.mark.parametrize("name", UFUNC_NAMES)
def test_operator_ufuncs_on_edge_values(ufuncs, name):
    lib, ns = ufuncs
    rng = np.random.default_rng(11)
    edges = [0.0, -0.0, math.nan, math.inf, -math.inf, 5e-324, 1.0, -1.0, 3.0, -2.5, 0.75]
    img = rng.choice(edges + list(rng.normal(size=6) * 4), size=(7, 7))
    for size in [(1, 1), (1, 2), (3, 3)]:
        expected = run(ns[name], img, size)
        got = run(lib[name], img, size)
        assert same(got, expected), (name, size, got, expected)


ITEMS = Path(__file__).resolve().parent / "library" / "array_item.flt"


@pytest.fixture(scope="module")
def items(build):
    return CompiledLibrary(build(ITEMS)), python_namespace(ITEMS)


@pytest.mark.parametrize("name, size", [
    ("centre_item", (3, 3)), ("centre_item", (1, 2)), ("item_python_float", (2, 2)),
    ("item_out_of_range", (3, 3)), ("item_out_of_range", (2, 5)),
    ("item_negative_out_of_range", (3, 3)), ("item_of_one", (3, 3)), ("item_not_one", (1, 1)),
    ("item_not_one", (2, 2)), ("item_ints", (3, 3)), ("item_ints", (1, 1))])
def test_item_matches_python(items, name, size):
    lib, ns = items
    rng = np.random.default_rng(3)
    img = rng.normal(size=(6, 6))
    img[2, 3] = -0.0
    img[4, 4] = math.nan
    expected = run(ns[name], img, size)
    got = run(lib[name], img, size)
    assert same(got, expected), (name, size, got, expected)
    if expected[0] == "raise":
        assert got[1] in ("IndexError", "ValueError", "ZeroDivisionError")


def test_item_of_2d_windows(items):
    """w.item(i, j) and w.item(i) of a 2-D window (values.reshape(3, 3)),
    against numpy; IndexError for an index past axis 1."""
    lib, ns = items
    img = np.random.default_rng(4).normal(size=(5, 6))
    for name, raises in [("item_2d", None), ("item_2d_out_of_range", "IndexError")]:
        expected, got = run(ns[name], img, (3, 3)), run(lib[name], img, (3, 3))
        assert same(got, expected), (name, got, expected)
        assert (got[0] == "raise") == bool(raises) and (not raises or got[1] == raises)


def test_item_messages(build, tmp_path):
    """numpy's own messages, at the call."""
    import subprocess, sys, textwrap
    so = build(ITEMS)
    code = textwrap.dedent(f"""
        import numpy as np, scipy.ndimage as ndi, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
        from conftest import CompiledLibrary
        lib = CompiledLibrary({str(so)!r})
        for name in ["item_out_of_range", "item_negative_out_of_range", "item_not_one"]:
            try:
                ndi.generic_filter(np.ones((3, 3)), lib[name], size=3)
            except Exception as e:
                print(type(e).__name__, str(e).split(": ", 1)[-1])
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert "IndexError index 9 is out of bounds for size 9" in out, out
    assert "IndexError index -10 is out of bounds for size 9" in out, out
    assert "ValueError can only convert an array of size 1 to a Python scalar" in out, out


@pytest.mark.parametrize("name", ["upper_lower", "triangle_ints"])
def test_triangles_match_numpy(items, name):
    lib, ns = items
    rng = np.random.default_rng(8)
    img = rng.normal(size=(6, 7))
    img.flat[[3, 9, 20, 33]] = [np.nan, -0.0, np.inf, -np.inf]
    expected, got = run(ns[name], img, (3, 3)), run(lib[name], img, (3, 3))
    assert got[0] == "ok" and same(got, expected), (name, got, expected)


PADS = Path(__file__).resolve().parent / "library" / "pad_windows.flt"
PAD_NAMES = ["pad_constant", "pad_edge", "pad_reflect", "pad_symmetric", "pad_wrap",
             "pad_smooth", "pad_ints", "pad_computed_constant"]


@pytest.fixture(scope="module")
def pads(build):
    return CompiledLibrary(build(PADS)), python_namespace(PADS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(img=hnp.arrays(np.float64, st.tuples(st.integers(3, 6), st.integers(3, 6)),
                      elements=st.one_of(finite, special)))
def test_pad_matches_numpy(pads, img):
    lib, ns = pads
    for name in PAD_NAMES:
        expected = run(ns[name], img, (3, 3))
        got = run(lib[name], img, (3, 3))
        assert same(got, expected), (name, img.tolist(), got, expected)

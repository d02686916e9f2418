"""numpy's bitwise ufuncs on int arrays (&, |, ^, ~, <<, >>), as local binary
pattern filters use them, against CPython and numpy 1.24.

tests/python/library/int_bits.flt exports one filter per form. Each runs
through scipy.ndimage.generic_filter compiled (a LowLevelCallable) and as the
same Python function under CPython, on images of ints, of normal floats and of
special values; the results must be identical or both raise the same
exception class. Shift counts past 63 and negative ones are numpy's (every bit
shifted out), not C's undefined behaviour.
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import (CompiledLibrary, assert_same_outcomes, exported_functions,
                      python_namespace, run_llcc)

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library" / "int_bits.flt"
NAMES = exported_functions(SOURCE.read_text())


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(5)
    yield rng.integers(-5, 6, (8, 9)).astype(float)
    yield rng.normal(0.0, 3.0, (8, 9))
    img = rng.integers(-4, 5, (8, 9)).astype(float) * 0.5
    img.flat[[3, 17, 40, 41, 60, 70]] = [np.nan, np.inf, -0.0, -np.inf, 10.0, -10.0]
    yield img


@pytest.mark.parametrize("size", [(3, 3), (2, 2), (1, 3), (5, 5)])
def test_bit_forms_match_cpython(compiled, size):
    assert len(NAMES) >= 10
    for img in images():
        assert_same_outcomes(compiled, NAMES, img, size)


def test_lbp_codes_are_numpys(compiled):
    """The local binary pattern of every 3x3 window: the codes themselves,
    against numpy computing them over all windows at once."""
    lib, _ = compiled
    import scipy.ndimage as ndi
    from numpy.lib.stride_tricks import sliding_window_view
    img = np.random.default_rng(9).integers(0, 4, (12, 13)).astype(float)
    got = ndi.generic_filter(img, lib["lbp"], size=3, mode="constant", cval=0.0)
    padded = np.pad(img, 1, constant_values=0.0)
    windows = sliding_window_view(padded, (3, 3)).reshape(12, 13, 9)
    ring = windows[:, :, [0, 1, 2, 5, 8, 7, 6, 3]]
    bits = (ring >= windows[:, :, 4:5]).astype(np.int64)
    want = np.sum(bits << np.arange(8), axis=2).astype(float)
    assert np.array_equal(got, want)


@pytest.mark.parametrize("expr, message", [
    ("values & 1", "'&' of a float array raises TypeError in numpy (ufunc 'bitwise_and'"),
    ("np.arange(3) | 1.5", "'|' of a float array raises TypeError in numpy (ufunc 'bitwise_or'"),
    ("values >> 2", "'>>' of a float array raises TypeError in numpy (ufunc 'right_shift'"),
    ("(values > 0) << (values < 0)", "'<<' of two booleans gives an int8 array in numpy"),
    ("~values", "'~' of a float array raises TypeError in numpy (ufunc 'invert'"),
])
def test_float_operands_are_compile_errors(llcc, tmp_path, expr, message):
    src = tmp_path / "bad.flt"
    src.write_text(f"import numpy as np\n\n\ndef f(values):\n    m = {expr}\n    return 1.0\n")
    proc = run_llcc(llcc, "--check", src)
    assert proc.returncode == 1
    assert message in proc.stderr
    assert "bad.flt:5:" in proc.stderr

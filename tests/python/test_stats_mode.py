"""scipy.stats.mode (SciPy 1.10) in filters, against CPython.

tests/python/library/stats_mode.flt holds the forms filters write: the mode
filter with keepdims=False, `m, c = mode(...)`, the legacy
`stats.mode(values)[0][0]` (keepdims=None: arrays of one element, with
SciPy's FutureWarning), a ModeResult held in a name, the mode of a list of
ints or floats (empty too), nan_policy='raise' and 'omit', axis=None. Each runs through
scipy.ndimage.generic_filter compiled and as the same Python function under
CPython on images with ties, zeros of both signs, NaNs and infinities: the
same values (signs of zeros included) or the same exception class.
"""
from pathlib import Path

import numpy as np
import pytest

from conftest import (CompiledLibrary, assert_same_outcomes, exported_functions,
                      python_namespace, run_llcc)

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library" / "stats_mode.flt"
NAMES = [n for n in exported_functions(SOURCE.read_text()) if n != "raveled"]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(3)
    yield rng.integers(0, 3, (7, 8)).astype(float)  # many ties
    yield rng.normal(0.0, 1.0, (7, 8))  # no repeats: the smallest value
    img = rng.integers(-2, 3, (7, 8)).astype(float)
    img[img == 0] = -0.0
    img.flat[::3] = 0.0  # +0.0 and -0.0 tie: the sorted run's first
    yield img
    img = rng.integers(0, 2, (7, 8)).astype(float)
    img.flat[[3, 17, 18, 30, 41, 42]] = [np.nan, np.inf, np.nan, -np.inf, np.nan, np.inf]
    yield img


@pytest.mark.parametrize("size", [(3, 3), (1, 2), (2, 3), (4, 4)])
def test_mode_matches_cpython(compiled, size):
    assert len(NAMES) >= 10
    for img in images():
        assert_same_outcomes(compiled, NAMES, img, size)


def test_axis_none_ravels(compiled):
    for img in images():
        assert_same_outcomes(compiled, ["raveled"], img, (2, 2))
        assert_same_outcomes(compiled, ["raveled"], img, (2, 3))


def test_mode_filter_is_a_majority_filter(compiled):
    """Through generic_filter with every mode: the compiled mode filter equals
    SciPy with the Python function."""
    import scipy.ndimage as ndi
    import warnings
    lib, ns = compiled
    img = np.random.default_rng(8).integers(0, 4, (16, 17)).astype(float)
    for boundary in ("reflect", "constant", "nearest", "mirror", "wrap"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = ndi.generic_filter(img, ns["mode_filter"], size=3, mode=boundary)
        got = ndi.generic_filter(img, lib["mode_filter"], size=3, mode=boundary)
        assert np.array_equal(got, want), boundary


@pytest.mark.parametrize("body, message", [
    ("return stats.mode(values, nan_policy='skip', keepdims=False)[0]",
     "nan_policy must be 'propagate', 'raise' or 'omit'"),
    ("k = len(values) > 3\n    return stats.mode(values, keepdims=k)[0]",
     "keepdims must be True, False or None"),
    ("return stats.mode(values, axis=1, keepdims=False)[0]", "axis must be 0, -1 or None"),
    ("r = stats.mode(values)\n    return helper(r)", "holds arrays"),
])
def test_unsupported_forms_are_clear_errors(llcc, tmp_path, body, message):
    source = tmp_path / "bad.flt"
    source.write_text("from scipy import stats\n\n\ndef helper(r):\n    return 0.0\n\n\n"
                      f"def f(values):\n    {body}\n")
    proc = run_llcc(llcc, str(source), "-o", str(tmp_path / "bad.so"))
    assert proc.returncode == 1
    assert message in proc.stderr
    assert "error:" in proc.stderr
    assert not (tmp_path / "bad.so").exists()

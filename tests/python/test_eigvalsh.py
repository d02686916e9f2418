"""np.linalg.eigvalsh of 2 x 2 matrices, compiled and under CPython through
scipy.ndimage.generic_filter: the same values to the last bit (LAPACK's
dsyevd, followed step by step by stdlib/linalg.flt), over ordinary, tiny,
huge, equal, zero and non-finite data; larger matrices are a compile
error."""
import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "library" / "eigvalsh.flt"
FILTERS = ["coherence", "shi_tomasi", "hessian_ridge", "corner_block", "lower_triangle"]


def images():
    rng = np.random.default_rng(8)
    yield rng.random((7, 8))
    yield rng.normal(0.0, 1e160, (5, 6))
    yield rng.normal(0.0, 1e-160, (5, 6))
    yield np.zeros((4, 5))
    yield rng.integers(-2, 3, (6, 6)).astype(float)
    img = rng.normal(size=(6, 6))
    img[2, 3], img[4, 1], img[0, 0] = np.nan, np.inf, -np.inf
    yield img


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    for img in images():
        with np.errstate(all="ignore"):
            want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


def test_every_magnitude_bit_for_bit(tmp_path):
    """The three elements themselves, over a grid of specials and random
    magnitudes from 1e-300 to 1e300 (dsyevd's and dsterf's scalings)."""
    src = tmp_path / "e.flt"
    src.write_text("import numpy as np\n\n\ndef f(values):\n"
                   "    lo, hi = np.linalg.eigvalsh(np.array([[values[0], values[1]], "
                   "[values[1], values[2]]]))\n"
                   "    return lo * 3.0 + hi if lo == lo and hi == hi else -7.0\n")
    fn = llcc.compile(src)["f"]
    rng = np.random.default_rng(9)
    specials = [0.0, -0.0, 1.0, -2.5, 1e-300, 1e300, 3e-123, 5e153, 1e-17, 5e-324, np.inf, np.nan]
    triples = [(a, b, c) for a in specials for b in specials for c in specials]
    triples += [tuple(rng.normal(size=3) * 10.0 ** rng.integers(-300, 300, 3)) for _ in range(3000)]
    data = np.array(triples, dtype=float).ravel()
    import scipy.ndimage as ndi
    got = ndi.generic_filter(data, fn, size=3, origin=-1, mode="constant")[::3]
    with np.errstate(all="ignore"):
        want = []
        for a, b, c in triples:
            lo, hi = np.linalg.eigvalsh(np.array([[a, b], [b, c]]))
            want.append(lo * 3.0 + hi if lo == lo and hi == hi else -7.0)
    want = np.array(want)
    same = (got == want) | (np.isnan(got) & np.isnan(want))
    assert same.all() and (np.signbit(got) == np.signbit(want))[same & (want == 0)].all(), \
        np.flatnonzero(~same)[:5]


def test_larger_matrices_are_refused(tmp_path):
    src = tmp_path / "big.flt"
    src.write_text("import numpy as np\n\n\ndef f(values):\n"
                   "    return np.linalg.eigvalsh(values.reshape(3, 3))[0]\n")
    with pytest.raises(llcc.CompileError) as e:
        llcc.compile(src)
    assert "2 x 2 matrices" in str(e.value) and "big.flt:5:" in str(e.value)

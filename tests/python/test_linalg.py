"""numpy.linalg's det, slogdet, inv and solve of square matrices, eigh of
2 x 2 ones, np.eye
and np.identity, compiled and under CPython through
scipy.ndimage.generic_filter: the same values to the last bit
(stdlib/linalg.flt follows LAPACK's dgetrf2, dgetrs and dsyevd), numpy's
LinAlgError for a singular matrix (caught by `except np.linalg.LinAlgError`
or reaching Python as numpy's class), and compile errors for matrices whose
order is not known when compiling."""
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "library" / "linalg.flt"
FILTERS = ["harris", "det_window", "logdet", "inverse_trace", "diagonals_of_products", "inverse_raises", "plane_slope",
           "ridge", "solve_columns", "det_of_lists", "int_matrix", "eye_forms",
           "solve_list_rhs", "inverse_of_det", "orientation", "eigh_parts", "eigh_in_loop",
           "diagonal_matrices", "diag_dtypes", "hillshade", "cross_mixed", "cross_ints",
           "cross_bad_length", "with_tables"]


def images():
    rng = np.random.default_rng(11)
    yield rng.random((7, 8))
    yield rng.normal(0.0, 1e150, (5, 6))
    yield rng.normal(0.0, 1e-150, (5, 6))
    yield np.zeros((4, 5))                          # singular everywhere
    yield rng.integers(-2, 3, (6, 6)).astype(float)  # ties, zero pivots
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


def test_singular_matrix_is_numpys_linalgerror(lib):
    img = np.zeros((4, 4))
    for run in (lambda: ndi.generic_filter(img, lib["inverse_raises"], size=3),):
        with pytest.raises(np.linalg.LinAlgError, match="Singular matrix"):
            run()


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_every_matrix_bit_for_bit(tmp_path, n):
    """det, inv and solve of n x n matrices taken from a long line: random
    magnitudes, rounded values (exact ties and zero pivots) and specials."""
    src = tmp_path / "m.flt"
    src.write_text(
        "import numpy as np\n\n\n"
        "def f(values):\n"
        f"    m = values.reshape({n}, {n})\n"
        "    d = np.linalg.det(m)\n"
        "    try:\n"
        f"        x = np.linalg.solve(m, np.arange({n}) + 1.0)\n"
        "        i = np.linalg.inv(m)\n"
        "    except np.linalg.LinAlgError:\n"
        "        return d * 3.0 - 1.0\n"
        f"    return d * 3.0 + x[{n - 1}] * 5.0 + i[0, {n - 1}] * 7.0\n")
    fn = llcc.compile(src)["f"]
    rng = np.random.default_rng(n)
    count = 1500
    mats = rng.normal(size=(count, n * n)) * 10.0 ** rng.integers(-100, 100, (count, 1))
    mats[::3] = np.round(rng.normal(size=(len(mats[::3]), n * n)))
    specials = np.array([0.0, -0.0, 1.0, -2.0, 1e-310, 1e300, np.inf, -np.inf, np.nan])
    mats[1::7] = rng.choice(specials, size=(len(mats[1::7]), n * n))
    data = mats.ravel()
    got = ndi.generic_filter(data, fn, size=n * n, origin=-(n * n // 2), mode="constant")
    got = got[::n * n]
    want = []
    with np.errstate(all="ignore"):
        for row in mats:
            m = row.reshape(n, n)
            d = np.linalg.det(m)
            try:
                x = np.linalg.solve(m, np.arange(n) + 1.0)
                i = np.linalg.inv(m)
            except np.linalg.LinAlgError:
                want.append(d * 3.0 - 1.0)
                continue
            want.append(d * 3.0 + x[n - 1] * 5.0 + i[0, n - 1] * 7.0)
    want = np.array(want)
    same = (got == want) | (np.isnan(got) & np.isnan(want))
    assert same.all(), np.flatnonzero(~same)[:5]


def test_eigh_bit_for_bit():
    """np.linalg.eigh's values and vectors over a grid of specials and
    random magnitudes from 1e-300 to 1e300 (dsyevd's and dsteqr's scalings,
    dlaev2's branches, the sort that swaps the vectors)."""
    src = ("import numpy as np\n\n\ndef f(values):\n"
           "    w, v = np.linalg.eigh(np.array([[values[0], values[1]], [values[1], values[2]]]))\n"
           "    return w[0] + 3.0 * w[1] + 5.0 * v[0, 0] + 7.0 * v[0, 1] + 11.0 * v[1, 0] "
           "+ 13.0 * v[1, 1]\n")
    fn = llcc.compile(src)["f"]
    rng = np.random.default_rng(12)
    specials = [0.0, -0.0, 1.0, -2.5, 1e-300, 1e300, 3e-123, 5e153, 1e-17, 5e-324, np.inf, np.nan]
    triples = [(a, b, c) for a in specials for b in specials for c in specials]
    triples += [tuple(rng.normal(size=3) * 10.0 ** rng.integers(-300, 300, 3)) for _ in range(3000)]
    triples += [tuple(np.round(rng.normal(size=3) * 2)) for _ in range(1000)]
    data = np.array(triples, dtype=float).ravel()
    got = ndi.generic_filter(data, fn, size=3, origin=-1, mode="constant")[::3]
    want = []
    with np.errstate(all="ignore"):
        for a, b, c in triples:
            w, v = np.linalg.eigh(np.array([[a, b], [b, c]]))
            want.append(w[0] + 3.0 * w[1] + 5.0 * v[0, 0] + 7.0 * v[0, 1] + 11.0 * v[1, 0]
                        + 13.0 * v[1, 1])
    want = np.array(want)
    same = (got == want) | (np.isnan(got) & np.isnan(want))
    assert same.all(), np.flatnonzero(~same)[:5]


@pytest.mark.parametrize("body, words", [
    ("np.linalg.det(values)", "square (up to 64 x 64) matrices"),
    ("np.linalg.eigh(values.reshape(3, 3))[0][0]", "2 x 2 matrices"),
    ("np.linalg.eigh(values[:4].reshape(2, 2))", "returns a tuple of two arrays"),
    ("np.linalg.det(values.reshape(3, 3)[:, :2])", "3 x 2 matrix"),
    ("np.linalg.inv(np.zeros((65, 65)))[0, 0]", "up to 64 x 64"),
    ("np.linalg.solve(values.reshape(3, 3), np.zeros((2, 2)))[0, 0]", "right-hand sides of 3 rows"),
])
def test_unknown_or_bad_orders_are_refused(tmp_path, body, words):
    src = tmp_path / "bad.flt"
    src.write_text(f"import numpy as np\n\n\ndef f(values):\n    return {body}\n")
    with pytest.raises(llcc.CompileError) as e:
        llcc.compile(src)
    assert words in str(e.value) and "bad.flt:5:" in str(e.value)

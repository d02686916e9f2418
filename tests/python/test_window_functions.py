"""numpy's window functions np.hanning, np.hamming, np.bartlett,
np.blackman, np.kaiser and numpy's own np.i0 (stdlib/windows.flt; module
constants folded in SemaConstCalls.cpp) against CPython running the same
file through scipy.ndimage.generic_filter / generic_filter1d and
llcc.generic_filter / generic_filter1d, bit for bit: every function, M known
only at run time (ints, floats, 0, 1, 2, negative, large), kaiser's beta 0,
negative, large and NaN, and the diagnostics of wrong arguments."""
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace, run_llcc  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "library" / "window_functions.flt"


@pytest.fixture(scope="module")
def both():
    return llcc.compile(SOURCE), python_namespace(SOURCE)


def python_function(f):
    return getattr(f, "py_func", f)


@pytest.mark.parametrize("name, size", [("module_windows", 3), ("hann_weighted", 3),
                                        ("hann_weighted", 2), ("kaiser_of_spread", 3),
                                        ("i0_numbers", 3),
                                        ("mixed_lengths", 3), ("mixed_lengths", 2)])
def test_filters_match_cpython(both, name, size):
    lib, py = both
    rng = np.random.default_rng(7)
    for img in [rng.random((6, 7)), np.round(rng.normal(size=(5, 6)) * 3), np.zeros((4, 4))]:
        want = window_outcome(py[name], img, size)
        got = window_outcome(lib[name], img, size)
        assert same_outcome(got, want), (name, got, want)


@pytest.mark.parametrize("name", ["hann_weighted", "kaiser_of_spread"])
def test_whole_image_kernels(both, name):
    lib, py = both
    img = np.random.default_rng(3).random((7, 8))
    want = window_outcome(py[name], img, 3)
    assert want[0] == "ok"
    got = llcc.generic_filter(img, lib[name], size=3, mode="nearest")
    assert got.tobytes() == want[1].tobytes()


@pytest.mark.parametrize("name", ["tri_smooth", "tapered"])
def test_windows_of_the_filter_size(both, name):
    lib, py = both
    img = np.random.default_rng(5).normal(size=(4, 11))
    for size in (1, 2, 3, 4, 7):
        want = ndi.generic_filter1d(img, python_function(py[name]), size)
        assert ndi.generic_filter1d(img, lib[name], size).tobytes() == want.tobytes()
        assert llcc.generic_filter1d(img, lib[name], size).tobytes() == want.tobytes()


def line_values(lib, py, name, **keywords):
    line = np.zeros((1, 60))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = ndi.generic_filter1d(line, python_function(py[name]), 1, extra_keywords=keywords)
        got = llcc.generic_filter1d(line, lib[name], 1, extra_keywords=keywords)
    return got, want


EDGES = [-3, 0, 1, 2, 3, 4, 5, 8, 17, 24, 59]


@pytest.mark.parametrize("kind", range(5))
def test_every_window_of_run_time_lengths(both, kind):
    lib, py = both
    want = ndi.generic_filter1d(np.zeros((1, 9)), python_function(py["window_values"]), 1)
    assert ndi.generic_filter1d(np.zeros((1, 9)), lib["window_values"], 1).tobytes() == \
        want.tobytes()
    for m in EDGES:
        got, want = line_values(lib, py, "window_values", kind=kind, M=m)
        assert got.tobytes() == want.tobytes(), (kind, m)
    for m in [-2.5, 0.5, 1.0, 1.5, 2.0, 2.25, 5.5, 9.75, 31.0]:
        got, want = line_values(lib, py, "float_window_values", kind=kind, M=m)
        assert got.tobytes() == want.tobytes(), (kind, m)
    # numpy's values themselves, not only CPython's run of the same code.
    got, _ = line_values(lib, py, "window_values", kind=kind, M=24)
    expected = [np.hanning, np.hamming, np.bartlett, np.blackman,
                lambda m: np.kaiser(m, 2.5)][kind](24)
    assert got[0, :24].tobytes() == expected.tobytes()


@pytest.mark.parametrize("beta", [0, 0.0, -0.0, -3.0, 1e-300, 2.5, 8.6, 14, 30.0, 700.0, 800.0,
                                  float("nan"), float("inf")])
def test_kaiser_betas(both, beta):
    lib, py = both
    for m in [0, 1, 2, 3, 7, 24, 59]:
        got, want = line_values(lib, py, "window_values", kind=4, M=m, beta=beta)
        assert got.tobytes() == want.tobytes(), (m, beta)
        got, want = line_values(lib, py, "float_window_values", kind=4, M=m + 0.5, beta=beta)
        assert got.tobytes() == want.tobytes(), (m + 0.5, beta)


def test_module_constants_are_numpys(both):
    lib, py = both
    for name in ("HANN", "HAMM", "BART", "BLACK", "KAIS", "FLAT", "NEG"):
        assert isinstance(py[name], np.ndarray)
    img = np.eye(3) * np.arange(1, 10).reshape(3, 3)
    assert same_outcome(window_outcome(lib["module_windows"], img, 3),
                        window_outcome(py["module_windows"], img, 3))


def test_i0_is_numpys(both):
    lib, py = both
    rng = np.random.default_rng(9)
    special = [0.0, -0.0, 8.0, -8.0, 7.999999999999999, 8.000000000000002, np.inf, -np.inf,
               np.nan, 1e-320, 709.0, 713.9, 714.0, 1e300, 16.0, 32.0]
    line = np.concatenate([rng.normal(size=40) * 10, special])[None, :]
    for scale in (1.0, 0.01, 3.0, 60.0, -1.0):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            want = ndi.generic_filter1d(line, python_function(py["i0_line"]), 1,
                                        extra_keywords={"scale": scale})
            got = llcc.generic_filter1d(line, lib["i0_line"], 1, extra_keywords={"scale": scale})
            assert got.tobytes() == want.tobytes(), scale
            assert got.tobytes() == np.i0(line * scale).tobytes()


@pytest.mark.parametrize("body, message", [
    ("return np.hanning(values)[0]", "np.hanning takes a number for 'M' in llcc, not an array"),
    ("return np.kaiser(5)[0]", "np.kaiser is missing its argument 'beta'"),
    ("return np.kaiser(5, values)[0]", "np.kaiser takes a number for 'beta' in llcc"),
    ("return np.i0(values.reshape(3, 3))[0]", "np.i0 of a 2-D array is not supported"),
])
def test_wrong_arguments_are_diagnosed(llcc, tmp_path, body, message):
    src = tmp_path / "w.flt"
    src.write_text(f"import numpy as np\n\n\ndef f(values):\n    {body}\n")
    out = tmp_path / "w.so"
    proc = run_llcc(llcc, src, "-o", out)
    assert proc.returncode == 1
    assert "w.flt:5:" in proc.stderr and ": error: " in proc.stderr and message in proc.stderr
    assert "^" in proc.stderr
    assert not out.exists()

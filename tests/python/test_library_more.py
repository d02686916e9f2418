"""Library names natural filters use: scipy.stats.rankdata and
percentileofscore, np.lexsort, np.triu_indices and np.tril_indices,
itertools.groupby and np.ndenumerate in for loops, frozenset (tests/python/library/library_more.flt). Compiled and
under CPython through scipy.ndimage.generic_filter: the same values bit for
bit, the same exception classes."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "library" / "library_more.flt"
FILTERS = ["tri_named", "rank_avg", "rank_min", "rank_methods", "rank_rounded", "rank_of_slice", "rank_empty",
           "pos", "pos_kinds", "pos_rounded", "pos_raise", "pos_empty", "lex", "lex_rows",
           "lex_lengths", "upper", "lower", "lower_wide", "asymmetry",
           "longest_run", "run_sums", "keyed_runs", "keyed_fn", "first_long_group",
           "members", "ordered", "weighted", "first_big", "flat",
           "rank_of_list", "rank_of_ints", "rank_of_window", "pos_of_list", "pos_divided",
           "gen_runs"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(5)
    yield rng.random((6, 7))
    yield np.round(rng.normal(0.5, 0.6, (7, 6)) * 4.0) / 4.0  # many ties
    img = rng.random((6, 6))
    img.flat[[3, 17, 30]] = [np.nan, np.inf, -np.inf]
    yield img
    z = np.zeros((5, 5))
    z.flat[[2, 7, 11]] = -0.0
    yield z


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    for img in images():
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


def test_rank_ties_by_hand(lib):
    # rankdata([0, 2, 3, 2]) is SciPy's own example: [1, 2.5, 4, 2.5].
    img = np.array([[0.0, 2.0, 3.0, 2.0]])
    got = window_outcome(lib["rank_avg"], img, (1, 9))
    assert got[0] == "ok"


def test_unknown_method_is_a_compile_error(tmp_path):
    src = tmp_path / "bad.flt"
    src.write_text("from scipy.stats import rankdata\n\n\ndef f(values):\n"
                   "    return rankdata(values, method='first')[0]\n")
    with pytest.raises(llcc.CompileError) as err:
        llcc.compile(src)
    assert "method" in str(err.value)


def test_lexsort_needs_keys_written_in_place(tmp_path):
    src = tmp_path / "bad.flt"
    src.write_text("import numpy as np\n\n\ndef f(values):\n"
                   "    return float(np.lexsort(values)[0])\n")
    with pytest.raises(llcc.CompileError) as err:
        llcc.compile(src)
    assert "np.lexsort takes a tuple of 1-D arrays" in str(err.value)


@pytest.mark.parametrize("body, message", [
    ("n = int(values[0])\n    r, c = np.triu_indices(n)\n    return 0.0",
     "np.triu_indices takes ints known when compiling"),
    ("r, c = np.tril_indices(2, -2)\n    return 0.0", "selects no element here"),
    ("w = values.reshape(3, 3)\n    w[np.triu_indices(3, 1)] = 0.0\n    return w[0, 0]",
     "writing through np.triu_indices is not supported"),
])
def test_triangle_indices_errors(tmp_path, body, message):
    src = tmp_path / "bad.flt"
    src.write_text(f"import numpy as np\n\n\ndef f(values):\n    {body}\n")
    with pytest.raises(llcc.CompileError) as err:
        llcc.compile(src)
    assert message in str(err.value)


@pytest.mark.parametrize("body, message", [
    ("return float(max(len(list(g)) for k, g in itertools.groupby(values)))",
     "llcc compiles itertools.groupby as the iterable of a for loop"),
    ("for k, g in itertools.groupby(values):\n        a = list(g)\n        b = list(g)\n"
     "    return 0.0", "is an iterator in Python, read once"),
    ("for k, g in itertools.groupby(values):\n        return float(len(g))\n    return 0.0",
     "is an iterator in Python, read once"),
    ("for kg in itertools.groupby(values):\n        return 1.0\n    return 0.0",
     "unpacks each key and group into two names"),
])
def test_groupby_errors(tmp_path, body, message):
    src = tmp_path / "bad.flt"
    src.write_text(f"import itertools\n\n\ndef f(values):\n    {body}\n")
    with pytest.raises(llcc.CompileError) as err:
        llcc.compile(src)
    assert message in str(err.value)


def test_frozenset_has_no_add(tmp_path):
    src = tmp_path / "bad.flt"
    src.write_text("def f(values):\n    s = frozenset([1, 2])\n    s.add(3)\n"
                   "    return float(len(s))\n")
    with pytest.raises(llcc.CompileError) as err:
        llcc.compile(src)
    assert "holds a frozenset, which has no method add" in str(err.value)


def test_ndenumerate_needs_the_index_unpacked(tmp_path):
    src = tmp_path / "bad.flt"
    src.write_text("import numpy as np\n\n\ndef f(values):\n"
                   "    for ij, v in np.ndenumerate(values.reshape(3, 3)):\n"
                   "        return v\n    return 0.0\n")
    with pytest.raises(llcc.CompileError) as err:
        llcc.compile(src)
    assert "np.ndenumerate(a) of a 1-D or 2-D array as the iterable of a for loop" in str(err.value)

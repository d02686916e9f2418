"""Natural forms of dicts keyed by strs (docs/language.md, "Str keys" and
"Dict constants"): `{k: f(w) for k, w in D.items()}` over a str-keyed dict
constant, `max(("lo", "hi"), key=lambda k: tally[k])`, `min(tally,
key=lambda k: tally[k])`, `order.index(max(order, key=...))` of a list of
str literals, and `{"pos": 1.0, "neg": -1.0}[best]`. Compiled
and under CPython through scipy.ndimage.generic_filter: the same values bit
for bit, the same exception class, and a missing key's KeyError text."""
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "containers" / "str_dict_forms.flt"
FILTERS = ["gains", "line_response", "key_used", "listed", "lam_tuple", "lam_list",
           "lam_dict", "sign_vote", "dominant_class", "named_list", "bool_sum"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(29)
    yield rng.random((7, 6))
    yield rng.normal(0.5, 0.6, (6, 7))
    img = rng.random((6, 6))
    img.flat[[3, 17, 30]] = [np.nan, np.inf, -np.inf]
    yield img
    yield np.full((4, 5), 0.5)
    yield np.zeros((4, 5))


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    for img in images():
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


# A key missing from the display (here, not in tests/python/containers/,
# whose runner compares values only where CPython returns).
MISSING = textwrap.dedent('''def missing(values):
    counts = {"pos": 0, "neg": 0, "zero": 0}
    for v in values:
        if v > 0.5:
            counts["pos"] += 1
        else:
            counts["zero"] += 1
    return {"pos": 1.0, "neg": -1.0}[max(counts, key=counts.get)]
''')


def test_missing_key_text(tmp_path):
    (tmp_path / "missing.flt").write_text(MISSING)
    compiled = llcc.compile(tmp_path / "missing.flt")
    namespace = {}
    exec(MISSING, namespace)
    img = np.zeros((3, 3))
    with pytest.raises(KeyError) as got:
        ndi.generic_filter(img, compiled["missing"], size=3)
    with pytest.raises(KeyError) as want:
        namespace["missing"](np.zeros(9))
    assert str(got.value) == str(want.value) == "'zero'"

"""Sets and dicts remember whether their keys are Python or numpy numbers.

`s.add(int(v))` fills a set with Python ints, `s.add(v)` with numpy.float64
scalars; `1.0 / min(s)` of a zero key is CPython's ZeroDivisionError in the
first case and numpy's inf in the second, and `7 // k` of a zero numpy int
is 0. llcc tracks the keys' kind with the container (frontend Shape::
keysMayBeNumpy) through every way of filling one (add, displays, set(...),
comprehensions, set operators, d[k] = v, setdefault, Counter, dict(...),
defaultdict) and every way of reading a key back (min, max, sorted, key=,
loops over the keys or d.items(), d.keys(), most_common, sorted(d,
reverse=True) in a helper), each checked here against CPython through
scipy.ndimage.generic_filter.
"""
import sys

import numpy as np
import pytest

from conftest import REPO, assert_same_outcomes

if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
import llcc  # noqa: E402

SOURCE = '''
from collections import Counter, defaultdict
import numpy as np


def set_add_int(values):
    s = set()
    for v in values:
        s.add(int(v))
    return 1.0 / min(s)


def set_add_numpy(values):
    s = set()
    for v in values:
        s.add(v)
    return 1.0 / min(s)


def set_display(values):
    s = {int(values[0]), round(values[4])}
    return 1.0 / max(s) + 1.0 / min(s)


def set_display_numpy(values):
    s = {values[0], values[4]}
    return 1.0 / max(s) + 1.0 / min(s)


def set_comprehension_sorted(values):
    ranks = sorted({int(v) for v in values})
    return 1.0 / ranks[0]


def set_call_loop(values):
    s = set(float(v) for v in values)
    total = 0.0
    for k in s:
        total += 1.0 / k
    return total


def set_union(values):
    a = {int(values[0]), int(values[1])}
    b = set()
    b.add(int(values[2]))
    return 1.0 / min(a | b)


def set_union_numpy(values):
    a = set(values[:4])
    return 1.0 / min(a | {values[8]})


def floor_of_ints(values):
    s = set(int(v) for v in values)
    return float(7 // min(s))


def floor_of_numpy(values):
    s = set(values * 2)
    return float(7 // min(s))


def dict_count_mode(values):
    counts = {}
    for v in values:
        k = int(v)
        counts[k] = counts.get(k, 0) + 1
    mode = max(counts, key=counts.get)
    return 1.0 / mode


def dict_count_numpy(values):
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return 1.0 / min(counts)


def counter_mode(values):
    c = Counter(int(v) for v in values)
    value, n = c.most_common(1)[0]
    return n / value


def counter_numpy(values):
    c = Counter(values)
    return 1.0 / c.most_common(1)[0][0]


def defaultdict_keys(values):
    d = defaultdict(int)
    for v in values:
        d[round(v)] += 1
    return sum(1.0 / k for k in d.keys())


def setdefault_items(values):
    d = {}
    for i, v in enumerate(values):
        d.setdefault(int(v), i)
    total = 0.0
    for k, i in d.items():
        total += i / k
    return total


def dict_comprehension(values):
    d = {int(v): i for i, v in enumerate(values)}
    return 5.0 % min(d)


def helper_set(values):
    s = set()
    collect(s, values)
    return 1.0 / min(s)


def collect(s, values):
    for v in values:
        s.add(int(v) - 1)


def sorted_reverse_in_helper(values):
    return 1.0 / smallest_key(values) + 1.0 / smallest_key(values * 0.5)


def smallest_key(buf):
    d = {round(v): i for i, v in enumerate(buf)}
    return sorted(d, reverse=True)[-1]
'''

HELPERS = {"collect", "smallest_key"}
NAMES = [line.split("(")[0][4:] for line in SOURCE.splitlines()
         if line.startswith("def ") and line.split("(")[0][4:] not in HELPERS]


@pytest.fixture(scope="module")
def compiled():
    namespace = {"__name__": "set_key_kinds"}
    exec(compile(SOURCE, "set_key_kinds.flt", "exec"), namespace)
    return llcc.compile(SOURCE, filename="set_key_kinds.flt"), namespace


def images():
    rng = np.random.default_rng(3)
    yield rng.integers(-2, 3, size=(8, 9)).astype(float)  # zeros in most windows
    yield rng.integers(1, 6, size=(8, 9)).astype(float)   # no zero
    yield rng.normal(size=(8, 9)) * 3


@pytest.mark.parametrize("name", NAMES)
def test_key_kind_matches_cpython(compiled, name):
    for img in images():
        assert_same_outcomes(compiled, [name], img, 3)


def test_zero_key_raises_where_cpython_does(compiled):
    """The point of the feature: a Python-int key of 0 raises, a numpy one
    gives inf, in the same image."""
    lib, _ = compiled
    img = np.zeros((4, 4))
    with pytest.raises(ZeroDivisionError):
        import scipy.ndimage as ndi
        ndi.generic_filter(img, lib["set_add_int"], size=3)
    import scipy.ndimage as ndi
    with np.errstate(divide="ignore"):
        assert np.isinf(ndi.generic_filter(img, lib["set_add_numpy"], size=3)).all()

"""collections.deque (a list with its methods rewritten, SemaDeque.cpp):
running buffers with and without maxlen, through scipy.ndimage's
generic_filter and generic_filter1d against CPython on the same file, and
through the llcc decorators."""

from collections import deque
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc

from conftest import run_llcc, same_outcome, window_outcome

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "deque" / "buffers.flt"
FILTERS = ["running_max_sum", "left_right", "from_values", "bounded_extend", "empty_pop",
           "last_of_window", "rotations", "spin"]


def python_namespace():
    import sys
    import types
    fake = types.ModuleType("llcc")
    fake.filter1d = lambda f: f
    saved = sys.modules.get("llcc")
    sys.modules["llcc"] = fake
    try:
        namespace = {}
        exec(SOURCE.read_text(), namespace)
    finally:
        sys.modules["llcc"] = saved
    return namespace


@pytest.fixture(scope="module")
def compiled(build):
    return llcc.load(build(SOURCE)), python_namespace()


def images():
    rng = np.random.default_rng(11)
    yield rng.normal(size=(7, 8))
    yield rng.integers(-3, 4, (6, 6)).astype(float)
    special = rng.random((6, 7))
    special[1, 2], special[3, 3], special[4, 5] = np.nan, -0.0, np.inf
    yield special
    yield np.full((4, 4), 0.95)


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("size", [2, 3])
def test_filters_match_cpython(compiled, name, size):
    lib, ns = compiled
    for img in images():
        expected = window_outcome(ns[name], img, size)
        got = window_outcome(lib[name], img, size)
        assert same_outcome(got, expected), (name, size, img.tolist(), got, expected)


@pytest.mark.parametrize("k", [1, 2, 3, 5, 0])
def test_maxlen_parameter(compiled, k):
    lib, ns = compiled
    img = np.random.default_rng(k).normal(size=(5, 9))
    for m in (k, 4):
        windows = []
        ndi.generic_filter(img, lambda v: windows.append(v.copy()) or 0.0, size=3)
        expected = np.array([ns["bounded_extend"](w, m) for w in windows]).reshape(img.shape)
        np.testing.assert_array_equal(ndi.generic_filter(img, lib.bounded_extend.bind(m=m), size=3),
                                      expected)


@pytest.mark.parametrize("m, n", [(0, 1), (1, -1), (2, 7), (3, -12), (4, 0), (12, 3)])
def test_bounded_from_iterable_and_rotate(compiled, m, n):
    """deque(values, maxlen=m) keeps the last m; extendleft drops from the
    right past maxlen; rotate(n) for any n, also on a short deque."""
    lib, ns = compiled
    img = np.random.default_rng(m * 31 + n).normal(size=(5, 6))
    for name, kw in (("last_of_window", dict(m=m)), ("rotations", dict(n=n))):
        expected = window_outcome(lambda v: ns[name](v, **kw), img, 3)
        got = window_outcome(lib[name].bind(**kw), img, 3)
        assert same_outcome(got, expected), (name, m, n, got, expected)


def test_negative_maxlen_raises_as_cpython(compiled):
    lib, ns = compiled
    img = np.ones((3, 3))
    with pytest.raises(ValueError, match="maxlen must be non-negative"):
        ns["bounded_extend"](img.ravel(), -1)
    with pytest.raises(ValueError, match="maxlen must be non-negative"):
        ndi.generic_filter(img, lib.bounded_extend.bind(m=-1), size=3)


@pytest.mark.parametrize("k", [1, 2, 3, 6])
def test_moving_mean_line_filter(compiled, k):
    lib, ns = compiled
    img = np.random.default_rng(k).normal(size=(5, 12))
    expected = ndi.generic_filter1d(img, lambda i, o: ns["moving_mean"](i, o, k), 3)
    np.testing.assert_array_equal(ndi.generic_filter1d(img, lib.moving_mean.bind(k=k), 3),
                                  expected)


def last_three(values):
    q = deque(maxlen=3)
    for v in values:
        q.append(v)
    return sum(q) - q[0]


def test_decorator_captures_deque():
    """The decorators import what they capture from collections."""
    compiled_last_three = llcc.filter(last_three)
    img = np.arange(20.0).reshape(4, 5) ** 1.5
    expected = ndi.generic_filter(img, last_three, size=3)
    np.testing.assert_array_equal(ndi.generic_filter(img, compiled_last_three, size=3), expected)


@pytest.mark.parametrize("body, message", [
    ("q = deque([1.0], maxlen=2)\n    x = q.rotate(1)", "deque.rotate() is supported as a statement"),
    ("q = deque()\n    x = [q.extendleft([1.0])]", "deque.extendleft() is supported as a statement"),
    ("q = deque(maxlen=2)\n    x = [q.append(1.0)]", "growing a deque with a maxlen is supported as a statement"),
    ("return len(deque())", "a deque is supported as the value of a name"),
])
def test_refused_forms(request, tmp_path, body, message):
    llcc_path = request.getfixturevalue("llcc")
    src = tmp_path / "bad.flt"
    src.write_text(f"from collections import deque\n\n\ndef f(values):\n    {body}\n    return 0.0\n")
    proc = run_llcc(llcc_path, src, "-o", tmp_path / "bad.so")
    assert proc.returncode == 1 and message in proc.stderr, proc.stderr
    assert not (tmp_path / "bad.so").exists()


def test_shift_loops_after_unrolled_allocations_compile(request, tmp_path):
    """list.pop(0) (a bounded deque's trim) after a fully unrolled loop that
    allocates arrays: LLVM 19's loop idiom recognition spent minutes in SCEV
    on its shifting loop at -O1 (difftest seed 471); llcc leaves the memcpy
    idiom off. A generous limit: this is about finishing at all."""
    llcc_path = request.getfixturevalue("llcc")
    src = tmp_path / "shift.flt"
    src.write_text(
        "from collections import deque\n"
        "import numpy as np\n"
        "T1 = (26, 11, 32, 9, 1.5e2, 3)\n\n\n"
        "def f(values):\n"
        "    for w in T1:\n"
        "        c = np.minimum.accumulate(np.argsort(values))\n"
        "        for v in values:\n"
        "            continue\n"
        "    q = deque(maxlen=len(values) // 2)\n"
        "    for v in values:\n"
        "        q.append(v)\n"
        "    if len(q) > 1:\n"
        "        q.popleft()\n"
        "    return sum(q) + c[0]\n")
    for level in ("-O1", "-O2"):
        proc = run_llcc(llcc_path, src, "-o", tmp_path / "shift.so", level, "--cpu", "generic",
                        timeout=120)
        assert proc.returncode == 0, proc.stderr

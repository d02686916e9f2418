"""enumerate(), zip(), range() and reversed() passed as values, end to end.

llcc rewrites such a call, where a consumer of an iterable takes it
(``max(enumerate(values), key=...)``, ``list(zip(a, b))``,
``sorted(range(n), key=...)``, ``np.mean(range(n))``), into the generator
expression or list comprehension walking it (frontend/SemaDesugar.cpp).
tests/python/iterables/*.flt hold such filters written the way numpy users
write them; each runs through scipy.ndimage.generic_filter compiled and as
the same function in CPython, on images with ties, NaN and infinities and
on tiny images (a 1x1 footprint, a 1x1 and a 2x2 image, where windows are
one or a few values and filtered lists are empty). The images must agree
bit for bit, and where CPython raises (max() of an empty enumerate,
range() with step 0) llcc must raise the same class with the same message.

The uses still refused are compile errors with a ``file:line:col: error:``
diagnostic, exit status 1 and no output file.
"""
import ctypes
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy
import scipy.ndimage as ndi

from conftest import SIGNATURE, exported_functions, run_llcc

HERE = Path(__file__).resolve().parent
SOURCES = sorted((HERE / "iterables").glob("*.flt"))


def images():
    rng = np.random.default_rng(910)
    yield "normal", np.round(rng.standard_normal((13, 11)) * 100)
    yield "ties", rng.integers(-2, 3, (9, 10)).astype(float)
    special = rng.standard_normal((8, 9)) * 200
    flat = special.reshape(-1)
    flat[rng.integers(0, flat.size, 8)] = np.nan
    flat[rng.integers(0, flat.size, 3)] = -0.0
    flat[rng.integers(0, flat.size, 2)] = np.inf
    yield "special", special
    yield "single", np.array([[200.0]])
    yield "two_by_two", np.array([[np.nan, 1.0], [1.0, -300.0]])


SIZES = [(1, 1), (3, 3), (2, 3)]


def run(function, image, size):
    """generic_filter's result, or the exception the callback raised.

    CPython's callback is wrapped to record its own exception: generic_filter
    may report it as a SystemError ("<class 'int'> returned a result with an
    exception set") rather than re-raising it.
    """
    raised = []

    def recording(window):
        try:
            return function(window)
        except Exception as e:  # the exception is the outcome
            raised.append(e)
            raise

    callback = function if isinstance(function, scipy.LowLevelCallable) else recording
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "ok", ndi.generic_filter(image, callback, size=size, mode="reflect")
        except Exception as e:  # noqa: BLE001
            return "raise", raised[0] if raised else e


def same_bits(a, b):
    nan = np.isnan(a) & np.isnan(b)
    return np.array_equal(np.where(nan, 0.0, a).view(np.int64),
                          np.where(nan, 0.0, b).view(np.int64))


@pytest.fixture(scope="module")
def programs(llcc, tmp_path_factory):
    """Each source's compiled library and CPython namespace, by file stem."""
    folder = tmp_path_factory.mktemp("iterables")
    built = {}
    for source in SOURCES:
        out = folder / (source.stem + ".so")
        proc = run_llcc(llcc, source, "-o", out)
        assert proc.returncode == 0, proc.stderr
        namespace = {}
        exec(compile(source.read_text(), str(source), "exec"), namespace)
        built[source.stem] = (source, ctypes.PyDLL(str(out)), namespace)
    return built


@pytest.mark.parametrize("stem", [p.stem for p in SOURCES])
def test_filters_match_cpython(programs, stem):
    source, lib, namespace = programs[stem]
    failures = []
    for name in exported_functions(source.read_bytes()):
        compiled = scipy.LowLevelCallable(getattr(lib, name), signature=SIGNATURE)
        for label, image in images():
            for size in SIZES:
                got = run(compiled, image, size)
                want = run(namespace[name], image, size)
                where = f"{name} on {label} size={size}"
                if got[0] != want[0]:
                    failures.append(f"{where}: llcc {got[1]!r}, CPython {want[1]!r}")
                elif got[0] == "raise":
                    if type(got[1]) is not type(want[1]) or not str(got[1]).endswith(str(want[1])):
                        failures.append(f"{where}: llcc raised {got[1]!r}, CPython {want[1]!r}")
                elif not same_bits(got[1], want[1]):
                    failures.append(f"{where}: the images differ")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("stem, name", [("values", "brightest_or_raise"),
                                        ("corners", "empty_range_max")])
def test_empty_iterator_in_max_raises_as_cpython(programs, stem, name):
    # max() of an empty enumerate or range, without default=: CPython's
    # ValueError, word for word (the comparison above allows a prefix).
    _, lib, namespace = programs[stem]
    compiled = scipy.LowLevelCallable(getattr(lib, name), signature=SIGNATURE)
    image = np.ones((3, 3))  # nothing above 150; range(1, 1) is empty
    got, want = run(compiled, image, (3, 3)), run(namespace[name], image, (3, 3))
    assert got[0] == want[0] == "raise"
    assert str(want[1]) == "max() arg is an empty sequence"
    assert type(got[1]) is ValueError and str(got[1]).endswith(str(want[1]))


# Uses that stay compile errors: the message (a fragment) and the line and
# column the diagnostic points at, in the user's text.
REFUSED = {
    "stored_enumerate": ("""
def f(values):
    pairs = enumerate(values)
    return 1.0
""", "enumerate() is only supported as the iterable of a for loop or comprehension", 2, 13),
    "stored_range": ("""
def f(values):
    r = range(len(values))
    return float(r[0])
""", "range() is only supported as the iterable of a for loop or comprehension", 2, 9),
    "numpy_of_zip": ("""
import numpy as np


def f(values):
    return float(np.mean(zip(values, values[::-1])))
""", "np.mean() does not iterate zip()", 5, 26),
    "len_of_enumerate": ("""
def f(values):
    return float(len(enumerate(values)))
""", "len() of enumerate() is a TypeError in Python", 2, 22),
    "zip_of_arrays_in_a_tuple": ("""
def f(values):
    quads = [values[:4], values[4:]]
    q, w = max(zip(quads, values), key=lambda t: t[1])
    return float(q.sum()) + w
""", "the items here are tuples holding a float64 array", 3, 16),
    "zip_of_window_rows": ("""
def f(values):
    w = values.reshape(3, 3)
    rows = list(zip(values, w))
    return float(len(rows))
""", "'zip' of a 2-D or 3-D array is not supported", 3, 29),
    "sum_of_enumerate": ("""
def f(values):
    return float(sum(enumerate(values)))
""", "'sum' of a list of tuples is not supported", 2, 18),
    "helper_argument": ("""
def total(items):
    return 0.0


def f(values):
    return total(zip(values, values))
""", "zip() is only supported as the iterable of a for loop or comprehension", 6, 18),
    "dict_of_zip_triples": ("""
def f(values):
    d = dict(zip(values, values, range(len(values))))
    return 1.0
""", "dict() takes (key, value) pairs of numbers, not tuple(float, float, int) items", 2, 14),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_forms_are_diagnosed(llcc, tmp_path, name):
    text, message, line, col = REFUSED[name]
    source = tmp_path / f"{name}.flt"
    source.write_text(text.lstrip("\n"))
    out = tmp_path / f"{name}.so"
    proc = run_llcc(llcc, source, "-o", out)
    assert proc.returncode == 1, proc.stderr
    assert not out.exists()
    errors = re.findall(r"^(.*?):(\d+):(\d+): error: (.*)$", proc.stderr, re.MULTILINE)
    assert errors, proc.stderr
    assert any(Path(f).name == source.name and (int(l), int(c)) == (line, col) and message in m
               for f, l, c, m in errors), proc.stderr
    assert "internal compiler error" not in proc.stderr

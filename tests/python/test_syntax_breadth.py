"""Assignment expressions, next(), list.index(), tuple() and f(*x), end to end.

tests/python/syntax/*.flt hold filters written the way numpy users write
these constructs (`if (n := ...) == 0`, `next((i for ...), -1)`,
`lst.index(max(lst))`, `tuple(c * f for c in t)`, `math.hypot(*values)`);
each runs through
scipy.ndimage.generic_filter compiled and as the same function in CPython,
on images with ties, NaN, infinities and negative zeros and on tiny images,
and the results must agree bit for bit. Where CPython raises (StopIteration
of next() without a default, ValueError of list.index) llcc must raise the
same class with the same message. The transforms of syntax/transforms.flt
run through scipy.ndimage.geometric_transform against CPython's.

The forms that stay refused are compile errors with a ``file:line:col:
error:`` diagnostic (docs/diagnostics.md has each); a few are checked here
at the place they point to.
"""
import ctypes
import re
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy
import scipy.ndimage as ndi

from conftest import SIGNATURE, exported_functions, run_llcc

HERE = Path(__file__).resolve().parent
SOURCES = sorted(p for p in (HERE / "syntax").glob("*.flt") if p.stem != "transforms")
sys.path.insert(0, str(HERE.parents[1] / "python"))


def images():
    rng = np.random.default_rng(2000)
    yield "normal", np.round(rng.standard_normal((12, 11)) * 3)
    yield "ties", rng.integers(-2, 4, (9, 10)).astype(float)
    special = rng.standard_normal((8, 9)) * 4
    flat = special.reshape(-1)
    flat[rng.integers(0, flat.size, 8)] = np.nan
    flat[rng.integers(0, flat.size, 3)] = -0.0
    flat[rng.integers(0, flat.size, 2)] = np.inf
    yield "special", special
    yield "single", np.array([[2.0]])
    yield "two_by_two", np.array([[np.nan, 1.0], [3.0, -3.0]])


SIZES = [(1, 1), (3, 3), (2, 3)]


def run(function, image, size):
    """generic_filter's result, or the exception the callback raised (a
    CPython callback's own exception is recorded: SciPy may report it as a
    SystemError)."""
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
            result = ndi.generic_filter(image, callback, size=size, mode="reflect")
        except Exception as e:  # noqa: BLE001
            return "raise", raised[0] if raised else e
    # SciPy 1.10 may even return normally after a Python callback raised.
    return ("raise", raised[0]) if raised else ("ok", result)


def same_bits(a, b):
    nan = np.isnan(a) & np.isnan(b)
    return np.array_equal(np.where(nan, 0.0, a).view(np.int64),
                          np.where(nan, 0.0, b).view(np.int64))


@pytest.fixture(scope="module")
def programs(llcc, tmp_path_factory):
    folder = tmp_path_factory.mktemp("syntax")
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
    failures, raised = [], 0
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
                    raised += 1
                    if type(got[1]) is not type(want[1]) or not str(got[1]).endswith(str(want[1])):
                        failures.append(f"{where}: llcc raised {got[1]!r}, CPython {want[1]!r}")
                elif not same_bits(got[1], want[1]):
                    failures.append(f"{where}: the images differ")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("stem, name, image, cls, message", [
    ("next_first", "raises_stop_iteration", np.zeros((3, 3)), StopIteration, ""),
    ("list_index", "missing_float", np.full((3, 3), 2.0), ValueError, "2.5 is not in list"),
    ("list_index", "missing_int", np.ones((3, 3)), ValueError, "16 is not in list"),
])
def test_errors_are_cpythons(programs, stem, name, image, cls, message):
    _, lib, namespace = programs[stem]
    compiled = scipy.LowLevelCallable(getattr(lib, name), signature=SIGNATURE)
    got, want = run(compiled, image, (3, 3)), run(namespace[name], image, (3, 3))
    assert got[0] == want[0] == "raise"
    assert type(want[1]) is cls and str(want[1]) == message
    assert type(got[1]) is cls and str(got[1]).endswith(message)


def test_transforms_match_cpython(llcc, tmp_path):
    source = HERE / "syntax" / "transforms.flt"
    out = tmp_path / "transforms.so"
    proc = run_llcc(llcc, source, "-o", out)
    assert proc.returncode == 0, proc.stderr
    namespace = {}
    exec(compile(source.read_text(), str(source), "exec"), namespace)
    lib = ctypes.PyDLL(str(out))
    image = np.random.default_rng(7).normal(size=(9, 8))
    for name in ("zoom_walrus", "first_big"):
        compiled = scipy.LowLevelCallable(
            getattr(lib, name), signature="int (intptr_t *, double *, int, int, void *)")
        want = ndi.geometric_transform(image, namespace[name], order=1)
        got = ndi.geometric_transform(image, compiled, order=1)
        assert same_bits(got, want), name


REFUSED = {
    "walrus_after_and": ("""
def f(values):
    if values[0] > 0 and (n := len(values)) > 2:
        return float(n)
    return 0.0
""", "llcc supports ':=' only where it runs before anything else", 2, 27),
    "walrus_in_generator": ("""
def f(values):
    return values[0] + sum(1 for v in values if (t := v) > 0)
""", "':=' inside a comprehension or generator expression", 2, 50),
    "next_of_a_name": ("""
def f(values):
    it = iter(values)
    return next(it)
""", "'next' is a Python builtin that llcc does not support", 3, 12),
    "index_of_a_float_name": ("""
def f(values):
    lst = list(values)
    m = max(lst)
    return float(lst.index(m))
""", "list.index(x) of a list of floats needs x", 4, 28),
    "tuple_of_a_window": ("""
def f(values):
    t = tuple(values)
    return float(len(str(t)))
""", "tuple() of a length known only at run time", 2, 15),
    "max_of_a_window": ("""
def f(values):
    return max(*values)
""", "max(*x) of a length known only at run time is not supported", 2, 17),
    "tuple_of_output_coords": ("""
import llcc


@llcc.transform
def scale(output_coords):
    t = tuple(c * 0.5 for c in output_coords)
    return t
""", "return tuple(...) of it directly", 6, 32),
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
    assert any(Path(f).name == source.name and (int(l), int(c)) == (line, col) and message in m
               for f, l, c, m in errors), proc.stderr

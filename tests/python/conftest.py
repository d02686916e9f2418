"""Shared fixtures and helpers for the llcc end-to-end tests.

The oracle for every test is CPython: an llcc program is valid Python, so the
same .flt source is executed as Python and passed to
``scipy.ndimage.generic_filter`` as an ordinary callback, and the result must
equal the compiled shared object's function run through the same
``generic_filter`` call (as a ``scipy.LowLevelCallable``).

The llcc binary is taken from ``$LLCC`` or ``build/cli/llcc``; the tests are
skipped (with a message saying so) only when neither exists.

Test programs may carry directives in their text (usually the docstring):

* ``llcc-test: rtol=R atol=A`` -- compare with ``np.allclose`` instead of
  exact equality (only for documented last-bit differences).

Error programs (``tests/programs/errors``) start with ``# error: TEXT`` (one
or more alternatives separated by ``|``, matched case-insensitively against
the diagnostic) and ``# line: N`` (line of the first error).  Runtime-error
programs (``tests/programs/runtime_errors``) carry ``# cpython: raises`` or
``# cpython: ok`` saying whether CPython itself raises on the same input.
"""
import ast
import ctypes
import functools
import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import scipy
import scipy.ndimage as ndi

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PROGRAMS_DIR = REPO / "tests" / "programs"
ERRORS_DIR = PROGRAMS_DIR / "errors"
RUNTIME_ERRORS_DIR = PROGRAMS_DIR / "runtime_errors"
EXAMPLES_DIR = REPO / "examples"
SIGNATURE = "int (double *, intptr_t, double *, void *)"


# --------------------------------------------------------------------------
# Locating and running llcc
# --------------------------------------------------------------------------

def find_llcc():
    """Path of the llcc binary ($LLCC, else build/cli/llcc), or None."""
    candidate = os.environ.get("LLCC") or str(REPO / "build" / "cli" / "llcc")
    path = Path(candidate)
    return path.resolve() if path.is_file() else None


def pytest_report_header(config):
    path = find_llcc()
    return f"llcc: {path if path else 'NOT FOUND (set $LLCC or build build/cli/llcc)'}"


# CI's sanitizer stage (scripts/test.sh sets LLCC_SANITIZED=1) runs this
# suite a second time with llcc built under ASan and UBSan. It is there to
# catch memory and undefined-behaviour errors in the compiler, which every
# test function's paths reach; the values are already checked against
# CPython by the normal stage, which runs every case. Under the sanitizers
# llcc is 2-4x slower to start and to compile, and running all ~7,900
# cases again was 2,300 s of CI's 5,400 s (bench/notes.md 2026-12-07), so
# there each test function runs its first case and a fixed third of the
# others, chosen by a hash of the test's id: the same selection on every
# machine, so a report reproduces with LLCC_SANITIZED=1.
SANITIZED_SAMPLE = 3


def pytest_collection_modifyitems(config, items):
    if os.environ.get("LLCC_SANITIZED") != "1":
        return
    kept, dropped, functions = [], [], set()
    for item in items:
        function = item.nodeid.split("[", 1)[0]
        first = function not in functions
        functions.add(function)
        if first or zlib.crc32(item.nodeid.encode()) % SANITIZED_SAMPLE == 0:
            kept.append(item)
        else:
            dropped.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def llcc():
    path = find_llcc()
    if path is None:
        pytest.skip("llcc binary not found: set $LLCC or build build/cli/llcc")
    return path


def run_llcc(llcc_path, *args, stdin=None, cwd=None, timeout=120):
    """Run llcc with `args`; return the CompletedProcess (text mode)."""
    return subprocess.run([str(llcc_path), *map(str, args)], input=stdin,
                          capture_output=True, text=True, cwd=cwd, timeout=timeout)


@pytest.fixture(scope="session")
def build(llcc, tmp_path_factory):
    """Compile a .flt file to a .so (cached per file and flags); return its path.

    Fails the calling test with llcc's diagnostics if compilation fails.
    """
    out_dir = tmp_path_factory.mktemp("so")
    cache = {}

    def _build(source, *flags):
        key = (str(source), flags)
        if key not in cache:
            tag = "".join(f.strip("-") for f in flags) or "default"
            # Two sources of one name (tests/programs/x.flt, tests/python/library/x.flt)
            # must not share a path: the process keeps the first library it
            # loaded from a path, so the second would read the first's symbols.
            where = hashlib.sha1(str(Path(source).resolve()).encode()).hexdigest()[:8]
            so_path = out_dir / f"{Path(source).stem}.{where}.{tag}.so"
            proc = run_llcc(llcc, source, "-o", so_path, *flags)
            assert proc.returncode == 0, (
                f"llcc {' '.join(flags)} failed on {source} (exit {proc.returncode}):\n"
                f"{proc.stderr}")
            assert so_path.is_file(), f"llcc exited 0 but wrote no {so_path}"
            cache[key] = so_path
        return cache[key]

    return _build


# --------------------------------------------------------------------------
# Reading programs
# --------------------------------------------------------------------------

def exported_functions(source):
    """Names of the functions no other function in `source` calls (or passes
    by name, as in ``key=score``), in order."""
    tree = ast.parse(source)
    defs = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    called = set()
    for func in defs:
        for node in ast.walk(func):
            if (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
                    and node.id != func.name):
                called.add(node.id)
    return [func.name for func in defs if func.name not in called]


def python_namespace(path):
    """Execute a .flt file as Python; return its module namespace."""
    namespace = {"__name__": Path(path).stem}
    exec(compile(Path(path).read_bytes(), str(path), "exec"), namespace)
    return namespace


def directives(path):
    """Comparison options from an ``llcc-test:`` directive (see module docstring)."""
    match = re.search(r"llcc-test:(.*)", Path(path).read_text(encoding="utf-8-sig"))
    options = {}
    if match:
        for key, value in re.findall(r"(\w+)=(\S+)", match.group(1)):
            options[key] = float(value)
    return options


def header_directive(path, name):
    """Value of a ``# name: value`` comment line in `path`, or None."""
    match = re.search(rf"^#\s*{name}:\s*(.*?)\s*$", Path(path).read_text(), re.MULTILINE)
    return match.group(1) if match else None


# --------------------------------------------------------------------------
# Loading compiled filters
# --------------------------------------------------------------------------

class CompiledLibrary:
    """A compiled llcc .so; ``lib[name]`` is a scipy.LowLevelCallable."""

    def __init__(self, so_path):
        self.path = Path(so_path)
        self._lib = ctypes.CDLL(str(self.path))

    def __getitem__(self, name):
        func = getattr(self._lib, name)
        func.restype = ctypes.c_int
        func.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_ssize_t,
                         ctypes.POINTER(ctypes.c_double), ctypes.c_void_p]
        # The callable keeps `func` (and through it the library) alive.
        return scipy.LowLevelCallable(func, signature=SIGNATURE)


# --------------------------------------------------------------------------
# Images, footprints and filter cases
# --------------------------------------------------------------------------

def _random_image(size, seed):
    """Negative and fractional values, zeros of both signs, NaN and infinities."""
    rng = np.random.default_rng(seed)
    img = np.round(rng.uniform(-300.0, 300.0, (size, size)) * 4) / 4
    flat = img.reshape(-1)
    picks = rng.choice(flat.size, 12, replace=False)
    for index, value in zip(picks, [np.nan, np.inf, -np.inf, 0.0, -0.0, np.nan,
                                     0.5, -0.5, 2.5, 1e-300, -np.inf, 255.0]):
        flat[index] = value
    return img


@functools.lru_cache(maxsize=None)
def image(name):
    """Small float64 test images (read-only, cached)."""
    from skimage import data
    images = {
        "camera64": lambda: data.camera()[170:234, 210:274],
        "camera24": lambda: data.camera()[300:324, 100:124],
        "coins40": lambda: data.coins()[60:100, 60:100],
        "astronaut32": lambda: data.astronaut()[80:112, 180:212, 0],
        "random24": lambda: _random_image(24, 1),
        "random16": lambda: _random_image(16, 2),
    }
    img = np.ascontiguousarray(images[name](), dtype=np.float64)
    img.flags.writeable = False
    return img


FOOTPRINTS = {
    "1": np.ones((1, 1), dtype=bool),
    "cross5": np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=bool),
    "3x3": np.ones((3, 3), dtype=bool),
    "2x3": np.ones((2, 3), dtype=bool),
    "5x5": np.ones((5, 5), dtype=bool),
    "7x7": np.ones((7, 7), dtype=bool),
}


@dataclass(frozen=True)
class FilterCase:
    image: str
    footprint: str
    mode: str
    cval: float = 0.0

    def __str__(self):
        cval = f", cval={self.cval}" if self.mode == "constant" else ""
        return f"{self.image} footprint={self.footprint} mode={self.mode}{cval}"


# Not every combination: the CPython callback costs ~5-50 us per pixel.
CASES = [
    FilterCase("camera64", "3x3", "reflect"),
    FilterCase("camera64", "cross5", "constant", 17.5),
    FilterCase("coins40", "1", "nearest"),
    FilterCase("coins40", "3x3", "nearest"),
    FilterCase("coins40", "5x5", "mirror"),
    FilterCase("astronaut32", "7x7", "wrap"),
    FilterCase("camera24", "2x3", "wrap"),
    FilterCase("random24", "3x3", "constant", -3.25),
    FilterCase("random24", "cross5", "reflect"),
    FilterCase("random24", "5x5", "mirror"),
    FilterCase("random16", "7x7", "nearest"),
    FilterCase("random16", "1", "wrap"),
]


@dataclass
class Outcome:
    """A filter result, or the exception generic_filter raised."""
    result: np.ndarray = None
    error: BaseException = None

    def describe(self):
        if self.error is not None:
            return f"raised {type(self.error).__name__}: {self.error}"
        return "returned normally"


def apply_filter(function, case):
    """Run generic_filter(image, function, ...) for `case`; never raises."""
    try:
        with np.errstate(all="ignore"):
            result = ndi.generic_filter(image(case.image), function,
                                        footprint=FOOTPRINTS[case.footprint],
                                        mode=case.mode, cval=case.cval)
        return Outcome(result=result)
    except Exception as exc:  # noqa: BLE001 - any exception is an outcome
        return Outcome(error=exc)


_python_outcomes = {}


def python_outcome(path, name, case):
    """CPython's outcome for function `name` of `path` (cached across tests)."""
    key = (str(path), name, case)
    if key not in _python_outcomes:
        _python_outcomes[key] = apply_filter(python_namespace(path)[name], case)
    return _python_outcomes[key]



def window_outcome(callback, img, size):
    """("ok", result) or ("raise", class name, every class raised) of a
    filter through scipy.ndimage.generic_filter (mode 'nearest'). A Python
    function runs on the very windows generic_filter passes, called here
    (SciPy 1.10 loses or rewraps some exceptions of Python callbacks); a
    compiled callback runs through generic_filter itself."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if callable(callback) and not hasattr(callback, "function"):
            windows = []
            ndi.generic_filter(img, lambda v: windows.append(v.copy()) or 0.0, size=size,
                               mode="nearest")
            out, raised = [], []
            for w in windows:
                try:
                    out.append(float(callback(w)))
                except Exception as e:
                    raised.append(type(e).__name__)
            if raised:
                return ("raise", raised[0], frozenset(raised))
            return ("ok", np.array(out).reshape(img.shape))
        try:
            return ("ok", ndi.generic_filter(img, callback, size=size, mode="nearest"))
        except Exception as e:
            return ("raise", type(e).__name__)


def same_outcome(got, expected):
    """window_outcome's results agree: the compiled class is one the Python
    function raised, or the values are identical (NaN equal to NaN, the
    signs of zeros too)."""
    if got[0] == expected[0] == "raise":
        return got[1] in expected[2]
    if got[0] != expected[0]:
        return False
    a, b = got[1], expected[1]
    numbers = ~np.isnan(a)
    return np.array_equal(a, b, equal_nan=True) and np.array_equal(
        np.signbit(a[numbers]), np.signbit(b[numbers]))


def assert_same_outcomes(compiled, names, img, size):
    """Every filter of `names`, compiled (compiled[0]) and under CPython
    (compiled[1], a namespace), has the same window_outcome on img."""
    lib, ns = compiled
    for name in names:
        expected = window_outcome(ns[name], img, size)
        got = window_outcome(lib[name], img, size)
        assert same_outcome(got, expected), (name, img.tolist(), size, got, expected)


def mismatch_report(compiled, expected, limit=5):
    """Human-readable list of the first differing pixels."""
    with np.errstate(invalid="ignore"):
        differ = ~((compiled == expected) | (np.isnan(compiled) & np.isnan(expected)))
    where = np.argwhere(differ)
    lines = [f"{len(where)} of {compiled.size} pixels differ"]
    for index in where[:limit]:
        index = tuple(int(i) for i in index)
        lines.append(f"  at {index}: llcc {compiled[index]!r}  CPython {expected[index]!r}")
    return "\n".join(lines)


def bits(a):
    """The bits of a float64 array, every NaN as one: a NaN's sign is not
    specified (docs/language.md, Numerics), every other bit is."""
    a = np.array(a, dtype=np.float64)
    a[np.isnan(a)] = np.nan
    return a.view(np.uint64)


def outcomes_match(compiled, expected, rtol=None, atol=0.0):
    """Return None if the outcomes agree, else a description of the difference."""
    if expected.error is not None or compiled.error is not None:
        if (expected.error is None) != (compiled.error is None):
            return f"llcc {compiled.describe()} but CPython {expected.describe()}"
        return None
    a, b = compiled.result, expected.result
    if rtol is None:
        same = np.array_equal(a, b, equal_nan=True)
    else:
        same = (np.array_equal(np.isnan(a), np.isnan(b))
                and np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))
    return None if same else mismatch_report(a, b)


def check_program(build, path, flags=(), cases=CASES):
    """Compile `path` and compare every exported function with CPython."""
    lib = CompiledLibrary(build(path, *flags))
    options = directives(path)
    source = Path(path).read_bytes()
    names = exported_functions(source)
    assert names, f"{path} exports no function"
    failures = []
    for name in names:
        compiled_function = lib[name]
        for case in cases:
            expected = python_outcome(path, name, case)
            compiled = apply_filter(compiled_function, case)
            problem = outcomes_match(compiled, expected, options.get("rtol"),
                                     options.get("atol", 0.0))
            if problem:
                failures.append(f"{name}() on {case}: {problem}")
    if failures:
        pytest.fail(f"{Path(path).name} {' '.join(flags)}: llcc differs from CPython\n"
                    + "\n".join(failures), pytrace=False)


# --------------------------------------------------------------------------
# Running a compiled filter in a child process (for code that may crash)
# --------------------------------------------------------------------------

_CHILD = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {here!r})
    import numpy as np
    from conftest import CompiledLibrary, FilterCase, apply_filter
    lib = CompiledLibrary({so!r})
    case = FilterCase({image!r}, {footprint!r}, {mode!r})
    outcome = apply_filter(lib[{name!r}], case)
    error = outcome.error
    print(json.dumps({{
        "raised": error is not None,
        "type": type(error).__name__ if error is not None else None,
        "message": str(error) if error is not None else None,
    }}))
""")


# --------------------------------------------------------------------------
# Exception messages (raise/assert/print formatting tests)
# --------------------------------------------------------------------------

def python_message_outcome(function, image, **params):
    """The first window (in generic_filter's order, size 3, mode 'nearest')
    whose call of a Python function raises, as (class, message), or ("ok",
    result image)."""
    windows = []
    ndi.generic_filter(image, lambda v: windows.append(v.copy()) or 0.0, size=3, mode="nearest")
    out = []
    for w in windows:
        try:
            out.append(float(function(w, **params)))
        except Exception as e:
            return (type(e).__name__, str(e))
    return ("ok", np.array(out).reshape(image.shape))


def compiled_message_outcome(callback, image):
    """A compiled callback through generic_filter (size 3, mode 'nearest'):
    ("ok", result) or (class, message)."""
    try:
        return ("ok", ndi.generic_filter(image, callback, size=3, mode="nearest"))
    except Exception as e:
        return (type(e).__name__, str(e))


def assert_same_message_outcome(got, expected):
    """The same values, or the same class and message; errors llcc detects
    itself (int() of a NaN, a spec the value's type refuses) carry
    file:line:col: first."""
    assert got[0] == expected[0], (got, expected)
    if got[0] == "ok":
        np.testing.assert_array_equal(got[1], expected[1])
    else:
        assert got[1] == expected[1] or got[1].endswith(": " + expected[1]), (got, expected)


def run_compiled_in_child(so_path, name, case, timeout=120):
    """Apply compiled function `name` in a fresh interpreter.

    Returns (returncode, parsed JSON report or None, stderr).  A crash shows up
    as a negative return code instead of taking the test session down.
    """
    code = _CHILD.format(here=str(HERE), so=str(so_path), name=name, image=case.image,
                         footprint=case.footprint, mode=case.mode)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True,
                          text=True, timeout=timeout)
    report = None
    if proc.returncode == 0 and proc.stdout.strip():
        report = json.loads(proc.stdout.strip().splitlines()[-1])
    return proc.returncode, report, proc.stderr

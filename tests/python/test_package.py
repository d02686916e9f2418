"""The llcc Python package: load, bind, compile + cache, decorators, drop-ins,
pickling, errors."""
import gc
import inspect
import json
import os
import pickle
import shutil
import subprocess
import sys
import textwrap
import math
from math import sqrt as root
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import scipy
import scipy.integrate as integrate
import scipy.ndimage as ndi

from conftest import REPO, image, run_llcc

if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
import llcc  # noqa: E402
from test_kinds import KINDS_DIR, python_functions, write_form_oracle  # noqa: E402

FILTER_SIGNATURE = "int (double *, intptr_t, double *, void *)"


@pytest.fixture(scope="session")
def llcc_binary(llcc):
    """Path of the llcc binary under test (conftest's `llcc` fixture, renamed
    so that it does not hide the package)."""
    return llcc


@pytest.fixture(autouse=True)
def llcc_env(llcc_binary, tmp_path_factory, monkeypatch):
    """The package uses the binary under test and a private cache folder."""
    monkeypatch.setenv("LLCC", str(llcc_binary))
    monkeypatch.setenv("LLCC_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "llcc-cache"))


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("LLCC_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def filters_lib(build):
    return llcc.load(build(KINDS_DIR / "filters.flt"))


@pytest.fixture(scope="module")
def all_kinds_path(build):
    return build(KINDS_DIR / "all_kinds.flt")


class SubprocessForbidden(AssertionError):
    pass


def forbid_subprocess(monkeypatch):
    def run(*args, **kwargs):
        raise SubprocessForbidden(f"subprocess.run called: {args}")
    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(subprocess, "Popen", run)


# --------------------------------------------------------------------------
# load, Library
# --------------------------------------------------------------------------

def test_load_library(all_kinds_path, llcc_binary):
    lib = llcc.load(all_kinds_path)
    assert isinstance(lib, llcc.Library)
    assert lib.functions == ("count_above", "smooth", "shift", "gauss")
    assert list(lib) == list(lib.functions) and len(lib) == 4 and "shift" in lib
    assert set(lib.functions) <= set(dir(lib))
    assert lib.path == str(Path(all_kinds_path).resolve())
    assert lib.source_file.endswith("all_kinds.flt")
    assert lib.source == Path(lib.source_file).read_text()
    described = json.loads(run_llcc(llcc_binary, "--describe", all_kinds_path).stdout)
    assert lib.manifest == described
    text = repr(lib)
    for name, kind in [("count_above", "filter"), ("smooth", "filter1d"),
                       ("shift", "transform"), ("gauss", "integrand")]:
        assert name in text and kind in text
    assert "threshold=0.5" in text and str(lib.path) in text


def test_callbacks_are_low_level_callables(all_kinds_path):
    lib = llcc.load(all_kinds_path)
    for name in lib.functions:
        callback = getattr(lib, name)
        assert isinstance(callback, scipy.LowLevelCallable)
        assert isinstance(callback, llcc.Callback)
        assert callback is lib[name]
        assert callback.name == name
        assert callback.signature == llcc.SIGNATURES[callback.kind]
        assert callback.library is lib
        assert callback.user_data is None and not callback.bound
    assert lib.count_above.signature == FILTER_SIGNATURE
    assert lib.count_above.params == {"threshold": 0.5}
    assert lib.gauss.params == {}
    assert "count_above" in repr(lib.count_above) and "threshold=0.5" in repr(lib.count_above)


def test_unknown_function(all_kinds_path):
    lib = llcc.load(all_kinds_path)
    with pytest.raises(AttributeError, match="no function 'nope'.*count_above, smooth, shift, gauss"):
        lib.nope
    with pytest.raises(KeyError, match="nope"):
        lib["nope"]
    assert not hasattr(lib, "__array__")


def test_load_errors(tmp_path):
    with pytest.raises(llcc.LoadError, match="cannot read"):
        llcc.load(tmp_path / "missing.so")
    with pytest.raises(OSError):  # LoadError is an OSError too
        llcc.load(tmp_path / "missing.so")
    junk = tmp_path / "junk.so"
    junk.write_bytes(b"not a shared object")
    with pytest.raises(llcc.LoadError, match="cannot load"):
        llcc.load(junk)
    # A real shared object that llcc did not make.
    import scipy.ndimage._nd_image as native
    with pytest.raises(llcc.LoadError, match="not an llcc library"):
        llcc.load(native.__file__)


def test_load_relative_path(all_kinds_path, tmp_path, monkeypatch):
    shutil.copy(all_kinds_path, tmp_path / "relative.so")
    monkeypatch.chdir(tmp_path)
    lib = llcc.load("relative.so")
    assert lib.path == str(tmp_path / "relative.so")
    assert ndi.generic_filter(np.ones((3, 3)), lib.count_above, size=3)[1, 1] == 18.0


def test_reload_after_the_file_changed(tmp_path):
    """dlopen returns the old mapping for the same name; load() must not."""
    target = tmp_path / "same.so"
    results = []
    for value in (1.0, 2.0):
        so = llcc.compile(f"def f(values):\n    return {value}\n")
        shutil.copy(so.path, tmp_path / "tmp.so")
        os.replace(tmp_path / "tmp.so", target)
        lib = llcc.load(target)
        results.append(ndi.generic_filter(np.zeros((2, 2)), lib.f, size=1)[0, 0])
    assert results == [1.0, 2.0]


# --------------------------------------------------------------------------
# bind
# --------------------------------------------------------------------------

def test_bind_values(filters_lib):
    py = python_functions(KINDS_DIR / "filters.flt")
    img = image("coins40")
    base = filters_lib.count_above
    for threshold in (0.5, 100, 150.5):
        bound = base.bind(threshold=threshold)
        assert bound is not base and bound.bound
        assert isinstance(bound, scipy.LowLevelCallable)
        assert bound.params == {"threshold": float(threshold)}
        assert isinstance(bound.params["threshold"], float)
        assert bound.user_data is not None
        expected = ndi.generic_filter(img, py["count_above"], size=3,
                                      extra_keywords={"threshold": threshold})
        assert np.array_equal(ndi.generic_filter(img, bound, size=3), expected)
    assert base.params == {"threshold": 0.5} and not base.bound


def test_bind_merges_and_defaults(filters_lib):
    clipped = filters_lib.clipped_sum
    assert clipped.params == {"lo": -1.0, "hi": 1.0, "scale": 1, "absolute": False}
    step = clipped.bind(lo=0).bind(hi=5, absolute=True)
    assert step.params == {"lo": 0.0, "hi": 5.0, "scale": 1, "absolute": True}
    assert clipped.bind().params == clipped.params
    img = image("random24")
    with np.errstate(all="ignore"):
        # NULL user_data (defaults in the compiled code) == the defaults packed by bind().
        assert np.array_equal(ndi.generic_filter(img, clipped, size=3),
                              ndi.generic_filter(img, clipped.bind(), size=3), equal_nan=True)


def test_bind_keeps_user_data_alive(filters_lib):
    img = image("camera24")
    expected = ndi.generic_filter(img, filters_lib.count_above.bind(threshold=90.0), size=3)
    bound = filters_lib.count_above.bind(threshold=90.0)
    for _ in range(3):
        filters_lib.count_above.bind(threshold=1e9)  # garbage that may reuse memory
        gc.collect()
    assert np.array_equal(ndi.generic_filter(img, bound, size=3), expected)


def test_bind_unknown_names(filters_lib):
    with pytest.raises(TypeError, match=r"'thresh'.*threshold \(float, default 0.5\)"):
        filters_lib.count_above.bind(thresh=1.0)
    with pytest.raises(TypeError, match="lo.*hi.*scale.*absolute"):
        filters_lib.clipped_sum.bind(low=1.0)
    with pytest.raises(TypeError):
        filters_lib.count_above.bind(1.0)  # keywords only


def test_bind_without_parameters(build):
    lib = llcc.load(build(KINDS_DIR / "lines.flt"))
    with pytest.raises(TypeError, match="no parameters"):
        lib.diff.bind(x=1)
    assert lib.diff.bind().params == {}


@pytest.mark.parametrize("name,value,stored", [
    ("lo", 1, 1.0), ("lo", 2.5, 2.5), ("lo", True, 1.0), ("lo", np.float32(0.5), 0.5),
    ("lo", np.int8(-3), -3.0), ("lo", np.float64(-np.inf), -np.inf),
    ("scale", 3, 3), ("scale", np.int64(-7), -7), ("scale", np.uint8(200), 200),
    ("scale", True, 1), ("scale", 2**63 - 1, 2**63 - 1),
    ("absolute", True, True), ("absolute", np.bool_(False), False),
    ("absolute", 0, False), ("absolute", 1, True), ("absolute", np.int32(1), True),
])
def test_bind_accepted_types(filters_lib, name, value, stored):
    params = filters_lib.clipped_sum.bind(**{name: value}).params
    assert params[name] == stored and type(params[name]) is type(stored)


@pytest.mark.parametrize("name,value", [
    ("lo", "1.0"), ("lo", None), ("lo", 1j), ("lo", [1.0]), ("lo", np.array([1.0])),
    ("scale", 1.5), ("scale", 2.0), ("scale", np.float64(3.0)), ("scale", "3"), ("scale", None),
    ("absolute", 2), ("absolute", -1), ("absolute", 0.0), ("absolute", "True"), ("absolute", None),
])
def test_bind_wrong_types(filters_lib, name, value):
    with pytest.raises(TypeError, match=f"'{name}'"):
        filters_lib.clipped_sum.bind(**{name: value})


def test_bind_int_range(filters_lib):
    with pytest.raises(OverflowError):
        filters_lib.clipped_sum.bind(scale=2**63)


# --------------------------------------------------------------------------
# compile and the cache
# --------------------------------------------------------------------------

SOURCE = textwrap.dedent("""\
    def above(values, threshold=0.5):
        n = 0
        for v in values:
            if v > threshold:
                n += 1
        return n
    """)


def test_compile_text(fresh_cache):
    lib = llcc.compile(SOURCE)
    assert lib.functions == ("above",)
    assert lib.source_file == "source.flt"
    assert Path(lib.path).parent == fresh_cache / "compiled"
    result = ndi.generic_filter(image("coins40"), lib.above.bind(threshold=100.0), size=3)
    ns = {}
    exec(SOURCE, ns)
    expected = ndi.generic_filter(image("coins40"), ns["above"], size=3,
                                  extra_keywords={"threshold": 100.0})
    assert np.array_equal(result, expected)


def test_compile_path(fresh_cache, tmp_path):
    path = tmp_path / "prog.flt"
    path.write_text(SOURCE)
    for given in (path, str(path)):
        lib = llcc.compile(given)
        assert lib.source_file == str(path)
        assert lib.functions == ("above",)
    with pytest.raises(llcc.CompileError, match="cannot read"):
        llcc.compile(tmp_path / "missing.flt")


def test_compile_cache_hit_runs_no_subprocess(fresh_cache, monkeypatch):
    first = llcc.compile(SOURCE, opt_level=1)
    entries = sorted(p.name for p in (fresh_cache / "compiled").iterdir())
    forbid_subprocess(monkeypatch)
    second = llcc.compile(SOURCE, opt_level=1)
    assert second.path == first.path
    assert sorted(p.name for p in (fresh_cache / "compiled").iterdir()) == entries
    with pytest.raises(SubprocessForbidden):   # other options: another entry
        llcc.compile(SOURCE, opt_level=3)
    with pytest.raises(SubprocessForbidden):   # other text: another entry
        llcc.compile(SOURCE + "\n# changed\n", opt_level=1)


def test_compile_cache_key_covers_the_compiler(fresh_cache, llcc_binary, tmp_path, monkeypatch):
    copy = tmp_path / "llcc-copy"
    shutil.copy2(llcc_binary, copy)
    monkeypatch.setenv("LLCC", str(copy))
    first = llcc.compile(SOURCE)
    assert llcc.compile(SOURCE).path == first.path
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # "rebuilt"
    assert llcc.compile(SOURCE).path != first.path


def test_compile_options(fresh_cache):
    paths = {llcc.compile(SOURCE, opt_level=level, cpu=cpu).path
             for level in (0, 3) for cpu in ("native", "generic")}
    assert len(paths) == 4
    with pytest.raises(ValueError):
        llcc.compile(SOURCE, opt_level=4)
    with pytest.raises(ValueError):
        llcc.compile(SOURCE, cpu="")
    with pytest.raises(llcc.CompileError, match="unknown CPU") as info:
        llcc.compile(SOURCE, cpu="no-such-cpu")
    assert info.value.returncode == 2
    with pytest.raises(TypeError):
        llcc.compile(SOURCE, optimise=True)


def _compile_in_child(args):
    source, cache = args
    os.environ["LLCC_CACHE_DIR"] = cache
    import llcc as child_llcc
    lib = child_llcc.compile(source)
    return lib.path, float(ndi.generic_filter(np.arange(9.0).reshape(3, 3), lib.above,
                                              size=3)[1, 1])


def test_compile_concurrently(fresh_cache):
    source = SOURCE + "\n# concurrent\n"
    with ProcessPoolExecutor(4) as pool:
        results = list(pool.map(_compile_in_child, [(source, str(fresh_cache))] * 8))
    assert len({path for path, _ in results}) == 1
    assert {value for _, value in results} == {8.0}
    leftovers = [p.name for p in (fresh_cache / "compiled").iterdir()
                 if p.name.startswith(".")]
    assert leftovers == []


def test_compile_error(fresh_cache):
    with pytest.raises(llcc.CompileError) as info:
        llcc.compile("def f(values):\n    return foo\n", filename="broken.flt")
    error = info.value
    assert error.returncode == 1
    assert "broken.flt:2:12: error: name 'foo' is not defined" in error.diagnostics
    assert "broken.flt:2:12" in str(error)
    assert "return foo" in error.source
    assert isinstance(error, llcc.LlccError)
    assert not list((fresh_cache / "compiled").glob("*.so"))


def test_missing_compiler(monkeypatch, tmp_path):
    monkeypatch.setenv("LLCC", str(tmp_path / "nowhere" / "llcc"))
    with pytest.raises(llcc.LlccError, match=r"\$LLCC"):
        llcc.compile(SOURCE)


# --------------------------------------------------------------------------
# Decorators
# --------------------------------------------------------------------------

WEIGHT = 0.25
LIMIT = 3
CENTERED = True
ALIAS = math


def weighted(a, b):
    return a * (1.0 - WEIGHT) + b * WEIGHT


def clamp(x, lo, hi):
    return max(lo, min(x, hi))


def smooth_max(values, bias=0.0):
    """Helpers, constants of every type and the math/numpy modules."""
    m = -np.inf
    k = 0
    for v in values:
        if k < LIMIT or not CENTERED:
            m = weighted(m, v) if v > m else m
        k += 1
    return clamp(ALIAS.fabs(m) + bias, 0.0, 1e9) + np.sqrt(len(values))


def test_filter_decorator_captures_helpers_and_constants(fresh_cache):
    compiled = llcc.filter(smooth_max)
    # py_func runs the same code object; __wrapped__ is the user's function.
    assert compiled.__wrapped__ is smooth_max and compiled.py_func.__wrapped__ is smooth_max
    assert compiled.py_func.__code__ is smooth_max.__code__
    assert compiled.__name__ == "smooth_max" and compiled.__doc__ == smooth_max.__doc__
    assert isinstance(compiled, scipy.LowLevelCallable)
    assert compiled.signature == FILTER_SIGNATURE
    source = compiled.source
    # Functions of one .py file keep their line numbers there.
    for function in (smooth_max, weighted, clamp):
        lines, first = inspect.getsourcelines(function)
        assert source.splitlines()[first - 1] == lines[0].rstrip("\n")
    for line in ("WEIGHT = 0.25", "LIMIT = 3", "CENTERED = True", "import math as ALIAS",
                 "import numpy as np", "def weighted(a, b):", "def clamp(x, lo, hi):",
                 "@llcc.filter\ndef smooth_max(values, bias=0.0):"):
        assert line in source
    img = image("random16")
    for bias in (0.0, 2.5):
        with np.errstate(all="ignore"):
            result = ndi.generic_filter(img, compiled.bind(bias=bias), size=3)
            expected = ndi.generic_filter(img, smooth_max, size=3, extra_keywords={"bias": bias})
        assert np.array_equal(result, expected, equal_nan=True)


POS_INF = float("inf")
NEG_INF = -np.inf
NOT_A_NUMBER = np.nan
NP_FLOAT = np.float64(2.5)
NP_INT = np.int32(7)
NP_BOOL = np.bool_(True)


def special_constants(values):
    a = POS_INF if values[0] > 100.0 else NEG_INF
    b = NOT_A_NUMBER
    return a + root(NP_FLOAT) * NP_INT + NP_BOOL + (1.0 if b != b else 0.0)


def test_decorator_special_constants_and_math_alias(fresh_cache):
    source = llcc.source_of(special_constants)
    for line in ("POS_INF = 1e999", "NEG_INF = -1e999", "NP_FLOAT = 2.5", "NP_INT = 7",
                 "NP_BOOL = True", "from math import sqrt as root"):
        assert line in source.splitlines()
    compiled = llcc.filter(special_constants)
    img = image("camera24")
    assert np.array_equal(ndi.generic_filter(img, compiled, size=2),
                          ndi.generic_filter(img, special_constants, size=2))


def test_decorator_syntax_with_options(fresh_cache):
    @llcc.filter(opt_level=0, cpu="generic")
    def first(values):
        return values[0] * LIMIT

    @llcc.filter
    def last(values):
        return values[len(values) - 1]

    img = image("camera24")
    assert np.array_equal(ndi.generic_filter(img, first, size=2),
                          ndi.generic_filter(img, first.py_func, size=2))
    assert np.array_equal(ndi.generic_filter(img, last, size=2),
                          ndi.generic_filter(img, last.py_func, size=2))


def lines_diff(iline, oline, step=1.0):
    for i in range(len(oline)):
        oline[i] = (iline[i + 1] - iline[i]) * step


def shift_mapping(output_coords, dx=1.5):
    return (output_coords[0] - dx, output_coords[1])


def triangle(x, a, b=2.0):
    return clamp(a * x, 0.0, b)


def test_other_kind_decorators(fresh_cache):
    img = image("camera24")
    f1d = llcc.filter1d(lines_diff)
    assert f1d.kind == "filter1d" and f1d.py_func.__code__ is lines_diff.__code__
    assert np.array_equal(ndi.generic_filter1d(img, f1d.bind(step=2), 2, axis=0),
                          ndi.generic_filter1d(img, lines_diff, 2, axis=0,
                                               extra_keywords={"step": 2}))
    transform = llcc.transform(shift_mapping)
    assert transform.kind == "transform"
    assert np.array_equal(ndi.geometric_transform(img, transform, order=1),
                          ndi.geometric_transform(img, shift_mapping, order=1))
    integrand = llcc.integrand(triangle)
    assert integrand.kind == "integrand"
    for args in [(1.0,), (3.0, 1.5)]:
        assert integrate.quad(integrand, -1.0, 2.0, args=args) == \
            integrate.quad(triangle, -1.0, 2.0, args=args)


def bad_global(values):
    return values[0] + len(FILTER_SIGNATURE)


def bad_module(values):
    return os.sep


def bad_numpy_function(values):
    return np_sqrt(values[0])


np_sqrt = np.sqrt


def test_decorator_capture_errors(fresh_cache):
    with pytest.raises(llcc.CaptureError, match="'FILTER_SIGNATURE' is a str"):
        llcc.filter(bad_global)
    with pytest.raises(llcc.CaptureError, match="module 'os'"):
        llcc.filter(bad_module)
    with pytest.raises(llcc.CaptureError, match=r"'np_sqrt' is a numpy.ufunc.*np\.sqrt"):
        llcc.filter(bad_numpy_function)
    offset = 1.0

    def closure(values):
        return values[0] + offset
    with pytest.raises(llcc.CaptureError, match="enclosing function"):
        llcc.filter(closure)
    with pytest.raises(llcc.CaptureError, match="lambda"):
        llcc.filter(lambda values: values[0])
    with pytest.raises(TypeError):
        llcc.filter(42)
    assert isinstance(llcc.CaptureError("x"), TypeError)


def test_decorator_compile_error_cites_the_function(fresh_cache):
    def uses_strings(values):
        return len(",".join(["a", "b"]))
    with pytest.raises(llcc.CompileError, match="uses_strings.flt:"):
        llcc.filter(uses_strings)


def module_level_uses_strings(values):
    return len(",".join(["a", "b"])) + values[0]


def test_decorator_compile_error_cites_the_python_file(fresh_cache):
    """Module-level functions keep their own line numbers in the generated program."""
    _, first = inspect.getsourcelines(module_level_uses_strings)
    with pytest.raises(llcc.CompileError, match=rf"test_package\.py:{first + 1}:\d+: error"):
        llcc.filter(module_level_uses_strings)


# --------------------------------------------------------------------------
# llc-tools drop-ins
# --------------------------------------------------------------------------

def lt_filter(values):
    total = 0.0
    for v in values:
        total += v * v
    return math.sqrt(total)


def lt_filter1d(in_values, out_values):
    for i in range(len(out_values)):
        out_values[i] = max(in_values[i], in_values[i + 1], in_values[i + 2])


def lt_geometric(output_coords, input_coords):
    input_coords[0] = output_coords[0] * 0.5
    input_coords[1] = output_coords[1] + 0.25


def test_llc_tools_drop_ins(fresh_cache):
    img = image("coins40")
    f = llcc.jit_filter_function(lt_filter)
    assert isinstance(f, scipy.LowLevelCallable) and f.signature == FILTER_SIGNATURE
    assert np.array_equal(ndi.generic_filter(img, f, size=3),
                          ndi.generic_filter(img, lt_filter, size=3))
    f1d = llcc.jit_filter1d_function(lt_filter1d)
    assert f1d.signature == llcc.SIGNATURES["filter1d"]
    assert np.array_equal(ndi.generic_filter1d(img, f1d, 3, axis=1),
                          ndi.generic_filter1d(img, lt_filter1d, 3, axis=1))
    g = llcc.jit_geometric_function(lt_geometric)
    assert g.signature == llcc.SIGNATURES["transform"]
    assert np.array_equal(ndi.geometric_transform(img, g, order=1),
                          ndi.geometric_transform(img, write_form_oracle(lt_geometric, 2), order=1))
    with pytest.raises(TypeError):
        llcc.jit_filter_function(lt_filter, lt_filter)


# --------------------------------------------------------------------------
# Pickling
# --------------------------------------------------------------------------

def test_pickle_round_trip(filters_lib):
    img = image("random24")
    for callback in (filters_lib.count_above, filters_lib.count_above.bind(threshold=7.5),
                     filters_lib.clipped_sum.bind(scale=4, absolute=True)):
        copy = pickle.loads(pickle.dumps(callback))
        assert isinstance(copy, llcc.Callback)
        assert copy.name == callback.name and copy.params == callback.params
        assert copy.bound == callback.bound
        with np.errstate(all="ignore"):
            assert np.array_equal(ndi.generic_filter(img, copy, size=3),
                                  ndi.generic_filter(img, callback, size=3), equal_nan=True)
    lib = pickle.loads(pickle.dumps(filters_lib))
    assert lib.functions == filters_lib.functions


def test_pickle_decorated(fresh_cache):
    compiled = llcc.filter(lt_filter)
    copy = pickle.loads(pickle.dumps(compiled))
    img = image("camera24")
    assert np.array_equal(ndi.generic_filter(img, copy, size=3),
                          ndi.generic_filter(img, compiled, size=3))


_UNPICKLE_CHILD = textwrap.dedent("""
    import pickle, sys
    import numpy as np, scipy.ndimage as ndi
    callback = pickle.loads(sys.stdin.buffer.read())
    image = np.arange(64.0).reshape(8, 8) * 3.0
    print(repr(float(ndi.generic_filter(image, callback, size=3).sum())))
    print(callback.library.path)
""")


def test_pickle_into_another_process(filters_lib, tmp_path):
    callback = filters_lib.count_above.bind(threshold=100.0)
    image = np.arange(64.0).reshape(8, 8) * 3.0
    expected = float(ndi.generic_filter(image, callback, size=3).sum())
    env = dict(os.environ, LLCC_CACHE_DIR=str(tmp_path / "child-cache"),
               PYTHONPATH=os.pathsep.join([str(REPO / "python"), os.environ.get("PYTHONPATH", "")]))
    env.pop("LLCC", None)  # no compiler needed to unpickle
    proc = subprocess.run([sys.executable, "-c", _UNPICKLE_CHILD], input=pickle.dumps(callback),
                          capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    value, path = proc.stdout.decode().split()
    assert float(value) == expected
    assert Path(path).parent == tmp_path / "child-cache" / "lib"


# --------------------------------------------------------------------------
# Runtime errors
# --------------------------------------------------------------------------

RUNTIME_SOURCE = textwrap.dedent("""\
    def past_end(values):
        i = len(values)
        return values[i]


    def divide(values, d=0):
        return len(values) // d
    """)


def test_runtime_error_is_a_python_exception(fresh_cache):
    lib = llcc.compile(RUNTIME_SOURCE, filename="f.flt")
    img = np.ones((5, 5))
    with pytest.raises(IndexError, match=r"^f\.flt:3:\d+: "):
        ndi.generic_filter(img, lib.past_end, size=3)
    assert lib.last_error().startswith("f.flt:3:")
    with pytest.raises(ZeroDivisionError, match=r"^f\.flt:7:\d+: "):
        ndi.generic_filter(img, lib.divide, size=3)
    assert np.all(ndi.generic_filter(img, lib.divide.bind(d=2), size=3) == 4.0)


def module_level_past_end(values, extra=0):
    k = LIMIT + extra
    return values[len(values) + k]


def test_runtime_error_cites_the_python_file(fresh_cache):
    compiled = llcc.filter(module_level_past_end)
    _, first = inspect.getsourcelines(module_level_past_end)
    line = first + 2
    assert compiled.source.splitlines()[line - 1] == "    return values[len(values) + k]"
    with pytest.raises(IndexError, match=rf"^test_package\.py:{line}:\d+: "):
        ndi.generic_filter(np.ones((4, 4)), compiled.bind(extra=1), size=2)


def test_runtime_error_from_decorated_function(fresh_cache):
    def past_end(values):
        return values[len(values) + LIMIT]
    compiled = llcc.filter(past_end)
    with pytest.raises(IndexError, match=r"past_end\.flt:\d+:\d+: "):
        ndi.generic_filter(np.ones((4, 4)), compiled, size=2)
    with pytest.raises(IndexError):
        ndi.generic_filter(np.ones((4, 4)), compiled.py_func, size=2)

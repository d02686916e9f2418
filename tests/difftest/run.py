#!/usr/bin/env python3
"""run.py - differential testing of llcc against CPython through SciPy.

    /usr/bin/python3 tests/difftest/run.py --count N --seed S [--out DIR]

For each of N programs (program k is ``gen.generate(S + k)``) it compiles the
source with llcc (an optimisation level from -O0 to -O3 chosen by the seed),
executes the same source with CPython, and applies both ``f`` functions with
``scipy.ndimage.generic_filter`` to two 7x7 images: one of small quarter
values around zero, one full of NaN, infinities, signed zeros and huge and
tiny numbers, with a footprint and boundary mode chosen by the seed. The
compiled filter runs in a worker process, so that a crash or hang in
generated code is reported instead of ending the run.

Tolerance rule (the language's contract, docs/language.md):

* results must be bit-for-bit identical, NaN equal to NaN and the sign of
  zero included. For programs that call a transcendental numpy function
  (np.sin, np.exp, ...), whose CPython versions are numpy's own SIMD code
  and may differ from the C library in the last bit (documented), CPython
  runs the program with those functions computed by the C library, which is
  what llcc calls, and the comparison stays exact;
* if CPython raises, llcc must raise an exception of the same class, and if
  llcc raises, CPython must raise. Two documented differences are counted
  apart ("expected"), not as mismatches: llcc's 64-bit integer overflow
  (OverflowError where Python's integers grow), and errors CPython raises
  for plain Python floats where llcc follows numpy.float64 because the
  value may be a numpy float on another path (docs/language.md, Numerics:
  float division or modulo by zero, float ``**`` overflow), and a negative
  float to a fractional power giving a complex number;
* a KeyError of a dict constant's number key, whose text llcc gives as the
  key's repr quoted (``'3'`` where CPython prints ``3``; documented), is
  counted apart ("expected");
* a result that differs only in the sign of some zeros is counted apart
  ("expected") when CPython, rerun with numpy's float64 min/max reductions
  keeping the first of equal values (llcc's documented choice; numpy's
  depends on its SIMD lanes), then gives llcc's bits exactly.

A program that CPython does not finish within 20 s (a generated
loop can run 10**9 times; llcc's code would finish it) is skipped, not
compared, and counted apart.

Anything else is a mismatch: the program, its outcome on both sides and the
command to reproduce it are saved in --out (default build-difftest/). A
program llcc rejects (exit 1) or crashes on (exit 3, a signal) is a
mismatch too: every generated program is valid llcc.

Exit status: 0 when there was no mismatch, 1 otherwise.
"""
import argparse
import collections
import ctypes
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
import gen  # noqa: E402

SIGNATURE = "int (double *, intptr_t, double *, void *)"
FOOTPRINTS = {
    "3x3": np.ones((3, 3), dtype=bool),
    "cross": np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=bool),
    "1x1": np.ones((1, 1), dtype=bool),
    "2x3": np.ones((2, 3), dtype=bool),
    "1x5": np.ones((1, 5), dtype=bool),
}
MODES = [("reflect", 0.0), ("constant", -1.5), ("nearest", 0.0), ("wrap", 0.0),
         ("constant", 0.0)]


def images():
    rng = np.random.default_rng(1234)
    nice = np.round(rng.uniform(-6.0, 6.0, (7, 7)) * 4) / 4
    nice[1, 1] = nice[5, 2] = 0.0
    nasty = np.round(rng.uniform(-300.0, 300.0, (7, 7)) * 2) / 2
    flat = nasty.reshape(-1)
    specials = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1e300, -1e-300, 0.5, 2.5, -2.5,
                9.007199254740993e15, -1e18, 1.0, -1.0, 1e-5]
    picks = rng.choice(flat.size, len(specials), replace=False)
    for index, value in zip(picks, specials):
        flat[index] = value
    return {"nice": nice, "nasty": nasty}


IMAGES = images()


def case_for(seed):
    import random
    rng = random.Random(seed * 7919 + 17)
    footprint = rng.choice(sorted(FOOTPRINTS))
    mode, cval = rng.choice(MODES)
    opt = rng.choice(["-O0", "-O1", "-O2", "-O2", "-O3"])
    return footprint, mode, cval, opt


def apply(function, image, footprint, mode, cval):
    """generic_filter's result as hex strings, or the exception it raised."""
    import scipy.ndimage as ndi
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = ndi.generic_filter(IMAGES[image], function, footprint=FOOTPRINTS[footprint],
                                     mode=mode, cval=cval)
        return {"result": [float(v).hex() for v in out.reshape(-1)]}
    except Exception as exc:  # noqa: BLE001 - every exception is an outcome
        return {"error": type(exc).__name__, "message": str(exc)[:300]}


# --------------------------------------------------------------------------
# The worker: runs compiled filters (which might crash) in a child process.
# --------------------------------------------------------------------------

def outputs_of(so):
    """The number of values `f` returns per window (its manifest's
    ``outputs``), or None when it returns one number."""
    lib = ctypes.CDLL(so)
    text = ctypes.cast(ctypes.addressof(ctypes.c_char.in_dll(lib, "llcc_manifest")),
                       ctypes.c_char_p).value
    entry = next(e for e in json.loads(text)["functions"] if e["name"] == "f")
    return entry.get("outputs")


def kernel_outcome(so, callback, image, footprint, mode, cval):
    """A filter with several outputs: llcc.generic_filter's outputs, pixel by
    pixel (all members of a pixel together, as CPython's call gives them),
    on one thread so that the first error is the first pixel's in order; and
    SciPy's generic_filter with the callback must raise (SciPy's TypeError
    for a tuple, unless the body raised first)."""
    sys.path.insert(0, str(REPO / "python"))
    import llcc
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outs = llcc.generic_filter(IMAGES[image], llcc.load(so).f,
                                       footprint=FOOTPRINTS[footprint], mode=mode, cval=cval,
                                       threads=1)
        outcome = {"result": [float(v).hex() for v in np.stack(outs, axis=-1).reshape(-1)]}
    except Exception as exc:  # noqa: BLE001 - every exception is an outcome
        outcome = {"error": type(exc).__name__, "message": str(exc)[:300]}
    hosted = apply(callback, image, footprint, mode, cval)
    if "error" not in hosted or ("result" in outcome and (
            hosted["error"], hosted["message"]) != ("TypeError", "must be real number, not tuple")):
        return {"error": "HostMismatch",
                "message": f"llcc.generic_filter: {outcome}; through SciPy's generic_filter: "
                           f"{hosted}"[:600]}
    return outcome


def worker():
    """Runs each compiled filter twice: called directly on every buffer, in
    pixel order, stopping at the first exception (what run.py compares with
    CPython), and through generic_filter as a LowLevelCallable (which must
    agree: the same values, or an exception when a call failed). A filter
    returning several values runs through llcc.generic_filter instead
    (kernel_outcome)."""
    import scipy
    argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_ssize_t,
                ctypes.POINTER(ctypes.c_double), ctypes.c_void_p]
    for line in sys.stdin:
        job = json.loads(line)
        if outputs_of(job["so"]):
            func = getattr(ctypes.CDLL(job["so"]), "f")
            func.restype, func.argtypes = ctypes.c_int, argtypes
            callback = scipy.LowLevelCallable(func, signature=SIGNATURE)
            outcomes = [dict(kernel_outcome(job["so"], callback, image, job["footprint"],
                                            job["mode"], job["cval"]), outputs=True)
                        for image in job["images"]]
            sys.stdout.write(json.dumps(outcomes) + "\n")
            sys.stdout.flush()
            continue
        # PyDLL: the call keeps the GIL and ctypes raises the exception that
        # llcc's runtime set.
        direct = getattr(ctypes.PyDLL(job["so"]), "f")
        direct.restype, direct.argtypes = ctypes.c_int, argtypes
        func = getattr(ctypes.CDLL(job["so"]), "f")
        func.restype, func.argtypes = ctypes.c_int, argtypes
        callback = scipy.LowLevelCallable(func, signature=SIGNATURE)
        outcomes = []
        for image in job["images"]:
            case = (image, job["footprint"], job["mode"], job["cval"])

            def call(buffer):
                buffer = np.array(buffer, dtype=np.float64)  # a fresh copy, as SciPy's
                out = ctypes.c_double()
                if not direct(buffer.ctypes.data_as(argtypes[0]), buffer.size,
                              ctypes.byref(out), None):
                    raise RuntimeError("llcc filter returned 0 without an exception")
                return out.value

            outcome = call_directly(call, *case)
            hosted = apply(callback, *case)
            if ("error" in outcome) != ("error" in hosted) or (
                    "result" in outcome and outcome["result"] != hosted["result"]):
                outcome = {"error": "HostMismatch",
                           "message": f"called directly: {outcome}; through generic_filter: "
                                      f"{hosted}"[:600]}
            outcomes.append(outcome)
        sys.stdout.write(json.dumps(outcomes) + "\n")
        sys.stdout.flush()


class Worker:
    """A child process running compiled filters; restarted after a crash."""

    def __init__(self):
        self.proc = None
        self.jobs = 0

    def start(self):
        self.proc = subprocess.Popen([sys.executable, __file__, "--worker"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.jobs = 0

    def stop(self):
        if self.proc:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def run(self, job, timeout):
        """(outcomes, None) or (None, 'crash: ...' / 'hang')."""
        if self.proc is None or self.jobs >= 200:   # dlopen'ed libraries pile up
            self.stop()
            self.start()
        self.jobs += 1
        try:
            self.proc.stdin.write(json.dumps(job) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            self.stop()
            return None, "hang: no result after %d s" % timeout
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            err = self.proc.stderr.read()[-2000:]
            self.proc = None
            return None, f"crash: worker exit status {code}\n{err}"
        return json.loads(line), None


# --------------------------------------------------------------------------
# CPython's side
# --------------------------------------------------------------------------

class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


_NEIGHBOURHOODS = {}


def neighbourhoods(image, footprint, mode, cval):
    """The buffers generic_filter passes to the callback, pixel by pixel."""
    key = (image, footprint, mode, cval)
    if key not in _NEIGHBOURHOODS:
        import scipy.ndimage as ndi
        seen = []
        ndi.generic_filter(IMAGES[image], lambda b: seen.append(b.copy()) or 0.0,
                           footprint=FOOTPRINTS[footprint], mode=mode, cval=cval)
        _NEIGHBOURHOODS[key] = seen
    return _NEIGHBOURHOODS[key]


def call_directly(function, image, footprint, mode, cval):
    """CPython's outcome, calling `function` on each buffer generic_filter would pass.

    Not through generic_filter itself: in SciPy 1.10 with numpy 1.24, an
    exception raised by a Python callback (e.g. math.floor(nan)) can be
    turned into a SystemError at a later call or lost altogether, so
    generic_filter is not a reliable oracle for errors. The buffers are the
    same float64 arrays, and the result is converted with float() as
    generic_filter does (PyFloat_AsDouble).
    """
    out = []
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for buffer in neighbourhoods(image, footprint, mode, cval):
                # A copy, as SciPy fills its buffer anew for every call: a
                # filter that writes into its window (values.sort()) must
                # not change the buffers cached for the programs after it.
                value = function(buffer.copy())
                if isinstance(value, tuple):  # several outputs: each member
                    out.extend(float(v) for v in value)
                else:
                    out.append(float(value))
    except Timeout:
        raise
    except Exception as exc:  # noqa: BLE001 - every exception is an outcome
        return {"error": type(exc).__name__, "message": str(exc)[:300]}
    return {"result": [v.hex() for v in out]}


# numpy functions that llcc compiles to the C library (docs/language.md),
# by their C names. CPython's numpy has its own SIMD versions, which can
# differ in the last bit; for programs that call them, CPython runs with
# these replaced by the C library's, called through ctypes, so that the
# comparison stays exact (a last-bit difference can grow without bound, e.g.
# through % or ** -1).
LIBM_NAMES = {"sin": "sin", "cos": "cos", "tan": "tan", "arcsin": "asin", "arccos": "acos",
              "arctan": "atan", "arctan2": "atan2", "sinh": "sinh", "cosh": "cosh",
              "tanh": "tanh", "exp": "exp", "log": "log", "log2": "log2", "log10": "log10",
              "hypot": "hypot", "power": "pow", "log1p": "log1p", "expm1": "expm1",
              "exp2": "exp2", "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh"}


class LibmNumpy:
    """`numpy` with LIBM_NAMES computed by the C library (scalars only)."""

    def __init__(self):
        libm = ctypes.CDLL("libm.so.6")
        self._funcs = {}
        for name, cname in LIBM_NAMES.items():
            cfunc = getattr(libm, cname)
            cfunc.restype = ctypes.c_double
            nargs = 2 if cname in ("atan2", "hypot", "pow") else 1
            cfunc.argtypes = [ctypes.c_double] * nargs
            self._funcs[name] = (lambda f: lambda *args: np.float64(f(*map(float, args))))(cfunc)

    def __getattr__(self, name):
        return self._funcs.get(name) or getattr(np, name)


def _import_with_libm_numpy(name, *args, **kwargs):
    if name == "numpy":
        return LibmNumpy()
    return __import__(name, *args, **kwargs)


# numpy's min/max reductions of float64 (np.min, np.max, np.nanmin, np.ptp,
# a.min(), a.max(), with or without axis=) run in SIMD lanes, so which of
# 0.0 and -0.0 they return when both are the extreme depends on where the
# zeros sit and on the CPU (docs/language.md, Numerics); llcc returns the
# first in the reduction's order. When a program's only difference is the
# sign of some zeros, CPython runs it again with these reductions computed
# one element at a time in that order (NaN propagating as numpy's), and if
# the results then agree bit for bit the difference is that documented one.
class _FirstOfEqual:
    """min/max reductions that keep the first of equal values."""

    active = False

    def __init__(self, original, less, skip_nan):
        self.original, self.less, self.skip_nan = original, less, skip_nan

    def reduce(self, a, axis=None, dtype=None, out=None, keepdims=False,
               initial=np._NoValue, where=True, **kwargs):
        arr = np.asarray(a)
        if (not _FirstOfEqual.active or out is not None or dtype is not None or kwargs
                or where is not True or initial is not np._NoValue
                or arr.dtype != np.float64 or arr.size == 0):
            return self.original(a, axis, dtype, out, keepdims=keepdims, initial=initial,
                                 where=where, **kwargs)
        axes = (tuple(range(arr.ndim)) if axis is None
                else tuple(k % arr.ndim for k in (axis if isinstance(axis, tuple) else (axis,))))
        kept = [k for k in range(arr.ndim) if k not in axes]
        lanes = np.transpose(arr, kept + list(axes)).reshape(
            [arr.shape[k] for k in kept] + [-1])
        flat = lanes.reshape(-1, lanes.shape[-1])
        res = np.empty(flat.shape[0])
        for row, lane in enumerate(flat):
            best = None
            for x in lane:
                if x != x:
                    if self.skip_nan:
                        continue
                    best = x
                    break
                if best is None or self.less(x, best):
                    best = x
            res[row] = np.nan if best is None else best
        res = res.reshape([arr.shape[k] for k in kept])
        if keepdims:
            res = res.reshape([1 if k in axes else arr.shape[k] for k in range(arr.ndim)])
        return res if res.ndim else np.float64(res[()])

    def __call__(self, a, axis=None, dtype=None, out=None, keepdims=False,
                 initial=np._NoValue, where=True):
        return self.reduce(a, axis, dtype, out, keepdims, initial, where)


def _install_first_of_equal():
    import numpy.core._methods as methods
    import numpy.core.fromnumeric as fromnumeric
    import numpy.lib.nanfunctions as nanfunctions
    lt, gt = (lambda x, y: x < y), (lambda x, y: x > y)
    table = {np.minimum: _FirstOfEqual(np.minimum.reduce, lt, False),
             np.maximum: _FirstOfEqual(np.maximum.reduce, gt, False),
             np.fmin: _FirstOfEqual(np.fmin.reduce, lt, True),
             np.fmax: _FirstOfEqual(np.fmax.reduce, gt, True)}
    methods.umr_minimum = table[np.minimum]
    methods.umr_maximum = table[np.maximum]
    wrapreduction = fromnumeric._wrapreduction

    def _wrap(obj, ufunc, method, axis, dtype, out, **kwargs):
        if ufunc in table and type(obj) is np.ndarray:
            passkwargs = {k: v for k, v in kwargs.items() if v is not np._NoValue}
            return table[ufunc].reduce(obj, axis, dtype, out, **passkwargs)
        return wrapreduction(obj, ufunc, method, axis, dtype, out, **kwargs)

    fromnumeric._wrapreduction = _wrap

    class _NanNumpy:
        fmin, fmax = table[np.fmin], table[np.fmax]

        def __getattr__(self, name):
            return getattr(np, name)

    nanfunctions.np = _NanNumpy()


_install_first_of_equal()


def python_outcomes(source, images_, footprint, mode, cval, timeout, libm_numpy=False):
    namespace = {"__name__": "difftest"}
    if libm_numpy:
        import builtins
        namespace["__builtins__"] = dict(vars(builtins), __import__=_import_with_libm_numpy)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    try:
        exec(compile(source, "difftest.flt", "exec"), namespace)
        return [call_directly(namespace["f"], image, footprint, mode, cval)
                for image in images_]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# --------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------

def expected_divergence(llcc_out, py_out):
    """The documented reason why one side raised and the other did not, or None."""
    if "error" in llcc_out and "error" not in py_out:
        if llcc_out["error"] == "OverflowError" and "64-bit" in llcc_out["message"]:
            return "llcc 64-bit integer overflow"
        return None
    if "error" in py_out and "error" not in llcc_out:
        kind, message = py_out["error"], py_out["message"]
        if kind == "ZeroDivisionError" and ("float" in message or "0.0 cannot" in message):
            return "Python float division by zero"
        if kind == "OverflowError" and "Numerical result out of range" in message:
            return "Python float ** overflow"
        if "complex" in message or "'float' object has no attribute" in message or (
                kind == "TypeError" and "not supported for the input types" in message):
            return "Python float ** giving a complex"
        if kind == "OverflowError" and "int too large to convert to float" in message:
            return "Python int beyond float range"
        return None
    return None


def compare(llcc_out, py_out):
    """(status, detail): status 'ok', 'expected' or 'mismatch'."""
    if "error" in llcc_out or "error" in py_out:
        if "error" in llcc_out and "error" in py_out:
            if llcc_out["error"] == py_out["error"]:
                # A raise or assert of the program carries CPython's exact
                # message; llcc's own runtime errors start with file:line:col.
                # KeyError(k) of a dict constant's number key: llcc's text is
                # the repr quoted (docs/language.md, dict constants).
                if (llcc_out["error"] == "KeyError"
                        and llcc_out["message"] == repr(py_out["message"])):
                    return "expected", "KeyError of a number key: its repr quoted"
                if (re.match(r"^\S+\.flt:\d+:\d+: ", llcc_out["message"]) is None
                        and llcc_out["message"] != py_out["message"]):
                    return "mismatch", (f"same class, different messages: llcc "
                                        f"{llcc_out['message']!r} / CPython "
                                        f"{py_out['message']!r}")
                return "ok", None
            # One side stopped earlier for a documented reason.
            reason = (expected_divergence({"result": []}, py_out)
                      or expected_divergence(llcc_out, {"result": []}))
            if reason:
                return "expected", reason
            return "mismatch", (f"both raise, different classes: llcc {llcc_out['error']}: "
                                f"{llcc_out['message']} / CPython {py_out['error']}: "
                                f"{py_out['message']}")
        reason = expected_divergence(llcc_out, py_out)
        if reason:
            return "expected", reason
        side = "llcc" if "error" in llcc_out else "CPython"
        out = llcc_out if side == "llcc" else py_out
        return "mismatch", f"only {side} raises: {out['error']}: {out['message']}"
    a = np.array([float.fromhex(v) for v in llcc_out["result"]])
    b = np.array([float.fromhex(v) for v in py_out["result"]])
    same = llcc_out["result"] == py_out["result"]
    if same:
        return "ok", None
    differ = [i for i in range(len(a)) if llcc_out["result"][i] != py_out["result"][i]]
    signed_zero = all(a[i] == 0.0 and b[i] == 0.0 for i in differ)
    lines = [f"{len(differ)} of {len(a)} pixels differ"
             + (" (only in the sign of zero)" if signed_zero else "")]
    for i in differ[:4]:
        lines.append(f"  pixel {i}: llcc {a[i]!r} CPython {b[i]!r}")
    return "mismatch", "\n".join(lines)


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def find_llcc():
    path = os.environ.get("LLCC") or str(REPO / "build" / "cli" / "llcc")
    return path if Path(path).is_file() else None


def check_program(seed, llcc, worker_, workdir, timeout=20):
    """Run one program; returns (status, category, detail, source)."""
    source, inexact = gen.generate(seed)
    footprint, mode, cval, opt = case_for(seed)
    src = Path(workdir) / f"p{seed}.flt"
    so = Path(workdir) / f"p{seed}.so"
    src.write_text(source)
    try:
        proc = subprocess.run([llcc, str(src), "-o", str(so), opt, "--cpu", "generic"],
                              capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "mismatch", "llcc-hang", "llcc did not finish in 120 s", source
    if proc.returncode != 0:
        category = "llcc-rejects" if proc.returncode == 1 else "llcc-crash"
        return "mismatch", category, f"llcc {opt} exit {proc.returncode}:\n{proc.stderr[-3000:]}", \
            source
    names = list(IMAGES)
    try:
        py = python_outcomes(source, names, footprint, mode, cval, timeout,
                             libm_numpy=inexact)
    except Timeout:
        src.unlink()
        so.unlink()
        return "skipped", "cpython-timeout", None, source
    job = {"so": str(so), "footprint": footprint, "mode": mode, "cval": cval, "images": names}
    # A filter with several outputs builds its whole-image kernels in the
    # worker: at -O2 that alone can take tens of seconds for a long body.
    compiled, problem = worker_.run(job, max(timeout, 150))
    if problem:
        return "mismatch", "compiled-" + problem.split(":")[0], problem, source
    so.unlink()
    src.unlink()
    statuses = []
    for name, c, p in zip(names, compiled, py):
        status, detail = compare(c, p)
        statuses.append((status, name, detail))
    if any(s == "mismatch" and "sign of zero" in d for s, _, d in statuses) and all(
            s != "mismatch" or "sign of zero" in d for s, _, d in statuses):
        _FirstOfEqual.active = True
        try:
            first = python_outcomes(source, names, footprint, mode, cval, timeout,
                                    libm_numpy=inexact)
        except Timeout:
            first = None
        finally:
            _FirstOfEqual.active = False
        if first is not None and all(compare(c, p)[0] != "mismatch"
                                     for c, p in zip(compiled, first)):
            return ("expected", "numpy's min/max choice among equal zeros (SIMD lanes)",
                    None, source)
    for status, name, detail in statuses:
        if status == "mismatch":
            category = ("wrong-error" if "pixels differ" not in detail
                        else "signed-zero" if "sign of zero" in detail else "wrong-value")
            where = f"{name} image, footprint {footprint}, mode {mode} cval {cval}, llcc {opt}"
            return "mismatch", category, f"{where}: {detail}", source
    for status, name, detail in statuses:
        if status == "expected":
            return "expected", detail, None, source
    errors = sorted({p["error"] for p in py if "error" in p})
    several = " (several outputs)" if any(c.get("outputs") for c in compiled) else ""
    return "ok", (("raises " + "/".join(errors)) if errors else "values") + several, None, source


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=str(REPO / "build-difftest"))
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker()
        return 0
    llcc = find_llcc()
    if not llcc:
        print("run.py: llcc not found: set $LLCC or build build/cli/llcc", file=sys.stderr)
        return 2
    out = Path(args.out)
    counts = collections.Counter()
    mismatches = []
    worker_ = Worker()
    start = time.time()
    with tempfile.TemporaryDirectory(prefix="llcc-difftest-") as workdir:
        # The worker's llcc.generic_filter builds kernels with this llcc,
        # cached in the run's own folder.
        os.environ["LLCC"] = str(Path(llcc).resolve())
        os.environ["LLCC_CACHE_DIR"] = str(Path(workdir) / "cache")
        for seed in range(args.seed, args.seed + args.count):
            status, category, detail, source = check_program(seed, llcc, worker_, workdir)
            counts[status] += 1
            counts[f"{status}: {category}"] += 1
            if status == "mismatch":
                out.mkdir(parents=True, exist_ok=True)
                path = out / f"mismatch-{seed}.flt"
                path.write_text(source)
                report = (f"seed {seed}: {category}\n{detail}\n"
                          f"reproduce: {sys.executable} {__file__} --count 1 --seed {seed}\n")
                (out / f"mismatch-{seed}.txt").write_text(report)
                mismatches.append(report)
                print(f"MISMATCH {report}  program: {path}", flush=True)
            elif not args.quiet and (seed - args.seed + 1) % 100 == 0:
                print(f"... {seed - args.seed + 1} programs, {counts['mismatch']} mismatches, "
                      f"{time.time() - start:.0f} s", flush=True)
    worker_.stop()
    elapsed = time.time() - start
    print(f"difftest: {args.count} programs (seeds {args.seed}..{args.seed + args.count - 1}) "
          f"in {elapsed:.0f} s")
    for key in sorted(k for k in counts if ":" in k):
        print(f"  {counts[key]:6d}  {key}")
    print(f"{counts['ok'] + counts['expected']} passed, {counts['mismatch']} failed"
          + (f", {counts['skipped']} skipped" if counts["skipped"] else ""))
    return 1 if counts["mismatch"] else 0


if __name__ == "__main__":
    sys.exit(main())

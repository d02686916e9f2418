"""The benchmark suite: one Case per row group of bench/results.md.

Every case runs the same computation through each implementation:

  C reference  hand-written C (bench/reference.c), gcc -O3 -march=native
  llcc         bench/filters/<case>.flt compiled by llcc (or <case>_loop.flt
               while the compiler cannot compile the array-style source)
  numba        the same .flt function under numba.jit, wrapped in a
               numba.cfunc (the llc-tools decorator pattern)
  SciPy        SciPy's own filter for the job, where one exists
  Python       the same .flt function as a plain Python callback, timed on a
               crop and scaled to the full image
  no-op C      a C callback of the same kind that does nothing: the cost of
               the interface itself

Each implementation is a zero-argument callable returning its result, so
bench/run.py can time them side by side and check them against the C
reference.
"""
import ctypes
import math
import os
import subprocess
import sys
import types
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

import numpy as np
import scipy
from scipy import integrate, ndimage

HERE = os.path.dirname(os.path.abspath(__file__))
FILTERS = os.path.join(HERE, "filters")

FILTER_SIG = "int (double *, intptr_t, double *, void *)"
FILTER1D_SIG = "int (double *, intptr_t, double *, intptr_t, void *)"
TRANSFORM_SIG = "int (intptr_t *, double *, int, int, void *)"
INTEGRAND_SIG = "double (int, double *, void *)"

CROSS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=bool)
THRESHOLD = 0.5
SHIFT = (0.5, -1.25)          # (dy, dx)
# The rows of llcc's whole-array entry points (llcc.generic_filter,
# llcc.generic_filter1d, llcc.geometric_transform), on 1 and 2 threads.
WHOLE = "llcc whole-array"
WHOLE2 = "llcc whole-array ×2"
QUAD_ARGS = (0.7, 3.0)        # (a, b) of exp(-a x^2) cos(b x)
QUAD_RANGE = (0.0, 5.0)


@dataclass
class Impl:
    """One row: how to run it, and how its time relates to the full problem."""
    name: str
    run: Optional[Callable[[], object]] = None
    note: str = ""
    scale: float = 1.0            # multiply the measured time by this (crops)
    # None: compare with the C reference's result; a callable: returns the
    # expected result (for crops); False: not checked (the no-op rows).
    check: object = None
    repeats: Optional[int] = None  # fewer repeats for slow rows


@dataclass
class Case:
    key: str
    title: str
    scipy_call: str
    impls: List[Impl] = field(default_factory=list)


# --------------------------------------------------------------------------
# Loading each implementation
# --------------------------------------------------------------------------

def _llcc_stub_module():
    """Identity decorators, so .flt files that `import llcc` run as Python
    without the real package (which is not a dependency of the benchmark)."""
    stub = types.ModuleType("llcc")
    for kind in ("filter", "filter1d", "transform", "integrand"):
        setattr(stub, kind, lambda f: f)
    return stub


def load_python(path, name):
    """The function `name` from the .flt file at `path`, run as Python."""
    saved = sys.modules.get("llcc")
    sys.modules["llcc"] = _llcc_stub_module()
    try:
        namespace = {"__name__": "bench_" + name}
        with open(path) as f:
            exec(compile(f.read(), path, "exec"), namespace)
    finally:
        if saved is None:
            del sys.modules["llcc"]
        else:
            sys.modules["llcc"] = saved
    return namespace[name]


class Sources:
    """Compiles bench/filters with llcc once, choosing for each case the
    array-style source if llcc compiles it, else the loop-style one."""

    def __init__(self, llcc, workdir):
        self.llcc = llcc
        self.workdir = workdir
        self.chosen = {}   # case -> (path, style, lib) ; lib is None if none compiled
        self.errors = {}

    def whole_image(self, case):
        """The case's filter compiled with --image-kernels, as an llcc.Callback."""
        path, _style, lib = self.get(case)
        if lib is None:
            return None
        so = os.path.join(self.workdir, case + ".image.so")
        proc = subprocess.run([self.llcc, path, "--image-kernels", "-o", so],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            return None
        return llcc_package().load(so)[case]

    def get(self, case):
        if case in self.chosen:
            return self.chosen[case]
        result = None
        errors = []
        for suffix, style in (("", "array style"), ("_loop", "loop style")):
            path = os.path.join(FILTERS, case + suffix + ".flt")
            if not os.path.exists(path):
                continue
            so = os.path.join(self.workdir, case + suffix + ".so")
            proc = subprocess.run([self.llcc, path, "-o", so], capture_output=True, text=True)
            if proc.returncode == 0:
                if not os.path.exists(os.path.join(FILTERS, case + "_loop.flt")):
                    style = ""   # only one source: no style to report
                result = (path, style, ctypes.CDLL(so))
                break
            first = (proc.stderr.strip().splitlines() or ["exit %d" % proc.returncode])[0]
            errors.append(f"{os.path.basename(path)}: {first}")
        if result is None:
            path = os.path.join(FILTERS, case + ".flt")
            result = (path, "", None)
        self.errors[case] = errors
        self.chosen[case] = result
        return result


def llcc_package():
    """The llcc Python package from this checkout (python/)."""
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python")
    if root not in sys.path:
        sys.path.insert(0, root)
    import llcc
    return llcc


def compile_reference(workdir):
    so = os.path.join(workdir, "reference.so")
    subprocess.run(["gcc", "-O3", "-march=native", "-shared", "-fPIC",
                    os.path.join(HERE, "reference.c"), "-o", so, "-lm"], check=True)
    return ctypes.CDLL(so)


def llc(lib, name, signature, user_data=None):
    return scipy.LowLevelCallable(getattr(lib, name), user_data=user_data, signature=signature)


def doubles(*values):
    """A user_data block: one 8-byte double slot per parameter."""
    block = (ctypes.c_double * len(values))(*values)
    return ctypes.cast(block, ctypes.c_void_p), block  # keep `block` alive


# --------------------------------------------------------------------------
# numba, in llc-tools' decorator pattern: cfunc around a jitted function
# --------------------------------------------------------------------------

def numba_filter(function, nparams=0):
    """generic_filter callback; parameters come from user_data (doubles)."""
    from numba import carray, cfunc, jit
    from numba.types import CPointer, float64, intc, intp
    jitted = jit(function, nopython=True)
    if nparams == 0:
        @cfunc(intc(CPointer(float64), intp, CPointer(float64), CPointer(float64)))
        def wrapped(values_ptr, len_values, result, data):
            values = carray(values_ptr, (len_values,), dtype=float64)
            result[0] = jitted(values)
            return 1
    else:
        @cfunc(intc(CPointer(float64), intp, CPointer(float64), CPointer(float64)))
        def wrapped(values_ptr, len_values, result, data):
            values = carray(values_ptr, (len_values,), dtype=float64)
            result[0] = jitted(values, data[0])
            return 1
    return wrapped


def numba_filter1d(function):
    from numba import carray, cfunc, jit
    from numba.types import CPointer, float64, intc, intp, voidptr
    jitted = jit(function, nopython=True)

    @cfunc(intc(CPointer(float64), intp, CPointer(float64), intp, voidptr))
    def wrapped(iline_ptr, ilen, oline_ptr, olen, data):
        iline = carray(iline_ptr, (ilen,), dtype=float64)
        oline = carray(oline_ptr, (olen,), dtype=float64)
        jitted(iline, oline)
        return 1
    return wrapped


def numba_transform(function):
    """The 'return a tuple' mapping, two parameters from user_data."""
    from numba import carray, cfunc, jit
    from numba.types import CPointer, float64, intc, intp
    jitted = jit(function, nopython=True)

    @cfunc(intc(CPointer(intp), CPointer(float64), intc, intc, CPointer(float64)))
    def wrapped(output_ptr, input_ptr, output_rank, input_rank, data):
        output_coords = carray(output_ptr, (output_rank,), dtype=intp)
        input_coords = carray(input_ptr, (input_rank,), dtype=float64)
        y, x = jitted(output_coords, data[0], data[1])
        input_coords[0] = y
        input_coords[1] = x
        return 1
    return wrapped


def numba_integrand(function):
    from numba import cfunc, jit
    from numba.types import CPointer, float64, intc, voidptr
    jitted = jit(function, nopython=True)

    @cfunc(float64(intc, CPointer(float64), voidptr))
    def wrapped(n, xx, data):
        return jitted(xx[0], xx[1], xx[2])
    return wrapped


# --------------------------------------------------------------------------
# The suite
# --------------------------------------------------------------------------

def _filter_case(key, title, size, footprint, ref, sources, image, crop, scipy_native=None,
                 scipy_call="", params=()):
    """A generic_filter case: C, llcc, numba, SciPy, Python, no-op."""
    kw = dict(footprint=footprint) if footprint is not None else dict(size=size)
    path, style, lib = sources.get(key)
    pyfunc = load_python(path, key)
    ud = doubles(*params) if params else (None, None)
    impls = []

    c_cb = llc(ref, key if key != "std" else "std_dev", FILTER_SIG, ud[0])
    impls.append(Impl("C reference", lambda: ndimage.generic_filter(image, c_cb, **kw)))

    if lib is not None:
        cb = llc(lib, key, FILTER_SIG, ud[0])
        impls.append(Impl("llcc", lambda: ndimage.generic_filter(image, cb, **kw), note=style))
    else:
        impls.append(Impl("llcc", None, note="n/a (needs local arrays)" if key == "median"
                          else "n/a (does not compile yet)"))

    # The whole-image kernel of the same source (llcc --image-kernels) through
    # the llcc package's llcc.generic_filter, on 1 and 2 threads.
    whole = sources.whole_image(key)
    if whole is not None:
        names = [p["name"] for p in whole.entry.get("params") or []]
        if params:
            whole = whole.bind(**dict(zip(names, params)))
        impls.append(Impl(WHOLE,
                          lambda: llcc_package().generic_filter(image, whole, threads=1, **kw),
                          note="llcc.generic_filter, 1 thread"))
        impls.append(Impl(WHOLE2,
                          lambda: llcc_package().generic_filter(image, whole, threads=2, **kw),
                          note="llcc.generic_filter, 2 threads"))

    nb = numba_filter(pyfunc, len(params))
    nb_cb = scipy.LowLevelCallable(nb.ctypes, user_data=ud[0], signature=FILTER_SIG)
    impls.append(Impl("numba", lambda: ndimage.generic_filter(image, nb_cb, **kw), note=style))

    if scipy_native is not None:
        impls.append(Impl("SciPy native", lambda: scipy_native(image), note=scipy_call))
    else:
        impls.append(Impl("SciPy native", None, note="n/a (no such filter)"))

    small = image[:crop, :crop]
    c_small = lambda: ndimage.generic_filter(small, c_cb, **kw)
    extra = dict(extra_arguments=tuple(params)) if params else {}
    impls.append(Impl("Python", lambda: ndimage.generic_filter(small, pyfunc, **kw, **extra),
                      note=f"timed on a {crop}x{crop} crop, scaled",
                      scale=image.size / small.size, check=lambda r: c_small(), repeats=1))

    noop = llc(ref, "noop_filter", FILTER_SIG)
    impls.append(Impl("no-op C", lambda: ndimage.generic_filter(image, noop, **kw),
                      note="interface cost", check=False))
    return Case(key, title, scipy_call, impls)


def build_suite(llcc, workdir, n, crop, quad_calls):
    rng = np.random.default_rng(2024)
    image = rng.random((n, n))
    ref = compile_reference(workdir)
    sources = Sources(llcc, workdir)
    cases = []

    cases.append(_filter_case(
        "min_cross", f"min, 3x3 cross, {n}²", None, CROSS, ref, sources, image, crop,
        lambda im: ndimage.grey_erosion(im, footprint=CROSS), "grey_erosion"))
    cases.append(_filter_case(
        "contrast", f"contrast Σ abs(v - v[4]), 3x3, {n}²", 3, None, ref, sources, image, crop))
    cases.append(_filter_case(
        "median", f"median, 5x5, {n}²", 5, None, ref, sources, image, crop,
        lambda im: ndimage.median_filter(im, size=5), "median_filter"))
    cases.append(_filter_case(
        "std", f"std, 7x7, {n}²", 7, None, ref, sources, image, crop))
    cases.append(_filter_case(
        "count_above", f"count > threshold (user_data), 9x9, {n}²", 9, None, ref, sources,
        image, crop, params=(THRESHOLD,)))
    cases.append(_filter1d_case(ref, sources, image, crop, n))
    cases.append(_transform_case(ref, sources, image, crop, n))
    cases.append(_integrand_case(ref, sources, quad_calls))
    return cases, sources


def _filter1d_case(ref, sources, image, crop, n):
    key, width = "moving_average", 11
    path, style, lib = sources.get(key)
    pyfunc = load_python(path, key)
    run = lambda im, cb: ndimage.generic_filter1d(im, cb, width, axis=-1)
    impls = []
    c_cb = llc(ref, key, FILTER1D_SIG)
    impls.append(Impl("C reference", lambda: run(image, c_cb)))
    if lib is not None:
        cb = llc(lib, key, FILTER1D_SIG)
        impls.append(Impl("llcc", lambda: run(image, cb), note=style))
    else:
        impls.append(Impl("llcc", None, note="n/a (does not compile yet)"))
    whole = sources.whole_image(key)
    if whole is not None:
        for name, threads in ((WHOLE, 1), (WHOLE2, 2)):
            impls.append(Impl(name, lambda t=threads: llcc_package().generic_filter1d(
                image, whole, width, axis=-1, threads=t),
                note=f"llcc.generic_filter1d, {threads} thread{'s' if threads > 1 else ''}"))
    nb_cb = scipy.LowLevelCallable(numba_filter1d(pyfunc).ctypes, signature=FILTER1D_SIG)
    impls.append(Impl("numba", lambda: run(image, nb_cb)))
    impls.append(Impl("SciPy native",
                      lambda: ndimage.uniform_filter1d(image, width, axis=-1),
                      note="uniform_filter1d (running sum)"))
    small = image[:crop, :crop]
    impls.append(Impl("Python", lambda: run(small, pyfunc),
                      note=f"timed on a {crop}x{crop} crop, scaled",
                      scale=image.size / small.size, check=lambda r: run(small, c_cb), repeats=1))
    noop = llc(ref, "noop_filter1d", FILTER1D_SIG)
    impls.append(Impl("no-op C", lambda: run(image, noop), note="interface cost", check=False))
    return Case(key, f"generic_filter1d moving average of {width}, {n}²",
                "uniform_filter1d", impls)


def _transform_case(ref, sources, image, crop, n):
    key = "shift"
    path, style, lib = sources.get(key)
    pyfunc = load_python(path, key)
    ud, keep = doubles(*SHIFT)
    run = lambda im, cb, **kw: ndimage.geometric_transform(im, cb, order=1, **kw)
    impls = []
    c_cb = llc(ref, key, TRANSFORM_SIG, ud)
    impls.append(Impl("C reference", lambda: run(image, c_cb)))
    if lib is not None:
        cb = llc(lib, key, TRANSFORM_SIG, ud)
        impls.append(Impl("llcc", lambda: run(image, cb), note=style))
    else:
        impls.append(Impl("llcc", None, note="n/a (does not compile yet)"))
    whole = sources.whole_image(key)
    if whole is not None:
        for name, threads in ((WHOLE, 1), (WHOLE2, 2)):
            impls.append(Impl(name, lambda t=threads: llcc_package().geometric_transform(
                image, whole, order=1, extra_arguments=SHIFT, threads=t),
                note=f"llcc.geometric_transform, {threads} thread{'s' if threads > 1 else ''}"))
    nb_cb = scipy.LowLevelCallable(numba_transform(pyfunc).ctypes, user_data=ud,
                                   signature=TRANSFORM_SIG)
    impls.append(Impl("numba", lambda: run(image, nb_cb)))
    impls.append(Impl("SciPy native", lambda: ndimage.shift(image, SHIFT, order=1),
                      note="shift"))
    small = image[:crop, :crop]
    impls.append(Impl("Python", lambda: run(small, pyfunc, extra_arguments=SHIFT),
                      note=f"timed on a {crop}x{crop} crop, scaled",
                      scale=image.size / small.size, check=lambda r: run(small, c_cb), repeats=1))
    noop = llc(ref, "noop_transform", TRANSFORM_SIG)
    impls.append(Impl("no-op C", lambda: run(image, noop), note="interface cost (identity)",
                      check=False))
    case = Case(key, f"geometric_transform shift (order 1), {n}²", "shift", impls)
    case.keep = keep
    return case


def _integrand_case(ref, sources, calls):
    key = "damped_wave"
    path, style, lib = sources.get(key)
    pyfunc = load_python(path, key)
    lo, hi = QUAD_RANGE

    def run(f):
        total = 0.0
        for i in range(calls):
            total += integrate.quad(f, lo, hi, args=QUAD_ARGS)[0]
        return np.array([total])

    impls = []
    c_cb = llc(ref, key, INTEGRAND_SIG)
    impls.append(Impl("C reference", lambda: run(c_cb)))
    if lib is not None:
        cb = llc(lib, key, INTEGRAND_SIG)
        impls.append(Impl("llcc", lambda: run(cb), note=style))
    else:
        impls.append(Impl("llcc", None, note="n/a (does not compile yet)"))
    nb_cb = scipy.LowLevelCallable(numba_integrand(pyfunc).ctypes, signature=INTEGRAND_SIG)
    impls.append(Impl("numba", lambda: run(nb_cb)))
    impls.append(Impl("SciPy native", None, note="n/a"))
    impls.append(Impl("Python", lambda: run(pyfunc), repeats=1))
    noop = llc(ref, "noop_integrand", INTEGRAND_SIG)
    impls.append(Impl("no-op C", lambda: run(noop), note="interface cost", check=False))
    return Case(key, f"quad, exp(-a x²) cos(b x) on [0, 5], {calls} calls", "", impls)

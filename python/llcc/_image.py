"""llcc.generic_filter: a compiled filter applied to a whole array.

A drop-in for ``scipy.ndimage.generic_filter`` that takes an llcc filter
(a ``Callback`` of kind ``filter``, bound or not, or a function decorated
with ``@llcc.filter``) and runs its whole-image kernel: the
neighbourhood is read straight from the image, the filter body is inlined,
and the work is split across threads (ctypes releases the GIL). Arguments
are checked and normalised with SciPy's own helpers, so results, errors and
output dtypes are those of ``scipy.ndimage.generic_filter``.

The kernel's arguments, the boundary-mode codes and the exception classes
of runtime errors come from the library's manifest (``_abi``). A library
built without kernels (plain ``llcc f.flt -o f.so``) carries its source;
its kernels are compiled from it once, with the library's own options, on
first use, and cached like any compile.
"""
import ctypes
import mmap
import sys
import threading
import warnings

import numpy as np
import scipy.ndimage as ndi
from scipy.ndimage import _ni_support

from ._abi import ctype, library_abi, run_split
from ._errors import LlccError
from ._library import Callback


# Outputs of at least this many bytes are backed by transparent huge pages
# and recycled; up to _POOL_SIZE mappings of at most _POOL_MAX_BYTES are kept.
_HUGE_PAGE = 2 << 20
_HUGE_MIN_BYTES = 2 * _HUGE_PAGE
_POOL_SIZE = 2
_POOL_MAX_BYTES = 64 << 20  # so at most 132 MiB stay mapped between calls
_pool = []
_pool_lock = threading.Lock()


def _new_output(shape, dtype):
    """An array for a result the kernel overwrites entirely: zeros when small;
    when large, memory backed by 2 MiB pages where Linux allows it.

    A new 32 MiB output costs 8192 page faults (and the kernel zeroing each
    page) with 4 KiB pages, more time than a cheap filter takes over the
    whole image; with huge pages it is 16. A large mapping is also kept
    for the next call, and reused only when no array refers to it any more
    (every view of the returned array holds the one array over the mapping,
    so its reference count says when the last one is gone): a filter
    applied again and again then touches no new memory at all. The first
    use of a mapping returns zeros; a reused one holds an earlier result,
    which the caller overwrites.
    """
    dtype = np.dtype(dtype)
    nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    advice = getattr(mmap, "MADV_HUGEPAGE", None)
    if nbytes < _HUGE_MIN_BYTES or advice is None:
        return np.zeros(shape, dtype=dtype)
    size = nbytes + _HUGE_PAGE
    raw = None
    with _pool_lock:
        for i in range(len(_pool)):
            # Two references: the pool's and getrefcount's argument.
            if _pool[i].size == size and sys.getrefcount(_pool[i]) == 2:
                raw = _pool[i]
                break
    if raw is None:
        try:
            block = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
            block.madvise(advice)
        except (OSError, ValueError):
            return np.zeros(shape, dtype=dtype)
        raw = np.frombuffer(block, dtype=np.uint8)
        # The limit counts the array, not the 2 MiB of alignment slack: a
        # 2-D transform's coordinates of a 2048x2048 image are 64 MiB, and
        # on two threads a fresh mapping each call (and its unmapping) made
        # the coordinates take 86-96 ms instead of 18 (bench/notes.md).
        if nbytes <= _POOL_MAX_BYTES:
            with _pool_lock:
                free = [i for i in range(len(_pool)) if sys.getrefcount(_pool[i]) == 2]
                if len(_pool) < _POOL_SIZE:
                    _pool.append(raw)
                elif free:
                    _pool[free[0]] = raw
    start = -raw.ctypes.data % _HUGE_PAGE
    return raw[start:start + nbytes].view(dtype).reshape(shape)


# What SciPy's generic_filter stores when its double result goes to an
# integer output: the C conversion of its x86-64 build, which truncates
# toward zero in range and, out of range or for NaN, gives what the
# cvttsd2si instruction gives (the "integer indefinite" value), narrowed to
# the output's width. Measured on Debian's SciPy and checked by
# tests/python/test_image.py against the installed SciPy for every dtype.
def _convert_int(values, bits):
    """cvttsd2si semantics: trunc(x) when it fits in `bits`-bit signed
    range, else the most negative value."""
    lo, hi = -2.0 ** (bits - 1), 2.0 ** (bits - 1)
    with np.errstate(invalid="ignore"):
        fits = (values >= lo) & (values < hi)
    result = np.where(fits, values, 0.0).astype(np.int64)
    result[~fits] = -(1 << (bits - 1))
    return result


def _to_uint64(values):
    """SciPy's double -> uint64: trunc(x) modulo 2**64 for |x| < 2**64,
    0 beyond, 2**63 for NaN."""
    t = np.trunc(values)
    magnitude = np.abs(np.where(np.isnan(t), 0.0, t))
    small = magnitude < 2.0 ** 63
    high = np.where(small, 0.0, magnitude - 2.0 ** 63)
    with np.errstate(invalid="ignore"):
        in_range = magnitude < 2.0 ** 64
    unsigned = np.where(small, magnitude, 0.0).astype(np.uint64) + \
        np.where(small | ~in_range, 0.0, high).astype(np.uint64) + \
        np.where(small | ~in_range, 0, 1 << 63).astype(np.uint64)
    unsigned = np.where(in_range, unsigned, np.uint64(0))
    negated = (~unsigned + np.uint64(1)).astype(np.uint64)
    result = np.where(t < 0, negated, unsigned)
    return np.where(np.isnan(t), np.uint64(1 << 63), result).astype(np.uint64)


def _store_as_scipy(values, output):
    """output[...] = values (float64) as SciPy's generic_filter converts."""
    kind, size = output.dtype.kind, output.dtype.itemsize
    if kind == "f":
        output[...] = values
    elif kind == "u" and size == 8:
        output[...] = _to_uint64(values)
    elif kind in "iu" and size == 8:
        output[...] = _convert_int(values, 64)
    elif kind == "u" and size == 4:
        output[...] = _convert_int(values, 64).astype(np.uint32)
    elif kind in "iub":
        narrow = _convert_int(values, 32)
        if kind == "b":
            # bool output holds the converted byte (2 for 2.0, 0 for 0.5).
            output.view(np.uint8)[...] = narrow.astype(np.uint8)
        else:
            output[...] = narrow.astype(output.dtype)
    else:
        raise RuntimeError("array type not supported")


def _check_type(array):
    """SciPy's errors for element types its filters do not take."""
    if np.iscomplexobj(array):
        raise TypeError("Complex type not supported")
    kind, size = array.dtype.kind, array.dtype.itemsize
    if kind not in "biuf" or (kind == "f" and size not in (4, 8)):
        raise RuntimeError("array type not supported")


def _resolve(function, kind="filter", entry="generic_filter"):
    callback = function
    if not isinstance(callback, Callback):
        raise TypeError(f"llcc.{entry} needs an llcc {kind} (lib.NAME from llcc.load or "
                        f"llcc.compile, or a function decorated with @llcc.{kind}); for a "
                        f"Python function use scipy.ndimage.{entry}")
    if callback.kind != kind:
        raise TypeError(f"{callback.name!r} is a {callback.kind} callback; llcc.{entry} "
                        f"takes a {kind}")
    return callback


_kernel_lock = threading.Lock()


def _kernel_library(library, element="float64"):
    """`library` itself when it has image kernels for input elements of
    type `element`; else the same program compiled with them, with the
    library's own options and file name (so runtime errors cite the same
    place), cached by content like any compile, and remembered for the
    library's lifetime."""
    build = library.manifest.get("build") or {}
    if build.get("image_kernels") and element in build.get("image_kernel_types", ["float64"]):
        return library
    with _kernel_lock:
        cache = library.__dict__.setdefault("_kernel_libraries", {})
        kernels = cache.get(element)
        if kernels is not None:
            return kernels
        source = library.source
        if source is None:
            return None
        from ._compile import compile as compile_source
        kernels = compile_source(source, opt_level=int(build.get("opt_level", 2)),
                                 cpu=build.get("cpu", "native"),
                                 filename=library.source_file or "source.flt",
                                 image_kernels=True,
                                 image_kernel_types=None if element == "float64"
                                 else ("float64", element))
        cache[element] = kernels
        if element == "float64":
            library._kernel_library = kernels
        return kernels


def _with_kernels(callback, key="image", element="float64"):
    """The same function, bound to the same values, from a library that has
    its whole-array kernel (the manifest entry's `key`: "image" for a
    filter, for input elements of type `element`, "lines" for a
    filter1d); None when none can be built."""
    if key in callback.entry and (key != "image" or element in callback.entry.get(
            "images", {"float64": callback.entry["image"]})):
        return callback
    library = _kernel_library(callback.library, element)
    if library is None:
        return None
    rebuilt = library[callback.name]
    if callback.bound:
        rebuilt = rebuilt.bind(**callback.params)
    return rebuilt


def _valid(input, callback, footprint, output, threads):
    """mode='valid': the windows that fit inside the input. They read no
    boundary value, so any mode gives them; the kernel runs in 'nearest'
    mode and the valid part is kept."""
    shape = input.shape
    if any(f > n for f, n in zip(footprint.shape, shape)):
        raise ValueError("window shape cannot be larger than input array shape")
    keep = tuple(slice(f // 2, f // 2 + n - f + 1) for f, n in zip(footprint.shape, shape))
    full = generic_filter(input, callback, footprint=footprint, mode="nearest", threads=threads,
                          output=np.float64)
    part = full[keep]
    if output is None:
        output = np.empty(part.shape, dtype=input.dtype)
    elif isinstance(output, np.ndarray):
        if output.shape != part.shape:
            raise RuntimeError("output shape not correct")
    else:
        output = np.empty(part.shape, dtype=np.dtype(output))
    _check_type(output)
    _store_as_scipy(part, output)
    return output


def bind_extra(callback, extra_arguments=(), extra_keywords=None):
    """`callback` bound as SciPy would call a Python function with
    ``extra_arguments`` and ``extra_keywords``: positional values for the
    user parameters in order, then keywords by name. (SciPy's own functions
    ignore both for any LowLevelCallable; llcc's entry points honour them.)
    Raises CPython's TypeError when parameters without defaults stay
    unbound."""
    if extra_arguments is None:
        extra_arguments = ()
    if not isinstance(extra_arguments, (tuple, list)):
        raise TypeError("extra_arguments must be a tuple")
    extra_keywords = dict(extra_keywords or {})
    if extra_arguments or extra_keywords:
        # Keyword-only parameters (after a bare `*`) take no positional value.
        names = [p["name"] for p in callback.entry.get("params") or []
                 if not p.get("keyword_only")]
        if len(extra_arguments) > len(names):
            own = len(names)
            raise TypeError(f"{callback.name}() takes {own} extra positional argument"
                            f"{'s' if own != 1 else ''} but {len(extra_arguments)} were given")
        values = dict(zip(names, extra_arguments))
        for name in extra_keywords:
            if name in values:
                raise TypeError(f"{callback.name}() got multiple values for argument {name!r}")
        values.update(extra_keywords)
        callback = callback.bind(**values)
    callback.check_bound()
    return callback


def _check_axes(axes, ndim):
    """SciPy's axes rules: each in range, none repeated; returned sorted,
    which is how SciPy maps a footprint's dimensions onto them."""
    if axes is None:
        return tuple(range(ndim))
    if np.isscalar(axes):
        axes = (axes,)
    normalized = []
    for ax in axes:
        ax = int(ax)
        if not -ndim <= ax < ndim:
            raise ValueError(f"specified axis: {ax} is out of range")
        normalized.append(ax % ndim)
    if len(set(normalized)) != len(normalized):
        raise ValueError("axes must be unique")
    return tuple(sorted(normalized))


def window(input_ndim, size, footprint, origin, axes=None, mode="reflect"):
    """The full-rank footprint and origins of a filter, checked as SciPy
    checks them: `size`, `footprint` and `origin` describe the filtered
    `axes` (all by default; a footprint's dimensions map onto them in
    increasing order, as in SciPy), the other axes get a window of one.
    With ``mode="valid"`` (as ``scipy.ndimage.vectorized_filter``) the
    origin must be 0."""
    axes = _check_axes(axes, input_ndim)
    count = len(axes)
    if mode == "valid" and np.any(np.asarray(origin) != 0):
        raise ValueError("`mode='valid'` is incompatible with use of `origin`.")
    origins = _ni_support._normalize_sequence(origin, count)
    if footprint is None:
        if size is None:
            raise RuntimeError("no footprint or filter size provided")
        sizes = _ni_support._normalize_sequence(size, count)
        footprint = np.ones(sizes, dtype=bool)
    else:
        footprint = np.asarray(footprint, dtype=bool)
        if axes != tuple(range(input_ndim)) and footprint.ndim != count:
            raise RuntimeError(f"footprint.ndim ({footprint.ndim}) must match len(axes) "
                               f"({count})")
    fshape = [ii for ii in footprint.shape if ii > 0]
    if len(fshape) != count:
        raise RuntimeError("filter footprint array has incorrect shape.")
    for origin_d, lenf in zip(origins, fshape):
        if (lenf // 2 + origin_d < 0) or (lenf // 2 + origin_d >= lenf):
            raise ValueError("invalid origin")
    if count < input_ndim:
        others = tuple(ax for ax in range(input_ndim) if ax not in axes)
        footprint = np.expand_dims(footprint, others)
        full = [0] * input_ndim
        for ax, o in zip(axes, origins):
            full[ax] = o
        origins = full
    return footprint, list(origins)


def generic_filter(input, function, size=None, footprint=None, output=None, mode="reflect",
                   cval=0.0, origin=0, extra_arguments=(), extra_keywords=None, *,
                   axes=None, threads=None, _member_stride=None):
    """Like ``scipy.ndimage.generic_filter``, with a compiled llcc filter.

    ``extra_arguments`` and ``extra_keywords`` bind the filter's parameters
    as SciPy passes them to a Python function (SciPy itself ignores them for
    a LowLevelCallable). ``axes`` filters over those axes only (SciPy >=
    1.11). ``mode="valid"`` returns only the windows that fit inside the
    input, a smaller array, as ``scipy.ndimage.vectorized_filter`` does.
    ``threads``: how many threads share the work
    (default: all cores; 1 runs on the calling thread). The GIL is released
    while filtering. A filter that returns a tuple gives one output per
    member (``llcc._multi``).
    """
    original = bind_extra(_resolve(function), extra_arguments, extra_keywords)
    if original.entry.get("outputs") is not None and _member_stride is None:
        from ._multi import generic_filter_outputs
        return generic_filter_outputs(input, original, size, footprint, output, mode, cval,
                                      origin, axes, threads)
    callback = _with_kernels(original)
    if callback is None:
        # A library from an llcc that embedded no source: SciPy's own loop
        # gives the same result with the compiled callback, only slower.
        warnings.warn(f"{original.library.path!r} has no whole-array kernel for "
                      f"{original.name!r} and carries no source to build one (rebuild it "
                      f"with this llcc); using scipy.ndimage.generic_filter", RuntimeWarning,
                      stacklevel=2)
        return ndi.generic_filter(input, original, size=size, footprint=footprint,
                                  output=output, mode=mode, cval=cval, origin=origin)
    abi = library_abi(callback.library)
    modes = abi["modes"]
    input = np.asarray(input)
    _check_type(input)
    footprint, origins = window(input.ndim, size, footprint, origin, axes, mode)
    if mode == "valid":
        return _valid(input, callback, footprint, output, threads)
    if mode not in modes:
        _ni_support._extend_mode_to_code(mode)  # SciPy's error for an unknown mode
        raise RuntimeError(f"boundary mode not supported: {mode!r}")
    output = (_new_output(input.shape, input.dtype.name) if output is None
              else _ni_support._get_output(output, input))
    _check_type(output)
    if input.ndim == 0:
        # One element, its own neighbourhood (SciPy's footprint is then
        # 0-d); the kernel runs on rank 1.
        if footprint.size:
            generic_filter(input.reshape(1), callback, footprint=np.ones(1, bool),
                           output=output.reshape(1), mode=mode, cval=cval, threads=1)
        return output

    # Offsets of the footprint's elements, in C order, relative to the pixel.
    centre = np.array([f // 2 + o for f, o in zip(footprint.shape, origins)], dtype=np.int64)
    offsets = np.ascontiguousarray(np.argwhere(footprint).astype(np.int64) - centre)
    count = offsets.shape[0]
    # Integer and float32 input is read in place by a kernel built for its
    # element type (each element converted to double, as SciPy converts
    # it): no float64 copy of the image.
    element = input.dtype.name
    native = (element != "float64" and input.dtype.isnative
              and element in abi.get("image_element_types", {}))
    typed = _with_kernels(original, "image", element) if native else None
    if typed is not None and element in typed.entry.get("images", {}):
        callback, abi = typed, library_abi(typed.library)
        src = input
    else:
        element = "float64"
        src = np.asarray(input, dtype=np.float64)
    size = src.dtype.itemsize
    if any(st % size for st in src.strides) or np.shares_memory(src, output):
        src = np.ascontiguousarray(src).copy()  # element strides; never read what we write
    direct = output.dtype == np.float64 and not any(st % 8 for st in output.strides)
    dst = output if direct else _new_output(output.shape, np.float64)
    total = int(np.prod(input.shape, dtype=np.int64))
    if total == 0:
        return output
    if count == 0:
        raise ValueError("the footprint selects no element")
    rank = input.ndim
    if rank == 0:
        raise RuntimeError("llcc.generic_filter needs an array of rank 1 or more")
    rows = total // input.shape[-1]
    shape = np.array(input.shape, dtype=np.int64)
    in_strides = np.array(src.strides, dtype=np.int64) // size
    out_strides = np.array(dst.strides, dtype=np.int64) // 8

    cdll = callback.library._cdll
    kernel = cdll[callback.entry.get("images", {}).get(element) or callback.entry["image"]]
    kernel_abi = abi["image_kernel"]
    kernel.argtypes = [ctype(arg["ctype"]) for arg in kernel_abi["args"]]
    kernel.restype = ctype(kernel_abi["result"])
    user_data = callback._buffer
    # The kernel's arguments by the names its manifest entry gives them.
    values = {
        "input": src.ctypes.data, "input_strides": in_strides.ctypes.data,
        "output": dst.ctypes.data, "output_strides": out_strides.ctypes.data,
        "shape": shape.ctypes.data, "rank": rank, "offsets": offsets.ctypes.data,
        "count": count, "mode": modes[mode], "cval": float(cval),
        "user_data": ctypes.addressof(user_data) if user_data is not None else None,
        "member_stride": _member_stride or 0,
    }
    missing = [arg["name"] for arg in kernel_abi["args"]
               if arg["name"] not in values and arg["name"] not in ("begin_row", "end_row")]
    if missing:
        raise LlccError(f"{callback.library.path!r}: its image kernel takes arguments this "
                        f"llcc package does not know: {', '.join(missing)}")

    run_split(kernel, kernel_abi, values, ("begin_row", "end_row"), rows, threads, cdll, abi,
              work=total * max(count, 1))
    if not direct:
        _store_as_scipy(dst, output)
    return output

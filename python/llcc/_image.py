"""llcc.generic_filter: a compiled filter applied to a whole array.

A drop-in for ``scipy.ndimage.generic_filter`` that takes an llcc filter
(a ``Callback`` of kind ``filter``, bound or not, or a function decorated
with ``@llcc.filter``) and runs its ``llcc_image_NAME`` entry point: the
neighbourhood is read straight from the image, the filter body is inlined,
and the work is split across threads (ctypes releases the GIL). Arguments
are checked and normalised with SciPy's own helpers, so results, errors and
output dtypes are those of ``scipy.ndimage.generic_filter``.
"""
import ctypes
import mmap
import os
import sys
import threading
import re
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.ndimage as ndi
from scipy.ndimage import _ni_support

from ._library import Callback

# llcc's boundary codes (codegen/ImageKernel.cpp).
_MODES = {"reflect": 0, "grid-mirror": 0, "constant": 1, "grid-constant": 1, "nearest": 2,
          "mirror": 3, "wrap": 4, "grid-wrap": 4}

_ARGTYPES = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
             ctypes.c_void_p, ctypes.c_int64, ctypes.c_void_p, ctypes.c_int64,
             ctypes.c_int64, ctypes.c_double, ctypes.c_int64, ctypes.c_int64, ctypes.c_void_p]


# Outputs of at least this many bytes are backed by transparent huge pages
# and recycled; up to _POOL_SIZE mappings of at most _POOL_MAX_BYTES are kept.
_HUGE_PAGE = 2 << 20
_HUGE_MIN_BYTES = 2 * _HUGE_PAGE
_POOL_SIZE = 2
_POOL_MAX_BYTES = 64 << 20  # so at most 128 MiB stay mapped between calls
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
        if size <= _POOL_MAX_BYTES:
            with _pool_lock:
                free = [i for i in range(len(_pool)) if sys.getrefcount(_pool[i]) == 2]
                if len(_pool) < _POOL_SIZE:
                    _pool.append(raw)
                elif free:
                    _pool[free[0]] = raw
    start = -raw.ctypes.data % _HUGE_PAGE
    return raw[start:start + nbytes].view(dtype).reshape(shape)


def _resolve(function):
    callback = function
    if not isinstance(callback, Callback):
        raise TypeError("llcc.generic_filter needs an llcc filter (lib.NAME from llcc.load or "
                        "llcc.compile, or a function decorated with @llcc.filter); for a "
                        "Python function use scipy.ndimage.generic_filter")
    if callback.kind != "filter":
        raise TypeError(f"{callback.name!r} is a {callback.kind} callback; llcc.generic_filter "
                        f"takes a filter")
    return callback


def _with_kernels(callback):
    """The same filter from the same program compiled with image kernels,
    when the package compiled it (llcc.compile, decorators); the compile
    is cached like any other."""
    args = getattr(callback.library, "_compile_args", None)
    if args is None:
        return callback
    library = getattr(callback.library, "_kernel_library", None)
    if library is None:
        from ._compile import compile as compile_source
        source, opt_level, cpu, filename = args
        library = compile_source(source, opt_level=opt_level, cpu=cpu, filename=filename,
                                 image_kernels=True)
        callback.library._kernel_library = library
    rebuilt = library[callback.name]
    if callback.bound:
        rebuilt = rebuilt.bind(**callback.params)
    return rebuilt


def _raise_runtime_error(message):
    """Turns llcc_last_error's 'path:l:c: Class: text' into that exception."""
    builtins = {"IndexError": IndexError, "ZeroDivisionError": ZeroDivisionError,
                "OverflowError": OverflowError, "ValueError": ValueError,
                "UnboundLocalError": UnboundLocalError, "TypeError": TypeError,
                "MemoryError": MemoryError}
    match = re.match(r"^(.*?:\d+:\d+: )(\w+): (.*)$", message or "", re.S)
    if match and match.group(2) in builtins:
        raise builtins[match.group(2)](match.group(1) + match.group(3))
    raise RuntimeError(message or "llcc filter failed")


def generic_filter(input, function, size=None, footprint=None, output=None, mode="reflect",
                   cval=0.0, origin=0, *, threads=None):
    """Like ``scipy.ndimage.generic_filter``, with a compiled llcc filter.

    ``threads``: how many threads share the work (default: all cores;
    1 runs on the calling thread). The GIL is released while filtering.
    """
    callback = _resolve(function)
    if "image" not in callback.entry:
        callback = _with_kernels(callback)
    if "image" not in callback.entry:
        # Built without --image-kernels: SciPy's own loop gives the same
        # result with the compiled callback, only slower.
        warnings.warn(f"{callback.library.path!r} has no whole-array kernel for "
                      f"{callback.name!r} (compile with llcc --image-kernels); using "
                      f"scipy.ndimage.generic_filter", RuntimeWarning, stacklevel=2)
        return ndi.generic_filter(input, callback, size=size, footprint=footprint,
                                  output=output, mode=mode, cval=cval, origin=origin)
    input = np.asarray(input)
    if np.iscomplexobj(input):
        raise TypeError("Complex type not supported")
    origins = _ni_support._normalize_sequence(origin, input.ndim)
    if footprint is None:
        if size is None:
            raise RuntimeError("no footprint or filter size provided")
        sizes = _ni_support._normalize_sequence(size, input.ndim)
        footprint = np.ones(sizes, dtype=bool)
    else:
        footprint = np.asarray(footprint, dtype=bool)
    fshape = [ii for ii in footprint.shape if ii > 0]
    if len(fshape) != input.ndim:
        raise RuntimeError("filter footprint array has incorrect shape.")
    for origin_d, lenf in zip(origins, fshape):
        if (lenf // 2 + origin_d < 0) or (lenf // 2 + origin_d >= lenf):
            raise ValueError("invalid origin")
    if mode not in _MODES:
        _ni_support._extend_mode_to_code(mode)  # SciPy's error for an unknown mode
        raise RuntimeError(f"boundary mode not supported: {mode!r}")
    output = (_new_output(input.shape, input.dtype.name) if output is None
              else _ni_support._get_output(output, input))

    # Offsets of the footprint's elements, in C order, relative to the pixel.
    centre = np.array([f // 2 + o for f, o in zip(footprint.shape, origins)], dtype=np.int64)
    offsets = np.ascontiguousarray(np.argwhere(footprint).astype(np.int64) - centre)
    count = offsets.shape[0]
    src = np.asarray(input, dtype=np.float64)
    if any(st % 8 for st in src.strides) or np.shares_memory(src, output):
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
    in_strides = np.array(src.strides, dtype=np.int64) // 8
    out_strides = np.array(dst.strides, dtype=np.int64) // 8

    kernel = callback.library._cdll[callback.entry["image"]]
    kernel.argtypes = _ARGTYPES
    kernel.restype = ctypes.c_int
    last_error = callback.library._cdll["llcc_last_error"]
    last_error.restype = ctypes.c_char_p
    user_data = callback._buffer
    user_ptr = ctypes.addressof(user_data) if user_data is not None else None

    def run(begin, end):
        status = kernel(src.ctypes.data, in_strides.ctypes.data, dst.ctypes.data,
                        out_strides.ctypes.data, shape.ctypes.data, rank,
                        offsets.ctypes.data, count, _MODES[mode], float(cval), begin, end,
                        user_ptr)
        if status != 1:
            message = last_error()
            return message.decode("utf-8", "replace") if message else "llcc filter failed"
        return None

    workers = threads if threads is not None else (os.cpu_count() or 1)
    if workers < 1:
        raise ValueError("threads must be at least 1")
    chunks = min(rows, workers * 4 if workers > 1 else 1)
    bounds = [rows * i // chunks for i in range(chunks + 1)]
    if workers == 1:
        errors = [run(bounds[i], bounds[i + 1]) for i in range(chunks)]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            errors = list(pool.map(run, bounds[:-1], bounds[1:]))
    for error in errors:
        if error:
            _raise_runtime_error(error)
    if not direct:
        output[...] = dst
    return output

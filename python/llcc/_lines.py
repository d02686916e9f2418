"""llcc.generic_filter1d: a compiled filter1d applied to every line of an array.

A drop-in for ``scipy.ndimage.generic_filter1d`` that takes an llcc
filter1d (``lib.NAME`` or a function decorated with ``@llcc.filter1d``) and
runs its lines kernel (the manifest entry's ``lines``): each line along
``axis`` is read in place, extended by the boundary mode as SciPy extends
it, run through the compiled body and written in place, the lines split
across threads with the GIL released. Arguments are checked with SciPy's own helpers, so results,
errors and output dtypes are those of ``scipy.ndimage.generic_filter1d``.
"""
import ctypes
import warnings

import numpy as np
import scipy.ndimage as ndi
from numpy.core.multiarray import normalize_axis_index
from scipy.ndimage import _ni_support

from ._abi import ctype, library_abi, run_split
from ._image import _check_type, _new_output, _resolve, _store_as_scipy, _with_kernels, \
    bind_extra

__all__ = ["generic_filter1d"]

def generic_filter1d(input, function, filter_size, axis=-1, output=None, mode="reflect",
                     cval=0.0, origin=0, extra_arguments=(), extra_keywords=None, *,
                     threads=None):
    """Like ``scipy.ndimage.generic_filter1d``, with a compiled llcc filter1d.

    ``extra_arguments``/``extra_keywords`` bind its parameters (SciPy
    ignores them for a LowLevelCallable). ``threads``: how many threads
    share the lines (default: all cores).
    """
    original = bind_extra(_resolve(function, "filter1d", "generic_filter1d"), extra_arguments,
                          extra_keywords)
    callback = _with_kernels(original, "lines")
    if callback is None:
        warnings.warn(f"{original.library.path!r} has no lines kernel for {original.name!r} and "
                      f"carries no source to build one (rebuild it with this llcc); using "
                      f"scipy.ndimage.generic_filter1d", RuntimeWarning, stacklevel=2)
        return ndi.generic_filter1d(input, original, filter_size, axis=axis, output=output,
                                    mode=mode, cval=cval, origin=origin)
    input = np.asarray(input)
    _check_type(input)
    if filter_size < 1:
        raise RuntimeError("invalid filter size")
    axis = normalize_axis_index(axis, input.ndim)
    if (filter_size // 2 + origin < 0) or (filter_size // 2 + origin >= filter_size):
        raise ValueError("invalid origin")
    _ni_support._extend_mode_to_code(mode)  # SciPy's error for an unknown mode
    # A new output as llcc.generic_filter makes one (huge pages, recycled).
    output = (_new_output(input.shape, input.dtype.name) if output is None
              else _ni_support._get_output(output, input))
    _check_type(output)
    if input.size == 0:
        return output

    modes = library_abi(callback.library)["modes"]
    if mode not in modes:
        raise RuntimeError(f"boundary mode not supported: {mode!r}")
    src = np.asarray(input, dtype=np.float64)
    if any(st % 8 for st in src.strides) or np.shares_memory(src, output):
        src = np.ascontiguousarray(src).copy()  # element strides; never read what we write
    direct = output.dtype == np.float64 and not any(st % 8 for st in output.strides)
    dst = output if direct else _new_output(output.shape, np.float64)

    def line_offsets(array):
        """Element offset of each line's first element, lines in C order of
        the other axes."""
        steps = [np.arange(array.shape[d], dtype=np.int64) * (array.strides[d] // 8)
                 for d in range(array.ndim) if d != axis]
        if not steps:
            return np.zeros(1, dtype=np.int64)
        return np.ascontiguousarray(sum(np.ix_(*steps)).ravel(), dtype=np.int64)

    in_offsets, out_offsets = line_offsets(src), line_offsets(dst)
    count = in_offsets.shape[0]
    abi = library_abi(callback.library)
    cdll = callback.library._cdll
    kernel = cdll[callback.entry["lines"]]
    kernel_abi = abi["lines_kernel"]
    kernel.argtypes = [ctype(arg["ctype"]) for arg in kernel_abi["args"]]
    kernel.restype = ctype(kernel_abi["result"])
    user_data = callback._buffer
    values = {
        "input": src.ctypes.data, "input_offsets": in_offsets.ctypes.data,
        "input_stride": src.strides[axis] // 8, "length": src.shape[axis],
        "output": dst.ctypes.data, "output_offsets": out_offsets.ctypes.data,
        "output_stride": dst.strides[axis] // 8, "filter_size": filter_size,
        "before": filter_size // 2 + origin, "mode": modes[mode], "cval": float(cval),
        "user_data": ctypes.addressof(user_data) if user_data is not None else None,
    }

    run_split(kernel, kernel_abi, values, ("begin_line", "end_line"), count, threads, cdll, abi,
              work=src.size * filter_size)
    if not direct:
        _store_as_scipy(dst, output)
    return output

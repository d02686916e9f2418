"""llcc.geometric_transform: a compiled transform over every output pixel.

A drop-in for ``scipy.ndimage.geometric_transform`` that takes an llcc
transform (``lib.NAME`` or a function decorated with ``@llcc.transform``),
either form: returning its input coordinates, or writing them. Its
coordinates kernel (the manifest entry's ``coords``) maps every output
pixel to input coordinates, the pixels split across threads with the GIL
released (SciPy takes the GIL back for every output pixel, even with a C
callback); ``scipy.ndimage.map_coordinates`` then interpolates them with
the same C code geometric_transform uses, so results are identical for
every spline order, mode and prefilter setting.
"""
import ctypes
import warnings

import numpy as np
import scipy.ndimage as ndi

from ._abi import ctype, library_abi, run_split
from ._image import _new_output, _resolve, _with_kernels, bind_extra

__all__ = ["geometric_transform"]


def geometric_transform(input, mapping, output_shape=None, output=None, order=3,
                        mode="constant", cval=0.0, prefilter=True, extra_arguments=(),
                        extra_keywords=None, *, threads=None):
    """Like ``scipy.ndimage.geometric_transform``, with a compiled llcc
    transform. ``extra_arguments``/``extra_keywords`` bind its parameters
    (SciPy ignores them for a LowLevelCallable); ``threads``: how many
    threads map the pixels (default: all cores).
    """
    original = bind_extra(_resolve(mapping, "transform", "geometric_transform"),
                          extra_arguments, extra_keywords)
    callback = _with_kernels(original, "coords")
    if callback is None:
        warnings.warn(f"{original.library.path!r} has no coordinates kernel for "
                      f"{original.name!r} and carries no source to build one (rebuild it with "
                      f"this llcc); using scipy.ndimage.geometric_transform", RuntimeWarning,
                      stacklevel=2)
        return ndi.geometric_transform(input, original, output_shape=output_shape,
                                       output=output, order=order, mode=mode, cval=cval,
                                       prefilter=prefilter)
    if order < 0 or order > 5:
        raise RuntimeError("spline order not supported")
    input = np.asarray(input)
    if input.ndim < 1:
        raise RuntimeError("input and output rank must be > 0")
    if output_shape is None:
        output_shape = output.shape if isinstance(output, np.ndarray) else input.shape
    output_shape = tuple(int(n) for n in np.atleast_1d(output_shape))
    if len(output_shape) < 1:
        raise RuntimeError("input and output rank must be > 0")
    total = int(np.prod(output_shape, dtype=np.int64))
    # Recycled huge pages, as the filters' outputs: a new 64 MiB array for a
    # 2048x2048 image cost more in page faults than the mapping itself, and
    # on two threads their faults contend (the coordinates of the bench's
    # shift took 44 ms on one thread, 28-96 ms on two; bench/notes.md).
    coordinates = _new_output((input.ndim,) + output_shape, np.float64)
    if total:
        shape = np.array(output_shape, dtype=np.int64)
        abi = library_abi(callback.library)
        cdll = callback.library._cdll
        kernel = cdll[callback.entry["coords"]]
        kernel_abi = abi["coords_kernel"]
        kernel.argtypes = [ctype(arg["ctype"]) for arg in kernel_abi["args"]]
        kernel.restype = ctype(kernel_abi["result"])
        user_data = callback._buffer
        values = {
            "output_shape": shape.ctypes.data, "output_rank": len(output_shape),
            "input_rank": input.ndim, "coordinates": coordinates.ctypes.data, "total": total,
            "user_data": ctypes.addressof(user_data) if user_data is not None else None,
        }

        # A transform callback costs about as much as a few footprint
        # elements of a filter: the work estimate counts it as 8.
        run_split(kernel, kernel_abi, values, ("begin_pixel", "end_pixel"), total, threads, cdll,
                  abi, work=total * 8)
    if output is None:
        output = input.dtype
    return ndi.map_coordinates(input, coordinates, output=output, order=order, mode=mode,
                               cval=cval, prefilter=prefilter)

"""llcc.generic_filter for filters that return several values per window.

A filter ending in ``return q1, med, q3`` has one output per member; its
manifest entry says how many (``outputs``). Its whole-image kernel computes
all of them in one pass over the image, writing member j of the pixel at
element offset ``o`` to ``o + j * member_stride`` of one float64 buffer.
``llcc.generic_filter`` then returns a tuple of arrays, one per output, each
what ``scipy.ndimage.generic_filter`` gives for ``lambda v: fn(v)[j]``
(the input's dtype by default, SciPy's conversions for other dtypes); or it
fills ``output`` given as a tuple (or list) of arrays or dtypes, one per
output, or as one array with a trailing axis of that length, as
``scipy.ndimage.vectorized_filter`` does, and returns that.

The arguments are checked and the kernel run by ``_image.generic_filter``
itself, on a float64 view of the buffer's first member; this module only
shapes the outputs.
"""
import numpy as np
from scipy.ndimage import _ni_support

from ._errors import LlccError
from ._image import _check_type, _new_output, _store_as_scipy, _with_kernels, generic_filter, \
    window


def _outputs_spec(output, count, shape, input, name):
    """The outputs asked for: ("tuple", [arrays]) with one array per output
    (dtypes become new arrays), or ("stacked", array) for one array with a
    trailing axis of length `count`."""
    if isinstance(output, (tuple, list)):
        if len(output) != count:
            raise ValueError(f"{name!r} returns {count} values per window, so output must "
                             f"have {count} members, not {len(output)}")
        arrays = [_ni_support._get_output(o, input, shape=shape) for o in output]
        return "tuple", arrays
    if isinstance(output, np.ndarray):
        if output.shape != shape + (count,):
            raise RuntimeError(f"output shape not correct: {name!r} returns {count} values "
                               f"per window, so output must have shape {shape + (count,)} "
                               f"(or be a tuple of {count} arrays of shape {shape}), not "
                               f"{output.shape}")
        return "stacked", output
    return "tuple", [_ni_support._get_output(output, input, shape=shape) for _ in range(count)]


def generic_filter_outputs(input, callback, size, footprint, output, mode, cval, origin, axes,
                           threads):
    """``llcc.generic_filter`` of `callback` (bound), a filter with several
    outputs; see the module's docstring."""
    count = int(callback.entry["outputs"])
    input = np.asarray(input)
    _check_type(input)
    if _with_kernels(callback) is None:
        raise LlccError(f"{callback.library.path!r} has no whole-array kernel for "
                        f"{callback.name!r} and carries no source to build one (rebuild it "
                        f"with this llcc); SciPy's generic_filter cannot store several "
                        f"values per window")
    if input.ndim == 0:
        # One element, its own neighbourhood (as in _image): run on rank 1.
        kind, given = _outputs_spec(output, count, (), input, callback.name)
        if window(0, size, footprint, origin, axes, mode)[0].size:
            results = generic_filter_outputs(input.reshape(1), callback, None, np.ones(1, bool),
                                             np.float64, "nearest", cval, 0, None, 1)
            for j in range(count):
                _store_as_scipy(results[j].reshape(()),
                                given[j] if kind == "tuple" else given[..., j])
        return given if kind == "stacked" else tuple(given)
    shape = input.shape
    valid = mode == "valid"
    if valid:
        full_footprint, _ = window(input.ndim, size, footprint, origin, axes, mode)
        if any(f > n for f, n in zip(full_footprint.shape, shape)):
            raise ValueError("window shape cannot be larger than input array shape")
        keep = tuple(slice(f // 2, f // 2 + n - f + 1)
                     for f, n in zip(full_footprint.shape, shape))
        out_shape = tuple(k.stop - k.start for k in keep)
    else:
        out_shape = shape
    kind, given = _outputs_spec(output, count, out_shape, input, callback.name)
    for array in ([given] if kind == "stacked" else given):
        _check_type(array)

    # Where the kernel writes: straight into a stacked float64 output, or
    # into one float64 buffer with each member's elements together.
    direct = (not valid and kind == "stacked" and given.dtype == np.float64
              and not any(st % 8 for st in given.strides)
              and not np.shares_memory(given, input))
    if direct:
        buffer, first, stride = given, given[..., 0], given.strides[-1] // 8
    else:
        buffer = _new_output((count,) + shape, np.float64)
        first, stride = buffer[0], buffer.strides[0] // 8
    if valid:
        generic_filter(input, callback, footprint=full_footprint, output=first, mode="nearest",
                       threads=threads, _member_stride=stride)
    else:
        generic_filter(input, callback, size=size, footprint=footprint, output=first, mode=mode,
                       cval=cval, origin=origin, axes=axes, threads=threads,
                       _member_stride=stride)
    if direct:
        return given
    members = [buffer[j][keep] if valid else buffer[j] for j in range(count)]
    if kind == "stacked":
        for j in range(count):
            _store_as_scipy(members[j], given[..., j])
        return given
    if output is None and input.dtype == np.float64 and not valid:
        return tuple(members)  # the buffer's own members, no copy
    for j in range(count):
        _store_as_scipy(members[j], given[j])
    return tuple(given)


"""llcc.dask: compiled filters over dask arrays, chunk by chunk.

``llcc.dask.generic_filter(darr, fn, size=..., mode=...)`` is
``scipy.ndimage.generic_filter`` over a dask array, computed with
``map_overlap`` as dask-image does: each chunk is extended by its
neighbours' data, as deep as the footprint reaches, and filtered by the
llcc whole-image kernel (one thread per chunk; the kernel releases the GIL,
so dask's threaded scheduler runs chunks in parallel). At the edges of the
whole array the kernel applies the boundary mode itself, except ``wrap``,
whose values come from the far side and so travel in the overlap (dask's
``periodic`` boundary). The result equals SciPy on the whole array.

The callable (and its shared object) pickles, so the same graph runs on a
``distributed`` cluster of worker processes.
"""
import numpy as np

from ._image import _resolve, _with_kernels, bind_extra, generic_filter as _generic_filter, \
    window

__all__ = ["generic_filter"]

#: Modes whose boundary values depend on data at the far side of the array.
_PERIODIC = ("wrap", "grid-wrap")


def _filter_block(block, callback, footprint, mode, cval, origin):
    return _generic_filter(block, callback, footprint=footprint, mode=mode, cval=cval,
                           origin=origin, threads=1)


def _filter_block_outputs(block, callback, footprint, mode, cval, origin, count):
    """A chunk's outputs of a filter returning `count` values, stacked on
    a last axis (llcc._multi fills such an array)."""
    out = np.empty(block.shape + (count,), dtype=block.dtype)
    return _generic_filter(block, callback, footprint=footprint, mode=mode, cval=cval,
                           origin=origin, threads=1, output=out)


def _outputs(input, callback, count, depth, boundary, **kwargs):
    """map_overlap for a filter with several outputs, spelled out because
    the chunks gain an axis of length `count`: overlap, one kernel call per
    chunk, trim; then one dask array per output."""
    from dask.array.overlap import overlap, trim_internal

    ndim = input.ndim
    boundaries = {axis: boundary for axis in range(ndim)}
    extended = overlap(input, depth=depth, boundary=boundaries)
    stacked = extended.map_blocks(_filter_block_outputs, new_axis=ndim,
                                  chunks=extended.chunks + ((count,),), dtype=input.dtype,
                                  meta=np.empty((0,) * (ndim + 1), dtype=input.dtype),
                                  callback=callback, count=count, **kwargs)
    trimmed = trim_internal(stacked, {**depth, ndim: 0},
                            {**boundaries, ndim: "none"})
    return tuple(trimmed[..., j] for j in range(count))


def generic_filter(input, function, size=None, footprint=None, mode="reflect", cval=0.0,
                   origin=0, extra_arguments=(), extra_keywords=None, *, axes=None):
    """``scipy.ndimage.generic_filter`` of a dask array with an llcc filter,
    lazily: returns a dask array of the input's shape and dtype (for a
    filter that returns a tuple, a tuple of such arrays, one per value,
    computed together chunk by chunk).

    Arguments as :func:`llcc.generic_filter` (``output`` excepted: the
    result is a new dask array). Kernels are built once, here, before the
    graph runs.
    """
    import dask.array as da

    if not isinstance(input, da.Array):
        input = da.asarray(input)
    callback = bind_extra(_resolve(function), extra_arguments, extra_keywords)
    kernels = _with_kernels(callback)
    if kernels is not None:
        callback = kernels
    footprint, origins = window(input.ndim, size, footprint, origin, axes, mode)
    if mode == "valid":
        raise ValueError("llcc.dask.generic_filter does not take mode='valid'; filter, then "
                         "slice the result")
    # How far the footprint reaches on each side of a pixel, per axis.
    depth = {}
    for axis, (length, o) in enumerate(zip(footprint.shape, origins)):
        centre = length // 2 + o
        depth[axis] = max(centre, length - 1 - centre)
    boundary = "periodic" if mode in _PERIODIC else "none"
    count = callback.entry.get("outputs")
    if count is not None:
        # A filter returning a tuple: a tuple of dask arrays, one per value.
        return _outputs(input, callback, int(count), depth, boundary, footprint=footprint,
                        mode=mode, cval=cval, origin=origins)
    return input.map_overlap(_filter_block, depth=depth, boundary=boundary, dtype=input.dtype,
                             meta=np.empty((0,) * input.ndim, dtype=input.dtype),
                             callback=callback, footprint=footprint, mode=mode, cval=cval,
                             origin=origins)

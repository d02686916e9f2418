"""llcc: compile Python-syntax filter functions into SciPy LowLevelCallables.

    import llcc
    lib = llcc.load("filters.so")            # or llcc.compile("filters.flt")
    out = scipy.ndimage.generic_filter(image, lib.count_above.bind(threshold=0.8), size=3)

    @llcc.filter
    def fmax(values):
        ...

See docs/python.md for the reference.
"""
from ._errors import CaptureError, CompileError, LlccError, LoadError
from ._library import SIGNATURES, Callback, Library, load
from ._compile import compile, find_llcc  # noqa: A004 - llcc.compile
from ._cache import cache_dir
from ._image import generic_filter
from ._lines import generic_filter1d
from ._transform import geometric_transform
from ._decorators import (filter, filter1d, integrand, jit_filter1d_function,  # noqa: A004
                          jit_filter_function, jit_geometric_function, source_of, transform)

__version__ = "0.1.0"


def __getattr__(name):
    # llcc.dask imports dask only when first used.
    if name == "dask":
        import importlib
        return importlib.import_module(".dask", __name__)
    raise AttributeError(f"module 'llcc' has no attribute {name!r}")


__all__ = [
    "load", "compile", "Library", "Callback", "SIGNATURES",
    "filter", "filter1d", "transform", "integrand", "source_of",
    "jit_filter_function", "jit_filter1d_function", "jit_geometric_function",
    "LlccError", "CompileError", "LoadError", "CaptureError",
    "find_llcc", "cache_dir", "generic_filter", "generic_filter1d", "geometric_transform",
]

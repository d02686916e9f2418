"""The compile library libllcc.so through ctypes (see capi/llcc.h).

When the library is found, :func:`llcc.compile` compiles inside this process
and pays LLVM's start-up once per session instead of once per ``llcc``
process. Where it is looked for, first match wins:

1. ``$LLCC_LIBRARY``: a path to libllcc.so (an empty value, ``0`` or
   ``off`` turns the library off);
2. when ``$LLCC`` names an executable, that executable is used instead;
3. ``libllcc.so`` inside this package (the wheel ships it there);
4. the build tree's ``build/capi/libllcc.so`` beside this package's source.

Otherwise :mod:`llcc._compile` runs the ``llcc`` executable as before.
"""
import ctypes
import os
import threading
from pathlib import Path

from ._errors import LlccError

__all__ = ["find_library", "Compiler"]

_lock = threading.Lock()
_loaded = {}  # path -> Compiler


def find_library():
    """Path of the compile library to use, or None (use the executable)."""
    configured = os.environ.get("LLCC_LIBRARY")
    if configured is not None:
        if configured.strip().lower() in ("", "0", "off", "no"):
            return None
        if not os.path.isfile(configured):
            raise LlccError(f"$LLCC_LIBRARY is {configured!r}, which is not a file")
        return os.path.abspath(configured)
    if os.environ.get("LLCC"):
        return None
    here = Path(__file__).resolve().parent
    for candidate in (here / "libllcc.so", here.parents[1] / "build" / "capi" / "libllcc.so"):
        if candidate.is_file():
            return str(candidate)
    return None


class Compiler:
    """One loaded libllcc.so."""

    def __init__(self, path):
        self.path = path
        try:
            lib = ctypes.CDLL(path)
        except OSError as exc:
            raise LlccError(f"cannot load the compile library {path!r}: {exc}") from exc
        lib.llcc_compile.restype = ctypes.c_int
        lib.llcc_compile.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                                     ctypes.POINTER(ctypes.c_void_p)]
        lib.llcc_result_diagnostics.restype = ctypes.c_char_p
        lib.llcc_result_diagnostics.argtypes = [ctypes.c_void_p]
        lib.llcc_result_library.restype = ctypes.POINTER(ctypes.c_ubyte)
        lib.llcc_result_library.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t)]
        lib.llcc_result_manifest.restype = ctypes.c_char_p
        lib.llcc_result_manifest.argtypes = [ctypes.c_void_p]
        lib.llcc_result_free.restype = None
        lib.llcc_result_free.argtypes = [ctypes.c_void_p]
        lib.llcc_version.restype = ctypes.c_char_p
        lib.llcc_version.argtypes = []
        self._lib = lib
        self.version = lib.llcc_version().decode()

    def compile(self, text, filename, options):
        """Compile `text` (bytes). Returns (status, diagnostics, .so bytes or
        None, manifest text). ctypes releases the GIL during the call."""
        import json
        result = ctypes.c_void_p()
        status = self._lib.llcc_compile(text, filename.encode("utf-8"),
                                        json.dumps(options).encode(), ctypes.byref(result))
        try:
            diagnostics = (self._lib.llcc_result_diagnostics(result) or b"").decode(
                "utf-8", "replace")
            size = ctypes.c_size_t()
            data = self._lib.llcc_result_library(result, ctypes.byref(size))
            library = ctypes.string_at(data, size.value) if data else None
            manifest = (self._lib.llcc_result_manifest(result) or b"").decode("utf-8")
        finally:
            self._lib.llcc_result_free(result)
        return status, diagnostics, library, manifest


def compiler():
    """The Compiler for find_library(), loaded once per path; or None."""
    path = find_library()
    if path is None:
        return None
    with _lock:
        if path not in _loaded:
            _loaded[path] = Compiler(path)
        return _loaded[path]


def identity(comp):
    """What identifies the compile library for the cache (as _compile's
    _identity does for the executable)."""
    stat = os.stat(comp.path)
    return ["libllcc", os.path.realpath(comp.path), stat.st_size, stat.st_mtime_ns, comp.version]


def compile_to(comp, text, shown, target, opt_level, cpu, image_kernels,
               image_kernel_types=None):
    """Compile `text` with the library and write the shared object to
    `target` atomically; raise CompileError as the executable path does."""
    from . import _cache
    from ._errors import CompileError
    options = {"opt_level": opt_level, "cpu": cpu, "image_kernels": bool(image_kernels)}
    if image_kernel_types:
        options["image_kernel_types"] = list(image_kernel_types)
    status, diagnostics, library, _manifest = comp.compile(text, shown, options)
    if status != 0:
        what = {1: "compile errors", 2: "usage or I/O error",
                3: "internal compiler error"}.get(status, "failed")
        raise CompileError(f"llcc: {shown}: {what} (exit status {status})",
                           diagnostics=diagnostics, returncode=status,
                           source=text.decode("utf-8", "replace"))
    if not library:
        raise CompileError(f"the llcc library returned no shared object for {shown}",
                           diagnostics=diagnostics, returncode=status)
    _cache.atomic_write(target, library)

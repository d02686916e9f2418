"""The library interface, as the compiler publishes it.

Every llcc library carries the interface it was built with in its manifest
(``manifest["abi"]``: each kind's C entry point and SciPy signature, the
whole-image kernel's arguments, the boundary-mode codes, the exception
classes of runtime errors, the user_data layout), and ``llcc --print-abi``
prints the same object for the compiler at hand. This module reads them;
the package keeps no copy of any of it, so a new kind, mode or exception
class in the compiler needs no change here.
"""
import importlib
import ctypes
import json
import os
import subprocess
import threading
from collections.abc import Mapping

from ._errors import LlccError

__all__ = ["compiler_abi", "library_abi", "ctype", "raise_last_error", "SIGNATURES"]

_lock = threading.Lock()
_by_compiler = {}


def compiler_abi():
    """The interface of the compiler :func:`llcc.find_llcc` finds
    (``llcc --print-abi``), read once per compiler."""
    from ._compile import find_llcc
    binary = find_llcc()
    with _lock:
        abi = _by_compiler.get(binary)
    if abi is None:
        try:
            proc = subprocess.run([binary, "--print-abi"], capture_output=True, text=True,
                                  timeout=60)
        except (OSError, subprocess.SubprocessError) as exc:
            raise LlccError(f"cannot run the llcc compiler {binary!r}: {exc}") from exc
        if proc.returncode != 0:
            raise LlccError(f"{binary!r} --print-abi failed: {proc.stderr.strip()}")
        abi = json.loads(proc.stdout)
        with _lock:
            _by_compiler[binary] = abi
    return abi


def library_abi(library):
    """The interface `library` was built with (its manifest's ``abi``); for a
    library from an llcc that did not record it, the compiler's."""
    abi = library.manifest.get("abi")
    return abi if isinstance(abi, dict) else compiler_abi()


def ctype(name):
    """The ctypes type a manifest names ("c_double", "c_void_p", ...)."""
    value = getattr(ctypes, name, None)
    if not isinstance(value, type) or not issubclass(value, ctypes._SimpleCData):
        raise LlccError(f"the llcc manifest names an unknown C type {name!r}")
    return value


def raise_last_error(cdll, abi):
    """Raises the calling thread's last runtime error of a library as the
    exception llcc.rt.raise would have set: the class by its index in
    ``abi["errors"]["classes"]``, the message without the class name."""
    errors = abi["errors"]
    kind = cdll[errors["kind"]]
    kind.restype, kind.argtypes = ctypes.c_int, []
    message = cdll[errors["message"]]
    message.restype, message.argtypes = ctypes.c_char_p, []
    index, text = kind(), message()
    # An empty message is a message (`assert x`, `raise ValueError()`).
    text = text.decode("utf-8", "replace") if text is not None else "llcc filter failed"
    classes = errors["classes"]
    name = classes[index] if 0 <= index < len(classes) else "RuntimeError"
    # Each class's module stands beside its name (statistics.StatisticsError).
    module = errors["modules"][index] if 0 <= index < len(classes) else "builtins"
    try:
        cls = getattr(importlib.import_module(module), name, None)
    except ImportError:
        cls = None
    if not (isinstance(cls, type) and issubclass(cls, BaseException)):
        cls = RuntimeError
    raise cls(text)


class _Signatures(Mapping):
    """``llcc.SIGNATURES``: kind -> SciPy signature string, read from the
    compiler on first use."""

    def _kinds(self):
        return compiler_abi()["kinds"]

    def __getitem__(self, kind):
        return self._kinds()[kind]["signature"]

    def __iter__(self):
        return iter(self._kinds())

    def __len__(self):
        return len(self._kinds())

    def __repr__(self):
        return repr(dict(self))


SIGNATURES = _Signatures()


# Work below this many element operations (pixels times footprint
# elements, or points) per thread is not worth a thread. Handing ranges to
# pooled threads and collecting them costs 0.1-0.5 ms on this project's
# 2-vCPU machine, and the calling thread does about 4 million element
# operations a millisecond on a cheap filter, up to 10 million (the 3x3
# cross minimum: 0.36 ms for a 512x512 image on one thread; 0.06 ms for 8x8
# on one, 0.82 ms when every call started two new threads, as before the
# pool below; a 3x3 mean of 1024x1024, 9.4 million: 0.93 ms on one thread,
# 1.11 ms on two with four ranges each, 0.78 ms with one each: below).
# bench/notes.md, 2026-12-03.
_MIN_WORK_PER_THREAD = 1 << 22

# One pool for the process, grown when a call asks for more threads than it
# has; reset in a forked child, whose copy of the pool has no threads.
_pool = None
_pool_size = 0
_pool_lock = threading.Lock()


def _forget_pool():
    global _pool, _pool_size
    _pool, _pool_size = None, 0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def _thread_pool(workers):
    """The process's pool, with at least `workers` threads."""
    from concurrent.futures import ThreadPoolExecutor
    global _pool, _pool_size
    with _pool_lock:
        if _pool is None or _pool_size < workers:
            old = _pool
            _pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="llcc")
            _pool_size = workers
            if old is not None:
                old.shutdown(wait=False)
        return _pool


def run_split(kernel, kernel_abi, values, names, count, threads, cdll, abi, work=None):
    """Calls `kernel` (arguments filled by name from `values`) over [0,
    count) split into ranges whose bounds go to the arguments `names`
    (begin, end), on `threads` threads (default: all cores; ctypes releases
    the GIL); the first runtime error is raised on the caller's thread as
    its Python exception. `work` estimates the whole call's element
    operations: with the default `threads`, a call too small to gain from
    threads runs on the calling thread (an explicit count is obeyed)."""
    def run(begin, end):
        args = dict(values, **{names[0]: begin, names[1]: end})
        if kernel(*[args[arg["name"]] for arg in kernel_abi["args"]]) != 1:
            try:
                raise_last_error(cdll, abi)
            except Exception as exc:  # noqa: BLE001 - re-raised on the caller's thread
                return exc
        return None

    if threads is not None and threads < 1:
        raise ValueError("threads must be at least 1")
    if count <= 0:
        return
    workers = threads if threads is not None else (os.cpu_count() or 1)
    if threads is None and work is not None:
        workers = max(1, min(workers, work // _MIN_WORK_PER_THREAD))
    workers = min(workers, max(count, 1))
    # Four ranges a thread balance uneven rows; a call of little more work
    # than its threads need gets one each (every range costs a handoff).
    per_thread = 4 if work is None or work >= 16 * _MIN_WORK_PER_THREAD * workers else 1
    chunks = min(count, workers * per_thread if workers > 1 else 1)
    bounds = [count * i // chunks for i in range(chunks + 1)]
    if workers == 1:
        errors = [run(bounds[i], bounds[i + 1]) for i in range(chunks)]
    else:
        errors = list(_thread_pool(workers).map(run, bounds[:-1], bounds[1:]))
    for error in errors:
        if error is not None:
            raise error

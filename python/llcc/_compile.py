"""Running the llcc compiler, with a content-hash cache: in process through the
compile library libllcc.so when it is found (_capi.py), else the executable."""
import json
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from . import _cache, _capi
from ._errors import CompileError, LlccError
from ._library import load

__all__ = ["compile", "find_llcc"]

_lock = threading.Lock()
_versions = {}      # (path, size, mtime_ns) -> `llcc --version` output
_host_cpu = None


def find_llcc():
    """Path of the llcc binary: ``$LLCC``, else ``llcc`` on ``PATH``, else the
    build tree's ``build/cli/llcc`` next to this package's source."""
    configured = os.environ.get("LLCC")
    if configured:
        if not os.path.isfile(configured):
            raise LlccError(f"$LLCC is {configured!r}, which is not a file")
        return os.path.abspath(configured)
    found = shutil.which("llcc")
    if found:
        return os.path.abspath(found)
    build = Path(__file__).resolve().parents[2] / "build" / "cli" / "llcc"
    if build.is_file():
        return str(build)
    raise LlccError("the llcc compiler was not found: set $LLCC, put llcc on PATH, "
                    f"or build it as {build}")


def _identity(binary):
    """What identifies the compiler for the cache: path, size, mtime and version."""
    stat = os.stat(binary)
    key = (os.path.realpath(binary), stat.st_size, stat.st_mtime_ns)
    with _lock:
        version = _versions.get(key)
    if version is None:
        try:
            proc = subprocess.run([binary, "--version"], capture_output=True, text=True,
                                  timeout=60)
            version = (proc.stdout + proc.stderr).strip()
        except (OSError, subprocess.SubprocessError) as exc:
            raise LlccError(f"cannot run the llcc compiler {binary!r}: {exc}") from exc
        with _lock:
            _versions[key] = version
    return [key[0], key[1], key[2], version]


def _host_cpu_identity():
    """The host CPU's model and features (a native build is only valid there)."""
    global _host_cpu
    if _host_cpu is None:
        import platform
        ident = [platform.machine()]
        try:
            with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
                seen = set()
                for line in handle:
                    field = line.split(":", 1)[0].strip()
                    if field in ("model name", "flags", "Features", "CPU part") \
                            and field not in seen:
                        seen.add(field)
                        ident.append(line.strip())
        except OSError:
            ident.append(platform.processor())
        _host_cpu = _cache.sha256("\n".join(ident).encode())
    return _host_cpu


def _is_path(source):
    if isinstance(source, os.PathLike):
        return True
    return isinstance(source, str) and "\n" not in source and (
        source.endswith(".flt") or os.path.isfile(source))


def compile(source, *, opt_level=2, cpu="native", filename=None,  # noqa: A001 - llcc.compile
            image_kernels=False, image_kernel_types=None):
    """Compile llcc source; return the loaded :class:`Library`.

    `source` is a path (``str`` naming an existing file or ending in ``.flt``,
    or a ``pathlib.Path``) or the program text (``str`` or ``bytes``).
    Options: `opt_level` 0-3 (llcc's ``-O``), `cpu` (``"native"``, the
    default, ``"generic"`` or an LLVM CPU name), and for program text the
    `filename` its diagnostics and runtime errors cite (default ``source.flt``;
    any name, a path included).
    With `image_kernels` each filter also gets the whole-array entry point
    that :func:`llcc.generic_filter` runs (llcc's ``--image-kernels``;
    `image_kernel_types`, numpy type names such as ``("float64", "uint8")``,
    builds them for those input element types, ``--image-kernel-types``; it
    makes compiling slower, so it is off by default: every library carries
    its source, and :func:`llcc.generic_filter` builds the kernels from it
    the first time it needs them).

    Results are cached in ``$LLCC_CACHE_DIR`` (default ``~/.cache/llcc``)
    under a hash of the source, the options and the compiler's identity, so
    compiling the same program again runs no compiler. Raises
    :class:`llcc.CompileError` (with ``diagnostics`` and ``returncode``) when
    llcc rejects the program.
    """
    if isinstance(opt_level, bool) or opt_level not in (0, 1, 2, 3):
        raise ValueError(f"opt_level must be 0, 1, 2 or 3, not {opt_level!r}")
    if not isinstance(cpu, str) or not cpu or cpu.startswith("-"):
        raise ValueError(f"cpu must be a CPU name such as 'native' or 'generic', not {cpu!r}")

    if _is_path(source):
        if filename is not None:
            raise TypeError("filename= is only for program text, not a path")
        shown = os.fspath(source)
        try:
            text = Path(shown).read_bytes()
        except OSError as exc:
            raise CompileError(f"cannot read {shown!r}: {exc.strerror or exc}",
                               returncode=2) from exc
        from_path = True
    else:
        if isinstance(source, str):
            text = source.encode("utf-8")
        elif isinstance(source, (bytes, bytearray)):
            text = bytes(source)
        else:
            raise TypeError(f"source must be a path or program text, not {type(source).__name__}")
        shown = os.fspath(filename) if filename is not None else "source.flt"
        if not shown or shown.startswith("-") or any(c in shown for c in "\n\r\0"):
            raise ValueError(f"filename must be a file name, not {shown!r}")
        from_path = False

    comp = _capi.compiler()  # the compile library, when present
    binary = None if comp else find_llcc()
    key_material = {
        "format": 1,
        "source_sha256": _cache.sha256(text),
        "name": shown,
        "opt_level": opt_level,
        "cpu": cpu,
        "image_kernels": bool(image_kernels),
        "image_kernel_types": list(image_kernel_types or []),
        "host": _host_cpu_identity() if cpu == "native" else None,
        "llcc": _capi.identity(comp) if comp else _identity(binary),
    }
    key = _cache.sha256(json.dumps(key_material, sort_keys=True).encode())
    compiled = _cache.subdir("compiled")
    target = compiled / f"{key}.so"
    if target.is_file():
        try:
            return load(target)
        except OSError:
            pass  # a damaged entry: compile again and replace it

    if comp:
        _capi.compile_to(comp, text, shown, target, opt_level, cpu, image_kernels,
                         image_kernel_types)
        if not from_path:
            _cache.atomic_write(compiled / f"{key}.flt", text)
        return load(target)

    work = Path(tempfile.mkdtemp(dir=compiled, prefix=".build-"))
    try:
        if from_path:
            argv, cwd = [binary, shown], None
        else:
            (work / "input.flt").write_bytes(text)
            argv, cwd = [binary, "input.flt", "--source-name", shown], str(work)
        output = work / "out.so"
        argv += ["-o", str(output), f"-O{opt_level}", "--cpu", cpu]
        if image_kernels:
            argv.append("--image-kernels")
        if image_kernel_types:
            argv += ["--image-kernel-types", ",".join(image_kernel_types)]
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, cwd=cwd)
        except OSError as exc:
            raise LlccError(f"cannot run the llcc compiler {binary!r}: {exc}") from exc
        if proc.returncode != 0:
            what = {1: "compile errors", 2: "usage or I/O error",
                    3: "internal compiler error"}.get(proc.returncode, "failed")
            raise CompileError(f"llcc: {shown}: {what} (exit status {proc.returncode})",
                               diagnostics=proc.stderr, returncode=proc.returncode,
                               source=text.decode("utf-8", "replace"))
        if not output.is_file():
            raise CompileError(f"llcc exited 0 but wrote no shared object for {shown}",
                               diagnostics=proc.stderr, returncode=proc.returncode)
        if not from_path:
            # Keep the source beside the entry, for debugging and `llcc --describe`.
            _cache.atomic_write(compiled / f"{key}.flt", text)
        os.chmod(output, 0o644)
        os.replace(output, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return load(target)

"""The on-disk cache: compiled and unpickled shared objects, by content hash."""
import hashlib
import os
import tempfile
from pathlib import Path


def cache_dir():
    """The cache folder: ``$LLCC_CACHE_DIR``, else ``~/.cache/llcc``; created if missing.

    Falls back to a per-user folder under the system temporary folder when the
    home folder cannot be written (as for some cluster workers).
    """
    configured = os.environ.get("LLCC_CACHE_DIR")
    candidates = [Path(configured)] if configured else [Path.home() / ".cache" / "llcc"]
    if not configured:
        uid = os.getuid() if hasattr(os, "getuid") else "user"
        candidates.append(Path(tempfile.gettempdir()) / f"llcc-cache-{uid}")
    error = None
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return folder
        except OSError as exc:
            error = exc
    raise OSError(f"llcc: no writable cache folder (tried {', '.join(map(str, candidates))})"
                  + (f": {error}" if error else ""))


def subdir(name):
    folder = cache_dir() / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def atomic_write(path, data, mode=0o644):
    """Write `data` to `path` through a temporary file in the same folder and
    ``os.replace``: readers (and other processes writing the same content)
    never see a partial file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def store_shared_object(data, digest=None):
    """Path of a file holding `data` (a shared object) named by its SHA-256,
    written atomically if it is not there yet."""
    digest = digest or sha256(data)
    path = subdir("lib") / f"{digest}.so"
    try:
        if path.stat().st_size == len(data) and sha256(path.read_bytes()) == digest:
            return path
    except OSError:
        pass
    return atomic_write(path, data)

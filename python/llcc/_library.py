"""Loading llcc shared objects: Library and Callback (a scipy.LowLevelCallable)."""
import base64
import ctypes
import json
import numbers
import os
import threading

import numpy as np
import scipy

from . import _cache
from ._abi import SIGNATURES, library_abi, ctype
from ._errors import LoadError

__all__ = ["load", "Library", "Callback", "SIGNATURES"]

_lock = threading.RLock()
_by_digest = {}      # SHA-256 of the .so bytes -> Library (for unpickling)
_path_digest = {}    # absolute path -> SHA-256 of what was dlopen'ed from it


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------

def load(path):
    """Load the llcc shared object at `path`; return a :class:`Library`.

    Raises :class:`llcc.LoadError` if the file cannot be read or loaded, or is
    not an llcc library (has no ``llcc_manifest``).
    """
    path = os.path.abspath(os.fspath(path))
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise LoadError(f"cannot read llcc library {path!r}: {exc.strerror or exc}") from exc
    return _load(path, data)


def _load(path, data, digest=None):
    digest = digest or _cache.sha256(data)
    with _lock:
        previous = _path_digest.get(path)
        load_path = path
        if previous is not None and previous != digest:
            # The file changed since it was loaded: dlopen would hand back the
            # old mapping for the same name, so load a copy named by content.
            load_path = str(_cache.store_shared_object(data, digest))
        try:
            cdll = ctypes.CDLL(load_path)
        except OSError as exc:
            raise LoadError(f"cannot load {path!r} as a shared object: {exc}") from exc
        _path_digest.setdefault(load_path, digest)
        manifest_text = _read_manifest(cdll, path)
        try:
            manifest = json.loads(manifest_text)
            if not isinstance(manifest, dict) or not isinstance(manifest.get("functions"), list):
                raise ValueError("no 'functions' list")
        except ValueError as exc:
            raise LoadError(f"{path!r}: malformed llcc manifest ({exc})") from exc
        library = Library(path, cdll, manifest, manifest_text, data, digest)
        _by_digest.setdefault(digest, library)
        return library


def _read_manifest(cdll, path):
    try:
        symbol = ctypes.c_char.in_dll(cdll, "llcc_manifest")
    except ValueError:
        raise LoadError(f"{path!r} is not an llcc library (it has no llcc_manifest)") from None
    raw = ctypes.string_at(ctypes.addressof(symbol))
    if not raw.lstrip().startswith(b"{"):
        # A `const char *` pointing at the string rather than the array itself.
        raw = ctypes.c_char_p.in_dll(cdll, "llcc_manifest").value or b""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path!r}: malformed llcc manifest ({exc})") from exc


def _library_from_bytes(data, digest, origin=None):
    """A Library for the shared object `data` (from a pickle): reuse one
    already loaded in this process, else store it in the cache and load it."""
    with _lock:
        library = _by_digest.get(digest)
        if library is not None:
            return library
        if _cache.sha256(data) != digest:
            raise LoadError("corrupt pickled llcc library (content hash mismatch)")
        path = str(_cache.store_shared_object(data, digest))
        library = _load(path, data, digest)
        library.origin = origin
        return library


# --------------------------------------------------------------------------
# Library
# --------------------------------------------------------------------------

class Library:
    """A loaded llcc shared object.

    ``lib.NAME`` (or ``lib["NAME"]``) is the exported function NAME as a
    :class:`Callback`, a ``scipy.LowLevelCallable`` using the parameters'
    default values. ``lib.functions`` lists the names, ``lib.manifest`` is the
    parsed manifest, ``lib.path`` the file loaded.
    """

    def __init__(self, path, cdll, manifest, manifest_text, data, digest):
        self.path = path
        self.origin = None
        self.manifest = manifest
        self.sha256 = digest
        self._manifest_sha256 = _cache.sha256(manifest_text.encode("utf-8"))
        self._cdll = cdll
        self._data = data
        self._entries = {entry["name"]: entry for entry in manifest["functions"]}
        self._callbacks = {}

    @property
    def functions(self):
        """Names of the exported functions, in source order."""
        return tuple(self._entries)

    @property
    def source_file(self):
        """The source file name llcc recorded (the one runtime errors cite)."""
        return self.manifest.get("source")

    @property
    def source(self):
        """The program text the library was compiled from (every library
        carries it), or None for a library from an llcc that did not embed
        it. Callback.source is the same text."""
        build = self.manifest.get("build") or {}
        symbol = build.get("source_symbol")
        if not symbol:
            return None
        try:
            data = ctypes.c_char.in_dll(self._cdll, symbol)
        except ValueError:
            return None
        raw = ctypes.string_at(ctypes.addressof(data))
        encoding = build.get("source_encoding")
        if encoding == "base64":
            raw = base64.b64decode(raw)
        elif encoding is not None:
            return None
        return raw.decode("utf-8")

    def __getitem__(self, name):
        try:
            entry = self._entries[name]
        except (KeyError, TypeError):
            raise KeyError(f"{name!r}: {self._no_such(name)}") from None
        callback = self._callbacks.get(name)
        if callback is None:
            callback = self._callbacks[name] = Callback(self, entry)
        return callback

    def __getattr__(self, name):
        entries = self.__dict__.get("_entries")
        if entries is None or name.startswith("__") or name not in entries:
            if entries is None:
                raise AttributeError(name)
            raise AttributeError(self._no_such(name))
        return self[name]

    def _no_such(self, name):
        names = ", ".join(self._entries) or "(none)"
        return f"llcc library {os.path.basename(self.path)!r} has no function {name!r}; its functions are: {names}"

    def __contains__(self, name):
        return name in self._entries

    def __iter__(self):
        return iter(self._entries)

    def __len__(self):
        return len(self._entries)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._entries))

    def __repr__(self):
        parts = []
        for entry in self._entries.values():
            params, star = "", False
            for p in entry.get("params", []):
                if p.get("keyword_only") and not star:
                    params, star = params + ", *", True
                params += f", {p['name']}={p.get('default')!r}"
            parts.append(f"{entry['name']} ({entry.get('kind', '?')}{params})")
        return f"<llcc.Library {self.path!r}: {'; '.join(parts) or 'no functions'}>"

    def last_error(self):
        """The last runtime error message of the calling thread (``llcc_last_error()``), or None."""
        function = self._cdll["llcc_last_error"]
        function.restype = ctypes.c_char_p
        function.argtypes = []
        message = function()
        return message.decode("utf-8", "replace") if message else None

    def __reduce__(self):
        return (_restore_library, (self._data, self.sha256, self._manifest_sha256, self.path))


def _restore_library(data, digest, manifest_digest, origin):
    library = _library_from_bytes(data, digest, origin)
    if library._manifest_sha256 != manifest_digest:
        raise LoadError(f"unpickled llcc library from {origin!r} has a different manifest")
    return library


# --------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------

_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


def _check_value(function, param, value):
    """Validate `value` for `param`; return it as a Python float/int/bool/str (or None)."""
    kind, name = param.get("type"), param["name"]
    where = f"{function}() parameter {name!r}"
    if value is None and param.get("nullable"):
        return None
    if kind == "none":
        # A None default the function replaces with an array, a list, a dict
        # or a set of its own (`if weights is None: weights = W`): user_data
        # holds numbers.
        raise TypeError(f"{where} takes only None in llcc (the function assigns it an array, "
                        f"a list, a dict or a set of its own), got {type(value).__name__}")
    if kind == "tuple":
        # A tuple of numbers (`weights=(1.0, 2.0, 1.0)`): as many members as
        # the default has, one user_data slot each, each of its member's type.
        items = param.get("items") or []
        if not isinstance(value, (tuple, list)):
            raise TypeError(f"{where} expects a tuple of {len(items)} numbers, got "
                            f"{type(value).__name__} {value!r}")
        if len(value) != len(items):
            raise ValueError(f"{where} holds a tuple of {len(items)} numbers in llcc (the "
                             f"length of its default), got {len(value)}: {tuple(value)!r}")
        return tuple(_check_value(function, {"name": f"{name}[{k}]", "type": item}, member)
                     for k, (item, member) in enumerate(zip(items, value)))
    if kind == "str":
        if isinstance(value, str):
            if "\0" in value:
                raise ValueError(f"{where} cannot hold a NUL character")
            return value
        raise TypeError(f"{where} expects a str, got {type(value).__name__} {value!r}")
    if kind == "float":
        if isinstance(value, (numbers.Real, np.bool_)):
            return float(value)
        raise TypeError(f"{where} expects a float, got {type(value).__name__} {value!r}")
    if kind in ("int", "number"):
        # "number": a parameter without a default, an int or a float kept
        # as given (as CPython would see it). Bools are ints in both.
        if isinstance(value, (bool, np.bool_)):
            return int(value)
        if isinstance(value, numbers.Integral):
            value = int(value)
            if not _INT64_MIN <= value <= _INT64_MAX:
                raise OverflowError(f"{where} is a 64-bit int; {value} is out of range")
            return value
        if kind == "int":
            raise TypeError(f"{where} expects an int, got {type(value).__name__} {value!r}")
        if isinstance(value, numbers.Real):
            return float(value)
        raise TypeError(f"{where} expects an int or a float, got {type(value).__name__} "
                        f"{value!r}")
    if kind == "bool":
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        if isinstance(value, numbers.Integral) and int(value) in (0, 1):
            return bool(value)
        raise TypeError(f"{where} expects a bool (or 0/1), got {type(value).__name__} {value!r}")
    raise TypeError(f"{where} has unsupported type {kind!r}")


def _pack(params, values, layout):
    """user_data holding `values`: each parameter at its manifest ``slot``
    (slots of ``layout["slot_bytes"]``), of the C type the layout names for
    its type (the manifest's ``abi["user_data"]``); a "number" (a parameter
    without a default) is a tag slot saying int or float, then the value; a
    "nullable" one (default None) a None flag, then the value; a "str" one
    a pointer to its UTF-8 text."""
    size = int(layout["slot_bytes"])
    count = 0
    placed = []
    keep = []
    for index, param in enumerate(params):
        slot = int(param.get("slot", index))
        if param.get("type") == "tuple":
            # One slot per member, of the member's type.
            for k, (item, member) in enumerate(zip(param.get("items") or [], values[param["name"]])):
                placed.append((slot + k, layout[item], member))
                count = max(count, slot + k + 1)
            continue
        kind = layout[param.get("type")]
        width = int(kind["slots"]) if isinstance(kind, dict) else 1
        value = values[param["name"]]
        if param.get("nullable"):
            # A parameter whose default is None: a flag slot (1: None), then
            # the value.
            flag = layout.get("nullable", {"flag": "c_int64"})["flag"]
            placed.append((slot, flag, int(value is None)))
            slot, width = slot + 1, width + 1
            if value is None:
                count = max(count, slot + 1)
                continue
        if param.get("type") == "str":
            # The slot points to NUL-terminated UTF-8, kept alive with the slots.
            text = ctypes.create_string_buffer(value.encode("utf-8"))
            keep.append(text)
            value = ctypes.addressof(text)
            kind = "c_void_p"
        placed.append((slot, kind, value))
        count = max(count, slot + width)
    slots = (ctypes.c_char * (size * max(count, 1)))()
    slots._llcc_keep = keep
    for slot, kind, value in placed:
        if isinstance(kind, dict):
            is_int = isinstance(value, int)
            ctype(kind["tag"]).from_buffer(slots, slot * size).value = \
                kind["int"] if is_int else kind["float"]
            value_type = layout["int"] if is_int else layout["float"]
            ctype(value_type).from_buffer(slots, (slot + 1) * size).value = value
        else:
            ctype(kind).from_buffer(slots, slot * size).value = value
    return slots


def missing_message(name, missing):
    """CPython's TypeError text for a call without required arguments."""
    quoted = [repr(m) for m in missing]
    if len(quoted) == 1:
        listed = quoted[0]
    elif len(quoted) == 2:
        listed = f"{quoted[0]} and {quoted[1]}"
    else:
        listed = ", ".join(quoted[:-1]) + f", and {quoted[-1]}"
    plural = "s" if len(missing) > 1 else ""
    return f"{name}() missing {len(missing)} required positional argument{plural}: {listed}"


# --------------------------------------------------------------------------
# Callback
# --------------------------------------------------------------------------

class Callback(scipy.LowLevelCallable):
    """One exported function of an llcc library, as a ``scipy.LowLevelCallable``.

    Pass it to the SciPy routine of its kind (``generic_filter``,
    ``generic_filter1d``, ``geometric_transform``, ``quad``). ``bind(**values)``
    returns a new callable with other values for the user_data parameters.
    Callables pickle (the shared object travels with them), so they work with
    multiprocessing and dask.

    It is deliberately *not* callable from Python: SciPy treats any callable
    object as a Python callback. Use ``py_func`` (for decorated functions).
    """

    def __new__(cls, library, entry, values=None):
        name = entry["name"]
        try:
            function = library._cdll[name]
        except AttributeError:
            raise LoadError(f"{library.path!r}: the manifest lists {name!r} but the library "
                            f"does not export it") from None
        signature = entry.get("signature")
        if not signature:
            raise LoadError(f"{library.path!r}: the manifest gives no signature for {name!r}")
        params = entry.get("params") or []
        buffer = None
        user_data = None
        if values is not None and params:
            buffer = _pack(params, values, library_abi(library)["user_data"])
            user_data = ctypes.c_void_p(ctypes.addressof(buffer))
        self = super().__new__(cls, function, user_data, signature)
        self.library = library
        self.name = name
        self.kind = entry.get("kind")
        self.entry = entry
        self.py_func = None
        self._values = dict(values) if values is not None else None
        self._buffer = buffer  # keeps the user_data memory alive
        return self

    @property
    def params(self):
        """The user_data parameters' current values, by name (defaults unless bound)."""
        values = {p["name"]: tuple(p["default"]) if p.get("type") == "tuple" else p.get("default")
                  for p in self.entry.get("params") or []}
        if self._values:
            values.update(self._values)
        return values

    @property
    def source(self):
        """The llcc program this callable was compiled from (for a decorated
        function, the program the decorator wrote)."""
        return self.__dict__.get("_source") or self.library.source

    @source.setter
    def source(self, text):
        self.__dict__["_source"] = text

    @property
    def missing(self):
        """Names of the parameters without a default that have no value yet
        (bind them before use)."""
        return [p["name"] for p in self.entry.get("params") or []
                if p.get("required") and (self._values or {}).get(p["name"]) is None]

    def check_bound(self):
        """Raises CPython's TypeError for missing arguments, with the fix,
        when parameters without defaults are unbound."""
        missing = self.missing
        if missing:
            hint = ", ".join(f"{m}=..." for m in missing)
            raise TypeError(f"{missing_message(self.name, missing)} (bind them: "
                            f"{self.name}.bind({hint}))")

    @property
    def bound(self):
        """True for a callable made by :meth:`bind` (user_data packed), False for the defaults (NULL)."""
        return self._values is not None

    def bind(self, **values):
        """A new callable with these parameter values (the others keep their current values)."""
        params = self.entry.get("params") or []
        known = {p["name"]: p for p in params}
        unknown = [name for name in values if name not in known]
        if unknown:
            if known:
                valid = ", ".join(f"{p['name']} ({p.get('type')}, "
                                  + ("required" if p.get("required")
                                     else f"default {p.get('default')!r}") + ")"
                                  for p in params)
                raise TypeError(f"{self.name}() has no parameter{'s' if len(unknown) > 1 else ''} "
                                f"{', '.join(map(repr, unknown))}; its parameters are: {valid}")
            raise TypeError(f"{self.name}() has no parameters to bind "
                            f"(got {', '.join(map(repr, unknown))})")
        merged = self.params
        for name, value in values.items():
            merged[name] = _check_value(self.name, known[name], value)
        missing = [p["name"] for p in params
                   if merged.get(p["name"]) is None and not p.get("nullable")]
        if missing:
            raise TypeError(missing_message(self.name, missing) +
                            f" (bind gives a value to every parameter without a default)")
        callback = Callback(self.library, self.entry, merged)
        callback.py_func = self.py_func
        callback.__dict__.update({k: v for k, v in self.__dict__.items()
                                  if k not in callback.__dict__})
        return callback

    def __repr__(self):
        params = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return (f"<llcc.Callback {self.name}({params}) kind={self.kind} "
                f"signature={self.signature!r} from {self.library.path!r}>")

    def __reduce__(self):
        library = self.library
        return (_restore_callback, (library._data, library.sha256, library._manifest_sha256,
                                    library.path, self.name, self._values))


def _restore_callback(data, digest, manifest_digest, origin, name, values):
    library = _restore_library(data, digest, manifest_digest, origin)
    callback = library[name]
    if values is not None:
        callback = callback.bind(**values)
    return callback

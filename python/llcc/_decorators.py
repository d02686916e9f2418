"""Decorators that compile a Python function with llcc."""
import ast
import dis
import functools
import inspect
import math
import numbers
import os
import textwrap
import types

import numpy as np

from ._abi import compiler_abi
from ._errors import CaptureError
from ._library import Callback

__all__ = ["filter", "filter1d", "transform", "integrand", "source_of",
           "jit_filter_function", "jit_filter1d_function", "jit_geometric_function"]

_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1


# --------------------------------------------------------------------------
# Building the llcc program for a function
# --------------------------------------------------------------------------

def _global_names(code):
    """Global names the code object (and the ones nested in it) loads."""
    names = []
    for instruction in dis.get_instructions(code):
        if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME") and instruction.argval not in names:
            names.append(instruction.argval)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names.extend(n for n in _global_names(const) if n not in names)
    return names


def _function_source(function, new_name=None):
    """(source text of `function`'s def without decorators, its ast.FunctionDef)."""
    what = f"{function.__qualname__}()"
    try:
        raw = inspect.getsource(function)
    except (OSError, TypeError) as exc:
        raise CaptureError(f"cannot compile {what}: its source code is not available "
                           f"({exc}); define it in a .py file or a notebook cell, or pass "
                           f"the program text to llcc.compile(text)") from None
    indent = len(raw) - len(raw.lstrip(" \t"))
    text = textwrap.dedent(raw)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        raise CaptureError(f"cannot compile {what}: llcc needs a function defined with "
                           f"'def' (not a lambda)") from None
    if not tree.body or not isinstance(tree.body[0], ast.FunctionDef) \
            or function.__code__.co_name == "<lambda>":
        raise CaptureError(f"cannot compile {what}: llcc needs a function defined with "
                           f"'def' (not a lambda or async def)")
    node = tree.body[0]
    if function.__code__.co_freevars:
        raise CaptureError(f"cannot compile {what}: it uses variables of an enclosing "
                           f"function ({', '.join(function.__code__.co_freevars)}); use "
                           f"module-level constants or parameters with defaults instead")
    lines = text.splitlines()[node.lineno - 1:node.end_lineno]
    if new_name and new_name != node.name:
        first = lines[0]
        at = first.index("def ") + 4
        assert first[at:at + len(node.name)] == node.name
        lines[0] = first[:at] + new_name + first[at + len(node.name):]
    return "\n".join(lines) + "\n", node, indent


def _constant_literal(name, value):
    if isinstance(value, (bool, np.bool_)):
        return "True" if value else "False"
    if isinstance(value, numbers.Integral):
        value = int(value)
        if not _INT64_MIN <= value <= _INT64_MAX:
            raise CaptureError(f"constant {name} = {value} does not fit llcc's 64-bit int")
        return repr(value)
    value = float(value)
    if math.isnan(value):
        return "1e999 - 1e999"   # nan: llcc and CPython both evaluate inf - inf
    if math.isinf(value):
        return "1e999" if value > 0 else "-1e999"
    return repr(value)


# Standard-library modules llcc compiles calls of (docs/language.md): a
# module captured by name, or a class or function taken from one
# (`from collections import deque`), is imported in the generated program.
_STANDARD_MODULES = ("collections", "heapq", "bisect", "statistics", "itertools", "functools")
# Where a member's __module__ differs from the module users import it from.
_MODULE_ALIASES = {"_heapq": "heapq", "_bisect": "bisect", "_collections": "collections",
                   "_functools": "functools"}


def _standard_member(value):
    """(module, name) when `value` is a class or function of one of the
    standard modules llcc knows, else None."""
    module = getattr(value, "__module__", None)
    module = _MODULE_ALIASES.get(module, module)
    real = getattr(value, "__name__", None)
    if module not in _STANDARD_MODULES or not isinstance(real, str):
        return None
    import importlib
    try:
        owner = importlib.import_module(module)
    except ImportError:
        return None
    return (module, real) if getattr(owner, real, None) is value else None


def _is_number(value):
    return isinstance(value, (bool, np.bool_, numbers.Integral, float, np.floating)) \
        and not isinstance(value, np.complexfloating)


def _sequence_literal(name, value):
    """A tuple or list of numbers (nested) as llcc source: WEIGHTS = (1, 2, 1)."""
    items = []
    for item in value:
        if isinstance(item, (tuple, list)):
            items.append(_sequence_literal(name, item))
        elif _is_number(item):
            items.append(_constant_literal(name, item))
        else:
            raise CaptureError(f"constant {name} holds a {type(item).__qualname__}; llcc "
                               f"captures tuples and lists of numbers (or of such tuples)")
    if isinstance(value, tuple):
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    return "[" + ", ".join(items) + "]"


# numpy dtypes an ndarray constant keeps exactly, and how llcc writes them.
_ARRAY_DTYPES = {np.dtype(np.float64): "", np.dtype(np.int64): "",
                 np.dtype(np.bool_): ""}


def _array_literal(name, value, numpy_name):
    """A 1-D or 2-D float64, int64 or bool ndarray as np.array([...]) (numpy
    infers the same dtype from the literal values)."""
    if value.ndim not in (1, 2) or (value.ndim == 2 and 0 in value.shape):
        raise CaptureError(f"constant {name} is a {value.ndim}-D array of shape "
                           f"{value.shape}; llcc captures 1-D and (non-empty) 2-D arrays")
    if value.dtype not in _ARRAY_DTYPES:
        raise CaptureError(f"constant {name} is an array of {value.dtype}; llcc captures "
                           f"float64, int64 and bool arrays (use {name}.astype(np.float64))")
    def row(items):
        return ", ".join(_constant_literal(name, item) for item in items)
    if value.ndim == 2:
        items = ", ".join(f"[{row(r)}]" for r in value.tolist())
    else:
        items = row(value.tolist())
    dtype = ", dtype=float" if value.dtype == np.float64 and value.size == 0 else ""
    return f"{numpy_name}.array([{items}]{dtype})"


def _same_value(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
                and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True))
    return type(a) is type(b) and a == b


_trees = {}


def _module_tree(filename):
    """The parsed source of a module file (cached by name and mtime), or
    None when it cannot be read."""
    try:
        stamp = os.stat(filename).st_mtime_ns
        cached = _trees.get(filename)
        if cached and cached[0] == stamp:
            return cached[1], cached[2]
        with open(filename, encoding="utf-8") as handle:
            text = handle.read()
        tree = ast.parse(text)
    except (OSError, SyntaxError, ValueError):
        return None
    _trees[filename] = (stamp, text, tree)
    return text, tree


class _Later:
    """A helper function defined further down the module than the decorated
    function: not executed yet when the decorator runs, so it is taken from
    the module's source, as Python would find it when the function runs."""

    def __init__(self, name, filename, node, text):
        self.__name__ = self.__qualname__ = name
        self.__code__ = types.SimpleNamespace(co_filename=filename, co_firstlineno=node.lineno)
        self.node = node
        self.text = text


class _Program:
    """Collects what a function refers to, then writes the llcc program."""

    def __init__(self, main, kind):
        self.main = main
        self.kind = kind
        self.imports = []     # lines
        self.constants = []   # lines
        self.helpers = []     # (function, indented?, source text)
        self.bound = {}       # name -> object it stands for
        self.visited = set()  # ids of functions already included
        self.def_lines = {}   # id(function) -> line of its `def` in its file
        self.main_indented = False

    def claim(self, name, value, origin):
        if name in self.bound:
            previous = self.bound[name]
            same = previous is value or (
                not isinstance(value, (types.FunctionType, types.ModuleType))
                and _same_value(previous, value))
            if not same:
                raise CaptureError(f"cannot compile {self.main.__qualname__}(): the name "
                                   f"{name!r} means different things in {origin} and "
                                   f"elsewhere; rename one of them")
            return False
        self.bound[name] = value
        return True

    def add_function(self, function, name, is_main=False):
        if _original(function) is not None:
            function = _original(function)
        source, node, indent = _function_source(function, None if is_main else name)
        self.def_lines[id(function)] = function.__code__.co_firstlineno + node.lineno - 1
        if is_main:
            self.main_indented = bool(indent)
        else:
            self.helpers.append((function, bool(indent), source))
        names = _global_names(function.__code__)
        for default in list(node.args.defaults) + [d for d in node.args.kw_defaults if d]:
            for sub in ast.walk(default):
                if isinstance(sub, ast.Name) and sub.id not in names:
                    names.append(sub.id)
        for global_name in names:
            self.resolve(global_name, function)
        return source

    def resolve(self, name, function):
        namespace = function.__globals__
        origin = f"{function.__qualname__}()"
        if name not in namespace:
            # A builtin, a name defined further down the module, or
            # undefined: llcc reports what it cannot compile.
            self.resolve_later(name, function)
            return
        value = namespace[name]
        if value is self.main and name == self.main.__name__:
            return  # recursion: llcc says it is not supported
        if isinstance(value, types.ModuleType):
            module = value.__name__
            if module == "llcc":
                return
            if module not in _STANDARD_MODULES and module not in ("numpy", "math"):
                raise CaptureError(f"cannot compile {origin}: it uses module {module!r} "
                                   f"(as {name!r}); llcc knows numpy, math and "
                                   f"{', '.join(sorted(_STANDARD_MODULES))}")
            if self.claim(name, value, origin):
                self.imports.append(f"import {module}" if name == module
                                    else f"import {module} as {name}")
            return
        # A decorated function is a Callback, which is a tuple (a
        # LowLevelCallable): test for it before tuples of numbers.
        if _original(value) is not None:
            value = _original(value)
        if _is_number(value):
            if self.claim(name, value, origin):
                self.constants.append(f"{name} = {_constant_literal(name, value)}")
            return
        if isinstance(value, (tuple, list)):
            if self.claim(name, value, origin):
                self.constants.append(f"{name} = {_sequence_literal(name, value)}")
            return
        if isinstance(value, np.ndarray):
            if self.claim(name, value, origin):
                if "import numpy as _llcc_numpy" not in self.imports:
                    self.imports.append("import numpy as _llcc_numpy")
                self.constants.append(
                    f"{name} = {_array_literal(name, value, '_llcc_numpy')}")
            return
        standard = _standard_member(value)
        if standard is not None:
            if self.claim(name, value, origin):
                module, real = standard
                self.imports.append(f"from {module} import {real}" if real == name
                                    else f"from {module} import {real} as {name}")
            return
        if isinstance(value, types.FunctionType):
            if id(value) in self.visited and name in self.bound:
                return
            if self.claim(name, value, origin):
                self.visited.add(id(value))
                self.add_function(value, name)
            return
        if isinstance(value, types.BuiltinFunctionType) and \
                getattr(math, getattr(value, "__name__", ""), None) is value:
            if self.claim(name, value, origin):
                real = value.__name__
                self.imports.append(f"from math import {real}" if real == name
                                    else f"from math import {real} as {name}")
            return
        hint = ""
        module = str(getattr(value, "__module__", None) or "")
        if isinstance(value, np.ufunc) or (callable(value) and module.startswith("numpy")):
            hint = f" (write np.{getattr(value, '__name__', 'NAME')} with 'import numpy as np')"
        if isinstance(value, type):
            what = "a class"
        else:
            kind = type(value)
            what = "a " + (kind.__qualname__ if kind.__module__ == "builtins"
                           else f"{kind.__module__}.{kind.__qualname__}")
        raise CaptureError(
            f"cannot compile {origin}: the global name {name!r} is {what}; llcc can capture "
            f"plain Python functions, int/float/bool constants, tuples, lists and 1-D "
            f"arrays of numbers, and the numpy and math "
            f"modules{hint}")

    def resolve_later(self, name, function):
        """`name` bound further down the module of `function` (a helper or a
        constant defined after the decorated function): the module's last
        top-level binding of it, from the source, as Python resolves a
        global when the function runs."""
        filename = function.__code__.co_filename
        parsed = _module_tree(filename)
        if parsed is None:
            return
        text, tree = parsed
        found = None
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == name:
                found = node
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                    isinstance(node.targets[0], ast.Name) and node.targets[0].id == name:
                found = node
        if found is None:
            return
        origin = f"{function.__qualname__}()"
        if isinstance(found, ast.Assign):
            try:
                value = ast.literal_eval(found.value)
            except ValueError:
                return  # not a literal: llcc reports the name as undefined
            if isinstance(value, (bool, int, float)) and self.claim(name, value, origin):
                self.constants.append(f"{name} = {_constant_literal(name, value)}")
            elif isinstance(value, (tuple, list)) and self.claim(name, value, origin):
                self.constants.append(f"{name} = {_sequence_literal(name, value)}")
            return
        later = _Later(name, filename, found, text)
        if not self.claim(name, ("later", filename, found.lineno), origin):
            return
        lines = text.splitlines()[found.lineno - 1:found.end_lineno]
        source = "\n".join(lines) + "\n"
        self.def_lines[id(later)] = found.lineno
        self.helpers.append((later, False, source))
        self.visited.add(id(later))
        names = []
        for sub in ast.walk(found):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load) and sub.id not in names:
                names.append(sub.id)
        local = {arg.arg for arg in ast.walk(found.args) if isinstance(arg, ast.arg)}
        local |= {sub.id for sub in ast.walk(found)
                  if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store)}
        for global_name in names:
            if global_name not in local and global_name not in self.bound:
                self.resolve(global_name, function)

    def text(self):
        """The program text, and the file name its messages should cite."""
        self.bound[self.main.__name__] = self.main
        main_source = self.add_function(self.main, self.main.__name__, is_main=True)
        code = self.main.__code__
        header = [f"# Generated by llcc.{self.kind} from {self.main.__qualname__} "
                  f"({code.co_filename}:{code.co_firstlineno}).", "import llcc"]
        header += self.imports
        header += self.constants
        decorator = f"@llcc.{self.kind}"
        aligned = self._aligned(header, decorator, main_source)
        if aligned is not None:
            return aligned, os.path.basename(code.co_filename)
        parts = ["\n".join(header[:2 + len(self.imports)]) + "\n"]
        if self.constants:
            parts.append("\n" + "\n".join(self.constants) + "\n")
        for _, _, source in self.helpers:
            parts.append("\n\n" + source)
        parts.append(f"\n\n{decorator}\n{main_source}")
        return "".join(parts), f"{self.main.__name__}.flt"

    def _aligned(self, header, decorator, main_source):
        """The program with every function on its own line of its .py file, so
        that diagnostics and runtime errors cite the user's file and lines; None
        when that is not possible (functions from several files, indented
        functions, or no room for the header)."""
        filename = self.main.__code__.co_filename
        if not filename.endswith(".py") or os.path.basename(filename).startswith("-"):
            return None
        items = [(self._def_line(self.main), [decorator] + main_source.splitlines())]
        for function, indented, source in self.helpers:
            if function.__code__.co_filename != filename or indented:
                return None
            items.append((self._def_line(function), source.splitlines()))
        if self.main_indented:
            return None
        lines = list(header)
        for def_line, text in sorted(items):
            start = def_line - (1 if text[0] == decorator else 0)
            if start <= len(lines) + 1:   # leave at least one blank line
                return None
            lines.extend([""] * (start - 1 - len(lines)))
            lines.extend(text)
        return "\n".join(lines) + "\n"

    def _def_line(self, function):
        return self.def_lines[id(function)]


def _program(function, kind):
    """(the Python function, its llcc program text, the file name to compile it as)."""
    kinds = compiler_abi()["kinds"]
    if kind not in kinds:
        raise ValueError(f"kind must be one of {', '.join(kinds)}, not {kind!r}")
    if _original(function) is not None:
        function = _original(function)
    if not isinstance(function, types.FunctionType):
        raise TypeError(f"llcc.{kind} needs a Python function, not {type(function).__name__}")
    source, filename = _Program(function, kind).text()
    return function, source, filename


def source_of(function, kind="filter"):
    """The llcc program a decorator would compile for `function` (for debugging)."""
    return _program(function, kind)[1]


# --------------------------------------------------------------------------
# The decorators
# --------------------------------------------------------------------------

def _jit(function, kind, options):
    from ._compile import compile as compile_source
    function, source, filename = _program(function, kind)
    library = compile_source(source, filename=filename, **options)
    callback = library[function.__name__]
    if callback.kind not in (None, kind):
        raise CaptureError(f"llcc compiled {function.__qualname__}() as a {callback.kind}, "
                           f"not a {kind}")
    callback = _copy(callback)
    callback.py_func = _python_twin(function)
    callback.source = source
    callback.__wrapped__ = function
    callback.__name__ = function.__name__
    callback.__qualname__ = function.__qualname__
    callback.__doc__ = function.__doc__
    callback.__module__ = function.__module__
    return callback


def _original(value):
    """The user's own function behind a decorated one (a Callback with a
    Python version), else None."""
    if not isinstance(value, Callback) or getattr(value, "py_func", None) is None:
        return None
    return getattr(value, "__wrapped__", None) or getattr(value.py_func, "__wrapped__", None) \
        or value.py_func


class _TwinGlobals(dict):
    """The globals a `py_func` runs with: the module's own namespace, read
    live (a name bound or rebound later is seen, as the original function
    sees it), except that a decorated function reads as its `py_func`. A
    Callback cannot itself be callable (SciPy treats every callable object
    as a Python callback and would never run the native code), so without
    this a decorated function that calls another one would fail under
    CPython with "'Callback' object is not callable". CPython looks globals
    up through __getitem__ when the globals are not exactly a dict."""

    def __init__(self, module_globals):
        super().__init__(__builtins__=module_globals.get("__builtins__", __builtins__))
        self._module = module_globals

    def __getitem__(self, name):
        value = self._module[name]
        if isinstance(value, Callback) and getattr(value, "py_func", None) is not None:
            return value.py_func
        return value

    def __contains__(self, name):
        return name in self._module

    def get(self, name, default=None):
        return self[name] if name in self._module else default


def _python_twin(function):
    """`function` as CPython runs it, its calls to other decorated functions
    going to their Python versions: the oracle that `py_func` gives."""
    twin = types.FunctionType(function.__code__, _TwinGlobals(function.__globals__),
                              function.__name__, function.__defaults__,
                              function.__closure__)
    twin.__kwdefaults__ = function.__kwdefaults__
    twin.__dict__.update(function.__dict__)
    functools.update_wrapper(twin, function)
    return twin


def _copy(callback):
    """A fresh Callback (the library's own one is shared by every user)."""
    return Callback(callback.library, callback.entry)


def _decorator(kind, doc):
    def decorator(function=None, /, **options):
        if function is None:
            return lambda f: _jit(f, kind, options)
        if not callable(function):
            raise TypeError(f"llcc.{kind} decorates a function; pass options as keywords "
                            f"(@llcc.{kind}(opt_level=3))")
        return _jit(function, kind, options)
    decorator.__name__ = decorator.__qualname__ = kind
    decorator.__doc__ = doc
    return decorator


filter = _decorator("filter", """Compile a Python function into a ``generic_filter`` callback.

``@llcc.filter`` or ``@llcc.filter(opt_level=3, cpu="generic")`` over
``def f(values, param=default, ...)`` returning a number; returns a
:class:`llcc.Callback` (a ``scipy.LowLevelCallable``) with ``py_func``.
""")  # noqa: A001
filter1d = _decorator("filter1d", """Compile ``def f(iline, oline, ...)`` (writes ``oline``) into a
``generic_filter1d`` callback.""")
transform = _decorator("transform", """Compile a ``geometric_transform`` mapping: ``def f(output_coords)``
returning a tuple of input coordinates, or ``def f(output_coords, input_coords)``
writing ``input_coords``.""")
integrand = _decorator("integrand", """Compile ``def f(x, a, b, ...)`` into a ``quad`` integrand
(the signature ``llcc.SIGNATURES["integrand"]``); ``quad(f, lo, hi, args=(a, b))``.""")


def jit_filter_function(filter_function):
    """Drop-in for llc-tools' ``jit_filter_function``: ``f(values)`` returns a
    number; the result is a LowLevelCallable for ``generic_filter``."""
    return _jit(filter_function, "filter", {})


def jit_filter1d_function(filter_function):
    """Drop-in for llc-tools' ``jit_filter1d_function``: ``f(in_values,
    out_values)`` writes ``out_values``; for ``generic_filter1d``."""
    return _jit(filter_function, "filter1d", {})


def jit_geometric_function(geometric_function):
    """Drop-in for llc-tools' ``jit_geometric_function``: ``f(output_coords,
    input_coords)`` writes ``input_coords``; for ``geometric_transform``."""
    return _jit(geometric_function, "transform", {})

#!/usr/bin/env python3
"""gen.py - random well-typed llcc filter programs for differential testing.

``generate(seed)`` returns the source of one program: imports, module
constants, zero to three helpers (typed parameters, some with defaults,
called positionally and by keyword) and one exported ``generic_filter``
callback ``f(values, ...)`` whose extra parameters all have defaults. Bodies
mix assignments (new and existing variables, augmented and tuple
assignments), ``if``/``elif``/``else``, ``for`` over the buffer and over
``range`` with any step, bounded ``while`` loops, ``break``/``continue``,
loop ``else`` clauses and early returns, and conditional ``raise`` of builtin
exception classes and ``assert`` with f-string messages formatting ints, floats
and bools with format specs (run.py compares their messages exactly); tuples: module-level tuple
constants (flat and of pairs) indexed with constants and run-time indices,
``len``/``sum``/``min``/``max`` of them, ``==``/``!=`` of tuples of ints, lists of tuples (``sorted([(e, i) for i, v in
enumerate(values)])``, min/max with and without ``key=``, generators of tuples),
``enumerate``/``zip``/``range`` passed as values to ``max``/``min``/``sorted``/``sum``/``len``
(``max(enumerate(values), key=lambda p: p[1])[0]``, ``sorted(zip(values, range(n)))``),
``sorted`` (values, ``key=``, tuples, ``reverse=``) of lists of 64 or more values built from
the window with NaN in some places (CPython's timsort merges there),
conditional expressions choosing tuples, loops over tuples and over
``enumerate``/``zip``/``reversed``, unpacking, tuple locals, and helpers
returning a pair that callers unpack, and filters returning a pair (two
outputs per window, which run.py compares member by member); 2-D views of the
buffer (``values.reshape(3, 3)``, ``(-1, 3)``, ``.T``) indexed, sliced, reduced
along axes, joined with ``np.concatenate(..., axis=)`` and differentiated with
``np.gradient`` (``gy, gx = np.gradient(w)`` and one ``axis=``). Expressions cover the language's
operators (``//``, ``%`` and ``**`` with negative operands, chained
comparisons, ``and``/``or`` returning operands, the ternary), the builtins
and the ``math``/``np`` functions, and are printed with the fewest
parentheses Python's precedence allows (plus a few redundant ones), so the
parser's precedence is tested too.

Every program is valid Python and type-checks in llcc by construction:
the generator tracks the type (bool, int, float) of each expression and the
set of variables that are certainly assigned. "Float" there means "a float
or an int where Python allows either": float variables, helper parameters
and early returns sometimes get ints, and min/max/ternary/and/or mix them,
so values whose kind is decided at run time are exercised. It avoids what the language
documents as differences from CPython only where that is cheap (bool
arithmetic, which numpy's ``bool_`` does differently, is never generated;
np.abs, np.minimum and np.maximum, which return numpy integers for ints,
get float arguments);
run.py classifies the rest (see its docstring).

Usage: gen.py SEED  (prints the program for SEED)
"""
import os
import random
import re
import sys

INT, FLOAT, BOOL = "int", "float", "bool"

# How often an int or float expression is arithmetic on comparison results
# (Generator.bool_arith); LLCC_DIFFTEST_BOOL_ARITH raises it for a focused run.
BOOL_ARITH = float(os.environ.get("LLCC_DIFFTEST_BOOL_ARITH", "0.03"))
# isinstance(x, T) in bool_expr (Generator.isinstance_expr); raised by
# LLCC_DIFFTEST_ISINSTANCE for a focused run.
ISINSTANCE = float(os.environ.get("LLCC_DIFFTEST_ISINSTANCE", "0.1"))
# A float helper argument that is a window element, as a numpy or a Python
# float (Generator.helper_kind_arg); LLCC_DIFFTEST_HELPER_KINDS raises it.
HELPER_KINDS = float(os.environ.get("LLCC_DIFFTEST_HELPER_KINDS", "0.15"))
# Generator.lang_stmt at the start of any statement, for a focused run
# (LLCC_DIFFTEST_LANG=0.2); 0 leaves the random stream as it was.
LANG_FOCUS = float(os.environ.get("LLCC_DIFFTEST_LANG", "0"))
# Probability of a module-level constant container (const_container); a
# focused run raises it (LLCC_DIFFTEST_CONTAINERS=1).
CONTAINER_FOCUS = float(os.environ.get("LLCC_DIFFTEST_CONTAINERS", "0.12"))
# How often a float is statistics.mean/variance/stdev & co. (CPython's exact
# fractions, Generator.statistics_exact); LLCC_DIFFTEST_STATS_EXACT raises it.
STATS_EXACT = float(os.environ.get("LLCC_DIFFTEST_STATS_EXACT", "0.01"))
# How often a float is a scipy.stats summary or a scipy.special function
# (Generator.scipy_lib); LLCC_DIFFTEST_SCIPY raises it for a focused run.
SCIPY_LIB = float(os.environ.get("LLCC_DIFFTEST_SCIPY", "0.006"))
# How often a float is one of scipy.special's cephes functions (erf, erfc,
# ndtr, gamma, gammaln, xlog1py, ndtri, erfcinv and the Bessel functions:
# Generator.special_cephes), for a focused
# run (LLCC_DIFFTEST_SPECIAL=0.3); 0 draws nothing, leaving the random
# stream as it was.
SPECIAL_FOCUS = float(os.environ.get("LLCC_DIFFTEST_SPECIAL", "0"))
# Generator.ufuncmeth_stmt (np.logaddexp.reduce(a), ...) or numpymore_stmt
# (np.argwhere, np.average(returned=True), np.corrcoef, np.tile) at the start of any
# statement, for a focused run (LLCC_DIFFTEST_UFUNCMETH=0.2); 0 leaves the
# random stream as it was.
UFUNCMETH_FOCUS = float(os.environ.get("LLCC_DIFFTEST_UFUNCMETH", "0"))
# Slices and axis= reductions of run-time blocks (Generator.rtblock_stmt),
# among the rarer statements; LLCC_DIFFTEST_RTBLOCK_FOCUS=0.2 puts them at the
# start of any statement for a focused run (0 leaves the random stream as it was).
RTBLOCK = 0.05
RTBLOCK_FOCUS = float(os.environ.get("LLCC_DIFFTEST_RTBLOCK_FOCUS", "0"))
# LLCC_DIFFTEST_NPEXTRA=0.3: np.histogram of edges, np.select of named lists, np.outer.
NPEXTRA_FOCUS = float(os.environ.get("LLCC_DIFFTEST_NPEXTRA", "0"))
# LLCC_DIFFTEST_ARRAYS=0.3: Generator.arrays_stmt (conditional expressions
# choosing 2-D arrays, ...) at the start of any statement; 0 leaves the
# random stream as it was.
ARRAYS_FOCUS = float(os.environ.get("LLCC_DIFFTEST_ARRAYS", "0"))
# LLCC_DIFFTEST_INTBITS=0.3: Generator.intbits_stmt (bitwise ufuncs and shifts
# of int arrays) at the start of any statement; 0 leaves the stream as it was.
INTBITS_FOCUS = float(os.environ.get("LLCC_DIFFTEST_INTBITS", "0"))
# Chance of a statement that deletes list elements and slices, or walks a
# list while changing its length (listdel_stmt).
LISTDEL_FOCUS = float(os.environ.get("LLCC_DIFFTEST_LISTDEL", "0"))
# Chance of a heapq/bisect statement (heapq_stmt, heaps of tuples among
# them) at the start of any statement; 0 leaves the stream as it was.
HEAPQ_FOCUS = float(os.environ.get("LLCC_DIFFTEST_HEAPQ", "0"))
# Generator.dictlist_stmt (dicts of lists) or listlist_stmt (lists of lists,
# loops over tuples of arrays, x, = seq) at the start of any statement,
# for a focused run (LLCC_DIFFTEST_DICTLIST=0.2); 0 leaves the stream as it was.
DICTLIST_FOCUS = float(os.environ.get("LLCC_DIFFTEST_DICTLIST", "0"))
# LLCC_DIFFTEST_NONEARG=0.3: Generator.nonearg_stmt (a variable that may hold
# None passed to np.clip, np.nan_to_num's posinf/neginf, min/max default=);
# 0 leaves the stream as it was.
NONEARG_FOCUS = float(os.environ.get("LLCC_DIFFTEST_NONEARG", "0"))
# LLCC_DIFFTEST_NONEREPL=0.5: the filter gets a parameter whose default is
# None that its body replaces with an array, a list, a dict or a set
# (Generator.nonerepl_prologue); 0 leaves the stream as it was.
NONEREPL_FOCUS = float(os.environ.get("LLCC_DIFFTEST_NONEREPL", "0"))
# LLCC_DIFFTEST_MODCOMP=0.9: module-level constants built by comprehensions
# (Generator.modcomp_constants: lookup tables, Gaussian weights, 2-D kernels
# and masks, filters, enumerate/zip/reversed of constants), read by the
# filter as the other tuples and arrays; 0 leaves the stream as it was.
MODCOMP_FOCUS = float(os.environ.get("LLCC_DIFFTEST_MODCOMP", "0"))
# LLCC_DIFFTEST_MODCONST=0.9: module-level constants finished the numpy way
# (Generator.modconst_constants: stores `K[1, :] = 0`, `W[W < t] = 0.0`,
# `K[::2] *= 2` after the definition, sum/min/max/len of constants, .std(),
# .var(), .astype(), np.outer of lists, list repetition and concatenation),
# read by the filter as the other constants; 0 leaves the stream as it was.
MODCONST_FOCUS = float(os.environ.get("LLCC_DIFFTEST_MODCONST", "0"))
# LLCC_DIFFTEST_ELLIPSIS=0.5: subscripts of 2-D views write one of their
# full slices as numpy's `...` (w[..., 1:], w[::-1, ...]); default 0 leaves
# the stream unchanged.
ELLIPSIS_FOCUS = float(os.environ.get("LLCC_DIFFTEST_ELLIPSIS", "0"))
# LLCC_DIFFTEST_REVFLAG=0.5: sorted(..., reverse=) and list.sort(reverse=)
# take a flag computed at run time (a numpy bool, an int); default 0.
REVFLAG_FOCUS = float(os.environ.get("LLCC_DIFFTEST_REVFLAG", "0"))
# LLCC_DIFFTEST_GRADIENT=0.5: np.gradient takes a step and edge_order=2
# (1-D and along an axis of a 2-D view); default 0.
GRADIENT_FOCUS = float(os.environ.get("LLCC_DIFFTEST_GRADIENT", "0"))
# LLCC_DIFFTEST_BLOCKWRITE=0.4: rows, columns and blocks of 2-D and 3-D
# arrays written whole (Generator.blockwrite_stmt): broadcasting, in-place
# forms, overlapping copies, shapes numpy refuses.
BLOCKWRITE_FOCUS = float(os.environ.get("LLCC_DIFFTEST_BLOCKWRITE", "0"))
# LLCC_DIFFTEST_REBIND=0.3: a name bound again at the function's top level
# to another kind of value (Generator.rebind_stmt; SemaVersions.cpp), or to
# the same kind reading the old value, tuples included (one slot in the
# generated code: codegen/SlotSharing.cpp).
REBIND_FOCUS = float(os.environ.get("LLCC_DIFFTEST_REBIND", "0"))
# numpy ints divided by zero, masks times ints, histogram counts
# (Generator.numpy_int_ratio); LLCC_DIFFTEST_NUMPY_INTS raises it.
NUMPY_INTS = float(os.environ.get("LLCC_DIFFTEST_NUMPY_INTS", "0.004"))
# Python idioms (Generator.pyidioms_int: bit counting); LLCC_DIFFTEST_PYIDIOMS
# raises it for a focused run.
PYIDIOMS = float(os.environ.get("LLCC_DIFFTEST_PYIDIOMS", "0.01"))
# Generator.fold_stmt (functools.reduce, itertools.accumulate) at the start
# of any statement, for a focused run (LLCC_DIFFTEST_FOLDS=0.15); 0 leaves
# the random stream as it was (fold_stmt is otherwise one of itertools_stmt's
# forms).
FOLDS_FOCUS = float(os.environ.get("LLCC_DIFFTEST_FOLDS", "0"))
# Generator.operator_stmt (the operator module, itemgetter and library
# functions as keys) at the start of any statement, for a focused run
# (LLCC_DIFFTEST_OPERATOR=0.15); 0 leaves the random stream as it was
# (operator_stmt is otherwise one of fold_stmt's forms).
OPERATOR_FOCUS = float(os.environ.get("LLCC_DIFFTEST_OPERATOR", "0"))
# Generator.truth_stmt (lists, dicts and sets as and/or operands in
# conditions: the monotone stack; with the focus also `ys = xs or [...]`
# as a value) at the start of any statement, for a focused run
# (LLCC_DIFFTEST_TRUTH=0.15); 0 leaves the random stream as it was
# (truth_stmt is otherwise one of operator_stmt's draws).
TRUTH_FOCUS = float(os.environ.get("LLCC_DIFFTEST_TRUTH", "0"))

# str.format() messages ("{} of {:.3f}".format(k, x), Generator.format_message)
# in a raise or assert at the start of any statement, for a focused run
# (LLCC_DIFFTEST_STRFORMAT=0.2); 0 leaves the random stream as it was.
STRFORMAT_FOCUS = float(os.environ.get("LLCC_DIFFTEST_STRFORMAT", "0"))
# Generator.strdict_stmt (local dicts and sets keyed by str literals: named
# tallies, weights, class counts) at the start of any statement, for a
# focused run (LLCC_DIFFTEST_STRDICT=0.3); 0 leaves the random stream as it was.
STRDICT_FOCUS = float(os.environ.get("LLCC_DIFFTEST_STRDICT", "0"))
# gen_byref.byref_stmt (sets, dicts and lists of tuples passed to and
# returned from helpers) at the start of any statement, for a focused run
# (LLCC_DIFFTEST_BYREF=0.3); 0 leaves the random stream as it was.
BYREF_FOCUS = float(os.environ.get("LLCC_DIFFTEST_BYREF", "0"))
# gen_closures.closures_program (a filter whose nested defs assign its
# numbers through `nonlocal`) replaces that share of the programs for a
# focused run (LLCC_DIFFTEST_CLOSURES=0.5); 0 leaves the stream as it was.
CLOSURES_FOCUS = float(os.environ.get("LLCC_DIFFTEST_CLOSURES", "0"))
# gen_setkinds.setkinds_stmt (sets and dicts whose keys are all Python numbers
# or all numpy scalars, a key taken out by min/max/sorted/a loop and divided
# by) at the start of any statement, for a focused run
# (LLCC_DIFFTEST_SETKINDS=0.3); 0 leaves the random stream as it was.
SETKINDS_FOCUS = float(os.environ.get("LLCC_DIFFTEST_SETKINDS", "0"))

# Generator.dictdisplay_stmt (d = {0: [], 1: [x]} then d[k].append(v)) at
# the start of any statement, for a focused run (LLCC_DIFFTEST_DICTDISPLAY=0.2);
# 0 leaves the random stream as it was.
DICTDISPLAY_FOCUS = float(os.environ.get("LLCC_DIFFTEST_DICTDISPLAY", "0"))

# Generator.nested_default_stmt (def g(x, k=p) naming a parameter of the
# function around it, then calls with and without k) at the start of any
# statement, for a focused run (LLCC_DIFFTEST_NESTEDDEFAULT=0.2); 0 leaves the
# random stream as it was.
NESTEDDEFAULT_FOCUS = float(os.environ.get("LLCC_DIFFTEST_NESTEDDEFAULT", "0"))
# LLCC_DIFFTEST_LIBMORE=0.3: Generator.libmore_stmt (scipy.stats.rankdata and
# percentileofscore, np.lexsort, np.triu_indices / np.tril_indices, for loops
# over itertools.groupby) at the start of any statement, for a focused run;
# 0 leaves the random stream as it was.
LIBMORE_FOCUS = float(os.environ.get("LLCC_DIFFTEST_LIBMORE", "0"))

# Generator.exceptas_stmt (try: a body that may raise; except E as e: a
# handler raising or asserting a message made of e, {e!r}, str(e),
# type(e).__name__, or a bare raise) at the start of any statement, for a
# focused run (LLCC_DIFFTEST_EXCEPTAS=0.3); 0 leaves the random stream as it was.
EXCEPTAS_FOCUS = float(os.environ.get("LLCC_DIFFTEST_EXCEPTAS", "0"))

# Generator.yield_stmt (a generator helper with yield / yield from, iterated
# by a for loop with break/continue/else, a comprehension, any/all/next,
# sum/min/max/sorted/list, zip/enumerate) at the start of any statement, for
# a focused run (LLCC_DIFFTEST_YIELD=0.3); 0 leaves the random stream as it was.
YIELD_FOCUS = float(os.environ.get("LLCC_DIFFTEST_YIELD", "0"))

# Generator.strs_stmt (strs built at run time: str(x), repr(x), f-strings as
# values, s * n, a + b, str methods, len(s), substrings; messages of
# repeated strs and tuples) at the start of any statement, for a focused run
# (LLCC_DIFFTEST_STRS=0.3); 0 leaves the random stream as it was.
STRS_FOCUS = float(os.environ.get("LLCC_DIFFTEST_STRS", "0"))
# gen_langextra (module-level set constants read by `in`, len, loops and
# set operators; a filter parameter whose default is a tuple of numbers)
# for a focused run (LLCC_DIFFTEST_LANGEXTRA=0.3); 0 leaves the random
# stream as it was.
LANGEXTRA_FOCUS = float(os.environ.get("LLCC_DIFFTEST_LANGEXTRA", "0"))
# gen_records (namedtuples, typing.NamedTuple classes and classes of
# constants) for a focused run (LLCC_DIFFTEST_RECORDS=0.3); 0 leaves the
# random stream as it was.
RECORDS_FOCUS = float(os.environ.get("LLCC_DIFFTEST_RECORDS", "0"))
# gen_fspec (f-strings whose format spec has nested fields: widths,
# precisions and fills computed at run time) for a focused run
# (LLCC_DIFFTEST_FSPEC=0.3); 0 leaves the random stream as it was.
FSPEC_FOCUS = float(os.environ.get("LLCC_DIFFTEST_FSPEC", "0"))
# gen_arraytext (numpy arrays as text: f-string fields, str(), repr() and
# messages of float, int, bool and 2-D arrays) for a focused run
# (LLCC_DIFFTEST_ARRAYTEXT=0.3); 0 leaves the random stream as it was.
ARRAYTEXT_FOCUS = float(os.environ.get("LLCC_DIFFTEST_ARRAYTEXT", "0"))

# Generator.libextra_stmt (statistics.harmonic_mean with and without
# weights, of arrays, lists and Python floats; statistics.StatisticsError
# caught by name, as a ValueError, and raised; scipy.special's psi, beta,
# betaln, gammainc and gammaincc; scipy.special's functions of arrays,
# broadcast as numpy's ufuncs; scipy.stats.chisquare) at the start of any
# statement, for a focused run (LLCC_DIFFTEST_LIBEXTRA=0.3); 0 leaves the
# random stream as it was.
LIBEXTRA_FOCUS = float(os.environ.get("LLCC_DIFFTEST_LIBEXTRA", "0"))
# LLCC_DIFFTEST_INDEXTRICKS=0.3: np.r_[...] and np.c_[...] of the buffer,
# numbers, masks and slices, and sliding_window_view of the buffer
# (Generator.index_tricks_stmt; frontend/SemaIndexTricks.cpp).
INDEXTRICKS_FOCUS = float(os.environ.get("LLCC_DIFFTEST_INDEXTRICKS", "0"))
# LLCC_DIFFTEST_KEPTDTYPES=0.3: int and bool arrays through np.flip,
# np.roll, np.diff, np.tile, np.concatenate, np.r_, np.cumsum, np.cumprod
# and np.where, and np.array of a bool comprehension, whose results keep
# numpy's dtype: used as indices, masks and printed (Generator.kept_dtypes_stmt;
# stdlib/arrays.flt's _int and _bool twins).
KEPTDTYPES_FOCUS = float(os.environ.get("LLCC_DIFFTEST_KEPTDTYPES", "0"))
# LLCC_DIFFTEST_EIGVALSH=0.3: np.linalg.eigvalsh of 2 x 2 matrices of the
# buffer's values, scaled tiny and huge, with zeros, NaN and infinities
# (Generator.eigvalsh_stmt; stdlib/linalg.flt's port of LAPACK's dsyevd).
EIGVALSH_FOCUS = float(os.environ.get("LLCC_DIFFTEST_EIGVALSH", "0"))
# LLCC_DIFFTEST_LINALG=0.3: np.linalg.det, slogdet, inv and solve of 1 x 1
# to 4 x 4 matrices, and eigh of 2 x 2 ones, of the buffer's values (ties, zeros, NaN and
# infinities, so singular matrices too), plus np.eye, with and without
# `except np.linalg.LinAlgError` (Generator.linalg_stmt; stdlib/linalg.flt's
# port of LAPACK's dgetrf2 and dgetrs).
LINALG_FOCUS = float(os.environ.get("LLCC_DIFFTEST_LINALG", "0"))
# gen_libmore2 (numpy's logical and comparison ufuncs, ...) at the start of
# any statement, for a focused run (LLCC_DIFFTEST_LIBMORE2=0.3); 0 leaves
# the random stream as it was.
LIBMORE2_FOCUS = float(os.environ.get("LLCC_DIFFTEST_LIBMORE2", "0"))
# gen_picks (w[[0, 1], [2, 0]], s = w.shape, np.indices(w.shape)) at the
# start of any statement (LLCC_DIFFTEST_PICKS=0.3); 0 leaves the stream as
# it was.
PICKS_FOCUS = float(os.environ.get("LLCC_DIFFTEST_PICKS", "0"))
# gen_s30 (tuple() of a run-time length read by item, float()/int() of
# strs made at run time, numpy floats stored through masks into int arrays)
# at the start of any statement (LLCC_DIFFTEST_S30=0.3); 0 leaves the stream
# as it was.
S30_FOCUS = float(os.environ.get("LLCC_DIFFTEST_S30", "0"))
# gen_windows (np.hanning, hamming, bartlett, blackman, kaiser of run-time
# lengths and numpy's own np.i0) at the start of any statement
# (LLCC_DIFFTEST_WINDOWS=0.3); 0 leaves the stream as it was.
WINDOWS_FOCUS = float(os.environ.get("LLCC_DIFFTEST_WINDOWS", "0"))

# Python precedence levels, loosest first.
P_TERNARY, P_OR, P_AND, P_NOT, P_CMP, P_BOR, P_BXOR, P_BAND, P_SHIFT, P_ADD, P_MUL, \
    P_UNARY, P_POW, P_ATOM = range(14)

FLOAT_LITERALS = ["0.0", "0.5", "1.0", "-1.0", "2.5", "-0.25", "3.0", "10.0", "1e-3",
                  "1e10", "0.1", "-7.5", "100.0", "1.5e2", "2.0"]
MATH_UNARY_SAFE = ["math.fabs", "math.atan", "math.sin", "math.cos", "math.tanh",
                   "np.floor", "np.ceil", "np.trunc", "np.fabs", "np.sqrt", "np.exp",
                   "np.log", "math.exp", "np.abs"]
# numpy functions that return a numpy integer for int arguments, whose
# arithmetic differs from Python's ints (documented, docs/language.md): they
# get a float argument, as np.minimum(a, b) does when either one is a float.
NUMPY_KEEPS_INTS = {"np.abs", "np.minimum", "np.maximum"}
# Transcendental numpy functions: CPython runs numpy's own (SIMD) versions,
# which may differ from the C library in the last bit (docs/language.md).
INEXACT_NP = {"np.sin", "np.cos", "np.tan", "np.exp", "np.log", "np.log2", "np.log10",
              "np.arcsin", "np.arccos", "np.arctan", "np.arctan2", "np.sinh",
              "np.cosh", "np.tanh", "np.hypot", "np.power", "np.log1p", "np.expm1", "np.exp2",
              "np.arcsinh", "np.arccosh", "np.arctanh"}

# The numpy and math library (frontend/BuiltinsLibrary.cpp): functions of a
# number, giving a float.
LIBRARY_UNARY = ["np.sign", "np.square", "np.fix", "np.rint", "np.deg2rad", "np.rad2deg",
                 "np.radians", "np.degrees", "math.radians", "math.degrees", "math.erf",
                 "math.erfc", "np.log1p", "np.expm1", "np.exp2"]

# Library functions that give a numpy integer for an int argument.
NUMPY_INTEGER_UNARY = {"np.sign", "np.square"}


def paren(text_prec, need):
    text, prec = text_prec
    return text if prec >= need else f"({text})"


def join_type(a, b):
    order = [BOOL, INT, FLOAT]
    return order[max(order.index(a), order.index(b))]


# np.convolve's modes, as a keyword or positionally.
CONVOLVE_MODES = ["mode='same'", "'full'", "'valid'"]


class Function:
    def __init__(self, name, params, ret, is_filter, kwonly=None):
        self.name = name
        self.params = params          # list of (name, type, default text or None)
        self.ret = ret
        self.is_filter = is_filter
        # Index of the first keyword-only parameter (after a bare `*`), or None.
        self.kwonly = len(params) if kwonly is None else kwonly

    def by_keyword(self, i):
        """Whether parameter i must be passed by keyword."""
        return i >= self.kwonly


class Scope:
    """Variables of one function: name -> type, and which are certainly set."""

    def __init__(self, types, assigned):
        self.types = types            # shared by the whole function
        self.assigned = set(assigned)

    def copy(self):
        return Scope(self.types, self.assigned)


class Generator:
    def __init__(self, seed, max_stmts=14):
        self.rng = random.Random(seed)
        self.max_stmts = max_stmts
        self.constants = {}           # name -> type
        self.tuples = {}              # name -> member types (a flat tuple constant)
        self.strs = {}                # name -> its strs (a tuple, list or set of str literals)
        self.pairs = {}               # name -> (type, type) of each pair (tuple of pairs)
        self.arrays = {}              # name -> length (a float64 np.array constant)
        self.grids = {}               # name -> (rows, columns) (a 2-D np.array constant)
        self.helpers = []             # Function
        self.inexact = False
        self.counter = 0
        self.loop_depth = 0
        self.stmt_budget = 0
        self.current = None
        self.called = set()
        self.buf = "values"           # the current function's buffer, or None
        self.param_names = set()
        self.list_helpers = {}        # name -> lines of a helper taking a list of arrays
        self.dicts = {}               # name -> (keys, kind) of a dict constant (dict_constant)
        self.containers = {}          # name -> (kind, length, width) (const_container)
        self.langx_sets = {}          # name -> kind of a set constant (gen_langextra)
        self.langx_tuples = {}        # tuple parameter -> its length (gen_langextra)
        self.langx_module_lines = []  # module tuple constants for those (gen_langextra)
        self.rec_types = {}           # namedtuple -> (fields, number of defaults) (gen_records)
        self.rec_consts = []          # "K.NAME" float class constants (gen_records)
        self.rec_imported = False     # the namedtuple imports are written (gen_records)

    # -- small helpers -----------------------------------------------------

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, seq):
        return self.rng.choice(seq)

    # Non-ASCII prefixes (PEP 3131): 'ﬁ' is NFKC-normalised to 'fi' by both
    # CPython and llcc; none of them can collide with the ASCII prefixes.
    UNICODE_PREFIXES = ["größe", "μ", "π_", "ñ", "ﬁ", "最"]

    def fresh(self, prefix):
        self.counter += 1
        # Every tenth name, chosen by the counter rather than the random
        # stream, so that seeds keep generating the same programs.
        if not prefix.startswith("_") and self.counter % 10 == 7:
            prefix = self.UNICODE_PREFIXES[self.counter // 10 % len(self.UNICODE_PREFIXES)] + prefix
        return f"{prefix}{self.counter}"

    # -- leaves ---------------------------------------------------------------

    def int_literal(self):
        r = self.rng.random()
        if r < 0.6:
            v = self.rng.randint(-9, 12)
        elif r < 0.9:
            v = self.rng.randint(-100, 100)
        else:
            v = self.pick([0, 1, -1, 2**31, -2**31, 10**9, 2**62])
        return (str(v), P_ATOM) if v >= 0 else (str(v), P_UNARY)

    def float_literal(self):
        text = self.pick(FLOAT_LITERALS)
        return (text, P_UNARY if text.startswith("-") else P_ATOM)

    def var_of(self, scope, t):
        names = [n for n in scope.assigned if scope.types.get(n) == t]
        return self.pick(sorted(names)) if names else None

    def buffer_element(self, scope, depth):
        r = self.rng.random()
        buf = self.buf
        ints = [n for n in scope.assigned if scope.types.get(n) == INT]
        if r < 0.35 and ints:
            idx = f"{self.pick(sorted(ints))} % len({buf})"
        elif r < 0.6:
            idx = str(self.rng.randint(-1, 1) if self.chance(0.8) else self.rng.randint(-3, 4))
        elif r < 0.7:
            idx = f"len({buf}) - 1"
        elif r < 0.8:
            idx = f"-len({buf})"
        else:
            idx = paren(self.expr(INT, scope, depth - 1), P_TERNARY)
        return (f"{buf}[{idx}]", P_ATOM)

    def length(self):
        return f"len({self.buf})" if self.buf else str(self.rng.randint(1, 9))

    def tuple_leaf(self, t, scope):
        """A member of a tuple constant: T[k], T[i % len(T)], sum/min/max/len of T."""
        # A FLOAT expression must not be an int to llcc on every path (a
        # format spec with a precision is refused for ints at compile time):
        # it reads a float member, or a tuple with a float among its members.
        fits = [n for n, ms in self.tuples.items()
                if (t == FLOAT and FLOAT in ms) or (t == INT and all(m == INT for m in ms))]
        if not fits or t == BOOL:
            return None
        name = self.pick(fits)
        members = self.tuples[name]
        n = len(members)
        r = self.rng.random()
        if r < 0.4:
            k = self.pick([i for i in range(n) if members[i] == t])
            return (f"{name}[{k - n if self.chance(0.5) else k}]", P_ATOM)
        if r < 0.7:
            ints = sorted(v for v in scope.assigned if scope.types.get(v) == INT)
            index = self.pick(ints) if ints else self.length() if self.buf else "1"
            return (f"{name}[{index} % len({name})]", P_ATOM)
        if r < 0.8 and t == INT:
            return (f"len({name})", P_ATOM)
        if r < 0.8 and self.pairs:
            pname = self.pick(sorted(self.pairs))
            kinds = self.pairs[pname]
            j = self.rng.randint(0, 1)
            if kinds[j] == t:
                if self.chance(0.3):  # the smallest pair in tuple order
                    return (f"{self.pick(['min', 'max'])}({pname})[{j}]", P_ATOM)
                return (f"{pname}[{self.rng.randint(0, 2)}][{j}]", P_ATOM)
        return (f"{self.pick(['sum', 'min', 'max'])}({name})", P_ATOM)

    def array_leaf(self, scope):
        """An element or reduction of an np.array constant (float64)."""
        ints = sorted(v for v in scope.assigned if scope.types.get(v) == INT)
        index = self.pick(ints) if ints else self.length() if self.buf else "2"
        if self.grids and self.chance(0.5):
            name = self.pick(sorted(self.grids))
            rows, cols = self.grids[name]
            if self.chance(0.5):
                return (f"{name}[{index} % {rows}, {self.rng.randint(-cols, cols - 1)}]", P_ATOM)
            return (f"{name}[{self.rng.randint(0, rows - 1)}][{index} % len({name}[0])]", P_ATOM)
        if not self.arrays:
            return None
        name = self.pick(sorted(self.arrays))
        r = self.rng.random()
        if r < 0.5:
            return (f"{name}[{index} % len({name})]", P_ATOM)
        return (f"np.{self.pick(['sum', 'mean', 'max', 'min', 'median'])}({name})", P_ATOM)

    # -- numbers that are Python numbers in CPython (numpykind) -------------------

    def python_number_leaf(self, t, scope):
        """A number read out of a container or a statistics result, a Python
        number or a numpy scalar as CPython has it: `/ 0.0`, `round(x, n)`,
        `~` and `**` differ between the two (Expr::mayBeNumpy)."""
        buf = self.buf
        key = self.pick(["1", "2", f"1 + ({self.expr(BOOL, scope, 1)[0]})"])
        if t == INT:
            return (self.pick([f"{buf}.shape[0]", f"len({buf}.shape)",
                               f"{{1: 3, 2: {self.length()}}}[{key}]"]), P_ATOM)
        lit = self.float_literal()[0]
        return (self.pick([
            f"statistics.fmean({buf})", f"statistics.fmean({buf}.tolist())",
            f"statistics.mean({buf}.tolist())", f"statistics.median({buf}.tolist())",
            f"statistics.pstdev({buf})", f"statistics.mean({buf})",
            f"({buf}.shape[0] * {lit})", f"{{1: {lit}, 2: 1.15}}[{key}]",
            f"{{1: {lit}, 2: {self.buffer_element(scope, 1)[0]}}}[{key}]",
            f"{buf}.tolist()[{self.length()} // 2]"]), P_ATOM)

    def leaf(self, t, scope):
        if self.buf == "values" and t in (INT, FLOAT) and self.chance(0.015):
            return self.python_number_leaf(t, scope)
        if (self.arrays or self.grids) and t == FLOAT and self.chance(0.08):
            element = self.array_leaf(scope)
            if element:
                return element
        if self.tuples and self.chance(0.12):
            member = self.tuple_leaf(t, scope)
            if member:
                return member
        r = self.rng.random()
        var = self.var_of(scope, t)
        if var is not None and r < 0.5:
            return (var, P_ATOM)
        const = [n for n, ct in self.constants.items() if ct == t]
        if const and r < 0.6:
            return (self.pick(const), P_ATOM)
        if t == INT:
            if r < 0.75 or not self.buf:
                return self.int_literal()
            return (self.length(), P_ATOM)
        if t == FLOAT:
            if r < 0.7 and self.buf:
                return self.buffer_element(scope, 1)
            if r < 0.9:
                return self.float_literal()
            return (self.pick(["math.pi", "np.pi", "math.e", "np.inf", "-np.inf", "np.nan",
                               "math.inf"]), P_ATOM)
        return (self.pick(["True", "False"]), P_ATOM)

    # -- expressions -----------------------------------------------------------

    def expr(self, t, scope, depth):
        """An expression of type `t` as (text, precedence)."""
        if depth <= 0 or self.chance(0.25):
            result = self.leaf(t, scope)
        elif t == INT:
            result = self.int_expr(scope, depth)
        elif t == FLOAT:
            result = self.float_expr(scope, depth)
        else:
            result = self.bool_expr(scope, depth)
        if self.chance(0.03) and result[1] < P_ATOM:
            result = (f"({result[0]})", P_ATOM)
        return result

    def num(self, scope, depth, allow_float=True):
        t = self.pick([INT, FLOAT]) if allow_float else INT
        return t, self.expr(t, scope, depth)

    def binary(self, op, prec, left, right):
        if op == "**":
            return (f"{paren(left, P_ATOM)} ** {paren(right, P_UNARY)}", P_POW)
        return (f"{paren(left, prec)} {op} {paren(right, prec + 1)}", prec)

    def divisor(self, t, scope, depth):
        """Mostly non-zero: a literal or len(values); sometimes anything."""
        r = self.rng.random()
        if r < 0.5:
            v = self.pick([2, 3, -2, -3, 5, 7, -7, 10])
            if t == FLOAT:
                return (f"{float(v)}", P_ATOM if v > 0 else P_UNARY)
            return (str(v), P_ATOM if v > 0 else P_UNARY)
        if r < 0.6 and self.buf:
            return (self.length(), P_ATOM)
        return self.expr(t, scope, depth)

    def common(self, t, scope, depth):
        """Forms shared by int and float: ternary, and/or, min/max, helper call."""
        r = self.rng.random()
        if r < 0.25:
            a = self.expr(t, scope, depth - 1)
            c = self.expr(BOOL, scope, depth - 1)
            b = self.expr(self.pick([t, t, INT]) if t == FLOAT else t, scope, depth - 1)
            return (f"{paren(a, P_OR)} if {paren(c, P_OR)} else {paren(b, P_TERNARY)}",
                    P_TERNARY)
        if r < 0.4:
            op, prec = self.pick([("and", P_AND), ("or", P_OR)])
            a = self.expr(t, scope, depth - 1)
            b = self.expr(t, scope, depth - 1)
            return (f"{paren(a, prec)} {op} {paren(b, prec + 1)}", prec)
        if r < 0.65:
            fn = self.pick(["min", "max"])
            n = self.pick([2, 2, 3])
            args = [self.expr(t if i == 0 or t == INT else self.pick([t, INT]), scope,
                              depth - 1) for i in range(n)]
            return (f"{fn}({', '.join(paren(a, P_TERNARY) for a in args)})", P_ATOM)
        call = self.helper_call(t, scope, depth)
        if call:
            return call
        return self.leaf(t, scope)

    def helper_call(self, t, scope, depth):
        candidates = [h for h in self.helpers if h.ret == t and h is not self.current
                      and self.may_call(h)
                      and (self.buf or all(p[1] != "buffer" for p in h.params))]
        if not candidates:
            return None
        h = self.pick(candidates)
        self.called.add(h.name)
        args = []
        keyword = False
        for i, (name, ptype, default) in enumerate(h.params):
            keyword = keyword or h.by_keyword(i)
            if default is not None and self.chance(0.35):
                keyword = True          # left out: later ones go by keyword
                continue
            if ptype == "buffer":
                value = self.buf
            elif ptype == FLOAT and self.buf and self.chance(HELPER_KINDS):
                value = self.helper_kind_arg()
            else:
                # A float parameter may be passed an int, as in Python.
                atype = INT if ptype == FLOAT and self.chance(0.2) else ptype
                value = paren(self.expr(atype, scope, depth - 1), P_TERNARY)
            if keyword or (default is not None and self.chance(0.3)):
                keyword = True
                args.append(f"{name}={value}")
            else:
                args.append(value)
        return (f"{h.name}({', '.join(args)})", P_ATOM)

    # --- helper argument kinds (helperkind): one helper called with a numpy
    # float here and a Python float there; llcc makes a copy per kind.
    def helper_kind_arg(self):
        element = f"{self.buf}[{self.rng.randint(-2, 2)}]"
        scale = self.pick(["", " * 1.15", " - 2.0", " * 0.5"])
        return self.pick([element + scale, f"float({element}){scale}"])

    def helper_kind_pair(self):
        """One helper whose result differs between numpy and Python floats,
        called with both (and through a second helper)."""
        body = self.pick(["round(x * 1.15, 1)", "x / (x - 1.0)", "(x * 1e200) ** 2",
                          "x % (x - x)", "round(x / 4.0 + 0.125, 2)", "x // (x + 2.0)"])
        name = f"kh_{len(self.list_helpers)}"
        self.list_helpers[name] = [f"def {name}(x):", f"    return {body}",
                                   "", "", f"def {name}_twice(y):", f"    return {name}(y) * 2"]
        a = f"{self.buf}[{self.rng.randint(-2, 2)}]"
        b = f"{self.buf}[{self.rng.randint(-2, 2)}]"
        calls = [f"{name}({a})", f"{name}(float({b}))",
                 self.pick([f"{name}_twice({a})", f"{name}_twice(float({b}))"])]
        self.rng.shuffle(calls)
        return (" + ".join(calls), P_ADD)

    def may_call(self, h):
        # Helpers may call only helpers defined before them: no recursion.
        if self.current is None or self.current.is_filter:
            return True
        return self.helpers.index(h) < self.helpers.index(self.current)

    def comparison(self, scope, depth):
        """A comparison that is a numpy.bool_ on every path (a buffer element
        against anything, np.isnan of one) or a Python bool on every path (of
        Python ints): numpy's ~, + and - of the first differ from Python's.
        (A variable that is a numpy float on one path and a Python float on
        another would make the kind depend on the path; llcc treats it as
        numpy, docs/language.md.)"""
        op = self.pick(["<", "<=", ">", ">=", "==", "!="])
        if self.buf and self.chance(0.6):
            elem = f"{self.buf}[{self.rng.randint(-2, 2)}]"
            if self.chance(0.2):
                return (f"{self.pick(['np.isnan', 'np.isfinite', 'np.isinf'])}({elem})", P_ATOM)
            other = self.expr(self.pick([INT, FLOAT]), scope, depth)
            return (f"{elem} {op} {paren(other, P_BOR)}", P_CMP)
        left = f"len({self.buf})" if self.buf else str(self.rng.randint(0, 9))
        right = f"int({paren(self.expr(INT, scope, depth), P_TERNARY)})"
        return (f"{left} {op} {right}", P_CMP)

    def bool_arith(self, t, scope, depth):
        """Arithmetic on comparison results, as an int or a float: ~, -, +, abs
        of one, +, -, *, / of two, or one with a number."""
        a = paren(self.comparison(scope, depth), P_UNARY)
        b = paren(self.comparison(scope, depth), P_MUL + 1)
        if t == FLOAT:
            form = self.pick(["float({a} / {b})", "{a} * {x}", "{x} + {a}", "{a} / {x}"])
            x = paren(self.expr(FLOAT, scope, depth), P_MUL + 1)
            return (form.format(a=a, b=b, x=x), P_ATOM if form.startswith("float") else P_ADD)
        form = self.pick(["int(~{a})", "int({a} + {b})", "int({a} * {b})", "int({a} - {b})",
                          "int(-{a})", "int(+{a})", "int(abs({a}))", "int({a} + {k})",
                          "int(~({a} + {b}))", "int(~({a} * {b}) + {a})", "int({k} - {a})",
                          "int({a} & {b})", "int({a} ^ {b})"])
        # int(...) throughout: a numpy bool with an int is a numpy.int64, whose
        # overflow wraps where llcc raises (docs/language.md).
        k = str(self.rng.randint(-3, 3))
        return (form.format(a=a, b=b, k=k), P_ATOM)

    def int_expr(self, scope, depth):
        r = self.rng.random()
        d = depth - 1
        if self.chance(BOOL_ARITH):
            return self.bool_arith(INT, scope, d)
        if self.chance(PYIDIOMS):
            return self.pyidioms_int(scope, d)
        if r < 0.25:
            op = self.pick(["+", "-", "*"])
            return self.binary(op, P_MUL if op == "*" else P_ADD,
                               self.expr(INT, scope, d), self.expr(INT, scope, d))
        if r < 0.37:
            op = self.pick(["//", "%"])
            return self.binary(op, P_MUL, self.expr(INT, scope, d), self.divisor(INT, scope, d))
        if r < 0.42:
            exp = (str(self.rng.randint(0, 3)), P_ATOM)
            ints = sorted(n for n in scope.assigned if scope.types.get(n) == INT)
            if self.chance(0.05):
                # abs(): a constant negative exponent would make it a float
                exp = (f"abs({paren(self.expr(INT, scope, d), P_TERNARY)})", P_ATOM)
            elif ints and self.chance(0.03):
                # negative at run time: a float in CPython, an error in llcc
                exp = (f"({self.pick(ints)} - {self.rng.randint(1, 3)})", P_ATOM)
            return self.binary("**", P_POW, self.expr(INT, scope, d), exp)
        if r < 0.47:
            return (f"-{paren(self.expr(INT, scope, d), P_UNARY)}", P_UNARY)
        if r < 0.52:
            return (f"abs({paren(self.expr(INT, scope, d), P_TERNARY)})", P_ATOM)
        if r < 0.62:
            fn = self.pick(["int", "round", "math.floor", "math.ceil", "math.trunc"])
            arg = self.expr(FLOAT, scope, d)
            if self.chance(0.7):
                arg = (f"min(max({paren(arg, P_TERNARY)}, -1e6), 1e6)", P_ATOM)
            return (f"{fn}({paren(arg, P_TERNARY)})", P_ATOM)
        if r < 0.66:
            return (f"int({paren(self.expr(BOOL, scope, d), P_TERNARY)})", P_ATOM)
        if r < 0.7 and self.buf and self.chance(0.5):
            return self.container_expr(INT, scope, d)
        if r < 0.7:
            op, prec = self.pick([("&", P_BAND), ("|", P_BOR), ("^", P_BXOR)])
            return self.binary(op, prec, self.expr(INT, scope, d), self.expr(INT, scope, d))
        if r < 0.73:
            op = self.pick(["<<", ">>"])
            return self.binary(op, P_SHIFT, self.expr(INT, scope, d),
                               (str(self.rng.randint(0, 5)), P_ATOM))
        if r < 0.77:
            return self.library_int(scope, d)
        return self.common(INT, scope, depth)

    def float_expr(self, scope, depth):
        r = self.rng.random()
        d = depth - 1
        if self.chance(BOOL_ARITH):
            return self.bool_arith(FLOAT, scope, d)
        if self.buf and self.chance(STATS_EXACT):
            return self.statistics_exact(scope, d)
        if self.buf and self.chance(SCIPY_LIB):
            return self.scipy_lib(scope, d)
        if SPECIAL_FOCUS and self.buf and self.chance(SPECIAL_FOCUS):
            return self.special_cephes(scope, d)
        if self.buf and self.chance(NUMPY_INTS):
            return self.numpy_int_ratio(scope, d)
        if r < 0.25:
            op = self.pick(["+", "-", "*", "/"])
            lt, left = self.num(scope, d)
            rt = FLOAT if lt == INT else self.pick([INT, FLOAT])
            right = self.expr(rt, scope, d) if op != "/" else self.divisor(rt, scope, d)
            return self.binary(op, P_MUL if op in "*/" else P_ADD, left, right)
        if r < 0.32:
            op = self.pick(["//", "%"])
            return self.binary(op, P_MUL, self.expr(FLOAT, scope, d),
                               self.divisor(self.pick([INT, FLOAT]), scope, d))
        if r < 0.38:
            # A negative Python float to a fractional power is a complex in
            # CPython (nan for numpy.float64, and llcc): such a base goes
            # through abs(); integral exponents keep negative bases.
            base = self.expr(FLOAT, scope, d)
            if self.chance(0.5):
                exp = (self.pick(["2", "3", "0", "-1", "-2", "0.5", "1.5"]), P_ATOM)
                if exp[0].startswith("-"):
                    exp = (exp[0], P_UNARY)
            else:
                exp = self.expr(self.pick([INT, FLOAT]), scope, d)
            if "." in exp[0] or not exp[0].lstrip("-").isdigit():
                base = (f"abs({paren(base, P_TERNARY)})", P_ATOM)
            return self.binary("**", P_POW, base, exp)
        if r < 0.42:
            return (f"-{paren(self.expr(FLOAT, scope, d), P_UNARY)}", P_UNARY)
        if r < 0.45:
            return (f"+{paren(self.expr(FLOAT, scope, d), P_UNARY)}", P_UNARY)
        if r < 0.5:
            return (f"abs({paren(self.expr(FLOAT, scope, d), P_TERNARY)})", P_ATOM)
        if r < 0.55:
            return (f"float({paren(self.expr(INT, scope, d), P_TERNARY)})", P_ATOM)
        if r < 0.65:
            fn = self.pick(MATH_UNARY_SAFE + ["math.sqrt", "math.log", "np.sin", "np.cos",
                                              "np.arctan", "np.tanh", "np.log2", "math.log10"])
            if fn in INEXACT_NP:
                self.inexact = True
            arg = self.expr(FLOAT, scope, d)
            if fn in ("math.sqrt", "math.log", "math.log10", "np.log", "np.log2",
                      "np.sqrt") and self.chance(0.8):
                arg = (f"abs({paren(arg, P_TERNARY)}) + 1.0", P_ADD)
            if fn in ("math.exp", "np.exp") and self.chance(0.8):
                arg = (f"min({paren(arg, P_TERNARY)}, 50.0)", P_ATOM)
            if fn in NUMPY_KEEPS_INTS:
                arg = (f"float({paren(arg, P_TERNARY)})", P_ATOM)
            return (f"{fn}({paren(arg, P_TERNARY)})", P_ATOM)
        if r < 0.7:
            fn = self.pick(["math.atan2", "math.hypot", "math.copysign", "np.copysign",
                            "np.arctan2", "np.hypot", "np.minimum", "np.maximum"])
            if fn in INEXACT_NP:
                self.inexact = True
            a = self.expr(FLOAT, scope, d)
            b = self.expr(self.pick([FLOAT, INT]), scope, d)
            if fn in NUMPY_KEEPS_INTS:
                a = (f"float({paren(a, P_TERNARY)})", P_ATOM)
            return (f"{fn}({paren(a, P_TERNARY)}, {paren(b, P_TERNARY)})", P_ATOM)
        if self.buf and self.chance(HELPER_KINDS / 5):
            return self.helper_kind_pair()
        window_focus = max(ELLIPSIS_FOCUS, GRADIENT_FOCUS)
        if window_focus and self.buf and self.chance(window_focus / 4):
            return self.window_expr(scope, d)
        if r < 0.74 and self.buf:
            fn = self.pick(["min", "max", "sum"])
            return (f"{fn}({self.buf})", P_ATOM)
        if r < 0.765 and self.buf:
            # round(x, n) of a Python float: CPython's, correctly rounded
            return (f"round(float({self.buf}[{self.rng.randint(-2, 2)}]) * {self.pick(['1.0', '0.01', '1000.5', '3.0'])}, {self.rng.randint(-3, 4)})",
                    P_ATOM)
        if r < 0.77 and self.buf:
            # round(x, n) follows numpy for buffer values (docs/language.md)
            return (f"round({self.buf}[{self.rng.randint(-2, 2)}], {self.rng.randint(-1, 3)})",
                    P_ATOM)
        if r < 0.8:
            return (f"np.float64({paren(self.expr(INT, scope, d), P_TERNARY)})", P_ATOM)
        if r < 0.86:
            if self.buf and self.rng.random() < 0.5:
                return self.container_expr(FLOAT, scope, d)
            return self.library_float(scope, d)
        if r < 0.9 and self.buf:
            return self.window_expr(scope, d)
        return self.common(FLOAT, scope, depth)

    # -- windows, masks and index arrays ---------------------------------------

    def window(self):
        """A 2-D view of the buffer: (n, 1) fits every footprint; (-1, 3) and
        (3, 3) fit some (the others raise ValueError on both sides)."""
        buf = self.buf
        shape = self.pick(["-1, 1"] * 5 + ["-1, 3", "3, 3", "(3, 3)"])
        w = f"{buf}.reshape({shape})" if self.chance(0.8) else f"np.reshape({buf}, ({shape}))"
        static = shape.strip("()") == "3, 3"
        cols = 1 if shape == "-1, 1" else 3
        if static and self.chance(0.3):
            w = f"{w}.T"
        return w, cols, static

    def window_slice(self, cols, static):
        rows = self.pick([":", "1:", ":-1", "::2", "::-1", "1:2"])
        if cols == 1:
            return self.ellipsis_parts(rows, ":")
        return self.ellipsis_parts(rows, self.pick([':', '1:', ':2', '::-1', '::2', '-2:']))

    def reverse_flag(self, choices):
        """One of `choices` (", reverse=True", ...), or with REVFLAG_FOCUS a
        flag known only at run time, read from the buffer."""
        if REVFLAG_FOCUS and self.buf and self.chance(REVFLAG_FOCUS):
            b = self.buf
            return ", reverse=" + self.pick([f"{b}[0] > {b}[-1]", f"len({b}) % 2",
                                             f"not {b}[1] < 0.5", f"int({b}.size > 4)"])
        return self.pick(choices)

    def ellipsis_parts(self, rows, cols):
        """`rows, cols`, or with ELLIPSIS_FOCUS a full slice written `...`."""
        if ELLIPSIS_FOCUS and self.chance(ELLIPSIS_FOCUS):
            if cols == ":":
                return f"{rows}, ..."
            if rows == ":":
                return f"..., {cols}"
        return f"{rows}, {cols}"

    def window_expr(self, scope, d):
        buf = self.buf
        w, cols, static = self.window()
        r = self.rng.random()
        reduction = self.pick(["np.sum", "np.mean", "np.var", "np.std", "np.max", "np.min",
                               "np.median", "np.prod", "np.nansum", "np.ptp"])
        if self.chance(0.12):
            return self.window_power(w, scope, d)
        if self.chance(0.03):
            return self.window_inverse_hyperbolic(w)
        if self.chance(0.3):
            if static or self.chance(0.5):
                # blocks of a transposed window are a compile error
                plain = w[:-2] if w.endswith(".T") else w
                return self.window_block(plain if static else f"{buf}.reshape(3, 3)", scope, d)
            return self.window_runtime_slice(w, cols, scope, d)
        if self.chance(0.05):
            return (f"{reduction}(np.nan_to_num({w}, nan=0.5))", P_ATOM)
        if static and self.chance(0.06):
            # keepdims=True: the reduced axis kept at length 1, broadcast back
            m = self.pick(["sum", "mean", "max", "min", "std", "var"])
            axis = self.pick(["0", "1", "-1", "-2"])
            kept = self.pick([f"{w}.{m}(axis={axis}, keepdims=True)",
                              f"np.{m}({w}, axis={axis}, keepdims=True)"])
            return (f"np.sum(({w} - {kept}) * {self.pick(['1.5', w])})", P_ATOM)
        if r < 0.2:
            i = self.pick(["0", "-1", "1", f"len({buf}) // 3 - 1"])
            j = str(self.rng.randint(-cols, cols - 1))
            if ELLIPSIS_FOCUS and self.chance(ELLIPSIS_FOCUS):
                # a row or a column through `...`, then one element of it
                if self.chance(0.5):
                    return (f"{w}[{i}, ...][{j}]", P_ATOM)
                return (f"{w}[..., {j}][{i}]", P_ATOM)
            if self.chance(0.5):
                return (f"{w}[{i}, {j}]", P_ATOM)
            return (f"{w}[{i}][{j}]", P_ATOM)
        if r < 0.45 and self.chance(0.15):
            # axis= naming both axes: the whole reduction, also of a slice
            m = self.pick(["sum", "mean", "max", "min", "std", "var"])
            part = self.pick([w, f"{w}[{self.window_slice(cols, static)}]"])
            axes = self.pick(["(0, 1)", "(1, 0)", "(-1, 0)"])
            return (f"np.{m}({part}, axis={axes})", P_ATOM)
        if r < 0.45:
            return (f"{reduction}({w}[{self.window_slice(cols, static)}])", P_ATOM)
        if r < 0.55:
            method = self.pick(["sum", "mean", "max", "min", "var", "std",
                                "median", "percentile", "argmax", "argmin", "ptp"])
            axis = self.pick(["0", "1", "-1"])
            if not static and method in ("median", "percentile", "argmax", "argmin", "ptp"):
                axis = self.pick(["1", "-1"])  # axis 0 of reshape(-1, k): a diagnostic
            index = self.pick(["0", "-1"])
            # Order statistics along an axis: + 0.0 makes a zero's sign
            # positive (which of two equal zeros a lane's selection returns
            # may differ, docs/language.md); float() makes numpy's int a float.
            if method == "median":
                return (f"(np.median({w}, axis={axis})[{index}] + 0.0)", P_ATOM)
            if method == "percentile":
                q = self.rng.randint(0, 100)
                return (f"(np.percentile({w}, {q}, axis={axis})[{index}] + 0.0)", P_ATOM)
            if method in ("argmax", "argmin"):
                return (f"float({w}.{method}(axis={axis})[{index}])", P_ATOM)
            if method == "ptp":
                return (f"({w}.ptp(axis={axis})[{index}] + 0.0)", P_ATOM)
            return (f"{w}.{method}(axis={axis})[{index}]", P_ATOM)
        if r < 0.56 and static:
            # Views and diagonals of a 3x3 view: flips, rotations, diag, trace.
            view = self.pick([f"np.fliplr({w})", f"np.flipud({w})", f"np.flip({w})",
                              f"np.rot90({w}, {self.rng.randint(-2, 4)})", f"np.flip({w}, 1)"])
            form = self.rng.randint(0, 2)
            if form == 0:
                return (f"{view}[{self.rng.randint(-3, 2)}, {self.rng.randint(-3, 2)}]", P_ATOM)
            if form == 1:
                return (f"{reduction}(np.diag({view}, {self.rng.randint(-2, 2)}))", P_ATOM)
            return (f"float(np.trace({w}) - {view}.trace())", P_ATOM)
        if r < 0.575:
            # 2-D arrays joined along an axis: rows need a static count
            # (axis 0 of reshape(-1, k) is a diagnostic), columns do not.
            axis = self.pick(["1", "-1", "None"] if not static else ["0", "1", "-2", "None"])
            other = self.pick([f"{w} * 2.0", f"np.abs({w})", w])
            joined = f"np.concatenate(({w}, {other}), axis={axis})"
            if axis == "None":
                return (f"{joined}[{self.pick(['0', '-1', '2'])}]", P_ATOM)
            return (f"{reduction}({joined}[{self.window_slice(cols, static)}])", P_ATOM)
        if r < 0.6 or (GRADIENT_FOCUS and self.chance(GRADIENT_FOCUS / 3)):
            # One axis of np.gradient (a length-1 axis always raises: a
            # compile error, so only axis 0 of an (n, 1) view).
            axis = self.pick(["0", "-2"] if cols == 1 else ["0", "1", "-1", "-2"])
            g = f"np.gradient({w}, axis={axis})"
            if GRADIENT_FOCUS and self.chance(GRADIENT_FOCUS):
                step = self.pick(["0.5", "2", "0.1", "3.0"])
                order = self.pick(["", ", edge_order=2", ", edge_order=1"])
                g = f"np.gradient({w}, {step}, axis={axis}{order})"
                if self.chance(0.3):
                    k = self.pick(["0", "-1", "1"])
                    return (f"float(np.gradient({buf}, {step}{order})[{k}])", P_ATOM)
            if self.chance(0.5):
                return (f"{g}[{self.pick(['0', '-1', '1'])}, {self.rng.randint(-cols, cols - 1)}]",
                        P_ATOM)
            return (f"{reduction}({g})", P_ATOM)
        if r < 0.63:
            x = paren(self.expr(FLOAT, scope, d), P_CMP + 1)
            return (f"{reduction}({w} * {w}[0] - {x})", P_ATOM)
        if r < 0.7:
            # float(): an int here would meet float-only format specs
            return (f"float(len({w}) + {w}.shape[-1] * {w}.ndim + {w}.size)", P_ATOM)
        # Masks and index arrays on the buffer itself. (An expression
        # generated is always used: it may call a helper.)
        r = self.rng.random()
        if r < 0.75:
            kind = self.rng.randint(0, 3)  # inclusive
            x = paren(self.expr(FLOAT, scope, d), P_CMP + 1) if kind < 2 else None
            mask = [f"{buf} > {x}", f"({buf} > {x}) & ({buf} < {x} + 2.0)",
                    f"~np.isnan({buf})", f"{buf} <= {buf}[0]"][kind]
            if r < 0.4:
                return (f"np.sum({buf}[{mask}])", P_ATOM)
            if r < 0.6:
                return (f"float(len({buf}[{mask}]))", P_ATOM)
            # float(): a numpy integer's arithmetic is not Python's (documented)
            return (f"float(({buf}[{mask}]).astype(int).sum())", P_ATOM)
        idx = f"np.clip(np.abs({buf}), 0, len({buf}) - 1).astype(int)"
        if self.chance(0.5):
            idx = f"({buf} > {buf}[0]).astype(int)"
        return (f"{buf}[{idx}].{self.pick(['sum', 'max', 'mean'])}()", P_ATOM)

    # --- powers of the window (svml helper) ------------------------------
    # -- slices of windows with run-time bounds (slices2d) ----------------------

    def window_runtime_slice(self, w, cols, scope, d):
        """A block of rows (or a row segment) at a run-time offset, often
        clamped or empty: reduced, measured, or two such blocks combined."""
        a = f"({paren(self.expr(INT, scope, d + 1), P_TERNARY)}) % 6 - 2"
        k = self.pick(["1", "2", "3"])
        cs = ":" if cols == 1 else self.pick([":", "1:", ":2", "::-1"])
        step = self.pick(["", "", ":2", ":-1"])
        row = self.chance(0.25) and cols == 3  # a 1-D block: its elements are numbers
        if row:
            block = f"{w}[{self.pick(['0', '-1', '1'])}, {a}:{a} + {k}{step}]"
        else:
            block = f"{w}[{a}:{a} + {k}{step}, {cs}]"
        r = self.rng.random()
        if r < 0.5:
            red = self.pick(["np.sum", "np.mean", "np.max", "np.min", "np.median", "np.prod",
                             "np.any", "np.all", "np.var", "len"])
            if red in ("np.any", "np.all"):  # numpy.bool_, which += would mix with numbers
                return (f"float({red}({block}))", P_ATOM)
            return (f"{red}({block})", P_ATOM)
        if r < 0.7:
            return (f"np.sum({block} * 2.0 - {paren(self.expr(FLOAT, scope, d + 1), P_ADD + 1)})",
                    P_ATOM)
        if r < 0.85 and not block.startswith(f"{w}[0,"):
            b = block.replace(a, self.pick(["0", "1", "-1"]), 2)
            return (f"np.sum({block} - {b})", P_ATOM)
        # int(): np.sum of a list is a numpy int, whose numpy-ness llcc loses
        # through a helper's keyword argument (a known gap, not this one's)
        if row:  # len() of a number is a TypeError in CPython, a compile error in llcc
            return (f"int(np.sum([abs(v) > 1 for v in {block}])) + {block}.size", P_ADD)
        return (f"int(np.sum([len(row) for row in {block}])) + {block}.size", P_ADD)

    def window_block(self, w, scope, d):
        """A block at run-time offsets in both dimensions of a (3, 3) window
        (w[a:a + 2, b - 1:b + 1]): clamped or empty at the edges, reduced,
        indexed, measured, or combined with numbers, a constant 2-D array or
        another block (numpy's ValueError when they do not broadcast)."""
        off = lambda: f"({paren(self.expr(INT, scope, d + 1), P_TERNARY)}) % 6 - 2"
        def block():
            a, b = off(), off()
            return (f"{w}[{a}:{a} + {self.pick(['1', '2', '3'])}, "
                    f"{b} - 1:{b} + {self.pick(['0', '1', '2'])}]")
        q = block()
        r = self.rng.random()
        if r < 0.35:
            red = self.pick(["np.sum", "np.mean", "np.max", "np.min", "np.median", "np.prod",
                             "np.var", "np.std", "np.ptp", "len", "np.count_nonzero"])
            return (f"{red}({q})", P_ATOM)
        if r < 0.45:
            return (f"{q}.shape[{self.pick(['0', '1', '-1'])}] + {q}.size", P_ADD)
        if r < 0.55:
            return (f"{q}[{self.pick(['0', '-1'])}, {self.pick(['0', '-1'])}]", P_ATOM)
        if r < 0.7:
            x = paren(self.expr(FLOAT, scope, d + 1), P_MUL + 1)
            return (f"np.sum(np.abs({q} - {x}) * {q})", P_ATOM)
        if r < 0.85:
            k = self.pick(["np.ones((2, 2))", "np.array([[1.0, -2.0], [0.5, 3.0]])",
                           "np.array([[2.0, 1.0]])", "np.array([1.0, -1.0])"])
            return (f"np.sum({q} * {k})", P_ATOM)
        return (f"np.mean(({q} - {block()}) ** 2)", P_ATOM)

    def window_power(self, w, scope, d):
        """array ** number's shortcuts (numpy's fast_scalar_power: ** 2,
        ** 0.5, ** -1, ** 1, ** 0), also picked by a run-time exponent. The
        power ufunc itself is numpy's SVML on AVX512_SKX while the difftest
        compiles for --cpu generic (tests/python/test_numpy_power.py checks
        it), so other exponents stay out."""
        k = self.pick(["2", "0.5", "-1", "1", "0", "2.0", "-1.0", "1.0",
                       f"float(len({self.buf}) % 3)", f"(0.5 if len({self.buf}) > 4 else 2)"])
        base = self.pick([w, f"np.abs({w})", f"({w} + 0.5)"])
        red = self.pick(["np.sum", "np.max", "np.min", "np.mean"])
        return (f"{red}({base} ** {k})", P_ATOM)

    # --- inverse hyperbolic functions (svml2 helper) ----------------------
    def window_inverse_hyperbolic(self, w):
        """np.arcsinh, np.arccosh, np.arctanh (builtins since the SVML ports)
        of a number from the window, in each one's domain. numpy's SVML on
        AVX512_SKX, the C library under --cpu generic: inexact (CPython runs
        the C library's for scalars, run.py LIBM_NAMES)."""
        self.inexact = True
        red = self.pick(["np.sum", "np.max", "np.min", "np.mean"])
        v = f"float({red}({w}))"
        fn, arg = self.pick([("np.arcsinh", v), ("np.arccosh", f"abs({v}) + 1.0"),
                             ("np.arctanh", f"np.tanh({v}) * 0.5")])
        return (f"{fn}({arg})", P_ATOM)

    def library_float(self, scope, d):
        """A float from the numpy and math library: functions of numbers,
        and of the buffer (reductions, searches, new arrays indexed). Each
        argument expression is generated only if the pick uses it (a helper
        call in a dropped expression would leave the helper uncalled)."""
        def x():
            return paren(self.expr(FLOAT, scope, d), P_TERNARY)
        b = self.buf
        r = self.rng.random()
        if r < 0.3 or not b:
            fn = self.pick(LIBRARY_UNARY)
            if fn in INEXACT_NP:
                self.inexact = True
                return (f"{fn}(min(max({x()}, -0.5), 50.0))", P_ATOM)
            if fn in NUMPY_INTEGER_UNARY:
                # Of an int these give a numpy integer, whose arithmetic
                # differs from Python's int (docs/language.md, "numpy
                # integers"): the generator keeps to float arguments.
                return (f"{fn}(float({x()}))", P_ATOM)
            return (f"{fn}({x()})", P_ATOM)
        if r < 0.36:
            k = self.rng.randint(-2, 3)
            return (self.pick([lambda: f"np.round({x()}, {k})",
                               lambda: f"np.around({x()}, decimals={k})",
                               lambda: f"np.round({b}[0], {k})"])(), P_ATOM)
        if r < 0.4:
            return (f"float(np.float32({x()}))", P_ATOM)
        if self.chance(0.1):
            return self.libnp_float(x, b)
        choices = [
            lambda: f"np.average({b})",
            lambda: f"np.average({b}, weights=np.arange(len({b})) + 1.0)",
            lambda: f"np.nanpercentile({b}, {self.rng.randint(0, 100)})",
            # A network for 3, 5, 9 or 25 values, NaNs sorted last.
            lambda: f"np.nanmedian({b})",
            lambda: f"np.sum(np.nan_to_num({b}{self.pick(['', ', nan=-1.0', ', posinf=9.0, neginf=-9.0'])}))",
            lambda: f"float(np.nan_to_num({b}[{self.rng.randint(-2, 1)}]))",
            # Bounds from the window may be NaN (numpy then ignores them).
            lambda: f"float(np.sum(np.clip({b}, {self.pick(['-1.0', 'np.nan', f'np.min({b})', f'{b}[0]'])}, "
                    f"{self.pick(['2.5', 'np.nan', f'np.max({b})', f'{b}[-1]'])})))",
            lambda: f"float(np.clip({b}[{self.rng.randint(-2, 1)}], {b}[1], {self.pick(['np.nan', '0.5'])}))",
            # the statistics module's order statistics (Python's sort, NaNs and all)
            lambda: f"float(statistics.{self.pick(['median', 'median_low', 'median_high'])}({b}))",
            lambda: f"float(statistics.mode([round(q) for q in {b} if q == q] + [0]))",
            # divmod of numpy floats, Python floats and ints.
            lambda: f"float(divmod({b}[0], {self.pick(['2.5', '-0.75', f'{b}[-1]', '3'])})[{self.rng.randint(0, 1)}])",
            lambda: f"float(divmod(len({b}) - {self.rng.randint(0, 12)}, {self.pick(['4', '-3', '2.5', f'len({b}) % 3'])})[{self.rng.randint(0, 1)}])",
            # np.where of numbers: a 0-d float64 of the value picked.
            lambda: f"float(np.where({b}[0] > {b}[-1], {b}[0] * 2.0, {self.float_literal()[0]}))",
            # Both values are computed, and either may raise (Python floats).
            lambda: f"float(np.where({x()} > 0, {x()}, {x()}))",
            lambda: self.pick([f"float(np.sum(np.clip({b}, {b}[0], None)))",
                               f"float(np.clip({b}, None, {self.pick(['0.5', 'np.nan'])})[-1])"]),
            # A constant q: a selection network for 3, 5, 9 or 25 values.
            lambda: f"np.percentile({b}, {self.pick([0, 10, 25, 50, 62.5, 75, 90, 100])})",
            lambda: f"np.quantile({b}, {self.rng.random():.3f})",
            lambda: f"np.nanquantile({b}, {self.rng.random():.3f})",
            lambda: f"np.dot({b}, {b}[::-1])", lambda: f"np.inner({b}, {b})",
            lambda: f"np.convolve({b}, [0.25, 0.5, 0.25], "
                    f"{self.pick(CONVOLVE_MODES)})[0]",
            lambda: f"np.correlate({b}, {b}[:2], 'full')[-1]",
            lambda: f"np.convolve({b}[:{self.rng.randint(1, 4)}], {b})"
                    f"[{self.rng.randint(-1, 0)}]",
            lambda: f"np.polyval({b}, min(max({x()}, -4.0), 4.0))",
            lambda: f"np.interp({x()}, np.sort({b}), {b})",
            lambda: f"np.interp({x()}, np.linspace(-10.0, 10.0, len({b})), {b}, left=0.5)",
            lambda: f"np.cumsum({b})[-1]",
            lambda: f"np.cumprod({b} * 0.5)[{self.rng.randint(-1, 0)}]",
            lambda: f"np.sum(np.diff({b}))", lambda: f"np.flip({b})[0]",
            lambda: f"np.roll({b}, {self.rng.randint(-3, 3)})[0]",
            lambda: f"np.concatenate(({b}, {b}[:1]))[-1]", lambda: f"np.unique({b})[0]",
            lambda: f"np.sum(np.square({b}))", lambda: f"np.sum(np.round({b}, 1))",
            lambda: f"np.sum(np.sign({b}))", lambda: f"np.sort({b}, kind='stable')[0]",
            lambda: f"np.linspace(0.0, {x()}, len({b}))[-1]",
            lambda: f"np.arange(0.5, len({b}) + 0.5, 0.5)[-1]",
            lambda: f"np.full_like({b}, 2.0)[0]", lambda: f"math.fsum({b})",
            lambda: f"math.prod({b})", lambda: f"np.partition({b}, 0)[0]",
            # int(): histogram counts are numpy integers, whose arithmetic
            # is not Python's (docs/language.md, numpy integers; seed 31663)
            lambda: f"int(np.histogram({b}, bins={self.rng.randint(1, 5)})[0][0])",
            lambda: f"int(np.histogram({b}, 3, range=(-1.0, 1.0))[0][-1])",
            lambda: f"np.histogram({b}, bins=2)[1][1]",
            lambda: f"math.hypot({x()}, {x()}, {x()})", lambda: f"math.hypot({x()})",
            lambda: f"math.dist({b}[:2], {b}[-2:])",
            lambda: f"math.dist(({x()}, 1.0), [{x()}, 2])",
            lambda: f"np.unique({b}, return_counts=True)[0][-1]",
            lambda: f"np.unique({b} * 2.0, return_index=True)[0][0]",
            lambda: f"np.bincount(np.minimum(np.abs({b}), 40.0).astype(np.int64), "
                    f"weights={b}, minlength=3)[1]",
            # np.bincount of a mask, and a library function called with
            # floats and with a mask in one program (one version of it
            # per kind of argument).
            lambda: f"np.bincount({b} > ({x()}), weights={b}, minlength=2)[1]",
            lambda: f"float(np.argsort({b} > ({x()}))[0] + np.unique({b})[0])",
            lambda: f"np.polyval([{x()}, 1.5, -0.5], min(max({x()}, -4.0), 4.0))",
            lambda: f"math.log(abs({x()}) + 1.0, 2)",
            lambda: f"np.linalg.norm({b})",
            lambda: f"np.gradient({b})[{self.rng.randint(-2, 1)}]",
            lambda: f"float(np.isin({b}, [0.0, 1.0, {x()}]).sum())",
            lambda: f"float(np.isin({b}, ({b}[0], 2), invert=True)[-1])",
            lambda: f"np.linalg.norm({b}, {self.pick(['1', '2', '0', 'np.inf', '-np.inf'])})",
            # Several q at once: + 0.0 as for the axis statistics.
            lambda: f"(np.percentile({b}, [{self.rng.randint(0, 100)}, "
                    f"{self.rng.randint(0, 100)}])[{self.rng.randint(0, 1)}] + 0.0)",
        ]
        return (self.pick(choices)(), P_ATOM)

    def statistics_exact(self, scope, d):
        """statistics.mean, variance, pvariance, stdev, pstdev (with xbar or
        mu), geometric_mean, quantiles and multimode of the buffer and of lists made from it:
        numpy scalars, Python floats (tolist), data that cancel (+ 1e16) or
        scale far. Fewer than two values raise StatisticsError in CPython
        (a ValueError in llcc, another class name): guarded."""
        b = self.buf
        def x():
            return paren(self.expr(FLOAT, scope, d), P_TERNARY)
        data = self.pick([b, b, f"{b}.tolist()", f"[q + 1e16 for q in {b}]",
                          f"[q * 1e200 for q in {b}]", f"[q * 1e-300 for q in {b}]",
                          f"[q for q in {b} if q == q]", f"({b}[0], {b}[-1], 0.1)"])
        fn = self.pick(["mean", "variance", "pvariance", "stdev", "pstdev", "geometric_mean"])
        need = {"variance": 2, "stdev": 2}.get(fn, 1)
        args = data
        if fn != "mean" and fn != "geometric_mean" and self.chance(0.35):
            key = "xbar" if fn in ("variance", "stdev") else "mu"
            c = self.pick([f"{b}[0]", "1.0", "1e16", x()])
            args += f", {key}={c}" if self.chance(0.5) else f", {c}"
        if fn == "geometric_mean":
            args = f"[abs(q) + 1.0 for q in {data}]"
        call = f"statistics.{fn}({args})"
        if self.chance(0.25):
            n = self.rng.randint(1, 6)
            method = self.pick(["", ", method='inclusive'", ", method='exclusive'"])
            fn, need = "quantiles", 2
            call = f"statistics.quantiles({data}, n={n}{method})[{self.rng.randint(0, n) - 1}]"
            if n == 1:
                call = f"float(len(statistics.quantiles({data}, n=1)))"
        elif self.chance(0.15):
            call = f"statistics.multimode({data})[{self.pick(['0', '-1'])}]"
        return (f"({call} if len({data}) >= {need} else 0.5)", P_ATOM)

    # -- scipy: scipy.stats summaries and scipy.special functions -------------

    def special_cephes(self, scope, d):
        """scipy.special's cephes functions, SciPy 1.10.1's C ported to
        stdlib/cephes.flt and bessel.flt: of floats (scaled to reach their
        branches: erfc's exp underflow, Gamma's Stirling and reflection,
        lgam's poles, the Bessel functions' asymptotic forms),
        of special values, and of arrays made from the buffer (elementwise)."""
        b = self.buf
        def x():
            return paren(self.expr(FLOAT, scope, d), P_UNARY)
        f1 = self.pick(["erf", "erfc", "ndtr", "gamma", "gammaln", "ndtri", "erfcinv", "j0", "j1",
                        "y0", "y1", "i0", "i1"])
        data = self.pick([b, f"{b}[::-1]", f"({b} * 10.0)", f"({b} - 30.0)",
                          f"{b}[:{self.rng.randint(0, 3)}]", f"({b} * {x()})"])
        scale = self.pick(["0.5", "3.0", "8.0", "40.0", "-3.0", "-40.0", "200.0"])
        special = self.pick(["0.0", "-0.0", "1.0", "-1.0", "-2.0", "0.5", "np.nan", "np.inf",
                             "-np.inf", "5e-324", "171.7", "-34.5", "1e300", "0.975", "1.5",
                             "5.0", "8.0", "1e-14"])
        call = self.pick([
            f"scipy.special.{f1}({x()})", f"scipy.special.{f1}({x()} * {scale})",
            f"scipy.special.{f1}({special})",
            f"scipy.special.xlog1py({x()}, {x()})",
            f"scipy.special.xlog1py({x()}, {self.pick([special, scale])})",
            f"np.sum(scipy.special.{f1}({data}))",
            f"scipy.special.{f1}({b} * {scale})[{self.pick(['0', '-1'])}]",
            # the inverses inside their domain: a probability, twice one
            f"scipy.special.{self.pick(['ndtri', 'erfcinv'])}(1.0 / (1.0 + abs({x()})))",
            f"np.sum(scipy.special.{self.pick(['ndtri', 'erfcinv'])}(1.0 / (1.0 + np.abs({b}))))",
            # norm.cdf: ndtr with SciPy's checks (a scale <= 0 or NaN: NaN)
            f"scipy.stats.norm.cdf({x()})",
            f"scipy.stats.norm.cdf({x()}, {x()}, {self.pick([x(), scale, special])})"])
        return (f"float({call})", P_ATOM)

    def scipy_lib(self, scope, d):
        """scipy.stats.skew, kurtosis, entropy, variation, sem, hmean, iqr,
        zscore, trim_mean, tmean, tvar, tstd and mode of the buffer and of arrays
        made from it (cancelling, huge, short, empty), and scipy.special's
        functions of floats and arrays. Not gmean,
        entropy(base=) nor skew(bias=False): SciPy calls numpy's SVML log,
        exp and power there, which run.py's --cpu generic build replaces by
        the C library's (test_scipy_lib.py checks them natively)."""
        b = self.buf
        def x():
            return paren(self.expr(FLOAT, scope, d), P_TERNARY)
        data = self.pick([b, b, f"{b}[::-1]", f"({b} + 1e16)", f"({b} * 1e200)",
                          f"{b}[:{self.rng.randint(0, 4)}]",
                          f"({b} * {paren(self.expr(FLOAT, scope, d), P_UNARY)})"])
        pos = f"np.abs({data})"
        flag = lambda: self.pick(["True", "False"])
        if self.chance(0.6):
            call = self.pick([
                f"scipy.stats.skew({data})", f"scipy.stats.skew({data}, bias=True)",
                f"scipy.stats.kurtosis({data})",
                f"scipy.stats.kurtosis({data}, fisher={flag()}, bias={flag()})",
                f"scipy.stats.entropy({pos})", f"scipy.stats.entropy({data})",
                f"scipy.stats.variation({data}, ddof={self.rng.randint(0, 2)})",
                f"scipy.stats.sem({data})", f"scipy.stats.sem({data}, ddof={self.rng.randint(0, 2)})",
                f"scipy.stats.hmean({self.pick([pos, data])})",
                f"scipy.stats.iqr({self.pick([data, b + '.reshape(-1, 1)'])})",
                f"scipy.stats.iqr({data}, scale={x()})",
                "scipy.stats.iqr(%s, scale=%s)" % (data, self.pick(["'normal'", "'Raw'"])),
                f"scipy.stats.median_abs_deviation({data})",
                "scipy.stats.median_abs_deviation(%s, scale=%s)"
                % (data, self.pick(["'normal'", x(), "2.0"])),
                "scipy.stats.median_abs_deviation(%s, nan_policy=%s)"
                % (data, self.pick(["'omit'", "'raise'", "'propagate'"])),
                f"scipy.stats.zscore({data}, ddof={self.rng.randint(0, 2)})"
                f"[{self.pick(['0', '-1'])}]",
                f"np.sum(scipy.stats.zscore({data}))",
                f"scipy.stats.trim_mean({data}, {self.pick(['0.1', '0.25', '0.5', '0.0', x()])})",
                # mode: numbers (keepdims=False) or arrays of one element
                # (None, True; never of no data with True, a documented
                # difference).
                f"scipy.stats.mode({data}, keepdims=False)[{self.pick(['0', '1', '-1'])}]",
                f"scipy.stats.mode({data}, keepdims=False).{self.pick(['mode', 'count'])}",
                f"scipy.stats.mode({data})[{self.pick(['0', '1'])}][0]",
                f"scipy.stats.mode(np.round({b}), keepdims=True).{self.pick(['mode', 'count'])}[0]",
                f"scipy.stats.mode({data}, nan_policy='raise', keepdims=False).mode",
                # 'omit': the masked path when np.sum is NaN (a float count
                # there, an int of the same value in llcc).
                f"scipy.stats.mode({data}, nan_policy='omit', keepdims=False)"
                f"[{self.pick(['0', '1'])}]",
                f"scipy.stats.mode({data}, nan_policy='omit').{self.pick(['mode', 'count'])}[0]",
                f"scipy.stats.tmean({data})", f"scipy.stats.tmean({data}, ({x()}, {x()}))",
                f"scipy.stats.tmean({data}, limits=(None, {self.pick(['0.0', '1e300', x()])}))",
                f"scipy.stats.{self.pick(['tvar', 'tstd'])}({data}, ({x()}, None), "
                f"ddof={self.rng.randint(0, 2)})",
                f"scipy.stats.{self.pick(['tvar', 'tstd'])}({data})",
                # StatisticsError is llcc's ValueError: no empty data.
                f"(statistics.median_grouped({data}, {self.pick(['1', '0.5', x()])}) "
                f"if len({data}) > 0 else 0.5)"])
        else:
            f1 = self.pick(["expit", "logit", "entr"])
            f2 = self.pick(["xlogy", "rel_entr", "kl_div", "huber"])
            call = self.pick([f"scipy.special.{f1}({x()})", f"scipy.special.{f2}({x()}, {x()})",
                              f"np.sum(scipy.special.{f1}({data}))",
                              f"scipy.special.{f1}({self.pick(['0.0', '-0.0', '1.0', 'np.nan'])})"])
        return (f"float({call})", P_ATOM)

    # -- np.isclose/np.digitize of arrays, quantile methods, where= (libnp) ----

    QUANTILE_METHODS = ["linear", "lower", "higher", "nearest", "midpoint", "inverted_cdf",
                        "averaged_inverted_cdf", "closest_observation",
                        "interpolated_inverted_cdf", "hazen", "weibull", "median_unbiased",
                        "normal_unbiased"]

    def libnp_float(self, x, b):
        """A float from np.isclose/np.digitize of the buffer, a percentile
        with method= (or interpolation=), or a reduction with where=; the
        masked maximum and minimum + 0.0, as their zero's sign is numpy's
        SIMD lanes' (docs/language.md)."""
        method = self.pick(self.QUANTILE_METHODS)
        kw = self.pick(["method"] * 4 + ["interpolation"])
        mask = self.pick([f"{b} > {x()}", f"{b} != {b}[0]", f"~np.isnan({b})",
                          f"np.abs({b}) < 2.0", f"np.isclose({b}, {b}[-1], atol=0.5)"])
        q = self.pick(["0", "10", "25", "37.5", "50", "90", "100", f"{self.rng.randint(0, 100)}"])
        choices = [
            lambda: f"float(np.isclose({b}, {x()}).sum())",
            lambda: f"float(np.count_nonzero(np.isclose({b}, {b}[{self.rng.randint(-2, 1)}], "
                    f"rtol={self.pick(['0.0', '0.1', '1e-05'])}, atol={self.pick(['0.0', '0.5', '1e-08'])}"
                    f"{self.pick(['', ', equal_nan=True'])})))",
            lambda: f"float(np.sum({b}[np.isclose({b}, {x()}, atol=1.0)]))",
            lambda: f"float(np.isclose({x()}, {b}[::-1]).any())",
            lambda: f"float(np.digitize({b}, [{self.pick(['-1.0, 0.0, 1.0', '2, 1, 0', '0.5'])}]"
                    f"{self.pick(['', ', right=True'])}).sum())",
            lambda: f"float(np.digitize({x()}, np.sort({b})))",
            lambda: f"float(np.percentile({b}, {q}, {kw}={method!r}))",
            lambda: f"float(np.quantile({b}, {self.rng.random():.3f}, method={method!r}))",
            lambda: f"float(np.nanpercentile({b}, {q}, method={method!r}))",
            lambda: f"float(np.percentile(np.abs(np.nan_to_num({b})).astype(np.int64) % 7, {q}, "
                    f"method={method!r}))",
            lambda: f"float(np.sum({b}, where={mask}))",
            lambda: f"float({b}.sum(where={mask}))",
            lambda: f"float(np.mean({b}, where={mask}))",
            lambda: f"float(np.nansum({b}, where={mask}))",
            lambda: f"float(np.prod({b}, where={mask}))",
            lambda: f"(float(np.{self.pick(['max', 'min'])}({b}, where={mask}, "
                    f"initial={self.pick(['0.0', '-np.inf', 'np.inf', '1.5'])})) + 0.0)",
            lambda: f"float(np.sum({b}, dtype={self.pick(['np.float64', 'float'])}))",
        ]
        return (self.pick(choices)(), P_ATOM)

    def library_int(self, scope, d):
        """An int from the numpy and math library."""
        b = self.buf

        def x():
            return paren(self.expr(FLOAT, scope, d), P_TERNARY)
        n = self.rng.randint(0, 12)
        def i():
            return paren(self.expr(INT, scope, d), P_TERNARY)
        digits = self.rng.randint(-3, 2)
        choices = [lambda: f"math.factorial({n})",
                   lambda: f"math.comb({n + 3}, {self.rng.randint(0, 5)})",
                   lambda: f"math.gcd({paren(self.expr(INT, scope, d), P_TERNARY)}, {n})",
                   # ints rounded to decimals stay ints (numpy's or exact)
                   lambda: f"int(np.round({i()}, {digits}))",
                   lambda: f"int(np.around({i()}, {digits}))",
                   lambda: f"int(round({i()}, {digits}))"]
        if b:
            # numpy returns numpy integers here, whose // and % by zero do
            # not raise (docs/language.md, numpy integers): int() makes
            # them Python ints, as llcc's are.
            choices += [lambda: f"int(np.searchsorted(np.sort({b}), {x()}))",
                        lambda: f"int(np.searchsorted(np.sort({b}), {x()}, side='right'))",
                        lambda: f"int(np.digitize({x()}, np.linspace(-5.0, 5.0, 4)))",
                        lambda: f"int(np.nanargmin({b}))", lambda: f"int(np.nanargmax({b}))",
                        lambda: f"int(np.argsort({b}, kind='stable')[0])",
                        lambda: f"int(np.argsort({b})[{self.rng.randint(-2, 1)}])",
                        lambda: f"int({b}.argsort()[0])",
                        lambda: f"int(np.bincount(np.minimum(np.abs({b}), 40.0)"
                                f".astype(np.int64))[0])",
                        lambda: f"int(np.bincount(np.minimum(np.abs({b}), 40.0)"
                                f".astype(np.int64), minlength=50)[-1])",
                        lambda: f"int(np.unique({b}, return_index=True)[1][-1])",
                        lambda: f"int(np.unique({b}, return_inverse=True)[1][0])",
                        lambda: f"int(np.unique({b}, return_counts=True)[1][0])",
                        lambda: f"len(np.unique({b}, return_counts=True, equal_nan=False)[1])",
                        lambda: f"np.count_nonzero({b})",
                        lambda: f"int(np.bincount({b} > ({x()}), minlength=3)[-1])",
                        lambda: f"int(np.argsort({b} >= ({x()}), kind='stable')[-1])",
                        lambda: f"len(np.nonzero({b} > ({x()}))[0])",
                        lambda: f"int(np.sum(np.where(np.isnan({b}))[0]))",
                        lambda: f"int(np.flatnonzero({b}).sum())",
                        lambda: f"int(np.round(np.argsort({b}) * 15, {digits})[-1])",
                        lambda: self.unravel_int(b, i)]
        return (self.pick(choices)(), P_ATOM)

    def unravel_int(self, b, i):
        # np.unravel_index of one index (misc helper): numpy ints, numpy's
        # ValueError outside [0, size).
        k = self.pick([f"int(np.argmax({b}))", f"len({b}) - 1", f"int({i()}) % 12", f"int({i()})"])
        dims = [self.pick(["3", "2", f"len({b}) // 3", f"len({b}) // 2", "-2", f"int({i()})"])
                for _ in range(self.pick([1, 2, 2, 3]))]
        shape = dims[0] if len(dims) == 1 and self.chance(0.5) else f"({', '.join(dims)},)"
        return f"int(np.unravel_index({k}, {shape})[{self.rng.randint(-len(dims), len(dims) - 1)}])"

    # --- isinstance(x, T) (misc helper): folded when compiling, CPython's
    # answer for the object CPython holds: a numpy.float64 is a float, a
    # numpy int no int, a numpy.bool_ neither bool nor int.
    ISINSTANCE_TYPES = ["int", "float", "bool", "complex", "list", "tuple", "np.ndarray",
                        "np.floating", "np.integer", "np.float64", "np.int64", "np.bool_",
                        "np.number", "np.generic"]

    def isinstance_expr(self, scope, d):
        b = self.buf
        values = [lambda: self.int_literal()[0], lambda: "2.5", lambda: "True",
                  lambda: f"int({paren(self.expr(INT, scope, d), P_TERNARY)})",
                  lambda: f"float({paren(self.expr(FLOAT, scope, d), P_TERNARY)})",
                  lambda: f"bool({paren(self.expr(FLOAT, scope, d), P_TERNARY)})"]
        if b:
            values += [lambda: f"{b}[0]", lambda: f"len({b})", lambda: f"np.argmax({b})",
                       lambda: b, lambda: f"sorted({b})", lambda: f"{b}[0] > 1.0",
                       lambda: f"{b}.sum()"]
        x = self.pick(values)()
        types = [self.pick(self.ISINSTANCE_TYPES) for _ in range(self.pick([1, 1, 2]))]
        spec = types[0] if len(types) == 1 else f"({', '.join(types)})"
        return (f"isinstance({x}, {spec})", P_ATOM)

    def bool_expr(self, scope, depth):
        r = self.rng.random()
        d = depth - 1
        if r < 0.45:
            n = self.pick([2, 2, 2, 3])
            ops = ["<", "<=", ">", ">=", "==", "!="]
            parts = [paren(self.num(scope, d)[1], P_BOR)]
            for _ in range(n - 1):
                parts.append(self.pick(ops))
                parts.append(paren(self.num(scope, d)[1], P_BOR))
            return (" ".join(parts), P_CMP)
        if r < 0.55:
            return (f"not {paren(self.expr(BOOL, scope, d), P_NOT)}", P_NOT)
        if r < 0.7:
            op, prec = self.pick([("and", P_AND), ("or", P_OR)])
            return (f"{paren(self.expr(BOOL, scope, d), prec)} {op} "
                    f"{paren(self.expr(BOOL, scope, d), prec + 1)}", prec)
        if r < 0.8:
            fn = self.pick(["math.isnan", "math.isinf", "math.isfinite", "np.isnan",
                            "np.isfinite", "np.isinf"])
            return (f"{fn}({paren(self.expr(FLOAT, scope, d), P_TERNARY)})", P_ATOM)
        if r < 0.82 and self.chance(0.5):
            # Tuples of ints compare member by member: (a, b) == (c, d).
            n = self.pick([1, 2, 2, 3])
            # int(...): an int ** int is an int only at run time to llcc,
            # which compares tuples only of members that are ints statically.
            sides = [", ".join(f"int({paren(self.expr(INT, scope, d - 1), P_TERNARY)})"
                               for _ in range(n))
                     + ("," if n == 1 else "") for _ in range(2)]
            return (f"({sides[0]}) {self.pick(['==', '!='])} ({sides[1]})", P_CMP)
        if r < 0.835 and self.chance(0.5):
            # Tuples of floats in CPython's order. A member is the same
            # variable on both sides (the same object: equal even when NaN)
            # or a fresh value (`* 1.0` makes a new object), never two
            # names that might hold one object (llcc cannot tell; see
            # docs/language.md).
            n = self.pick([1, 2, 2, 3])
            left, right = [], []
            for _ in range(n):
                v = self.var_of(scope, FLOAT)
                if v and self.chance(0.4):
                    left.append(v)
                    right.append(v)
                    continue
                for side in (left, right):
                    side.append(f"{paren(self.expr(FLOAT, scope, d - 1), P_MUL)} * 1.0")
            if self.chance(0.2):
                left.append(self.int_literal()[0])  # lengths differ
            sides = [", ".join(x) + ("," if len(x) == 1 else "") for x in (left, right)]
            op = self.pick(["==", "!=", "<", "<=", ">", ">="])
            return (f"({sides[0]}) {op} ({sides[1]})", P_CMP)
        if r < 0.85 and self.chance(ISINSTANCE):
            return self.isinstance_expr(scope, d)
        if r < 0.85:
            return (f"bool({paren(self.num(scope, d)[1], P_TERNARY)})", P_ATOM)
        if r < 0.87:
            if self.buf and self.rng.random() < 0.5:
                return self.container_expr(BOOL, scope, d)
            a = paren(self.expr(FLOAT, scope, d), P_TERNARY)
            kind = self.rng.randint(0, 2)
            if kind == 2:
                return (f"np.allclose({self.buf or 'np.zeros(2)'}, {a}, atol=1.0)", P_ATOM)
            c = paren(self.expr(FLOAT, scope, d), P_TERNARY)
            return ((f"math.isclose({a}, {c}, rel_tol=0.25)" if kind == 0
                     else f"bool(np.isclose({a}, {c}))"), P_ATOM)
        if r < 0.9:
            a = self.expr(BOOL, scope, d)
            c = self.expr(BOOL, scope, d)
            b = self.expr(BOOL, scope, d)
            return (f"{paren(a, P_OR)} if {paren(c, P_OR)} else {paren(b, P_TERNARY)}",
                    P_TERNARY)
        call = self.helper_call(BOOL, scope, depth)
        return call or self.leaf(BOOL, scope)

    # -- containers ------------------------------------------------------------

    def comp_scope(self, scope, t=FLOAT):
        """A comprehension or lambda variable, visible in a copy of `scope`.
        Sometimes it reuses a local of the same type: in Python 3 the
        comprehension's variable shadows it, and the local keeps its value."""
        taken = sorted(n for n in scope.assigned if scope.types.get(n) == t)
        if taken and self.chance(0.25):
            name = self.pick(taken)
            inner = scope.copy()
            return name, inner
        name = self.fresh("q")
        scope.types[name] = t
        inner = scope.copy()
        inner.assigned.add(name)
        return name, inner

    def container_expr(self, t, scope, depth):
        """Comprehensions, generator expressions, sets, `in`, key=/default=.

        Only the chosen form's parts are generated: a part generated and
        dropped could hold the only call of a helper (see self.called)."""
        buf = self.buf
        d = max(depth, 1)
        q, inner = self.comp_scope(scope)

        def cond():
            return paren(self.expr(BOOL, inner, d), P_OR)

        def elem(et=FLOAT):
            return paren(self.expr(et, inner, d), P_TERNARY)

        if t == INT:
            k = self.rng.randrange(9)
            if k >= 6:
                # enumerate() and range() passed as values to a consumer.
                if k == 6:
                    p = self.fresh("p")
                    return (f"max(enumerate({buf}), key=lambda {p}: {p}[1])[0]", P_ATOM)
                if k == 7:
                    lo, hi = self.rng.randint(-4, 2), self.rng.randint(-3, 5)
                    step = self.pick(["", ", 2", ", -1", ", -3"])
                    form = self.pick(["sum(list(range({a}, {b}{s})))", "len(range({a}, {b}{s}))",
                                      "min(range({a}, {b}{s}), default=-7)"])
                    return (form.format(a=f"len({buf}) + {lo}", b=hi, s=step), P_ATOM)
                i, inner_i = self.comp_scope(scope, INT)
                key = paren(self.expr(FLOAT, inner_i, d), P_TERNARY)
                return (f"sorted(range(len({buf})), key=lambda {i}: {key})"
                        f"[{self.rng.randint(-1, 0)}]", P_ATOM)
            if k == 0:
                return (f"len([{q} for {q} in {buf} if {cond()}])", P_ATOM)
            if k == 1:
                return (f"sum(1 for {q} in {buf} if {cond()})", P_ATOM)
            if k == 2:
                return (f"len(set({buf}))", P_ATOM)
            if k == 3:
                return (f"sum([{elem(INT)} for {q} in {buf}])", P_ATOM)
            if k == 4:
                return (f"len([{q} for {q} in {buf}][{self.rng.randint(-2, 2)}:])", P_ATOM)
            i, inner_i = self.comp_scope(scope, INT)
            key = paren(self.expr(FLOAT, inner_i, d), P_TERNARY)
            return (f"max(range(len({buf})), key=lambda {i}: {key})", P_ATOM)
        if t == FLOAT:
            fn = self.pick(["min", "max"])
            k = self.rng.randrange(12)
            if k >= 10:
                # Lists of tuples: (value, index) pairs sorted, chosen by
                # min/max (key= too), sliced, unpacked, grown by append.
                i, inner_i = self.comp_scope(inner, INT)
                e = paren(self.expr(FLOAT, inner_i, d), P_TERNARY)
                pairs = f"[({e}, {i}) for {i}, {q} in enumerate({buf})]"
                p = self.fresh("p")
                form = self.rng.randrange(10)
                if form == 9:
                    # default= of a list of tuples that may be empty
                    limit = self.pick(["1e300", "0.0", "-0.5"])
                    dflt = self.pick(["(0.5, -1)", "(0, 0)", "(-1.5, 7)"])
                    member = self.rng.randint(0, 1)
                    return (f"{fn}([({e}, {i}) for {i}, {q} in enumerate({buf}) if {q} > {limit}], "
                            f"default={dflt})[{member}] * 1.0", P_ATOM)
                if form == 6:
                    # Methods of numpy scalars on elements.
                    m = self.pick(["item()", "round(1)", "sum()", "mean()", "std()",
                                   "is_integer()", "max()"])
                    return (f"sum({q}.{m} for {q} in {buf})", P_ATOM)
                if form == 7:
                    # Quantiles of a list of q, unpacked.
                    f_ = self.pick(["np.percentile({b}, [25, 75])", "np.quantile({b}, (0.1, 0.9))"])
                    return (f"{f_.format(b=buf)}[{self.rng.randint(0, 1)}]", P_ATOM)
                if form == 8:
                    # Columns stacked into a 2-D array, reduced along an axis.
                    # (axis=1 would transpose a run-time first dimension: a
                    # documented compile error.)
                    return (f"np.column_stack([{buf}, {buf} * 2.0]).sum(axis=0)"
                            f"[{self.rng.randint(0, 1)}]", P_ATOM)
                if form == 0:
                    return (f"sorted({pairs})[{self.rng.randint(-2, 1)}][0]", P_ATOM)
                if form == 1:
                    return (f"{fn}(({e}, {i}) for {i}, {q} in enumerate({buf}))[1] * 1.0",
                            P_ATOM)
                if form == 2:
                    return (f"{fn}({pairs}, key=lambda {p}: {p}[1] * 0.5 - {p}[0])[0]", P_ATOM)
                if form == 3:
                    return (f"sum({p}[0] * {p}[1] for {p} in sorted({pairs}, "
                            f"reverse=True)[:3])", P_ATOM)
                if form == 4:
                    return (f"sum({q} - {i} for {q}, {i} in sorted({pairs}, "
                            f"key=lambda {p}: {p}[1] % 3))", P_ATOM)
                return (f"float(len([{p} for {p} in {pairs} if ({p}[0], {p}[1]) < "
                        f"({self.float_literal()[0]}, 2)]))", P_ATOM)
            if k == 9:
                # Clauses that unpack: enumerate, zip, reversed.
                i, inner_i = self.comp_scope(inner, INT)
                r_, inner_r = self.comp_scope(inner)
                form = self.rng.randrange(6)
                if form >= 3:
                    # zip() and enumerate() passed as values to a consumer.
                    p = self.fresh("p")
                    if form == 3:
                        return (f"{fn}(zip({buf}, {buf}[::-1]), key=lambda {p}: {p}[0] - {p}[1], "
                                f"default=(0.5, -0.5))[1]", P_ATOM)
                    if form == 4:
                        rev = self.pick(["", ", reverse=True"])
                        return (f"sorted(zip({buf}, range(len({buf})){', ' + buf + '[1:]' if self.chance(0.5) else ''})"
                                f"{rev})[0][0]", P_ATOM)
                    return (f"{fn}(enumerate({buf}, {self.rng.randint(-2, 2)}), "
                            f"key=lambda {p}: abs({p}[1]))[1] * 1.0", P_ATOM)
                if form == 0:
                    e = paren(self.expr(FLOAT, inner_i, d), P_TERNARY)
                    return (f"sum({e} for {i}, {q} in enumerate({buf}))", P_ATOM)
                e = paren(self.expr(FLOAT, inner_r, d), P_TERNARY)
                c = paren(self.expr(BOOL, inner_r, d), P_OR)
                if form == 1:
                    return (f"{fn}([{e} for {q}, {r_} in zip({buf}, {buf}[1:]) if {c}], "
                            f"default=-2.5)", P_ATOM)
                return (f"sum({e} for {q}, {r_} in zip({buf}, reversed({buf})))", P_ATOM)
            if k == 6:
                # Several for clauses, the second iterable using the first.
                r_, inner2 = self.comp_scope(inner)
                e = paren(self.expr(FLOAT, inner2, d), P_TERNARY)
                c = paren(self.expr(BOOL, inner2, d), P_OR)
                form = self.rng.randrange(3)
                if form == 0:
                    return (f"sum({e} for {q} in {buf} for {r_} in {buf}[:2] if {c})", P_ATOM)
                if form == 1:
                    return (f"{fn}([{e} for {q} in {buf}[::2] if {q} == {q} "
                            f"for {r_} in {buf}[1:] if {c}], default=-1.5)", P_ATOM)
                return (f"float(len([1 for {q} in {buf} for {r_} in {buf}[::3] if {c}]))",
                        P_ATOM)
            if k in (7, 8):
                # Lists of arrays: views of the buffer chosen by a key.
                a = self.rng.randint(1, 3)
                parts = self.pick([f"[{buf}[:{a}], {buf}[{a}:]]",
                                   f"[{buf}[::2], {buf}[1::2], {buf}[{a}:]]",
                                   f"[{buf}[i:i + 2] for i in range(0, len({buf}) - 1, {a})]"])
                z = self.fresh("z")
                key = self.pick(["var", "sum", "mean", "max", "min"])
                use = self.pick(["mean", "sum", "max", "min"])
                if k == 7 and self.chance(0.3):
                    # The list (or the same arrays as a tuple) handed to a
                    # helper that chooses among them.
                    name = f"g_{fn}_{key}_{use}"
                    self.list_helpers[name] = [
                        f"def {name}(parts):",
                        f"    return {fn}(parts, key=lambda z: z.{key}()).{use}()"]
                    if " for " not in parts and self.chance(0.5):
                        parts = "(" + parts[1:-1] + ")"
                    return (f"{name}({parts})", P_ATOM)
                if k == 7:
                    return (f"{fn}({parts}, key=lambda {z}: {z}.{key}()).{use}()", P_ATOM)
                return (f"sum({z}.{use}() for {z} in {parts})", P_ATOM)
            if k == 0:
                if self.chance(0.5):
                    # A tuple key: CPython's tuple order, ties to the next member.
                    return (f"{fn}({buf}, key=lambda {q}: (float({elem()} > 0.5), {q}))", P_ATOM)
                return (f"{fn}({buf}, key=lambda {q}: {elem()})", P_ATOM)
            if k == 1:
                e = elem()
                return (f"{fn}([{e} for {q} in {buf} if {cond()}], "
                        f"default={self.float_literal()[0]})", P_ATOM)
            if k == 2:
                return (f"sum({elem()} for {q} in {buf})", P_ATOM)
            rev = self.reverse_flag(["", "", ", reverse=True", ", reverse=False"])
            if k == 3:
                if self.chance(0.3):
                    return (self.long_nan_sort(q, inner, d, rev), P_ATOM)
                return (f"sorted({buf}{rev})[{self.rng.randint(-2, 1)}]", P_ATOM)
            if k == 4:
                return (f"sorted({buf}, key=lambda {q}: {elem()}{rev})"
                        f"[{self.rng.randint(-2, 1)}]", P_ATOM)
            return (f"{fn}(({q} for {q} in {buf} if {cond()}), default=0.0)", P_ATOM)
        k = self.rng.randrange(7)
        if k == 6:
            # tuple.__contains__: literal members (NaN objects among them),
            # a module-level tuple, a local name against itself.
            x = paren(self.expr(self.pick([FLOAT, INT]), scope, d), P_BOR)
            members = [self.pick([self.float_literal()[0], str(self.rng.randint(-2, 3)),
                                  "np.nan", "math.inf", x]) for _ in range(self.rng.randint(1, 4))]
            target = f"({', '.join(members)},)"
            if self.tuples and self.chance(0.4):
                target = self.pick(sorted(self.tuples))
            if self.chance(0.2):
                x = "np.nan"
            return (f"{x} {self.pick(['in', 'not in'])} {target}", P_CMP)
        if k == 0:
            return (f"{paren(self.expr(FLOAT, scope, d), P_BOR)} in {buf}", P_CMP)
        if k == 1:
            return (f"{paren(self.expr(FLOAT, scope, d), P_BOR)} not in set({buf})", P_CMP)
        if k == 2:
            return (f"{paren(self.expr(INT, scope, d), P_BOR)} in "
                    f"range({self.rng.randint(-3, 3)}, {self.length()})", P_CMP)
        if k == 3:
            return (f"any({cond()} for {q} in {buf})", P_ATOM)
        if k == 4:
            return (f"all([{cond()} for {q} in {buf}])", P_ATOM)
        return (f"{paren(self.expr(INT, scope, d), P_BOR)} in "
                f"[{self.rng.randint(-2, 2)}, {self.rng.randint(-2, 5)}]", P_CMP)

    def counts_stmt(self, scope, indent):
        """A dict of counts and its most common key, as a mode filter does."""
        dname, q, k = self.fresh("d"), self.fresh("q"), self.fresh("k")
        scope.types[q] = FLOAT
        inner = scope.copy()
        inner.assigned.add(q)
        key = self.pick([f"round({q}, 1)", f"{q} // 2.0", q, f"int(min(max({q}, -1e6), 1e6))"])
        target = self.fresh("n" if key.startswith("int") else "x")
        scope.types[target] = INT if key.startswith("int") else FLOAT
        form = self.rng.randrange(6)
        if form == 0 and key.startswith("int"):
            # counts started from a dict comprehension (int keys: a NaN key
            # is found again in CPython only through the same object)
            lines = [f"{indent}{dname} = {{{key}: 0 for {q} in {self.buf}}}",
                     f"{indent}for {q} in {self.buf}:",
                     f"{indent}    {k} = {key}",
                     f"{indent}    {dname}[{k}] += 1",
                     f"{indent}{target} = max({dname}, key={dname}.get)"]
            scope.types[k] = scope.types[target]
            scope.assigned.add(target)
            return lines
        if form == 1:
            # a dict comprehension or dict(zip(...)) reduced without lookups
            i = self.fresh("i")
            made = self.pick([f"{{{key}: {q} * 2.0 for {q} in {self.buf} if {q} == {q}}}",
                              f"{{{key}: {i} for {i}, {q} in enumerate({self.buf})}}",
                              f"dict(zip([{key} for {q} in {self.buf}], range(len({self.buf}))))",
                              f"dict(enumerate({self.buf}))"])
            kk, vv = self.fresh("k"), self.fresh("v")
            use = self.pick([f"float(len({dname}) + sum({dname}.values()))",
                             f"float(len(dict({dname})) - min({dname}.values(), default=0))",
                             f"float(sum({kk} * 0.5 - {vv} for {kk}, {vv} in {dname}.items()))",
                             f"float(sorted({dname}.items())[-1][1])"])
            lines = [f"{indent}{dname} = {made}", f"{indent}{target} = {use}"]
            scope.types[target] = FLOAT
            scope.assigned.add(target)
            return lines
        lines = [f"{indent}{dname} = {{}}",
                 f"{indent}for {q} in {self.buf}:",
                 f"{indent}    {k} = {key}"]
        if self.chance(0.5):
            lines.append(f"{indent}    {dname}[{k}] = {dname}.get({k}, 0) + 1")
        else:
            lines += [f"{indent}    if {k} in {dname}:",
                      f"{indent}        {dname}[{k}] += 1",
                      f"{indent}    else:",
                      f"{indent}        {dname}[{k}] = 1"]
        if self.chance(0.3):
            kv = self.fresh("kv")
            lines.append(f"{indent}{target} = max({dname}.items(), key=lambda {kv}: {kv}[1])[0]")
        else:
            lines.append(f"{indent}{target} = max({dname}, key={dname}.get)")
        scope.types[k] = scope.types[target]
        scope.assigned.add(target)
        return lines

    # -- smalllib: array methods, list edits, heaviside/trapz/isqrt/perm ------

    def inplace_stmt(self, scope, indent):
        """In-place arithmetic on new 1-D and 2-D arrays (w /= w.sum(),
        a -= a.mean(), a **= 2, g[i, j] += 1 of np.zeros((3, 3)), int
        counts), read back through the array and a view of it."""
        b = self.buf
        target, a, v = self.fresh("x"), self.fresh("ia"), self.fresh("iv")
        form = self.rng.randrange(3)
        if form == 0:
            lines = [f"{indent}{a} = np.abs({b}) + {self.pick(['1.0', '0.5', '2'])}",
                     f"{indent}{v} = {a}[{self.pick(['1:', ':2', '::2', '::-1'])}]"]
            for _ in range(self.rng.randint(1, 3)):
                lines.append(indent + self.pick([
                    f"{a} /= {a}.sum()", f"{a} -= {a}.mean()", f"{a} *= {self.pick(['2', '0.5', v + '[0]'])}",
                    f"{a} **= {self.pick(['2', '0.5', '-1', '3'])}", f"{a} += {a}[::-1]",
                    f"{v} += 1.0", f"{a} //= {self.pick(['0.25', '3.0'])}"]))
            lines.append(f"{indent}{target} = float({a}.sum() + {v}[0])")
        elif form == 1:
            lines = [f"{indent}{a} = np.zeros((3, 3))",
                     f"{indent}for {v} in range(len({b})):",
                     f"{indent}    {a}[{v} % 3, int({b}[{v}] > {b}[0]) + int({b}[{v}] > 0.5)] += {self.pick(['1', b + '[' + v + ']', '0.5'])}"]
            lines.append(indent + self.pick([f"{a} /= {a}.sum() + 1.0", f"{a} *= 2", f"{a} -= {a}.mean()"]))
            lines.append(f"{indent}{target} = float({a}.sum() + {a}[1, 2] + {a}.max(axis=0)[0])")
        else:
            lines = [f"{indent}{a} = np.zeros(4, dtype=int)",
                     f"{indent}for {v} in {b}:",
                     f"{indent}    if {v} == {v} and abs({v}) < 1e9:",
                     f"{indent}        {a}[int({v} * 3) % 4] += 1",
                     indent + self.pick([f"{a} *= 3", f"{a} += {a}[::-1]", f"{a} //= 2", f"{a} %= 3"]),
                     f"{indent}{target} = float({a}[0] * 100 + {a}[3])"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def mask_store_stmt(self, scope, indent):
        """Stores through masks and index arrays (a[a > t] = t, a[m] = b[m],
        a[idx] += 1, g[g < 0] = 0 of a 2-D array), read back whole."""
        b = self.buf
        target, a, m = self.fresh("x"), self.fresh("ma"), self.fresh("mm")
        e = lambda: paren(self.expr(FLOAT, scope, 1), P_ADD)
        form = self.rng.randrange(4)
        if form == 0:
            lines = [f"{indent}{a} = {self.pick([f'{b}.copy()', f'np.abs({b})', f'np.zeros(len({b}))'])}",
                     f"{indent}{m} = {self.pick([f'{b} > {e()}', f'np.isnan({b})', f'{a} <= 0.5', f'~({b} < 1.0)'])}"]
            for _ in range(self.rng.randint(1, 3)):
                lines.append(indent + self.pick([
                    f"{a}[{m}] = {e()}", f"{a}[{m}] = {b}[{m}] * 2", f"{a}[{a} > 1.0] = 1.0",
                    f"{a}[{m}] += 1.0", f"{a}[{m}] *= {self.pick(['2', '0.5', '-1.0'])}",
                    f"{a}[np.isnan({a})] = 0.0", f"{a}[~{m}] = {a}[~{m}][::-1]"]))
            lines.append(f"{indent}{target} = float({self.pick([f'{a}.sum()', f'np.nansum({a}) + {a}[0]', f'{a}.max()'])})")
        elif form == 1:
            dtype = self.pick(['int', 'float', 'bool'])
            lines = [f"{indent}{a} = np.zeros(5, dtype={dtype})",
                     f"{indent}{m} = (np.abs(np.nan_to_num({b})) % 5).astype(int)",
                     f"{indent}{a}[{m}] = {self.pick(['1', '2.5', f'{b}[0] > 0', f'{m}[::-1]'])}"]
            if self.chance(0.5):  # a bool array's += 1 is numpy's UFuncTypeError
                lines.append(f"{indent}{a}[{m}[:2]] {'|=' if dtype == 'bool' else '+='} {self.pick(['1', '3']) if dtype != 'bool' else 'True'}")
            lines.append(f"{indent}{target} = float({a}.sum() + {a}[1] * 7)")
        elif form == 2:
            lines = [f"{indent}{a} = np.zeros(len({b}))",
                     f"{indent}{m} = np.argsort({b})",
                     f"{indent}{a}[{m}[:{self.rng.randint(1, 4)}]] = {self.pick(['1.0', f'{b}[:1]', e()])}",
                     f"{indent}{a}[{self.rng.randint(-3, 3)}:] -= 0.5",
                     f"{indent}{target} = float(np.nansum({a} * np.arange(len({a}))))"]
        else:
            lines = [f"{indent}{a} = {self.pick(['np.zeros((3, 3))', f'np.arange(9.0).reshape(3, 3) - {e()}'])}",
                     f"{indent}{m} = {self.pick([f'{a} == 0', f'np.abs({a} - 1.0) > 0.5'])}",
                     f"{indent}{a}[{m}] = {self.pick([e(), '2.0', f'np.arange(9.0)[:1]'])}",
                     f"{indent}{a}[{a} < 0] = -{a}[{a} < 0]",
                     f"{indent}{target} = float({a}.sum() + {a}[1, 2])"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def choice_stmt(self, scope, indent):
        """A list, slice or dict chosen by a conditional expression as the
        whole value of an assignment (an if statement in llcc); or a tuple
        sliced with constant bounds, concatenated, repeated."""
        b = self.buf
        target, c = self.fresh("x"), self.fresh("ch")
        if self.chance(0.4):
            sl = self.pick(["[1:]", "[::-1]", "[-2:]", "[:-1]", "[5:]", "[-9:2]", "[::2]"])
            expr = self.pick([f"{c}{sl}", f"{c} + ({b}[0],)", f"{c}{sl} * 2", f"({c} + {c}){sl}"])
            lines = [f"{indent}{c} = ({b}[0], {b}[-1], 2.5, {b}[len({b}) // 2])",
                     f"{indent}{target} = float(sum({expr}) + len({expr}))"]
            scope.types[target] = FLOAT
            scope.assigned.add(target)
            return lines
        cond = self.pick([f"{b}[0] > {b}[-1]", f"len({b}) > 4", f"{b}[0] != {b}[0]"])
        # Arms of one kind: a variable holds lists or arrays, not both.
        if self.chance(0.5):
            arm = [f"{b}[:3]", f"{b}[::-1]", f"{b}[1:] if {b}[1] < 0.5 else {b}[:1]"]
        else:
            arm = [f"[abs(v) for v in {b}]", f"sorted({b})", f"list({b}[:2])",
                   f"sorted({b})[1:] if {b}[1] < 0.5 else [0.5]"]
        lines = [f"{indent}{c} = {self.pick(arm[:2])} if {cond} else {self.pick(arm)}",
                 f"{indent}{target} = float(sum({c}) + len({c}))"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def nonearg_stmt(self, scope, indent):
        """A variable that holds None or a number (None unless a condition
        on the window holds) passed where numpy and Python take None:
        np.clip's bounds (both None: numpy's ValueError), a.clip, posinf and
        neginf of np.nan_to_num, default= of max/min; and
        `m = max(..., default=None)`. The names stay out of the scope (they
        may hold None)."""
        b = self.buf
        target = self.fresh("x")
        nums = ["0.5", "-1.0", "2.0", f"{b}[0]", f"{b}[-1]", "np.nan", "0"]

        def maybe_none():
            name = self.fresh("nv")
            cond = self.pick([f"{b}[0] > 0.5", f"{b}[-1] < {b}[0]", "len(%s) > 4" % b,
                              f"{b}[1] != {b}[1]", "False", "True"])
            return name, [f"{indent}{name} = None",
                          f"{indent}if {cond}:",
                          f"{indent}    {name} = {self.pick(nums)}"]
        form = self.rng.randrange(7)
        if form >= 5:
            # min/max of several arguments: tuples, or key= (scan8 C5, C6)
            fn = self.pick(["max", "min"])
            pairs = [f"({b}[{i}], {b}[{j}])" for i, j in ((0, 1), (2, 3), (1, 0), (4, 4))]
            if form == 5:
                args = ", ".join(self.rng.sample(pairs, self.pick([2, 3])))
                key = self.pick(["", ", key=lambda t: t[1]", ", key=lambda t: -t[0]"])
                return self._finish_target(
                    scope, target, [f"{indent}{target} = float(sum({fn}({args}{key})))"])
            args = ", ".join(self.rng.sample([f"{b}[0]", f"{b}[1]", f"{b}[-1]", f"{b}[2] * 2.0"],
                                             self.pick([2, 3])))
            key = self.pick(["abs", "lambda v: abs(v - 0.5)", "lambda v: (v > 0, v)", "lambda v: math.floor(v)"])
            return self._finish_target(scope, target,
                                       [f"{indent}{target} = float({fn}({args}, key={key}))"])
        lo, lines = maybe_none()
        if form == 0:
            hi, more = maybe_none() if self.chance(0.5) else (self.pick(nums + ["None"]), [])
            lo, hi = (lo, hi) if self.chance(0.5) else (hi, lo)
            lines += more + [f"{indent}{target} = float(np.clip({b}, {lo}, {hi}).sum())"]
        elif form == 1:
            hi = self.pick(nums + ["None"])
            lines += [f"{indent}{target} = float({b}.clip({lo}, {hi})[{self.pick(['0', '-1'])}])"]
        elif form == 2:
            kw = self.pick(["posinf", "neginf"])
            other = "neginf" if kw == "posinf" else "posinf"
            extra = self.pick(["", f", {other}={self.pick(nums + ['None'])}"])
            lines += [f"{indent}{target} = float(np.nan_to_num({b}, {kw}={lo}{extra}).sum())"]
        else:
            fn = self.pick(["max", "min"])
            m = self.fresh("nm")
            c = self.pick(["0.5", "-1.0", f"{b}[0]", "100.0"])
            it = self.pick([f"(v for v in {b} if v > {c})", f"[abs(v) for v in {b} if v < {c}]",
                            f"(v * 2 for v in {b} if v == v)"])
            dflt = lo if form == 3 else "None"
            lines += [f"{indent}{m} = {fn}({it}, default={dflt})",
                      f"{indent}{target} = float({self.pick(['-1.0', '0.0'])} if {m} is None else {m})"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    YIELD_GENERATORS = [
        # (body lines, what it yields: "num", "pair", "int" or "array", endless)
        (["for v in xs:", "    if v > t:", "        yield v"], "num", False),
        (["for i in range(len(xs) - 1):", "    yield xs[i], xs[i + 1]"], "pair", False),
        (["for v in xs:", "    if v < t:", "        return", "    yield v * 2"], "num", False),
        (["start = 0", "for i in range(1, len(xs) + 1):",
          "    if i == len(xs) or xs[i] < xs[i - 1]:", "        yield i - start",
          "        start = i"], "int", False),
        (["yield t", "yield from xs[:3]", "yield -t"], "num", False),
        (["i = 0", "while True:", "    yield i", "    i += 1"], "int", True),
        (["for v in xs:", "    if v > t + 0.5:",
          "        raise ValueError(f\"too big: {v:.3f}\")", "    yield v"], "num", False),
        (["for i in range(len(xs) - 2):", "    yield xs[i:i + 3]"], "array", False),
        (["for v in xs:", "    yield v - t"], "num", False),
        (["yield from (w for w in xs if w != t)", "yield 1"], "num", False),
    ]

    def yield_stmt(self, scope, indent):
        """A generator helper (yield, yield from, return, raise, print, an
        endless counter) and one consumer of it assigned to a fresh float:
        a for loop (break, continue, else), sum/min/max/any/all/next/sorted/
        list of it or of a generator expression over it, zip/enumerate."""
        b = self.buf
        g = f"_yg{len(self.list_helpers)}"
        body, kind, endless = self.pick(self.YIELD_GENERATORS)
        self.list_helpers[g] = [f"def {g}(xs, t):"] + ["    " + line for line in body]
        t = self.pick(["0.5", "0.0", f"{b}[{self.rng.randrange(9)}]", "1.5"])
        call = f"{g}({b}, {t})"
        r = self.fresh("y")
        c = self.pick(["0.3", "0.7", "1.0", f"{b}[{self.rng.randrange(9)}]"])
        item = {"num": "v", "int": "v", "pair": "(a, b)", "array": "w"}[kind]
        value = {"num": "v", "int": "v * 0.5", "pair": "(b - a)", "array": "float(np.max(w))"}[kind]
        lines = []
        if endless:
            form = self.pick(["zip", "for", "enumerate", "next"])
        else:
            form = self.pick(["for", "sum", "sumgen", "max", "any", "all", "next", "sorted",
                              "list" if kind != "array" else "sum", "zip", "enumerate",
                              "listcomp"])
        if form == "for":
            lines = [f"{indent}{r} = 0.0", f"{indent}for {item} in {call}:"]
            if self.chance(0.5):
                lines += [f"{indent}    if {value} > {c}:",
                          f"{indent}        {self.pick(['break', 'continue'])}"]
            lines += [f"{indent}    {r} += {value}"]
            if endless:
                lines += [f"{indent}    if {r} > 3 or {value} > 4:", f"{indent}        break"]
            if self.chance(0.4):
                lines += [f"{indent}else:", f"{indent}    {r} -= 1.0"]
        elif form == "sum":
            lines = [f"{indent}{r} = float(sum({value} for {item} in {call}))"]
        elif form == "sumgen":
            lines = [f"{indent}{r} = float(sum({value} for {item} in {call} if {value} < {c}))"]
        elif form == "max":
            f = self.pick(["max", "min"])
            lines = [f"{indent}{r} = float({f}(({value} for {item} in {call}), default=-1.0))"]
        elif form in ("any", "all"):
            lines = [f"{indent}{r} = float({form}({value} > {c} for {item} in {call}))"]
        elif form == "next":
            # An endless generator stops at v > 20 (a NaN bound never holds).
            stop = " or v > 20" if endless else ""
            lines = [f"{indent}{r} = float(next(({value} for {item} in {call} "
                     f"if {value} > {c}{stop}), -2.0))"]
        elif form == "sorted":
            lines = [f"{indent}{r} = 0.0", f"{indent}for q in sorted({value} for {item} in {call})[:2]:",
                     f"{indent}    {r} = {r} * 2 + q"]
        elif form == "list":
            lines = [f"{indent}{r} = float(len(list({call})))"]
        elif form == "listcomp":
            lines = [f"{indent}{r} = float(sum([{value} * 2 for {item} in {call}]))"]
        elif form == "zip":
            lines = [f"{indent}{r} = float(sum({value} * u for {item}, u in zip({call}, {b})))"]
        else:
            lines = [f"{indent}{r} = 0.0",
                     f"{indent}for k, {item} in enumerate({call}{self.pick(['', ', 1'])}):",
                     f"{indent}    {r} += k * {value}"]
            if endless:
                lines += [f"{indent}    if k > 5:", f"{indent}        break"]
        scope.types[r] = FLOAT
        scope.assigned.add(r)
        return lines

    def exceptas_stmt(self, scope, indent):
        """`t = 0.0; try: t = <may raise>; except E as e: <handler>`: the
        handler raises a new exception whose message reads e (an f-string
        field {e} or {e!r}, str(e), "%s" % e, "{}".format(e), raise X(e),
        type(e).__name__, `from e`), asserts with one, re-raises with a bare
        raise, or falls back to a value. The errors are CPython's own
        (int() of NaN or infinity, float division by zero, math domain
        error, numpy's index out of bounds, integer division by zero) or a
        raise of the program."""
        b = self.buf
        t = self.fresh("t")
        i, j = self.rng.randrange(9), self.rng.randrange(9)
        c = self.pick(["0.5", "1.0", "0.0", f"{b}[{j}]"])
        bodies = [
            f"{t} = float(int({b}[{i}] / ({b}[{j}] - {c})))",
            f"{t} = float({b}[{i}]) / float({b}[{j}] - {c})",
            f"{t} = math.sqrt({b}[{i}] - {c})",
            f"{t} = math.log({b}[{i}] - {c})",
            f"{t} = float({b}[int({b}[{i}] * {self.pick(['4', '9', '20'])})])",
            f"{t} = float(10 // int({b}[{i}] * {self.pick(['1', '2', '3'])}))",
            f"{t} = float(int({b}[{i}] * 3) % int({b}[{j}] * 2))",
        ]
        body = [indent + "    " + self.pick(bodies)]
        if self.chance(0.3):
            cls = self.pick(["ValueError", "IndexError", "ZeroDivisionError", "ArithmeticError"])
            body.insert(0, f"{indent}    if {b}[{j}] > {c}:")
            body.insert(1, f"{indent}        raise {cls}(f\"too big: {{{b}[{j}]:.3f}} at {j}\")")
        clause = self.pick(["ValueError", "ZeroDivisionError", "ArithmeticError", "LookupError",
                            "IndexError", "(ValueError, ZeroDivisionError)", "Exception",
                            "(IndexError, ValueError, ArithmeticError)"])
        e = self.fresh("err")
        cls = self.pick(["ValueError", "RuntimeError", "TypeError", "ArithmeticError",
                         "LookupError"])
        msg = self.pick([
            f'f"bad center: {{{e}}}"',
            f'f"got {{{e}!r}} at {i}"',
            f'"caught: %s" % {e}',
            f'"caught {{}} ({{}})".format({e}, type({e}).__name__)',
            f'"failed: " + str({e})',
            f'f"{{type({e}).__name__}}: {{{e}}}"',
            f'f"{{{e}!s:>30}}|"',
            e,
            f'str({e})',
        ])
        form = self.rng.randrange(6)
        if form == 0:
            handler = [f"{indent}    raise {cls}({msg}) from {e}"]
        elif form == 1:
            handler = [f"{indent}    assert {b}[{j}] != {b}[{j}], {msg}"]
        elif form == 2:
            handler = [f"{indent}    {t} = -1.0",
                       f"{indent}    if {b}[{i}] > {c}:",
                       f"{indent}        raise"]
        else:
            handler = [f"{indent}    raise {cls}({msg})"]
        lines = [f"{indent}{t} = 0.0", f"{indent}try:"] + body + \
            [f"{indent}except {clause} as {e}:"] + handler
        scope.types[t] = FLOAT
        scope.assigned.add(t)
        return lines

    def _finish_target(self, scope, target, lines):
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def heapq_stmt(self, scope, indent):
        """heapq and bisect over the window (NaN and ties included): a heap
        made by heapify or heappush, popped, replaced; nsmallest/nlargest;
        bisect over a sorted copy and insort into a list; heaps of
        (priority, index) tuples."""
        b = self.buf
        target, h, acc = self.fresh("x"), self.fresh("hp"), self.fresh("ha")
        n = self.pick(["1", "2", "3", "len(%s)" % b, "20"])
        form = self.rng.randrange(6)
        if form == 0:
            lines = [f"{indent}{h} = list({b})",
                     f"{indent}heapq.heapify({h})",
                     f"{indent}{acc} = 0.0",
                     f"{indent}while len({h}) > {self.pick(['0', '1', '4'])}:",
                     f"{indent}    {acc} = {acc} * 0.5 + heapq.heappop({h})",
                     f"{indent}{target} = float({acc} + len({h}))"]
        elif form == 1:
            item = self.pick([f"{b}[0]", "0.5", f"{b}[-1] * 2.0"])
            lines = [f"{indent}{h} = []",
                     f"{indent}for {acc} in {b}:",
                     f"{indent}    heapq.heappush({h}, {acc})",
                     f"{indent}{target} = float(heapq.heapreplace({h}, {item}) + "
                     f"heapq.heappushpop({h}, {item}) * 2.0 + {h}[0])"]
        elif form == 2:
            fn = self.pick(["nsmallest", "nlargest"])
            data = self.pick([b, f"list({b})", f"[abs(v) for v in {b}]"])
            lines = [f"{indent}{h} = heapq.{fn}({n}, {data})",
                     f"{indent}{target} = float(sum({h}) + len({h}) * 0.25)"]
        elif form == 3:
            fn = self.pick(["bisect_left", "bisect_right", "bisect"])
            x = self.pick([f"{b}[0]", "0.5", f"{b}[len({b}) // 2]"])
            lines = [f"{indent}{h} = sorted({b})",
                     f"{indent}{target} = float(bisect.{fn}({h}, {x}))"]
        elif form == 4:
            fn = self.pick(["insort", "insort_left", "insort_right"])
            lines = [f"{indent}{h} = []",
                     f"{indent}for {acc} in {b}:",
                     f"{indent}    bisect.{fn}({h}, {acc})",
                     f"{indent}{target} = float({h}[len({h}) // 2] + {h}[0])"]
        else:
            # heaps of (priority, index) tuples: ties and NaN decided by the
            # second member, as CPython compares tuples
            i, p, q = self.fresh("hi"), self.fresh("hq"), self.fresh("hr")
            form = self.pick(["{}", f"abs({{}} - {b}[0])", "-{}", "int({} > 0.5)"])
            key = form.format(acc)
            lines = [f"{indent}{h} = []",
                     f"{indent}for {i}, {acc} in enumerate({b}):",
                     f"{indent}    heapq.heappush({h}, ({key}, {i}))",
                     f"{indent}    if len({h}) > {self.pick(['2', '4', '100'])}:",
                     f"{indent}        heapq.heappop({h})"]
            if self.chance(0.5):
                lines.append(f"{indent}heapq.heapify({h})")
            lines += [f"{indent}{p}, {q} = heapq.heappop({h})" if self.chance(0.5) else
                      f"{indent}{p}, {q} = heapq.heappushpop({h}, ({form.format(b + '[-1]')}, -1))",
                      f"{indent}{target} = float({p} + {q} * 0.5 + len({h}))"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def libextra_stmt(self, scope, indent):
        """statistics.harmonic_mean of the window and of lists made from it
        (numpy and Python floats, zeros, negatives, NaN), with weights; a
        statistics function's StatisticsError caught by its name, as a
        ValueError or not at all; a program's raise of it."""
        b = self.buf
        target, h = self.fresh("x"), self.fresh("hm")
        data = self.pick([f"np.abs({b})", f"[abs(v) for v in {b}]",
                          f"[abs(v) + 0.5 for v in {b}]", f"np.abs({b}).tolist()",
                          f"[v * v for v in {b}]", f"({b}[0] * {b}[0], 2.5)",
                          self.pick([b, f"np.abs({b})"])])
        form = self.rng.randrange(7)
        if form >= 5:
            # scipy.special's psi, beta, betaln, gammainc, gammaincc (SciPy
            # 1.10.1's cephes): of window values scaled to reach their
            # branches, of special values, psi of an array.
            def v():
                return self.pick([f"{b}[0]", f"{b}[-1]", f"abs({b}[0])", f"{b}[0] * 30.0",
                                  f"abs({b}[-1]) * 300.0", "0.0", "-0.0", "-1.0", "-2.5", "0.5",
                                  "np.nan", "np.inf", "1e7", "25.0", "-0.504", "5e-324"])
            call = self.pick([f"scipy.special.psi({v()})", f"scipy.special.digamma({v()})",
                              f"np.sum(scipy.special.psi({b}))",
                              f"scipy.special.psi({b} * 3.0)[0]",
                              f"scipy.special.beta({v()}, {v()})",
                              f"scipy.special.betaln({v()}, {v()})",
                              f"scipy.special.gammainc({v()}, {v()})",
                              f"scipy.special.gammaincc({v()}, {v()})",
                              # of arrays: numpy's broadcasting, as the ufuncs
                              f"np.sum(scipy.special.{self.pick(['xlogy', 'xlog1py', 'rel_entr', 'kl_div', 'huber'])}"
                              f"({self.pick([b, f'np.abs({b})'])}, {self.pick([b, v(), f'{b}[::-1]'])}))",
                              f"np.sum(scipy.special.{self.pick(['xlogy', 'xlog1py', 'huber'])}({v()}, {b}))",
                              f"scipy.special.{self.pick(['beta', 'betaln', 'gammainc', 'gammaincc'])}"
                              f"(np.abs({b}), {self.pick([v(), f'np.abs({b}[::-1])'])})[0]",
                              f"np.sum(scipy.special.erf({b}) + scipy.special.psi({b}))",
                              # chisquare's fields (a tuple in llcc, read by name)
                              f"scipy.stats.chisquare({self.pick([f'np.abs({b})', f'np.abs({b}) + 0.5', b])})"
                              f".{self.pick(['statistic', 'pvalue'])}",
                              f"scipy.stats.chisquare(np.abs({b}) + 1.0, np.abs({b}[::-1]) + 1.0)[1]"])
            lines = [f"{indent}{target} = float({call})"]
        elif form == 0:
            lines = [f"{indent}{target} = float(statistics.harmonic_mean({data}))"]
        elif form == 1:
            weights = self.pick([f"[abs(v) + 1.0 for v in {b}]", f"[k % 3 for k in range(len({b}))]",
                                 f"np.abs({b})", f"[float(k) for k in range(len({b}))]"])
            if data.startswith("("):
                data = f"np.abs({b})"
            kw = self.pick(["weights=", ""])
            lines = [f"{indent}{target} = float(statistics.harmonic_mean({data}, {kw}{weights}))"]
        elif form == 2:
            fn = self.pick(["harmonic_mean", "stdev", "mode", "median", "variance", "mean",
                            "geometric_mean", "fmean"])
            cut = self.pick(["0.5", "0.0", "2.0", "-1.0"])
            cls = self.pick(["statistics.StatisticsError", "ValueError",
                             "(statistics.StatisticsError, ZeroDivisionError)", "Exception"])
            lines = [f"{indent}{h} = [v for v in {b} if v > {cut}]",
                     f"{indent}try:",
                     f"{indent}    {target} = float(statistics.{fn}({h}))",
                     f"{indent}except {cls}:",
                     f"{indent}    {target} = -1.5"]
        elif form == 3:
            lines = [f"{indent}try:",
                     f"{indent}    if {b}[0] > {self.pick(['0.0', '0.5'])}:",
                     f"{indent}        raise statistics.StatisticsError(\"first {self.pick(['high', 'big'])}\")",
                     f"{indent}    {target} = float(statistics.harmonic_mean({data}))",
                     f"{indent}except {self.pick(['statistics.StatisticsError', 'ValueError'])} as e:",
                     f"{indent}    {target} = -2.0" if self.chance(0.6) else
                     f"{indent}    raise RuntimeError(f\"caught {{e!r}}\")"]
        else:
            lines = [f"{indent}try:",
                     f"{indent}    {target} = float(int({b}[0] * 1e300 * 1e300))",
                     f"{indent}except statistics.StatisticsError:",
                     f"{indent}    {target} = 2.0",
                     f"{indent}except (ValueError, OverflowError):",
                     f"{indent}    {target} = 3.0"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def libmore_stmt(self, scope, indent):
        """Library names natural filters use (ties, NaN, short windows):
        scipy.stats.rankdata of every method, percentileofscore of every
        kind and nan_policy, np.lexsort of two or three keys,
        np.triu_indices / np.tril_indices indexing a 3 x 3 array or
        unpacked, for loops over itertools.groupby with and without a key,
        and over np.ndenumerate of a small 2-D array."""
        b = self.buf
        target, h, acc = self.fresh("x"), self.fresh("lm"), self.fresh("la")
        form = self.rng.randrange(6)
        data = self.pick([b, f"np.round({b}, 1)", f"np.round({b} * 2.0) / 2.0", f"{b}[1:]"])
        if form == 0:
            method = self.pick(["", ", 'min'", ", method='max'", ", method='dense'",
                                ", method='ordinal'", ", method='average'"])
            i = self.pick(["0", "-1", f"len({h}) // 2"])
            lines = [f"{indent}{h} = scipy.stats.rankdata({data}{method})",
                     f"{indent}{target} = float({h}[{i}] + np.sum({h}) * 0.5)"]
        elif form == 1:
            score = self.pick([f"{b}[0]", "0.5", f"{b}[-1] * 2.0", "np.nan"])
            kind = self.pick(["", ", 'weak'", ", kind='strict'", ", kind='mean'", ", kind='rank'"])
            policy = self.pick(["", "", ", nan_policy='omit'", ", nan_policy='raise'"])
            lines = [f"{indent}{target} = float(scipy.stats.percentileofscore({data}, {score}"
                     f"{kind}{policy}))"]
        elif form == 2:
            keys = self.pick([f"({b}, np.round({b}))", f"[{b}, {b} > 0.5]",
                              f"(np.round({b}, 1), {b} * 0.0, np.floor({b} * 2.0))",
                              f"({b}[1:], {b}[:-1])"])
            lines = [f"{indent}{h} = np.lexsort({keys})",
                     f"{indent}{target} = float({h}[0] * 10 + {h}[-1])"]
        elif form == 3:
            fn = self.pick(["triu_indices", "tril_indices"])
            args = self.pick(["3", "3, 1", "3, -1", "3, k=1", "3, 0, 2"])
            w = self.fresh("lw")
            lines = [f"{indent}{w} = np.array([[{b}[0], {b}[1], {b}[2]], [{b}[1], {b}[2], {b}[0]], "
                     f"[{b}[2], {b}[0], {b}[1]]])"]
            if self.chance(0.5):
                lines.append(f"{indent}{target} = float(np.sum({w}[np.{fn}({args})]) + "
                             f"{w}[np.{fn}({args})][0])")
            else:
                r, c = self.fresh("lr"), self.fresh("lc")
                lines += [f"{indent}{r}, {c} = np.{fn}({args})",
                          f"{indent}{acc} = 0.0",
                          f"{indent}for {h} in range(len({r})):",
                          f"{indent}    {acc} = {acc} * 0.5 + {w}[{r}[{h}], {c}[{h}]]",
                          f"{indent}{target} = float({acc} + {r}[-1] * 10 + {c}[0])"]
        elif form == 5:
            i, j, v = self.fresh("ni"), self.fresh("nj"), self.fresh("nv")
            arr = self.pick([f"{b}[:4].reshape(2, 2)", f"{b}[::-1][:4].reshape(2, 2)",
                             f"np.round({b}[:6], 1).reshape(3, 2)"])
            stop = self.pick(["break", "continue", f"{acc} += 1.0"])
            lines = [f"{indent}{acc} = 0.0",
                     f"{indent}for ({i}, {j}), {v} in np.ndenumerate({arr}):",
                     f"{indent}    {acc} = {acc} * 0.5 + {v} * ({i} + 1) - {j}",
                     f"{indent}    if {v} > 0.7:",
                     f"{indent}        {stop}",
                     f"{indent}{target} = float({acc})"]
        else:
            k, g = self.fresh("gk"), self.fresh("gg")
            seq = self.pick([f"sorted(round(v, 1) for v in {b})", f"{b} > 0.5",
                             f"[round(v * 2.0) for v in {b}]", f"np.round({b})", b])
            key = self.pick(["", "", ", key=abs", ", key=lambda v: v > 0.3",
                             ", lambda v: round(v)"])
            read = self.pick([f"len(list({g}))", f"sum(1 for _ in {g})", f"max({g})",
                              f"sum({g})", f"len(sorted({g}))"])
            lines = [f"{indent}{acc} = 0.0",
                     f"{indent}for {k}, {g} in itertools.groupby({seq}{key}):",
                     f"{indent}    {acc} = {acc} * 0.5 + {read} + ({k} * 1.0)",
                     f"{indent}{target} = float({acc})"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def strmodes_stmt(self, scope, indent):
        """A str looked up in a module-level display of strs, and the display
        shown in a message (a tuple's or list's text)."""
        name = self.pick(sorted(self.strs))
        target = self.fresh("x")
        word = self.pick(["mean", "max", "edge", "median"])
        size = f"float(len({self.buf}))" if self.buf else "2.5"
        lines = [f"{indent}{target} = {self.pick(['1.5', size])} "
                 f"if \"{word}\" {self.pick(['in', 'not in'])} {name} else -0.5"]
        if self.strs[name] and self.chance(0.5):
            cond = f"{self.buf}[0] > {self.pick(['0.9', '2.0', '0.0'])}" if self.buf else "False"
            lines += [f"{indent}if {cond} and \"{word}\" not in {name}:",
                      f"{indent}    raise ValueError(f\"{word} is not one of {{{name}}}\")"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def window_write_stmt(self, scope, indent):
        """Writes into the filter's own window, which CPython allows (SciPy
        fills its buffer for each call): llcc gives such a filter a private
        copy of the window at entry (frontend/SemaWindowWrites.cpp)."""
        b = self.buf
        t = self.pick(["0.5", "0.0", "-1.25", f"{b}[0]", f"{b}[-1]"])
        return [indent + self.pick([
            f"{b}.sort()", f"{b}[{b} > {t}] = {t}", f"{b}[0] = {t}",
            f"{b}[-1] = {b}[0] * 2.0", f"{b} -= {b}.mean()", f"{b} *= 0.5",
            f"{b}[::2] = 1.5", f"{b}[1:] += 1.0", f"{b}[{b} < 0] *= -1.0"])]

    def deque_stmt(self, scope, indent):
        """collections.deque as a running buffer: made empty, from the window
        or from it with a maxlen; grown from both ends, extended from both
        ends, rotated by any amount (NaN and ties included)."""
        b = self.buf
        target, q, v = self.fresh("x"), self.fresh("dq"), self.fresh("dv")
        m = self.pick(["0", "1", "2", "3", f"len({b}) // 2", "20"])
        make = self.pick([f"deque({b})", f"deque({b}, maxlen={m})", f"deque(maxlen={m})",
                          "deque()", f"deque(list({b}[:3]), {m})"])
        lines = [f"{indent}{q} = {make}"]
        for _ in range(self.rng.randrange(1, 4)):
            form = self.rng.randrange(6)
            if form == 0:
                lines += [f"{indent}for {v} in {b}:",
                          f"{indent}    if {v} > {self.pick(['0.5', '0.0', f'{b}[0]'])}:",
                          f"{indent}        {q}.append({v})",
                          f"{indent}    else:",
                          f"{indent}        {q}.appendleft({v})"]
            elif form == 1:
                lines.append(f"{indent}{q}.extendleft({self.pick([b, f'{b}[:2]', '[0.25, 1.5]', q])})")
            elif form == 2:
                lines.append(f"{indent}{q}.extend({self.pick([b, f'{b}[::-1]', '[2.0]'])})")
            elif form == 3:
                n = self.pick(["1", "-1", "3", "-7", f"len({b})", f"int({b}[0] * 4)", ""])
                lines.append(f"{indent}{q}.rotate({n})")
            elif form == 4:
                lines += [f"{indent}if len({q}) > 1:",
                          f"{indent}    {q}.popleft()"]
            else:
                lines += [f"{indent}for {v} in range({self.pick(['2', '5'])}):",
                          f"{indent}    {q}.rotate({self.pick(['1', '-2'])})",
                          f"{indent}    {q}.append(float({v}))"]
        first = f"{q}[0] + {q}[-1] * 2.0 if {q} else -1.0"
        lines.append(f"{indent}{target} = float(sum({q}) + len({q}) * 0.25 + ({first}))")
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def intbits_stmt(self, scope, indent):
        """numpy's bitwise ufuncs on int arrays: &, |, ^, ~, << and >> of
        codes made from the window (masks as ints, positions, clipped
        magnitudes), with shift counts past 63 and negative ones (numpy
        shifts every bit out), reduced to a number; local binary patterns."""
        b = self.buf
        target, k = self.fresh("x"), self.fresh("ib")
        t = self.pick(["0.5", "0.0", f"{b}[0]", f"{b}[len({b}) // 2]"])
        ints = [f"({b} > {t}).astype(int)", f"np.arange(len({b}))",
                f"np.clip(np.abs(np.nan_to_num({b})), 0, 40).astype(int)",
                f"np.arange(len({b})) * 9 - 4", f"({b} >= {t}) * 3 - 1"]
        lines = [f"{indent}{k} = {self.pick(ints)}"]
        other = self.pick(ints + [self.pick(["1", "3", "-2", "7", "64", "70", "-1"])])
        mask = f"({b} < {t})"
        op = self.pick(["&", "|", "^", "<<", ">>"])
        form = self.rng.randrange(5)
        if form == 0:
            expr = f"{k} {op} {other}"
        elif form == 1:
            expr = f"{self.pick(['1', '-1000', '255', '5'])} {self.pick(['<<', '>>'])} {k}"
        elif form == 2:
            expr = f"{mask} {self.pick(['&', '|', '^'])} {self.pick(['1', '3', k])}"
        elif form == 3:
            expr = f"~{k} {self.pick(['&', '|', '^'])} ({k} {self.pick(['<<', '>>'])} 2)"
        else:
            lines += [f"{indent}{k} = {mask} << np.arange(len({b}))"]
            expr = f"{k} | ({k} >> {self.pick(['1', '3', '63', '65'])})"
        lines.append(f"{indent}{target} = float(np.sum({expr}) % 1000003)")
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def pylang_stmt(self, scope, indent):
        """Ordinary Python: sum(iterable, start) and sum(iterable, start=...)
        of the window, a slice, a list (maybe empty), a generator, a map, a
        tuple or a range, with float, int, -0.0 and window-element starts."""
        b = self.buf
        target = self.fresh("x")
        start = self.pick(["0.5", "-0.0", "0", "3", "1e16", f"{b}[0]", "-2.25", "2 ** 40"])
        it = self.pick([b, f"{b}[::-1]", f"{b}[1:]", f"[v for v in {b} if v > 0.5]",
                        f"(v * v for v in {b})", f"map(lambda v: v - 1.0, {b})",
                        f"({b}[0], 1, {b}[-1])", "range(4)", f"[int(v > 0) for v in {b}]",
                        f"(a * c for a in {b}[:2] for c in {b}[-2:])"])
        call = self.pick([f"sum({it}, {start})", f"sum({it}, start={start})"])
        lines = [f"{indent}{target} = float({call})"]
        if self.chance(0.5):
            # starred targets: a list between the first and last members
            h, r, t = self.fresh("sh"), self.fresh("sr"), self.fresh("st")
            seq = self.pick([f"sorted({b})", b, f"{b}[::2]", f"[v for v in {b} if v > 0.5]",
                             f"({b}[0], 2, {b}[-1])", f"list({b}[:2])"])
            form = self.pick([f"{h}, *{r} = {seq}", f"*{r}, {h} = {seq}",
                              f"{h}, *{r}, {t} = {seq}"])
            lines.append(f"{indent}{form}")
            extra = f" + {t}" if f"*{r}, {t}" in form else ""
            lines.append(f"{indent}{target} = {target} + float({h}{extra} + len({r}) + sum({r}))")
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def listdel_stmt(self, scope, indent):
        """del of list elements and slices (any step, out-of-range indices
        raising CPython's IndexError), of lists of numbers and of tuples, and
        for loops (plain and enumerate) over a list whose body pops, appends
        or deletes, which walk it as CPython's list iterator does."""
        b = self.buf
        target, xs, v, i = self.fresh("x"), self.fresh("dl"), self.fresh("dv"), self.fresh("di")
        t = self.pick(["0.5", "0.0", f"{b}[0]", f"{b}[len({b}) // 2]"])
        pairs = self.chance(0.2)
        make = (self.pick([f"[({v}, {i}) for {i}, {v} in enumerate({b})]",
                           f"sorted(({v}, {i}) for {i}, {v} in enumerate({b}))"]) if pairs else
                self.pick([f"sorted({b})", f"list({b})", f"[{v} for {v} in {b} if {v} > {t}]",
                           f"list({b}[::-1])", f"[int({v} > {t}) for {v} in {b}]"]))
        lines = [f"{indent}{xs} = {make}"]
        idx = lambda: self.pick(["0", "-1", "1", "2", f"len({xs}) // 2", "-3", f"len({b})",
                                 f"int({b}[0] > {t})"])
        bound = lambda: self.pick(["", "0", "1", "-1", "2", "-2", "5", "100", "-100",
                                   f"len({xs}) // 2"])
        for _ in range(self.rng.randrange(1, 4)):
            form = self.rng.randrange(6)
            if form == 0:
                guard = self.chance(0.7)
                if guard:
                    lines.append(f"{indent}if len({xs}) > 3:")
                lines.append(f"{indent}{'    ' if guard else ''}del {xs}[{idx()}]")
            elif form == 1:
                step = self.pick(["", ":2", ":-1", ":3", ":-2", ":1"])
                lines.append(f"{indent}del {xs}[{bound()}:{bound()}{step}]")
            elif form == 2:
                lines += [f"{indent}if len({xs}) > 4:",
                          f"{indent}    del {xs}[{idx()}], {xs}[{self.pick(['0', '-1', '1'])}]"]
            elif form == 3 and not pairs:
                body = self.pick([f"{xs}.pop(0)", f"del {xs}[-1]", f"{xs}.pop()",
                                  f"del {xs}[:2]"])
                lines += [f"{indent}for {v} in {xs}:",
                          f"{indent}    if {v} > {t} and len({xs}) > 2:",
                          f"{indent}        {body}"]
            elif form == 4 and not pairs:
                n = self.fresh("dn")
                lines += [f"{indent}{n} = 0",
                          f"{indent}for {i}, {v} in enumerate({xs}):",
                          f"{indent}    if {v} > {t} and {n} < 3:",
                          f"{indent}        {xs}.append({v} * 0.5 + {i})",
                          f"{indent}        {n} += 1",
                          f"{indent}    elif len({xs}) > 1 and {i} % 2:",
                          f"{indent}        {xs}.pop(0)"]
            else:
                lines += [f"{indent}while len({xs}) > {self.pick(['2', '4'])}:",
                          f"{indent}    del {xs}[{self.pick(['0', '-1', '1'])}]"]
        total = (f"sum(p[0] * (p[1] + 1) for p in {xs})" if pairs else f"sum({xs})")
        lines.append(f"{indent}{target} = float({total} + len({xs}) * 0.5)")
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def fold_stmt(self, scope, indent):
        """functools.reduce and itertools.accumulate over the window, a slice,
        a filtered list (possibly empty: reduce's TypeError without an
        initial value), a generator, a tuple, range(n) or map(abs, ...), with
        max, min, math.hypot, a def-less lambda reading a float variable, or
        accumulate's default +; initial values int or float, given or not."""
        b = self.buf
        target = self.fresh("x")
        k = self.var_of(scope, FLOAT) or self.pick(["0.5", "1.5", "-0.25"])
        data = self.pick([b, f"{b}[::-1]", f"{b}[1:]", f"[v for v in {b} if v == v]",
                          f"[v for v in {b} if v > 1e300]", f"(v * {k} for v in {b} if v > 0)",
                          f"({b}[0], {b}[-1], 2.5)", "range(5)", f"map(abs, {b})"])
        fns = ["max", "min", f"lambda a, c: a * {k} + c", "lambda a, c: a if a >= c else c",
               "lambda a, c: a - c * 0.5"]
        if "range(" not in data:
            fns.append("math.hypot")
        init = self.pick([None, None, "0", "0.0", "-1.5", k])
        form = self.rng.randrange(4)
        if form == 0:
            fn = self.pick(fns)
            extra = f", {init}" if init is not None else ""
            lines = [f"{indent}{target} = float(functools.reduce({fn}, {data}{extra}))"]
        else:
            fn = self.pick(fns + [None, None])
            args = data + (f", {fn}" if fn else "")
            if init is not None:
                args += f", initial={init}"
            call = f"itertools.accumulate({args})"
            if form == 1:
                acc, s = self.fresh("fa"), self.fresh("fs")
                lines = [f"{indent}{acc} = 0.0",
                         f"{indent}for {s} in {call}:",
                         f"{indent}    {acc} = {acc} * 0.5 + {s}",
                         f"{indent}{target} = float({acc})"]
            elif form == 2:
                lines = [f"{indent}{target} = float(sum(list({call})))"]
            else:
                lines = [f"{indent}{target} = float(max({call}, default=0.25))"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def operator_stmt(self, scope, indent):
        """The operator module as a fold's function (reduce(operator.mul, ...),
        accumulate(..., operator.sub)), called (operator.add(a, b),
        operator.getitem, operator.contains), itemgetter keys over pairs of
        the window, and keys named by a library function (np.abs, math.fabs,
        abs, None)."""
        b = self.buf
        target = self.fresh("x")
        k = self.var_of(scope, FLOAT) or self.pick(["0.5", "1.5", "-0.25"])
        p = self.fresh("op")
        form = self.rng.randrange(6)
        if form == 0:
            fn = self.pick(["operator.mul", "operator.add", "operator.sub", "operator.truediv",
                            "operator.floordiv", "operator.mod", "operator.pow"])
            data = self.pick([f"{b}[:4]", f"[v * {k} for v in {b}]", f"{b}[::-2]"])
            init = self.pick(["", ", 1.0", ", 0", f", {k}"])
            expr = self.pick([f"functools.reduce({fn}, {data}{init})",
                              f"max(itertools.accumulate({data}, {fn}), default=0.5)"])
        elif form == 1:
            op = self.pick(["add", "sub", "mul", "truediv", "lt", "ge", "eq", "ne", "pow",
                            "floordiv", "mod"])
            expr = f"operator.{op}({b}[0], {self.pick([k, f'{b}[-1]', '2.0', '0.0'])})"
        elif form == 2:
            expr = self.pick([f"operator.neg({b}[1])", f"operator.abs({b}[-1])",
                              f"operator.getitem({b}, {self.rng.randint(-3, 2)})",
                              f"operator.contains({b}, {self.pick([k, '0.5', 'np.nan'])})",
                              f"operator.truth({b}[0])", f"operator.not_({b}[0] > {k})"])
        elif form == 3:
            pairs = f"[(round(v, 1), i) for i, v in enumerate({b})]"
            get = self.pick(["operator.itemgetter(0)", "operator.itemgetter(1)",
                             "operator.itemgetter(0, 1)", "operator.itemgetter(1, 0)"])
            fn = self.pick(["max", "min"])
            expr = self.pick([f"{fn}({pairs}, key={get})[{self.rng.randint(0, 1)}]",
                              f"sorted({pairs}, key={get}{self.pick(['', ', reverse=True'])})"
                              f"[{self.rng.randint(-2, 1)}][{self.rng.randint(0, 1)}]"])
        elif form == 4:
            key = self.pick(["np.abs", "math.fabs", "abs", "None", "np.square", "np.negative"])
            fn = self.pick(["max", "min"])
            expr = self.pick([f"{fn}({b}, key={key})",
                              f"sorted({b}, key={key}{self.pick(['', ', reverse=True'])})"
                              f"[{self.rng.randint(-2, 1)}]"])
        else:
            w = self.pick([f"{b}[::-1]", f"[{k}] * len({b})", f"{b}"])
            expr = f"sum(map(operator.{self.pick(['mul', 'add', 'sub'])}, {b}, {w}))"
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return [f"{indent}{target} = float({expr})"]

    def truth_stmt(self, scope, indent):
        """A list, dict or set as an operand of and/or in a condition: the
        monotone stack (`while xs and xs[-1] > v: xs.pop()`), a guarded read
        (`if xs and v < xs[-1]: continue`), `if d and len(d) > k`, `if not s
        or v > k`, in a ternary's test and a comprehension's condition."""
        b = self.buf
        target, c, v, acc = self.fresh("x"), self.fresh("tc"), self.fresh("tv"), self.fresh("ta")
        k = self.var_of(scope, FLOAT) or self.pick(["0.5", "1.5", "-0.25"])
        i = indent
        # form 6 only in a focused run: the unfocused stream stays as it was
        form = self.rng.randrange(7 if TRUTH_FOCUS else 6)
        if form == 6:
            # a list chosen by or/and as an assignment's value
            d = self.fresh("td")
            lines = [f"{i}{c} = [{v} for {v} in {b} if {v} > {k}]"]
            if self.chance(0.3):
                # the choice inside an expression, made before the statement
                lit = self.float_literal()[0]
                lines += [f"{i}{target} = " + self.pick([
                    f"sum({c} or [{lit}, {k}]) + max({c} or [{lit}])",
                    f"float(len({c} and [{lit}, {lit}, {k}])) * min({c} or [{k}])",
                    f"sum({c} or [{lit}]) / len({c} or [{lit}, {lit}])"])]
            elif self.chance(0.5):
                lines += [f"{i}{d} = {c} or [{self.float_literal()[0]}, {k}]",
                          f"{i}{target} = float(sum({d}) / len({d}))"]
            else:
                lines += [f"{i}{d} = {c} and [{v} * 2.0 for {v} in {c}]",
                          f"{i}{target} = float(len({d})) + ({d}[0] if {d} else 0.25)"]
        elif form == 0:
            op = self.pick([">", "<", ">=", "<="])
            lines = [f"{i}{c} = []", f"{i}for {v} in {b}:",
                     f"{i}    while {c} and {c}[-1] {op} {v}:", f"{i}        {c}.pop()",
                     f"{i}    {c}.append({v})",
                     f"{i}{target} = float(len({c})) + ({c}[0] if {c} else 0.5)"]
        elif form == 1:
            lines = [f"{i}{c} = []", f"{i}for {v} in {b}:",
                     f"{i}    if {c} and {v} < {c}[-1]:", f"{i}        continue",
                     f"{i}    {c}.append({v})", f"{i}{target} = float(sum({c}))"]
        elif form == 2:
            n = self.rng.randint(0, 4)
            lines = [f"{i}{c} = {{}}", f"{i}{acc} = 0.0", f"{i}for {v} in {b}:",
                     f"{i}    if {c} and len({c}) > {n}:", f"{i}        {acc} += {v}",
                     f"{i}    if {v} == {v} and abs({v}) < 1e9:",
                     f"{i}        {c}[int({v}) % 5] = 1",
                     f"{i}{target} = {acc}"]
        elif form == 3:
            lines = [f"{i}{c} = set()", f"{i}{acc} = 0.0", f"{i}for {v} in {b}:",
                     f"{i}    if not {c} or {v} > {k}:", f"{i}        {acc} += {v}",
                     f"{i}    {c}.add({v} > 0)", f"{i}{target} = {acc}"]
        elif form == 4:
            lines = [f"{i}{c} = [{v} for {v} in {b} if {v} > {k}]",
                     f"{i}{target} = float({c}[0] if {c} and {c}[0] != 0.0 else -1.5)"]
        else:
            lines = [f"{i}{c} = [{v} for {v} in {b} if {v} < {k}]",
                     f"{i}{target} = float(sum(1 for {v} in {b} if not {c} or {v} > {c}[-1]))"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def itertools_stmt(self, scope, indent):
        """itertools.combinations/permutations/product/pairwise over the
        window, a slice of it, a tuple, range(n) or a set, consumed by a
        loop with unpacking, a generator or a comprehension."""
        b = self.buf
        target, p, acc = self.fresh("x"), self.fresh("pp"), self.fresh("pa")
        pool = self.pick([b, f"{b}[:4]", f"{b}[::-2]", f"({b}[0], {b}[-1], 2.5)", "range(4)",
                          f"{{round(v) % 5 for v in {b} if v == v and abs(v) < 1e9}}"])
        call = self.pick([f"itertools.combinations({p}, 2)", f"itertools.combinations({p}, 3)",
                          f"itertools.permutations({p}, 2)", f"itertools.product({p}, repeat=2)",
                          f"itertools.product({p}, (-1, 0, 1))", f"itertools.pairwise({p})"])
        arity = 3 if ", 3)" in call else 2
        names = [self.fresh("q") for _ in range(arity)]
        combo = " + ".join(f"{n} * {k + 1}" for k, n in enumerate(names))
        if pool == "range(4)":  # a range is only an iterable in llcc, never a value
            call = call.replace(p, pool)
        lines = [] if pool == "range(4)" else [f"{indent}{p} = {pool}"]
        form = self.rng.randrange(3)
        if form == 0:
            lines += [f"{indent}{acc} = 0.0",
                      f"{indent}for {', '.join(names)} in {call}:",
                      f"{indent}    if {names[0]} > {names[1]} + 2.0:",
                      f"{indent}        {self.pick(['break', 'continue'])}",
                      f"{indent}    {acc} += {combo}",
                      f"{indent}{target} = float({acc})"]
        elif form == 1:
            fn = self.pick(["sum", "max", "min"])
            extra = "" if fn == "sum" else ", default=0.5"
            lines.append(f"{indent}{target} = float({fn}(({combo} for {', '.join(names)} in {call}){extra}))")
        else:
            lines.append(f"{indent}{target} = float(len([{names[0]} for {', '.join(names)} in {call} "
                         f"if {names[-1]} <= {names[0]}]))")
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    # ---- collections.Counter, set intersection and comparisons, sorted()
    # with tuple keys (helper `sets`): each form folds its result's order
    # into one float, so an order other than CPython's shows.
    def sets_stmt(self, scope, indent):
        b, target = self.buf, self.fresh("x")
        q, c, s1, s2, t = self.fresh("q"), self.fresh("cn"), self.fresh("sa"), self.fresh("sb"), self.fresh("t")
        key = self.pick([f"round({q}) % 5", f"{q} // 2", f"int({q}) % 3", f"{q}"])
        guard = f"{q} == {q} and abs({q}) < 1e9"
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        form = self.rng.randrange(3)
        if form == 0:
            lines = [f"{indent}{c} = Counter({key} for {q} in {b} if {guard})"]
            if self.chance(0.4):
                lines.append(f"{indent}{c}.update({q} > 0 for {q} in {b})")
            if self.chance(0.4):
                lines.append(f"{indent}{c}[{self.rng.randint(-2, 3)}] += {self.rng.randint(1, 3)}")
            n = self.rng.randint(-1, 4)
            lines.append(f"{indent}{target} = float(" + self.pick([
                f"sum(({c.upper()}k * 3 + {c.upper()}n) * (1 + {c.upper()}i) for {c.upper()}i, ({c.upper()}k, {c.upper()}n) in enumerate({c}.most_common({n})))",
                f"{c}.most_common(1)[0][0] if {c} else -1.0",
                f"{c}[{self.rng.randint(-2, 3)}] * 10 + len({c}) + {c}.total()",
                f"max({c}, key={c}.get) if {c} else 0.5"]) + ")")
            return lines
        if form == 1:
            sl = self.pick(["[::2]", "[1:]", "[:5]", "[::-3]", ""])
            lines = [f"{indent}{s1} = {{{key} for {q} in {b} if {guard}}}",
                     f"{indent}{s2} = {{{key} for {q} in {b}{sl} if {guard}}}"]
            if self.chance(0.3):
                lines.append(f"{indent}{s1} &= {s2}")
            inter = self.pick([f"{s1} & {s2}", f"{s2} & {s1}", f"{s1}.intersection({s2})"])
            lines.append(f"{indent}{target} = float(" + self.pick([
                f"sum(({t} % 7) * (1 + {t}i) for {t}i, {t} in enumerate(list({inter})))",
                f"len({inter}) + ({s1} <= {s2}) * 2 + ({s2} < {s1}) * 4 + ({s1} == {s2}) * 8",
                f"{s1}.isdisjoint({s2}) + 2 * {s2}.issubset({s1}) + 4 * {s1}.issuperset({s2})"]) + ")")
            return lines
        kt = self.pick([f"(-{t}[1], {t}[0])", f"({t}[1] // 2, -{t}[0])", f"(abs({t}[1]), {t}[1], {t}[0])",
                        f"(np.nan, {t}[1])", f"(round({t}[1]) if {t}[1] == {t}[1] else 0, -{t}[0])"])
        rev = self.pick(["", ", reverse=True"])
        src = self.pick([f"enumerate({b})", f"[({q}, {self.rng.randint(0, 3)}) for {q} in {b}]"])
        lines = [f"{indent}{s1} = sorted({src}, key=lambda {t}: {kt}{rev})",
                 f"{indent}{target} = float(sum(({t}[1] if {t}[1] == {t}[1] else 7.5) * (1 + {t}i) for {t}i, {t} in enumerate({s1})))"]
        return lines

    # -- dicts, defaultdicts, Counters and sets keyed by tuples of numbers
    #    (SemaTupleKeys.cpp): pairs of neighbours, rounded or raw (NaN
    #    members make keys of their own), added, counted and looked up.
    def tuplekeys_stmt(self, scope, indent):
        b, target = self.buf, self.fresh("x")
        d, i, k, acc = self.fresh("tk"), self.fresh("i"), self.fresh("k"), self.fresh("ta")
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        member = self.pick([f"{b}[{i}]", f"round({b}[{i}]) if abs({b}[{i}]) < 1e9 else 0",
                            f"{b}[{i}] > 0", f"{b}[{i}] // 2 if {b}[{i}] == {b}[{i}] else 0.5"])
        other = self.pick([f"{b}[{i} + 1]", f"{i} % 3", "-0.0", "1"])
        triple = self.chance(0.5)
        key = f"({other}, {member}, {i} % 2)" if triple else f"({member}, {other})"
        probe = f"({b}[0], 1, 0)" if triple else f"({b}[0], 1)"
        form = self.rng.randrange(4)
        if form == 0:
            lines = [f"{indent}{d} = set()",
                     f"{indent}for {i} in range(len({b}) - 1):",
                     f"{indent}    {d}.add({key})",
                     f"{indent}{target} = float(len({d}) * 2 + ({probe} in {d}))"]
        elif form == 1:
            start = self.pick(["defaultdict(int)", "Counter()"])
            lines = [f"{indent}{d} = {start}",
                     f"{indent}for {i} in range(len({b}) - 1):",
                     f"{indent}    {d}[{key}] += {self.pick(['1', '2'])}",
                     f"{indent}{target} = float(sum({d}.values()) + max({d}.values(), default=0) * 3 "
                     f"+ len({d}))"]
        elif form == 2:
            lines = [f"{indent}{d} = {{}}",
                     f"{indent}{acc} = 0.0",
                     f"{indent}for {i} in range(len({b}) - 1):",
                     f"{indent}    {k} = {key}",
                     f"{indent}    {acc} += {d}.get({k}, 0.5)" if self.chance(0.6) else
                     f"{indent}    {acc} += {d}.setdefault({k}, {self.pick(['0.25', f'{b}[{i}]', '1'])})",
                     f"{indent}    {d}[{k}] = {d}.get({k}, 0.0) + {b}[{i}]",
                     f"{indent}{target} = float({acc} + len({d}))"]
        else:
            lines = [f"{indent}{d} = {{(0, 1): 1.5, (1, 0): -2.0, (1, 1): 0.25}}",
                     f"{indent}{target} = {d}.get((int({b}[0] > 0), int({b}[-1] > 0)), 7.0)",
                     f"{indent}if (1, 1) in {d} and len({b}) > 1:",
                     f"{indent}    {target} += {d}[(1, int({b}[1] > {b}[0]))]"]
        return lines

    # -- dicts of lists (SemaDictLists.cpp): grouping with
    #    d.setdefault(k, []).append(x) or defaultdict(list), lists stored
    #    whole, read back by d[k], d.get(k, []), d.values() and d.items().
    def dictlist_stmt(self, scope, indent):
        b, target = self.buf, self.fresh("x")
        d, i, g, k, acc = (self.fresh("dl"), self.fresh("i"), self.fresh("g"), self.fresh("k"),
                           self.fresh("da"))
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        key = self.pick([f"{b}[{i}]", f"{i} % 3", f"{b}[{i}] > 0", "-0.0 if {0} else 0.0".format(f"{i} % 2"),
                         f"round({b}[{i}]) if abs({b}[{i}]) < 1e9 else 0"])
        elem = self.pick([f"{b}[{i}]", f"{i}", f"{b}[{i}] * 2", "1"])
        reduce = self.pick([f"len({g})", f"sum({g})", f"max({g}) - min({g})", f"{g}[0]", f"{g}[-1]",
                            f"float(np.mean({g}))", f"float(np.median({g}))",
                            f"sorted({g})[len({g}) // 2]"])
        form = self.rng.randrange(4)
        grow = (f"{indent}    {d}.setdefault({key}, []).append({elem})" if form != 1 else
                f"{indent}    {d}[{key}].append({elem})")
        lines = [f"{indent}{d} = {'defaultdict(list)' if form == 1 else '{}'}",
                 f"{indent}for {i} in range(len({b})):", grow]
        if form == 0:
            lines += [f"{indent}{acc} = 0.0",
                      f"{indent}for {g} in {d}.values():",
                      f"{indent}    {acc} = {acc} * 0.5 + {reduce}",
                      f"{indent}{target} = float({acc} + len({d}))"]
        elif form == 1:
            lines += [f"{indent}{acc} = 0.0",
                      f"{indent}for {k}, {g} in {d}.items():",
                      f"{indent}    {acc} = {acc} * 0.5 + {k} * len({g}) + {reduce}",
                      f"{indent}{target} = float({acc} + len({d}[{b}[0] if len({b}) else 0]))"]
        elif form == 2:
            lines += [f"{indent}{d}[1] = [{g} * 2 for {g} in {b} if {g} > 0]",
                      f"{indent}{d}[-1] = [{b}[0] if len({b}) else 0.5]",
                      f"{indent}{target} = float(len({d}.get({b}[-1] if len({b}) else 2, [])) + "
                      f"sum({d}.get(1, [])) + len({d}[-1]) + (({key.replace(i, '0')}) in {d}))"]
        else:
            lines += [f"{indent}{target} = float(sum({reduce} for {g} in {d}.values()) + len({d}))"]
        return lines

    def str_expr(self, scope, depth=0):
        """A str built at run time from literals and numbers of the window."""
        b = self.buf
        i = self.pick([0, 1, -1, 2])
        num = self.pick([f"{b}[{i}]", f"{b}[{i}] * 1e{self.rng.randint(-8, 20)}",
                         f"len({b})", f"int({b}[{i}] > 0.5)", f"({b}[{i}] > 0)",
                         f"round({b}[{i}], 2)"])
        r = self.rng.randrange(10 if depth < 2 else 4)
        if r == 0:
            return '"' + self.pick(["max", "Mean", " edge ", "a-b-c", "MiXed", "", "x y",
                                    "\u00e9t\u00e9", "Gr\u00f6\u00dfe", "12", "e"]) + '"'
        if r == 1:
            return f"{self.pick(['str', 'repr'])}({num})"
        if r == 2:
            spec = self.pick(["", ":.2f", "!r", ":g", ":>8.3e", ":+.1%"])
            if num.startswith("len") or num.startswith("int"):
                spec = self.pick(["", ":d", ":5d", "!r", ":,"])
            return f'f"<{{{num}{spec}}}>"'
        if r == 3:
            return self.pick(['"-"', '"=+"', '"ab"', '""']) + " * " + \
                self.pick(["3", "0", "-1", f"(len({b}) % 4)", f"({b}[{i}] > 0.5)"])
        if r in (4, 5):
            return f"{self.str_expr(scope, depth + 1)} + {self.str_expr(scope, depth + 1)}"
        inner = self.str_expr(scope, depth + 1)
        if " " in inner and not inner.startswith('"') or " * " in inner:
            inner = f"({inner})"
        if self.chance(0.15):
            return inner + f".split({self.pick(['', repr('-'), repr('.'), repr('e')])})" + \
                f"[{self.pick(['0', '-1', '1'])}]"
        return inner + "." + self.pick(["lower()", "upper()", "strip()", "title()",
                                        "swapcase()", 'replace("e", "_")', 'strip("-")',
                                        "capitalize()", "casefold()", 'rstrip("0")'])

    def strs_stmt(self, scope, indent):
        """A str built at run time and read back: compared, tested, its
        len(), find(), count(), startswith(), `in`; or shown in a raise or
        assert message (a repeated str, a tuple, several arguments)."""
        b = self.buf
        s, target = self.fresh("s"), self.fresh("x")
        i = self.pick([0, 1, -1, 2])
        lines = [f"{indent}{s} = {self.str_expr(scope)}"]
        use = self.pick([
            f"float(len({s}))", f"float({s}.find(\"e\"))", f"float({s}.count(\"-\"))",
            f"1.5 if {s}.startswith((\"m\", \"M\", \"<\")) else -0.5",
            f"2.0 if {s}.endswith(\">\") else 0.25",
            f"3.0 if \"e\" in {s} else -3.0", f"1.0 if \"-\" not in {s} else 0.0",
            f"4.0 if {s} else 5.0", f"6.0 if not {s}.strip() else 7.0",
            f"float({s} == \"max\") + float({s}.lower() != \"mean\")",
            f"float({s}.isdigit()) + float({s}.isalpha()) * 2",
            f"float(len({s} * 2) + len(str(len({s}))))",
        ])
        lines.append(f"{indent}{target} = {use}")
        if self.chance(0.4):
            cond = f"{b}[{i}] > {self.pick(['0.5', '0.9', '0.0', '2.0'])}"
            msg = self.pick([
                f'"-" * {self.rng.randint(0, 4)} + {s}',
                f"{s} + \" \" + {s}.upper() * 2",
                f"({b}[{i}], {s})", f"({s},)", f"({s}, len({s}), {b}[{i}] > 1)",
                f'f"{{{s}!r:>12}} " + str({b}[{i}])',
            ])
            if self.chance(0.5):
                lines.append(f"{indent}assert not {cond}, {msg}")
            elif self.chance(0.5) and not msg.startswith("("):
                lines += [f"{indent}if {cond}:", f"{indent}    raise ValueError({msg})"]
            else:
                lines += [f"{indent}if {cond}:",
                          f"{indent}    raise {self.pick(['ValueError', 'RuntimeError'])}"
                          f"({s}, {b}[{i}])"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def strdict_stmt(self, scope, indent):
        """A dict (or set) keyed by str literals: named tallies filled by an
        if/elif chain on the buffer, read back by literal keys, d.get, in,
        len, d.values(), loops over d.items() whose key is compared with a
        literal, max(d, key=d.get) compared with a literal, max/min with a
        key lambda over a tuple of the literals or d, a display of str keys
        read by the chosen key (a missing key is CPython's KeyError:
        'name')."""
        b, target = self.buf, self.fresh("x")
        d, i, k, v, acc = (self.fresh("sd"), self.fresh("i"), self.fresh("k"), self.fresh("v"),
                           self.fresh("sa"))
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        pool = ["pos", "neg", "zero", "lo", "hi", "mid", "a", "b", "edge", "x y"]
        names = self.rng.sample(pool, self.rng.randint(1, 4))
        lit = lambda n: '"' + n + '"'
        if self.chance(0.15):
            # a set of strs: add, in, len
            lines = [f"{indent}{d} = " + (self.pick(["set()"]) if self.chance(0.5) else
                                          "{" + ", ".join(lit(n) for n in names[:2]) + "}"),
                     f"{indent}for {i} in range(len({b})):"]
            for j, n in enumerate(names):
                kw = "if" if j == 0 else "elif"
                lines.append(f"{indent}    {kw} {b}[{i}] > {self.rng.randint(-3, 3)}:")
                lines.append(f"{indent}        {d}.add({lit(n)})")
            probe = self.pick(pool)
            lines.append(f"{indent}{target} = float(len({d}) * 10 + ({lit(probe)} in {d}) "
                         f"- ({lit(self.pick(names))} not in {d}))")
            return lines
        form = self.rng.randrange(5)
        if form == 1 and not all(n.isidentifier() for n in names):
            form = 0
        zero = self.pick(["0", "0.0", "1"])
        if form == 0:
            init = [f"{indent}{d} = {{" + ", ".join(f"{lit(n)}: {zero}" for n in names) + "}"]
        elif form == 1:
            init = [f"{indent}{d} = dict(" + ", ".join(f"{n}={zero}" for n in names) + ")"]
        elif form == 2:
            init = [f"{indent}{d} = {{}}",
                    f"{indent}for {k} in (" + ", ".join(lit(n) for n in names) + ",):",
                    f"{indent}    {d}[{k}] = {zero}"]
        elif form == 3:
            init = [f"{indent}{d} = defaultdict({self.pick(['int', 'float'])})"]
        else:
            init = [f"{indent}{d} = {{}}"]
        lines = init + [f"{indent}for {i} in range(len({b})):"]
        for j, n in enumerate(names):
            kw = "if" if j == 0 else "elif"
            lines.append(f"{indent}    {kw} {b}[{i}] {self.pick(['>', '<', '>=', '=='])} "
                         f"{self.rng.randint(-3, 3)}:")
            upd = self.pick([f"{d}[{lit(n)}] += 1", f"{d}[{lit(n)}] += {b}[{i}]",
                             f"{d}[{lit(n)}] = {d}.get({lit(n)}, 0) + 1",
                             f"{d}[{lit(n)}] = max({d}.get({lit(n)}, {b}[{i}]), {b}[{i}])"])
            if form == 4 and "+=" in upd:
                upd = f"{d}[{lit(n)}] = {d}.get({lit(n)}, 0) + 1"
            lines.append(f"{indent}        {upd}")
        n0 = self.pick(names)
        safe = form in (0, 1, 2, 3)
        reads = [f"len({d})", f"({lit(self.pick(pool))} in {d})",
                 f"{d}.get({lit(self.pick(pool))}, -1)", f"sum({d}.values())"]
        if safe or self.chance(0.3):
            reads.append(f"{d}[{lit(n0)}]")
        if safe:
            reads += [f"max({d}.values())", f"(max({d}, key={d}.get) == {lit(n0)})",
                      f"(min({d}, key={d}.get) != {lit(self.pick(names))})"]
            # a key lambda over a tuple of the literals or the dict, and a
            # display of str keys read by the chosen key (a subset of the
            # names: CPython's KeyError: 'name' when missing)
            lk = self.fresh("lk")
            some = self.rng.sample(names, self.rng.randint(1, len(names)))
            shown = "{" + ", ".join(f"{lit(n)}: {self.rng.randint(-3, 3)}.5" for n in some) + "}"
            reads += [f"(max((" + ", ".join(lit(n) for n in names) +
                      f",), key=lambda {lk}: {d}[{lk}]) == {lit(n0)})",
                      f"(min({d}, key=lambda {lk}: {d}[{lk}]) != {lit(self.pick(names))})",
                      f"{shown}[max({d}, key={d}.get)]"]
        if form != 3 and self.chance(0.5):
            # a key computed at run time (a str made from pieces, whole only
            # on some windows): looked up by d[rk], d.get, in, d[rk] += ...
            # (CPython's KeyError('...') when missing)
            rk, whole = self.fresh("rk"), self.pick(pool + names)
            cut = self.rng.randint(0, len(whole))
            lines.append(f"{indent}{rk} = {lit(whole[:cut])} + {lit(whole[cut:])} * "
                         f"int(len({b}) > {self.pick([0, 1, 5, 100])})")
            if self.chance(0.3):
                lines.append(f"{indent}{d}[{rk}] += {self.pick(['1', f'{b}[0]'])}")
            reads += [f"{d}.get({rk}, -1)", f"({rk} in {d})", f"({rk} not in {d})",
                      f"{d}[{rk}]"]
        use = " + ".join(self.pick(reads) for _ in range(self.rng.randint(1, 3)))
        if self.chance(0.4):
            lines += [f"{indent}{acc} = 0.0",
                      f"{indent}for {k}, {v} in {d}.items():",
                      f"{indent}    if {k} == {lit(self.pick(pool))}:",
                      f"{indent}        {acc} += {v} * 2",
                      f"{indent}    {acc} = {acc} * 0.5 + {v}"]
            use += f" + {acc}"
        lines.append(f"{indent}{target} = float({use})")
        return lines

    def nested_default_stmt(self, scope, indent):
        """`def g(x, k=p):` naming a parameter p of the enclosing function
        (never reassigned by the generator), called with and without k."""
        params = sorted(n for n in self.param_names if scope.types.get(n) in (INT, FLOAT))
        if not params:
            return None
        b, target = self.buf, self.fresh("x")
        g, x, k = self.fresh("nd"), self.fresh("q"), self.fresh("k")
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        p = self.pick(params)
        body = self.pick([f"{x} * {k}", f"{x} - {k}", f"max({x}, {k})", f"{x} + {k} * 0.5",
                          f"({x} if {x} > {k} else -{k})"])
        calls = [f"{g}({b}[0] if len({b}) else 0.0)", f"{g}({b}[-1] if len({b}) else 1.0, 2)",
                 f"{g}(1.5, {k}=-1.0)", f"{g}({x}=len({b}))"]
        use = " + ".join(self.pick(calls) for _ in range(self.rng.randint(1, 3)))
        return [f"{indent}def {g}({x}, {k}={p}):",
                f"{indent}    return {body}",
                f"{indent}{target} = float({use})"]

    def dictdisplay_stmt(self, scope, indent):
        """A dict of lists written as a display of list displays, grown by
        append and reduced (a missing key is CPython's KeyError)."""
        b, target = self.buf, self.fresh("x")
        d, i, g, k, acc = (self.fresh("dd"), self.fresh("i"), self.fresh("g"), self.fresh("k"),
                           self.fresh("da"))
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        keys = self.pick([[0, 1, 2], [0, 1], [-1, 0, 1], [(0, 0), (0, 1), (1, 0), (1, 1)]])
        seeds = [f"{b}[0]", "1", "0.5", f"{b}[-1] * 2", "-0.0"]
        items = []
        for key in keys:
            n = self.pick([0, 0, 1, 2])
            items.append(f"{key}: [{', '.join(self.pick(seeds) for _ in range(n))}]")
        if isinstance(keys[0], tuple):
            key = self.pick([f"({i} % 2, int({b}[{i}] > 0))", f"({i} % 2, {i} % 3 // 2)"])
        elif keys[0] == -1:
            key = self.pick([f"int({b}[{i}] > 0) - int({b}[{i}] < 0)", f"{i} % 3 - 1"])
        else:
            key = self.pick([f"{i} % {len(keys)}", f"int({b}[{i}] > 0)", f"{i} % 3"])
        elem = self.pick([f"{b}[{i}]", f"{i}", f"{b}[{i}] * 2"])
        reduce = self.pick([f"len({g})", f"sum({g})", f"(max({g}) - min({g}) if {g} else 0.0)",
                            f"({g}[-1] if {g} else -1.0)", f"sum({g}) / max(len({g}), 1)"])
        lines = [f"{indent}{d} = {{{', '.join(items)}}}",
                 f"{indent}for {i} in range(len({b})):",
                 f"{indent}    {d}[{key}].append({elem})"]
        # (items() of a tuple-keyed dict is not supported: its keys are not kept)
        if self.chance(0.5) and not isinstance(keys[0], tuple):
            lines += [f"{indent}{acc} = 0.0",
                      f"{indent}for {k}, {g} in {d}.items():",
                      f"{indent}    {acc} = {acc} * 0.5 + len({g}) + {reduce}",
                      f"{indent}{target} = float({acc} + len({d}))"]
        else:
            lines += [f"{indent}{target} = float(sum({reduce} for {g} in {d}.values()) + len({d}))"]
        return lines

    # -- lists of lists made by comprehensions (m[i][j], rows reduced),
    #    loops over a tuple of arrays, and `x, = seq` / `(a, b), = pairs`
    #    of run-time length (CPython's ValueError when it is not one).
    def listlist_stmt(self, scope, indent):
        b, target = self.buf, self.fresh("x")
        m, r, i, j, k = (self.fresh("ll"), self.fresh("r"), self.fresh("i"), self.fresh("j"),
                         self.fresh("k"))
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        form = self.rng.randrange(4)
        if form == 0:
            cond = self.pick(["", f" if {b}[{j}] > {i} - 1", f" if {j} % 2"])
            lines = [f"{indent}{m} = [[{b}[{j}] * {i} for {j} in range(len({b})){cond}] "
                     f"for {i} in range({self.rng.randint(1, 3)})]",
                     f"{indent}{target} = 0.0",
                     f"{indent}for {r} in {m}:",
                     f"{indent}    {target} = {target} * 0.5 + len({r}) + "
                     + self.pick([f"sum({r})", f"(max({r}) if {r} else 0.5)", f"({r}[-1] if {r} else 1)"]),
                     f"{indent}{target} += len({m}[0]) + ({m}[-1][0] if {m}[-1] else 0.25)"]
        elif form == 1:
            lines = [f"{indent}{m} = [[{b}[({i} + {j}) % len({b})] for {j} in range(3)] "
                     f"for {i} in range(3)]",
                     f"{indent}{target} = float(sum({m}[{i}][{i}] for {i} in range(3)) + "
                     f"max({m}, key=lambda {r}: {r}[1])[0])"]
        elif form == 2:
            arrays = self.pick(["(np.array([1.0, 2.0, 1.0]), np.array([-1.0, 0.0, 1.0]))",
                                f"({b}[:2], {b}[-2:])"])
            lines = [f"{indent}{target} = 0.0",
                     f"{indent}for {r} in {arrays}:",
                     f"{indent}    {target} = {target} * 0.5 + float(np.sum({r}))"]
        else:
            pairs = self.chance(0.5)
            pick = (f"[({k}, {i}) for {i}, {k} in enumerate({b}) if {k} < -1.5]" if pairs else
                    f"[{k} for {k} in {b} if {k} > 1.5]")
            lines = [f"{indent}{m} = {pick}",
                     f"{indent}if len({m}) == 1 or {self.pick(['True', 'False'])}:",
                     f"{indent}    {r}, = {m}",
                     f"{indent}    {target} = float({f'{r}[0] * 2 + {r}[1]' if pairs else r})",
                     f"{indent}else:",
                     f"{indent}    {target} = float(len({m}))"]
        return lines

    # -- 2-D arrays whose shape is computed at run time (blocks: a reshape
    #    of run-time dimensions, np.zeros((n, m))), indexed, iterated by
    #    rows, reduced and combined; a size that does not divide raises.
    def runtime_reshape_stmt(self, scope, indent):
        b, target = self.buf, self.fresh("x")
        w, n, r, acc = self.fresh("rw"), self.fresh("rn"), self.fresh("rr"), self.fresh("ra")
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        shape = self.pick([f"{n}, {n}", f"{n}, -1", f"-1, {n}", f"({n}, len({b}) // max({n}, 1))"])
        lines = [f"{indent}{n} = {self.pick([f'int(np.sqrt(len({b})))', f'len({b}) // 3', '2', f'{self.rng.randint(1, 4)}'])}",
                 f"{indent}{w} = {b}.reshape({shape})"]
        form = self.rng.randrange(4)
        if form == 0:
            lines += [f"{indent}{acc} = 0.0",
                      f"{indent}for {r} in {w}:",
                      f"{indent}    {acc} = {acc} * 0.5 + {r}.{self.pick(['sum', 'max', 'mean'])}()",
                      f"{indent}{target} = float({acc} + len({w}))"]
        elif form == 1:
            lines.append(f"{indent}{target} = float({self.pick(['np.median', 'np.sum', 'np.std'])}"
                         f"({w} * 2.0 - {w}[0, 0]) + {w}.shape[1])")
        elif form == 2:
            lines.append(f"{indent}{target} = float(max(({r}.sum() for {r} in {w}), default=0.5))")
        else:
            z = self.fresh("rz")
            lines += [f"{indent}{z} = np.zeros(({n}, {self.pick(['2', n])}){self.pick(['', ', dtype=int'])})",
                      f"{indent}for {r} in range(min(len({b}), {n})):",
                      f"{indent}    {z}[{r}, 0] += {b}[{r}] > 0",
                      f"{indent}{target} = float({z}.sum() + {z}.size)"]
        return lines

    # -- Slices of run-time blocks (z[1:, ::2], z[:, lag:] - z[:, :-lag],
    #    clamped and empty bounds) and their axis= reductions (numpy's order of
    #    additions per axis; max of an empty axis raises; shapes that do not
    #    broadcast raise) -------------------------------------------------------

    def rtblock_slice(self, z, lag):
        """A slice of block z: constant, negative, out-of-range, run-time
        (lag) or omitted bounds, and steps (negative too)."""
        def bound():
            return self.pick(["", "", "1", "-1", "2", "-2", "0", "9", "-9", lag, f"-{lag}",
                              f"{lag} + 1"])
        def part():
            step = self.pick(["", "", "", ":2", ":-1", ":-2", ":3"])
            return f"{bound()}:{bound()}{step}"
        form = self.rng.randrange(6)
        if form == 0:
            return f"{z}[{part()}]"
        return f"{z}[{part()}, {part()}]"

    def rtblock_stmt(self, scope, indent):
        b, target = self.buf, self.fresh("x")
        z, n, lag, s, t = (self.fresh("bz"), self.fresh("bn"), self.fresh("bl"),
                           self.fresh("bs"), self.fresh("bt"))
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        make = self.pick([f"{b}.reshape({n}, {n})", f"{b}.reshape({n}, -1)",
                          f"np.reshape({b}, (-1, {n}))", f"{b}.reshape({n}, {n}) * 2.0 - 1.0"])
        lines = [f"{indent}{n} = {self.pick([f'int(np.sqrt(len({b})))', f'int(round({b}.size ** 0.5))', f'len({b}) // 3', '3'])}",
                 f"{indent}{z} = {make}",
                 f"{indent}{lag} = {self.pick(['0', '1', '2', f'int({b}[0] > 0)', f'len({b}) % 3'])}",
                 f"{indent}{s} = {self.rtblock_slice(z, lag)}"]
        red = self.pick(["sum", "mean", "std", "var", "min", "max", "prod", "median", "ptp"])
        axis = self.pick(["0", "1", "-1", "-2"])
        form = self.rng.randrange(7)
        if form == 0:  # two slices combined: same shapes, or numpy's ValueError
            lines += [f"{indent}{t} = {self.rtblock_slice(z, lag)}",
                      f"{indent}{target} = float(np.sum(({s} - {t}) ** 2) + {s}.size + {t}.shape[0])"]
        elif form == 1:  # a whole-array reduction of a slice
            fn = self.pick(["np.sum", "np.mean", "np.max", "np.min", "np.std", "np.var",
                            "np.median"])
            lines.append(f"{indent}{target} = float({fn}(np.abs({s})) + len({s}))")
        elif form == 2:  # along an axis, then used as an array
            call = self.pick([f"{s}.{red}(axis={axis})" if red not in ("median", "ptp")
                              else f"np.{red}({s}, axis={axis})",
                              f"np.{red}({s}, axis={axis})"])
            lines += [f"{indent}{t} = {call}",
                      f"{indent}{target} = float(len({t}) + ({t}.{self.pick(['max', 'sum', 'min'])}() if len({t}) else 0.5))"]
        elif form == 3:  # along an axis of the block itself
            lines += [f"{indent}{t} = np.{self.pick(['sum', 'mean', 'max', 'var', 'argmax', 'any'])}({z}, axis={axis})",
                      f"{indent}{target} = float(np.sum({t} * 1.5) + {t}.size)"]
        elif form == 4:  # rows of a slice
            r = self.fresh("br")
            lines += [f"{indent}{target} = 0.0",
                      f"{indent}for {r} in {s}:",
                      f"{indent}    {target} = {target} * 0.5 + float({r}.sum())"]
        elif form == 5:  # raveled, indexed
            lines.append(f"{indent}{target} = float({s}.ravel().sum() + ({s}[0, -1] if {s}.size else 0.25))")
        else:  # the semivariance of the brief
            lines += [f"{indent}{t} = {z}[:, {lag}:] - {z}[:, :-{lag}]",
                      f"{indent}{target} = float(np.sum({t} ** 2) / max({t}.size, 1) + np.mean({z}[{lag}:, :] - {z}[:-{lag}, :], axis={axis}).sum())"]
        return lines

    # -- list.sort(key=) and set |, -, ^ (IRGenContainers.cpp sortListByKey,
    #    IRGenSetOps.cpp setCombine) ------------------------------------------

    def sortsets_stmt(self, scope, indent):
        """A list sorted in place by a key (stable, reverse=, NaN keys), or
        sets combined by |, -, ^, their in-place forms and methods, then
        added to; the folds weigh each position, so the order shows."""
        b, target = self.buf, self.fresh("x")
        q, z, t, l = self.fresh("q"), self.fresh("z"), self.fresh("t"), self.fresh("l")
        s1, s2, s3 = self.fresh("sa"), self.fresh("sb"), self.fresh("sc")
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        if self.chance(0.45):
            src = self.pick([f"list({b})", f"[{q} * 0.5 for {q} in {b}]",
                             f"[round({q}) if {q} == {q} and abs({q}) < 1e9 else {q} for {q} in {b}]",
                             f"[{q} * ({t} % 3) for {q} in {b} for {t} in range({self.rng.randint(2, 12)})]"])
            key = self.pick(["abs", f"lambda {z}: abs({z} - 0.5)", f"lambda {z}: {z} // 2",
                             f"lambda {z}: -{z}", f"lambda {z}: ({z} > 0, -{z})",
                             f"lambda {z}: {z} * 0.0 if {z} > 0 else {z}"])
            rev = self.reverse_flag(["", ", reverse=True", ", reverse=False"])
            return [f"{indent}{l} = {src}",
                    f"{indent}{l}.sort(key={key}{rev})",
                    f"{indent}{target} = float(sum(({t} if {t} == {t} else 7.5) * (1 + {t}i) "
                    f"for {t}i, {t} in enumerate({l}[:40])))"]
        key = self.pick([f"round({q}) % 5", f"{q} // 2", f"{q}", f"{q} * 0.5", f"int({q} * 1009)",
                         f"{q} * 2.0 ** 40", f"int({q}) * 8 + 2 ** 61"])
        guard = f"{q} == {q} and abs({q}) < 1e9"
        sl = self.pick(["[::2]", "[1:]", "[:5]", "[::-3]", "", "[:2]"])
        op = self.pick(["|", "-", "^"])
        lines = [f"{indent}{s1} = {{{key} for {q} in {b} if {guard}}}",
                 f"{indent}{s2} = {{{key} for {q} in {b}{sl} if {guard}}}"]
        if self.chance(0.3):
            lines.append(f"{indent}{s1} {self.pick(['|', '-', '^', '&'])}= {s2}")
        method = {"|": "union", "-": "difference", "^": "symmetric_difference"}[op]
        lines.append(f"{indent}{s3} = " + self.pick([f"{s1} {op} {s2}", f"{s2} {op} {s1}",
                                                     f"{s1}.{method}({s2})", f"set({s1})"]))
        for _ in range(self.rng.randint(0, 3)):
            lines.append(f"{indent}{s3}.add({self.rng.randint(-3, 9)})")
        lines.append(f"{indent}{target} = float(sum(({t} % 7) * (1 + {t}i) "
                     f"for {t}i, {t} in enumerate(list({s3}))))")
        return lines

    # -- fmaxlog: np.fmax, np.fmin, np.logaddexp, np.logaddexp2 ---------------

    def fmaxlog_stmt(self, scope, indent):
        """np.fmax / np.fmin (NaN ignored, of equal operands the second) and
        np.logaddexp / np.logaddexp2 of numbers, arrays and a running
        log-sum-exp over the values."""
        b, target = self.buf, self.fresh("x")
        e = lambda: paren(self.expr(FLOAT, scope, 2), P_TERNARY)
        f = self.pick(["np.fmax", "np.fmin", "np.logaddexp", "np.logaddexp2"])
        if self.chance(0.25):
            acc, q = self.fresh("acc"), self.fresh("q")
            lines = [f"{indent}{acc} = {self.pick(['-np.inf', '0.0', 'np.nan', '-0.0'])}",
                     f"{indent}for {q} in {b}:",
                     f"{indent}    {acc} = {f}({acc}, {self.pick([q, q + ' * 30.0', '-' + q])})",
                     f"{indent}{target} = float({acc})"]
        else:
            num = self.pick([e(), "np.nan", "-0.0", "0.0", "np.inf", f"{b}[0]"])
            other = self.pick([num, f"{b}[::-1]"])
            lines = [f"{indent}{target} = float(" + self.pick([
                f"{f}({b}, {other}).sum()", f"{f}({other}, {b}).max()",
                f"{f}({e()}, {num})", f"{f}({num}, {e()})",
                f"{f}({b} * {self.pick(['100.0', '-1.0', '1e300'])}, {b}[::-1])[-1]"]) + ")"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    # -- ufuncmeth: a ufunc's reduce and accumulate --------------------------

    def ufuncmeth_stmt(self, scope, indent):
        """np.<ufunc>.reduce(a) and .accumulate(a) of a float array (reversed,
        scaled, masked to possibly empty, a list), of an int array where
        llcc takes ints, reduced to one float."""
        b, target = self.buf, self.fresh("x")
        floats = ["add", "multiply", "maximum", "minimum", "fmax", "fmin", "subtract", "divide",
                  "true_divide", "floor_divide", "remainder", "mod", "fmod", "copysign",
                  "heaviside", "nextafter", "logaddexp", "logaddexp2"]
        # not np.hypot: run.py's CPython replaces it by the C library's (no methods)
        ints = ["add", "multiply", "maximum", "minimum", "fmax", "fmin", "divide", "logaddexp",
                "logaddexp2", "copysign"]
        if self.chance(0.2):
            u = self.pick(ints)
            arr = self.pick([f"({b} > 0) * {self.rng.randint(1, 5)}", f"({b} < 1) * -3 + 1"])
        else:
            u = self.pick(floats)
            arr = self.pick([b, f"{b}[::-1]", f"{b} * {self.pick(['0.5', '-2.0', '30.0'])}",
                             f"{b}[{b} > {self.pick(['0.0', '0.5', '2.0'])}]",
                             f"[v * 1.5 for v in {b}]"])
        if self.chance(0.5) and not (u == "maximum" and "* -3" in arr):
            call = f"np.{u}.reduce({arr})"
        else:
            acc = f"np.{u}.accumulate({arr})"
            call = self.pick([f"{acc}.sum()", f"{acc}[-1]", f"{acc}[{self.rng.randint(0, 3)}]",
                              f"np.max({acc})", f"len({acc})"])
        lines = [f"{indent}{target} = float({call})"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def numpymore_stmt(self, scope, indent):
        """np.argwhere(a)[:, 0] / .ravel() / len(), np.average(...,
        returned=True), np.corrcoef(x, y) and np.tile(a, k) of the buffer."""
        b, target = self.buf, self.fresh("x")
        t = self.pick(["0.0", "0.5", "-1.0"])
        form = self.rng.randrange(4)
        if form == 0:
            aw = f"np.argwhere({b} > {t})"
            call = self.pick([f"np.sum({aw}[:, 0])", f"{aw}.ravel().sum() * 2", f"len({aw})",
                              f"{aw}.flatten()[-1]", f"np.argwhere(np.isnan({b}))[:, -1].sum()"])
            lines = [f"{indent}{target} = float({call})"]
        elif form == 1:
            avg, scl = self.fresh("avg"), self.fresh("scl")
            w = self.pick([f"{b} * {b}", f"np.arange(len({b})) % 3", f"{b} - {t}", None])
            kw = f"weights={w}, " if w else ""
            lines = [f"{indent}{avg}, {scl} = np.average({b}, {kw}returned=True)",
                     f"{indent}{target} = float({avg} * 3.0 + {scl})"]
        elif form == 2:
            other = self.pick([f"{b}[::-1]", f"{b} * {b}", f"np.arange(len({b})) * 1.0",
                               f"np.arange(len({b})) % 2", f"{b} * 0.0 + 1.0"])
            ij = self.pick(["[0, 1]", "[1, 0]", "[1, 1]", "[0, 0]"])
            lines = [f"{indent}{target} = float(np.corrcoef({b}, {other}){ij})"]
        else:
            k = self.rng.randint(0, 3)
            tiled = self.pick([f"np.tile({b}, {k})", f"np.tile(np.arange(len({b})) % 3, {k})"])
            lines = [f"{indent}{target} = float(np.sum({tiled} * np.arange(len({tiled}))))"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    # -- npextra: np.histogram of explicit edges, np.select of named lists --

    def npextra_stmt(self, scope, indent):
        """np.histogram(data, edges) with edges a list or tuple in place, a
        local array (sorted or not: numpy's monotonic ValueError), NaN and
        infinite edges, density=True; np.select(conds, choices) with both
        lists bound to local names first; np.outer of run-time lengths."""
        b, target = self.buf, self.fresh("x")
        if self.chance(0.2):  # np.outer of run-time lengths: a block
            k = self.fresh("k")
            a = self.pick([b, f"{b}[::-1]", f"np.arange(len({b})) % 3", f"{b}[:len({b}) // 2]",
                           f"1.0 / (1.0 + {b} * {b})", f"{b} > 0.5"])
            c = self.pick([b, f"{b} * 2.0", f"np.arange(len({b})) - 1.5", "np.array([1.0, -2.0])"])
            use = self.pick([f"{k}.sum()", f"{k}[0, -1] + {k}.shape[1]", f"np.max({k}.ravel())",
                             f"len({k}) + {k}.size"])
            lines = [f"{indent}{k} = np.outer({a}, {c})", f"{indent}{target} = float({use})"]
            scope.types[target] = FLOAT
            scope.assigned.add(target)
            return lines
        if self.chance(0.55):
            edges = self.pick(["[-1.0, 0.0, 0.5, 2.0]", "[0, 1, 2]", "(0.0, 1.0, np.nan)",
                               "np.linspace(-2.0, 2.0, 5)", "[-np.inf, 0.0, np.inf]",
                               f"np.sort({b})", f"np.sort({b}[:3])", "[0.0, 0.0, 1.0]",
                               "np.array([-3, -1, 0, 2])", "[-0.0, 0.0, 1e300]"])
            if self.chance(0.05):  # numpy's ValueError: not monotonic
                edges = self.pick([f"{b}[:3]", "[1.0, 0.0, 2.0]"])
            data = self.pick([b, f"{b} * 3.0", f"({b} > 0.5) * 2", f"np.arange(len({b})) % 4",
                              f"{b}[::-1] - 1.0"])
            h, e = self.fresh("h"), self.fresh("e")
            density = ", density=True" if self.chance(0.2) else ""
            key = self.pick(["bins=", ""])
            use = self.pick([f"{h}[0] * 10 + {h}[-1]", f"{h}.sum() + {e}[-1]", f"np.argmax({h})",
                             f"len({h}) + {e}[0]", f"{h}[0] - {h}[-1] * 0.5"])
            lines = [f"{indent}{h}, {e} = np.histogram({data}, {key}{edges}{density})",
                     f"{indent}{target} = float({use})"]
        else:
            conds, choices = self.fresh("conds"), self.fresh("choices")
            t = self.pick(["0.0", "0.5", "-1.0"])
            if self.chance(0.5):
                c = self.fresh("c")
                lines = [f"{indent}{c} = {b}[len({b}) // 2]"]
                cl = [f"{c} > {t}", f"{c} < -{t}", f"np.isnan({c})"]
                ch = [self.pick(["2.0", f"{c} * 3.0", "-0.0"]), self.pick(["-2", "np.inf"]),
                      "99.0"]
                wrap = "float({})"
            else:
                c = b
                lines = []
                cl = [f"{c} > {t}", f"{c} < -{t}", f"np.isnan({c})"]
                ch = [f"{c} * 2.0", f"-{c}", "0.0"]
                wrap = "float(np.sum({}))"
            k = self.rng.randint(1, 3)
            dflt = self.pick(["", ", default=1.5", ", default=-1", ", 0.25"])
            lines += [f"{indent}{conds} = [{', '.join(cl[:k])}]",
                      f"{indent}{choices} = [{', '.join(ch[:k])}]",
                      f"{indent}{target} = " + wrap.format(f"np.select({conds}, {choices}{dflt})")]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def arrays_stmt(self, scope, indent):
        """Array forms SciPy users write: a conditional expression choosing
        between 2-D arrays of one shape (constant or a run-time block);
        np.meshgrid in a function (run-time lengths, lists, bools, -0.0)."""
        b, target = self.buf, self.fresh("x")
        q, n, w, i = self.fresh("aq"), self.fresh("an"), self.fresh("aw"), self.fresh("ai")
        if self.chance(0.25):  # arithmetic on np.indices / np.mgrid before unpacking
            g1, g2 = self.fresh("iy"), self.fresh("ix")
            grid = self.pick(["np.indices((3, 3))", "np.indices((2, 4))", "np.mgrid[-1:2, -1:2]",
                              "np.mgrid[0:4:2, -2:1]"])
            expr = self.pick([f"{grid} - 1", f"({grid} - 1) * 0.5", f"-{grid} * 2 + {b}[0]",
                              f"{grid} / 2", f"{grid} // 2 % 3", f"{grid} ** 2"])
            use = self.pick([f"np.sum({g1} * {g2})", f"{g1}[1, 1] - {g2}[0, -1]",
                             f"np.sum({g1} ** 2 + {g2} ** 2) + {g1}.shape[1]"])
            lines = [f"{indent}{g1}, {g2} = {expr}", f"{indent}{target} = float({use})"]
            scope.types[target] = FLOAT
            scope.assigned.add(target)
            return lines
        if self.chance(0.5):  # np.meshgrid in a function, of run-time lengths
            g1, g2, r = self.fresh("gy"), self.fresh("gx"), self.fresh("gr")
            a1 = self.pick([r, f"{b}[:3]", f"{b}[::2]", "[-1, 0, 1]", f"{b} > 0.5",
                            f"np.arange(len({b})) * 0.5"])
            a2 = self.pick([r, f"{b}[-2:]", f"{b} * -0.0", "(0.5, 1.5)", f"{b}[1:] < 0"])
            kw = self.pick(["", ", indexing='ij'", ", indexing='xy'", ", sparse=True",
                            ", indexing='ij', sparse=True", ", copy=True"])
            use = self.pick([f"np.sum({g1} * {g2})", f"{g1}.shape[0] * 10 + {g2}.shape[1]",
                             f"np.sum(1.0 / (1.0 + {g1} ** 2 + {g2} ** 2))",
                             f"{g1}[0, -1] + {g2}[-1, 0]", f"np.max({g1} + {g2})"])
            lines = [f"{indent}{n} = int(np.sqrt(len({b})))",
                     f"{indent}{r} = np.arange({n}) - {n} // 2",
                     f"{indent}{g1}, {g2} = np.meshgrid({a1}, {a2}{kw})",
                     f"{indent}{target} = float({use})"]
            scope.types[target] = FLOAT
            scope.assigned.add(target)
            return lines
        lines = [f"{indent}{n} = int(np.sqrt(len({b})))",
                 f"{indent}{w} = {b}[:{n} * {n}].reshape({n}, {n})"]
        cond = self.pick([f"{b}[0] > 0.5", f"len({b}) > 4", f"{b}[-1] != {b}[-1]"])
        if self.chance(0.5):
            a1 = self.pick(["np.zeros((3, 3))", "np.ones((3, 3))", "np.full((3, 3), 2.5)"])
            a2 = self.pick(["np.ones((3, 3))", "np.zeros((3, 3))",
                            f"np.full((3, 3), {b}[0])"])
            use = self.pick([f"{q}.sum()", f"{q}[0, 1] * 2 + {q}[2, 2]", f"np.max({q}[1])"])
        else:
            a1 = self.pick([f"{w} * 2", w, f"{w} - {b}[0]", f"np.abs({w})"])
            a2 = self.pick([f"{w} + 1.0", f"-{w}", f"{w} * {w}"])
            use = self.pick([f"{q}.sum()", f"{q}.shape[0] + {q}.size",
                             f"max(({q}[{i}].sum() for {i} in range(len({q}))), default=0.0)"])
        lines += [f"{indent}{q} = {a1} if {cond} else {a2}",
                  f"{indent}{target} = float({use})"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def rebind_stmt(self, scope, indent):
        """A fresh name bound, at the function's top level, to a number, then
        to a list or an array computed from it (or the other way round), then
        used as the new kind: a new variable from there on in llcc."""
        b, t, target = self.buf, self.fresh("rb"), self.fresh("x")
        form = self.rng.randrange(10)
        u = self.fresh("ru") if form >= 7 else None
        if form == 5:  # the same kind, reading the old value (one slot in llcc)
            lines = [f"{t} = float({b}[0])", f"{t} = {t} * 0.5 + {b}[-1]",
                     f"{t} = {t} - {b}[0] / 3.0", f"{target} = {t} * {t}"]
        elif form == 6:
            lines = [f"{t} = {b} * 1.5", f"{t} = np.cumsum({t})", f"{t} = {t}[::-1] - {t}",
                     f"{target} = float({t}.sum() + {t}[0])"]
        elif form == 7:  # tuples whose second value still reads the old one
            lines = [f"{t} = float({b}[0]) * 7.0", f"{t}, {u} = divmod({t}, 2.5)",
                     f"{t}, {u} = {u}, {t}", f"{target} = {t} * 3.0 + {u}"]
        elif form == 8:
            lines = [f"{t} = {b} + 0.0", f"{t}, {u} = {t} * 2.0, float({t}.min())",
                     f"{target} = float({t}.max()) - {u}"]
        elif form == 9:
            lines = [f"{t} = int({b}[0] * 10)", f"{t} = {t} * 3 + 1", f"{t} = {t} // 2 - 1",
                     f"{target} = float({t} % 7)"]
        elif form == 0:
            lines = [f"{t} = float({b}[0])", f"{t} = [{t}, {b}[-1], {t} * 2.0]",
                     f"{target} = sum({t}) + len({t})"]
        elif form == 1:
            lines = [f"{t} = {b}[:3]", f"{t} = sorted({t}.tolist())",
                     f"{target} = {t}[0] + {t}[-1]"]
        elif form == 2:
            lines = [f"{t} = [v for v in {b} if v > 0.5]", f"{t} = len({t})",
                     f"{target} = float({t} * 3)"]
        elif form == 3:
            lines = [f"{t} = None", f"{t} = {b} * 2.0", f"{target} = float({t}.max())"]
        else:
            n, i, v = self.fresh("rn"), self.fresh("ri"), self.fresh("rv")
            lines = [f"{t}, {n} = None, -1.0", f"for {i}, {v} in enumerate({b}):",
                     f"    if {v} > {n}:", f"        {t}, {n} = {i}, {v}",
                     f"{target} = float({t}) + {n}"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return [indent + line for line in lines]

    def index_tricks_stmt(self, scope, indent):
        """np.r_[...] and np.c_[...]: the buffer padded at its ends, ranges
        with numbers between, masks, float steps, columns; now and then an
        index out of range (numpy's IndexError)."""
        b, t, target = self.buf, self.fresh("it"), self.fresh("x")
        k = self.rng.randint(0, 4)
        c = self.pick(["0.5", "0.25", "-1.0"])
        form = self.pick([
            (f"np.r_[{b}[0], {b}, {b}[-1]]", f"float({t}.sum() + {t}[1])"),
            (f"np.r_[0:{k}, {k + 3}, len({b})]", f"float({t}.sum()) + {b}[int({t}[-2]) % len({b})]"),
            (f"np.r_[{b} > {c}, True]", f"float({t}.sum())"),
            (f"np.r_[0.0:1.0:0.25, {b}[:2]]", f"float(({t} * {t}).sum())"),
            (f"np.r_[{k}:{k + 5}:2]", f"float({t}.size + {t}[-1])"),
            (f"np.r_[{b}[:{k}], {c}, {b}[{k}:] * 2.0]", f"float({t}.max() - {t}[{k}])"),
            (f"np.c_[{b}, {b} * {c}]", f"float({t}[:, 1].sum() - {t}[0, 0])"),
            (f"np.r_[{b}, {b}]", f"float({t}[len({b}) + {k}])"),
            (f"np.lib.stride_tricks.sliding_window_view({b}, {k + 1})",
             f"float({t}.mean(axis=1).sum() + {t}.shape[0] + {t}[-1, {k}])"),
            (f"np.lib.stride_tricks.sliding_window_view({b} > {c}, window_shape=(2,))",
             f"float({t}.any(axis=1).sum()) + len(str({t}[0, 0]))"),
            (f"np.lib.stride_tricks.sliding_window_view(np.sort({b}), {k + 2})",
             f"float(np.median({t}, axis=-1).max() - {t}.min(axis=1)[0])"),
        ])
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return [f"{indent}{t} = {form[0]}", f"{indent}{target} = {form[1]}"]

    def eigvalsh_stmt(self, scope, indent):
        """np.linalg.eigvalsh of a 2 x 2 matrix written out of the buffer's
        values (a structure tensor, a Hessian, scaled by 1e-160 or 1e160,
        zeros and non-finite elements), unpacked or indexed."""
        b, m, target = self.buf, self.fresh("m"), self.fresh("x")
        def v():
            return self.pick([f"{b}[0]", f"{b}[-1]", f"{b}[0] * {b}[-1]", f"{b}.sum()",
                              f"({b} * {b}).sum()", f"{b}[0] * 1e-160", f"{b}[-1] * 1e160",
                              "0.0", "-0.0", "1.0", "np.nan", "np.inf", "-np.inf", "1e-300",
                              f"{b}.max() - {b}.min()"])
        p, q, r = v(), v(), v()
        lines = [f"{indent}{m} = np.linalg.eigvalsh(np.array([[{p}, {q}], [{q}, {r}]]))"]
        form = self.rng.randrange(3)
        if form == 0:
            lines.append(f"{indent}{target} = float({m}[0] * 2.0 + {m}[1])")
        elif form == 1:
            lo, hi = f"{m}_lo", f"{m}_hi"
            lines += [f"{indent}{lo}, {hi} = {m}", f"{indent}{target} = float({hi} - {lo})"]
        else:
            lines.append(f"{indent}{target} = float(np.abs({m}).max())")
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def linalg_stmt(self, scope, indent):
        """np.linalg.det, slogdet, inv or solve of an n x n matrix written
        out of the buffer's values (n from 1 to 4, with an np.eye shift at
        times), the result read as a float; inv and solve raise numpy's
        LinAlgError for a singular matrix, caught or not."""
        b, m, target = self.buf, self.fresh("m"), self.fresh("x")
        n = self.rng.randint(1, 4)
        def v():
            return self.pick([f"{b}[0]", f"{b}[-1]", f"{b}[0] * {b}[-1]", f"{b}.sum()",
                              f"{b}.max()", f"{b}.min()", "0.0", "-0.0", "1.0", "2.0", "-3.0",
                              "np.nan", "np.inf", f"{b}[0] * 1e-200", f"{b}[-1] * 1e200",
                              f"round({b}[0])", f"{b}[len({b}) // 2]"])
        rows = ", ".join("[" + ", ".join(v() for _ in range(n)) + "]" for _ in range(n))
        matrix = f"np.array([{rows}])"
        if self.chance(0.3):
            matrix += f" + {self.pick(['0.5', '-1.0', f'{b}[0]'])} * np.eye({n})"
        lines = [f"{indent}{m} = {matrix}"]
        form = self.rng.randrange(5 if n == 2 else 4)
        i, j = self.rng.randrange(n), self.rng.randrange(n)
        if form == 4:  # eigh of the matrix made symmetric
            body = [f"{m}_w, {m}_v = np.linalg.eigh({m} + {m}.T)",
                    f"{target} = float({m}_w[{i}] + 3.0 * {m}_v[{i}, {j}] - np.linalg.eigh({m} * 2.0 + {m}.T * 2.0)[1][{j}, {i}])"]
        elif form == 0:
            body = [f"{target} = float(np.linalg.det({m}))"]
        elif form == 1:
            body = [f"{m}_s, {m}_l = np.linalg.slogdet({m})",
                    f"{target} = float({m}_s * 2.0 + {m}_l)"]
        elif form == 2:
            body = [f"{target} = float(np.linalg.inv({m})[{i}, {j}])"]
        else:
            rhs = ", ".join(v() for _ in range(n))
            body = [f"{target} = float(np.linalg.solve({m}, [{rhs}])[{i}])"]
        if form >= 2 and self.chance(0.7):
            lines.append(f"{indent}try:")
            lines += [f"{indent}    {x}" for x in body]
            lines += [f"{indent}except np.linalg.LinAlgError:", f"{indent}    {target} = -1.5"]
        else:
            lines += [f"{indent}{x}" for x in body]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def kept_dtypes_stmt(self, scope, indent):
        """An int array (np.argsort, np.arange % k) or a bool mask of the
        buffer through np.flip, np.roll, np.diff, np.tile, np.concatenate or
        np.r_, then used as numpy would allow only of its dtype: an index,
        a mask, str() of an element (7, not 7.0; True, not 1.0)."""
        b, t, target = self.buf, self.fresh("kd"), self.fresh("x")
        k = self.rng.randint(-3, 3)
        c = self.pick(["0.0", "0.5", "-1.0"])
        ints = self.pick([f"np.argsort({b})", f"np.arange(len({b})) % 3",
                          f"np.arange(len({b}))[::-1]", f"np.argsort(-{b}, kind='stable')"])
        mask = self.pick([f"{b} > {c}", f"~({b} < {c})", f"np.isnan({b})", f"{b} == {b}[0]"])
        n = max(abs(k), 1)
        form = self.pick([
            (f"np.flip({ints})", f"float({b}[{t}[0]] + {b}[{t}].sum())"),
            (f"np.roll({ints}, {k})", f"float({b}[{t}[-1]]) + len(str({t}[0]))"),
            (f"np.diff({ints}, {n % 3})", f"float({t}.sum()) + (len(str({t}[0])) if len({t}) else -1)"),
            (f"np.flip({mask})", f"float({b}[{t}].sum()) + len(str({t}[0]))"),
            (f"np.roll({mask}, {k})", f"float({t}.sum() + {b}[{t}].size)"),
            (f"np.tile({mask}, {n})", f"float(np.tile({b}, {n})[{t}].sum()) + len(str({t}[-1]))"),
            (f"np.tile({ints}, {n})", f"float({b}[{t}].sum()) + len(str({t}[-1]))"),
            (f"np.concatenate(({ints}, {mask}))", f"float({t}.sum()) + len(str({t}[-1]))"),
            (f"np.concatenate(({mask}, ~({mask}), {mask}))",
             f"float(np.concatenate(({b}, {b}, {b}))[{t}].sum()) + len(str({t}[0]))"),
            (f"np.concatenate(({ints}, ({ints})[:{n}]))", f"float({b}[{t}].max()) + len(str({t}[0]))"),
            (f"np.r_[{ints}, {n}]", f"float({b}[{t} % len({b})].sum()) + len(str({t}[-1]))"),
            (f"np.r_[{mask}, True]", f"float({t}.sum()) + len(str({t}[-1]))"),
            (f"np.where({mask}, {ints}, {n})", f"float({b}[{t} % len({b})].sum()) + len(str({t}[0]))"),
            (f"np.where({mask}, True, {b} < {c})", f"float({b}[{t}].sum()) + len(str({t}[-1]))"),
            (f"np.array([v > {c} for v in {b}])", f"float({b}[{t}].sum()) + len(str({t}[0]))"),
            (f"np.cumsum({mask})", f"float({b}[{t} % len({b})].sum()) + len(str({t}[-1]))"),
            (f"np.cumprod({mask})", f"float({t}.sum()) + len(str({t}[0]))"),
            (f"np.diff({mask}, {n % 3})",
             f"float({t}.sum()) + (len(str({t}[0])) if len({t}) else -1)"),
        ])
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return [f"{indent}{t} = {form[0]}", f"{indent}{target} = {form[1]}"]

    def blockwrite_stmt(self, scope, indent):
        """A small 2-D (or 3-D) array filled by rows, columns and blocks: a
        number, a row broadcast along the last axis, a column, rows of the
        array itself (overlapping: numpy copies first), in-place forms; now
        and then a value of another length (numpy's ValueError)."""
        b, g, target = self.buf, self.fresh("bw"), self.fresh("x")
        if self.chance(0.3):  # a column and a row of the buffer (None, np.newaxis)
            form = self.pick([f"{b}[:, None] - {b}[None, :]",
                              f"np.abs({b}[:, np.newaxis] - {b}[np.newaxis, :])",
                              f"({b} - {b}.mean())[:, None] * {b}[None]",
                              f"{b}[..., None] + {b}[None, ...]",
                              f"{b}[:, None] > {b}[None, :]"])
            use = self.pick([f"float(np.sum({g}))", f"float(({g} > 0).sum())",
                             f"float({g}.max())", f"float({g}[-1, 0])"])
            scope.types[target] = FLOAT
            scope.assigned.add(target)
            return [f"{indent}{g} = {form}", f"{indent}{target} = {use}"]
        cube = self.chance(0.15)
        if cube:
            start = self.pick(["np.zeros((2, 3, 3))", "np.ones((2, 3, 3)) * 0.5"])
            # (index, length of the view's last axis)
            indices = [("0", 3), ("1, 1, :", 3), (":, :, 0", 3), ("1, 0:2, 1:3", 2),
                       ("..., 2", 3), ("-1, ::2", 3)]
        else:
            start = self.pick(["np.zeros((3, 3))", "np.ones((3, 3))", f"np.zeros((3, 3)) + {b}[0]",
                               "np.arange(9.0).reshape(3, 3)", "np.full((3, 3), -0.0)",
                               "np.zeros((3, 3), dtype=int)", "np.ones((3, 3), dtype=bool)"])
            indices = [("1, :", 3), (":, 0", 3), ("2", 3), ("-1", 3), ("0:2, 1:3", 2),
                       ("1:, :", 3), (":, ::-1", 3), ("::2, :", 3), ("...", 3), ("1:3, 0", 2),
                       (":, 1:", 2), ("0, ::2", 2)]
        lines = [f"{indent}{g} = {start}"]
        for _ in range(self.rng.randint(1, 3)):
            index, last = self.pick(indices)
            fits = {3: ["np.arange(3) - 1", f"{g}[0, :]" if not cube else f"{g}[0, 0]",
                        f"{g}[:, 1] * 2" if not cube else f"{g}[1, 1, :]",
                        f"np.array([{b}[0], {b}[-1], 0.5])"],
                    2: [f"{g}[0, 1:]" if not cube else f"{g}[0, 0, :2]",
                        f"np.array([{b}[0], 2.0])", "np.arange(2)"]}[last]
            numbers = [f"{b}[0]", "1.5", "-2", f"{b}[-1] > 0.5", "0.25"]
            if self.chance(0.08):  # numpy's ValueError: a value of another shape
                value = self.pick([f"{b}[0:3]", f"{b}[:2]", "np.arange(4)",
                                   f"{b}[:3].reshape(3, 1)"])
            elif self.chance(0.5):
                value = self.pick(numbers)
            else:
                value = self.pick(fits)
            op = self.pick(["="] * 4 + ["+=", "-=", "*="])
            ints = ["-2", "np.arange(3) - 1", "np.arange(2)",
                    f"{g}[0, :]" if not cube else f"{g}[0, 0]"]
            if op != "=" and "bool" in start:
                op = "="  # arithmetic into a bool array: numpy's UFuncTypeError
            if op != "=" and "int" in start and value not in ints:
                value = "-2"  # a float into an int array: the same
            lines.append(f"{indent}{g}[{index}] {op} {value}")
        use = self.pick([f"float({g}.sum())", f"float(np.sum({g} * 1.5) + {g}.ravel()[4])",
                         f"float({g}[..., 1].max())", f"float(np.mean({g}))"])
        lines.append(f"{indent}{target} = {use}")
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def smalllib_stmt(self, scope, indent):
        """Array methods that are numpy functions (a.cumsum(), a.clip(),
        a.round()), in-place list edits (insert, reverse, clear, remove,
        count), np.heaviside, np.trapz, math.isqrt and math.perm."""
        target = self.fresh("x")
        lines = self.smalllib_lines(scope, indent, target)
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def smalllib_lines(self, scope, indent, target):
        b = self.buf
        e = lambda: paren(self.expr(FLOAT, scope, 2), P_TERNARY)
        k = self.rng.randint(-2, 3)
        form = self.rng.randrange(8)
        if form == 7:
            d, q, kk = self.fresh("dd"), self.fresh("q"), self.fresh("k")
            key = self.pick([f"int(min(max({q}, -1e6), 1e6)) % 4", f"round({q}) if {q} == {q} else 9",
                             f"{q} // 2.0"])
            lines = [f"{indent}{d} = defaultdict({self.pick(['int', 'float'])})",
                     f"{indent}for {q} in {self.buf}:",
                     f"{indent}    {kk} = {key}",
                     f"{indent}    {d}[{kk}] {self.pick(['+=', '-=', '*='])} {self.pick(['1', '0.5', q])}"]
            if self.chance(0.5):
                lines.append(f"{indent}    {d}[{self.rng.randint(0, 5)}] += {d}[{self.rng.randint(0, 5)}]")
            lines.append(f"{indent}{target} = float(" + self.pick([
                f"max({d}, key={d}.get)", f"len({d}) + {d}[{self.rng.randint(0, 5)}] + len({d})",
                f"sum({d}.values())", f"sorted({d}.items())[0][1]"]) + ")")
            return lines
        if form == 0:
            arr = self.pick([b, f"({b} * 0.5)", f"np.abs({b})"])
            use = self.pick([f"{arr}.cumsum()[-1]", f"{arr}.cumprod()[{self.rng.randint(-3, 2)}]",
                             f"{arr}.clip({self.pick(['-1.0', '0', 'None'])}, 2.5).sum()",
                             f"{arr}.clip(None, {e()}).max()", f"{arr}.round({k}).sum()",
                             f"{arr}.round().mean()", f"{arr}.cumsum().max()"])
            return [f"{indent}{target} = float({use})"]
        if form == 1:
            xs = self.fresh("xs")
            lines = [f"{indent}{xs} = {self.pick([f'list({b})', f'{b}.tolist()', '[]'])}"]
            for _ in range(self.rng.randint(1, 4)):
                lines.append(indent + self.pick([
                    f"{xs}.insert({self.rng.randint(-12, 12)}, {e()})",
                    f"{xs}.reverse()", f"{xs}.append({e()})",
                    f"{xs}.insert(len({xs}) // 2, {xs}.pop() if {xs} else 0.5)",
                    f"{xs}.clear()" if self.chance(0.3) else f"{xs}.reverse()"]))
            lines.append(f"{indent}{target} = float(sum({xs}) + len({xs}) * 0.25 + ({xs}[0] if {xs} else 0.0))")
            return lines
        if form == 2:
            ks, q = self.fresh("ks"), self.fresh("q")
            c = self.rng.randint(-2, 3)
            lines = [f"{indent}{ks} = [int(min(max({q}, -1e6), 1e6)) % 5 for {q} in {b} if {q} == {q}]"]
            lines.append(indent + self.pick([
                f"{ks}.remove({c})",
                f"if {c} in {ks}:\n{indent}    {ks}.remove({c})",
                f"if {ks}:\n{indent}    {ks}.remove({ks}[-1])",
                f"{ks}.insert({self.rng.randint(-3, 3)}, {c})"]))
            lines.append(f"{indent}{target} = float({ks}.count({c}) * 100 + len({ks}) + sum({ks}))")
            return lines
        if form == 3:
            h = self.pick(["0.5", "0.0", "1.0", f"{b}[0]", "np.nan"])
            return [f"{indent}{target} = float(" + self.pick([
                f"np.heaviside({b} - ({e()}), {h}).sum()",
                f"np.heaviside({e()}, {h})", f"np.heaviside({b}, {b})[-1]"]) + ")"]
        if form == 4:
            xp = self.fresh("xp")
            return [f"{indent}{xp} = np.arange(len({b})) * {self.pick(['0.5', '2.0', '1.0'])} + np.abs({b}) * 0.0",
                    f"{indent}{target} = float(" + self.pick([
                        f"np.trapz({b})", f"np.trapz({b}, dx={self.pick(['0.25', '2', '1.0 / len(' + b + ')'])})",
                        f"np.trapz({b}, {xp})", f"np.trapz({b}[1:], x={xp}[1:])",
                        f"np.trapz(np.sort({b}), None, {self.pick(['3', '0.1'])})"]) + ")"]
        if form == 5:
            n = self.pick([f"len({b})", f"len({b}) * {self.rng.randint(1, 999)}",
                           f"int(min(abs({b}[0]), 1e12))" if self.chance(0.5) else "0",
                           f"{self.rng.randint(-3, 10 ** 12)}"])
            return [f"{indent}{target} = float(math.isqrt({n}))"]
        n, m = self.rng.randint(-1, 12), self.rng.randint(-1, 6)
        return [f"{indent}{target} = float(" + self.pick([
            f"math.perm({n}, {m})", f"math.perm({abs(n)})",
            f"math.perm(len({b}), {m})", f"math.perm(len({b}) % 7, len({b}) % 3)"]) + ")"]

    # -- npmisc: float steps, operator ufuncs by name, a.item(i) -------------

    def floatsteps_stmt(self, scope, indent):
        """np.signbit/spacing/nextafter/fmod and the operator ufuncs by name
        (np.add, np.floor_divide, ...) of the buffer and of numbers,
        math.ulp/nextafter/remainder (ValueError for remainder(inf, y) and
        (x, 0)), and b.item(i) (IndexError past the end)."""
        b, target = self.buf, self.fresh("x")
        # float(...): an expression of FLOAT kind may be an int on a path
        # (max(10.0, k)), and numpy's ufuncs of ints are int64 (refused).
        e = lambda: f"float({paren(self.expr(FLOAT, scope, 2), P_TERNARY)})"
        form = self.rng.randrange(6)
        if form == 5:
            # np.pad / np.triu / np.tril of a 3x3 view (ValueError on both
            # sides for other footprints)
            w, p = self.fresh("pw"), self.fresh("pp")
            mode = self.pick(["constant", "edge", "reflect", "symmetric", "wrap"])
            width = self.pick([str(self.rng.randint(0, 4)),
                               f"({self.rng.randint(0, 5)}, {self.rng.randint(0, 5)})",
                               f"(({self.rng.randint(0, 7)}, {self.rng.randint(0, 2)}), "
                               f"({self.rng.randint(0, 2)}, {self.rng.randint(0, 7)}))"])
            extra = f", constant_values={e()}" if mode == "constant" and self.chance(0.5) else ""
            made = self.pick([f"np.pad({w}, {width}, mode='{mode}'{extra})",
                              f"np.triu({w}, {self.rng.randint(-3, 3)})",
                              f"np.tril({w}, k={self.rng.randint(-3, 3)})"])
            scope.types[target] = FLOAT
            scope.assigned.add(target)
            return [f"{indent}{w} = {b}.reshape(3, 3)", f"{indent}{p} = {made}",
                    f"{indent}{target} = float(np.nansum({p}[::2, 1:]) * 2.0 + np.nansum({p}) "
                    f"+ {p}[-1, 0] + {p}[0, -1] * 0.5 + {p}.shape[1])"]
        if form == 0:
            use = self.pick([f"np.count_nonzero(np.signbit({b}))", f"np.nansum(np.spacing({b}))",
                             f"np.nansum(np.nextafter({b}, {self.pick(['np.inf', '0.0', e()])}) - {b})",
                             f"float(np.signbit({e()}))", f"np.spacing({e()})",
                             f"np.nextafter({e()}, {e()})"])
        elif form == 1:
            q = self.fresh("q")
            fn = self.pick([f"math.ulp({q})", f"math.nextafter({q}, {self.pick(['0.0', '-1', e()])})",
                            f"math.remainder({q}, {self.pick(['2.5', '1', '0.0', q])})",
                            f"math.remainder({self.pick(['7', '-3.5'])}, {q})"])
            use = f"sum({fn} for {q} in {b} if {q} == {q})"
        elif form == 2:
            op = self.pick(["add", "subtract", "multiply", "divide", "true_divide",
                            "floor_divide", "remainder", "mod", "fmod"])
            x = self.pick([b, e(), f"{b}[::-1]"])
            y = self.pick([b, e(), "0.0", "2", f"{b}[0]"]) if x != b else self.pick([e(), "1.5", b])
            call = f"np.{op}({x}, {y})"
            use = f"np.nansum({call})" if b in (x, y) or x == f"{b}[::-1]" else call
        elif form == 3:
            use = self.pick([f"np.nansum(np.negative({b}))", f"np.negative({e()})",
                             f"np.add({e()}, {self.rng.randint(-3, 3)})"])
        else:
            i = self.pick([str(self.rng.randint(-4, 9)), f"len({b}) // 2", f"-len({b})"])
            use = self.pick([f"{b}.item({i})", f"{b}[:1].item()",
                             f"{b}.item({i}) / ({e()})"])
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return [f"{indent}{target} = float({use})"]

    def sentinel_stmt(self, scope, indent):
        """A running search with None as the sentinel: `best = None`, set in a
        loop, read back through `is None` (never used while None)."""
        s, q = self.fresh("s"), self.fresh("q")
        target = self.fresh("x")
        inner = scope.copy()
        inner.types[q] = FLOAT
        inner.assigned.add(q)
        lines = [f"{indent}{s} = None", f"{indent}for {q} in {self.buf}:"]
        form = self.rng.randrange(3)
        if form == 0:
            lines += [f"{indent}    if {s} is None or {q} {self.pick(['>', '<', '>='])} {s}:",
                      f"{indent}        {s} = {q}"]
        else:
            cond = paren(self.expr(BOOL, inner, 2), P_TERNARY)
            value = q if form == 1 else paren(self.expr(self.pick([FLOAT, INT]), inner, 2),
                                              P_TERNARY)
            lines += [f"{indent}    if {cond}:", f"{indent}        {s} = {value}"]
            if self.chance(0.5):
                lines.append(f"{indent}        break")
            if self.chance(0.3):
                lines.append(f"{indent}    elif {s} is not None and {q} > 3:")
                lines.append(f"{indent}        {s} = None")
        default = self.float_literal()[0]
        lines.append(self.pick([
            f"{indent}{target} = {default} if {s} is None else float({s})",
            f"{indent}{target} = float({s}) if {s} is not None else {default}"]))
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def long_nan_sort(self, q, inner, d, rev):
        """sorted() of a list of 8 to 70 values per buffer element with NaN
        in some of them (64 or more values from most windows): CPython's
        timsort merges there, and NaN decides which comparisons it makes.
        The reductions see where each NaN and each value ended."""
        buf = self.buf
        j, inner_j = self.comp_scope(inner, INT)
        e = paren(self.expr(FLOAT, inner_j, d), P_TERNARY)
        reps = self.rng.randint(8, 70)
        every = self.rng.randint(2, 9)
        shift = self.rng.randint(0, 8)
        holes = f"({j} * 5 + {shift}) % {every}"
        values = f"[{e} if {holes} else np.nan for {q} in {buf} for {j} in range({reps})]"
        w, x, z = self.fresh("w"), self.fresh("x"), self.fresh("z")
        form = self.rng.randrange(4)
        if form == 0:
            return f"float(sum({w} for {w}, {x} in enumerate(sorted({values}{rev})) if {x} != {x}))"
        if form == 1:
            return f"sorted({values}{rev})[{self.rng.randint(-70, 69)}]"
        if form == 2:
            key = self.pick([f"abs({z})", f"{z} * 0.5", f"-{z}"])
            return (f"float(sum({w} for {w}, {x} in enumerate(sorted({values}, "
                    f"key=lambda {z}: {key}{rev})) if {x} != {x}))")
        # Tuples: a fresh NaN object per member (np.nan * q, and e * 1.0 when
        # e is a NaN read from the image, the loop variable q itself, say),
        # since CPython finds one NaN object equal to itself in a tuple and
        # llcc, which has no objects, cannot follow one stored in a list
        # (docs/language.md, tuples; seed 840225 before the e * 1.0).
        pairs = (f"[(({e}) * 1.0 if {holes} else np.nan * {q}, {j} % 3) for {q} in {buf} "
                 f"for {j} in range({reps})]")
        return (f"float(sum({w} * {x}[1] for {w}, {x} in enumerate(sorted({pairs}{rev})) "
                f"if {x}[0] != {x}[0]))")

    def fresh_container_stmt(self, scope, indent):
        """A set, list, masked array or comprehension made afresh (inside a
        loop: once per iteration, storage llcc releases when the iteration
        ends) and reduced to a float."""
        c, q = self.fresh("c"), self.fresh("q")
        inner = scope.copy()
        scope.types[q] = FLOAT
        inner.types[q] = FLOAT
        inner.assigned.add(q)
        target = self.fresh("x")
        b = self.buf
        kind = self.pick([0, 1, 2, 2, 2, 3, 4, 4, 4, 5, 6, 7, 8, 9])  # 2, 4: arrays and lists
        # Generated only where it is used: a helper call in a dropped
        # expression would leave the helper uncalled (and exported).
        cond = paren(self.expr(BOOL, inner, 1), P_OR) if kind in (1, 3) else None  # or_test in a comprehension
        if kind == 0 and self.chance(0.4):
            # A set of ints consumed in iteration order (CPython's, of its
            # hash table; NaN keys are left out: CPython places them by
            # address).
            key = (f"int({q} * {self.pick(['4', '7', '1e6'])}) % {self.rng.randint(3, 40)} - "
                   f"{self.rng.randint(0, 20)} if abs({q}) < 1e12 else -1")
            x, i = self.fresh("e"), self.fresh("k")
            use = self.pick([f"float(sum({x} * ({i} + 1) for {i}, {x} in enumerate({c})))",
                             f"float(min({c}, key=lambda {x}: {x} % 3))",
                             f"float(max({c}, key=lambda {x}: -abs({x})))"])
            lines = [f"{indent}{c} = set()", f"{indent}for {q} in {b}:",
                     f"{indent}    {c}.add({key})",
                     f"{indent}{target} = {use} if {c} else 0.0"]
        elif kind == 0:
            key = self.pick([f"round({q}, 1)", f"{q} // 2.0", q])
            lines = [f"{indent}{c} = set()", f"{indent}for {q} in {b}:",
                     f"{indent}    {c}.add({key})", f"{indent}{target} = float(len({c}))"]
        elif kind == 1:
            lines = [f"{indent}{c} = []", f"{indent}for {q} in {b}:",
                     f"{indent}    if {cond}:", f"{indent}        {c}.append({q})",
                     f"{indent}{target} = sum({c}) - len({c})"]
        elif kind == 2 and self.chance(0.6):
            # a 2-D array written out (np.array of rows), reduced by axis
            e = paren(self.expr(FLOAT, scope, 1), P_TERNARY)
            k = self.int_literal()[0]
            rows = self.pick([f"[[{b}[0], {b}[-1]], [{b}[len({b}) // 2], {e}]]",
                              f"(({k}, 2), (-1, {b}[0]))", f"[[1, {k}], [3, 4]]"])
            dtype = self.pick(["", ", dtype=float", ", dtype=np.float64"])
            use = self.pick([f"{c}.sum(axis=0)[1] + {c}.T[1, 0]",
                             f"np.sum({c} * np.array([[1.0, 2.0], [0.5, -1.0]]))",
                             f"{c}.max() - {c}.min(axis=1)[0]"])
            lines = [f"{indent}{c} = np.array({rows}{dtype})",
                     f"{indent}{target} = float({use})"]
            if self.chance(0.3):
                # a 1-D weight array in a variable, meeting the 2-D array
                gv = self.fresh("g")
                lines = [f"{indent}{gv} = np.array([{k}, 0.5])",
                         f"{indent}{c} = np.array({rows}{dtype}) * {gv} + np.outer({gv}, {gv})",
                         f"{indent}{target} = float({use})"]
            elif self.chance(0.5):
                # coordinate grids (np.mgrid / np.ogrid / np.indices) of 2x2
                gy, gx = self.fresh("g"), self.fresh("g")
                lo = self.rng.randint(-3, 2)
                grid = self.pick([f"np.mgrid[{lo}:{lo + 2}, 0:4:2]", f"np.ogrid[{lo}:{lo + 2}, -1:1]",
                                  "np.indices((2, 2))"])
                lines = [f"{indent}{gy}, {gx} = {grid}",
                         f"{indent}{c} = {gy} * {gx} + np.array({rows}{dtype})",
                         f"{indent}{target} = float({use})"]
        elif kind == 2:
            x = paren(self.expr(FLOAT, scope, 1), P_CMP + 1)
            lines = [f"{indent}{c} = {b}[{b} > {x}]",
                     f"{indent}{target} = {c}.sum() + len({c})"]
        elif kind == 3:
            lines = [f"{indent}{c} = [abs({q}) for {q} in {b} if {cond}]",
                     f"{indent}{target} = max({c}, default=-1.5)"]
        elif kind == 5:
            # list.sort(reverse=...) of a list from an array
            made = self.pick([f"list({b})", f"{b}.tolist()", f"[{q} * 2.0 for {q} in {b}]"])
            flag = self.reverse_flag([", reverse=True", ", reverse=False"])
            lines = [f"{indent}{c} = {made}", f"{indent}{c}.sort({flag[2:]})",
                     f"{indent}{target} = {c}[0] - {c}[-1] * 0.5 + {c}[len({c}) // 2]"]
        elif kind == 6:
            # np.array of a list or array with a dtype (int() of each float
            # of a list, astype of an array)
            src = self.pick([f"[{q} for {q} in {b} if abs({q}) < 1e15]",
                             f"np.minimum(np.abs({b}), 1e15)", f"({b}[0], {b}[-1], 2.5)"])
            dtype = self.pick(["int", "float", "np.int64", "np.float64"])
            fn = self.pick(["np.array", "np.asarray"])
            if src.startswith("np.") and fn == "np.asarray":
                # np.asarray of an array of its own dtype is that array (llcc
                # asks for it written so): convert it.
                dtype = self.pick(["int", "np.int64"])
            lines = [f"{indent}{c} = {fn}({src}, dtype={dtype})",
                     f"{indent}{target} = float(len({c})) + ({c}.max() if len({c}) else 0.5)"]
        elif kind == 4:
            # list operators: + concatenates, * repeats (none for n <= 0),
            # += extends a local list with any iterable
            k = self.rng.randint(-2, 3)
            made = self.pick([f"[{q} for {q} in {b} if {q} > 0.25]", f"list({b})",
                              f"[int({q} > 0.5) for {q} in {b}]", f"sorted({b})[:3]"])
            joined = self.pick([f"{c}[:{k}] + [{q}] + {c}[{k}:]", f"{c} + {c}[::-1]",
                                f"[{self.int_literal()[0]}] + {c}", f"{c} + {c}"])
            extend = self.pick([f"[{q} * 2.0 for {q} in {b}[:2]]",
                                f"({q} for {q} in {b} if {q} < 0.5)",
                                f"range({self.rng.randint(0, 3)})", f"{c}[:1]"])
            n = self.rng.randint(-1, 3)
            rep = self.pick([f"{c} * {n}", f"{n} * {c}"])
            d = self.fresh("c")
            # map/filter given to a consumer, and a set comprehension
            x = self.fresh("e")
            reduced = self.pick([f"sum(map(lambda {x}: {x} * 2.0, {d}))",
                                 f"max(filter(lambda {x}: {x} > 0.25, {d}), default=0.5)",
                                 f"float(len({{round({x}, 1) for {x} in {d} if abs({x}) < 1e9}}))",
                                 f"sum(map(abs, {d}))", f"float(sum(filter(None, {d})))",
                                 f"float(sum({d}) + len({d}))"])
            lines = [f"{indent}{c} = {made}", f"{indent}{q} = {b}[0]",
                     f"{indent}{c} = {joined}", f"{indent}{c} += {extend}",
                     f"{indent}{d} = {rep}",
                     f"{indent}{target} = {reduced} + (float({d}[-1]) if {d} else 0.5)"]
            if self.chance(0.3):
                # a lambda bound to a name (a nested def), reading q late
                fl = self.fresh("lam")
                lines.insert(4, f"{indent}{fl} = lambda {x}: {x} * 0.5 - {q}")
                lines[-1] = (f"{indent}{target} = sum(map({fl}, {d})) + "
                             f"(float({fl}({d}[-1])) if {d} else 0.5)")
        elif kind == 8:
            # running maxima and minima (NaN stays once reached)
            fn = self.pick(["np.maximum.accumulate", "np.minimum.accumulate"])
            src = self.pick([b, f"np.argsort({b})", f"{b}[::-1]"])
            lines = [f"{indent}{c} = {fn}({src})",
                     f"{indent}{target} = float({c}[-1]) + float({c}[len({c}) // 2]) * 0.5"]
        elif kind == 7:
            # an int array rounded to decimals, and its list
            digits = self.rng.randint(-2, 1)
            lines = [f"{indent}{c} = np.round(np.argsort({b}) * 7, {digits}).tolist()",
                     f"{indent}{c}.sort(reverse=True)",
                     f"{indent}{target} = float({c}[0] - {c}[-1])"]
        else:
            key = self.pick([f"{q} // 4.0", f"abs({q})"])
            lines = [f"{indent}{c} = {{}}", f"{indent}for {q} in {b}:",
                     f"{indent}    {c}[{key}] = {c}.get({key}, 0.0) + {q}",
                     f"{indent}{target} = sum({c}.values()) + len({c})"]
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    # -- statements ------------------------------------------------------------

    def block(self, scope, indent, n, depth):
        lines = []
        for _ in range(n):
            if self.stmt_budget <= 0:
                break
            lines += self.stmt(scope, indent, depth)
        if not lines:
            lines = [indent + "pass"]
        return lines

    def stmt(self, scope, indent, depth):
        self.stmt_budget -= 1
        if LANG_FOCUS and self.buf and self.chance(LANG_FOCUS):
            return self.lang_stmt(scope, indent, depth)
        if self.containers and self.buf and self.chance(max(0.12, CONTAINER_FOCUS / 3)):
            return self.const_container_stmt(scope, indent)  # constant containers
        if RTBLOCK_FOCUS and self.buf and self.chance(RTBLOCK_FOCUS):
            return self.rtblock_stmt(scope, indent)
        if NPEXTRA_FOCUS and self.buf and self.chance(NPEXTRA_FOCUS):
            return self.npextra_stmt(scope, indent)
        if ARRAYS_FOCUS and self.buf and self.chance(ARRAYS_FOCUS):
            return self.arrays_stmt(scope, indent)
        if BLOCKWRITE_FOCUS and self.buf and self.chance(BLOCKWRITE_FOCUS):
            return self.blockwrite_stmt(scope, indent)
        if REBIND_FOCUS and self.buf and indent == "    " and self.chance(REBIND_FOCUS):
            return self.rebind_stmt(scope, indent)
        if INTBITS_FOCUS and self.buf and self.chance(INTBITS_FOCUS):
            return self.intbits_stmt(scope, indent)
        if LISTDEL_FOCUS and self.buf and self.chance(LISTDEL_FOCUS):
            return self.listdel_stmt(scope, indent)
        if HEAPQ_FOCUS and self.buf and self.chance(HEAPQ_FOCUS):
            return self.heapq_stmt(scope, indent)
        if INDEXTRICKS_FOCUS and self.buf and self.chance(INDEXTRICKS_FOCUS):
            return self.index_tricks_stmt(scope, indent)
        if KEPTDTYPES_FOCUS and self.buf and self.chance(KEPTDTYPES_FOCUS):
            return self.kept_dtypes_stmt(scope, indent)
        if EIGVALSH_FOCUS and self.buf and self.chance(EIGVALSH_FOCUS):
            return self.eigvalsh_stmt(scope, indent)
        if LINALG_FOCUS and self.buf and self.chance(LINALG_FOCUS):
            return self.linalg_stmt(scope, indent)
        if LIBEXTRA_FOCUS and self.buf and self.chance(LIBEXTRA_FOCUS):
            return self.libextra_stmt(scope, indent)
        if LIBMORE_FOCUS and self.buf and self.chance(LIBMORE_FOCUS):
            return self.libmore_stmt(scope, indent)
        if NONEARG_FOCUS and self.buf and self.chance(NONEARG_FOCUS):
            return self.nonearg_stmt(scope, indent)
        if EXCEPTAS_FOCUS and self.buf and self.chance(EXCEPTAS_FOCUS):
            return self.exceptas_stmt(scope, indent)
        if YIELD_FOCUS and self.buf and self.chance(YIELD_FOCUS):
            return self.yield_stmt(scope, indent)
        if DICTLIST_FOCUS and self.buf and self.chance(DICTLIST_FOCUS):
            if self.chance(0.5):
                return self.listlist_stmt(scope, indent)
            return self.dictlist_stmt(scope, indent)
        if FOLDS_FOCUS and self.buf and self.chance(FOLDS_FOCUS):
            return self.fold_stmt(scope, indent)
        if OPERATOR_FOCUS and self.buf and self.chance(OPERATOR_FOCUS):
            return self.operator_stmt(scope, indent)
        if TRUTH_FOCUS and self.buf and self.chance(TRUTH_FOCUS):
            return self.truth_stmt(scope, indent)
        if NESTEDDEFAULT_FOCUS and self.buf and self.chance(NESTEDDEFAULT_FOCUS):
            lines = self.nested_default_stmt(scope, indent)
            if lines:
                return lines
        if DICTDISPLAY_FOCUS and self.buf and self.chance(DICTDISPLAY_FOCUS):
            return self.dictdisplay_stmt(scope, indent)
        if STRFORMAT_FOCUS and self.buf and self.chance(STRFORMAT_FOCUS):
            return self.raise_stmt(scope, indent, self.format_message(scope))
        if STRDICT_FOCUS and self.buf and self.chance(STRDICT_FOCUS):
            return self.strdict_stmt(scope, indent)
        if STRS_FOCUS and self.buf and self.chance(STRS_FOCUS):
            return self.strs_stmt(scope, indent)
        if LANGEXTRA_FOCUS and self.buf and self.chance(LANGEXTRA_FOCUS):
            from gen_langextra import langextra_stmt
            return langextra_stmt(self, scope, indent)
        if LIBMORE2_FOCUS and self.buf and self.chance(LIBMORE2_FOCUS):
            from gen_libmore2 import libmore2_stmt
            return libmore2_stmt(self, scope, indent)
        if PICKS_FOCUS and self.buf and self.chance(PICKS_FOCUS):
            from gen_picks import picks_stmt
            return picks_stmt(self, scope, indent)
        if S30_FOCUS and self.buf and self.chance(S30_FOCUS):
            from gen_s30 import s30_stmt
            return s30_stmt(self, scope, indent)
        if WINDOWS_FOCUS and self.buf and self.chance(WINDOWS_FOCUS):
            from gen_windows import windows_stmt
            return windows_stmt(self, scope, indent)
        if RECORDS_FOCUS and self.buf and self.chance(RECORDS_FOCUS):
            from gen_records import records_stmt
            return records_stmt(self, scope, indent)
        if FSPEC_FOCUS and self.buf and self.chance(FSPEC_FOCUS):
            from gen_fspec import fspec_stmt
            return fspec_stmt(self, scope, indent)
        if ARRAYTEXT_FOCUS and self.buf and self.chance(ARRAYTEXT_FOCUS):
            from gen_arraytext import arraytext_stmt
            return arraytext_stmt(self, scope, indent)
        if BYREF_FOCUS and self.buf and self.chance(BYREF_FOCUS):
            from gen_byref import byref_stmt
            return byref_stmt(self, scope, indent)
        if SETKINDS_FOCUS and self.buf and self.chance(SETKINDS_FOCUS):
            from gen_setkinds import setkinds_stmt
            return setkinds_stmt(self, scope, indent)
        if UFUNCMETH_FOCUS and self.buf and self.chance(UFUNCMETH_FOCUS):
            if self.chance(0.4):
                return self.numpymore_stmt(scope, indent)
            return self.ufuncmeth_stmt(scope, indent)
        r = self.rng.random()
        nested_ok = depth < 3
        if r < 0.3 or not nested_ok and r < 0.7:
            return self.assign(scope, indent)
        if r < 0.42:
            return self.augassign(scope, indent)
        if r < 0.46:
            if self.buf and self.chance(0.12):
                return self.gradient_unpack(scope, indent)
            return self.tuple_assign(scope, indent)
        if r < 0.5 and self.loop_depth < 2 and (self.tuples or self.buf):
            return self.for_tuple(scope, indent, depth)
        if r < 0.51 and self.strs:
            return self.strmodes_stmt(scope, indent)
        if r < 0.52:
            unpack = self.pair_unpack(scope, indent)
            if unpack:
                return unpack
        if r < 0.6:
            if self.chance(0.15):
                return self.try_stmt(scope, indent, depth)
            return self.if_stmt(scope, indent, depth)
        if r < 0.7 and self.loop_depth < 2 and self.buf:
            return self.for_values(scope, indent, depth)
        if r < 0.8 and self.loop_depth < 2:
            return self.for_range(scope, indent, depth)
        if r < 0.86 and self.loop_depth < 2:
            return self.while_stmt(scope, indent, depth)
        if r < 0.9 and self.loop_depth > 0:
            return [indent + self.pick(["break", "continue"])]
        if r < 0.91 and self.buf:
            if (self.current is not None and self.current.is_filter and self.buf == "values"
                    and self.chance(0.06)):
                return self.window_write_stmt(scope, indent)  # values.sort(), values -= m
            if self.chance(0.12):
                return self.sets_stmt(scope, indent)  # Counter, set &, tuple keys
            if self.chance(0.08):
                return self.tuplekeys_stmt(scope, indent)  # dicts and sets keyed by tuples
            if self.chance(0.06):
                return self.dictlist_stmt(scope, indent)  # dicts of lists
            if self.chance(0.06):
                return self.listlist_stmt(scope, indent)  # lists of lists, x, = seq
            if self.chance(0.06):
                return self.runtime_reshape_stmt(scope, indent)  # values.reshape(n, n)
            if self.chance(RTBLOCK):
                return self.rtblock_stmt(scope, indent)  # z[:, lag:], z.mean(axis=0)
            if self.chance(0.1):
                return self.floatsteps_stmt(scope, indent)
            if self.chance(0.1):
                return self.sortsets_stmt(scope, indent)  # list.sort(key=), set |, -, ^
            if self.chance(0.06):
                return self.fmaxlog_stmt(scope, indent)  # np.fmax/fmin/logaddexp(2)
            if self.chance(0.06):
                return self.ufuncmeth_stmt(scope, indent)  # np.logaddexp.reduce(a), ...
            if self.chance(0.03):
                return self.numpymore_stmt(scope, indent)  # np.argwhere, np.corrcoef, np.tile
            if self.chance(0.04):
                return self.npextra_stmt(scope, indent)  # np.histogram edges, np.select names
            if self.chance(0.15):
                return self.smalllib_stmt(scope, indent)
            if self.chance(0.15):
                return self.inplace_stmt(scope, indent)
            if self.chance(0.12):
                return self.mask_store_stmt(scope, indent)
            if self.chance(0.1):
                if self.chance(0.35):
                    if self.chance(0.3):
                        if self.chance(0.4):
                            return self.truth_stmt(scope, indent)  # while xs and ...
                        return self.operator_stmt(scope, indent)  # operator, key=np.abs
                    return self.fold_stmt(scope, indent)  # functools.reduce, accumulate
                return self.itertools_stmt(scope, indent)
            if self.chance(0.08):
                return self.heapq_stmt(scope, indent)
            if self.chance(0.06):
                return self.intbits_stmt(scope, indent)  # bits << np.arange(8), k & 1
            if self.chance(0.25):
                return self.deque_stmt(scope, indent)
            if self.chance(0.12):
                return self.pylang_stmt(scope, indent)  # sum(iterable, start)
            if self.chance(0.08):
                return self.listdel_stmt(scope, indent)  # del a[i:j], pop while walking
            if self.chance(0.06):
                return self.choice_stmt(scope, indent)
            if self.chance(0.35):
                return self.sentinel_stmt(scope, indent)
            return self.counts_stmt(scope, indent)
        if r < 0.92 and self.buf and (self.loop_depth > 0 or self.chance(0.3)):
            return self.fresh_container_stmt(scope, indent)
        if r < 0.93:
            ret = self.current.ret
            # An early return of an int from a float function: the function
            # returns an int on one path and a float on another.
            if ret == FLOAT and self.chance(0.2):
                ret = INT
            return [indent + f"return {self.return_value(ret, scope, 3)}"]
        if r < 0.96 and self.buf:
            if self.dicts and self.chance(0.4):
                return self.dict_const_stmt(scope, indent)
            if self.containers and self.chance(0.5):
                return self.const_container_stmt(scope, indent)
            # containers and arrays made afresh: lists and their operators,
            # 2-D arrays written out, grids, sets, dicts (fresh_container_stmt)
            return self.fresh_container_stmt(scope, indent)
        if r > 0.96 and r < 0.962 and self.buf:
            return self.lang_stmt(scope, indent, depth)  # zip strict, := in comprehensions
        if r > 0.962 and r < 0.965 and self.buf:
            return self.syntax_stmt(scope, indent)
        if r > 0.965:
            return self.raise_stmt(scope, indent)
        return self.assign(scope, indent)

    # -- module-level dict constants (frontend/SemaDictConstants.cpp) ----------

    def dict_constant(self):
        """`D = {k: v, ...}` at module level: int keys (one perhaps written
        as a float or a bool, one perhaps repeated, which keeps its first
        place and takes the last value), values all ints, all floats or all
        (float, int) pairs."""
        name = self.fresh("D")
        lo = self.rng.randint(-3, 2)
        keys = list(range(lo, lo + self.rng.randint(1, 5)))
        self.rng.shuffle(keys)
        kind = self.pick(["int", "float", "pair"])

        def value():
            if kind == "int":
                return self.int_literal()[0]
            if kind == "float":
                return self.float_literal()[0]
            return f"({self.float_literal()[0]}, {self.rng.randint(-3, 3)})"
        items = [(str(k), value()) for k in keys]
        spell = {0: "False", 1: "True"}
        for i, (k, v) in enumerate(items):
            if self.chance(0.15):
                items[i] = (f"{k}.0" if not k.startswith("-") else f"-{k[1:]}.0", v)
            elif int(k) in spell and self.chance(0.3):
                items[i] = (spell[int(k)], v)
        if self.chance(0.3):
            items.append((str(self.pick(keys)), value()))
        text = ", ".join(f"{k}: {v}" for k, v in items)
        self.dicts[name] = (keys, kind)
        return [f"{name} = {{{text}}}"]

    def dict_const_stmt(self, scope, indent):
        """A float read from a dict constant: D[k] with a key computed from
        the buffer (sometimes missing: KeyError), D.get, `in`, len, the
        views, a loop over items, max with key=D.get."""
        d = self.pick(sorted(self.dicts))
        keys, kind = self.dicts[d]
        e = self.buffer_element(scope, 1)[0]
        lo = min(keys)
        key = (f"(int({e} * 2) % {len(keys) + self.pick([0, 0, 1])} + {lo} "
               f"if abs({e}) < 1e12 else {lo})")
        x = self.fresh("x")
        scope.types[x] = FLOAT
        scope.assigned.add(x)
        pick = (lambda v: f"{v}[{self.rng.randint(0, 1)}]") if kind == "pair" else (lambda v: v)
        default = "(0.5, 2)" if kind == "pair" else self.pick(["-1.5", "0"])
        uses = [f"float({pick(f'{d}[{key}]')})",
                f"float({pick(f'{d}.get({key}, {default})')})",
                f"float({key} in {d}) + len({d})",
                f"float({pick(f'{d}[{self.pick(keys)}]')}) * 0.5",
                f"float(sorted({d})[{self.rng.randint(0, len(keys) - 1)}])"]
        if kind == "pair":
            uses.append(f"float(sum(a * b for a, b in {d}.values()))")
        else:
            uses += [f"float(sum({d}.values()))", f"float(max({d}, key={d}.get))",
                     f"float(sum(k * v for k, v in {d}.items()))"]
        if self.chance(0.25):
            k, v = self.fresh("k"), self.fresh("v")
            body = f"{v}[0] - {k}" if kind == "pair" else f"{v} * {k}"
            return [f"{indent}{x} = 0.0", f"{indent}for {k}, {v} in {d}.items():",
                    f"{indent}    {x} += {body}"]
        return [f"{indent}{x} = {self.pick(uses)}"]

    # -- constant containers (frontend/SemaListConstants.cpp, SemaLocalTables.cpp)

    def const_container(self):
        """A module-level container of constant data: a list or tuple of
        arrays written out or made by a comprehension over range (np.rot90,
        np.flip, scaling), a dict of arrays with str keys, or a nested list
        of numbers read as a table."""
        name = self.fresh("C")
        kind = self.pick(["arrays", "rot", "dict", "table"])
        n, w = self.rng.randint(1, 4), self.rng.randint(1, 3)

        def row():
            return "[" + ", ".join(self.pick([self.float_literal()[0], str(self.rng.randint(-4, 4))])
                                   for _ in range(w)) + "]"
        if kind == "arrays":
            base = f"np.array({row()}, dtype=float)"
            form = self.rng.randrange(3)
            if form == 0:
                items = ", ".join(f"np.array({row()}, dtype=float) * {self.float_literal()[0]}"
                                  for _ in range(n))
                text = f"[{items}]" if self.chance(0.7) else f"({items},)"
            elif form == 1:
                text = f"[{base} * k + {self.float_literal()[0]} for k in range({n})]"
            else:
                steps = ", ".join(self.float_literal()[0] for _ in range(n))
                text = f"[np.flip({base}) * s for s in ({steps},)]"
            self.containers[name] = ("arrays", n, w)
            return [f"{name} = {text}"]
        if kind == "rot":
            base = self.fresh("B")
            rows = ", ".join(row() for _ in range(w))
            # np.rot90 by an odd k of floats is refused (numpy's transposed
            # memory order); .copy() and even turns are C-ordered or flips.
            pick = self.pick([f"np.rot90({base}, k).copy()", f"np.rot90({base}, -2 * k) * 0.5",
                              f"np.flipud({base}) * k", f"np.fliplr({base}) + k",
                              f"np.flip({base}, axis=0) - k"])
            n = self.rng.randint(1, 4)
            self.containers[name] = ("grids", n, w)
            return [f"{base} = np.array([{rows}], dtype=float)",
                    f"{name} = [{pick} for k in range({n})]"]
        if kind == "dict":
            keys = ["a", "b", "c"][:n]
            items = ", ".join(f'"{k}": np.array({row()}, dtype=float) + {i}'
                              for i, k in enumerate(keys))
            self.containers[name] = ("dict", len(keys), w)
            return [f"{name} = {{{items}}}"]
        rows = ", ".join(row() for _ in range(n))
        self.containers[name] = ("table", n, w)
        return [f"{name} = [{rows}]"]

    def const_container_stmt(self, scope, indent):
        """A float read from a constant container: loops, generators,
        enumerate, zip and len over it, an index written in place or
        computed from the buffer (sometimes past the end: IndexError), a
        table's K[i][j] and rows; or a local table only read."""
        c = self.pick(sorted(self.containers))
        kind, n, w = self.containers[c]
        e = self.buffer_element(scope, 1)[0]
        x = self.fresh("x")
        scope.types[x] = FLOAT
        scope.assigned.add(x)
        i = f"(int({e}) % {n + self.pick([0, 0, 1])} if abs({e}) < 1e12 else 0)"
        m, k = self.fresh("m"), self.fresh("k")
        if kind == "table" and self.chance(0.3):
            g = self.fresh("G")
            rows = ", ".join("[" + ", ".join(self.float_literal()[0] for _ in range(w)) + "]"
                             for _ in range(n))
            return [f"{indent}{g} = [{rows}, [{', '.join([e] * w)}]]",
                    f"{indent}{x} = float({g}[{i}][{self.rng.randint(-w, w - 1)}]) + sum({g}[-1]) "
                    f"+ len({g})"]
        if kind == "table":
            uses = [f"float({c}[{i}][{self.rng.randint(-w, w - 1)}])",
                    f"float(sum(sum(r) for r in {c})) * {e}",
                    f"float(max(max(r) for r in {c}) + len({c}) + sum({c}[{i}]))",
                    f"float(np.array({c}).sum()) + {e}"]
            if self.chance(0.3):
                r, v = self.fresh("r"), self.fresh("v")
                return [f"{indent}{x} = 0.0", f"{indent}for {r} in {c}:",
                        f"{indent}    for {v} in {r}:", f"{indent}        {x} += {v} * {e}"]
            return [f"{indent}{x} = {self.pick(uses)}"]
        seq = f"{c}.values()" if kind == "dict" else c
        one = (f'{c}["{self.pick(["a", "b", "c"][:n])}"]' if kind == "dict"
               else f"{c}[{self.rng.randint(-n, n - 1)}]")
        uses = [f"float(sum(float(np.sum({m} * {e})) for {m} in {seq}))",
                f"float(max(float({m}.sum()) for {m} in {seq}))",
                f"float(np.sum({one})) * 0.5",
                f"float(len({seq}) + {one}.max())",
                f"float(sum({k} * float({m}.min()) for {k}, {m} in enumerate({seq})))"]
        if kind != "dict":
            uses += [f"float(np.sum({c}[{i}]) * {e})",
                     f"float(sum(float({m}.mean()) * {k} for {m}, {k} in zip({c}, range(5))))",
                     f"float(min({c}, key=lambda {m}: float({m}.sum())).sum())"]
        if self.chance(0.25):
            return [f"{indent}{x} = 0.0", f"{indent}for {k}, {m} in enumerate({seq}):",
                    f"{indent}    {x} += float({m}.max()) - {k} * {e}"]
        return [f"{indent}{x} = {self.pick(uses)}"]

    # -- syntax breadth: :=, next(), list.index(), tuple() ---------------------

    def syntax_stmt(self, scope, indent):
        """One of the constructs of tests/python/test_syntax_breadth.py: an
        assignment expression in an if or while test, next() of a generator
        or of iter(), list.index(), tuple() of a tuple constant and
        math.hypot/max/min of an unpacked array or tuple."""
        buf, form = self.buf, self.rng.randrange(10)
        c = self.float_literal()[0]
        out = self.fresh("x")
        scope.types[out] = FLOAT
        if form == 0:
            n = self.fresh("x")
            scope.types[n] = FLOAT
            value = self.expr(FLOAT, scope, 2)[0]
            lines = [f"{indent}if ({n} := {value}) > {c}:",
                     f"{indent}    {out} = {n} * 2.0",
                     f"{indent}else:",
                     f"{indent}    {out} = {n} - 1.0"]
            scope.assigned.add(n)
        elif form == 1:
            k = self.fresh("n")
            scope.types[k] = INT
            lines = [f"{indent}{k} = {self.rng.randint(0, 6)}",
                     f"{indent}{out} = 0.0",
                     f"{indent}while ({k} := {k} - 1) >= 0:",
                     f"{indent}    {out} += {buf}[{k} % len({buf})] * {k}"]
            scope.assigned.add(k)
        elif form == 2:
            i, v = self.fresh("i"), self.fresh("v")
            lines = [f"{indent}{out} = float(next(({i} for {i}, {v} in enumerate({buf}) "
                     f"if {v} > {c}), -1))"]
        elif form == 3:
            v = self.fresh("v")
            default = self.pick([c, "-1.0", "0.0", "float('nan')"])
            lines = [f"{indent}{out} = next(({v} * 2.0 for {v} in {buf} if {v} < {c}), {default})"]
        elif form == 4:
            v = self.fresh("v")
            lines = [f"{indent}try:",
                     f"{indent}    {out} = next({v} for {v} in {buf} if {v} != {v}) + 1.0",
                     f"{indent}except StopIteration:",
                     f"{indent}    {out} = {c}"]
        elif form == 5:
            lst = self.fresh("lst")
            pick = self.pick(["max", "min"])
            lines = [f"{indent}{lst} = list({buf})",
                     f"{indent}{out} = float({lst}.index({pick}({lst})) + next(iter({lst})))"]
        elif form == 6:
            lst, v = self.fresh("lst"), self.fresh("v")
            lines = [f"{indent}{lst} = [int({v}) % 4 for {v} in {buf} if abs({v}) < 1e9]",
                     f"{indent}try:",
                     f"{indent}    {out} = float({lst}.index({self.rng.randint(0, 4)}))",
                     f"{indent}except ValueError:",
                     f"{indent}    {out} = {c}"]
        elif form == 8:
            v = self.fresh("v")
            what = self.pick([buf, f"[{v} * 0.5 for {v} in {buf} if {v} == {v}]"])
            if what != buf:
                lst = self.fresh("lst")
                lines = [f"{indent}{lst} = {what}"]
                what = lst
            else:
                lines = []
            lines.append(f"{indent}{out} = math.hypot(*{what})")
        elif form == 9:
            wide = sorted(n for n, members in self.tuples.items() if len(members) >= 2)
            if not wide:
                return self.assign(scope, indent)
            t = self.pick(wide)
            lines = [f"{indent}{out} = float({self.pick(['max', 'min'])}(*{t}) "
                     f"+ math.hypot(*{t}))"]
        else:
            flat = sorted(n for n, members in self.tuples.items() if members)
            if not flat:
                return self.assign(scope, indent)
            t, m = self.pick(flat), self.fresh("m")
            lines = [f"{indent}{out} = float(sum(tuple({m} * {c} for {m} in {t})) "
                     f"+ len(tuple({t})))"]
        scope.assigned.add(out)
        return lines

    # Exception classes a program may raise, and f-string fields with the
    # format specs CPython accepts for each type.
    RAISABLE = ["ValueError", "RuntimeError", "ArithmeticError", "IndexError", "TypeError",
                "OverflowError", "ZeroDivisionError", "NotImplementedError", "LookupError"]
    INT_SPECS = ["", "", ":d", ":5d", ":,", ":x", ":+d", ":08d", ":<6", ":^7", "!r", ":.2f",
                 ":e", "="]
    FLOAT_SPECS = ["", "", "", ":.3f", ":g", ":e", ":.2%", "!r", ":>12.4", ":+.1f", ":,.2f",
                   ":.0f", ":10.3g", "="]

    def message(self, scope):
        """An f-string (or a plain string) mixing text, ints, floats and bools."""
        if self.chance(0.15):
            return '"' + self.pick(["bad value", "out of range", "", "x < 0"]) + '"'
        if self.chance(0.2):
            return self.joined_message(scope)
        if self.chance(0.15):
            return self.percent_message(scope)
        parts = []
        for _ in range(self.rng.randint(1, 3)):
            t = self.pick([INT, FLOAT, FLOAT, BOOL])
            text = self.expr(t, scope, 2)[0]
            spec = "" if t == BOOL else self.pick(self.INT_SPECS if t == INT else self.FLOAT_SPECS)
            label = self.pick(["got ", "n=", "", "value ", "; "])
            if text.startswith("{"):  # {{ would be an escaped brace in the f-string
                text = " " + text
            parts.append(f"{label}{{{text}{spec}}}")
        return 'f"' + " ".join(parts) + '"'

    # printf-style conversions each kind takes (CPython's TypeError otherwise).
    PERCENT = {
        "int": ["%d", "%i", "%5d", "%-4d", "%+d", "%05d", "%x", "%#x", "%X", "%o", "%s", "%r",
                "%.2f", "%e", "%g", "%8.3G", "% d"],
        "float": ["%s", "%r", "%.3f", "%g", "%e", "%10.4f", "%-8.2e", "%+.1f", "%d", "%i",
                  "%5d", "%-6d", "%G", "%#.0f", "%.3s", "%7s"],
        "bool": ["%s", "%r", "%d", "%x", "%5s"],
    }

    def percent_message(self, scope):
        """`"text %d ... %.3f" % (a, b)`: printf-style formatting, which llcc
        turns into the f-string it equals."""
        parts, values = [], []
        for _ in range(self.rng.randint(1, 3)):
            t = self.pick([INT, FLOAT, FLOAT, BOOL])
            values.append(self.expr(t, scope, 2)[0])
            kind = {INT: "int", FLOAT: "float", BOOL: "bool"}[t]
            parts.append(self.pick(["got ", "n=", "", "; ", "100%% "]) + self.pick(self.PERCENT[kind]))
        return '"' + " ".join(parts) + '" % (' + ", ".join(values) + ("," if self.chance(0.3) else "") + ")"

    def joined_message(self, scope):
        """A message joined with + (an f-string in llcc): str() and repr() of
        numbers, a str chosen by a conditional expression, literals."""
        parts = ['"' + self.pick(["got ", "bad: ", "n=", ""]) + '"']
        for _ in range(self.rng.randint(1, 3)):
            t = self.pick([INT, FLOAT, BOOL])
            r = self.rng.random()
            if r < 0.4:
                parts.append(f"str({self.expr(t, scope, 2)[0]})")
            elif r < 0.6:
                parts.append(f"repr({self.expr(t, scope, 2)[0]})")
            elif r < 0.8:
                cond = self.expr(BOOL, scope, 2)[0]
                parts.append(f'("lo" if {paren((cond, P_TERNARY), P_OR)} else "hi")')
            else:
                parts.append(f'f"{{ {self.expr(t, scope, 2)[0]}}}"')
            parts.append('"' + self.pick([", ", " ", ""]) + '"')
        return " + ".join(parts)

    def raise_stmt(self, scope, indent, message=None):
        """`if cond: raise Class(f"...")` or `assert cond, f"..."`."""
        cond = self.expr(BOOL, scope, 2)[0]
        if self.chance(0.5):
            cls = self.pick(self.RAISABLE)
            arg = "" if message is None and self.chance(0.1) else \
                f"({message or self.message(scope)})"
            return [f"{indent}if {cond}:", f"{indent}    raise {cls}{arg}"]
        if message is None and self.chance(0.15):
            return [f"{indent}assert {cond}"]
        return [f"{indent}assert {cond}, {message or self.message(scope)}"]

    def format_message(self, scope):
        """`"got {} of {1:.3f} {k!r}".format(a, b, k=c)`: str.format() of a
        literal, which llcc turns into the f-string it equals. Computed
        arguments are used once, in order; names and literals may also be
        used again, out of order or not at all."""
        plain = sorted(n for n in scope.assigned if scope.types.get(n) in (INT, FLOAT, BOOL)
                       and not n.startswith("_"))
        args, kinds, is_plain = [], [], []
        for _ in range(self.rng.randint(1, 3)):
            t = self.pick([INT, FLOAT, FLOAT, BOOL])
            if plain and self.chance(0.4):
                name = self.pick(plain)
                args.append(name)
                kinds.append(scope.types[name])
                is_plain.append(True)
            elif self.chance(0.15):
                args.append(self.pick(["3", "-2.5", "True", "0.1", "'ab'"]))
                kinds.append({"3": INT, "-2.5": FLOAT, "True": BOOL, "0.1": FLOAT}.get(args[-1], "str"))
                is_plain.append(True)
            else:
                args.append(self.expr(t, scope, 2)[0])
                kinds.append(t)
                is_plain.append(False)

        def field(ref, kind):
            r = self.rng.random()
            if kind == "str" or r < 0.15:
                spec = self.pick(["", "!r", "!s", ":>6", "!r:<8", ":^7", "!a"])
            elif kind == BOOL:
                spec = self.pick(["", "", "!r", ":d", ":>5"])
            else:
                spec = self.pick([x for x in (self.INT_SPECS if kind == INT else self.FLOAT_SPECS)
                                  if x != "="])
            return "{" + ref + spec + "}"

        mode = self.pick(["auto", "numbered", "keyword"])
        label = lambda: self.pick(["got ", "n=", "", "; ", "{{x}} ", "}} ", "value "])
        parts = []
        if mode == "auto":
            parts = [label() + field("", k) for k in kinds]
            call = ", ".join(args)
        elif mode == "numbered":
            order = list(range(len(args)))
            extra = [i for i in order if is_plain[i]]
            if extra and self.chance(0.6):
                order.insert(self.rng.randint(0, len(order)), self.pick(extra))
            if all(is_plain) and self.chance(0.5):
                self.rng.shuffle(order)
                if len(order) > 1 and self.chance(0.3):
                    order.pop()  # an unused name or literal
            parts = [label() + field(str(i), kinds[i]) for i in order]
            if not order:
                parts = ["none"]
            call = ", ".join(args)
        else:
            names = [self.pick(["a", "b", "k", "val"]) + str(i) for i in range(len(args))]
            order = list(range(len(args)))
            if all(is_plain) and self.chance(0.5):
                self.rng.shuffle(order)
            parts = [label() + field(names[i], kinds[i]) for i in order]
            call = ", ".join(f"{n}={a}" for n, a in zip(names, args))
        return '"' + " ".join(parts) + '".format(' + call + ")"

    def new_type(self):
        return self.pick([INT, FLOAT, FLOAT, BOOL])

    def assign(self, scope, indent):
        existing = sorted(n for n in scope.assigned if scope.types[n] != "buffer"
                          and not n.startswith("_") and n not in self.param_names)
        if existing and self.chance(0.5):
            name = self.pick(existing)
            t = scope.types[name]
        else:
            t = self.new_type()
            name = self.fresh({INT: "n", FLOAT: "x", BOOL: "b"}[t])
            scope.types[name] = t
        # A float variable sometimes gets an int: Python keeps the int, so
        # the variable is an int on some paths and a float on others.
        value_type = INT if t == FLOAT and self.chance(0.2) else t
        text = self.expr(value_type, scope, 4)[0]
        scope.assigned.add(name)
        return [f"{indent}{name} = {text}"]

    def augassign(self, scope, indent):
        names = sorted(n for n in scope.assigned if scope.types[n] in (INT, FLOAT)
                       and not n.startswith("_") and n not in self.param_names)
        if not names:
            return self.assign(scope, indent)
        name = self.pick(names)
        t = scope.types[name]
        if t == INT:
            op = self.pick(["+=", "-=", "*=", "//=", "%=", "**="])
            if op in ("//=", "%="):
                value = self.divisor(INT, scope, 2)[0]
            elif op == "**=":
                value = str(self.rng.randint(0, 2))
            else:
                value = self.expr(INT, scope, 3)[0]
        else:
            op = self.pick(["+=", "-=", "*=", "/=", "//=", "%=", "**="])
            if op in ("/=", "//=", "%="):
                value = self.divisor(self.pick([INT, FLOAT]), scope, 2)[0]
            elif op == "**=":
                value = self.pick(["2", "0.5", "-1", "3"])
            else:
                value = self.expr(self.pick([INT, FLOAT]), scope, 3)[0]
        return [f"{indent}{name} {op} {value}"]

    def gradient_unpack(self, scope, indent):
        """`gy, gx = np.gradient(w)` of a 2-D view of the buffer (one array
        per axis), combined and reduced to a float."""
        shape = self.pick(["-1, 3", "3, 3", "(3, 3)"])
        w = f"{self.buf}.reshape({shape})"
        if shape != "-1, 3" and self.chance(0.3):
            w = f"{w}.T"
        if self.chance(0.3):
            w = f"np.abs({w})" if self.chance(0.5) else f"({w} > 0.25).astype(int)"
        gy, gx, t = self.fresh("g"), self.fresh("g"), self.fresh("x")
        reduction = self.pick(["np.sum", "np.mean", "np.max", "np.min", "np.std"])
        forms = [f"{gx} * {gx} + {gy} * {gy}", f"{gx} - {gy}", f"np.abs({gx})",
                 f"{gy}[1:, :] * 2.0"]
        if shape != "-1, 3":  # (transposing a run-time first dimension: a diagnostic)
            forms.append(f"{gx}[:, ::-1] + {gy}.T")
        combined = self.pick(forms)
        scope.types[t] = FLOAT
        scope.assigned.add(t)
        return [f"{indent}{gy}, {gx} = np.gradient({w})",
                f"{indent}{t} = float({reduction}({combined}))"]

    def tuple_assign(self, scope, indent):
        by_type = {}
        for n in sorted(scope.assigned):  # not set order: PYTHONHASHSEED varies it
            if (scope.types[n] in (INT, FLOAT, BOOL) and not n.startswith("_")
                    and n not in self.param_names):
                by_type.setdefault(scope.types[n], []).append(n)
        pairs = [sorted(v) for v in by_type.values() if len(v) >= 2]
        if pairs and self.chance(0.6):
            a, b = self.rng.sample(self.pick(pairs), 2)
            return [f"{indent}{a}, {b} = {b}, {a}"]
        if self.buf and self.chance(0.2):
            # Arrays and lists assigned as a tuple, then reduced to a number.
            lo, hi, t = self.fresh("a"), self.fresh("a"), self.fresh("t")
            k = self.rng.randint(0, 4)
            right = self.pick([f"{self.buf}[:{k}], {self.buf}[{k}:]",
                               f"np.sort({self.buf}), {self.buf}[::-1]",
                               f"list({self.buf}[:{k}]), {self.buf}[{k}::2]"])
            lines = [f"{indent}{lo}, {hi} = {right}"]
            if self.chance(0.3) and not right.startswith("list("):  # a name keeps one type
                lines.append(f"{indent}{lo}, {hi} = {hi}, {lo}")
            lines.append(f"{indent}{t} = float(np.sum({lo})) - len({hi}) * 0.5 + sum({hi}[:1])")
            scope.types[t] = FLOAT
            scope.assigned.add(t)
            return lines
        ta, tb = self.new_type(), self.new_type()
        a, b = self.fresh("t"), self.fresh("t")
        ea, eb = self.expr(ta, scope, 3)[0], self.expr(tb, scope, 3)[0]
        scope.types[a], scope.types[b] = ta, tb
        scope.assigned |= {a, b}
        return [f"{indent}{a}, {b} = {ea}, {eb}"]

    def return_value(self, ret, scope, depth):
        if isinstance(ret, tuple):      # a helper returning a pair
            return ", ".join(paren(self.expr(t, scope, depth), P_TERNARY) for t in ret)
        return self.expr(ret, scope, depth)[0]

    def pair_unpack(self, scope, indent):
        """`a, b = pair_helper(...)`, or unpacking a pair constant's member."""
        helpers = [h for h in self.helpers if isinstance(h.ret, tuple) and h is not self.current
                   and self.may_call(h)
                   and (self.buf or all(p[1] != "buffer" for p in h.params))]
        if helpers and self.chance(0.7):
            h = self.pick(helpers)
            self.called.add(h.name)
            # A defaulted parameter may be left out; those after it go by
            # keyword, or they would land in the wrong parameter.
            parts, keyword = [], False
            for i, (name, ptype, default) in enumerate(h.params):
                keyword = keyword or h.by_keyword(i)
                if default is not None and self.chance(0.5):
                    keyword = True
                    continue
                value = self.buf if ptype == "buffer" else paren(self.expr(ptype, scope, 2),
                                                                 P_TERNARY)
                parts.append(f"{name}={value}" if keyword else value)
            args = ", ".join(parts)
            kinds = h.ret
            value = f"{h.name}({args})"
        elif self.pairs:
            name = self.pick(sorted(self.pairs))
            kinds = self.pairs[name]
            value = f"{name}[{self.rng.randint(-3, 2)}]"
        else:
            return None
        a, b = self.fresh("u"), self.fresh("u")
        scope.types[a], scope.types[b] = kinds
        scope.assigned |= {a, b}
        return [f"{indent}{a}, {b} = {value}"]

    def for_tuple(self, scope, indent, depth):
        """Loops over tuples, enumerate, zip and reversed."""
        forms = []
        if self.buf:
            forms += ["enumerate_values", "reversed_values", "reversed_range"]
        if self.tuples:
            forms += ["tuple", "enumerate_tuple", "reversed_tuple"]
            if self.buf:
                forms += ["zip"]
        if self.pairs:
            forms += ["pairs", "enumerate_pairs"]
        form = self.pick(forms)
        inner = scope.copy()
        name = self.pick(sorted(self.tuples)) if self.tuples else None
        member = (FLOAT if any(m == FLOAT for m in self.tuples[name]) else INT) if name else None
        targets = []                    # (variable, type)
        if form == "enumerate_values":
            start = self.pick(["", ", 1", ", -2"])
            head, targets = f"enumerate({self.buf}{start})", [(self.fresh("i"), INT),
                                                              (self.fresh("v"), FLOAT)]
        elif form == "reversed_values":
            head, targets = f"reversed({self.buf})", [(self.fresh("v"), FLOAT)]
        elif form == "reversed_range":
            head, targets = f"reversed(range({self.range_bound(scope)}))", [(self.fresh("i"), INT)]
        elif form == "tuple":
            head, targets = name, [(self.fresh("w"), member)]
        elif form == "enumerate_tuple":
            head, targets = f"enumerate({name})", [(self.fresh("i"), INT), (self.fresh("w"), member)]
        elif form == "reversed_tuple":
            head, targets = f"reversed({name})", [(self.fresh("w"), member)]
        elif form == "zip":
            head, targets = f"zip({self.buf}, {name})", [(self.fresh("v"), FLOAT),
                                                         (self.fresh("w"), member)]
        else:
            pname = self.pick(sorted(self.pairs))
            a, b = self.pairs[pname]
            pair = [(self.fresh("a"), a), (self.fresh("b"), b)]
            if form == "pairs":
                head, targets = pname, pair
            else:
                head, targets = f"enumerate({pname})", [(self.fresh("i"), INT)] + pair
        for var, t in targets:
            scope.types[var] = t
            inner.assigned.add(var)
        if form.startswith("enumerate") and len(targets) == 3:
            text = f"{targets[0][0]}, ({targets[1][0]}, {targets[2][0]})"
        else:
            text = ", ".join(v for v, _ in targets)
        lines = [f"{indent}for {text} in {head}:"]
        self.loop_depth += 1
        lines += self.block(inner, indent + "    ", self.rng.randint(1, 4), depth + 1)
        self.loop_depth -= 1
        lines += self.loop_else(scope, indent, depth)
        return lines

    def if_stmt(self, scope, indent, depth):
        lines = [f"{indent}if {self.expr(BOOL, scope, 3)[0]}:"]
        branches = []
        inner = scope.copy()
        lines += self.block(inner, indent + "    ", self.rng.randint(1, 3), depth + 1)
        branches.append(inner)
        for _ in range(self.pick([0, 0, 1, 2])):
            inner = scope.copy()
            lines.append(f"{indent}elif {self.expr(BOOL, scope, 3)[0]}:")
            lines += self.block(inner, indent + "    ", self.rng.randint(1, 2), depth + 1)
            branches.append(inner)
        if self.chance(0.6):
            inner = scope.copy()
            lines.append(f"{indent}else:")
            lines += self.block(inner, indent + "    ", self.rng.randint(1, 2), depth + 1)
            branches.append(inner)
            scope.assigned = set.intersection(*(b.assigned for b in branches))
        return lines

    EXCEPT_CLASSES = ["ZeroDivisionError", "ValueError", "ArithmeticError", "IndexError",
                      "LookupError", "Exception", "OverflowError", "RuntimeError", "TypeError",
                      "(ValueError, OverflowError)", "(ZeroDivisionError, IndexError)",
                      "(KeyError, ValueError, ArithmeticError)", "NameError"]

    def try_stmt(self, scope, indent, depth):
        """try / except of built-in classes (a bare except last), maybe an else:
        whatever the body raises is caught by class or leaves the function."""
        lines = [f"{indent}try:"]
        body = scope.copy()
        lines += self.block(body, indent + "    ", self.rng.randint(1, 3), depth + 1)
        branches = []
        finally_only = self.chance(0.1)  # try/finally (lang_finally)
        pre_try = set(scope.assigned)
        count = 0 if finally_only else self.rng.randint(1, 2)
        for i in range(count):
            h = scope.copy()
            if i == count - 1 and self.chance(0.15):
                lines.append(f"{indent}except:")
            else:
                named = f" as {self.fresh('e')}" if self.chance(0.2) else ""  # never read
                lines.append(f"{indent}except {self.pick(self.EXCEPT_CLASSES)}{named}:")
            lines += self.block(h, indent + "    ", self.rng.randint(1, 2), depth + 1)
            branches.append(h)
        normal = body
        if count and self.chance(0.3):  # an else needs an except clause
            normal = body.copy()
            lines.append(f"{indent}else:")
            lines += self.block(normal, indent + "    ", self.rng.randint(1, 2), depth + 1)
        # After the statement: what the normal path and every clause assigned
        # (the body may stop anywhere before a clause runs).
        scope.assigned = set.intersection(normal.assigned, *(b.assigned for b in branches))
        if finally_only or self.chance(0.3):
            lines += self.lang_finally(scope, indent, depth, pre_try)
        return lines

    def loop_body(self, scope, indent, depth):
        inner = scope.copy()
        self.loop_depth += 1
        body = self.block(inner, indent + "    ", self.rng.randint(1, 4), depth + 1)
        self.loop_depth -= 1
        return body

    def loop_else(self, scope, indent, depth):
        if not self.chance(0.2):
            return []
        inner = scope.copy()
        return [f"{indent}else:"] + self.block(inner, indent + "    ", 1, depth + 1)

    def for_values(self, scope, indent, depth):
        var = self.fresh("v")
        scope.types[var] = FLOAT
        inner = scope.copy()
        inner.assigned.add(var)
        iterable, maybe_empty = self.buf, False
        if self.chance(0.2):
            # map()/filter() as the loop's iterable: Python's lazy iterator
            q = self.fresh("q")
            iterable = self.pick([f"map(lambda {q}: {q} * 2.0 - 1.0, {self.buf})",
                                  f"map(abs, {self.buf})",
                                  f"map(lambda {q}, {var}: {q} - {var}, {self.buf}, {self.buf}[::-1])",
                                  f"filter(lambda {q}: {q} > 0.25, {self.buf})",
                                  f"filter(None, {self.buf})"])
            maybe_empty = iterable.startswith("filter")
        lines = [f"{indent}for {var} in {iterable}:"]
        self.loop_depth += 1
        lines += self.block(inner, indent + "    ", self.rng.randint(1, 4), depth + 1)
        self.loop_depth -= 1
        lines += self.loop_else(scope, indent, depth)
        if not maybe_empty:
            scope.assigned.add(var)      # the buffer is never empty
        return lines

    def range_bound(self, scope):
        r = self.rng.random()
        if r < 0.5 or not self.buf:
            return str(self.rng.randint(-4, 12))
        if r < 0.75:
            return self.length()
        if r < 0.85:
            return f"{self.length()} - {self.rng.randint(1, 4)}"
        names = [n for n in scope.assigned if scope.types[n] == INT]
        if names:
            # Bounded on both sides: with a negative step, an unbounded
            # lower bound could make a loop of a million iterations, which
            # SciPy runs for every pixel after the one that failed.
            return f"min(max({self.pick(sorted(names))}, -12), 12)"
        return "3"

    def for_range(self, scope, indent, depth):
        var = self.fresh("i")
        scope.types[var] = INT
        form = self.rng.randint(1, 3)
        if form == 1:
            args = [self.range_bound(scope)]
        elif form == 2:
            args = [self.range_bound(scope), self.range_bound(scope)]
        else:
            step = self.pick(["1", "2", "3", "-1", "-2", "-3"])
            names = [n for n in scope.assigned if scope.types[n] == INT]
            if names and self.chance(0.1):
                step = f"{self.pick(sorted(names))} % 3 - 1"   # may be 0
            args = [self.range_bound(scope), self.range_bound(scope), step]
        inner = scope.copy()
        inner.assigned.add(var)
        lines = [f"{indent}for {var} in range({', '.join(args)}):"]
        self.loop_depth += 1
        lines += self.block(inner, indent + "    ", self.rng.randint(1, 4), depth + 1)
        self.loop_depth -= 1
        lines += self.loop_else(scope, indent, depth)
        return lines

    def while_stmt(self, scope, indent, depth):
        counter = self.fresh("_w")
        scope.types[counter] = INT
        scope.assigned.add(counter)
        limit = self.rng.randint(0, 10)
        cond = f"{counter} < {limit}"
        if self.chance(0.4):
            cond += f" and {paren(self.expr(BOOL, scope, 2), P_AND + 1)}"
        lines = [f"{indent}{counter} = 0", f"{indent}while {cond}:",
                 f"{indent}    {counter} += 1"]
        lines += self.loop_body(scope, indent, depth)
        lines += self.loop_else(scope, indent, depth)
        return lines

    # -- functions and the program -----------------------------------------------

    def function(self, fn):
        self.current = fn
        self.buf = next((p[0] for p in fn.params if p[1] == "buffer"), None)
        self.param_names = {p[0] for p in fn.params}
        self.stmt_budget = self.rng.randint(3, self.max_stmts)
        types = {p[0]: p[1] for p in fn.params}
        scope = Scope(types, [p[0] for p in fn.params])
        parts = [p[0] if p[2] is None else f"{p[0]}={p[2]}" for p in fn.params]
        if fn.kwonly < len(parts):
            parts.insert(fn.kwonly, "*")   # keyword-only from here on
        header = ", ".join(parts)
        lines = [f"def {fn.name}({header}):"]
        if self.chance(0.2):
            lines.append(f'    """{fn.name}: generated."""')
        if self.chance(PYIDIOMS * 5):
            lines += self.pyidioms_imports()
        for name, ptype, _ in fn.params:
            if ptype == "noneobj":
                lines += self.nonerepl_prologue(scope, name)
        lines += self.block(scope, "    ", self.rng.randint(2, 6), 0)
        lines.append(f"    return {self.return_value(fn.ret, scope, 4)}")
        return lines

    def nonerepl_prologue(self, scope, name):
        """`name=None` replaced by an array, a list, a dict or a set of the
        function's own (`if w is None: w = np.ones(n)`, the ternary form, or
        only on some windows, where reading it raises TypeError), then
        used; the result is a float the rest of the body may read."""
        b, ind = self.buf, "    "
        target = self.fresh("x")
        kind = self.pick(["array", "list", "dict", "set"])
        test = self.pick([f"{name} is None", f"{name} is None", f"{b}[0] > 0.3",
                          f"{name} is None and {b}[-1] < 0.8"])
        if kind == "array":
            value = self.pick([f"np.ones(len({b}))", f"np.arange(len({b})) * 0.5",
                               f"{b} * 2.0", f"np.sort({b})", f"np.full(len({b}), 0.25)"])
            if self.chance(0.3):
                lines = [f"{ind}{name} = {value} if {name} is None else {name}"]
            else:
                lines = [f"{ind}if {test}:", f"{ind}    {name} = {value}"]
            use = self.pick([f"np.dot({b}, {name})", f"({name} * {b}).sum()", f"{name}.max()",
                             f"len({name})", f"np.sum({name}[{name} > 0.5])"])
        else:
            c = self.pick(["0.2", "0.5", f"{b}[0]"])
            start = {"list": "[]", "dict": "{}", "set": "set()"}[kind]
            add = {"list": f"{name}.append(v)",
                   "dict": f"{name}[round(v, 1)] = {name}.get(round(v, 1), 0) + 1",
                   "set": f"{name}.add(round(v, 1))"}[kind]
            lines = [f"{ind}if {test}:", f"{ind}    {name} = {start}",
                     f"{ind}for v in {b}:", f"{ind}    if v > {c}:", f"{ind}        {add}"]
            use = self.pick([f"len({name})"] + ([f"sum({name})", f"max({name}, default=-1.0)"]
                                                if kind == "list" else []))
        lines.append(f"{ind}{target} = float({use})")
        scope.types[target] = FLOAT
        scope.assigned.add(target)
        return lines

    def default_for(self, t):
        if t == INT:
            return str(self.rng.randint(-5, 9))
        if t == FLOAT:
            return self.pick(["0.5", "1.0", "-2.5", "3.0", "0.0"])
        return self.pick(["True", "False"])

    def params(self, first, count, kwonly=None):
        """Parameters after `first`; from index kwonly on they are
        keyword-only, each with or without a default."""
        params = list(first)
        seen_default = False
        for _ in range(count):
            t = self.new_type()
            name = self.fresh("p")
            if kwonly is not None and len(params) >= kwonly:
                default = self.default_for(t) if self.chance(0.5) else None
                params.append((name, t, default))
            elif seen_default or self.chance(0.4):
                seen_default = True
                params.append((name, t, self.default_for(t)))
            else:
                params.append((name, t, None))
        return params

    def module_grid(self):
        """Module-level weights the way numpy users build them: grids
        unpacked from np.mgrid, np.ogrid or np.meshgrid, arithmetic
        broadcasting them, an in-place update, a bool mask, and two numbers
        unpacked (and swapped). Exact operations only; the float weights
        become a 2-D constant the functions index (self.grids)."""
        gy, gx, w, m = self.fresh("GY"), self.fresh("GX"), self.fresh("W"), self.fresh("MK")
        rows, cols = self.rng.randint(1, 3), self.rng.randint(1, 3)
        lo, c0 = self.rng.randint(-2, 1), self.rng.randint(-2, 1)
        kind = self.rng.randint(0, 4)
        if kind == 0:
            grid = f"np.mgrid[{lo}:{lo + rows}, {c0}:{c0 + cols}]"
        elif kind == 1:
            grid = f"np.mgrid[{lo / 2}:{(lo + rows) / 2}:0.5, {c0}:{c0 + cols}]"
        elif kind == 2:
            grid = f"np.ogrid[{lo}:{lo + rows}, {c0}:{c0 + cols}]"
        elif kind == 3:
            grid = f"np.meshgrid(np.arange({c0}, {c0 + cols}), np.arange({lo}, {lo + rows}) * 0.5)"
            gx, gy = gy, gx  # meshgrid(x, y) gives X first
        else:
            grid = (f"np.meshgrid(np.arange({lo}, {lo + rows}), np.arange({c0}, {c0 + cols}), "
                    "indexing='ij')")
        lines = [f"{gy}, {gx} = {grid}" if kind != 3 else f"{gx}, {gy} = {grid}"]
        if self.chance(0.4):
            lines.append(f"{gx} {self.pick(['*=', '+=', '-='])} {self.rng.randint(1, 3)}")
        value = self.pick([f"({gx} ** 2 + {gy} ** 2) * 0.5 + {gx}", f"{gx} * {gy} + 1.5",
                           f"np.sqrt({gx} ** 2 + {gy} ** 2 + 1.0)", f"np.abs({gx} - {gy}) / 4",
                           f"{gy} - {gx} * 0.25 + 0.0 * {gx} * {gy}"])
        lines.append(f"{w} = {value}")
        op = self.pick(["/=", "*=", "-=", "+="])
        by = self.pick([f"(np.abs({w}).sum() + 1.0)", "2", f"{w}.max() - {w}.min() + 1.0",
                        f"{w}.mean()", f"{gy}"])
        if op == "/=" and by in (f"{w}.mean()", f"{gy}"):
            by = "4.0"
        lines.append(f"{w} {op} {by}")
        self.grids[w] = (rows, cols)
        if self.chance(0.5):
            # a bool mask from the grids, used as weights
            lines.append(f"{m} = {self.pick([f'{gx} >= {gy}', f'({gx} + {gy}) <= 0', f'{gx} != 1'])}")
            mw = self.fresh("W")
            lines.append(f"{mw} = {w} * {m} + {m}.sum()")
            self.grids[mw] = (rows, cols)
        if self.chance(0.5):
            a, b = self.fresh("K"), self.fresh("K")
            lines.append(f"{a}, {b} = {self.float_literal()[0]}, {self.float_literal()[0]}")
            if self.chance(0.5):
                lines.append(f"{a}, {b} = {b}, {a}")
            if self.chance(0.5):
                lines.append(f"{a} *= {self.pick(['2', '0.5', '-1.5'])}")
            self.constants[a] = FLOAT
            self.constants[b] = FLOAT
        return lines

    def modcomp_constants(self, before):
        """A module-level constant built by a comprehension (computed when
        compiling: frontend/SemaConstComprehension.cpp), registered with
        the types CPython gives its values so the filter reads it."""
        import numpy as np
        k = self.pick(["i", "k", "x"])
        n = self.rng.randint(1, 9)
        lo = self.rng.randint(-4, 0)
        s = self.pick(["1.5", "0.75", "2", "3.0"])
        floats = [f"({k} / {n}.0) ** {self.pick(['2.2', '0.45', '2', '1 / 2.4'])}",
                  f"math.exp(-0.5 * ({k} / {s}) ** 2)", f"np.exp(-{k} * {k} / {s})",
                  f"1.0 if {k} % 2 == 0 else -0.5", f"{k} * 0.25 - 1",
                  f"math.sqrt(abs({k})) + {k} // 3", f"max({k}, 2) / 4",
                  f"math.cos({k} * math.pi / {n}) * 0.5 + 0.5", f"({k} - 1.5) % 2.0",
                  f"round({k} / 3, 2)", f"{k} / {s} if {k} > 1 and {k} != 3 else -{k} * 0.5"]
        ints = [f"{k} * {k} - 3", f"{k} % 3", f"({k} + 1) // 2", f"abs({k} - 2)", f"{k} & 3",
                f"1 if {k} > 1 else 0", f"min({k}, 4) - max({k}, -1)", f"({k} >> 1) ^ {k}",
                f"int({k} * 0.7)", f"{k} ** 2 % 5"]
        floating = self.chance(0.65)
        element = self.pick(floats if floating else ints)
        rng_text = self.pick([f"range({n})", f"range({lo}, {lo + n})",
                              f"range({n - 1}, -1, -1)", f"range(0, {2 * n}, 2)"])
        cond = self.pick(["", "", f" if {k} % 2 == 0", f" if {k} != 1", f" if 0 <= {k} < 6"])
        name = self.fresh("C")
        kind = self.rng.randint(0, 6)
        if kind == 6 and self.tuples:
            # over an earlier tuple constant: its items, enumerate or zip
            t = self.pick(sorted(self.tuples))
            value = self.pick([f"tuple({k} * 0.5 + 1 for {k} in {t})",
                               f"[j + {k} for j, {k} in enumerate({t})]",
                               f"tuple(a - b for a, b in zip({t}, reversed({t})))",
                               f"[abs({k}) for {k} in {t} if {k} > 0]"])
        elif kind == 5:
            j = "j" if k != "j" else "q"
            inner = element.replace(k, f"({k} - {j})") if self.chance(0.5) else f"{j} * 0.5 + {k}"
            value = (f"np.array([[{inner} for {j} in range({self.rng.randint(1, 3)})] "
                     f"for {k} in {rng_text}]).ravel()")
        elif kind == 4:
            value = f"np.array([{element} for {k} in {rng_text}{cond}])"
        elif kind == 3:
            value = f"np.array([{element} for {k} in {rng_text}], dtype=float)"
        elif kind == 2:
            value = f"[{element} for {k} in {rng_text}{cond}]"
        else:
            value = f"tuple({element} for {k} in {rng_text}{cond})"
        namespace = {}
        try:
            exec("\n".join(before + [f"{name} = {value}"]), namespace)
        except Exception:
            return []
        got = namespace[name]
        if isinstance(got, np.ndarray):
            if got.ndim != 1 or got.dtype != np.float64 or not len(got):
                return []
            self.arrays[name] = len(got)
        else:
            if not got or any(isinstance(v, (bool, np.bool_, complex)) for v in got):
                # a negative number to a fractional power is complex in CPython
                return []
            self.tuples[name] = [INT if isinstance(v, (int, np.integer)) else FLOAT for v in got]
        return [f"{name} = {value}"]

    def modconst_constants(self, before):
        """A module-level constant finished after its definition, or
        computed from earlier ones with builtins and methods (computed when
        compiling: frontend/SemaConstStore.cpp), registered with the types
        CPython gives its values so the filter reads it."""
        import numpy as np
        name = self.fresh("Q")
        n = self.rng.randint(2, 6)
        r, c = self.rng.randint(1, 4), self.rng.randint(1, 4)
        lit = lambda: self.pick(["0.5", "-1.25", "2", "3.0", "0.1", "-0", "7", "1e-3", "0.3"])
        nums = ", ".join(lit() for _ in range(n))
        kind = self.rng.randint(0, 10)
        lines = []
        if kind == 10:
            # a loop over range() of literals filling the constant
            k = self.pick(["i", "k", "r"])
            lines.append(f"{name} = {self.pick([f'np.zeros({n})', f'np.ones({n}) * 0.5', f'np.arange({n}, dtype=float)'])}")
            lines.append(f"for {k} in {self.pick([f'range({n})', f'range({n - 1}, -1, -1)', f'range(0, {n}, 2)', f'range(1, {n})'])}:")
            lines.append(f"    {name}[{k}] {self.pick(['=', '+=', '*=', '-='])} "
                         f"{self.pick([f'{k} * 0.25 - 1', f'{name}[{k} - 1] + 1.5', f'math.sqrt({k} + 1)', f'{k} ** 2 / 3'])}")
        elif kind <= 3:
            # an array finished by stores: elements, slices, masks, op=
            start = self.pick([f"np.zeros(({r}, {c}))", f"np.ones({n})", f"np.arange({n}, dtype=float)",
                               f"np.linspace(-1.0, 2.0, {n})", f"np.arange({r * c}).reshape({r}, {c})",
                               f"np.array([{nums}])", f"np.full(({r}, {c}), 0.75)",
                               f"np.ones(({r}, {c}), dtype=bool)"])
            lines.append(f"{name} = {start}")
            two = "reshape" in start or "((" in start or "(({" in start or start.startswith("np.zeros((")
            two = two or "), " in start
            for _ in range(self.rng.randint(1, 3)):
                i = self.rng.randint(-1, 1)
                idx = self.pick([f"{i}, {self.rng.randint(-1, 0)}", f"{i}, :", f":, {i}", "1:",
                                 "::2", "-1", f"{name} > 0.5", f"{name} < 1"] if two else
                                [str(i), "1:", "::2", ":-1", f"{name} > 0.5", f"{name} <= 1", "::-1"])
                value = self.pick(["0", "1.5", "-2.25", "True", "7", f"{name}.sum()", "np.pi"])
                op = self.pick(["=", "=", "=", "+=", "*=", "-=", "/="])
                lines.append(f"{name}[{idx}] {op} {value}")
            if self.chance(0.3):
                lines.append(f"{name} {self.pick(['/=', '*=', '-='])} {name}.sum() + 1.0")
        elif kind == 4:
            lines.append(f"{name} = {self.pick([f'[{nums}]', f'({nums})'])} * {self.rng.randint(0, 3)}")
        elif kind == 5:
            lines.append(f"{name} = [{nums}] + [{lit()}]" if self.chance(0.5) else
                         f"{name} = np.array([{nums}] * {self.rng.randint(1, 3)}, dtype=float)")
        elif kind == 6:
            ints = ", ".join(str(self.rng.randint(-2, 3)) for _ in range(n))
            lines.append(f"{name} = np.outer([{ints}], ({nums})){self.pick(['', '.astype(float)', '.astype(int)'])}.ravel()")
        elif kind == 7:
            lines.append(f"{name}S = [{nums}]")
            lines.append(f"{name} = {self.pick(['sum', 'max', 'min', 'len'])}({name}S)")
        elif kind == 8:
            lines.append(f"{name}A = np.array([{nums}])")
            lines.append(f"{name} = ({name}A - {name}A.mean()) / ({name}A.std() + 1.0)" if self.chance(0.5)
                         else f"{name} = {self.pick([f'{name}A.var(ddof=1)', f'np.std({name}A)', f'{name}A.std()', f'sum({name}A)', f'len({name}A)'])}")
        else:
            lines.append(f"{name}A = np.linspace(0.0, 1.0, {n}) ** 2")
            lines.append(f"{name} = {name}A.astype({self.pick(['int', 'bool', 'float'])}).ravel()")
        namespace = {}
        try:
            exec("\n".join(before + lines), namespace)
        except Exception:
            return []
        got = namespace[name]
        if isinstance(got, np.ndarray):
            if got.ndim == 1 and got.dtype == np.float64 and len(got):
                self.arrays[name] = len(got)
            elif got.ndim == 2 and got.dtype == np.float64 and got.size:
                self.grids[name] = got.shape
            else:
                return []
        elif isinstance(got, (list, tuple)):
            if not got or any(isinstance(v, (bool, np.bool_)) for v in got):
                return []
            self.tuples[name] = [INT if isinstance(v, (int, np.integer)) else FLOAT for v in got]
        elif isinstance(got, (bool, np.bool_)):
            return []
        elif isinstance(got, (int, np.integer)):
            self.constants[name] = INT
        else:
            self.constants[name] = FLOAT
        return lines

    def program(self):
        lines = []
        if self.chance(0.3):
            lines += ['"""Generated by tests/difftest/gen.py."""', ""]
        lines += ["import math", "import statistics", "import numpy as np", ""]
        self.buf = None
        for _ in range(self.rng.randint(0, 3)):
            t = self.new_type()
            name = self.fresh("K")
            value = self.expr(t, Scope({}, []), 0)[0] if t != FLOAT else self.pick(
                ["2.0 ** -3", "1.5", "-(3 * 4 + 1) / 2", "0.25", "100.0"])
            if t == INT and self.chance(0.5):
                value = self.pick(["-(3 * 4 + 1)", "7 // 2", "-7 % 3", "2 ** 10", "10"])
            if t in (INT, FLOAT) and self.chance(0.4):
                # computed by calls when compiling, with the routines the
                # compiled code calls (frontend/SemaConstCalls.cpp)
                x = self.rng.randint(1, 40) / 8
                value = self.pick([
                    f"math.sqrt({x})", f"1.0 / math.sqrt(2 * math.pi * {x})",
                    f"math.exp(-{x})", f"math.log({x}) + math.log10({x + 1})",
                    f"math.cos({x}) * math.sin({x})", f"math.atan2({x}, -1.5)",
                    f"math.log({x + 1}, 2)", f"math.erf({x}) - math.tanh({x})",
                    f"float({self.rng.randint(-5, 5)})", f"abs(-{x}) + math.radians({x})",
                    f"np.sqrt({x}) * 2", f"np.square({x}) - np.floor({x})",
                    f"{x} ** math.sqrt(2)", f"math.pow({x}, 0.5) + np.float64({x}) / 3",
                    f"min({x}, 1.5, 2.5)", f"max(-{x}, 0.5)",
                ]) if t == FLOAT else self.pick([
                    f"int({x} / 2)", f"round({x})", f"math.floor(-{x})", f"math.ceil({x})",
                    f"math.gcd({self.rng.randint(1, 60)}, 18)", f"math.factorial({self.rng.randint(0, 8)})",
                    f"math.comb({self.rng.randint(0, 9)}, 3)", f"abs({self.rng.randint(-9, 9)})",
                    f"max({self.rng.randint(-5, 5)}, 1)", f"round({self.rng.randint(-999, 999)}, -1)",
                ])
            lines.append(f"{name} = {value}")
            self.constants[name] = t
        for _ in range(self.pick([0, 1, 1, 2])):
            name = self.fresh("T")
            members = [self.pick([INT, INT, FLOAT]) for _ in range(self.rng.randint(1, 6))]
            texts = [self.int_literal()[0] if m == INT else self.float_literal()[0]
                     for m in members]
            opening, closing = ("[", "]") if self.chance(0.2) else ("(", ")")
            trailing = "," if len(texts) == 1 and opening == "(" else ""
            lines.append(f"{name} = {opening}{', '.join(texts)}{trailing}{closing}")
            self.tuples[name] = members
        if self.chance(0.15):
            # a tuple, list or set of strs for a membership test and a message
            name = self.fresh("S")
            words = self.rng.sample(["mean", "max", "min", "std", "sum", "edge"],
                                    self.rng.randint(1, 4))
            quoted = ", ".join(f'"{w}"' for w in words)
            display = self.pick([f"({quoted},)", f"[{quoted}]", f"{{{quoted}}}"])
            lines.append(f"{name} = {display}")
            # a set's text is in CPython's hash order of strs, which differs
            # from run to run: only tuples and lists are shown
            self.strs[name] = not display.startswith("{")
        if self.chance(0.3):
            name = self.fresh("A")
            n = self.rng.randint(1, 5)
            lines.append(f"{name} = np.array([{', '.join(self.float_literal()[0] for _ in range(n))}])")
            self.arrays[name] = n
        if self.chance(0.25):
            # a weight array computed at module level from a float grid
            # (numpy's arange and linspace, exact operations), perhaps
            # rebound to its normalised self
            name = self.fresh("A")
            lo = self.rng.randint(-8, 3) / 4
            n = self.rng.randint(2, 6)
            step = self.pick([0.25, 0.5, 0.3, 0.7])
            grid = self.pick([f"np.linspace({lo}, {lo + self.rng.randint(1, 5)}, {n})",
                              f"np.arange({lo}, {lo + step * (n - 0.5)}, {step})",
                              f"np.arange({n})"])
            value = self.pick([grid, f"np.abs({grid})", f"{grid} ** 2 + 1.0",
                               f"np.sqrt(np.abs({grid})) * np.pi", f"np.floor({grid} * 3.0)",
                               f"np.bartlett({n}) + {grid}", f"np.hanning({min(n, 5)})",
                               f"np.hamming({min(n, 5)})", f"np.blackman({min(n, 5)})",
                               f"({grid} > {lo + 0.5}) * 2.5 + {grid}",
                               f"np.eye({n}, k=1).sum() + {grid}",
                               f"np.ones({n}) * math.sqrt({n})"])
            if "hanning" in value or "hamming" in value or "blackman" in value:
                n = min(n, 5)  # numpy's SIMD cos equals the C library's there
            lines.append(f"{name} = {value}")
            if self.chance(0.5):
                lines.append(f"{name} = {name} / (np.abs({name}).sum() + 1.0)")
            else:
                lines.append(f"{name} = {name} * 1.0")
            self.arrays[name] = n
        if self.chance(0.2):
            name = self.fresh("M")
            rows, cols = self.rng.randint(1, 3), self.rng.randint(1, 3)
            body = ", ".join("[" + ", ".join(self.float_literal()[0] for _ in range(cols)) + "]"
                             for _ in range(rows))
            lines.append(f"{name} = np.array([{body}])")
            self.grids[name] = (rows, cols)
        if MODCOMP_FOCUS:
            for _ in range(3):
                if self.chance(MODCOMP_FOCUS):
                    lines += self.modcomp_constants(lines)
        if MODCONST_FOCUS:
            for _ in range(3):
                if self.chance(MODCONST_FOCUS):
                    lines += self.modconst_constants(lines)
        if self.chance(0.25):
            lines += self.module_grid()
        if self.chance(0.4):
            name = self.fresh("P")
            kinds = (self.pick([INT, FLOAT]), INT)
            pairs = [f"({self.int_literal()[0] if kinds[0] == INT else self.float_literal()[0]}, "
                     f"{self.rng.randint(-2, 2)})" for _ in range(3)]
            lines.append(f"{name} = ({', '.join(pairs)})")
            self.pairs[name] = kinds
        if self.chance(0.15):
            lines += self.dict_constant()
        if self.chance(CONTAINER_FOCUS):
            lines += self.const_container()
        if LANGEXTRA_FOCUS and self.chance(LANGEXTRA_FOCUS):
            from gen_langextra import langextra_constants
            lines += langextra_constants(self)
        if RECORDS_FOCUS and self.chance(max(RECORDS_FOCUS, 0.8)):
            from gen_records import records_constants
            for _ in range(self.rng.randint(1, 2)):
                lines += records_constants(self)
        lines.append("")
        bodies = []
        for i in range(self.rng.randint(0, 3)):
            first = [("buf", "buffer", None)] if self.chance(0.3) else []
            ret = self.new_type()
            if self.chance(0.3):
                ret = (self.pick([INT, FLOAT]), self.pick([INT, FLOAT]))
            count = self.rng.randint(1, 3)
            kwonly = None
            if self.chance(0.2):
                kwonly = len(first) + self.rng.randint(0, count - 1)
            fn = Function(f"h{i}", self.params(first, count, kwonly), ret, False, kwonly)
            self.helpers.append(fn)
            bodies.append(self.function(fn))
        # The filter: its extra parameters must all have defaults.
        extra = []
        for _ in range(self.pick([0, 0, 1, 2])):
            t = self.new_type()
            extra.append((self.fresh("p"), t, self.default_for(t)))
        if NONEREPL_FOCUS and self.chance(NONEREPL_FOCUS):
            extra.append((self.fresh("opt"), "noneobj", "None"))
        if LANGEXTRA_FOCUS and self.chance(LANGEXTRA_FOCUS):
            from gen_langextra import langextra_param
            extra.append(langextra_param(self))
            lines[-1:-1] = self.langx_module_lines
        ret = self.pick([FLOAT, FLOAT, INT])
        if self.chance(0.12):
            # Several outputs per window: run.py compares each member.
            ret = (self.pick([INT, FLOAT]), self.pick([INT, FLOAT]))
        kwonly = 1 if extra and self.chance(0.25) else None
        filt = Function("f", [("values", "buffer", None)] + extra, ret, True, kwonly)
        body = self.function(filt)
        # Call every helper not called yet, so that only f is exported. A
        # call generated into an expression that was later dropped does not
        # count (self.called cannot see that): the text decides.
        def calls_of(h):
            pattern = re.compile(rf"(?<!\w){h.name}\(")
            return any(pattern.search(line) for b in bodies + [body] for line in b
                       if not line.startswith("def "))

        def still_uncalled():
            return [h for h in self.helpers if not calls_of(h)]
        uncalled = still_uncalled()
        while uncalled:
            h = uncalled[-1]
            self.current = filt
            self.buf = "values"
            scope = Scope({p[0]: p[1] for p in filt.params}, [p[0] for p in filt.params])
            args = []
            for i, (name, ptype, default) in enumerate(h.params):
                if ptype == "buffer":
                    args.append("values")
                elif default is None and h.by_keyword(i):
                    args.append(f"{name}={self.expr(ptype, scope, 1)[0]}")
                elif default is None:
                    args.append(self.expr(ptype, scope, 1)[0])
            self.called.add(h.name)
            at = 2 if body[1].lstrip().startswith('"""') else 1
            while body[at].startswith(("    import ", "    from ")):  # pyidioms_imports
                at += 1
            body.insert(at, f"    _u{h.name} = {h.name}({', '.join(args)})")
            uncalled = still_uncalled()
        for b in bodies:
            lines += b + ["", ""]
        # A list helper is emitted only where its call survived: a call in a
        # dropped expression would leave it uncalled, and so exported as a
        # filter over values it was never written for.
        used = "\n".join(line for b in bodies + [body] for line in b)
        for name in sorted(self.list_helpers):
            if name + "(" in used:
                lines += self.list_helpers[name] + ["", ""]
        lines += body
        return "\n".join(lines) + "\n"


    # -- try/finally, zip(strict=True), := in comprehensions (lang helper) -----

    def lang_finally(self, scope, indent, depth, pre_try):
        """The `finally:` of try_stmt: it runs on every way out (a return,
        break or continue of the try, an error it re-raises after). It knows
        only what was assigned before the try; what it assigns is assigned
        after the statement."""
        before = scope.copy()
        before.assigned = set(pre_try)
        lines = [f"{indent}finally:"]
        lines += self.block(before, indent + "    ", self.rng.randint(1, 2), depth + 1)
        scope.assigned |= before.assigned
        return lines

    def lang_simple(self, scope, var):
        """A float expression of `var` with no lambda or comprehension (a
        comprehension that binds names with := may not hold them)."""
        inner = scope.copy()
        inner.types[var] = FLOAT
        inner.assigned.add(var)
        for _ in range(5):
            text = self.expr(FLOAT, inner, 2)[0]
            if var in text and "lambda" not in text and " for " not in text:
                return text
        return f"{var} * {self.float_literal()[0]} + {self.float_literal()[0]}"

    def lang_stmt(self, scope, indent, depth):
        """zip(..., strict=True) over arrays whose lengths may differ, or a
        comprehension whose condition or element binds a name with :=
        (read after it: UnboundLocalError when nothing was bound), or a
        local deleted with del."""
        name = self.fresh("x")
        scope.types[name] = FLOAT
        if self.chance(0.4) and self.loop_depth < 2:
            a, b = self.fresh("a"), self.fresh("b")
            other = self.pick([f"{self.buf}[::-1]", f"{self.buf}[{self.rng.randint(0, 2)}:]",
                               f"{self.buf}[{self.buf} > {self.float_literal()[0]}]",
                               f"np.sort({self.buf})"])
            inner = scope.copy()
            inner.types[a] = inner.types[b] = FLOAT
            inner.assigned |= {a, b, name}
            lines = [f"{indent}{name} = 0.0", f"{indent}for {a}, {b} in zip({self.buf}, {other}, strict=True):",
                     f"{indent}    {name} += {a} * {self.float_literal()[0]} - {b}"]
            self.loop_depth += 1
            lines += self.block(inner, indent + "    ", self.rng.randint(0, 2), depth + 1)
            self.loop_depth -= 1
            scope.assigned.add(name)
            return lines
        if self.chance(0.15):  # del of a local: unbound after it (never read again here)
            d = self.fresh("d")
            scope.types[d] = FLOAT
            value = self.expr(FLOAT, scope, 3)[0]  # before name is assigned
            scope.assigned.add(name)
            return [f"{indent}{d} = {value}", f"{indent}{name} = {d} * 2.0", f"{indent}del {d}"]
        v, y = self.fresh("v"), self.fresh("y")
        value = self.lang_simple(scope, v)
        limit = self.float_literal()[0]
        form = self.pick(["sum", "any", "all", "max", "list", "sorted"])
        if form == "sum":
            text = f"sum({y} for {v} in {self.buf} if ({y} := {value}) > {limit})"
        elif form in ("any", "all"):
            text = f"float({form}(({y} := {value}) > {limit} for {v} in {self.buf}))"
        elif form == "max":
            text = f"max(({y} := {value}) for {v} in {self.buf})"
        elif form == "list":
            text = f"float(len([{v} for {v} in {self.buf} if {v} > {limit} and ({y} := {value}) < {limit}]))"
        else:
            text = f"sorted([({y} := {value}) for {v} in {self.buf}])[0]"
        lines = [f"{indent}{name} = {text}"]
        if self.chance(0.6):
            lines.append(f"{indent}{name} = {name} + {y}")  # the last value bound, or unbound
        scope.assigned.add(name)
        return lines

    # -- Python idioms: bit counting (pyidioms helper) -------------------------

    def pyidioms_imports(self):
        """Imports at the top of a function's body (the module imports math
        and numpy too, which the rest of the program reads)."""
        lines = []
        for _ in range(self.rng.randint(1, 2)):
            lines.append("    " + self.pick(["import math", "import numpy as np",
                                             "from math import fabs, floor",
                                             "import math; import numpy as np"]))
        return lines

    def pyidioms_int(self, scope, depth):
        """n.bit_count(), n.bit_length(), bin(n).count(c), len(bin(n)) of an
        int that may be negative (X + 0 is an int even of a numpy bool, and
        numpy ints have bit_count but not bit_length: int(X) for that)."""
        if self.buf and self.chance(0.3):  # dtype checks and float64 limits
            b = self.buf
            return (self.pick([f"int({b}.dtype == np.float64)", f"int({b}.dtype != 'f8')",
                               f"int(np.issubdtype({b}.dtype, np.floating))",
                               f"int(({b} > 0).dtype == bool)", "np.finfo(float).precision",
                               f"int(np.issubdtype({b}.astype(int).dtype, np.integer))",
                               "sys.float_info.dig", "sys.float_info.max_exp",
                               "round(np.finfo(float).eps * 2 ** 52)",
                               "round(sys.float_info.epsilon / np.finfo(np.float64).eps)"]), P_ATOM)
        x = paren(self.expr(INT, scope, depth), P_TERNARY)
        form = self.pick(["int({x}).bit_count()", "({x} + 0).bit_count()", "int({x}).bit_length()",
                          "bin({x} + 0).count('1')", "bin({x} + 0).count('0')", "len(bin({x} + 0))",
                          "bin(int({x})).count('-')"])
        return (form.format(x=x), P_ATOM)


    def numpy_int_ratio(self, scope, depth):
        """Counts and argmax are numpy ints: / by a zero one is inf or nan, //
        and % give 0 (numpy), a mask times an int is an int64 array, and
        np.histogram counts are int64."""
        b = self.buf
        x = paren(self.expr(FLOAT, scope, depth), P_CMP)
        y = paren(self.expr(FLOAT, scope, depth), P_CMP)
        k = str(self.rng.randint(-3, 4))
        form = self.pick([
            "float(np.sum({b} > {x}) / np.sum({b} < {y}))",
            "float(np.argmax({b}) // np.sum({b} > {x}))",
            "float(np.argmin({b}) % np.count_nonzero({b} > {y}) + np.sum({b} > {x}) % {k})",
            "float(np.sum(({b} > {x}) * {k}) // 2)",
            "float(({k} - ({b} < {y}))[0] // 2)",
            "float(np.histogram({b}, bins=3)[0][1] // 2)",
            "float(np.histogram({b}, bins=2)[0][0] / np.sum({b} > {x}))",
        ])
        return (form.format(b=b, x=x, y=y, k=k), P_ATOM)


def generate(seed, max_stmts=14):
    """Source of program number `seed`, and whether it uses inexact numpy functions."""
    if CLOSURES_FOCUS and random.Random(seed * 13 + 5).random() < CLOSURES_FOCUS:
        from gen_closures import closures_program
        return closures_program(seed), False
    gen = Generator(seed, max_stmts)
    source = gen.program()
    if "itertools." in source:  # itertools_stmt
        source = source.replace("import numpy as np\n", "import itertools\nimport numpy as np\n", 1)
    if "operator." in source:  # operator_stmt
        source = source.replace("import numpy as np\n", "import operator\nimport numpy as np\n", 1)
    if "functools." in source:  # fold_stmt
        source = source.replace("import numpy as np\n", "import functools\nimport numpy as np\n", 1)
    if "heapq." in source:  # heapq_stmt
        source = source.replace("import numpy as np\n", "import heapq\nimport numpy as np\n", 1)
    if "deque(" in source:  # deque_stmt
        source = source.replace("import numpy as np\n",
                                "from collections import deque\nimport numpy as np\n", 1)
    if "bisect." in source:  # heapq_stmt
        source = source.replace("import numpy as np\n", "import bisect\nimport numpy as np\n", 1)
    if "Counter(" in source:  # sets_stmt, tuplekeys_stmt
        source = source.replace("import numpy as np\n",
                                "from collections import Counter\nimport numpy as np\n", 1)
    if "scipy." in source:  # scipy_lib
        source = source.replace("import numpy as np\n",
                                "import numpy as np\nimport scipy.special\nimport scipy.stats\n", 1)
    if "LM2_" in source:  # gen_libmore2's module list constants
        from gen_libmore2 import MODULE_CONSTANTS
        source = source.replace("import numpy as np\n", "import numpy as np\n" + MODULE_CONSTANTS, 1)
    if "sys.float_info" in source:  # pyidioms_int
        source = source.replace("import numpy as np\n", "import sys\nimport numpy as np\n", 1)
    if "defaultdict(" in source:  # smalllib_stmt
        source = source.replace("import numpy as np\n",
                                "from collections import defaultdict\nimport numpy as np\n", 1)
    return source, gen.inexact


if __name__ == "__main__":
    print(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 0)[0], end="")

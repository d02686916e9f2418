"""gen_libmore2.py - the LLCC_DIFFTEST_LIBMORE2 focus of gen.py.

Library calls natural filters make that llcc once refused: numpy's logical
and comparison ufuncs (np.logical_xor & co. of bool, int and float arrays,
lists and numbers, whose numpy-bool results add as logical or); np.sort
and np.argsort along an axis of a 2-D array of a known shape (ties, signed
zeros, NaN; a buffer of another size raises numpy's ValueError on both
sides); np.interp of lists, tuples and module list constants (int and
float, with left= and right=); np.cov of two vectors (lists, ints,
different lengths), of one and of the rows of a 2-D array, with bias= and
ddof=; scipy.special.logsumexp of arrays, lists and ints, with b= weights
(zeros, negatives, other lengths); statistics.correlation of lists and
arrays (constant, short and unequal inputs: StatisticsError caught or not,
fsum's ValueError of inf - inf); np.add.at into a 1-D float or int
array (repeated and negative indices, out of bounds, values per index).
Every form assigns a float to a new name the rest of the body may
read.
"""


# Written after `import numpy as np` where a program names them (gen.py).
MODULE_CONSTANTS = ("LM2_XP = [0.0, 1.0, 2.0, 3.0, 4.0]\n"
                    "LM2_FP = [0.0, 1.0, 0.5, 2.0, -1.0]\n"
                    "LM2_XI = [-1, 0, 2, 5, 5]\n"
                    "LM2_FT = (0.5, -0.25, 1.0, 3.0, np.inf)\n")


def _interp(gen, b):
    x = gen.pick([f"{b}[0]", f"{b}[-1] * 4.0", f"{b}", f"{b} * 3.0 - 0.5", "np.nan", "2.0",
                  f"[{b}[0], 1.5, -2.0]", "5", f"({b}[1], 0.0)"])
    xp, fp = gen.pick([("LM2_XP", "LM2_FP"), ("LM2_XI", "LM2_FT"), ("LM2_XI", "LM2_FP"),
                       ("[-3.0, 0.0, 3.0]", "[0.0, 0.2, 1.0]"), ("(0, 1, 2)", "[1, -1, 4]"),
                       ("LM2_XP", f"{b}[:5]"), (f"np.sort({b}[:3])", "[0.5, 1.5, 2.5]"),
                       ("[0.0, 1.0]", "LM2_FP"), ("[2.0]", "[7.0]"), ("[]", "[]")])
    kw = gen.pick(["", "", ", left=-1.0", ", right=2.0", ", left=np.nan, right=np.inf",
                   f", left={b}[0]"])
    call = f"np.interp({x}, {xp}, {fp}{kw})"
    # np.sum of a number is refused by llcc: the sum only of array x
    return f"float(np.sum({call}))" if x.startswith(("[", "(", b)) and not x.startswith(f"{b}[") \
        else f"float({call})"


def _cov(gen, b, indent, x):
    c = gen.fresh("cv")
    kw = gen.pick(["", "", ", bias=True", ", ddof=0", ", ddof=2", ", bias=True, ddof=1",
                   f", ddof={gen.rng.randint(0, 12)}"])
    form = gen.rng.randrange(3)
    if form == 0:
        a, y = gen.pick([(f"{b}[:3]", f"{b}[-3:]"), (b, f"{b}[::-1]"), (f"{b}[:4]", f"{b}[4:8]"),
                         (f"{b}[:3]", "[1, 0, 2]"), (f"{b} > 0.5", f"{b} * 2.0"),
                         (f"({b} * 3).astype(int)", b), (f"{b}[:2]", f"{b}[:3]"),
                         (f"{b}[:1]", f"{b}[1:2]"), (f"{b}[:0]", f"{b}[:0]")])
        use = gen.pick([f"float({c}[0, 1])", f"float({c}[1, 1] + {c}[0, 0] * 2.0 - {c}[1, 0])",
                        f"float(np.nansum({c}))"])
        return [f"{indent}{c} = np.cov({a}, {y}{kw})", f"{indent}{x} = {use}"]
    if form == 1:
        m = gen.pick([f"{b}.reshape(3, 3)", f"{b}[:6].reshape(2, 3)", f"{b}.reshape(3, 3)[:, :2]",
                      f"{b}[:8].reshape(4, 2)", f"np.round({b}).reshape(3, 3)"])
        return [f"{indent}{c} = np.cov({m}{kw})",
                f"{indent}{x} = float({c}[0, -1] + 2.0 * {c}[-1, -1] + np.nansum({c}) * 0.5)"]
    return [f"{indent}{x} = float(np.cov({gen.pick([b, f'{b}[:2]', f'{b}[:1]', f'list({b})'])}{kw}))"]


def _logsumexp(gen, b):
    a = gen.pick([b, f"{b} * 300.0", f"{b}[:3]", f"[{b}[0], -np.inf, 1.0]", f"({b} * 4).astype(int)",
                  f"{b}[:0]", f"np.full(3, -np.inf)", f"list({b})", f"{b} - np.inf"])
    w = gen.pick(["", "", f", b=np.abs({b})", f", b={b}", f", b=({b} > 0.5) * 1.0",
                  f", b=np.ones(len({b}))", f", b=[1.0, 0.0, 2.0]"])
    if w and a.startswith(("[", "np.full")):
        w = ", b=[1.0, 0.0, 2.0]"
    return f"float(scipy.special.logsumexp({a}{w}))"


def _correlation(gen, b, indent, x):
    a, y = gen.pick([(f"list({b}[:3])", f"list({b}[-3:])"), (b, f"{b}[::-1] * 2.0"),
                     (f"{b}[:4]", f"{b}[4:8] * 1e200"), ("[1, 2, 4]", f"{b}[:3]"),
                     (f"{b}[:3]", "[2.0, 2.0, 2.0]"), (f"{b}[:1]", f"{b}[1:2]"),
                     (f"{b}[:2]", f"{b}[:3]"), (f"[abs(v) for v in {b}]", f"list({b})"),
                     (f"np.round({b})", f"{b} > 0.5")])
    call = f"statistics.correlation({a}, {y})"
    if gen.chance(0.5):
        return [f"{indent}{x} = {call}"]
    cls = gen.pick(["statistics.StatisticsError", "ValueError", "Exception"])
    return [f"{indent}try:", f"{indent}    {x} = {call}", f"{indent}except {cls}:",
            f"{indent}    {x} = -2.5"]


def _add_at(gen, b, indent, x):
    c, q = gen.fresh("ac"), gen.fresh("aq")
    ints = gen.chance(0.25)
    made = gen.pick(["np.zeros(4)", "np.ones(5) * 0.5", f"np.zeros(len({b}))"]) if not ints \
        else gen.pick(["np.zeros(4, dtype=int)", "np.arange(5)"])
    idx = gen.pick([f"{q}", f"{q}[::-1]", "[0, 0, -1]", "[1, 1, 1, 2]", "2", "-1", "[4]",
                    "[-6]", f"{q}[:2]", "[]"])
    val = gen.pick(["1", "2", "True"]) if ints else \
        gen.pick(["1", "0.5", "-0.0", f"{b}[0]", f"{b}[:2]", f"{b}[:1]", f"{b}[:3]", "np.nan",
                  f"{b}[-1] > 0.5"])
    return [f"{indent}{c} = {made}",
            f"{indent}{q} = (np.abs(np.where(np.isfinite({b}), {b}, 0.0)) * 3).astype(int) % 4",
            f"{indent}np.add.at({c}, {idx}, {val})",
            f"{indent}{x} = float({c}[0] + 2.0 * {c}[1] + 3.0 * {c}[-1] + np.sum({c}) * 0.25)"]


def _number(gen, b):
    return gen.pick([f"{b}[0]", f"{b}[-1]", f"{b}[1] > 0.5", "0.0", "-0.0", "2", "0", "True",
                     "np.nan", f"int({b}[0] * 3)", "1.5"])


def _operand(gen, b):
    return gen.pick([b, f"{b} > 0.5", f"{b}[::-1]", f"({b} * 3).astype(int)",
                     f"{b}.astype(bool)", f"{b} - 0.5", f"{b} * 0.0",
                     f"list({b})", f"[v > 0.25 for v in {b}]"])


def _logical(gen, b):
    fn = gen.pick(["logical_and", "logical_or", "logical_xor", "logical_not", "greater",
                   "greater_equal", "less", "less_equal", "equal", "not_equal"])
    if gen.chance(0.35):
        # of numbers: numpy bools, whose + is logical or
        args = [_number(gen, b) for _ in range(1 if fn == "logical_not" else 2)]
        call = f"np.{fn}({', '.join(args)})"
        return gen.pick([f"float({call})", f"float({call} + {call})",
                         f"float(str({call}) == 'True') + 2.0 * float({call})"])
    args = [_operand(gen, b)]
    if fn != "logical_not":
        args.insert(gen.rng.randrange(2), gen.pick([_operand(gen, b), _number(gen, b)]))
    call = f"np.{fn}({', '.join(args)})"
    return gen.pick([f"float(np.sum({call}))", f"float(np.sum({call}) * 2 + np.sum({call}))",
                     f"float(str(np.any({call})) == 'True')", f"float(np.sum({b}[{call}]))"])


def _sort_axis(gen, b, indent, x):
    w, s = gen.fresh("sw"), gen.fresh("ss")
    made = gen.pick([f"{b}.reshape(3, 3)", f"{b}[:6].reshape(2, 3)", f"{b}[:6].reshape(3, 2)",
                     f"np.round({b} * 2.0).reshape(3, 3) * 0.5",
                     f"np.round({b}).reshape(3, 3) * np.sign({b}[::-1].reshape(3, 3))",
                     f"({b} * 4).astype(int).reshape(3, 3)" if gen.chance(0.2) else f"{b}.reshape(3, 3).T"])
    fn = gen.pick(["sort", "sort", "argsort"])
    axis = gen.pick(["", ", axis=0", ", axis=1", ", axis=-1", ", axis=-2", ", 0", ", 1",
                     ", axis=None"])
    kind = gen.pick(["", "", ", kind='stable'", ", kind='mergesort'", ", kind='heapsort'"])
    if fn == "argsort" and axis in (", 0", ", 1"):  # numpy's too; llcc's axis= only
        axis = ", axis=" + axis[2:]
    lines = [f"{indent}{w} = {made}", f"{indent}{s} = np.{fn}({w}{axis}{kind})"]
    if axis == ", axis=None":
        use = f"float({s}[{gen.rng.randrange(6)}]) + float({s}[-1])"
    else:
        use = gen.pick([f"float({s}[0, -1]) + 2.0 * float({s}[-1, 0])",
                        f"float(np.sum({s}[:, 0] * 1.5)) + float({s}.shape[0])",
                        f"float(np.copysign(1.0, {s}[0, 0])) + float({s}[1, 1])",
                        f"float(np.sum({s}[0] * 3.0 + {s}[-1]))"])
    return lines + [f"{indent}{x} = {use}"]


def libmore2_stmt(gen, scope, indent):
    b = gen.buf
    x = gen.fresh("x")
    scope.types[x] = "float"
    scope.assigned.add(x)
    form = gen.rng.randrange(7)
    if form == 6:
        return _add_at(gen, b, indent, x)
    if form == 5:
        return _correlation(gen, b, indent, x)
    if form == 0:
        return _sort_axis(gen, b, indent, x)
    if form == 1:
        return [f"{indent}{x} = {_interp(gen, b)}"]
    if form == 2:
        return _cov(gen, b, indent, x)
    if form == 3:
        return [f"{indent}{x} = {_logsumexp(gen, b)}"]
    return [f"{indent}{x} = {_logical(gen, b)}"]

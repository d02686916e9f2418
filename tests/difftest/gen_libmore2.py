"""gen_libmore2.py - the LLCC_DIFFTEST_LIBMORE2 focus of gen.py.

Library calls natural filters make that llcc once refused: numpy's logical
and comparison ufuncs (np.logical_xor & co. of bool, int and float arrays,
lists and numbers, whose numpy-bool results add as logical or). Every form
assigns a float to a new name the rest of the body may read.
"""


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


def libmore2_stmt(gen, scope, indent):
    b = gen.buf
    x = gen.fresh("x")
    value = _logical(gen, b)
    scope.types[x] = "float"
    scope.assigned.add(x)
    return [f"{indent}{x} = {value}"]

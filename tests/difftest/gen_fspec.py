"""gen_fspec.py - the LLCC_DIFFTEST_FSPEC focus of gen.py.

fspec_stmt writes f-strings whose format spec has nested replacement
fields (`{x:{w}.{p}f}`): a width, precision or fill computed at run time
(an int literal, len() of the window, an int expression clamped to a small
range, a loop variable, a one-character str) around a float, int, bool or
str value, in the spec forms CPython takes (f, e, %, g, d, x, alignment,
fill, sign, zero padding, grouping) and a few it refuses (a negative
precision, a sign or precision given to the wrong kind, `d` of a float),
so the run-time check of a made spec is exercised too. The text is raised
as a message (run.py compares messages exactly), raised after being held
in a name, or read into a new float through len(), == with another
f-string, or a loop summing lengths.
"""

INT, FLOAT, BOOL = "int", "float", "bool"

# Spec templates by value kind: W is a width, P a precision, F a fill.
SPECS = {
    FLOAT: [".{P}f", "{W}.{P}f", "{W}", ">{W}.{P}e", ".{P}%", "+{W}.{P}g", "0{W}.{P}f",
            "{F}^{W}.{P}f", "<{W},.{P}f", "{W}.{P}", "{F}>{W}", " {W}.{P}E"],
    INT: ["{W}", "{W}d", "<{W}", "0{W}", "{F}>{W}", "+{W},", ".{P}f", "{W}x", "#{W}b",
          "{F}^{W}_", "{W}.{P}e"],
    BOOL: ["{W}", ">{W}", "{F}<{W}", "{W}d"],
    "str": [">{W}", "<{W}", "^{W}", "{F}<{W}", ".{P}", "{W}.{P}", "{F}^{W}.{P}"],
}
# Specs CPython refuses for the kind (its ValueError, checked at run time).
BAD_SPECS = {FLOAT: ["{W}d", "{W}.{P}x"], INT: [".{P}", "{W}.{P}d"], BOOL: [".{P}"],
             "str": ["+{W}", "{W},"]}
STRS = ["'ab'", "'é∑'", "''", "'mean'", "'x y'"]
FILLS = ["'*'", "'0'", "'-'", "' '", "'é'", "'x'", "'='"]


def _small_int(gen, scope, loop_var=None):
    """An int for a width or precision: mostly 0..16, now and then negative."""
    b = gen.buf
    r = gen.rng.random()
    if loop_var and r < 0.3:
        return gen.pick([loop_var, f"{loop_var} + 2", f"{loop_var} * 3"])
    if r < 0.35:
        if gen.chance(0.06):  # a negative precision is CPython's ValueError
            return gen.pick(["-1", "-3"])
        return str(gen.pick([0, 1, 2, 3, 4, 6, 8, 10, 12, 15]))
    if r < 0.5:
        return gen.pick([f"len({b})", f"len({b}) - 6", f"len({b}) // 2"])
    ints = sorted(n for n in scope.assigned if scope.types.get(n) == INT and not n.startswith("_"))
    e = gen.pick(ints) if ints and gen.chance(0.4) else gen.expr(INT, scope, 2)[0]
    if gen.chance(0.7):
        return f"min(max({e}, {gen.pick([-2, 0, 0, 1, 1])}), {gen.pick([6, 12, 16])})"
    return f"({e}) % {gen.pick([5, 9, 13])}"


def _value(gen, scope, loop_var=None):
    """(text, kind) of a value to format."""
    kind = gen.pick([FLOAT, FLOAT, FLOAT, INT, INT, BOOL, "str"])
    if kind == "str":
        return gen.pick(STRS + [f"str({gen.buf}[0])"]), kind
    if loop_var and kind == FLOAT and gen.chance(0.5):
        return f"{gen.buf}[{loop_var} % len({gen.buf})]", kind
    text = gen.expr(kind, scope, 2)[0]
    if text.startswith("{"):  # `{{` would be an escaped brace
        text = " " + text
    return text, kind


def _field(gen, scope, loop_var=None):
    text, kind = _value(gen, scope, loop_var)
    spec = gen.pick(BAD_SPECS[kind] if gen.chance(0.06) else SPECS[kind])
    spec = spec.replace("{W}", "{" + _small_int(gen, scope, loop_var) + "}")
    spec = spec.replace("{P}", "{" + _small_int(gen, scope, loop_var) + "}")
    spec = spec.replace("{F}", "{" + gen.pick(FILLS) + "}")
    conv = "!r" if kind == "str" and gen.chance(0.2) else ""
    return "{" + text + conv + ":" + spec + "}"


def _fstring(gen, scope, loop_var=None):
    parts = []
    for _ in range(gen.rng.randint(1, 3)):
        parts.append(gen.pick(["", "got ", "|", "w=", "; "]) + _field(gen, scope, loop_var))
    return 'f"' + "".join(parts) + '"'


def fspec_stmt(gen, scope, indent):
    """One use of f-strings with nested spec fields; may assign a new float."""
    form = gen.rng.randint(0, 4)
    if form == 0:
        return gen.raise_stmt(scope, indent, _fstring(gen, scope))
    x = gen.fresh("x")
    lines = []
    if form == 1:
        s = gen.fresh("fs")
        lines.append(f"{indent}{s} = {_fstring(gen, scope)}")
        cond = gen.expr(BOOL, scope, 2)[0]
        lines += [f"{indent}if {cond}:", f"{indent}    raise ValueError({s})"]
        lines.append(f"{indent}{x} = float(len({s}))")
    elif form == 2:
        a, c = _fstring(gen, scope), _fstring(gen, scope)
        lines.append(f"{indent}{x} = float(len({a})) + float({a} == {c}) * 0.5")
    elif form == 3:
        k = gen.fresh("k")
        lines += [f"{indent}{x} = 0.0", f"{indent}for {k} in range({gen.rng.randint(1, 4)}):",
                  f"{indent}    {x} = {x} + float(len({_fstring(gen, scope, k)}))"]
    else:
        s = gen.fresh("fs")
        lines += [f"{indent}{s} = \"\"",
                  f"{indent}for {x}_i in range(3):",
                  f"{indent}    {s} = {s} + {_fstring(gen, scope, x + '_i')}",
                  f"{indent}if len({s}) > {gen.rng.randint(10, 60)}:",
                  f"{indent}    raise ValueError({s})",
                  f"{indent}{x} = float(len({s}))"]
    scope.types[x] = FLOAT
    scope.assigned.add(x)
    return lines

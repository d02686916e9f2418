"""gen_arraytext.py - the LLCC_DIFFTEST_ARRAYTEXT focus of gen.py.

arraytext_stmt writes numpy arrays as text: f-string fields (`{a}`, `{a!r}`,
`{a!s:>30}`, now and then a spec numpy refuses, `{a:.2f}`), str(a),
repr(a), `"..." + str(a)` and `raise ValueError(a)` of float, int and bool
arrays: slices and masks of the window (empty ones too), arithmetic that
reaches scientific notation, nan, inf and -0.0, np.arange of a length past
the 75-column line and past numpy's 1000-element summary, and 2-D arrays
(np.outer of slices, reversed). The text is raised as a message (run.py
compares messages exactly) or read into a new float through len(). No
print(): run.py's workers answer on stdout.
"""

INT, FLOAT, BOOL = "int", "float", "bool"


def _array(gen, scope):
    b = gen.buf
    x = gen.expr(FLOAT, scope, 2)[0]
    if x.startswith("{"):
        x = " " + x
    forms = [
        f"{b}", f"{b}[:3]", f"{b}[1::2]", f"{b}[::-1]",
        f"{b} * {gen.pick(['1e9', '1e-9', '1e20', '-1e-17', '12345.678', '0.0', '1e16'])}",
        f"{b}[{b} > ({x})]", f"{b}[{b} > 1e300]",
        f"np.where({b} > 0.7, np.inf, {b})", f"np.where({b} < 0.3, -0.0, {b} / ({b} - {b}[0]))",
        f"({b} * 1000).astype(int)", f"np.arange({gen.pick([0, 3, 30, 1100])})",
        f"np.arange({gen.pick([25, 40, 1005])}) * ({x})",
        f"{b} > ({x})", f"({b} > 0.5)[:0]",
        f"np.outer({b}[:3], {b}[:2])", f"np.outer({b}[:2], {b}[:3])[::-1]",
        f"np.outer({b}[:4], {b}[:3]) > 0.25",
    ]
    return gen.pick(forms)


def _field(gen, scope):
    a = _array(gen, scope)
    r = gen.rng.random()
    if r < 0.45:
        return "{" + a + "}"
    if r < 0.75:
        return "{" + a + "!r}"
    if r < 0.93:
        return "{" + a + gen.pick(["!r", "!s"]) + ":" + gen.pick([">30", "<12", "^50", ""]) + "}"
    return "{" + a + ":" + gen.pick([".2f", ">10", "s"]) + "}"  # numpy's TypeError


def arraytext_stmt(gen, scope, indent):
    """One use of an array's text; may assign a new float."""
    form = gen.rng.randint(0, 4)
    if form == 0:
        parts = [gen.pick(["", "w=", "bad window: ", "; "]) + _field(gen, scope)
                 for _ in range(gen.rng.randint(1, 2))]
        return gen.raise_stmt(scope, indent, 'f"' + "".join(parts) + '"')
    if form == 1:
        return gen.raise_stmt(scope, indent, _array(gen, scope))
    x = gen.fresh("x")
    if form == 2:
        lines = [f"{indent}{x} = float(len({gen.pick(['str', 'repr'])}({_array(gen, scope)})))"]
    elif form == 3:
        s = gen.fresh("s")
        lines = [f"{indent}{s} = \"a: \" + str({_array(gen, scope)})",
                 f"{indent}if len({s}) > {gen.rng.randint(8, 80)}:",
                 f"{indent}    raise ValueError({s})",
                 f"{indent}{x} = float(len({s}))"]
    else:
        lines = [f"{indent}{x} = float(len(f\"{_field(gen, scope)}\"))"]
    scope.types[x] = FLOAT
    scope.assigned.add(x)
    return lines

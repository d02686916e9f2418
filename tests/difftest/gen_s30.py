"""gen_s30.py - the LLCC_DIFFTEST_S30 focus of gen.py.

Scan 10's last forms: tuple() of a run-time length read item by item
(`t = tuple(sorted(b))`, `t[len(t) // 2]`, `for v in t`, `v in t`,
`tuple(... if ...)`), float() and int() of strs made at run time
(`float(f"{x:.2f}")`, `int(f"{k}")`, `float(str(x))`; CPython's ValueError
for a str neither parses), and a numpy float stored through a mask or an
int list into an int array (numpy's C cast: NaN and out-of-range values
become INT64_MIN). Every form assigns a float to a new name the rest of
the body may read.
"""


def _tuple(gen, b, indent, x):
    t, v = gen.fresh("t"), gen.fresh("v")
    made = gen.pick([f"tuple(sorted({b}))", f"tuple({b})",
                     f"tuple({v} * 2 for {v} in {b} if {v} > {gen.rng.randint(-2, 2)})",
                     f"tuple(np.argsort({b}))", f"tuple(abs({v}) for {v} in {b})"])
    reads = [f"float(len({t}))", f"(float({t}[len({t}) // 2]) if {t} else 0.5)",
             f"(float({t}[-1]) if len({t}) else -1.0)", f"float({b}[0] in {t})",
             f"(float(max({t})) if {t} else 2.0)", f"float(sum({v} for {v} in {t}))",
             f"(float(sorted({t}, reverse=True)[0]) if {t} else 0.0)", f"float(not {t})"]
    use = " + ".join(gen.pick(reads) for _ in range(gen.rng.randint(1, 3)))
    lines = [f"{indent}{t} = {made}", f"{indent}{x} = {use}"]
    if gen.rng.random() < 0.3:
        acc = gen.fresh("acc")
        lines[1:1] = [f"{indent}{acc} = 0.0", f"{indent}for {v} in {t}:",
                      f"{indent}    {acc} = {acc} * 0.5 + {v}"]
        lines[-1] += f" + {acc}"
    return lines


def _parse(gen, b, indent, x):
    s = gen.fresh("s")
    i = gen.rng.randrange(4)
    text = gen.pick([f'f"{{{b}[{i} % len({b})]:.{gen.rng.randint(0, 4)}f}}"',
                     f'f"{{{b}[{i} % len({b})]:.3g}}"', f"str({b}[{i} % len({b})])",
                     f'f"{{int({b}[0] * 10) if {b}[0] == {b}[0] and abs({b}[0]) < 1e9 else 0}}"',
                     f'f" {{{b}[0]:e}} "', f'f"{{{b}[0]:,.2f}}"'])
    conv = gen.pick(["float", "float", "int"])
    return [f"{indent}{s} = {text}", f"{indent}{x} = float({conv}({s}))"]


def _int_store(gen, b, indent, x):
    a = gen.fresh("ai")
    where = gen.pick([f"{b} > {gen.rng.randint(-2, 2)}", f"np.isnan({b})",
                      f"[0, len({b}) - 1]", f"[0]"])
    value = gen.pick([f"{b}[0] * 1.5", f"{b}[len({b}) // 2]", f"np.float64({b}[-1]) * 1e20",
                      f"{b}[0] / 3"])
    return [f"{indent}{a} = np.zeros(len({b}), dtype=int)", f"{indent}{a}[{where}] = {value}",
            f"{indent}{x} = float({a}.sum() % 1000)"]


def s30_stmt(gen, scope, indent):
    b = gen.buf
    x = gen.fresh("x")
    scope.types[x] = "float"
    scope.assigned.add(x)
    form = gen.rng.randrange(3)
    if form == 0:
        return _tuple(gen, b, indent, x)
    if form == 1:
        return _parse(gen, b, indent, x)
    return _int_store(gen, b, indent, x)

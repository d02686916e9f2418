"""gen_langextra.py - the LLCC_DIFFTEST_LANGEXTRA focus of gen.py.

langextra_constants writes module-level set constants (`S = {1, 2, 3}`,
frozensets, sets of floats with duplicates, sets of int pairs) and tuple
constants used as defaults; langextra_param gives the filter a parameter
whose default is a tuple of numbers (written in place or a module tuple);
langextra_stmt reads them: `in`/`not in`, len, iteration in the set's
order, sorted/min/max/sum, the set operators with a local set, and the
tuple parameter by index, len, unpacking, iteration, zip and np.array; or
writes zip(*rows) of a 2-D array or tuple of tuples, list slice
assignment (any length, stepped), list.count/remove of a new number.
Every form assigns a float to a new name the rest of the body may read.
"""


def _int_set(gen):
    pool = list(range(-4, 10)) + [16, 33, 64, 100]
    return gen.rng.sample(pool, gen.rng.randint(1, 6))


def langextra_constants(gen):
    """One or two set constants, recorded in gen.langx_sets (name -> kind)."""
    lines = []
    for _ in range(gen.rng.randint(1, 2)):
        name = gen.fresh("LS")
        kind = gen.pick(["int", "int", "float", "pair", "frozen", "empty"])
        if kind in ("int", "frozen"):
            body = "{" + ", ".join(str(v) for v in _int_set(gen)) + "}"
            value = f"frozenset({body})" if kind == "frozen" else body
        elif kind == "float":
            items = [gen.pick(["0.5", "1.0", "1", "2.5", "-1.5", "3", "3.0", "True", "0",
                               "-0.0", "7.25"]) for _ in range(gen.rng.randint(1, 6))]
            value = "{" + ", ".join(items) + "}"
        elif kind == "pair":
            pairs = {(gen.rng.randint(-1, 1), gen.rng.randint(-1, 1))
                     for _ in range(gen.rng.randint(1, 5))}
            value = "{" + ", ".join(f"({a}, {c})" for a, c in sorted(pairs)) + "}"
        else:
            value = "set()"
        lines.append(f"{name} = {value}")
        gen.langx_sets[name] = kind
    return lines


def langextra_param(gen):
    """A filter parameter with a tuple default: (name, type, default text)."""
    n = gen.rng.randint(1, 4)
    members = [gen.pick(["1.5", "-2", "0.5", "3", "2.0", "-0.25", "True", "4"]) for _ in range(n)]
    text = "(" + ", ".join(members) + ("," if n == 1 else "") + ")"
    name = gen.fresh("tw")
    if gen.chance(0.3):
        const = gen.fresh("TW")
        gen.langx_module_lines.append(f"{const} = {text}")
        text = const
    gen.langx_tuples[name] = n
    return (name, "ltuple", text)


def _set_use(gen, name, kind, b):
    v = f"{b}[{gen.pick([0, -1])}]"
    r = f"(round({v} * 4) if abs({v}) < 1e9 else 0)"
    if kind == "pair":
        return gen.pick([
            f"float((int({v} > 0.5), int({b}[0] < 0.2) - 1) in {name})",
            f"float(len({name}))",
            f"float((0, 1) not in {name})",
        ])
    forms = [
        f"float({v} in {name})", f"float({r} in {name})",
        f"float({r} - 1 not in {name})", f"float(len({name}))",
        f"float(sum({name}))", f"float(sorted({name})[0]) if {name} else -1.0",
        f"float(max({name}, default=-2))", f"float(min({name}, default=7))",
        f"float(sum(1 for u in {b} if abs(u) < 1e9 and round(u * 5) in {name}))",
        f"float(len({name} | {{1, 2}}) + len({name} & {{0, 3}}) * 10)",
        f"float(len({name} - {{{r}}}) + ({name} <= {{1, 2, 3}}))",
        f"float(len({{round(u * 4) for u in {b} if abs(u) < 1e9}} ^ {name}))",
        f"(1.5 if {name} else -1.5)",
    ]
    return gen.pick(forms)


def _tuple_use(gen, name, n, b):
    v = f"{b}[{gen.pick([0, -1])}]"
    k = gen.rng.randint(-n, n - 1)
    forms = [
        f"float({name}[{k}]) * {v}", f"float(len({name}))", f"float(sum({name}))",
        f"float(sum(w * u for w, u in zip({name}, {b})))",
        f"float(max({name}) - min({name}))",
        f"float(np.array({name}).sum() * {v})",
        f"float(np.dot(np.array({name}, dtype=float), {b}[:{n}])) if len({b}) >= {n} else 0.5",
        f"float({v} in {name})",
    ]
    return gen.pick(forms)


def langextra_stmt(gen, scope, indent):
    """One read of a set constant or of a tuple parameter into a new float."""
    b, x = gen.buf, gen.fresh("x")
    tuples = [p[0] for p in gen.current.params if p[1] == "ltuple"]
    sets = sorted(gen.langx_sets)
    lines = []
    if gen.chance(0.2):
        # A slice of a local list assigned (any length with step 1, as many
        # elements as positions otherwise), list.count / list.remove of a
        # new number.
        xs = gen.fresh("ls")
        i, j = gen.rng.randint(-4, 4), gen.rng.randint(-4, 6)
        lit = lambda: gen.pick(["0.5", "-1.0", "2.0", "3", "7.25"])
        value = gen.pick([
            "[]", f"[{lit()}]", f"[{lit()}, {lit()}, {lit()}]", f"{xs}[::-1]",
            f"[u * 2.0 for u in {b} if u > 0]", f"{xs}[{i}:]"])
        target = gen.pick([f"{xs}[{i}:{j}]", f"{xs}[{i}:{i}]", f"{xs}[:{j}]", f"{xs}[{i}:]",
                           f"{xs}[:]"])
        lines += [f"{indent}{xs} = list({b})", f"{indent}{target} = {value}"]
        if gen.chance(0.5):
            k = gen.pick([2, -1, -2, 3])
            lines.append(f"{indent}{xs}[::{k}] = [u + 1.0 for u in {xs}[::{k}]]")
        if gen.chance(0.3):
            lines += [f"{indent}if {b}[-1] + 0.0 in {xs}:",
                      f"{indent}    {xs}.remove({b}[-1] + 0.0)"]
        lines.append(f"{indent}{x} = float(sum({xs})) + len({xs}) * 0.5 + {xs}.count({b}[0]) "
                     f"+ {xs}.count({lit()}) * 3")
    elif gen.chance(0.2):
        # zip(*rows): the columns of a 2-D array or of a tuple of tuples.
        if gen.chance(0.5):
            zw, a = gen.fresh("zw"), gen.fresh("za")
            rows, cols = gen.pick([(2, 3), (3, 3), (3, 2), (1, 4)])
            use = gen.pick([f"sum({a}[0] * 0.5 - {a}[1] for {a} in zip(*{zw}))" if rows >= 2
                            else f"float(len(list(zip(*{zw}))))",
                            f"float(len(list(zip(*{zw}))[0]))",
                            f"max(sum(t) for t in zip(*{zw}))"])
            lines += [f"{indent}if len({b}) >= {rows * cols}:",
                      f"{indent}    {zw} = {b}[:{rows * cols}].reshape({rows}, {cols})",
                      f"{indent}    {x} = float({use})",
                      f"{indent}else:",
                      f"{indent}    {x} = 0.5"]
        else:
            zr, p, q = gen.fresh("zr"), gen.fresh("zp"), gen.fresh("zq")
            lines += [f"{indent}{zr} = (({b}[0], {b}[-1]), ({b}[-1] * 2, {b}[0]), (1.5, -{b}[0]))",
                      f"{indent}{x} = float(sum({p} - {q} for {p}, {q}, _ in zip(*{zr})))"]
    elif tuples and (not sets or gen.chance(0.5)):
        name = gen.pick(tuples)
        n = gen.langx_tuples[name]
        if gen.chance(0.25):
            names = [gen.fresh("tu") for _ in range(n)]
            lines.append(f"{indent}{', '.join(names)}{',' if n == 1 else ''} = {name}")
            lines.append(f"{indent}{x} = float({' + '.join(names)}) * {b}[0]")
        elif gen.chance(0.2):
            w = gen.fresh("tv")
            lines += [f"{indent}{x} = 0.0", f"{indent}for {w} in {name}:",
                      f"{indent}    {x} = {x} * 0.5 + {w}"]
        else:
            lines.append(f"{indent}{x} = {_tuple_use(gen, name, n, b)}")
    elif sets:
        name = gen.pick(sets)
        kind = gen.langx_sets[name]
        if kind != "pair" and gen.chance(0.2):
            k = gen.fresh("sk")
            lines += [f"{indent}{x} = 0.0", f"{indent}for {k} in {name}:",
                      f"{indent}    {x} = {x} * 0.5 + {k} * {b}[0]"]
        else:
            lines.append(f"{indent}{x} = {_set_use(gen, name, kind, b)}")
    else:
        lines.append(f"{indent}{x} = float(len({b}))")
    scope.types[x] = "float"
    scope.assigned.add(x)
    return lines

"""gen_picks.py - the LLCC_DIFFTEST_PICKS focus of gen.py.

Scan 11's forms: numpy's integer-array indexing by lists written out, one
per dimension (`w[[0, 1, 1, 2], [1, 0, 2, 1]]` of float, int and bool 2-D
arrays and of 3-D ones; indices negative and out of bounds, one list of one
element or a lone int broadcast), a named array's shape held in a name
(`s = w.shape`, `h, k = s`) and np.indices of it
(`yy, xx = np.indices(w.shape)`). Every form assigns a float to a new name
the rest of the body may read.
"""


def _index_list(gen, n, lo, hi):
    return "[" + ", ".join(str(gen.rng.randint(lo, hi)) for _ in range(n)) + "]"


def _picks(gen, b, indent, x):
    w = gen.fresh("w")
    rank3 = gen.rng.random() < 0.2
    if rank3:
        made = gen.pick([f"{b}[:8].reshape(2, 2, 2)", f"{b}.reshape(3, 3, 1)"])
        dims = [2, 2, 2] if "2, 2, 2" in made else [3, 3, 1]
    else:
        made = gen.pick([f"{b}.reshape(3, 3)", f"({b} * 3).astype(int).reshape(3, 3)",
                         f"{b}.reshape(3, 3) > 0.5", f"np.round({b}).reshape(3, 3)",
                         f"{b}[:6].reshape(2, 3)"])
        dims = [2, 3] if "2, 3" in made else [3, 3]
    n = gen.rng.randint(1, 5)
    parts = []
    for d in dims:
        # mostly in bounds; sometimes negative or one past the end (IndexError)
        lo, hi = (-d, d - 1) if gen.rng.random() < 0.9 else (-d - 1, d)
        r = gen.rng.random()
        if r < 0.15:
            parts.append(str(gen.rng.randint(lo, hi)))
        elif r < 0.25:
            parts.append(_index_list(gen, 1, lo, hi))
        else:
            parts.append(_index_list(gen, n, lo, hi))
    if not any(p.startswith("[") for p in parts):
        parts[0] = _index_list(gen, n, -dims[0], dims[0] - 1)
    p = gen.fresh("p")
    use = gen.pick([f"float({p}.sum())", f"float(np.max({p}))", f"float({p}[0])",
                    f"float(({p} * 2).sum()) + len({p})", f"float(np.mean({p}))"])
    return [f"{indent}{w} = {made}", f"{indent}{p} = {w}[{', '.join(parts)}]",
            f"{indent}{x} = {use}"]


def _shape_name(gen, b, indent, x):
    w, s = gen.fresh("w"), gen.fresh("s")
    made = gen.pick([f"{b}.reshape(3, 3)", f"{b}[:6].reshape(2, 3)", f"np.zeros((3, 3)) + {b}[0]"])
    use = gen.pick([f"float({s}[0] * {s}[1]) + {w}[{s}[0] - 1, 0]",
                    f"float(np.ones(({s}[0], {s}[1])).sum()) - {w}[0, {s}[1] - 1]",
                    f"float(len({s}) + {s}[-1])"])
    lines = [f"{indent}{w} = {made}", f"{indent}{s} = {w}.shape"]
    if gen.rng.random() < 0.4:
        h, k = gen.fresh("h"), gen.fresh("k")
        lines.append(f"{indent}{h}, {k} = {s}")
        use = f"{use} + float({h} - 2 * {k})"
    return lines + [f"{indent}{x} = {use}"]


def _indices(gen, b, indent, x):
    w, yy, xx = gen.fresh("w"), gen.fresh("yy"), gen.fresh("xx")
    made = gen.pick([f"{b}.reshape(3, 3)", f"{b}[:6].reshape(2, 3)", "np.zeros((2, 4))"])
    use = gen.pick([f"float(({w} * ({yy} - {xx})).sum())",
                    f"float({w}[({yy} - 1) ** 2 + ({xx} - 1) ** 2 <= 1].sum())",
                    f"float({yy}.sum() * 10 + {xx}.max())"])
    return [f"{indent}{w} = {made}", f"{indent}{yy}, {xx} = np.indices({w}.shape)",
            f"{indent}{x} = {use}"]


def picks_stmt(gen, scope, indent):
    b = gen.buf
    x = gen.fresh("x")
    scope.types[x] = "float"
    scope.assigned.add(x)
    form = gen.rng.randrange(4)
    if form == 3:
        return _shape_name(gen, b, indent, x)
    if form == 2:
        return _indices(gen, b, indent, x)
    return _picks(gen, b, indent, x)

"""gen_byref.py - the LLCC_DIFFTEST_BYREF focus of gen.py.

byref_stmt writes one statement block of the filter that hands a set or a
dict (plain, defaultdict(int), Counter, tuple keys, dict of lists) to a
module-level helper which adds to it, sometimes recursively (the visited-set
idiom), sometimes with a None default, with |= or a rebinding of its
parameter; or that takes a set, a dict or a list of tuples a helper returns
and iterates it (for, zip, enumerate, comprehensions). The helpers go into
Generator.list_helpers, emitted only where their call survived.
"""


def _key(gen, v):
    return gen.pick([f"int({v} * {gen.rng.randint(1, 5)})", f"round({v} * 2)",
                     f"int({v}) % {gen.rng.randint(2, 4)}", f"({v} > 0.5)"])


def byref_stmt(gen, scope, indent):
    """One byref form; the float it computes is assigned to a new name."""
    b, x = gen.buf, gen.fresh("x")
    h, s, v, i = gen.fresh("br_h"), gen.fresh("brs"), gen.fresh("brv"), gen.fresh("bri")
    scope.types[x] = "float"
    scope.assigned.add(x)
    # A KeyError (form 8) ends the whole program: rare, so that most
    # programs reach their values.
    form = gen.rng.randrange(10) if gen.chance(0.95) else 8
    if form == 9:  # Counter arithmetic
        op = gen.pick(["+", "-", "|", "&"])
        c2 = gen.fresh("brc")
        gen.list_helpers[h] = [f"def {h}(c, k):", "    return c[k]"]
        return [f"{indent}{s} = Counter({_key(gen, v)} for {v} in {b})",
                f"{indent}{c2} = Counter({_key(gen, v)} for {v} in {b}[::-1][:{gen.rng.randint(1, 6)}])",
                f"{indent}{s} = {s} {op} {c2}" if gen.chance(0.3) else f"{indent}{i} = {s} {op} {c2}",
                f"{indent}{x} = float(len({s} {op} {c2}) * 100 + sum(k * n for k, n in ({s} {op} {c2}).items())"
                f" + {h}({s} {op} {c2}, {gen.rng.randint(0, 3)}))"]
    t = gen.pick(["0.2", "0.5", "-1.0", "0.0", "1.5"])
    if form == 0:  # the recursive visited set
        s1, s2 = gen.rng.randint(1, 3), gen.rng.randint(1, 4)
        gen.list_helpers[h] = [
            f"def {h}(xs, i, seen):",
            f"    if i in seen or i >= len(xs) or xs[i] <= {t}:",
            "        return 0",
            "    seen.add(i)",
            f"    return 1 + {h}(xs, i + {s1}, seen) + {h}(xs, i + {s2}, seen)"]
        start = gen.rng.randint(0, 3)
        if gen.chance(0.5):
            return [f"{indent}{x} = float({h}({b}, {start}, set()))"]
        return [f"{indent}{s} = {{{gen.rng.randint(0, 4)}}}",
                f"{indent}{x} = float({h}({b}, {start}, {s}) * 100 + len({s}) + sum({s}))"]
    if form == 1:  # the same with a None default
        gen.list_helpers[h] = [
            f"def {h}(xs, i, seen=None):",
            "    if seen is None:",
            "        seen = set()",
            f"    if i in seen or i >= len(xs) or xs[i] < {t}:",
            "        return len(seen)",
            "    seen.add(i)",
            f"    return {h}(xs, i + {gen.rng.randint(1, 3)}, seen)"]
        return [f"{indent}{x} = float({h}({b}, {gen.rng.randint(0, 2)}) + {h}({b}, 1, None))"]
    if form == 2:  # a tally in a dict of some flavour
        flavour = gen.pick(["{}", "defaultdict(int)", "Counter()", "defaultdict(float)"])
        upd = (f"d[k] = d.get(k, 0) + w" if flavour == "{}" else "d[k] += w")
        gen.list_helpers[h] = [f"def {h}(d, k, w):", f"    {upd}", "    return len(d)"]
        w = gen.pick(["1", v, f"{v} * 2", "0.5"])
        reads = [f"len({s})", f"max({s}.values(), default=-2)", f"sum({s}.values())",
                 f"{s}.get({gen.rng.randint(0, 3)}, -1)",
                 f"sum(k * n for k, n in {s}.items())"]
        if flavour != "{}":
            reads.append(f"{s}[{gen.rng.randint(0, 3)}]")
        return [f"{indent}{s} = {flavour}",
                f"{indent}{i} = 0",
                f"{indent}for {v} in {b}:",
                f"{indent}    {i} += {h}({s}, {_key(gen, v)}, {w})",
                f"{indent}{x} = float({i} + {gen.pick(reads)})"]
    if form == 3:  # tuple keys and a dict of lists
        if gen.chance(0.5):
            gen.list_helpers[h] = [f"def {h}(seen, a, c):", "    seen.add((a, c))",
                                   "    return (c, a) in seen"]
            return [f"{indent}{s} = set()",
                    f"{indent}{i} = 0",
                    f"{indent}for {v} in {b}:",
                    f"{indent}    {i} += {h}({s}, {_key(gen, v)}, {_key(gen, v)})",
                    f"{indent}{x} = float({i} * 10 + len({s}))"]
        gen.list_helpers[h] = [f"def {h}(g, k, w):", "    g[k].append(w)"]
        g = gen.fresh("brg")
        return [f"{indent}{s} = defaultdict(list)",
                f"{indent}for {v} in {b}:",
                f"{indent}    {h}({s}, {_key(gen, v)}, {v})",
                f"{indent}{x} = 0.0",
                f"{indent}for {i}, {g} in {s}.items():",
                f"{indent}    {x} += {i} * len({g}) + max({g}, default=0.5)"]
    if form == 4:  # a set returned, then changed by the caller
        gen.list_helpers[h] = [f"def {h}(xs):", "    s = set()", "    for w in xs:",
                               f"        if w > {t}:", f"            s.add({_key(gen, 'w')})",
                               "    return s"]
        read = gen.pick([f"len({s})", f"sum({s})", f"max({s}, default=-1)",
                         f"({gen.rng.randint(0, 3)} in {s})"])
        if gen.chance(0.3):
            return [f"{indent}{x} = float(len({h}({b})) + sum({h}({b}[::2])))"]
        return [f"{indent}{s} = {h}({b})", f"{indent}{s}.add({gen.rng.randint(0, 9)})",
                f"{indent}{x} = float({read} + len({s}))"]
    if form == 5:  # a dict returned
        gen.list_helpers[h] = [f"def {h}(xs):", "    d = {}", "    for w in xs:",
                               f"        k = {_key(gen, 'w')}",
                               "        d[k] = d.get(k, 0.0) + w", "    return d"]
        probe = gen.rng.randint(0, 3)
        read = gen.pick([f"{s}.get({probe}, 0.5)", f"len({s})", f"{s}.get({probe}, -1.0)",
                         f"sum(k * w for k, w in {s}.items())",
                         f"min({s}.values(), default=2.0)"] + ([f"{s}[{probe}]"] if gen.chance(0.2) else []))
        return [f"{indent}{s} = {h}({b})", f"{indent}{x} = float({read})"]
    if form == 6:  # a list of tuples returned and iterated
        r = gen.pick(["(-1, 0, 1)", "(0, 1)", "range(3)", "(1, -1)"])
        if gen.chance(0.5):
            gen.list_helpers[h] = [f"def {h}():",
                                   f"    return [(dy, dx) for dy in {r} for dx in {r}]"]
        else:
            gen.list_helpers[h] = [f"def {h}(xs):",
                                   "    return sorted([(w, j) for j, w in enumerate(xs)])"]
        call = f"{h}()" if gen.list_helpers[h][0].endswith("():") else f"{h}({b})"
        use = gen.rng.randrange(3)
        if use == 0:
            return [f"{indent}{x} = 0.0", f"{indent}for (p, q), {v} in zip({call}, {b}):",
                    f"{indent}    {x} += p * {v} - q"]
        if use == 1:
            return [f"{indent}{x} = 0.0", f"{indent}for {i}, (p, q) in enumerate({call}):",
                    f"{indent}    {x} += {i} * p + q"]
        return [f"{indent}{s} = {call}",
                f"{indent}{x} = float(sum(p - q for p, q in {s}) + len({s}))"]
    if form == 7:  # |= and a rebound parameter
        gen.list_helpers[h] = [f"def {h}(s, xs):",
                               f"    s |= {{{_key(gen, 'w')} for w in xs}}",
                               "    n = len(s)"] + (
            ["    s = set()", "    s.add(-5)"] if gen.chance(0.5) else []) + [
                "    return n + len(s)"]
        return [f"{indent}{s} = {{{gen.rng.randint(0, 3)}, 7}}",
                f"{indent}{x} = float({h}({s}, {b}) * 100 + len({s}) + sum({s}))"]
    # form 8: a KeyError raised in the helper on the caller's dict
    gen.list_helpers[h] = [f"def {h}(d, k):", "    return d[k]"]
    return [f"{indent}{s} = {{0: 1.5, 1: -2.0}}",
            f"{indent}{x} = float({h}({s}, {_key(gen, b + '[0]')}))"]

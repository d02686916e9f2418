"""gen_setkinds.py - the LLCC_DIFFTEST_SETKINDS focus of gen.py.

setkinds_stmt writes one block that fills a set or a dict whose keys are
either all Python numbers (int(v), round(v), float(v), an index) or all
numpy scalars (the window's own elements), then takes a key back out
(min, max, sorted(...)[0], max(d, key=d.get), a loop over the keys, the
keys of d.items(), most_common) and divides by it or takes it modulo, so
that a zero key is CPython's ZeroDivisionError for a Python number and
numpy's inf, nan or 0 for a numpy scalar. llcc must know which kind each
container holds (frontend Shape::keysMayBeNumpy).
"""


def _element(gen, v, python):
    if python:
        return gen.pick([f"int({v})", f"round({v})", f"float({v})", f"int({v} * 2) % 3",
                         f"abs(int({v}))"])
    return gen.pick([f"{v}", f"{v} * 2", f"-{v}", f"abs({v})"])


def setkinds_stmt(gen, scope, indent):
    """One set/dict key-kind form; the float it computes goes to a new name."""
    # NaN keys are left out: CPython hashes a NaN by its address, so where
    # it sits in a set (and so min/max of one) varies from run to run
    # (docs/language.md); the window without them is the buffer here.
    x, b = gen.fresh("x"), gen.fresh("skb")
    clean = f"{indent}{b} = {gen.buf}[{gen.buf} == {gen.buf}]"
    c, v, i, k, acc = (gen.fresh("skc"), gen.fresh("skv"), gen.fresh("ski"), gen.fresh("skk"),
                       gen.fresh("ska"))
    scope.types[x] = "float"
    scope.assigned.add(x)
    python = gen.chance(0.6)
    e = _element(gen, v, python)
    is_dict = gen.chance(0.45)
    if is_dict:
        form = gen.rng.randrange(5)
        if form == 0:
            build = [f"{indent}{c} = {{}}", f"{indent}for {v} in {b}:",
                     f"{indent}    {k} = {e}", f"{indent}    {c}[{k}] = {c}.get({k}, 0) + 1"]
        elif form == 1:
            build = [f"{indent}{c} = Counter({e} for {v} in {b})"]
        elif form == 2:
            build = [f"{indent}{c} = {{{e}: {i} for {i}, {v} in enumerate({b})}}"]
        elif form == 3:
            build = [f"{indent}{c} = defaultdict(int)", f"{indent}for {v} in {b}:",
                     f"{indent}    {c}[{e}] += 1"]
        else:
            build = [f"{indent}{c} = {{}}", f"{indent}for {v} in {b}:",
                     f"{indent}    {c}.setdefault({e}, 0.5)"]
    else:
        form = gen.rng.randrange(5)
        if form == 0:
            build = [f"{indent}{c} = set()", f"{indent}for {v} in {b}:",
                     f"{indent}    {c}.add({e})"]
        elif form == 1:
            build = [f"{indent}{c} = {{{e} for {v} in {b}}}"]
        elif form == 2:
            build = [f"{indent}{c} = set({e} for {v} in {b})"]
        elif form == 3:
            e0 = e.replace(v, f"{b}[0]")
            e1 = e.replace(v, f"{b}[-1]")
            build = [f"{indent}{c} = {{{e0}, {e1}}}"]
        else:
            o = gen.fresh("sko")
            build = [f"{indent}{o} = set({e} for {v} in {b}[::2])",
                     f"{indent}{c} = {o} | {{{e} for {v} in {b}[1::2]}}"]
    reads = [f"min({c})", f"max({c})", f"sorted({c})[0]", f"sorted({c}, reverse=True)[-1]"]
    if is_dict:
        reads += [f"max({c}, key={c}.get)", f"min({c}.keys())"]
        if form == 1:
            reads.append(f"{c}.most_common(1)[0][0]")
    r = gen.pick(reads)
    off = gen.pick(["0", "1", "2", "-1"])
    use = gen.pick([f"1.0 / ({r} - {off})", f"float(7 // ({r} - {off}))",
                    f"float(5 % ({r} - {off}))", f"1.5 / ({r} - {off})"])
    lines = [clean] + build + [f"{indent}if len({c}) > 0:"]
    if gen.chance(0.3):
        # a loop over the keys (or d.items()) dividing by each
        items = is_dict and gen.chance(0.5)
        head = (f"for {k}, {i} in {c}.items():" if items else f"for {k} in {c}:")
        lines += [f"{indent}    {acc} = 0.0", f"{indent}    {head}",
                  f"{indent}        {acc} += 1.0 / ({k} - {off})",
                  f"{indent}    {x} = float({acc})"]
    else:
        lines.append(f"{indent}    {x} = float({use})")
    lines += [f"{indent}else:", f"{indent}    {x} = 0.0"]
    return lines

"""gen_closures.py - the LLCC_DIFFTEST_CLOSURES focus of gen.py.

closures_program writes a whole program whose filter keeps numbers (ints,
floats, bools) in its locals and changes them from nested defs declaring
them `nonlocal`: counters and running values updated in a loop over the
window, helpers returning a value too (called as statements, assigned,
added, returned or tested), a second helper calling the first, a def nested
two deep, a recursive walk over the window; or (factory_program) a
factory returning a lambda or a nested def that the filter binds to a name
and calls, passes as key=, or rebuilds in a loop, with late binding and a
nonlocal counter closure. It draws from its own random.Random, so a focus
of 0 leaves gen.py's stream as it was.
"""
import random

INT_UPDATES = ["{n} += 1", "{n} += int({v} > {t})", "{n} = max({n}, int({v} * 10))",
               "{n} -= 1", "{n} = {n} * 2 % 17", "{n} += round({v} * 3)"]
FLOAT_UPDATES = ["{n} += {v}", "{n} = max({n}, {v})", "{n} = {n} * 0.5 + {v}",
                 "{n} -= abs({v} - {t})", "{n} = min({n}, {v} * 2.0)",
                 "{n} += math.sqrt(abs({v}))", "{n} = {n} / ({v} + 2.0)"]
BOOL_UPDATES = ["{n} = {v} > {t}", "{n} = {n} or {v} < {t}", "{n} = not {n}",
                "{n} = {n} and {v} != {t}"]
UPDATES = {"int": INT_UPDATES, "float": FLOAT_UPDATES, "bool": BOOL_UPDATES}
INITIAL = {"int": ["0", "1", "-3"], "float": ["0.0", "-1.5", "math.inf", "2.25"],
           "bool": ["False", "True"]}
VALUES = ["{v} * 2.0", "{v} - {t}", "abs({v})", "{v} + {n}", "float({n}) * 0.5", "{v}"]


def _update(rng, kinds, names, v, indent):
    i = rng.randrange(len(names))
    t = rng.choice(["0.5", "0.2", "0.8", "1.0"])
    line = rng.choice(UPDATES[kinds[i]]).format(n=names[i], v=v, t=t)
    if rng.random() < 0.3:
        return [f"{indent}if {v} > {t}:", f"{indent}    {line}"]
    return [f"{indent}{line}"]


FACTORY_EXPRS = ["x * a + b", "abs(x - a) * b", "math.exp(-x * x / (2 * a * a + 1.0))",
                 "max(x, a) - b", "(x if x > a else b)", "x * c - a", "round(x * b, 2) + c"]


def factory_program(rng):
    """A factory of one of four shapes, bound and used by the filter."""
    shape = rng.choice(["lambda", "def", "named", "counter"])
    expr = rng.choice(FACTORY_EXPRS)
    lines = ["import math", "", "", "def make(a, b=0.5):", "    c = a * 2 + b"]
    if shape == "lambda":
        lines.append(f"    return lambda x: {expr}")
    elif shape == "def":
        lines += ["    def f(x, pad=0.0):", f"        return {expr} + pad", "    return f"]
    elif shape == "named":
        lines += [f"    g = lambda x: {expr}", "    a = a + 1.0", "    return g"]
    else:
        lines += ["    n = a", "    def inc(x):", "        nonlocal n",
                  f"        n += {rng.choice(['x', 'abs(x)', '1', 'x * b'])}",
                  "        return n", "    return inc"]
    lines += ["", "", "def f(values):"]
    arg = rng.choice(["0.5", "values[4]", "2.0", "values[0] - 1.0", "-1.5"])
    second = rng.choice(["", ", 0.25", ", b=values[1]", ", -2.0"])
    # A counter closure assigns the factory's variable: llcc calls it only
    # where it is written, never as key= (a documented compile error).
    use = rng.choice([0, 3, 4] if shape == "counter" else [0, 1, 2, 3, 4])
    if use == 0:
        lines += [f"    w = make({arg}{second})", "    acc = 0.0", "    for v in values:",
                  "        acc += w(v)", "    return acc"]
    elif use == 1:
        fn = rng.choice(["min", "max"])
        lines += [f"    w = make({arg}{second})", f"    return {fn}(values, key=w)"]
    elif use == 2:
        lines += ["    c = values[4]", f"    s = sorted(values, key=make(c{second}))",
                  "    return s[0] * 10.0 + s[-1]"]
    elif use == 3:
        lines += ["    acc = 0.0", "    for i in range(3):",
                  f"        h = make(values[i]{second})", "        acc += h(values[i + 3])",
                  "    return acc"]
    else:
        lines += [f"    w = make({arg}{second})", "    t = w(values[0])",
                  "    return t + w(values[8]) * 2.0"]
    return "\n".join(lines) + "\n"


def closures_program(seed):
    rng = random.Random(seed * 31 + 7)
    if rng.random() < 0.35:
        return factory_program(rng)
    count = rng.randint(1, 3)
    kinds = [rng.choice(["int", "float", "float", "bool"]) for _ in range(count)]
    names = [f"{k[0]}{i}" for i, k in enumerate(kinds)]
    lines = ["import math", "", "", "def f(values):"]
    for k, n in zip(kinds, names):
        lines.append(f"    {n} = {rng.choice(INITIAL[k])}")
    valued = rng.random() < 0.4
    declared = [n for n in names if rng.random() < 0.8] or names[:1]
    form = rng.randrange(4)  # 0 plain, 1 nested two deep, 2 sibling, 3 recursive
    body = [f"        nonlocal {', '.join(declared)}"]
    for _ in range(rng.randint(1, 3)):
        dk = [kinds[names.index(n)] for n in declared]
        body += _update(rng, dk, declared, "v", "        ")
    if valued:
        t = rng.choice(["0.5", "0.3"])
        value = rng.choice(VALUES).format(v="v", t=t, n=declared[0])
        if rng.random() < 0.3:
            body += [f"        if v < {t}:", f"            return {value} + 1.0"]
        body.append(f"        return {value}")
    if form == 3:
        lines += ["    def walk(i):", "        if i >= len(values):",
                  "            return 0.0" if valued else "            return",
                  "        v = values[i]"]
        lines += body
        # the recursive call before the final return
        at = len(lines) - 1 if valued else len(lines)
        lines.insert(at, "        walk(i + 1)" if rng.random() < 0.5
                     else "        r = walk(i + 1)" if valued else "        walk(i + 1)")
        lines += ["", "    walk(0)"]
    else:
        lines.append("    def step(v):")
        lines += body
        call = "step"
        if form == 1:
            lines += ["", "    def twice(v):", "        def inner(w):",
                      "            step(w)" if not valued else "            return step(w)",
                      "", "        inner(v)" if not valued else "        r = inner(v)",
                      "        inner(v * 0.5)" if not valued else "        return r + inner(v * 0.5)"]
            call = "twice"
        elif form == 2:
            lines += ["", "    def both(v):", f"        {'r = ' if valued else ''}step(v)",
                      f"        {'r += ' if valued else ''}step(-v)" if valued else "        step(-v)"]
            if valued:
                lines.append("        return r")
            call = "both"
        lines.append("")
        use = rng.randrange(4) if valued else 0
        lines.append("    acc = 0.0")
        lines.append("    for v in values:")
        if use == 0:
            lines.append(f"        {call}(v)")
        elif use == 1:
            lines.append(f"        acc += {call}(v)")
        elif use == 2:
            lines += [f"        x = {call}(v)", "        acc = acc + x * 0.5"]
        else:
            lines += [f"        if {call}(v):", "            acc += 1.0"]
    parts = [f"float({n})" for n in names]
    if form != 3:
        parts.append("acc")
    lines.append(f"    return {' + '.join(parts)}")
    return "\n".join(lines) + "\n"

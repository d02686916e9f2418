"""gen_records.py - the LLCC_DIFFTEST_RECORDS focus of gen.py.

records_constants defines, at module level, namedtuples (collections'
functional form with a str or list of fields and defaults=, or a
typing.NamedTuple class with defaults) and classes of float constants
(`class K:` whose later constants read earlier ones); records_stmt makes a
namedtuple of the window's values (positionally, by keyword in any order,
leaving defaulted fields out) and reads it into a new float: a field, an
index, len, unpacking, iteration, _replace, ==, a list of them sorted or
maxed by a field, a helper-free lambda key, or a class constant.
"""


def records_constants(gen):
    """Module-level lines; the records go to gen.rec_types (name -> (fields, defaults))."""
    lines = []
    if not gen.rec_imported:
        lines += ["from collections import namedtuple", "from typing import NamedTuple"]
        gen.rec_imported = True
    name = gen.fresh("Rec")
    n = gen.rng.randint(1, 4)
    fields = [gen.fresh("fld") for _ in range(n)]
    nd = gen.rng.randint(0, n)
    defaults = [gen.pick(["0.5", "-1.0", "2", "3.25", "True"]) for _ in range(nd)]
    form = gen.pick(["str", "comma", "list", "class"])
    if form == "class":
        lines += ["", "", f"class {name}(NamedTuple):"]
        if gen.chance(0.3):
            lines.append('    """A record."""')
        for i, f in enumerate(fields):
            k = i - (n - nd)
            lines.append(f"    {f}: float" + (f" = {defaults[k]}" if k >= 0 else ""))
        lines += ["", ""]
    else:
        spec = {"str": '"' + " ".join(fields) + '"', "comma": '"' + ", ".join(fields) + '"',
                "list": "[" + ", ".join(f'"{f}"' for f in fields) + "]"}[form]
        tail = f", defaults=[{', '.join(defaults)}]" if nd else ""
        lines.append(f'{name} = namedtuple("{name}", {spec}{tail})')
    gen.rec_types[name] = (fields, nd)
    if gen.chance(0.5):
        cls = gen.fresh("Kc")
        a, c = gen.fresh("CA"), gen.fresh("CB")
        lines += ["", "", f"class {cls}:", f"    {a} = {gen.pick(['1.5', '-0.25', '3', '2.0'])}",
                  f"    {c} = {a} * {gen.pick(['2', '0.5', '-3.0'])} + 1", ""]
        gen.rec_consts += [f"{cls}.{a}", f"{cls}.{c}"]
        lines.append("")
    return lines


def _make(gen, name, b):
    """A call of the record: (text, members as texts)."""
    fields, nd = gen.rec_types[name]
    n = len(fields)
    vals = [gen.pick([f"{b}[0]", f"{b}[-1]", f"{b}[0] * 2.0", "1.5", f"-{b}[-1]",
                      f"float(len({b}))"]) for _ in range(n)]
    keep = n - gen.rng.randint(0, nd)  # leave some defaulted fields out
    style = gen.pick(["pos", "kw", "mixed"])
    if style == "pos":
        args = vals[:keep]
    elif style == "kw":
        order = list(range(keep))
        gen.rng.shuffle(order)
        args = [f"{fields[i]}={vals[i]}" for i in order]
    else:
        k = gen.rng.randint(0, keep)
        args = vals[:k] + [f"{fields[i]}={vals[i]}" for i in range(k, keep)]
    return f"{name}({', '.join(args)})"


def records_stmt(gen, scope, indent):
    """One use of a namedtuple or class constant into a new float."""
    b, x = gen.buf, gen.fresh("x")
    names = sorted(gen.rec_types)
    lines = []
    if not names:
        lines.append(f"{indent}{x} = float(len({b}))")
    else:
        name = gen.pick(names)
        fields, nd = gen.rec_types[name]
        n = len(fields)
        r = gen.fresh("rv")
        lines.append(f"{indent}{r} = {_make(gen, name, b)}")
        f = gen.pick(fields)
        k = gen.rng.randint(-n, n - 1)
        form = gen.rng.randint(0, 8)
        if form == 0:
            use = f"float({r}.{f}) + {r}[{k}] * 0.5"
        elif form == 1:
            us = [gen.fresh("ru") for _ in range(n)]
            lines.append(f"{indent}{', '.join(us)}{',' if n == 1 else ''} = {r}")
            use = f"float({' + '.join(us)})"
        elif form == 2:
            w = gen.fresh("rw")
            lines += [f"{indent}{x} = float(len({r}))", f"{indent}for {w} in {r}:",
                      f"{indent}    {x} = {x} * 0.5 + {w}"]
            use = None
        elif form == 3:
            r2 = gen.fresh("rv")
            lines.append(f"{indent}{r2} = {r}._replace({f}={b}[-1] * 3.0)")
            use = f"float({r2}.{f} - {r}.{f}) + float({r2} == {r}) + sum({r2})"
        elif form == 4:
            ps = gen.fresh("rl")
            q = gen.fresh("rq")
            lines.append(f"{indent}{ps} = [{name}({', '.join(['u * 0.5'] * n)}) for u in {b}]")
            key = gen.pick([f"lambda {q}: {q}.{f}", f"lambda {q}: -{q}[{k}]"])
            pick = gen.pick([f"sorted({ps}, key={key})[0]", f"max({ps}, key={key})",
                             f"min({ps}, key={key})", f"sorted({ps})[-1]"])
            use = f"float({pick}.{f}) if {ps} else 0.25"
        elif form == 5:
            use = f"float({r} == {_make(gen, name, b)}) + float({r} != {r}) + len({r})"
        elif form == 6:
            use = f"float(sum({r}) * 0.5 - max({r}))"
        else:
            use = f"float({r}.{fields[-1]}) * float({r}.{fields[0]})"
        if use is not None:
            lines.append(f"{indent}{x} = {use}")
    if gen.rec_consts and gen.chance(0.4):
        lines.append(f"{indent}{x} = {x} + {gen.pick(gen.rec_consts)}")
    scope.types[x] = "float"
    scope.assigned.add(x)
    return lines

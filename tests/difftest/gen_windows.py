"""gen_windows.py - the LLCC_DIFFTEST_WINDOWS focus of gen.py.

numpy's window functions np.hanning, np.hamming, np.bartlett, np.blackman
and np.kaiser of a length known only at run time (the buffer's length,
values of the buffer made ints, edge lengths 0, 1, 2 and negative ones,
float lengths), kaiser's beta of the buffer too (0, negative, NaN), and
numpy's own np.i0 of numbers and of the buffer (stdlib/windows.flt). Every
form assigns a float to a new name the rest of the body may read.
"""


def windows_stmt(gen, scope, indent):
    b = gen.buf
    x, w = gen.fresh("x"), gen.fresh("w")
    scope.types[x] = "float"
    scope.assigned.add(x)
    m = gen.pick([f"len({b})", f"len({b}) - 2", f"len({b}) + 3", f"int(abs({b}[0]) * 6) % 9",
                  "0", "1", "2", "-3", f"len({b}) + 0.5", f"len({b}) / 4", "2.5", "1.0"])
    fn = gen.pick(["hanning", "hamming", "bartlett", "blackman", "kaiser"])
    if fn == "kaiser":
        beta = gen.pick(["0", "2.5", "-3.0", "14", f"{b}[1] * 10.0", "8.6", f"float({b}[2])"])
        made = f"np.kaiser({m}, {beta})"
    else:
        made = f"np.{fn}({m})"
    use = gen.pick([f"float({w}.sum()) + len({w})",
                    f"float({w}[len({w}) // 2]) if len({w}) else -1.0",
                    f"float(np.dot({w}[:len({b})], {b}[:len({w})]))",
                    f"float(np.max({w})) if len({w}) else 0.5",
                    f"float(np.i0({b}[0] * 5.0)) + float(np.i0({w}).sum())",
                    f"float(np.sum(np.i0({b} * 3.0) * {b}))"])
    return [f"{indent}{w} = {made}", f"{indent}{x} = {use}"]

"""The table of math and numpy names in docs/language.md is the compiler's.

`llcc --list-builtins` prints every builtin the compiler's table
(frontend/Builtins.cpp, frontend/BuiltinsLibrary.cpp) holds, with its
parameters; the documentation's "Every supported name" table must list
exactly the same math and numpy names with the same parameters, so adding
a name to one without the other fails here. Each listed function also
compiles when called as the table says.
"""
import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "language.md"


def documented():
    text = DOC.read_text(encoding="utf-8")
    body = text.split("<!-- names-table-begin", 1)[1].split("<!-- names-table-end -->", 1)[0]
    return [m.group(1) for m in re.finditer(r"^\| `([^`]+)` \|", body, re.MULTILINE)]


def listed(llcc):
    out = subprocess.run([str(llcc), "--list-builtins"], capture_output=True, text=True,
                         check=True).stdout
    return [line for line in out.splitlines()
            if line.startswith(("math.", "numpy.", "scipy.", "statistics."))]


def test_docs_table_matches_the_compiler(llcc):
    docs, compiler = documented(), listed(llcc)
    assert len(docs) == len(set(docs)), "a name is listed twice in docs/language.md"
    missing = sorted(set(compiler) - set(docs))
    extra = sorted(set(docs) - set(compiler))
    assert not missing, f"in llcc --list-builtins but not in docs/language.md: {missing}"
    assert not extra, f"in docs/language.md but not in llcc --list-builtins: {extra}"


def test_list_builtins_takes_no_input(llcc, tmp_path):
    (tmp_path / "ok.flt").write_text("def f(values):\n    return values[0]\n")
    proc = subprocess.run([str(llcc), "--list-builtins", str(tmp_path / "ok.flt")],
                          capture_output=True, text=True)
    assert proc.returncode == 2


# Arguments of the right kinds for each parameter name the table uses.
ARGUMENTS = {
    "x": "values[0]", "y": "values[1]", "x1": "values[0]", "x2": "values[1]",
    "a": "values", "b": "values", "v": "values[0]", "q": "50.0", "n": "3", "k": "2",
    "m": "values", "ar": "values", "p": "values", "xp": "np.sort(values)", "fp": "values",
    "bins": "np.sort(values)", "shift": "1", "kth": "1", "iterable": "values",
    "arrays": "(values, values)", "start": "0.0", "stop": "1.0", "condition": "values > 0",
    "a_min": "0.0", "a_max": "1.0", "fill_value": "2.0", "newshape": "(3, 3)", "arr": "values",
    "obj": "1", "data": "values", "pk": "values", "delta": "values[0]", "r": "values[1]",
    "ary": "values", "keys": "(values, values[::-1])", "f_obs": "values",
}


@pytest.mark.parametrize("entry", documented())
def test_each_documented_function_compiles(llcc, tmp_path, entry):
    if "(" not in entry:
        name = call = entry  # a constant
    else:
        name, params = entry[:-1].split("(", 1)
        args = []
        for p in (p.strip() for p in params.split(",")):
            if not p or p == "*" or "=" in p:
                continue
            args.append(ARGUMENTS.get(p, "values[0]"))
        if name in ("math.factorial", "math.comb", "math.gcd", "math.lcm"):
            args = ["3", "2"][:len(args)]
        if name.endswith(".isclose") or name in ("scipy.special.beta", "scipy.special.betaln",
                                                 "scipy.special.gammainc",
                                                 "scipy.special.gammaincc"):
            # of two numbers
            args = ["values[0]", "values[1]"]
        if name == "numpy.linalg.eigvalsh":  # of a 2 x 2 matrix
            args = ["values.reshape(3, 3)[:2, :2]"]
        if name == "numpy.linalg.eigh":  # one part of the pair, of a 2 x 2 matrix
            args = ["values.reshape(3, 3)[:2, :2]"]
        if name in ("numpy.linalg.det", "numpy.linalg.slogdet", "numpy.linalg.inv"):
            args = ["values.reshape(3, 3)"]  # of a square matrix of a known order
        if name == "numpy.cross":  # of two 3-vectors
            args = ["values[:3]", "values[3:6]"]
        if name == "numpy.linalg.solve":
            args = ["values.reshape(3, 3)", "values[:3]"]
        if name == "numpy.outer":  # of rows or columns of windows (known lengths)
            args = ["values.reshape(3, 3)[0]", "values.reshape(3, 3)[:, 1]"]
        if name in ("numpy.stack", "numpy.vstack", "numpy.column_stack"):
            # 1-D arrays written out; rows of a window have a known length
            args = ["(values.reshape(3, 3)[0], values.reshape(3, 3)[2])"]
        if name == "numpy.bincount":  # of ints
            args = ["values.astype(np.int64)"]
        if name in ("numpy.linalg.norm", "numpy.gradient", "numpy.trapz", "scipy.stats.iqr",
                    "scipy.stats.median_abs_deviation"):
            args = ["values"]
        if name in ("numpy.convolve", "numpy.correlate"):  # of two vectors
            args = ["values", "values[:3]"]
        if name == "numpy.isin":
            args = ["values", "[0.0, 1.0]"]
        if name == "numpy.unravel_index":  # of one int index and a shape
            args = ["4", "(3, 3)"]
        if name == "numpy.corrcoef":  # of two vectors
            args = ["values", "values[::-1]"]
        if name in ("numpy.tile", "numpy.lib.stride_tricks.sliding_window_view"):
            args = ["values", "2"]  # a vector by an int
        if name == "statistics.correlation":  # of two data sequences
            args = ["values", "values[::-1]"]
        if name == "math.dist":  # of two points
            args = ["values[:3]", "values[3:6]"]
        call = f"{name}({', '.join(args)})"
    if name in ("numpy.histogram", "numpy.linalg.eigh"):  # a pair: one part at a time
        call += "[0]"
    call = call.replace("numpy.", "np.")
    src = tmp_path / "one.flt"
    src.write_text("import math\nimport statistics\n\nimport numpy as np\nimport scipy.special\n"
                   "import scipy.stats\n\n\ndef f(values):\n"
                   f"    r = {call}\n    return 1.0\n")
    proc = subprocess.run([str(llcc), "--check", str(src)], capture_output=True, text=True)
    assert proc.returncode == 0, (entry, proc.stderr)

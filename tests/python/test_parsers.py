"""The direct parser builds exactly the AST the ANTLR parser builds, and the
scanner gives exactly the ANTLR lexer's tokens.

llcc parses with its hand-written direct parser (frontend/Parser.cpp) and
falls back to the ANTLR parser + AstBuilder, the reference, whenever the
direct parser declines a program (any program on which the ANTLR path reports
something); its tokens come from the hand-written scanner
(frontend/Scanner.cpp), which falls back to the ANTLR lexer in the same way.
The hidden ``--parser=antlr|direct|auto`` option selects a path (antlr: the
ANTLR lexer and parser alone).

For every .flt and .py file of tests/, examples/, bench/ and stdlib/, every
example of docs/diagnostics.md, and generated difftest programs, this test
compares ``llcc --emit tokens`` and ``llcc --emit ast`` (standard output,
standard error and exit status) of the default path with the ANTLR path's; where the direct parser
accepts the program alone, its dump must be the same too. Valid programs
must not fall back at all: every generated program, and the benchmark's
20,000-statement function, is parsed by the direct parser alone.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import find_llcc

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "difftest"))
sys.path.insert(0, str(REPO / "tests" / "python"))

import gen  # noqa: E402  (tests/difftest/gen.py)
from test_catalog import EXAMPLES  # noqa: E402

GENERATED = 300
# CI's sanitizer stage (scripts/test.sh sets LLCC_SANITIZED=1) runs each
# llcc under ASan/UBSan, where starting the 160 MB instrumented binary
# dominates: four runs per file made these tests 30 minutes of its budget
# (bench/notes.md 2026-12-07). There every STRIDE-th file, example and
# program is checked (a fixed quarter, so a failure reproduces); the
# normal stage checks all of them.
STRIDE = 4 if os.environ.get("LLCC_SANITIZED") == "1" else 1


def emit_ast(source, parser, what="ast"):
    """(stdout, stderr, status) of `llcc --emit ast` (or `what`) on `source`
    (bytes)."""
    llcc = find_llcc()
    if llcc is None:
        pytest.skip("llcc binary not found")
    r = subprocess.run([llcc, "--emit", what, f"--parser={parser}", "--source-name", "prog.flt",
                        "-"], input=source, capture_output=True, timeout=60)
    return r.stdout, r.stderr, r.returncode


def repo_sources():
    files = []
    for folder in ("tests", "examples", "bench", "stdlib"):
        files += sorted((REPO / folder).rglob("*.flt")) + sorted((REPO / folder).rglob("*.py"))
    return files


def check_same(source, what, tokens=True):
    """Asserts that every path gives the ANTLR path's tokens and AST dump;
    returns whether the direct parser took the program alone."""
    if tokens:
        assert emit_ast(source, "auto", "tokens") == emit_ast(source, "antlr", "tokens"), (
            f"{what}: the scanner's tokens differ from the ANTLR lexer's")
    reference = emit_ast(source, "antlr")
    direct = emit_ast(source, "direct")
    if direct[2] == 1 and b"--parser=direct" in direct[1]:
        # Declined: the default path is then the ANTLR path itself.
        assert emit_ast(source, "auto") == reference, f"{what}: the default path differs"
        return False
    # Taken: the default path is the direct parser's.
    assert direct == reference, f"{what}: the direct parser differs from ANTLR"
    return True


def test_repository_files_parse_the_same():
    files = repo_sources()
    assert len(files) > 300
    files = files[::STRIDE]
    direct = sum(check_same(f.read_bytes(), str(f.relative_to(REPO))) for f in files)
    # Most of the repository is valid llcc (the rest are tests of errors and
    # Python test code): the direct parser must take most of it.
    assert direct > len(files) // 2, f"the direct parser took only {direct} of {len(files)} files"


def test_diagnostics_catalog_parses_the_same():
    assert len(EXAMPLES) > 100
    for anchor, _kind, source, _text in EXAMPLES[::STRIDE]:
        check_same(source, f"docs/diagnostics.md#{anchor}")


def test_generated_programs_take_the_direct_parser():
    for seed in range(0, GENERATED, STRIDE):
        source = gen.generate(seed)[0].encode("utf-8")
        # (The AST's names and locations cover the tokens of these programs.)
        assert check_same(source, f"difftest seed {seed}", tokens=False), (
            f"difftest seed {seed}: the direct parser declined a valid program")


def test_benchmark_program_takes_the_direct_parser():
    sys.path.insert(0, str(REPO / "bench"))
    import compile_scaling
    source = compile_scaling.program(20000).encode("utf-8")
    reference = emit_ast(source, "antlr")
    assert reference[2] == 0
    assert emit_ast(source, "direct") == reference


HOSTILE = [
    # Deep or long input: the direct parser must neither crash nor differ.
    "x = " + "(" * 199 + "1" + ")" * 199 + "\n",
    "x = " + "(" * 250 + "1" + ")" * 250 + "\n",
    "x = " + "-" * 199 + "1\n",
    "x = " + "not " * 300 + "1\n",
    "x = " + " + ".join(["1"] * 999) + "\n",
    "x = " + " + ".join(["1"] * 1001) + "\n",
    "x = " + " + ".join(["1"] * 50000) + "\n",
    "x = (" + " + ".join(["1"] * 50000) + ") + $\n",
    "x = a" + ".b" * 5000 + "\n",
    "x = 2" + " ** 2" * 300 + "\n",
    "def f(v):\n    if v[0]:\n        return 1\n" + "    elif v[0]:\n        return 2\n" * 1200,
    "def f(v):\n" + "".join("    " * (i + 1) + "if v[0]:\n" for i in range(150)) + "    " * 151 + "return 1\n",
    "x = [" + ", ".join(["-1"] * 3000) + "]\n",
    "x = f'{a!r:>8} {b=} {{c}} {d:{e}}'\n",
    "x = f'{a b}'\n",
    "x = f'{'\n",
    "x = 1 if 2\n",
    "def f(a, a): pass\n",
    "def f(a=1, b): pass\n",
    "f(a=1, a=2)\n",
    "f(a=1, 2)\n",
    "x = {1: 2, 3}\n",
    "from . import x\n",
    "import a.b as c, d\nfrom e import (f, g as h,)\n",
    "-9223372036854775808\n",
    "x = 0x_1F + 0o17 + 0b1_0 + 1_000.5e-3 + 99999999999999999999\n",
    "x = 1j\n",
    "lambda: 1\n",
    "x: float\n",
    "x = y = z\nf(x) = 1\n",
    "for x, in y: pass\n",
    "\tx = 1\n  y = 2\n",
    "x = '\\x41\\u00e9\\N{DASH}' b'x'\n",
    "x = 'abc\n",
    "a[1:2, ::3, :, 4:]\na[1,]\n",
    "def f(v):\n    def g(w):\n        def h(): return w\n        return h()\n    return g(v)\n",
    "@llcc.filter()\n@other(1, k=2)\ndef f(v): return v[0]\n",
    # Tokens the scanner leaves to the ANTLR lexer, and its edge cases.
    "def größe(v):\n    ｘ = v[0]\n    return ｘ\n",
    "x = 1.e5 + 1e+5 + .5 + 1. + 0.0 + 0 + 00 + 0_0 + 1_0 + 0e0 + 1E-3 + 10.25\n",
    "x = 1if y else 2\nz = 1.real\nw = 1..real\nq = 1e\n",
    "s = rb'a' + Rf'{x}' + \"\"\"b\nc\"\"\" + u'é' + BR\"x\" + fr'\\{y}' + 'q\\'' + '''a\\'b'''\n",
    "x = 1 + \\\n    2\ny = 'a\\\nb'\n",
    "x = 1 \\ 2\n",
    "x = $\ny = ?\nz = !a\n",
    "x = '''abc\n",
    "x = 'abc\ny = 2\n",
    "x = 1  # comment é\n\n\t\n   \n# only\ny = [1,\n 2]\n",
    "if x:\n\ty = 1\n        z = 2\n",
    "x = a<>b\ny = a->b\nz := 1\nw **= 2 ... 3 //= 4 >>= 5 <<= 6 != 7\n",
    "x = 1\r\ny = 2\rz = 3",
    "\ufeffx = 1\n",
]



@pytest.mark.parametrize("index", range(len(HOSTILE)))
def test_hostile_input_parses_the_same(index):
    check_same(HOSTILE[index].encode("utf-8"), f"hostile input {index}")

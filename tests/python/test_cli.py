"""Command-line behaviour of llcc: options, exit statuses, outputs, stdin.

Exit statuses: 0 success, 1 compile error (``path:line:col: error: msg``
followed by the source line and a caret), 2 usage or I/O error.
"""
import shutil

import numpy as np
import pytest

from conftest import (EXAMPLES_DIR, CompiledLibrary, FilterCase, apply_filter,
                      check_program, run_llcc)

FMIN = EXAMPLES_DIR / "fmin.flt"
ELF_MAGIC = b"\x7fELF"
BAD_SOURCE = "def f(values):\n    return foo + 1.0\n"   # 'foo' is at line 2, column 12


def output_text(proc, path):
    """What an --emit run produced: the -o file if written, else stdout."""
    return path.read_text() if path.exists() else proc.stdout


def test_version(llcc):
    proc = run_llcc(llcc, "--version")
    assert proc.returncode == 0, proc.stderr
    assert "llcc" in (proc.stdout + proc.stderr).lower()


def test_help(llcc):
    proc = run_llcc(llcc, "--help")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout + proc.stderr
    assert "usage" in text.lower()
    for option in ("-o", "--emit", "--check"):
        assert option in text, f"--help does not mention {option}"


def test_no_arguments_is_usage_error(llcc):
    proc = run_llcc(llcc)
    assert proc.returncode == 2
    assert proc.stderr.strip(), "no message for a missing input argument"


def test_unknown_option_is_usage_error(llcc, tmp_path):
    proc = run_llcc(llcc, FMIN, "--no-such-option", "-o", tmp_path / "x.so")
    assert proc.returncode == 2
    assert "--no-such-option" in proc.stderr


@pytest.mark.parametrize("args", [("--emit", "exe"), ("-O7",)], ids=["emit-exe", "O7"])
def test_invalid_option_value_is_usage_error(llcc, tmp_path, args):
    proc = run_llcc(llcc, FMIN, *args, "-o", tmp_path / "x.out")
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip()


def test_missing_input_file(llcc, tmp_path):
    missing = tmp_path / "does_not_exist.flt"
    proc = run_llcc(llcc, missing, "-o", tmp_path / "x.so")
    assert proc.returncode == 2
    assert "does_not_exist.flt" in proc.stderr
    assert not (tmp_path / "x.so").exists()


def test_output_into_missing_directory(llcc, tmp_path):
    out = tmp_path / "no" / "such" / "dir" / "fmin.so"
    proc = run_llcc(llcc, FMIN, "-o", out)
    assert proc.returncode == 2, proc.stderr
    assert "no/such/dir" in proc.stderr or str(out) in proc.stderr, (
        f"the message does not name the output path:\n{proc.stderr}")
    assert not out.parent.exists()


def test_check_valid_program_writes_nothing(llcc, tmp_path):
    source = tmp_path / "fmin.flt"
    shutil.copy(FMIN, source)
    proc = run_llcc(llcc, "--check", source.name, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fmin.flt"]


def test_check_invalid_program(llcc, tmp_path):
    source = tmp_path / "bad.flt"
    source.write_text(BAD_SOURCE)
    proc = run_llcc(llcc, "--check", source)
    assert proc.returncode == 1
    assert f"{source}:2:" in proc.stderr and "error:" in proc.stderr


def test_diagnostic_format(llcc, tmp_path):
    """path:line:col: error: message, then the source line, then a caret under col."""
    source = tmp_path / "bad.flt"
    source.write_text(BAD_SOURCE)
    proc = run_llcc(llcc, source, "-o", tmp_path / "bad.so")
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    first = next((i for i, line in enumerate(lines) if line.startswith(f"{source}:2:12: error:")),
                 None)
    assert first is not None, f"expected '{source}:2:12: error: ...' in:\n{proc.stderr}"
    assert "foo" in lines[first]
    quoted, caret = lines[first + 1], lines[first + 2]
    assert "return foo + 1.0" in quoted
    assert caret.index("^") == quoted.index("foo"), f"caret not under 'foo':\n{proc.stderr}"
    assert not (tmp_path / "bad.so").exists()


def test_emit_so_default(llcc, tmp_path):
    out = tmp_path / "fmin.so"
    proc = run_llcc(llcc, FMIN, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:4] == ELF_MAGIC
    proc = run_llcc(llcc, FMIN, "--emit", "so", "-o", tmp_path / "again.so")
    assert proc.returncode == 0, proc.stderr
    CompiledLibrary(tmp_path / "again.so")["fmin"]


def test_emit_obj(llcc, tmp_path):
    out = tmp_path / "fmin.o"
    proc = run_llcc(llcc, FMIN, "--emit", "obj", "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:4] == ELF_MAGIC


def test_emit_llvm(llcc, tmp_path):
    out = tmp_path / "fmin.ll"
    proc = run_llcc(llcc, FMIN, "--emit", "llvm", "-o", out)
    assert proc.returncode == 0, proc.stderr
    text = output_text(proc, out)
    assert "define" in text and "fmin" in text


def test_emit_asm(llcc, tmp_path):
    out = tmp_path / "fmin.s"
    proc = run_llcc(llcc, FMIN, "--emit", "asm", "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert "fmin" in output_text(proc, out)


@pytest.mark.parametrize("kind", ["tokens", "ast", "typed-ast"])
def test_emit_debug_dumps(llcc, tmp_path, kind):
    out = tmp_path / f"fmin.{kind}"
    proc = run_llcc(llcc, FMIN, "--emit", kind, "-o", out)
    assert proc.returncode == 0, proc.stderr
    text = output_text(proc, out)
    assert text.strip(), f"--emit {kind} produced nothing"
    if kind != "tokens":
        assert "fmin" in text


def test_stdin_source(llcc, tmp_path):
    out = tmp_path / "stdin.so"
    proc = run_llcc(llcc, "-", "-o", out, stdin=FMIN.read_text())
    assert proc.returncode == 0, proc.stderr
    case = FilterCase("camera64", "cross5", "reflect")
    compiled = apply_filter(CompiledLibrary(out)["fmin"], case)
    assert compiled.error is None
    expected = apply_filter(lambda buf: buf.min(), case)
    assert np.array_equal(compiled.result, expected.result)


def test_stdin_compile_error(llcc, tmp_path):
    proc = run_llcc(llcc, "-", "-o", tmp_path / "x.so", stdin=BAD_SOURCE)
    assert proc.returncode == 1
    assert ":2:12: error:" in proc.stderr
    assert not (tmp_path / "x.so").exists()


@pytest.mark.parametrize("level", ["-O0", "-O1", "-O2", "-O3"])
def test_optimisation_levels(build, level):
    for name in ("fmin.flt", "weighted.flt", "gamma.flt"):
        check_program(build, EXAMPLES_DIR / name, (level,),
                      cases=[FilterCase("camera64", "3x3", "reflect"),
                             FilterCase("random24", "5x5", "constant", 1.5)])

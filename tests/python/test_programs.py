"""End-to-end tests over the program corpus in tests/programs.

* every ``tests/programs/*.flt`` compiles, and each exported function gives
  the same generic_filter result as CPython running the same source
  (at the default optimisation level and at -O0);
* every ``tests/programs/errors/*.flt`` is rejected with exit status 1 and a
  ``path:line:col: error:`` diagnostic (source line and caret included) at
  the expected line, and no output file is written;
* every ``tests/programs/runtime_errors/*.flt`` compiles, and its runtime
  error makes generic_filter raise instead of crashing the interpreter.
"""
import re

import pytest

from conftest import (ERRORS_DIR, PROGRAMS_DIR, RUNTIME_ERRORS_DIR, FilterCase,
                      apply_filter, check_program, exported_functions,
                      header_directive, python_namespace, python_outcome,
                      run_compiled_in_child,
                      run_llcc)

PROGRAMS = sorted(PROGRAMS_DIR.glob("*.flt"))
ERROR_PROGRAMS = sorted(ERRORS_DIR.glob("*.flt"))
RUNTIME_ERROR_PROGRAMS = sorted(RUNTIME_ERRORS_DIR.glob("*.flt"))
RUNTIME_CASE = FilterCase("camera64", "3x3", "reflect")


def ids(paths):
    return [p.stem for p in paths]


@pytest.mark.parametrize("program", PROGRAMS, ids=ids(PROGRAMS))
def test_program_runs_in_cpython(program):
    """Sanity check of the corpus itself (no llcc needed): every exported
    function works on an ordinary image, so no comparison is vacuous."""
    names = exported_functions(program.read_bytes())
    assert names
    for name in names:
        outcome = python_outcome(program, name, RUNTIME_CASE)
        assert outcome.error is None, f"{name}(): CPython {outcome.describe()}"


@pytest.mark.parametrize("flags", [(), ("-O0",)], ids=["default", "O0"])
@pytest.mark.parametrize("program", PROGRAMS, ids=ids(PROGRAMS))
def test_program_matches_cpython(build, program, flags):
    check_program(build, program, flags)


# --------------------------------------------------------------------------
# Compile errors
# --------------------------------------------------------------------------

def expected_error(path):
    """(list of acceptable message substrings, expected line) for an error program."""
    message = header_directive(path, "error")
    line = header_directive(path, "line")
    assert message and line, f"{path} lacks '# error:' or '# line:' header"
    return [alt.strip().lower() for alt in message.split("|")], int(line)


def first_diagnostic(stderr, path):
    """(line, col, message) of the first `path:line:col: error: message`."""
    match = re.search(re.escape(str(path)) + r":(\d+):(\d+): error: ?(.*)", stderr)
    assert match, f"no '{path}:line:col: error:' diagnostic in stderr:\n{stderr}"
    return int(match.group(1)), int(match.group(2)), match.group(3)


def assert_caret_under(stderr, source_line, col):
    """The diagnostic quotes `source_line` with a caret under column `col`.

    The quoted line may carry a prefix (e.g. a gutter) and may be printed with
    or without its indentation, as long as the caret lines up with it.
    """
    lines = stderr.splitlines()
    stripped = source_line.strip()
    indent = len(source_line) - len(source_line.lstrip())
    for text, below in zip(lines, lines[1:]):
        if stripped and stripped in text and "^" in below:
            start = text.index(stripped) - indent
            caret = below.index("^")
            assert caret - start == col - 1, (
                f"caret under column {caret - start + 1}, diagnostic says {col}:\n{stderr}")
            return
    raise AssertionError(f"source line {stripped!r} with a caret line below it "
                         f"not found in stderr:\n{stderr}")


def test_error_corpus_is_valid():
    """The error programs exist and each declares its expectation."""
    assert len(ERROR_PROGRAMS) >= 10
    for path in ERROR_PROGRAMS:
        expected_error(path)


@pytest.mark.parametrize("program", ERROR_PROGRAMS, ids=ids(ERROR_PROGRAMS))
def test_compile_error(llcc, tmp_path, program):
    alternatives, line = expected_error(program)
    out = tmp_path / "out.so"
    proc = run_llcc(llcc, program, "-o", out)
    assert proc.returncode == 1, (
        f"expected exit 1, got {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    got_line, got_col, message = first_diagnostic(proc.stderr, program)
    assert got_line == line, f"error reported on line {got_line}, expected {line}:\n{proc.stderr}"
    assert any(alt in proc.stderr.lower() for alt in alternatives), (
        f"none of {alternatives} in the diagnostic:\n{proc.stderr}")
    source_line = program.read_text().splitlines()[line - 1]
    assert_caret_under(proc.stderr, source_line, got_col)
    assert not out.exists(), "an output file was written despite the error"
    assert list(tmp_path.iterdir()) == [], "llcc left files behind"


def test_failed_compile_keeps_existing_output(llcc, tmp_path):
    out = tmp_path / "out.so"
    out.write_bytes(b"previous contents")
    proc = run_llcc(llcc, ERROR_PROGRAMS[0], "-o", out)
    assert proc.returncode == 1
    assert out.read_bytes() == b"previous contents"


# --------------------------------------------------------------------------
# Runtime errors
# --------------------------------------------------------------------------

@pytest.mark.parametrize("program", RUNTIME_ERROR_PROGRAMS, ids=ids(RUNTIME_ERROR_PROGRAMS))
def test_runtime_error_raises(build, program):
    cpython = header_directive(program, "cpython")
    assert cpython in ("raises", "ok"), f"{program} lacks '# cpython: raises|ok'"
    so_path = build(program)
    for name in exported_functions(program.read_bytes()):
        python = apply_filter(python_namespace(program)[name], RUNTIME_CASE)
        assert (python.error is not None) == (cpython == "raises"), (
            f"CPython {python.describe()}, but the header says '{cpython}'")
        returncode, report, stderr = run_compiled_in_child(so_path, name, RUNTIME_CASE)
        assert returncode == 0, f"{name}(): the interpreter died (status {returncode}):\n{stderr}"
        assert report["raised"], f"{name}(): generic_filter returned normally, expected an error"

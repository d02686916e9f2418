"""The examples/ directory: every example agrees with CPython, the Makefile
builds working shared objects, and demo.py runs end to end."""
import shutil
import subprocess
import sys

import pytest

from conftest import (EXAMPLES_DIR, CompiledLibrary, FilterCase, apply_filter,
                      check_program, exported_functions, python_outcome)

EXAMPLES = sorted(EXAMPLES_DIR.glob("*.flt"))
MAKE_CASE = FilterCase("coins40", "3x3", "reflect")

FMIN_SOURCE = """\
import numpy as np

def fmin(values):
    result = np.inf
    for v in values:
        if v < result:
            result = v
    return result
"""


def test_fmin_example_is_the_documented_one():
    assert (EXAMPLES_DIR / "fmin.flt").read_text() == FMIN_SOURCE


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs_in_cpython(example):
    """Every example works as plain Python on an ordinary image (no llcc needed)."""
    for name in exported_functions(example.read_bytes()):
        outcome = python_outcome(example, name, MAKE_CASE)
        assert outcome.error is None, f"{name}(): CPython {outcome.describe()}"


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_matches_cpython(build, example):
    check_program(build, example)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_makefile_builds_working_filters(llcc, tmp_path):
    work = tmp_path / "examples"
    work.mkdir()
    for path in EXAMPLES + [EXAMPLES_DIR / "Makefile"]:
        shutil.copy(path, work)
    proc = subprocess.run(["make", "-C", str(work), f"LLCC={llcc}"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for example in EXAMPLES:
        so_path = work / f"{example.stem}.so"
        assert so_path.is_file(), f"make did not build {so_path.name}"
        lib = CompiledLibrary(so_path)
        for name in exported_functions(example.read_bytes()):
            compiled = apply_filter(lib[name], MAKE_CASE)
            expected = python_outcome(example, name, MAKE_CASE)
            assert compiled.error is None and expected.error is None
            assert (compiled.result == expected.result).all(), f"{example.name}: {name}()"
    proc = subprocess.run(["make", "-C", str(work), "clean"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert not list(work.glob("*.so")), "make clean left .so files"


def test_demo_script(llcc, tmp_path):
    out_dir = tmp_path / "out"
    proc = subprocess.run([sys.executable, str(EXAMPLES_DIR / "demo.py"),
                           "--llcc", str(llcc), "--out", str(out_dir)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "results identical  : yes" in proc.stdout
    assert "speed-up" in proc.stdout
    pngs = list(out_dir.glob("*.png"))
    assert len(pngs) == 1 and pngs[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

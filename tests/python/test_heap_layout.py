"""What llcc makes of a file must not depend on where malloc puts things.

Sema once kept a set of pointers to locals that moved, and later tables of
nodes keyed by address, which the allocator hands to a new node once an
old one is freed: a file then compiled or failed by the heap's layout
(bench/notes.md, "stale pointers"). Sema's tables are keyed by a serial
number now (frontend/Ast.h, NodeSerial). This test compiles every .flt of
the tests and examples under glibc's default malloc and under three
settings that change which addresses come back (no per-thread cache,
freed memory overwritten, no fast bins), and asserts the same typed AST,
the same diagnostics and the same exit status each time.

Skipped in the sanitizer build: ASan replaces malloc, so the settings
would not change anything there.
"""
import os
import subprocess

import pytest

from conftest import REPO

SETTINGS = ("glibc.malloc.tcache_count=0", "glibc.malloc.perturb=85", "glibc.malloc.mxfast=0")

FILES = sorted(p for d in ("tests", "examples") for p in (REPO / d).rglob("*.flt"))


def typed_ast(llcc, path, tunables=None):
    env = dict(os.environ)
    if tunables:
        env["GLIBC_TUNABLES"] = tunables
    proc = subprocess.run([str(llcc), str(path), "--emit", "typed-ast", "-o", "-"],
                          capture_output=True, text=True, env=env, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.skipif("detect_leaks" in os.environ.get("ASAN_OPTIONS", ""),
                    reason="ASan replaces malloc: glibc's settings change nothing")
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_same_outcome_under_every_malloc_setting(llcc, path):
    default = typed_ast(llcc, path)
    for tunables in SETTINGS:
        assert typed_ast(llcc, path, tunables) == default, (
            f"{path.name}: outcome changes with GLIBC_TUNABLES={tunables}")


def test_files_found():
    assert len(FILES) > 100

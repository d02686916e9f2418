"""Every example in docs/diagnostics.md still produces its documented message.

The catalog is parsed for fenced blocks: an ``flt`` (or ``flt-escaped``,
written with Python escapes such as ``\\xff``) block followed by a ``text``
block is compiled with ``llcc --check`` as ``catalog.flt``, and the first line
of standard error must equal the text; an ``flt-runtime`` block is compiled
and run through ``scipy.ndimage.generic_filter`` in a child interpreter,
which must raise ``Class: message`` as shown; each ``$ llcc ...`` line of a
``console`` block is run in a folder holding a valid ``ok.flt`` and must exit
with status 2, printing the lines shown under it.
"""
import json
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "docs" / "diagnostics.md"
FENCE = re.compile(r"^```([\w-]*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)


def parse_catalog():
    text = CATALOG.read_text(encoding="utf-8")
    blocks = [(m.group(1), m.group(2), m.start()) for m in FENCE.finditer(text)]
    anchors = [(m.start(), m.group(1)) for m in re.finditer(r'<a id="([\w-]+)"></a>', text)]
    examples, console = [], []
    for i, (kind, body, start) in enumerate(blocks):
        if kind == "console":
            console.append(body)
        if kind not in ("flt", "flt-escaped", "flt-runtime"):
            continue
        assert i + 1 < len(blocks) and blocks[i + 1][0] == "text", (
            f"catalog: the {kind} block at offset {start} needs a text block after it")
        anchor = max((a for a in anchors if a[0] < start), default=(0, f"at{start}"))[1]
        source = body.encode("utf-8")
        if kind == "flt-escaped":
            source = body.encode("latin-1").decode("unicode_escape").encode("latin-1")
        examples.append((anchor, kind, source, blocks[i + 1][1].strip()))
    return examples, console


EXAMPLES, CONSOLE = parse_catalog()
COMPILE = [e for e in EXAMPLES if e[1] != "flt-runtime"]
RUNTIME = [e for e in EXAMPLES if e[1] == "flt-runtime"]


def test_catalog_is_not_empty():
    assert len(COMPILE) > 100 and len(RUNTIME) > 10 and CONSOLE


def test_catalog_anchors_are_unique():
    ids = [e[0] for e in EXAMPLES]
    assert len(ids) == len(set(ids))


def test_generated_lit_tests_match_the_catalog():
    ids = {e[0] for e in EXAMPLES}
    for lit in (REPO / "tests" / "lit" / "catalog").glob("*.flt"):
        assert lit.stem in ids, f"{lit} has no example in docs/diagnostics.md"


@pytest.mark.parametrize("anchor, kind, source, expected", COMPILE, ids=[e[0] for e in COMPILE])
def test_compile_error_example(llcc, tmp_path, anchor, kind, source, expected):
    (tmp_path / "catalog.flt").write_bytes(source)
    proc = subprocess.run([str(llcc), "catalog.flt", "--check"], capture_output=True,
                          cwd=tmp_path, timeout=60)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, f"exit {proc.returncode}:\n{stderr}"
    assert stderr.splitlines()[0] == expected, stderr


CHILD = textwrap.dedent("""
    import ctypes, json, sys
    import numpy as np, scipy, scipy.ndimage as ndi
    reports = {}
    for name, so in json.loads(sys.argv[1]).items():
        func = ctypes.CDLL(so).f
        func.restype = ctypes.c_int
        func.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_ssize_t,
                         ctypes.POINTER(ctypes.c_double), ctypes.c_void_p]
        cb = scipy.LowLevelCallable(func, signature="int (double *, intptr_t, double *, void *)")
        try:
            ndi.generic_filter(np.arange(9.0).reshape(3, 3), cb, size=3)
            reports[name] = "no exception"
        except Exception as exc:
            reports[name] = f"{type(exc).__name__}: {exc}"
    print(json.dumps(reports))
""")


@pytest.fixture(scope="module")
def runtime_reports(llcc, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("catalog")
    libs = {}
    for anchor, _, source, _ in RUNTIME:
        folder = tmp / anchor
        folder.mkdir()
        (folder / "catalog.flt").write_bytes(source)
        proc = subprocess.run([str(llcc), "catalog.flt", "-o", "catalog.so"],
                              capture_output=True, text=True, cwd=folder, timeout=120)
        assert proc.returncode == 0, f"{anchor}: {proc.stderr}"
        libs[anchor] = str(folder / "catalog.so")
    proc = subprocess.run([sys.executable, "-c", CHILD, json.dumps(libs)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, f"the host process died (exit {proc.returncode}):\n{proc.stderr}"
    return json.loads(proc.stdout)


@pytest.mark.parametrize("anchor, kind, source, expected", RUNTIME, ids=[e[0] for e in RUNTIME])
def test_runtime_error_example(runtime_reports, anchor, kind, source, expected):
    assert runtime_reports[anchor] == expected


def console_cases():
    cases = []
    for body in CONSOLE:
        for chunk in re.split(r"^\$ ", body, flags=re.MULTILINE)[1:]:
            command, *output = chunk.rstrip("\n").split("\n")
            cases.append((command, output))
    return cases


@pytest.mark.parametrize("command, output", console_cases(), ids=[c[0] for c in console_cases()])
def test_console_example(llcc, tmp_path, command, output):
    (tmp_path / "ok.flt").write_text("def f(values):\n    return values[0]\n")
    argv = shlex.split(command)
    assert argv[0] == "llcc"
    proc = subprocess.run([str(llcc), *argv[1:]], capture_output=True, text=True,
                          cwd=tmp_path, stdin=subprocess.DEVNULL, timeout=60)
    assert proc.returncode == 2, proc.stderr
    for line in output:
        assert line in (proc.stdout + proc.stderr), proc.stderr

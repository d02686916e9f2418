"""The compile library libllcc.so (capi/llcc.h) through python/llcc/_capi.py:
the same libraries and diagnostics as the llcc executable, options as JSON,
several threads at once, and llcc.compile using it when it is present."""
import ctypes
import os
import sys
import threading

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import REPO, CompiledLibrary, image, run_llcc

if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
import llcc  # noqa: E402
from llcc import _capi  # noqa: E402

LIBRARY = REPO / "build" / "capi" / "libllcc.so"
FMIN = (REPO / "examples" / "fmin.flt").read_bytes()


@pytest.fixture(scope="module")
def comp():
    if not LIBRARY.is_file():
        pytest.skip(f"{LIBRARY} not built")
    return _capi.Compiler(str(LIBRARY))


def test_compiles_like_the_executable(comp, llcc, tmp_path):
    status, diagnostics, library, manifest = comp.compile(FMIN, "fmin.flt", {"opt_level": 2})
    assert (status, diagnostics) == (0, "")
    so = tmp_path / "fmin.so"
    so.write_bytes(library)
    img = image("camera24")
    expected = ndi.generic_filter(img, np.min, size=3)
    np.testing.assert_array_equal(ndi.generic_filter(img, CompiledLibrary(so)["fmin"], size=3),
                                  expected)
    described = run_llcc(llcc, "--describe", so)
    assert '"name": "fmin"' in manifest
    assert manifest.strip() == described.stdout.strip()


def test_diagnostics_and_statuses(comp, llcc, tmp_path):
    bad = b"def f(values):\n    return q\n"
    status, diagnostics, library, manifest = comp.compile(bad, "bad.flt", {})
    (tmp_path / "bad.flt").write_bytes(bad)
    proc = run_llcc(llcc, "bad.flt", "--check", cwd=tmp_path)
    assert (status, library, manifest) == (1, None, "")
    assert diagnostics == proc.stderr
    for options, message in [({"opt_level": 7}, "opt_level must be"),
                             ({"colour": "blue"}, "unknown option 'colour'"),
                             ({"cpu": "no-such-cpu"}, "no-such-cpu")]:
        status, diagnostics, library, _ = comp.compile(FMIN, "fmin.flt", options)
        assert status == 2 and library is None and message in diagnostics


def test_output_option_writes_the_file(comp, tmp_path):
    out = tmp_path / "out.so"
    status, _, library, _ = comp.compile(FMIN, "fmin.flt", {"output": str(out)})
    assert status == 0 and library is None and out.is_file()
    ctypes.CDLL(str(out)).fmin  # noqa: B018 - the export is there


def test_threads(comp):
    """Eight threads compiling at once all get their own correct result."""
    results = [None] * 8

    def work(i):
        src = f"def f{i}(values):\n    return values[0] * {i}.0\n".encode()
        results[i] = comp.compile(src, f"f{i}.flt", {"opt_level": i % 3})

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, (status, diagnostics, library, manifest) in enumerate(results):
        assert status == 0, diagnostics
        assert f'"name": "f{i}"' in manifest and library.startswith(b"\x7fELF")


def test_llcc_compile_uses_the_library(monkeypatch, tmp_path):
    if not LIBRARY.is_file():
        pytest.skip(f"{LIBRARY} not built")
    monkeypatch.setenv("LLCC_LIBRARY", str(LIBRARY))
    monkeypatch.setenv("LLCC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LLCC", "/nonexistent/llcc")  # must not be needed
    lib = llcc.compile(FMIN.decode(), filename="fmin.flt", opt_level=1)
    img = image("camera24")
    np.testing.assert_array_equal(ndi.generic_filter(img, lib["fmin"], size=3),
                                  ndi.generic_filter(img, np.min, size=3))
    with pytest.raises(llcc.CompileError) as info:
        llcc.compile("def f(values):\n    return q\n", filename="bad.flt")
    assert "name 'q' is not defined" in info.value.diagnostics
    monkeypatch.setenv("LLCC_LIBRARY", "off")
    assert _capi.find_library() is None


def test_image_kernel_types(comp, tmp_path):
    status, diagnostics, library, manifest = comp.compile(
        FMIN, "fmin.flt", {"image_kernel_types": ["float64", "uint8"]})
    assert status == 0, diagnostics
    so = tmp_path / "fmin.so"
    so.write_bytes(library)
    assert set(llcc.load(so).functions) >= {"fmin"}
    status, diagnostics, _, _ = comp.compile(FMIN, "fmin.flt", {"image_kernel_types": ["int7"]})
    assert status == 2 and "unknown element type" in diagnostics


def _comparable(so):
    """The library's bytes without what differs between any two links by
    design: the temporary output name LLD records as the library's version
    definition (and that name's hash), and the build id."""
    import re
    import struct
    so = re.sub(rb"/\.out\.so\.tmp\.[A-Za-z0-9]{6}", b"/.out.so.tmp.XXXXXX", so)
    so = re.sub(rb"/llcc-[A-Za-z0-9]{6}/", b"/llcc-XXXXXX/", so)
    note = so.index(b"GNU\0", 0x200)
    so = so[:note + 4] + bytes(20) + so[note + 24:]
    shoff, = struct.unpack_from("<Q", so, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", so, 0x3a)
    for k in range(shnum):
        if struct.unpack_from("<I", so, shoff + k * shentsize + 4)[0] == 0x6ffffffd:
            off, = struct.unpack_from("<Q", so, shoff + k * shentsize + 0x18)
            so = so[:off + 8] + bytes(4) + so[off + 12:]
    return so


def test_reused_code_generator_gives_the_executables_code(comp, llcc, tmp_path, monkeypatch):
    """The library keeps its code generator between compilations: filters
    compiled one after another in one session, with and without arena use
    and image kernels, are byte for byte what a fresh llcc process makes."""
    work = tmp_path / "t"
    (work / "llcc-ABCDEF").mkdir(parents=True)
    monkeypatch.setenv("TMPDIR", str(work))  # the library's temporary folder
    cases = [(REPO / "examples" / "fmin.flt", {}),
             (REPO / "bench" / "filters" / "median.flt", {}),
             (REPO / "examples" / "fmin.flt", {"image_kernels": True}),
             (REPO / "bench" / "filters" / "median.flt", {"image_kernels": True}),
             (REPO / "examples" / "fmin.flt", {})]
    for path, options in cases:
        out = work / "llcc-ABCDEF" / "out.so"
        flags = ["--image-kernels"] if options else []
        proc = run_llcc(llcc, path, "-o", out, "--source-name", path.name, *flags)
        assert proc.returncode == 0, proc.stderr
        status, diagnostics, library, _ = comp.compile(path.read_bytes(), path.name,
                                                       {"opt_level": 2, **options})
        assert status == 0, diagnostics
        assert _comparable(library) == _comparable(out.read_bytes()), path.name

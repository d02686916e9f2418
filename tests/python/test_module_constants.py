"""Module-level weight arrays computed when compiling (frontend/SemaConstFold.cpp).

np.arange and np.linspace of float arguments must equal numpy's own arrays
bit for bit (numpy's fill: element k of arange is start + k * delta;
linspace's k * step + start, stop itself last); the elementwise functions
that are not exact IEEE operations (np.exp, np.cos, ...) are the C
library's, the functions llcc's compiled code and CPython's math module
call, so they must equal math.exp & co. of numpy's grid bit for bit. Each
constant is read back through scipy.ndimage.generic_filter from a 1x1
footprint over an image of indices.
"""
import math

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import bits
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

GRIDS = {
    "AR1": ("np.arange(0.1, 1.0, 0.1)", lambda: np.arange(0.1, 1.0, 0.1)),
    "AR2": ("np.arange(-1.5, 2.3, 0.7)", lambda: np.arange(-1.5, 2.3, 0.7)),
    "AR3": ("np.arange(1e-3, 0.02, 3e-3)", lambda: np.arange(1e-3, 0.02, 3e-3)),
    "AR4": ("np.arange(5, 0, -0.3)", lambda: np.arange(5, 0, -0.3)),
    "AR5": ("np.arange(2.5)", lambda: np.arange(2.5)),
    "AR6": ("np.arange(-7, 30, 4)", lambda: np.arange(-7, 30, 4)),
    "AR7": ("np.arange(-3, 4, 2, dtype=np.float64) / 2 + np.arange(4, dtype=float)",
            lambda: np.arange(-3, 4, 2, dtype=np.float64) / 2 + np.arange(4, dtype=float)),
    "LS1": ("np.linspace(0, 1, 7)", lambda: np.linspace(0, 1, 7)),
    "LS2": ("np.linspace(-3.3, 9.1, 13, endpoint=False)",
            lambda: np.linspace(-3.3, 9.1, 13, endpoint=False)),
    "LS3": ("np.linspace(1, 1, 5)", lambda: np.linspace(1, 1, 5)),
    "LS4": ("np.linspace(2.5, -1.0, num=4)", lambda: np.linspace(2.5, -1.0, num=4)),
    "LS5": ("np.linspace(0.1, 0.7)", lambda: np.linspace(0.1, 0.7)),
    "LS6": ("np.linspace(3, 4, 1)", lambda: np.linspace(3, 4, 1)),
    "PW1": ("np.linspace(-2, 2, 9) ** 2 + np.linspace(0, 4, 9) ** 0.5",
             lambda: np.linspace(-2, 2, 9) ** 2 + np.linspace(0, 4, 9) ** 0.5),
    "PW2": ("np.arange(1, 6) ** 0.5 - np.arange(1.0, 6.0) ** -1 + np.arange(0.5, 5) ** 3",
             lambda: np.arange(1, 6) ** 0.5 - np.arange(1.0, 6.0) ** -1 + np.arange(0.5, 5) ** 3),
    "EX1": ("np.sqrt(np.abs(np.arange(-3, 4))) * np.pi",
            lambda: np.sqrt(np.abs(np.arange(-3, 4))) * np.pi),
}
# Functions of the C library: compared with CPython's math module of
# numpy's grid (numpy's own SIMD loops may differ in the last bit).
LIBM = {
    "LM1": ("np.exp(-np.linspace(-3, 3, 11) ** 2 / 2)", np.linspace(-3, 3, 11),
            lambda g: [math.exp(-x ** 2 / 2) for x in g]),
    "LM2": ("np.cos(np.linspace(0, 2 * np.pi, 9))", np.linspace(0, 2 * np.pi, 9),
            lambda g: [math.cos(x) for x in g]),
    "LM3": ("np.log(np.arange(1, 10))", np.arange(1, 10), lambda g: [math.log(x) for x in g]),
    "LM4": ("np.tanh(np.arange(-2.0, 2.0, 0.5))", np.arange(-2.0, 2.0, 0.5),
            lambda g: [math.tanh(x) for x in g]),
}


def source():
    lines = ["import numpy as np", ""]
    for name, (expr, *_) in {**GRIDS, **LIBM}.items():
        lines.append(f"{name} = {expr}")
    lines.append("")
    for name in {**GRIDS, **LIBM}:
        lines += ["", "", f"def get_{name.lower()}(values):",
                  f"    return {name}[int(values[0])] + len({name}) * 0.0"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    path = tmp_path_factory.mktemp("constants") / "grids.flt"
    path.write_text(source())
    return llcc.compile(path)


def read_back(lib, name, n):
    index = np.arange(float(n)).reshape(1, n)
    return ndi.generic_filter(index, lib[f"get_{name.lower()}"], size=1)[0]


@pytest.mark.parametrize("name", sorted(GRIDS))
def test_grid_equals_numpy(lib, name):
    want = np.asarray(GRIDS[name][1](), dtype=float)
    got = read_back(lib, name, len(want))
    assert np.array_equal(bits(got), bits(want)), (got, want)


@pytest.mark.parametrize("name", sorted(LIBM))
def test_libm_function_equals_math(lib, name):
    expr, grid, fn = LIBM[name]
    want = np.array(fn(grid), dtype=float)
    got = read_back(lib, name, len(want))
    assert np.array_equal(bits(got), bits(want)), (got, want)

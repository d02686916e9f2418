"""Huge generated functions (thousands of statements) compile at every
level and compute what CPython computes: the bounded -O2 path of
backend/Optimizer.cpp (a linear clean-up first, superlinear passes skipped
on functions still huge) changes cost, never results. Timing is measured by
bench/compile_scaling.py, not here."""
import sys

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import REPO, image

sys.path.insert(0, str(REPO / "bench"))
if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
import compile_scaling  # noqa: E402
import llcc  # noqa: E402


def varied_program(n):
    """Each statement reads another element, so no check folds away."""
    lines = ["def big(values):", "    s = 0.0", "    c = 1.0 / len(values)",
             "    i = len(values) // 2", "    t = 0"]
    for k in range(n):
        lines.append(f"    s = s + values[(i + {k}) % 9] * c")
        if k % 7 == 0:
            lines.append("    if s > 100.0:\n        t += 1\n        s = s * 0.5")
    lines.append("    return s + t")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("source", [compile_scaling.program(2000), varied_program(400)],
                         ids=["same-statement-2000", "varied-400"])
@pytest.mark.parametrize("opt", [0, 2])
def test_huge_function_matches_cpython(source, opt):
    namespace = {}
    exec(compile(source, "big.flt", "exec"), namespace)
    img = image("camera24")
    expected = ndi.generic_filter(img, namespace["big"], size=3)
    lib = llcc.compile(source, filename="big.flt", opt_level=opt)
    np.testing.assert_array_equal(ndi.generic_filter(img, lib["big"], size=3), expected)


def test_function_still_huge_after_optimisation_matches_cpython():
    """32,000 statements: the optimised function keeps about one instruction
    per statement, so it stays over HugeFunction (30,000) and
    backend/Emitter.cpp generates its code with `optnone` (FastISel, no
    machine scheduling): cost changes, results do not."""
    source = compile_scaling.program(32000)
    namespace = {}
    exec(compile(source, "big.flt", "exec"), namespace)
    img = image("camera24")
    expected = ndi.generic_filter(img, namespace["big"], size=3)
    lib = llcc.compile(source, filename="big.flt", opt_level=2)
    np.testing.assert_array_equal(ndi.generic_filter(img, lib["big"], size=3), expected)

"""Module-level constants finished the usual numpy way (frontend/SemaConstStore.cpp):
stores after the definition (`MASK[1, 1] = False`, `K[0, :] = 0`,
`W[W < 0.1] = 0.0`, `K[:, 2] *= 2.5`), builtins and methods of earlier
constants (`sum(KERNEL)`, `T.std()`, `len(K)`, `.astype(float)`, np.outer of
lists), list repetition (`[1, 2, 1] * 3`) and loops over range() filling a
constant. Compiled and under CPython
through scipy.ndimage.generic_filter: the same values bit for bit; the
constants that stay unsupported get a diagnostic."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import find_llcc, python_namespace, same_outcome, window_outcome  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "const_containers" / "module_constants_more.flt"
FILTERS = ["masked_mean", "weighted", "thresholded", "int_kernel", "blurred", "sums", "zscored",
           "repeated", "averaged", "outer_weights", "gauss", "halves", "odd", "ramp"]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(5)
    yield rng.random((7, 6))
    yield rng.normal(0.5, 3.0, (6, 7))
    img = rng.random((6, 6))
    img.flat[[3, 17, 30]] = [np.nan, np.inf, -0.0]
    yield img


@pytest.mark.parametrize("name", FILTERS)
def test_filters_match_cpython(lib, py, name):
    for img in images():
        want = window_outcome(py[name], img, 3)
        got = window_outcome(lib[name], img, 3)
        assert same_outcome(got, want), (name, got, want)


@pytest.mark.parametrize("source, message", [
    # a store into a list constant
    ("L = [1.0, 2.0]\nL[0] = 3.0\n", "module-level store"),
    # numpy's in-place rule: an int array keeps its dtype
    ("import numpy as np\nK = np.arange(4)\nK[1:] /= 2\n", "_UFuncOutputCastingError"),
    # an index out of range
    ("import numpy as np\nK = np.zeros(3)\nK[5] = 1.0\n", "module-level store"),
    # a set constant holds literals only (set constants: test_set_constants.py)
    ("import math\nIDX = {math.floor(2.5), 2}\n",
     "a set constant's elements must be int, float or bool literals"),
    # other statements stay refused
    ("import numpy as np\nK = np.zeros(3)\nK.fill(2.0)\n", "only imports, constants"),
    # a loop over anything but range() of int literals stays refused
    ("import numpy as np\nN = 3\nK = np.zeros(3)\nfor i in range(N):\n    K[i] = i\n",
     "only imports, constants"),
])
def test_unsupported_constants_are_diagnosed(tmp_path, source, message):
    path = tmp_path / "bad.flt"
    path.write_text(source + "\n\ndef f(values):\n    return values[0]\n")
    proc = subprocess.run([find_llcc(), "--check", str(path)], capture_output=True, text=True)
    assert proc.returncode != 0 and "bad.flt:" in proc.stderr, proc.stderr
    assert message in proc.stderr, proc.stderr

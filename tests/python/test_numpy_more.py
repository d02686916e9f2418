"""np.argwhere, np.average(returned=True), np.corrcoef and np.tile against numpy 1.24.

tests/python/library/numpy_more.flt holds the filters. np.corrcoef follows
np.cov step by step (pairwise means, the reference BLAS dsyrk's sums, times
1 / (n - 1)), so it is checked bit for bit on random data of several
magnitudes and window sizes, constant windows (NaN) and one-element ones
(inf factor); the others on the same images with NaN, infinities and -0.0.
"""
import re
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace, run_llcc

SOURCE = Path(__file__).resolve().parent / "library" / "numpy_more.flt"
NAMES = re.findall(r"^def (\w+)\(values", SOURCE.read_text(), re.M)


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("size", [3, (1, 1), (1, 2), (2, 5), (5, 5), (12, 12)])
def test_against_numpy(compiled, seed, size):
    rng = np.random.default_rng(seed)
    img = rng.standard_normal((14, 15)) * [1.0, 1e-3, 1e5, 1e200, 7.0, 0.25][seed]
    if seed % 2:
        img[rng.random(img.shape) < 0.08] = rng.choice([np.nan, -0.0, np.inf, 0.0, -np.inf])
    if seed == 4:
        img[:, :8] = 2.5  # constant windows: corrcoef's NaN
    assert_same_outcomes(compiled, NAMES, img, size)


def test_corrcoef_exact_values(compiled):
    _, ns = compiled
    # Perfectly correlated data clips to 1.0 exactly, as numpy's clip does.
    assert ns["cc_sq"](np.array([1.0, 2.0, 3.0])) <= 1.0


@pytest.mark.parametrize("body, message", [
    ("return float(np.argwhere(values > 0)[0, 0])", "column taken at once"),
    ("return np.corrcoef(values)", "two 1-D arrays"),
    ("return float(np.vander(values, 3).sum())", "2-D matrix"),
    ("w = values * 2.0\n    np.clip(w, 0.0, 1.0, out=w)\n    return 0.0", "assign the result"),
])
def test_refusals(llcc, tmp_path, body, message):
    src = tmp_path / "bad.flt"
    src.write_text(f"import numpy as np\n\n\ndef f(values):\n    {body}\n")
    r = run_llcc(llcc, str(src), "-o", str(tmp_path / "bad.so"))
    assert r.returncode == 1 and message in r.stderr, r.stderr

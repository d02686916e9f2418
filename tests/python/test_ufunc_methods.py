"""reduce and accumulate of numpy's binary ufuncs against numpy 1.24.

tests/python/library/ufunc_methods.flt holds the filters: np.add.reduce
(np.sum's pairwise loop, from the identity: [-0.0] sums to 0.0), the left
folds of stdlib/ufuncs.flt (from a[0], or from the identity -inf of
logaddexp, 0 of hypot), the empty cases (the identity, or numpy's
ValueError) and int data. Each runs through generic_filter against CPython
on images with NaN, infinities and -0.0; the refusals are compile errors.
"""
import re
from pathlib import Path

import numpy as np
import pytest

from conftest import CompiledLibrary, assert_same_outcomes, python_namespace, run_llcc

SOURCE = Path(__file__).resolve().parent / "library" / "ufunc_methods.flt"
NAMES = re.findall(r"^def (\w+)\(values", SOURCE.read_text(), re.M)
INT_NAMES = [n for n in NAMES if n.startswith("int_")]


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def image(seed, specials):
    rng = np.random.default_rng(seed)
    img = rng.integers(-3, 4, (7, 9)).astype(float) * rng.choice([1.0, 0.5, 3.7, 1e-3])
    if specials:
        img[rng.random(img.shape) < 0.12] = rng.choice(
            [np.nan, -np.nan, -0.0, np.inf, -np.inf, 0.0, 1e308, 5e-324])
    return img


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("size", [3, (1, 4), (2, 3), (1, 1)])
def test_against_numpy(compiled, seed, size):
    names = [n for n in NAMES if n not in INT_NAMES]
    assert_same_outcomes(compiled, names, image(seed, True), size)
    assert_same_outcomes(compiled, NAMES, image(seed, False), size)


def test_signed_zero_and_identity(compiled):
    lib, ns = compiled
    # add.reduce starts from 0.0 (numpy's identity), accumulate from a[0].
    img = np.array([[-0.0, -0.0, -0.0]])
    assert_same_outcomes(compiled, ["add_reduce", "add_accumulate", "hypot_reduce",
                                    "logaddexp_reduce", "subtract_reduce"], img, (1, 3))
    assert np.signbit(ns["subtract_reduce"](np.array([-0.0])))
    assert not np.signbit(ns["add_reduce"](np.array([-0.0])))


@pytest.mark.parametrize("call, message", [
    ("np.power.reduce(values)", "SIMD loop"),
    ("np.arctan2.accumulate(values)[0]", "SIMD loop"),
    ("np.add.outer(values, values)[0, 0]", "not its outer method"),
    ("np.subtract.reduce(values, axis=0)", "takes no keyword arguments"),
    ("np.subtract.reduce(values.astype(int))", "does not model"),
    ("np.add.accumulate(values > 0)[0]", "bool loop"),
])
def test_refusals(llcc, tmp_path, call, message):
    src = tmp_path / "bad.flt"
    src.write_text(f"import numpy as np\n\n\ndef f(values):\n    return {call}\n")
    r = run_llcc(llcc, str(src), "-o", str(tmp_path / "bad.so"))
    assert r.returncode == 1 and message in r.stderr, r.stderr
    assert "bad.flt:5:" in r.stderr

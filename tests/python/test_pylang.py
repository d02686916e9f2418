"""Ordinary Python in filters (sum(iterable, start), ...): each filter of
pylang/<source>.flt through scipy.ndimage.generic_filter, compiled by llcc,
against CPython running the same function on the same windows (ints, normal
numbers, NaN and -0.0 images; exceptions compared by class)."""
from pathlib import Path

import numpy as np
import pytest

import llcc

from conftest import same_outcome, window_outcome

HERE = Path(__file__).resolve().parent / "pylang"
SOURCES = ["sum_start.flt", "starred.flt"]


def functions_of(source):
    namespace = {}
    exec(compile((HERE / source).read_text(), str(HERE / source), "exec"), namespace)
    return {name: value for name, value in namespace.items()
            if type(value).__name__ == "function"
            and value.__code__.co_filename.endswith(source)}


FILTERS = {(source, name): function for source in SOURCES
           for name, function in functions_of(source).items()}


@pytest.fixture(scope="module")
def libs(build):
    return {source: llcc.load(build(HERE / source)) for source in SOURCES}


def images():
    rng = np.random.default_rng(5)
    yield rng.integers(-3, 4, (6, 7)).astype(float)
    yield rng.normal(size=(6, 7))
    nan = rng.normal(size=(6, 7))
    nan[rng.random((6, 7)) < 0.3] = np.nan
    yield nan
    zeros = rng.integers(-2, 3, (6, 7)).astype(float)
    zeros[rng.random((6, 7)) < 0.5] = -0.0
    yield zeros


@pytest.mark.parametrize("source,name", sorted(FILTERS))
def test_matches_cpython(libs, source, name):
    for img in images():
        expected = window_outcome(FILTERS[(source, name)], img, 3)
        got = window_outcome(libs[source][name], img, 3)
        assert same_outcome(got, expected), (name, img.tolist(), got, expected)

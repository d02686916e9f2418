"""Lists of arrays and comprehensions of several `for` clauses, end to end.

tests/python/lists/arrays.flt holds natural filters: a Kuwahara filter
choosing the quadrant of least variance with `min(quads, key=lambda q:
q.var())`, loops, indexing and comprehensions over lists of 2-D and 1-D
views, `sorted(..., key=)` of arrays, and comprehensions with several for
and if clauses in sum/len/any/all/sorted and as lists; lists/order.flt
compares tuples of floats with ==, != and <, NaN members included. Each
runs through scipy.ndimage.generic_filter as the compiled LowLevelCallable
and as the same function in CPython; the images must agree bit for bit.
"""
import ctypes
import os
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy
import scipy.ndimage as ndi

HERE = Path(__file__).resolve().parent
SOURCES = [HERE / "lists" / "arrays.flt", HERE / "lists" / "order.flt"]
LLCC = os.environ.get("LLCC", str(HERE.parents[1] / "build" / "cli" / "llcc"))
SIGNATURE = "int (double *, intptr_t, double *, void *)"

FILTERS = {
    "kuwahara_lambda": (5, 5), "kuwahara_max_loop": (5, 5), "quadrant_means": (5, 5),
    "indexed_quads": (5, 5), "sorted_rows": (3, 3), "uneven_slices": (3, 3),
    "stacked_helper": (3, 3), "pair_products": (3, 3), "nested_count": (3, 3),
    "nested_list": (3, 3), "nested_any_all": (3, 3), "nested_dependent": (3, 3),
    "nested_sorted": (3, 3), "chosen_uses": (3, 3), "least_varying_quadrant": (5, 5),
    "weighted_parts": (3, 3),
    # lists and tuples of arrays passed to helpers
    "rows_to_helper": (3, 3), "tuple_to_helper": (3, 3), "kuwahara_helpers": (5, 5),
    "quadrant_spreads": (5, 5),
    # order.flt: tuples compared as CPython compares them
    "lexicographic": (3, 3), "same_variable": (3, 3), "fresh_reads": (3, 3),
    "whole_tuple": (3, 3), "lengths": (3, 3), "nested": (3, 3), "nearest_pair": (3, 3),
    "nan_constants": (3, 3), "ints_and_floats": (3, 3), "first_offsets": (3, 3),
    "nearest_value": (3, 3), "last_positive": (3, 3), "closest_quad": (5, 5),
    # tuples and lists of module-level constant arrays
    "laws_energy": (3, 3), "laws_list_comprehension": (3, 3),
    # tuples of arrays held in a name
    "kuwahara_tuple": (5, 5), "tuple_of_halves": (3, 3),
}


class Both:
    """The compiled functions of several sources, and their CPython twins."""

    def __init__(self, folder):
        self.libs, self.namespace = [], {}
        for source in SOURCES:
            out = folder / (source.stem + ".so")
            proc = subprocess.run([LLCC, str(source), "-o", str(out)], capture_output=True,
                                  text=True)
            assert proc.returncode == 0, proc.stderr
            self.libs.append(ctypes.PyDLL(str(out)))
            exec(compile(source.read_text(), str(source), "exec"), self.namespace)

    def function(self, name):
        for lib in self.libs:
            if hasattr(lib, name):
                return getattr(lib, name)
        raise AttributeError(name)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    both = Both(tmp_path_factory.mktemp("lists"))
    return both, both.namespace


def images(seed):
    rng = np.random.default_rng(seed)
    plain = rng.standard_normal((17, 19)) * 2
    yield "normal", plain
    special = plain.copy()
    flat = special.reshape(-1)
    flat[rng.integers(0, flat.size, 10)] = np.nan
    flat[rng.integers(0, flat.size, 6)] = -0.0
    flat[rng.integers(0, flat.size, 3)] = np.inf
    yield "special", special
    yield "ties", rng.integers(-2, 3, (17, 19)).astype(float)


def run(function, image, size):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return "ok", ndi.generic_filter(image, function, size=size, mode="reflect")
        except Exception as e:  # the exception is the outcome
            return "raise", e


def same_bits(a, b):
    nan = np.isnan(a) & np.isnan(b)
    return np.array_equal(np.where(nan, 0.0, a).view(np.int64), np.where(nan, 0.0, b).view(np.int64))


@pytest.mark.parametrize("name", sorted(FILTERS))
@pytest.mark.parametrize("seed", [0, 1])
def test_filter_matches_cpython(compiled, name, seed):
    lib, namespace = compiled
    size = FILTERS[name]
    callback = scipy.LowLevelCallable(lib.function(name), signature=SIGNATURE)
    for label, image in images(seed):
        got = run(callback, image, size)
        want = run(namespace[name], image, size)
        assert got[0] == want[0], f"{name} on {label}: {got[1]!r} vs {want[1]!r}"
        if got[0] == "raise":
            assert type(got[1]) is type(want[1])
            assert str(got[1]).endswith(str(want[1])), f"{got[1]} vs {want[1]}"
        else:
            assert same_bits(got[1], want[1]), f"{name} on {label} differs"

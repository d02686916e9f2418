"""`del a[i]`, `del a[i:j:k]` of local lists, and `for` loops over a list the
body changes in length, against CPython.

tests/python/lists/list_delete.flt holds filters written as users write them
(a trimmed mean by deleting the ends, deleting outliers in a while loop,
popping while a for loop walks the list). Each runs through
scipy.ndimage.generic_filter compiled and as the same Python function under
CPython, on images with ties, NaNs and infinities and on several window
sizes; the results must be identical or both raise the same exception class.
The IndexError texts are CPython's and numpy's.
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import CompiledLibrary, assert_same_outcomes, exported_functions, python_namespace

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "lists" / "list_delete.flt"
NAMES = exported_functions(SOURCE.read_text())


@pytest.fixture(scope="module")
def compiled(build):
    return CompiledLibrary(build(SOURCE)), python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(11)
    yield rng.integers(-3, 4, (7, 8)).astype(float)
    yield rng.normal(0.0, 2.0, (7, 8))
    img = rng.integers(-4, 5, (7, 8)).astype(float)
    img.flat[[3, 17, 30, 41]] = [np.nan, np.inf, -0.0, -np.inf]
    yield img


@pytest.mark.parametrize("size", [(3, 3), (1, 2), (2, 3), (5, 5)])
def test_deletes_and_live_loops_match_cpython(compiled, size):
    assert len(NAMES) >= 20
    for img in images():
        assert_same_outcomes(compiled, NAMES, img, size)


def _message(callback, img):
    try:
        ndi.generic_filter(img, callback, size=3, mode="nearest")
    except Exception as e:  # noqa: BLE001 - the text is what is compared
        return type(e).__name__, str(e).split(": ", 1)[-1]
    return None


@pytest.mark.parametrize("name, text", [
    ("past_the_end", "list assignment index out of range"),
    ("negative_past", "list assignment index out of range"),
    ("from_empty", "list assignment index out of range"),
    ("zero_step", "slice step cannot be zero"),
])
def test_error_texts_are_cpythons(compiled, name, text):
    lib, ns = compiled
    img = np.arange(20.0).reshape(4, 5)
    window = np.arange(9.0)
    with pytest.raises(Exception) as python_error:
        ns[name](window)
    assert str(python_error.value) == text
    assert _message(lib[name], img) == (type(python_error.value).__name__, text)


def test_read_past_a_list_or_an_array_names_the_same_error(tmp_path, build):
    source = tmp_path / "reads.flt"
    source.write_text(
        "def list_read(values):\n"
        "    a = list(values)\n"
        "    return a[len(a)]\n\n\n"
        "def array_read(values):\n"
        "    return values[len(values) + 2]\n\n\n"
        "def list_store(values):\n"
        "    a = list(values)\n"
        "    a[-20] = 1.0\n"
        "    return a[0]\n")
    lib = CompiledLibrary(build(source))
    ns = python_namespace(source)
    img = np.arange(20.0).reshape(4, 5)
    for name in ("list_read", "array_read", "list_store"):
        with pytest.raises(IndexError) as python_error:
            ns[name](np.arange(9.0))
        assert _message(lib[name], img) == ("IndexError", str(python_error.value)), name

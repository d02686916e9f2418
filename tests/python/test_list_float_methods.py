"""list.count(x), list.remove(x) and list.index(x) of lists of floats where
x cannot be one of the list's own objects (an int, a literal, an arithmetic
result, an element of an array), so `==` decides as CPython's `is or ==`
does, NaNs included; compared with CPython through SciPy. Other float x
(a name, a list element) is refused (docs/diagnostics.md#listremovefloat)."""
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "lists" / "float_methods.flt"


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def image():
    rng = np.random.default_rng(2)
    img = rng.integers(-2, 3, (15, 12)).astype(np.float64)
    img[3, 3] = np.nan
    img[6, 9] = np.nan
    img[7, 9] = np.nan
    img[1, 1] = -1.5
    return img


@pytest.mark.parametrize("name", ["count_centre", "count_nan", "remove_first", "index_element"])
def test_matches_cpython(lib, py, image, name):
    want = ndi.generic_filter(image, py[name], size=3)
    got = ndi.generic_filter(image, getattr(lib, name), size=3)
    assert np.array_equal(got, want, equal_nan=True)


def test_remove_missing_raises_like_cpython(lib, py, image):
    with pytest.raises(ValueError) as cpython:
        ndi.generic_filter(image, py["remove_missing"], size=3)
    with pytest.raises(ValueError) as compiled:
        ndi.generic_filter(image, lib.remove_missing, size=3)
    assert str(cpython.value) == "list.remove(x): x not in list"
    assert str(compiled.value).endswith(": list.remove(x): x not in list")


@pytest.mark.parametrize("method", ["count", "remove"])
def test_own_element_is_refused(tmp_path, method):
    src = tmp_path / "bad.flt"
    src.write_text(f"def f(values):\n    xs = list(values)\n    m = xs[0]\n"
                   f"    n = xs.{method}(m)\n    return float(len(xs))\n")
    with pytest.raises(llcc.CompileError) as info:
        llcc.compile(src)
    assert f"list.{method}(x) of a list of floats needs x to be an int or a new number" \
        in str(info.value)

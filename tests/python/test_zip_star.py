"""zip(*rows) of a 2-D array, a tuple of tuples or a display (the columns),
also as list(zip(*rows)), compared with CPython running the same file
through SciPy; a row count known only at run time is refused."""
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "pylang" / "zip_star.flt"


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    return namespace


@pytest.mark.parametrize("name", ["columns", "column_list", "tuple_rows", "display", "constants"])
def test_matches_cpython(lib, py, name):
    image = np.random.default_rng(3).normal(size=(14, 11))
    image[5, 5] = np.nan
    want = ndi.generic_filter(image, py[name], size=3)
    got = ndi.generic_filter(image, getattr(lib, name), size=3)
    assert np.array_equal(got, want, equal_nan=True)


def test_run_time_row_count_is_refused(tmp_path):
    src = tmp_path / "bad.flt"
    src.write_text("def f(values):\n    rows = [(values[0], 1.0), (values[1], 2.0)]\n"
                   "    return sum(a for a, b in zip(*rows))\n")
    with pytest.raises(llcc.CompileError) as info:
        llcc.compile(src)
    assert "zip(*rows) needs the number of rows when compiling" in str(info.value)

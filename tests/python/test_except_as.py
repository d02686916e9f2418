"""`except SomeError as e` reading e in messages, against CPython.

Each filter of except_as/filters.flt runs through scipy.ndimage.generic_filter
as Python (the oracle) and compiled by llcc: the results, or the exception
class and str(exception), must be identical (errors llcc detects itself carry
file:line:col: in front of CPython's text when they leave uncaught).
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc
from conftest import (assert_same_message_outcome, compiled_message_outcome,
                      python_message_outcome)

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "except_as" / "filters.flt"

NAMES = ["center_int", "center_int_from", "repr_field", "divide", "divide_format",
         "tuple_clause", "any_error", "user_text", "reraise", "reraise_as", "caught_value",
         "nested", "key_errors", "via_helper", "with_finally", "modulo"]


@pytest.fixture(scope="module")
def lib(build):
    return llcc.load(build(SOURCE))


@pytest.fixture(scope="module")
def python():
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    return namespace


def images():
    rng = np.random.default_rng(7)
    out = {
        "calm": rng.uniform(1.0, 4.0, (5, 6)),
        "large": rng.uniform(0.0, 10.0, (6, 5)),
        "ints": rng.integers(0, 10, (5, 5)).astype(np.float64),
    }
    nan = rng.uniform(1.0, 9.0, (5, 5))
    nan[2, 3] = np.nan
    out["nan"] = nan
    inf = rng.uniform(1.0, 9.0, (5, 5))
    inf[1, 1] = np.inf
    out["inf"] = inf
    out["zeros"] = np.zeros((4, 4))
    out["sevens"] = np.full((4, 4), 7.0)
    return out


IMAGES = images()


@pytest.mark.parametrize("image", sorted(IMAGES))
@pytest.mark.parametrize("name", NAMES)
def test_message_matches_cpython(lib, python, name, image):
    img = IMAGES[image]
    expected = python_message_outcome(python[name], img)
    got = compiled_message_outcome(lib[name], img)
    assert_same_message_outcome(got, expected)


def test_print_of_e(lib, python, capsys):
    img = np.arange(9.0).reshape(3, 3)
    got = ndi.generic_filter(img, lib["printed"], size=3, mode="nearest")
    compiled = capsys.readouterr().out
    expected_values = ndi.generic_filter(img, python["printed"], size=3, mode="nearest")
    expected = capsys.readouterr().out
    np.testing.assert_array_equal(got, expected_values)
    assert compiled == expected
    assert "float division by zero|ZeroDivisionError\n" in compiled
    assert "ZeroDivisionError('float division by zero')\n" in compiled


REFUSED = {
    "args": ("    except ValueError as e:\n        raise ValueError(e.args[0])\n",
             "is the exception of 'except ... as e'; llcc reads it only as the text"),
    "number": ("    except ValueError as e:\n        k = e\n",
               "is the exception of 'except ... as e'; llcc reads it only as the text"),
    "len": ("    except ValueError as e:\n        raise ValueError(f\"{len(e)}\")\n",
            "is the exception of 'except ... as e'; llcc reads it only as the text"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_other_reads_refused(llcc, tmp_path, case):
    import subprocess
    body, message = REFUSED[case]
    src = tmp_path / "bad.flt"
    src.write_text("def f(values):\n    try:\n        k = int(values[4])\n" + body +
                   "    return k\n")
    proc = subprocess.run([llcc, str(src), "-o", str(tmp_path / "bad.so")],
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert "bad.flt:" in proc.stderr and ": error: " in proc.stderr
    assert message in proc.stderr, proc.stderr


def test_bare_raise_outside_except_refused(llcc, tmp_path):
    import subprocess
    src = tmp_path / "bad.flt"
    src.write_text("def f(values):\n    raise\n")
    proc = subprocess.run([llcc, str(src), "-o", str(tmp_path / "bad.so")],
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert "allowed only in an except clause" in proc.stderr

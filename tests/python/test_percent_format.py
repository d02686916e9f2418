"""printf-style '%' formatting ("only %d of %d" % (k, n)) in raise, assert and
print messages: the exception class and text, and the printed line, are
CPython's, through scipy.ndimage.generic_filter."""

import math
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc

from conftest import assert_same_message_outcome as assert_same
from conftest import compiled_message_outcome as compiled_outcome
from conftest import python_message_outcome as python_outcome
from conftest import run_llcc

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "raise" / "percent.flt"


@pytest.fixture(scope="module")
def lib(build):
    return llcc.load(build(SOURCE))


@pytest.fixture(scope="module")
def python():
    namespace = {}
    exec(SOURCE.read_text(), namespace)
    return namespace


RNG = np.random.default_rng(5)
IMAGES = {
    "small": RNG.uniform(0, 1, (5, 6)),
    "negative": RNG.uniform(-3000, 10, (5, 6)),
    "large": RNG.uniform(-1e300, 1e300, (4, 5)),
    "ints": RNG.integers(-40, 80, (5, 5)).astype(float),
    "flat": np.full((4, 4), 2.5),
    "special": np.array([[np.nan, 1.0, -0.0], [np.inf, -np.inf, 2.0], [-1.5, 0.0, 1e16]]),
    "nan_centre": np.array([[1.0, 1.0, 1.0], [1.0, -np.nan, 1.0], [1.0, 1.0, 1.0]]),
    "inf_centre": np.array([[40.0, 1.0, 1.0], [1.0, -np.inf, 1.0], [1.0, 1.0, 1.0]]),
}
NAMES = ["clipped_mean", "count_check", "centre_code", "flat_window", "widths", "mixed"]


@pytest.mark.parametrize("image", sorted(IMAGES))
@pytest.mark.parametrize("name", NAMES)
def test_messages_match_cpython(lib, python, name, image):
    img = IMAGES[image]
    assert_same(compiled_outcome(lib[name], img), python_outcome(python[name], img))


@pytest.mark.parametrize("params", [{"lo": 2.0, "hi": -1.5}, {"lo": 2.0, "hi": 1e-300, "name": "q"},
                                    {"lo": -np.inf, "hi": -np.nan}, {"hi": 1e16, "name": "mäx"}])
def test_parameters_in_messages(lib, python, params):
    img = IMAGES["small"] * 100
    expected = python_outcome(python["clipped_mean"], img, **params)
    assert expected[0] != "ok" or params.get("hi", 1.0) >= 1e16
    assert_same(compiled_outcome(lib.clipped_mean.bind(**params), img), expected)


def test_the_float_is_truncated_like_int():
    """%d of a float prints int(x) with every digit (1e300 included), -0.5 as 0."""
    values = [1e300, -1e300, 2.0 ** 63, -0.5, 0.9999, -7.5, 123456789.987, -0.0]
    src = "def f(values):\n    raise ValueError('%d|%+6d|%-6i|%06d' % (values[0], values[0], values[0], values[0]))\n"
    lib = llcc.compile(src, filename="trunc.flt")
    for v in values:
        expected = "%d|%+6d|%-6i|%06d" % (v, v, v, v)
        with pytest.raises(ValueError) as info:
            ndi.generic_filter(np.array([[v]]), lib.f, size=1)
        assert str(info.value) == expected


def test_print_with_percent(lib, python, capsys):
    img = IMAGES["small"]
    python_outcome(python["printed"], img)
    expected = capsys.readouterr().out
    ndi.generic_filter(img, lib.printed, size=3, mode="nearest")
    assert capsys.readouterr().out == expected
    assert expected.count("\n") == img.size


@pytest.mark.parametrize("expr, message", [
    ('"x %(k)s" % k', "'%(name)s' formatting takes a dict"),
    ('"x %*d" % (k, k)', "a '*' width or precision"),
    ('"%d of %d" % k', "not enough arguments for format string"),
    ('"%d" % (k, k)', "not all arguments converted during string formatting"),
    ('"%c" % k', "unsupported format character 'c'"),
    ('"%.2d" % k', "a precision on '%d'"),
    ('"%x" % values[0]', "%x format: an integer is required, not float"),
    ('"%f" % how', "%f format: a real number is required, not str"),
])
def test_refused_forms(request, tmp_path, expr, message):
    llcc_path = request.getfixturevalue("llcc")
    src = tmp_path / "bad.flt"
    src.write_text(f"def f(values, k=3, how='max'):\n    raise ValueError({expr})\n")
    proc = run_llcc(llcc_path, src, "-o", tmp_path / "bad.so")
    assert proc.returncode == 1
    assert "bad.flt:2:" in proc.stderr and message in proc.stderr, proc.stderr
    assert not (tmp_path / "bad.so").exists()

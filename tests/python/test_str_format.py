"""str.format() of a str literal ("{} of {}".format(k, n)) in raise, assert
and print messages: the exception class and text, and the printed line, are
CPython's, through scipy.ndimage.generic_filter."""

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
SOURCE = HERE / "raise" / "str_format.flt"


@pytest.fixture(scope="module")
def lib(build):
    return llcc.load(build(SOURCE))


@pytest.fixture(scope="module")
def python():
    namespace = {}
    exec(SOURCE.read_text(), namespace)
    return namespace


RNG = np.random.default_rng(7)
IMAGES = {
    "small": RNG.uniform(0, 1, (5, 6)),
    "negative": RNG.uniform(-3000, 10, (5, 6)),
    "large": RNG.uniform(-1e300, 1e300, (4, 5)),
    "ints": RNG.integers(-40, 80, (5, 5)).astype(float),
    "flat": np.full((4, 4), 2.5),
    "special": np.array([[np.nan, 1.0, -0.0], [np.inf, -np.inf, 2.0], [-1.5, 0.0, 1e16]]),
    "nan_centre": np.array([[1.0, 1.0, 1.0], [1.0, -np.nan, 1.0], [1.0, 1.0, 1.0]]),
}
NAMES = ["clipped_mean", "count_check", "centre_code", "flat_window", "widths", "mixed",
         "spec_error"]


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


def test_arguments_are_evaluated_before_formatting():
    """CPython evaluates every argument (values[20] raises IndexError) before
    it formats the first field ({:d} of a float, ValueError)."""
    src = ("def f(values):\n"
           "    k = 2\n"
           "    raise ValueError('{0} {1:d} {2}'.format(values[0], values[1] + k, k))\n")
    lib = llcc.compile(src, filename="order.flt")
    with pytest.raises(ValueError) as info:
        ndi.generic_filter(np.array([[1.5, 2.0]]), lib.f, size=(1, 2))
    assert str(info.value).endswith("Unknown format code 'd' for object of type 'float'")
    src2 = "def f(values):\n    raise ValueError('{:d} {}'.format(values[0], values[20]))\n"
    lib2 = llcc.compile(src2, filename="order2.flt")
    with pytest.raises(IndexError):
        ndi.generic_filter(np.array([[1.5, 2.0]]), lib2.f, size=(1, 2))


def test_print_with_format(lib, python, capsys):
    img = IMAGES["small"]
    python_outcome(python["printed"], img)
    expected = capsys.readouterr().out
    ndi.generic_filter(img, lib.printed, size=3, mode="nearest")
    assert capsys.readouterr().out == expected
    assert expected.count("\n") == img.size


def cpython_error(expr):
    values, k, t = np.arange(9.0), 3, (1, 2)
    try:
        eval(expr)
    except Exception as e:  # noqa: BLE001
        return type(e).__name__, str(e)
    return None


@pytest.mark.parametrize("expr, cpython", [
    ('"{1}".format(k)', True),
    ('"{}{}".format(k)', True),
    ('"{x}".format(k)', True),
    ('"{}{0}".format(k)', True),
    ('"{0}{}".format(k)', True),
    ('"{0!x}".format(k)', True),
    ('"a}b".format(k)', True),
    ('"{0".format(k)', True),
    ('"{".format(k)', True),
    ('"{0!r".format(k)', True),
    ('"{99999999999999999999}".format(k)', True),
])
def test_format_errors_are_cpythons(request, tmp_path, expr, cpython):
    """A format string CPython always refuses for these arguments: its
    exception class and message, as a compile error (the string is a literal)."""
    cls, message = cpython_error(expr)
    llcc_path = request.getfixturevalue("llcc")
    src = tmp_path / "bad.flt"
    src.write_text(f"def f(values, k=3):\n    raise ValueError({expr})\n")
    proc = run_llcc(llcc_path, src, "-o", tmp_path / "bad.so")
    assert proc.returncode == 1
    first = proc.stderr.splitlines()[0]
    assert "bad.flt:2:" in first, proc.stderr
    assert (f"error: {message}" in first if cls != "KeyError"
            else f"(CPython raises KeyError: {message})" in first), proc.stderr
    assert f"CPython raises {cls}" in first, proc.stderr
    assert not (tmp_path / "bad.so").exists()


@pytest.mark.parametrize("expr, message", [
    ('"{0[1]}".format(k)', "the field {0[1]} indexes its argument"),
    ('"{a.b}".format(a=k)', "the field {a.b} indexes its argument"),
    ('"{:{}}".format(k, 3)', "nested replacement fields in a str.format() format spec"),
    ('"{}".format(*t)', "str.format(*args) is not supported"),
    ('"{0}{0}".format(values[0])', "used by several fields or out of order"),
    ('"{1}{0}".format(values[0], values[1])', "used by several fields or out of order"),
    ('"{}".format(k, values[1])', "used by no field"),
])
def test_refused_forms(request, tmp_path, expr, message):
    llcc_path = request.getfixturevalue("llcc")
    src = tmp_path / "bad.flt"
    src.write_text(f"def f(values, k=3):\n    t = (1, 2)\n    raise ValueError({expr})\n")
    proc = run_llcc(llcc_path, src, "-o", tmp_path / "bad.so")
    assert proc.returncode == 1
    assert "bad.flt:3:" in proc.stderr and message in proc.stderr, proc.stderr
    assert proc.stderr.count("error:") == 1, proc.stderr


def test_names_and_literals_may_repeat(tmp_path):
    """Names and literals may be used twice, out of order or not at all."""
    src = ("def f(values, k=3):\n"
           "    m = values.max()\n"
           "    raise ValueError('{2} {0} {0!r} {2:>4} {1:.1f}'.format(m, -2.5, k, 'unused', 7))\n")
    lib = llcc.compile(src, filename="repeat.flt")
    img = np.array([[0.25]])
    ns = {}
    exec(src, ns)
    with pytest.raises(ValueError) as expected:
        ns["f"](img.ravel())
    with pytest.raises(ValueError) as got:
        ndi.generic_filter(img, lib.f, size=1)
    assert str(got.value) == str(expected.value)


def test_format_outside_a_message_is_refused(request, tmp_path):
    llcc_path = request.getfixturevalue("llcc")
    src = tmp_path / "bad.flt"
    src.write_text("def f(values, k=3):\n    s = '{}'.format(k)\n    return 1.0\n")
    proc = run_llcc(llcc_path, src, "-o", tmp_path / "bad.so")
    assert proc.returncode == 1
    assert "str.format() is supported on a str literal as the message" in proc.stderr, proc.stderr

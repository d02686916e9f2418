"""raise, assert, f-strings, str and None parameters through SciPy, against CPython.

Each filter of raise/filters.flt runs twice through scipy.ndimage.generic_filter:
as Python (the oracle) and compiled by llcc. The results, or the exception
class and str(exception), must be identical.
"""
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "raise" / "filters.flt"


@pytest.fixture(scope="module")
def lib(build):
    return llcc.load(build(SOURCE))


@pytest.fixture(scope="module")
def python():
    namespace = {}
    exec(compile(SOURCE.read_text(), str(SOURCE), "exec"), namespace)
    return namespace


def outcome(call):
    try:
        return ("ok", call())
    except Exception as exc:  # the class and the text are what we compare
        return (type(exc).__name__, str(exc))


def python_filter(function, image, win, /, **params):
    """generic_filter with a Python callback, raising the first pixel's exception.

    SciPy 1.10 goes on calling a callback after it raised (a Python callback
    then fails with SystemError), so the oracle catches the first exception,
    lets the pass finish and raises it: what CPython's semantics say.
    """
    first = []

    def py_func(values):
        if first:
            return 0.0
        try:
            return function(values, **params)
        except Exception as exc:
            first.append(exc)
            return 0.0
    result = ndi.generic_filter(image, py_func, size=win)
    if first:
        raise first[0]
    return result


def compare(lib, python, name, image, win=3, /, **params):
    expected = outcome(lambda: python_filter(python[name], image, win, **params))
    callback = lib[name].bind(**params) if params else lib[name]
    got = outcome(lambda: ndi.generic_filter(image, callback, size=win))
    assert got[0] == expected[0], (got, expected)
    if expected[0] == "ok":
        np.testing.assert_array_equal(got[1], expected[1])
    else:
        assert got[1] == expected[1]
    return got


IMAGE = np.arange(36.0).reshape(6, 6) - 10.0


@pytest.mark.parametrize("params", [{}, {"sigma": 2.5}, {"sigma": -1.5}, {"sigma": 0.0},
                                    {"power": -1}, {"sigma": 1e-7, "power": -3}])
def test_weighted_helper_raises_with_fstring(lib, python, params):
    compare(lib, python, "weighted", IMAGE, **params)


def test_weighted_message_text(lib):
    with pytest.raises(ValueError) as info:
        ndi.generic_filter(IMAGE, lib.weighted.bind(sigma=-2.0), size=3)
    assert str(info.value) == "sigma must be positive, got -2.0"


@pytest.mark.parametrize("win, expected", [(3, 9), (3, 8), (2, 9), ((3, 4), 12)])
def test_assert_on_the_window_size(lib, python, win, expected):
    compare(lib, python, "window_mean", IMAGE, win, expected=expected)


def test_assert_without_message(lib, python):
    kind, text = compare(lib, python, "plain_assert", IMAGE)
    assert (kind, text) == ("AssertionError", "")
    compare(lib, python, "plain_assert", np.abs(IMAGE))


@pytest.mark.parametrize("how", [None, "max", "min", "range", "mean", "", "mäx"])
def test_str_parameter_chosen_at_bind_time(lib, python, how):
    params = {} if how is None else {"how": how}
    compare(lib, python, "extreme", IMAGE, **params)


def test_str_parameter_rejects_other_types(lib):
    with pytest.raises(TypeError, match="expects a str"):
        lib.extreme.bind(how=3)
    (param,) = lib.extreme.entry["params"]
    assert (param["name"], param["type"], param["default"]) == ("how", "str", "max")
    clipped = {p["name"]: p for p in lib.clipped_mean.entry["params"]}
    assert clipped["lo"]["nullable"] and clipped["lo"]["default"] is None
    assert (clipped["lo"]["slot"], clipped["hi"]["slot"]) == (0, 2)


@pytest.mark.parametrize("params", [{}, {"lo": 0.0}, {"hi": 5.0}, {"lo": -3.0, "hi": 3.0},
                                    {"lo": 4.0, "hi": 1.0}, {"lo": None, "hi": 2.0}])
def test_none_defaults(lib, python, params):
    compare(lib, python, "clipped_mean", IMAGE, **params)


@pytest.mark.parametrize("params", [{}, {"t": 0.5}, {"t": None}, {"t": -100.0}])
def test_is_not_none(lib, python, params):
    compare(lib, python, "threshold", IMAGE, **params)


@pytest.mark.parametrize("size", [3, 4, 5])
def test_odd_size(lib, python, size):
    compare(lib, python, "needs_odd", IMAGE, 3, size=size)


def test_index_error_text(lib, python):
    kind, text = compare(lib, python, "needs_odd", IMAGE, 2, size=3)
    assert (kind, text) == ("IndexError", "4 values for size 3: expected     9")


@pytest.mark.parametrize("eps", [0.0, 0.5])
def test_zero_division_message(lib, python, eps):
    compare(lib, python, "ratio", np.zeros((4, 4)), eps=eps)


@pytest.mark.parametrize("scale", [1e16, 1e300, 0.1, -2.5e-8])
def test_float_formatting_matches_cpython(lib, python, scale):
    image = np.array([[1.5, -0.1, 3.0], [1e10, 7.0, 2.0 / 3.0], [np.inf, 5.0, 1e-7]])
    compare(lib, python, "report", image, scale=scale)
    compare(lib, python, "report", -image, scale=scale)
    compare(lib, python, "report", np.full((3, 3), np.nan), scale=scale)


def test_other_classes(lib, python):
    assert compare(lib, python, "unfinished", IMAGE) == ("NotImplementedError", "")
    assert compare(lib, python, "bad_key", IMAGE, name="median") == ("KeyError", "'median'")
    assert compare(lib, python, "typed", IMAGE, mode="b")[0] == "TypeError"


def test_first_failing_pixel_wins(lib):
    # SciPy calls on after a failed pixel; the exception is the first one's.
    image = np.arange(25.0).reshape(5, 5)
    with pytest.raises(ValueError, match=r"^lo=0\.0 is above hi=-1\.0$"):
        ndi.generic_filter(image, lib.clipped_mean.bind(hi=-1.0), size=3)


def test_last_error_has_the_location(lib):
    with pytest.raises(ValueError):
        ndi.generic_filter(IMAGE, lib.extreme.bind(how="avg"), size=3)
    assert lib.last_error().endswith("filters.flt:46:9: ValueError: how must be 'max', 'min' "
                                     "or 'range', not 'avg'")


PRINTS = '''
def f(values, label="px"):
    print(label, values[0], int(values[1]), values[0] > 1, sep=" | ", end=";\\n")
    print(f"{values[0]:.2f}", 1e16, -0.0, 1 / 3)
    print()
    return values[0]
'''


def test_print_goes_through_sys_stdout(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LLCC_CACHE_DIR", str(tmp_path / "cache"))
    lib = llcc.compile(PRINTS, filename="prints.flt")
    namespace = {}
    exec(PRINTS, namespace)
    image = np.array([[0.5, 2.0], [3.25, 4.0]])
    python_filter(namespace["f"], image, (1, 2))
    expected = capsys.readouterr().out
    print("python says:")
    ndi.generic_filter(image, lib.f, size=(1, 2))
    out = capsys.readouterr().out
    assert out == "python says:\n" + expected


KINDS = HERE / "raise" / "kinds.flt"


@pytest.mark.parametrize("params", [{}, {"how": "last"}, {"scale": 2.0},
                                    {"how": "last", "scale": None}])
def test_str_and_none_in_every_kind(build, params, capsys):
    lib = llcc.load(build(KINDS))
    namespace = {}
    exec(KINDS.read_text().replace("@llcc.filter1d", "").replace("@llcc.transform", ""),
         namespace)
    image = np.arange(20.0).reshape(4, 5)
    bound = (lambda cb: cb.bind(**params)) if params else (lambda cb: cb)
    np.testing.assert_array_equal(
        ndi.generic_filter1d(image, bound(lib.line), 3),
        ndi.generic_filter1d(image, lambda i, o: namespace["line"](i, o, **params), 3))
    dy = {"dy": params["scale"]} if "scale" in params else {}
    shift = lib.shift.bind(**dy) if dy else lib.shift
    np.testing.assert_array_equal(
        ndi.geometric_transform(image, shift),
        ndi.geometric_transform(image, lambda c: namespace["shift"](c, **dy)))
    got = ndi.generic_filter(image, bound(lib.f), size=2)
    printed = capsys.readouterr().out
    expected = python_filter(namespace["f"], image, 2, **params)
    np.testing.assert_array_equal(got, expected)
    assert printed == capsys.readouterr().out


@pytest.mark.parametrize("how", [None, "min", "avg"])
def test_module_str_constant(lib, python, how):
    params = {} if how is None else {"how": how}
    compare(lib, python, "by_mode", IMAGE, **params)


@pytest.mark.parametrize("power", [2, 0, -1])
@pytest.mark.parametrize("shift", [0.0, 30.0, -30.0])
def test_format_spec_errors_are_raised_when_formatted(lib, python, power, shift):
    # A spec the value's type does not take (`:d` of a float, `:.3` of an
    # int) is CPython's ValueError when that message is built, not a
    # compile error: the filter works on pixels that never build it.
    # (llcc's own checks put the source position first, as for every
    # runtime error it detects: the class and CPython's text must match.)
    image = IMAGE / 4 + shift
    expected = outcome(lambda: python_filter(python["checked_gain"], image, 3, power=power))
    got = outcome(lambda: ndi.generic_filter(image, lib.checked_gain.bind(power=power), size=3))
    assert got[0] == expected[0], (got, expected)
    if expected[0] == "ok":
        np.testing.assert_array_equal(got[1], expected[1])
    else:
        assert got[1] == expected[1] or got[1].endswith(": " + expected[1]), (got, expected)


@pytest.mark.parametrize("how", [None, "avg", "average", "max", "min", "median", "", "mäx"])
def test_str_parameter_in_a_display(lib, python, how):
    params = {} if how is None else {"how": how}
    compare(lib, python, "reduce_by", IMAGE, **params)


@pytest.mark.parametrize("t", [-100.0, 1.0, 100.0])
def test_try_catches_by_class_and_reraises_the_rest(lib, python, t):
    # IMAGE holds a zero: over t a KeyError (caught as LookupError); at the
    # zero, when it is not over t, a ZeroDivisionError no clause catches,
    # which leaves the filter (llcc's own check puts its position first).
    expected = outcome(lambda: python_filter(python["caught_or_not"], IMAGE, 3, t=t))
    got = outcome(lambda: ndi.generic_filter(IMAGE, lib["caught_or_not"].bind(t=t), size=3))
    assert got[0] == expected[0] == ("ok" if t < 0 else "ZeroDivisionError")
    if expected[0] == "ok":
        np.testing.assert_array_equal(got[1], expected[1])
    else:
        assert got[1].endswith(": " + expected[1])


def test_raise_in_an_except_clause(lib, python):
    got = compare(lib, python, "raise_in_clause", IMAGE)
    assert got == ("ValueError", "the centre is zero")
    compare(lib, python, "raise_in_clause", IMAGE + 0.5)


def test_llcc_int_limit_is_never_caught(lib, python):
    expected = outcome(lambda: python_filter(python["big_product"], IMAGE, 3))
    assert expected[0] == "ok"  # CPython's ints have no limit
    got = outcome(lambda: ndi.generic_filter(IMAGE, lib["big_product"], size=3))
    assert got[0] == "OverflowError" and "64-bit" in got[1]
    got = outcome(lambda: llcc.generic_filter(IMAGE, lib["big_product"], size=3))
    assert got[0] == "OverflowError" and "64-bit" in got[1]


@pytest.mark.parametrize("use_float", [True, False])
def test_divmod_by_zero(lib, python, use_float):
    expected = outcome(lambda: python_filter(python["divmod_zero"], IMAGE, 3,
                                             use_float=use_float))
    got = outcome(lambda: ndi.generic_filter(IMAGE, lib["divmod_zero"].bind(use_float=use_float),
                                             size=3))
    assert expected[0] == got[0] == "ZeroDivisionError"
    assert got[1].endswith(": " + expected[1])


@pytest.mark.parametrize("params", [{}, {"how": "mean"}, {"how": "median"}, {"how": "max"},
                                    {"k": -3}, {"how": "mäx", "k": 7}])
def test_messages_joined_with_plus(lib, python, params):
    got = compare(lib, python, "reduce_named", IMAGE, **params)
    if params.get("how") == "max":
        assert got == ("ValueError", "bad how: max (k=2, centre -10.0)")


@pytest.mark.parametrize("params", [{}, {"t": 5.0}, {"hi": "lo", "lo": "hi"}, {"lo": ""},
                                    {"t": 100.0, "lo": ""}])
def test_str_chosen_by_a_conditional(lib, python, params):
    compare(lib, python, "labelled", IMAGE, **params)


@pytest.mark.parametrize("image", [IMAGE, np.abs(IMAGE) + 1, np.abs(IMAGE)])
def test_np_where_of_numbers_computes_both(lib, python, image):
    expected = outcome(lambda: python_filter(python["where_sqrt"], image, 3))
    got = outcome(lambda: ndi.generic_filter(image, lib["where_sqrt"], size=3))
    assert got[0] == expected[0]
    if image is IMAGE:
        assert expected == ("ValueError", "math domain error")
        assert got[1].endswith(": math domain error")  # llcc's check says where
    elif image.min() == 0:
        assert expected == ("ZeroDivisionError", "float division by zero")
        assert got[1].endswith(": float division by zero")
    else:
        np.testing.assert_array_equal(got[1], expected[1])

"""round(x, n) of a Python float is CPython's float.__round__ (the exact value
rounded to n decimal places: round(2.675, 2) is 2.67), of a numpy float numpy's
(scaled by 10**n: 2.68); compiled code and the constant folder against CPython.
"""
import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc

SOURCE = '''
import numpy as np

HALF = round(2.675, 2)
BIG = round(1234567.5, -3)


def python_float(values, n=2):
    # float() makes a Python float: CPython's float.__round__
    return round(float(values[0]), n)


def numpy_float(values, n=2):
    return round(values[0], n)


def folded(values):
    return HALF + BIG
'''

NS = {}
exec(SOURCE, NS)


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    import os
    os.environ.setdefault("LLCC_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    return llcc.compile(SOURCE, filename="round.flt")


def values():
    rng = np.random.default_rng(7)
    decimals = np.round(rng.uniform(-1000, 1000, 4000), 3)  # ties in decimal, not in binary
    halves = (np.arange(-2000, 2000) + 0.5) / 100.0
    wide = rng.standard_normal(3000) * 10.0 ** rng.integers(-12, 14, 3000)
    special = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e308, -1.7976931348623157e308,
                        5e-324, 2.675, 0.125, 0.375, 1.005, 2.5, 3.5, -2.5, 1250.0, 1350.0,
                        49.999999999999996, 50.0, 150.0, 5e22, 4.9999999999999996e22])
    return np.concatenate([decimals, halves, wide, special])


def outcome(f):
    try:
        return ("ok", f())
    except Exception as exc:
        return (type(exc).__name__, str(exc).split(": ")[-1])


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 10, 17, 30, 400, -1, -2, -3, -5, -22, -23, -300,
                               -308, -309])
@pytest.mark.parametrize("name", ["python_float", "numpy_float"])
def test_round_matches_cpython(lib, name, n):
    xs = values().reshape(-1, 1)
    func = NS[name]
    expected = [outcome(lambda: func(np.array([x]), n)) for x in xs[:, 0]]
    got = outcome(lambda: ndi.generic_filter(xs, lib[name].bind(n=n), size=1))
    if all(e[0] == "ok" for e in expected):
        assert got[0] == "ok", got
        want = np.array([e[1] for e in expected], dtype=float).reshape(-1, 1)
        np.testing.assert_array_equal(got[1], want)
        assert np.array_equal(np.signbit(got[1]), np.signbit(want))
    else:
        first = next(e for e in expected if e[0] != "ok")
        assert got[0] == first[0] and got[1] == first[1]


def test_constants_are_cpythons(lib):
    got = ndi.generic_filter(np.zeros((2, 2)), lib.folded, size=1)
    assert got[0, 0] == NS["folded"](None) == 2.67 + 1235000.0

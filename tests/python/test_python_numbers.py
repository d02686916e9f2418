"""Numbers that are Python ints and floats in CPython keep Python's rules in
llcc (ZeroDivisionError, OverflowError, round(x, n) correctly rounded, ~ of
a bool) where they are read out of containers: a transform's output_coords
(SciPy passes a tuple of Python ints), a.shape, a dict holding Python
numbers, and the results of statistics.fmean/stdev/pstdev/geometric_mean
(Python floats) and statistics.mean/median of a.tolist(). Numbers that are
numpy scalars in CPython (a window's elements, np.argsort's, a dict holding
them) keep numpy's. Compared against CPython through SciPy's entry points.
"""
import numpy as np
import pytest
import scipy.integrate as si
import scipy.ndimage as ndi

import llcc

SOURCE = '''
import collections
import math
import statistics
import numpy as np
import llcc


def shape_round(values):
    return round(values.shape[0] * 0.15, 1)


def shape_ratio(values, z=0.0):
    return values.shape[0] / z


def shape_invert(values):
    return float(~(values.shape[0] > 3))


def shape_loop(values):
    t = 0
    for n in values.shape:
        t += n * len(values.shape)
    return round(t * 0.15, 1)


def dict_round(values):
    d = {1: 1.15, 2: 2.5}
    d[3] = 0.05 * values.shape[0]
    return round(d[1], 1) + round(d[3], 1)


def dict_numpy(values):
    d = {1: values[0]}
    return round(d[1] * 1.15, 1)


def dict_div(values, z=0.0):
    d = collections.defaultdict(float)
    d[0] += 1.5
    return d[0] / z


def counter_div(values, z=0.0):
    c = collections.Counter(values)
    return c[values[0]] / z


def argsort_div(values, z=0.0):
    return np.argsort(values)[0] / z


def fmean_round(values):
    return round(statistics.fmean(values), 1)


def zscore(values):
    xs = values.tolist()
    return (xs[len(xs) // 2] - statistics.fmean(xs)) / statistics.pstdev(xs)


def mean_list_round(values):
    return round(statistics.mean(values.tolist()), 1) + round(statistics.median(values.tolist()), 1)


def mean_array_round(values):
    return round(statistics.mean(values), 1)


@llcc.transform
def quantise(output_coords):
    return (0.0, round(output_coords[1] * 0.15, 1) * 10)


@llcc.transform
def tilt(output_coords, t=-1.0 / 13.0):
    y, x = output_coords
    w = 1.0 + t * y
    return (y / w, x / w)


@llcc.transform
def summed(output_coords, s=1.0):
    return (0.0, sum(output_coords) / s)


@llcc.integrand
def chebyshev(x, n=3):
    t0, t1 = 1.0, x
    for _ in range(n - 1):
        t0, t1 = t1, 2 * x * t1 - t0
    return t1 * t1


@llcc.integrand
def legendre(x, n=3.0):
    # a float default made an int: the parameter itself stays a double
    n = int(n)
    p0, p1 = 1.0, x
    for k in range(1, n):
        p0, p1 = p1, ((2 * k + 1) * x * p1 - k * p0) / (k + 1)
    return p1 * p1


@llcc.integrand
def dict_integrand(x, a=0.5):
    c = {1: a}
    return x + round(c[1], 1)
'''

class _Decorators:  # what `import llcc` gives the file under CPython
    transform = staticmethod(lambda f: f)
    integrand = staticmethod(lambda f: f)


NS = {"llcc": _Decorators}
exec(SOURCE.replace("import llcc\n", ""), NS)


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    import os
    os.environ.setdefault("LLCC_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    return llcc.compile(SOURCE, filename="python_numbers.flt")


def outcome(f):
    try:
        return ("ok", repr(np.asarray(f()).tolist()))
    except Exception as exc:
        cause = exc.__cause__ or exc
        return (type(cause).__name__,)


IMAGES = [np.full((1, 7), 1.15), np.arange(7.0).reshape(1, 7) * 0.1, np.full((1, 7), 2.0),
          np.array([[0.35, 1.15, 2.45, 0.05, 3.25, 0.15, 1.05]])]


@pytest.mark.parametrize("name", ["shape_round", "shape_ratio", "shape_invert", "shape_loop",
                                  "dict_round", "dict_numpy", "dict_div", "counter_div",
                                  "argsort_div", "fmean_round", "zscore", "mean_list_round",
                                  "mean_array_round"])
@pytest.mark.parametrize("image", range(len(IMAGES)))
def test_filters_match_cpython(lib, name, image):
    img = IMAGES[image]
    func = NS[name]
    # SciPy garbles a Python callback's exceptions: call it on the window.
    expected = outcome(lambda: func(img[0]))
    got = outcome(lambda: ndi.generic_filter(img, lib[name], size=(1, 7), mode="constant",
                                             cval=0.0)[0, 3])
    assert got == expected


def test_python_numbers_differ_from_numpy_here(lib):
    # The cases above would fail with numpy's rules: a Python float's
    # round(1.15, 1) is 1.1, numpy's 1.2; 7 / 0.0 raises.
    assert round(1.15, 1) == 1.1 and np.round(np.float64(1.15), 1) == 1.2
    img = np.full((1, 7), 1.15)
    assert ndi.generic_filter(img, lib.fmean_round, size=(1, 7))[0, 3] == 1.1
    assert ndi.generic_filter(img, lib.dict_numpy, size=(1, 7))[0, 3] == 1.3
    with pytest.raises(ZeroDivisionError):
        ndi.generic_filter(img, lib.shape_ratio, size=(1, 7))
    assert np.isnan(ndi.generic_filter(img, lib.argsort_div, size=(1, 7))[0, 3])  # numpy 0 / 0.0


@pytest.mark.parametrize("name,params", [("quantise", {}), ("tilt", {}), ("summed", {}),
                                         ("summed", {"s": 0.0})])
def test_transforms_match_cpython(lib, name, params):
    img = np.arange(400.0).reshape(20, 20)
    expected = outcome(lambda: ndi.geometric_transform(img, NS[name], order=0,
                                                       output_shape=(20, 20),
                                                       extra_keywords=params))
    got = outcome(lambda: ndi.geometric_transform(img, lib[name].bind(**params), order=0,
                                                  output_shape=(20, 20)))
    assert got == expected


def test_tilt_raises_at_the_horizon(lib):
    # y == 13 makes w exactly 0.0: CPython's Python float division raises.
    with pytest.raises(ZeroDivisionError):
        ndi.geometric_transform(np.ones((20, 20)), lib.tilt, order=0, output_shape=(20, 20))


@pytest.mark.parametrize("a", [0.15, 0.25, 1.05])
def test_integrand_dict_matches_cpython(lib, a):
    expected = si.quad(NS["dict_integrand"], 0.0, 1.0, args=(a,))[0]
    assert si.quad(lib.dict_integrand, 0.0, 1.0, args=(a,))[0] == expected


def test_integrand_int_default_is_an_int(lib):
    # quad leaves n out: CPython's n is the int 3, so range(n - 1) works.
    assert si.quad(lib.chebyshev, -1.0, 1.0)[0] == si.quad(NS["chebyshev"], -1.0, 1.0)[0]
    # Given by quad it is a double (LowLevelCallable), as CPython with 3.0.
    with pytest.raises(Exception) as info:
        si.quad(lib.chebyshev, -1.0, 1.0, args=(3.0,))
    assert isinstance(info.value.__cause__ or info.value, TypeError)


@pytest.mark.parametrize("args", [(), (0.0,), (2.0,), (6.0,)])
def test_integrand_float_default_made_int(lib, args):
    # an internal compiler error once (the int-default path took this float)
    assert si.quad(lib.legendre, -1.0, 1.0, args=args)[0] == \
        si.quad(NS["legendre"], -1.0, 1.0, args=args)[0]

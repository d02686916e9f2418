"""Decorators resolve globals as Python does: helpers and constants defined
further down the module than the decorated function are found when the
function is compiled (as Python finds them when it runs)."""
import importlib.util
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402

MODULE = '''
import llcc
import numpy as np


def run(image):
    return filtered(image)


@llcc.filter
def contrast(values):
    return spread(values) * GAIN + OFFSET


def filtered(image):
    import scipy.ndimage as ndi
    return ndi.generic_filter(image, contrast, size=3)


def spread(values):
    return np.max(values) - low(values)


def low(values):
    return np.min(values)


GAIN = 2.5
OFFSET = -1
'''


def load_module(tmp_path, name, text):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(text))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, path


def test_helpers_and_constants_defined_later(tmp_path):
    module, path = load_module(tmp_path, "later_defs", MODULE)
    image = np.random.default_rng(4).normal(size=(12, 15))
    py = module.contrast.py_func
    want = ndi.generic_filter(image, lambda v: (np.max(v) - np.min(v)) * 2.5 - 1, size=3)
    assert np.array_equal(module.run(image), want)
    assert np.array_equal(ndi.generic_filter(image, py, size=3), want)
    # The compiled program cites the user's own file and lines.
    assert module.contrast.library.source_file == path.name
    assert "GAIN = 2.5" in module.contrast.source


def test_later_undefined_name_is_a_compile_error(tmp_path):
    with pytest.raises(llcc.CompileError, match="nowhere"):
        load_module(tmp_path, "undefined_later", '''
            import llcc

            @llcc.filter
            def f(values):
                return values[0] * nowhere
            ''')


CALLS_DECORATED = '''
import llcc
import numpy as np

WEIGHTS = (1.0, 2.0, 1.0)


@llcc.filter
def peak(values):
    return np.max(values)


@llcc.filter
def prominence(values, floor=0.0):
    # a decorated filter calling another decorated filter, as in Python
    return peak(values) - max(np.median(values), floor)


@llcc.filter1d
def smooth(iline, oline):
    for i in range(len(oline)):
        total = 0.0
        for k, w in enumerate(WEIGHTS):
            total += w * iline[i + k]
        oline[i] = total / 4


@llcc.filter1d
def smooth_twice(iline, oline):
    smooth(iline, oline)
    for i in range(len(oline)):
        oline[i] = oline[i] * 2
'''


def test_decorated_function_calling_another_decorated_function(tmp_path):
    module, _ = load_module(tmp_path, "calls_decorated", CALLS_DECORATED)
    rng = np.random.default_rng(11)
    image = rng.normal(size=(14, 17))
    image[3, 4] = np.nan
    image[5, 5:8] = -0.0
    # The Python version is the user's function as CPython runs it; its call
    # to peak() runs peak's Python version (a Callback is not callable).
    want = ndi.generic_filter(image, module.prominence.py_func, size=3)
    for run in (lambda: ndi.generic_filter(image, module.prominence, size=3),
                lambda: llcc.generic_filter(image, module.prominence, size=3)):
        got = run()
        assert np.array_equal(got, want, equal_nan=True)
        assert np.array_equal(np.signbit(got), np.signbit(want))
    bound = module.prominence.bind(floor=0.5)
    assert np.array_equal(ndi.generic_filter(image, bound, size=3),
                          ndi.generic_filter(image, module.prominence.py_func, size=3,
                                             extra_keywords={"floor": 0.5}),
                          equal_nan=True)
    clean = rng.normal(size=(6, 40))
    want1d = ndi.generic_filter1d(clean, module.smooth_twice.py_func, 3)
    assert np.array_equal(ndi.generic_filter1d(clean, module.smooth_twice, 3), want1d)
    with pytest.raises(TypeError, match="not callable"):
        module.peak(image[:3, :3].ravel())


def test_python_version_reads_module_globals_live(tmp_path):
    module, _ = load_module(tmp_path, "live_globals", '''
        import llcc

        SCALE = 2.0

        @llcc.filter
        def scaled(values):
            return values[0] * SCALE
        ''')
    values = np.array([3.0, 1.0])
    assert module.scaled.py_func(values) == 6.0
    module.SCALE = 5.0  # Python reads the global when the function runs
    assert module.scaled.py_func(values) == 15.0
    assert module.scaled.py_func.__wrapped__.__name__ == "scaled"

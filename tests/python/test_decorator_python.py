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

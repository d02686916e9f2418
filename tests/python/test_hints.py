"""Diagnostics that lead to the fix, and the small things around them.

A session of typical mistakes, each of which must get exactly one error that
names the fix; an undecorated filter that another filter calls stays exported;
parameter defaults are any constant expression; float defaults are described
with Python's repr.
"""
import json
import subprocess

import numpy as np
import pytest
import scipy.ndimage as ndi

import llcc

@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LLCC_CACHE_DIR", str(tmp_path / "cache"))


MISTAKES = {
    "typo in a numpy name": ("import numpy as np\n\ndef f(values):\n"
                             "    m = np.meen(values)\n    return m * 2\n",
                             "did you mean 'np.mean' or 'np.min'?"),
    "typo in a local name": ("def f(values):\n    total = 0.0\n    for v in values:\n"
                             "        total += v\n    avg = totl / len(values)\n    return avg\n",
                             "did you mean 'total'?"),
    # (Bodies that do not say their kind: a plain one is inferred, SemaInferKinds.cpp.)
    "missing filter1d decorator": ("def f(iline, oline, k=1.0):\n    out = oline\n"
                                   "    for i in range(len(out)):\n"
                                   "        out[i] = iline[i] * k\n",
                                   "add @llcc.filter1d"),
    "missing transform decorator": ("import numpy as np\n\ndef f(output_coords):\n"
                                    "    c = output_coords\n"
                                    "    return (c[0] * 0.5, c[1])\n",
                                    "add @llcc.transform"),
    "builtin llcc lacks": ("def f(values):\n    s = 0.0\n    m = map(abs, values)\n"
                           "    for a in m:\n        s += a\n    return s\n",
                           "'map' is a Python builtin that llcc does not support"),
    "2-D slice on a 1-D window": ("def f(values):\n    w = values[0:3, 1]\n    return w\n",
                                  "too many indices for a 1-D array; reshape it first"),
    "numpy's own name llcc lacks": ("import numpy as np\n\ndef f(values):\n"
                                    "    return np.einsum('i,i->', values, values)\n",
                                    "'numpy.einsum' is not supported in llcc; `llcc --list-builtins` lists"),
    "three bad numpy names": ("import numpy as np\n\ndef f(values):\n"
                              "    return np.foo(values) + np.bar2(values) + np.baz3(values)\n",
                              "'numpy.foo' is not supported in llcc"),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_one_diagnostic_per_mistake(llcc, tmp_path, name):
    source, fix = MISTAKES[name]
    (tmp_path / "m.flt").write_text(source)
    proc = subprocess.run([str(llcc), "m.flt", "--check"], capture_output=True, text=True,
                          cwd=tmp_path)
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert proc.returncode == 1
    assert fix in errors[0], proc.stderr
    # A real numpy name is not a misspelling of a supported one (einsum is
    # one edit from nansum, cov from cos).
    if name == "numpy's own name llcc lacks":
        assert "did you mean" not in proc.stderr, proc.stderr
    if name == "three bad numpy names":
        # Each names itself and the command that lists the names; no
        # error lists the hundreds of names itself.
        assert len(errors) == 3 and all("--list-builtins" in e for e in errors), proc.stderr
        assert all(len(e) < 200 for e in errors), proc.stderr
    else:
        assert len(errors) == 1, proc.stderr


CALLED = """
import numpy as np

def smooth(values, k=2):
    return np.mean(values) * k

def sharpen(values, amount=1.5):
    return values[len(values) // 2] * amount - smooth(values)

def spread(values):
    return np.max(values) - smooth(values, k=1)
"""


def test_called_filter_stays_exported(fresh_cache):
    lib = llcc.compile(CALLED, filename="called.flt")
    assert list(lib.functions) == ["smooth", "sharpen", "spread"]
    namespace = {}
    exec(CALLED, namespace)
    image = np.random.default_rng(3).random((7, 6))
    for name in lib.functions:
        np.testing.assert_array_equal(ndi.generic_filter(image, lib[name], size=3),
                                      ndi.generic_filter(image, namespace[name], size=3))
    np.testing.assert_array_equal(
        ndi.generic_filter(image, lib.smooth.bind(k=5), size=3),
        ndi.generic_filter(image, lambda v: namespace["smooth"](v, k=5), size=3))


DEFAULTS = """
import numpy as np

N = 4

def f(values, scale=10**3, tau=2 * np.pi, eps=-1e-6, half=7 // 2, inv=2**-1, m=-7 % 3,
      big=N ** 2 + 1, tiny=2e-6):
    return values[0] * scale + tau + eps + half + inv + m + big + tiny
"""


def test_constant_expression_defaults(fresh_cache):
    lib = llcc.compile(DEFAULTS, filename="defaults.flt")
    namespace = {}
    exec(DEFAULTS, namespace)
    params = {p["name"]: p["default"] for p in lib.f.entry["params"]}
    assert params == {"scale": 1000, "tau": 2 * np.pi, "eps": -1e-6, "half": 3, "inv": 0.5,
                      "m": 2, "big": 17, "tiny": 2e-6}
    image = np.arange(16.0).reshape(4, 4)
    np.testing.assert_array_equal(ndi.generic_filter(image, lib.f, size=2),
                                  ndi.generic_filter(image, namespace["f"], size=2))


def test_describe_prints_the_shortest_repr(llcc, tmp_path):
    (tmp_path / "d.flt").write_text("def f(values, eps=2e-6, big=1e16, x=0.1):\n"
                                    "    return values[0] + eps\n")
    subprocess.run([str(llcc), "d.flt", "-o", "d.so"], check=True, cwd=tmp_path)
    out = subprocess.run([str(llcc), "--describe", "d.so"], capture_output=True, text=True,
                         cwd=tmp_path, check=True).stdout
    assert '"default": 2e-06' in out and '"default": 1e+16' in out and '"default": 0.1' in out
    params = json.loads(out)["functions"][0]["params"]
    assert [p["default"] for p in params] == [2e-6, 1e16, 0.1]


NONE_DEFAULT = """import numpy as np

def f(values, scale=None):
    return np.mean(values) * scale
"""


def test_none_default_gets_one_error_naming_the_parameter(fresh_cache, tmp_path):
    """The last of the typical mistakes: a parameter left at None and used as
    a number. It compiles (None defaults are Python), and running it raises
    CPython's exception class once, naming the parameter and the line; with
    the parameter bound, the filter runs and matches CPython."""
    (tmp_path / "m.flt").write_text(NONE_DEFAULT)
    lib = llcc.compile(NONE_DEFAULT, filename="m.flt")
    image = np.arange(12.0).reshape(3, 4)
    namespace = {}
    exec(NONE_DEFAULT, namespace)
    with pytest.raises(TypeError):
        namespace["f"](image.ravel())
    with pytest.raises(TypeError, match=r"m\.flt:4:\d+: 'scale' is None here"):
        ndi.generic_filter(image, lib.f, size=2)
    np.testing.assert_array_equal(
        ndi.generic_filter(image, lib.f.bind(scale=2.0), size=2),
        ndi.generic_filter(image, lambda v: namespace["f"](v, scale=2.0), size=2))


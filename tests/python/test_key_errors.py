"""A missing key of a local dict raises CPython's KeyError with the key's
repr as its text (float, int and bool keys; dicts of numbers and dicts of
lists; d[k] and d[k] += v), through SciPy's generic_filter, against the same
function under CPython, whose str(KeyError(k)) is repr(k)."""
import textwrap

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import CompiledLibrary, run_llcc

SOURCE = textwrap.dedent("""
    def float_key(values):
        d = {0.0: 1.0, 1.0: 2.0}
        return d[values[4]]


    def int_key(values):
        d = {}
        for v in values:
            d[int(v)] = d.get(int(v), 0) + 1
        return d[int(values[4]) + 100]


    def bool_key(values):
        d = {True: 1.0}
        return d[values[4] > 100.0]


    def augmented(values):
        counts = {}
        counts[values[0] * 2.5] += 1
        return 1.0


    def list_values(values):
        groups = {}
        for v in values:
            groups.setdefault(int(v) % 3, []).append(v)
        return sum(groups[int(values[4]) + 7])
""")


@pytest.fixture(scope="module")
def compiled(llcc, tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    (folder / "keys.flt").write_text(SOURCE)
    proc = run_llcc(llcc, folder / "keys.flt", "-o", folder / "keys.so")
    assert proc.returncode == 0, proc.stderr
    namespace = {}
    exec(SOURCE, namespace)
    return CompiledLibrary(folder / "keys.so"), namespace


@pytest.mark.parametrize("name", ["float_key", "int_key", "bool_key", "augmented",
                                  "list_values"])
def test_missing_key_text_is_its_repr(compiled, name):
    lib, namespace = compiled
    img = np.arange(9.0).reshape(3, 3) + 2.0
    with pytest.raises(KeyError) as got:
        ndi.generic_filter(img, lib[name], size=3)
    # CPython on the first window (SciPy's mode 'reflect' is numpy's
    # 'symmetric' pad), called directly: SciPy's Python-callback path reports
    # a later window's exception.
    first = np.pad(img, 1, mode="symmetric")[0:3, 0:3].ravel()
    with pytest.raises(KeyError) as want:
        namespace[name](first)
    assert str(got.value) == repr(str(want.value.args[0]))

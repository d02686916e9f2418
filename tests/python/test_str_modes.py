"""Module-level displays of strs (MODES = ("mean", "max")) written in place
at their uses (frontend/SemaClosures.cpp inlineStrDisplays): membership
tests of str parameters and the display's text in messages, against
CPython through scipy.ndimage.generic_filter."""
from pathlib import Path

import numpy as np
import pytest

import llcc

from conftest import python_namespace, same_outcome, window_outcome

SOURCE = Path(__file__).resolve().parent / "lang" / "str_modes.flt"

CASES = [("local", dict(mode=m)) for m in ("mean", "max", "min", "median", "")] + \
        [("scaled", dict(scale=s, kind=k)) for s in ("linear", "log", "Log")
         for k in ("box", "cross", "ring")] + \
        [("single", dict(how=h)) for h in ("only", "other")] + \
        [("shadowed", dict(mode=m)) for m in (0, 1)]


@pytest.fixture(scope="module")
def compiled(build):
    return llcc.load(build(SOURCE)), python_namespace(SOURCE)


@pytest.mark.parametrize("name, kw", CASES)
def test_matches_cpython(compiled, name, kw):
    lib, ns = compiled
    img = np.random.default_rng(len(str(kw))).normal(size=(5, 6))
    expected = window_outcome(lambda v: ns[name](v, **kw), img, 3)
    got = window_outcome(lib[name].bind(**kw), img, 3)
    assert same_outcome(got, expected), (name, kw, got, expected)


def test_message_text(compiled):
    lib, ns = compiled
    img = np.ones((3, 3))
    with pytest.raises(ValueError) as want:
        ns["local"](img.ravel(), "median")
    with pytest.raises(ValueError) as got:
        import scipy.ndimage as ndi
        ndi.generic_filter(img, lib.local.bind(mode="median"), size=3)
    assert str(got.value) == str(want.value) == \
        "mode must be one of ('mean', 'max', 'min'), got 'median'"

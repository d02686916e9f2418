"""Dicts and sets keyed by str literals looked up by a str known only at
run time (scan 10's file 117: `ops = {"mean": 0, ...}; ops[how]`): d[k],
d[k] += 1, d.get(k, v), k in d / k not in d, of a str parameter,
a str method's result and a concatenation, and a number key among strs.
CPython runs the same file on the windows scipy.ndimage.generic_filter
passes; values, exception classes and messages (KeyError('zzz')) must
match. A helper that only raises, chosen by a conditional expression,
is typed by the other arm. Adding a key computed at run time is refused.
"""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import (assert_same_message_outcome, compiled_message_outcome,  # noqa: E402
                      python_message_outcome, python_namespace, run_llcc)

SOURCE = Path(__file__).resolve().parent / "library" / "str_runtime_keys.flt"

CASES = [("reduce_by", {"how": h}) for h in ("mean", "max", "min", "zzz", "")] + [
    ("weighted", {"name": n}) for n in ("center", "edge", "flat", "other")] + [
    ("known_mode", {"mode": m}) for m in ("median", "mean", "mode")] + [
    ("tally", {"label": k}) for k in ("lo", "hi", "mid")] + [
    ("lowered", {"how": h}) for h in ("MAX", "Min", "avg")] + [
    ("scaled", {"unit": u}) for u in ("mm", "cm", "m", "km")] + [
    ("joined", {"prefix": p}) for p in ("me", "medi", "x")] + [
    ("fallback", {"how": h}) for h in ("a", "p")] + [
    ("by_number", {"k": k}) for k in (1.5, 2)] + [
    ("chosen", {"how": h}) for h in ("min", "max", "mid")]


@pytest.fixture(scope="module")
def lib():
    return llcc.compile(SOURCE)


@pytest.fixture(scope="module")
def py():
    return python_namespace(SOURCE)


def images():
    rng = np.random.default_rng(17)
    yield rng.random((6, 7))
    img = rng.random((5, 5))
    img.flat[[3, 11]] = [np.nan, -0.0]
    yield img


@pytest.mark.parametrize("name,params", CASES, ids=lambda c: str(c))
def test_matches_cpython(lib, py, name, params):
    for img in images():
        want = python_message_outcome(py[name], img, **params)
        got = compiled_message_outcome(lib[name].bind(**params), img)
        assert_same_message_outcome(got, want)


def test_missing_key_carries_the_str(lib, py):
    import scipy.ndimage as ndi
    with pytest.raises(KeyError) as got:
        ndi.generic_filter(np.ones((4, 4)), lib["reduce_by"].bind(how="median"), size=3)
    with pytest.raises(KeyError) as want:
        py["reduce_by"](np.ones(9), how="median")
    assert got.value.args == want.value.args == ("median",)


@pytest.mark.parametrize("body, hint", [
    ("d[key] = 1.0", "cannot add it"),
    ("d.setdefault(key, 2.0)", "cannot add it"),
    ("x = d[1.5]", "KeyError's argument must be a str"),
])
def test_adding_a_run_time_key_is_refused(llcc, tmp_path, body, hint):
    src = tmp_path / "s.flt"
    src.write_text(f'def f(values, key="a"):\n    d = {{"a": 0.0}}\n    {body}\n'
                   '    return d["a"]\n')
    out = tmp_path / "s.so"
    proc = run_llcc(llcc, src, "-o", out)
    assert proc.returncode == 1, proc.stderr
    assert "s.flt:3:" in proc.stderr and hint in proc.stderr
    assert not out.exists()


@pytest.mark.parametrize("helper, call, message", [
    ("def fail(k):\n    raise KeyError(k)\n", "k = fail(how)", "only raises"),
    ("def note(k):\n    print(k)\n", "k = 0 if how == 'a' else note(how)", "returns no value"),
    ("def note(k):\n    print(k)\n", "k = values[0] + note(how)", "returns no value"),
])
def test_calls_without_a_value_are_diagnosed(llcc, tmp_path, helper, call, message):
    src = tmp_path / "n.flt"
    src.write_text(helper + f'\ndef f(values, how="a"):\n    {call}\n    return values[0]\n')
    out = tmp_path / "n.so"
    proc = run_llcc(llcc, src, "-o", out)
    assert proc.returncode == 1, proc.stderr
    assert "n.flt:5:" in proc.stderr and message in proc.stderr
    assert "internal compiler error" not in proc.stderr
    assert not out.exists()

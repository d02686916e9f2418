"""A fixed-seed slice of the differential test (tests/difftest/run.py).

200 random well-typed programs from tests/difftest/gen.py, each compiled by
llcc and run through scipy.ndimage.generic_filter against CPython running
the same source; see run.py for the tolerance rule. Longer runs:
``/usr/bin/python3 tests/difftest/run.py --count 5000 --seed S``.
"""
import sys
from pathlib import Path

import pytest

DIFFTEST = Path(__file__).resolve().parents[1] / "difftest"
sys.path.insert(0, str(DIFFTEST))
import run  # noqa: E402

SEED = 910000
COUNT = 200


def test_generator_is_deterministic():
    assert run.gen.generate(SEED) == run.gen.generate(SEED)


def test_generated_programs_are_python():
    import ast
    for seed in range(SEED, SEED + 50):
        ast.parse(run.gen.generate(seed)[0])


def test_difftest_slice(llcc, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LLCC", str(llcc))
    status = run.main(["--count", str(COUNT), "--seed", str(SEED), "--quiet",
                       "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert status == 0, f"llcc differs from CPython (programs in {tmp_path}):\n{out[-6000:]}"

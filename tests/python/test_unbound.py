"""Reading a local before it is assigned raises UnboundLocalError as in
CPython, on every path where it can happen, while reads that follow an
assignment on every path carry no check (codegen's `known_` set, which keeps
huge straight-line functions cheap to compile). Each program runs through
scipy.ndimage.generic_filter, compiled at -O0 (where no optimiser can hide
a missing check) and -O2, against CPython."""
import sys
import textwrap

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import REPO, image

if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
import llcc  # noqa: E402

PROGRAMS = {
    # assigned in one branch only: unbound where the other one ran
    "if_without_else": """
        def f(values):
            if values[4] > 100.0:
                x = 1.0
            return x
        """,
    # both branches assign: always bound
    "if_else": """
        def f(values):
            if values[4] > 100.0:
                x = 1.0
            else:
                x = 2.0
            return x + values[0]
        """,
    # the branch that does not assign leaves by return
    "if_returns": """
        def f(values):
            if values[4] > 100.0:
                return 0.0
            else:
                x = values[1]
            return x
        """,
    "elif_chain_missing": """
        def f(values):
            if values[4] > 150.0:
                x = 1.0
            elif values[4] > 100.0:
                y = 2.0
            else:
                x = 3.0
            return x
        """,
    # a loop body may not run
    "loop_zero_iterations": """
        def f(values):
            for i in range(int(values[4]) % 2):
                x = values[i]
            return x
        """,
    # read in the loop body before its first assignment
    "read_before_assign_in_loop": """
        def f(values):
            total = 0.0
            for v in values:
                if v > 120.0:
                    total += last
                last = v
            return total
        """,
    # while ... else with break: the else's assignment is skipped by break
    "while_else_break": """
        def f(values):
            i = 0
            while i < len(values):
                if values[i] > 150.0:
                    break
                i += 1
            else:
                found = -1.0
            return found
        """,
    # the loop variable after a loop that ran zero times
    "loop_variable_after_empty_loop": """
        def f(values):
            for v in values[:int(values[4]) % 2]:
                pass
            return v
        """,
    # the else of a loop that ran zero times reads what only the body assigns
    "for_else_reads_body_variable": """
        def f(values):
            for v in values[:int(values[4]) % 2]:
                y = v
            else:
                z = y
            return z
        """,
    "range_else_after_assignment_before_loop": """
        def f(values):
            y = values[0]
            for i in range(int(values[4]) % 3):
                y = values[i]
            else:
                z = y
            return z
        """,
    # straight-line code: every read certainly bound
    "straight_line": """
        def f(values):
            s = 0.0
            c = 0.5
            i = len(values) // 2
            s = s + values[i % 9] * c
            s = s + values[(i + 1) % 9] * c
            a, b = s, c
            a += b
            return a
        """,
}


@pytest.mark.parametrize("opt", [0, 2])
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_unbound_local_matches_cpython(name, opt):
    source = textwrap.dedent(PROGRAMS[name])
    namespace = {}
    exec(compile(source, f"{name}.flt", "exec"), namespace)
    img = image("camera24")
    # SciPy keeps calling a Python callback after it raised (and then
    # reports a SystemError), so CPython's first exception is caught here.
    errors = []

    def oracle(values):
        if errors:
            return 0.0
        try:
            return namespace["f"](values)
        except Exception as exc:  # noqa: BLE001 - the outcome to compare
            errors.append(exc)
            return 0.0

    expected = ndi.generic_filter(img, oracle, size=3)
    expected_error = errors[0] if errors else None
    lib = llcc.compile(source, filename=f"{name}.flt", opt_level=opt)
    if expected_error is None:
        np.testing.assert_array_equal(ndi.generic_filter(img, lib["f"], size=3), expected)
    else:
        with pytest.raises(type(expected_error)) as info:
            ndi.generic_filter(img, lib["f"], size=3)
        assert str(expected_error) in str(info.value)

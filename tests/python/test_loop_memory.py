"""Memory of loops that make a container in every iteration.

A dict, set, list or array made inside a loop comes from the per-call arena;
when nothing made in an iteration outlives it, llcc releases that storage
when the iteration ends (codegen/IRGenLoopArena.cpp), so a call's memory is
bounded by its live data instead of growing with the trip count. Each filter
below runs a loop of 10**6 iterations that makes a container each time; the
compiled callback runs through scipy.ndimage.generic_filter in a child
process whose peak RSS (resource.getrusage) must stay far below what 10**6
kept containers would take (hundreds of MB), and the values must be CPython's.
"""
import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from conftest import run_llcc

SOURCE = '''
def dict_per_iteration(values):
    total = 0
    for i in range(1000000):
        d = {}
        d[i % 7] = values[i % len(values)]
        total += len(d)
    return float(total) + values[0]


def set_per_iteration(values):
    total = 0
    for i in range(1000000):
        s = set()
        s.add(i % 3)
        s.add(values[0])
        total += len(s)
    return float(total)


def list_per_iteration(values):
    best = -1.0
    i = 0
    while i < 1000000:
        lst = []
        lst.append(values[i % len(values)])
        lst.append(float(i % 5))
        best = max(best, lst[0] + lst[1])
        i += 1
    return best


def comprehension_per_iteration(values):
    total = 0.0
    for i in range(1000000):
        big = [v for v in values if v > i % 4]
        total += len(big)
    return total


def array_per_iteration(values):
    total = 0.0
    for i in range(1000000):
        shifted = values - float(i % 3)
        total += shifted[0]
    return total
'''

NAMES = ["dict_per_iteration", "set_per_iteration", "list_per_iteration",
         "comprehension_per_iteration", "array_per_iteration"]

CHILD = textwrap.dedent("""
    import ctypes, json, resource, sys
    import numpy as np
    import scipy, scipy.ndimage as ndi
    lib = ctypes.CDLL(sys.argv[1])
    argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_ssize_t,
                ctypes.POINTER(ctypes.c_double), ctypes.c_void_p]
    image = np.array([[1.5, -2.0]])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = {}
    for name in sys.argv[2:]:
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = ctypes.c_int, argtypes
        cb = scipy.LowLevelCallable(fn, signature="int (double *, intptr_t, double *, void *)")
        res = ndi.generic_filter(image, cb, size=1)
        out[name] = [float(v).hex() for v in res.reshape(-1)]
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"results": out, "grew_kb": after - before}))
""")


@pytest.fixture(scope="module")
def compiled(llcc, tmp_path_factory):
    folder = tmp_path_factory.mktemp("loopmem")
    src = folder / "loops.flt"
    src.write_text(SOURCE)
    so = folder / "loops.so"
    proc = run_llcc(llcc, src, "-o", so)
    assert proc.returncode == 0, proc.stderr
    return so


def cpython(name):
    namespace = {}
    exec(SOURCE, namespace)
    import scipy.ndimage as ndi
    image = np.array([[1.5, -2.0]])
    return [float(v).hex() for v in ndi.generic_filter(image, namespace[name], size=1).reshape(-1)]


@pytest.mark.parametrize("name", NAMES)
def test_loop_containers_release_their_storage(compiled, name):
    proc = subprocess.run([sys.executable, "-c", CHILD, str(compiled), name],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    # 2 calls of 10**6 iterations: kept storage would take 32 MB (arrays of
    # two) to hundreds of MB (dicts).
    assert report["grew_kb"] < 8 * 1024, f"peak RSS grew by {report['grew_kb']} KB"
    assert report["results"][name] == cpython(name)

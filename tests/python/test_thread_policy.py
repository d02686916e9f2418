"""How the whole-array entry points share their work among threads
(python/llcc/_abi.py, run_split): a call whose work is too small to gain
from threads runs on the calling thread when threads is left to llcc, an
explicit count is obeyed, the ranges cover every row once, the pool is
reused from call to call and works again in a forked child, and results are
SciPy's whatever the split."""
import multiprocessing
import os
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import scipy.ndimage as ndi

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from llcc import _abi  # noqa: E402

HERE = Path(__file__).resolve().parent
SOURCE = """
import numpy as np

def local_min(values):
    return np.min(values)
"""


class Recorder:
    """A stand-in kernel: records each range and the thread that ran it."""
    def __init__(self):
        self.calls = []
        self.lock = threading.Lock()

    def __call__(self, begin, end):
        with self.lock:
            self.calls.append((begin, end, threading.get_ident()))
        return 1


def split(count, threads, work):
    rec = Recorder()
    abi = {"args": [{"name": "begin"}, {"name": "end"}]}
    _abi.run_split(rec, abi, {}, ("begin", "end"), count, threads, None, None, work=work)
    return rec.calls


def covers(calls, count):
    ranges = sorted((b, e) for b, e, _ in calls)
    assert ranges[0][0] == 0 and ranges[-1][1] == count
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    assert all(b < e for b, e in ranges)


def test_small_work_runs_on_the_calling_thread():
    calls = split(64, None, work=64 * 64 * 9)
    covers(calls, 64)
    assert {t for _, _, t in calls} == {threading.get_ident()}


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: llcc never splits by default")
def test_large_work_is_split():
    calls = split(4096, None, work=4096 * 4096 * 25)
    covers(calls, 4096)
    assert len(calls) > 1


@pytest.mark.parametrize("threads", [2, 3, 8])
def test_explicit_threads_are_obeyed(threads):
    # Little work: one range a thread; much: four, to balance uneven rows.
    for work, per_thread in ((10, 1), (1 << 40, 4)):
        calls = split(100, threads, work=work)
        covers(calls, 100)
        assert len(calls) == min(100, threads * per_thread)
        assert threading.get_ident() not in {t for _, _, t in calls}


def test_more_threads_than_rows():
    covers(split(3, 8, work=3), 3)


def test_no_rows_calls_nothing():
    assert split(0, 2, work=0) == []


@pytest.mark.parametrize("threads", [0, -1])
def test_threads_must_be_positive(threads):
    with pytest.raises(ValueError, match="threads must be at least 1"):
        split(10, threads, work=10)


def test_the_pool_is_reused():
    split(100, 2, work=10)
    first = _abi._pool
    split(100, 2, work=10)
    assert _abi._pool is first


@pytest.fixture(scope="module")
def fn(tmp_path_factory):
    path = tmp_path_factory.mktemp("threads") / "local_min.flt"
    path.write_text(SOURCE)
    return llcc.compile(path)["local_min"]


@pytest.mark.parametrize("shape", [(1, 1), (7, 5), (64, 64), (600, 700)])
@pytest.mark.parametrize("threads", [None, 1, 2, 5])
def test_results_do_not_depend_on_the_split(fn, shape, threads):
    image = np.random.default_rng(shape[0]).normal(size=shape)
    got = llcc.generic_filter(image, fn, size=(3, 4), mode="wrap", threads=threads)
    np.testing.assert_array_equal(got, ndi.generic_filter(image, fn, size=(3, 4), mode="wrap"))


def _in_child(fn, queue):
    image = np.arange(40.0).reshape(5, 8)
    queue.put(llcc.generic_filter(image, fn, size=3, threads=2).tolist())


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_threads_after_fork(fn):
    split(100, 2, work=10)  # the parent's pool has threads now
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_in_child, args=(fn, queue))
    child.start()
    got = queue.get(timeout=60)
    child.join(60)
    assert child.exitcode == 0
    image = np.arange(40.0).reshape(5, 8)
    assert got == ndi.generic_filter(image, fn, size=3).tolist()

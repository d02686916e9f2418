"""llcc callables on a dask cluster of worker processes.

The callables are pickled (with their shared object) and sent to two worker
processes, which unpickle them into their own cache folder and load them; the
tiled result must equal the single-process one.
"""
import os
import sys

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import REPO

if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
import llcc  # noqa: E402
from test_kinds import KINDS_DIR  # noqa: E402

pytestmark = pytest.mark.filterwarnings(
    "ignore:make_current is deprecated:DeprecationWarning")

da = pytest.importorskip("dask.array")
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster_client(tmp_path_factory):
    """A LocalCluster with two worker processes, or a skip saying why it cannot start."""
    # The workers are fresh interpreters: they must find the package, and get
    # their own (empty) cache folder, so unpickling really writes and loads.
    saved = {key: os.environ.get(key) for key in ("PYTHONPATH", "LLCC_CACHE_DIR")}
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(REPO / "python")] + ([saved["PYTHONPATH"]] if saved["PYTHONPATH"] else []))
    os.environ["LLCC_CACHE_DIR"] = str(tmp_path_factory.mktemp("worker-cache"))
    cluster = client = None
    try:
        try:
            cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                               dashboard_address=None, silence_logs=40)
            client = distributed.Client(cluster)
            client.wait_for_workers(2, timeout=60)
        except Exception as exc:  # noqa: BLE001 - any failure to start is a sandbox limit
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()
            pytest.skip(f"distributed could not start a 2-process LocalCluster here: "
                        f"{type(exc).__name__}: {exc}")
        yield client
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_map_overlap_generic_filter(build, cluster_client):
    lib = llcc.load(build(KINDS_DIR / "filters.flt"))
    image = np.random.default_rng(5).uniform(0.0, 1.0, (96, 80))
    callbacks = [lib.count_above, lib.count_above.bind(threshold=0.8),
                 lib.clipped_sum.bind(lo=0.2, hi=0.7, scale=3)]
    for callback in callbacks:
        expected = ndi.generic_filter(image, callback, size=5, mode="reflect")
        tiled = da.from_array(image, chunks=(48, 40)).map_overlap(
            ndi.generic_filter, depth=2, boundary="reflect", dtype=image.dtype,
            function=callback, size=5, mode="reflect")
        result = tiled.compute(scheduler=cluster_client)
        assert np.array_equal(result, expected)

    # The work really ran in the worker processes, which loaded the library
    # from their own cache folder.
    pids = cluster_client.run(os.getpid)
    assert len(pids) == 2 and os.getpid() not in pids.values()
    loaded = cluster_client.run(
        lambda: sorted(path for path in os.listdir(os.path.join(os.environ["LLCC_CACHE_DIR"], "lib"))
                       if path.endswith(".so")))
    assert any(loaded.values()), loaded
    assert all(name == f"{lib.sha256}.so" for names in loaded.values() for name in names)


@pytest.fixture
def llcc_binary(llcc):
    return llcc


def test_decorated_callable_on_workers(cluster_client, tmp_path, monkeypatch, llcc_binary):
    monkeypatch.setenv("LLCC", str(llcc_binary))
    monkeypatch.setenv("LLCC_CACHE_DIR", str(tmp_path / "client-cache"))
    compiled = llcc.filter(range_of)
    image = np.random.default_rng(6).normal(size=(64, 64))
    for callback, scale in [(compiled, 2.0), (compiled.bind(scale=0.5), 0.5)]:
        expected = ndi.generic_filter(image, range_of, size=3, extra_keywords={"scale": scale})
        future = cluster_client.submit(ndi.generic_filter, image, callback, size=3, pure=False)
        assert np.array_equal(future.result(), expected)


def range_of(values, scale=2.0):
    return (max(values) - min(values)) * scale / 2.0


def test_llcc_dask_generic_filter_on_workers(build, cluster_client):
    """llcc.dask.generic_filter runs the whole-image kernels in worker
    processes; the result equals SciPy on the whole array."""
    import llcc.dask
    lib = llcc.load(build(KINDS_DIR / "filters.flt"))
    image = np.random.default_rng(6).uniform(0.0, 1.0, (61, 47))
    darr = da.from_array(image, chunks=(20, 16))
    for mode in ("reflect", "wrap", "constant"):
        callback = lib.count_above.bind(threshold=0.4)
        want = ndi.generic_filter(image, callback, size=(5, 3), mode=mode, cval=0.5)
        got = llcc.dask.generic_filter(darr, callback, size=(5, 3), mode=mode, cval=0.5)
        assert np.array_equal(got.compute(scheduler=cluster_client), want)

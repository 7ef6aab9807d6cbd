"""gparray chunks on a dask.distributed cluster of worker processes on this machine: the
arrays travel between processes by pickling, each worker computes on its own device, and the
results equal NumPy's."""
import os

import numpy as np
import pytest

import gparray
from conftest import assert_same

da = pytest.importorskip("dask.array", reason="dask[array] is not installed (the test extra)")
distributed = pytest.importorskip("distributed",
                                  reason="distributed is not installed (the test extra)")


def _worker_identity():
    import gparray

    x = gparray.arange(3.0)
    return os.getpid(), type(x).__module__, x.device.name


@pytest.fixture(scope="module")
def client():
    # Two single-threaded worker processes; the test starts and stops them.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, worker_dashboard_address=None) as cl, \
            distributed.Client(cl) as c:
        yield c


def test_workers_are_processes_with_their_own_device(client):
    identities = client.run(_worker_identity)
    pids = {pid for pid, _, _ in identities.values()}
    assert len(pids) == 2 and os.getpid() not in pids
    assert all(module == "gparray" for _, module, _ in identities.values())


def test_reduction_and_matmul_on_the_workers(client):
    rng = np.random.default_rng(3)
    a = rng.standard_normal((64, 16))
    b = rng.standard_normal((16, 8))
    # The host data is split on the client; each chunk moves to the device on its worker.
    d = da.from_array(a, chunks=(16, 16)).map_blocks(gparray.asarray)
    e = da.from_array(gparray.asarray(b), chunks=(16, 8), asarray=False)   # pickled chunks
    total, col_means, product = client.compute([d.sum(), d.mean(axis=0), d @ e], sync=True)
    assert_same(a.sum(), total, rtol=1e-12)
    assert_same(a.mean(axis=0), col_means, rtol=1e-12)
    assert_same(a @ b, product, rtol=1e-12)


def test_chunks_stay_gparray_on_the_workers(client):
    d = da.from_array(np.arange(40.0), chunks=10).map_blocks(gparray.asarray)
    kinds = d.map_blocks(lambda blk: np.array([type(blk).__module__ == "gparray"]),
                         chunks=(1,), dtype=bool)
    assert client.compute(kinds, sync=True).tolist() == [True] * 4


def test_pickled_round_trip_through_a_worker(client):
    x = gparray.asarray(np.linspace(0, 1, 7, dtype=np.float32))
    future = client.submit(lambda v: v * 2, x)
    assert_same(np.linspace(0, 1, 7, dtype=np.float32) * 2, future.result())

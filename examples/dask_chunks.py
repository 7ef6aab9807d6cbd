"""Work larger than one device: a Dask array whose chunks are gparray arrays.

Each chunk lives on a device; Dask schedules the chunk operations. With the default
(threaded) scheduler every chunk is on this process's device; with ``--cluster`` a
dask.distributed LocalCluster of worker processes runs them, each worker on its own device
(on a machine with several GPUs, give each worker its own ``GPARRAY_DEVICE``), and gparray
arrays travel between processes by pickling.

    python examples/dask_chunks.py             # threads, one device
    python examples/dask_chunks.py --cluster   # two worker processes
"""
import sys

import dask.array as da
import numpy as np

import gparray


def fit(samples, targets):
    """Least squares through Dask's tall-skinny QR; every step runs on gparray chunks."""
    # Chunks of 5000 rows; map_blocks moves each chunk to the device where its task runs.
    X = da.from_array(samples, chunks=(5_000, samples.shape[1])).map_blocks(gparray.asarray)
    y = da.from_array(targets, chunks=5_000).map_blocks(gparray.asarray)
    q, r = da.linalg.qr(X)
    r_dev, rhs_dev, spread = da.compute(r, q.T @ y, X.std(axis=0))
    print("chunk type:", type(X._meta).__name__)
    return gparray.linalg.solve(r_dev, rhs_dev), spread


def main():
    rng = np.random.default_rng(0)
    samples = rng.standard_normal((20_000, 8)).astype(np.float32)
    weights = np.linspace(-1, 1, 8, dtype=np.float32)
    targets = samples @ weights + 0.01 * rng.standard_normal(20_000).astype(np.float32)
    if "--cluster" in sys.argv:
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            print("workers:", len(client.scheduler_info()["workers"]))
            fitted, spread = fit(samples, targets)
    else:
        fitted, spread = fit(samples, targets)
    print("fitted on:     ", fitted.device)
    print("fitted weights:", np.round(gparray.asnumpy(fitted), 3))
    print("true weights:  ", np.round(weights, 3))
    print("column std:    ", np.round(gparray.asnumpy(spread), 3))


if __name__ == "__main__":   # worker processes re-import this file
    main()

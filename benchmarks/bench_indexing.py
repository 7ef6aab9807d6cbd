"""Indexing: boolean-mask select and a random gather/scatter of 1e6 elements on 1e7 float32;
gparray vs NumPy vs PyTorch CPU."""
import numpy as np

import gparray
from benchmarks._timing import per_call

N, K = 10**7, 10**6


def run():
    """Rows of (case, n, {library: seconds per call})."""
    device = gparray.default_device()
    sync = device.synchronize
    rng = np.random.default_rng(0)
    x = rng.random(N, dtype=np.float32)
    mask = x > 0.5
    idx = rng.integers(0, N, K)
    vals = rng.random(K, dtype=np.float32)
    dx, dmask, didx, dvals = (gparray.asarray(v) for v in (x, mask, idx, vals))
    try:
        import torch

        tx, tmask, tidx, tvals = (torch.from_numpy(v) for v in (x, mask, idx, vals))
    except ImportError:
        torch = None
    rows = []

    def scatter_np():
        x[idx] = vals

    def scatter_gp():
        dx[didx] = dvals

    cases = [
        ("x[mask] (half true)", lambda: x[mask], lambda: dx[dmask],
         (lambda: tx[tmask]) if torch else None),
        ("gather x[idx], 1e6 random", lambda: x[idx], lambda: dx[didx],
         (lambda: tx[tidx]) if torch else None),
        ("scatter x[idx] = v, 1e6 random", scatter_np, scatter_gp,
         (lambda: tx.index_put_((tidx,), tvals)) if torch else None),
    ]
    for case, f_np, f_gp, f_t in cases:
        times = {"gparray": per_call(f_gp, sync, repeats=3), "numpy": per_call(f_np, repeats=3)}
        if f_t is not None:
            times["pytorch"] = per_call(f_t, repeats=3)
        rows.append((case, N, times))
    return rows

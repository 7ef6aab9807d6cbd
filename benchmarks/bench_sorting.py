"""Sorting, searching and sets: sort/argsort of 1e6 and 1e7 float32, unique of 1e6 ints,
searchsorted of 1e6 values into 1e6 sorted values; gparray vs NumPy vs PyTorch CPU."""
import numpy as np

import gparray
from benchmarks._timing import per_call


def _torch():
    try:
        import torch

        return torch
    except ImportError:
        return None


def run():
    """Rows of (case, n, {library: seconds per call})."""
    device = gparray.default_device()
    sync = device.synchronize
    torch = _torch()
    rng = np.random.default_rng(0)
    rows = []
    for n in (10**6, 10**7):
        host = rng.random(n, dtype=np.float32)
        dev = gparray.asarray(host)
        for case, f_np, f_gp, f_t in (
                ("sort float32", np.sort, gparray.sort, lambda t: torch.sort(t, stable=True)),
                ("argsort float32 (stable)", lambda a: np.argsort(a, kind="stable"),
                 gparray.argsort, lambda t: torch.argsort(t, stable=True))):
            times = {"gparray": per_call(lambda: f_gp(dev), sync, repeats=3),
                     "numpy": per_call(lambda: f_np(host), repeats=3)}
            if torch is not None:
                t = torch.from_numpy(host)
                times["pytorch"] = per_call(lambda: f_t(t), repeats=3)
            rows.append((case, n, times))
    ints = rng.integers(0, 10**5, 10**6)
    dints = gparray.asarray(ints)
    times = {"gparray": per_call(lambda: gparray.unique(dints), sync, repeats=3),
             "numpy": per_call(lambda: np.unique(ints), repeats=3)}
    if torch is not None:
        t = torch.from_numpy(ints)
        times["pytorch"] = per_call(lambda: torch.unique(t), repeats=3)
    rows.append(("unique int64", 10**6, times))
    hay = np.sort(rng.random(10**6))
    needles = rng.random(10**6)
    dhay, dneedles = gparray.asarray(hay), gparray.asarray(needles)
    times = {"gparray": per_call(lambda: gparray.searchsorted(dhay, dneedles), sync, repeats=3),
             "numpy": per_call(lambda: np.searchsorted(hay, needles), repeats=3)}
    if torch is not None:
        th, tn = torch.from_numpy(hay), torch.from_numpy(needles)
        times["pytorch"] = per_call(lambda: torch.searchsorted(th, tn), repeats=3)
    rows.append(("searchsorted 1e6 into 1e6", 10**6, times))
    return rows

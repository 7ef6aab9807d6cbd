"""Decompositions at n = 1024: ``solve`` (one right-hand side) and ``cholesky``, float32 and
float64, and at n = 256 ``svd`` and ``eigh``, float32 (one-sided Jacobi on the OpenCL path) —
gparray's host path (NumPy's LAPACK on zero-copy views of the device buffers, the
default on CPU devices); its OpenCL path (blocked kernels, ``set_host_lapack(False)``) with
the trailing-matrix matmuls through the host's BLAS (the CPU default for matmul) and through
the OpenCL GEMM (``set_host_blas(False)`` too: all OpenCL, what a GPU runs); NumPy (OpenBLAS)
and PyTorch CPU if installed.

``python -m benchmarks.bench_linalg_decomp`` prints the rows."""
import numpy as np

import gparray
from benchmarks._timing import fmt_time, per_call
from gparray._linalg_products import set_host_blas

N = 1024


def _torch():
    try:
        import torch

        torch.set_num_threads(max(1, __import__("os").cpu_count() or 1))
        return torch
    except ImportError:
        return None


def _inputs(dtype):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((N, N)).astype(dtype)
    spd = (a @ a.T + N * np.eye(N)).astype(dtype)
    b = rng.standard_normal((N,)).astype(dtype)
    return (a + np.sqrt(N) * np.eye(N)).astype(dtype), spd, b


def run(min_time=0.5, repeats=3):
    """Rows of (case, dtype, {library: seconds per call})."""
    torch = _torch()
    sync = gparray.synchronize
    rows = []
    for dtype in (np.float32, np.float64):
        a, spd, b = _inputs(dtype)
        ga, gspd, gb = gparray.asarray(a), gparray.asarray(spd), gparray.asarray(b)
        cases = [
            ("solve", lambda: np.linalg.solve(a, b), lambda: gparray.linalg.solve(ga, gb),
             (lambda: torch.linalg.solve(ta, tb)) if torch else None),
            ("cholesky", lambda: np.linalg.cholesky(spd), lambda: gparray.linalg.cholesky(gspd),
             (lambda: torch.linalg.cholesky(tspd)) if torch else None),
        ]
        if torch:
            ta, tb, tspd = torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(spd)
        for case, np_call, gp_call, torch_call in cases:
            times = {"numpy": per_call(np_call, min_time=min_time, repeats=repeats)}
            with gparray.linalg.host_lapack(True):
                times["gparray (host LAPACK)"] = per_call(gp_call, sync, min_time, repeats)
            with gparray.linalg.host_lapack(False):
                times["gparray (OpenCL, host BLAS matmul)"] = per_call(gp_call, sync, min_time,
                                                                       repeats)
                previous = set_host_blas(False)
                try:
                    times["gparray (OpenCL)"] = per_call(gp_call, sync, min_time, repeats)
                finally:
                    set_host_blas(previous)
            if torch_call is not None:
                times["torch"] = per_call(torch_call, min_time=min_time, repeats=repeats)
            rows.append((f"{case} {N}", np.dtype(dtype).name, times))
    rows += _jacobi_rows(torch, min_time, repeats)
    return rows


def _jacobi_rows(torch, min_time, repeats, n=256):
    """svd and eigh at n = 256, float32: the OpenCL path is one-sided Jacobi (all OpenCL)."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n)).astype(np.float32)
    h = (a + a.T).astype(np.float32)
    ga, gh = gparray.asarray(a), gparray.asarray(h)
    ta, th = (torch.from_numpy(a), torch.from_numpy(h)) if torch else (None, None)
    rows = []
    for case, np_call, gp_call, torch_call in [
            ("svd", lambda: np.linalg.svd(a), lambda: gparray.linalg.svd(ga),
             (lambda: torch.linalg.svd(ta)) if torch else None),
            ("eigh", lambda: np.linalg.eigh(h), lambda: gparray.linalg.eigh(gh),
             (lambda: torch.linalg.eigh(th)) if torch else None)]:
        times = {"numpy": per_call(np_call, min_time=min_time, repeats=repeats)}
        with gparray.linalg.host_lapack(True):
            times["gparray (host LAPACK)"] = per_call(gp_call, gparray.synchronize, min_time,
                                                      repeats)
        previous = set_host_blas(False)
        try:
            with gparray.linalg.host_lapack(False):
                times["gparray (OpenCL)"] = per_call(gp_call, gparray.synchronize, min_time,
                                                     repeats)
        finally:
            set_host_blas(previous)
        if torch_call is not None:
            times["torch"] = per_call(torch_call, min_time=min_time, repeats=repeats)
        rows.append((f"{case} {n}", "float32", times))
    return rows


if __name__ == "__main__":
    for case, dtype, times in run():
        base = times["numpy"]
        print(f"{case:14s} {dtype:8s} " + "  ".join(
            f"{k}: {fmt_time(v)} ({v / base:.2f}x numpy)" for k, v in times.items()))

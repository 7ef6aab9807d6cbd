"""Matrix products: matmul GFLOP/s at 512/1024/2048 float32 and 1024 float64, and a batched
64 x (64 x 64) float32 matmul, for gparray's OpenCL GEMM, gparray through the host BLAS (CPU
devices only), NumPy and PyTorch (CPU).

    python -m benchmarks.bench_linalg            # the table rows
    python -m benchmarks.bench_linalg --sweep    # the GEMM tile sweep behind GEMM_TILES
"""
import sys
import time

import numpy as np

import gparray
from benchmarks._timing import per_call
from gparray import _linalg_products

CASES = [((512, 512, 512), 1, "float32"), ((1024, 1024, 1024), 1, "float32"),
         ((2048, 2048, 2048), 1, "float32"), ((1024, 1024, 1024), 1, "float64"),
         ((64, 64, 64), 64, "float32")]


def _torch():
    try:
        import torch

        torch.set_num_threads(max(1, __import__("os").cpu_count() or 1))
        return torch
    except ImportError:
        return None


def _operands(shape, batch, dtype):
    n, k, m = shape
    rng = np.random.default_rng(0)
    lead = (batch,) if batch > 1 else ()
    return (rng.standard_normal(lead + (n, k)).astype(dtype),
            rng.standard_normal(lead + (k, m)).astype(dtype))


def run(min_time=0.3):
    """Rows of (case, GFLOP/s by library): library in "gparray (OpenCL)", "gparray (host
    BLAS)", "numpy", "pytorch"."""
    device = gparray.default_device()
    torch = _torch()
    rows = []
    for shape, batch, dtype in CASES:
        if dtype == "float64" and not device.has_fp64:
            continue
        a, b = _operands(shape, batch, dtype)
        flops = 2.0 * batch * shape[0] * shape[1] * shape[2]
        x, y = gparray.asarray(a), gparray.asarray(b)
        rates = {}
        previous = _linalg_products.set_host_blas(False)
        try:
            rates["gparray (OpenCL)"] = flops / per_call(lambda: x @ y, device.synchronize, min_time)
        finally:
            _linalg_products.set_host_blas(previous)
        if _linalg_products.host_blas_available(device):
            previous = _linalg_products.set_host_blas(True)
            try:
                rates["gparray (host BLAS)"] = flops / per_call(lambda: x @ y, device.synchronize,
                                                                min_time)
            finally:
                _linalg_products.set_host_blas(previous)
        rates["numpy"] = flops / per_call(lambda: a @ b, min_time=min_time)
        if torch is not None:
            ta, tb = torch.from_numpy(a), torch.from_numpy(b)
            rates["pytorch"] = flops / per_call(lambda: ta @ tb, min_time=min_time)
        lead = f"{batch}x" if batch > 1 else ""
        rows.append((f"matmul {lead}{shape[0]}x{shape[1]} @ {shape[1]}x{shape[2]} {dtype}",
                     {lib: r / 1e9 for lib, r in rates.items()}))
    return rows


# (local, vw, rm, nv, wm, wn, tk): see GEMM_TILES in gparray/_linalg_products.py.
SWEEP = {
    "cpu": [(0, 16, 8, 2, 1, 1, 1), (0, 16, 8, 2, 4, 1, 1), (0, 16, 8, 2, 8, 1, 1),
            (0, 16, 8, 2, 16, 1, 1), (0, 16, 6, 2, 4, 1, 1), (0, 16, 6, 2, 8, 1, 1),
            (0, 16, 12, 1, 8, 1, 1), (0, 16, 4, 4, 8, 1, 1), (0, 16, 8, 2, 4, 2, 1),
            (0, 8, 8, 4, 8, 1, 1), (0, 16, 14, 1, 8, 1, 1),
            (1, 16, 8, 2, 4, 1, 32), (1, 16, 8, 2, 8, 1, 64), (1, 1, 4, 4, 16, 16, 16)],
}


def sweep(n=1024, dtype="float32", repeats=5):
    """GFLOP/s of the OpenCL GEMM (packing included) for each tile shape of this device's
    kind, with NumPy timed right before each so that a loaded machine shows as a ratio."""
    device = gparray.default_device()
    dtype = np.dtype(dtype)
    a, b = _operands((n, n, n), 1, dtype)
    x, y = gparray.asarray(a), gparray.asarray(b)
    c = gparray.empty((n, n), dtype=dtype)
    ref = a.astype(np.float64) @ b
    flops = 2.0 * n ** 3
    for params in SWEEP.get(device.kind, SWEEP["cpu"]):
        cfg = dict(zip(("local", "vw", "rm", "nv", "wm", "wn", "tk"), params))
        if dtype.itemsize == 8:
            cfg["vw"] = max(1, cfg["vw"] // 2)
        _linalg_products.gemm(device, x, y, c, cfg)
        device.synchronize()
        err = float(np.abs(c.get() - ref).max())
        ours = theirs = float("inf")
        for _ in range(repeats):
            t0 = time.perf_counter()
            a @ b
            theirs = min(theirs, time.perf_counter() - t0)
            t0 = time.perf_counter()
            _linalg_products.gemm(device, x, y, c, cfg)
            device.synchronize()
            ours = min(ours, time.perf_counter() - t0)
        print(f"{cfg}  {flops / ours / 1e9:6.1f} GFLOP/s  numpy {flops / theirs / 1e9:6.1f}  "
              f"ratio {theirs / ours:.2f}  max err {err:.2g}", flush=True)


if __name__ == "__main__":
    if "--sweep" in sys.argv:
        args = [v for v in sys.argv[1:] if not v.startswith("--")]
        sweep(int(args[0]) if args else 1024, args[1] if len(args) > 1 else "float32")
    else:
        for case, rates in run():
            print(case, "  ".join(f"{lib}: {r:.1f}" for lib, r in rates.items()))

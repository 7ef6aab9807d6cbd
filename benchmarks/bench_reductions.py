"""Reduction and scan throughput on float32: full sum of 1e7, sum over axis 0 and axis 1 of
4000x4000, full nansum/mean/count_nonzero/max, argmax of 1e7 and cumsum of 1e7 — against NumPy, PyTorch (CPU, if installed),
pyopencl.array where it has the operation, and the bandwidth roof: a hand-written copy
kernel moving the same input bytes."""
import numpy as np

import gparray
from benchmarks._timing import per_call

COPY = r"""
__kernel void copy16(__global const float* a, __global float* c, const long n)
{
    const long i = get_global_id(0) * 16;
    if (i + 16 <= n) vstore16(vload16(0, a + i), 0, c + i);
    else for (long j = i; j < n; ++j) c[j] = a[j];
}
"""


def _torch():
    try:
        import torch

        torch.set_num_threads(max(1, __import__("os").cpu_count() or 1))
        return torch
    except ImportError:
        return None


CASES = [
    # (case, shape, gparray/numpy call, torch call, pyopencl.array call or None)
    ("sum (full)", (10**7,), lambda m, x: m.sum(x), lambda t, x: t.sum(x),
     lambda cla, x: cla.sum(x)),
    ("sum axis=0 (4000x4000)", (4000, 4000), lambda m, x: m.sum(x, axis=0),
     lambda t, x: t.sum(x, dim=0), None),
    ("sum axis=1 (4000x4000)", (4000, 4000), lambda m, x: m.sum(x, axis=1),
     lambda t, x: t.sum(x, dim=1), None),
    ("nansum (full)", (10**7,), lambda m, x: m.nansum(x), lambda t, x: t.nansum(x), None),
    ("mean (full)", (10**7,), lambda m, x: m.mean(x), lambda t, x: t.mean(x), None),
    ("count_nonzero (full)", (10**7,), lambda m, x: m.count_nonzero(x),
     lambda t, x: t.count_nonzero(x), None),
    ("max (full)", (10**7,), lambda m, x: m.max(x), lambda t, x: t.max(x), None),
    ("argmax", (10**7,), lambda m, x: m.argmax(x), lambda t, x: t.argmax(x), None),
    ("cumsum", (10**7,), lambda m, x: m.cumsum(x), lambda t, x: t.cumsum(x, dim=0), None),
]


def run():
    """Rows of (case, size, {library: seconds per call})."""
    import pyopencl as cl
    import pyopencl.array as cla

    device = gparray.default_device()
    queue = device.queue
    copy = cl.Kernel(cl.Program(device.context, COPY).build(), "copy16")
    torch = _torch()
    rng = np.random.default_rng(0)
    rows = []
    for case, shape, call, torch_call, cla_call in CASES:
        x_np = rng.random(shape, dtype=np.float32)
        n = x_np.size
        x_gp = gparray.asarray(x_np)
        x_cl = cla.to_device(queue, x_np)
        out_cl = cla.empty_like(x_cl)
        groups = ((n + 15) // 16 + 63) // 64 * 64
        times = {
            "gparray": per_call(lambda: call(gparray, x_gp), device.synchronize),
            "numpy": per_call(lambda: call(np, x_np)),
            "hand-written kernel": per_call(
                lambda: copy(queue, (groups,), (64,), x_cl.data, out_cl.data, np.int64(n)),
                queue.finish),
        }
        if cla_call is not None:
            try:            # pyopencl's reductions need Mako, an optional dependency
                times["pyopencl.array"] = per_call(lambda: cla_call(cla, x_cl), queue.finish)
            except ImportError:
                pass
        if torch is not None:
            x_t = torch.from_numpy(x_np)
            times["pytorch"] = per_call(lambda: torch_call(torch, x_t))
        rows.append((case, n, times))
    return rows


if __name__ == "__main__":
    from benchmarks._timing import fmt_time

    for case, n, times in run():
        print(case, n, {k: fmt_time(v) for k, v in times.items()})

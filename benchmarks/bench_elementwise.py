"""Elementwise throughput: a + b, exp(a), and a*b + sin(a) - 2*b on float32 at 1e3, 1e5 and
1e7 elements, plus the fixed cost of one tiny operation."""
import numpy as np

import gparray
from benchmarks._timing import per_call

SIZES = (10**3, 10**5, 10**7)

HAND_WRITTEN = r"""
__kernel void add(__global const float* a, __global const float* b, __global float* c, const long n)
{
    const long i = get_global_id(0) * 16;
    if (i + 16 <= n) vstore16(vload16(0, a + i) + vload16(0, b + i), 0, c + i);
    else for (long j = i; j < n; ++j) c[j] = a[j] + b[j];
}
__kernel void expk(__global const float* a, __global float* c, const long n)
{
    const long i = get_global_id(0) * 16;
    if (i + 16 <= n) vstore16(exp(vload16(0, a + i)), 0, c + i);
    else for (long j = i; j < n; ++j) c[j] = exp(a[j]);
}
__kernel void fused(__global const float* a, __global const float* b, __global float* c, const long n)
{
    const long i = get_global_id(0) * 16;
    if (i + 16 <= n) {
        const float16 x = vload16(0, a + i), y = vload16(0, b + i);
        vstore16(x * y + sin(x) - 2.0f * y, 0, c + i);
    } else for (long j = i; j < n; ++j) c[j] = a[j] * b[j] + sin(a[j]) - 2.0f * b[j];
}
__kernel void empty(void) {}
"""

EXPRESSIONS = {
    "a + b": lambda m, a, b: a + b,
    "exp(a)": lambda m, a, b: m.exp(a),
    "a*b + sin(a) - 2*b": lambda m, a, b: a * b + m.sin(a) - 2 * b,
}


def _torch():
    try:
        import torch

        torch.set_num_threads(max(1, __import__("os").cpu_count() or 1))
        return torch
    except ImportError:
        return None


def _pyopencl_array(device):
    import pyopencl.array as cla
    import pyopencl.clmath as clmath

    class Namespace:
        exp = staticmethod(clmath.exp)
        sin = staticmethod(clmath.sin)

    return cla, Namespace


def run():
    """Rows of (case, size, {library: seconds per call})."""
    import pyopencl as cl

    device = gparray.default_device()
    queue = device.queue
    program = cl.Program(device.context, HAND_WRITTEN).build()
    kernels = {name: cl.Kernel(program, name) for name in ("add", "expk", "fused", "empty")}
    torch = _torch()
    cla, clmath_ns = _pyopencl_array(device)
    rows = []
    rng = np.random.default_rng(0)
    for n in SIZES:
        a_np = rng.random(n, dtype=np.float32)
        b_np = rng.random(n, dtype=np.float32)
        a_gp, b_gp = gparray.asarray(a_np), gparray.asarray(b_np)
        a_cl, b_cl = cla.to_device(queue, a_np), cla.to_device(queue, b_np)
        c_cl = cla.empty_like(a_cl)
        sync = device.synchronize
        groups = ((n + 15) // 16 + 63) // 64 * 64
        hand = {
            "a + b": lambda: kernels["add"](queue, (groups,), (64,), a_cl.data, b_cl.data, c_cl.data, np.int64(n)),
            "exp(a)": lambda: kernels["expk"](queue, (groups,), (64,), a_cl.data, c_cl.data, np.int64(n)),
            "a*b + sin(a) - 2*b": lambda: kernels["fused"](queue, (groups,), (64,), a_cl.data, b_cl.data, c_cl.data, np.int64(n)),
        }
        for case, expr in EXPRESSIONS.items():
            times = {
                "gparray": per_call(lambda: expr(np, a_gp, b_gp), sync),
                "numpy": per_call(lambda: expr(np, a_np, b_np)),
                "pyopencl.array": per_call(lambda: expr(clmath_ns, a_cl, b_cl), queue.finish),
                "hand-written kernel": per_call(hand[case], queue.finish),
            }
            if torch is not None:
                a_t, b_t = torch.from_numpy(a_np), torch.from_numpy(b_np)
                times["pytorch"] = per_call(lambda: expr(torch, a_t, b_t))
            rows.append((case, n, times))
    # NaN-aware functions (PoCL vectorises them only since isnan became a comparison)
    n = SIZES[-1]
    a_np = rng.random(n, dtype=np.float32)
    b_np = rng.random(n, dtype=np.float32)
    a_gp, b_gp = gparray.asarray(a_np), gparray.asarray(b_np)
    a_cl, b_cl = cla.to_device(queue, a_np), cla.to_device(queue, b_np)
    for case, call, cl_call in (("maximum(a, b)", lambda xp, a, b: xp.maximum(a, b),
                                 lambda: cla.maximum(a_cl, b_cl)),
                                ("isnan(a)", lambda xp, a, b: xp.isnan(a), None)):
        times = {"gparray": per_call(lambda: call(gparray, a_gp, b_gp), device.synchronize),
                 "numpy": per_call(lambda: call(np, a_np, b_np))}
        if cl_call is not None:
            times["pyopencl.array"] = per_call(cl_call, queue.finish)
        if torch is not None:
            a_t, b_t = torch.from_numpy(a_np), torch.from_numpy(b_np)
            times["pytorch"] = per_call(lambda: call(torch, a_t, b_t))
        rows.append((case, n, times))
    # Fixed cost of one tiny operation, next to launching an empty kernel and waiting for it.
    x, y = gparray.ones(1, dtype=np.float32), gparray.ones(1, dtype=np.float32)
    tiny = {
        "gparray": per_call(lambda: (x + y, device.synchronize())),
        "numpy": per_call(lambda: np.ones(1, np.float32) + np.ones(1, np.float32)),
        "hand-written kernel": per_call(lambda: (kernels["empty"](queue, (1,), (1,)), queue.finish())),
    }
    rows.append(("tiny op (x + y, 1 element, then wait)", 1, tiny))
    return rows

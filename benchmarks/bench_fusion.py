"""Kernel fusion: gparray.fuse against the same code unfused, NumPy, PyTorch (CPU, when
installed) and a hand-written fused OpenCL kernel (the roof), on 1e7 float32 elements:

- the chain ``a*b + sin(a) - 2*b``;
- Black-Scholes call and put prices (about 30 elementwise ops with exp, log, sqrt and the
  cumulative normal; NumPy has no erf, so the normal CDF is the classic polynomial of
  Abramowitz and Stegun, written with copysign instead of a branch);
- GELU (the tanh form);
- ``((a - b) ** 2).sum()``;
also the same code unfused under automatic fusion (``gparray.set_fusion(True)``), the peak
device memory one call of the chain holds beyond its inputs, and the autodiff MLP step.

    python -m benchmarks.bench_fusion          # from the repository root; GPARRAY_BENCH_N
                                               # sets the size (default 1e7)
"""
import os

import numpy as np

import gparray
from benchmarks._timing import fmt_time, per_call
from gparray._runtime import vector_widths as _vector_widths

N = int(float(os.environ.get("GPARRAY_BENCH_N", "1e7")))
RISK_FREE, VOLATILITY = 0.02, 0.30


def chain(xp, a, b):
    return a * b + xp.sin(a) - 2 * b


def _cnd(xp, d):
    k = 1.0 / (1.0 + 0.2316419 * xp.abs(d))
    poly = k * (0.31938153 + k * (-0.356563782 + k * (1.781477937 + k * (-1.821255978
                                                                          + k * 1.330274429))))
    tail = 0.3989422804014327 * xp.exp(-0.5 * d * d) * poly
    return 0.5 + xp.copysign(0.5 - tail, d)


def black_scholes(xp, s, x, t):
    sqrt_t = xp.sqrt(t)
    d1 = (xp.log(s / x) + (RISK_FREE + 0.5 * VOLATILITY * VOLATILITY) * t) / (VOLATILITY * sqrt_t)
    d2 = d1 - VOLATILITY * sqrt_t
    discount = x * xp.exp(-RISK_FREE * t)
    call = s * _cnd(xp, d1) - discount * _cnd(xp, d2)
    put = discount * _cnd(xp, -d2) - s * _cnd(xp, -d1)
    return call, put


def gelu(xp, x):
    return 0.5 * x * (1.0 + xp.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3)))


def sum_sq(xp, a, b):
    return ((a - b) ** 2).sum()


HAND_WRITTEN = r"""
#define V GP_PASTE(float, W)
#define GP_CAT_(a, b) a##b
#define GP_PASTE(a, b) GP_CAT_(a, b)
#define LOAD(p, i) GP_PASTE(vload, W)(0, (p) + (i))
#define STORE(v, p, i) GP_PASTE(vstore, W)((v), 0, (p) + (i))

__kernel void chain(__global const float* a, __global const float* b, __global float* c, const long n)
{
    const long i = get_global_id(0) * W;
    if (i + W <= n) { const V x = LOAD(a, i), y = LOAD(b, i); STORE(x * y + sin(x) - 2.0f * y, c, i); }
    else for (long j = i; j < n; ++j) c[j] = a[j] * b[j] + sin(a[j]) - 2.0f * b[j];
}

/* the chain one element per work-item: where the canary found the device's vector sin wrong,
 * a correct kernel cannot use it */
__kernel void chain_scalar(__global const float* a, __global const float* b, __global float* c, const long n)
{
    const long j = get_global_id(0);
    if (j < n) c[j] = a[j] * b[j] + sin(a[j]) - 2.0f * b[j];
}

#define CND_BODY(T)                                                                     \
    const T k = 1.0f / (1.0f + 0.2316419f * fabs(d));                                  \
    const T poly = k * (0.31938153f + k * (-0.356563782f + k * (1.781477937f +         \
                   k * (-1.821255978f + k * 1.330274429f))));                           \
    const T tail = 0.3989422804014327f * exp(-0.5f * d * d) * poly;                    \
    return 0.5f + copysign(0.5f - tail, d);
inline V cnd_v(const V d) { CND_BODY(V) }
inline float cnd_s(const float d) { CND_BODY(float) }

#define BS_BODY(T, CND)                                                                 \
    const T sqrt_t = sqrt(t);                                                           \
    const T d1 = (log(s / x) + (R + 0.5f * SIG * SIG) * t) / (SIG * sqrt_t);           \
    const T d2 = d1 - SIG * sqrt_t;                                                     \
    const T disc = x * exp(-R * t);                                                     \
    *call = s * CND(d1) - disc * CND(d2);                                               \
    *put = disc * CND(-d2) - s * CND(-d1);
#define R 0.02f
#define SIG 0.30f
inline void bs_v(const V s, const V x, const V t, V* call, V* put) { BS_BODY(V, cnd_v) }
inline void bs_s(const float s, const float x, const float t, float* call, float* put) { BS_BODY(float, cnd_s) }

__kernel void black_scholes(__global const float* S, __global const float* X, __global const float* T,
                            __global float* C, __global float* P, const long n)
{
    const long i = get_global_id(0) * W;
    if (i + W <= n) {
        V c, p;
        bs_v(LOAD(S, i), LOAD(X, i), LOAD(T, i), &c, &p);
        STORE(c, C, i); STORE(p, P, i);
    } else for (long j = i; j < n; ++j) {
        float c, p;
        bs_s(S[j], X[j], T[j], &c, &p);
        C[j] = c; P[j] = p;
    }
}

/* x ** 3 is pow(), d ** 2 a square, as NumPy's and gparray's ** operator compute them */
#define GELU(x) (0.5f * (x) * (1.0f + tanh(0.7978845608028654f * ((x) + 0.044715f * pow((x), 3.0f)))))
__kernel void gelu(__global const float* a, __global float* c, const long n)
{
    const long i = get_global_id(0) * W;
    if (i + W <= n) { const V x = LOAD(a, i); STORE(GELU(x), c, i); }
    else for (long j = i; j < n; ++j) c[j] = GELU(a[j]);
}

/* each work-item sums its contiguous share in lanes; the host adds the partials */
__kernel void sum_sq(__global const float* a, __global const float* b, __global float* partial,
                     const long n, const long share)
{
    const long g = get_global_id(0), lo = g * share, hi = min(n, lo + share);
    V acc = (V)(0.0f);
    long j = lo;
    for (; j + W <= hi; j += W) { const V d = LOAD(a, j) - LOAD(b, j); acc += d * d; }
    float s = 0.0f;
    for (; j < hi; ++j) { const float d = a[j] - b[j]; s += d * d; }
    float lanes[W];
    STORE(acc, lanes, 0);
    for (int k = 0; k < W; ++k) s += lanes[k];
    partial[g] = s;
}
"""


def _computed(result):
    """``result`` with every array in it computed (under automatic fusion a result nobody
    reads is never computed, so a benchmark must read each one's buffer)."""
    if isinstance(result, (tuple, list)):
        for r in result:
            _computed(r)
    elif isinstance(result, gparray.ndarray):
        result._buf
    return result


def _torch():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    return torch


def _hand_written(device):
    """Callables launching the hand-written kernels, in the device's confirmed lane width."""
    import pyopencl as cl

    width = max(_vector_widths.lanes(device, np.dtype(np.float32)), 1)
    width = width if width in (2, 4, 8, 16) else 1
    source = HAND_WRITTEN if width > 1 else HAND_WRITTEN.replace(
        "#define V GP_PASTE(float, W)", "#define V float").replace(
        "#define LOAD(p, i) GP_PASTE(vload, W)(0, (p) + (i))", "#define LOAD(p, i) ((p)[i])").replace(
        "#define STORE(v, p, i) GP_PASTE(vstore, W)((v), 0, (p) + (i))", "#define STORE(v, p, i) ((p)[i] = (v))")
    program = cl.Program(device.context, f"#define W {width}\n" + source).build()
    kernels = {name: cl.Kernel(program, name)
               for name in ("chain", "chain_scalar", "black_scholes", "gelu", "sum_sq")}
    if _vector_widths.ufunc_lanes(device, np.dtype(np.float32), "sin") <= 1:
        kernels["chain"] = kernels["chain_scalar"]
        kernels["chain_width"] = 1
    return kernels, width


def _launch(device, knl, items, *args):
    local = 64
    knl(device.queue, ((items + local - 1) // local * local,), (local,), *args)


def _peak_live_bytes(device, call):
    """The most device memory (pool capacity) held at once by buffers allocated during
    ``call`` (its temporaries and results), by watching the pool's allocations and returns."""
    pool = device.pool
    live = {"now": 0, "peak": 0}
    allocate, recycle = pool.allocate, pool._recycle

    def counting_allocate(nbytes):
        buf = allocate(nbytes)
        live["now"] += buf.capacity
        live["peak"] = max(live["peak"], live["now"])
        return buf

    def counting_recycle(capacity, cl_buffer, host):
        live["now"] -= capacity
        return recycle(capacity, cl_buffer, host)

    pool.allocate, pool._recycle = counting_allocate, counting_recycle
    try:
        result = call()
        gparray.synchronize(device)          # computes pending (automatically fused) results
        del result
    finally:
        pool.allocate, pool._recycle = allocate, recycle
    return live["peak"]


def run():
    """Rows of (case, {variant: seconds per call}) and the chain's peak memory in bytes."""
    device = gparray.default_device()
    kernels, width = _hand_written(device)
    torch = _torch()
    rng = np.random.default_rng(0)
    n = N
    a = rng.random(n, dtype=np.float32) + 0.5
    b = rng.random(n, dtype=np.float32) + 0.5
    s = (rng.random(n, dtype=np.float32) * 90 + 10).astype(np.float32)
    x = (rng.random(n, dtype=np.float32) * 90 + 10).astype(np.float32)
    t = (rng.random(n, dtype=np.float32) * 2 + 0.1).astype(np.float32)
    host = {"chain": (a, b), "black-scholes": (s, x, t), "gelu": (a - 1,), "sum-sq": (a, b)}
    funcs = {"chain": chain, "black-scholes": black_scholes, "gelu": gelu, "sum-sq": sum_sq}
    labels = {"chain": "a*b + sin(a) - 2*b", "black-scholes": "Black-Scholes call+put",
              "gelu": "GELU (tanh form)", "sum-sq": "((a-b)**2).sum()"}
    out = [gparray.empty(n, dtype=np.float32) for _ in range(2)]
    partial_items = 4096
    partials = gparray.empty(partial_items, dtype=np.float32)
    share = (n + partial_items - 1) // partial_items
    groups = (n + width - 1) // width
    sync = device.synchronize
    rows = []
    for case, func in funcs.items():
        args_np = host[case]
        args_gp = [gparray.asarray(v) for v in args_np]
        fused = gparray.fuse(lambda *xs, f=func: f(gparray, *xs))
        bufs = [v._buf.cl for v in args_gp]
        if case == "chain":
            hand = lambda: _launch(device, kernels['chain'], n if "chain_width" in kernels else groups, *bufs, out[0]._buf.cl, np.int64(n))  # noqa: E731
        elif case == "black-scholes":
            hand = lambda: _launch(device, kernels['black_scholes'], groups, *bufs, out[0]._buf.cl,  # noqa: E731
                                   out[1]._buf.cl, np.int64(n))
        elif case == "gelu":
            hand = lambda: _launch(device, kernels['gelu'], groups, *bufs, out[0]._buf.cl, np.int64(n))  # noqa: E731
        else:
            def hand():
                _launch(device, kernels['sum_sq'], partial_items, *bufs, partials._buf.cl,
                        np.int64(n), np.int64(share))
                return float(partials.get().sum())
        previous = gparray.set_fusion(True)
        try:
            auto = per_call(lambda: _computed(func(gparray, *args_gp)), gparray.synchronize,
                            repeats=3)
        finally:
            gparray.set_fusion(previous)
        times = {
            "gparray fused": per_call(lambda: fused(*args_gp), sync, repeats=3),
            "gparray auto-fused": auto,
            "gparray unfused": per_call(lambda: func(gparray, *args_gp), sync, repeats=3),
            "numpy": per_call(lambda: func(np, *args_np), repeats=3),
            "hand-written kernel": per_call(hand, sync, repeats=3),
        }
        if torch is not None:
            args_t = [torch.from_numpy(v) for v in args_np]
            times["pytorch"] = per_call(lambda: func(torch, *args_t), repeats=3)
        rows.append((labels[case], times))
    a_gp, b_gp = gparray.asarray(a), gparray.asarray(b)
    fused_chain = gparray.fuse(lambda p, q: chain(gparray, p, q))
    memory = {"gparray fused": _peak_live_bytes(device, lambda: fused_chain(a_gp, b_gp)),
              "gparray unfused": _peak_live_bytes(device, lambda: chain(gparray, a_gp, b_gp))}
    previous = gparray.set_fusion(True)
    try:
        memory["gparray auto-fused"] = _peak_live_bytes(
            device, lambda: _computed(chain(gparray, a_gp, b_gp)))
    finally:
        gparray.set_fusion(previous)
    return rows, memory, width


def mlp_step():
    """Seconds of autodiff's value_and_grad of bench_autodiff's MLP loss on gparray, with
    automatic fusion off and on: {setting: seconds}."""
    import autodiff
    from benchmarks.bench_autodiff import _data, _loss

    params, x, onehot = _data()
    dev = [gparray.asarray(p) for p in params]
    dx, dy = gparray.asarray(x), gparray.asarray(onehot)
    step = autodiff.value_and_grad(lambda p, x, y: _loss(np, p, x, y))
    times = {}
    for label, flag in (("unfused", False), ("auto-fused", True)):
        previous = gparray.set_fusion(flag)
        try:
            times[label] = per_call(lambda: _computed(step(dev, dx, dy)), gparray.synchronize,
                                    repeats=3)
        finally:
            gparray.set_fusion(previous)
    return times


VARIANTS = ("gparray fused", "gparray auto-fused", "gparray unfused", "numpy", "pytorch",
            "hand-written kernel")


def table(rows, memory, n=N):
    lines = ["| case (n = %.0e float32) | " % n + " | ".join(VARIANTS)
             + " | fused vs unfused | fused vs numpy | fused vs pytorch | fused / hand-written |",
             "| --- | " + " | ".join("---:" for _ in VARIANTS) + " | ---: | ---: | ---: | ---: |"]
    for case, times in rows:
        f = times["gparray fused"]
        cells = [fmt_time(times[v]) if v in times else "—" for v in VARIANTS]

        def faster(v):
            return f"{times[v] / f:.2f}× faster" if v in times else "—"

        lines.append(f"| {case} | " + " | ".join(cells) + f" | {faster('gparray unfused')} | "
                     f"{faster('numpy')} | {faster('pytorch')} | "
                     f"{f / times['hand-written kernel']:.2f}× |")
    inputs = 2 * n * 4
    lines += ["", "Peak device memory held by one call of the chain beyond its two inputs "
              f"({inputs / 2**20:.0f} MiB), pool capacity of the buffers it allocated:", "",
              "| variant | peak | in outputs' sizes (40 MB each at 1e7) |", "| --- | ---: | ---: |"]
    for variant, peak in memory.items():
        lines.append(f"| {variant} | {peak / 2**20:.1f} MiB | {peak / (n * 4):.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    rows, memory, width = run()
    device = gparray.default_device()
    sin_lanes = _vector_widths.ufunc_lanes(device, np.dtype(np.float32), "sin")
    print(f"device: {device.name}; float32 lanes {width} (sin: {max(sin_lanes, 1)}); n = {N}")
    print(table(rows, memory))
    mlp = mlp_step()
    print("\nautodiff MLP value_and_grad (batch 256, 784-256-10, float64): "
          + ", ".join(f"{k} {fmt_time(v)}" for k, v in mlp.items())
          + f"; auto-fused / unfused {mlp['auto-fused'] / mlp['unfused']:.2f}")

"""The vector-width canary, run as a child process by ``vector_widths``.

``python -m gparray._runtime.vector_canary PLATFORM DEVICE float:8,double:4 FP64`` builds and runs,
for each (family, width), the vector forms gparray's kernels emit (gparray/kernels/canary.cl: the
ufunc table's vector expressions, the reduction lanes, conversions and masks; and the real
random fill, random_dist.cl's rng_block, against a NumPy Philox4x32-10) and prints
``start FAMILY WIDTH`` before and ``done FAMILY WIDTH OUTCOME`` after each, flushed, so the
parent knows which one a crash hit. OUTCOME is ``ok``, ``ops:name,...`` (only those ufuncs'
vector forms were wrong), ``wrong:what`` or ``build-failed``.

``GPARRAY_CANARY_INJECT`` (``crash:float:8,wrong:double:4``) makes the child abort or report
a wrong value at those (family, width) pairs: the tests use it to exercise the fallbacks.

The child talks to pyopencl directly; the parent gives it a driver cache of its own and
deletes it afterwards, so nothing it builds (or half-builds before dying) reaches gparray's
kernel cache.
"""
import functools
import hashlib
import os
import sys
import warnings

import numpy as np

from . import programs as _programs
from .ufunc_table import expression_for, ROWS, VECTOR

N = 16 * 16                      # elements per check: several work-items at every width
_DTYPES = {"float": np.dtype(np.float32), "double": np.dtype(np.float64)}
_INT = {"float": ("int", np.int32), "double": ("long", np.int64)}
_TOL = {"float": dict(rtol=2e-5, atol=1e-6), "double": dict(rtol=1e-12, atol=1e-14)}


def _ufunc_names():
    return sorted(n for n in VECTOR if ROWS[n][2] == 1)


@functools.cache
def source_hash():
    """A hash of everything the canary's verdict depends on (its kernels and checks)."""
    parts = [_programs.template(t) for t in ("prelude.cl", "canary.cl", "philox.cl",
                                             "random_dist.cl")]
    parts += [f"{n}={expression_for(ROWS[n], 'ff', 'f')}" for n in _ufunc_names()]
    parts.append(open(__file__, encoding="utf-8").read())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _fp64_define(fp64):
    return "#define GP_HAS_FP64 1\n" if fp64 else ""


def canary_source(family, width, fp64):
    stores = [f"GP_VSTORE_W(GP_W, {expression_for(ROWS[name], 'ff', 'f')}, out + {k} * n + i);"
              for k, name in enumerate(_ufunc_names())]
    defines = [f"#define GP_T {family}", f"#define GP_IT {_INT[family][0]}",
               f"#define GP_W {width}", "#define GP_UFUNCS " + " ".join(stores)]
    return "\n".join([_fp64_define(fp64) + _programs.template("prelude.cl"), *defines,
                      _programs.template("canary.cl")])


def random_source(family, width, fp64):
    defines = (f"#define REAL {family}\n" + ("#define GP_REAL_IS_DOUBLE 1\n"
                                             if family == "double" else "")
               + f"#define GP_RW {width}\n")
    return (_fp64_define(fp64) + _programs.template("prelude.cl") + defines
            + _programs.template("philox.cl") + _programs.template("random_dist.cl"))


def _inputs(dtype):
    """Operands that exercise every lane: zeros and small integers beside ordinary values
    (PoCL 3.0's double8 pow went wrong when other lanes held zeros), tiny values, and NaN,
    inf and huge values in other lanes (PoCL 3.0's float8 sin of a tiny value went wrong
    when another lane held inf)."""
    k = np.arange(N)
    a = (np.where(k % 5 == 0, 0.0, np.where(k % 7 == 1, 4.0, 0.05 + (k % 17) / 18.0))
         .astype(dtype))
    a[k % 19 == 3] = 1.1920929e-07
    a[k % 23 == 5] = -2.5
    b = np.where(k % 3 == 0, 3.0, 0.5 + (k % 11) / 4.0).astype(dtype)
    a_special = a.copy()
    a_special[k % 13 == 4] = np.nan
    a_special[k % 29 == 9] = np.inf
    a_special[k % 31 == 10] = -np.inf
    a_special[k % 37 == 11] = 1e30
    return a, b, a_special


def _expected_ufuncs(a, b):
    with np.errstate(all="ignore"):
        return [getattr(np, name)(*(a, b)[:ROWS[name][1]]) for name in _ufunc_names()]


def _close(got, want, family):
    return np.allclose(got, want, equal_nan=True, **_TOL[family])


def check_ufuncs(cl, ctx, queue, family, width, fp64):
    import pyopencl as cl

    dtype = _DTYPES[family]
    _, b, a = _inputs(dtype)
    names = _ufunc_names()
    prg = cl.Program(ctx, canary_source(family, width, fp64)).build()
    mf = cl.mem_flags
    xa = cl.Buffer(ctx, mf.READ_ONLY | mf.COPY_HOST_PTR, hostbuf=a)
    xb = cl.Buffer(ctx, mf.READ_ONLY | mf.COPY_HOST_PTR, hostbuf=b)
    out = np.zeros(len(names) * N, dtype)
    xo = cl.Buffer(ctx, mf.READ_WRITE, out.nbytes)
    prg.canary_ufuncs(queue, (N // width,), None, xa, xb, xo, np.int64(N))
    cl.enqueue_copy(queue, out, xo)
    return [name for name, got, want in zip(names, out.reshape(len(names), N),
                                            _expected_ufuncs(a, b))
            if not _close(got, want.astype(dtype), family)], prg


def check_lanes(cl, ctx, queue, prg, family, width):
    import pyopencl as cl

    dtype = _DTYPES[family]
    itype = np.dtype(_INT[family][1])
    _, b, a = _inputs(dtype)
    mf = cl.mem_flags
    xa = cl.Buffer(ctx, mf.READ_ONLY | mf.COPY_HOST_PTR, hostbuf=a)
    xb = cl.Buffer(ctx, mf.READ_ONLY | mf.COPY_HOST_PTR, hostbuf=b)
    out = np.zeros(7 * N, dtype)
    masks = np.zeros(2 * N, itype)
    xo = cl.Buffer(ctx, mf.READ_WRITE, out.nbytes)
    xm = cl.Buffer(ctx, mf.READ_WRITE, masks.nbytes)
    groups = N // width
    prg.canary_lanes(queue, (groups,), None, xa, xb, xo, xm, np.int64(N))
    cl.enqueue_copy(queue, out, xo)
    cl.enqueue_copy(queue, masks, xm)
    out = out.reshape(7, N)
    with np.errstate(all="ignore"):
        t = a + b
        want = [np.fmax(a, b), np.fmin(a, b), np.where(np.isfinite(t), b - (t - a), 0),
                np.where(np.isnan(a), b, a), a * b + b,
                np.trunc(b * dtype.type(100)).astype(itype).astype(dtype)]
    names = ["fmax", "fmin", "compensation", "select", "fma", "convert"]
    wrong = [n for n, got, w in zip(names, out[:6], want) if not _close(got, w, family)]
    lane_sums = b.astype(np.float64).reshape(groups, width).sum(axis=1)
    if not np.allclose(out[6][:groups], lane_sums, **_TOL[family]):
        wrong.append("lane-sum")
    true_value = -1 if width > 1 else 1          # vector comparisons set every bit
    if not np.array_equal(masks[:N], np.where(np.isnan(a), true_value, 0)):
        wrong.append("isnan-mask")
    if not np.array_equal(masks[N:N + groups], np.isnan(a).reshape(groups, width).any(axis=1)):
        wrong.append("any")
    return wrong


def philox4x32_10(c0, c1, c2, c3, k0, k1):
    """NumPy reference of Philox4x32-10 on arrays of uint32 counter words."""
    m0, m1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
    x = [np.asarray(c, np.uint64) for c in (c0, c1, c2, c3)]
    k0, k1 = np.uint64(k0), np.uint64(k1)
    low = np.uint64(0xFFFFFFFF)
    for _ in range(10):
        p0, p1 = m0 * x[0], m1 * x[2]
        x = [((p1 >> np.uint64(32)) ^ x[1] ^ k0) & low, p1 & low,
             ((p0 >> np.uint64(32)) ^ x[3] ^ k1) & low, p0 & low]
        k0 = (k0 + np.uint64(0x9E3779B9)) & low
        k1 = (k1 + np.uint64(0xBB67AE85)) & low
    return x


def expected_block(family, n, k0, k1, base, kind):
    """What rng_block writes for ``n`` values: stream base + 16 g + l, word w of lane l at
    g * values_per_item + 16 w + l."""
    words = 2 if family == "double" else 4
    items = -(-n // (16 * words))
    streams = np.uint64(base) + np.arange(items * 16, dtype=np.uint64)
    low = np.uint64(0xFFFFFFFF)
    w = philox4x32_10(streams & low, streams >> np.uint64(32), np.zeros_like(streams),
                      np.zeros_like(streams), k0, k1)
    if family == "double":
        u = [(((w[0] << np.uint64(32)) | w[1]) >> np.uint64(11)).astype(np.float64) * 2.0**-53,
             (((w[2] << np.uint64(32)) | w[3]) >> np.uint64(11)).astype(np.float64) * 2.0**-53]
    else:
        u = [(wt >> np.uint64(8)).astype(np.float64) * 2.0**-24 for wt in w]
    if kind == 1:
        for t in range(0, words, 2):
            r = np.sqrt(-2 * np.log1p(-u[t]))
            u[t], u[t + 1] = r * np.cos(2 * np.pi * u[t + 1]), r * np.sin(2 * np.pi * u[t + 1])
    elif kind == 2:
        u = [-np.log1p(-v) for v in u]
    # (word, item, lane) -> item-major, then word, then lane
    block = np.stack([v.reshape(items, 16) for v in u], axis=1)
    return block.reshape(-1)[:n]


def check_random(cl, ctx, queue, family, width, fp64):
    """rng_block computing in ``family`` with ``width`` streams per vector."""
    import pyopencl as cl

    dtype = _DTYPES[family]
    prg = cl.Program(ctx, random_source(family, width, fp64)).build()
    wrong = []
    n = 3 * 16 * 4 + 5                       # whole blocks and a partial one
    k0, k1, base = 0x12345678, 0x9ABCDEF0, (1 << 32) - 7   # streams cross a 32-bit carry
    for kind, name in ((0, "uniform"), (1, "normal"), (2, "exponential")):
        out = np.zeros(n, dtype)
        buf = cl.Buffer(ctx, cl.mem_flags.READ_WRITE, out.nbytes)
        per = 32 if family == "double" else 64
        prg.rng_block(queue, (-(-n // per),), None, buf, np.int64(n), np.uint32(k0),
                      np.uint32(k1), np.uint64(base), np.int32(kind))
        cl.enqueue_copy(queue, out, buf)
        want = expected_block(family, n, k0, k1, base, kind)
        tol = dict(rtol=0, atol=0) if kind == 0 else (
            dict(rtol=1e-4, atol=1e-5) if family == "float" else dict(rtol=1e-10, atol=1e-12))
        if not np.allclose(out, want, **tol):
            wrong.append(f"random-{name}")
    return wrong


def _injected(family, width):
    spec = os.environ.get("GPARRAY_CANARY_INJECT", "")
    found = set()
    for item in filter(None, (s.strip() for s in spec.split(","))):
        what, fam, w = item.split(":")
        if fam == family and int(w) == width:
            found.add(what)
    return found


def run_task(cl, ctx, queue, family, width, fp64):
    """One (family, width): the 32-bit task checks float/int/uint forms, the 64-bit task
    double/long/ulong forms and the double random fill, the rng task the float random fill
    (Philox's uint words and ulong products at that width)."""
    import pyopencl as cl

    injected = _injected(family, width)
    if "crash" in injected:
        os.abort()
    bad_ops, core = [], []
    try:
        if family == "rng":
            core += check_random(cl, ctx, queue, "float", width, fp64)
        elif family == "float" or fp64:
            bad_ops, prg = check_ufuncs(cl, ctx, queue, family, width, fp64)
            core += check_lanes(cl, ctx, queue, prg, family, width)
            if family == "double":
                core += check_random(cl, ctx, queue, "double", width, fp64)
    except cl.Error as exc:
        return "build-failed " + " ".join(str(exc).split())[:200]
    if "wrong" in injected:
        core.append("injected")
    if core:
        return "wrong:" + ",".join(core)
    return "ops:" + ",".join(bad_ops) if bad_ops else "ok"


def main(argv):
    import pyopencl as cl

    platform_index, device_index, spec, fp64 = argv[1], argv[2], argv[3], argv[4] == "1"
    warnings.simplefilter("ignore")
    cl_device = cl.get_platforms()[int(platform_index)].get_devices()[int(device_index)]
    ctx = cl.Context([cl_device])
    queue = cl.CommandQueue(ctx)
    for item in spec.split(","):
        family, width = item.split(":")
        width = int(width)
        print(f"start {family} {width}", flush=True)
        outcome = run_task(cl, ctx, queue, family, width, fp64)
        print(f"done {family} {width} {outcome}", flush=True)
    sys.stdout.flush()
    os._exit(0)          # no driver teardown: it has nothing to give back and may crash


if __name__ == "__main__":
    main(sys.argv)

"""Matrix products: matmul (the ``@`` operator and ``np.matmul``), matvec, vecmat, vecdot.

A direct kernel, one work-item per output element (kernels_cl/matmul.cl): correct for every
dtype, batch broadcasting and stride; the tiled GEMM belongs to the linear-algebra work.
"""
import functools
import os

import numpy as np

from . import _cgen, _dtypes, _launch, _programs
from ._elementwise import MAXDIM, _expression
from ._ndarray import ndarray
from ._ufunc_table import ROWS

_SIGNATURE = "(n?,k),(k,m?)->(n?,m?)"


@functools.lru_cache(maxsize=256)
def _source(loop, a_dtype, b_dtype, c_dtype, fp64):
    acc = loop[2]
    acc_t = _cgen.compute_ctype(acc)
    mul = _expression(ROWS["multiply"], (acc, acc, acc))
    add = _expression(ROWS["add"], (acc, acc, acc))
    headers = [_programs.template("prelude.cl"), _programs.template("npy_math.cl")]
    if acc.kind == "c":
        headers.append(_programs.template("complex.cl"))
        zero = f"(({acc_t})(0, 0))"
    else:
        zero = f"(({acc_t})0)"
    defines = [
        f"#define GP_A_T {_cgen.ctype(a_dtype)}", f"#define GP_B_T {_cgen.ctype(b_dtype)}",
        f"#define GP_C_T {_cgen.ctype(c_dtype)}", f"#define GP_ACC_T {acc_t}",
        f"#define GP_MAXDIM {MAXDIM}", f"#define GP_ZERO {zero}",
        f"#define gp_load_a(p, i) ({_cgen.cast(_cgen.load(a_dtype, 'p', 'i'), a_dtype, acc)})",
        f"#define gp_load_b(p, i) ({_cgen.cast(_cgen.load(b_dtype, 'p', 'i'), b_dtype, acc)})",
        f"inline {acc_t} gp_mul({acc_t} a, {acc_t} b) {{ return {mul}; }}",
        f"inline {acc_t} gp_add({acc_t} a, {acc_t} b) {{ return {add}; }}",
        f"#define gp_store(p, i, v) {_cgen.store(c_dtype, 'p', 'i', _cgen.cast('(v)', acc, c_dtype))}",
    ]
    return "\n".join(["#define GP_HAS_FP64 1" if fp64 else "", *headers, *defines,
                      _programs.template("matmul.cl")])


def _operand(x, device):
    from ._creation import asarray

    return x if isinstance(x, ndarray) else asarray(x, device=device)


def matmul(x1, x2, /, out=None, *, casting="same_kind", order="K", dtype=None, subok=True,
           signature=None, axes=None, axis=None):
    """Matrix product with NumPy's rules: 1-d operands are promoted and the added axis
    removed, batch dimensions broadcast, 0-d operands raise ValueError."""
    from ._creation import empty
    from ._ufunc import _device_of, broadcast_shape

    if isinstance(out, tuple):
        out = out[0]
    device = _device_of((x1, x2), (out,) if out is not None else ())
    a, b = _operand(x1, device), _operand(x2, device)
    for idx, v in enumerate((a, b)):
        if v.ndim == 0:
            raise ValueError(f"matmul: Input operand {idx} does not have enough dimensions (has 0, "
                             f"gufunc core with signature {_SIGNATURE} requires 1)")
    loop = _dtypes.resolve_ufunc(np.matmul, (a._dtype, b._dtype),
                                 (out._dtype,) if out is not None else None, dtype=dtype,
                                 casting=casting)
    for dt in loop:
        _dtypes.check_dtype(dt, device, "matmul")
    a2 = a.reshape((1,) + a._shape) if a.ndim == 1 else a
    b2 = b.reshape(b._shape + (1,)) if b.ndim == 1 else b
    n, k = a2._shape[-2:]
    k2, m = b2._shape[-2:]
    if k != k2:
        raise ValueError(f"matmul: Input operand 1 has a mismatch in its core dimension 0, with "
                         f"gufunc signature {_SIGNATURE} (size {k2} is different from {k})")
    batch = broadcast_shape([a2._shape[:-2], b2._shape[:-2]])
    shape = batch + ((n,) if a.ndim > 1 else ()) + ((m,) if b.ndim > 1 else ())
    if out is not None and out._shape != shape:
        raise ValueError(f"matmul: Output operand 0 has a mismatch in its core dimension, "
                         f"expected shape {shape}, got {out._shape}")
    target = out if out is not None and not _shares(out, a, b) else empty(shape, dtype=loop[2], device=device)
    total = int(np.prod(batch, dtype=np.int64)) * n * m
    if total and k:
        c3 = target.reshape(batch + (n, m))
        if c3._buf is not target._buf:          # an out= array that cannot take that shape
            c3 = empty(batch + (n, m), dtype=target._dtype, device=device)
        acc = loop[2]
        if _use_host_blas(device, acc, a2, b2, c3):
            _host_matmul(device, a2, b2, c3)
        elif acc in _GEMM_DTYPES and c3._dtype == acc and n * m * k >= GEMM_MIN_WORK:
            _tiled_matmul(device, a2, b2, c3)
        else:
            _direct_matmul(device, loop, a2, b2, c3, batch, n, m, k, total)
        if c3._buf is not target._buf:
            from ._copying import copy_into

            copy_into(target, c3.reshape(shape))
    if k == 0:
        target.fill(0)
    if out is not None and target is not out:
        from ._copying import copy_into

        copy_into(out, target)
        return out
    return target


_GEMM_DTYPES = frozenset(np.dtype(t) for t in ("float32", "float64", "complex64", "complex128"))

# On CPU devices the buffers are host memory, and the host's BLAS (NumPy's OpenBLAS) is
# several times faster than any OpenCL kernel PoCL builds (benchmarks/bench_linalg.py), so
# float and complex products run there, on the same memory, without a copy. GPUs never do;
# set_host_blas(False) or GPARRAY_HOST_BLAS=0 forces the OpenCL GEMM (what the tests run).
_host_blas = os.environ.get("GPARRAY_HOST_BLAS", "1").strip().lower() not in ("0", "false", "no", "off")


def set_host_blas(flag):
    """Whether float/complex matrix products on CPU devices may run through the host's BLAS
    on the device memory (default True; ``GPARRAY_HOST_BLAS=0``). Returns the old value."""
    global _host_blas
    previous = _host_blas
    _host_blas = bool(flag)
    return previous


def host_blas_available(device):
    return device.kind == "cpu" and device.unified_memory


def _use_host_blas(device, acc, a2, b2, c3):
    return (_host_blas and acc in _GEMM_DTYPES and c3._dtype == acc and host_blas_available(device)
            and all(x._buf.host is not None for x in (a2, b2, c3)))


def _host_view(x):
    return np.ndarray(x._shape, dtype=x._dtype, buffer=x._buf.host, offset=x._offset,
                      strides=x._strides)


def _host_matmul(device, a2, b2, c3):
    """c3 = a2 @ b2 by NumPy on the host views of the device buffers (shared memory)."""
    _launch.finish(device)
    np.matmul(_host_view(a2), _host_view(b2), out=_host_view(c3))


def _direct_matmul(device, loop, a2, b2, c3, batch, n, m, k, total):
    """One work-item per output element: every dtype, any strides (integers, bool, float16,
    and products too small to pay for packing)."""
    lay = np.zeros((4, MAXDIM), dtype=np.int64)
    if len(batch) > MAXDIM:
        raise ValueError(f"matmul supports up to {MAXDIM} batch dimensions")
    for arr, row in ((a2, 1), (b2, 2), (c3, 3)):
        pad = len(batch) - (arr.ndim - 2)
        for d in range(len(batch)):
            src = d - pad
            if src >= 0 and arr._shape[src] != 1:
                lay[row, d] = arr._strides[src] // arr.itemsize
    lay[0, :len(batch)] = batch
    s = lambda arr, d: arr._strides[d] // arr.itemsize
    source = _source(loop, a2._dtype, b2._dtype, c3._dtype, device.has_fp64)
    knl = _programs.kernel(device, source, "matmul_naive",
                           (None, np.int64, np.int64, np.int64) * 3
                           + (None, np.int32, np.int64, np.int64, np.int64, np.int64))
    _launch.launch(device, knl, total, [
        a2._buf.cl, a2._offset // a2.itemsize, s(a2, -2), s(a2, -1),
        b2._buf.cl, b2._offset // b2.itemsize, s(b2, -2), s(b2, -1),
        c3._buf.cl, c3._offset // c3.itemsize, s(c3, -2), s(c3, -1),
        lay, len(batch), n, m, k, total], "matmul")


def _tiled_matmul(device, a2, b2, c3):
    """c3 = a2 @ b2 through the tiled GEMM; complex as one real GEMM of twice the size:
    [Re A | Im A] @ [[Re B, Im B], [-Im B, Re B]] = [Re C | Im C]."""
    from ._copying import copy_into
    from ._creation import empty

    dtype = c3._dtype
    if b2.ndim == 2 and a2.ndim > 2 and c3.flags.c_contiguous:
        # One matrix on the right: the batch folds into the rows of one larger product.
        a2 = a2.reshape((-1, a2._shape[-1]))
        c3 = c3.reshape((-1, c3._shape[-1]))
    if dtype.kind != "c":
        gemm(device, a2, b2, c3)
        return
    from ._join import concatenate
    from ._ufunc import UFUNCS

    real = np.dtype(np.float32 if dtype == np.complex64 else np.float64)
    a2, b2 = a2.astype(dtype, copy=False), b2.astype(dtype, copy=False)
    ar, ai, br, bi = a2.real, a2.imag, b2.real, b2.imag
    lhs = concatenate([ar, ai], axis=-1)
    rhs = concatenate([concatenate([br, bi], axis=-1),
                       concatenate([UFUNCS["negative"](bi), br], axis=-1)], axis=-2)
    n, m = c3._shape[-2:]
    batch = c3._shape[:-2]
    res = empty(batch + (n, 2 * m), dtype=real, device=device)
    gemm(device, lhs, rhs, res)
    copy_into(c3.real, res[..., :m])
    copy_into(c3.imag, res[..., m:])


def _shares(out, a, b):
    return out._buf is a._buf or out._buf is b._buf


def vecdot(x1, x2, /, *, axis=-1, out=None, dtype=None, casting="same_kind", **kwargs):
    """Sum over ``axis`` of conj(x1) * x2 (the Array API's and NumPy 2's vecdot)."""
    from ._ufunc import UFUNCS

    product = UFUNCS["multiply"](UFUNCS["conjugate"](x1), x2, dtype=dtype)
    result = product.sum(axis=axis)
    if out is not None:
        out = out[0] if isinstance(out, tuple) else out
        out[...] = result
        return out
    return result


def matvec(x1, x2, /, out=None, **kwargs):
    from ._shape import expand_dims

    x2 = _operand(x2, None)
    result = matmul(x1, expand_dims(x2, -1), **kwargs)[..., 0]
    if out is not None:
        out = out[0] if isinstance(out, tuple) else out
        out[...] = result
        return out
    return result


def vecmat(x1, x2, /, out=None, **kwargs):
    from ._shape import expand_dims
    from ._ufunc import UFUNCS

    x1 = _operand(x1, None)
    result = matmul(expand_dims(UFUNCS["conjugate"](x1), -2), x2, **kwargs)[..., 0, :]
    if out is not None:
        out = out[0] if isinstance(out, tuple) else out
        out[...] = result
        return out
    return result
# -- the tiled GEMM (kernels_cl/gemm.cl) ----------------------------------------------------
# Tile shapes per device kind, from the sweep in benchmarks/bench_linalg.py (``--sweep``):
# rm rows x nv vectors of vw columns per work-item, a wm x wn work-group, local-memory slices
# tk deep when ``local``. On PoCL (2-core AVX-512) the best is no local memory and one
# work-item per 8 x 32 block read straight from the packed panels: 16 float16 accumulators,
# 2 vector loads and 8 broadcasts per 16 FMAs; staging in local memory made it slower
# (barriers split the work-item loop and spill the accumulators). GPUs take the classic
# 64 x 64 local-memory tile, 16 x 16 work-items of 4 x 4 each (not measured here: no GPU).
GEMM_TILES = {
    "cpu": {np.dtype(np.float32): dict(local=0, vw=16, rm=8, nv=2, wm=4, wn=1, tk=1),
            np.dtype(np.float64): dict(local=0, vw=8, rm=8, nv=2, wm=4, wn=1, tk=1)},
    "gpu": {np.dtype(np.float32): dict(local=1, vw=1, rm=4, nv=4, wm=16, wn=16, tk=16),
            np.dtype(np.float64): dict(local=1, vw=1, rm=4, nv=4, wm=16, wn=16, tk=16)},
}
# Below this many multiply-adds per matrix the direct kernel is as fast (no packing copies).
GEMM_MIN_WORK = 32 * 32 * 32


def gemm_config(device, dtype):
    table = GEMM_TILES.get(device.kind, GEMM_TILES["gpu"])
    return table[np.dtype(dtype)]


# How the kernel multiplies-adds: PoCL contracts a plain a * b + c into an FMA instruction,
# while fma() may become a correctly-rounded library call where the target lacks it.
_FMA = {"mul_add": "((a) * (b) + (c))", "mad": "mad(a, b, c)", "fma": "fma(a, b, c)"}


@functools.lru_cache(maxsize=64)
def _gemm_source(dtype, local, vw, rm, nv, wm, wn, tk, fma, fp64):
    t = _cgen.ctype(dtype)
    vt = t if vw == 1 else f"{t}{vw}"
    store = "(*(p) = (v))" if vw == 1 else f"vstore{vw}(v, 0, p)"
    defines = [f"#define GP_T {t}", f"#define GP_TV {vt}", f"#define GP_VSTORE(v, p) {store}", f"#define GP_RM {rm}", f"#define GP_NV {nv}",
               f"#define GP_VW {vw}", f"#define GP_WM {wm}", f"#define GP_WN {wn}",
               f"#define GP_TK {tk}", f"#define GP_LOCAL {int(bool(local))}",
               f"#define GP_MAXDIM {MAXDIM}", f"#define GP_FMA(a, b, c) {_FMA[fma]}"]
    return "\n".join(["#define GP_HAS_FP64 1" if fp64 else "", _programs.template("prelude.cl"),
                      *defines, _programs.template("gemm.cl")])


_GEMM_ARGS = (None, np.int64, np.int64, np.int64, None, np.int64, np.int64, np.int64, None, np.int64, np.int64,
              np.int64, None, np.int32, np.int64, np.int64, np.int64)


def _round_up(x, step):
    return (x + step - 1) // step * step


def _pack(x, width, kp, transpose, dtype):
    """``x`` (..., r, c) -- or its transpose when ``transpose`` -- as panels of ``width``
    columns: a new zero-padded (..., ceil(c / width), kp, width) array of ``dtype``. Always a
    copy (O(n^2) against the product's O(n^3)): contiguous, aligned panels are what lets the
    kernel stream its operands and load whole vectors."""
    from ._copying import copy_into
    from ._creation import zeros

    v = x.swapaxes(-1, -2) if transpose else x
    r, c = v._shape[-2:]
    batch, bstrides = v._shape[:-2], v._strides[:-2]
    full = c // width
    buf = zeros(batch + (-(-c // width), kp, width), dtype=dtype, device=x._device)
    sr, sc = v._strides[-2:]
    if full and r:
        src = v._view(v._offset, batch + (full, r, width), bstrides + (width * sc, sr, sc))
        copy_into(buf[..., :full, :r, :], src)
    if c % width and r:
        copy_into(buf[..., full, :r, :c % width], v[..., full * width:])
    return buf


def gemm(device, a, b, c, cfg=None):
    """c[...] = a @ b for real float32/float64 device arrays with ndim >= 2 whose batch
    dimensions broadcast to c's (c of the same dtype, any strides), through the tiled kernel."""
    import pyopencl as cl

    from ._config import settings

    dtype = c._dtype
    cfg = cfg or gemm_config(device, dtype)
    n, k = a._shape[-2:]
    m = b._shape[-1]
    tm, tn = cfg["wm"] * cfg["rm"], cfg["wn"] * cfg["nv"] * cfg["vw"]
    kp = _round_up(k, cfg["tk"]) if cfg["local"] else k
    at = _pack(a, tm, kp, True, dtype)
    bp = _pack(b, tn, kp, False, dtype)
    batch = c._shape[:-2]
    if len(batch) > MAXDIM:
        raise ValueError(f"matmul supports up to {MAXDIM} batch dimensions")
    lay = np.zeros((4, MAXDIM), dtype=np.int64)
    lay[0, :len(batch)] = batch
    for arr, row in ((at, 1), (bp, 2), (c, 3)):
        core = 2 if arr is c else 3
        pad = len(batch) - (arr.ndim - core)
        for d in range(pad, len(batch)):
            if arr._shape[d - pad] != 1:
                lay[row, d] = arr._strides[d - pad] // arr.itemsize
    source = _gemm_source(dtype, cfg["local"], cfg["vw"], cfg["rm"], cfg["nv"], cfg["wm"],
                          cfg["wn"], cfg["tk"], cfg.get("fma", "mul_add"), device.has_fp64)
    knl = _programs.kernel(device, source, "gemm", _GEMM_ARGS)
    nbatch = int(np.prod(batch, dtype=np.int64))
    item = c.itemsize
    gsize = (bp._shape[-3] * cfg["wn"], at._shape[-3] * cfg["wm"], nbatch)
    args = [at._buf.cl, 0, kp * tm, tm, bp._buf.cl, 0, kp * tn, tn,
            c._buf.cl, c._offset // item, c._strides[-2] // item, c._strides[-1] // item,
            lay, len(batch), n, m, kp]
    with device.lock:
        try:
            knl(device.queue, gsize, (cfg["wn"], cfg["wm"], 1), *args)
        except cl.Error as exc:
            raise _launch._translate(exc, device, "matmul") from None
    if settings.sync:
        _launch.finish(device)

"""Matrix products: matmul (the ``@`` operator and ``np.matmul``), matvec, vecmat, vecdot,
dot, vdot, inner, outer, tensordot, kron, cross, multi_dot (einsum: _einsum; matrix_power: linalg._lu).

matmul takes one of three paths:
- float32/float64/complex on a CPU device with shared memory: the host's BLAS (NumPy) on the
  device buffers' host views, no copy (``set_host_blas(False)``/``GPARRAY_HOST_BLAS=0`` off);
- float32/float64/complex otherwise: the tiled GEMM of gparray/kernels/gemm.cl (operands packed
  into panels; complex as one real GEMM of twice the size);
- integers, bool, float16 and tiny products: the direct kernel of gparray/kernels/matmul.cl, one
  work-item per output element.
All honour NumPy's gufunc rules: 1-d promotion, batch broadcasting, any strides, out=.
"""
import functools
import os
import warnings

import numpy as np

from ._core.ndarray import ndarray
from ._core.operands import broadcast_shape, device_array, device_of
from ._core.views import broadcast_to, expand_dims, moveaxis_last
from ._creation import empty
from ._engines import ufuncs
from ._engines.copying import copy_into
from ._engines.elementwise import _expression, MAXDIM
from ._join import concatenate, stack
from ._manipulation import moveaxis
from ._runtime import (cgen as _cgen, dtypes as _dtypes, launch as _launch, programs as _programs,
                       vector_widths as _vector_widths)
from ._runtime import profiling as _profiling
from ._runtime.config import settings
from ._runtime.ufunc_table import ROWS

__all__ = ["cross", "dot", "inner", "kron", "matmul", "matvec", "outer", "set_host_blas",
           "tensordot", "vdot", "vecdot", "vecmat"]

_SIGNATURE = "(n?,k),(k,m?)->(n?,m?)"


@functools.lru_cache(maxsize=256)
def _source(loop, a_dtype, b_dtype, c_dtype, fp64):
    acc = loop[2]
    acc_t = _cgen.compute_ctype(acc)
    mul = _expression(ROWS["multiply"], (acc, acc, acc))
    add = _expression(ROWS["add"], (acc, acc, acc))
    zero = f"(({acc_t})(0, 0))" if acc.kind == "c" else f"(({acc_t})0)"
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
    return "\n".join([*_programs.headers((acc,), fp64), *defines,
                      _programs.template("matmul.cl")])


def matmul(x1, x2, /, out=None, *, casting="same_kind", order="K", dtype=None, subok=True,
           signature=None, axes=None, axis=None):
    """Matrix product with NumPy's rules: 1-d operands are promoted and the added axis
    removed, batch dimensions broadcast, 0-d operands raise ValueError."""

    if isinstance(out, tuple):
        out = out[0]
    device = device_of((x1, x2), (out,) if out is not None else ())
    a, b = device_array(x1, device), device_array(x2, device)
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
    target = out if out is not None and not _shares(out, a, b) else \
        empty(shape, dtype=loop[2], device=device)
    total = int(np.prod(batch, dtype=np.int64)) * n * m
    if total and k:
        c3 = target.reshape(batch + (n, m))
        if c3._buf is not target._buf:          # an out= array that cannot take that shape
            c3 = empty(batch + (n, m), dtype=target._dtype, device=device)
        acc = loop[2]
        if total * k >= HOST_BLAS_MIN_WORK and _use_host_blas(device, acc, a2, b2, c3):
            _host_matmul(device, a2, b2, c3)
        elif acc in _GEMM_DTYPES and c3._dtype == acc and total * k >= GEMM_MIN_WORK:
            _tiled_matmul(device, a2, b2, c3)
        else:
            _direct_matmul(device, loop, a2, b2, c3, batch, n, m, k, total)
        if c3._buf is not target._buf:
            copy_into(target, c3.reshape(shape))
    if k == 0:
        target.fill(0)
    if out is not None and target is not out:
        copy_into(out, target)
        return out
    return target


_GEMM_DTYPES = frozenset(np.dtype(t) for t in ("float32", "float64", "complex64", "complex128"))

# On CPU devices the buffers are host memory, and the host's BLAS (NumPy's OpenBLAS) is
# several times faster than any OpenCL kernel PoCL builds (benchmarks/bench_linalg.py), so
# float and complex products run there, on the same memory, without a copy. GPUs never do;
# set_host_blas(False) or GPARRAY_HOST_BLAS=0 forces the OpenCL GEMM (what the tests run).
_host_blas = os.environ.get("GPARRAY_HOST_BLAS", "1").strip().lower() not in ("0", "false", "no",
                                                                           "off")


# Below this the direct kernel wins: the host path waits for the queue (~30 us in all);
# measured 16^3: direct 18 us, host 33 us; 32^3: direct 51 us, host 34 us.
HOST_BLAS_MIN_WORK = 24 * 24 * 24


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

    dtype = c3._dtype
    if b2.ndim == 2 and a2.ndim > 2 and c3.flags.c_contiguous:
        # One matrix on the right: the batch folds into the rows of one larger product.
        a2 = a2.reshape((-1, a2._shape[-1]))
        c3 = c3.reshape((-1, c3._shape[-1]))
    if dtype.kind != "c":
        gemm(device, a2, b2, c3)
        return

    real = np.dtype(np.float32 if dtype == np.complex64 else np.float64)
    a2, b2 = a2.astype(dtype, copy=False), b2.astype(dtype, copy=False)
    ar, ai, br, bi = a2.real, a2.imag, b2.real, b2.imag
    lhs = concatenate([ar, ai], axis=-1)
    rhs = concatenate([concatenate([br, bi], axis=-1),
                       concatenate([ufuncs.negative(bi), br], axis=-1)], axis=-2)
    n, m = c3._shape[-2:]
    batch = c3._shape[:-2]
    res = empty(batch + (n, 2 * m), dtype=real, device=device)
    gemm(device, lhs, rhs, res)
    copy_into(c3.real, res[..., :m])
    copy_into(c3.imag, res[..., m:])


def _shares(out, a, b):
    return out._buf is a._buf or out._buf is b._buf


def vecdot(x1, x2, /, *, axis=-1, out=None, dtype=None, casting="same_kind", **kwargs):
    """Sum over ``axis`` of conj(x1) * x2 (the Array API's and NumPy 2's vecdot): the vector
    axis of each operand must have the same length; the result keeps the loop's dtype."""

    device = device_of((x1, x2), ())
    a, b = device_array(x1, device), device_array(x2, device)
    for idx, v in enumerate((a, b)):
        if v.ndim == 0:
            raise ValueError(f"vecdot: Input operand {idx} does not have enough dimensions (has 0, "
                             "gufunc core with signature (n),(n)->() requires 1)")
    a, b = moveaxis_last(a, axis), moveaxis_last(b, axis)
    if a._shape[-1] != b._shape[-1]:
        raise ValueError(f"vecdot: Input operand 1 has a mismatch in its core dimension 0, with "
                         f"gufunc signature (n),(n)->() (size {b._shape[-1]} is different from "
                         f"{a._shape[-1]})")
    loop = _dtypes.resolve_ufunc(np.vecdot, (a._dtype, b._dtype), dtype=dtype, casting=casting)
    product = ufuncs.multiply(ufuncs.conjugate(a), b, dtype=loop[2])
    result = product.sum(axis=-1, dtype=loop[2])
    if out is not None:
        out = out[0] if isinstance(out, tuple) else out
        out[...] = result
        return out
    return result


def matvec(x1, x2, /, out=None, **kwargs):
    x2 = device_array(x2, None)
    result = matmul(x1, expand_dims(x2, -1), **kwargs)[..., 0]
    if out is not None:
        out = out[0] if isinstance(out, tuple) else out
        out[...] = result
        return out
    return result


def vecmat(x1, x2, /, out=None, **kwargs):
    x1 = device_array(x1, None)
    result = matmul(expand_dims(ufuncs.conjugate(x1), -2), x2, **kwargs)[..., 0, :]
    if out is not None:
        out = out[0] if isinstance(out, tuple) else out
        out[...] = result
        return out
    return result
# -- the tiled GEMM (gparray/kernels/gemm.cl) ----------------------------------------------------
# Tile shapes per device kind, from the sweep in benchmarks/bench_linalg.py (``--sweep``):
# rm rows x nv vectors of vw columns per work-item, a wm x wn work-group, local-memory slices
# tk deep when ``local``. PoCL, 2-core AVX-512, float32, one call + sync, packing included,
# NumPy timed alongside in quiet moments (the machine is shared): 8 x 32 blocks (16 float16
# accumulators; per k 2 vector loads, 8 broadcasts, 16 FMAs, no spills in the generated
# code) in groups of 8 work-items: 1024 197 GFLOP/s, 2048 217-222 (NumPy 364-377); groups of
# 16 about the same, of 4 or 1 lower (128-139 at 2048); 12 x 32, 8 x 48, 6 x 64, 14 x 32 all
# 210-220 at 2048 (not a register-blocking bound); unrolling k by 4 no better; K slices of
# 128/256 with 2-8 row blocks per work-item (the B slice kept in L1) 198-220, not kept; local memory 7-22 GFLOP/s (barriers split PoCL's work-item loops and spill the
# accumulators), the GPU tile 2. float64 1024: 8 x 16, groups of 8, ~0.8 of NumPy under load.
# GPUs take the classic 64 x 64 local-memory tile, 16 x 16 work-items of 4 x 4 each (not
# measured: no GPU here; its correctness is tested on PoCL).
GEMM_TILES = {
    "cpu": {np.dtype(np.float32): dict(local=0, vw=16, rm=8, nv=2, wm=8, wn=1, tk=1),
            np.dtype(np.float64): dict(local=0, vw=8, rm=8, nv=2, wm=8, wn=1, tk=1)},
    "gpu": {np.dtype(np.float32): dict(local=1, vw=1, rm=4, nv=4, wm=16, wn=16, tk=16),
            np.dtype(np.float64): dict(local=1, vw=1, rm=4, nv=4, wm=16, wn=16, tk=16)},
}
# Below this many multiply-adds in all (batch included) the direct kernel is faster: the GEMM
# costs three launches (two packs and the product), ~100 us on PoCL; measured crossover near
# one 48^3 product (direct 93 us, tiled 103 us; at 64^3 162 vs 128 us).
GEMM_MIN_WORK = 48 * 48 * 48


def gemm_config(device, dtype):
    """The tile for ``dtype`` on ``device``. CPU tiles keep their columns per work-item
    (vw * nv) at the device's confirmed vector width (_vector_widths), in more, narrower
    vectors where the measured width is not available."""
    dtype = np.dtype(dtype)
    cfg = GEMM_TILES.get(device.kind, GEMM_TILES["gpu"])[dtype]
    if cfg["vw"] > 1:
        width = _vector_widths.lanes(device, dtype)
        if width < cfg["vw"]:
            cols = cfg["vw"] * cfg["nv"]
            cfg = dict(cfg, vw=width, nv=max(1, min(8, cols // width)))
    return cfg


# How the kernel multiplies-adds: PoCL contracts a plain a * b + c into an FMA instruction,
# while fma() may become a correctly-rounded library call where the target lacks it.
_FMA = {"mul_add": "((a) * (b) + (c))", "mad": "mad(a, b, c)", "fma": "fma(a, b, c)"}


@functools.lru_cache(maxsize=64)
def _gemm_source(dtype, local, vw, rm, nv, wm, wn, tk, fma, fp64):
    t = _cgen.ctype(dtype)
    vt = t if vw == 1 else f"{t}{vw}"
    store = "(*(p) = (v))" if vw == 1 else f"vstore{vw}(v, 0, p)"
    defines = [f"#define GP_T {t}", f"#define GP_TV {vt}", f"#define GP_VSTORE(v, p) {store}",
               f"#define GP_RM {rm}", f"#define GP_NV {nv}", f"#define GP_VW {vw}",
               f"#define GP_WM {wm}", f"#define GP_WN {wn}", f"#define GP_TK {tk}", f"#define GP_LOCAL {int(bool(local))}",
               f"#define GP_MAXDIM {MAXDIM}", f"#define GP_FMA(a, b, c) {_FMA[fma]}"]
    return "\n".join(["#define GP_HAS_FP64 1" if fp64 else "", _programs.template("prelude.cl"),
                      *defines, _programs.template("gemm.cl")])


_GEMM_ARGS = (None, np.int64, np.int64, np.int64, None, np.int64, np.int64, np.int64,
              None, np.int64, np.int64, np.int64, None, np.int32, np.int64, np.int64, np.int64)


def _round_up(x, step):
    return (x + step - 1) // step * step


def _pack(device, x, width, kp, transpose, which, source, multiple=None):
    """``x`` (..., r, c) -- or its transpose when ``transpose`` -- as panels of ``width``
    columns: a new zero-padded (..., P, kp, width) array, P * width the column count rounded up
    to ``multiple`` (default ``width``), by the pack kernel of
    gparray/kernels/gemm.cl. Always a copy (O(n^2) against the product's O(n^3)): contiguous,
    aligned panels are what lets the kernel stream its operands and load whole vectors."""

    v = x.swapaxes(-1, -2) if transpose else x
    r, c = v._shape[-2:]
    batch = v._shape[:-2]
    panels = _round_up(c, multiple or width) // width
    buf = empty(batch + (panels, kp, width), dtype=x._dtype, device=device)
    nbatch = int(np.prod(batch, dtype=np.int64))
    if not buf.size:
        return buf
    item = x.itemsize
    lay = np.zeros((4, MAXDIM), dtype=np.int64)
    lay[0, :len(batch)] = batch
    lay[1, :len(batch)] = [s // item for s in v._strides[:-2]]
    sr, sc = v._strides[-2] // item, v._strides[-1] // item
    across = abs(sr) < abs(sc)          # the source is contiguous down its columns
    knl = _programs.kernel(device, source, which + ("_t" if across else ""), _PACK_ARGS)
    step = 16
    gsize = ((_round_up(kp, step), panels * width) if across else
             (_round_up(panels * width, step), kp)) + (nbatch,)
    _enqueue(device, knl, gsize, (step, 1, 1),
             [v._buf.cl, v._offset // item, sr, sc, buf._buf.cl, r, c, kp, panels * width,
              lay, len(batch)])
    return buf


_PACK_ARGS = (None, np.int64, np.int64, np.int64, None, np.int64, np.int64, np.int64, np.int64,
              None, np.int32)


def _enqueue(device, knl, gsize, lsize, args):


    import pyopencl as cl

    t0 = _profiling.recording and _profiling.now()
    with device.lock:
        try:
            event = knl(device.queue, gsize, lsize, *args)
        except cl.Error as exc:
            raise _launch._translate(exc, device, "matmul") from None
    if t0:
        _profiling.launched(device, knl, event, gsize, "matmul", t0)
    if settings.sync:
        _launch.finish(device)


def gemm(device, a, b, c, cfg=None):
    """c[...] = a @ b for real float32/float64 device arrays with ndim >= 2 whose batch
    dimensions broadcast to c's (c of the same dtype, any strides), through the tiled kernel."""
    dtype = c._dtype
    cfg = cfg or gemm_config(device, dtype)
    n, k = a._shape[-2:]
    m = b._shape[-1]
    tm, tn = cfg["wm"] * cfg["rm"], cfg["wn"] * cfg["nv"] * cfg["vw"]
    kp = _round_up(k, cfg["tk"]) if cfg["local"] else k
    source = _gemm_source(dtype, cfg["local"], cfg["vw"], cfg["rm"], cfg["nv"], cfg["wm"],
                          cfg["wn"], cfg["tk"], cfg.get("fma", "mul_add"), device.has_fp64)
    a, b = a.astype(dtype, copy=False), b.astype(dtype, copy=False)
    aw = tm if cfg["local"] else cfg["rm"]          # GP_AW in gemm.cl
    at = _pack(device, a, aw, kp, True, "gemm_pack_a", source, tm)
    bp = _pack(device, b, tn, kp, False, "gemm_pack_b", source)
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
    knl = _programs.kernel(device, source, "gemm", _GEMM_ARGS)
    nbatch = int(np.prod(batch, dtype=np.int64))
    item = c.itemsize
    gsize = (bp._shape[-3] * cfg["wn"], _round_up(n, tm) // tm * cfg["wm"], nbatch)
    args = [at._buf.cl, 0, kp * aw, aw, bp._buf.cl, 0, kp * tn, tn,
            c._buf.cl, c._offset // item, c._strides[-2] // item, c._strides[-1] // item,
            lay, len(batch), n, m, kp]
    _enqueue(device, knl, gsize, (cfg["wn"], cfg["wm"], 1), args)


# -- the other products: dot, vdot, inner, outer, tensordot, kron, cross, multi_dot,
# matrix_power. Each reshapes/transposes views and calls matmul or one elementwise ufunc. ----
def _operands(*values):
    device = device_of(values, ())
    return device, [device_array(v, device) for v in values]


def _result_out(result, out, what):
    """Write ``result`` into ``out`` with the strictness of NumPy's dot/vdot (exact dtype and
    shape, C-contiguous), or return it."""
    if out is None:
        return result
    if not isinstance(out, ndarray) or out._dtype != result._dtype or out._shape != result._shape \
            or not out.flags.c_contiguous:
        raise ValueError("output array is not acceptable (must have the right datatype, number "
                         "of dimensions, and be a C-contiguous array)")

    copy_into(out, result)
    return out


def dot(a, b, out=None):
    """NumPy's dot: the inner product of 1-d arrays, matmul of 2-d ones, multiply with a 0-d
    operand, and otherwise a sum over the last axis of ``a`` and the second-to-last of ``b``."""
    _, (a, b) = _operands(a, b)
    if a.ndim == 0 or b.ndim == 0:
        return ufuncs.multiply(a, b, out=out)
    ka = a._shape[-1]
    axb = 0 if b.ndim == 1 else b.ndim - 2
    if ka != b._shape[axb]:
        raise ValueError(f"shapes {a._shape} and {b._shape} not aligned: {ka} (dim {a.ndim - 1}) "
                         f"!= {b._shape[axb]} (dim {axb})")
    if b.ndim <= 2 and a.ndim <= 2 or b.ndim == 1:
        result = matmul(a, b)
    else:
        result = tensordot(a, b, axes=([-1], [-2]))
    return _result_out(result, out, "dot")


def vdot(a, b, /):
    """Dot product of the flattened arrays, conjugating the first (a 0-d array)."""
    _, (a, b) = _operands(a, b)
    if a.size != b.size:
        raise ValueError("cannot reshape array: vdot operands have different sizes "
                         f"({a.size} and {b.size})")
    a = a.reshape(-1)
    if a._dtype.kind == "c":
        a = ufuncs.conjugate(a)
    return matmul(a, b.reshape(-1))


def inner(a, b, /):
    """Sum product over the last axes (multiply for 0-d operands)."""
    _, (a, b) = _operands(a, b)
    if a.ndim == 0 or b.ndim == 0:
        return ufuncs.multiply(a, b)
    if a._shape[-1] != b._shape[-1]:
        raise ValueError(f"shapes {a._shape} and {b._shape} not aligned: {a._shape[-1]} (dim "
                         f"{a.ndim - 1}) != {b._shape[-1]} (dim {b.ndim - 1})")
    return tensordot(a, b, axes=([-1], [-1]))


def outer(a, b, out=None):
    """Outer product of the flattened arrays."""
    _, (a, b) = _operands(a, b)
    return ufuncs.multiply(a.reshape(-1, 1), b.reshape(1, -1), out=out)


def linalg_outer(x1, x2, /):
    """``numpy.linalg.outer``: like outer, but only for 1-d arrays."""
    _, (a, b) = _operands(x1, x2)
    if a.ndim != 1 or b.ndim != 1:
        raise ValueError(f"Input arrays must be one-dimensional, but they are a.ndim={a.ndim} "
                         f"and b.ndim={b.ndim}.")
    return outer(a, b)


def tensordot(a, b, axes=2):
    """Sum products over the given axes (NumPy's algorithm: transpose, reshape to 2-d, matmul)."""
    _, (a, b) = _operands(a, b)
    try:
        iter(axes)
    except TypeError:
        axes_a, axes_b = list(range(-axes, 0)), list(range(0, axes))
    else:
        axes_a, axes_b = axes
    try:
        na, axes_a = len(axes_a), list(axes_a)
    except TypeError:
        axes_a, na = [axes_a], 1
    try:
        nb, axes_b = len(axes_b), list(axes_b)
    except TypeError:
        axes_b, nb = [axes_b], 1
    sa, sb = a._shape, b._shape
    equal = na == nb
    if equal:
        for i in range(na):
            if sa[axes_a[i]] != sb[axes_b[i]]:
                equal = False
                break
            axes_a[i] += a.ndim if axes_a[i] < 0 else 0
            axes_b[i] += b.ndim if axes_b[i] < 0 else 0
    if not equal:
        raise ValueError("shape-mismatch for sum")
    notin_a = [i for i in range(a.ndim) if i not in axes_a]
    notin_b = [i for i in range(b.ndim) if i not in axes_b]
    n2 = int(np.prod([sa[i] for i in axes_a], dtype=np.int64))
    at = a.transpose(notin_a + axes_a).reshape(
        (int(np.prod([sa[i] for i in notin_a], dtype=np.int64)), n2))
    bt = b.transpose(axes_b + notin_b).reshape(
        (n2, int(np.prod([sb[i] for i in notin_b], dtype=np.int64))))
    return matmul(at, bt).reshape(tuple(sa[i] for i in notin_a) + tuple(sb[i] for i in notin_b))


def kron(a, b):
    """Kronecker product: blocks a[i, j] * b (NumPy's broadcasting formulation)."""

    _, (a, b) = _operands(a, b)
    nda, ndb = a.ndim, b.ndim
    if nda == 0 or ndb == 0:
        return ufuncs.multiply(a, b)
    nd = max(nda, ndb)
    sa = (1,) * max(0, ndb - nda) + a._shape
    sb = (1,) * max(0, nda - ndb) + b._shape
    a = a.reshape(sa)
    b = b.reshape(sb)
    a = expand_dims(a, tuple(range(1, nd * 2, 2)))
    b = expand_dims(b, tuple(range(0, nd * 2, 2)))
    return ufuncs.multiply(a, b).reshape(tuple(x * y for x, y in zip(sa, sb)))


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """Cross product of 3- (or, deprecated, 2-) element vectors along the given axes."""


    if axis is not None:
        axisa = axisb = axisc = axis
    _, (a, b) = _operands(a, b)
    if a.ndim < 1 or b.ndim < 1:
        raise ValueError("At least one array has zero dimension")
    axisa = np.lib.array_utils.normalize_axis_index(axisa, a.ndim, msg_prefix="axisa")
    axisb = np.lib.array_utils.normalize_axis_index(axisb, b.ndim, msg_prefix="axisb")
    a, b = moveaxis(a, axisa, -1), moveaxis(b, axisb, -1)
    if a._shape[-1] not in (2, 3) or b._shape[-1] not in (2, 3):
        raise ValueError("incompatible dimensions for cross product\n"
                         "(dimension must be 2 or 3)")
    if a._shape[-1] == 2 or b._shape[-1] == 2:
        warnings.warn("Arrays of 2-dimensional vectors are deprecated. Use arrays of "
                      "3-dimensional vectors instead. (deprecated in NumPy 2.0)",
                      DeprecationWarning, stacklevel=2)

    shape = broadcast_shape([a._shape[:-1], b._shape[:-1]])
    three = a._shape[-1] == 3 or b._shape[-1] == 3
    if three:
        axisc = np.lib.array_utils.normalize_axis_index(axisc, len(shape) + 1, msg_prefix="axisc")
    dtype = np.promote_types(a._dtype, b._dtype)
    a, b = a.astype(dtype, copy=False), b.astype(dtype, copy=False)
    mul, sub = ufuncs.multiply, ufuncs.subtract
    a0, a1, b0, b1 = a[..., 0], a[..., 1], b[..., 0], b[..., 1]
    a2 = a[..., 2] if a._shape[-1] == 3 else None
    b2 = b[..., 2] if b._shape[-1] == 3 else None
    c2 = sub(mul(a0, b1), mul(a1, b0))
    if not three:
        return c2
    if a2 is not None and b2 is not None:
        c0, c1 = sub(mul(a1, b2), mul(a2, b1)), sub(mul(a2, b0), mul(a0, b2))
    elif b2 is not None:            # a2 == 0
        c0, c1 = mul(a1, b2), ufuncs.negative(mul(a0, b2))
    else:                           # b2 == 0
        c0, c1 = ufuncs.negative(mul(a2, b1)), mul(a2, b0)

    cp = stack([broadcast_to(c, shape) for c in (c0, c1, c2)], axis=-1)
    return moveaxis(cp, -1, axisc)


def linalg_cross(x1, x2, /, *, axis=-1):
    """``numpy.linalg.cross``: 3-element vectors only."""
    _, (a, b) = _operands(x1, x2)
    if a._shape[axis] != 3 or b._shape[axis] != 3:
        raise ValueError(f"Both input arrays must be (arrays of) 3-dimensional vectors, but they "
                         f"are {a._shape[axis]} and {b._shape[axis]} dimensional instead.")
    return cross(a, b, axis=axis)


def _assert_2d(*arrays):
    for a in arrays:
        if a.ndim != 2:
            raise np.linalg.LinAlgError(f"{a.ndim}-dimensional array given. Array must be "
                                        "two-dimensional")


def _chain_order(shapes):
    """The matrix-chain order minimising multiply-adds (Cormen's dynamic programme)."""
    n = len(shapes)
    p = [s[0] for s in shapes] + [shapes[-1][1]]
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = None
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1]
                if cost[i][j] is None or c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k
    return split


def multi_dot(arrays, *, out=None):
    """Product of two or more matrices in the cheapest order (``numpy.linalg.multi_dot``);
    the first and last may be 1-d."""
    n = len(arrays)
    if n < 2:
        raise ValueError("Expecting at least two arrays.")
    if n == 2:
        return dot(arrays[0], arrays[1], out=out)
    _, arrays = _operands(*arrays)
    first, last = arrays[0].ndim, arrays[-1].ndim
    if first == 1:
        arrays[0] = arrays[0].reshape(1, -1)
    if last == 1:
        arrays[-1] = arrays[-1].reshape(-1, 1)
    _assert_2d(*arrays)
    split = _chain_order([a._shape for a in arrays])

    def product(i, j):
        if i == j:
            return arrays[i]
        return matmul(product(i, split[i][j]), product(split[i][j] + 1, j))

    result = product(0, n - 1)
    if first == 1 and last == 1:
        result = result[0, 0]
    elif first == 1 or last == 1:
        result = result.reshape(-1)
    return _result_out(result, out, "multi_dot")


def linalg_matmul(x1, x2, /):
    """``numpy.linalg.matmul``: matmul without the ufunc keywords."""
    return matmul(x1, x2)


def linalg_tensordot(x1, x2, /, *, axes=2):
    """``numpy.linalg.tensordot``."""
    return tensordot(x1, x2, axes=axes)


def linalg_vecdot(x1, x2, /, *, axis=-1):
    """``numpy.linalg.vecdot``."""
    return vecdot(x1, x2, axis=axis)

"""Matrix products: matmul (the ``@`` operator and ``np.matmul``), matvec, vecmat, vecdot.

A direct kernel, one work-item per output element (kernels_cl/matmul.cl): correct for every
dtype, batch broadcasting and stride; the tiled GEMM belongs to the linear-algebra work.
"""
import functools

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
        source = _source(loop, a._dtype, b._dtype, target._dtype, device.has_fp64)
        knl = _programs.kernel(device, source, "matmul_naive",
                               (None, np.int64, np.int64, np.int64) * 3
                               + (None, np.int32, np.int64, np.int64, np.int64, np.int64))
        _launch.launch(device, knl, total, [
            a2._buf.cl, a2._offset // a2.itemsize, s(a2, -2), s(a2, -1),
            b2._buf.cl, b2._offset // b2.itemsize, s(b2, -2), s(b2, -1),
            c3._buf.cl, c3._offset // c3.itemsize, s(c3, -2), s(c3, -1),
            lay, len(batch), n, m, k, total], "matmul")
    if k == 0:
        target.fill(0)
    if out is not None and target is not out:
        from ._copying import copy_into

        copy_into(out, target)
        return out
    return target


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

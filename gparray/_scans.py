"""Scans: ``ufunc.accumulate`` for every binary ufunc (kernels_cl/scan.cl), in order along
the axis as NumPy defines it."""
import functools

import numpy as np

from . import _cgen, _dtypes, _launch, _programs
from ._elementwise import MAXDIM, _expression
from ._ndarray import ndarray
from ._shape import normalize_axis
from ._ufunc_table import ROWS


@functools.lru_cache(maxsize=512)
def _source(name, loop, in_dtype, out_dtype, fp64):
    row = ROWS[name]
    acc = loop[row[1]]
    acc_t = _cgen.compute_ctype(acc)
    headers = [_programs.template("prelude.cl"), _programs.template("npy_math.cl")]
    if any(d.kind == "c" for d in (*loop, in_dtype, out_dtype)):
        headers.append(_programs.template("complex.cl"))
    defines = [
        f"#define GP_IN_T {_cgen.ctype(in_dtype)}",
        f"#define GP_ACC_T {acc_t}",
        f"#define GP_OUT_T {_cgen.ctype(out_dtype)}",
        f"#define GP_MAXDIM {MAXDIM}",
        f"#define gp_load(p, i) ({_cgen.cast(_cgen.load(in_dtype, 'p', 'i'), in_dtype, loop[0])})",
        f"inline {acc_t} gp_combine({acc_t} a, {acc_t} b) {{ return {_expression(row, loop)}; }}",
        f"#define gp_store(p, i, v) {_cgen.store(out_dtype, 'p', 'i', _cgen.cast('(v)', acc, out_dtype))}",
    ]
    return "\n".join(["#define GP_HAS_FP64 1" if fp64 else "", *headers, *defines,
                      _programs.template("scan.cl")])


def accumulate_into(row, loop, a, out, axis):
    """out = accumulate(a) along ``axis`` (same shapes), any strides."""
    device = a._device
    if a.size == 0:
        return out
    other = [k for k in range(a.ndim) if k != axis]
    if len(other) > MAXDIM:
        raise ValueError(f"accumulate supports up to {MAXDIM + 1} dimensions")
    lay = np.zeros((3, MAXDIM), dtype=np.int64)
    for i, k in enumerate(other):
        lay[0, i] = a._shape[k]
        lay[1, i] = a._strides[k] // a.itemsize
        lay[2, i] = out._strides[k] // out.itemsize
    rows = int(np.prod([a._shape[k] for k in other], dtype=np.int64))
    source = _source(row[0], loop, a._dtype, out._dtype, device.has_fp64)
    knl = _programs.kernel(device, source, "scan_rows",
                           (None, np.int64, None, np.int64, None, np.int32, np.int64, np.int64,
                            np.int64, np.int64))
    _launch.launch(device, knl, rows, [a._buf.cl, a._offset // a.itemsize, out._buf.cl,
                                       out._offset // out.itemsize, lay, len(other), rows,
                                       a._shape[axis], a._strides[axis] // a.itemsize,
                                       out._strides[axis] // out.itemsize], row[0])
    return out


def ufunc_accumulate(uf, array, axis=0, dtype=None, out=None):
    from ._creation import asarray, empty
    from ._reductions import _resolve_reduce

    if uf.nin != 2 or uf.nout != 1:
        raise ValueError("accumulate only supported for binary functions")
    a = array if isinstance(array, ndarray) else asarray(array)
    if isinstance(out, tuple):
        out = out[0]
    if a.ndim == 0:
        raise TypeError("cannot accumulate on a scalar")
    axis = normalize_axis(axis, a.ndim)
    loop = _resolve_reduce(uf, a._dtype, dtype, out)
    for dt in loop:
        _dtypes.check_dtype(dt, a._device, uf.__name__)
    target = out
    if target is None:
        target = empty(a._shape, dtype=loop[2], device=a._device)
    elif target._shape != a._shape:
        raise ValueError(f"output shape {target._shape} does not match {a._shape}")
    return accumulate_into(uf._row, loop, a, target, axis)

"""``ufunc.reduceat``: in-order reductions over slices given by an index list, on the device
(gparray/kernels/reduceat.cl). The indices decide the result's shape, so they are read on the
host (a device index array is copied there explicitly)."""
import functools

import numpy as np

from .._core.allocate import empty
from .._core.interop import upload
from .._core.ndarray import ndarray
from .._core.operands import asarray
from .._core.views import normalize_axis
from .._runtime import dtypes as _dtypes, launch as _launch, programs as _programs
from .fold import fold_source, row_layout


@functools.lru_cache(maxsize=256)
def _source(name, loop, in_dtype, out_dtype, fp64):
    return fold_source(name, loop, in_dtype, out_dtype, fp64, "reduceat.cl")


def reduceat(uf, array, indices, axis=0, dtype=None, out=None):
    if uf.nin != 2 or uf.nout != 1:
        raise ValueError("reduceat only supported for binary functions")
    a = array if isinstance(array, ndarray) else asarray(array)
    if isinstance(out, tuple):
        out = out[0]
    axis = normalize_axis(axis, a.ndim)
    host_idx = indices.get() if isinstance(indices, ndarray) else np.asarray(indices)
    if host_idx.ndim != 1 or (host_idx.size and host_idx.dtype.kind not in "iu"):
        raise TypeError("Cannot cast array data from dtype('float64') to dtype('int64') according "
                        "to the rule 'safe'" if host_idx.dtype.kind == "f" else
                        "reduceat indices must be a 1-d integer array")
    host_idx = host_idx.astype(np.int64)
    n = a._shape[axis]
    for i in host_idx:
        if not 0 <= i < n:
            raise IndexError(f"index {i} out-of-bounds in {uf.__name__}.reduceat [0, {n})")
    signature = None if dtype is None else (np.dtype(dtype), None, None)
    kwargs = {"reduction": True, "casting": "unsafe"}
    if signature is not None:
        kwargs["signature"] = signature
    loop = uf._np.resolve_dtypes((None, a._dtype, None), **kwargs)
    for dt in loop:
        _dtypes.check_dtype(dt, a._device, uf.__name__)
    shape = a._shape[:axis] + (len(host_idx),) + a._shape[axis + 1:]
    target = empty(shape, dtype=loop[2], device=a._device)
    rows = int(np.prod([s for k, s in enumerate(a._shape) if k != axis], dtype=np.int64))
    if rows and len(host_idx):
        lay, other = row_layout(a, target, axis, "reduceat")
        idx = upload(host_idx, a._device)
        device = a._device
        source = _source(uf.__name__, loop, a._dtype, target._dtype, device.has_fp64)
        knl = _programs.kernel(device, source, "reduceat_rows",
                               (None, np.int64, None, np.int64, None, np.int64, None, np.int32,
                                np.int64, np.int64, np.int64, np.int64))
        _launch.launch(device, knl, rows * len(host_idx),
                       [a._buf.cl, a._offset // a.itemsize, target._buf.cl, 0, idx._buf.cl,
                        len(host_idx), lay, len(other), rows, n, a._strides[axis] // a.itemsize,
                        target._strides[axis] // target.itemsize], uf.__name__ + ".reduceat")
    if out is not None:
        out[...] = target
        return out
    return target

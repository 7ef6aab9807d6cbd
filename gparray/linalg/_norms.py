"""Norms on the device (numpy.linalg.norm, the Array API's vector_norm and matrix_norm):
sums and maxima of absolute values are device reductions; the spectral and nuclear norms
take singular values from ``svdvals``."""
import numpy as np

from .._core.views import transpose
from .._engines import ufuncs
from .._engines.reduction import max as _max, min as _min, sum as _sum
from .._manipulation import moveaxis
from . import _common as c
from ._svd import svdvals


def _abs(x):
    return ufuncs.absolute(x)


def _svd_norm(x, row_axis, col_axis, op):
    return op(svdvals(moveaxis(x, (row_axis, col_axis), (-2, -1))), axis=-1)


def norm(x, ord=None, axis=None, keepdims=False):
    """Matrix or vector norm, numpy.linalg.norm's orders, axes and errors."""

    x = c.operand(x)
    if x._dtype.kind not in "fc":
        x = x.astype(np.float64 if x._device.has_fp64 else np.float32)
    if axis is None:
        nd = x.ndim
        if ord is None or (ord in ("f", "fro") and nd == 2) or (ord == 2 and nd == 1):
            ret = c.sumsq(x.reshape((-1,)), axis=0)
            return ret.reshape((1,) * nd) if keepdims else ret
    nd = x.ndim
    if axis is None:
        axis = tuple(range(nd))
    elif not isinstance(axis, tuple):
        try:
            axis = int(axis)
        except Exception as e:
            raise TypeError("'axis' must be None, an integer or a tuple of integers") from e
        axis = (axis,)
    if len(axis) == 1:
        if ord == np.inf:
            return _max(_abs(x), axis=axis, keepdims=keepdims, initial=0)
        if ord == -np.inf:
            return _min(_abs(x), axis=axis, keepdims=keepdims)
        if ord == 0:
            return _sum(ufuncs.not_equal(x, 0).astype(x.real._dtype), axis=axis,
                        keepdims=keepdims)
        if ord == 1:
            return _sum(_abs(x), axis=axis, keepdims=keepdims)
        if ord is None or ord == 2:
            return c.sumsq(x, axis=axis, keepdims=keepdims)
        if isinstance(ord, str):
            raise ValueError(f"Invalid norm order '{ord}' for vectors")
        absx = ufuncs.power(_abs(x), ord)
        ret = _sum(absx, axis=axis, keepdims=keepdims)
        return ufuncs.power(ret, ufuncs.reciprocal(np.asarray(ord, dtype=ret._dtype)))
    if len(axis) == 2:
        row_axis, col_axis = axis
        row_axis = np.lib.array_utils.normalize_axis_index(row_axis, nd)
        col_axis = np.lib.array_utils.normalize_axis_index(col_axis, nd)
        if row_axis == col_axis:
            raise ValueError("Duplicate axes given.")
        if ord == 2:
            ret = _svd_norm(x, row_axis, col_axis, _max)
        elif ord == -2:
            ret = _svd_norm(x, row_axis, col_axis, _min)
        elif ord in (1, -1):
            if col_axis > row_axis:
                col_axis -= 1
            red = _max if ord == 1 else _min
            ret = red(_sum(_abs(x), axis=row_axis), axis=col_axis)
        elif ord in (np.inf, -np.inf):
            if row_axis > col_axis:
                row_axis -= 1
            red = _max if ord == np.inf else _min
            ret = red(_sum(_abs(x), axis=col_axis), axis=row_axis)
        elif ord in (None, "fro", "f"):
            ret = c.sumsq(x, axis=axis)
        elif ord == "nuc":
            ret = _svd_norm(x, row_axis, col_axis, _sum)
        else:
            raise ValueError("Invalid norm order for matrices.")
        if keepdims:
            shape = list(x._shape)
            shape[axis[0]] = 1
            shape[axis[1]] = 1
            ret = ret.reshape(tuple(shape))
        return ret
    raise ValueError("Improper number of dimensions to norm.")


def vector_norm(x, /, *, axis=None, keepdims=False, ord=2):
    """The Array API's vector norm over one or several axes (numpy.linalg.vector_norm)."""

    x = c.operand(x)
    shape = list(x._shape)
    if axis is None:
        x = x.reshape((-1,))
        _axis = 0
    elif isinstance(axis, tuple):
        normalized = np.lib.array_utils.normalize_axis_tuple(axis, x.ndim)
        rest = tuple(i for i in range(x.ndim) if i not in normalized)
        x = transpose(x, axis + rest).reshape(
            (int(np.prod([x._shape[i] for i in axis], dtype=np.int64)),
             *[x._shape[i] for i in rest]))
        _axis = 0
    else:
        _axis = axis
    res = norm(x, axis=_axis, ord=ord)
    if keepdims:
        axes = np.lib.array_utils.normalize_axis_tuple(
            range(len(shape)) if axis is None else axis, len(shape))
        for i in axes:
            shape[i] = 1
        res = res.reshape(tuple(shape))
    return res


def matrix_norm(x, /, *, keepdims=False, ord="fro"):
    """The Array API's matrix norm over the last two axes (numpy.linalg.matrix_norm)."""
    return norm(c.operand(x), axis=(-2, -1), keepdims=keepdims, ord=ord)

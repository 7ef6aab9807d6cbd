"""Shape changes that return views where NumPy does: reshape, transpose, swapaxes, squeeze,
expand_dims, broadcast_to."""
import numbers
import operator

import numpy as np

from .ndarray import _c_strides
from .operands import device_array as as_array   # NumPy's functions take array-likes


def normalize_axis(axis, ndim):
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise np.exceptions.AxisError(axis, ndim)
    return axis + ndim if axis < 0 else axis


def normalize_axes(axis, ndim, allow_duplicates=False):
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, numbers.Integral) or hasattr(axis, "__index__") and not isinstance(axis, (tuple, list)):
        return (normalize_axis(axis, ndim),)
    axes = tuple(normalize_axis(a, ndim) for a in axis)
    if not allow_duplicates and len(set(axes)) != len(axes):
        raise ValueError("repeated axis")
    return axes


def _new_shape(shape, size):
    if isinstance(shape, numbers.Integral) or (hasattr(shape, "__index__") and not hasattr(shape, "__len__")):
        shape = (shape,)
    shape = [operator.index(s) for s in shape]
    unknown = [i for i, s in enumerate(shape) if s == -1]
    if len(unknown) > 1:
        raise ValueError("can only specify one unknown dimension")
    if any(s < -1 for s in shape):
        raise ValueError("negative dimensions not allowed")
    known = 1
    for s in shape:
        if s != -1:
            known *= s
    if unknown:
        if known == 0 or size % known:
            raise ValueError(f"cannot reshape array of size {size} into shape "
                             f"{tuple(shape)}".replace("-1", "newaxis") if False else
                             f"cannot reshape array of size {size} into shape {tuple(shape)}")
        shape[unknown[0]] = size // known
    elif known != size:
        raise ValueError(f"cannot reshape array of size {size} into shape {tuple(shape)}")
    return tuple(shape)


def _nocopy_strides(old_shape, old_strides, new_shape, itemsize):
    """Strides giving ``new_shape`` over the same memory in C order, or None (NumPy's
    attempt_nocopy_reshape)."""
    olddims = [(n, s) for n, s in zip(old_shape, old_strides) if n != 1]
    oldn = [n for n, _ in olddims]
    olds = [s for _, s in olddims]
    newstrides = [0] * len(new_shape)
    oi, oj, ni, nj = 0, 1, 0, 1
    onum, nnum = len(oldn), len(new_shape)
    if not onum:
        return tuple(itemsize for _ in new_shape) if all(n == 1 for n in new_shape) else None
    while ni < nnum and oi < onum:
        np_ = new_shape[ni]
        op = oldn[oi]
        while np_ != op:
            if np_ < op:
                np_ *= new_shape[nj]
                nj += 1
            else:
                op *= oldn[oj]
                oj += 1
        for ok in range(oi, oj - 1):
            if olds[ok] != oldn[ok + 1] * olds[ok + 1]:
                return None
        newstrides[nj - 1] = olds[oj - 1]
        for nk in range(nj - 1, ni, -1):
            newstrides[nk - 1] = newstrides[nk] * new_shape[nk]
        ni, nj = nj, nj + 1
        oi, oj = oj, oj + 1
    last = newstrides[ni - 1] if ni >= 1 else itemsize
    for nk in range(ni, nnum):
        newstrides[nk] = last
    return tuple(newstrides)


def reshape(a, shape, order="C", copy=None):
    a = as_array(a)
    if order not in ("C", "F", "A"):
        raise ValueError("order must be one of 'C', 'F', 'A'")
    if order == "A":    # Fortran order for arrays that are Fortran- but not C-contiguous
        order = "F" if a.flags.f_contiguous and not a.flags.c_contiguous else "C"
    new_shape = _new_shape(shape, a.size)
    if order == "F":
        t = transpose(a, None)
        out = reshape(t, new_shape[::-1], order="C", copy=copy)
        return transpose(out, None)
    if copy is not True:
        if a.size == 0:
            return a._view(a._offset, new_shape, _c_strides(new_shape, a.itemsize))
        strides = _nocopy_strides(a._shape, a._strides, new_shape, a.itemsize)
        if strides is not None:
            return a._view(a._offset, new_shape, strides)
        if copy is False:
            raise ValueError("Unable to avoid creating a copy while reshaping.")
    c = a.copy()
    return c._view(c._offset, new_shape, _c_strides(new_shape, a.itemsize))


def transpose(a, axes=None):
    a = as_array(a)
    if axes is None:
        return a._view(a._offset, a._shape[::-1], a._strides[::-1])
    axes = tuple(axes)
    if len(axes) != a.ndim:
        raise ValueError("axes don't match array")
    axes = normalize_axes(axes, a.ndim)
    return a._view(a._offset, tuple(a._shape[i] for i in axes), tuple(a._strides[i] for i in axes))


def swapaxes(a, axis1, axis2):
    a = as_array(a)
    i, j = normalize_axis(axis1, a.ndim), normalize_axis(axis2, a.ndim)
    order = list(range(a.ndim))
    order[i], order[j] = order[j], order[i]
    return transpose(a, order)


def squeeze(a, axis=None):
    a = as_array(a)
    if axis is None:
        keep = [i for i, n in enumerate(a._shape) if n != 1]
    else:
        axes = normalize_axes(axis, a.ndim)
        for ax in axes:
            if a._shape[ax] != 1:
                raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
        keep = [i for i in range(a.ndim) if i not in axes]
    return a._view(a._offset, tuple(a._shape[i] for i in keep), tuple(a._strides[i] for i in keep))


def expand_dims(a, axis):
    a = as_array(a)
    axes = (axis,) if isinstance(axis, numbers.Integral) else tuple(axis)
    ndim = a.ndim + len(axes)
    axes = normalize_axes(axes, ndim)
    shape, strides = list(a._shape), list(a._strides)
    for ax in sorted(axes):
        shape.insert(ax, 1)
        strides.insert(ax, 0)
    return a._view(a._offset, tuple(shape), tuple(strides))


def broadcast_to(a, shape):
    a = as_array(a)
    shape = tuple(operator.index(s) for s in ((shape,) if isinstance(shape, numbers.Integral) else shape))
    if any(s < 0 for s in shape):
        raise ValueError("all elements of broadcast shape must be non-negative")
    if len(shape) < a.ndim:
        raise ValueError(f"input operand has more dimensions than allowed by the axis remapping")
    pad = len(shape) - a.ndim
    strides = [0] * pad
    for n_old, s_old, n_new in zip(a._shape, a._strides, shape[pad:]):
        if n_old == n_new:
            strides.append(s_old)
        elif n_old == 1:
            strides.append(0)
        else:
            raise ValueError(f"operands could not be broadcast together with remapped shapes "
                             f"[original->remapped]: {a._shape} and requested shape {shape}")
    return a._view(a._offset, shape, tuple(strides), readonly=True)


def moveaxis_last(a, axis):
    """A view of ``a`` with ``axis`` moved to the end."""
    axis = normalize_axis(axis, a.ndim)
    order = [i for i in range(a.ndim) if i != axis] + [axis]
    return transpose(a, order)

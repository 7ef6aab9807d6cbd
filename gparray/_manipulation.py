"""Shape and layout functions in NumPy's and the Array API's spellings: reshape, ravel,
moveaxis, rollaxis, permute_dims, matrix_transpose, atleast_1d/2d/3d, broadcast_arrays,
broadcast_shapes, asfortranarray, copyto, resize, shape/ndim/size.

Everything that NumPy answers with a view is a view here (built on the stride arithmetic of
_shape); copies are device copies (_copying.copy_into), never host round trips.
"""
import numbers
import operator

import numpy as np

from . import _creation
from ._core import views as _shape
from ._core.ndarray import ndarray
from ._core.operands import broadcast_shape, device_array, device_of
from ._core.views import normalize_axis, transpose
from ._engines import copying as _copying
from ._runtime import dtypes as _dtypes

__all__ = ["asfortranarray", "atleast_1d", "atleast_2d", "atleast_3d", "broadcast_arrays",
           "broadcast_shapes", "copyto", "matrix_transpose", "moveaxis", "ndim", "permute_dims",
           "ravel", "reshape", "resize", "rollaxis", "shape", "size"]


# -- reshaping -----------------------------------------------------------------------------
def reshape(a, /, shape, order="C", *, copy=None):
    """NumPy's ``reshape``: a view wherever the strides allow, a copy otherwise
    (``copy=False`` raises ValueError instead, ``copy=True`` always copies)."""
    a = device_array(a)
    if order not in ("C", "F", "A"):
        if order == "K":
            raise ValueError("order 'K' is not permitted for reshaping")
        if order is not None:
            raise ValueError(f"order must be one of 'C', 'F', 'A', or 'K' (got {order!r})")
        order = "C"
    return _shape.reshape(a, shape, order=order, copy=copy)


def _iteration_order(a):
    """Axes in NumPy's 'K' iteration order (nditer's stable insertion sort on absolute
    strides, slowest first; zero strides and length-1 axes are ambiguous and keep their
    place)."""
    strides = [0 if n == 1 else s for n, s in zip(a._shape, a._strides)]
    perm = list(range(a.ndim))[::-1]            # fastest axis first, as nditer keeps them
    for i0 in range(1, len(perm)):
        pos, s0 = i0, strides[perm[i0]]
        for i1 in range(i0 - 1, -1, -1):
            s1 = strides[perm[i1]]
            if s0 != 0 and s1 != 0:
                if abs(s1) <= abs(s0):
                    break
                pos = i1
        perm.insert(pos, perm.pop(i0))
    return perm[::-1]


def _memory_view(a):
    """A 1-D view of ``a`` in memory order when its elements are packed with positive
    strides in some axis order, else None."""
    order = sorted(range(a.ndim), key=lambda i: -abs(a._strides[i]))
    expected = a.itemsize
    for i in reversed(order):
        if a._shape[i] == 1:
            continue
        if a._strides[i] != expected:
            return None
        expected *= a._shape[i]
    return a._view(a._offset, (a.size,), (a.itemsize,))


def ravel(a, order="C"):
    """A 1-D view of ``a`` when it is contiguous in the requested order, else a copy (as
    NumPy's ravel, which unlike reshape(-1) does not return strided views). ``order='K'``
    reads the elements in memory order, keeping the sense of reversed axes."""
    a = device_array(a)
    if order not in ("C", "F", "A", "K"):
        raise ValueError(f"order must be one of 'C', 'F', 'A', or 'K' (got {order!r})")
    c_contig, f_contig = a.flags.c_contiguous, a.flags.f_contiguous
    if order == "A":
        order = "F" if f_contig and not c_contig else "C"
    elif order == "K":
        order = "C" if c_contig else "F" if f_contig else "K"
    if order == "K":
        view = _memory_view(a)
        if view is not None:
            return view
        a, order = transpose(a, _iteration_order(a)), "C"
    contiguous = c_contig if order == "C" else f_contig
    return _shape.reshape(a, (-1,), order=order, copy=None if contiguous else True)


def shape(a):
    """The shape of an array or array-like, as a tuple."""
    return a.shape if isinstance(a, ndarray) else np.shape(a)


def ndim(a):
    return a.ndim if isinstance(a, ndarray) else np.ndim(a)


def size(a, axis=None):
    if not isinstance(a, ndarray):
        return np.size(a, axis)
    if axis is None:
        return a.size
    axes = _shape.normalize_axes(axis, a.ndim)
    n = 1
    for ax in axes:
        n *= a._shape[ax]
    return n


# -- permuting axes (views) ----------------------------------------------------------------
def _axes_arg(axes, ndim, argname):
    if isinstance(axes, numbers.Integral) or (hasattr(axes, "__index__") and
                                              not isinstance(axes, (tuple, list))):
        axes = (axes,)
    out = []
    for ax in axes:
        ax = operator.index(ax)
        if not -ndim <= ax < ndim:
            raise np.exceptions.AxisError(ax, ndim, argname)
        out.append(ax % ndim if ndim else ax)
    if len(set(out)) != len(out):
        raise ValueError(f"repeated axis in `{argname}` argument")
    return out


def moveaxis(a, source, destination):
    """Move axes to new positions, the others keeping their order; a view."""
    a = device_array(a)
    source = _axes_arg(source, a.ndim, "source")
    destination = _axes_arg(destination, a.ndim, "destination")
    if len(source) != len(destination):
        raise ValueError("`source` and `destination` arguments must have the same number of "
                         "elements")
    order = [n for n in range(a.ndim) if n not in source]
    for dest, src in sorted(zip(destination, source)):
        order.insert(dest, src)
    return transpose(a, order)


def rollaxis(a, axis, start=0):
    """NumPy's ``rollaxis`` (prefer moveaxis); a view."""
    a = device_array(a)
    n = a.ndim
    axis = normalize_axis(axis, n)
    start = operator.index(start)
    if start < 0:
        start += n
    if not 0 <= start < n + 1:
        raise np.exceptions.AxisError(f"'start' arg requires {-n} <= start < {n + 1}, but "
                                      f"{start} was passed in")
    if axis < start:
        start -= 1
    if axis == start:
        return a[...]
    axes = list(range(n))
    axes.remove(axis)
    axes.insert(start, axis)
    return transpose(a, axes)


def permute_dims(a, axes=None):
    """The Array API's name for ``transpose``; a view."""
    a = device_array(a)
    return transpose(a, axes)


def matrix_transpose(x, /):
    """Swap the last two axes (the Array API's ``matrix_transpose``); a view."""
    x = device_array(x)
    if x.ndim < 2:
        raise ValueError(f"Input array must be at least 2-dimensional, but it is {x.ndim}")
    return x.mT


# -- dimensions ----------------------------------------------------------------------------
def _atleast(arys, ndim):
    result = []
    for a in arys:
        a = device_array(a)
        if a.ndim < ndim:
            if ndim == 3 and a.ndim == 2:
                a = a[:, :, None]
            elif ndim == 3 and a.ndim == 1:
                a = a[None, :, None]
            else:
                a = a.reshape((1,) * (ndim - a.ndim) + a.shape)
        result.append(a)
    return result[0] if len(result) == 1 else tuple(result)


def atleast_1d(*arys):
    """Arrays with at least one dimension (views); one array, or a tuple for several."""
    return _atleast(arys, 1)


def atleast_2d(*arys):
    return _atleast(arys, 2)


def atleast_3d(*arys):
    """(N,) becomes (1, N, 1) and (M, N) becomes (M, N, 1), as in NumPy."""
    return _atleast(arys, 3)


def broadcast_shapes(*args):
    """The shape that arrays of the given shapes broadcast to (pure shape arithmetic)."""
    return np.broadcast_shapes(*args)


def broadcast_arrays(*args, subok=False):
    """Views of the arguments broadcast to one shape. Returns a list, as the Array API
    standard asks (NumPy returns a tuple)."""

    device = device_of(args, ())
    arrays = [device_array(a, device) for a in args]
    target = np.broadcast_shapes(*(a.shape for a in arrays))
    return [a if a.shape == target else _shape.broadcast_to(a, target) for a in arrays]


# -- layout and copies ---------------------------------------------------------------------
def asfortranarray(a, dtype=None, *, like=None):
    """An array with at least one dimension laid out in Fortran order (a copy unless ``a``
    already is one of ``dtype``)."""
    device = like._device if isinstance(like, ndarray) else None
    a = device_array(a, device)
    if dtype is not None:
        dtype = _dtypes.check_dtype(dtype, a._device, "asfortranarray")
    if a.ndim == 0:
        a = a.reshape(1)
    if a.flags.f_contiguous and (dtype is None or dtype == a._dtype):
        return a
    out = _creation.empty(a._shape, dtype=dtype or a._dtype, order="F", device=a._device)
    _copying.copy_into(out, a)
    return out


def _weak_source_dtype(value, dst_dtype):
    """The dtype a Python scalar takes in ``copyto`` (NEP 50: the destination's dtype when
    its kind can hold the value, else the default dtype of the scalar's type)."""
    rank = {"b": 0, "i": 1, "u": 1, "f": 2, "c": 3}
    kind = {int: (1, np.int64), float: (2, np.float64), complex: (3, np.complex128)}[type(value)]
    if rank[dst_dtype.kind] >= kind[0]:
        return dst_dtype
    return np.dtype(kind[1])


def copyto(dst, src, casting="same_kind", where=True):
    """Copy ``src`` into ``dst`` (broadcasting), where ``where`` is true; the dtype cast must
    be allowed by ``casting``. Python scalars are weak, as in NumPy 2."""
    if isinstance(dst, np.ndarray):
        # A host destination: the result has to reach host memory anyway.
        np.copyto(dst, src.get() if isinstance(src, ndarray) else src, casting=casting,
                  where=where.get() if isinstance(where, ndarray) else where)
        return
    if not isinstance(dst, ndarray):
        raise TypeError(f"copyto() argument 1 must be an array, not {type(dst).__name__}")
    if type(src) in (int, float, complex):
        src_dtype = _weak_source_dtype(src, dst._dtype)
        if src_dtype.kind in "iu" and dst._dtype.kind in "iu":
            info = np.iinfo(dst._dtype)
            if not info.min <= src <= info.max:
                raise OverflowError(f"Python integer {src} out of bounds for {dst._dtype}")
        kind_of_src = "scalar"
    else:
        if isinstance(src, (bool, np.generic)) or isinstance(src, np.ndarray) and src.ndim == 0:
            src = np.asarray(src)[()]
        elif not isinstance(src, ndarray):
            src = _creation.asarray(src, device=dst._device)
        src_dtype = src.dtype if not isinstance(src, (bool, np.bool_)) else _dtypes.bool_
        kind_of_src = "scalar" if not isinstance(src, ndarray) else "array data"
    if not np.can_cast(src_dtype, dst._dtype, casting=casting):
        raise TypeError(f"Cannot cast {kind_of_src} from {np.dtype(src_dtype)!r} to "
                        f"{dst._dtype!r} according to the rule {casting!r}")
    if isinstance(src, ndarray):
        if broadcast_shape([src._shape, dst._shape]) != dst._shape:
            raise ValueError(f"could not broadcast input array from shape {src._shape} into "
                             f"shape {dst._shape}")
    if where is True or (isinstance(where, (bool, np.bool_)) and where):
        _copying.assign(dst, src)
        return
    if isinstance(where, (bool, np.bool_)):
        return
    mask = device_array(where, dst._device)
    if mask._dtype != _dtypes.bool_:
        raise TypeError(f"Cannot cast array data from {mask._dtype!r} to dtype('bool') "
                        "according to the rule 'safe'")
    mask = _shape.broadcast_to(mask, dst._shape)
    value = src if isinstance(src, ndarray) else np.asarray(src).astype(dst._dtype)[()]
    if isinstance(value, ndarray) and value._dtype != dst._dtype:
        value = value.astype(dst._dtype)
    _copying.copy_into(dst, _copying.select(mask, value, dst))


def resize(a, new_shape):
    """A new array of ``new_shape`` filled with repeated copies of ``a`` (in C order);
    zeros if ``a`` is empty."""
    a = device_array(a)
    if isinstance(new_shape, (numbers.Integral, np.integer)):
        new_shape = (new_shape,)
    new_shape = tuple(operator.index(n) for n in new_shape)
    new_size = 1
    for n in new_shape:
        new_size *= n
        if n < 0:
            raise ValueError("all elements of `new_shape` must be non-negative")
    flat = ravel(a)
    if flat.size == 0 or new_size == 0:
        return _creation.zeros(new_shape, dtype=a._dtype, device=a._device)
    out = _creation.empty((new_size,), dtype=a._dtype, device=a._device)
    whole, rest = divmod(new_size, flat.size)
    # Whole repetitions in one broadcast copy: out viewed as (whole, size) <- flat[None, :].
    if whole:
        rows = out._view(out._offset, (whole, flat.size), (flat.size * a.itemsize, a.itemsize))
        _copying.copy_into(rows, flat)
    if rest:
        _copying.copy_into(out[whole * flat.size:], flat[:rest])
    return out.reshape(new_shape)

"""The methods, operators and protocols of ``ndarray`` and ``ufunc``, attached to the classes
from one table once every layer they call exists.

The classes live low (``ndarray`` in the core, ``ufunc`` in the engines) so that every layer
can use them; what their methods compute lives higher up. Attaching here, after the class is
defined, keeps the low layers free of upward imports. A method is the namespace function of
the same name unless an adapter below says how the signatures differ.
"""
import importlib
import numbers

import numpy as np

from . import _dispatch
from ._core import allocate, interop, printing, views
from ._core.basic_indexing import is_basic
from ._core.ndarray import ndarray
from ._core.operands import as_operand, asarray, device_of
from ._elementwise_functions import clip, round
from ._engines import advanced_indexing, copying, reduceat, reduction, scan, sort, ufuncs
from ._engines.compaction import nonzero
from ._engines.ufunc import ufunc
from ._indexing_routines import compress, put, take
from ._linalg_products import dot, matmul
from ._manipulation import ravel
from ._rearrange import diagonal, repeat, trace
from ._runtime.config import settings
from ._runtime.host_conversion import check_implicit
from ._runtime.ufunc_table import power_shortcut
from ._searching import searchsorted
from ._statistics import std, var


# -- construction and parts -------------------------------------------------------------
def _new(cls, shape, dtype=None, buffer=None, offset=0, strides=None, order="C", device=None):
    if buffer is not None:
        raise TypeError("gparray.ndarray(buffer=...) is not supported; use gparray.asarray")
    return allocate.empty(shape, dtype=dtype, order=order, device=device)


def _imag(self):
    if self._dtype.kind != "c":
        return allocate.zeros(self._shape, dtype=self._dtype, device=self._device)
    part = np.dtype(f"f{self._dtype.itemsize // 2}")
    return self._view(self._offset + part.itemsize, self._shape, self._strides, part)


def _set_imag(self, value):
    if self._dtype.kind != "c":
        raise TypeError("array does not have imaginary part to set")
    self.imag[...] = value


# -- host transfer ----------------------------------------------------------------------
def _numpy(self):
    """The data as a NumPy array: a view of the device buffer on devices that share host
    memory (writes on either side are seen by the other), a copy otherwise."""
    return interop.to_host(self, copy=False)


def _get(self):
    """CuPy's name for a host copy."""
    return interop.to_host(self, copy=True)


def _to_numpy(self):
    """An explicit host copy, under the name pandas and xarray use (``DataArray.plot`` and
    ``as_numpy`` call it), so no implicit conversion is involved."""
    return interop.to_host(self, copy=True)


def _array(self, dtype=None, copy=None):
    check_implicit("__array__")
    if copy is False and not self._device.unified_memory:
        raise ValueError("a copy is needed to make a NumPy array of a gparray array on "
                         f"{self._device.name!r}, which does not share host memory")
    host = interop.to_host(self, copy=bool(copy))
    if dtype is not None and np.dtype(dtype) != host.dtype:
        if copy is False:
            raise ValueError("a copy is needed to convert to the requested dtype")
        host = host.astype(dtype)
    return host


def _to_device(self, device, /, *, stream=None):
    return interop.to_device(self, device)


def _item(self, *args):
    if len(args) == 1 and not isinstance(args[0], tuple):
        flat = int(args[0])
        if not -self.size <= flat < self.size:
            raise IndexError("index out of bounds")
        return self[np.unravel_index(flat % self.size, self._shape)].item()
    if args:
        return self[args[0] if len(args) == 1 else args].item()
    if self.size != 1:
        raise ValueError("can only convert an array of size 1 to a Python scalar")
    return interop.to_host(self, copy=True).item()


def _iter(self):
    """Rows of an n-d array are device views. The elements of a 1-d array are NumPy scalars
    read in one host copy (the host-conversion mode applies to it, once), as plotting and
    other host code iterates; in "raise" mode they are 0-d device views."""
    if not self._shape:
        raise TypeError("iteration over a 0-d array")
    if self.ndim == 1 and settings.host_conversion != "raise":
        check_implicit("iteration")
        return iter(interop.to_host(self, copy=True))
    return (self[i] for i in range(self._shape[0]))


def _tolist(self):
    return interop.to_host(self, copy=True).tolist()


def _reduce(self):
    return (interop.rebuild, (interop.to_host(self, copy=True), self._device.index))


def _dlpack(self, *, stream=None, max_version=None, dl_device=None, copy=None):
    return interop.dlpack(self, stream=stream, max_version=max_version, dl_device=dl_device,
                          copy=copy)


# -- indexing ---------------------------------------------------------------------------
def _getitem(self, key):
    if is_basic(key):
        view = self._basic_view(key)
        if not view._shape and not any(k is Ellipsis for k in (key if isinstance(key, tuple)
                                                               else (key,))):
            # NumPy gives a scalar here (a copy): later writes to self don't show in it
            return view.copy()
        return view
    return advanced_indexing.getitem(self, key)


def _setitem(self, key, value):
    self._check_writeable()
    if is_basic(key):
        copying.assign(self._basic_view(key), value)
    else:
        advanced_indexing.setitem(self, key, value)


# -- shape and copies -------------------------------------------------------------------
def _reshape(self, *shape, order="C", copy=None):
    if len(shape) == 1 and not isinstance(shape[0], numbers.Integral):
        shape = shape[0]
    return views.reshape(self, shape, order=order, copy=copy)


def _flatten(self, order="C"):
    flat = ravel(self, order=order)
    return flat.copy() if flat._buf is self._buf else flat


def _transpose(self, *axes):
    if len(axes) == 1 and (axes[0] is None or not isinstance(axes[0], numbers.Integral)):
        axes = axes[0]
    return views.transpose(self, axes or None)


def _astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True, device=None):
    return copying.astype(self, dtype, casting=casting, copy=copy, device=device)


def _copy(self, order="C"):
    return copying.copy(self, order=order)


# -- computing methods whose signature differs from the namespace function --------------
def _sum(self, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    return reduction.sum(self, axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                         initial=initial, where=where)


def _prod(self, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    return reduction.prod(self, axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                          initial=initial, where=where)


def _max(self, axis=None, out=None, keepdims=False, initial=None, where=True):
    return reduction.max(self, axis=axis, out=out, keepdims=keepdims, initial=initial,
                         where=where)


def _min(self, axis=None, out=None, keepdims=False, initial=None, where=True):
    return reduction.min(self, axis=axis, out=out, keepdims=keepdims, initial=initial,
                         where=where)


def _mean(self, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    return reduction.mean(self, axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                          where=where)


def _sort(self, axis=-1, kind=None, order=None, *, stable=None):
    """Sort in place, as numpy.ndarray.sort."""
    sort.sort_inplace(self, axis, kind, order, stable=stable)


def _argsort(self, axis=-1, kind=None, order=None, *, stable=None):
    return sort.argsort(self, axis, kind, order, stable=stable)


def _partition(self, kth, axis=-1, kind="introselect", order=None):
    sort.partition_inplace(self, kth, axis, kind, order)


def _compress(self, condition, axis=None, out=None):
    return compress(condition, self, axis=axis, out=out)


# -- protocols --------------------------------------------------------------------------
def _array_ufunc(self, ufunc, method, *inputs, **kwargs):
    return _dispatch.array_ufunc(ufunc, method, inputs, kwargs)


def _array_function(self, func, types, args, kwargs):
    return _dispatch.array_function(func, types, args, kwargs)


def _array_namespace(self, /, *, api_version=None):
    if api_version is not None and api_version not in ("2021.12", "2022.12", "2023.12",
                                                       "2024.12"):
        raise ValueError(f"unsupported Array API version {api_version!r}")
    return importlib.import_module(__package__)


# -- operators --------------------------------------------------------------------------
def _is_operand(x):
    """Whether an operator should handle ``x`` (else it returns NotImplemented so that the
    other type, e.g. a Dask array, gets its turn)."""
    return isinstance(x, (ndarray, numbers.Number, np.ndarray, np.generic, list, tuple))


def _binary(uf):
    def forward(self, other):
        return uf(self, other) if _is_operand(other) else NotImplemented

    def reflected(self, other):
        return uf(other, self) if _is_operand(other) else NotImplemented

    def inplace(self, other):
        return uf(self, other, out=(self,)) if _is_operand(other) else NotImplemented

    forward.__name__ = reflected.__name__ = inplace.__name__ = uf.__name__
    return forward, reflected, inplace


def _unary(uf):
    def op(self):
        return uf(self)

    op.__name__ = uf.__name__
    return op


def _matmul(self, other):
    return matmul(self, other) if _is_operand(other) else NotImplemented


def _rmatmul(self, other):
    return matmul(other, self) if _is_operand(other) else NotImplemented


def _imatmul(self, other):
    if not _is_operand(other):
        return NotImplemented
    result = matmul(self, other)
    if result.shape != self.shape:
        raise ValueError("matmul in-place: result shape differs from the left operand's")
    self[...] = result
    return self


NDARRAY_METHODS = {
    "__new__": staticmethod(_new), "imag": property(_imag, _set_imag),
    "numpy": _numpy, "get": _get, "to_numpy": _to_numpy, "__array__": _array,
    "to_device": _to_device, "__iter__": _iter,
    "item": _item, "tolist": _tolist, "__reduce__": _reduce,
    "__repr__": printing.array_repr, "__str__": printing.array_str,
    "__dlpack__": _dlpack, "__dlpack_device__": interop.dlpack_device,
    "__getitem__": _getitem, "__setitem__": _setitem,
    "reshape": _reshape, "ravel": ravel, "flatten": _flatten, "transpose": _transpose,
    "swapaxes": views.swapaxes, "squeeze": views.squeeze, "astype": _astype, "copy": _copy,
    "fill": copying.assign,
    "sum": _sum, "prod": _prod, "max": _max, "min": _min, "mean": _mean,
    "any": reduction.any, "all": reduction.all,
    "argmax": reduction.argmax, "argmin": reduction.argmin, "var": var, "std": std,
    "cumsum": scan.cumsum, "cumprod": scan.cumprod,
    "sort": _sort, "argsort": _argsort, "partition": _partition,
    "argpartition": sort.argpartition, "searchsorted": searchsorted, "nonzero": nonzero,
    "clip": clip, "round": round, "dot": dot, "trace": trace, "diagonal": diagonal,
    "repeat": repeat, "take": take, "put": put, "compress": _compress,
    "conj": ufuncs.conjugate, "conjugate": ufuncs.conjugate,
    "__array_ufunc__": _array_ufunc, "__array_function__": _array_function,
    "__array_namespace__": _array_namespace,
    "__matmul__": _matmul, "__rmatmul__": _rmatmul, "__imatmul__": _imatmul,
    "__divmod__": _binary(ufuncs.divmod)[0], "__rdivmod__": _binary(ufuncs.divmod)[1],
    "__neg__": _unary(ufuncs.negative), "__pos__": _unary(ufuncs.positive),
    "__abs__": _unary(ufuncs.absolute), "__invert__": _unary(ufuncs.invert),
    "__eq__": _binary(ufuncs.equal)[0], "__ne__": _binary(ufuncs.not_equal)[0],
    "__lt__": _binary(ufuncs.less)[0], "__le__": _binary(ufuncs.less_equal)[0],
    "__gt__": _binary(ufuncs.greater)[0], "__ge__": _binary(ufuncs.greater_equal)[0],
}
for _stem, _uf in [("add", ufuncs.add), ("sub", ufuncs.subtract), ("mul", ufuncs.multiply),
                   ("truediv", ufuncs.divide), ("floordiv", ufuncs.floor_divide),
                   ("mod", ufuncs.remainder), ("pow", ufuncs.power),
                   ("and", ufuncs.bitwise_and), ("or", ufuncs.bitwise_or),
                   ("xor", ufuncs.bitwise_xor), ("lshift", ufuncs.left_shift),
                   ("rshift", ufuncs.right_shift)]:
    (NDARRAY_METHODS[f"__{_stem}__"], NDARRAY_METHODS[f"__r{_stem}__"],
     NDARRAY_METHODS[f"__i{_stem}__"]) = _binary(_uf)



def _power_shortcut(base, exponent):
    """The ufunc NumPy's ``**`` operator runs instead of power for ``base`` and a scalar
    ``exponent`` (ufunc_table.power_shortcut), as a function of the array, or None."""
    name = power_shortcut(base._dtype.kind, exponent)
    return None if name is None else getattr(ufuncs, name)


def _pow(self, other):
    shortcut = _power_shortcut(self, other)
    if shortcut is not None:
        return shortcut(self)
    return ufuncs.power(self, other) if _is_operand(other) else NotImplemented


def _ipow(self, other):
    shortcut = _power_shortcut(self, other)
    if shortcut is not None:
        return shortcut(self, out=(self,))
    return ufuncs.power(self, other, out=(self,)) if _is_operand(other) else NotImplemented


NDARRAY_METHODS["__pow__"], NDARRAY_METHODS["__ipow__"] = _pow, _ipow


# -- ufunc methods ----------------------------------------------------------------------
def _ufunc_reduce(self, array, axis=0, dtype=None, out=None, keepdims=False,
                  initial=np._NoValue, where=True):
    return reduction.ufunc_reduce(self, array, axis=axis, dtype=dtype, out=out,
                                  keepdims=keepdims, initial=initial, where=where)


def _ufunc_accumulate(self, array, axis=0, dtype=None, out=None):
    return scan.ufunc_accumulate(self, array, axis=axis, dtype=dtype, out=out)


def _ufunc_reduceat(self, array, indices, axis=0, dtype=None, out=None):
    return reduceat.reduceat(self, array, indices, axis=axis, dtype=dtype, out=out)


def _ufunc_outer(self, A, B, /, **kwargs):
    if self.nin != 2:
        raise ValueError("outer product only supported for binary functions")
    device = device_of((A, B), ())
    A = as_operand(A, device)
    B = as_operand(B, device)
    A = A if isinstance(A, ndarray) else asarray(A, device=device)
    B = B if isinstance(B, ndarray) else asarray(B, device=device)
    a = A.reshape(A.shape + (1,) * B.ndim)
    return self(a, B, **kwargs)


def _ufunc_at(self, a, indices, b=None, /):
    return advanced_indexing.ufunc_at(self, a, indices, b)


UFUNC_METHODS = {"reduce": _ufunc_reduce, "accumulate": _ufunc_accumulate,
                 "reduceat": _ufunc_reduceat, "outer": _ufunc_outer, "at": _ufunc_at}

for _cls, _table in ((ndarray, NDARRAY_METHODS), (ufunc, UFUNC_METHODS)):
    for _name, _method in _table.items():
        setattr(_cls, _name, _method)

"""``gparray.ndarray``: an n-dimensional view (shape, byte strides, byte offset, dtype) of a
device buffer. Not a subclass of ``numpy.ndarray``; NumPy functions reach it through
``__array_ufunc__`` and ``__array_function__``.
"""
import numbers
import warnings

import numpy as np

from . import _indexing, _launch
from ._config import settings


def _ndim_conversion_raises():
    # NumPy's deprecation of int()/float() of 1-element arrays with ndim > 0 has expired in
    # newer releases (a TypeError); follow the installed NumPy.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            int(np.ones(1))
    except TypeError:
        return True
    return False


_NDIM_CONVERSION_RAISES = _ndim_conversion_raises()


def _c_strides(shape, itemsize):
    strides, acc = [], itemsize
    for n in reversed(shape):
        strides.append(acc)
        acc *= max(n, 1)
    return tuple(reversed(strides))


def _is_contiguous(shape, strides, itemsize, reverse=False):
    dims = list(zip(shape, strides))
    if reverse:
        dims.reverse()
    acc = itemsize
    for n, s in reversed(dims):
        if n == 0:
            return True
        if n != 1:
            if s != acc:
                return False
            acc *= n
    return True


class Flags:
    """The subset of NumPy's ``ndarray.flags`` that describes a device array."""

    def __init__(self, arr):
        self.c_contiguous = _is_contiguous(arr.shape, arr.strides, arr.itemsize)
        self.f_contiguous = _is_contiguous(arr.shape, arr.strides, arr.itemsize, reverse=True)
        self.contiguous = self.c_contiguous
        self.owndata = arr._base is None
        self.writeable = not arr._readonly
        self.aligned = True

    _KEYS = {"C_CONTIGUOUS": "c_contiguous", "C": "c_contiguous", "F_CONTIGUOUS": "f_contiguous",
             "F": "f_contiguous", "OWNDATA": "owndata", "WRITEABLE": "writeable",
             "W": "writeable", "ALIGNED": "aligned", "A": "aligned", "CONTIGUOUS": "c_contiguous"}

    def __getitem__(self, key):
        return getattr(self, self._KEYS[key.upper()])

    def __repr__(self):
        return "\n".join(f"  {k} : {self[k]}" for k in
                         ("C_CONTIGUOUS", "F_CONTIGUOUS", "OWNDATA", "WRITEABLE", "ALIGNED"))


def _ns():
    import gparray

    return gparray


def _is_operand(x):
    """Whether an operator should handle ``x`` (else it returns NotImplemented so that the
    other type, e.g. a Dask array, gets its turn)."""
    return isinstance(x, (ndarray, numbers.Number, np.ndarray, np.generic, list, tuple))


def _binary(name):
    def forward(self, other):
        if not _is_operand(other):
            return NotImplemented
        return _ufunc.UFUNCS[name](self, other)

    def reflected(self, other):
        if not _is_operand(other):
            return NotImplemented
        return _ufunc.UFUNCS[name](other, self)

    def inplace(self, other):
        if not _is_operand(other):
            return NotImplemented
        return _ufunc.UFUNCS[name](self, other, out=(self,))

    forward.__name__ = reflected.__name__ = inplace.__name__ = name
    return forward, reflected, inplace


def _unary(name):
    def op(self):
        return _ufunc.UFUNCS[name](self)

    op.__name__ = name
    return op


def _comparison(name):
    def op(self, other):
        if not _is_operand(other):
            return NotImplemented
        return _ufunc.UFUNCS[name](self, other)

    op.__name__ = name
    return op


class ndarray:
    """An array on an OpenCL device, with NumPy's semantics.

    ``ndarray(shape, dtype=float, device=None)`` allocates an uninitialised array, like
    ``numpy.ndarray``; use the creation functions (``gparray.asarray``, ``zeros``, ...) instead.
    """

    __slots__ = ("_buf", "_offset", "_shape", "_strides", "_dtype", "_device", "_base",
                 "_readonly", "__weakref__")
    __array_priority__ = 100.0

    def __new__(cls, shape, dtype=None, buffer=None, offset=0, strides=None, order="C",
                device=None):
        from . import _creation

        if buffer is not None:
            raise TypeError("gparray.ndarray(buffer=...) is not supported; use gparray.asarray")
        out = _creation.empty(shape, dtype=dtype, order=order, device=device)
        return out

    # -- construction helpers (internal) -------------------------------------------------
    @classmethod
    def _wrap(cls, buf, offset, shape, strides, dtype, device, base=None):
        self = object.__new__(cls)
        self._buf = buf
        self._offset = offset
        self._shape = shape
        self._strides = strides
        self._dtype = dtype
        self._device = device
        self._base = base
        self._readonly = False
        return self

    def _view(self, offset, shape, strides, dtype=None, readonly=False):
        """A view of the same memory; it is read-only when ``readonly`` is true or this array
        is (NumPy's broadcast_to and diagonal give read-only views)."""
        out = ndarray._wrap(self._buf, offset, shape, strides, dtype or self._dtype,
                            self._device, self if self._base is None else self._base)
        out._readonly = readonly or self._readonly
        return out

    def _check_writeable(self):
        if self._readonly:
            raise ValueError("assignment destination is read-only")

    # -- attributes ----------------------------------------------------------------------
    shape = property(lambda self: self._shape, doc="Tuple of array dimensions.")
    strides = property(lambda self: self._strides, doc="Bytes to step in each dimension.")
    dtype = property(lambda self: self._dtype, doc="The NumPy dtype of the elements.")
    device = property(lambda self: self._device, doc="The gparray.Device holding the data.")
    base = property(lambda self: self._base, doc="The array this one is a view of, or None.")
    ndim = property(lambda self: len(self._shape))
    itemsize = property(lambda self: self._dtype.itemsize)
    offset = property(lambda self: self._offset, doc="Byte offset of element 0 in the buffer.")

    @property
    def size(self):
        n = 1
        for s in self._shape:
            n *= s
        return n

    @property
    def nbytes(self):
        return self.size * self._dtype.itemsize

    @property
    def flags(self):
        return Flags(self)

    @property
    def T(self):
        return self._view(self._offset, self._shape[::-1], self._strides[::-1])

    @property
    def mT(self):
        if self.ndim < 2:
            raise ValueError("matrix transpose with ndim < 2 is undefined")
        shape, strides = list(self._shape), list(self._strides)
        shape[-1], shape[-2] = shape[-2], shape[-1]
        strides[-1], strides[-2] = strides[-2], strides[-1]
        return self._view(self._offset, tuple(shape), tuple(strides))

    @property
    def real(self):
        if self._dtype.kind != "c":
            return self
        part = np.dtype(f"f{self._dtype.itemsize // 2}")
        return self._view(self._offset, self._shape, self._strides, part)

    @real.setter
    def real(self, value):
        self.real[...] = value

    @property
    def imag(self):
        if self._dtype.kind != "c":
            from . import _creation

            return _creation.zeros(self._shape, dtype=self._dtype, device=self._device)
        part = np.dtype(f"f{self._dtype.itemsize // 2}")
        return self._view(self._offset + part.itemsize, self._shape, self._strides, part)

    @imag.setter
    def imag(self, value):
        if self._dtype.kind != "c":
            raise TypeError("array does not have imaginary part to set")
        self.imag[...] = value

    # -- host transfer -------------------------------------------------------------------
    def numpy(self):
        """The data as a NumPy array: a view of the device buffer on devices that share host
        memory (writes on either side are seen by the other), a copy otherwise."""
        from . import _interop

        return _interop.to_host(self, copy=False)

    def get(self):
        """CuPy's name for a host copy."""
        from . import _interop

        return _interop.to_host(self, copy=True)

    def __array__(self, dtype=None, copy=None):
        from . import _interop

        mode = settings.host_conversion
        if mode == "raise":
            raise TypeError("implicit conversion of a gparray array to a NumPy array is disabled "
                            "(host conversion mode 'raise'); call x.numpy() or gparray.asnumpy(x) "
                            "to copy explicitly")
        if mode == "warn":
            warnings.warn("implicit conversion of a gparray array to NumPy (device-to-host copy)",
                          stacklevel=2)
        if copy is False and not self._device.unified_memory:
            raise ValueError("a copy is needed to make a NumPy array of a gparray array on "
                             f"{self._device.name!r}, which does not share host memory")
        host = _interop.to_host(self, copy=bool(copy))
        if dtype is not None and np.dtype(dtype) != host.dtype:
            if copy is False:
                raise ValueError("a copy is needed to convert to the requested dtype")
            host = host.astype(dtype)
        return host

    def to_device(self, device, /, *, stream=None):
        from . import _interop

        return _interop.to_device(self, device)

    def item(self, *args):
        from . import _interop

        if len(args) == 1 and not isinstance(args[0], tuple):
            flat = int(args[0])
            if not -self.size <= flat < self.size:
                raise IndexError("index out of bounds")
            return self[np.unravel_index(flat % self.size, self._shape)].item()
        if args:
            return self[args[0] if len(args) == 1 else args].item()
        if self.size != 1:
            raise ValueError("can only convert an array of size 1 to a Python scalar")
        return _interop.to_host(self, copy=True).item()

    def tolist(self):
        from . import _interop

        return _interop.to_host(self, copy=True).tolist()

    def __bool__(self):
        if self.size != 1:
            raise ValueError("The truth value of an array with more than one element is "
                             "ambiguous. Use a.any() or a.all()")
        return bool(self.item())

    def __int__(self):
        self._check_scalar_conversion("int")
        return int(self.item())

    def __float__(self):
        self._check_scalar_conversion("float")
        return float(self.item())

    def __complex__(self):
        self._check_scalar_conversion("complex")
        return complex(self.item())

    def __index__(self):
        if self._dtype.kind not in "iu" or self.ndim != 0:
            raise TypeError("only integer scalar arrays can be converted to a scalar index")
        return int(self.item())

    def _check_scalar_conversion(self, kind):
        if self.size != 1:
            raise TypeError(f"only length-1 arrays can be converted to Python scalars")
        if self.ndim > 0:
            if _NDIM_CONVERSION_RAISES:
                raise TypeError("only 0-dimensional arrays can be converted to Python scalars")
            warnings.warn("Conversion of an array with ndim > 0 to a scalar is deprecated, and "
                          "will error in future. Ensure you extract a single element from your "
                          "array before performing this operation.", DeprecationWarning,
                          stacklevel=3)
        if self._dtype.kind == "c" and kind in ("int", "float"):
            what = "a string, a bytes-like object" if kind == "int" else "a string"
            raise TypeError(f"{kind}() argument must be {what} or a real number, not 'complex'")

    def __len__(self):
        if not self._shape:
            raise TypeError("len() of unsized object")
        return self._shape[0]

    def __iter__(self):
        if not self._shape:
            raise TypeError("iteration over a 0-d array")
        for i in range(self._shape[0]):
            yield self[i]

    def __repr__(self):
        from . import _format

        return _format.array_repr(self)

    def __str__(self):
        from . import _format

        return _format.array_str(self)

    def __format__(self, spec):
        if self.ndim == 0:
            return format(self.item(), spec)
        return format(str(self), spec)

    def __reduce__(self):
        from . import _interop

        return (_interop.rebuild, (_interop.to_host(self, copy=True), self._device.index))

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    # -- indexing ------------------------------------------------------------------------
    def __getitem__(self, key):
        if _indexing.is_basic(key):
            offset, shape, strides = _indexing.parse_basic(self._shape, self._strides, key)
            view = self._view(self._offset + offset, shape, strides)
            if not shape and not any(k is Ellipsis for k in (key if isinstance(key, tuple)
                                                              else (key,))):
                # NumPy gives a scalar here (a copy): later writes to self don't show in it
                return view.copy()
            return view
        from . import _advanced

        return _advanced.getitem(self, key)

    def __setitem__(self, key, value):
        from . import _copying

        self._check_writeable()
        if _indexing.is_basic(key):
            offset, shape, strides = _indexing.parse_basic(self._shape, self._strides, key)
            _copying.assign(self._view(self._offset + offset, shape, strides), value)
            return
        from . import _advanced

        _advanced.setitem(self, key, value)

    # -- shape and copies ----------------------------------------------------------------
    def reshape(self, *shape, order="C", copy=None):
        from . import _shape

        if len(shape) == 1 and not isinstance(shape[0], numbers.Integral):
            shape = shape[0]
        return _shape.reshape(self, shape, order=order, copy=copy)

    def ravel(self, order="C"):
        from . import _manipulation

        return _manipulation.ravel(self, order=order)

    def flatten(self, order="C"):
        from . import _manipulation

        flat = _manipulation.ravel(self, order=order)
        return flat.copy() if flat._buf is self._buf else flat

    def transpose(self, *axes):
        from . import _shape

        if len(axes) == 1 and (axes[0] is None or not isinstance(axes[0], numbers.Integral)):
            axes = axes[0]
        return _shape.transpose(self, axes or None)

    def swapaxes(self, axis1, axis2):
        from . import _shape

        return _shape.swapaxes(self, axis1, axis2)

    def squeeze(self, axis=None):
        from . import _shape

        return _shape.squeeze(self, axis)

    def astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True, device=None):
        from . import _copying

        return _copying.astype(self, dtype, casting=casting, copy=copy, device=device)

    def copy(self, order="C"):
        from . import _copying

        return _copying.copy(self, order=order)

    def fill(self, value):
        from . import _copying

        _copying.assign(self, value)

    def view(self, dtype=None, type=None):
        if dtype is None or np.dtype(dtype) == self._dtype:
            return self._view(self._offset, self._shape, self._strides)
        dtype = np.dtype(dtype)
        if dtype.itemsize != self._dtype.itemsize:
            raise ValueError("gparray views may only reinterpret dtypes of the same itemsize")
        return self._view(self._offset, self._shape, self._strides, dtype)

    # -- reductions as methods -----------------------------------------------------------
    def sum(self, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
        from . import _reductions

        return _reductions.sum(self, axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                               initial=initial, where=where)

    def prod(self, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
        from . import _reductions

        return _reductions.prod(self, axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                                initial=initial, where=where)

    def max(self, axis=None, out=None, keepdims=False, initial=None, where=True):
        from . import _reductions

        return _reductions.max(self, axis=axis, out=out, keepdims=keepdims, initial=initial,
                               where=where)

    def min(self, axis=None, out=None, keepdims=False, initial=None, where=True):
        from . import _reductions

        return _reductions.min(self, axis=axis, out=out, keepdims=keepdims, initial=initial,
                               where=where)

    def any(self, axis=None, out=None, keepdims=False, *, where=True):
        from . import _reductions

        return _reductions.any(self, axis=axis, out=out, keepdims=keepdims, where=where)

    def all(self, axis=None, out=None, keepdims=False, *, where=True):
        from . import _reductions

        return _reductions.all(self, axis=axis, out=out, keepdims=keepdims, where=where)

    def mean(self, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
        from . import _reductions

        return _reductions.mean(self, axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                                where=where)

    # The remaining NumPy methods are the namespace functions of the same name, looked up at
    # call time (they live in modules that import this one).
    def argmax(self, axis=None, out=None, *, keepdims=False):
        return _ns().argmax(self, axis=axis, out=out, keepdims=keepdims)

    def argmin(self, axis=None, out=None, *, keepdims=False):
        return _ns().argmin(self, axis=axis, out=out, keepdims=keepdims)

    def var(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kwargs):
        return _ns().var(self, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims,
                         **kwargs)

    def std(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False, **kwargs):
        return _ns().std(self, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims,
                         **kwargs)

    def cumsum(self, axis=None, dtype=None, out=None):
        return _ns().cumsum(self, axis=axis, dtype=dtype, out=out)

    def cumprod(self, axis=None, dtype=None, out=None):
        return _ns().cumprod(self, axis=axis, dtype=dtype, out=out)

    def sort(self, axis=-1, kind=None, order=None, *, stable=None):
        """Sort in place, as numpy.ndarray.sort."""
        from . import _sorting

        _sorting.sort_inplace(self, axis, kind, order, stable=stable)

    def argsort(self, axis=-1, kind=None, order=None, *, stable=None):
        return _ns().argsort(self, axis, kind, order, stable=stable)

    def partition(self, kth, axis=-1, kind="introselect", order=None):
        from . import _sorting

        _sorting.partition_inplace(self, kth, axis, kind, order)

    def argpartition(self, kth, axis=-1, kind="introselect", order=None):
        return _ns().argpartition(self, kth, axis, kind, order)

    def searchsorted(self, v, side="left", sorter=None):
        return _ns().searchsorted(self, v, side=side, sorter=sorter)

    def nonzero(self):
        return _ns().nonzero(self)

    def clip(self, min=None, max=None, out=None, **kwargs):
        return _ns().clip(self, min, max, out=out, **kwargs)

    def round(self, decimals=0, out=None):
        return _ns().round(self, decimals, out=out)

    def dot(self, b, out=None):
        return _ns().dot(self, b, out=out) if hasattr(_ns(), "dot") else \
            _ns().matmul(self, b, out=out)

    def trace(self, offset=0, axis1=0, axis2=1, dtype=None, out=None):
        return _ns().trace(self, offset, axis1, axis2, dtype=dtype, out=out)

    def diagonal(self, offset=0, axis1=0, axis2=1):
        return _ns().diagonal(self, offset, axis1, axis2)

    def repeat(self, repeats, axis=None):
        return _ns().repeat(self, repeats, axis=axis)

    def take(self, indices, axis=None, out=None, mode="raise"):
        return _ns().take(self, indices, axis=axis, out=out, mode=mode)

    def put(self, indices, values, mode="raise"):
        return _ns().put(self, indices, values, mode=mode)

    def compress(self, condition, axis=None, out=None):
        return _ns().compress(condition, self, axis=axis, out=out)

    def conj(self):
        return _ufunc.UFUNCS["conjugate"](self)

    conjugate = conj

    # -- protocols -----------------------------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        from . import _dispatch

        return _dispatch.array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        from . import _dispatch

        return _dispatch.array_function(func, types, args, kwargs)

    def __array_namespace__(self, /, *, api_version=None):
        import gparray

        if api_version is not None and api_version not in ("2021.12", "2022.12", "2023.12",
                                                           "2024.12"):
            raise ValueError(f"unsupported Array API version {api_version!r}")
        return gparray

    def __dlpack__(self, *, stream=None, max_version=None, dl_device=None, copy=None):
        from . import _interop

        return _interop.dlpack(self, stream=stream, max_version=max_version,
                               dl_device=dl_device, copy=copy)

    def __dlpack_device__(self):
        from . import _interop

        return _interop.dlpack_device(self)

    # -- operators -----------------------------------------------------------------------
    __add__, __radd__, __iadd__ = _binary("add")
    __sub__, __rsub__, __isub__ = _binary("subtract")
    __mul__, __rmul__, __imul__ = _binary("multiply")
    __truediv__, __rtruediv__, __itruediv__ = _binary("divide")
    __floordiv__, __rfloordiv__, __ifloordiv__ = _binary("floor_divide")
    __mod__, __rmod__, __imod__ = _binary("remainder")
    __pow__, __rpow__, __ipow__ = _binary("power")
    __and__, __rand__, __iand__ = _binary("bitwise_and")
    __or__, __ror__, __ior__ = _binary("bitwise_or")
    __xor__, __rxor__, __ixor__ = _binary("bitwise_xor")
    __lshift__, __rlshift__, __ilshift__ = _binary("left_shift")
    __rshift__, __rrshift__, __irshift__ = _binary("right_shift")
    __neg__ = _unary("negative")
    __pos__ = _unary("positive")
    __abs__ = _unary("absolute")
    __invert__ = _unary("invert")
    __eq__ = _comparison("equal")
    __ne__ = _comparison("not_equal")
    __lt__ = _comparison("less")
    __le__ = _comparison("less_equal")
    __gt__ = _comparison("greater")
    __ge__ = _comparison("greater_equal")
    __hash__ = None

    def __divmod__(self, other):
        if not _is_operand(other):
            return NotImplemented
        return _ufunc.UFUNCS["divmod"](self, other)

    def __rdivmod__(self, other):
        if not _is_operand(other):
            return NotImplemented
        return _ufunc.UFUNCS["divmod"](other, self)

    def __matmul__(self, other):
        from . import _linalg_products

        if not _is_operand(other):
            return NotImplemented
        return _linalg_products.matmul(self, other)

    def __rmatmul__(self, other):
        from . import _linalg_products

        if not _is_operand(other):
            return NotImplemented
        return _linalg_products.matmul(other, self)

    def __imatmul__(self, other):
        from . import _linalg_products

        if not _is_operand(other):
            return NotImplemented
        result = _linalg_products.matmul(self, other)
        if result.shape != self.shape:
            raise ValueError("matmul in-place: result shape differs from the left operand's")
        self[...] = result
        return self


ndarray.__module__ = "gparray"


def synchronize(device=None):
    """Wait until all work queued on ``device`` (default: the current one) has finished."""
    from ._devices import as_device

    _launch.finish(as_device(device))


from . import _ufunc  # noqa: E402  (operators look their ufunc up at call time)

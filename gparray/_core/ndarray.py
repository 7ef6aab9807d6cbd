"""``gparray.ndarray``: an n-dimensional view (shape, byte strides, byte offset, dtype) of a
device buffer. Not a subclass of ``numpy.ndarray``; NumPy functions reach it through
``__array_ufunc__`` and ``__array_function__``.

The class holds the state, views, basic indexing, flags and scalar conversion. Every method
that computes (arithmetic, reductions, copies, host transfer, the NumPy protocols) runs in a
higher layer and is attached to the class by gparray/_methods.py.
"""
import warnings

import numpy as np

from .._runtime import launch as _launch
from .._runtime.devices import as_device
from . import basic_indexing as _indexing, pending as _pending


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
        # NumPy's derived flags: Fortran and not C order; either order
        self.fnc = self.f_contiguous and not self.c_contiguous
        self.forc = self.f_contiguous or self.c_contiguous
        self.owndata = arr._base is None
        self.writeable = not arr._readonly
        self.aligned = True

    _KEYS = {"C_CONTIGUOUS": "c_contiguous", "C": "c_contiguous", "F_CONTIGUOUS": "f_contiguous",
             "F": "f_contiguous", "OWNDATA": "owndata", "WRITEABLE": "writeable",
             "W": "writeable", "ALIGNED": "aligned", "A": "aligned", "CONTIGUOUS": "c_contiguous",
             "FNC": "fnc", "FORC": "forc"}

    def __getitem__(self, key):
        return getattr(self, self._KEYS[key.upper()])

    def __repr__(self):
        return "\n".join(f"  {k} : {self[k]}" for k in
                         ("C_CONTIGUOUS", "F_CONTIGUOUS", "OWNDATA", "WRITEABLE", "ALIGNED"))


class ndarray:
    """An array on an OpenCL device, with NumPy's semantics.

    ``ndarray(shape, dtype=float, device=None)`` allocates an uninitialised array, like
    ``numpy.ndarray``; use the creation functions (``gparray.asarray``, ``zeros``, ...) instead.
    """

    __slots__ = ("_b", "_pending", "_offset", "_shape", "_strides", "_dtype", "_device",
                 "_base", "_readonly", "_host", "__weakref__")
    __array_priority__ = 100.0

    # -- construction helpers (internal) -------------------------------------------------
    @classmethod
    def _wrap(cls, buf, offset, shape, strides, dtype, device, base=None):
        self = object.__new__(cls)
        self._b = buf
        self._pending = None
        self._offset = offset
        self._shape = shape
        self._strides = strides
        self._dtype = dtype
        self._device = device
        self._base = base
        self._readonly = False
        self._host = None       # NumPy view of the data, made by the small-work host path
        return self

    def _view(self, offset, shape, strides, dtype=None, readonly=False):
        """A view of the same memory; it is read-only when ``readonly`` is true or this array
        is (NumPy's broadcast_to and diagonal give read-only views)."""
        out = ndarray._wrap(self._buf, offset, shape, strides, dtype or self._dtype,
                            self._device, self if self._base is None else self._base)
        out._readonly = readonly or self._readonly
        return out

    @property
    def _buf(self):
        """The device buffer, once every pending (fused, not yet computed) result is."""
        if _pending.state.any or self._b is None:
            _pending.flush()
            if self._b is None:         # an earlier flush failed part way: retry, raising
                _pending.state.flusher([self])
        return self._b

    @_buf.setter
    def _buf(self, buf):
        self._b = buf
        self._pending = None

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

    # -- host transfer -------------------------------------------------------------------
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

    def __format__(self, spec):
        if self.ndim == 0:
            return format(self.item(), spec)
        return format(str(self), spec)

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    def view(self, dtype=None, type=None):
        if dtype is None or np.dtype(dtype) == self._dtype:
            return self._view(self._offset, self._shape, self._strides)
        dtype = np.dtype(dtype)
        if dtype.itemsize != self._dtype.itemsize:
            raise ValueError("gparray views may only reinterpret dtypes of the same itemsize")
        return self._view(self._offset, self._shape, self._strides, dtype)

    __hash__ = None

    def _basic_view(self, key):
        """The view that basic index ``key`` selects."""
        offset, shape, strides = _indexing.parse_basic(self._shape, self._strides, key)
        return self._view(self._offset + offset, shape, strides)


ndarray.__module__ = "gparray"


def synchronize(device=None):
    """Wait until all work queued on ``device`` (default: the current one) has finished."""
    _pending.flush()
    _launch.finish(as_device(device))


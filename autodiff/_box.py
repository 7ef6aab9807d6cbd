"""The traced value: a box around an array that routes every call through ``apply``.

A ``Box`` stands in for an array inside a function being differentiated. NumPy hands it
every ufunc (``__array_ufunc__``), every array function (``__array_function__``), and
Array-API code finds a traced namespace through ``__array_namespace__``; operators, indexing
and the usual methods are spelled out below. Item assignment (``x[i] = v``, ``x += v``)
is recorded functionally: the box is rebound to a new traced value, the old value is left
as it was (views are therefore copies under tracing).
"""

from __future__ import annotations

import dis
import sys

import numpy as np

_STORE_SUBSCR = dis.opmap.get("STORE_SUBSCR")


class TracerConversionError(TypeError):
    """A traced value was about to become a plain NumPy array, losing its gradient."""


_CONVERSION_HELP = (
    "autodiff: a traced array is being converted to a plain NumPy array ({how}), which "
    "would silently drop its gradient. Inside a differentiated function create arrays "
    "that receive traced values from a traced one: np.zeros_like(x), "
    "np.zeros(shape, like=x), np.zeros_like(x, shape=shape) or x.copy(); build arrays "
    "from pieces with np.stack / np.concatenate (or np.array([...], like=x)); use "
    "autodiff.stop_gradient(x) where a constant is meant.")


def _storing_into_array():
    """True when ``float()`` was called by NumPy for ``plain_array[i] = box``: the calling
    Python frame is then executing a subscript store, not a ``float(...)`` call."""
    try:
        frame = sys._getframe(2)
        return frame.f_code.co_code[frame.f_lasti] == _STORE_SUBSCR
    except (ValueError, IndexError):
        return False


def call_traced(f, args):
    """``f(*args)``, surfacing our conversion error when NumPy replaced it by its generic
    "setting an array element with a sequence" (it keeps ours as ``__cause__``)."""
    try:
        return f(*args)
    except ValueError as e:
        if isinstance(e.__cause__, TracerConversionError):
            raise e.__cause__ from e
        raise


def _apply(func, args, kwargs=None):
    return _trace.apply(func, args, kwargs or {})


def _attr(value, name, fallback):
    """An array attribute of the plain value (Python scalars: NumPy's answer)."""
    got = getattr(value, name, None)
    return got if got is not None else fallback(value)


def _getval(x):
    while type(x) is Box:
        x = x._value
    return x


class Box:
    """A traced array: ``_value`` (array, scalar, or an outer-level Box), ``_trace``
    (the differentiation it belongs to), ``_aux`` (reverse: graph node; forward:
    tangent)."""

    __slots__ = ("_value", "_trace", "_aux")
    __array_priority__ = 1000.0
    __hash__ = None

    def __init__(self, value, trace, aux):
        self._value = value
        self._trace = trace
        self._aux = aux

    def _assign(self, new):
        """Rebind this box to ``new`` (functional in-place update)."""
        if type(new) is Box:
            self._value, self._trace, self._aux = new._value, new._trace, new._aux
        else:  # the update removed every traced dependence at this level
            self._value, self._aux = new, _trace.constant_box(new, self._trace)._aux

    # ---- protocols -------------------------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return _ufunc_methods.dispatch(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return _trace.apply(func, args, kwargs, like=self)

    def __array_namespace__(self, api_version=None):
        from ._namespace import traced_namespace
        return traced_namespace(_getval(self))

    def __array__(self, dtype=None, copy=None):
        raise TracerConversionError(_CONVERSION_HELP.format(
            how="np.asarray / np.array / assignment into a NumPy array"))

    # ---- attributes ------------------------------------------------------------------
    shape = property(lambda self: _attr(_getval(self), "shape", np.shape))
    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: _attr(_getval(self), "size", np.size))
    dtype = property(lambda self: _attr(_getval(self), "dtype", np.result_type))
    device = property(lambda self: getattr(_getval(self), "device", "cpu"))
    T = property(lambda self: _apply(np.transpose, (self,)))
    mT = property(lambda self: _apply(np.matrix_transpose, (self,)))
    real = property(lambda self: _apply(np.real, (self,)))
    imag = property(lambda self: _apply(np.imag, (self,)))

    def __repr__(self):
        return f"Box({_getval(self)!r}, level={self._trace.level}, {self._trace.mode})"

    def __str__(self):
        return str(_getval(self))

    def __format__(self, spec):
        return format(_getval(self), spec)

    # ---- conversions: concrete values, so Python control flow works ------------------
    def __len__(self):
        return len(_getval(self))

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __bool__(self):
        return bool(_getval(self))

    def __float__(self):
        if _storing_into_array():
            # NumPy is storing this value into a plain array: ``y[0] = x`` with ``y``
            # from np.zeros(...). The gradient would be lost; say so instead.
            raise TracerConversionError(_CONVERSION_HELP.format(
                how="item assignment into a NumPy array"))
        return float(_getval(self))

    def __complex__(self):
        return complex(_getval(self))

    def __int__(self):
        return int(_getval(self))

    def __index__(self):
        return _getval(self).__index__()

    def __round__(self, ndigits=None):
        return _apply(np.round, (self, ndigits or 0))

    def __copy__(self):
        return Box(self._value, self._trace, self._aux)

    def __deepcopy__(self, memo):
        # The recorded computation is shared, not copied: a box is an immutable value
        # until an in-place update rebinds it, and that rebinding affects only this box.
        return Box(self._value, self._trace, self._aux)

    # ---- operators -------------------------------------------------------------------
    def __add__(self, o): return _apply(np.add, (self, o))
    def __radd__(self, o): return _apply(np.add, (o, self))
    def __sub__(self, o): return _apply(np.subtract, (self, o))
    def __rsub__(self, o): return _apply(np.subtract, (o, self))
    def __mul__(self, o): return _apply(np.multiply, (self, o))
    def __rmul__(self, o): return _apply(np.multiply, (o, self))
    def __truediv__(self, o): return _apply(np.true_divide, (self, o))
    def __rtruediv__(self, o): return _apply(np.true_divide, (o, self))
    def __floordiv__(self, o): return _apply(np.floor_divide, (self, o))
    def __rfloordiv__(self, o): return _apply(np.floor_divide, (o, self))
    def __mod__(self, o): return _apply(np.remainder, (self, o))
    def __rmod__(self, o): return _apply(np.remainder, (o, self))
    def __divmod__(self, o): return _apply(np.divmod, (self, o))
    def __rdivmod__(self, o): return _apply(np.divmod, (o, self))
    def __pow__(self, o): return _apply(np.power, (self, o))
    def __rpow__(self, o): return _apply(np.power, (o, self))
    def __matmul__(self, o): return _apply(np.matmul, (self, o))
    def __rmatmul__(self, o): return _apply(np.matmul, (o, self))
    def __neg__(self): return _apply(np.negative, (self,))
    def __pos__(self): return _apply(np.positive, (self,))
    def __abs__(self): return _apply(np.absolute, (self,))
    def __invert__(self): return _apply(np.invert, (self,))
    def __and__(self, o): return _apply(np.bitwise_and, (self, o))
    def __rand__(self, o): return _apply(np.bitwise_and, (o, self))
    def __or__(self, o): return _apply(np.bitwise_or, (self, o))
    def __ror__(self, o): return _apply(np.bitwise_or, (o, self))
    def __xor__(self, o): return _apply(np.bitwise_xor, (self, o))
    def __rxor__(self, o): return _apply(np.bitwise_xor, (o, self))
    def __lshift__(self, o): return _apply(np.left_shift, (self, o))
    def __rlshift__(self, o): return _apply(np.left_shift, (o, self))
    def __rshift__(self, o): return _apply(np.right_shift, (self, o))
    def __rrshift__(self, o): return _apply(np.right_shift, (o, self))
    def __lt__(self, o): return _apply(np.less, (self, o))
    def __le__(self, o): return _apply(np.less_equal, (self, o))
    def __gt__(self, o): return _apply(np.greater, (self, o))
    def __ge__(self, o): return _apply(np.greater_equal, (self, o))
    def __eq__(self, o): return _apply(np.equal, (self, o))
    def __ne__(self, o): return _apply(np.not_equal, (self, o))

    # In-place operators rebind the box, so every name bound to it sees the update.
    def __iadd__(self, o): self._assign(self + o); return self
    def __isub__(self, o): self._assign(self - o); return self
    def __imul__(self, o): self._assign(self * o); return self
    def __itruediv__(self, o): self._assign(self / o); return self
    def __ifloordiv__(self, o): self._assign(self // o); return self
    def __imod__(self, o): self._assign(self % o); return self
    def __ipow__(self, o): self._assign(self ** o); return self
    def __imatmul__(self, o): self._assign(self @ o); return self

    # ---- indexing --------------------------------------------------------------------
    def __getitem__(self, index):
        return _apply(_ops.getitem, (self, index))

    def __setitem__(self, index, value):
        self._assign(_apply(_ops.index_put, (self, index, value)))

    # ---- methods (NumPy's ndarray methods, through the same rules) ------------------
    def sum(self, *a, **k): return _apply(np.sum, (self, *a), k)
    def mean(self, *a, **k): return _apply(np.mean, (self, *a), k)
    def prod(self, *a, **k): return _apply(np.prod, (self, *a), k)
    def max(self, *a, **k): return _apply(np.max, (self, *a), k)
    def min(self, *a, **k): return _apply(np.min, (self, *a), k)
    def var(self, *a, **k): return _apply(np.var, (self, *a), k)
    def std(self, *a, **k): return _apply(np.std, (self, *a), k)
    def cumsum(self, *a, **k): return _apply(np.cumsum, (self, *a), k)
    def cumprod(self, *a, **k): return _apply(np.cumprod, (self, *a), k)
    def all(self, *a, **k): return _apply(np.all, (self, *a), k)
    def any(self, *a, **k): return _apply(np.any, (self, *a), k)
    def argmax(self, *a, **k): return _apply(np.argmax, (self, *a), k)
    def argmin(self, *a, **k): return _apply(np.argmin, (self, *a), k)
    def argsort(self, *a, **k): return _apply(np.argsort, (self, *a), k)
    def nonzero(self): return _apply(np.nonzero, (self,))
    def dot(self, b): return _apply(np.dot, (self, b))
    def clip(self, *a, **k): return _apply(np.clip, (self, *a), k)
    def round(self, *a, **k): return _apply(np.round, (self, *a), k)
    def conj(self): return _apply(np.conjugate, (self,))
    def conjugate(self): return _apply(np.conjugate, (self,))
    def copy(self, order="C"): return _apply(np.copy, (self,))
    def astype(self, dtype, *a, **k): return _apply(np.astype, (self, dtype))
    def ravel(self, order="C"): return _apply(np.ravel, (self, order))
    def flatten(self, order="C"): return _apply(np.ravel, (self, order))
    def squeeze(self, *a, **k): return _apply(np.squeeze, (self, *a), k)
    def swapaxes(self, a1, a2): return _apply(np.swapaxes, (self, a1, a2))
    def repeat(self, *a, **k): return _apply(np.repeat, (self, *a), k)
    def take(self, *a, **k): return _apply(np.take, (self, *a), k)
    def diagonal(self, *a, **k): return _apply(np.diagonal, (self, *a), k)
    def trace(self, *a, **k): return _apply(np.trace, (self, *a), k)
    def searchsorted(self, *a, **k): return _apply(np.searchsorted, (self, *a), k)
    def item(self, *a): return _getval(self).item(*a)
    def tolist(self): return _getval(self).tolist()

    def reshape(self, *shape, order="C"):
        if len(shape) == 1 and not isinstance(shape[0], int):
            shape = shape[0]
        return _apply(np.reshape, (self, shape), {"order": order})

    def transpose(self, *axes):
        if len(axes) == 1 and not isinstance(axes[0], int):
            axes = axes[0]
        return _apply(np.transpose, (self, axes or None))

    def sort(self, axis=-1, **k):
        """In place, like ``ndarray.sort``: the box is rebound to the sorted value."""
        self._assign(_apply(np.sort, (self, axis), k))

    def fill(self, value):
        self._assign(_apply(_ops.index_put, (self, Ellipsis, value)))


from . import _ops, _trace, _ufunc_methods  # noqa: E402  (cycle: they use Box)

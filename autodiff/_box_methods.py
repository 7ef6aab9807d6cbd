"""The computing half of ``Box``: the array protocols, operators, indexing and ndarray
methods, each recording its call through ``_trace.apply``.

They are written in the class ``_BoxMethods`` for readability and attached to ``Box``
(autograd attaches its box methods the same way), so ``_box`` stays below the tracing
machinery in the import order.
"""

from __future__ import annotations

import numpy as np

from . import _ops, _trace, _ufunc_methods
from ._box import Box, getval
from ._namespace import traced_namespace


def _apply(func, args, kwargs=None):
    return _trace.apply(func, args, kwargs or {})


class _BoxMethods:
    """Not instantiated: its functions become ``Box`` methods (see ``attach``)."""

    # ---- protocols -------------------------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return _ufunc_methods.dispatch(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return _trace.apply(func, args, kwargs, like=self)

    def __array_namespace__(self, api_version=None):
        return traced_namespace(getval(self))

    T = property(lambda self: _apply(np.transpose, (self,)))
    mT = property(lambda self: _apply(np.matrix_transpose, (self,)))
    real = property(lambda self: _apply(np.real, (self,)))
    imag = property(lambda self: _apply(np.imag, (self,)))

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __round__(self, ndigits=None):
        return _apply(np.round, (self, ndigits or 0))

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




_NOT_METHODS = ("__module__", "__qualname__", "__doc__", "__dict__", "__weakref__")


def attach():
    """Copy every method and property of ``_BoxMethods`` onto ``Box``."""
    for name, value in vars(_BoxMethods).items():
        if name not in _NOT_METHODS:
            setattr(Box, name, value)


attach()

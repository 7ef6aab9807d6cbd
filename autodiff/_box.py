"""The traced value: a box around an array, its state and its plain conversions.

A ``Box`` stands in for an array inside a function being differentiated. NumPy hands it
every ufunc (``__array_ufunc__``), every array function (``__array_function__``), and
Array-API code finds a traced namespace through ``__array_namespace__``; those protocols,
the operators, indexing and the usual methods route every call through
``_trace.apply`` and are attached to the class by ``_box_methods`` (this module sits below
the tracing machinery and imports none of it). Item assignment (``x[i] = v``, ``x += v``)
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


def getval(x):
    """The plain value under every level of boxing."""
    while type(x) is Box:
        x = x._value
    return x


def primal(x):
    """``x`` without its derivative levels: the boxes of ``grad``/``jvp`` levels are
    removed at every depth, ``vmap`` levels stay (a computation on the result is still
    batched, and records no derivative). Without a vmap level this is ``getval``."""
    if type(x) is not Box:
        return x
    if x._trace.batched:
        return Box(primal(x._value), x._trace, None)
    return primal(x._value)


def _attr(value, name, fallback):
    """An array attribute of the plain value (Python scalars: NumPy's answer)."""
    got = getattr(value, name, None)
    return got if got is not None else fallback(value)


def _shape(box):
    """The shape the traced function sees: a ``vmap`` level hides its batch axis."""
    v = box._value
    s = v.shape if type(v) is Box else tuple(_attr(v, "shape", np.shape))
    return s[1:] if box._trace.batched else s


def concrete(box):
    """The plain value of ``box`` for a Python conversion (``float``, ``bool``, ...);
    under ``vmap`` there is one value per example, so there is none."""
    x = box
    while type(x) is Box:
        if x._trace.batched:
            raise TypeError(
                "autodiff.vmap: a batched value was converted to a Python value (bool, "
                "float, int, len, item); control flow cannot depend on each example. Use "
                "np.where for per-example choices")
        x = x._value
    return x


class Box:
    """A traced array: ``_value`` (array, scalar, or an outer-level Box), ``_trace``
    (the differentiation it belongs to), ``_aux`` (reverse: graph node; forward:
    tangent).

    This class holds the state and the conversions that need no computation; the
    protocols, operators, indexing and ndarray methods, which record calls through
    ``_trace.apply``, are attached by ``_box_methods``."""

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
            const = self._trace.constant(new)
            self._value, self._aux = const._value, const._aux

    def __array__(self, dtype=None, copy=None):
        raise TracerConversionError(_CONVERSION_HELP.format(
            how="np.asarray / np.array / assignment into a NumPy array"))

    # ---- attributes ------------------------------------------------------------------
    shape = property(_shape)
    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: int(np.prod(self.shape)))
    dtype = property(lambda self: _attr(getval(self), "dtype", np.result_type))
    device = property(lambda self: getattr(getval(self), "device", "cpu"))

    def __repr__(self):
        return f"Box({getval(self)!r}, level={self._trace.level}, {self._trace.mode})"

    def __str__(self):
        return str(getval(self))

    def __format__(self, spec):
        return format(getval(self), spec)

    # ---- conversions: concrete values, so Python control flow works ------------------
    def __len__(self):
        return self.shape[0] if self.shape else len(concrete(self))

    def __bool__(self):
        return bool(concrete(self))

    def __float__(self):
        if _storing_into_array():
            # NumPy is storing this value into a plain array: ``y[0] = x`` with ``y``
            # from np.zeros(...). The gradient would be lost; say so instead.
            raise TracerConversionError(_CONVERSION_HELP.format(
                how="item assignment into a NumPy array"))
        return float(concrete(self))

    def __complex__(self):
        return complex(concrete(self))

    def __int__(self):
        return int(concrete(self))

    def __index__(self):
        return concrete(self).__index__()

    def __copy__(self):
        return Box(self._value, self._trace, self._aux)

    def __deepcopy__(self, memo):
        # The recorded computation is shared, not copied: a box is an immutable value
        # until an in-place update rebinds it, and that rebinding affects only this box.
        return Box(self._value, self._trace, self._aux)

    def item(self, *a):
        return concrete(self).item(*a)

    def tolist(self):
        return concrete(self).tolist()

"""A stand-in for a device array library, for testing autodiff without gparray.

``StrictArray`` wraps a NumPy array and behaves like gparray is specified to: NumPy's
ufuncs and functions dispatch to it (``__array_ufunc__``/``__array_function__``), its
``__array_namespace__`` mirrors NumPy's names, and it refuses implicit conversion to the
host (``__array__`` raises, like gparray's ``"raise"`` setting). Gradients computed on it
must therefore never leave "the device". Test helper only; wraps numpy generically.
"""

import numpy as np


class HostConversionError(RuntimeError):
    pass


def unwrap(x):
    if isinstance(x, StrictArray):
        return x.a
    if isinstance(x, (list, tuple)) and not hasattr(x, "_fields"):
        return type(x)(unwrap(e) for e in x)
    if isinstance(x, dict):
        return {k: unwrap(v) for k, v in x.items()}
    return x


def wrap(x):
    if isinstance(x, np.ndarray):
        return StrictArray(x)
    if isinstance(x, np.generic) and x.dtype.kind in "fc":
        return StrictArray(np.asarray(x))
    if hasattr(x, "_fields"):
        return type(x)(*[wrap(e) for e in x])
    if isinstance(x, (list, tuple)):
        return type(x)(wrap(e) for e in x)
    return x


def _foreign(objs):
    """True if a traced value (or another unknown array type) is among ``objs``."""
    for o in objs:
        if isinstance(o, (list, tuple)):
            if _foreign(o):
                return True
        elif hasattr(o, "__array_ufunc__") and not isinstance(o, (StrictArray, np.ndarray,
                                                                  np.generic)):
            return True
    return False


class _Namespace:
    """NumPy's names over StrictArray (test helper: generic wrapping is fine here)."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name):
        obj = getattr(self._module, name)
        if name == "linalg":
            return _Namespace(np.linalg)
        if isinstance(obj, type) or not callable(obj):
            return obj

        def call(*args, **kwargs):
            return wrap(obj(*unwrap(args), **unwrap(kwargs)))
        return call


NAMESPACE = _Namespace(np)


class StrictArray:
    __array_priority__ = 10.0

    def __init__(self, a):
        self.a = a

    def __array__(self, dtype=None, copy=None):
        raise HostConversionError("implicit conversion of a device array to the host")

    def __array_namespace__(self, api_version=None):
        return NAMESPACE

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if _foreign(inputs) or _foreign(kwargs.get("out", ())):
            return NotImplemented
        out = kwargs.pop("out", None)
        result = getattr(ufunc, method)(*unwrap(inputs), **unwrap(kwargs))
        if out is not None:
            (target,) = out
            target.a[...] = result
            return target
        return None if method == "at" else wrap(result)

    def __array_function__(self, func, types, args, kwargs):
        if any(not issubclass(t, (StrictArray, np.ndarray)) for t in types):
            return NotImplemented
        return wrap(func(*unwrap(args), **unwrap(kwargs)))

    shape = property(lambda self: self.a.shape)
    ndim = property(lambda self: self.a.ndim)
    size = property(lambda self: self.a.size)
    dtype = property(lambda self: self.a.dtype)
    T = property(lambda self: StrictArray(self.a.T))
    mT = property(lambda self: StrictArray(np.matrix_transpose(self.a)))
    real = property(lambda self: StrictArray(self.a.real))

    def __repr__(self):
        return f"StrictArray({self.a!r})"

    def __len__(self):
        return len(self.a)

    def __float__(self):
        return float(self.a)

    def __int__(self):
        return int(self.a)

    def __index__(self):
        return self.a.__index__()

    def __bool__(self):
        return bool(self.a)

    def __getitem__(self, index):
        return wrap(self.a[unwrap(index)])

    def __setitem__(self, index, value):
        self.a[unwrap(index)] = unwrap(value)

    def copy(self):
        return StrictArray(self.a.copy())

    def astype(self, dtype, **k):
        return StrictArray(self.a.astype(dtype))

    def reshape(self, *shape, **k):
        return StrictArray(self.a.reshape(*shape, **k))

    def sum(self, *a, **k):
        return np.sum(self, *a, **k)

    def item(self):
        return self.a.item()

    def _binary(ufunc, reflected=False):
        def op(self, other):
            if _foreign([other]):
                return NotImplemented
            return ufunc(other, self) if reflected else ufunc(self, other)
        return op

    __add__, __radd__ = _binary(np.add), _binary(np.add, True)
    __sub__, __rsub__ = _binary(np.subtract), _binary(np.subtract, True)
    __mul__, __rmul__ = _binary(np.multiply), _binary(np.multiply, True)
    __truediv__, __rtruediv__ = _binary(np.true_divide), _binary(np.true_divide, True)
    __pow__, __rpow__ = _binary(np.power), _binary(np.power, True)
    __matmul__, __rmatmul__ = _binary(np.matmul), _binary(np.matmul, True)
    __mod__, __floordiv__ = _binary(np.remainder), _binary(np.floor_divide)
    __lt__, __le__ = _binary(np.less), _binary(np.less_equal)
    __gt__, __ge__ = _binary(np.greater), _binary(np.greater_equal)
    __eq__, __ne__ = _binary(np.equal), _binary(np.not_equal)
    __and__, __or__ = _binary(np.logical_and), _binary(np.logical_or)
    __hash__ = None

    def __neg__(self):
        return np.negative(self)

    def __invert__(self):
        return np.invert(self)

    def __abs__(self):
        return np.absolute(self)

"""NumPy's protocols: ``__array_ufunc__`` and ``__array_function__`` read one registry from
NumPy callables to gparray implementations, filled with :func:`implements`."""
import warnings

import numpy as np

from ._config import settings
from ._ndarray import ndarray

FUNCTIONS = {}        # numpy function -> gparray implementation


def implements(np_function):
    """Decorator: register ``func`` as gparray's implementation of ``np_function``."""
    def register(func):
        FUNCTIONS[np_function] = func
        return func
    return register


def register(np_function, func):
    FUNCTIONS[np_function] = func


# Operand types a ufunc call may carry besides arrays (slices and Ellipsis are ufunc.at keys).
_HANDLED = (ndarray, np.ndarray, np.generic, int, float, complex, bool, list, tuple, type(None),
            slice, type(Ellipsis))


def _known(x):
    return isinstance(x, _HANDLED)


def array_ufunc(np_ufunc, method, inputs, kwargs):
    from ._ufunc import UFUNCS

    for x in inputs:
        if not _known(x):
            return NotImplemented
    out = kwargs.get("out")
    if out is not None:
        for o in out:
            if o is not None and not isinstance(o, ndarray):
                return NotImplemented
    name = np_ufunc.__name__
    if name in ("matmul", "vecdot", "matvec", "vecmat"):
        from . import _linalg_products

        if method != "__call__":
            return NotImplemented
        return getattr(_linalg_products, name)(*inputs, **kwargs)
    gp = UFUNCS.get(name)
    if gp is None:
        if np_ufunc.types and all(set(t) <= {"O", "-", ">"} for t in np_ufunc.types):
            # numpy.frompyfunc: a Python function per element, on the host as in NumPy
            from ._functional import call_pyfunc_ufunc

            return call_pyfunc_ufunc(np_ufunc, method, inputs, kwargs)
        return NotImplemented
    if method == "__call__":
        return gp(*inputs, **kwargs)
    return getattr(gp, method)(*inputs, **kwargs)


def _to_host(x):
    if isinstance(x, ndarray):
        return x.get()
    if isinstance(x, (list, tuple)):
        return type(x)(_to_host(v) for v in x)
    if isinstance(x, dict):
        return {k: _to_host(v) for k, v in x.items()}
    return x


def _to_device(x, device):
    from ._interop import upload

    if isinstance(x, np.ndarray) and x.dtype.kind in "biufc":
        return upload(x, device)
    if isinstance(x, (list, tuple)):
        return type(x)(_to_device(v, device) for v in x)
    return x


def _first_device(values):
    for v in values:
        if isinstance(v, ndarray):
            return v._device
        if isinstance(v, (list, tuple)):
            d = _first_device(v)
            if d is not None:
                return d
    return None


def array_function(func, types, args, kwargs):
    for t in types:
        if not issubclass(t, (ndarray, np.ndarray)):
            return NotImplemented
    impl = FUNCTIONS.get(func)
    if impl is not None:
        return impl(*args, **kwargs)
    name = f"{func.__module__.replace('numpy._core.', 'numpy.')}.{func.__name__}"
    if settings.fallback == "host":
        warnings.warn(f"gparray: {name} is not implemented on the device; running it through "
                      "NumPy on the host (gparray.set_fallback('host'))", RuntimeWarning,
                      stacklevel=3)
        device = _first_device(args) or _first_device(list(kwargs.values()))
        result = func(*_to_host(args), **_to_host(kwargs))
        return _to_device(result, device)
    raise TypeError(f"gparray does not implement {name} on the device; call "
                    "gparray.set_fallback('host') to run it through NumPy with a warning")

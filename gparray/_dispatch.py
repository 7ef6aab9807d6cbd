"""NumPy's protocols: ``__array_ufunc__`` finds gparray's ufunc of the same name;
``__array_function__`` reads one registry from NumPy functions to gparray's, built from the
namespaces (a NumPy function goes to the gparray function of the same name)."""
import logging
import types
import warnings

import numpy as np

from . import _linalg_products
from ._core.interop import upload
from ._core.ndarray import ndarray
from ._engines import host_small
from ._engines.ufunc import UFUNCS
from ._functional import call_pyfunc_ufunc
from ._runtime.config import settings

log = logging.getLogger("gparray")

FUNCTIONS = {}        # numpy function -> gparray implementation


def register_namespace(ours, numpy_namespace):
    """Map each function of module ``numpy_namespace`` that dispatches to the function of the
    same name in module ``ours``, where both exist (ufuncs, types and NumPy's own objects
    re-exported by gparray are left out)."""
    for name, func in vars(ours).items():
        # submodules are skipped before the look-up: np.random would be imported by it
        if name.startswith("_") or not callable(func) or isinstance(func, types.ModuleType):
            continue
        theirs = getattr(numpy_namespace, name, None)
        if theirs is not None and theirs is not func and _dispatches(theirs):
            FUNCTIONS[theirs] = func


def _dispatches(np_function):
    """Whether NumPy hands calls of ``np_function`` to ``__array_function__``: functions with
    an array argument, and the creation functions that take ``like=`` (NEP 35)."""
    if isinstance(np_function, (np.ufunc, type)) or not callable(np_function):
        return False
    if hasattr(np_function, "_implementation"):
        return True
    code = getattr(np_function, "__code__", None)
    if code is not None:     # a Python function: read its parameters (inspect costs import time)
        return "like" in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
    return "like=" in (np_function.__doc__ or "")


# Operand types a ufunc call may carry besides arrays (slices and Ellipsis are ufunc.at keys).
_HANDLED = (ndarray, np.ndarray, np.generic, int, float, complex, bool, list, tuple, type(None),
            slice, type(Ellipsis))


def _known(x):
    return isinstance(x, _HANDLED)


def array_ufunc(np_ufunc, method, inputs, kwargs):
    if method == "__call__" and not kwargs:
        gp = UFUNCS.get(np_ufunc.__name__)
        if gp is not None and gp.nout == 1 and len(inputs) == gp.nin:
            result = host_small.ufunc_call(gp, inputs, None)    # small work on a CPU device
            if result is not None:
                return result

    for x in inputs:
        if not _known(x):
            return NotImplemented
    out = kwargs.get("out")
    if out is not None and any(isinstance(o, np.ndarray) for o in out) or \
            method == "at" and isinstance(inputs[0], np.ndarray):
        # the target is the caller's NumPy array: NumPy computes into it, from host copies
        # of the device operands (NumPy's result, casting and errors; the write lands where
        # the caller looks)
        return getattr(np_ufunc, method)(*_to_host(inputs), **_to_host(kwargs))
    if out is not None:
        for o in out:
            if o is not None and not isinstance(o, ndarray):
                return NotImplemented
    name = np_ufunc.__name__
    if name in ("matmul", "vecdot", "matvec", "vecmat"):

        if method != "__call__":
            return NotImplemented
        return getattr(_linalg_products, name)(*inputs, **kwargs)
    gp = UFUNCS.get(name)
    if gp is None:
        if np_ufunc.types and all(set(t) <= {"O", "-", ">"} for t in np_ufunc.types):
            # numpy.frompyfunc: a Python function per element, on the host as in NumPy
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
        log.info("%s is not implemented on the device: running it through NumPy on the host "
                 "(fallback 'host')", name)
        warnings.warn(f"gparray: {name} is not implemented on the device; running it through "
                      "NumPy on the host (gparray.set_fallback('host'))", RuntimeWarning,
                      stacklevel=3)
        device = _first_device(args) or _first_device(list(kwargs.values()))
        result = func(*_to_host(args), **_to_host(kwargs))
        return _to_device(result, device)
    raise TypeError(f"gparray does not implement {name} on the device; call "
                    "gparray.set_fallback('host') to run it through NumPy with a warning")

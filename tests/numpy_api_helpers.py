"""Shared by the tests of NumPy's non-ufunc functions: one body run on NumPy arrays and on
device arrays through ``np.<name>`` dispatch, and the layouts each input takes."""
import warnings

import numpy as np

import gparray
from conftest import assert_same, raises_same
from gparray._dispatch import FUNCTIONS


def to_dev(x):
    if isinstance(x, np.ndarray):
        return gparray.asarray(x)
    if isinstance(x, (list, tuple)) and any(isinstance(v, np.ndarray) for v in x):
        return type(x)(to_dev(v) for v in x)
    return x


def check(func, *args, rtol=None, atol=0.0, check_dtype=True, **kwargs):
    """``func(*args)`` with NumPy arrays and with device arrays (``func`` calls ``np.*``, so
    the device run goes through ``__array_function__``): the same values, dtype and shape,
    or the same exception type."""
    dev_args = [to_dev(a) for a in args]
    dev_kwargs = {k: to_dev(v) for k, v in kwargs.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = func(*args, **kwargs)
        except Exception:
            return raises_same(lambda: func(*args, **kwargs),
                               lambda: func(*dev_args, **dev_kwargs))
        actual = func(*dev_args, **dev_kwargs)
    if isinstance(expected, (bool, type, np.dtype, str)) or expected is None:
        assert actual == expected
        return actual
    if isinstance(expected, tuple):
        assert isinstance(actual, tuple) and len(actual) == len(expected)
        for e, a in zip(expected, actual):
            _same(e, a, rtol, atol, check_dtype)
        return actual
    _same(expected, actual, rtol, atol, check_dtype)
    return actual


def _same(expected, actual, rtol, atol, check_dtype):
    if isinstance(expected, (int, float, np.integer)) and not isinstance(actual,
                                                                         gparray.ndarray):
        assert actual == expected
        return
    expected = np.asarray(expected)
    if expected.dtype.kind == "c" and isinstance(actual, gparray.ndarray):
        assert actual.dtype == expected.dtype
        assert_same(expected.real, actual.real, rtol=rtol, atol=atol)
        assert_same(expected.imag, actual.imag, rtol=rtol, atol=atol)
        return
    assert_same(expected, actual, rtol=rtol, atol=atol, check_dtype=check_dtype)


def layouts(host):
    """The same 2-d data as contiguous, transposed, step-sliced and broadcast views."""
    yield host
    yield host.T
    yield host[::2, ::-1]
    yield np.broadcast_to(host[:1], host.shape)


def assert_registered(name, module=np):
    """``np.<name>`` dispatches to ``gparray.<name>``."""
    np_func = getattr(module, name)
    assert FUNCTIONS[np_func] is getattr(gparray, name), name

"""Shared helpers for differential tests: the same computation in NumPy and gparray, and a
comparison of dtype, shape and values (exact for integers and bools, a few ULP for floats,
NaN positions and infinities exact).

The suite tests the OpenCL kernels: the CPU device's small-work host path (NumPy itself on the
device memory) is off unless GPARRAY_HOST_SMALL is set; tests/test_host_small.py tests the
path, and CI runs the differential families again with GPARRAY_HOST_SMALL=1."""
import os

import numpy as np
import pytest

import gparray

if "GPARRAY_HOST_SMALL" not in os.environ:
    gparray.set_host_small(False)

ALL_DTYPES = [np.dtype(t) for t in ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16",
                                    "uint32", "uint64", "float16", "float32", "float64",
                                    "complex64", "complex128")]


def sample(dtype, n, seed=0, special=True):
    """Deterministic values of ``dtype`` that include the edge cases of its kind."""
    rng = np.random.default_rng(seed)
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return rng.integers(0, 2, n).astype(bool)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        lo = max(int(info.min), -100)
        vals = rng.integers(lo, min(int(info.max), 100), n, endpoint=True).astype(dtype)
        if special and n >= 6:
            vals[:4] = [0, 1, info.max, info.min]
            if dtype.kind == "i":
                vals[4] = -1
        return vals
    real = np.float32 if dtype in (np.float16, np.float32, np.complex64) else np.float64
    vals = (rng.standard_normal(n) * 3).astype(real)
    if special and n >= 12:
        vals[:9] = [0.0, -0.0, np.inf, -np.inf, np.nan, 1.0, -1.0, 0.5, 2.5]
    if dtype.kind == "c":
        imag = (rng.standard_normal(n) * 3).astype(real)
        if special and n >= 12:
            imag[:9] = [0.0, 1.0, -0.0, np.nan, 2.0, np.inf, -0.0, -1.5, 0.0]
        out = np.empty(n, dtype=dtype)
        out.real, out.imag = vals, imag
        return out
    return vals.astype(dtype)


def ulp_tolerance(dtype):
    dtype = np.dtype(dtype)
    if dtype.kind == "c":
        dtype = np.dtype(np.float32 if dtype.itemsize == 8 else np.float64)
    return {np.dtype(np.float16): 2e-3, np.dtype(np.float32): 4e-6,
            np.dtype(np.float64): 1e-13}.get(dtype, 0)


def to_host(x):
    if isinstance(x, gparray.ndarray):
        return x.get()
    return x


def assert_same(expected, actual, rtol=None, atol=0.0, check_dtype=True):
    """``actual`` (gparray) equals ``expected`` (NumPy) in type, dtype, shape and values."""
    if isinstance(expected, tuple):
        assert isinstance(actual, tuple) and len(actual) == len(expected)
        for e, a in zip(expected, actual):
            assert_same(e, a, rtol=rtol, atol=atol, check_dtype=check_dtype)
        return
    assert isinstance(actual, gparray.ndarray), f"expected a gparray array, got {type(actual)}"
    got = actual.get()
    expected = np.asarray(expected)
    if check_dtype:
        assert got.dtype == expected.dtype, f"dtype {got.dtype} != NumPy's {expected.dtype}"
    assert got.shape == expected.shape, f"shape {got.shape} != NumPy's {expected.shape}"
    if expected.dtype.kind in "biu" or got.dtype.kind in "biu":
        np.testing.assert_array_equal(got, expected)
        return
    tol = ulp_tolerance(expected.dtype) if rtol is None else rtol
    np.testing.assert_allclose(got, expected, rtol=tol, atol=atol, equal_nan=True)
    # infinities and NaNs in the same places (assert_allclose already checks inf signs)
    if expected.dtype.kind == "c":
        np.testing.assert_array_equal(np.isnan(got.real) | np.isnan(got.imag),
                                      np.isnan(expected.real) | np.isnan(expected.imag))
    else:
        np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))


def raises_same(func_np, func_gp):
    """Both calls raise, and gparray's exception is of the builtin type NumPy's derives from
    (NumPy's private subclasses such as _UFuncNoLoopError count as their TypeError)."""
    with pytest.raises(Exception) as np_info:
        func_np()
    with pytest.raises(Exception) as gp_info:
        func_gp()
    builtin = next(c for c in np_info.type.__mro__ if c.__module__ == "builtins")
    assert isinstance(gp_info.value, builtin), \
        (f"gparray raised {gp_info.type.__name__}: {gp_info.value}; NumPy raised "
         f"{np_info.type.__name__}: {np_info.value}")
    return gp_info.value

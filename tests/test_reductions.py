"""Reductions on the device against NumPy: sum/prod/max/min/mean/any/all/argmax/argmin over
dtypes, axes (None, each, negative, tuples), keepdims, layouts and empty input; float sums as
accurate as NumPy's pairwise summation; NumPy's accumulator dtypes; the nan-reductions;
isclose/allclose/array_equal/array_equiv; and dispatch of np.<name> on device arrays."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import gparray
from conftest import ALL_DTYPES, assert_same, raises_same, sample


def to_dev(x):
    if isinstance(x, np.ndarray):
        return gparray.asarray(x)
    if isinstance(x, (list, tuple)) and any(isinstance(v, np.ndarray) for v in x):
        return type(x)(to_dev(v) for v in x)
    return x


def compare(name, *args, rtol=None, abs_tol=0.0, module=gparray, **kwargs):
    """np.<name>(*args) and gparray.<name>(device args): same result or same error type."""
    f_np, f_gp = getattr(np, name), getattr(module, name)
    dev_args = [to_dev(a) for a in args]
    dev_kwargs = {k: to_dev(v) for k, v in kwargs.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = f_np(*args, **kwargs)
        except Exception:
            raises_same(lambda: f_np(*args, **kwargs), lambda: f_gp(*dev_args, **dev_kwargs))
            return
        actual = f_gp(*dev_args, **dev_kwargs)
    if type(expected) is bool:                     # the predicates return Python bools
        assert actual is expected
        return
    if np.asarray(expected).dtype.kind == "c" and isinstance(actual, gparray.ndarray):
        # parts separately: NumPy's assert_allclose wants exact values next to an infinity
        expected = np.asarray(expected)
        assert actual.dtype == expected.dtype
        assert_same(expected.real, actual.real, rtol=rtol, atol=abs_tol)
        assert_same(expected.imag, actual.imag, rtol=rtol, atol=abs_tol)
        return
    assert_same(expected, actual, rtol=rtol, atol=abs_tol)


def layouts(host):
    """The same 2-d data as contiguous, transposed, step-sliced and broadcast views."""
    yield "contiguous", host
    yield "transposed", host.T
    yield "step-sliced", host[::2, ::-1]
    yield "broadcast", np.broadcast_to(host[:1], host.shape)


AXES = [None, 0, 1, -1, (0, 1), (1, 0)]


def _rtol(dtype, name):
    dtype = np.dtype(dtype)
    if dtype.kind not in "fc":
        return None
    if dtype == np.float16:
        return 2e-2 if name in ("sum", "mean", "prod") else 2e-3
    base = 1e-5 if dtype in (np.float32, np.complex64) else 1e-12
    return base * (50 if name == "prod" else 1)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("name", ["sum", "prod", "max", "min", "mean", "any", "all",
                                  "argmax", "argmin"])
def test_reductions_match_numpy(name, dtype):
    # int64 extremes cancel catastrophically in a float64 mean, in an order-dependent way
    special = not (name == "mean" and dtype.itemsize == 8)
    host = sample(dtype, 42, seed=3, special=special).reshape(6, 7)
    if name == "prod" and dtype.kind in "fc":
        host = (host / 4).astype(dtype)
    for label, view in layouts(host):
        for axis in AXES:
            if name.startswith("arg") and isinstance(axis, tuple):
                continue
            for keepdims in (False, True):
                compare(name, view, axis=axis, keepdims=keepdims, rtol=_rtol(dtype, name))
    compare(name, host[2, 3], rtol=_rtol(dtype, name))               # 0-d
    compare(name, host[:0], axis=0, rtol=_rtol(dtype, name))          # empty: identity or error
    compare(name, host[:0], rtol=_rtol(dtype, name))


def test_long_rows_take_two_launches():
    rng = np.random.default_rng(1)
    host = rng.random((3, 300_001)).astype(np.float32)
    host[1, 123_456] = np.nan
    for name in ("sum", "max", "argmax", "argmin", "min"):
        for axis in (None, 1, 0):
            compare(name, host, axis=axis, rtol=1e-4)
    ints = rng.integers(-50, 50, 1_000_003).astype(np.int8)
    compare("sum", ints)
    compare("argmax", ints)


@pytest.mark.parametrize("dtype", ["int8", "uint64", "float32", "float64", "complex64", "bool"])
def test_many_rows_one_work_item_each(dtype):
    # enough rows that each output gets its own work-item: rows over the contiguous axis,
    # and 16 neighbouring columns per work-item over a leading axis (1001: not a multiple)
    host = sample(dtype, 9 * 1001, seed=4).reshape(9, 1001)
    for name in ("sum", "max", "min", "prod", "any", "mean", "argmax", "argmin"):
        for view in (host, host.T, host[::-2, ::3].T, host[::2, ::-1]):
            for axis in (0, 1):
                compare(name, view, axis=axis, rtol=_rtol(dtype, name), abs_tol=1e-3)
    compare("sum", host.reshape(3, 3, 1001), axis=(0, 1), rtol=_rtol(dtype, "sum"))


def _sum_error(values):
    exact = values.astype(np.float64).sum()
    ours = gparray.sum(gparray.asarray(values)).get()
    theirs = values.sum()
    ulp = np.spacing(np.float32(abs(exact)))
    return abs(float(ours) - exact), max(abs(float(theirs) - exact), ulp)


def test_float32_sum_of_1e7_is_as_accurate_as_numpy():
    rng = np.random.default_rng(0)
    ones_random = np.concatenate([np.ones(5_000_000, np.float32),
                                  rng.random(5_000_000).astype(np.float32)])
    for values in (ones_random, rng.random(10_000_000).astype(np.float32) * 1000,
                   np.ones(10_000_000, np.float32), rng.standard_normal(10_000_000).astype(np.float32)):
        ours, bound = _sum_error(values)
        assert ours <= bound, (ours, bound)
    # a naive float32 running sum of 1e7 ones-and-random would be off by far more
    assert gparray.sum(gparray.asarray(ones_random)).dtype == np.float32


def test_inf_and_nan_propagate_through_compensated_sums():
    for dtype in ("float32", "float64", "complex64", "float16"):
        for values in ([1, np.inf, 2], [np.inf, -np.inf, 1], [1, np.nan, 3], [-np.inf, 1]):
            compare("sum", np.array(values * 100, dtype=dtype))


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32"])
def test_integer_sums_accumulate_in_numpys_dtype(dtype):
    host = np.full(1000, 100, dtype=dtype) if dtype != "bool" else np.ones(1000, bool)
    for name in ("sum", "prod", "cumsum"):
        compare(name, host)
    compare("sum", host, dtype=np.int8)


def test_argmax_first_occurrence_and_nan():
    host = np.array([[1, 5, 5, np.nan, 2, np.nan], [3, 3, 1, 1, -np.inf, 0]])
    for name in ("argmax", "argmin"):
        for axis in (None, 0, 1, -1):
            compare(name, host, axis=axis)
            compare(name, host.astype(np.float32), axis=axis, keepdims=True)
    complex_host = np.array([1 + 2j, 1 + 3j, 1 + 3j, 0 + 9j, complex(np.nan, 0)])
    compare("argmax", complex_host)
    compare("argmin", complex_host[:4])
    compare("argmax", np.array([False, True, True]))


def test_argmax_out_and_errors():
    host = sample("float64", 12).reshape(3, 4)
    dev = gparray.asarray(host)
    out = gparray.empty((4,), dtype=np.int64)
    assert gparray.argmax(dev, axis=0, out=out) is out
    assert_same(np.argmax(host, axis=0), out)
    compare("argmax", host, axis=2)
    compare("argmax", host, axis=(0, 1))
    compare("argmin", np.zeros((0, 3)), axis=0)
    compare("argmin", np.zeros((0, 3)), axis=1)


def test_reduction_errors_match_numpy():
    host = sample("float32", 12).reshape(3, 4)
    compare("max", host[:0])
    compare("sum", host, axis=2)
    compare("sum", host, axis=(0, 0))
    compare("max", host, axis=-3)


@settings(max_examples=30, deadline=None)
@given(hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5), st.data())
def test_hypothesis_shapes(shape, data):
    host = sample("float64", int(np.prod(shape)), seed=2, special=False).reshape(shape)
    axis = data.draw(st.none() | st.integers(-len(shape), len(shape) - 1)
                     if shape else st.none())
    keepdims = data.draw(st.booleans())
    compare("sum", host, axis=axis, keepdims=keepdims)
    compare("max", host, axis=axis, keepdims=keepdims)
    compare("argmin", host, axis=axis)
    compare("var", host, axis=axis, keepdims=keepdims)


NAN_FUNCS = ["nansum", "nanprod", "nanmin", "nanmax", "nanmean", "nanvar", "nanstd",
             "nanargmin", "nanargmax"]


@pytest.mark.parametrize("name", NAN_FUNCS)
def test_nan_reductions(name):
    host = np.array([[1.5, np.nan, 3, -2], [np.nan, np.nan, np.nan, np.nan], [4, 5, -1, 0.25]])
    for dtype in ("float64", "float32"):
        h = host.astype(dtype)
        for axis in (None, 0, 1, -1):
            compare(name, h, axis=axis)
            compare(name, h.T, axis=axis)
            if not name.startswith("nanarg"):
                compare(name, h, axis=axis, keepdims=True)
    compare(name, sample("int32", 12).reshape(3, 4), axis=1)
    compare(name, sample("complex128", 12).reshape(3, 4), axis=0)
    compare(name, host[:0], axis=0)


def test_nan_reduction_options_and_warnings():
    host = np.array([[1.5, np.nan, 3], [np.nan, np.nan, np.nan]])
    compare("nanvar", host, axis=1, ddof=1)
    compare("nanstd", host, axis=1, correction=1)
    compare("nanmean", host, axis=1, dtype=np.float32)
    compare("nansum", host, axis=1, initial=10.0)
    compare("nanmax", host, axis=0, initial=0.0)
    compare("nanmean", host, dtype=np.int64)
    dev = gparray.asarray(host)
    for name in ("nanmin", "nanmax", "nanmean"):
        with pytest.warns(RuntimeWarning):
            getattr(gparray, name)(dev, axis=1)
    with pytest.warns(RuntimeWarning, match="Degrees of freedom"):
        gparray.nanvar(dev, axis=1)


def test_isclose_allclose():
    a = np.array([1.0, np.nan, np.inf, -np.inf, 1e-9, 100.0])
    b = np.array([1.0 + 1e-7, np.nan, np.inf, np.inf, 0.0, 100.1])
    for equal_nan in (False, True):
        compare("isclose", a, b, equal_nan=equal_nan)
        compare("allclose", a, b, equal_nan=equal_nan)
        compare("allclose", a[:1], b[:1], equal_nan=equal_nan)
    compare("isclose", a, b, rtol=1e-2, atol=0.2)
    compare("isclose", np.arange(5, dtype=np.int8), 3)
    compare("isclose", np.array([1 + 1j, 2j]), np.array([1 + 1j, 2.000001j]))
    compare("isclose", a.astype(np.float32), b.astype(np.float32))
    compare("isclose", a.reshape(2, 3), a[:3])
    compare("allclose", a, b[:2])


def test_array_equal_equiv():
    a = np.array([[1.0, np.nan], [2.0, 3.0]])
    compare("array_equal", a, a.copy())
    compare("array_equal", a, a.copy(), equal_nan=True)
    compare("array_equal", a[:, :1], a)
    compare("array_equal", np.arange(3), np.arange(3.0))
    compare("array_equal", np.array([1, 2]), np.array([1, 3]))
    compare("array_equiv", np.array([1, 2]), np.array([[1, 2], [1, 2]]))
    compare("array_equiv", np.array([1, 2]), np.array([[1, 2], [1, 3]]))
    compare("array_equiv", np.array([1, 2]), np.array([1, 2, 3]))


DISPATCHED = {
    "sum": (), "prod": (), "max": (), "min": (), "mean": (), "argmax": (), "argmin": (),
    "var": (), "std": (), "ptp": (), "average": (), "median": (), "percentile": (50,),
    "quantile": (0.5,), "nansum": (), "nanprod": (), "nanmin": (), "nanmax": (),
    "nanmean": (), "nanvar": (), "nanstd": (), "nanmedian": (), "nanpercentile": (50,),
    "nanquantile": (0.5,), "nanargmin": (), "nanargmax": (), "cov": (), "corrcoef": (),
    "isclose": ("same",), "cumsum": (), "cumprod": (), "nancumsum": (), "nancumprod": (),
    "cumulative_sum": (), "cumulative_prod": (), "diff": (), "ediff1d": (), "gradient": (),
    "trapezoid": (),
}
PREDICATES = {"allclose": ("same",), "array_equal": ("same",), "array_equiv": ("same",)}


@pytest.mark.parametrize("name", sorted(DISPATCHED) + sorted(PREDICATES))
def test_numpy_functions_dispatch_to_the_device(name):
    host = np.array([3.0, 1.0, 4.0, 1.5, 9.0])
    dev = gparray.asarray(host)
    extra = {**DISPATCHED, **PREDICATES}[name]
    args = [dev if a == "same" else a for a in extra]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = getattr(np, name)(dev, *args)
        expected = getattr(np, name)(host, *[host if a == "same" else a for a in extra])
    if name in PREDICATES:
        assert result is True and expected
    else:
        assert isinstance(result, gparray.ndarray), type(result)
        assert_same(expected, result)


ZERO_D_REDUCTIONS = ["sum", "prod", "max", "min", "any", "all", "mean", "std", "var", "argmax",
                     "argmin", "cumsum", "cumprod", "ptp", "count_nonzero", "nansum", "nanmin",
                     "nanmean", "nanstd", "nanvar", "nanargmax", "nancumsum", "median"]


@pytest.mark.parametrize("axis", [0, -1, 1, (0,)], ids=repr)
@pytest.mark.parametrize("dtype", ["float32", "int32"])
@pytest.mark.parametrize("name", ZERO_D_REDUCTIONS)
def test_zero_d_reductions_take_axis_0_where_numpy_does(name, dtype, axis):
    # NumPy's ufunc reductions (and the functions built on them) read axis 0 or -1 of a 0-d
    # array as the whole array; mean, var, std and median refuse it.
    host = np.array(3, dtype=dtype)
    dev = gparray.asarray(host)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = getattr(np, name)(host, axis=axis)
    except Exception:
        if name.startswith("nanarg") and axis == (0,):
            return    # NumPy's TypeError or AxisError here depends on the dtype's path
        raises_same(lambda: getattr(np, name)(host, axis=axis),
                    lambda: getattr(gparray, name)(dev, axis=axis))
        return
    assert_same(expected, getattr(gparray, name)(dev, axis=axis))


@pytest.mark.parametrize("name", ["sum", "max", "mean", "any", "std", "argmax"])
def test_reductions_beyond_the_kernels_dimensions(name):
    # Up to the advertised max dimensions: length-1 axes drop out, and axes that do not merge
    # (a permuted 20-d array) are regrouped by one copy.
    host = np.random.default_rng(0).integers(0, 5, (2,) * 20).astype(np.float64)
    perm = tuple(int(p) for p in np.random.default_rng(1).permutation(20))
    for axis in ([None, 1] if name == "argmax" else [None, 1, tuple(range(0, 20, 2))]):
        assert_same(getattr(np, name)(host.transpose(perm), axis=axis),
                    getattr(gparray, name)(gparray.asarray(host).transpose(perm), axis=axis),
                    rtol=1e-12)
    ones = np.ones((1,) * 64)
    assert_same(getattr(np, name)(ones, axis=5), getattr(gparray, name)(gparray.asarray(ones), axis=5))

"""Statistics on the device against NumPy: var/std (ddof, correction, where, mean), ptp,
average, cov, corrcoef, median, quantile/percentile with every method, and the
nan-versions, over dtypes, axes, keepdims, layouts, NaN and empty input."""
import warnings

import numpy as np
import pytest

import gparray
from conftest import assert_same, raises_same, sample
from test_reductions import compare, layouts

REAL = ["bool", "int8", "uint16", "int64", "float16", "float32", "float64"]
AXES = [None, 0, 1, -1, (0, 1)]


def _rtol(dtype):
    kind = np.dtype(dtype)
    return {"float16": 1e-2, "float32": 2e-5, "complex64": 2e-5}.get(kind.name, 1e-11)


@pytest.mark.parametrize("dtype", REAL + ["complex64", "complex128"])
@pytest.mark.parametrize("name", ["var", "std"])
def test_var_std(name, dtype):
    host = sample(dtype, 30, seed=4, special=False).reshape(5, 6)
    for label, view in layouts(host):
        for axis in AXES:
            # the broadcast view has zero variance along axis 0: rounding, not relative error
            compare(name, view, axis=axis, rtol=_rtol(dtype), abs_tol=100 * _rtol(dtype))
    compare(name, host, axis=1, ddof=1, keepdims=True, rtol=_rtol(dtype))
    compare(name, host, axis=0, correction=2, rtol=_rtol(dtype))
    compare(name, host, axis=0, ddof=1, correction=1)                # ValueError
    compare(name, host[:0], axis=0, rtol=_rtol(dtype))               # NaN, warning
    compare(name, host[1, 1], rtol=_rtol(dtype))                      # 0-d
    compare(name, host, axis=1, where=host.real.astype(bool) if dtype != "bool" else host,
            rtol=_rtol(dtype))


def test_var_options():
    host = sample("float32", 30, seed=1, special=False).reshape(5, 6)
    compare("var", host, axis=1, dtype=np.float64)
    compare("std", host, dtype=np.float64, ddof=1)
    mean = host.mean(axis=1, keepdims=True)
    compare("var", host, axis=1, mean=mean, keepdims=True)
    compare("var", host, axis=3)
    dev = gparray.asarray(host)
    out = gparray.empty((6,), dtype=np.float32)
    assert gparray.var(dev, axis=0, out=out) is out
    assert_same(np.var(host, axis=0), out, rtol=2e-5)
    with pytest.warns(RuntimeWarning, match="Degrees of freedom"):
        gparray.var(dev[:1], axis=0, ddof=1)


@pytest.mark.parametrize("dtype", ["int8", "uint8", "float32", "float64"])
def test_ptp(dtype):
    host = sample(dtype, 30, seed=2).reshape(5, 6)
    for label, view in layouts(host):
        for axis in (None, 0, 1, (0, 1)):
            compare("ptp", view, axis=axis, keepdims=axis == 1)
    compare("ptp", host[:0], axis=0)
    compare("ptp", np.array([True, False]))


def test_average():
    rng = np.random.default_rng(5)
    host = rng.standard_normal((4, 5)).astype(np.float32)
    w2 = rng.random((4, 5))
    compare("average", host)
    compare("average", host, axis=1, keepdims=True)
    compare("average", host, weights=w2)
    compare("average", host, axis=0, weights=w2, returned=True)
    compare("average", host, axis=1, weights=rng.random(5), returned=True)
    compare("average", host, axis=(0, 1), returned=True)
    compare("average", np.arange(12).reshape(3, 4), axis=0, weights=[1, 2, 3])
    compare("average", host, weights=rng.random(5))                     # TypeError
    compare("average", host, axis=0, weights=rng.random(5))             # ValueError
    compare("average", host, axis=1, weights=np.zeros(5))               # ZeroDivisionError


def test_cov_corrcoef():
    rng = np.random.default_rng(6)
    m = rng.standard_normal((3, 7))
    y = rng.standard_normal((2, 7))
    for name in ("cov", "corrcoef"):
        compare(name, m)
        compare(name, m.T, rowvar=False)
        compare(name, m, y)
        compare(name, m[0], m[1])
        compare(name, m[0])
        compare(name, m.astype(np.float32), dtype=np.float32, rtol=1e-5)
        compare(name, (m + 1j * y[0]).astype(np.complex128), abs_tol=1e-12)
        compare(name, np.arange(15).reshape(3, 5))
    compare("cov", m, bias=True)
    compare("cov", m, ddof=3)
    compare("cov", m, fweights=[1, 2, 1, 3, 1, 1, 2])
    compare("cov", m, aweights=rng.random(7))
    compare("cov", m, fweights=[1, 2, 1, 3, 1, 1, 2], aweights=rng.random(7), ddof=1)
    compare("cov", m, fweights=[1.5] * 7)                                # TypeError
    compare("cov", m, aweights=-np.ones(7))                              # ValueError
    compare("cov", np.ones((2, 2, 2)))
    compare("cov", m[:, :1])                                             # dof <= 0


METHODS = ["inverted_cdf", "averaged_inverted_cdf", "closest_observation",
           "interpolated_inverted_cdf", "hazen", "weibull", "linear", "median_unbiased",
           "normal_unbiased", "lower", "higher", "midpoint", "nearest"]


@pytest.mark.parametrize("method", METHODS)
def test_quantile_methods(method):
    rng = np.random.default_rng(7)
    floats = rng.standard_normal((5, 8)).astype(np.float32)
    floats[1, 3] = np.nan
    floats[4, :] = np.nan
    ints = rng.integers(-20, 20, (5, 8))
    for name in ("quantile", "nanquantile"):
        for host in (floats, ints, floats.T[::2]):
            for q in (0.3, [0.0, 0.25, 0.5, 1.0], np.float32(0.7), 0):
                for axis in (None, 0, 1, (0, 1)):
                    compare(name, host, q, axis=axis, method=method, rtol=1e-5,
                            abs_tol=1e-6)
        compare(name, floats, [[0.1], [0.9]], axis=1, method=method, keepdims=True, rtol=1e-5,
                abs_tol=1e-6)
    for name in ("percentile", "nanpercentile"):
        compare(name, floats, [10, 50, 95], axis=0, method=method, rtol=1e-5, abs_tol=1e-6)
        compare(name, ints, 37.5, method=method, keepdims=True, rtol=1e-12)


@pytest.mark.parametrize("name", ["quantile", "nanquantile", "percentile", "nanpercentile"])
def test_weighted_quantiles(name):
    rng = np.random.default_rng(11)
    host = rng.standard_normal((5, 7)).astype(np.float32)
    host[1, 2] = np.nan
    weights = rng.random((5, 7))
    weights[0, :3] = 0
    scale = 100 if "percentile" in name else 1
    for q in (0.3, [0.0, 0.5, 1.0], np.float32(0.25)):
        q = np.asarray(q) * scale if scale != 1 else q
        cases = [(None, weights), (1, weights), (0, weights), ((0, 1), weights)]
        if not name.startswith("nan"):      # NumPy's nan-versions fail on 1-d weights
            cases.append((0, rng.integers(0, 3, 5).astype(float)))
        for axis, w in cases:
            compare(name, host, q, axis=axis, weights=w, method="inverted_cdf")
        compare(name, np.arange(12).reshape(3, 4), q, axis=1, weights=np.ones((3, 4)),
                method="inverted_cdf")
    compare(name, host, 0.5 * scale, weights=weights)                   # method: ValueError
    compare(name, host, 0.5 * scale, weights=weights[0], method="inverted_cdf")
    compare(name, host, 0.5 * scale, axis=0, weights=weights[0], method="inverted_cdf")
    compare(name, host, 0.5 * scale, weights=-weights, method="inverted_cdf")


def test_quantile_errors_and_out():
    host = sample("float64", 12, special=False).reshape(3, 4)
    compare("quantile", host, 1.5)
    compare("percentile", host, -1)
    compare("quantile", host, 0.5, method="bogus")
    compare("quantile", host.astype(np.complex128), 0.5)
    compare("quantile", host, 0.5, axis=2)
    compare("quantile", host[:, :0], 0.5, axis=1)
    compare("quantile", np.array([True, False, True]), 0.5)
    compare("quantile", np.array([True, False, True]), 0.5, method="lower")
    dev = gparray.asarray(host)
    out = gparray.empty((2, 4))
    assert gparray.quantile(dev, [0.2, 0.8], axis=0, out=out) is out
    assert_same(np.quantile(host, [0.2, 0.8], axis=0), out)
    assert_same(np.quantile(host, 0.5, axis=1),
                gparray.quantile(dev, gparray.asarray(0.5), axis=1))


@pytest.mark.parametrize("dtype", ["int16", "uint8", "float16", "float32", "float64", "bool"])
def test_median(dtype):
    host = sample(dtype, 42, seed=8, special=False).reshape(6, 7)
    if dtype.startswith("float"):
        host[2, 3] = np.nan
    for name in ("median", "nanmedian"):
        for label, view in layouts(host):
            for axis in (None, 0, 1, -1, (0, 1)):
                compare(name, view, axis=axis, rtol=1e-3 if dtype == "float16" else 2e-6,
                        abs_tol=1e-6)
        compare(name, host, axis=0, keepdims=True, rtol=1e-3)
        compare(name, host[:, :4], axis=1, rtol=1e-3)
        compare(name, host[0, 0])


def test_median_of_complex():
    host = sample("complex64", 20, seed=3, special=False).reshape(5, 4)
    compare("median", host, axis=0, rtol=1e-6)
    host[1, 1] = complex(np.nan, 0)
    host[2, 2] = complex(0, np.nan)
    compare("median", host, axis=0, rtol=1e-6)
    compare("median", host, rtol=1e-6)
    for axis in (None, 0, 1):
        compare("nanmedian", host, axis=axis, rtol=1e-6)
    host[:, 3] = np.nan
    compare("nanmedian", host, axis=0, rtol=1e-6)


@pytest.mark.parametrize("name, args", [("median", ()), ("nanmedian", ()), ("quantile", (0.5,)),
                                         ("nanquantile", (0.5,)), ("percentile", (50,))])
def test_order_statistics_of_empty_input(name, args):
    for shape, axis in (((3, 0), 1), ((0, 3), 1), ((0,), None), ((3, 0), 0), ((0, 3), 0)):
        compare(name, np.zeros(shape), *args, axis=axis)


def test_nan_order_statistics_warn_on_all_nan():
    host = np.array([[np.nan, np.nan], [1.0, 2.0]])
    dev = gparray.asarray(host)
    for name, args in (("nanmedian", ()), ("nanquantile", (0.5,)), ("nanpercentile", (50,))):
        with pytest.warns(RuntimeWarning, match="All-NaN slice"):
            result = getattr(gparray, name)(dev, *args, axis=1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert_same(getattr(np, name)(host, *args, axis=1), result)


NO_FP64_CALLS = [
    ("var", lambda m, x, i: m.var(i, axis=0)),
    ("std", lambda m, x, i: m.std(x, ddof=1)),
    ("average", lambda m, x, i: m.average(i, axis=1, weights=[1, 2, 3, 4])),
    ("median", lambda m, x, i: m.median(i, axis=0)),
    ("quantile", lambda m, x, i: m.quantile(x, [0.3, 0.5], axis=1)),
    ("quantile of ints", lambda m, x, i: m.quantile(i, 0.3)),
    ("nanquantile", lambda m, x, i: m.nanquantile(x, [0.2], axis=0)),
    ("nanmedian", lambda m, x, i: m.nanmedian(x, axis=1)),
    ("cov", lambda m, x, i: m.cov(x)),
    ("corrcoef", lambda m, x, i: m.corrcoef(i)),
    ("isclose", lambda m, x, i: m.isclose(i, x)),
    ("nanmean", lambda m, x, i: m.nanmean(x, axis=0)),
    ("nanvar", lambda m, x, i: m.nanvar(x, axis=1)),
    ("gradient", lambda m, x, i: m.gradient(i, axis=0)),
    ("trapezoid", lambda m, x, i: m.trapezoid(i)),
]


@pytest.mark.parametrize("label, call", NO_FP64_CALLS, ids=[c[0] for c in NO_FP64_CALLS])
def test_without_fp64_float64_results_become_float32(label, call):
    x = np.arange(12, dtype=np.float32).reshape(3, 4) ** 1.5
    x[1, 2] = np.nan if label.startswith("nan") else x[1, 2]
    i = np.arange(12, dtype=np.int32).reshape(3, 4) % 5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = call(np, x, i)
        with gparray.hide_fp64():
            actual = call(gparray, gparray.asarray(x), gparray.asarray(i))
    expected = np.asarray(expected)
    want = np.float32 if expected.dtype == np.float64 else expected.dtype
    assert actual.dtype == want
    assert_same(expected.astype(want), actual, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("kw", [{}, {"axis": 0}, {"keepdims": True}], ids=repr)
@pytest.mark.parametrize("dtype", ["uint8", "int16", "bool", "float32", "complex64"])
@pytest.mark.parametrize("src", ["float32", "complex64", "int32", "bool"])
@pytest.mark.parametrize("name", ["var", "std"])
def test_var_std_with_any_dtype_argument(name, src, dtype, kw):
    # NumPy computes the mean and the deviations in dtype=: complex data with a real dtype,
    # real data with a complex one, and integer dtypes (std of a scalar result converts the
    # root back; of an array result it keeps sqrt's casting error).
    host = np.array([[1.0, 2.0, 4.0], [3.0, -1.0, 0.5]]).astype(src)
    if src.startswith("complex"):
        host = host + 1j * host[::-1]
    dev = gparray.asarray(host)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = getattr(np, name)(host, dtype=dtype, **kw)
    except Exception:
        raises_same(lambda: getattr(np, name)(host, dtype=dtype, **kw),
                    lambda: getattr(gparray, name)(dev, dtype=dtype, **kw))
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_same(expected, getattr(gparray, name)(dev, dtype=dtype, **kw), rtol=1e-5)

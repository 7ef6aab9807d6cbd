"""searchsorted, digitize, bincount, the histograms and convolve/correlate against NumPy:
dtypes, sides, sorters, NaN/inf/-0.0, layouts, empty inputs, weights, densities, NumPy's
errors, hypothesis-generated queries, and dispatch from np.<name>."""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import gparray
from conftest import ALL_DTYPES, assert_same, raises_same, sample


def _dev(x):
    return gparray.asarray(x) if isinstance(x, np.ndarray) else x


def both(func, *args, rtol=None, **kwargs):
    """func from NumPy and from gparray (device copies of the array arguments) agree,
    including the type of any error."""
    dev_args = [_dev(a) for a in args]
    dev_kwargs = {k: _dev(v) for k, v in kwargs.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = getattr(np, func)(*args, **kwargs)
        except Exception:
            raises_same(lambda: getattr(np, func)(*args, **kwargs),
                        lambda: getattr(gparray, func)(*dev_args, **dev_kwargs))
            return
        actual = getattr(gparray, func)(*dev_args, **dev_kwargs)
    if isinstance(expected, (list, tuple)):
        assert len(expected) == len(actual)
        for e, a in zip(expected, actual):
            if isinstance(e, list):
                for e2, a2 in zip(e, a):
                    assert_same(e2, a2, rtol=rtol)
            else:
                assert_same(e, a, rtol=rtol)
    else:
        assert_same(expected, actual, rtol=rtol)


# -- searchsorted --------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
def test_searchsorted(dtype):
    a = np.sort(sample(dtype, 40))
    v = sample(dtype, 30, seed=4)
    for side in ("left", "right"):
        both("searchsorted", a, v, side=side)
        both("searchsorted", a, v.reshape(5, 6), side=side)
        both("searchsorted", a[::2], v[::-3], side=side)
        both("searchsorted", a, v[0:1].reshape(()), side=side)
        both("searchsorted", a, v[:0], side=side)
        both("searchsorted", a[:0], v, side=side)
    unsorted = sample(dtype, 40, seed=7)
    sorter = np.argsort(unsorted, kind="stable")
    both("searchsorted", unsorted, v, side="right", sorter=sorter)


def test_searchsorted_special_values_and_scalars():
    a = np.array([-np.inf, -1.0, -0.0, 0.0, 0.0, 1.0, np.inf, np.nan, np.nan])
    v = np.array([np.nan, -0.0, 0.0, np.inf, -np.inf, 0.5, -2.0])
    for side in ("left", "right"):
        both("searchsorted", a, v, side=side)
    for scalar in (2.5, 1000, -1, np.nan):
        both("searchsorted", np.array([1, 2, 3], dtype=np.int8), scalar)
    both("searchsorted", np.array([1, 2, 3], dtype=np.uint64), -1)
    c = np.sort(np.array([1 + 1j, 1 - 1j, complex(np.nan, 0), complex(0, np.nan), 2j]))
    both("searchsorted", c, c, side="right")


def test_searchsorted_errors():
    a = np.array([1.0, 2.0, 3.0])
    both("searchsorted", a, 2.0, side="x")
    both("searchsorted", a, 2.0, side="L")
    both("searchsorted", np.ones((2, 2)), 2.0)
    both("searchsorted", np.array(1.0), 2.0)
    both("searchsorted", a, 2.0, sorter=np.array([0, 1]))
    both("searchsorted", a, 2.0, sorter=np.array([0.0, 1.0, 2.0]))


@settings(max_examples=30, deadline=None)
@given(a=st.lists(st.integers(-20, 20), max_size=40), v=st.lists(st.integers(-25, 25), max_size=20),
       side=st.sampled_from(["left", "right"]), dtype=st.sampled_from(["int32", "float64", "uint8"]))
def test_searchsorted_hypothesis(a, v, side, dtype):
    host_a = np.sort(np.array(a, dtype=np.int64).astype(dtype))
    host_v = np.array(v, dtype=np.int64).astype(dtype)
    assert_same(np.searchsorted(host_a, host_v, side=side),
                gparray.searchsorted(gparray.asarray(host_a), gparray.asarray(host_v), side=side))


# -- digitize ------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["int16", "uint8", "float32", "float64"])
def test_digitize(dtype):
    x = sample(dtype, 50)
    bins = np.array([-3, -1, 0, 2, 5]).astype(dtype) if dtype != "uint8" else \
        np.array([0, 1, 5, 100], dtype=dtype)
    for right in (False, True):
        both("digitize", x, bins, right=right)
        both("digitize", x, bins[::-1].copy(), right=right)
        both("digitize", x.reshape(5, 10), bins, right=right)
    both("digitize", x, bins[:1])
    both("digitize", x, bins[:0])
    both("digitize", np.array([1.0, 2.0]), np.array([3.0, 1.0, 2.0]))
    both("digitize", np.array([1j, 2]), np.array([1.0, 2.0]))
    both("digitize", np.array([1.0, 2.0]), np.array([[1.0, 2.0]]))


# -- bincount ------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["bool", "int8", "uint16", "int32", "int64", "uint32"])
def test_bincount(dtype):
    rng = np.random.default_rng(2)
    x = rng.integers(0, 2 if dtype == "bool" else 20, 500).astype(dtype)
    w = rng.standard_normal(500)
    both("bincount", x)
    both("bincount", x, minlength=40)
    both("bincount", x, weights=w)
    both("bincount", x[::3], weights=w[::3].astype(np.float32), minlength=3)
    both("bincount", x[:0])
    both("bincount", x[:0], minlength=4)
    both("bincount", x[:0], weights=w[:0])
    # many bins: counted from the sorted bin numbers rather than per block
    big = np.array([0, 5, 100_000, 5, 17, 100_000], dtype=np.int64)
    both("bincount", big)
    both("bincount", big, weights=np.arange(6.0))


def test_bincount_sums_in_numpy_order():
    # weights of very different magnitudes: the order of addition shows in the result
    rng = np.random.default_rng(5)
    x = rng.integers(0, 3, 5000)
    w = rng.standard_normal(5000) * 10.0 ** rng.integers(-8, 8, 5000)
    np.testing.assert_array_equal(np.bincount(x, w), gparray.bincount(gparray.asarray(x),
                                                                      gparray.asarray(w)).get())


def test_bincount_errors():
    both("bincount", np.array([1.0, 2.0]))
    both("bincount", np.array([1, -2]))
    both("bincount", np.array([1, 2]), minlength=-1)
    both("bincount", np.array([1, 2]), minlength=None)
    both("bincount", np.array([1, 2]), weights=np.array([1.0, 2.0, 3.0]))
    both("bincount", np.array([1, 2]), weights=np.array([1j, 2]))
    both("bincount", np.array([[1]]))
    both("bincount", np.array(1))


# -- histograms ----------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["int8", "int64", "uint16", "float16", "float32", "float64"])
def test_histogram(dtype):
    a = sample(dtype, 300, special=False)
    both("histogram", a)
    both("histogram", a.reshape(10, 30), bins=7)
    both("histogram", a, bins=5, range=(-2, 3))
    both("histogram", a, bins=np.array([-5, -1, 0, 0.5, 4]))
    both("histogram", a, bins=4, density=True, rtol=1e-12)
    w = sample("float64", 300, seed=3, special=False).round()
    both("histogram", a, bins=6, weights=w)
    both("histogram", a, bins=6, weights=w.astype(np.int32))
    both("histogram", a, bins=6, weights=(w + 1j * w[::-1]).astype(np.complex128))
    both("histogram", a[:0])
    both("histogram_bin_edges", a, bins=9)
    both("histogram_bin_edges", a, bins=3, range=(0, 1))


@pytest.mark.parametrize("estimator", ["auto", "fd", "doane", "scott", "stone", "rice",
                                       "sturges", "sqrt"])
def test_histogram_bin_estimators(estimator):
    rng = np.random.default_rng(9)
    for a in ((rng.standard_normal(300) * 20).astype(np.float32),
              (rng.standard_normal(300) * 20).astype(np.int16)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            both("histogram", a, bins=estimator)
            both("histogram", a, bins=estimator, range=(-10, 30))
            both("histogram_bin_edges", a, bins=estimator)
    both("histogram", np.ones(4), bins=estimator)
    both("histogram", np.ones(4), bins=estimator, weights=np.ones(4))


def test_histogram_special_values_and_errors():
    a = np.array([np.nan, 1.0, 2.0, np.inf, -np.inf, 3.0, 3.0])
    both("histogram", a, bins=3, range=(1, 3))            # NaN and inf outside are dropped
    both("histogram", a)                                   # autodetected range not finite
    both("histogram", np.ones(5))                          # equal extremes: +-0.5
    both("histogram", a, bins=0)
    both("histogram", a, bins=2.5)
    both("histogram", a, bins=3, range=(3, 1))
    both("histogram", a[1:3], bins=np.array([2.0, 1.0]))
    both("histogram", a[1:3], bins=np.ones((2, 2)))
    both("histogram", a[1:3], weights=np.ones(3))
    both("histogram", a[1:3], bins="nope")


def test_histogram2d_and_histogramdd():
    rng = np.random.default_rng(6)
    s = rng.standard_normal((200, 3))
    x, y = s[:, 0].copy(), s[:, 1].copy()
    w = rng.integers(0, 4, 200).astype(np.float64)
    both("histogram2d", x, y)
    both("histogram2d", x, y, bins=(3, 5), range=[(-1, 1), (-2, 2)])
    both("histogram2d", x, y, bins=4, density=True, rtol=1e-12)
    both("histogram2d", x, y, bins=[np.array([-1.0, 0, 1]), 3], weights=w)
    both("histogram2d", x, y[:5])
    both("histogramdd", s, bins=(2, 3, 4))
    both("histogramdd", s, bins=3, density=True, weights=w, rtol=1e-12)
    both("histogramdd", s[::2], bins=[np.array([-1.0, 0, 2]), 2, 2])
    both("histogramdd", s, bins=(2, 3))
    both("histogramdd", s, bins=2, range=[(0, 1)])
    both("histogramdd", s, bins=(2, 0, 1))
    # a sequence of 1-D arrays
    assert_same(np.histogramdd([x, y], bins=3)[0],
                gparray.histogramdd([gparray.asarray(x), gparray.asarray(y)], bins=3)[0])


# -- convolve and correlate ----------------------------------------------------------------
@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
def test_convolve_and_correlate(dtype):
    rng = np.random.default_rng(8)
    for n1, n2 in [(12, 3), (3, 12), (6, 6), (8, 5), (5, 8), (1, 1)]:
        a = rng.integers(-3, 4, n1).astype(dtype)
        v = rng.integers(-3, 4, n2).astype(dtype)
        if a.dtype.kind == "c":
            a = (a + 1j * rng.integers(-3, 3, n1)).astype(dtype)
            v = (v - 2j * rng.integers(-3, 3, n2)).astype(dtype)
        for mode in ("valid", "same", "full"):
            both("convolve", a, v, mode=mode)
            both("correlate", a, v, mode=mode)
    a = sample(dtype, 30, special=False)
    both("convolve", a[::-2], a[:4], rtol=1e-5 if a.dtype.kind in "fc" else None)
    both("correlate", a[::3], a[1:5], mode="full", rtol=1e-5 if a.dtype.kind in "fc" else None)


def test_convolve_mixed_dtypes_and_errors():
    a = np.arange(6, dtype=np.int8)
    both("convolve", a, np.array([0.5, 2.0], dtype=np.float32))
    both("correlate", a, np.array([1j, 2]), mode="same")
    both("convolve", a, np.array([1, 1]), mode=2)
    both("convolve", a, np.array([1, 1]), mode="x")
    both("convolve", a, np.array([1, 1]), mode="f")
    both("convolve", a, a[:0])
    both("correlate", a, a[:0])
    both("correlate", a[:0], a)
    both("correlate", a.reshape(2, 3), a)


def test_numpy_functions_dispatch_to_the_device():
    a = np.sort(sample("float64", 20, special=False))
    d = gparray.asarray(a)
    for result in (np.searchsorted(d, d), np.digitize(d, d[:4]),
                   np.bincount(gparray.asarray(np.arange(5))), np.histogram(d)[0],
                   np.histogram_bin_edges(d), np.histogram2d(d, d)[0], np.histogramdd(d)[0],
                   np.convolve(d, d), np.correlate(d, d)):
        assert isinstance(result, gparray.ndarray)


def test_devices_without_fp64_use_float32_edges_and_weights():
    x = np.array([3, 1, 2, 3, 1, 7], dtype=np.int32)
    f = np.array([3, 1, 2, -0.0, 0.5, 2.5], dtype=np.float32)
    with gparray.hide_fp64():
        dx, df = gparray.asarray(x), gparray.asarray(f)
        counts, edges = gparray.histogram(dx, bins=4)
        assert edges.dtype == np.float32 and counts.dtype == np.int64
        np.testing.assert_array_equal(counts.get(), np.histogram(x, bins=4)[0])
        dens = gparray.histogram(dx, bins=4, density=True)[0]
        assert dens.dtype == np.float32
        np.testing.assert_allclose(dens.get(), np.histogram(x, bins=4, density=True)[0], rtol=1e-6)
        h2 = gparray.histogram2d(df, df, bins=3)[0]
        assert h2.dtype == np.float32
        np.testing.assert_array_equal(h2.get(), np.histogram2d(f, f, bins=3)[0])
        w = gparray.bincount(dx, weights=df)
        assert w.dtype == np.float32
        np.testing.assert_allclose(w.get(), np.bincount(x, weights=f), rtol=1e-6)
        assert gparray.sort_complex(df).dtype == np.complex64
        assert_same(np.searchsorted(np.sort(f), f), gparray.searchsorted(gparray.sort(df), df))

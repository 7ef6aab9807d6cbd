"""Scans on the device against NumPy: cumsum, cumprod, nancumsum, nancumprod,
cumulative_sum/prod (include_initial), ufunc.accumulate (parallel for reorderable ufuncs on
few long rows, in order otherwise), the reusable scan(), diff, ediff1d, gradient, trapezoid."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import gparray
from gparray._engines import scan as _scans
from conftest import ALL_DTYPES, assert_same, sample
from test_reductions import compare, layouts


def _rtol(dtype):
    dtype = np.dtype(dtype)
    if dtype.kind not in "fc":
        return None
    return {2: 2e-2, 4: 1e-5, 8: 1e-5 if dtype.kind == "c" else 1e-12, 16: 1e-12}[dtype.itemsize]


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("name", ["cumsum", "cumprod", "nancumsum", "nancumprod"])
def test_cumulative_functions(name, dtype):
    host = sample(dtype, 30, seed=5).reshape(5, 6)
    if name.endswith("prod") and dtype.kind in "fc":
        host = np.where(np.isfinite(host), host / 3, host).astype(dtype)
    for label, view in layouts(host):
        for axis in (None, 0, 1, -1):
            compare(name, view, axis=axis, rtol=_rtol(dtype), abs_tol=1e-6)
    compare(name, host[2, 2], rtol=_rtol(dtype))
    compare(name, host[:0], axis=0)
    compare(name, host, axis=2)


@pytest.mark.parametrize("name", ["cumulative_sum", "cumulative_prod"])
def test_array_api_cumulative(name):
    host = sample("int16", 24, seed=2).reshape(4, 6)
    for include_initial in (False, True):
        for axis in (0, 1, -1):
            compare(name, host, axis=axis, include_initial=include_initial)
            compare(name, host.T[::2], axis=axis, include_initial=include_initial)
        compare(name, host[0], include_initial=include_initial)
        compare(name, host[:0, 0], include_initial=include_initial)
        compare(name, host.astype(np.float32), axis=0, dtype=np.float64,
                include_initial=include_initial)
    compare(name, host)                                       # axis required: ValueError
    dev = gparray.asarray(host)
    out = gparray.empty((5, 6), dtype=np.int64)
    assert getattr(gparray, name)(dev, axis=0, include_initial=True, out=out) is out
    assert_same(getattr(np, name)(host, axis=0, include_initial=True), out)


@pytest.mark.parametrize("dtype", ["int8", "uint32", "float32", "float64", "complex64", "bool"])
def test_parallel_scan_of_long_rows(dtype):
    rng = np.random.default_rng(3)
    n = 200_003
    host = (rng.random((2, n)) * 3).astype(dtype)
    dev = gparray.asarray(host)
    for uf in ("add", "maximum", "minimum", "logical_or", "bitwise_xor", "multiply"):
        if uf == "bitwise_xor" and np.dtype(dtype).kind in "fc":
            continue
        if uf == "multiply" and np.dtype(dtype).kind not in "iub":
            continue
        for view_np, view_dev in ((host, dev), (host[:, ::-2], dev[:, ::-2]), (host.T, dev.T)):
            axis = 1 if view_np.shape[0] == 2 else 0
            expected = getattr(np, uf).accumulate(view_np, axis=axis)
            assert_same(expected, getattr(gparray, uf).accumulate(view_dev, axis=axis),
                        rtol=2e-4 if np.dtype(dtype).kind in "fc" else None)
    flat = rng.random(1_000_001).astype(np.float32)
    assert_same(np.cumsum(flat), gparray.cumsum(gparray.asarray(flat)), rtol=1e-4)


@pytest.mark.parametrize("dtype", ["int16", "float32", "complex128", "bool"])
def test_scan_along_a_leading_axis_of_many_rows(dtype):
    # >= 1024 rows scanned along axis 0: 16 neighbouring rows per work-item (1030: remainder)
    host = sample(dtype, 20 * 1030, seed=8, special=False).reshape(20, 1030)
    for uf in ("add", "subtract", "maximum"):
        if uf == "subtract" and dtype == "bool":
            continue
        for view in (host, host[::-1, ::2].repeat(2, axis=1), host.reshape(20, 2, 515)):
            expected = getattr(np, uf).accumulate(view, axis=0)
            assert_same(expected, getattr(gparray, uf).accumulate(gparray.asarray(view), axis=0),
                        rtol=_rtol(dtype))
    if dtype != "complex128":            # into a strided out= view
        out = gparray.empty((20, 1030, 2), dtype=np.int64)[..., 0]
        gparray.cumsum(gparray.asarray(host), axis=0, dtype=np.int64, out=out)
        assert_same(np.cumsum(host, axis=0, dtype=np.int64), out)


def test_ordered_scans_stay_in_order():
    rng = np.random.default_rng(4)
    host = rng.random(100_000) + 0.5
    for uf in ("subtract", "divide"):
        assert_same(getattr(np, uf).accumulate(host), getattr(gparray, uf).accumulate(
            gparray.asarray(host)), rtol=1e-9, atol=1e-300)
    big = np.full(50_000, 1.001)
    big[-1] = 0.0
    assert_same(np.multiply.accumulate(big), gparray.multiply.accumulate(gparray.asarray(big)),
                rtol=1e-9)


def test_reusable_scan():
    flags = np.array([True, False, True, True, False, True])
    dev = gparray.asarray(flags)
    positions = _scans.scan(dev, exclusive=True, dtype=np.int64)
    assert_same(np.array([0, 1, 1, 2, 3, 3]), positions)
    assert_same(np.cumsum(flags), _scans.scan(dev))
    host = sample("int32", 20, seed=1).reshape(4, 5)
    assert_same(np.maximum.accumulate(host, axis=0),
                _scans.scan(gparray.asarray(host), axis=0, op="maximum"))
    excl = _scans.scan(gparray.asarray(host), axis=1, op="add", exclusive=True)
    assert_same(np.cumsum(host, axis=1) - host, excl)


@settings(max_examples=25, deadline=None)
@given(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=6), st.data())
def test_hypothesis_cumsum(shape, data):
    host = sample("int32", int(np.prod(shape)), seed=6).reshape(shape)
    axis = data.draw(st.none() | st.integers(-len(shape), len(shape) - 1))
    compare("cumsum", host, axis=axis)
    compare("diff", host, axis=axis if axis is not None else -1)


def test_diff():
    host = sample("float64", 30, seed=7, special=False).reshape(5, 6)
    for label, view in layouts(host):
        for axis in (0, 1, -1):
            for n in (0, 1, 2, 7):
                compare("diff", view, n=n, axis=axis)
    compare("diff", host, prepend=0, append=np.ones((5, 1)))
    compare("diff", host, axis=0, prepend=host[:1], append=-1.5)
    compare("diff", sample("uint8", 10), n=2)
    compare("diff", sample("bool", 10))
    compare("diff", sample("complex64", 10))
    compare("diff", np.float64(3))                           # ValueError
    compare("diff", host, n=-1)
    compare("diff", host, axis=2)
    compare("diff", sample("int8", 10), prepend=1.5)         # promotes to float64


def test_ediff1d():
    host = sample("float32", 12, seed=3, special=False).reshape(3, 4)
    compare("ediff1d", host)
    compare("ediff1d", host, to_begin=-5, to_end=[1, 2])
    compare("ediff1d", host, to_begin=np.array([7.0]))
    compare("ediff1d", sample("int16", 8), to_end=3)
    compare("ediff1d", sample("int16", 8), to_end=3.5)       # TypeError (same_kind)
    compare("ediff1d", host[:0])


def test_gradient():
    rng = np.random.default_rng(9)
    host = rng.standard_normal((5, 6))
    for edge_order in (1, 2):
        compare("gradient", host, edge_order=edge_order)
        compare("gradient", host, 0.5, edge_order=edge_order)
        compare("gradient", host, 2.0, 0.25, edge_order=edge_order)
        compare("gradient", host, axis=1, edge_order=edge_order)
        compare("gradient", host, np.cumsum(rng.random(5)) , np.arange(6) * 2,
                edge_order=edge_order)
        compare("gradient", host.T[::-1], np.cumsum(rng.random(6)), axis=0,
                edge_order=edge_order)
        compare("gradient", np.arange(8, dtype=np.int16) ** 2, edge_order=edge_order)
        compare("gradient", host.astype(np.float32), edge_order=edge_order, rtol=1e-5)
    compare("gradient", host[:2], edge_order=2)              # too small: ValueError
    compare("gradient", host, edge_order=3)
    compare("gradient", host, 1.0, 2.0, 3.0)                 # TypeError
    compare("gradient", host, np.arange(4))                  # wrong length


def test_trapezoid():
    rng = np.random.default_rng(10)
    host = rng.standard_normal((4, 6))
    compare("trapezoid", host)
    compare("trapezoid", host, dx=0.5, axis=0)
    compare("trapezoid", host, x=np.cumsum(rng.random(6)))
    compare("trapezoid", host, x=np.cumsum(rng.random(4)), axis=0)
    compare("trapezoid", host, x=np.cumsum(rng.random((4, 6)), axis=1))
    compare("trapezoid", sample("int32", 10))
    compare("trapezoid", host.T[::2], axis=-1)

"""apply_along_axis, apply_over_axes, piecewise, vectorize and frompyfunc against NumPy:
the user's function sees device arrays (or, for the per-element ones, host values) and the
results come back as device arrays."""
import numpy as np
import pytest

import gparray
from numpy_api_helpers import assert_registered, check, layouts


@pytest.mark.parametrize("name", ["apply_along_axis", "apply_over_axes", "piecewise"])
def test_registered(name):
    assert_registered(name)


@pytest.mark.parametrize("dtype", ["int32", "float32", "float64"])
def test_apply_along_axis(dtype):
    host = (np.arange(24) % 7 - 3).astype(dtype).reshape(4, 6)
    for view in layouts(host):
        for axis in (0, 1, -1):
            check(lambda a: np.apply_along_axis(np.sum, axis, a), view, rtol=1e-6)
            check(lambda a: np.apply_along_axis(np.diff, axis, a), view)
            check(lambda a: np.apply_along_axis(lambda v: v[:2] * 2, axis, a), view)
    cube = host.reshape(2, 3, 4)
    check(lambda a: np.apply_along_axis(lambda v: v[::-1] * 2, 1, a), cube)
    check(lambda a: np.apply_along_axis(np.sort, 2, a), cube)
    check(lambda a: np.apply_along_axis(np.sum, 0, a), host[:0])        # ValueError
    check(lambda a: np.apply_along_axis(np.sum, 2, a), host)            # AxisError
    check(lambda a: np.apply_along_axis(np.sum, 0, a), host[:1, 1:2].reshape(()))


def test_apply_over_axes():
    host = np.arange(24.0).reshape(2, 3, 4)
    check(lambda a: np.apply_over_axes(np.sum, a, [0, 2]), host)
    check(lambda a: np.apply_over_axes(np.mean, a, 1), host)
    check(lambda a: np.apply_over_axes(np.sum, a, [-1]), host.transpose(2, 0, 1))
    check(lambda a: np.apply_over_axes(lambda v, ax: np.sum(v, axis=ax).sum(), a, [0]),
          host)                                                        # ValueError


@pytest.mark.parametrize("dtype", ["int64", "float32"])
def test_piecewise(dtype):
    host = (np.arange(24) - 12).astype(dtype).reshape(4, 6)
    for view in layouts(host):
        check(lambda x: np.piecewise(x, [x < 0, x > 5], [lambda v: -v, 7, lambda v: v * 2]),
              view)
        check(lambda x: np.piecewise(x, [x < 0], [lambda v: v * 3]), view)
    scalar = host[:1, 1:2].reshape(())
    check(lambda x: np.piecewise(x, x > 0, [1, 2]), scalar)
    check(lambda x: np.piecewise(x, [x < 0, x > 0], [1]), host)        # ValueError
    check(lambda x: np.piecewise(x, [x < 0], [lambda v, k: v + k, 1], 5), host)
    check(lambda x: np.piecewise(x, [x < 100], [lambda v: v]), host[:0])


def test_vectorize_returns_device_arrays():
    host = np.arange(12.0).reshape(3, 4)
    dev = gparray.asarray(host)
    f = gparray.vectorize(lambda a, b: a * b if a > 3 else -b)
    got = f(dev, 2)
    assert isinstance(got, gparray.ndarray)
    np.testing.assert_array_equal(got.get(), np.vectorize(lambda a, b: a * b if a > 3 else -b)
                                  (host, 2))
    two = gparray.vectorize(lambda a: (a, a > 2))(dev)
    assert all(isinstance(t, gparray.ndarray) for t in two)
    assert two[1].dtype == np.bool_
    # without device arguments it is NumPy's vectorize
    assert isinstance(gparray.vectorize(abs)(np.array([-1, 2])), np.ndarray)
    assert isinstance(gparray.vectorize(abs, otypes=[float])(dev.T), gparray.ndarray)


def test_frompyfunc_on_device_arrays():
    host = np.arange(-3, 9).reshape(3, 4)
    dev = gparray.asarray(host)
    u = np.frompyfunc(lambda a: a * a - 1, 1, 1)
    got = u(dev)
    assert isinstance(got, gparray.ndarray) and got.dtype == np.int64
    np.testing.assert_array_equal(got.get(), u(host).astype(np.int64))
    got = u(dev[:, ::2].T)
    np.testing.assert_array_equal(got.get(), u(host[:, ::2].T).astype(np.int64))
    add = gparray.frompyfunc(lambda a, b: a + b, 2, 1)
    np.testing.assert_array_equal(add.reduce(dev, axis=1).get(),
                                  add.reduce(host, axis=1).astype(np.int64))
    pair = np.frompyfunc(divmod, 2, 2)(dev, 4)
    assert isinstance(pair, tuple) and all(isinstance(p, gparray.ndarray) for p in pair)
    with pytest.raises(TypeError):
        u(dev, out=gparray.empty_like(dev))

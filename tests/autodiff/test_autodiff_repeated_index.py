"""Traced writes with repeated indices differentiate what NumPy computes: ``x[i] = v``
keeps the last write to each element, ``ufunc.at`` applies every occurrence in turn.
Every case is checked against central finite differences (reverse and forward mode),
on arrays the function makes itself and on traced arrays (``np.zeros_like``)."""
import numpy as np
import pytest

import autodiff

from finite_differences import grad_fd


def _plus_eq(make):
    def f(x):
        y = make(x, 3)
        y[[0, 0]] += x[:2]
        return np.sum(y * np.array([1.0, 2.0, 3.0]))
    return f


def _assign_sum(make):
    def f(x):
        y = make(x, 3)
        y[[0, 0]] = y[[0, 0]] + x[:2]
        return np.sum(y ** 2)
    return f


def _assign_scalar_broadcast(make):
    def f(x):
        y = make(x, 4)
        y[[1, 1, 3]] = x[0] * x[1]
        y[[2, 2]] = x[2:4]
        return np.sum(np.sin(y) * np.arange(1.0, 5.0))
    return f


def _add_at(make):
    def f(x):
        y = make(x, 3)
        np.add.at(y, [0, 0, 1], x[:3])
        return np.sum(y * y)
    return f


def _subtract_at_2d(make):
    def f(x):
        y = make(x, 6).reshape(2, 3) + 1.0
        np.subtract.at(y, (np.array([0, 0, 1, 0]), np.array([2, 2, 1, 2])), x[:4])
        return np.sum(np.cos(y))
    return f


def _multiply_at(make):
    def f(x):
        y = make(x, 3) + 2.0
        np.multiply.at(y, [0, 0, 1, 0], x[:4])
        return np.sum(y * y)
    return f


def _maximum_at(make):
    def f(x):
        y = make(x, 3) + 2.5
        np.maximum.at(y, [0, 0, 1, 0], x[:4] * 2.0)
        return np.sum(y * y)
    return f


def _put(make):
    def f(x):
        y = make(x, 3)
        np.put(y, [0, 0, 2, 2], x[:4])
        return np.sum(y * y * np.array([1.0, 2.0, 3.0]))
    return f


def _put_along_axis(make):
    def f(x):
        y = make(x, 6).reshape(2, 3)
        idx = np.array([[0, 0], [1, 1]])
        np.put_along_axis(y, idx, x[:4].reshape(2, 2), axis=1)
        return np.sum(y * y * np.arange(1.0, 7.0).reshape(2, 3))
    return f


def _fancy_2d_assign(make):
    def f(x):
        y = make(x, 6).reshape(3, 2)
        y[[2, 0, 2]] = x[:6].reshape(3, 2)
        return np.sum(y ** 3)
    return f


def _fresh_numpy(x, n):
    return np.zeros(n)          # made by the function: NumPy cannot dispatch this


def _traced_zeros(x, n):
    return np.zeros_like(x, shape=(n,))


CASES = [_plus_eq, _assign_sum, _assign_scalar_broadcast, _add_at, _subtract_at_2d,
         _multiply_at, _maximum_at, _put, _put_along_axis, _fancy_2d_assign]


@pytest.mark.parametrize("make", [_fresh_numpy, _traced_zeros], ids=["np.zeros", "zeros_like"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__.strip("_"))
def test_repeated_indices_match_finite_differences(case, make):
    f = case(make)
    x = np.array([0.7, -1.3, 0.4, 2.1, -0.6, 1.7])
    expected = grad_fd(f, x)
    np.testing.assert_allclose(autodiff.grad(f)(x), expected, rtol=1e-6, atol=1e-8)
    autodiff.check_grads(f, x, modes=("fwd", "rev"), order=2)


def test_last_write_wins_as_in_numpy():
    # the value follows NumPy (f = x[1]); the gradient is that of x[1]
    def f(x):
        y = np.zeros(3)
        y[[0, 0]] += x[:2]
        return np.sum(y)
    x = np.arange(1.0, 6.0)
    assert f(x) == 2.0
    np.testing.assert_array_equal(autodiff.grad(f)(x), [0.0, 1.0, 0.0, 0.0, 0.0])


def test_add_at_on_a_fresh_numpy_array():
    def f(x):
        y = np.zeros(3)
        np.add.at(y, [0, 0, 1], x[:3])
        return np.sum(y * y)
    x = np.arange(1.0, 6.0)
    np.testing.assert_allclose(autodiff.grad(f)(x), [6.0, 6.0, 6.0, 0.0, 0.0])


def test_add_at_into_an_argument_array_is_refused():
    outside = np.zeros(3)

    def f(x):
        np.add.at(outside, [0, 0], x[:2])
        return np.sum(outside)
    with pytest.raises(autodiff.TracerConversionError):
        autodiff.grad(f)(np.ones(3))

"""Gradients of plain NumPy code on gparray arrays: the same values as on NumPy, computed
with host conversion set to "raise", so no step of the backward pass leaves the device."""
import numpy as np
import pytest

import autodiff
import gparray

FUNCTIONS = {
    "tanh-sum": lambda x: np.sum(np.tanh(x) ** 2),
    "exp-log": lambda x: np.sum(np.log1p(np.exp(x)) * x),
    "mean-axis": lambda x: np.sum(np.mean(x * x, axis=0) ** 2),
    "max": lambda x: np.max(x * 3.0),
    "matmul": lambda x: np.sum((x @ x.T) ** 2),
    "transpose-reshape": lambda x: np.sum(x.T.reshape(-1) * np.arange(6.0)),
    "getitem": lambda x: np.sum(x[1:, ::-1] ** 3) + x[0, 1],
    "where-maximum": lambda x: np.sum(np.maximum(x, 0.5) * np.where(x > 0.3, x, -x)),
    "seed check": lambda x: ((x + 2) * (x + 2) * 3).mean(),
    "sin-cos-broadcast": lambda x: np.sum(np.sin(x) * np.cos(x[0])),
}


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_grad_on_device_matches_numpy_without_leaving_it(name):
    f = FUNCTIONS[name]
    host = np.random.default_rng(1).random((2, 3)) + 0.1
    expected = autodiff.grad(f)(host)
    dev = gparray.asarray(host)
    with gparray.host_conversion("raise"):
        got = autodiff.grad(f)(dev)
    assert isinstance(got, gparray.ndarray)
    np.testing.assert_allclose(got.get(), expected, rtol=1e-10, atol=1e-12)


def test_hessian_on_device_without_leaving_it():
    f = lambda v: np.sum(np.sin(v) * v ** 2)
    host = np.array([0.3, -1.2, 2.0])
    expected = autodiff.hessian(f)(host)
    with gparray.host_conversion("raise"):
        got = autodiff.hessian(f)(gparray.asarray(host))
    assert isinstance(got, gparray.ndarray)
    np.testing.assert_allclose(got.get(), expected, rtol=1e-10, atol=1e-12)


def test_check_grads_on_device_arrays():
    f = lambda x: np.sum(np.tanh(x) * x[::-1])
    autodiff.check_grads(f, gparray.asarray(np.array([0.3, -1.2, 2.0, 0.5])))


def test_repeated_index_write_on_device_matches_numpy():
    def f(x):
        y = np.zeros_like(x)
        y[[0, 0, 2]] = x[1:] * 2.0
        np.add.at(y, [1, 1], x[:2])
        return np.sum(y * y)
    host = np.array([0.3, -1.2, 2.0, 0.5])
    expected = autodiff.grad(f)(host)
    with gparray.host_conversion("raise"):
        got = autodiff.grad(f)(gparray.asarray(host))
    np.testing.assert_allclose(got.get(), expected, rtol=1e-10, atol=1e-12)

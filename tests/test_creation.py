"""Creation functions against NumPy: values, dtypes, shapes, devices, like=, errors."""
import numpy as np
import pytest

import gparray
from conftest import ALL_DTYPES, assert_same, raises_same


@pytest.mark.parametrize("dtype", [None] + ALL_DTYPES, ids=str)
def test_filled_creation(dtype):
    for shape in ((), (0,), (3,), (2, 3), (2, 0, 4)):
        assert_same(np.zeros(shape, dtype), gparray.zeros(shape, dtype))
        assert_same(np.ones(shape, dtype), gparray.ones(shape, dtype))
        assert_same(np.full(shape, 3, dtype), gparray.full(shape, 3, dtype))
        e = gparray.empty(shape, dtype)
        assert e.shape == shape and e.dtype == np.empty(shape, dtype).dtype


def test_like_variants_and_fill_value_dtypes():
    proto = np.ones((2, 3), np.int16)
    dev = gparray.asarray(proto)
    for name in ("zeros_like", "ones_like", "empty_like"):
        got = getattr(np, name)(dev)
        assert isinstance(got, gparray.ndarray) and got.shape == (2, 3) and got.dtype == np.int16
    assert_same(np.full_like(proto, 7.9), np.full_like(dev, 7.9))
    assert_same(np.full_like(proto, 7.9, dtype=np.float32), gparray.full_like(dev, 7.9, dtype=np.float32))
    assert_same(np.full((2,), True), gparray.full((2,), True))
    assert_same(np.full((2,), 1 + 2j), gparray.full((2,), 1 + 2j))
    assert_same(np.zeros(3, like=np.empty(0)), gparray.zeros(3, like=dev))
    for like_made in (np.zeros(3, like=dev), np.full(2, 1.5, like=dev), np.arange(4, like=dev),
                      np.asarray([1, 2], like=dev), np.eye(2, like=dev)):
        assert isinstance(like_made, gparray.ndarray) and like_made.device is dev.device
    raises_same(lambda: np.zeros(-1), lambda: gparray.zeros(-1))
    raises_same(lambda: np.zeros((2, 2.5)), lambda: gparray.zeros((2, 2.5)))


@pytest.mark.parametrize("args", [(5,), (2, 10), (2, 10, 3), (10, 2, -3), (0.5, 3.0, 0.25),
                                  (1, 2, 0.1), (5, 1), (-3.0,), (0, 1e6, 1.5)], ids=str)
@pytest.mark.parametrize("dtype", [None, "int32", "float32", "float64", "uint8"])
def test_arange(args, dtype):
    try:
        expected = np.arange(*args, dtype=dtype)
    except Exception:
        raises_same(lambda: np.arange(*args, dtype=dtype), lambda: gparray.arange(*args, dtype=dtype))
        return
    assert_same(expected, gparray.arange(*args, dtype=dtype), rtol=1e-6)


@pytest.mark.parametrize("kwargs", [dict(), dict(endpoint=False), dict(num=1), dict(num=0),
                                    dict(dtype=np.float32), dict(dtype=np.int32), dict(num=7)])
def test_linspace(kwargs):
    assert_same(np.linspace(-2.5, 10, **kwargs), gparray.linspace(-2.5, 10, **kwargs), rtol=1e-6,
                atol=1e-12)
    e_y, e_step = np.linspace(0, 1, 5, retstep=True)
    g_y, g_step = gparray.linspace(0, 1, 5, retstep=True)
    assert_same(e_y, g_y)
    assert e_step == g_step


@pytest.mark.parametrize("args", [(3,), (3, 5), (3, 5, 1), (4, 3, -2), (3, 3, 5), (0,)], ids=str)
def test_eye_identity(args):
    assert_same(np.eye(*args), gparray.eye(*args))
    assert_same(np.eye(*args, dtype=np.int8), gparray.eye(*args, dtype=np.int8))
    assert_same(np.identity(4, dtype=bool), gparray.identity(4, dtype=bool))


def test_asarray_and_array_options():
    assert_same(np.array([1, 2, 3], ndmin=3), gparray.array([1, 2, 3], ndmin=3))
    nested = [gparray.asarray([1.0, 2.0]), gparray.asarray([3.0, 4.0])]
    assert_same(np.array([[1.0, 2.0], [3.0, 4.0]]), gparray.asarray(nested))
    x = gparray.arange(5.0)
    c = gparray.array(x)
    assert c is not x and not gparray.shares_memory(c, x)
    assert_same(np.ascontiguousarray(np.arange(6.0).reshape(2, 3).T),
                gparray.ascontiguousarray(gparray.arange(6.0).reshape(2, 3).T))
    assert gparray.ascontiguousarray(gparray.arange(6.0).reshape(2, 3).T).flags.c_contiguous

"""sliding_window_view and as_strided: views of the device buffer, values against NumPy,
NumPy's errors; np.astype dispatch."""
import numpy as np
import pytest

import gparray
from gparray._dispatch import FUNCTIONS
from numpy_api_helpers import check, layouts

swv = np.lib.stride_tricks.sliding_window_view


def test_registered():
    assert FUNCTIONS[swv] is gparray.lib.stride_tricks.sliding_window_view
    assert FUNCTIONS[np.astype] is gparray.astype


@pytest.mark.parametrize("dtype", ["int8", "float32", "complex128"])
def test_sliding_window_view(dtype):
    host = np.arange(30).astype(dtype).reshape(5, 6)
    for view in layouts(host):
        check(lambda a: swv(a, (2, 3)), view)
        check(lambda a: swv(a, 3, axis=1), view)
        check(lambda a: swv(a, (2, 2), axis=(1, 1)), view)
        check(lambda a: swv(a, (1, 2), axis=(-1, 0)), view)
    check(lambda a: swv(a, 6, axis=1), host)
    check(lambda a: swv(a, 0, axis=1), host)
    check(lambda a: swv(a, 7, axis=1), host)               # ValueError: too large
    check(lambda a: swv(a, -1, axis=1), host)              # ValueError: negative
    check(lambda a: swv(a, 2), host)                       # ValueError: one size for 2 dims
    check(lambda a: swv(a, (2, 2), axis=0), host)          # ValueError: lengths differ
    check(lambda a: swv(a, 2, axis=2), host)               # AxisError
    check(lambda a: swv(a, ()), host[:1, :1].reshape(()))
    check(lambda a: swv(a, 0), host[0, :0])


def test_sliding_window_view_shares_memory():
    dev = gparray.asarray(np.arange(10.0))
    win = swv(dev, 4)
    assert np.shares_memory(win, dev)
    assert win.base is dev


def test_sliding_window_view_is_read_only_by_default():
    win = swv(gparray.asarray(np.arange(10.0)), 4)
    assert not win.flags.writeable
    with pytest.raises(ValueError):
        win[0, 0] = 1.0


def test_as_strided():
    host = np.arange(12.0)
    dev = gparray.asarray(host)
    ast = np.lib.stride_tricks.as_strided
    got = gparray.lib.stride_tricks.as_strided(dev, shape=(4, 3), strides=(24, 8))
    np.testing.assert_array_equal(got.get(), ast(host, shape=(4, 3), strides=(24, 8)))
    with pytest.raises(ValueError):
        gparray.lib.stride_tricks.as_strided(dev, shape=(4, 3), strides=(8,))


@pytest.mark.parametrize("dtype", ["bool", "int32", "float16", "complex64"])
def test_np_astype(dtype):
    host = np.arange(-3, 9).reshape(3, 4)
    for view in layouts(host):
        check(lambda a: np.astype(a, dtype), view)
        check(lambda a: np.astype(a, dtype, copy=False), view)
    check(lambda a: np.astype(a, np.int8, casting="safe"), host)     # TypeError

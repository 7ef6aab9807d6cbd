"""fill_diagonal (in place on device arrays) and mask_indices against NumPy."""
import numpy as np
import pytest

import gparray
from numpy_api_helpers import assert_registered, check


def test_registered():
    assert_registered("fill_diagonal")


def _fill(a, val, wrap=False):
    np.fill_diagonal(a, val, wrap=wrap)
    return a


@pytest.mark.parametrize("dtype", ["int32", "float64", "complex64"])
@pytest.mark.parametrize("shape", [(4, 4), (7, 3), (3, 7), (3, 3, 3), (1, 1), (0, 3)])
def test_fill_diagonal(dtype, shape):
    base = np.arange(int(np.prod(shape)), dtype=dtype).reshape(shape)
    for wrap in (False, True):
        for val in (9, [1, 2], np.array([5, 6, 7, 8, 9])):
            check(lambda a: _fill(a, val, wrap), base.copy())
    if len(shape) == 2:
        check(lambda a: _fill(a.T, -1), base.copy())
        host, dev = base.copy(), gparray.asarray(base)
        np.fill_diagonal(host[::2], 7)
        np.fill_diagonal(dev[::2], 7)
        np.testing.assert_array_equal(dev.get(), host)


def test_fill_diagonal_errors():
    check(lambda a: _fill(a, 1), np.zeros(3))
    check(lambda a: _fill(a, 1), np.zeros((2, 3, 3)))
    with pytest.raises(TypeError):
        gparray.fill_diagonal(np.zeros((2, 2)), 1)


@pytest.mark.parametrize("k", [-1, 0, 2])
def test_mask_indices(k):
    for func in (np.triu, np.tril):
        got = gparray.mask_indices(4, func, k)
        expected = np.mask_indices(4, func, k)
        assert all(isinstance(g, gparray.ndarray) for g in got)
        for g, e in zip(got, expected):
            np.testing.assert_array_equal(g.get(), e)

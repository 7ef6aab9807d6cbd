"""bartlett, blackman, hamming, hanning and kaiser against NumPy (they take no array, so
they are called as gparray.<name>)."""
import numpy as np
import pytest

import gparray
from conftest import assert_same


@pytest.mark.parametrize("name", ["bartlett", "blackman", "hamming", "hanning"])
@pytest.mark.parametrize("M", [-2, 0, 1, 2, 5, 6, 51, 5.0])
def test_cosine_and_triangle_windows(name, M):
    assert_same(getattr(np, name)(M), getattr(gparray, name)(M), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("M", [0, 1, 2, 7, 32])
@pytest.mark.parametrize("beta", [0.0, 5.0, 14.0, 30.0])
def test_kaiser(M, beta):
    assert_same(np.kaiser(M, beta), gparray.kaiser(M, beta), rtol=1e-13, atol=1e-15)


def test_device_argument():
    w = gparray.hamming(4, device=gparray.default_device())
    assert w.device == gparray.default_device()

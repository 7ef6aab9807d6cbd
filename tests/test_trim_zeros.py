"""trim_zeros against NumPy: front/back, axes, all-zero input, layouts."""
import numpy as np
import pytest

from numpy_api_helpers import assert_registered, check, layouts


def test_registered():
    assert_registered("trim_zeros")


@pytest.mark.parametrize("dtype", ["int16", "float32", "complex64", "bool"])
def test_trim_zeros(dtype):
    host = np.zeros((6, 7), dtype=dtype)
    host[2:4, 1:5] = 1
    host[3, 5] = 1
    for view in layouts(host):
        for trim in ("fb", "f", "b", "BF"):
            for axis in (None, 0, 1, -1, (0, 1)):
                check(lambda a: np.trim_zeros(a, trim, axis=axis), view)
    line = np.array([0, 0, 3, 0, 2, 0], dtype=dtype)
    for trim in ("fb", "f", "b"):
        check(lambda a: np.trim_zeros(a, trim), line)
        check(lambda a: np.trim_zeros(a, trim), np.zeros(4, dtype=dtype))
        check(lambda a: np.trim_zeros(a, trim), np.zeros((2, 3), dtype=dtype))
    check(np.trim_zeros, line[:0])
    check(np.trim_zeros, line[2:3].reshape(()))
    check(lambda a: np.trim_zeros(a, "x"), line)                      # ValueError
    check(lambda a: np.trim_zeros(a, axis=2), host)                   # AxisError


def test_result_is_a_view():
    import gparray

    dev = gparray.asarray(np.array([0.0, 1.0, 2.0, 0.0]))
    view = np.trim_zeros(dev)
    view[0] = 5
    assert dev[1].item() == 5

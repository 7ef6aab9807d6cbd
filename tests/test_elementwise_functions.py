"""real, imag, round/around, clip, isdtype against NumPy."""
import numpy as np
import pytest

import gparray
from conftest import assert_same, raises_same, sample


@pytest.mark.parametrize("dtype", ["int8", "uint16", "int64", "float16", "float32", "float64", "complex64"])
def test_round_and_clip(dtype):
    host = sample(dtype, 30)
    if np.dtype(dtype).kind == "c":
        host = host[np.isfinite(host)]
    dev = gparray.asarray(host)
    for decimals in (0, 1, 2, -1):
        with np.errstate(all="ignore"):
            assert_same(np.round(host, decimals), np.round(dev, decimals), rtol=1e-6)
    if np.dtype(dtype).kind != "c":
        assert_same(np.clip(host, 0, 5), np.clip(dev, 0, 5))
        assert_same(np.clip(host, None, 5), np.clip(dev, None, 5))
        assert_same(np.clip(host[::-2], min=1), gparray.clip(dev[::-2], min=1))


def test_real_imag_isdtype():
    host = sample("complex128", 12)
    dev = gparray.asarray(host)
    assert_same(np.real(host), np.real(dev))
    assert_same(np.imag(host), gparray.imag(dev))
    assert gparray.isdtype(np.float32, "real floating")
    assert gparray.isdtype(np.int8, ("bool", "signed integer"))
    assert not gparray.isdtype(np.uint8, "signed integer")
    assert gparray.isdtype(np.complex64, "numeric")
    with pytest.raises(ValueError):
        gparray.isdtype(np.int8, "reals")


@pytest.mark.parametrize("bounds", [(-3, None), (None, 70000), (-3, 70000), (70000, None),
                                    (None, -3), (-3, -1), (5, 2**70), (-200, 300)], ids=repr)
@pytest.mark.parametrize("dtype", ["uint16", "int8", "float32"])
def test_clip_python_int_bounds_beyond_the_dtype(dtype, bounds):
    # NumPy drops a bound beyond the dtype on its harmless side and overflows on the other.
    host = np.array([0, 1, 100], dtype)
    dev = gparray.asarray(host)
    try:
        expected = np.clip(host, *bounds)
    except Exception:
        raises_same(lambda: np.clip(host, *bounds), lambda: gparray.clip(dev, *bounds))
        return
    assert_same(expected, gparray.clip(dev, *bounds))

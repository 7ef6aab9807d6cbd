"""DLPack with PyTorch: on a device that shares host memory, ``torch.from_dlpack(x)`` and
``gparray.from_dlpack(tensor)`` share memory (a write on either side is seen by the other);
values, dtypes and layouts match NumPy's exchange with PyTorch."""
import numpy as np
import pytest

import gparray
from conftest import assert_same, sample

torch = pytest.importorskip("torch", reason="PyTorch is not installed (pip install -e '.[torch]')")

DTYPES = [np.dtype(t) for t in ("bool", "int8", "int16", "int32", "int64", "uint8", "float16",
                                "float32", "float64", "complex64", "complex128")]


def _shared():
    if not gparray.default_device().unified_memory:
        pytest.skip("this device does not share host memory; DLPack export copies (documented)")


def _layout(xp, a, layout):
    a = xp.asarray(a).reshape(4, 6)
    return xp.asarray({"contiguous": a, "transposed": a.T, "stepped": a[::2, 1::2],
                       "row": a[1], "0-d": a[2, 3], "empty": a[:0], "reversed": a[::-1]}[layout])


LAYOUTS = ["contiguous", "transposed", "stepped", "row", "0-d", "empty", "reversed"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_to_torch_matches_numpy(dtype, layout):
    host = _layout(np, sample(dtype, 24), layout)
    dev = _layout(gparray, sample(dtype, 24), layout)
    expected = torch.from_dlpack(np.ascontiguousarray(host) if layout == "reversed" else host)
    got = torch.from_dlpack(dev)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(got.numpy(), expected.numpy())     # NaNs in place too


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_from_torch_matches_numpy(dtype, layout):
    host = _layout(np, sample(dtype, 24), layout)
    tensor = torch.from_numpy(np.ascontiguousarray(host) if layout == "reversed" else host)
    assert_same(np.from_dlpack(tensor), gparray.from_dlpack(tensor))


def test_torch_view_of_a_device_array_shares_memory():
    _shared()
    x = gparray.arange(6.0)
    t = torch.from_dlpack(x)
    assert t.data_ptr() == x.numpy().ctypes.data
    t[0] = 42                      # a torch write is seen by the next kernel
    assert float((x * 1)[0]) == 42.0
    x[1:3] = -1                    # a kernel write is seen by torch once the queue is done
    x *= 2
    gparray.synchronize()
    assert t.tolist() == [84.0, -2.0, -2.0, 6.0, 8.0, 10.0]


def test_device_array_over_a_tensor_shares_memory():
    _shared()
    t = torch.arange(8, dtype=torch.float32)
    y = gparray.from_dlpack(t)
    assert isinstance(y, gparray.ndarray)
    assert gparray.shares_memory(y, t.numpy())
    t[2] = 100
    assert_same(np.array([0, 1, 100, 3, 4, 5, 6, 7], np.float32), y * 1)
    y += 1
    gparray.synchronize()
    assert t.tolist() == [1, 2, 101, 4, 5, 6, 7, 8]


def test_strided_tensor_view_shares_memory():
    _shared()
    t = torch.arange(12.0, dtype=torch.float64).reshape(3, 4)
    y = gparray.from_dlpack(t.T[::2])
    assert_same(np.arange(12.0).reshape(3, 4).T[::2], y)
    t[0, 0] = -5
    assert float(y[0, 0] * 1) == -5.0


def test_negative_strides_export_a_copy_not_a_crash():
    x = gparray.arange(10.0)[::-2]
    t = torch.from_dlpack(x)
    assert t.tolist() == [9.0, 7.0, 5.0, 3.0, 1.0]
    with pytest.raises(BufferError):
        x.__dlpack__(copy=False)


def test_copy_true_does_not_share():
    t = torch.zeros(3)
    y = gparray.from_dlpack(t, copy=True)
    t[0] = 1
    assert float(y[0]) == 0.0

"""Host interop: zero-copy from_numpy / x.numpy() where the device shares host memory (checked
by address and by mutation, not assumed), np.asarray under the host-conversion setting,
asarray's copy= semantics, DLPack."""
import numpy as np
import pyopencl as cl
import pytest

import gparray
from conftest import assert_same


def _mapped_address(x):
    """The host address the OpenCL runtime gives for x's buffer when it is mapped."""
    device = x.device
    mapped, _ = cl.enqueue_map_buffer(device.queue, x._buf.cl, cl.map_flags.READ, 0,
                                      (x._buf.nbytes,), np.uint8, is_blocking=True)
    try:
        return mapped.ctypes.data
    finally:
        mapped.base.release()


def test_from_numpy_shares_memory_both_ways():
    a = np.arange(6.0)
    x = gparray.from_numpy(a)
    device = x.device
    if not device.unified_memory:
        pytest.skip("this device does not share host memory; from_numpy copies (documented)")
    a[0] = 5
    assert x[0] == 5
    x[1] = 7
    gparray.synchronize()
    assert a[1] == 7
    x *= 2
    gparray.synchronize()
    np.testing.assert_array_equal(a, [10, 14, 4, 6, 8, 10])
    assert gparray.shares_memory(x, a)


def test_numpy_view_is_the_device_buffer():
    x = gparray.arange(16, dtype=np.float32)
    if not x.device.unified_memory:
        pytest.skip("device memory is not host memory here; x.numpy() copies (documented)")
    host = x.numpy()
    assert host.ctypes.data == _mapped_address(x)
    x += 1                       # a kernel writes the buffer ...
    gparray.synchronize()
    assert host[0] == 1.0        # ... and the earlier host view sees it
    host[2] = -5                 # a host write is seen by the next kernel
    assert float((x * 2)[2]) == -10.0
    view = x[3::2].numpy()
    assert view.ctypes.data == host.ctypes.data + 3 * 4
    assert view.strides == (8,)


def test_exported_memory_is_not_recycled():
    x = gparray.full(1000, 3.0)
    host = x.numpy()
    del x
    y = gparray.zeros(1000)      # would reuse x's buffer if it went back to the pool
    gparray.synchronize()
    assert host[0] == 3.0 and float(y[0]) == 0.0


def test_from_numpy_of_strided_and_readonly_arrays():
    a = np.arange(24.0).reshape(4, 6)[::2, ::-3]
    x = gparray.from_numpy(a)
    assert_same(a, x)
    ro = np.arange(5.0)
    ro.flags.writeable = False
    y = gparray.from_numpy(ro)
    assert_same(ro, y)
    assert not gparray.shares_memory(y, ro)


def test_host_conversion_setting():
    x = gparray.arange(3.0)
    assert isinstance(np.asarray(x), np.ndarray)
    with gparray.host_conversion("warn"):
        with pytest.warns(UserWarning, match="device-to-host"):
            np.asarray(x)
    with gparray.host_conversion("raise"):
        with pytest.raises(TypeError, match="disabled"):
            np.asarray(x)
        assert gparray.asnumpy(x).tolist() == [0.0, 1.0, 2.0]     # explicit is fine
        assert float(np.sum(x)) == 3.0                              # device work is fine
    assert gparray.get_host_conversion() == "allow"
    with pytest.raises(ValueError):
        gparray.set_host_conversion("sometimes")


def test_array_copy_keyword():
    x = gparray.arange(4.0)
    if x.device.unified_memory:
        assert np.asarray(x, copy=False).ctypes.data == x.numpy().ctypes.data
    c = np.array(x, copy=True)
    c[0] = 99
    assert float(x[0]) == 0.0
    assert gparray.asarray(x) is x
    assert gparray.asarray(x, copy=True) is not x
    assert gparray.asarray(x, dtype=np.float32).dtype == np.float32
    with pytest.raises(ValueError):
        gparray.asarray(x, dtype=np.float32, copy=False)


def test_asarray_from_python_data():
    for obj in ([1, 2, 3], [[1.5, 2], [3, 4]], 3.0, True, [1 + 2j], (1, 2), []):
        assert_same(np.asarray(obj), gparray.asarray(obj))
    assert_same(np.asarray([1, 2], dtype=np.int8), gparray.asarray([1, 2], dtype=np.int8))
    with pytest.raises(TypeError):
        gparray.asarray(["a", "b"])


def test_dlpack_round_trip():
    x = gparray.arange(6.0).reshape(2, 3)
    assert x.__dlpack_device__()[0] in (1, 4)
    host = np.from_dlpack(x, device="cpu") if x.device.unified_memory else \
        np.from_dlpack(x, device="cpu", copy=True)
    np.testing.assert_array_equal(host, np.arange(6.0).reshape(2, 3))
    back = gparray.from_dlpack(np.arange(4.0))
    assert_same(np.arange(4.0), back)
    moved = gparray.from_dlpack(np.arange(3), device=gparray.default_device())
    assert moved.device is gparray.default_device()


def test_array_api_compat_recognises_gparray():
    import array_api_compat

    x = gparray.ones(3)
    assert array_api_compat.is_array_api_obj(x)
    assert array_api_compat.array_namespace(x) is gparray
    assert x.__array_namespace__() is gparray


@pytest.mark.parametrize("method", ["add.at", "maximum.at", "out="])
def test_ufunc_into_a_host_numpy_target(method):
    # the caller's NumPy array is the target: the write must land in it, as with NumPy
    idx, vals = np.array([0, 1, 1, 3]), np.array([1.0, 2.0, -3.0, 4.0])
    results = []
    for to in (np.asarray, gparray.asarray):
        acc = np.zeros(5)
        if method == "out=":
            returned = np.add(to(vals), 1, out=acc[:4])
            assert returned.base is acc or returned is acc
        else:
            getattr(np, method.split(".")[0]).at(acc, to(idx), to(vals))
        results.append(acc)
    np.testing.assert_array_equal(results[0], results[1])
    with pytest.raises(TypeError, match="Cannot cast ufunc .add. output"):
        np.add(gparray.asarray(vals), 1, out=np.zeros(4, dtype=np.int64))

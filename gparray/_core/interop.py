"""Moving data between the host and devices: uploads, host views, zero-copy wrapping of
NumPy arrays, DLPack, pickling.

On devices that share host memory (CPU devices such as PoCL, integrated GPUs) device buffers
are host memory: ``from_numpy`` wraps the NumPy array's memory and ``x.numpy()`` is a view
of the buffer, once pending device work is done. On a discrete GPU both copy.
"""
import logging

import numpy as np

from .._runtime import dtypes as _dtypes, launch as _launch
from .._runtime.devices import as_device, devices
from .._runtime.memory import wrap_host_array
from .allocate import empty
from .ndarray import ndarray

log = logging.getLogger("gparray")

_DLPACK_CPU = 1
_DLPACK_OPENCL = 4


def upload(host, device):
    """A new device array holding a copy of the NumPy array ``host``."""


    import pyopencl as cl

    out = empty(host.shape, dtype=host.dtype, device=device)
    if log.isEnabledFor(logging.DEBUG):
        log.debug("host-to-device copy: %s %s, %d bytes, to %r", host.shape, host.dtype,
                  host.nbytes, device.name)
    if host.size:
        src = np.ascontiguousarray(host)
        with device.lock:
            cl.enqueue_copy(device.queue, out._buf.cl, src, is_blocking=True)
    return out


def to_host(a, copy):
    """The data of ``a`` as a NumPy array: a view where memory is shared (unless ``copy``)."""

    import pyopencl as cl

    device = a._device
    if a.size == 0:
        return np.empty(a._shape, dtype=a._dtype)
    if device.unified_memory and a._buf.host is not None:
        _launch.finish(device)
        view = np.ndarray(a._shape, dtype=a._dtype, buffer=a._buf.host, offset=a._offset,
                          strides=a._strides)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("device-to-host %s: %s %s, %d bytes, from %r (shared memory)",
                      "copy" if copy else "view", a._shape, a._dtype, a.nbytes, device.name)
        if copy:
            return view.copy()
        a._buf.exported = True      # NumPy may hold this memory now: never recycle it
        return view
    src = a if a.flags.c_contiguous else a.copy()
    host = np.empty(a._shape, dtype=a._dtype)
    if log.isEnabledFor(logging.DEBUG):
        log.debug("device-to-host copy: %s %s, %d bytes, from %r", a._shape, a._dtype, a.nbytes,
                  device.name)
    if host.size:
        with device.lock:
            cl.enqueue_copy(device.queue, host, src._buf.cl, src_offset=src._offset,
                            is_blocking=True)
    return host


def from_numpy(a, device=None):
    """A device array over the memory of NumPy array ``a`` where the device shares host
    memory (writes on either side are seen by the other, as with ``torch.from_numpy``);
    a copy on devices that do not."""
    device = as_device(device)
    if not isinstance(a, np.ndarray):
        raise TypeError(f"from_numpy expects a numpy.ndarray, got {type(a).__name__}")
    _dtypes.check_dtype(a.dtype, device, "from_numpy")
    itemsize = a.dtype.itemsize
    shareable = (device.unified_memory and a.size > 0 and a.flags.writeable
                 and all(s % itemsize == 0 for s in a.strides))
    if not shareable:
        return upload(a, device)
    buf, offset = wrap_host_array(device, a)
    return ndarray._wrap(buf, offset, a.shape, a.strides, a.dtype, device)


def asnumpy(a, stream=None, order="C", out=None):
    """A NumPy array with the data of ``a`` (a copy; use ``x.numpy()`` for a shared view)."""
    if not isinstance(a, ndarray):
        return np.asarray(a, order=order)
    host = to_host(a, copy=True)
    if out is not None:
        out[...] = host
        return out
    return host


def shares_memory(a, b, max_work=None):
    """Whether two arrays (device or host) use the same memory. Device arrays made by
    ``from_numpy`` on a unified-memory device share memory with their NumPy array; on a
    discrete GPU no device array shares memory with a host array."""
    def span(x):
        """(memory, (lo, hi)): host addresses, or byte offsets in a device-only buffer."""
        if isinstance(x, ndarray):
            if x._buf.host is None:
                key, lo = ("dev", id(x._buf)), x._offset
            else:
                key, lo = ("host", 0), x._buf.host.ctypes.data + x._offset
        else:
            x = np.asarray(x)
            key, lo = ("host", 0), x.ctypes.data
        hi = lo
        for n, s in zip(x.shape, x.strides):
            if n == 0:
                return key, None
            if s > 0:
                hi += (n - 1) * s
            else:
                lo += (n - 1) * s
        return key, (lo, hi + x.dtype.itemsize)

    key_a, range_a = span(a)
    key_b, range_b = span(b)
    if key_a != key_b or range_a is None or range_b is None:     # empty arrays share nothing
        return False
    return range_a[0] < range_b[1] and range_b[0] < range_a[1]


def to_device(a, device):
    device = as_device(device)
    if device is a._device:
        return a
    return upload(to_host(a, copy=True), device)


def rebuild(host, device_index):
    found = devices()
    device = found[device_index] if device_index < len(found) else None
    return upload(host, as_device(device))


def dlpack_device(a):
    if a._device.unified_memory:
        return (_DLPACK_CPU, 0)
    return (_DLPACK_OPENCL, a._device.index)


def dlpack(a, stream=None, max_version=None, dl_device=None, copy=None):
    """Export through DLPack: as CPU memory where the device shares it with the host (so
    ``numpy.from_dlpack`` works), or as a host copy when ``dl_device`` asks for the CPU."""
    want_cpu = dl_device is not None and tuple(dl_device)[0] == _DLPACK_CPU
    if dl_device is not None and not want_cpu and tuple(dl_device) != dlpack_device(a):
        raise BufferError(f"cannot export to DLPack device {dl_device}")
    if a._device.unified_memory:
        host = to_host(a, copy=bool(copy))
    elif want_cpu:
        if copy is False:
            raise BufferError("exporting to the CPU needs a copy from this device")
        host = to_host(a, copy=True)
    else:
        raise BufferError(f"DLPack export of OpenCL memory on {a._device.name!r} is not "
                          "supported; pass dl_device=(1, 0) for a host copy")
    if any(s < 0 for n, s in zip(host.shape, host.strides) if n > 1):
        # DLPack allows negative strides but consumers such as PyTorch abort the process
        # on them: export a copy instead.
        if copy is False:
            raise BufferError("an array with negative strides is exported by DLPack as a "
                              "copy; copy=False cannot be honoured")
        host = np.ascontiguousarray(host)
    kwargs = {"stream": None}
    if max_version is not None:
        kwargs["max_version"] = max_version
    return host.__dlpack__(**kwargs)


def from_dlpack_host(obj):
    return np.from_dlpack(obj)


def from_dlpack(x, /, *, device=None, copy=None):
    """Import any DLPack producer (NumPy, PyTorch CPU, another gparray array) to ``device``."""
    if isinstance(x, ndarray):
        target = as_device(device) if device is not None else x._device
        if copy:
            return x.to_device(target).copy() if target is x._device else x.to_device(target)
        return x.to_device(target)
    if device == "cpu" or (isinstance(device, tuple) and device[0] == _DLPACK_CPU):
        raise ValueError("gparray.from_dlpack makes device arrays; use numpy.from_dlpack for "
                         "host arrays")
    host = np.from_dlpack(x, copy=copy) if copy is not None else np.from_dlpack(x)
    target = as_device(device)
    if copy:
        return upload(host, target)
    return from_numpy(host, device=target) if host.flags.writeable else upload(host, target)

"""The one place kernels are enqueued: work sizes per device kind, thread safety,
GPARRAY_SYNC, and turning OpenCL errors into Python exceptions a user can act on.

Work sizes, measured on PoCL (2-core AVX-512 host): one work-item per element with a fixed
local size is fastest; leaving the local size to the runtime makes PoCL compile a new kernel
variant for every new global size, so we always pass one and pad the global size.
"""
import numpy as np

from .config import settings
import pyopencl as cl

LOCAL_SIZE = {"cpu": 64, "gpu": 256, "accelerator": 64}
VECTOR_WIDTH = {"cpu": {4: 16, 8: 8}}     # elements per work-item, by itemsize, where it pays


def local_size(device):
    return min(LOCAL_SIZE.get(device.kind, 64), device.max_work_group_size)


def vector_width(device, itemsize):
    return VECTOR_WIDTH.get(device.kind, {}).get(itemsize, 0)


def _translate(exc, device, what):
    text = str(exc)
    if isinstance(exc, cl.MemoryError) or "OUT_OF_RESOURCES" in text or "MEM_OBJECT_ALLOCATION" in text \
            or "OUT_OF_HOST_MEMORY" in text:
        return MemoryError(f"{what}: the device {device.name!r} ran out of memory ({text})")
    return RuntimeError(f"{what}: OpenCL error on {device.name!r}: {text}")


def launch(device, knl, n_items, args, what="kernel"):
    """Enqueue ``knl`` over ``n_items`` work-items (padded to the local size)."""
    if n_items <= 0:
        return

    ls = local_size(device)
    gs = (n_items + ls - 1) // ls * ls
    queue = device.queue
    with device.lock:
        try:
            knl(queue, (gs,), (ls,), *args)
        except cl.Error as exc:
            # A failed enqueue can mean the pool is holding memory the driver needs.
            device.pool.free_all()
            try:
                knl(queue, (gs,), (ls,), *args)
            except cl.Error as exc2:
                raise _translate(exc2, device, what) from None
    if settings.sync:
        try:
            queue.finish()
        except cl.Error as exc:
            raise _translate(exc, device, what) from None


def launch_repeat(device, knl, n_items, args, what="kernel"):
    """``launch`` without the first-call fallbacks: the hot path of a repeated ufunc call."""
    ls = local_size(device)
    gs = (n_items + ls - 1) // ls * ls
    try:
        with device.lock:
            knl(device.queue, (gs,), (ls,), *args)
    except Exception:
        launch(device, knl, n_items, args, what)
        return
    if settings.sync:
        finish(device)


def finish(device):
    """Wait for the device, translating an asynchronous failure."""

    try:
        device.queue.finish()
    except cl.Error as exc:
        raise _translate(exc, device, "device synchronisation") from None


INDEX_DTYPE = np.dtype(np.int64)

"""The one place kernels are enqueued: work sizes per device kind, thread safety,
GPARRAY_SYNC, and turning OpenCL errors into Python exceptions a user can act on.

Work sizes, measured on PoCL (2-core AVX-512 host): one work-item per element with a fixed
local size is fastest; leaving the local size to the runtime makes PoCL compile a new kernel
variant for every new global size, so we always pass one and pad the global size.
"""
import numpy as np

from . import profiling as _profiling, vector_widths as _vector_widths
from .config import settings

LOCAL_SIZE = {"cpu": 64, "gpu": 256, "accelerator": 64}
# Kinds whose elementwise kernels run several consecutive elements per work-item in explicit
# vectors (CPU compilers don't vectorise transcendental calls across work-items; GPUs gain
# nothing from it). The width is the device's confirmed one (_vector_widths).
VECTOR_KINDS = {"cpu"}


def local_size(device):
    return min(LOCAL_SIZE.get(device.kind, 64), device.max_work_group_size)


def vector_width(device, dtype, ufunc):
    """Elements per work-item of the contiguous elementwise path, 0 for one per work-item."""
    if device.kind not in VECTOR_KINDS:
        return 0
    width = _vector_widths.ufunc_lanes(device, dtype, ufunc)
    return width if width > 1 else 0


def _translate(exc, device, what):
    import pyopencl as cl

    text = str(exc)
    if isinstance(exc, cl.MemoryError) or "OUT_OF_RESOURCES" in text or "MEM_OBJECT_ALLOCATION" in text \
            or "OUT_OF_HOST_MEMORY" in text:
        return MemoryError(f"{what}: the device {device.name!r} ran out of memory ({text})")
    return RuntimeError(f"{what}: OpenCL error on {device.name!r}: {text}")


def launch(device, knl, n_items, args, what="kernel"):
    """Enqueue ``knl`` over ``n_items`` work-items (padded to the local size)."""
    import pyopencl as cl

    if n_items <= 0:
        return

    ls = local_size(device)
    gs = (n_items + ls - 1) // ls * ls
    t0 = _profiling.recording and _profiling.now()
    with device.lock:
        queue = device.queue       # read under the lock: a profile may swap it
        try:
            event = knl(queue, (gs,), (ls,), *args)
        except cl.Error as exc:
            # A failed enqueue can mean the pool is holding memory the driver needs.
            device.pool.free_all()
            try:
                event = knl(queue, (gs,), (ls,), *args)
            except cl.Error as exc2:
                raise _translate(exc2, device, what) from None
    if t0:
        _profiling.launched(device, knl, event, (gs,), what, t0)
    if settings.sync:
        try:
            queue.finish()
        except cl.Error as exc:
            raise _translate(exc, device, what) from None


def launch_repeat(device, knl, n_items, args, what="kernel"):
    """``launch`` without the first-call fallbacks: the hot path of a repeated ufunc call."""
    ls = local_size(device)
    gs = (n_items + ls - 1) // ls * ls
    t0 = _profiling.recording and _profiling.now()
    try:
        with device.lock:
            event = knl(device.queue, (gs,), (ls,), *args)
    except Exception:
        launch(device, knl, n_items, args, what)
        return
    if t0:
        _profiling.launched(device, knl, event, (gs,), what, t0)
    if settings.sync:
        finish(device)


def finish(device):
    """Wait for the device, translating an asynchronous failure."""

    import pyopencl as cl

    try:
        device.queue.finish()
    except cl.Error as exc:
        raise _translate(exc, device, "device synchronisation") from None
    device._kept.clear()


INDEX_DTYPE = np.dtype(np.int64)

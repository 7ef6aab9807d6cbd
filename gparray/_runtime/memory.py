"""Device memory: buffers handed out from a per-device pool.

On devices that share host memory (CPU devices such as PoCL, integrated GPUs) every buffer
is a host allocation wrapped with ``CL_MEM_USE_HOST_PTR``, so the host can see device data
without a copy. Freed buffers go back to the pool by size class; an allocation that fails
empties the pool and tries once more before raising ``MemoryError`` with the size.
"""
import ctypes
import threading

import numpy as np

_ALIGN = 128          # bytes; covers the widest vector load (double16) and cache lines
_MIN_BYTES = 64


def _size_class(nbytes):
    """Round a request up so that freed buffers can serve similar later requests."""
    nbytes = max(int(nbytes), _MIN_BYTES)
    if nbytes <= 1 << 20:
        return 1 << (nbytes - 1).bit_length()
    step = 1 << ((nbytes - 1).bit_length() - 3)      # eighths of the next power of two
    return (nbytes + step - 1) // step * step


class Buffer:
    """One device allocation; returns itself to its pool when the last reference goes.

    ``host`` is the host view of the same memory on unified-memory devices, else None.
    ``exported`` is set once the host memory is handed out as a NumPy array: such a buffer
    is never recycled, because the NumPy side may still be using it.
    """

    __slots__ = ("cl", "host", "nbytes", "capacity", "pool", "exported", "owner", "__weakref__")

    def __init__(self, cl_buffer, host, nbytes, capacity, pool, owner=None):
        self.cl = cl_buffer
        self.host = host
        self.nbytes = nbytes
        self.capacity = capacity
        self.pool = pool
        self.exported = False
        self.owner = owner          # keeps a wrapped NumPy array alive (from_numpy)

    def __del__(self):
        pool = self.pool
        if pool is not None and not self.exported and self.owner is None:
            pool._recycle(self.capacity, self.cl, self.host)


class HostResult:
    """A buffer that is the memory of a NumPy array computed on the host (the small-work
    path of unified-memory devices), used in place of a pool Buffer: the array must own its
    memory, be dense and have no negative strides (its first element is the first byte). Its flat host view and
    OpenCL buffer are made on first use: most small results never reach a kernel. It has no
    finalizer: the NumPy array frees the memory when the last reference goes, so once a
    kernel may use it, the device keeps the array alive until its queue next drains (a
    kernel still queued must not read memory that malloc has handed out again)."""

    __slots__ = ("owner", "nbytes", "_device", "_cl", "_host", "exported", "__weakref__")
    pool = None
    capacity = property(lambda self: self.nbytes)

    def __init__(self, array, device):
        self.owner = array
        self.nbytes = array.nbytes
        self._device = device
        self._cl = self._host = None
        self.exported = False

    @property
    def host(self):
        host = self._host
        if host is None:
            host = self._host = _flat_bytes(self.owner)
        return host

    @property
    def cl(self):
        cl_buffer = self._cl
        if cl_buffer is None:
            import pyopencl as cl

            mf = cl.mem_flags
            device = self._device
            cl_buffer = self._cl = cl.Buffer(device.context, mf.READ_WRITE | mf.USE_HOST_PTR,
                                             hostbuf=self.host)
            device.keep_until_drained(self.owner)
        return cl_buffer


class MemoryPool:
    def __init__(self, device):
        self.device = device
        self._free = {}               # capacity -> list of (cl buffer, host array)
        self._cached_bytes = 0
        self._lock = threading.RLock()   # re-entered when GC runs Buffer.__del__ inside
        self.limit = max(device.global_mem_size // 2, 1 << 26)

    def allocate(self, nbytes):
        capacity = _size_class(nbytes)
        reused = None
        with self._lock:
            free = self._free.get(capacity)
            if free:
                reused = free.pop()
                self._cached_bytes -= capacity
        if reused is not None:
            # Built outside the lock: creating an object can run the garbage collector, whose
            # Buffer.__del__ calls give buffers back through _recycle on this same thread.
            return Buffer(reused[0], reused[1], nbytes, capacity, self)
        if capacity > self.device.max_alloc_size:
            raise MemoryError(
                f"cannot allocate {nbytes} bytes on {self.device.name}: the device's largest "
                f"single allocation is {self.device.max_alloc_size} bytes")
        try:
            cl_buffer, host = self._new(capacity)
        except MemoryError:
            self.free_all()
            try:
                cl_buffer, host = self._new(capacity)
            except MemoryError:
                raise MemoryError(f"out of device memory allocating {nbytes} bytes on "
                                  f"{self.device.name}") from None
        return Buffer(cl_buffer, host, nbytes, capacity, self)

    def _new(self, capacity):
        import pyopencl as cl

        ctx = self.device.context
        mf = cl.mem_flags
        try:
            if self.device.unified_memory:
                raw = np.empty(capacity + _ALIGN, dtype=np.uint8)
                start = (-raw.ctypes.data) % _ALIGN
                host = raw[start:start + capacity]
                return cl.Buffer(ctx, mf.READ_WRITE | mf.USE_HOST_PTR, hostbuf=host), host
            return cl.Buffer(ctx, mf.READ_WRITE, capacity), None
        except cl.MemoryError as exc:
            raise MemoryError(str(exc)) from None
        except cl.Error as exc:
            if "OUT_OF" in str(exc) or "ALLOCATION" in str(exc):
                raise MemoryError(str(exc)) from None
            raise

    def _recycle(self, capacity, cl_buffer, host):
        with self._lock:
            if self._cached_bytes + capacity > self.limit:
                return
            self._free.setdefault(capacity, []).append((cl_buffer, host))
            self._cached_bytes += capacity

    def free_all(self):
        """Release every cached buffer back to the driver."""
        self.device.synchronize()
        with self._lock:
            self._free.clear()
            self._cached_bytes = 0

    @property
    def cached_bytes(self):
        return self._cached_bytes


def _byte_span(array):
    """The bytes ``array`` spans, as a flat uint8 array, and the offset of its first element."""
    lo, hi = np.lib.array_utils.byte_bounds(array)
    span = (ctypes.c_uint8 * (hi - lo)).from_address(lo)
    return np.frombuffer(span, dtype=np.uint8), array.ctypes.data - lo


def _flat_bytes(array):
    if array.flags.c_contiguous:
        return array.reshape(-1).view(np.uint8)
    if array.flags.f_contiguous:
        return array.T.reshape(-1).view(np.uint8)
    return _byte_span(array)[0]


def wrap_host_array(device, array):
    """A Buffer over the memory a NumPy array spans (unified-memory devices only).

    Returns ``(buffer, offset)``: the byte offset of ``array``'s first element inside the
    buffer. The NumPy array stays the owner; the buffer keeps it alive and is never recycled.
    """


    import pyopencl as cl

    flat, offset = _byte_span(array)
    mf = cl.mem_flags
    cl_buffer = cl.Buffer(device.context, mf.READ_WRITE | mf.USE_HOST_PTR, hostbuf=flat)
    return Buffer(cl_buffer, flat, flat.size, flat.size, None, owner=array), offset

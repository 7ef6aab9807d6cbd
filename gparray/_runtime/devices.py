"""Device discovery and selection.

Devices are found through pyopencl. The default is the first GPU; when there is none, the
CPU device of PoCL (``pocl-binary-distribution`` is the embedded fallback), then any other
device. ``GPARRAY_DEVICE`` picks another by index (as listed by :func:`devices`) or by a
substring of its name or platform name. ``with device:`` makes a device the current one for
the calling thread.
"""
import atexit
import logging
import os
import re
import threading

from . import kernel_cache as _kernel_cache, vector_widths as _vector_widths
from .config import settings
from .memory import MemoryPool

_registry = None          # list of Device, in discovery order
_default = None
_default_error = None     # why GPARRAY_DEVICE names no device, raised at first use
_registry_lock = threading.Lock()
_local = threading.local()
log = logging.getLogger("gparray")
queue_hooks = []          # called with each device once its context and queue exist (profiling)


def _prepare_driver_cache():
    # PoCL keeps its own compiled-kernel cache, and pyopencl defers to it there; point it
    # into our cache directory so that one location holds every compiled kernel, and check
    # its entries before the driver trusts them.
    if "POCL_CACHE_DIR" not in os.environ:
        root = settings.cache_dir / "pocl"
        os.environ["POCL_CACHE_DIR"] = str(root)
        _kernel_cache.guard(root)


class Device:
    """One OpenCL device with its context, in-order queue, memory pool and kernel cache.

    ``Device(0)`` or ``Device("pthread")`` returns the already-discovered device with that
    index or name substring; ``x.device``, ``x.to_device(d)`` and ``with d:`` use it.
    """

    def __new__(cls, spec=None):
        return _lookup(spec)

    @classmethod
    def _create(cls, cl_device, index):
        import pyopencl as cl

        self = object.__new__(cls)
        self.cl_device = cl_device
        self.index = index
        self.name = cl_device.name.strip()
        self.platform_name = cl_device.platform.name.strip()
        t = cl_device.type
        self.kind = ("gpu" if t & cl.device_type.GPU else "cpu" if t & cl.device_type.CPU
                     else "accelerator")
        self._context = None
        self._queue = None
        self.lock = threading.RLock()
        self._pool = None
        self.programs = {}
        self.kernels = {}
        self._kept = []          # host memory queued kernels may use (keep_until_drained)
        extensions = cl_device.extensions.split()
        self._native_fp64 = "cl_khr_fp64" in extensions or bool(getattr(cl_device, "double_fp_config", 0))
        self.has_fp16 = "cl_khr_fp16" in extensions
        self.unified_memory = bool(cl_device.host_unified_memory) or self.kind == "cpu"
        # small operations may run through NumPy on the buffers' host memory (host_small)
        self.host_small = self.kind == "cpu" and self.unified_memory and self._native_fp64
        self.global_mem_size = int(cl_device.global_mem_size)
        self.max_alloc_size = int(cl_device.max_mem_alloc_size)
        self.local_mem_size = int(cl_device.local_mem_size)
        self.max_work_group_size = int(cl_device.max_work_group_size)
        self.compute_units = int(cl_device.max_compute_units)
        self.is_pocl = "Portable Computing Language" in self.platform_name
        self.driver_version = cl_device.driver_version.strip()
        return self

    # The context and queue are created on first use so that listing devices stays cheap.
    @property
    def context(self):
        import pyopencl as cl

        if self._context is None:
            with self.lock:
                if self._context is None:
                    self._context = cl.Context([self.cl_device])
                    self._queue = cl.CommandQueue(self._context, self.cl_device)
                    for hook in queue_hooks:
                        hook(self)
        return self._context

    @property
    def queue(self):
        if self._queue is None:
            self.context
        return self._queue

    @property
    def pool(self):
        if self._pool is None:
            with self.lock:
                if self._pool is None:
                    self._pool = MemoryPool(self)
        return self._pool

    @property
    def has_fp64(self):
        """Whether float64 (and complex128) can be used; false under ``hide_fp64``."""
        return self._native_fp64 and not settings.hide_fp64

    def synchronize(self):
        """Wait until every operation queued on this device has finished."""
        if self._queue is not None:
            self._queue.finish()
            self._kept.clear()

    def keep_until_drained(self, owner):
        """Hold ``owner`` (a NumPy array whose memory backs a buffer) until the queue next
        drains; past a bound, drain now so that the held memory stays small."""
        kept = self._kept
        kept.append(owner)
        if len(kept) > 4096:
            self.synchronize()

    def capabilities(self):
        return {
            "name": self.name,
            "platform": self.platform_name,
            "kind": self.kind,
            "fp64": self.has_fp64,
            "fp16": self.has_fp16,
            "unified_host_memory": self.unified_memory,
            "global_mem_size": self.global_mem_size,
            "max_alloc_size": self.max_alloc_size,
            "local_mem_size": self.local_mem_size,
            "max_work_group_size": self.max_work_group_size,
            "compute_units": self.compute_units,
        }

    def __enter__(self):
        stack = getattr(_local, "stack", None)
        if stack is None:
            stack = _local.stack = []
        stack.append(self)
        return self

    def __exit__(self, *exc):
        _local.stack.pop()
        return False

    def __reduce__(self):
        return (Device, (self.index,))

    def __repr__(self):
        return f"<Device {self.index}: {self.name} ({self.platform_name}, {self.kind})>"

    def __str__(self):
        return f"{self.kind}:{self.index}"


def _release_all():
    """At exit, before the interpreter tears modules down: wait for queued work, then let go
    of kernels, programs and pooled buffers while the driver is whole (a driver's worker
    threads still running kernels on memory Python is freeing crashed the process at exit)."""
    for device in _registry or ():
        if device._queue is None:
            continue
        try:
            device._queue.finish()
        except Exception:          # a device lost at exit: nothing left to protect
            pass
        device.kernels.clear()
        device.programs.clear()
        if device._pool is not None:
            with device._pool._lock:
                device._pool._free.clear()
                device._pool._cached_bytes = 0
                device._pool.limit = 0         # buffers freed from now on are not kept


def _version(text):
    """(3, 1) from "3.1", (3, 0) from "3.0-rc2": the first dotted number, pre-release tags
    left out."""
    match = re.search(r"\d+(?:\.\d+)*", text)
    return tuple(int(x) for x in match.group(0).split(".")) if match else ()


def preferred_cpu(cpus, score):
    """Among several CPU devices (pip's PoCL and a system PoCL, say): the one whose canary
    passes with the widest vectors (``score``), ties going to the newer driver, then to the
    first found."""
    return max(cpus, key=lambda d: (score(d), _version(d.driver_version), -d.index))


def _vector_bits(device):

    widths = _vector_widths.verdict(device).widths
    return sum(w * _vector_widths.FAMILIES[f] * 8 for f, w in widths.items())


def _discover():
    import pyopencl as cl

    global _registry, _default, _default_error
    with _registry_lock:
        if _registry is not None:
            return
        _prepare_driver_cache()

        try:
            platforms = cl.get_platforms()
        except cl.Error:
            platforms = []
        found = []
        for platform in platforms:
            try:
                cl_devices = platform.get_devices()
            except cl.Error:
                continue
            for cl_device in cl_devices:
                found.append(Device._create(cl_device, len(found)))
        if not found:
            raise RuntimeError(
                "gparray found no OpenCL device. Install a GPU driver with OpenCL support, or "
                "the CPU fallback: pip install pocl-binary-distribution")
        _registry = found
        atexit.register(_release_all)
        requested = os.environ.get("GPARRAY_DEVICE")
        if requested:
            try:
                _default = _match(requested, found)
            except ValueError as exc:
                _default_error = ValueError(f"GPARRAY_DEVICE={requested!r}: {exc}")
        else:
            cpus = [d for d in found if d.kind == "cpu"]
            _default = (next((d for d in found if d.kind == "gpu"), None)
                        or (preferred_cpu(cpus, _vector_bits) if len(cpus) > 1 else None)
                        or (cpus[0] if cpus else found[0]))
        if log.isEnabledFor(logging.INFO):
            log.info("found %d OpenCL device(s): %s", len(found), "; ".join(repr(d) for d in found))
            if _default is None:
                log.info("no default device: %s", _default_error)
            else:
                log.info("default device: %r, %s", _default, _why_default(_default, found, requested))


def _why_default(device, found, requested):
    if requested:
        return f"chosen by GPARRAY_DEVICE={requested!r}"
    if device.kind == "gpu":
        return "the first GPU"
    if sum(d.kind == "cpu" for d in found) > 1:
        return "the CPU device whose driver passes the vector canary with the widest vectors"
    return "no GPU found" + (", the CPU device" if device.kind == "cpu" else "")


def _match(spec, found):
    if isinstance(spec, str) and spec.strip().isdigit():
        spec = int(spec)
    if isinstance(spec, int):
        if not 0 <= spec < len(found):
            raise ValueError(f"no OpenCL device with index {spec}; there are {len(found)}: "
                             + ", ".join(repr(d) for d in found))
        return found[spec]
    text = str(spec).lower()
    for d in found:
        if text in d.name.lower() or text in d.platform_name.lower() or text == d.kind:
            return d
    raise ValueError(f"no OpenCL device matches {spec!r}; available: "
                     + ", ".join(repr(d) for d in found))


def _lookup(spec):
    _discover()
    if spec is None:
        return current_device()
    if isinstance(spec, Device):
        return spec
    return _match(spec, _registry)


def devices():
    """All OpenCL devices gparray can use, in discovery order."""
    _discover()
    return list(_registry)


def created():
    """The devices whose context and queue exist (those that have been used)."""
    return [d for d in _registry or () if d._queue is not None]


def default_device():
    """The device used when none is named: ``GPARRAY_DEVICE``, else the first GPU, else the
    CPU device whose driver passes the vector canary with the widest vectors."""
    _discover()
    if _default is None:
        raise _default_error
    return _default


def current_device():
    """The innermost ``with device:`` of this thread, else the default device."""
    stack = getattr(_local, "stack", None)
    if stack:
        return stack[-1]
    if _default is None:
        return default_device()
    return _default


def as_device(device):
    """Resolve a ``device=`` argument: None means the current device."""
    if device is None:
        return current_device()
    if isinstance(device, Device):
        return device
    return _lookup(device)

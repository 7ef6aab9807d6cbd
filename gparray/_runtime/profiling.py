"""Recording kernel launches and builds for ``gparray.profile`` and ``gparray.benchmark``.

Kernel times come from OpenCL events, which carry timestamps only on a queue created with
``PROFILING_ENABLE``; some drivers slow every launch on such a queue, so ordinary work runs on
a plain queue and nothing is recorded. While a profile is open, each device in use runs on a
second queue of the same context with profiling on (``device._queue`` is swapped, so every
launch, copy and ``synchronize`` goes there). Both queues are in-order but not ordered with
each other, so each switch first finishes the queue being left: work stays in program order
across the switch. Launch sites call :func:`launched` only when ``recording`` is true; when
it is false an event is dropped as soon as it is returned and nothing is kept.

Switching queues is process-wide: a thread that enqueues while another opens or closes a
profile may see either queue, so open and close profiles where no other thread is launching.
"""
import dataclasses
import sys
import threading
import time

recording = False         # true while any profile is open; launch sites test only this
_log = []                 # KernelEvent and Build records, in order, while recording
_open = 0                 # open profiles (they nest)
_lock = threading.RLock()
_plain = {}               # device -> its plain queue, while its profiling queue is in use
_pending = {}             # thread id -> builds not yet matched to a launch


@dataclasses.dataclass
class KernelEvent:
    """One kernel launch: ``name`` is the operation's label (``"add"``, ``"sort"``,
    ``"linalg.qr_unblocked"``), ``op`` the gparray call the user made, times in
    nanoseconds on the device's clock (``start``/``end``) and the host's (``host``, when the
    enqueue returned; ``enqueue``, how long it took)."""
    name: str
    kernel: str
    op: str
    device: str
    global_size: tuple
    host: int
    enqueue: int
    compile_s: float = 0.0
    queued: int = 0
    submit: int = 0
    start: int = 0
    end: int = 0
    thread: int = 0
    _event: object = dataclasses.field(default=None, repr=False)

    @property
    def duration(self):
        """Device time in nanoseconds (end - start)."""
        return max(self.end - self.start, 0)


@dataclasses.dataclass
class Build:
    """One OpenCL program compiled (or loaded from the disk cache) during a profile."""
    kernels: tuple
    op: str
    device: str
    host: int             # perf_counter_ns when the build started
    seconds: float
    thread: int = 0


def now():
    return time.perf_counter_ns()


# Frames that stand for another call, and the local naming it: NumPy's dispatch into
# gparray, the ndarray operators, and the ufunc object's methods.
_STANDS_FOR = {"_array_function": "func", "array_function": "func", "_array_ufunc": "ufunc",
               "array_ufunc": "np_ufunc", "forward": "uf", "reflected": "uf", "inplace": "uf",
               "op": "uf", "__call__": "self", "reduce": "self", "accumulate": "self",
               "outer": "self", "at": "self", "reduceat": "self"}


def operation(skip=2):
    """The gparray call the user made: the outermost gparray frame on the stack, named after
    the ufunc or NumPy function it stands for (``numpy.mean``, ``add``, ``add.reduce``)."""
    frame, outer = sys._getframe(skip), None
    while frame is not None:
        if frame.f_globals.get("__name__", "").startswith("gparray"):
            outer = frame
        elif outer is not None:
            break
        frame = frame.f_back
    if outer is None:
        return "gparray"
    code = outer.f_code
    target = outer.f_locals.get(_STANDS_FOR.get(code.co_name, ""))
    label = getattr(target, "__name__", None)
    if not isinstance(label, str):
        return getattr(code, "co_qualname", code.co_name)
    dispatched = "array_" in code.co_name
    method = outer.f_locals.get("method") if "array_ufunc" in code.co_name else code.co_name
    return ("numpy." if dispatched else "") + label + (
        "" if method in (None, "__call__", "forward", "reflected", "inplace", "op",
                         "array_function", "_array_function") else "." + method)


def _kernel_name(knl):
    # not cached: a cache would keep kernels alive past the release at exit
    try:
        return knl.function_name
    except Exception:           # a kernel the driver will not describe
        return "kernel"


def launched(device, knl, event, global_size, what, t0):
    """Record a launch enqueued from ``t0`` (``now()``; launch sites take it and call this
    only while ``recording``)."""
    host = now()
    if not recording:           # the last profile closed while this launch was enqueued
        return
    enqueue_ns = host - t0
    kernel = _kernel_name(knl)
    thread = threading.get_ident()
    compile_s = 0.0
    pending = _pending.get(thread)
    if pending:
        for build in [b for b in pending if kernel in b.kernels]:
            compile_s += build.seconds
            pending.remove(build)
    name = what if what and what != "kernel" else None
    op = operation()
    _log.append(KernelEvent(name or op, kernel, op, device.name, tuple(global_size), host,
                            enqueue_ns, compile_s, thread=thread, _event=event))


def built(device, kernel_names, start_ns, seconds):
    """Record a program build (called by the program cache only while ``recording``)."""
    build = Build(tuple(kernel_names), operation(), device.name, start_ns, seconds,
                  threading.get_ident())
    _log.append(build)
    _pending.setdefault(build.thread, []).append(build)


def _switch_on(device):
    import pyopencl as cl

    with device.lock:
        if device in _plain or device._queue is None:
            return
        device._queue.finish()
        _plain[device] = device._queue
        device._queue = cl.CommandQueue(device.context, device.cl_device,
                                        properties=cl.command_queue_properties.PROFILING_ENABLE)


def _switch_off(device):
    with device.lock:
        plain = _plain.pop(device)
        try:
            device._queue.finish()
        finally:
            device._queue = plain


def attach(device):
    """A device whose queue was created while a profile is open gets a profiling queue too."""
    if recording:
        _switch_on(device)


def open_session(devices):
    """Start recording (nested calls share one log), switching ``devices`` (those in use) to
    profiling queues; returns where this session's records begin."""
    global recording, _open
    with _lock:
        if _open == 0:
            try:
                for device in devices:
                    _switch_on(device)
            except BaseException:       # a device that failed to finish: back to plain queues
                for device in list(_plain):
                    _switch_off(device)
                raise
            recording = True
        _open += 1
        return len(_log)


def close_session(begin):
    """Stop this session: finish the profiled queues, return its records with their device
    times filled in, and go back to the plain queues when it was the last one open."""
    global recording, _open, _log
    with _lock:
        error = None
        for device in list(_plain):
            try:
                with device.lock:
                    device._queue.finish()
            except Exception as exc:       # an asynchronous kernel failure: report it after
                error = error or exc
        records = _log[begin:]
        for r in records:
            if isinstance(r, KernelEvent) and r._event is not None:
                _resolve(r)
        _open -= 1
        if _open == 0:
            recording = False
            for device in list(_plain):
                try:
                    _switch_off(device)
                except Exception as exc:
                    error = error or exc
            _log = []
            _pending.clear()
    return records, error


def mark():
    """Where the next record will go (benchmark's start of one repetition)."""
    return len(_log)


def take(begin):
    """The kernel launches recorded from ``begin`` on, with device times, after the queues
    have finished; dropped from the log when no other session needs them (benchmark)."""
    with _lock:
        records = [r for r in _log[begin:] if isinstance(r, KernelEvent)]
        for r in records:
            if r._event is not None:
                _resolve(r)
        if _open == 1:
            del _log[begin:]
    return records


def synchronize():
    """Wait for the profiled queues."""
    for device in list(_plain):
        with device.lock:
            device._queue.finish()


def _resolve(r):
    import pyopencl as cl

    event, r._event = r._event, None
    info = cl.profiling_info
    try:
        r.queued = event.get_profiling_info(info.QUEUED)
        r.submit = event.get_profiling_info(info.SUBMIT)
        r.start = event.get_profiling_info(info.START)
        r.end = event.get_profiling_info(info.END)
    except cl.Error:            # an event from a plain queue (launched as a profile began)
        pass

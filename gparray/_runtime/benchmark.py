"""``gparray.benchmark``: host and device time of repeated calls of a function, in the manner
of ``cupyx.profiler.benchmark``."""
import math
import time

import numpy as np

from . import devices as _devices, profiling as _profiling


class BenchmarkResult:
    """Times of each repetition in seconds: ``host_times`` (the call itself, which returns
    once its kernels are queued) and ``device_times`` (first kernel start to last kernel end
    on the device; 0 for a call that launched none)."""

    def __init__(self, name, host_times, device_times, launches):
        self.name = name
        self.host_times = np.asarray(host_times, dtype=np.float64)
        self.device_times = np.asarray(device_times, dtype=np.float64)
        self.launches = launches

    @staticmethod
    def _summary(label, times):
        us = times * 1e6
        return (f"{label}: {us.mean():9.3f} us +/- {us.std():7.3f} "
                f"(min: {us.min():9.3f} / max: {us.max():9.3f}) us")

    def __repr__(self):
        if not len(self.host_times):
            return f"{self.name:<20}: no repetitions"
        return (f"{self.name:<20}: {self._summary('host', self.host_times)}    "
                f"{self._summary('device', self.device_times)}    "
                f"{self.launches / len(self.host_times):g} launches/call")

    __str__ = __repr__


def _wait_all():
    for device in _devices.created():
        device.synchronize()


def benchmark(fn, *args, n_repeat=100, n_warmup=10, max_duration=math.inf, name=None,
              kwargs=None):
    """Call ``fn(*args, **kwargs)`` ``n_warmup`` times, then up to ``n_repeat`` times (fewer
    once ``max_duration`` seconds have passed), waiting for the device after each call, and
    return a :class:`BenchmarkResult` with the host time of each call and the device time of
    its kernels (from OpenCL profiling events, so the calls run on a profiling queue)."""
    if n_repeat < 1 or n_warmup < 0:
        raise ValueError(f"n_repeat must be >= 1 and n_warmup >= 0, got {n_repeat} and {n_warmup}")
    kwargs = kwargs or {}
    name = name or getattr(fn, "__name__", repr(fn))
    for _ in range(n_warmup):
        fn(*args, **kwargs)
    _wait_all()
    host_times, device_times, launches = [], [], 0
    session = _profiling.open_session(_devices.created())
    error = None
    try:
        started = time.perf_counter()
        for _ in range(n_repeat):
            mark = _profiling.mark()
            t0 = time.perf_counter()
            fn(*args, **kwargs)
            host_times.append(time.perf_counter() - t0)
            _profiling.synchronize()
            events = _profiling.take(mark)
            launches += len(events)
            stamped = [e for e in events if e.end]
            device_times.append((max(e.end for e in stamped) - min(e.start for e in stamped)) / 1e9
                                if stamped else 0.0)
            if time.perf_counter() - started >= max_duration:
                break
    finally:
        _, error = _profiling.close_session(session)
    if error is not None:
        raise RuntimeError(f"a kernel launched by the benchmarked function failed: {error}")
    return BenchmarkResult(name, host_times, device_times, launches)

"""Timing helpers: best-of-N wall time per call, with the device drained inside the timed
region so asynchronous launches are fully counted."""
import time


def per_call(fn, sync=lambda: None, min_time=0.2, repeats=5, max_calls=1000):
    """Seconds per call of ``fn``: the best of ``repeats`` batches, each batch long enough to
    take about ``min_time`` (at most ``max_calls`` calls)."""
    fn()
    sync()
    t0 = time.perf_counter()
    fn()
    sync()
    once = max(time.perf_counter() - t0, 1e-7)
    calls = max(1, min(max_calls, int(min_time / once)))
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        sync()
        best = min(best, (time.perf_counter() - t0) / calls)
    return best


def fmt_time(seconds):
    if seconds != seconds:
        return "n/a"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    return f"{seconds * 1e3:.2f} ms"

"""Python work per call on the kernel path, without the driver: one ufunc call, one
reduction, one gather, with every OpenCL kernel call replaced by a no-op (so neither argument
setting nor enqueue is counted). This is what a GPU user pays per call on top of the driver.
The small-work host path is off: it is the kernel path being measured.

    python -m benchmarks.bench_call_overhead
"""
import numpy as np
import pyopencl as cl

import gparray
from benchmarks._timing import fmt_time, per_call


def cases():
    x = gparray.asarray(np.random.default_rng(0).random(1000, dtype=np.float32))
    y = gparray.asarray(np.random.default_rng(1).random(1000, dtype=np.float32))
    idx = gparray.asarray(np.arange(0, 1000, 7))
    return {"x + y (ufunc)": lambda: x + y, "np.sin(x) (ufunc via NumPy)": lambda: np.sin(x),
            "x.sum() (reduction)": lambda: x.sum(),
            "x.sum(axis=0) of 2-d": (lambda m: lambda: m.sum(axis=0))(x.reshape(20, 50)),
            "x[idx] (gather)": lambda: x[idx]}


def measure():
    previous = gparray.set_host_small(False)
    rows = []
    try:
        for name, fn in cases().items():
            fn()                                   # compile and cache the kernel
            gparray.synchronize()
            full = per_call(fn, gparray.synchronize, min_time=0.1)
            original = cl.Kernel.__call__
            cl.Kernel.__call__ = lambda self, *args, **kwargs: None
            try:
                python = per_call(fn, min_time=0.1)
            finally:
                cl.Kernel.__call__ = original
            rows.append((name, python, full))
    finally:
        gparray.set_host_small(previous)
    return rows


def table(rows):
    lines = ["| call (1e3 float32) | Python work, no driver | with the driver, waited for |",
             "| --- | ---: | ---: |"]
    lines += [f"| {name} | {fmt_time(p)} | {fmt_time(f)} |" for name, p, f in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure()))

"""``python -m gparray warmup``: compile the common kernels for the default device ahead of
their first use, so that later runs load them from the kernel cache.

Each task is a real call on a small array (a ufunc loop, a reduction, a scan, a sort, an
OpenCL linalg routine), so it compiles exactly what that call compiles in a program: the
same source, options and cache key. The host paths (small work, BLAS, LAPACK) are turned off
while it runs, since they would skip the kernels. What it covers: every ufunc loop NumPy
offers for the chosen dtypes on contiguous arrays (array with array, and array with a Python
scalar), reductions whole and along each axis of a matrix, scans, sorts (short and long
rows), and the OpenCL linalg kernels for a small and a large matrix; other layouts and sizes
still compile on first use.
"""
import argparse
import contextlib
import sys
import time
import warnings

import numpy as np

from . import _linalg_products, _statistics, linalg
from ._core.interop import from_numpy
from ._engines import reduction, scan, sort
from ._engines.ufunc import UFUNCS
from ._runtime import progress as _progress
from ._runtime.config import set_host_small, settings
from ._runtime.devices import default_device

FAMILIES = ("ufunc", "reduction", "scan", "sort", "linalg")
DTYPES = ("bool", "int32", "int64", "float32", "float64", "complex64", "complex128")
DEFAULT_DTYPES = ("int64", "float32", "float64")
_LINALG_SIZES = (32, 256)        # work-group sizes of the one-group-per-matrix kernels differ


def _array(dtype, shape):
    """Values every ufunc accepts quietly (positive, below 1 for the floats)."""
    n = int(np.prod(shape))
    if dtype.kind == "b":
        host = np.arange(n) % 3 == 0
    elif dtype.kind in "iu":
        host = np.arange(1, n + 1) % 7 + 1
    else:
        host = np.linspace(0.1, 0.9, n)
        if dtype.kind == "c":
            host = host + 0.5j * host[::-1]
    return from_numpy(np.ascontiguousarray(host.reshape(shape).astype(dtype)))


def _ufunc_tasks(dtype):
    x = _array(dtype, (1 << 16,))
    scalar = {"b": True, "i": 3, "u": 3, "f": 0.5, "c": 0.5}[dtype.kind]
    for name, uf in UFUNCS.items():
        if uf.nin == 1:
            yield f"{name} {dtype}", lambda uf=uf: uf(x)
        elif uf.nin == 2:
            yield f"{name} {dtype}", lambda uf=uf: uf(x, x)
            yield f"{name} {dtype} with a scalar", lambda uf=uf: uf(x, scalar)


def _reduction_tasks(dtype):
    flat, matrix = _array(dtype, (1 << 16,)), _array(dtype, (256, 256))
    funcs = [reduction.sum, reduction.prod, reduction.max, reduction.min, reduction.argmax,
             reduction.argmin, reduction.any, reduction.all]
    if dtype.kind in "fc":
        funcs += [reduction.mean, _statistics.std]
    for f in funcs:
        for axis in (None, 0, 1):
            yield (f"{f.__name__} {dtype} axis={axis}",
                   lambda f=f, axis=axis: f(flat) if axis is None else f(matrix, axis=axis))


def _scan_tasks(dtype):
    flat, matrix = _array(dtype, (1 << 16,)), _array(dtype, (256, 256))
    for f in (scan.cumsum, scan.cumprod):
        for axis in (None, 0, 1):
            yield (f"{f.__name__} {dtype} axis={axis}",
                   lambda f=f, axis=axis: f(flat) if axis is None else f(matrix, axis=axis))


def _sort_tasks(dtype):
    if dtype.kind == "c":
        return
    for n in (64, 1 << 14):
        x = _array(dtype, (n,))[::-1].copy()
        for f in (sort.sort, sort.argsort):
            yield f"{f.__name__} {dtype} n={n}", lambda f=f, x=x: f(x)


def _linalg_tasks(dtype):
    if dtype.kind not in "fc":
        return
    for n in _LINALG_SIZES:
        host = np.eye(n) * n + np.linspace(0, 1, n * n).reshape(n, n)
        a = from_numpy((host + host.T).astype(dtype))         # symmetric positive definite
        b = from_numpy(np.ones((n, 2), dtype=dtype))
        calls = [("matmul", lambda a=a: a @ a), ("solve", lambda a=a, b=b: linalg.solve(a, b)),
                 ("inv", lambda a=a: linalg.inv(a)), ("det", lambda a=a: linalg.det(a)),
                 ("cholesky", lambda a=a: linalg.cholesky(a)), ("qr", lambda a=a: linalg.qr(a)),
                 ("eigh", lambda a=a: linalg.eigh(a)), ("svd", lambda a=a: linalg.svd(a)),
                 ("eig", lambda a=a: linalg.eig(a)),
                 ("lstsq", lambda a=a, b=b: linalg.lstsq(a, b))]
        for name, call in calls:
            yield f"linalg.{name} {dtype} {n}x{n}", call


_TASKS = {"ufunc": _ufunc_tasks, "reduction": _reduction_tasks, "scan": _scan_tasks,
          "sort": _sort_tasks, "linalg": _linalg_tasks}


@contextlib.contextmanager
def _kernel_paths_only():
    """Host paths off (they would skip the kernels), warnings of the quiet inputs muted."""
    setters = [set_host_small, _linalg_products.set_host_blas, linalg.set_host_lapack]
    previous = [set_(False) for set_ in setters]
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            yield
    finally:
        for set_, value in zip(setters, previous):
            set_(value)


def _choices(text, allowed, what):
    chosen = tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))
    unknown = [t for t in chosen if t not in allowed]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown {what} {', '.join(unknown) or '(none given)'}; choose from {', '.join(allowed)}")
    return chosen


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="python -m gparray warmup",
        description="Compile the common kernels for the default device into the kernel cache, "
                    "so that first calls in later runs load them instead of compiling.")
    parser.add_argument("--families", default=",".join(FAMILIES),
                        type=lambda t: _choices(t, FAMILIES, "family"),
                        help=f"comma-separated, from {', '.join(FAMILIES)} (default: all)")
    parser.add_argument("--dtypes", default=",".join(DEFAULT_DTYPES),
                        type=lambda t: _choices(t, DTYPES, "dtype"),
                        help=f"comma-separated, from {', '.join(DTYPES)} (default: "
                             f"{','.join(DEFAULT_DTYPES)}; float64/complex128 are skipped on a "
                             "device without fp64)")
    return parser.parse_args(argv)


def run(families, dtypes, stream=None):
    """Run the tasks of ``families`` for ``dtypes``; returns the number that failed."""
    device = default_device()
    dtypes = [np.dtype(d) for d in dtypes
              if device.has_fp64 or np.dtype(d) not in (np.float64, np.complex128)]
    plan = [(family, label, call) for family in families for dtype in dtypes
            for label, call in _TASKS[family](dtype)]
    bar = _progress.Bar(len(plan), stream)
    bar.line(f"warmup: {len(plan)} calls ({', '.join(families)}; "
             f"{', '.join(map(str, dtypes))}) on {device.name!r}")
    failures, start, programs = 0, time.perf_counter(), len(device.programs)
    family_start, family_programs = start, programs
    with _kernel_paths_only():
        for i, (family, label, call) in enumerate(plan):
            bar.update(i, label)
            try:
                call()
                device.synchronize()
            except TypeError:          # no loop for this dtype: nothing to compile
                pass
            except Exception as exc:   # a kernel that will not build: reported, not fatal
                failures += 1
                bar.line(f"warmup: {label} failed: {type(exc).__name__}: {str(exc)[:300]}")
            if i + 1 == len(plan) or plan[i + 1][0] != family:
                now = time.perf_counter()
                bar.line(f"warmup: {family}: {len(device.programs) - family_programs} programs "
                         f"compiled or loaded in {now - family_start:.1f} s")
                family_start, family_programs = now, len(device.programs)
        bar.update(len(plan), "done")
    bar.close()
    bar.line(f"warmup: {len(device.programs) - programs} programs ready in "
             f"{time.perf_counter() - start:.1f} s; kernel cache: {settings.cache_dir}"
             + (f"; {failures} calls failed" if failures else ""))
    return failures


def main(argv):
    args = parse(argv)
    sys.exit(1 if run(args.families, args.dtypes) else 0)

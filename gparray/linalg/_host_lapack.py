"""Where a decomposition runs: the OpenCL kernels, or the host's LAPACK (through NumPy) on
the same memory.

On CPU devices whose buffers are host memory (PoCL) a whole decomposition may run through
NumPy's LAPACK on zero-copy host views of the device buffers, because that is measured
faster there (benchmarks/bench_linalg_decomp.py). ``GPARRAY_HOST_LAPACK=0`` in the
environment, ``set_host_lapack(False)`` or ``with host_lapack(False):`` forces the OpenCL
path, which is what GPUs run and what the tests exercise.

Every decomposition has an OpenCL path and follows the switch: svd, svdvals, eigh,
eigvalsh and what is built on them (pinv, lstsq, matrix_rank, cond, the 2/-2/'nuc' norms)
by one-sided Jacobi (_jacobi.py), eig/eigvals by Hessenberg reduction and shifted QR
(_eig_general.py).
"""
import contextlib
import os

import numpy as np

from .._core.interop import to_host, upload
from .._core.ndarray import ndarray
from .._runtime import launch as _launch

_enabled = os.environ.get("GPARRAY_HOST_LAPACK", "1").strip().lower() not in (
    "0", "false", "no", "off")


def set_host_lapack(flag):
    """Allow (True, the default) or forbid (False) the host-LAPACK path on CPU devices."""
    global _enabled
    _enabled = bool(flag)


def get_host_lapack():
    return _enabled


@contextlib.contextmanager
def host_lapack(flag):
    """``with host_lapack(False):`` runs the block on the OpenCL path."""
    previous = _enabled
    set_host_lapack(flag)
    try:
        yield
    finally:
        set_host_lapack(previous)


def use_host(device):
    """Whether decompositions on ``device`` go through the host's LAPACK."""
    return _enabled and device.kind == "cpu" and device.unified_memory


def host_view(a):
    """The data of device array ``a`` as a NumPy array: a zero-copy view of the buffer where
    the device shares host memory (valid while ``a`` lives; not handed out to users, so the
    buffer stays recyclable), a copy otherwise."""

    if a._device.unified_memory and a._buf.host is not None and a.size:
        _launch.finish(a._device)
        return np.ndarray(a._shape, dtype=a._dtype, buffer=a._buf.host, offset=a._offset,
                          strides=a._strides)
    return to_host(a, copy=True)


def to_device(x, device):
    """A NumPy result on ``device``, copied into a pool buffer (one memcpy of the result on
    devices that share host memory). Not wrapped with ``from_numpy``: on PoCL, device
    arrays wrapping NumPy's fresh LAPACK results gave intermittently wrong reductions (about
    1 call in 30 in tests/test_linalg.py's norm checks), while copies never did."""

    if isinstance(x, np.ndarray):
        return upload(x, device)
    if isinstance(x, np.generic):
        return upload(np.asarray(x), device)
    if isinstance(x, tuple):
        values = [to_device(v, device) for v in x]
        return type(x)(*values) if hasattr(x, "_fields") else tuple(values)
    return x


def run(np_func, device, *args, **kwargs):
    """``np_func`` on host views of the device arrays among ``args``, its results back on
    ``device``."""
    host_args = [host_view(a) if isinstance(a, ndarray) else a for a in args]
    return to_device(np_func(*host_args, **kwargs), device)

"""The index sequence 0..n-1 on the device (gparray/kernels/iota.cl)."""
import numpy as np

from .._core.allocate import empty
from .._runtime import launch as _launch, programs as _programs
from .._runtime.dtypes import int64


def iota(n, device):
    out = empty((n,), dtype=int64, device=device)
    if n:
        knl = _programs.kernel(device, _programs.template("iota.cl"), "iota", (None, np.int64))
        _launch.launch(device, knl, n, [out._buf.cl, n], "arange")
    return out

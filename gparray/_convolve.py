"""Signal-style functions on the device: convolve and correlate (modes 'valid', 'same',
'full'), with NumPy's operand swapping, complex conjugation and result dtypes. One
work-item per output element (gparray/kernels/convolve.cl)."""
import functools

import numpy as np

from . import _creation
from ._core.ndarray import ndarray
from ._engines import ufuncs
from ._runtime import cgen as _cgen, dtypes as _dtypes, launch as _launch, programs as _programs
from ._searching import contiguous

__all__ = ["convolve", "correlate"]

_MODES = {"valid": 0, "same": 1, "full": 2, 0: 0, 1: 1, 2: 2}


@functools.cache
def _source(dtype, fp64):
    ct = _cgen.ctype(dtype)
    acc = _cgen.compute_ctype(dtype)
    headers = [_programs.template("prelude.cl")]
    if dtype.kind == "c":
        prefix = _cgen.complex_prefix(dtype)
        headers.append(_programs.template("npy_math.cl"))
        headers.append(_programs.template("complex.cl"))
        madd = f"{prefix}_add(acc, {prefix}_mul(x, y))"
        conj = f"{prefix}_conj(x)"
        zero = f"(({acc})(0, 0))"
    elif dtype.kind == "b":
        madd, conj, zero = "(acc | (x & y))", "x", "0"
    else:
        madd, conj, zero = f"({acc})(acc + x * y)", "x", f"(({acc})0)"
    defines = [
        f"#define GP_T {ct}", f"#define GP_ACC_T {acc}", f"#define GP_ZERO {zero}",
        f"#define gp_load(p, i) ({_cgen.load(dtype, 'p', 'i')})",
        f"#define gp_store(p, i, v) {_cgen.store(dtype, 'p', 'i', '(v)')}",
        f"#define gp_conj(x) ({conj})",
        f"inline {acc} gp_madd({acc} acc, {acc} x, {acc} y) {{ return {madd}; }}",
    ]
    return "\n".join(["#define GP_HAS_FP64 1" if fp64 else "", *headers, *defines,
                      _programs.template("convolve.cl")])


def _mode(mode):
    if mode in _MODES and not isinstance(mode, bool):
        return _MODES[mode]
    if isinstance(mode, str) and mode[:1] in ("v", "s", "f"):
        raise ValueError("Use one of 'valid', 'same', or 'full' for convolve/correlate mode")
    raise ValueError(f"mode must be one of 'valid', 'same', or 'full' (got {mode!r})")


def _as_1d(x, device=None):
    a = x if isinstance(x, ndarray) else _creation.asarray(x, device=device)
    if a.ndim > 1:
        raise ValueError("object too deep for desired array")
    return contiguous(a.reshape(-1) if a.ndim == 0 else a)


def _correlate(a, b, mode, conj, reverse_b, reverse_out):
    """out[k] = sum_j a[k - left + j] * b'[j] with b' = b (reversed when ``reverse_b``,
    conjugated when ``conj``), len(a) >= len(b), NumPy's lengths for ``mode``."""
    device = a._device
    dtype = a._dtype
    n1, n2 = a.size, b.size
    if mode == 0:
        length, left = n1 - n2 + 1, 0
    elif mode == 1:
        length, left = n1, n2 // 2
    else:
        length, left = n1 + n2 - 1, n2 - 1
    out = _creation.empty((length,), dtype=dtype, device=device)
    knl = _programs.kernel(device, _source(dtype, device.has_fp64), "correlate",
                           (None, np.int64, np.int64, None, np.int64, np.int64, np.int64,
                            np.int64, np.int64, np.int32, np.int32, None))
    b_off = b._offset // b.itemsize + (n2 - 1 if reverse_b else 0)
    _launch.launch(device, knl, length,
                   [a._buf.cl, a._offset // a.itemsize, n1, b._buf.cl, b_off,
                    -1 if reverse_b else 1, n2, left, length, int(conj), int(reverse_out),
                    out._buf.cl], "correlate")
    return out


def _operands(a, v):
    a = _as_1d(a)
    v = _as_1d(v, device=a._device)
    dtype = _dtypes.result_type(a, v)
    _dtypes.check_dtype(dtype, a._device, "correlate")
    return a.astype(dtype, copy=False), v.astype(dtype, copy=False)


def correlate(a, v, mode="valid"):
    """Cross-correlation of two 1-D sequences, sum_n a[n + k] * conj(v[n]), as NumPy's
    correlate (mode 'valid' by default)."""
    m = _mode(mode)
    a, v = _operands(a, v)
    if a.size == 0:
        raise ValueError("first array argument cannot be empty")
    if v.size == 0:
        raise ValueError("second array argument cannot be empty")
    conj = a._dtype.kind == "c"
    if a.size < v.size:
        # NumPy correlates the conjugated v with a and reverses the result
        return _correlate(v, a, m, False, False, True) if not conj else \
            _correlate(_conj(v), a, m, False, False, True)
    return _correlate(a, v, m, conj, False, False)


def _conj(x):
    return ufuncs.conjugate(x)


def convolve(a, v, mode="full"):
    """Discrete linear convolution of two 1-D sequences, as NumPy's convolve (mode 'full'
    by default; the longer sequence slides over the shorter)."""
    m = _mode(mode)
    a, v = _operands(a, v)
    if v.size > a.size:
        a, v = v, a
    if a.size == 0:
        raise ValueError("a cannot be empty")
    if v.size == 0:
        raise ValueError("v cannot be empty")
    return _correlate(a, v, m, False, True, False)

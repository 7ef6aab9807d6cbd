"""``gparray.fft``: NumPy's (and the Array API's) FFT functions on the device.

Signatures, defaults, ``norm=`` modes, the ``n``/``s`` cropping and zero-padding rules and
result dtypes follow NumPy 2: complex64 for float32/complex64 (and float16) input,
complex128 otherwise; the real-output inverses give float32/float64. Any length runs on the
device (see _engine). Real-input transforms compute the full complex transform and keep
its first n//2 + 1 terms.
"""
import operator
import warnings

import numpy as np

from .. import _creation
from .._core.ndarray import ndarray
from .._creation import ascontiguousarray
from .._elementwise_functions import real
from .._engines.copying import astype, copy
from .._engines.ufuncs import conj
from .._join import concatenate
from .._manipulation import moveaxis
from .._rearrange import flip, roll
from .._runtime import dtypes as _dtypes
from .._runtime.devices import as_device
from . import _engine

_NORMS = (None, "backward", "ortho", "forward")


def _asdevice(a):
    if isinstance(a, ndarray):
        return a
    return _creation.asarray(a)


def _complex_dtype(dtype, device):
    if dtype.kind not in "biufc":
        raise TypeError(f"fft: unsupported dtype {dtype}")
    if dtype in (_dtypes.float16, _dtypes.float32, _dtypes.complex64) or not device.has_fp64:
        return np.dtype(np.complex64)
    return np.dtype(np.complex128)


def _real_of(cdtype):
    return np.dtype(np.float32 if cdtype == np.complex64 else np.float64)


def _scale(norm, n, inverse):
    if norm not in _NORMS:
        raise ValueError(f'Invalid norm value {norm}; should be "backward", "ortho" or '
                         f'"forward".')
    if norm == "ortho":
        return 1 / np.sqrt(n)
    if (norm in (None, "backward")) == inverse:
        return 1 / n
    return 1.0


def _swap_direction(norm):
    if norm not in _NORMS:
        raise ValueError(f'Invalid norm value {norm}; should be "backward", "ortho" or '
                         f'"forward".')
    return {None: "forward", "backward": "forward", "ortho": "ortho", "forward": "backward"}[norm]


def _axis(axis, ndim):
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise np.exceptions.AxisError(axis, ndim)
    return axis % ndim


def _check_n(n):
    if n < 1:
        raise ValueError(f"Invalid number of FFT data points ({n}) specified.")


def _rows_of(a, n, axis, cdtype):
    """A C-contiguous complex copy of ``a`` with ``axis`` moved last, cropped or
    zero-padded to n."""

    moved = moveaxis(a, axis, -1)
    have = moved.shape[-1]
    out = _creation.empty(moved.shape[:-1] + (n,), dtype=cdtype, device=a.device)
    if n > have:
        out.fill(0)
        if have:
            out[..., :have] = moved
    else:
        out[...] = moved[..., :n]
    return out


def _c2c(a, n, axis, norm, inverse, out=None):
    a = _asdevice(a)
    if a.ndim == 0:
        raise np.exceptions.AxisError(axis, 0)
    axis = _axis(axis, a.ndim)
    n = a.shape[axis] if n is None else operator.index(n)
    _check_n(n)
    scale = _scale(norm, n, inverse)
    cdtype = _complex_dtype(a.dtype, a.device)
    rows = _rows_of(a, n, axis, cdtype)
    result = moveaxis(_engine.transform_rows(a.device, rows, n, inverse, scale), -1, axis)
    return _to_out(result, out)


def _to_out(result, out):
    if out is None:
        return result
    if not isinstance(out, ndarray) or out.shape != result.shape:
        raise ValueError("out must be a gparray array of the result's shape "
                         f"{result.shape}")
    out[...] = result
    return out


def fft(a, n=None, axis=-1, norm=None, out=None):
    """One-dimensional discrete Fourier transform along ``axis``."""
    return _c2c(a, n, axis, norm, False, out)


def ifft(a, n=None, axis=-1, norm=None, out=None):
    """One-dimensional inverse discrete Fourier transform along ``axis``."""
    return _c2c(a, n, axis, norm, True, out)


def rfft(a, n=None, axis=-1, norm=None, out=None):
    """Transform of real input: the n//2 + 1 non-negative frequency terms."""

    a = _asdevice(a)
    if a.dtype.kind == "c":
        raise TypeError("rfft: input must be real (NumPy discards the imaginary part with a "
                        "ComplexWarning; pass the real part explicitly)")
    if a.ndim == 0:
        raise np.exceptions.AxisError(axis, 0)
    axis_ = _axis(axis, a.ndim)
    n = a.shape[axis_] if n is None else operator.index(n)
    _check_n(n)
    cdtype = _complex_dtype(a.dtype, a.device)
    if n % 2 == 0:
        # half-length complex transform of the real row (see _engine.real_forward)
        rows = _rows_of(a, n, axis_, _real_of(cdtype))
        half = _engine.real_forward(a.device, rows, n, cdtype, _scale(norm, n, False))
        return _to_out(moveaxis(half, -1, axis_), out)
    full = _c2c(a, n, axis_, norm, False)
    key = (slice(None),) * axis_ + (slice(0, n // 2 + 1),)
    return _to_out(ascontiguousarray(full[key]), out)


def irfft(a, n=None, axis=-1, norm=None, out=None):
    """Inverse of rfft: real output of length n (default 2 * (m - 1))."""

    a = _asdevice(a)
    if a.ndim == 0:
        raise np.exceptions.AxisError(axis, 0)
    axis_ = _axis(axis, a.ndim)
    n = (a.shape[axis_] - 1) * 2 if n is None else operator.index(n)
    _check_n(n)
    scale = _scale(norm, n, True)
    cdtype = _complex_dtype(a.dtype, a.device)
    half = _rows_of(a, n // 2 + 1, axis_, cdtype)
    if n % 2 == 0:
        res = _engine.real_inverse(a.device, half, n, cdtype, scale)
        return _to_out(moveaxis(res, -1, axis_), out)
    # the Hermitian-symmetric full spectrum: X[n - k] = conj(X[k])
    tail = conj(flip(half[..., 1:n - n // 2], axis=-1))
    full = ascontiguousarray(concatenate([half, tail], axis=-1))
    res = _engine.transform_rows(a.device, full, n, True, scale)
    result = astype(real(res), _real_of(cdtype))
    return _to_out(moveaxis(result, -1, axis_), out)


def hfft(a, n=None, axis=-1, norm=None, out=None):
    """Transform of a Hermitian-symmetric signal given by its first half: real output."""

    a = _asdevice(a)
    if a.ndim == 0:
        raise np.exceptions.AxisError(axis, 0)
    if n is None:
        n = (a.shape[_axis(axis, a.ndim)] - 1) * 2
    return irfft(conj(a), n, axis, norm=_swap_direction(norm), out=out)


def ihfft(a, n=None, axis=-1, norm=None, out=None):
    """Inverse of hfft for real input: n//2 + 1 complex terms."""

    result = conj(rfft(a, n, axis, norm=_swap_direction(norm)))
    return _to_out(result, out)


def _cook_nd_args(a, s, axes, invreal=False):
    if s is None:
        shapeless = True
        s = list(a.shape) if axes is None else [a.shape[_axis(ax, a.ndim)] for ax in axes]
    else:
        shapeless = False
        s = [operator.index(v) if v is not None else None for v in s]
    if axes is None:
        if not shapeless:
            warnings.warn("`axes` should not be `None` if `s` is not `None` (Deprecated in "
                          "NumPy 2.0). In a future version of NumPy, this will raise an error "
                          "and `s[i]` will correspond to the size along the transformed axis "
                          "specified by `axes[i]`. To retain current behaviour, pass a "
                          "sequence [0, ..., k-1] to `axes` for an array of dimension k.",
                          DeprecationWarning, stacklevel=3)
        axes = list(range(-len(s), 0))
    else:
        axes = [operator.index(ax) for ax in axes]
    if len(s) != len(axes):
        raise ValueError("Shape and axes have different lengths.")
    if invreal and shapeless:
        s[-1] = (a.shape[_axis(axes[-1], a.ndim)] - 1) * 2
    s = [a.shape[_axis(ax, a.ndim)] if v is None else v for v, ax in zip(s, axes)]
    return s, axes


def _c2c_nd(a, s, axes, norm, inverse, out):
    a = _asdevice(a)
    s, axes = _cook_nd_args(a, s, axes)
    for ii in reversed(range(len(axes))):
        a = _c2c(a, s[ii], axes[ii], norm, inverse)
    if not axes:
        a = a.astype(_complex_dtype(a.dtype, a.device))
    return _to_out(a, out)


def fftn(a, s=None, axes=None, norm=None, out=None):
    """N-dimensional transform over ``axes`` (default: the last len(s) axes, or all)."""
    return _c2c_nd(a, s, axes, norm, False, out)


def ifftn(a, s=None, axes=None, norm=None, out=None):
    return _c2c_nd(a, s, axes, norm, True, out)


def fft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    return _c2c_nd(a, s, axes, norm, False, out)


def ifft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    return _c2c_nd(a, s, axes, norm, True, out)


def rfftn(a, s=None, axes=None, norm=None, out=None):
    """N-dimensional transform of real input: rfft over the last axis, fft over the rest."""
    a = _asdevice(a)
    s, axes = _cook_nd_args(a, s, axes)
    if not axes:
        raise ValueError("at least 1 axis must be transformed")
    a = rfft(a, s[-1], axes[-1], norm)
    for ii in range(len(axes) - 2, -1, -1):
        a = _c2c(a, s[ii], axes[ii], norm, False)
    return _to_out(a, out)


def irfftn(a, s=None, axes=None, norm=None, out=None):
    """Inverse of rfftn: real output of shape ``s`` over ``axes``."""
    a = _asdevice(a)
    s, axes = _cook_nd_args(a, s, axes, invreal=True)
    if not axes:
        raise ValueError("at least 1 axis must be transformed")
    for ii in range(len(axes) - 1):
        a = _c2c(a, s[ii], axes[ii], norm, True)
    return _to_out(irfft(a, s[-1], axes[-1], norm), out)


def rfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    return rfftn(a, s, axes, norm, out)


def irfft2(a, s=None, axes=(-2, -1), norm=None, out=None):
    return irfftn(a, s, axes, norm, out)


def _freq_dtype(dtype, device):
    if dtype is None:
        return _dtypes.default_float(device)
    dtype = _dtypes.check_dtype(dtype, device, "fftfreq")
    if dtype.kind != "f":
        raise ValueError(f"fftfreq: dtype must be a real floating dtype, got {dtype}")
    return dtype


def _as_int(n):
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool):
        raise ValueError("n should be an integer")
    return int(n)


def fftfreq(n, d=1.0, *, dtype=None, device=None):
    """Sample frequencies [0, 1, ..., -1] / (d * n) (NumPy's, with the Array API's
    ``dtype=``/``device=``)."""

    n = _as_int(n)
    device = as_device(device)
    dtype = _freq_dtype(dtype, device)
    k = np.concatenate([np.arange(0, (n - 1) // 2 + 1), np.arange(-(n // 2), 0)])
    return _creation.asarray((k / (n * d)).astype(dtype), device=device)


def rfftfreq(n, d=1.0, *, dtype=None, device=None):
    """Sample frequencies [0, 1, ..., n // 2] / (d * n) for rfft."""

    n = _as_int(n)
    device = as_device(device)
    dtype = _freq_dtype(dtype, device)
    return _creation.asarray((np.arange(0, n // 2 + 1) / (n * d)).astype(dtype), device=device)


def _shift(x, axes, sign):
    x = _asdevice(x)
    if axes is None:
        axes = tuple(range(x.ndim))
        shift = [sign * (dim // 2) for dim in x.shape]
    elif isinstance(axes, (int, np.integer)):
        shift = sign * (x.shape[_axis(axes, x.ndim)] // 2)
    else:
        shift = [sign * (x.shape[_axis(ax, x.ndim)] // 2) for ax in axes]
    if x.ndim == 0 or (not isinstance(axes, (int, np.integer)) and len(axes) == 0):
        return copy(x)
    return roll(x, shift, axes)


def fftshift(x, axes=None):
    """Move the zero-frequency term to the centre (roll by n // 2 along ``axes``)."""
    return _shift(x, axes, 1)


def ifftshift(x, axes=None):
    """The inverse of fftshift (roll by -(n // 2))."""
    return _shift(x, axes, -1)

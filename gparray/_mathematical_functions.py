"""NumPy's mathematical functions that are not ufuncs: ``angle``, ``fix``, ``sinc``,
``i0``, ``unwrap``, ``nan_to_num``, ``real_if_close`` and ``interp``, composed of device
ufuncs, scans and searches (no host round trip except where the result's dtype or shape
depends on the values: ``real_if_close`` reads back one bool).
"""
import numpy as np
from numpy.lib import _function_base_impl as _np_function_base

from . import _creation, _elementwise_functions, _manipulation, _searching
from ._core.ndarray import ndarray
from ._engines import reduction as _reductions, scan as _scans, sort as _sorting, ufuncs as uf
from ._engines.compaction import where
from ._engines.copying import astype
from ._join import concatenate
from ._runtime import dtypes as _dtypes

__all__ = ["angle", "fix", "sinc", "i0", "unwrap", "nan_to_num", "real_if_close", "interp"]


def _device_array(x):
    return x if isinstance(x, ndarray) else _creation.asarray(x)


def angle(z, deg=False):
    """The counterclockwise angle from the positive real axis (radians, or degrees with
    ``deg``); real input gives 0 or pi."""
    z = _device_array(z)
    if z.dtype.kind == "c":
        a = uf.arctan2(z.imag, z.real)
    else:
        a = uf.arctan2(0, z)
    if deg:
        a = uf.multiply(a, 180 / np.pi)
    return a


def fix(x, out=None):
    """Round toward zero (integers stay integers, as ``ceil``/``floor`` keep them)."""
    x = _device_array(x)
    res = uf.ceil(x, out=out)
    return uf.floor(x, out=res, where=uf.greater_equal(x, 0))


def sinc(x):
    """sin(pi x) / (pi x), with 1 at 0."""
    x = uf.multiply(np.pi, _device_array(x))
    # at 0, sin(eps) / eps rounds to 1 in every float precision
    eps = float(np.finfo(x.dtype).eps) if x.dtype.kind == "f" else 1e-20
    y = where(uf.not_equal(x, 0), x, eps)
    return uf.divide(uf.sin(y), y)


# Cephes' Chebyshev coefficients for exp(-x) I0(x) on [0, 8] and exp(-x) sqrt(x) I0(x)
# on (8, inf): read from NumPy so that both libraries evaluate the same series.
_I0_SMALL = tuple(float(c) for c in _np_function_base._i0A)
_I0_LARGE = tuple(float(c) for c in _np_function_base._i0B)


def _chebyshev(t, coefficients):
    """Clenshaw's recurrence: half of (b0 - b2) for the series at t (elementwise)."""
    b0 = _creation.full(t.shape, coefficients[0], dtype=t.dtype, device=t.device)
    b1 = _creation.zeros(t.shape, dtype=t.dtype, device=t.device)
    b2 = b1
    for c in coefficients[1:]:
        b2 = b1
        b1 = b0
        b0 = uf.add(uf.subtract(uf.multiply(t, b1), b2), c)
    return uf.multiply(uf.subtract(b0, b2), 0.5)


def i0(x):
    """The modified Bessel function of the first kind, order 0 (Cephes' Chebyshev series,
    as NumPy). Complex input raises TypeError; integers are computed in float64."""
    x = _device_array(x)
    if x.dtype.kind == "c":
        raise TypeError("i0 not supported for complex values")
    if x.dtype.kind != "f":
        x = astype(x, _dtypes.default_float(x.device))
    x = uf.absolute(x)
    small = uf.less_equal(x, 8.0)
    # each branch sees only arguments in its range (the others give finite values there)
    xs = where(small, x, 0.0)
    xl = where(small, 8.0, x)
    e_small = uf.multiply(uf.exp(xs), _chebyshev(uf.subtract(uf.divide(xs, 2.0), 2.0),
                                                 _I0_SMALL))
    e_large = uf.divide(uf.multiply(uf.exp(xl),
                                    _chebyshev(uf.subtract(uf.divide(32.0, xl), 2.0),
                                               _I0_LARGE)),
                        uf.sqrt(xl))
    return where(small, e_small, e_large)


def unwrap(p, discont=None, axis=-1, *, period=2 * np.pi):
    """Unwrap by taking the complement (modulo ``period``) of jumps larger than
    ``max(discont, period / 2)`` along ``axis``."""
    p = _device_array(p)
    d = _scans.diff(p, axis=axis)
    if discont is None:
        discont = period / 2
    dtype = _dtypes.result_type(d, period)
    if dtype.kind in "iu":
        high, rem = divmod(period, 2)
        ambiguous = rem == 0
    else:
        high = period / 2
        ambiguous = True
    low = -high
    wrapped = uf.add(uf.remainder(uf.subtract(d, low), period), low)
    if ambiguous:
        # a jump of exactly half a period keeps its sign
        wrapped = where(uf.logical_and(uf.equal(wrapped, low), uf.greater(d, 0)),
                        high, wrapped)
    correction = uf.subtract(wrapped, d)
    correction = where(uf.less(uf.absolute(d), discont), 0, correction)
    correction = astype(correction, dtype, copy=False)
    axis = axis % p.ndim if p.ndim else axis
    out = astype(p, dtype)
    tail = (slice(None),) * axis + (slice(1, None),)
    out[tail] = uf.add(p[tail], _scans.cumsum(correction, axis=axis))
    return out


def _replace_nonfinite(part, nan, posinf, neginf):
    """In place on a real floating array: NaN and the infinities replaced."""
    info = np.finfo(part.dtype)
    big = info.max if posinf is None else posinf
    small = info.min if neginf is None else neginf
    _manipulation.copyto(part, nan, where=uf.isnan(part), casting="unsafe")
    is_inf = uf.isinf(part)
    negative = uf.signbit(part)
    _manipulation.copyto(part, big, where=uf.logical_and(is_inf, uf.logical_not(negative)),
                         casting="unsafe")
    _manipulation.copyto(part, small, where=uf.logical_and(is_inf, negative),
                         casting="unsafe")


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """NaN replaced by ``nan``, infinities by ``posinf``/``neginf`` (default: the dtype's
    largest and smallest finite values); complex parts separately. ``copy=False`` works in
    place on a device array and returns it."""
    x = _device_array(x)
    if copy:
        x = x.copy()
    if x.dtype.kind == "c":
        _replace_nonfinite(x.real, nan, posinf, neginf)
        _replace_nonfinite(x.imag, nan, posinf, neginf)
    elif x.dtype.kind == "f":
        _replace_nonfinite(x, nan, posinf, neginf)
    return x


def real_if_close(a, tol=100):
    """The real part if every imaginary part is below ``tol`` (in machine epsilons when
    ``tol > 1``, else absolute); otherwise ``a`` unchanged."""
    a = _device_array(a)
    if a.dtype.kind != "c":
        return a
    if tol > 1:
        tol = np.finfo(a.dtype).eps * tol
    if bool(_reductions.all(uf.less(uf.absolute(a.imag), tol))):
        return a.real
    return a


def _interp_real(x, xp, fp, left, right):
    n = xp.shape[0]
    if n == 1:
        mid = _creation.full(x.shape, fp[0], dtype=fp.dtype, device=x.device)
    else:
        j = uf.subtract(_searching.searchsorted(xp, x, side="right"), 1)
        j = _elementwise_functions.clip(j, 0, n - 2)
        x0, x1 = xp[j], xp[uf.add(j, 1)]
        y0, y1 = fp[j], fp[uf.add(j, 1)]
        slope = uf.divide(uf.subtract(y1, y0), uf.subtract(x1, x0))
        mid = uf.add(uf.multiply(slope, uf.subtract(x, x0)), y0)
        # a repeated abscissa gives an infinite slope: NumPy measures from the right end,
        # and takes the common value when both ends agree
        bad = uf.isnan(mid)
        from_right = uf.add(uf.multiply(slope, uf.subtract(x, x1)), y1)
        mid = where(bad, from_right, mid)
        mid = where(uf.logical_and(uf.isnan(mid), uf.equal(y0, y1)), y0, mid)
        mid = where(uf.equal(x, x0), y0, mid)
    mid = where(uf.equal(x, xp[n - 1]), fp[n - 1], mid)
    mid = where(uf.less(x, xp[0]), fp[0] if left is None else left, mid)
    return where(uf.greater(x, xp[n - 1]), fp[n - 1] if right is None else right, mid)


def interp(x, xp, fp, left=None, right=None, period=None):
    """Piecewise-linear interpolation of (xp, fp) at x (xp increasing; with ``period``,
    xp is taken modulo the period and sorted). float64 results (complex128 for complex fp;
    float32/complex64 on a device without fp64)."""
    x, xp, fp = _device_array(x), _device_array(xp), _device_array(fp)
    real = _dtypes.default_float(x.device)
    if fp.dtype.kind == "c":
        ctype = np.result_type(real, np.complex64)
        fp = astype(fp, ctype, copy=False)
    else:
        fp = astype(fp, real, copy=False)
    if xp.ndim != 1 or fp.ndim != 1:
        raise ValueError("object too deep for desired array")
    if xp.shape[0] != fp.shape[0]:
        raise ValueError("fp and xp are not of the same length")
    if xp.shape[0] == 0:
        raise ValueError("array of sample points is empty")
    x = astype(x, real, copy=False)
    xp = astype(xp, real, copy=False)
    if period is not None:
        if period == 0:
            raise ValueError("period must be a non-zero value")
        period = abs(period)
        left = right = None
        x = uf.remainder(x, period)
        xp = uf.remainder(xp, period)
        order = _sorting.argsort(xp)
        xp, fp = xp[order], fp[order]
        xp = concatenate((uf.subtract(xp[-1:], period), xp, uf.add(xp[0:1], period)))
        fp = concatenate((fp[-1:], fp, fp[0:1]))
    if fp.dtype.kind == "c":
        def part(v, which):
            return None if v is None else getattr(np.asarray(v, dtype=complex), which)[()]

        re = _interp_real(x, xp, fp.real, part(left, "real"), part(right, "real"))
        im = _interp_real(x, xp, fp.imag, part(left, "imag"), part(right, "imag"))
        out = _creation.empty(x.shape, dtype=fp.dtype, device=x.device)
        out.real[...] = re
        out.imag[...] = im
        return out
    return _interp_real(x, xp, fp, left, right)

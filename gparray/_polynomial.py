"""NumPy's legacy polynomial functions (``numpy.poly*`` and ``roots``) on device arrays.

Coefficients run from the highest power down, as in NumPy. Everything is composed of
device operations (convolution, Horner steps, least squares, eigenvalues of the companion
matrix); the host reads back only what decides a result's shape: the leading and trailing
zeros that ``roots`` strips and the remainder's leading zeros that ``polydiv`` strips.
``numpy.poly1d`` arguments are not supported on the device.
"""
import warnings

import numpy as np

from . import _creation, _join, _manipulation, _rearrange, linalg
from ._comparison import allclose
from ._convolve import convolve
from ._core.ndarray import ndarray
from ._engines import (compaction as _nonzero, reduction as _reductions, sort as _sorting,
                       ufuncs as uf)
from ._engines.copying import astype
from ._linalg_products import dot, outer
from ._runtime import dtypes as _dtypes
from ._trim_zeros import trim_zeros

__all__ = ["poly", "polyadd", "polysub", "polymul", "polydiv", "polyder", "polyint",
           "polyval", "polyfit", "roots"]


def _device_array(x):
    return x if isinstance(x, ndarray) else _creation.asarray(x)


def _coefficients(a):
    return _manipulation.atleast_1d(_device_array(a))


def poly(seq_of_zeros):
    """The coefficients of the monic polynomial with the given roots (or, for a square
    matrix, of its characteristic polynomial). Real when the roots come in conjugate
    pairs."""
    zeros = _manipulation.atleast_1d(_device_array(seq_of_zeros))
    shape = zeros.shape
    if len(shape) == 2 and shape[0] == shape[1] and shape[0] != 0:
        zeros = linalg.eigvals(zeros)
    elif len(shape) == 1:
        # NumPy's mintypecode: float32/64 and complex64/128 stay, the rest become float64
        if zeros.dtype not in (_dtypes.float32, _dtypes.float64, _dtypes.complex64,
                               _dtypes.complex128):
            zeros = astype(zeros, _dtypes.default_float(zeros.device))
    else:
        raise ValueError("input must be 1d or non-empty square 2d array.")
    if zeros.shape[0] == 0:
        return 1.0
    dt = zeros.dtype
    a = _creation.ones((1,), dtype=dt, device=zeros.device)
    for k in range(zeros.shape[0]):
        factor = _join.stack([_creation.ones((), dtype=dt, device=zeros.device),
                              uf.negative(zeros[k])])
        a = convolve(a, factor, mode="full")
    if dt.kind == "c":
        closed = uf.equal(_sorting.sort(zeros), _sorting.sort(uf.conjugate(zeros)))
        if bool(_reductions.all(closed)):
            a = a.real.copy()
    return a


def _aligned(a1, a2):
    """Both coefficient arrays, the shorter padded with leading zeros."""
    a1, a2 = _coefficients(a1), _coefficients(a2)
    diff = a2.shape[0] - a1.shape[0]
    if diff > 0:
        a1 = _join.concatenate((_creation.zeros((diff,), dtype=a1.dtype, device=a1.device),
                                a1))
    elif diff < 0:
        a2 = _join.concatenate((_creation.zeros((-diff,), dtype=a2.dtype, device=a2.device),
                                a2))
    return a1, a2


def polyadd(a1, a2):
    """The sum of two polynomials."""
    a1, a2 = _aligned(a1, a2)
    return uf.add(a1, a2)


def polysub(a1, a2):
    """The difference of two polynomials."""
    a1, a2 = _aligned(a1, a2)
    return uf.subtract(a1, a2)


def _trimmed(a):
    """1-d coefficients without leading zeros ([0] when all are zero), as numpy.poly1d
    makes them."""
    a = _device_array(a)
    if a.ndim > 1:
        raise ValueError("Polynomial must be 1d only.")
    a = trim_zeros(_manipulation.atleast_1d(a), trim="f")
    if a.shape[0] == 0:
        return _creation.zeros((1,), dtype=a.dtype, device=a.device)
    return a


def polymul(a1, a2):
    """The product of two polynomials (their convolution, after dropping leading zeros
    as NumPy does)."""
    return convolve(_trimmed(a1), _trimmed(a2))


def polydiv(u, v):
    """Quotient and remainder of polynomial division (float results); leading
    remainder coefficients within 1e-14 of 0 are dropped, as in NumPy."""
    u = uf.add(_coefficients(u), 0.0)
    v = uf.add(_coefficients(v), 0.0)
    w = uf.add(u[0], v[0])
    m, n = u.shape[0] - 1, v.shape[0] - 1
    scale = uf.divide(1.0, v[0])
    q = _creation.zeros((max(m - n + 1, 1),), dtype=w.dtype, device=u.device)
    r = astype(u, w.dtype)
    for k in range(0, m - n + 1):
        d = uf.multiply(scale, r[k])
        q[k] = d
        r[k:k + n + 1] = uf.subtract(r[k:k + n + 1], uf.multiply(d, v))
    while allclose(r[0], 0, rtol=1e-14) and r.shape[-1] > 1:
        r = r[1:]
    return q, r


def polyder(p, m=1):
    """The m-th derivative."""
    m = int(m)
    if m < 0:
        raise ValueError("Order of derivative must be positive (see polyint)")
    p = _device_array(p)
    for _ in range(m):
        n = p.shape[0] - 1
        p = uf.multiply(p[:-1], _creation.arange(n, 0, -1, device=p.device))
    return p


def polyint(p, m=1, k=None):
    """The m-th antiderivative; ``k`` gives the integration constants (one scalar for
    all, or m of them, the first for the outermost integral)."""
    m = int(m)
    if m < 0:
        raise ValueError("Order of integral must be positive (see polyder)")
    p = _device_array(p)
    if k is None:
        k = _creation.zeros((m,), dtype=_dtypes.default_float(p.device), device=p.device)
    k = _manipulation.atleast_1d(_device_array(k))
    if k.shape[0] == 1 and m > 1:
        k = uf.multiply(k[0], _creation.ones((m,), dtype=k.dtype, device=p.device))
    if k.shape[0] < m:
        raise ValueError("k must be a scalar or a rank-1 array of length 1 or >m.")
    for j in range(m):
        powers = _creation.arange(p.shape[0], 0, -1, device=p.device)
        p = _join.concatenate((uf.true_divide(p, powers), k[j:j + 1]))
    return p


def polyval(p, x):
    """The polynomial evaluated at x, by Horner's scheme (NumPy's promotion: the
    coefficients' dtype and x's)."""
    p = _device_array(p)
    x = _device_array(x)
    y = _creation.zeros_like(x)
    for k in range(p.shape[0] if p.ndim else 0):
        y = uf.add(uf.multiply(y, x), p[k])
    return y


def polyfit(x, y, deg, rcond=None, full=False, w=None, cov=False):
    """Least-squares polynomial fit (NumPy's column scaling, weights, ``full`` and
    ``cov`` outputs); warns ``RankWarning`` when the fit is rank deficient."""
    order = int(deg) + 1
    x = uf.add(_device_array(x), 0.0)
    y = uf.add(_device_array(y), 0.0)
    if deg < 0:
        raise ValueError("expected deg >= 0")
    if x.ndim != 1:
        raise TypeError("expected 1D vector for x")
    if x.size == 0:
        raise TypeError("expected non-empty vector for x")
    if y.ndim < 1 or y.ndim > 2:
        raise TypeError("expected 1D or 2D array for y")
    if x.shape[0] != y.shape[0]:
        raise TypeError("expected x and y to have same length")
    if rcond is None:
        rcond = x.shape[0] * np.finfo(x.dtype).eps
    lhs = _rearrange.vander(x, order)
    rhs = y
    if w is not None:
        w = uf.add(_device_array(w), 0.0)
        if w.ndim != 1:
            raise TypeError("expected a 1-d array for weights")
        if w.shape[0] != y.shape[0]:
            raise TypeError("expected w and y to have the same length")
        lhs = uf.multiply(lhs, w[:, None])
        rhs = uf.multiply(rhs, w if rhs.ndim == 1 else w[:, None])
    scale = uf.sqrt(_reductions.sum(uf.multiply(lhs, lhs), axis=0))
    lhs = uf.true_divide(lhs, scale)
    c, resids, rank, s = linalg.lstsq(lhs, rhs, rcond)
    c = uf.true_divide(c.T, scale).T
    rank = int(rank)
    if rank != order and not full:
        warnings.warn("Polyfit may be poorly conditioned", np.exceptions.RankWarning,
                      stacklevel=2)
    if full:
        return c, resids, rank, s, rcond
    if cov:
        vbase = linalg.inv(dot(lhs.T, lhs))
        vbase = uf.true_divide(vbase, outer(scale, scale))
        if cov == "unscaled":
            fac = 1
        else:
            if x.shape[0] <= order:
                raise ValueError("the number of data points must exceed order to scale the "
                                 "covariance matrix")
            fac = uf.true_divide(resids, x.shape[0] - order)
        if y.ndim == 1:
            return c, uf.multiply(vbase, fac)
        return c, uf.multiply(vbase[:, :, None], fac)
    return c


def roots(p):
    """The roots of the polynomial: eigenvalues of its companion matrix, on the device.
    Leading and trailing zero coefficients are stripped (trailing ones give zero roots)."""
    p = _manipulation.atleast_1d(_device_array(p))
    if p.ndim != 1:
        raise ValueError("Input must be a rank-1 array.")
    nz = _nonzero.flatnonzero(p)
    if nz.shape[0] == 0:
        return _creation.asarray(np.array([]), device=p.device)
    first, last = (int(v) for v in _join.stack([nz[0], nz[-1]]).get())
    trailing = p.shape[0] - last - 1
    p = p[first:last + 1]
    if p.dtype.kind not in "fc":
        p = astype(p, _dtypes.default_float(p.device))
    n = p.shape[0]
    if n > 1:
        companion = _rearrange.diag(_creation.ones((n - 2,), dtype=p.dtype, device=p.device),
                                    -1)
        companion[0, :] = uf.true_divide(uf.negative(p[1:]), p[0])
        found = linalg.eigvals(companion)
    else:
        # NumPy's empty root list has the default float dtype, whatever p's dtype
        found = _creation.empty((0,), dtype=_dtypes.default_float(p.device), device=p.device)
    return _join.concatenate((found, _creation.zeros((trailing,), dtype=found.dtype,
                                                     device=p.device)))

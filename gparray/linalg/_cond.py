"""cond (numpy.linalg.cond): from the singular values, or from a norm of the matrix and of its
inverse."""
import numpy as np

from .._creation import eye
from .._engines import ufuncs
from .._engines.compaction import where
from .._engines.copying import copy_into
from .._engines.reduction import any as _any
from . import _common as c, _host_lapack, _jacobi
from ._lu import lu_factor, lu_solve
from ._norms import norm
from ._svd import _on_device, _prepared, svd


def cond(x, p=None):
    """Condition number (numpy.linalg.cond): p None/2/-2 from the singular values, other p as
    norm(x, p) * norm(inv(x), p); NaN results become inf unless x has NaNs (NumPy's rule),
    LinAlgError on empty matrices. OpenCL path: device singular values, or the device LU
    inverse (NaN where a matrix is singular); CPU devices while host LAPACK is allowed:
    LAPACK."""

    x = c.operand(x)
    if not _on_device(x):
        return _host_lapack.run(np.linalg.cond, x._device, x, p)
    if x.size == 0 and int(np.prod(x._shape[-2:])) == 0:
        raise c.LinAlgError("cond is not defined on empty arrays")
    if p is None or p == 2 or p == -2:
        s = svd(x, compute_uv=False)
        top, bottom = s[..., 0], s[..., -1]
        r = ufuncs.divide(bottom, top) if p == -2 else ufuncs.divide(top, bottom)
    else:
        c.check_stacked_2d(x)
        c.check_square(x)
        xw = _prepared(x)
        r = ufuncs.multiply(norm(xw, p, axis=(-2, -1)), norm(_inv_or_nan(xw), p,
                                                                axis=(-2, -1)))
        r = r.astype(_jacobi.real_dtype(xw._dtype))
    nan = ufuncs.isnan(r)
    if x._dtype.kind in "fc":
        nan = ufuncs.logical_and(nan, ufuncs.logical_not(
            _any(ufuncs.isnan(x), axis=(-2, -1))))
    return where(nan, np.inf, r).astype(r._dtype)


def _inv_or_nan(a):
    """The inverse of each matrix, NaN where it is singular (NumPy's inv gufunc inside
    cond): the device LU and solves."""

    n = a._shape[-1]
    w = c.work_copy(a, a._dtype)
    count = c.batch_count(w._shape)
    w3 = w.reshape((count, n, n))
    piv, info = lu_factor(w3)
    xinv = c.work_copy(a, a._dtype)
    copy_into(xinv, eye(n, dtype=a._dtype, device=a._device))
    lu_solve(w3, piv, xinv.reshape((count, n, n)))
    bad = ufuncs.greater(info, 0).reshape(a._shape[:-2] + (1, 1))
    return where(bad, np.nan, xinv).astype(a._dtype)

"""``gparray.linalg``: NumPy's and the Array API's linear algebra on the device.

OpenCL paths (gparray/kernels/linalg_factor.cl), for float32/64 and complex64/128: blocked
Cholesky, LU with partial pivoting (solve, inv, det, slogdet, tensorsolve, tensorinv) and
Householder QR, whose bulk work is matmul on the device and whose panels run in one
work-group per matrix; svd/svdvals/eigh/eigvalsh of every size by batched one-sided Jacobi
with what is built on them (pinv, lstsq, matrix_rank, cond, the 2/-2/'nuc' norms);
eig/eigvals by balancing, Hessenberg reduction and shifted complex QR in one work-group
per matrix. On CPU devices every decomposition uses the host's LAPACK by default (measured faster:
benchmarks/bench_linalg_decomp.py); ``set_host_lapack(False)`` or ``GPARRAY_HOST_LAPACK=0``
forces the OpenCL paths. Everything is batched over leading dimensions and keeps NumPy's
signatures, result dtypes and errors (``LinAlgError`` is ``numpy.linalg.LinAlgError``).
"""
from numpy.linalg import LinAlgError

from ._host_lapack import get_host_lapack, host_lapack, set_host_lapack
from ._cholesky import cholesky
from ._lu import det, inv, matrix_power, slogdet, solve, tensorinv, tensorsolve
from ._qr import qr
from ._cond import cond
from ._svd import lstsq, matrix_rank, pinv, svd, svdvals
from ._eig import eig, eigh, eigvals, eigvalsh
from ._norms import matrix_norm, norm, vector_norm
from ._array_api import diagonal, trace
from .._manipulation import matrix_transpose
# The products are the main namespace's (gparray/_linalg_products.py), in numpy.linalg's forms.
from .._linalg_products import (linalg_cross as cross, linalg_matmul as matmul,
                                linalg_outer as outer, linalg_tensordot as tensordot,
                                linalg_vecdot as vecdot, multi_dot)

__all__ = [
    "LinAlgError", "cholesky", "cond", "cross", "det", "diagonal", "eig", "eigh", "eigvals",
    "eigvalsh", "get_host_lapack", "host_lapack", "inv", "lstsq", "matmul", "matrix_norm",
    "matrix_power", "matrix_rank", "matrix_transpose", "multi_dot", "norm", "outer", "pinv",
    "qr", "set_host_lapack", "slogdet", "solve", "svd", "svdvals", "tensordot", "tensorinv",
    "tensorsolve", "trace", "vecdot", "vector_norm",
]

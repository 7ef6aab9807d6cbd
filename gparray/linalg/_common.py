"""What every linalg function shares: operand checks with NumPy's errors, the result dtype
(NumPy's linalg rules), contiguous working copies, and the factorization kernels."""
import functools

import numpy as np

from .._core.ndarray import ndarray
from .._creation import asarray, empty
from .._engines import ufuncs
from .._engines.copying import copy_into
from .._engines.reduction import _launch_groups, sum as _sum
from .._linalg_products import matmul
from .._runtime import launch as _launch, programs as _programs

LinAlgError = np.linalg.LinAlgError

GROUP = 64          # most work-items per matrix in the one-group-per-matrix kernels
BLOCK = 64          # panel width of the blocked factorizations


def operand(x, device=None):
    return x if isinstance(x, ndarray) else asarray(x, device=device)


def result_dtype(*arrays):
    """NumPy's linalg dtype: float32/complex64 stay, float64/complex128 stay, bool and
    integers compute in float64 (float32 on devices without fp64), float16 is refused."""
    dt = np.result_type(*[a._dtype for a in arrays])
    if dt.kind in "biu":
        dt = np.dtype(np.float64)
    if dt == np.float16 or dt.kind not in "fc":
        raise TypeError(f"array type {dt} is unsupported in linalg")
    if not arrays[0]._device.has_fp64:
        dt = np.dtype(np.complex64 if dt.kind == "c" else np.float32)
    return dt


def check_stacked_2d(*arrays):
    for a in arrays:
        if a.ndim < 2:
            raise LinAlgError(f"{a.ndim}-dimensional array given. Array must be at least "
                              "two-dimensional")


def check_square(*arrays):
    for a in arrays:
        if a._shape[-1] != a._shape[-2]:
            raise LinAlgError("Last 2 dimensions of the array must be square")


def work_copy(a, dtype, shape=None):
    """A fresh C-contiguous copy of ``a`` (broadcast to ``shape``) in ``dtype``."""

    out = empty(a._shape if shape is None else shape, dtype=dtype, device=a._device)
    if out.size:
        copy_into(out, a)
    return out


def opencl_dtype(dtype):
    """Whether the OpenCL kernels handle ``dtype`` (float32/64, complex64/128)."""
    return dtype.kind in "fc"


_CTYPES = {"f4": ("float", "float"), "f8": ("double", "double"), "c8": ("float2", "float"),
           "c16": ("double2", "double")}


def linalg_source(template, ctype, real, local, defines=(), head=()):
    """Program text of linalg kernel file ``template`` for element C type ``ctype`` (real
    type ``real``; complex when they differ) and work-group size ``local``: ``head`` lines,
    the prelude, the element-type defines, ``defines``, linalg_scalar.cl (MUL, CONJ, ...)
    and the template."""
    return "\n".join([*head, _programs.template("prelude.cl"), f"#define T {ctype}",
                      f"#define R {real}", "#define GP_COMPLEX 1" if ctype != real else "",
                      f"#define GP_LOCAL {local}", *defines,
                      _programs.template("linalg_scalar.cl"), _programs.template(template)])


@functools.lru_cache(maxsize=None)
def _source(code, local):
    ctype, real = _CTYPES[code]
    return linalg_source("linalg_factor.cl", ctype, real, local)


_L, _I = np.int64, np.int32
_ARGS = {
    "chol_unblocked": (None, _L, _L, _L, _L, _I, None, _I),
    "lu_panel": (None, _L, _L, _L, _L, _I, _I, _I, _I, None, _L, None, _I),
    "swap_rows": (None, _L, _L, _L, _L, _I, _L, _L, None, _L),
    "trsm_left": (None, _L, _L, _L, _L, None, _L, _L, _L, _L, _I, _L, _L, _I, _I, _I),
    "qr_unblocked": (None, _L, _L, _L, _L, _I, _I, None, _L, _L),
    "qr_form_t": (None, _L, _L, _L, _L, None, _L, _L, None, _L, _L, _L, _L, _I, _L),
    "qr_form_q": (None, _L, _L, _L, _L, None, _L, None, _L, _L, _L, _L, _I, _I, _I),
}


def kernel(device, dtype, name, local=GROUP):
    code = f"{dtype.kind}{dtype.itemsize}"
    args = tuple(dtype if a == "T" else a for a in _ARGS[name])     # "T": a scalar of dtype
    return _programs.kernel(device, _source(code, local), name, args)


def launch_groups(device, name, dtype, groups, args, n):
    """One work-group per matrix of size ``n``: about n/4 work-items, from 8 to GROUP (idle
    work-items cost the most in batches of small matrices: 10000 4x4 LU 14x faster on PoCL
    with 8 than with 64)."""

    local = min(GROUP, max(8, 1 << max(0, (n - 1).bit_length() - 2)))
    _launch_groups(device, kernel(device, dtype, name, local), groups, local, args,
                   "linalg." + name)


def launch_items(device, name, dtype, n_items, args):
    _launch.launch(device, kernel(device, dtype, name), n_items, args, "linalg." + name)


def layout(a):
    """(element offset, row stride, column stride, batch stride) of a contiguous stack of
    matrices or of a block view of one (batch stride from the third-last axis)."""
    item = a.itemsize
    bs = a._strides[-3] // item if a.ndim > 2 else 0
    return a._offset // item, a._strides[-2] // item, a._strides[-1] // item, bs


def batch_count(shape):
    return int(np.prod(shape[:-2], dtype=np.int64))


def check_info(info, message):
    """Raise LinAlgError when any matrix's LAPACK-style info is nonzero (reads a few ints)."""
    if info.size and int(info.get().max()) > 0:
        raise LinAlgError(message)


def trsm(t, b, lower, unit, conj=False):
    """b := t^-1 b (conj(t)^-1 b with ``conj``) in place for triangular (B, n, n) ``t`` and
    (B, n, k) ``b`` (views of contiguous stacks): blocked, the diagonal blocks by the
    trsm_left kernel (one work-item per column), the off-diagonal updates by matmul."""

    device, dtype = b._device, b._dtype
    batch, n, k = b._shape
    if not b.size:
        return b
    starts = list(range(0, n, BLOCK))
    for j in (starts if lower else reversed(starts)):
        jb = min(BLOCK, n - j)
        x = b[:, j:j + jb, :]
        launch_items(device, "trsm_left", dtype, batch * k,
                     [t._buf.cl, *layout(t[:, j:j + jb, j:j + jb]), b._buf.cl, *layout(x), jb,
                      k, batch * k, int(lower), int(unit), int(conj)])
        rest = b[:, j + jb:, :] if lower else b[:, :j, :]
        if rest._shape[1]:
            tb = t[:, j + jb:, j:j + jb] if lower else t[:, :j, j:j + jb]
            tb = ufuncs.conjugate(tb) if conj and tb._dtype.kind == "c" else tb
            ufuncs.subtract(rest, matmul(tb, x), out=(rest,))
    return b


def sumsq(x, axis, keepdims=False):
    """The 2-norm of ``x`` along ``axis``: sqrt of the sum of |x|^2."""
    sq = ufuncs.multiply(x, x) if x._dtype.kind != "c" else \
        ufuncs.add(ufuncs.multiply(x.real, x.real), ufuncs.multiply(x.imag, x.imag))
    return ufuncs.sqrt(_sum(sq, axis=axis, keepdims=keepdims))

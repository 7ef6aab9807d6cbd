"""Scans: ``ufunc.accumulate`` for every binary ufunc (gparray/kernels/scan.cl) and the NumPy
functions built on it: cumsum, cumprod, nancumsum, nancumprod, cumulative_sum,
cumulative_prod; and the differences diff, ediff1d, gradient, trapezoid.

``scan`` is the reusable on-device scan (inclusive or exclusive, any axis), e.g. for stream
compaction: ``scan(flags, exclusive=True)`` gives each kept element its output position.
"""
import functools
import operator

import numpy as np

from .._core.allocate import empty
from .._core.ndarray import ndarray
from .._core.operands import asarray, device_array
from .._core.views import broadcast_to, normalize_axes, normalize_axis
from .._runtime import dtypes as _dtypes, launch as _launch, programs as _programs
from .._runtime.dtypes import fit, floating, result_type
from .._runtime.ufunc_table import ROWS
from . import host_small as _host_small, ufuncs
from .compaction import where
from .fold import fold_source, row_layout
from .reduction import (_identity_literal, _launch_groups, _local_size, _resolve_reduce,
                        REORDERABLE, sum as _sum, zero_d_axis)
from .ufunc import UFUNCS

__all__ = ["cumprod", "cumsum", "cumulative_prod", "cumulative_sum", "diff", "ediff1d",
           "gradient", "nancumprod", "nancumsum", "trapezoid"]


@functools.lru_cache(maxsize=512)
def _source(name, loop, in_dtype, out_dtype, fp64, local=0):
    extra = []
    if local:
        acc = loop[ROWS[name][1]]
        extra = [f"#define GP_LOCAL {local}", f"#define GP_IDENTITY {_identity_literal(name, acc)}"]
    return fold_source(name, loop, in_dtype, out_dtype, fp64, "scan.cl", extra)


_ROW_ARGS = (None, np.int64, None, np.int64, None, np.int32, np.int64, np.int64, np.int64, np.int64)


def accumulate_into(row, loop, a, out, axis):
    """out = accumulate(a) along ``axis`` (same shapes), any strides.

    Reorderable ufuncs (add, multiply, maximum, logical and bitwise ops, ...) scan in
    parallel when there are too few rows to fill the device; the others, and many short
    rows, walk each row in order in one work-item, exactly as NumPy defines accumulate.
    """

    device = a._device
    if a.size == 0:
        return out
    lay, other = row_layout(a, out, axis, "accumulate")
    rows = int(np.prod([a._shape[k] for k in other], dtype=np.int64))
    rowlen = a._shape[axis]
    step_in, step_out = a._strides[axis] // a.itemsize, out._strides[axis] // out.itemsize
    in_off, out_off = a._offset // a.itemsize, out._offset // out.itemsize
    local = _local_size(device)
    width = 2 * local * device.compute_units
    # Float products are left in order: regrouping them changes where overflow to inf meets
    # underflow to 0 (inf * 0 = nan), which a user of cumprod would see.
    parallel = row.name in REORDERABLE and not (row.name == "multiply" and loop[2].kind in "fc")
    if parallel and rows < width and rowlen >= 4 * local:
        chunks = max(1, min(rowlen // (16 * local), -(-width // rows)))
        return _parallel_scan(device, row, loop, a, out, lay, len(other), rows, rowlen, step_in,
                              step_out, in_off, out_off, local, chunks)
    source = _source(row.name, loop, a._dtype, out._dtype, device.has_fp64)
    if rows >= 16 * local and other and abs(step_in) > abs(int(lay[1, len(other) - 1])):
        # scanning along a leading axis: 16 neighbouring rows per work-item
        knl = _programs.kernel(device, source, "scan_cols", _ROW_ARGS)
        _launch.launch(device, knl, (rows + 15) // 16,
                       [a._buf.cl, in_off, out._buf.cl, out_off, lay, len(other), rows, rowlen,
                        step_in, step_out], row.name)
        return out
    knl = _programs.kernel(device, source, "scan_rows", _ROW_ARGS)
    _launch.launch(device, knl, rows, [a._buf.cl, in_off, out._buf.cl, out_off, lay, len(other),
                                       rows, rowlen, step_in, step_out], row.name)
    return out


def _parallel_scan(device, row, loop, a, out, lay, ndim, rows, rowlen, step_in, step_out,
                   in_off, out_off, local, chunks):

    acc = loop[row.nin]
    totals = empty((rows * chunks,), dtype=np.float32 if acc == np.float16 else acc,
                   device=device)
    source = _source(row.name, loop, a._dtype, out._dtype, device.has_fp64, local)
    groups = rows * chunks
    knl = _programs.kernel(device, source, "scan_chunk_totals",
                           (None, np.int64, np.int64, None, np.int32, np.int64, np.int64, np.int64,
                            None))
    _launch_groups(device, knl, groups, local, [a._buf.cl, in_off, out_off, lay, ndim, rowlen,
                                                step_in, chunks, totals._buf.cl], row.name)
    knl = _programs.kernel(device, source, "scan_chunk_offsets", (None, np.int64, np.int64))
    _launch.launch(device, knl, rows, [totals._buf.cl, rows, chunks], row.name)
    knl = _programs.kernel(device, source, "scan_chunks",
                           (None, np.int64, None, np.int64, None, np.int32, np.int64, np.int64,
                            np.int64, np.int64, None))
    _launch_groups(device, knl, groups, local, [a._buf.cl, in_off, out._buf.cl, out_off, lay, ndim,
                                                rowlen, step_in, step_out, chunks, totals._buf.cl],
                   row.name)
    return out


def ufunc_accumulate(uf, array, axis=0, dtype=None, out=None):
    if uf.nin != 2 or uf.nout != 1:
        raise ValueError("accumulate only supported for binary functions")
    a = array if isinstance(array, ndarray) else asarray(array)
    if isinstance(out, tuple):
        out = out[0]
    if a.ndim == 0:
        raise TypeError("cannot accumulate on a scalar")
    axis = normalize_axis(axis, a.ndim)
    loop = _resolve_reduce(uf, a._dtype, dtype, out)
    for dt in loop:
        _dtypes.check_dtype(dt, a._device, uf.__name__)
    target = out
    if target is None:
        target = empty(a._shape, dtype=loop[2], device=a._device)
    elif target._shape != a._shape:
        raise ValueError(f"output shape {target._shape} does not match {a._shape}")
    return accumulate_into(uf._row, loop, a, target, axis)


# -- NumPy functions built on accumulate ------------------------------------------------
def _along(ndim, axis, index):
    """A basic index selecting ``index`` along ``axis``."""
    key = [slice(None)] * ndim
    key[axis] = index
    return tuple(key)


def _cumulative(name, a, axis, dtype, out, include_initial=False):
    a = device_array(a)
    if out is None and not include_initial:
        result = _host_small.call("scan", a, np.cumsum if name == "add" else np.cumprod,
                                  axis=axis, dtype=dtype)
        if result is not None:
            return result
    if zero_d_axis(axis, a.ndim) is None:
        a = a.reshape(-1)
        axis = 0
    axis = normalize_axis(axis, a.ndim)
    uf = UFUNCS[name]
    if not include_initial:
        return uf.accumulate(a, axis=axis, dtype=dtype, out=out)

    loop = _resolve_reduce(uf, a._dtype, dtype, out)
    shape = tuple(n + 1 if k == axis else n for k, n in enumerate(a._shape))
    target = empty(shape, dtype=loop[2], device=a._device) if out is None else out
    if target._shape != shape:
        raise ValueError(f"output shape {target._shape} does not match {shape}")
    target[_along(a.ndim, axis, 0)] = uf.identity
    uf.accumulate(a, axis=axis, dtype=dtype, out=target[_along(a.ndim, axis, slice(1, None))])
    return target


def scan(a, axis=-1, op="add", dtype=None, exclusive=False):
    """The on-device scan of ``a`` along ``axis`` with the binary ufunc named ``op``:
    inclusive (``accumulate``) or, with ``exclusive=True``, starting from the ufunc's
    identity. Reorderable ufuncs scan in parallel (block-wise: per-work-group scans, a scan of
    the block totals, and the block prefixes added back)."""
    a = device_array(a)
    if not exclusive:
        return UFUNCS[op].accumulate(a, axis=axis, dtype=dtype)
    axis = normalize_axis(axis, a.ndim)
    full = _cumulative(op, a, axis, dtype, None, include_initial=True)
    return full[_along(a.ndim, axis, slice(None, -1))]


def cumsum(a, axis=None, dtype=None, out=None):
    """Cumulative sum (flattened when ``axis`` is None); small integers accumulate in int64."""
    return _cumulative("add", a, axis, dtype, out)


def cumprod(a, axis=None, dtype=None, out=None):
    return _cumulative("multiply", a, axis, dtype, out)


def cumulative_sum(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    """Array API cumulative sum: ``axis`` is required above one dimension; with
    ``include_initial`` the result starts with 0 and is one longer along ``axis``."""
    x = device_array(x)
    if axis is None:
        if x.ndim > 1:
            raise ValueError("For arrays which have more than one dimension ``axis`` argument "
                             "is required.")
        axis = 0
        x = x.reshape(-1)
    return _cumulative("add", x, axis, dtype, out, include_initial)


def cumulative_prod(x, /, *, axis=None, dtype=None, out=None, include_initial=False):
    x = device_array(x)
    if axis is None:
        if x.ndim > 1:
            raise ValueError("For arrays which have more than one dimension ``axis`` argument "
                             "is required.")
        axis = 0
        x = x.reshape(-1)
    return _cumulative("multiply", x, axis, dtype, out, include_initial)


def _replace_nan(a, value):
    a = device_array(a)
    if a._dtype.kind not in "fc":
        return a
    return where(ufuncs.isnan(a), np.asarray(value, dtype=a._dtype)[()], a)


def nancumsum(a, axis=None, dtype=None, out=None):
    """Cumulative sum treating NaNs as zero."""
    return _cumulative("add", _replace_nan(a, 0), axis, dtype, out)


def nancumprod(a, axis=None, dtype=None, out=None):
    """Cumulative product treating NaNs as one."""
    return _cumulative("multiply", _replace_nan(a, 1), axis, dtype, out)


# -- differences ----------------------------------------------------------------------
def concat(arrays, axis):
    """Join device arrays along an existing ``axis`` (dtype by NumPy's promotion)."""

    dtype = result_type(*arrays)
    shape = list(arrays[0]._shape)
    shape[axis] = builtins_sum(x._shape[axis] for x in arrays)
    out = empty(tuple(shape), dtype=dtype, device=arrays[0]._device)
    at = 0
    for x in arrays:
        n = x._shape[axis]
        if n:
            out[_along(out.ndim, axis, slice(at, at + n))] = x
        at += n
    return out


builtins_sum = sum


def _edge(value, a, axis):
    """``prepend``/``append`` of diff: a scalar becomes one slice of ``a``'s shape."""

    v = device_array(value, a._device)
    if v.ndim == 0:
        shape = list(a._shape)
        shape[axis] = 1
        v = broadcast_to(v, tuple(shape))
    return v


def diff(a, n=1, axis=-1, prepend=np._NoValue, append=np._NoValue):
    """n-th discrete difference along ``axis``; booleans differ by ``not_equal`` as in NumPy."""

    n = operator.index(n)
    if n == 0:
        return a
    if n < 0:
        raise ValueError("order must be non-negative but got " + repr(n))
    a = device_array(a)
    if a.ndim == 0:
        raise ValueError("diff requires input that is at least one dimensional")
    axis = normalize_axis(axis, a.ndim)
    parts = []
    if prepend is not np._NoValue:
        parts.append(_edge(prepend, a, axis))
    parts.append(a)
    if append is not np._NoValue:
        parts.append(_edge(append, a, axis))
    if len(parts) > 1:
        a = concat(parts, axis)
    op = ufuncs.not_equal if a._dtype == np.bool_ else ufuncs.subtract
    for _ in range(n):
        a = op(a[_along(a.ndim, axis, slice(1, None))], a[_along(a.ndim, axis, slice(None, -1))])
    return a


def ediff1d(ary, to_end=None, to_begin=None):
    """Differences of the flattened array, with optional values before and after."""
    ary = device_array(ary).reshape(-1)
    parts = []
    for name, extra in (("to_begin", to_begin), ("to_end", to_end)):
        if extra is None:
            parts.append(None)
            continue
        host_dtype = extra._dtype if isinstance(extra, ndarray) else np.asanyarray(extra).dtype
        if not np.can_cast(host_dtype, ary._dtype, casting="same_kind"):
            raise TypeError(f"dtype of `{name}` must be compatible with input `ary` under the "
                            "`same_kind` rule.")
        parts.append(device_array(extra, ary._device).reshape(-1).astype(ary._dtype))
    d = ufuncs.subtract(ary[1:], ary[:-1])
    pieces = [p for p in (parts[0], d, parts[1]) if p is not None]
    return concat(pieces, 0) if len(pieces) > 1 else d


def _ndim(x):
    return x.ndim if isinstance(x, ndarray) else np.ndim(x)


def gradient(f, *varargs, axis=None, edge_order=1):
    """Second-order central differences inside, first or second order at the edges, with
    uniform (scalars) or non-uniform (1-d coordinates) spacing, as ``numpy.gradient``."""

    f = device_array(f)
    ndim = f.ndim
    axes = normalize_axes(axis, ndim)
    n = len(varargs)
    if n == 0:
        dx = [1.0] * len(axes)
    elif n == 1 and _ndim(varargs[0]) == 0:
        dx = list(varargs) * len(axes)
    elif n == len(axes):
        dx = list(varargs)
        for i, distances in enumerate(dx):
            if _ndim(distances) == 0:
                continue
            distances = device_array(distances, f._device)
            if distances.ndim != 1:
                raise ValueError("distances must be either scalars or 1d")
            if distances._shape[0] != f._shape[axes[i]]:
                raise ValueError("when 1d, distances must match the length of the "
                                 "corresponding dimension")
            if distances._dtype.kind in "iub":
                distances = distances.astype(fit(np.float64, f._device))
            diffx = diff(distances)
            if diffx.size and bool((diffx == diffx[0]).all()):
                diffx = diffx[0]
            dx[i] = diffx
    else:
        raise TypeError("invalid number of arguments")
    if edge_order > 2:
        raise ValueError("'edge_order' greater than 2 not supported")
    otype = f._dtype
    if otype.kind not in "fc":
        if otype.kind in "iu":
            f = f.astype(fit(np.float64, f._device))
        otype = fit(np.float64, f._device)
    outvals = []
    for ax, ax_dx in zip(axes, dx):
        if f._shape[ax] < edge_order + 1:
            raise ValueError("Shape of array too small to calculate a numerical gradient, at "
                             "least (edge_order + 1) elements are required.")
        out = empty(f._shape, dtype=otype, device=f._device)

        def at(index):
            return _along(ndim, ax, index)

        uniform = _ndim(ax_dx) == 0
        if uniform:
            out[at(slice(1, -1))] = (f[at(slice(2, None))] - f[at(slice(None, -2))]) / (2. * ax_dx)
        else:
            dx1, dx2 = ax_dx[0:-1], ax_dx[1:]
            shape = [1] * ndim
            shape[ax] = -1
            a = (-dx2 / (dx1 * (dx1 + dx2))).reshape(shape)
            b = ((dx2 - dx1) / (dx1 * dx2)).reshape(shape)
            c = (dx1 / (dx2 * (dx1 + dx2))).reshape(shape)
            out[at(slice(1, -1))] = a * f[at(slice(None, -2))] + b * f[at(slice(1, -1))] + \
                c * f[at(slice(2, None))]
        if edge_order == 1:
            dx_0 = ax_dx if uniform else ax_dx[0]
            dx_n = ax_dx if uniform else ax_dx[-1]
            out[at(0)] = (f[at(1)] - f[at(0)]) / dx_0
            out[at(-1)] = (f[at(-1)] - f[at(-2)]) / dx_n
        else:
            if uniform:
                a, b, c = -1.5 / ax_dx, 2. / ax_dx, -0.5 / ax_dx
            else:
                dx1, dx2 = ax_dx[0], ax_dx[1]
                a = -(2. * dx1 + dx2) / (dx1 * (dx1 + dx2))
                b = (dx1 + dx2) / (dx1 * dx2)
                c = -dx1 / (dx2 * (dx1 + dx2))
            out[at(0)] = a * f[at(0)] + b * f[at(1)] + c * f[at(2)]
            if uniform:
                a, b, c = 0.5 / ax_dx, -2. / ax_dx, 1.5 / ax_dx
            else:
                dx1, dx2 = ax_dx[-2], ax_dx[-1]
                a = dx2 / (dx1 * (dx1 + dx2))
                b = -(dx2 + dx1) / (dx1 * dx2)
                c = (2. * dx2 + dx1) / (dx2 * (dx1 + dx2))
            out[at(-1)] = a * f[at(-3)] + b * f[at(-2)] + c * f[at(-1)]
        outvals.append(out)
    return outvals[0] if len(axes) == 1 else tuple(outvals)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """Integral along ``axis`` by the trapezoidal rule, with sample points ``x`` or spacing
    ``dx``."""

    y = floating(device_array(y))      # integers integrate in float64 (float32 without fp64)
    if x is None:
        d = dx
    else:
        x = device_array(x, y._device)
        if x.ndim == 1:
            d = diff(x)
            shape = [1] * y.ndim
            shape[axis] = d._shape[0]
            d = d.reshape(shape)
        else:
            d = diff(x, axis=axis)
    nd = y.ndim
    axis_n = normalize_axis(axis, nd)
    upper = y[_along(nd, axis_n, slice(1, None))]
    lower = y[_along(nd, axis_n, slice(None, -1))]
    return _sum(d * (upper + lower) / 2.0, axis=axis)

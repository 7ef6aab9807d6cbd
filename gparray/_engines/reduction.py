"""Reductions: the rows of the reduction table (_reduction_table: ``ufunc.reduce`` for every
binary ufunc, sum, prod, max, min, any, all, mean, count_nonzero, the nan-reductions), run by
one function, ``reduce_by``, with each row's map fused into the kernel's load and its
finalize into the store; and argmax/argmin (a (value, index) reduction).

Kernels (gparray/kernels/reduce.cl), by layout:
- few long rows (a full reduction): a tree per work-group over contiguous shares of the
  row, in two launches when rows are split into chunks;
- many rows: one work-item per row (reduce_rows_ordered), or, when the rows' elements are
  far apart and their starts close together (axis 0 of a C-ordered array), 16 neighbouring
  rows per work-item (reduce_cols);
- ufuncs whose reduction is not reorderable (subtract, divide, power, ...): always one
  work-item per row, in order, as NumPy defines them.
Float sums accumulate blocks of 128 elements into Kahan-compensated totals and meet in an
error-free (TwoSum) tree, so a float32 sum of 1e7 values is as accurate as NumPy's pairwise
summation; accumulator dtypes (int64 sums of int8, ...) come from NumPy's own resolver.
Over contiguous float32/float64 data, sums (with a row's lane_map, if it has one) and the
float extremes run in explicit vector lanes (gp_sum_run, gp_extreme_run): PoCL vectorises
neither a work-item's scalar loop over its own run nor strided loads across work-items.
"""
import builtins
import functools
import warnings

import numpy as np

from .._core.allocate import empty, full
from .._core.ndarray import ndarray
from .._core.operands import asarray, traced
from .._core.views import broadcast_to, normalize_axes, normalize_axis, transpose
from .._runtime import (cgen as _cgen, dtypes as _dtypes, launch as _launch,
                        programs as _programs, vector_widths as _vector_widths)
from .._runtime import profiling as _profiling
from .._runtime.config import settings
from .._runtime.reduction_table import (finalize_source, for_kind, identity_literal, map_dtype,
                                        map_source, MULTI_AXIS, REORDERABLE, TABLE)
from .._runtime.ufunc_table import ROWS
from . import copying as _copying, host_small as _host_small, ufuncs
from .elementwise import _collapse, MAXDIM
from .fold import fold_source
from .ufunc import UFUNCS

__all__ = ["all", "amax", "amin", "any", "argmax", "argmin", "max", "mean", "min", "prod", "sum"]



def _identity_literal(name, dtype):
    """The starting value of ufunc ``name``'s reduction as C (scans start from it too)."""
    return identity_literal(TABLE[name], dtype)


# Real float extremes over contiguous rows run GP_VW lanes at a time (gp_extreme_run):
# (lane op, whether any NaN makes the result NaN) per ufunc; lanes per dtype.
_LANE_OPS = {"maximum": ("fmax", True), "minimum": ("fmin", True), "fmax": ("fmax", False),
             "fmin": ("fmin", False)}
_LANE_MASK = {np.dtype(np.float32): "int", np.dtype(np.float64): "long"}


def _lane_widths(device):
    """(float lanes, double lanes) confirmed for ``device``: part of every program's key."""
    return (_vector_widths.lanes(device, _dtypes.float32),
            _vector_widths.lanes(device, _dtypes.float64))


def _lanes(lane_widths, dtype):
    """Lanes for ``dtype`` (0 where it has no lane path on this device)."""
    if dtype not in _LANE_MASK:
        return 0
    width = lane_widths[dtype.itemsize == 8]
    return width if width > 1 else 0


def _lane_defines(ufunc, dtype, width):
    op, propagates = _LANE_OPS[ufunc]
    mask = _LANE_MASK[dtype]
    return [f"#define GP_VW {width}", f"#define GP_MASK_T {mask}", f"#define GP_LANE_OP {op}",
            *(["#define GP_NAN_PROPAGATES 1"] if propagates else [])]


@functools.lru_cache(maxsize=1024)
def _source(name, loop, in_dtype, out_dtype, local, fp64, lane_widths, mapped=True,
            finalized=True, center=None):
    """reduce.cl for reduction ``name`` (a row of the reduction table). ``mapped``: the
    input holds elements, to be mapped as they load (not a first pass's partials);
    ``finalized``: this launch stores the row's final value (not a partial); ``center``: the
    dtype of the per-row center a centered row's map reads."""
    row = TABLE[name]
    acc = loop[ROWS[row.ufunc][1]]
    extra = [f"#define GP_LOCAL {local}", f"#define GP_IDENTITY {identity_literal(row, acc)}"]
    if row.ufunc == "add" and acc.kind in "fc":
        extra.append("#define GP_COMPENSATED 1")
        if acc.kind == "c":
            extra.append("#define GP_VECTOR_ACC 1")
        elif acc == in_dtype and _lanes(lane_widths, acc):
            # contiguous rows in vector lanes (gp_sum_run), the map too where it has a
            # lane form
            lane_map = for_kind(row.lane_map, acc.kind) if mapped and row.map else None
            if lane_map is not None or not mapped or row.map is None:
                extra.append(f"#define GP_SUM_VW {_lanes(lane_widths, acc)}")
            if lane_map is not None:
                extra.append(f"#define gp_lane_map(x) ({lane_map})")
    if row.ufunc in _LANE_OPS and acc == in_dtype and _lanes(lane_widths, acc) \
            and row.map is None:
        extra += _lane_defines(row.ufunc, acc, _lanes(lane_widths, acc))
    return fold_source(row.ufunc, loop, in_dtype, out_dtype, fp64, "reduce.cl", extra,
                       element=map_source(row, in_dtype, fp64, center) if mapped else None,
                       finalize=finalize_source(row, acc, fp64) if finalized else None)


# gp_better(a, b): does value b, later in the row, replace the best-so-far a? NaN wins over
# any number and the first NaN is kept, as NumPy's argmax/argmin do; complex values compare
# lexicographically.
_BETTER = {
    "f": "(isnan(b) && !isnan(a)) || (b {op} a)",
    "c": "((isnan(b.x) || isnan(b.y)) && !(isnan(a.x) || isnan(a.y))) || (!(isnan(a.x) || "
         "isnan(a.y)) && (b.x {op} a.x || (b.x == a.x && b.y {op} a.y)))",
    "i": "b {op} a",
}


@functools.lru_cache(maxsize=256)
def _arg_source(which, dtype, local, fp64, lane_widths, skip_nan=False):
    """The (value, index) reduction for argmax ("max") or argmin ("min") of ``dtype``;
    ``skip_nan`` (nanargmax/nanargmin) loads a NaN as -inf (max) or inf (min), as NumPy
    replaces it, so it wins only where nothing else is left (an all-NaN row, refused by the
    caller)."""
    ct = _cgen.compute_ctype(dtype)
    value = _cgen.load(dtype, 'p', 'i')
    inf = f"{'-' if which == 'max' else ''}INFINITY"
    if skip_nan and dtype.kind in "fc":
        isnan, far = ("isnan(x)", inf) if dtype.kind == "f" else \
            ("(isnan(x.x) || isnan(x.y))", f"(({ct})({inf}, 0))")
        value = f"gp_map({value})"
    headers = [_programs.template("prelude.cl")]
    better = _BETTER.get(dtype.kind, _BETTER["i"]).format(op=">" if which == "max" else "<")
    zero = f"(({ct})(0, 0))" if dtype.kind == "c" else f"(({ct})0)"
    defines = [
        "#define GP_ARG 1",
        f"#define GP_IN_T {_cgen.ctype(dtype)}",
        f"#define GP_ACC_T {ct}",
        f"#define GP_OUT_T {_cgen.ctype(dtype)}",
        f"#define GP_MAXDIM {MAXDIM}",
        f"#define GP_LOCAL {local}",
        f"#define GP_IDENTITY {zero}",
        *([f"inline {ct} gp_map({ct} x) {{ return {isnan} ? {far} : x; }}"]
          if value.startswith("gp_map") else []),
        f"#define gp_load(p, i) ({value})",
        f"inline int gp_better({ct} a, {ct} b) {{ return {better}; }}",
        f"#define gp_store(p, i, v) {_cgen.store(dtype, 'p', 'i', '(v)')}",
    ]
    if dtype.kind == "f":
        defines += ["#define GP_ARG_REAL_FLOAT 1", f"#define GP_ARG_OP {'>' if which == 'max' else '<'}"]
    if _lanes(lane_widths, dtype):         # each block's best value GP_VW lanes at a time
        # lanes skip NaNs (fmax/fmin) where they load as -inf/inf, and flag them otherwise
        ufunc = "fmax" if which == "max" else "fmin"
        if not skip_nan:
            ufunc = "maximum" if which == "max" else "minimum"
        defines += [*_lane_defines(ufunc, dtype, _lanes(lane_widths, dtype)),
                    f"#define GP_LANE_INIT {inf}"]
    return "\n".join(["#define GP_HAS_FP64 1" if fp64 else "", *headers, *defines,
                      _programs.template("reduce.cl")])


_ARG_DTYPES = (None, np.int64, None, np.int32, None, None, None, np.int32, None, np.int32,
               np.int64, np.int64)


def _rows(a, axes):
    """``a`` (copied where its axes merge into more dimensions than the kernels index) and
    its layout as rows: the kept shape, the row count and length, and the outer (kept) and
    inner (reduced) dimension tables the reduction kernels read."""
    kept = [i for i in range(a.ndim) if i not in axes]
    if not (_mergeable(a, kept) and _mergeable(a, axes)):
        # more axes than the kernels index even after merging: a copy with the kept axes
        # first and the reduced ones last, C-contiguous, merges each group into one
        a = transpose(a, kept + list(axes)).copy()
        kept, axes = list(range(len(kept))), tuple(range(len(kept), a.ndim))
    item = a.itemsize
    outer_shape = [a._shape[i] for i in kept]
    rows = int(np.prod(outer_shape, dtype=np.int64)) if kept else 1
    rowlen = int(np.prod([a._shape[i] for i in axes], dtype=np.int64)) if axes else 1
    outer, outer_nd = _dims(outer_shape, [a._strides[i] // item for i in kept])
    inner, inner_nd = _dims([a._shape[i] for i in axes], [a._strides[i] // item for i in axes])
    return a, outer_shape, rows, rowlen, outer, outer_nd, inner, inner_nd


def arg_reduce_rows(device, which, a, axes, skip_nan=False):
    """Index (int64, within the reduced axes in C order) of the first max/min of each row of
    ``a`` over ``axes``, as a C-contiguous array of the kept shape; ``skip_nan``: of the
    first non-NaN max/min (a NaN loads as -inf/inf)."""

    a, outer_shape, rows, rowlen, outer, outer_nd, inner, inner_nd = _rows(a, axes)
    item = a.itemsize
    result = empty(tuple(outer_shape), dtype=np.int64, device=device)
    if rows == 0:
        return result
    local = _local_size(device)
    source = _arg_source(which, a._dtype, local, device.has_fp64, _lane_widths(device), skip_nan)
    if rows >= 4 * local * device.compute_units:
        knl = _programs.kernel(device, source, "arg_reduce_rows_each", _ARG_DTYPES)
        _launch.launch(device, knl, rows, [a._buf.cl, a._offset // item, result._buf.cl, 0,
                                           result._buf.cl, result._buf.cl, outer, outer_nd,
                                           inner, inner_nd, rowlen, rows], "arg" + which)
        return result
    knl = _programs.kernel(device, source, "arg_reduce_rows", _ARG_DTYPES)
    # long shares: each work-item re-reads the first block it scans (to place its best
    # value), so shares of a few blocks would read much of the row twice
    chunks = _chunks(device, rows, rowlen, local, per_item=4096)
    values = empty((rows * chunks,), dtype=a._dtype, device=device)
    index = result if chunks == 1 else empty((rows * chunks,), dtype=np.int64, device=device)
    _launch_groups(device, knl, rows * chunks, local,
                   [a._buf.cl, a._offset // item, index._buf.cl, 0, values._buf.cl, index._buf.cl,
                    outer, outer_nd, inner, inner_nd, rowlen, chunks], "arg" + which)
    if chunks > 1:
        outer2, _ = _dims((rows,), (chunks,))
        inner2, _ = _dims((chunks,), (1,))
        values2 = empty((rows,), dtype=a._dtype, device=device)
        _launch_groups(device, knl, rows, local,
                       [values._buf.cl, 0, index._buf.cl, 1, values2._buf.cl, result._buf.cl,
                        outer2, 1, inner2, 1, chunks, 1], "arg" + which)
    return result


def _chunks(device, rows, rowlen, local, per_item=64):
    """Work-groups per row: split long rows so that every compute unit gets work, keeping at
    least ``per_item`` elements per work-item."""
    per_group = local * per_item
    return builtins.max(1, builtins.min((rowlen + per_group - 1) // per_group,
                                        builtins.max(1, 8 * device.compute_units * 4 // rows)))


def _dims(shape, strides):
    cshape, (cstrides,) = _collapse(shape, [strides])
    if not cshape:
        cshape, cstrides = (1,), (0,)
    d = np.zeros((2, MAXDIM), dtype=np.int64)
    d[0, :len(cshape)] = cshape
    d[1, :len(cstrides)] = cstrides
    return d, len(cshape)


def _mergeable(a, axes):
    """Whether ``a``'s ``axes`` merge into at most MAXDIM kernel dimensions."""
    cshape, _ = _collapse([a._shape[i] for i in axes], [[a._strides[i] for i in axes]])
    return len(cshape) <= MAXDIM


def _local_size(device):
    size = 1
    while size * 2 <= builtins.min(_launch.local_size(device), 256):
        size *= 2
    return size


def reduce_rows(device, name, loop, a, axes, out_dtype, finalized=True, center=None):
    """Reduce ``a`` over ``axes`` by reduction ``name`` (a row of the reduction table) into a
    new C-contiguous array of the kept shape; ``finalized=False`` leaves the row's finalize
    out (the raw totals, in ``out_dtype``); ``center``: a C-contiguous array with one value per
    row (in the result's order) for a centered row's map."""

    a, outer_shape, rows, rowlen, outer, outer_nd, inner, inner_nd = _rows(a, axes)
    item = a.itemsize
    result = empty(tuple(outer_shape), dtype=out_dtype, device=device)
    if rows == 0:
        return result
    ufunc = TABLE[name].ufunc
    acc = loop[ROWS[ufunc][1]]
    local = _local_size(device)
    fp64 = device.has_fp64
    args_tail = [outer, outer_nd, inner, inner_nd]
    dtypes = (None, np.int64, None, np.int64, None, np.int32, None, np.int32, np.int64, np.int64,
              np.int64, None)
    cdt = None if center is None else center._dtype
    lanes = _lane_widths(device)
    # the center's buffer, or any buffer for kernels that do not read it
    cbuf = (result if center is None else center)._buf.cl
    if center is not None and center._offset:
        raise ValueError("reduce_rows: the center must start at its buffer's beginning")
    # One work-item per row when the ufunc is not reorderable, or when there are enough rows
    # to fill the device (then each work-item streams its row; no tree, no barriers).
    many_rows = rows >= 4 * local * device.compute_units
    if ufunc in REORDERABLE and many_rows and \
            abs(int(inner[1, inner_nd - 1])) > abs(int(outer[1, outer_nd - 1])):
        # rows start close together and their elements lie far apart (axis 0 of C order)
        source = _source(name, loop, a._dtype, out_dtype, local, fp64, lanes, True, finalized, cdt)
        knl = _programs.kernel(device, source, "reduce_cols", dtypes)
        _launch.launch(device, knl, (rows + 15) // 16, [a._buf.cl, a._offset // item,
                                                        result._buf.cl, 0, *args_tail, rowlen,
                                                        rows, rowlen, cbuf], name)
        return result
    if ufunc not in REORDERABLE or many_rows or rowlen == 1:
        source = _source(name, loop, a._dtype, out_dtype, local, fp64, lanes, True, finalized, cdt)
        knl = _programs.kernel(device, source, "reduce_rows_ordered", dtypes)
        _launch.launch(device, knl, rows, [a._buf.cl, a._offset // item, result._buf.cl, 0,
                                           *args_tail, rowlen, rows, rowlen, cbuf], name)
        return result
    # Split long rows so that every compute unit gets work; each chunk is a work-group.
    chunks = _chunks(device, rows, rowlen, local)
    if chunks == 1:
        source = _source(name, loop, a._dtype, out_dtype, local, fp64, lanes, True, finalized, cdt)
        knl = _programs.kernel(device, source, "reduce_rows", dtypes)
        _launch_groups(device, knl, rows, local, [a._buf.cl, a._offset // item, result._buf.cl, 0,
                                                   *args_tail, rowlen, 1, rowlen, cbuf], name)
        return result
    # Two launches: raw partials per chunk (mapped, not finalized), then each row's partials
    # combined and finalized.
    partial = empty((rows * chunks,), dtype=acc, device=device)
    source = _source(name, loop, a._dtype, acc, local, fp64, lanes, True, False, cdt)
    knl = _programs.kernel(device, source, "reduce_rows", dtypes)
    _launch_groups(device, knl, rows * chunks, local,
                   [a._buf.cl, a._offset // item, partial._buf.cl, 0, *args_tail, rowlen, chunks,
                    rowlen, cbuf], name)
    loop2 = (acc,) * len(loop)
    source2 = _source(name, loop2, acc, out_dtype, local, fp64, lanes, False, finalized)
    knl2 = _programs.kernel(device, source2, "reduce_rows", dtypes)
    outer2, _ = _dims((rows,), (chunks,))
    inner2, _ = _dims((chunks,), (1,))
    _launch_groups(device, knl2, rows, local, [partial._buf.cl, 0, result._buf.cl, 0, outer2, 1,
                                               inner2, 1, chunks, 1, rowlen, cbuf], name)
    return result


def _launch_groups(device, knl, groups, local, args, what):


    import pyopencl as cl

    t0 = _profiling.recording and _profiling.now()
    with device.lock:
        try:
            event = knl(device.queue, (groups * local,), (local,), *args)
        except cl.Error as exc:
            raise _launch._translate(exc, device, what) from None
    if t0:
        _profiling.launched(device, knl, event, (groups * local,), what, t0)
    if settings.sync:
        _launch.finish(device)


def _resolve_reduce(uf, dtype_in, dtype, out):
    signature = None
    if dtype is not None:
        dtype = np.dtype(dtype)
        signature = (dtype, None, None)
    out_dt = out._dtype if out is not None and dtype is None else None
    kwargs = {"reduction": True, "casting": "unsafe"}
    if signature is not None:
        kwargs["signature"] = signature
    try:
        return uf._np.resolve_dtypes((out_dt, dtype_in, None), **kwargs)
    except TypeError:
        if out_dt is None:
            raise
        return uf._np.resolve_dtypes((None, dtype_in, None), **kwargs)


def _resolve(row, uf, in_dtype, dtype, out, device):
    """(loop, result dtype) of reduction ``row`` over ``in_dtype`` elements, by its rule."""
    if row.dtypes == "count":
        loop = (_dtypes.default_int(),) * 3
        return loop, loop[2]
    if row.dtypes == "mean":
        calc = dtype
        if calc is None:
            calc = _dtypes.default_float(device) if in_dtype.kind in "biu" else \
                (_dtypes.float32 if in_dtype == _dtypes.float16 else in_dtype)
        loop = _resolve_reduce(uf, in_dtype, calc, None)
        return loop, np.dtype(dtype) if dtype is not None else \
            (in_dtype if in_dtype.kind in "fc" else loop[2])
    loop = _resolve_reduce(uf, in_dtype, dtype, out)
    return loop, loop[2]


def reduce_by(name, a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True,
              center=None):
    """Reduction ``name`` (a row of _reduction_table) of ``a`` over ``axis``, with NumPy's
    ``dtype=``, ``out=``, ``keepdims=``, ``initial=`` and ``where=`` (np._NoValue stands for
    an argument not given). The row's map and finalize run inside the reduction kernel.
    ``center``: for a centered row (sum_sq_dev), a C-contiguous float32/float64/complex array
    with one value per reduced slice, in the result's order; not with ``where=``."""

    if traced((a,)) is not None:        # inside gparray.fuse: record the call
        return a.__gparray_function__(name, (a,), dict(
            axis=axis, dtype=dtype, out=out, keepdims=keepdims, initial=initial, where=where,
            center=center))
    keepdims = False if keepdims is np._NoValue else keepdims
    where = True if where is np._NoValue else where
    if out is None and where is True and center is None:
        result = _host_small.reduction(name, a, axis, dtype, keepdims, initial)
        if result is not None:
            return result
    row = TABLE[name]
    uf = UFUNCS[row.ufunc]
    a = a if isinstance(a, ndarray) else asarray(a)
    device = a._device
    if isinstance(out, tuple):
        out = out[0] if len(out) == 1 else out
    axes = normalize_axes(zero_d_axis(axis, a.ndim) if name not in _WHOLE_AXES_ONLY else axis,
                          a.ndim)
    if (center is not None) != (row.map_dtype == "center") or \
            center is not None and where is not True:
        raise ValueError(f"reduction {name!r}: a center goes with a centered row, without where=")
    loop, res_dtype = _resolve(row, uf, map_dtype(row, a._dtype, getattr(center, "dtype", None)),
                               dtype, out, device)
    if len(axes) > 1 and row.ufunc not in MULTI_AXIS:
        raise ValueError(f"reduction operation '{row.ufunc}' is not reorderable, so at most "
                         "one axis may be specified")
    for dt in loop:
        _dtypes.check_dtype(dt, device, row.ufunc)
    out_shape = tuple(1 if i in axes else n for i, n in enumerate(a._shape)) if keepdims else \
        tuple(n for i, n in enumerate(a._shape) if i not in axes)
    if out is not None and out._shape != out_shape:
        raise ValueError(f"output parameter for reduction operation {row.ufunc} has the wrong "
                         f"shape: expected {out_shape}, got {out._shape}")
    rowlen = int(np.prod([a._shape[i] for i in axes], dtype=np.int64))
    has_initial = initial is not np._NoValue and initial is not None
    if where is not True:
        if uf.identity is None and not has_initial:
            raise ValueError(f"reduction operation '{row.ufunc}' does not have an identity, so "
                             "to use a where mask one has to specify 'initial'")
        # masked elements become the identity, which every row's map keeps neutral (or, for
        # the extremes, which have none, ``initial``: combining it twice changes nothing)
        mask, shape = where, a._shape
        fill_value = uf.identity if uf.identity is not None else initial
        a = _copying.select(where, a, np.asarray(fill_value, dtype=a._dtype)[()])
        if a._shape != shape:
            raise ValueError("where mask shape does not match")
    if rowlen == 0 or not axes and a.size == 0:
        if row.empty is not None:
            warnings.warn(row.empty[1], RuntimeWarning, stacklevel=3)
            with warnings.catch_warnings(), np.errstate(invalid="ignore"):
                warnings.simplefilter("ignore", np.exceptions.ComplexWarning)
                start = np.asarray(row.empty[0]).astype(res_dtype)[()]
        elif uf.identity is None and not has_initial:
            raise ValueError(f"zero-size array to reduction operation {row.ufunc} which has "
                             "no identity")
        else:
            start = initial if has_initial else uf.identity
        result = full(out_shape, start, dtype=res_dtype, device=device)
    elif not axes:
        # each element, mapped and finalized, is its own row; as NumPy does, it is combined
        # with the identity (which shows in complex products: (inf+0j) * (1+0j) = inf+nanj)
        mapped = row.map is not None or row.finalize is not None
        result = reduce_rows(device, name, loop, a, axes, res_dtype, center=center) if mapped \
            else a.astype(res_dtype)
        if uf.identity is not None and row.finalize is None:
            uf(result, np.array(uf.identity).astype(res_dtype)[()], out=result)
        if has_initial:
            uf(result, initial, out=result)
        result = result.reshape(out_shape)
    elif row.finalize is not None and where is not True:
        # a finalize over n = the count of each row's unmasked elements: raw totals, divided

        total = reduce_rows(device, name, loop, a, axes, loop[2], finalized=False)
        count = reduce_by("count_nonzero", broadcast_to(asarray(mask, device=device), a._shape),
                          axis=axes)
        if not device.has_fp64:         # an intp divisor would promote to float64
            count = count.astype(_dtypes.float32)
        result = ufuncs.divide(total, count).astype(res_dtype).reshape(out_shape)
    else:
        result = reduce_rows(device, name, loop, a, axes, res_dtype, center=center)
        if has_initial:
            uf(result, np.asarray(initial, dtype=res_dtype)[()], out=result)
        result = result.reshape(out_shape)
    if row.nan_warning and a._dtype.kind in "fc" and result.size and \
            bool(reduce_by("any", ufuncs.isnan(result))):

        warnings.warn(row.nan_warning, RuntimeWarning, stacklevel=3)
    if out is not None:
        _copying.copy_into(out, result)
        return out
    return result


# mean, var and std count the reduced elements by the axis itself, so NumPy refuses axis=0 of
# a 0-d array there.
_WHOLE_AXES_ONLY = {"mean", "sum_sq_dev"}


def zero_d_axis(axis, ndim):
    """NumPy's ufunc reductions, arg reductions and cumulative functions take a lone axis 0
    or -1 of a 0-d array as the whole array (None); other axes are left to be refused."""
    if ndim == 0 and not isinstance(axis, (tuple, list)) and hasattr(axis, "__index__") \
            and axis.__index__() in (0, -1):
        return None
    return axis


def ufunc_reduce(uf, array, axis=0, dtype=None, out=None, keepdims=False, initial=np._NoValue,
                 where=True):
    """``uf.reduce``: the ufunc's own row of the reduction table."""
    if uf.nin != 2 or uf.nout != 1:
        raise ValueError("reduce only supported for binary functions")
    return reduce_by(uf.__name__, array, axis, dtype, out, keepdims, initial, where)


# -- NumPy functions: rows of the reduction table ----------------------------------------
def sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    """Sum of elements over the given axes; small integers accumulate in int64 as in NumPy."""
    return reduce_by("sum", a, axis, dtype, out, keepdims, initial, where)


def prod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    """Product of elements over the given axes."""
    return reduce_by("prod", a, axis, dtype, out, keepdims, initial, where)


def max(a, axis=None, out=None, keepdims=False, initial=None, where=True):
    """Largest element; NaN if any element is NaN, as in NumPy."""
    return reduce_by("max", a, axis, None, out, keepdims, initial, where)


def min(a, axis=None, out=None, keepdims=False, initial=None, where=True):
    """Smallest element; NaN if any element is NaN, as in NumPy."""
    return reduce_by("min", a, axis, None, out, keepdims, initial, where)


amax, amin = max, min


def any(a, axis=None, out=None, keepdims=False, *, where=True):
    """Whether any element is true."""
    return reduce_by("any", a, axis, None, out, keepdims, None, where)


def all(a, axis=None, out=None, keepdims=False, *, where=True):
    """Whether all elements are true."""
    return reduce_by("all", a, axis, None, out, keepdims, None, where)


def mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    """Arithmetic mean; integers average in float64 (float32 on devices without fp64),
    float16 in float32. The division by the count is fused into the sum's kernel."""
    return reduce_by("mean", a, axis, dtype, out, keepdims, None, where)


def _arg(which, a, axis, out, keepdims, skip_nan=False):
    if out is None and not skip_nan:
        result = _host_small.call("reduction", a, np.argmax if which == "max" else np.argmin,
                                  axis=axis, keepdims=keepdims)
        if result is not None:
            return result
    a = a if isinstance(a, ndarray) else asarray(a)
    axis = zero_d_axis(axis, a.ndim)
    if axis is None:
        axes = tuple(range(a.ndim))
    else:
        axes = (normalize_axis(axis, a.ndim),)
    if a.size == 0 and (axis is None or a._shape[axes[0]] == 0):
        raise ValueError(f"attempt to get arg{which} of an empty sequence")
    result = arg_reduce_rows(a._device, which, a, axes, skip_nan)
    if keepdims:
        shape = (1,) * a.ndim if axis is None else \
            tuple(1 if i == axes[0] else n for i, n in enumerate(a._shape))
        result = result.reshape(shape)
    if out is not None:
        if out._shape != result._shape:
            raise ValueError("output array does not match result of np.arg" + which)
        _copying.copy_into(out, result)
        return out
    return result


def argmax(a, axis=None, out=None, *, keepdims=False):
    """Index of the first largest value (flat index when ``axis`` is None); a NaN counts as
    the largest, as in NumPy."""
    return _arg("max", a, axis, out, keepdims)


def argmin(a, axis=None, out=None, *, keepdims=False):
    """Index of the first smallest value; a NaN counts as the smallest, as in NumPy."""
    return _arg("min", a, axis, out, keepdims)

"""Reductions: ``ufunc.reduce`` for every binary ufunc, the NumPy functions built on it
(sum, prod, max, min, any, all, mean), and argmax/argmin (a (value, index) reduction).

Kernels (kernels_cl/reduce.cl), by layout:
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
"""
import builtins
import functools

import numpy as np

from . import _cgen, _dtypes, _launch, _programs
from ._elementwise import MAXDIM
from ._ndarray import ndarray
from ._shape import normalize_axes
from ._fold import fold_source
from ._ufunc_table import ROWS

REORDERABLE = frozenset({"add", "multiply", "logical_and", "logical_or", "logical_xor",
                         "bitwise_and", "bitwise_or", "bitwise_xor", "maximum", "minimum",
                         "fmax", "fmin", "gcd", "lcm"})


def _identity_literal(name, dtype):
    """The reduction's starting value, as C, in the accumulator's compute type."""
    ct = _cgen.compute_ctype(dtype)
    kind = dtype.kind
    if name in ("maximum", "fmax", "minimum", "fmin"):
        low = name in ("maximum", "fmax")
        if kind == "f":
            if name in ("fmax", "fmin"):
                return "NAN"
            return "-INFINITY" if low else "INFINITY"
        if kind == "c":
            v = "-INFINITY" if low else "INFINITY"
            if name in ("fmax", "fmin"):
                v = "NAN"
            return f"(({ct})({v}, {v}))"
        if kind == "b":
            return "0" if low else "1"
        info = np.iinfo(dtype)
        value = info.min if low else info.max
        return f"(({ct}){value}{'UL' if kind == 'u' else 'L' if dtype.itemsize == 8 else ''})" \
            if value != -(1 << 63) else f"(({ct})(-9223372036854775807L - 1))"
    identity = {"add": 0, "logical_or": 0, "logical_xor": 0, "bitwise_or": 0,
                "bitwise_xor": 0, "gcd": 0, "multiply": 1, "logical_and": 1, "lcm": 1,
                "bitwise_and": -1}.get(name, 0)
    if kind == "c":
        return f"(({ct})({identity}, 0))"
    if kind == "b" and identity == -1:
        return "1"
    return f"(({ct})({identity}))"


@functools.lru_cache(maxsize=1024)
def _source(name, loop, in_dtype, out_dtype, local, fp64):
    acc = loop[ROWS[name][1]]
    extra = [f"#define GP_LOCAL {local}", f"#define GP_IDENTITY {_identity_literal(name, acc)}"]
    if name == "add" and acc.kind in "fc":
        extra.append("#define GP_COMPENSATED 1")
        if acc.kind == "c":
            extra.append("#define GP_VECTOR_ACC 1")
    return fold_source(name, loop, in_dtype, out_dtype, fp64, "reduce.cl", extra)


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
def _arg_source(which, dtype, local, fp64):
    """The (value, index) reduction for argmax ("max") or argmin ("min") of ``dtype``."""
    ct = _cgen.compute_ctype(dtype)
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
        f"#define gp_load(p, i) ({_cgen.load(dtype, 'p', 'i')})",
        f"inline int gp_better({ct} a, {ct} b) {{ return {better}; }}",
        f"#define gp_store(p, i, v) {_cgen.store(dtype, 'p', 'i', '(v)')}",
    ]
    if dtype.kind == "f":
        defines += ["#define GP_ARG_REAL_FLOAT 1", f"#define GP_ARG_OP {'>' if which == 'max' else '<'}"]
    return "\n".join(["#define GP_HAS_FP64 1" if fp64 else "", *headers, *defines,
                      _programs.template("reduce.cl")])


_ARG_DTYPES = (None, np.int64, None, np.int32, None, None, None, np.int32, None, np.int32,
               np.int64, np.int64)


def arg_reduce_rows(device, which, a, axes):
    """Index (int64, within the reduced axes in C order) of the first max/min of each row of
    ``a`` over ``axes``, as a C-contiguous array of the kept shape."""
    from ._creation import empty

    kept = [i for i in range(a.ndim) if i not in axes]
    item = a.itemsize
    outer_shape = [a._shape[i] for i in kept]
    rows = int(np.prod(outer_shape, dtype=np.int64)) if kept else 1
    rowlen = int(np.prod([a._shape[i] for i in axes], dtype=np.int64)) if axes else 1
    outer, outer_nd = _dims(outer_shape, [a._strides[i] // item for i in kept])
    inner, inner_nd = _dims([a._shape[i] for i in axes], [a._strides[i] // item for i in axes])
    result = empty(tuple(outer_shape), dtype=np.int64, device=device)
    if rows == 0:
        return result
    local = _local_size(device)
    source = _arg_source(which, a._dtype, local, device.has_fp64)
    if rows >= 4 * local * device.compute_units:
        knl = _programs.kernel(device, source, "arg_reduce_rows_each", _ARG_DTYPES)
        _launch.launch(device, knl, rows, [a._buf.cl, a._offset // item, result._buf.cl, 0,
                                           result._buf.cl, result._buf.cl, outer, outer_nd,
                                           inner, inner_nd, rowlen, rows], "arg" + which)
        return result
    knl = _programs.kernel(device, source, "arg_reduce_rows", _ARG_DTYPES)
    chunks = _chunks(device, rows, rowlen, local)
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


def _chunks(device, rows, rowlen, local):
    """Work-groups per row: split long rows so that every compute unit gets work."""
    per_group = local * 64
    return builtins.max(1, builtins.min((rowlen + per_group - 1) // per_group,
                                        builtins.max(1, 8 * device.compute_units * 4 // rows)))


def _dims(shape, strides):
    from ._elementwise import _collapse

    cshape, (cstrides,) = _collapse(shape, [strides])
    if not cshape:
        cshape, cstrides = (1,), (0,)
    d = np.zeros((2, MAXDIM), dtype=np.int64)
    d[0, :len(cshape)] = cshape
    d[1, :len(cstrides)] = cstrides
    return d, len(cshape)


def _local_size(device):
    size = 1
    while size * 2 <= builtins.min(_launch.local_size(device), 256):
        size *= 2
    return size


def reduce_rows(device, row, loop, a, axes, out_dtype):
    """Reduce ``a`` over ``axes`` into a new C-contiguous array of the kept shape."""
    from ._creation import empty

    kept = [i for i in range(a.ndim) if i not in axes]
    item = a.itemsize
    outer_shape = [a._shape[i] for i in kept]
    rows = int(np.prod(outer_shape, dtype=np.int64)) if kept else 1
    rowlen = int(np.prod([a._shape[i] for i in axes], dtype=np.int64)) if axes else 1
    outer, outer_nd = _dims(outer_shape, [a._strides[i] // item for i in kept])
    inner, inner_nd = _dims([a._shape[i] for i in axes], [a._strides[i] // item for i in axes])
    if len(outer_shape) > MAXDIM or len(axes) > MAXDIM:
        raise ValueError(f"reductions support up to {MAXDIM} dimensions after merging")
    result = empty(tuple(outer_shape), dtype=out_dtype, device=device)
    if rows == 0:
        return result
    acc = loop[row[1]]
    local = _local_size(device)
    args_tail = [outer, outer_nd, inner, inner_nd]
    dtypes = (None, np.int64, None, np.int64, None, np.int32, None, np.int32, np.int64, np.int64)
    # One work-item per row when the ufunc is not reorderable, or when there are enough rows
    # to fill the device (then each work-item streams its row; no tree, no barriers).
    many_rows = rows >= 4 * local * device.compute_units
    if row[0] in REORDERABLE and many_rows and \
            abs(int(inner[1, inner_nd - 1])) > abs(int(outer[1, outer_nd - 1])):
        # rows start close together and their elements lie far apart (axis 0 of C order)
        source = _source(row[0], loop, a._dtype, out_dtype, local, device.has_fp64)
        knl = _programs.kernel(device, source, "reduce_cols", dtypes)
        _launch.launch(device, knl, (rows + 15) // 16, [a._buf.cl, a._offset // item,
                                                        result._buf.cl, 0, *args_tail, rowlen,
                                                        rows], row[0])
        return result
    if row[0] not in REORDERABLE or many_rows:
        source = _source(row[0], loop, a._dtype, out_dtype, local, device.has_fp64)
        knl = _programs.kernel(device, source, "reduce_rows_ordered", dtypes)
        _launch.launch(device, knl, rows, [a._buf.cl, a._offset // item, result._buf.cl, 0,
                                           *args_tail, rowlen, rows], row[0])
        return result
    # Split long rows so that every compute unit gets work; each chunk is a work-group.
    chunks = _chunks(device, rows, rowlen, local)
    if chunks == 1:
        source = _source(row[0], loop, a._dtype, out_dtype, local, device.has_fp64)
        knl = _programs.kernel(device, source, "reduce_rows", dtypes)
        _launch_groups(device, knl, rows, local, [a._buf.cl, a._offset // item, result._buf.cl, 0,
                                                   *args_tail, rowlen, 1], row[0])
        return result
    partial = empty((rows * chunks,), dtype=acc, device=device)
    source = _source(row[0], loop, a._dtype, acc, local, device.has_fp64)
    knl = _programs.kernel(device, source, "reduce_rows", dtypes)
    _launch_groups(device, knl, rows * chunks, local, [a._buf.cl, a._offset // item, partial._buf.cl,
                                                       0, *args_tail, rowlen, chunks], row[0])
    loop2 = (acc,) * len(loop)
    source2 = _source(row[0], loop2, acc, out_dtype, local, device.has_fp64)
    knl2 = _programs.kernel(device, source2, "reduce_rows", dtypes)
    outer2, _ = _dims((rows,), (chunks,))
    inner2, _ = _dims((chunks,), (1,))
    _launch_groups(device, knl2, rows, local, [partial._buf.cl, 0, result._buf.cl, 0, outer2, 1,
                                               inner2, 1, chunks, 1], row[0])
    return result


def _launch_groups(device, knl, groups, local, args, what):
    import pyopencl as cl

    from ._config import settings

    with device.lock:
        try:
            knl(device.queue, (groups * local,), (local,), *args)
        except cl.Error as exc:
            raise _launch._translate(exc, device, what) from None
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


def ufunc_reduce(uf, array, axis=0, dtype=None, out=None, keepdims=False, initial=np._NoValue,
                 where=True):
    from . import _copying
    from ._creation import asarray, full

    if uf.nin != 2 or uf.nout != 1:
        raise ValueError("reduce only supported for binary functions")
    a = array if isinstance(array, ndarray) else asarray(array)
    device = a._device
    if isinstance(out, tuple):
        out = out[0] if len(out) == 1 else out
    axes = normalize_axes(axis, a.ndim)
    loop = _resolve_reduce(uf, a._dtype, dtype, out)
    if len(axes) > 1 and uf.__name__ not in REORDERABLE:
        raise ValueError(f"reduction operation '{uf.__name__}' is not reorderable, so at most "
                         "one axis may be specified")
    for dt in loop:
        _dtypes.check_dtype(dt, device, uf.__name__)
    res_dtype = loop[2]
    out_shape = tuple(1 if i in axes else n for i, n in enumerate(a._shape)) if keepdims else \
        tuple(n for i, n in enumerate(a._shape) if i not in axes)
    if out is not None and out._shape != out_shape:
        raise ValueError(f"output parameter for reduction operation {uf.__name__} has the wrong "
                         f"shape: expected {out_shape}, got {out._shape}")
    rowlen = int(np.prod([a._shape[i] for i in axes], dtype=np.int64))
    has_initial = initial is not np._NoValue and initial is not None
    if where is not True:
        if uf.identity is None and not has_initial:
            raise ValueError(f"reduction operation '{uf.__name__}' does not have an identity, so "
                             "to use a where mask one has to specify 'initial'")
        fill_value = initial if has_initial else uf.identity
        a = _copying.where(where, a, np.asarray(fill_value, dtype=a._dtype)[()])
        if a._shape != array.shape:
            raise ValueError("where mask shape does not match")
    if rowlen == 0 or not axes and a.size == 0:
        if uf.identity is None and not has_initial:
            raise ValueError(f"zero-size array to reduction operation {uf.__name__} which has "
                             "no identity")
        start = initial if has_initial else uf.identity
        result = full(out_shape, start, dtype=res_dtype, device=device)
    elif not axes:
        result = a.astype(res_dtype)
        if has_initial:
            uf(result, initial, out=result)
        result = result.reshape(out_shape)
    else:
        result = reduce_rows(device, uf._row, loop, a, axes, res_dtype)
        if has_initial:
            uf(result, np.asarray(initial, dtype=res_dtype)[()], out=result)
        result = result.reshape(out_shape)
    if out is not None:
        _copying.copy_into(out, result)
        return out
    return result


# -- NumPy functions built on reduce ----------------------------------------------------
def _reduce(name, a, axis, dtype=None, out=None, keepdims=False, initial=None, where=True):
    from ._creation import asarray
    from ._ufunc import UFUNCS

    a = a if isinstance(a, ndarray) else asarray(a)
    return ufunc_reduce(UFUNCS[name], a, axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                        initial=np._NoValue if initial is None else initial, where=where)


def sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    """Sum of elements over the given axes; small integers accumulate in int64 as in NumPy."""
    return _reduce("add", a, axis, dtype, out, keepdims, initial, where)


def prod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=True):
    return _reduce("multiply", a, axis, dtype, out, keepdims, initial, where)


def max(a, axis=None, out=None, keepdims=False, initial=None, where=True):
    """Largest element; NaN if any element is NaN, as in NumPy."""
    return _reduce("maximum", a, axis, None, out, keepdims, initial, where)


def min(a, axis=None, out=None, keepdims=False, initial=None, where=True):
    return _reduce("minimum", a, axis, None, out, keepdims, initial, where)


amax, amin = max, min


def any(a, axis=None, out=None, keepdims=False, *, where=True):
    from ._creation import asarray

    a = a if isinstance(a, ndarray) else asarray(a)
    return _reduce("logical_or", a, axis, None, out, keepdims, None, where)


def all(a, axis=None, out=None, keepdims=False, *, where=True):
    from ._creation import asarray

    a = a if isinstance(a, ndarray) else asarray(a)
    return _reduce("logical_and", a, axis, None, out, keepdims, None, where)


def mean(a, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    """Arithmetic mean; integers average in float64 (float32 on devices without fp64)."""
    from ._creation import asarray
    from ._ufunc import UFUNCS

    a = a if isinstance(a, ndarray) else asarray(a)
    axes = normalize_axes(axis, a.ndim)
    calc = dtype
    if calc is None:
        calc = _dtypes.default_float(a._device) if a._dtype.kind in "biu" else \
            (_dtypes.float32 if a._dtype == _dtypes.float16 else a._dtype)
    total = sum(a, axis=axis, dtype=calc, keepdims=keepdims, where=where)
    if where is True:
        n = int(np.prod([a._shape[i] for i in axes], dtype=np.int64))
        if n == 0:
            import warnings

            warnings.warn("Mean of empty slice.", RuntimeWarning, stacklevel=2)
        result = UFUNCS["divide"](total, n) if n else UFUNCS["divide"](total, np.nan)
    else:
        from ._shape import broadcast_to

        mask = broadcast_to(asarray(where, device=a._device), a._shape)
        result = UFUNCS["divide"](total, sum(mask, axis=axis, keepdims=keepdims))
    final = np.dtype(dtype) if dtype is not None else (a._dtype if a._dtype.kind in "fc" else result._dtype)
    if result._dtype != final:
        result = result.astype(final)
    if out is not None:
        from . import _copying

        _copying.copy_into(out, result)
        return out
    return result


def _arg(which, a, axis, out, keepdims):
    from ._creation import asarray

    a = a if isinstance(a, ndarray) else asarray(a)
    if axis is None:
        axes = tuple(range(a.ndim))
    else:
        from ._shape import normalize_axis

        axes = (normalize_axis(axis, a.ndim),)
    if a.size == 0 and (axis is None or a._shape[axes[0]] == 0):
        raise ValueError(f"attempt to get arg{which} of an empty sequence")
    result = arg_reduce_rows(a._device, which, a, axes)
    if keepdims:
        shape = (1,) * a.ndim if axis is None else \
            tuple(1 if i == axes[0] else n for i, n in enumerate(a._shape))
        result = result.reshape(shape)
    if out is not None:
        from . import _copying

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

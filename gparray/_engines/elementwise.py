"""Generate and launch elementwise kernels for one ufunc loop.

An operand is either a device array (broadcast to the output shape by zero strides) or a
Python scalar passed by value. The loop's body comes from the ufunc table; the kernel's
structure (contiguous, vector and strided variants) from gparray/kernels/elementwise.cl.
"""
import functools

import numpy as np

from .._runtime import cgen as _cgen, launch as _launch, programs as _programs
from .._runtime.ufunc_table import expression_for, ROWS, VECTOR

MAXDIM = 16
_NAMES = "abc"


class Scalar:
    """A by-value operand: ``value`` already converted to the loop dtype."""

    __slots__ = ("value", "dtype")

    def __init__(self, value, dtype):
        self.value = value
        self.dtype = dtype


def _expression(row, loop):
    nin = row.nin
    chars = "".join(dt.char for dt in loop[:nin])
    expr = expression_for(row, chars, loop[0].kind)
    if expr is None:
        raise TypeError(f"ufunc {row.name!r} has no device loop for {chars}")
    first = loop[0]
    out = loop[nin]
    t = _cgen.compute_ctype(first)
    replacements = {"$T": t, "$U": _cgen.unsigned(t), "$O": _cgen.compute_ctype(out)}
    complex_dt = next((d for d in loop if d.kind == "c"), None)
    if complex_dt is not None:
        replacements["$P"] = _cgen.complex_prefix(complex_dt)
        replacements["$R"] = _cgen.real_ctype(complex_dt)
    for key, value in replacements.items():
        expr = expr.replace(key, value)
    return expr


@functools.lru_cache(maxsize=4096)
def kernel_source(name, loop, operands, out_dtypes, has_where, vector_width, fp64):
    """Source and by-value argument dtypes of the program for one loop and operand set.

    ``operands`` holds, per input, ("a", dtype) for a device array or ("s", dtype) for a
    by-value scalar of the loop dtype; ``out_dtypes`` the output arrays' dtypes.
    """
    row = ROWS[name]
    nin, nout = row.nin, row.nout
    expr = _expression(row, loop)
    params, args, arg_dtypes, loads, vloads, index_names = [], [], [], [], [], []
    narrays = 0
    for k, ((what, dt), loop_dt) in enumerate(zip(operands, loop[:nin])):
        var = _NAMES[k]
        ct = _cgen.compute_ctype(loop_dt)
        if what == "a":
            p, idx = f"in{k}", f"i{narrays}"
            params += [f"__global const {_cgen.ctype(dt)}* {p}", f"const long {p}_off"]
            args += [p, f"{p}_off"]
            arg_dtypes += [None, np.int64]
            value = _cgen.cast(_cgen.load(dt, p, f"{p}_off + {idx}"), dt, loop_dt)
            loads.append(f"const {ct} {var} = {value};")
            vloads.append(f"const {ct}{vector_width} {var} = vload{vector_width}(0, {p} + {p}_off + i);")
            index_names.append(idx)
            narrays += 1
        else:
            p = f"s{k}"
            if loop_dt.kind == "c":
                rt = _cgen.real_ctype(loop_dt)
                params += [f"const {rt} {p}_re", f"const {rt} {p}_im"]
                args += [f"{p}_re", f"{p}_im"]
                arg_dtypes += [np.dtype(rt.replace("float", "float32").replace("double", "float64"))] * 2
                loads.append(f"const {ct} {var} = ({ct})({p}_re, {p}_im);")
            else:
                params.append(f"const {ct} {p}")
                args.append(p)
                arg_dtypes.append(np.float32 if loop_dt == np.float16 else loop_dt)
                loads.append(f"const {ct} {var} = {p};")
                vloads.append(f"const {ct}{vector_width} {var} = ({ct}{vector_width})({p});")
    guard = ""
    if has_where:
        idx = f"i{narrays}"
        params += ["__global const uchar* wh", "const long wh_off"]
        args += ["wh", "wh_off"]
        arg_dtypes += [None, np.int64]
        guard = f"if (!wh[wh_off + {idx}]) return;"
        index_names.append(idx)
        narrays += 1
    stores, vstores, results = [], [], []
    for j, dt in enumerate(out_dtypes):
        p, idx = f"out{j}", f"i{narrays}"
        loop_out = loop[nin + j]
        params += [f"__global {_cgen.ctype(dt)}* {p}", f"const long {p}_off"]
        args += [p, f"{p}_off"]
        arg_dtypes += [None, np.int64]
        results.append(f"{_cgen.compute_ctype(loop_out)} r{j};")
        stores.append(_cgen.store(dt, p, f"{p}_off + {idx}", _cgen.cast(f"r{j}", loop_out, dt)))
        vstores.append(f"vstore{vector_width}(r{j}, 0, {p} + {p}_off + i);")
        index_names.append(idx)
        narrays += 1
    body = expr if nout > 1 else f"r0 = {expr};"
    index_params = ", ".join(f"const long {i}" for i in index_names)
    defines = [
        f"#define GP_PARAMS {', '.join(params)}",
        f"#define GP_ARGS {', '.join(args)}",
        f"#define GP_NARRAYS {narrays}",
        f"#define GP_MAXDIM {MAXDIM}",
        f"#define GP_CONTIG_INDEX(i) {', '.join(['(i)'] * narrays)}",
        f"#define GP_STRIDED_INDEX {', '.join(f'off[{k}]' for k in range(narrays))}",
    ]
    apply = [f"inline void gp_apply(GP_PARAMS, {index_params})", "{", "    " + guard,
             *("    " + x for x in loads), *("    " + x for x in results), "    " + body,
             *("    " + x for x in stores), "}"]
    if vector_width:
        ct = _cgen.compute_ctype(loop[nin])
        defines.append(f"#define GP_VW {vector_width}")
        apply += ["inline void gp_apply_vec(GP_PARAMS, const long i)", "{",
                  *("    " + x for x in vloads), f"    const {ct}{vector_width} r0 = {expr};",
                  *("    " + x for x in vstores), "}"]
    headers = _programs.headers(loop + tuple(out_dtypes) + tuple(dt for _, dt in operands), fp64)
    source = "\n".join([*headers, *defines, *apply, _programs.template("elementwise.cl")])
    return source, tuple(arg_dtypes)


def _vector_width(device, row, loop, operands, out_dtypes, has_where):
    if has_where or row.name not in VECTOR or row.nout != 1:
        return 0
    dt = loop[0]
    if dt.kind != "f" or dt.itemsize < 4:
        return 0
    if any(d != dt for d in loop) or any(d != dt for _, d in operands) or out_dtypes[0] != dt:
        return 0
    return _launch.vector_width(device, dt, row.name)


def _collapse(shape, stride_lists):
    """Drop length-1 axes and merge axes that are contiguous in every operand."""
    dims = [(n, [s[i] for s in stride_lists]) for i, n in enumerate(shape) if n != 1]
    if not dims:
        return (), [() for _ in stride_lists]
    merged = [dims[0]]
    for n, strides in dims[1:]:
        pn, pstrides = merged[-1]
        if all(ps == s * n for ps, s in zip(pstrides, strides)):
            merged[-1] = (pn * n, strides)
        else:
            merged.append((n, strides))
    new_shape = tuple(n for n, _ in merged)
    return new_shape, [tuple(st[k] for _, st in merged) for k in range(len(stride_lists))]


def run(device, row, loop, inputs, outputs, where=None):
    """Compute ``row`` with loop dtypes ``loop`` into ``outputs`` (arrays of the result shape).

    ``inputs`` holds device arrays (any shape broadcastable to the result) and Scalar values.
    Returns ``(kernel, work_items, trailing_args)`` of the single launch it made, so that a
    caller can repeat the same launch for operands of the same layout, or None.
    """
    shape = outputs[0].shape
    n = 1
    for s in shape:
        n *= s
    if n == 0:
        return
    operands = tuple(("a", x.dtype) if not isinstance(x, Scalar) else ("s", x.dtype) for x in inputs)
    out_dtypes = tuple(o.dtype for o in outputs)
    arrays = [x for x in inputs if not isinstance(x, Scalar)]
    if where is not None:
        arrays.append(where)
    arrays.extend(outputs)
    ndim = len(shape)
    stride_lists = []
    for a in arrays:
        itemsize = a.dtype.itemsize
        pad = ndim - a.ndim
        st = [0] * pad + [0 if dim == 1 else s // itemsize for dim, s in zip(a.shape, a.strides)]
        stride_lists.append(st)
    cshape, cstrides = _collapse(shape, stride_lists)
    contiguous = len(cshape) <= 1 and all(not st or st[0] == 1 for st in cstrides)
    vw = _vector_width(device, row, loop, operands, out_dtypes, where is not None) if contiguous else 0
    source, arg_dtypes = kernel_source(row.name, loop, operands, out_dtypes, where is not None, vw,
                                       device.has_fp64)
    args, offset_positions = [], []
    arrays_iter = iter(arrays)
    for x in inputs:
        if isinstance(x, Scalar):
            args += [x.value.real, x.value.imag] if x.dtype.kind == "c" else [x.value]
        else:
            a = next(arrays_iter)
            offset_positions.append(len(args) + 1)
            args += [a._buf.cl, a._offset // a.dtype.itemsize]
    for a in arrays_iter:
        offset_positions.append(len(args) + 1)
        args += [a._buf.cl, a._offset // a.dtype.itemsize]
    if contiguous:
        name, items = ("ew_vector", (n + vw - 1) // vw) if vw else ("ew_contig", n)
        knl = _programs.kernel(device, source, name, arg_dtypes + (np.int64,))
        tail = [n]
    elif len(cshape) <= MAXDIM:
        knl = _programs.kernel(device, source, "ew_strided", arg_dtypes + (None, np.int32, np.int64))
        items, tail = n, [_layout(cshape, cstrides), len(cshape), n]
    else:
        knl = _programs.kernel(device, source, "ew_strided", arg_dtypes + (None, np.int32, np.int64))
        _run_high_rank(device, row, knl, args, offset_positions, cshape, cstrides, n)
        return None
    _launch.launch(device, knl, items, args + tail, row.name)
    return knl, items, tail


def _run_high_rank(device, row, knl, args, offset_positions, cshape, cstrides, n):
    # Rank beyond MAXDIM even after collapsing: one launch per index of the leading axes.
    lead = len(cshape) - MAXDIM
    layout = _layout(cshape[lead:], [st[lead:] for st in cstrides])
    inner = n // int(np.prod(cshape[:lead]))
    for index in np.ndindex(*cshape[:lead]):
        shifted = list(args)
        for pos, st in zip(offset_positions, cstrides):
            shifted[pos] += sum(i * s for i, s in zip(index, st[:lead]))
        _launch.launch(device, knl, inner, shifted + [layout, MAXDIM, inner], row.name)
    return None


def _layout(shape, strides):
    lay = np.zeros((1 + len(strides), MAXDIM), dtype=np.int64)
    lay[0, :len(shape)] = shape
    for k, st in enumerate(strides):
        lay[1 + k, :len(st)] = st
    return lay


def scalar_value(x, dtype):
    """Convert a host scalar to the loop dtype as NumPy would (raising OverflowError for a
    Python int that does not fit)."""
    if isinstance(x, int) and not isinstance(x, bool) and dtype.kind in "iu":
        info = np.iinfo(dtype)
        if not info.min <= x <= info.max:
            raise OverflowError(f"Python integer {x} out of bounds for {dtype}")
    value = np.asarray(x).astype(dtype, casting="unsafe")[()] if isinstance(x, np.generic) \
        else np.asarray(x, dtype=dtype)[()]
    if dtype == np.float16:
        return Scalar(np.float32(value), dtype)
    return Scalar(value, dtype)

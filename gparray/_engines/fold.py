"""Program text for kernels that fold a binary ufunc over data — reductions, scans and
reduceat: the shared headers (_programs.headers) plus the defines those templates read (storage and accumulator
types, a load that casts to the loop dtype, the combine expression from the ufunc table, a
store that casts to the output dtype)."""
import numpy as np

from .._runtime import cgen as _cgen, programs as _programs
from .._runtime.ufunc_table import ROWS
from .elementwise import _expression, MAXDIM


def fold_source(name, loop, in_dtype, out_dtype, fp64, template, extra=(), element=None,
                finalize=None):
    """Source of ``template`` (a gparray/kernels file) folding ufunc ``name`` with loop ``loop``.

    ``element`` — (C in ``x``, the dtype it yields[, a center dtype]) — maps each loaded
    ``in_dtype`` element (in its compute type) before it is converted to the loop dtype: a
    reduction's map, fused into gp_load; with a center dtype the map also reads ``c``, the
    row's value of the kernel's ``center`` array. ``finalize`` — C in ``acc`` and ``n`` —
    defines gp_finalize (and GP_FINALIZE), which reduce.cl applies to each row's total
    before gp_store.
    """
    row = ROWS[name]
    acc = loop[row.nin]
    acc_t = _cgen.compute_ctype(acc)
    value, value_dtype = _cgen.load(in_dtype, 'p', 'i'), in_dtype
    maps = []
    if element is not None:
        expr, value_dtype, *center = element
        params = f"{_cgen.compute_ctype(in_dtype)} x"
        if center:          # the map also reads the row's center, gp_c, of dtype center[0]
            maps += ["#define GP_CENTERED 1", f"#define GP_C_T {_cgen.ctype(center[0])}"]
            params += f", {_cgen.compute_ctype(center[0])} c"
        maps.append(f"inline {_cgen.compute_ctype(value_dtype)} gp_map({params}) "
                    f"{{ return {expr}; }}")
        value = f"gp_map({value}, gp_c)" if center else f"gp_map({value})"
    if finalize is not None:
        maps += ["#define GP_FINALIZE 1",
                 f"inline {acc_t} gp_finalize({acc_t} acc, long n) {{ return {finalize}; }}"]
    defines = [
        f"#define GP_IN_T {_cgen.ctype(in_dtype)}",
        f"#define GP_ACC_T {acc_t}",
        f"#define GP_OUT_T {_cgen.ctype(out_dtype)}",
        f"#define GP_MAXDIM {MAXDIM}",
        *maps,
        f"#define gp_load(p, i) ({_cgen.cast(value, value_dtype, loop[0])})",
        f"inline {acc_t} gp_combine({acc_t} a, {acc_t} b) {{ return {_expression(row, loop)}; }}",
        f"#define gp_store(p, i, v) {_cgen.store(out_dtype, 'p', 'i', _cgen.cast('(v)', acc, out_dtype))}",
        *extra,
    ]
    return "\n".join([*_programs.headers((*loop, in_dtype, out_dtype), fp64), *defines,
                      _programs.template(template)])


def row_layout(a, out, axis, what):
    """The gp_rows struct of scan.cl/reduceat.cl: the shape of every axis but ``axis`` and the
    element strides of ``a`` and ``out`` along them."""
    other = [k for k in range(a.ndim) if k != axis]
    if len(other) > MAXDIM:
        raise ValueError(f"{what} supports up to {MAXDIM + 1} dimensions")
    lay = np.zeros((3, MAXDIM), dtype=np.int64)
    for i, k in enumerate(other):
        lay[0, i] = a._shape[k]
        lay[1, i] = a._strides[k] // a.itemsize
        lay[2, i] = out._strides[k] // out.itemsize
    return lay, other

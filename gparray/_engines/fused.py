"""One OpenCL kernel for a whole DAG of elementwise operations (a fused expression).

An expression is a tuple of nodes in topological order; a node refers to earlier nodes by
position, so a value used twice is computed once per element:

- ``("in", k)``: element of input array ``k`` (any strides, broadcast by zero strides);
- ``("s", k, dtype)``: by-value scalar argument ``k``, already of ``dtype``;
- ``("op", name, loop, i, j, ...)``: ufunc ``name`` of the ufunc table with loop dtypes
  ``loop`` (inputs then output) applied to nodes ``i, j, ...``;
- ``("cast", dtype, i)``: node ``i`` converted to ``dtype`` (``astype``, with NumPy's casts).

Each node's value is held in its dtype's compute type, and float16 results are rounded to
half as a store would, so every element is what the chain of separate kernels would store:
the same loop dtypes, the same C expression per ufunc (the ufunc table's, as in the
elementwise engine) and the same conversions between them. Programs come from the
elementwise template (contiguous, vector and strided variants), keyed by the expression's
structure and dtypes, never by shapes or scalar values, so a loop compiles once.
"""
import functools

import numpy as np

from .._core import pending as _pending
from .._core.allocate import empty
from .._runtime import cgen as _cgen, launch as _launch, programs as _programs
from .._runtime.ufunc_table import ROWS, VECTOR, VECTOR_ARITHMETIC
from .elementwise import _collapse, _expression, _layout, _run_high_rank, MAXDIM

_ARG_NAMES = "abc"
# Bounds on automatic fusion's pending work: results waiting, and nodes of one expression;
# results computed by one kernel.
MAX_PENDING = 64
MAX_NODES = 64
MAX_OUTPUTS = 8
# Ranks a strided launch indexes: the layout struct, passed by value, holds this many
# extents and strides per array, and a fused kernel may read many arrays while devices
# guarantee only 1 KiB of kernel arguments; higher ranks use MAXDIM.
SMALL_MAXDIM = 4


class Value:
    """A node of an expression graph as it is built (by gparray.fuse's tracers or by lazy
    ufunc calls): ``kind`` is "in" (an array; ``data`` says which), "const" (an
    ``elementwise.Scalar``), "op" ((ufunc name, loop, operand values)), "cast" (the operand
    value) or "reduce" ((name, operand value, keyword arguments))."""

    __slots__ = ("kind", "dtype", "shape", "data", "size")

    def __init__(self, kind, dtype, shape, data):
        self.kind, self.dtype, self.shape, self.data = kind, dtype, shape, data
        if kind == "op":
            self.size = 1 + sum(v.size for v in data[2])
        elif kind == "cast":
            self.size = 1 + data.size
        else:
            self.size = 1


def distinct_nodes(value):
    """How many distinct nodes the graph of ``value`` has (``Value.size`` counts a shared
    node once per use, which overstates graphs that reuse values)."""
    seen, stack = set(), [value]
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        if v.kind == "op":
            stack.extend(v.data[2])
        elif v.kind == "cast":
            stack.append(v.data)
    return len(seen)


def build(values, leaf):
    """(nodes, output positions, inputs, scalars) of the expression computing ``values``;
    ``leaf(value)`` gives what stands for an "in" or "reduce" value among the inputs."""
    nodes, index, inputs, positions, scalars = [], {}, [], {}, []

    def visit(v):
        key = id(v)
        if key in index:
            return index[key]
        if v.kind in ("in", "reduce"):
            source = leaf(v)
            if id(source) not in positions:
                positions[id(source)] = len(inputs)
                inputs.append(source)
            node = ("in", positions[id(source)])
        elif v.kind == "const":
            scalars.append(v.data)
            node = ("s", len(scalars) - 1, v.data.dtype)
        elif v.kind == "cast":
            node = ("cast", v.dtype, visit(v.data))
        else:
            name, loop, operands = v.data
            node = ("op", name, loop, *(visit(x) for x in operands))
        nodes.append(node)
        index[key] = len(nodes) - 1
        return index[key]

    outputs = tuple(visit(v) for v in values)
    return tuple(nodes), outputs, tuple(inputs), tuple(scalars)


def node_dtypes(nodes, in_dtypes):
    """The dtype of every node's value."""
    out = []
    for node in nodes:
        tag = node[0]
        if tag == "in":
            out.append(in_dtypes[node[1]])
        elif tag == "s" or tag == "cast":
            out.append(node[2] if tag == "s" else node[1])
        else:
            out.append(node[2][ROWS[node[1]].nin])
    return tuple(out)


def _function_name(name, loop, width):
    types = "_".join(dt.name for dt in loop)
    return f"gp_{'v' if width else ''}{name}_{types}"


def _op_functions(nodes, width):
    """One inline C function per distinct (ufunc, loop): the table's expression as its body."""
    seen, text = set(), []
    for node in nodes:
        if node[0] != "op":
            continue
        name, loop = node[1], node[2]
        fname = _function_name(name, loop, width)
        if fname in seen:
            continue
        seen.add(fname)
        row = ROWS[name]
        suffix = str(width) if width else ""
        params = ", ".join(f"const {_cgen.compute_ctype(dt)}{suffix} {_ARG_NAMES[k]}"
                           for k, dt in enumerate(loop[:row.nin]))
        out_t = _cgen.compute_ctype(loop[row.nin]) + suffix
        text.append(f"inline {out_t} {fname}({params}) {{ return {_expression(row, loop)}; }}")
    return text


_ROUND_HALF = ("inline float gp_round_half(const float x) "
               "{ ushort h; vstore_half_rte(x, 0, (__private half*)&h); "
               "return vload_half(0, (__private const half*)&h); }")


def _body(nodes, dtypes, width):
    """Statements computing every node into ``v<k>``; array inputs come from ``load(k)``."""
    lines = []
    suffix = str(width) if width else ""
    for k, (node, dt) in enumerate(zip(nodes, dtypes)):
        ct = _cgen.compute_ctype(dt) + suffix
        tag = node[0]
        if tag == "in":
            value = f"x{node[1]}"
        elif tag == "s":
            value = f"({ct})(s{node[1]})" if width else f"s{node[1]}"
        elif tag == "cast":
            value = _cgen.cast(f"v{node[2]}", dtypes[node[2]], dt)
        else:
            name, loop = node[1], node[2]
            nin = ROWS[name].nin
            args = ", ".join(_cgen.cast(f"v{i}", dtypes[i], want)
                             for i, want in zip(node[3:], loop[:nin]))
            value = f"{_function_name(name, loop, width)}({args})"
        if dt == np.float16 and tag in ("op", "cast"):
            value = f"gp_round_half({value})"
        lines.append(f"const {ct} v{k} = {value};")
    return lines


def vector_eligible(nodes, in_dtypes, costly=True):
    """The dtype whose lanes a contiguous launch may use (every value of one float dtype,
    every operation valid on vectors, and, with ``costly``, at least one costly enough to
    gain), or None."""
    dtypes = node_dtypes(nodes, in_dtypes)
    dt = dtypes[0] if dtypes else None
    if dt is None or dt.kind != "f" or dt.itemsize < 4 or any(d != dt for d in dtypes):
        return None
    names = {node[1] for node in nodes if node[0] == "op"}
    if (costly and not names & VECTOR) or not names <= VECTOR | VECTOR_ARITHMETIC:
        return None
    return dt


def _operand_params(in_dtypes, scalar_dtypes):
    """Kernel parameters, argument names and by-value argument dtypes of the inputs (a
    buffer and an element offset each) and of the scalars."""
    params, args, arg_dtypes = [], [], []
    for k, dt in enumerate(in_dtypes):
        params += [f"__global const {_cgen.ctype(dt)}* in{k}", f"const long in{k}_off"]
        args += [f"in{k}", f"in{k}_off"]
        arg_dtypes += [None, np.int64]
    for k, dt in enumerate(scalar_dtypes):
        if dt.kind == "c":
            rt = _cgen.real_ctype(dt)
            params += [f"const {rt} s{k}_re", f"const {rt} s{k}_im"]
            args += [f"s{k}_re", f"s{k}_im"]
            arg_dtypes += [np.dtype(np.float64 if rt == "double" else np.float32)] * 2
        else:
            params.append(f"const {_cgen.compute_ctype(dt)} s{k}_arg")
            args.append(f"s{k}_arg")
            arg_dtypes.append(np.float32 if dt == np.float16 else dt)
    return params, args, arg_dtypes


def _scalar_reads(scalar_dtypes):
    reads = []
    for k, dt in enumerate(scalar_dtypes):
        ct = _cgen.compute_ctype(dt)
        source = f"({ct})(s{k}_re, s{k}_im)" if dt.kind == "c" else f"s{k}_arg"
        reads.append(f"const {ct} s{k} = {source};")
    return reads


def _functions(nodes, dtypes, width):
    functions = _op_functions(nodes, 0)
    if np.dtype(np.float16) in dtypes:
        functions.insert(0, _ROUND_HALF)
    if width:
        functions += _op_functions(nodes, width)
    return functions


@functools.lru_cache(maxsize=1024)
def kernel_source(nodes, outputs, in_dtypes, scalar_dtypes, out_dtypes, width, fp64,
                  maxdim=SMALL_MAXDIM):
    """Program text and by-value argument dtypes for the expression ``nodes`` whose values
    ``outputs`` (node positions) are stored into arrays of ``out_dtypes``."""
    dtypes = node_dtypes(nodes, in_dtypes)
    params, args, arg_dtypes = _operand_params(in_dtypes, scalar_dtypes)
    n_in, n_out = len(in_dtypes), len(outputs)
    for j, dt in enumerate(out_dtypes):
        params += [f"__global {_cgen.ctype(dt)}* out{j}", f"const long out{j}_off"]
        args += [f"out{j}", f"out{j}_off"]
        arg_dtypes += [None, np.int64]
    narrays = n_in + n_out

    index_params = ", ".join(f"const long i{k}" for k in range(narrays))
    loads = [f"const {_cgen.compute_ctype(dt)} x{k} = "
             f"{_cgen.load(dt, f'in{k}', f'in{k}_off + i{k}')};" for k, dt in enumerate(in_dtypes)]
    stores = [_cgen.store(dt, f"out{j}", f"out{j}_off + i{n_in + j}",
                          _cgen.cast(f"v{node}", dtypes[node], dt))
              for j, (node, dt) in enumerate(zip(outputs, out_dtypes))]
    apply = [f"inline void gp_apply(GP_PARAMS, {index_params})", "{",
             *("    " + x for x in _scalar_reads(scalar_dtypes) + loads
               + _body(nodes, dtypes, 0) + stores),
             "}"]
    defines = [
        f"#define GP_PARAMS {', '.join(params)}",
        f"#define GP_ARGS {', '.join(args)}",
        f"#define GP_NARRAYS {narrays}",
        f"#define GP_MAXDIM {maxdim}",
        f"#define GP_CONTIG_INDEX(i) {', '.join(['(i)'] * narrays)}",
        f"#define GP_STRIDED_INDEX {', '.join(f'off[{k}]' for k in range(narrays))}",
    ]
    functions = _functions(nodes, dtypes, width)
    if width:
        w = width
        vloads = [f"const {_cgen.compute_ctype(dt)}{w} x{k} = vload{w}(0, in{k} + in{k}_off + i);"
                  for k, dt in enumerate(in_dtypes)]
        vstores = [f"vstore{w}(v{node}, 0, out{j} + out{j}_off + i);"
                   for j, node in enumerate(outputs)]
        defines.append(f"#define GP_VW {w}")
        apply += ["inline void gp_apply_vec(GP_PARAMS, const long i)", "{",
                  *("    " + x for x in _scalar_reads(scalar_dtypes) + vloads
                    + _body(nodes, dtypes, w)
                    + vstores), "}"]
    headers = _programs.headers(dtypes + tuple(out_dtypes) + tuple(scalar_dtypes), fp64)
    source = "\n".join([*headers, *functions, *defines, *apply,
                        _programs.template("elementwise.cl")])
    return source, tuple(arg_dtypes)


@functools.lru_cache(maxsize=256)
def sum_source(nodes, in_dtypes, scalar_dtypes, width, local, fp64):
    """Program text and by-value argument dtypes of ``fused_sum`` (kernels/fused_reduce.cl)
    over the last node of ``nodes``, a float32/float64 value, all inputs contiguous."""
    dtypes = node_dtypes(nodes, in_dtypes)
    acc = dtypes[-1]
    act = _cgen.compute_ctype(acc)
    params, args, arg_dtypes = _operand_params(in_dtypes, scalar_dtypes)
    loads = [f"const {_cgen.compute_ctype(dt)} x{k} = {_cgen.load(dt, f'in{k}', f'in{k}_off + i')};"
             for k, dt in enumerate(in_dtypes)]
    value = [f"inline {act} gp_value(GP_PARAMS, const long i)", "{",
             *("    " + x for x in _scalar_reads(scalar_dtypes) + loads + _body(nodes, dtypes, 0)),
             f"    return v{len(nodes) - 1};", "}"]
    defines = [f"#define GP_PARAMS {', '.join(params)}", f"#define GP_ARGS {', '.join(args)}",
               f"#define GP_ACC_T {act}", f"#define GP_LOCAL {local}"]
    if width:
        vloads = [f"const {_cgen.compute_ctype(dt)}{width} x{k} = "
                  f"vload{width}(0, in{k} + in{k}_off + i);" for k, dt in enumerate(in_dtypes)]
        defines.append(f"#define GP_VW {width}")
        value += [f"inline {act}{width} gp_value_vec(GP_PARAMS, const long i)", "{",
                  *("    " + x for x in _scalar_reads(scalar_dtypes) + vloads
                    + _body(nodes, dtypes, width)),
                  f"    return v{len(nodes) - 1};", "}"]
    headers = _programs.headers(dtypes + tuple(scalar_dtypes), fp64)
    source = "\n".join([*headers, *_functions(nodes, dtypes, width), *defines, *value,
                        _programs.template("fused_reduce.cl")])
    return source, tuple(arg_dtypes) + (None, np.int64, np.int64)


def _lanes(device, nodes, dtype):
    """Lanes every vector operation of ``nodes`` is confirmed for (0: one element per item)."""
    widths = [_launch.vector_width(device, dtype, node[1]) for node in nodes if node[0] == "op"]
    width = min(widths) if widths else 0
    return width if width > 1 else 0


class _Name:
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name


def run(device, nodes, outputs, inputs, scalars, out_arrays):
    """Compute the expression ``nodes`` over device arrays ``inputs`` (each broadcastable to
    the outputs' shape) and by-value ``scalars`` (``elementwise.Scalar``), storing node
    ``outputs[j]`` into ``out_arrays[j]`` (arrays of one shape)."""
    shape = out_arrays[0].shape
    n = 1
    for s in shape:
        n *= s
    if n == 0:
        return
    in_dtypes = tuple(a.dtype for a in inputs)
    scalar_dtypes = tuple(s.dtype for s in scalars)
    out_dtypes = tuple(o.dtype for o in out_arrays)
    arrays = [*inputs, *out_arrays]
    ndim = len(shape)
    stride_lists = []
    for a in arrays:
        pad = ndim - a.ndim
        stride_lists.append([0] * pad + [0 if dim == 1 else s // a.dtype.itemsize
                                         for dim, s in zip(a.shape, a.strides)])
    cshape, cstrides = _collapse(shape, stride_lists)
    contiguous = len(cshape) <= 1 and all(not st or st[0] == 1 for st in cstrides)
    width = 0
    if contiguous:
        vdt = vector_eligible(nodes, in_dtypes)
        if vdt is not None and all(d == vdt for d in out_dtypes + scalar_dtypes):
            width = _lanes(device, nodes, vdt)
    maxdim = SMALL_MAXDIM if len(cshape) <= SMALL_MAXDIM else MAXDIM
    source, arg_dtypes = kernel_source(nodes, tuple(outputs), in_dtypes, scalar_dtypes,
                                       out_dtypes, width, device.has_fp64, maxdim)
    args, offset_positions = [], []
    for a in inputs:
        offset_positions.append(len(args) + 1)
        args += [a._buf.cl, a._offset // a.dtype.itemsize]
    for s in scalars:
        args += [s.value.real, s.value.imag] if s.dtype.kind == "c" else [s.value]
    for a in out_arrays:
        offset_positions.append(len(args) + 1)
        args += [a._buf.cl, a._offset // a.dtype.itemsize]
    if contiguous:
        name, items = ("ew_vector", (n + width - 1) // width) if width else ("ew_contig", n)
        knl = _programs.kernel(device, source, name, arg_dtypes + (np.int64,))
        _launch.launch(device, knl, items, args + [n], "fused expression")
        return
    knl = _programs.kernel(device, source, "ew_strided", arg_dtypes + (None, np.int32, np.int64))
    if len(cshape) <= MAXDIM:
        layout = _layout(cshape, cstrides)[:, :maxdim].copy()
        _launch.launch(device, knl, n, args + [layout, len(cshape), n],
                       "fused expression")
        return
    _run_high_rank(device, _Name("fused expression"), knl, args, offset_positions, cshape,
                   cstrides, n)


SUM_DTYPES = frozenset({np.dtype(np.float32), np.dtype(np.float64)})


def contiguous_like(inputs, shape):
    """Whether every input is C-contiguous with exactly ``shape`` (no broadcasting), so that
    one flat index addresses the same element of each."""
    return all(a.shape == shape and a.flags.c_contiguous for a in inputs)


def sum_partials(device, nodes, inputs, scalars, n):
    """Partial sums (a float32/float64 device array) of the last node of ``nodes`` over its
    ``n`` elements, computed without storing the expression; see kernels/fused_reduce.cl.
    ``inputs`` must pass ``contiguous_like``."""
    in_dtypes = tuple(a.dtype for a in inputs)
    scalar_dtypes = tuple(s.dtype for s in scalars)
    dtype = node_dtypes(nodes, in_dtypes)[-1]
    width = 0
    if vector_eligible(nodes, in_dtypes, costly=False) == dtype and \
            all(d == dtype for d in scalar_dtypes):
        width = _lanes(device, nodes, dtype) if any(x[0] == "op" for x in nodes) else 0
    local = _launch.local_size(device)
    local = 1 << (local.bit_length() - 1)
    groups = max(1, min(1024, n // (local * 64)))
    chunk = (n + groups - 1) // groups
    source, arg_dtypes = sum_source(nodes, in_dtypes, scalar_dtypes, width, local,
                                    device.has_fp64)
    knl = _programs.kernel(device, source, "fused_sum", arg_dtypes)
    partial = empty((groups,), dtype=dtype, device=device)
    args = []
    for a in inputs:
        args += [a._buf.cl, a._offset // a.dtype.itemsize]
    for s in scalars:
        args += [s.value.real, s.value.imag] if s.dtype.kind == "c" else [s.value]
    _launch.launch(device, knl, groups * local, args + [partial._buf.cl, n, chunk],
                   "fused sum")
    return partial


def compute_pending(arrays):
    """Compute pending arrays (see gparray/_core/pending.py): one kernel per device and
    result shape, every result of it an output; each computed array's expression node then
    reads its buffer, so a chain still pending that shares it does not compute it again."""
    groups = {}
    for a in arrays:
        groups.setdefault((a._device, a._shape), []).append(a)
    chunks = [(key, group[k:k + MAX_OUTPUTS]) for key, group in groups.items()
              for k in range(0, len(group), MAX_OUTPUTS)]
    for (device, shape), group in chunks:
        values = [a._pending for a in group]
        nodes, outputs, inputs, scalars = build(values, lambda v: v.data)
        outs = [empty(shape, dtype=a._dtype, device=device) for a in group]
        run(device, nodes, outputs, list(inputs), scalars, outs)
        for a, o, v in zip(group, outs, values):
            a._b = o._b
            a._pending = None
            v.kind, v.data, v.size = "in", a, 1


# Pending arrays are computed by this engine (the core layer holds only the registry).
_pending.state.flusher = compute_pending

"""Small pieces of OpenCL C derived from dtypes: loads, stores, casts.

These fill the placeholders of the templates in gparray/kernels/; the kernels' structure lives in
the .cl files.
"""
import numpy as np

from .dtypes import C_TYPE, COMPUTE_C_TYPE, float16, UNSIGNED_C_TYPE


def ctype(dtype):
    return C_TYPE[dtype]


def compute_ctype(dtype):
    return COMPUTE_C_TYPE[dtype]


def real_ctype(dtype):
    """The real part's C type of a complex dtype."""
    return "double" if dtype.itemsize == 16 else "float"


def complex_prefix(dtype):
    return "cd" if dtype.itemsize == 16 else "cf"


def load(dtype, pointer, index):
    """An expression reading element ``index`` of ``pointer``, in the compute type."""
    if dtype == float16:
        return f"vload_half({index}, {pointer})"
    return f"{pointer}[{index}]"


def store(dtype, pointer, index, value):
    """A statement writing ``value`` (already of the compute type) to element ``index``."""
    if dtype == float16:
        return f"vstore_half_rte({value}, {index}, {pointer});"
    return f"{pointer}[{index}] = {value};"


def cast(expr, src, dst):
    """Convert a value of dtype ``src`` (in its compute type) to ``dst``'s compute type,
    with NumPy's casting semantics (bool is 0/1, complex to real keeps the real part)."""
    if src == dst:
        return expr
    dst_t = COMPUTE_C_TYPE[dst]
    if dst.kind == "b":
        if src.kind == "c":
            return f"(uchar)(({expr}).x != 0 || ({expr}).y != 0)"
        return f"(uchar)(({expr}) != 0)"
    if dst.kind == "c":
        real = real_ctype(dst)
        if src.kind == "c":
            return f"convert_{dst_t}({expr})"
        return f"(({dst_t})(({real})({expr}), ({real})0))"
    if src.kind == "c":
        return cast(f"(({expr}).x)", _real_of(src), dst)
    if src.kind == "f" and dst.kind in "iu":
        # Through a 64-bit integer, as NumPy's C casts do on common hosts, so that e.g.
        # -1.0 -> uint8 gives 255 rather than whatever an out-of-range C cast yields.
        if dst_t == "ulong":
            return f"(({expr}) < 0 ? (ulong)(long)({expr}) : (ulong)({expr}))"
        return f"(({dst_t})(long)({expr}))"
    return f"(({dst_t})({expr}))"


def _real_of(dtype):
    return np.dtype(np.float64) if dtype.itemsize == 16 else np.dtype(np.float32)


def unsigned(ctype_name):
    return UNSIGNED_C_TYPE.get(ctype_name, ctype_name)

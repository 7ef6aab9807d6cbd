"""Dtypes: which ones the device can hold, their OpenCL C types, and type promotion.

Promotion is NumPy 2's (NEP 50, Python scalars weak), obtained from NumPy's own resolver so
that every loop choice, cast check and error is exactly NumPy's; this module adds the one
device rule, that float64/complex128 need a device with fp64.
"""
import builtins

import numpy as np

bool_ = np.dtype(np.bool_)
int8, int16, int32, int64 = (np.dtype(t) for t in (np.int8, np.int16, np.int32, np.int64))
uint8, uint16, uint32, uint64 = (np.dtype(t) for t in (np.uint8, np.uint16, np.uint32, np.uint64))
float16, float32, float64 = (np.dtype(t) for t in (np.float16, np.float32, np.float64))
complex64, complex128 = np.dtype(np.complex64), np.dtype(np.complex128)

SUPPORTED = (bool_, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
             float16, float32, float64, complex64, complex128)
_SUPPORTED_SET = frozenset(SUPPORTED)
_NEEDS_FP64 = frozenset((float64, complex128))

# Storage type of each dtype in device memory.
C_TYPE = {
    bool_: "uchar", int8: "char", int16: "short", int32: "int", int64: "long",
    uint8: "uchar", uint16: "ushort", uint32: "uint", uint64: "ulong",
    float16: "half", float32: "float", float64: "double",
    complex64: "float2", complex128: "double2",
}
# Type that arithmetic happens in: half is loaded into float and rounded back on store,
# which is what NumPy does for float16 too.
COMPUTE_C_TYPE = {**C_TYPE, float16: "float"}
UNSIGNED_C_TYPE = {"char": "uchar", "short": "ushort", "int": "uint", "long": "ulong"}


def kind(dtype):
    """'b' bool, 'i' signed, 'u' unsigned, 'f' real floating, 'c' complex."""
    return dtype.kind


def is_supported(dtype):
    return dtype in _SUPPORTED_SET


def check_dtype(dtype, device, func="gparray"):
    """Raise TypeError unless ``dtype`` can live on ``device``."""
    dtype = np.dtype(dtype)
    if dtype not in _SUPPORTED_SET:
        raise TypeError(f"{func}: dtype {dtype} is not supported on the device; gparray supports "
                        + ", ".join(str(d) for d in SUPPORTED))
    if dtype in _NEEDS_FP64 and not device.has_fp64:
        raise TypeError(f"{func}: {dtype} needs double precision, which device "
                        f"{device.name!r} does not support; use float32/complex64")
    return dtype


def default_float(device):
    return float64 if device.has_fp64 else float32


def default_complex(device):
    return complex128 if device.has_fp64 else complex64


def default_int():
    return int64


def scalar_operand_type(value):
    """What a Python scalar contributes to promotion: its type (weak), as NumPy's resolver wants."""
    if isinstance(value, bool):
        return bool_
    if isinstance(value, int):
        return int
    if isinstance(value, float):
        return float
    if isinstance(value, complex):
        return complex
    return np.asarray(value).dtype


_LOGICAL = {"logical_and", "logical_or", "logical_xor", "logical_not"}


def resolve_ufunc(np_ufunc, operand_types, out_dtypes=None, dtype=None, signature=None,
                  casting="same_kind"):
    """The loop NumPy would pick: one dtype per input and output.

    ``operand_types`` holds dtypes for arrays and ``int``/``float``/``complex`` for weak Python
    scalars. Errors are NumPy's own (UFuncTypeError and friends are TypeErrors).
    """
    nin, nout = np_ufunc.nin, np_ufunc.nout
    if signature is None and dtype is not None:
        dtype = np.dtype(dtype)
        if nout == 1:
            signature = (None,) * nin + (dtype,)
        else:
            signature = (dtype,) * (nin + nout)
    outs = tuple(out_dtypes) if out_dtypes is not None else (None,) * nout
    kwargs = {"casting": casting}
    if signature is not None:
        kwargs["signature"] = signature
    loop = np_ufunc.resolve_dtypes(tuple(operand_types) + outs, **kwargs)
    # NumPy's logical ufuncs read any operand as a truth value: with a Python scalar the
    # resolver picks the bool loop, and NumPy's call casts the arrays to it.
    truth_values = np_ufunc.__name__ in _LOGICAL and loop[:nin] == (bool_,) * nin
    for operand, cast_to in zip(operand_types, loop[:nin]):
        if isinstance(operand, np.dtype) and not truth_values and \
                not np.can_cast(operand, cast_to, casting):
            raise np._core._exceptions._UFuncInputCastingError(np_ufunc, casting, operand,
                                                                cast_to, 0)
    for have, want, i in zip(loop[nin:], outs, range(nout)):
        if want is not None and not np.can_cast(have, want, casting):
            raise np._core._exceptions._UFuncOutputCastingError(np_ufunc, casting, have, want, i)
    return loop


def result_type(*arrays_and_dtypes):
    """NumPy's result_type, with Python scalars weak (NEP 50)."""
    converted = []
    for a in arrays_and_dtypes:
        dt = getattr(a, "dtype", None)
        if dt is not None and not isinstance(a, np.generic) and not isinstance(a, (type, np.dtype)):
            converted.append(dt)
        else:
            converted.append(a)
    return np.result_type(*converted)


_KIND_NAMES = {
    "bool": "b", "signed integer": "i", "unsigned integer": "u", "integral": "iu",
    "real floating": "f", "complex floating": "c", "numeric": "iufc",
}


def isdtype(dtype, kind):
    """The Array API's dtype-kind test: ``kind`` is a dtype, a kind name or a tuple of them."""
    dtype = np.dtype(dtype)
    if isinstance(kind, tuple):
        return any(isdtype(dtype, k) for k in kind)
    if isinstance(kind, str):
        if kind not in _KIND_NAMES:
            raise ValueError(f"unknown dtype kind {kind!r}")
        return dtype.kind in _KIND_NAMES[kind]
    return dtype == np.dtype(kind)


def _dtype_of(obj):
    """A dtype-like argument as given, or the dtype of an array or scalar."""
    if isinstance(obj, (builtins.type, np.dtype, str)):
        return obj
    return obj.dtype


class finfo:
    """Machine limits of a floating dtype (NumPy's ``finfo``), with the Array API's
    attributes (bits, eps, max, min, smallest_normal) as Python floats. Accepts dtypes,
    scalar types and arrays; other NumPy attributes (tiny, resolution, ...) pass through."""

    def __init__(self, type, /):
        info = np.finfo(_dtype_of(type))
        self._np = info
        self.dtype = info.dtype
        self.bits = int(info.bits)
        self.eps = float(info.eps)
        self.max = float(info.max)
        self.min = float(info.min)
        self.smallest_normal = float(info.smallest_normal)

    def __getattr__(self, name):
        return getattr(self._np, name)

    def __repr__(self):
        return repr(self._np)


def iinfo(type, /):
    """NumPy's ``iinfo``, also accepting arrays."""
    return np.iinfo(_dtype_of(type))


def fit(dtype, device):
    """``dtype`` where the device has fp64; float32/complex64 for float64/complex128 where it
    has not (the device's default float, as NumPy's float64 results become there)."""
    dtype = np.dtype(dtype)
    if device.has_fp64 or dtype.itemsize < 8 or dtype.kind not in "fc":
        return dtype
    return default_complex(device) if dtype.kind == "c" else default_float(device)


def floating(a):
    """Integer or bool ``a`` as the device's default float where it has no fp64, so that
    NumPy's int -> float64 promotions give float32 there; ``a`` itself otherwise."""
    if a._dtype.kind in "biu" and not a._device.has_fp64:
        return a.astype(default_float(a._device))
    return a

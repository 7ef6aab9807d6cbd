"""Every reduction, one row each: name, the ufunc that combines two values (its C expression
comes from the ufunc table), the identity the kernel starts from, a map applied to each
element as it is loaded, and a finalize applied to each row's total before it is stored.

- ``identity``: per dtype kind (b bool, i/u integers, f/c floating), a number or one of
  "-inf", "inf", "nan", "min", "max" (the integer type's limits). None: the combining
  ufunc's (NumPy's ``ufunc.identity``, or the extremes for maximum/minimum/fmax/fmin). It is
  the kernel's starting value only; what an empty slice gives is NumPy's rule, ``empty``.
- ``map``: C in ``x`` (the loaded element in its dtype's compute type), per kind of the
  input dtype; a kind not listed loads ``x`` unchanged. ``map_dtype`` is the dtype the map
  yields ("?" for a truth value), from which the accumulator is resolved; None: the input's;
  "center": the (real) dtype of a per-row ``center`` array that the caller passes and the
  map reads as ``c`` (sum_sq_dev: each row's squared deviations from its mean).
- ``finalize``: C in ``acc`` (the row's total) and ``n`` (the row's element count), per kind
  of the accumulator dtype.
- ``dtypes``: how the accumulator and result dtypes are chosen: "ufunc" (NumPy's resolver
  for ``ufunc.reduce`` with the ``dtype=``/``out=`` given), "mean" (integers accumulate in
  the default float, float16 in float32; the result keeps an inexact input's dtype) or
  "count" (an intp count, whatever the input).
- ``empty``: what an empty slice gives when NumPy's rule is not the ufunc's identity:
  (value, RuntimeWarning message).
- ``nan_warning``: a RuntimeWarning to give when an inexact input's result holds a NaN
  (nanmax/nanmin: the slice was all NaN).
- ``lane_map``: the map written for a vector ``x`` of lanes (type ``GP_SV``), per kind, for
  rows whose float sums run in vector lanes over contiguous data (OpenCL's ``?:`` takes no
  vector condition, so ``select``); a row without one takes the scalar path when mapped.

In map and finalize expressions ``$T`` is the compute C type (of the input for a map, of the
accumulator for a finalize), ``$R`` its real type, ``$P`` the complex helper prefix (cf/cd)
and ``$F`` the device's default float (NumPy divides a mean by an intp count, in float64).

Besides the named rows, every binary ufunc of the ufunc table has a row of its own name
(``add``, ``maximum``, ``logaddexp``, ...): ``ufunc.reduce``, with no map and no finalize.
"""
from typing import NamedTuple

import numpy as np

from . import cgen as _cgen
from .ufunc_table import UFUNCS


class Reduction(NamedTuple):
    name: str
    ufunc: str
    identity: dict = None
    map: dict = None
    map_dtype: str = None
    finalize: dict = None
    dtypes: str = "ufunc"
    empty: tuple = None
    nan_warning: str = None
    lane_map: dict = None


# Starting values of the extremes: maximum starts from the lowest value, fmax from NaN (which
# fmax replaces by any number), so an all-NaN slice stays NaN.
LOWEST = {"b": 0, "iu": "min", "fc": "-inf"}
HIGHEST = {"b": 1, "iu": "max", "fc": "inf"}
NAN_LOW = {"b": 0, "iu": "min", "fc": "nan"}
NAN_HIGH = {"b": 1, "iu": "max", "fc": "nan"}

ANY_NAN = "(isnan(x.x) || isnan(x.y))"

REDUCTIONS = [
    Reduction("sum", "add"),
    Reduction("prod", "multiply"),
    Reduction("max", "maximum", LOWEST),
    Reduction("min", "minimum", HIGHEST),
    Reduction("any", "logical_or"),
    Reduction("all", "logical_and"),
    Reduction("mean", "add", dtypes="mean",
              finalize={"iuf": "($T)(($F)acc / ($F)n)", "c": "$P_div(acc, ($T)(($R)n, 0))",
                        "b": "acc"},
              empty=(complex(np.nan, np.nan), "Mean of empty slice.")),     # 0 / 0
    Reduction("count_nonzero", "add", map_dtype="?", dtypes="count",
              map={"biuf": "(x != 0)", "c": "(x.x != 0 || x.y != 0)"}),
    Reduction("count_nan", "add", map_dtype="?", dtypes="count",
              map={"biu": "0", "f": "isnan(x)", "c": ANY_NAN}),
    Reduction("nansum", "add",
              map={"f": "(isnan(x) ? 0 : x)", "c": f"({ANY_NAN} ? ($T)(0, 0) : x)"},
              lane_map={"f": "select(x, (GP_SV)(0), isnan(x))"}),
    Reduction("nanprod", "multiply",
              map={"f": "(isnan(x) ? 1 : x)", "c": f"({ANY_NAN} ? ($T)(1, 0) : x)"}),
    Reduction("sum_sq_dev", "add", map_dtype="center",         # var: sum of |x - mean|^2
              map={"biuf": "(x - c) * (x - c)",
                   "c": "(x.x - c.x) * (x.x - c.x) + (x.y - c.y) * (x.y - c.y)"}),
    Reduction("nan_sum_sq_dev", "add", map_dtype="center",     # nanvar: NaNs add nothing
              map={"biu": "(x - c) * (x - c)", "f": "(isnan(x) ? 0 : (x - c) * (x - c))",
                   "c": f"({ANY_NAN} ? 0 : (x.x - c.x) * (x.x - c.x) + (x.y - c.y) * (x.y - c.y))"}),
    Reduction("nanmax", "fmax", NAN_LOW, nan_warning="All-NaN slice encountered"),
    Reduction("nanmin", "fmin", NAN_HIGH, nan_warning="All-NaN slice encountered"),
]

# ufunc.reduce of every binary ufunc: the ufunc's own identity, no map, no finalize.
_EXTREMES = {"maximum": LOWEST, "minimum": HIGHEST, "fmax": NAN_LOW, "fmin": NAN_HIGH}
REDUCTIONS += [Reduction(name, name, _EXTREMES.get(name)) for name, nin, nout, _ in UFUNCS
               if nin == 2 and nout == 1]

TABLE = {row.name: row for row in REDUCTIONS}

# Reductions whose elements may be combined in any grouping (tree, chunks, several axes).
REORDERABLE = frozenset({"add", "multiply", "logical_and", "logical_or", "logical_xor",
                         "bitwise_and", "bitwise_or", "bitwise_xor", "maximum", "minimum",
                         "fmax", "fmin", "gcd", "lcm"})
# Reductions NumPy runs over several axes at once (those with an identity, and the extremes).
MULTI_AXIS = (REORDERABLE - {"lcm"}) | {"hypot", "logaddexp", "logaddexp2"}


def for_kind(per_kind, kind, default=None):
    """The entry of a per-kind map whose key holds ``kind``."""
    for kinds, value in (per_kind or {}).items():
        if kind in kinds:
            return value
    return default


def _ufunc_identity(name):
    value = getattr(np, name).identity
    if value is None:           # only a starting value for reorderable ufuncs: lcm
        value = 1 if name == "lcm" else 0
    if isinstance(value, float) and not np.isfinite(value):
        return {"fc": str(value), "biu": 0}      # logaddexp's -inf; no integer loops
    return {"biufc": int(value)}                 # logical_and's True is 1


def _c_types(dtype, fp64):
    t = _cgen.compute_ctype(dtype)
    real = _cgen.real_ctype(dtype) if dtype.kind == "c" else t
    return {"$T": t, "$R": real, "$F": "double" if fp64 else "float",
            "$P": _cgen.complex_prefix(dtype)}


def _fill(expr, dtype, fp64):
    for key, value in _c_types(dtype, fp64).items():
        expr = expr.replace(key, value)
    return expr


def identity_literal(row, dtype):
    """The row's starting value as C, in ``dtype``'s compute type."""

    ct = _cgen.compute_ctype(dtype)
    kind = dtype.kind
    value = for_kind(row.identity or _ufunc_identity(row.ufunc), kind)
    if kind == "b":
        return "1" if value else "0"
    if kind in "iu":
        if value in ("min", "max"):
            info = np.iinfo(dtype)
            value = info.min if value == "min" else info.max
        if value == -(1 << 63):
            return f"(({ct})(-9223372036854775807L - 1))"
        suffix = "UL" if kind == "u" and value >= 0 else "L" if dtype.itemsize == 8 else ""
        return f"(({ct}){value}{suffix})"
    c = {"-inf": "-INFINITY", "inf": "INFINITY", "nan": "NAN"}.get(value)
    if kind == "c":
        return f"(({ct})({c}, {c}))" if c else f"(({ct})({value}, 0))"
    return f"(({ct})({c or value}))"


def map_dtype(row, in_dtype, center=None):
    """The dtype of the row's mapped elements of ``in_dtype`` (given the center's dtype)."""
    if row.map_dtype == "center":
        return np.dtype(center.char.lower()) if center.kind == "c" else center
    if for_kind(row.map, in_dtype.kind) is None:
        return in_dtype
    return np.dtype(row.map_dtype or in_dtype)


def map_source(row, in_dtype, fp64, center=None):
    """(C in ``x`` for the row's map of ``in_dtype`` values, the dtype it yields[, the
    center's dtype]), or None when the row loads elements unchanged."""
    expr = for_kind(row.map, in_dtype.kind)
    if expr is None:
        return None
    mapped = (_fill(expr, in_dtype, fp64), map_dtype(row, in_dtype, center))
    return mapped + (center,) if row.map_dtype == "center" else mapped


def finalize_source(row, acc, fp64):
    """C in ``acc`` and ``n`` for the row's finalize, or None."""
    expr = for_kind(row.finalize, acc.kind)
    return None if expr is None else _fill(expr, acc, fp64)

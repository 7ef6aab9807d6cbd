"""Every elementwise ufunc, one row each: name, inputs, outputs, the C expression per kind.

Keys of the expression map are kind letters of the loop's first input (b bool, i signed,
u unsigned, f real floating, c complex) or "sig:" and an exact loop signature, such as
"sig:qQ" for the mixed int64/uint64 loops; the first key that matches wins. Inside an expression ``a``, ``b`` are the inputs
already converted to the loop's compute types, ``$T`` is the first input's compute C type,
``$U`` its unsigned counterpart, ``$O`` the output's compute type, ``$R`` a complex type's
real part type and ``$P`` the complex helper prefix (cf/cd, see complex.cl). Rows with two
outputs are statements that assign ``r0`` and ``r1``.

``VECTOR`` names the rows whose "f" expression is also valid on OpenCL vector types, so
the contiguous float path can run GP_VW elements per work-item.

Which loops exist, and so which dtypes each ufunc accepts and returns, is NumPy's own
resolution (see _dtypes.resolve_ufunc); this table only says how each loop computes.
"""

from typing import NamedTuple


class UfuncRow(NamedTuple):
    """One ufunc: its name, numbers of inputs and outputs, and C expression per loop kind."""
    name: str
    nin: int
    nout: int
    expressions: dict


INT = "iu"
# Kinds NumPy 2 computes floor/ceil/trunc on without leaving the integer type.
ANY_REAL = "biu"

UFUNCS = [
    # arithmetic
    ("add", 2, 1, {"b": "a | b", INT: "a + b", "f": "a + b", "c": "$P_add(a, b)"}),
    ("subtract", 2, 1, {INT: "a - b", "f": "a - b", "c": "$P_sub(a, b)"}),
    ("multiply", 2, 1, {"b": "a & b", INT: "a * b", "f": "a * b", "c": "$P_mul(a, b)"}),
    ("divide", 2, 1, {"f": "a / b", "c": "$P_div(a, b)"}),
    ("floor_divide", 2, 1, {INT: "gp_floordiv_$T(a, b)", "f": "gp_floordiv_$T(a, b)"}),
    ("remainder", 2, 1, {INT: "gp_mod_$T(a, b)", "f": "gp_mod_$T(a, b)"}),
    ("fmod", 2, 1, {INT: "gp_fmod_$T(a, b)", "f": "fmod(a, b)"}),
    ("divmod", 2, 2, {INT: "r0 = gp_floordiv_$T(a, b); r1 = gp_mod_$T(a, b);",
                      "f": "r0 = gp_floordiv_$T(a, b); r1 = gp_mod_$T(a, b);"}),
    ("power", 2, 1, {INT: "gp_pow_$T(a, b)", "f": "pow(a, b)", "c": "$P_power(a, b)"}),
    ("float_power", 2, 1, {"f": "pow(a, b)", "c": "$P_power(a, b)"}),
    ("negative", 1, 1, {INT: "-a", "f": "-a", "c": "$P_neg(a)"}),
    ("positive", 1, 1, {"biuf": "a", "c": "a"}),
    ("absolute", 1, 1, {"b": "a", INT: "gp_abs_$T(a)", "f": "fabs(a)", "c": "$P_abs(a)"}),
    ("fabs", 1, 1, {"f": "fabs(a)"}),
    ("sign", 1, 1, {"i": "(a > 0) - (a < 0)", "u": "a > 0", "f": "gp_sign_$T(a)", "c": "$P_sign(a)"}),
    ("conjugate", 1, 1, {"biuf": "a", "c": "$P_conj(a)"}),
    # integer 1/0 is what the host's float-to-int conversion makes of inf, as in NumPy
    ("reciprocal", 1, 1, {"i": "a == 0 ? (sizeof($T) >= 4 ? ($T)((($U)1) << (8 * sizeof($T) - 1)) : ($T)0) : ($T)(1 / a)",
                          "u": "a == 0 ? ($T)0 : ($T)(1 / a)", "f": "1 / a", "c": "$P_reciprocal(a)"}),
    ("square", 1, 1, {INT: "a * a", "f": "a * a", "c": "$P_square(a)"}),
    ("sqrt", 1, 1, {"f": "sqrt(a)", "c": "$P_sqrt(a)"}),
    ("cbrt", 1, 1, {"f": "cbrt(a)"}),
    # exponentials and logarithms
    ("exp", 1, 1, {"f": "exp(a)", "c": "$P_exp(a)"}),
    ("exp2", 1, 1, {"f": "exp2(a)", "c": "$P_exp2(a)"}),
    ("expm1", 1, 1, {"f": "expm1(a)", "c": "$P_expm1(a)"}),
    ("log", 1, 1, {"f": "log(a)", "c": "$P_log(a)"}),
    ("log2", 1, 1, {"f": "log2(a)", "c": "$P_log2(a)"}),
    ("log10", 1, 1, {"f": "log10(a)", "c": "$P_log10(a)"}),
    ("log1p", 1, 1, {"f": "log1p(a)", "c": "$P_log1p(a)"}),
    ("logaddexp", 2, 1, {"f": "gp_logaddexp_$T(a, b)"}),
    ("logaddexp2", 2, 1, {"f": "gp_logaddexp2_$T(a, b)"}),
    # trigonometric and hyperbolic
    ("sin", 1, 1, {"f": "sin(a)", "c": "$P_sin(a)"}),
    ("cos", 1, 1, {"f": "cos(a)", "c": "$P_cos(a)"}),
    ("tan", 1, 1, {"f": "tan(a)", "c": "$P_tan(a)"}),
    ("arcsin", 1, 1, {"f": "asin(a)", "c": "$P_asin(a)"}),
    ("arccos", 1, 1, {"f": "acos(a)", "c": "$P_acos(a)"}),
    ("arctan", 1, 1, {"f": "atan(a)", "c": "$P_atan(a)"}),
    ("sinh", 1, 1, {"f": "sinh(a)", "c": "$P_sinh(a)"}),
    ("cosh", 1, 1, {"f": "cosh(a)", "c": "$P_cosh(a)"}),
    ("tanh", 1, 1, {"f": "tanh(a)", "c": "$P_tanh(a)"}),
    ("arcsinh", 1, 1, {"f": "asinh(a)", "c": "$P_asinh(a)"}),
    ("arccosh", 1, 1, {"f": "acosh(a)", "c": "$P_acosh(a)"}),
    ("arctanh", 1, 1, {"f": "atanh(a)", "c": "$P_atanh(a)"}),
    ("arctan2", 2, 1, {"f": "atan2(a, b)"}),
    ("hypot", 2, 1, {"f": "hypot(a, b)"}),
    ("deg2rad", 1, 1, {"f": "a * ($T)0.017453292519943295769236907684886"}),
    ("radians", 1, 1, {"f": "a * ($T)0.017453292519943295769236907684886"}),
    ("rad2deg", 1, 1, {"f": "a * ($T)57.295779513082320876798154814105"}),
    ("degrees", 1, 1, {"f": "a * ($T)57.295779513082320876798154814105"}),
    # rounding
    ("floor", 1, 1, {ANY_REAL: "a", "f": "floor(a)"}),
    ("ceil", 1, 1, {ANY_REAL: "a", "f": "ceil(a)"}),
    ("trunc", 1, 1, {ANY_REAL: "a", "f": "trunc(a)"}),
    ("rint", 1, 1, {"f": "rint(a)", "c": "$P_rint(a)"}),
    # floating-point functions
    ("copysign", 2, 1, {"f": "copysign(a, b)"}),
    ("nextafter", 2, 1, {"sig:ee": "gp_nextafter_half(a, b)", "f": "nextafter(a, b)"}),
    ("spacing", 1, 1, {"sig:e": "gp_spacing_half(a)", "f": "gp_spacing_$T(a)"}),
    ("ldexp", 2, 1, {"f": "ldexp(a, (int)clamp((long)b, (long)-100000, (long)100000))"}),
    ("frexp", 1, 2, {"f": "int e; r0 = frexp(a, &e); r1 = (isinf(a) || isnan(a)) ? 0 : e;"}),
    ("modf", 1, 2, {"f": "$T ip; r0 = modf(a, &ip); r1 = ip;"}),
    ("heaviside", 2, 1, {"f": "gp_heaviside_$T(a, b)"}),
    ("signbit", 1, 1, {"f": "signbit(a) != 0"}),
    # classification
    ("isnan", 1, 1, {ANY_REAL: "0", "f": "isnan(a) != 0", "c": "$P_isnan(a)"}),
    ("isinf", 1, 1, {ANY_REAL: "0", "f": "isinf(a) != 0", "c": "$P_isinf(a)"}),
    ("isfinite", 1, 1, {ANY_REAL: "1", "f": "isfinite(a) != 0", "c": "$P_isfinite(a)"}),
    # extrema: maximum/minimum propagate NaN, fmax/fmin ignore it
    ("maximum", 2, 1, {"b": "a | b", INT: "a >= b ? a : b", "f": "(a >= b || isnan(a)) ? a : b",
                       "c": "$P_maximum(a, b)"}),
    ("minimum", 2, 1, {"b": "a & b", INT: "a <= b ? a : b", "f": "(a <= b || isnan(a)) ? a : b",
                       "c": "$P_minimum(a, b)"}),
    ("fmax", 2, 1, {"b": "a | b", INT: "a >= b ? a : b", "f": "(a >= b || isnan(b)) ? a : b",
                    "c": "$P_fmax(a, b)"}),
    ("fmin", 2, 1, {"b": "a & b", INT: "a <= b ? a : b", "f": "(a <= b || isnan(b)) ? a : b",
                    "c": "$P_fmin(a, b)"}),
    # comparisons; int64 against uint64 compares the true values, as NumPy does
    ("equal", 2, 1, {"sig:qQ": "a >= 0 && (ulong)a == b", "sig:Qq": "b >= 0 && a == (ulong)b",
                     "biuf": "a == b", "c": "$P_eq(a, b)"}),
    ("not_equal", 2, 1, {"sig:qQ": "a < 0 || (ulong)a != b", "sig:Qq": "b < 0 || a != (ulong)b",
                         "biuf": "a != b", "c": "$P_ne(a, b)"}),
    ("less", 2, 1, {"sig:qQ": "a < 0 || (ulong)a < b", "sig:Qq": "b >= 0 && a < (ulong)b",
                    "biuf": "a < b", "c": "$P_lt(a, b)"}),
    ("less_equal", 2, 1, {"sig:qQ": "a < 0 || (ulong)a <= b", "sig:Qq": "b >= 0 && a <= (ulong)b",
                          "biuf": "a <= b", "c": "$P_le(a, b)"}),
    ("greater", 2, 1, {"sig:qQ": "a >= 0 && (ulong)a > b", "sig:Qq": "b < 0 || a > (ulong)b",
                       "biuf": "a > b", "c": "$P_gt(a, b)"}),
    ("greater_equal", 2, 1, {"sig:qQ": "a >= 0 && (ulong)a >= b", "sig:Qq": "b < 0 || a >= (ulong)b",
                             "biuf": "a >= b", "c": "$P_ge(a, b)"}),
    # logic
    ("logical_and", 2, 1, {"biuf": "(a != 0) && (b != 0)", "c": "!$P_iszero(a) && !$P_iszero(b)"}),
    ("logical_or", 2, 1, {"biuf": "(a != 0) || (b != 0)", "c": "!$P_iszero(a) || !$P_iszero(b)"}),
    ("logical_xor", 2, 1, {"biuf": "(a != 0) != (b != 0)", "c": "!$P_iszero(a) != !$P_iszero(b)"}),
    ("logical_not", 1, 1, {"biuf": "a == 0", "c": "$P_iszero(a)"}),
    # bits
    ("bitwise_and", 2, 1, {"b" + INT: "a & b"}),
    ("bitwise_or", 2, 1, {"b" + INT: "a | b"}),
    ("bitwise_xor", 2, 1, {"b" + INT: "a ^ b"}),
    ("invert", 1, 1, {"b": "!a", INT: "~a"}),
    ("left_shift", 2, 1, {INT: "gp_lshift_$T(a, b)"}),
    ("right_shift", 2, 1, {INT: "gp_rshift_$T(a, b)"}),
    ("bitwise_count", 1, 1, {INT: "gp_popcount_$T(a)"}),
    ("gcd", 2, 1, {INT: "gp_gcd_$T(a, b)"}),
    ("lcm", 2, 1, {INT: "gp_lcm_$T(a, b)"}),
]

# Internal rows: a cast-copy (conversion happens on load and store) and a 3-way select.
UFUNCS = [UfuncRow(*row) for row in UFUNCS]
COPY = UfuncRow("copy", 1, 1, {"biufc": "a"})
SELECT = UfuncRow("where", 3, 1, {"b": "a ? b : c"})

VECTOR = frozenset({
    # Measured on PoCL (benchmarks/RESULTS.md, launch shapes): GP_VW elements per work-item
    # makes transcendental functions ~10x faster, while plain arithmetic is memory-bound and
    # slightly faster one element per work-item, so only the costly functions are listed.
    "divide", "power", "float_power", "sqrt", "cbrt", "exp", "exp2", "expm1", "log", "log2",
    "log10", "log1p", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
    "arcsinh", "arccosh", "arctanh", "arctan2", "hypot", "fmod",
})

# Rows whose "f" expression is valid on vector types too but which are memory-bound alone, so
# the elementwise engine runs them one element per work-item; a fused kernel that also holds a
# VECTOR row runs them in the same lanes.
VECTOR_ARITHMETIC = frozenset({
    "add", "subtract", "multiply", "negative", "positive", "square", "absolute", "fabs",
    "floor", "ceil", "trunc", "rint", "copysign", "deg2rad", "radians", "rad2deg", "degrees",
    "copy",
})

ROWS = {row.name: row for row in (*UFUNCS, COPY, SELECT)}

# Array API spellings of NumPy ufuncs (the same function under a second name).
ALIASES = {
    "acos": "arccos", "acosh": "arccosh", "asin": "arcsin", "asinh": "arcsinh",
    "atan": "arctan", "atanh": "arctanh", "atan2": "arctan2", "pow": "power",
    "bitwise_left_shift": "left_shift", "bitwise_right_shift": "right_shift",
    "bitwise_invert": "invert", "bitwise_not": "invert", "conj": "conjugate", "abs": "absolute",
    "mod": "remainder", "true_divide": "divide",
}


_KINDS = frozenset("biufc")


def expression_for(row, loop_chars, loop_kind):
    """The expression of ``row`` for a loop, given its type characters and first input's kind."""
    exprs = row.expressions
    signature = "sig:" + loop_chars
    if signature in exprs:
        return exprs[signature]
    for keys, expr in exprs.items():
        if set(keys) <= _KINDS and loop_kind in keys:
            return expr
    return None


def power_shortcut(kind, exponent):
    """The ufunc NumPy's ``**`` operator runs instead of power for an array of dtype kind
    ``kind`` ("f" real float, "c" complex) and this scalar exponent, or None. (np.power
    differs from it: float16 ** 0.5, complex signed zeros and infinities.)"""
    if kind == "f" and type(exponent) in (int, float):
        if exponent == 0.5:
            return "sqrt"
        if exponent == 2:
            return "square"
        return None
    if kind == "c":
        if type(exponent) is int:
            return {2: "square", -1: "reciprocal"}.get(exponent)
        return "sqrt" if type(exponent) is float and exponent == 0.5 else None
    return None

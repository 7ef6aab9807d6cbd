"""Rules for NumPy's elementwise functions (ufuncs, ``clip``, ``where``, ``sinc``, ...).

Most are one line: ``elementwise(f, d0, d1)`` gives the partial derivatives
``d_i(ans, *args)`` and derives both the reverse rule ``unbroadcast(g * d_i, args[i])``
and the forward rule ``t_i * d_i``. Subgradients follow HIPS autograd: ``abs`` has
gradient 0 at 0, ``maximum``/``minimum`` split ties evenly, ``x ** 0`` has gradient 0.
"""

from __future__ import annotations

import math

import numpy as np

from ._helpers import ns, unbroadcast
from ._registry import composite, jvp_rule, nondiff, vjp_rule
from ._box import primal
from ._trace import getval


def elementwise(func, *derivs, nondiff_args=()):
    """Register ``func`` whose partial derivative in argument ``i`` is
    ``derivs[i](ans, *args)`` (``None``: not differentiable in that argument)."""
    vjps, jvps = [], []
    for i, d in enumerate(derivs):
        if d is None:
            vjps.append(None)
            jvps.append(None)
            continue
        vjps.append(lambda g, ans, *a, _d=d, _i=i, **k: unbroadcast(g * _d(ans, *a), a[_i]))
        jvps.append(lambda t, ans, *a, _d=d, **k: t * _d(ans, *a))
    vjp_rule(func, *vjps, nondiff=nondiff_args)
    jvp_rule(func, *jvps)


def linear_unary(func, vjp):
    """``func`` linear in its one array argument: the forward rule is ``func`` itself."""
    vjp_rule(func, vjp)
    jvp_rule(func, lambda t, ans, x, *a, **k: func(t, *a, **k))


def _is_scalar(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# ---- linear ------------------------------------------------------------------------------
vjp_rule(np.add, lambda g, ans, x, y, **k: unbroadcast(g, x),
         lambda g, ans, x, y, **k: unbroadcast(g, y))
jvp_rule(np.add, lambda t, ans, x, y, **k: t, lambda t, ans, x, y, **k: t)
vjp_rule(np.subtract, lambda g, ans, x, y, **k: unbroadcast(g, x),
         lambda g, ans, x, y, **k: unbroadcast(-g, y))
jvp_rule(np.subtract, lambda t, ans, x, y, **k: t, lambda t, ans, x, y, **k: -t)
linear_unary(np.negative, lambda g, ans, x, **k: -g)
linear_unary(np.positive, lambda g, ans, x, **k: g)
linear_unary(np.conjugate, lambda g, ans, x, **k: ns(g).conjugate(g))
linear_unary(np.real, lambda g, ans, x: ns(g).real(g))
linear_unary(np.deg2rad, lambda g, ans, x, **k: g * (math.pi / 180))
linear_unary(np.rad2deg, lambda g, ans, x, **k: g * (180 / math.pi))
linear_unary(np.radians, lambda g, ans, x, **k: g * (math.pi / 180))
linear_unary(np.degrees, lambda g, ans, x, **k: g * (180 / math.pi))


# ---- arithmetic --------------------------------------------------------------------------
elementwise(np.multiply, lambda ans, x, y: y, lambda ans, x, y: x)
elementwise(np.true_divide, lambda ans, x, y: 1 / y, lambda ans, x, y: -ans / y)
elementwise(np.square, lambda ans, x: 2 * x)
elementwise(np.reciprocal, lambda ans, x: -(ans * ans))
elementwise(np.sqrt, lambda ans, x: 0.5 / ans)
elementwise(np.cbrt, lambda ans, x: 1 / (3 * ans * ans))
elementwise(np.fabs, lambda ans, x: ns(x).sign(x))


# ---- complex parts: not holomorphic, so each has its own pair of rules -------------------
# Convention (JAX's): the cotangent of a complex z = x + iy is dL/dx - i dL/dy, so a
# holomorphic f's rule is g * f'(z) as for reals, and a real input takes the real part of
# a complex cotangent (autodiff._trace._like_kind).
def _is_complex(x):
    return getattr(getval(x), "dtype", np.dtype(float)).kind == "c" or \
        isinstance(getval(x), complex)


def _abs_vjp(g, ans, x, **k):
    s = ns(x).sign(x)
    return unbroadcast(g * (ns(x).conjugate(s) if _is_complex(x) else s), x)


def _abs_jvp(t, ans, x, **k):
    s = ns(x).sign(x)
    return ns(t).real(ns(x).conjugate(s) * t) if _is_complex(x) else t * s


def _imag_vjp(g, ans, x):
    return g * -1j if _is_complex(x) else ns(g).zeros_like(g)


def _angle_vjp(g, ans, x, deg=False):
    if not _is_complex(x):
        return ns(g).zeros_like(g)
    return g * (-1j * (180 / math.pi if deg else 1.0)) / x


def _angle_jvp(t, ans, x, deg=False):
    if not _is_complex(x):
        return ns(t).zeros_like(ans)
    return ns(t).imag(t / x) * (180 / math.pi if deg else 1.0)


def _sign_vjp(g, ans, x, **k):
    # sign(z) = z / |z|: d sign = (dz - s Re(conj(s) dz)) / |z|; zero for real x (x != 0)
    if not _is_complex(x):
        return ns(g).zeros_like(primal(x) * 1.0)
    xp = ns(x)
    r = xp.abs(x)
    return (g - xp.real(g * ans) * xp.conjugate(ans)) / r


def _sign_jvp(t, ans, x, **k):
    if not _is_complex(x):
        return ns(t).zeros_like(t)
    xp = ns(x)
    return (t - ans * xp.real(xp.conjugate(ans) * t)) / xp.abs(x)


vjp_rule(np.absolute, _abs_vjp)
jvp_rule(np.absolute, _abs_jvp)
vjp_rule(np.imag, _imag_vjp)
jvp_rule(np.imag, lambda t, ans, x: ns(t).imag(t) if _is_complex(x) else ns(t).zeros_like(t))
vjp_rule(np.angle, _angle_vjp)
jvp_rule(np.angle, _angle_jvp)
vjp_rule(np.sign, _sign_vjp)
jvp_rule(np.sign, _sign_jvp)


def _pow_dbase(ans, x, y):
    # x ** 0 is constant: use exponent 1 where y == 0 so 0 ** -1 never appears.
    if _is_scalar(y):
        return y * x ** (y - 1) if y != 0 else 0.0 * x
    xp = ns(x, y)
    return y * x ** xp.where(y != 0, y - 1, 1)


def _pow_dexp(ans, x, y):
    # d/dy x**y = log(x) x**y, taken as 0 at x == 0 (where x**y is 0 or 1).
    if _is_scalar(x):
        return (math.log(x) if x > 0 else (0.0 if x == 0 else math.nan)) * ans
    xp = ns(x, y)
    return xp.log(xp.where(x == 0, 1, x)) * ans


elementwise(np.power, _pow_dbase, _pow_dexp)
elementwise(np.float_power, _pow_dbase, _pow_dexp)
elementwise(np.fmod, lambda ans, x, y: 1.0, lambda ans, x, y: -ns(x, y).trunc(x / y))
elementwise(np.remainder, lambda ans, x, y: 1.0, lambda ans, x, y: -ns(x, y).floor(x / y))
elementwise(np.ldexp, lambda ans, x, n: 2.0 ** n, None, nondiff_args=(1,))
elementwise(np.copysign,
            lambda ans, x, y: ns(x, y).where(ns(x, y).signbit(x) == ns(x, y).signbit(y),
                                             1.0, -1.0),
            None, nondiff_args=(1,))
composite(np.divmod, lambda x, y, **k: (np.floor_divide(x, y), np.remainder(x, y)))


# ---- exponentials and logarithms ---------------------------------------------------------
elementwise(np.exp, lambda ans, x: ans)
elementwise(np.exp2, lambda ans, x: ans * math.log(2))
elementwise(np.expm1, lambda ans, x: ans + 1)
elementwise(np.log, lambda ans, x: 1 / x)
elementwise(np.log2, lambda ans, x: 1 / (x * math.log(2)))
elementwise(np.log10, lambda ans, x: 1 / (x * math.log(10)))
elementwise(np.log1p, lambda ans, x: 1 / (x + 1))
elementwise(np.logaddexp, lambda ans, x, y: ns(x, y).exp(x - ans),
            lambda ans, x, y: ns(x, y).exp(y - ans))
elementwise(np.logaddexp2, lambda ans, x, y: ns(x, y).exp2(x - ans),
            lambda ans, x, y: ns(x, y).exp2(y - ans))


# ---- trigonometric and hyperbolic --------------------------------------------------------
elementwise(np.sin, lambda ans, x: ns(x).cos(x))
elementwise(np.cos, lambda ans, x: -ns(x).sin(x))
elementwise(np.tan, lambda ans, x: 1 + ans * ans)
elementwise(np.arcsin, lambda ans, x: (1 - x * x) ** -0.5)
elementwise(np.arccos, lambda ans, x: -((1 - x * x) ** -0.5))
elementwise(np.arctan, lambda ans, x: 1 / (1 + x * x))
elementwise(np.sinh, lambda ans, x: ns(x).cosh(x))
elementwise(np.cosh, lambda ans, x: ns(x).sinh(x))
elementwise(np.tanh, lambda ans, x: 1 - ans * ans)
elementwise(np.arcsinh, lambda ans, x: (x * x + 1) ** -0.5)
elementwise(np.arccosh, lambda ans, x: (x * x - 1) ** -0.5)
elementwise(np.arctanh, lambda ans, x: 1 / (1 - x * x))
elementwise(np.arctan2, lambda ans, y, x: x / (x * x + y * y),
            lambda ans, y, x: -y / (x * x + y * y))
elementwise(np.hypot, lambda ans, x, y: x / ans, lambda ans, x, y: y / ans)


def _sinc(x):
    # Double where: the unused branch is evaluated at 1, so no 0/0 reaches the gradient.
    xp = ns(x)
    zero = x == 0
    safe = xp.where(zero, 1.0, x) * math.pi
    return xp.where(zero, 1.0, xp.sin(safe) / safe)


composite(np.sinc, _sinc)


# ---- piecewise: subgradients -------------------------------------------------------------
def _balanced(ans, x, y):
    # Gradient goes to the operand that was chosen; ties share it evenly.
    return (x == ans) / (1.0 + (x == y))


elementwise(np.maximum, lambda ans, x, y: _balanced(ans, x, y),
            lambda ans, x, y: _balanced(ans, y, x))
elementwise(np.minimum, lambda ans, x, y: _balanced(ans, x, y),
            lambda ans, x, y: _balanced(ans, y, x))
elementwise(np.fmax, lambda ans, x, y: _balanced(ans, x, y),
            lambda ans, x, y: _balanced(ans, y, x))
elementwise(np.fmin, lambda ans, x, y: _balanced(ans, x, y),
            lambda ans, x, y: _balanced(ans, y, x))
elementwise(np.nan_to_num, lambda ans, x: ns(x).isfinite(x))


def _where_vjp(branch):
    def vjp(g, ans, cond, x=None, y=None):
        xp = ns(g)
        picked = xp.where(cond, g, 0.0) if branch == 1 else xp.where(cond, 0.0, g)
        return unbroadcast(picked, x if branch == 1 else y)
    return vjp


def _where_jvp(branch):
    def jvp(t, ans, cond, x=None, y=None):
        xp = ns(t)
        return xp.where(cond, t, 0.0) if branch == 1 else xp.where(cond, 0.0, t)
    return jvp


vjp_rule(np.where, None, _where_vjp(1), _where_vjp(2), nondiff=(0,))
jvp_rule(np.where, None, _where_jvp(1), _where_jvp(2))


def _clip_bounds(args, kwargs):
    """(lo, hi) of a clip call, whichever spelling was used."""
    lo = args[0] if len(args) > 0 else kwargs.get("a_min", kwargs.get("min"))
    hi = args[1] if len(args) > 1 else kwargs.get("a_max", kwargs.get("max"))
    return lo, hi


def _clip_inside(x, lo, hi):
    inside = None
    if lo is not None:
        inside = x >= lo
    if hi is not None:
        below = x <= hi
        inside = below if inside is None else ns(inside, below).logical_and(inside, below)
    return 1.0 if inside is None else inside


def _clip_below(x, lo, hi):
    # Gradient goes to the lower bound where it is the result: x < lo <= hi.
    return (x < lo) if hi is None else ns(x < lo, lo <= hi).logical_and(x < lo, lo <= hi)


def _clip_above(x, lo, hi):
    # NumPy's clip is minimum(maximum(x, lo), hi): hi wins whenever lo > hi.
    return (x > hi) if lo is None else ns(x > hi, lo > hi).logical_or(x > hi, lo > hi)


def _clip_vjp_x(g, ans, x, *a, **k):
    lo, hi = _clip_bounds(a, k)
    return unbroadcast(g * _clip_inside(x, lo, hi), x)


def _clip_jvp_x(t, ans, x, *a, **k):
    lo, hi = _clip_bounds(a, k)
    return t * _clip_inside(x, lo, hi)


def _clip_vjp_lo(g, ans, x, *a, **k):
    lo, hi = _clip_bounds(a, k)
    return unbroadcast(g * _clip_below(x, lo, hi), lo)


def _clip_vjp_hi(g, ans, x, *a, **k):
    lo, hi = _clip_bounds(a, k)
    return unbroadcast(g * _clip_above(x, lo, hi), hi)


def _clip_jvp_lo(t, ans, x, *a, **k):
    lo, hi = _clip_bounds(a, k)
    return t * _clip_below(x, lo, hi)


def _clip_jvp_hi(t, ans, x, *a, **k):
    lo, hi = _clip_bounds(a, k)
    return t * _clip_above(x, lo, hi)


vjp_rule(np.clip, _clip_vjp_x, _clip_vjp_lo, _clip_vjp_hi,
         kw={"a_min": _clip_vjp_lo, "min": _clip_vjp_lo,
             "a_max": _clip_vjp_hi, "max": _clip_vjp_hi})
jvp_rule(np.clip, _clip_jvp_x, _clip_jvp_lo, _clip_jvp_hi,
         kw={"a_min": _clip_jvp_lo, "min": _clip_jvp_lo,
             "a_max": _clip_jvp_hi, "max": _clip_jvp_hi})


def _modf(x, **k):
    whole = np.trunc(x)
    return x - whole, whole


def _frexp(x, **k):
    mantissa, exponent = np.frexp(getval(x))
    return np.ldexp(x, -exponent), exponent


composite(np.modf, _modf)
composite(np.frexp, _frexp)


# ---- zero gradient or integer/boolean results --------------------------------------------
nondiff(
    np.floor, np.ceil, np.trunc, np.rint, np.fix, np.round, np.around,
    np.floor_divide, np.heaviside, np.spacing, np.nextafter, np.signbit,
    np.isfinite, np.isinf, np.isnan, np.isnat, np.isneginf, np.isposinf, np.isreal,
    np.iscomplex, np.isrealobj, np.iscomplexobj,
    np.equal, np.not_equal, np.less, np.less_equal, np.greater, np.greater_equal,
    np.logical_and, np.logical_or, np.logical_xor, np.logical_not,
    np.bitwise_and, np.bitwise_or, np.bitwise_xor, np.invert, np.left_shift,
    np.right_shift, np.bitwise_count, np.gcd, np.lcm,
)

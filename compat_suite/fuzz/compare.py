"""Comparing a gparray result with NumPy's: type, dtype, shape, values, NaN positions, the sign of
zeros, and the family of an exception.

Tolerances come from the step's class: "exact" ops (arithmetic, comparisons, rounding,
indexing) must agree bit for bit up to NaN payloads; "exact0" ones (min/max, sort) too except
for the sign of a zero, which IEEE leaves open when -0.0 and 0.0 compare equal; "ulp" ops (transcendental functions,
complex arithmetic) may differ by a few units in the last place, scaled by the inputs'
magnitude so that results near zero of large arguments (sin(pi*k)) compare; "sum", "var",
"std" and "dot" allow the rounding error of an n-term accumulation in another order.
"""
import math

import numpy as np

import gparray


EXACT = (0.0, 0.0, True)


def combine(tols):
    """The loosest of several tolerances (of a view's inputs)."""
    tols = list(tols) or [EXACT]
    return (max(t[0] for t in tols), max(t[1] for t in tols), all(t[2] for t in tols))


def _finite_maxabs(values):
    m = 0.0
    for v in values:
        a = np.asarray(v)
        if a.dtype.kind not in "biufc" or a.size == 0:
            continue
        a = np.abs(a.astype(np.complex128 if a.dtype.kind == "c" else np.float64))
        a = a[np.isfinite(a)]
        if a.size:
            m = max(m, float(a.max()))
    return m


def _eps(dtype):
    dtype = np.dtype(dtype)
    if dtype.kind == "c":
        dtype = np.dtype(f"f{dtype.itemsize // 2}")
    return float(np.finfo(dtype).eps) if dtype.kind == "f" else 0.0


def tolerance(tol, inputs, out_dtype, inherited=EXACT):
    """(rtol, atol, signed_zeros) of an output of dtype ``out_dtype`` computed from host
    ``inputs``; signed_zeros says whether 0.0 and -0.0 must match."""
    if tol == "inherit":
        return inherited
    eps = _eps(out_dtype)
    if tol == "exact0":
        return (0.0, 0.0, False)
    if eps == 0.0 or tol == "exact":
        return EXACT
    return (*_inexact(tol, inputs, eps), False)


def _inexact(tol, inputs, eps):
    scale = max(1.0, _finite_maxabs(inputs))
    n = max([np.asarray(x).size for x in inputs] + [1])
    if tol == "ulp":
        return (16 * eps, 16 * eps * scale)
    if tol == "sum":
        return (4 * n * eps, 4 * n * eps * scale)
    if tol == "prod":
        return (8 * n * eps, 0.0)
    if tol == "var":
        return (8 * n * eps, 8 * n * eps * scale * scale)
    if tol == "std":
        return (8 * n * eps, 8 * math.sqrt(n * eps) * scale)
    if tol == "dot":
        return (8 * n * eps, 8 * n * eps * scale * scale)
    raise ValueError(tol)


def builtin_base(exc_type):
    """The builtin exception class an exception type derives from first (NumPy's
    UFuncTypeError counts as TypeError, AxisError as ValueError)."""
    return next(c for c in exc_type.__mro__ if c.__module__ == "builtins")


def compare_exceptions(np_exc, gp_exc):
    """A message when the two outcomes differ in whether or how they raised, else None."""
    if np_exc is None and gp_exc is None:
        return None
    if np_exc is None:
        return f"raise: gparray raised {type(gp_exc).__name__}: {gp_exc}; NumPy succeeded"
    if gp_exc is None:
        return (f"no-raise: NumPy raised {type(np_exc).__name__}: {np_exc}; "
                f"gparray succeeded")
    base = builtin_base(type(np_exc))
    if not isinstance(gp_exc, base):
        return (f"exception-type: gparray raised {type(gp_exc).__name__}: {gp_exc}; NumPy "
                f"raised {type(np_exc).__name__} ({base.__name__}): {np_exc}")
    return None


def _as_array(x):
    if isinstance(x, gparray.ndarray):
        return x.get()
    return np.asarray(x)


def compare_values(expected, got, rtol, atol, zero_sign=True):
    """A message ("kind: detail") when ``got`` differs from NumPy's ``expected``, else None.

    Complex results of inexact ops only need non-finite values in the same elements: which
    of the parts is NaN after an overflow depends on the order of the operations."""
    if isinstance(expected, tuple):
        if not isinstance(got, tuple) or len(got) != len(expected):
            return f"type: NumPy gave a tuple of {len(expected)}, gparray {type(got).__name__}"
        for e, g in zip(expected, got):
            msg = compare_values(e, g, rtol, atol, zero_sign)
            if msg:
                return msg
        return None
    if isinstance(expected, (np.ndarray, np.generic)):
        if not isinstance(got, gparray.ndarray):
            return f"type: NumPy gave {type(expected).__name__}, gparray {type(got).__name__}"
    e, g = np.asarray(expected), _as_array(got)
    if e.dtype != g.dtype:
        return f"dtype: NumPy {e.dtype}, gparray {g.dtype}"
    if e.shape != g.shape:
        return f"shape: NumPy {e.shape}, gparray {g.shape}"
    if e.dtype.kind not in "biufc":
        return None
    if e.dtype.kind in "biu":
        bad = e != g
    elif e.dtype.kind == "c" and (rtol or atol):
        fin_e, fin_g = np.isfinite(e), np.isfinite(g)
        with np.errstate(all="ignore"):
            close = np.abs(e - g) <= atol + rtol * np.abs(e)
        bad = (fin_e != fin_g) | (fin_e & ~close)
    else:
        parts = [(e.real, g.real), (e.imag, g.imag)] if e.dtype.kind == "c" else [(e, g)]
        bad = np.zeros(e.shape, dtype=bool)
        for pe, pg in parts:
            pe, pg = pe.astype(np.float64), pg.astype(np.float64)
            nan_e, nan_g = np.isnan(pe), np.isnan(pg)
            with np.errstate(all="ignore"):
                close = (pe == pg) | (np.abs(pe - pg) <= atol + rtol * np.abs(pe))
            close &= np.isinf(pe) == np.isinf(pg)
            bad |= (nan_e != nan_g) | (~nan_e & ~close)
            if zero_sign and rtol == 0 and atol == 0:
                bad |= (pe == 0) & (pg == 0) & (np.signbit(pe) != np.signbit(pg))
    if bad.any():
        where = np.argwhere(bad)
        first = tuple(int(i) for i in where[0]) if e.ndim else ()
        return (f"value: {int(bad.sum())} of {e.size} differ (rtol={rtol:.3g}, atol={atol:.3g});"
                f" at {first} NumPy {e[first]!r}, gparray {g[first]!r}")
    return None

"""The rule registry: one entry per NumPy function or ufunc object.

Rules are keyed by the NumPy callable itself (``np.sin``, ``np.sum``,
``np.linalg.inv``) because that is what reaches the traced value through
``__array_ufunc__``/``__array_function__``; gparray exposes functions of the same names,
so the same keys serve it. Every rule signature mirrors the function it differentiates:

    vjp:  (g, ans, *args, **kwargs) -> cotangent for one argument
    jvp:  (t, ans, *args, **kwargs) -> tangent of the output from one argument's tangent

``args``/``kwargs`` are the call's own arguments with the traced values unwrapped, and a
rule computes with ``ns(x)`` (the namespace of its inputs), so it runs wherever its inputs
live. An argument given as a list of arrays (``concatenate``) gets one rule returning a
list. Kinds:

* ``primitive``: vjp/jvp rules per argument (int position or keyword name);
* ``composite``: an implementation written with differentiable calls; traced through;
* ``nondiff``: integer/boolean or piecewise-constant result: evaluated on plain values,
  gradient zero (``floor``, ``argmax``, comparisons);
* ``constant``: creates a fresh array (``zeros_like``, ``zeros(..., like=x)``) that may
  later receive traced values through item assignment.
"""

from __future__ import annotations

PRIMITIVE, COMPOSITE, NONDIFF, CONSTANT = "primitive", "composite", "nondiff", "constant"


class NoRuleError(TypeError):
    """A traced value reached a function (or argument) that has no derivative rule."""


class Rule:
    __slots__ = ("func", "kind", "vjp", "jvp", "nondiff_args", "multi", "impl", "like")

    def __init__(self, func, kind):
        self.func = func
        self.kind = kind
        self.vjp = {}
        self.jvp = {}
        self.nondiff_args = frozenset()
        self.multi = False
        self.impl = None
        self.like = False


RULES: dict = {}


def func_name(func) -> str:
    """``numpy.linalg.inv``-style name for error messages and the rule table."""
    name = getattr(func, "__name__", None) or repr(func)
    module = getattr(func, "__module__", None) or "numpy"
    if module.startswith("numpy.linalg"):
        return f"numpy.linalg.{name}"
    if module.startswith("numpy"):
        return f"numpy.{name}"
    return f"{module}.{name}"


def no_rule(func, arg=None) -> NoRuleError:
    what = func_name(func)
    if arg is None:
        return NoRuleError(f"autodiff: no derivative rule for {what}; it cannot be applied "
                           "to a traced value (register one with autodiff.vjp_rule)")
    return NoRuleError(f"autodiff: {what} is not differentiable with respect to argument "
                       f"{arg!r}")


def _rule(func, kind=PRIMITIVE) -> Rule:
    rule = RULES.get(func)
    if rule is None or rule.kind != kind:
        rule = RULES[func] = Rule(func, kind)
    return rule


def _set(table, fns, kw):
    for i, fn in enumerate(fns):
        if fn is not None:
            table[i] = fn
    table.update(kw or {})


def vjp_rule(func, *fns, kw=None, nondiff=(), multi=False):
    """Register reverse rules of ``func``: ``fns[i]`` for positional argument ``i``,
    ``kw[name]`` for a keyword argument. ``nondiff`` names arguments treated as constants
    (indices, masks, conditions). ``multi``: ``func`` returns a tuple/list of arrays and the
    rules receive a tuple of cotangents."""
    rule = _rule(func)
    _set(rule.vjp, fns, kw)
    rule.nondiff_args = rule.nondiff_args | frozenset(nondiff)
    rule.multi = rule.multi or multi
    return func


def jvp_rule(func, *fns, kw=None):
    """Register forward rules of ``func`` (same argument keys as :func:`vjp_rule`)."""
    rule = _rule(func)
    _set(rule.jvp, fns, kw)
    return func


def composite(func, impl, like=False):
    """``func`` is differentiated by tracing ``impl`` (same signature), written with
    differentiable calls. ``like``: ``func`` is a creation function taking NEP 35
    ``like=``, which ``impl`` then receives as a keyword."""
    rule = _rule(func, COMPOSITE)
    rule.impl = impl
    rule.like = like
    return func


def nondiff(*funcs):
    """Functions whose result carries no gradient (integer/boolean results, or
    piecewise constant like ``floor``): evaluated on the plain values."""
    for f in funcs:
        _rule(f, NONDIFF)


def constant(*funcs):
    """Array creation from a traced template (``zeros_like``, ``zeros(..., like=x)``): the
    result has no gradient but is traced, so item assignment into it is recorded."""
    for f in funcs:
        _rule(f, CONSTANT)


def lookup(func):
    return RULES.get(func)

"""The trace stack and ``apply``: how one call on traced values is recorded.

Every ``grad``/``vjp``/``jvp`` opens a :class:`Trace` with a fresh, higher level. Its
inputs are wrapped in :class:`~autodiff._box.Box` objects of that level; a box's value may
itself be a box of an outer (lower) level, which is how derivatives of derivatives work.
``apply`` handles one call: it unwraps the boxes of the highest level present, calls the
function on what remains (which recurses, through the array protocols, into outer levels),
and wraps the result in a box of that level carrying either

* reverse mode: a :class:`Node` (parents + a closure producing their cotangents), or
* forward mode: the output's tangent, computed right away from the inputs' tangents.
"""

from __future__ import annotations

import functools
import itertools

from . import _registry
from ._box import Box, getval
from ._helpers import base_ns, broadcast_like, shape
from ._standin import lift_call

REVERSE, FORWARD = "reverse", "forward"

_levels = itertools.count(1)


class Trace:
    """One differentiation in progress; nested ones get higher levels."""

    __slots__ = ("level", "mode")
    batched = False     # a vmap level (``_vmap.BatchTrace``) hides a leading batch axis

    def __init__(self, mode):
        self.level = next(_levels)
        self.mode = mode

    def constant(self, value):
        """A box of this trace for ``value``, which does not depend on its inputs."""
        return Box(value, self, Node() if self.mode == REVERSE else zeros_of(value))


class Node:
    """Reverse-mode record: ``backward(g)`` returns one cotangent per parent node."""

    __slots__ = ("parents", "backward", "__weakref__")

    def __init__(self, parents=(), backward=None):
        self.parents = parents
        self.backward = backward


def _unbox_all(x):
    if type(x) is Box:
        return getval(x)
    if type(x) in (list, tuple):
        return type(x)(getval(e) for e in x)
    return x


def zeros_of(x):
    """Plain zeros shaped like ``x`` (as the traced function sees it), in ``x``'s own
    (base) namespace."""
    v = getval(x)
    if shape(x) != shape(v):
        return base_ns(v).zeros(shape(x), dtype=v.dtype)
    return base_ns(v).zeros_like(v)


def constant_box(value, trace):
    """A box of ``trace`` with no dependence on its inputs."""
    return trace.constant(value)


def _is_float(x):
    dt = getattr(x, "dtype", None)
    if dt is None:
        return isinstance(x, (float, complex))
    return dt.kind in "fc"


def _find_boxes(args, kwargs):
    """``[(key, index_in_sequence_or_None, box)]`` for every box in the call."""
    found = []
    for k, a in enumerate(args):
        ta = type(a)
        if ta is Box:
            found.append((k, None, a))
        elif ta is list or ta is tuple:
            for j, e in enumerate(a):
                if type(e) is Box:
                    found.append((k, j, e))
    for k, a in kwargs.items():
        ta = type(a)
        if ta is Box:
            found.append((k, None, a))
        elif ta is list or ta is tuple:
            for j, e in enumerate(a):
                if type(e) is Box:
                    found.append((k, j, e))
    return found


def _replace(args, kwargs, k, j, new):
    """Put ``new`` at argument key ``k`` (and sequence index ``j``); lists in ``args``
    and ``kwargs`` are already private copies."""
    holder = args if isinstance(k, int) else kwargs
    if j is None:
        holder[k] = new
    elif type(holder[k]) is tuple:
        seq = list(holder[k])
        seq[j] = new
        holder[k] = tuple(seq)
    else:
        holder[k][j] = new


def _unbox_level(x, trace):
    """``x`` with the boxes of ``trace`` (also in lists/tuples) replaced by their values;
    boxes of other levels stay (the call then dispatches to them)."""
    if type(x) is Box:
        return x._value if x._trace is trace else x
    if type(x) in (list, tuple):
        return type(x)(e._value if type(e) is Box and e._trace is trace else e for e in x)
    return x


def _top_trace(boxes):
    top = boxes[0]._trace
    for b in boxes:
        if b._trace.level > top.level:
            top = b._trace
    return top


def _constant(func, args, kwargs, found, like):
    """A creation function called with a traced template (``zeros_like(x)``) or with
    ``like=x`` (which NumPy strips from ``kwargs`` before handing the call to us)."""
    top = _top_trace([b for _, _, b in found] or [like])
    args = [_unbox_level(a, top) for a in args]
    kwargs = {k: _unbox_level(v, top) for k, v in kwargs.items()}
    if not found:
        kwargs["like"] = _unbox_level(like, top)
    return top.constant(func(*args, **kwargs))


def apply(func, args, kwargs, like=None):
    """Call ``func(*args, **kwargs)`` where some arguments are boxes; record it.
    ``like``: the box a NEP 35 ``like=`` call was dispatched on."""
    args, kwargs = lift_call(args, kwargs)
    rule = _registry.RULES.get(func)
    if rule is None:
        # NumPy hands ``like=`` calls the module's attribute: our creation wrapper
        func = getattr(func, "_numpy_original", func)
        rule = _registry.RULES.get(func)
    found = _find_boxes(args, kwargs)
    if found and (rule is None or rule.kind != _registry.COMPOSITE):
        top = _top_trace([b for _, _, b in found])
        if top.batched:
            # vmap: the batching rules (functions traced through are batched piecewise)
            return top.apply_batched(func, rule, args, kwargs, found)
    if rule is None:
        raise _registry.no_rule(func)
    kind = rule.kind
    if kind == _registry.COMPOSITE:
        if rule.like and like is not None and not found:
            kwargs = dict(kwargs, like=like)  # a creation function called with like=x
        return rule.impl(*args, **kwargs)
    if kind == _registry.NONDIFF:
        if not found:
            return func(*args, **kwargs)
        # one level at a time: an outer vmap level must still see the call
        top = _top_trace([b for _, _, b in found])
        return func(*[_unbox_level(a, top) for a in args],
                    **{k: _unbox_level(v, top) for k, v in kwargs.items()})
    if kind == _registry.CONSTANT:
        if not found and like is not None and like._trace.batched:
            return like._trace.apply_batched(func, rule, args, dict(kwargs, like=like), [])
        return _constant(func, args, kwargs, found, like)
    if not found:
        return func(*args, **kwargs)
    top = _top_trace([b for _, _, b in found])

    # Copy containers we are going to modify so the caller's lists stay untouched.
    uargs = [list(a) if type(a) is list else a for a in args]
    ukw = {k: (list(v) if type(v) is list else v) for k, v in kwargs.items()}
    slots = []
    table = rule.vjp if top.mode == REVERSE else rule.jvp
    for k, j, b in found:
        if k in rule.nondiff_args:
            _replace(uargs, ukw, k, j, getval(b))
        elif b._trace is top:
            if k not in table:
                if k not in rule.vjp and k not in rule.jvp:
                    raise _registry.no_rule(func, k)
                raise _registry.NoRuleError(
                    f"autodiff: {_registry.func_name(func)} has no "
                    f"{'reverse' if top.mode == REVERSE else 'forward'}-mode rule for "
                    f"argument {k!r}")
            _replace(uargs, ukw, k, j, b._value)
            slots.append((k, j, b))
    ans = func(*uargs, **ukw)
    if not slots:
        return ans
    if rule.multi:
        return _wrap_multi(rule, ans, top, slots, uargs, ukw, args, kwargs)
    if not _is_float(ans):
        return ans
    if top.mode == REVERSE:
        return Box(ans, top, _reverse_node(rule, ans, slots, uargs, ukw))
    return Box(ans, top, _forward_tangent(rule, ans, top, slots, uargs, ukw, args, kwargs))


def _cotangents(vjps, slots, g, ans, uargs, ukw):
    """Cotangents for the traced arguments (``slots``), one rule call per argument."""
    cache = {}
    out = []
    for k, j, b in slots:
        if k not in cache:
            cache[k] = vjps[k](g, ans, *uargs, **ukw)
        c = cache[k]
        out.append(_like_kind(c if j is None else c[j], b))
    return out


def _is_real(x):
    dt = getattr(getval(x), "dtype", None)
    return not isinstance(getval(x), complex) if dt is None else dt.kind != "c"


def _like_kind(c, x):
    """Cotangent ``c`` as real or complex as its primal ``x`` (JAX's convention: a real
    input takes the real part of a complex cotangent; a complex input a complex one)."""
    if c is None:
        return c
    c_real, x_real = _is_real(c), _is_real(x)
    if c_real == x_real:
        return c
    return base_ns(getval(c)).real(c) if x_real else c + 0j


def _reverse_node(rule, ans, slots, uargs, ukw):
    def backward(g):
        return _cotangents(rule.vjp, slots, g, ans, uargs, ukw)
    return Node(tuple(b._aux for _, _, b in slots), backward)


def _arg(args, kwargs, k):
    return args[k] if isinstance(k, int) else kwargs[k]


def _tangent_in(k, j, b, top, args, kwargs, uargs, ukw):
    """Tangent of argument ``k``: the box's own, or a list for a sequence argument with
    zeros where the element is not traced at this level."""
    if j is None:
        return b._aux
    seq = _arg(args, kwargs, k)
    useq = _arg(uargs, ukw, k)
    return [e._aux if type(e) is Box and e._trace is top else zeros_of(u)
            for e, u in zip(seq, useq)]


def _forward_tangent(rule, ans, top, slots, uargs, ukw, args, kwargs):
    jvps = rule.jvp
    done = set()
    total = None
    for k, j, b in slots:
        if k in done:
            continue
        done.add(k)
        t = _tangent_in(k, j, b, top, args, kwargs, uargs, ukw)
        c = jvps[k](t, ans, *uargs, **ukw)
        total = c if total is None else (
            tuple(a + b for a, b in zip(total, c)) if rule.multi else total + c)
    if not rule.multi:
        total = broadcast_like(_like_kind(total, ans), ans)
    else:
        total = tuple(_like_kind(t, a) for t, a in zip(total, ans))
    return total


class _OutputOf:
    """Reverse-mode cotangent for output ``i`` of a multi-output call."""

    __slots__ = ("parts",)

    def __init__(self, parts):
        self.parts = parts

    def __add__(self, other):
        parts = dict(self.parts)
        for i, g in other.parts.items():
            parts[i] = parts[i] + g if i in parts else g
        return _OutputOf(parts)


def _wrap_multi(rule, ans, top, slots, uargs, ukw, args, kwargs):
    items = list(ans)
    if top.mode == REVERSE:
        def backward(g):
            # Outputs that received no cotangent contribute zeros.
            gs = tuple(g.parts[i] if i in g.parts else zeros_of(a)
                       for i, a in enumerate(items))
            return _cotangents(rule.vjp, slots, gs, ans, uargs, ukw)

        node = Node(tuple(b._aux for _, _, b in slots), backward)
        boxes = [Box(a, top, Node((node,), _select(i))) if _is_float(a) else a
                 for i, a in enumerate(items)]
    else:
        tangents = _forward_tangent(rule, ans, top, slots, uargs, ukw, args, kwargs)
        boxes = [Box(a, top, t) if _is_float(a) else a for a, t in zip(items, tangents)]
    if hasattr(ans, "_fields"):
        return type(ans)(*boxes)
    return type(ans)(boxes) if isinstance(ans, tuple) else boxes


def _select(i):
    def backward(g):
        return [_OutputOf({i: g})]
    return backward


def primitive(func):
    """Make ``func`` one opaque traced step: calls with traced arguments are recorded
    through the rules registered for the returned function (``vjp_rule(f, ...)``) instead
    of being traced through ``func``'s body."""
    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        args, kwargs = lift_call(args, kwargs)
        if _find_boxes(args, kwargs):
            return apply(wrapped, args, kwargs)
        return func(*args, **kwargs)
    return wrapped


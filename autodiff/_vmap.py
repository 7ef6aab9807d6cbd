"""``vmap``: a function of one example applied to a batch, by batching rules.

A vmap level is a :class:`BatchTrace`; its boxes hold arrays whose axis 0 is the batch
and report the per-example shape to the function. Every call on them goes to the
function's batching rule (``_batching``), which runs it once on the whole batch. A
function without a rule (or a form a rule does not cover) runs once per example, and a
:class:`BatchingFallbackWarning` names it. Levels nest with each other and with
``grad``/``jvp``/``jacobian`` in any order, like the differentiation levels.
"""

from __future__ import annotations

import functools
import warnings

from . import _numpy_targets, _pytree
from ._batching import LOOP_FALLBACK, Unbatched, materialize, rule_for
from ._box import Box, call_traced
from ._helpers import ns, shape
from ._registry import CONSTANT, func_name
from ._trace import Trace


class BatchingFallbackWarning(UserWarning):
    """A function under ``vmap`` has no batching rule and runs once per example."""


class BatchTrace(Trace):
    """One ``vmap`` in progress, over a batch of ``size`` examples."""

    __slots__ = ("size",)
    batched = True

    def __init__(self, size):
        super().__init__("batch")
        self.size = size

    def constant(self, value):
        """The same value for every example (a broadcast view: writes copy it)."""
        return Box(materialize(value, False, self.size), self, None)

    def _wrap(self, out):
        if isinstance(out, (tuple, list)):
            items = [Box(o, self, None) if o is not None else o for o in out]
            if hasattr(out, "_fields"):
                return type(out)(*items)
            return type(out)(items)
        return Box(out, self, None)

    def apply_batched(self, func, rule, args, kwargs, found):
        """``func(*args, **kwargs)`` where ``found`` lists the boxes of the call; those of
        this level are batched."""
        uargs, ukw, flags = list(args), dict(kwargs), {}
        for k, j, b in found:
            if b._trace is not self or k in flags:
                continue
            holder = uargs if isinstance(k, int) else ukw
            if j is None:
                holder[k] = b._value
                flags[k] = True
            else:
                seq = holder[k]
                flags[k] = tuple(type(e) is Box and e._trace is self for e in seq)
                holder[k] = type(seq)(e._value if type(e) is Box and e._trace is self
                                      else e for e in seq)
        like = ukw.get("like")
        if type(like) is Box and like._trace is self:
            ukw["like"] = like._value
        if rule is not None and rule.kind == CONSTANT:
            out = func(*uargs, **ukw)
            if flags.get(0) is True and "shape" not in ukw:
                return Box(out, self, None)    # zeros_like of a batch: batched
            return self.constant(out)
        batch = rule_for(func)
        out = NotImplemented if batch is None else batch(func, self.size, flags, uargs, ukw)
        if out is NotImplemented:
            return self._loop(func, args, kwargs)
        if isinstance(out, Unbatched):
            return out.value
        return self._wrap(out)

    def _loop(self, func, args, kwargs):
        """The fallback: ``func`` once per example, the results stacked."""
        name = func_name(func)
        reason = LOOP_FALLBACK.get(name)
        warnings.warn(
            f"autodiff.vmap: {name} has no batching rule for this call"
            f"{f' ({reason})' if reason else ''}; it runs once per example",
            BatchingFallbackWarning, stacklevel=4)

        def pick(x, i):
            if type(x) is Box and x._trace is self:
                return x._value[i]
            if type(x) in (list, tuple):
                return type(x)(pick(e, i) for e in x)
            return x

        outs = [func(*[pick(a, i) for a in args], **{k: pick(v, i) for k, v in kwargs.items()})
                for i in range(self.size)]
        first = outs[0]
        if isinstance(first, (tuple, list)):
            cols = [_stack([o[n] for o in outs]) for n in range(len(first))]
            return self._wrap(type(first)(*cols) if hasattr(first, "_fields")
                              else type(first)(cols))
        return self._wrap(_stack(outs))


def _stack(values):
    return ns(*values).stack(values)


def _axes_per_arg(in_axes, n):
    if isinstance(in_axes, (tuple, list)):
        if len(in_axes) != n:
            raise ValueError(f"vmap: in_axes has {len(in_axes)} entries for {n} arguments")
        return tuple(in_axes)
    return (in_axes,) * n


def _check_axis(axis, what):
    if axis is not None and not isinstance(axis, int):
        raise TypeError(f"vmap: {what} must be an int or None, not {axis!r}")


def vmap(f, in_axes=0, out_axes=0):
    """Vectorise ``f`` over a batch axis, like ``jax.vmap``. ``in_axes``: an int (the
    batch axis of every argument), ``None`` (not batched), or a tuple with one of those
    per positional argument (applied to every leaf of a pytree argument).
    ``out_axes``: where the batch axis goes in each output leaf (an int, or a tuple per
    output of a tuple result; ``None`` for an output that must not depend on the batch).
    Nests with itself and with ``grad``, ``jvp``, ``jacobian``: per-example gradients
    are ``vmap(grad(loss), in_axes=(None, 0, 0))(params, X, y)``."""

    @functools.wraps(f)
    def batched(*args):
        axes = _axes_per_arg(in_axes, len(args))
        size = None
        for a, axis in zip(args, axes):
            _check_axis(axis, "in_axes entries")
            if axis is None:
                continue
            for leaf in _pytree.leaves(a):
                s = shape(leaf)
                if not s:
                    raise ValueError("vmap: a batched argument is a scalar (0-d); use "
                                     "in_axes=None for it")
                n = s[axis]
                if size is not None and n != size:
                    raise ValueError(f"vmap: batched arguments have different sizes "
                                     f"({size} and {n}) along their in_axes")
                size = n
        if size is None:
            raise ValueError("vmap: no argument is batched (every in_axes entry is None)")
        trace = BatchTrace(size)
        boxed = []
        for a, axis in zip(args, axes):
            if axis is None:
                boxed.append(a)
                continue
            leaves, treedef = _pytree.flatten(a)
            boxed.append(_pytree.unflatten(treedef, [
                Box(ns(x).moveaxis(x, axis, 0) if axis != 0 else x, trace, None)
                for x in leaves]))
        with _numpy_targets.tracing(trace):
            out = _numpy_targets.unwrap_output(call_traced(f, tuple(boxed)))
        leaves, treedef = _pytree.flatten(out)
        if isinstance(out_axes, (tuple, list)):
            if not isinstance(out, (tuple, list)) or len(out) != len(out_axes):
                raise ValueError("vmap: out_axes must have one entry per output")
            per_leaf = [ax for o, ax in zip(out, out_axes) for _ in _pytree.leaves(o)]
        else:
            per_leaf = [out_axes] * len(leaves)
        result = []
        for o, axis in zip(leaves, per_leaf):
            _check_axis(axis, "out_axes entries")
            mine = type(o) is Box and o._trace is trace
            if axis is None:
                if mine:
                    raise ValueError("vmap: an output with out_axes=None depends on the "
                                     "batch")
                result.append(o)
                continue
            v = o._value if mine else ns(o).asarray(materialize(o, False, size), copy=True)
            result.append(ns(v).moveaxis(v, 0, axis) if axis != 0 else v)
        return _pytree.unflatten(treedef, result)

    return batched


__all__ = ["vmap", "BatchingFallbackWarning"]

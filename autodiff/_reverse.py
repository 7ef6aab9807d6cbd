"""Reverse mode: ``vjp`` and the backward pass over the recorded graph."""

from __future__ import annotations

from . import _numpy_targets, _pytree
from ._box import Box, call_traced
from ._trace import REVERSE, Node, Trace, getval, zeros_of


def _toposort(end):
    """Nodes reachable from ``end``, each after all of its children."""
    counts = {}
    stack = [end]
    while stack:
        node = stack.pop()
        if node in counts:
            counts[node] += 1
        else:
            counts[node] = 1
            stack.extend(node.parents)
    ready = [end]
    while ready:
        node = ready.pop()
        yield node
        for p in node.parents:
            if counts[p] == 1:
                ready.append(p)
            else:
                counts[p] -= 1


def backward(end, g):
    """Cotangents of the leaf nodes reachable from ``end`` when ``end`` receives ``g``."""
    pending = {end: g}
    leaves = {}
    for node in _toposort(end):
        g = pending.pop(node)
        if node.backward is None:
            leaves[node] = g
            continue
        for parent, c in zip(node.parents, node.backward(g)):
            # Never accumulate in place: cotangents may alias arrays the user holds.
            pending[parent] = c if parent not in pending else pending[parent] + c
    return leaves


def is_differentiable(x):
    v = getval(x)
    dt = getattr(v, "dtype", None)
    if dt is None:
        return isinstance(v, (float, complex))
    return dt.kind in "fc"


def vjp(f, *args):
    """``(f(*args), vjp_fn)``; ``vjp_fn(ct)`` returns a tuple with one cotangent per
    argument (pytrees keep their structure; non-float leaves get ``None``)."""
    trace = Trace(REVERSE)
    leaves, treedef = _pytree.flatten(args)
    nodes = [Node() if is_differentiable(x) else None for x in leaves]
    boxed = [Box(x, trace, n) if n is not None else x for x, n in zip(leaves, nodes)]
    with _numpy_targets.tracing(trace):
        out = _numpy_targets.unwrap_output(call_traced(f, _pytree.unflatten(treedef, boxed)))
    out_leaves, out_def = _pytree.flatten(out)
    mine = [type(o) is Box and o._trace is trace for o in out_leaves]
    value = _pytree.unflatten(out_def, [o._value if m else o
                                        for o, m in zip(out_leaves, mine)])
    out_nodes = tuple(o._aux for o, m in zip(out_leaves, mine) if m)

    def vjp_fn(ct):
        ct_leaves = _pytree.flatten(ct)[0]
        if len(ct_leaves) != len(out_leaves):
            raise ValueError("vjp_fn: cotangent structure does not match the output")
        seeds = tuple(c for c, m in zip(ct_leaves, mine) if m)
        got = backward(Node(out_nodes, lambda g: g), seeds) if out_nodes else {}
        cts = [None if n is None else (got[n] if n in got else zeros_of(x))
               for x, n in zip(leaves, nodes)]
        return _pytree.unflatten(treedef, cts)

    return value, vjp_fn

"""Forward mode: ``jvp`` with dual numbers (boxes carrying their tangent)."""

from __future__ import annotations

from . import _numpy_targets, _pytree
from ._box import Box, call_traced
from ._helpers import shape
from ._trace import FORWARD, Trace, zeros_of


def jvp(f, primals, tangents):
    """``(f(*primals), tangent of the output)`` for input tangents ``tangents``, in one
    forward pass: every traced call computes its output tangent as it runs."""
    primals, tangents = tuple(primals), tuple(tangents)
    p_leaves, treedef = _pytree.flatten(primals)
    t_leaves, t_def = _pytree.flatten(tangents)
    if len(t_leaves) != len(p_leaves):
        raise ValueError("jvp: tangents must have the structure of primals")
    trace = Trace(FORWARD)
    boxed = []
    for p, t in zip(p_leaves, t_leaves):
        if t is None:
            boxed.append(p)
            continue
        if shape(t) != shape(p):
            raise ValueError(f"jvp: tangent shape {shape(t)} does not match primal "
                             f"shape {shape(p)}")
        boxed.append(Box(p, trace, t))
    with _numpy_targets.tracing(trace):
        out = _numpy_targets.unwrap_output(call_traced(f, _pytree.unflatten(treedef, boxed)))
    out_leaves, out_def = _pytree.flatten(out)
    values, out_tangents = [], []
    for o in out_leaves:
        if type(o) is Box and o._trace is trace:
            values.append(o._value)
            out_tangents.append(o._aux)
        else:
            values.append(o)
            out_tangents.append(zeros_of(o) if o is not None else None)
    return (_pytree.unflatten(out_def, values), _pytree.unflatten(out_def, out_tangents))

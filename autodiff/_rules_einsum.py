"""Rules for ``np.einsum``, in every operand.

The cotangent of operand k is itself an einsum: the output cotangent contracted with the
other operands onto operand k's labels. Three details: labels that occur only in operand
k were summed away, so the cotangent is broadcast along them; a label repeated within
operand k (``'ii->'``) means a diagonal, restored by multiplying with identity matrices;
and size-1 dimensions that einsum broadcast are summed back to size 1. Ellipses are
replaced by explicit labels first, and the interleaved calling form is converted to a
subscripts string.
"""

from __future__ import annotations

import string
from collections import Counter

import numpy as np

from ._helpers import ndim, ns, shape
from ._registry import composite, jvp_rule, vjp_rule
from ._trace import apply

_MAX_OPERANDS = 32


def _labels(sublist):
    return "".join("..." if s is Ellipsis else string.ascii_letters[s] for s in sublist)


def _to_string(args):
    """Interleaved form ``einsum(a, [0, 1], b, [1, 2], [0, 2])`` -> ``('ab,bc->ac', a, b)``."""
    ops, subs = list(args[0::2]), list(args[1::2])
    out = None
    if len(ops) > len(subs):  # trailing output sublist
        out = ops.pop()
    text = ",".join(_labels(s) for s in subs)
    if out is not None:
        text += "->" + _labels(out)
    return text, ops


def parse(subscripts, operands):
    """Input label strings and output label string, ellipses made explicit."""
    subs = subscripts.replace(" ", "")
    ins, out = (subs.split("->") + [None])[:2]
    ins = ins.split(",")
    used = {c for c in subs if c.isalpha()}
    spare = [c for c in string.ascii_letters if c not in used]
    n_ell = max([ndim(op) - (len(s) - 3) for s, op in zip(ins, operands) if "..." in s],
                default=0)
    ell = "".join(spare[:n_ell])
    if out is None:
        counts = Counter("".join(ins).replace(".", ""))
        out = ell + "".join(sorted(c for c, n in counts.items() if n == 1))
    else:
        out = out.replace("...", ell)
    explicit = []
    for s, op in zip(ins, operands):
        if "..." in s:
            k = ndim(op) - (len(s) - 3)
            s = s.replace("...", ell[n_ell - k:] if k else "")
        explicit.append(s)
    return explicit, out, spare[n_ell:]


def einsum_string(subscripts, *operands, **kwargs):
    """``np.einsum`` with a subscripts string (the traced primitive)."""
    return ns(*operands).einsum(subscripts, *operands, **kwargs)


def _vjp(k):
    def vjp(g, ans, subscripts, *operands, **kwargs):
        ins, out, spare = parse(subscripts, operands)
        op, mine = operands[k], ins[k]
        others = [(s, o) for i, (s, o) in enumerate(zip(ins, operands)) if i != k]
        reachable = set(out).union(*[set(s) for s, _ in others])
        uniq = "".join(dict.fromkeys(mine))
        keep = "".join(c for c in uniq if c in reachable)
        xp = ns(g, *operands)
        spec = ",".join([out] + [s for s, _ in others]) + "->" + keep
        grad = xp.einsum(spec, g, *[o for _, o in others])
        size = dict(zip(mine, shape(op)))
        # Labels only in this operand: broadcast along them.
        if keep != uniq:
            grad = xp.reshape(grad, tuple(shape(grad)[keep.index(c)] if c in keep else 1
                                          for c in uniq))
            grad = xp.broadcast_to(grad, tuple(shape(grad)[i] if c in keep else size[c]
                                               for i, c in enumerate(uniq)))
        # Repeated labels: place the values on the diagonal.
        if len(uniq) < len(mine):
            seen, full, eyes = set(), "", []
            for c in mine:
                if c in seen:
                    d = spare.pop(0)
                    full += d
                    eyes.append(c + d)
                else:
                    seen.add(c)
                    full += c
            dt = grad.dtype
            mats = [xp.eye(size[p[0]], dtype=dt) for p in eyes]
            grad = xp.einsum(",".join([uniq] + eyes) + "->" + full, grad, *mats)
        # Size-1 dimensions that einsum broadcast.
        axes = tuple(i for i, (d, e) in enumerate(zip(shape(op), shape(grad))) if d == 1 != e)
        if axes:
            grad = xp.sum(grad, axis=axes, keepdims=True)
        return grad
    return vjp


def _jvp(k):
    def jvp(t, ans, subscripts, *operands, **kwargs):
        ops = list(operands)
        ops[k] = t
        return ns(t).einsum(subscripts, *ops, **kwargs)
    return jvp


vjp_rule(einsum_string, None, *[_vjp(k) for k in range(_MAX_OPERANDS)], nondiff=(0,))
jvp_rule(einsum_string, None, *[_jvp(k) for k in range(_MAX_OPERANDS)])


def _einsum(*args, out=None, **kwargs):
    if out is not None:
        raise TypeError("autodiff: einsum(out=...) cannot hold a traced result")
    if isinstance(args[0], str):
        subscripts, operands = args[0], args[1:]
    else:
        subscripts, operands = _to_string(args)
    return apply(einsum_string, (subscripts, *operands), kwargs)


composite(np.einsum, _einsum)

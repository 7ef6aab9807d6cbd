"""einsum and einsum_path with NumPy's subscript grammar: explicit and implicit output,
ellipsis broadcasting, repeated indices (diagonals and traces), the sublist form, and
``optimize=`` path choice.

No einsum kernel: repeated indices within an operand become strided diagonal views, indices
that only one operand carries are summed away (gparray.sum), and each pairwise contraction is
a transpose/reshape to (batch, rows, k) @ (batch, k, cols) through matmul. The contraction
order comes from numpy.einsum_path on shapes only (when ``optimize`` is not False).
"""
import string

import numpy as np

from ._core.ndarray import ndarray
from ._core.operands import device_of
from ._core.views import broadcast_to
from ._creation import asarray
from ._engines.copying import copy_into
from ._engines.reduction import sum as gsum
from ._linalg_products import matmul
from ._runtime.dtypes import result_type

__all__ = ["einsum", "einsum_path"]

_LETTERS = string.ascii_uppercase + string.ascii_lowercase


def _sublist_to_string(args):
    """einsum(op0, sublist0, op1, sublist1, ..., [sublistout]) as a subscripts string."""
    def term(sub):
        out = []
        for s in sub:
            if s is Ellipsis:
                out.append("...")
            else:
                try:
                    s = int(s)
                except (TypeError, ValueError):
                    raise TypeError("For this input type lists must contain either int or "
                                    "Ellipsis") from None
                if not 0 <= s < 52:
                    raise ValueError(f"subscript is not within the valid range [0, 52): {s}")
                out.append(_LETTERS[s])
        return "".join(out)

    operands = list(args[0::2][:len(args) // 2])
    terms = [term(s) for s in args[1::2][:len(args) // 2]]
    subscripts = ",".join(terms)
    if len(args) % 2:
        subscripts += "->" + term(args[-1])
    return subscripts, operands


def _split(args):
    if args and isinstance(args[0], str):
        return args[0], list(args[1:])
    if not args:
        raise TypeError("einsum(): must specify the subscripts string and at least one operand")
    return _sublist_to_string(args)


def _parse(subscripts, shapes, optimize):
    """Input terms and the output term, each a string of single-letter labels with every
    ellipsis replaced by letters the subscripts do not use."""
    subscripts = subscripts.replace(" ", "")
    explicit = "->" in subscripts
    if subscripts.count("->") > 1 or subscripts.count(">") != subscripts.count("->") \
            or subscripts.count("-") != subscripts.count("->"):
        raise ValueError("einstein sum subscript string does not contain proper '->' output "
                         "specified")
    lhs, _, rhs = subscripts.partition("->")
    terms = lhs.split(",")
    if len(terms) > len(shapes):
        raise ValueError("fewer operands provided to einstein sum function than specified in "
                         "the subscripts string")
    if len(terms) < len(shapes):
        raise ValueError("more operands provided to einstein sum function than specified in "
                         "the subscripts string")
    for t in terms + [rhs]:
        bad = [c for c in t.replace("...", "") if c not in _LETTERS]
        if bad:
            raise ValueError(f"invalid subscript '{bad[0]}' in einstein sum subscripts string, "
                             "subscripts must be letters")
        if t.count(".") != 3 * t.count("...") or t.count("...") > 1:
            raise ValueError("einstein sum subscripts string contains a '.' that is not part "
                             "of an ellipsis ('...')")
    unused = [c for c in _LETTERS if c not in subscripts]
    ell_dims = 0
    counts = []
    for i, (t, shape) in enumerate(zip(terms, shapes)):
        labels = len(t.replace("...", ""))
        if labels > len(shape) or ("..." not in t and labels != len(shape)):
            raise ValueError("operand has more dimensions than subscripts given in einstein sum, "
                             "but no '...' ellipsis provided to broadcast the extra dimensions."
                             if labels < len(shape) else
                             f"einstein sum subscripts string contains too many subscripts for "
                             f"operand {i}")
        n = len(shape) - labels if "..." in t else 0
        counts.append(n)
        ell_dims = max(ell_dims, n)
    ell = "".join(unused[:ell_dims])
    inputs = [t.replace("...", ell[ell_dims - n:]) for t, n in zip(terms, counts)]
    if explicit:
        if "..." in rhs:
            output = rhs.replace("...", ell)
        else:
            if ell_dims and optimize is False:
                raise ValueError("output has more dimensions than subscripts given in einstein "
                                 "sum, but no '...' ellipsis provided to broadcast the extra "
                                 "dimensions.")
            output = rhs
        for c in output:
            if output.count(c) > 1:
                raise ValueError(f"einstein sum subscripts string includes output subscript "
                                 f"'{c}' multiple times")
            if not any(c in t for t in inputs):
                raise ValueError(f"einstein sum subscripts string included output subscript "
                                 f"'{c}' which never appeared in an input")
    else:
        once = sorted(c for c in set("".join(inputs)) if "".join(inputs).count(c) == 1
                      and c not in ell)
        output = ell + "".join(once)
    return inputs, output


def _diagonal(x, labels):
    """Collapse repeated labels of ``x`` into one axis (a strided view)."""
    seen = {}
    for axis, c in enumerate(labels):
        if c in seen:
            first = seen[c][0]
            if x._shape[first] != x._shape[axis]:
                raise ValueError(f"dimensions in operand for collapsing index '{c}' don't "
                                 f"match ({x._shape[first]} != {x._shape[axis]})")
            seen[c].append(axis)
        else:
            seen[c] = [axis]
    if len(seen) == len(labels):
        return x, labels
    keys = list(seen)
    shape = tuple(x._shape[seen[c][0]] for c in keys)
    strides = tuple(sum(x._strides[a] for a in seen[c]) for c in keys)
    return x._view(x._offset, shape, strides), "".join(keys)


def _sum_out(x, labels, keep, dtype):
    """Sum the axes whose labels are not in ``keep``."""

    axes = tuple(i for i, c in enumerate(labels) if c not in keep)
    if not axes:
        return x, labels
    return (gsum(x, axis=axes, dtype=dtype),
            "".join(c for c in labels if c in keep))


def _contract(a, la, b, lb, keep, sizes):
    """The pairwise product of ``a`` and ``b`` keeping labels in ``keep``, summing the other
    shared labels, through one batched matmul."""

    batch = [c for c in la if c in lb and c in keep]
    summed = [c for c in la if c in lb and c not in keep]
    left = [c for c in la if c not in lb]
    right = [c for c in lb if c not in la]

    def arrange(x, labels, order):
        x = x.transpose([labels.index(c) for c in order])
        full = tuple(sizes[c] for c in order)
        if x._shape != full:
            x = broadcast_to(x, full)
        return x

    nb, nl, nr, ns = (int(np.prod([sizes[c] for c in g], dtype=np.int64))
                      for g in (batch, left, right, summed))
    at = arrange(a, la, batch + left + summed).reshape(nb, nl, ns)
    bt = arrange(b, lb, batch + summed + right).reshape(nb, ns, nr)
    out = matmul(at, bt).reshape(tuple(sizes[c] for c in batch + left + right))
    return out, "".join(batch + left + right)


def _dummies(operands):
    return [np.broadcast_to(np.zeros((), dtype=x.dtype), x.shape) for x in operands]


def einsum(*operands, out=None, dtype=None, order="K", casting="safe", optimize=False):
    """Einstein summation (numpy.einsum): see the module docstring for how it runs."""

    subscripts, ops = _split(operands)
    device = device_of(ops, (out,) if out is not None else ())
    ops = [x if isinstance(x, ndarray) else asarray(x, device=device) for x in ops]
    inputs, output = _parse(subscripts, [x._shape for x in ops], optimize)
    rtype = np.dtype(dtype) if dtype is not None else result_type(*ops)
    for x in ops:
        if not np.can_cast(x._dtype, rtype, casting=casting):
            raise TypeError(f"Cannot cast array data from {x._dtype!r} to {rtype!r} according "
                            f"to the rule {casting!r}")
    ops = [x.astype(rtype, copy=False) for x in ops]
    sizes = {}
    for i, (x, labels) in enumerate(zip(ops, inputs)):
        for c, n in zip(labels, x._shape):
            if sizes.get(c, 1) != 1 and n not in (1, sizes[c]):
                raise ValueError(f"operands could not be broadcast together with remapped shapes "
                                 f"(label '{c}': {sizes[c]} and {n} in operand {i})")
            if n != 1 or c not in sizes:
                sizes[c] = n
    work = [_diagonal(x, labels) for x, labels in zip(ops, inputs)]
    if len(work) > 2 and optimize is not False:
        canonical = ",".join(lab for _, lab in work) + "->" + output
        path = np.einsum_path(canonical, *_dummies([x for x, _ in work]),
                              optimize=optimize)[0][1:]
    else:
        path = [(0, 1)] * (len(work) - 1)
    for step in path:
        picked = [work[i] for i in step]
        for i in sorted(step, reverse=True):
            del work[i]
        rest = output + "".join(lab for _, lab in work)
        x, lx = picked[0]
        for j, (y, ly) in enumerate(picked[1:], 2):
            others = rest + "".join(lab for _, lab in picked[j:])
            x, lx = _sum_out(x, lx, others + ly, rtype)
            y, ly = _sum_out(y, ly, others + lx, rtype)
            x, lx = _contract(x, lx, y, ly, others, sizes)
        work.append((x, lx))
    (x, labels), = work
    x, labels = _sum_out(x, labels, output, rtype)
    x = x.transpose([labels.index(c) for c in output])
    if x._shape != tuple(sizes[c] for c in output):
        x = broadcast_to(x, tuple(sizes[c] for c in output))
    if out is not None:
        copy_into(out, x)
        return out
    return x


def einsum_path(*operands, optimize="greedy", einsum_call=False):
    """numpy.einsum_path, computed by NumPy from the operands' shapes and dtypes alone."""
    if einsum_call:
        raise TypeError("einsum_path: einsum_call=True is internal to NumPy")
    converted = [np.broadcast_to(np.zeros((), dtype=x._dtype), x._shape)
                 if isinstance(x, ndarray) else x for x in operands]
    return np.einsum_path(*converted, optimize=optimize)

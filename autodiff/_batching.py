"""Batching rules for ``vmap``: how one call on batched values becomes one call on arrays
with a leading batch axis.

A rule is ``rule(func, size, flags, args, kwargs)``. ``args``/``kwargs`` are the call's
arguments with the batched values replaced by their arrays, whose axis 0 is the batch
(size ``size``); ``flags[k]`` says which positional arguments are batched (a tuple of
flags for a list/tuple argument), ``flags[name]`` which keywords. A rule returns the
batched result (batch axis 0; every output of a multi-output function batched), an
:class:`Unbatched` result (metadata such as ``np.shape``), or ``NotImplemented`` for a
form it does not cover, which then runs once per example (the loop fallback). Like the
derivative rules, they compute with ``ns(x)``, so they run on NumPy and gparray arrays
and are traced again under an outer transformation.
"""

from __future__ import annotations

import string

import numpy as np

from . import _ops
from ._helpers import ndim, ns, shape
from ._registry import RULES, func_name
from ._rules_einsum import einsum_string
from ._rules_factorizations import _qr_complete_prim, _qr_prim, _svd_prim, _svdvals_prim

BATCH_RULES: dict = {}


class Unbatched:
    """A rule's result that is the same for every example (``np.shape`` of a batch)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def batch_rule(rule, *funcs):
    for f in funcs:
        BATCH_RULES[f] = rule


def _any(flag):
    return any(flag) if isinstance(flag, tuple) else bool(flag)


def _kw_batched(flags):
    return any(_any(v) for k, v in flags.items() if not isinstance(k, int))


def _pe_ndim(x, flag):
    """Rank of ``x`` as one example sees it."""
    return ndim(x) - (1 if flag else 0)


def materialize(x, flag, size):
    """``x`` with a leading batch axis: a broadcast view when ``x`` is not batched."""
    if flag:
        return x
    return ns(x).broadcast_to(x, (size,) + shape(x))


def _expand_to(x, rank):
    """Batched ``x`` with length-1 axes after the batch axis up to per-example ``rank``,
    so it broadcasts against unbatched operands of that rank."""
    s = shape(x)
    missing = rank - (len(s) - 1)
    if missing <= 0:
        return x
    return ns(x).reshape(x, s[:1] + (1,) * missing + s[1:])


def _shift(axis, nd):
    """Per-example axis (int, tuple or None = all) as axes of the batched array."""
    if axis is None:
        return tuple(range(1, nd + 1))
    if isinstance(axis, (tuple, list)):
        return tuple(a % nd + 1 for a in axis)
    return axis % nd + 1 if nd else 1


# ---- elementwise ------------------------------------------------------------------------
def elementwise(func, size, flags, args, kwargs):
    """Broadcasting functions: batched operands get ones inserted after the batch axis up
    to the largest per-example rank; unbatched operands broadcast from the right."""
    if _kw_batched(flags):
        return NotImplemented
    rank = max(_pe_ndim(a, flags.get(k)) for k, a in enumerate(args))
    new = [_expand_to(a, rank) if flags.get(k) else a for k, a in enumerate(args)]
    return func(*new, **kwargs)


batch_rule(elementwise, np.where, np.clip, np.nan_to_num, np.astype, np.copy, np.real,
           np.imag, np.angle, np.around, np.round, np.fix, np.isneginf, np.isposinf,
           np.iscomplex, np.isreal, np.isclose)


# ---- reductions and axis functions ------------------------------------------------------
def _axis_arg(args, kwargs, default=None):
    if len(args) > 1:
        return args[1], args[2:], kwargs
    kwargs = dict(kwargs)
    return kwargs.pop("axis", default), (), kwargs


def reduction(func, size, flags, args, kwargs):
    """``axis=None`` reduces every per-example axis."""
    if any(flags.get(k) for k in range(1, len(args))) or _kw_batched(flags):
        return NotImplemented
    x = materialize(args[0], flags.get(0), size)
    axis, rest, kwargs = _axis_arg(args, kwargs)
    return func(x, _shift(axis, ndim(x) - 1), *rest, **kwargs)


_LAST_AXIS_DEFAULT = {np.sort: -1, np.argsort: -1}


def flattening(func, size, flags, args, kwargs):
    """``axis=None`` works on the flattened example (``cumsum``, ``argmax``, ``sort``)."""
    if any(flags.get(k) for k in range(1, len(args))) or _kw_batched(flags):
        return NotImplemented
    x = materialize(args[0], flags.get(0), size)
    axis, rest, kwargs = _axis_arg(args, kwargs, _LAST_AXIS_DEFAULT.get(func))
    if axis is None:
        x = ns(x).reshape(x, (size, -1))
        axis = 0
    return func(x, _shift(axis, ndim(x) - 1), *rest, **kwargs)


batch_rule(reduction, np.sum, np.mean, np.prod, np.max, np.min, np.amax, np.amin, np.var,
           np.std, np.all, np.any, np.nansum, np.nanmean, np.nanmax, np.nanmin, np.nanprod,
           np.nanvar, np.nanstd, np.count_nonzero)
batch_rule(flattening, np.cumsum, np.cumprod, np.argmax, np.argmin, np.sort, np.argsort,
           np.nancumsum, np.nancumprod)


batch_rule(reduction, np.flip)    # axis=None flips every axis


# ---- shape functions ----------------------------------------------------------------------
def _only_first(flags, nargs):
    return not any(flags.get(k) for k in range(1, nargs)) and not _kw_batched(flags)


def _reshape(func, size, flags, args, kwargs):
    newshape = args[1] if len(args) > 1 else kwargs.get("shape", kwargs.get("newshape"))
    order = args[2] if len(args) > 2 else kwargs.get("order", "C")
    if order != "C" or not _only_first(flags, len(args)):
        return NotImplemented
    newshape = (newshape,) if isinstance(newshape, (int, np.integer)) else tuple(newshape)
    x = materialize(args[0], flags.get(0), size)
    return ns(x).reshape(x, (size,) + newshape)


def _ravel(func, size, flags, args, kwargs):
    order = args[1] if len(args) > 1 else kwargs.get("order", "C")
    if order != "C":
        return NotImplemented
    return ns(args[0]).reshape(args[0], (size, -1))


def _transpose(func, size, flags, args, kwargs):
    axes = args[1] if len(args) > 1 else kwargs.get("axes")
    x = args[0]
    nd = ndim(x) - 1
    axes = tuple(range(nd))[::-1] if axes is None else tuple(a % nd for a in axes)
    return ns(x).transpose(x, (0,) + tuple(a + 1 for a in axes))


def _swapaxes(func, size, flags, args, kwargs):
    x, a1, a2 = args
    nd = ndim(x) - 1
    return ns(x).swapaxes(x, a1 % nd + 1, a2 % nd + 1)


def _moveaxis(func, size, flags, args, kwargs):
    x = args[0]
    src = args[1] if len(args) > 1 else kwargs["source"]
    dst = args[2] if len(args) > 2 else kwargs["destination"]
    nd = ndim(x) - 1
    return ns(x).moveaxis(x, _shift(src, nd), _shift(dst, nd))


def _expand_dims(func, size, flags, args, kwargs):
    x = args[0]
    axis = args[1] if len(args) > 1 else kwargs["axis"]
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    out_nd = ndim(x) - 1 + len(axes)
    return ns(x).expand_dims(x, tuple(a % out_nd + 1 for a in axes))


def _squeeze(func, size, flags, args, kwargs):
    x = args[0]
    axis = args[1] if len(args) > 1 else kwargs.get("axis")
    if axis is None:
        axis = tuple(i for i, d in enumerate(shape(x)[1:]) if d == 1)
    return ns(x).squeeze(x, axis=_shift(axis, ndim(x) - 1))


def _broadcast_to(func, size, flags, args, kwargs):
    if not _only_first(flags, len(args)):
        return NotImplemented
    target = args[1] if len(args) > 1 else kwargs["shape"]
    target = (target,) if isinstance(target, (int, np.integer)) else tuple(target)
    x = _expand_to(args[0], len(target))
    return ns(x).broadcast_to(x, (size,) + target)


def _last_axes(func, size, flags, args, kwargs):
    """Functions of the last one or two axes that broadcast over leading ones (matrix
    transpose, the linalg decompositions of a stack)."""
    if not _only_first(flags, len(args)):
        return NotImplemented
    return func(*args, **kwargs)


def _join(func, size, flags, args, kwargs):
    """``concatenate``/``stack`` of a sequence with some batched elements."""
    seq = args[0]
    seq_flags = flags.get(0)
    if _kw_batched(flags) or any(flags.get(k) for k in range(1, len(args))):
        return NotImplemented
    axis = args[1] if len(args) > 1 else kwargs.get("axis", 0)
    if axis is None:
        return NotImplemented
    kwargs = {k: v for k, v in kwargs.items() if k != "axis"}
    items = [materialize(a, f, size) for a, f in zip(seq, seq_flags)]
    nd = ndim(items[0]) - 1 + (1 if func is np.stack else 0)
    return func(items, axis % nd + 1, *args[2:], **kwargs)


def _sliding_window_view(func, size, flags, args, kwargs):
    if not _only_first(flags, len(args)):
        return NotImplemented
    x, window = args[0], args[1] if len(args) > 1 else kwargs["window_shape"]
    axis = args[2] if len(args) > 2 else kwargs.get("axis")
    kwargs = {k: v for k, v in kwargs.items() if k not in ("window_shape", "axis")}
    window = (window,) if isinstance(window, (int, np.integer)) else tuple(window)
    return func(x, window, _shift(axis, ndim(x) - 1), *args[3:], **kwargs)


batch_rule(_sliding_window_view, np.lib.stride_tricks.sliding_window_view)


def _last_two_axes(func, size, flags, args, kwargs):
    """tril/triu of per-example matrices (or stacks): the last two axes, whatever leads;
    a per-example vector (which NumPy first broadcasts to a matrix) takes the loop."""
    if not _only_first(flags, len(args)) or ndim(args[0]) - 1 < 2:
        return NotImplemented
    return func(*args, **kwargs)


def _one_axis(name, position, default):
    """A function of one per-example axis, given as argument ``name`` at ``position``
    (roll's shift comes first): that axis moves past the batch axis; None (flatten) loops."""
    def rule(func, size, flags, args, kwargs):
        if not _only_first(flags, len(args)):
            return NotImplemented
        args, kwargs = list(args), dict(kwargs)
        axis = args[position] if len(args) > position else kwargs.get(name, default)
        if axis is None or not isinstance(axis, (int, np.integer)):
            return NotImplemented
        if len(args) > position:
            args[position] = _shift(axis, ndim(args[0]) - 1)
        else:
            kwargs[name] = _shift(axis, ndim(args[0]) - 1)
        return func(*args, **kwargs)
    return rule


def _diagonal(func, size, flags, args, kwargs):
    if not _only_first(flags, len(args)):
        return NotImplemented
    names = ("offset", "axis1", "axis2")
    given = dict(zip(names, args[1:]), **kwargs)
    nd = ndim(args[0]) - 1
    given["axis1"] = _shift(given.get("axis1", 0), nd)
    given["axis2"] = _shift(given.get("axis2", 1), nd)
    return func(args[0], **given)


batch_rule(_last_two_axes, np.tril, np.triu)
batch_rule(_one_axis("axis", 2, None), np.roll)
batch_rule(_one_axis("axis", 2, None), np.take)
batch_rule(_diagonal, np.diagonal)
batch_rule(_reshape, np.reshape)
batch_rule(_ravel, np.ravel)
batch_rule(_transpose, np.transpose)
batch_rule(_swapaxes, np.swapaxes)
batch_rule(_moveaxis, np.moveaxis)
batch_rule(_expand_dims, np.expand_dims)
batch_rule(_squeeze, np.squeeze)
batch_rule(_broadcast_to, np.broadcast_to)
batch_rule(_join, np.concatenate, np.stack)
batch_rule(_last_axes, np.matrix_transpose, np.linalg.inv, np.linalg.det,
           np.linalg.slogdet, np.linalg.cholesky, np.linalg.eigh, _qr_prim,
           _qr_complete_prim, _svd_prim, _svdvals_prim)


# ---- products ---------------------------------------------------------------------------
def _matmul(func, size, flags, args, kwargs):
    if _kw_batched(flags) or len(args) != 2:
        return NotImplemented
    (a, b), (fa, fb) = args, (flags.get(0), flags.get(1))
    na, nb = _pe_ndim(a, fa), _pe_ndim(b, fb)
    if na == 0 or nb == 0:
        return NotImplemented
    if fa and na == 1 and not fb and nb == 1:
        return func(a, b, **kwargs)     # (size, n) @ (n,): already one dot per example
    drop = []
    if fa and na == 1:          # a batched vector: a stack of one-row matrices
        a = ns(a).reshape(a, (size, 1) + shape(a)[1:])
        na, drop = 2, drop + [-2]
    if fb and nb == 1:          # b batched vector: a stack of one-column matrices
        b = ns(b).reshape(b, shape(b) + (1,))
        nb, drop = 2, drop + [-1]
    if fa and fb or (fa and nb >= 2) or (fb and na >= 2):
        rank = max(na, nb)
        a = _expand_to(a, rank) if fa else a
        b = _expand_to(b, rank) if fb else b
    out = func(a, b, **kwargs)
    if drop:
        out = ns(out).squeeze(out, axis=tuple(drop))
    return out


def _dot(func, size, flags, args, kwargs):
    a, b = args[:2]
    na, nb = _pe_ndim(a, flags.get(0)), _pe_ndim(b, flags.get(1))
    if len(args) > 2 or kwargs or na > 2 or nb > 2:
        return NotImplemented
    if na == 0 or nb == 0:
        return elementwise(np.multiply, size, flags, args, kwargs)
    return _matmul(np.matmul, size, flags, args, kwargs)


def _einsum(func, size, flags, args, kwargs):
    subscripts, operands = args[0], args[1:]
    if _kw_batched(flags) or flags.get(0) or not isinstance(subscripts, str):
        return NotImplemented
    subscripts = subscripts.replace(" ", "")
    inputs, arrow, output = subscripts.partition("->")
    terms = inputs.split(",")
    letter = next(c for c in string.ascii_letters if c not in subscripts)
    if not arrow:       # implicit output: letters used once, in order; ellipsis first
        counts = {c: inputs.count(c) for c in inputs if c.isalpha()}
        output = ("..." if "..." in inputs else "") + "".join(
            sorted(c for c, n in counts.items() if n == 1))
    terms = [letter + t if flags.get(k + 1) else t for k, t in enumerate(terms)]
    return func(",".join(terms) + "->" + letter + output, *operands, **kwargs)


def _take_along_axis(func, size, flags, args, kwargs):
    arr, indices = args[:2]
    axis = args[2] if len(args) > 2 else kwargs.get("axis", -1)
    if axis is None or _kw_batched(flags):
        return NotImplemented
    arr = materialize(arr, flags.get(0), size)
    indices = materialize(indices, flags.get(1), size)
    return func(arr, indices, axis % (ndim(arr) - 1) + 1)


def _tensordot(func, size, flags, args, kwargs):
    """Batched first operand only: its contracted axes shift past the batch axis."""
    a, b = args[:2]
    axes = args[2] if len(args) > 2 else kwargs.get("axes", 2)
    if flags.get(1) or _kw_batched(flags):
        return NotImplemented
    na = ndim(a) - 1
    if isinstance(axes, (int, np.integer)):
        axes = (list(range(na - axes, na)), list(range(axes)))
    ax_a, ax_b = axes
    ax_a = [ax_a] if isinstance(ax_a, (int, np.integer)) else list(ax_a)
    return func(a, b, axes=([x % na + 1 for x in ax_a], ax_b))


batch_rule(_tensordot, np.tensordot)
batch_rule(_take_along_axis, np.take_along_axis)
batch_rule(_matmul, np.matmul)
batch_rule(_dot, np.dot)
batch_rule(_einsum, einsum_string)


# ---- indexing and item assignment --------------------------------------------------------
def _is_advanced(i):
    return not (i is None or i is Ellipsis or isinstance(i, slice))


def _index_fits(index):
    """``(slice(None),) + index`` keeps the batch axis first: NumPy moves the axes of
    advanced indices to the front only when they are separated by a slice."""
    items = index if isinstance(index, tuple) else (index,)
    places = [k for k, i in enumerate(items) if _is_advanced(i)]
    arrays = [i for i in items if _is_advanced(i) and not isinstance(i, (int, np.integer))]
    return not arrays or places == list(range(places[0], places[-1] + 1)), items


def _getitem(func, size, flags, args, kwargs):
    x, index = args
    fits, items = _index_fits(index)
    if flags.get(1) or not fits:
        return NotImplemented
    x = materialize(x, flags.get(0), size)
    return func(x, (slice(None),) + items)


def _index_write(func, size, flags, args, kwargs):
    x, index, v = args
    fits, items = _index_fits(index)
    if flags.get(1) or not fits:
        return NotImplemented
    x = materialize(x, flags.get(0), size)
    if flags.get(2):
        selected = shape(ns(x).zeros(shape(x)[1:], dtype=bool)[index])
        v = _expand_to(v, len(selected))
    return func(x, (slice(None),) + items, v)


batch_rule(_getitem, _ops.getitem)
batch_rule(_index_write, _ops.index_put, _ops.index_add)


# ---- metadata -----------------------------------------------------------------------------
def _per_example(func, size, flags, args, kwargs):
    """Functions of shapes and dtypes: computed on the first example."""
    def first(a, f):
        if isinstance(f, tuple):
            return type(a)(e[0] if fe else e for e, fe in zip(a, f))
        return a[0] if f else a
    return Unbatched(func(*[first(a, flags.get(k)) for k, a in enumerate(args)],
                          **{k: first(v, flags.get(k)) for k, v in kwargs.items()}))


batch_rule(_per_example, np.shape, np.ndim, np.size, np.result_type, np.iscomplexobj,
           np.isrealobj, np.can_cast, np.min_scalar_type)


# ---- primitives that run the loop fallback, and why ---------------------------------------
LOOP_FALLBACK = {
    "numpy.compress": "the number of selected elements may differ between examples",
    "numpy.extract": "the number of selected elements may differ between examples",
    "numpy.delete": "not written yet (index arguments per example)",
    "numpy.diag": "1-D and 2-D inputs do different things; not written yet",
    "numpy.repeat": "not written yet (axis=None flattens)",
    "numpy.rot90": "not written yet (axes arguments)",
    "numpy.tile": "not written yet (repetitions align from the right)",
    "numpy.linalg.solve": "a 1-D right-hand side is ambiguous once batched; not written yet",
    "autodiff._checkpoint.step": "checkpointed functions are not batched yet",
    "autodiff._rules_reduce._order_stat": "not written yet (quantile axis arguments)",
    "autodiff._rules_shape._pad_prim": "not written yet (pad widths per axis)",
    "autodiff._rules_shape._pad_linear_prim": "not written yet (pad widths per axis)",
}


def has_batching(func):
    """Whether ``func`` has a batching rule (every ufunc without a core signature does)."""
    return func in BATCH_RULES or (isinstance(func, np.ufunc) and func.signature is None)


def rule_for(func):
    if func in BATCH_RULES:
        return BATCH_RULES[func]
    if isinstance(func, np.ufunc) and func.signature is None:
        return elementwise
    return None


def batching_status(func):
    """For the rule table: ``"rule"``, ``"loop: <reason>"``, or ``"traced through"``."""
    rule = RULES.get(func)
    if rule is not None and rule.kind == "composite":
        return "traced through"
    if rule is not None and rule.kind == "constant":
        return "rule"
    if has_batching(func):
        return "rule"
    reason = LOOP_FALLBACK.get(func_name(func))
    return f"loop: {reason}" if reason else "loop"

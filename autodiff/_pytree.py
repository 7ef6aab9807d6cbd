"""Pytrees: nested tuples, lists and dicts whose leaves are arrays or scalars.

Only the three containers (and namedtuples, which are tuples) are nodes; every other
object is a leaf. ``None`` is a leaf too, so optional entries keep their place.
"""

from __future__ import annotations


def flatten(tree):
    """Return ``(leaves, treedef)``; ``unflatten(treedef, leaves)`` rebuilds ``tree``."""
    leaves = []
    treedef = _flatten(tree, leaves)
    return leaves, treedef


def _flatten(tree, leaves):
    if isinstance(tree, (tuple, list)):
        return (type(tree), tuple(_flatten(t, leaves) for t in tree))
    if isinstance(tree, dict):
        keys = tuple(tree)
        return (dict, keys, tuple(_flatten(tree[k], leaves) for k in keys))
    leaves.append(tree)
    return None


def unflatten(treedef, leaves):
    """Inverse of :func:`flatten`."""
    it = iter(leaves)
    out = _unflatten(treedef, it)
    return out


def _unflatten(treedef, it):
    if treedef is None:
        return next(it)
    kind = treedef[0]
    if kind is dict:
        return {k: _unflatten(d, it) for k, d in zip(treedef[1], treedef[2])}
    items = [_unflatten(d, it) for d in treedef[1]]
    if kind is list:
        return items
    if kind is tuple:
        return tuple(items)
    if hasattr(kind, "_fields"):  # namedtuple
        return kind(*items)
    return kind(items)


def tree_map(fn, tree, *rest):
    """Apply ``fn`` leafwise to ``tree`` (and the matching leaves of ``rest``)."""
    leaves, treedef = flatten(tree)
    others = [flatten(r)[0] for r in rest]
    return unflatten(treedef, [fn(*xs) for xs in zip(leaves, *others)])


def leaves(tree):
    return flatten(tree)[0]

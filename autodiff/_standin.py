"""Objects that stand for a traced value, and replacing them by it before a traced call.

A NumPy array made by the differentiated function (``_numpy_targets.TargetArray``) holds
a traced value once one is written into it; every traced call first replaces such arrays
by what they stand for. The tracing machinery sees only this small protocol, not the
array class, so it does not import the module that patches NumPy.
"""

from __future__ import annotations


class StandIn:
    """Mixin: ``_stands_for()`` returns the traced value (or a plain array) to use."""

    __slots__ = ()

    def _stands_for(self):
        raise NotImplementedError


def lift(x):
    """What ``x`` stands for when it is a :class:`StandIn`, else ``x``."""
    return x._stands_for() if isinstance(x, StandIn) else x


def _lift_seq(x):
    """``x`` with stand-ins replaced by what they stand for, in nested lists/tuples."""
    if type(x) in (list, tuple):
        return type(x)(_lift_seq(e) for e in x)
    return lift(x)


def _holds_standin(x):
    if isinstance(x, StandIn):
        return True
    return type(x) in (list, tuple) and any(_holds_standin(e) for e in x)


def lift_call(args, kwargs):
    """``args``/``kwargs`` with every stand-in (also inside lists/tuples) replaced by
    what it stands for; the same objects when there is none."""
    if not any(_holds_standin(a) for a in args) and \
            not any(_holds_standin(a) for a in kwargs.values()):
        return args, kwargs
    return ([_lift_seq(a) for a in args], {k: _lift_seq(v) for k, v in kwargs.items()})

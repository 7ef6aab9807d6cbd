"""autodiff's own primitives: indexing and functional item assignment.

NumPy has no function for ``x[i]`` or ``x[i] = v``; these give those operations a
callable to register rules against. They work on any array type with NumPy's indexing
(NumPy arrays, gparray arrays). As primitives they route traced arguments to their rules
even when called directly (a plain array receiving a value traced at an outer level).
"""

from __future__ import annotations

import numpy as np

from ._trace import primitive


def _fresh_copy(x):
    if isinstance(x, (np.generic, int, float, complex, bool)):
        return np.array(x)
    return x.copy()


@primitive
def getitem(x, index):
    """``x[index]``."""
    return x[index]


@primitive
def index_put(x, index, value):
    """A copy of ``x`` with ``x[index] = value`` (functional ``__setitem__``)."""
    out = _fresh_copy(x)
    out[index] = value
    return out


@primitive
def index_add(x, index, value):
    """A copy of ``x`` with ``value`` added at ``index``, repeated indices accumulating
    (functional ``np.add.at``)."""
    out = _fresh_copy(x)
    np.add.at(out, index, value)
    return out

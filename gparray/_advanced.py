"""Advanced indexing (integer and boolean arrays) and ``ufunc.at``.

Not on the device yet (tracked by the indexing issue): these raise IndexError naming what
is missing rather than copying to the host behind the user's back.
"""
from ._indexing import check_key_types

_MESSAGE = ("gparray supports basic indexing (integers, slices, None, ...) so far; integer-array "
            "and boolean-mask indexing are not implemented on the device yet")


def getitem(a, key):
    check_key_types(key)
    raise IndexError(_MESSAGE)


def setitem(a, key, value):
    check_key_types(key)
    raise IndexError(_MESSAGE)


def ufunc_at(uf, a, indices, b=None):
    raise NotImplementedError(f"{uf.__name__}.at is not implemented on the device yet")

"""Basic indexing: integers, slices (any step), None and Ellipsis give views.

``parse_basic`` turns a key into the view's (offset, shape, strides) or returns None when
the key needs advanced indexing (integer or boolean arrays, lists, bools).
"""
import operator

import numpy as np

_VALID = ("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer "
          "or boolean arrays are valid indices")


def _is_int_like(k):
    if isinstance(k, (bool, np.bool_)):
        return False
    if isinstance(k, (int, np.integer)):
        return True
    return hasattr(k, "__index__") and not hasattr(k, "shape")


def is_basic(key):
    items = key if isinstance(key, tuple) else (key,)
    for k in items:
        if k is None or k is Ellipsis or isinstance(k, slice) or _is_int_like(k):
            continue
        return False
    return True


def expand_key(key, ndim):
    """The key as a tuple with Ellipsis replaced by full slices; counts checked."""
    items = key if isinstance(key, tuple) else (key,)
    n_ellipsis = sum(1 for k in items if k is Ellipsis)
    if n_ellipsis > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    consumed = sum(1 for k in items if k is not None and k is not Ellipsis
                   and not (getattr(k, "dtype", None) is not None and getattr(k, "dtype").kind == "b"
                            and getattr(k, "ndim", 0) > 0))
    consumed += sum(getattr(k, "ndim", 1) for k in items
                    if getattr(k, "dtype", None) is not None and k.dtype.kind == "b" and getattr(k, "ndim", 0) > 0)
    if consumed > ndim:
        raise IndexError(f"too many indices for array: array is {ndim}-dimensional, but "
                         f"{consumed} were indexed")
    if n_ellipsis:
        i = next(i for i, k in enumerate(items) if k is Ellipsis)
        items = items[:i] + (slice(None),) * (ndim - consumed) + items[i + 1:]
    else:
        items = items + (slice(None),) * (ndim - consumed)
    return items


def parse_basic(shape, strides, key):
    """(offset_bytes, shape, strides) of ``arr[key]`` for a basic key."""
    items = expand_key(key, len(shape))
    offset = 0
    new_shape, new_strides = [], []
    axis = 0
    for k in items:
        if k is None:
            new_shape.append(1)
            new_strides.append(0)
            continue
        n, st = shape[axis], strides[axis]
        if isinstance(k, slice):
            start, stop, step = k.indices(n)
            length = len(range(start, stop, step))
            if length:
                offset += start * st
            new_shape.append(length)
            new_strides.append(st * step)
        else:
            i = operator.index(k)
            if not -n <= i < n:
                raise IndexError(f"index {i} is out of bounds for axis {axis} with size {n}")
            offset += (i + n if i < 0 else i) * st
        axis += 1
    return offset, tuple(new_shape), tuple(new_strides)


def check_key_types(key):
    items = key if isinstance(key, tuple) else (key,)
    for k in items:
        if isinstance(k, (float, complex, str, bytes, np.floating, np.complexfloating)):
            raise IndexError(_VALID)

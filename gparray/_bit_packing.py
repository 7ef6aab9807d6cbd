"""NumPy's ``packbits`` and ``unpackbits`` on the device: bits are weighted and summed
(packing) or shifted out (unpacking) by elementwise kernels and a reduction."""
import operator

import numpy as np

from . import _creation, _manipulation, _pad
from ._core import views as _shape
from ._core.ndarray import ndarray
from ._engines import reduction as _reductions, ufuncs as uf
from ._engines.copying import astype
from ._runtime import dtypes as _dtypes

__all__ = ["packbits", "unpackbits"]

_WEIGHTS = {"big": [128, 64, 32, 16, 8, 4, 2, 1], "little": [1, 2, 4, 8, 16, 32, 64, 128]}


def _device_array(x):
    return x if isinstance(x, ndarray) else _creation.asarray(x)


def _bit_order(bitorder):
    if bitorder not in ("big", "little"):
        raise ValueError("'order' must be either 'little' or 'big'")
    return bitorder


def _weights(bitorder, device):
    return _creation.asarray(np.array(_WEIGHTS[bitorder], dtype=np.uint8), device=device)


def packbits(a, /, axis=None, bitorder="big"):
    """Each group of 8 truth values along ``axis`` (the flattened array when None) packed
    into one uint8, zero-padded at the end; ``bitorder`` says whether the first value is
    the most ('big') or least ('little') significant bit."""
    a = _device_array(a)
    if a.dtype.kind not in "biu":
        raise TypeError("Expected an input array of integer or boolean data type")
    bitorder = _bit_order(bitorder)
    if axis is None:
        a = _manipulation.ravel(a)
        axis = 0
    axis = _shape.normalize_axis(axis, a.ndim)
    bits = astype(uf.not_equal(_manipulation.moveaxis(a, axis, -1), 0), _dtypes.uint8)
    n = bits.shape[-1]
    pad = -n % 8
    if pad:
        bits = _pad.pad(bits, [(0, 0)] * (bits.ndim - 1) + [(0, pad)])
    groups = _shape.reshape(bits, bits.shape[:-1] + ((n + pad) // 8, 8))
    packed = _reductions.sum(uf.multiply(groups, _weights(bitorder, a.device)), axis=-1,
                             dtype=_dtypes.uint8)
    return _manipulation.moveaxis(packed, -1, axis)


def unpackbits(a, /, axis=None, count=None, bitorder="big"):
    """The bits of each uint8 along ``axis`` (the flattened array when None), 8 per
    element; ``count`` keeps that many (negative: drops that many from the end, larger
    than available: pads with zeros)."""
    a = _device_array(a)
    if a.dtype != _dtypes.uint8:
        raise TypeError("Expected an input array of unsigned byte data type")
    bitorder = _bit_order(bitorder)
    if axis is None:
        a = _manipulation.ravel(a)
        axis = 0
    axis = _shape.normalize_axis(axis, a.ndim)
    moved = _manipulation.moveaxis(a, axis, -1)
    shifts = _creation.asarray(np.array(_WEIGHTS[bitorder], dtype=np.uint8), device=a.device)
    bits = astype(uf.not_equal(uf.bitwise_and(moved[..., None], shifts), 0), _dtypes.uint8)
    bits = _shape.reshape(bits, moved.shape[:-1] + (moved.shape[-1] * 8,))
    if count is not None:
        count = operator.index(count)
        total = bits.shape[-1]
        if count < -total:
            raise ValueError("-count larger than number of elements")
        keep = count if count >= 0 else total + count
        if keep <= total:
            bits = bits[..., :keep]
        else:
            bits = _pad.pad(bits, [(0, 0)] * (bits.ndim - 1) + [(0, keep - total)])
    return _manipulation.moveaxis(bits, -1, axis)

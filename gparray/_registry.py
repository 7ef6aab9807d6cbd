"""The one registry from NumPy functions to gparray's (read by __array_function__)."""
import numpy as np

from . import _copying, _creation, _elementwise_functions, _interop, _reductions, _shape
from ._dispatch import register

for np_func, ours in [
    (np.sum, _reductions.sum), (np.prod, _reductions.prod), (np.max, _reductions.max),
    (np.min, _reductions.min), (np.amax, _reductions.max), (np.amin, _reductions.min),
    (np.any, _reductions.any), (np.all, _reductions.all), (np.mean, _reductions.mean),
    (np.reshape, _shape.reshape), (np.transpose, _shape.transpose),
    (np.swapaxes, _shape.swapaxes), (np.squeeze, _shape.squeeze),
    (np.expand_dims, _shape.expand_dims), (np.broadcast_to, _shape.broadcast_to),
    (np.where, _copying.where), (np.copy, _copying.copy),
    (np.empty_like, _creation.empty_like), (np.zeros_like, _creation.zeros_like),
    (np.ones_like, _creation.ones_like), (np.full_like, _creation.full_like),
    (np.ascontiguousarray, _creation.ascontiguousarray),
    # NEP 35: np.zeros(..., like=device_array) and friends create on the device
    (np.empty, _creation.empty), (np.zeros, _creation.zeros), (np.ones, _creation.ones),
    (np.full, _creation.full), (np.arange, _creation.arange), (np.array, _creation.array),
    (np.asarray, _creation.asarray), (np.eye, _creation.eye), (np.identity, _creation.identity),
    (np.linspace, _creation.linspace),
    (np.shares_memory, _interop.shares_memory),
    (np.real, _elementwise_functions.real), (np.imag, _elementwise_functions.imag),
    (np.round, _elementwise_functions.round), (np.around, _elementwise_functions.round),
    (np.clip, _elementwise_functions.clip),
]:
    register(np_func, ours)

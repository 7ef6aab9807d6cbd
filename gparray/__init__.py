"""gparray: NumPy-compatible arrays on any OpenCL device (GPU, or the CPU through PoCL).

``import gparray as np`` gives NumPy 2's main namespace on the device; NumPy's own functions
called on gparray arrays dispatch here through ``__array_ufunc__``/``__array_function__``.

This module is the assembly layer (docs/architecture.md): it gathers the public names of
the layers below, attaches the array and ufunc methods, and builds NumPy's dispatch map
from this namespace.
"""
import sys

import numpy as _np

# runtime: settings, devices, dtypes
from ._runtime.config import (VERSION, get_host_conversion, hide_fp64, host_conversion,
                              set_fallback, set_host_conversion, set_sync)
from ._runtime.devices import Device, current_device, default_device, devices
from ._runtime.dtypes import finfo, iinfo, isdtype, result_type

# core: the array, host transfer, views
from ._core.ndarray import ndarray, synchronize
from ._core.interop import asnumpy, from_dlpack, from_numpy, shares_memory
from ._core.views import broadcast_to, expand_dims, squeeze, swapaxes, transpose

# engines: ufuncs (each by name), copies, reductions, scans, compaction, sorting
from ._engines.ufunc import ufunc
from ._engines.ufuncs import *  # noqa: F401,F403  (names listed explicitly in that module)
from ._engines.copying import astype, copy
from ._engines.compaction import argwhere, count_nonzero, flatnonzero, nonzero, where
from ._engines.reduction import (all, amax, amin, any, argmax, argmin, max, mean, min, prod,
                                 sum)
from ._engines.scan import (cumprod, cumsum, cumulative_prod, cumulative_sum, diff, ediff1d,
                            gradient, nancumprod, nancumsum, trapezoid)
from ._engines.sort import argpartition, argsort, lexsort, partition, sort, sort_complex

# families, one module per NumPy category
from ._creation import (arange, array, asarray, ascontiguousarray, empty, empty_like, eye,
                        full, full_like, identity, linspace, ones, ones_like, zeros, zeros_like)
from ._elementwise_functions import around, clip, imag, real, round
from ._manipulation import (asfortranarray, atleast_1d, atleast_2d, atleast_3d,
                            broadcast_arrays, broadcast_shapes, copyto, matrix_transpose,
                            moveaxis, ndim, permute_dims, ravel, reshape, resize, rollaxis,
                            shape, size)
from ._join import (append, array_split, block, column_stack, concat, concatenate, delete,
                    dsplit, dstack, hsplit, hstack, insert, split, stack, unstack, vsplit,
                    vstack)
from ._rearrange import (asanyarray, asarray_chkfinite, diag, diagflat, diagonal, flip,
                         fliplr, flipud, frombuffer, fromfunction, fromiter, fromstring,
                         geomspace, logspace, meshgrid, mgrid, ogrid, repeat, require,
                         roll, rot90, tile, trace, tri, tril, triu, vander)
from ._pad import pad
from ._indexing_routines import (choose, compress, diag_indices, diag_indices_from, extract,
                                 indices, ix_, place, put, put_along_axis, putmask,
                                 ravel_multi_index, select, take, take_along_axis, tril_indices,
                                 tril_indices_from, triu_indices, triu_indices_from, unravel_index)
from ._statistics import (average, corrcoef, cov, median, nanmedian, nanpercentile, nanquantile,
                          percentile, ptp, quantile, std, var)
from ._nan_functions import (nanargmax, nanargmin, nanmax, nanmean, nanmin, nanprod, nanstd,
                             nansum, nanvar)
from ._comparison import allclose, array_equal, array_equiv, isclose
from ._searching import bincount, digitize, searchsorted
from ._histograms import histogram, histogram2d, histogram_bin_edges, histogramdd
from ._sets import (intersect1d, isin, setdiff1d, setxor1d, union1d, unique, unique_all,
                    unique_counts, unique_inverse, unique_values)
from ._convolve import convolve, correlate
# matrix products; set_host_blas(False) forces the OpenCL GEMM
from ._linalg_products import (cross, dot, inner, kron, matmul, matvec, outer, set_host_blas,
                               tensordot, vdot, vecdot, vecmat)
from ._einsum import einsum, einsum_path
from ._info import __array_namespace_info__
from . import fft, linalg, random

# assembly: the methods of ndarray and ufunc, and NumPy's dispatch map
from . import _dispatch, _methods  # noqa: F401  (importing _methods attaches the methods)

__version__ = VERSION
__array_api_version__ = "2024.12"

# dtypes are NumPy's own: ``gparray.float32 is numpy.float32``.
bool_ = _np.bool_
bool = _np.bool_  # noqa: A001
int8, int16, int32, int64 = _np.int8, _np.int16, _np.int32, _np.int64
uint8, uint16, uint32, uint64 = _np.uint8, _np.uint16, _np.uint32, _np.uint64
float16, float32, float64 = _np.float16, _np.float32, _np.float64
complex64, complex128 = _np.complex64, _np.complex128
intp, uintp = _np.intp, _np.uintp
int_, float_, complex_ = _np.int64, _np.float64, _np.complex128
dtype = _np.dtype
can_cast, promote_types = _np.can_cast, _np.promote_types
e, pi, inf, nan, euler_gamma = _np.e, _np.pi, _np.inf, _np.nan, _np.euler_gamma
newaxis = None

# np.<name>(device array) runs gparray.<name>; the same for np.linalg and np.fft
for _ours, _numpy in ((sys.modules[__name__], _np), (linalg, _np.linalg), (fft, _np.fft)):
    _dispatch.register_namespace(_ours, _numpy)
del _ours, _numpy

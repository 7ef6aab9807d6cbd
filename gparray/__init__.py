"""gparray: NumPy-compatible arrays on any OpenCL device (GPU, or the CPU through PoCL).

``import gparray as np`` gives NumPy 2's main namespace on the device; NumPy's own functions
called on gparray arrays dispatch here through ``__array_ufunc__``/``__array_function__``.
"""
import numpy as _np

from ._config import (get_host_conversion, hide_fp64, host_conversion, set_fallback,
                      set_host_conversion, set_sync)
from ._devices import Device, current_device, default_device, devices
from ._ndarray import ndarray, synchronize
from ._ufunc import ufunc
from ._ufunc_names import *  # noqa: F401,F403  (names listed explicitly in that module)
from ._creation import (arange, array, asarray, ascontiguousarray, empty, empty_like, eye,
                        full, full_like, identity, linspace, ones, ones_like, zeros, zeros_like)
from ._interop import asnumpy, from_dlpack, from_numpy, shares_memory
from ._copying import copy, where
from ._elementwise_functions import around, clip, imag, real, round
from ._linalg_products import matmul, matvec, vecdot, vecmat
# Matrix products beyond matmul (issue 6, item 1); set_host_blas(False) forces the OpenCL GEMM.
from ._linalg_products import (cross, dot, inner, kron, outer, set_host_blas, tensordot,
                               vdot)
from ._einsum import einsum, einsum_path
from ._reductions import all, amax, amin, any, max, mean, min, prod, sum
from ._shape import broadcast_to, expand_dims, squeeze, swapaxes, transpose
# Shape/layout, joining/splitting and rearranging (issue 3, items 3-6).
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
# Where the nonzero elements are (issue 3, item 2; advanced indexing lives in _advanced).
from ._nonzero import argwhere, count_nonzero, flatnonzero, nonzero
from ._pad import pad
# gather/scatter family and index builders
from ._indexing_functions import (choose, compress, diag_indices, diag_indices_from, extract,
                                  indices, ix_, place, put, put_along_axis, putmask,
                                  ravel_multi_index, select, take, take_along_axis,
                                  tril_indices, tril_indices_from, triu_indices,
                                  triu_indices_from, unravel_index)
from ._info import __array_namespace_info__
# Reductions, statistics, nan-functions, comparisons and scans (issue 4, items 1-3)
from ._reductions import argmax, argmin
from ._statistics import (average, corrcoef, cov, median, nanmedian, nanpercentile, nanquantile,
                          percentile, ptp, quantile, std, var)
from ._nan_functions import (nanargmax, nanargmin, nanmax, nanmean, nanmin, nanprod, nanstd,
                             nansum, nanvar)
from ._comparison_functions import allclose, array_equal, array_equiv, isclose
from ._scans import (cumprod, cumsum, cumulative_prod, cumulative_sum, diff, ediff1d, gradient,
                     nancumprod, nancumsum, trapezoid)
# Linear algebra, NumPy's and the Array API's extension (issue 6, item 2).
from . import linalg  # noqa: E402
from . import _registry  # noqa: F401  (fills the __array_function__ registry)

__version__ = "0.1.0"
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
from ._dtypes import finfo, iinfo, isdtype, result_type  # noqa: E402
from ._copying import astype  # noqa: E402

e, pi, inf, nan, euler_gamma = _np.e, _np.pi, _np.inf, _np.nan, _np.euler_gamma
newaxis = None
# Sorting, searching/counting, histograms, sets and convolution (issue 4, items 4-7)
from ._sorting import argpartition, argsort, lexsort, partition, sort, sort_complex  # noqa: E402
from ._searching import bincount, digitize, searchsorted  # noqa: E402
from ._histograms import (histogram, histogram2d, histogram_bin_edges,  # noqa: E402
                          histogramdd)
from ._sets import (intersect1d, isin, setdiff1d, setxor1d, union1d, unique,  # noqa: E402
                    unique_all, unique_counts, unique_inverse, unique_values)
from ._convolve import convolve, correlate  # noqa: E402
# FFT and random numbers on the device (issue 6, items 3-4): gparray.fft, gparray.random.
from . import fft, random  # noqa: E402
# NumPy's remaining numeric functions, by family (each module lists its names in __all__).
from ._type_checks import (can_cast, common_type, iscomplex, iscomplexobj,  # noqa: E402,F811
                           isfortran, isneginf, isposinf, isreal, isrealobj, may_share_memory,
                           min_scalar_type)
from ._mathematical_functions import (angle, fix, i0, interp, nan_to_num,  # noqa: E402
                                      real_if_close, sinc, unwrap)
from ._functional import (apply_along_axis, apply_over_axes, frompyfunc,  # noqa: E402
                          piecewise, vectorize)
from ._polynomial import (poly, polyadd, polyder, polydiv, polyfit, polyint,  # noqa: E402
                          polymul, polysub, polyval, roots)
from ._window_functions import bartlett, blackman, hamming, hanning, kaiser  # noqa: E402
from ._bit_packing import packbits, unpackbits  # noqa: E402
from ._diagonal_fill import fill_diagonal, mask_indices  # noqa: E402
from ._trim_zeros import trim_zeros  # noqa: E402
from ._printing_io import (array2string, array_repr, array_str, save, savetxt,  # noqa: E402
                           savez, savez_compressed)
from . import lib  # noqa: E402

# Dask may hold gparray arrays as chunks (now, or once dask.array is imported).
from . import _dask  # noqa: E402
_dask.install()

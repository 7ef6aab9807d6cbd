"""The one registry from NumPy functions to gparray's (read by __array_function__)."""
import numpy as np

from . import _copying, _creation, _dtypes, _elementwise_functions, _interop, _reductions, _shape
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
    (np.shares_memory, _interop.shares_memory), (np.result_type, _dtypes.result_type),
    (np.real, _elementwise_functions.real), (np.imag, _elementwise_functions.imag),
    (np.round, _elementwise_functions.round), (np.around, _elementwise_functions.round),
    (np.clip, _elementwise_functions.clip),
]:
    register(np_func, ours)

# Shape/layout, joining/splitting and rearranging (issue 3, items 3-6).
from . import _join, _manipulation, _pad, _rearrange  # noqa: E402

for np_func, ours in [
    (np.reshape, _manipulation.reshape), (np.ravel, _manipulation.ravel),
    (np.shape, _manipulation.shape), (np.ndim, _manipulation.ndim),
    (np.size, _manipulation.size), (np.moveaxis, _manipulation.moveaxis),
    (np.rollaxis, _manipulation.rollaxis), (np.permute_dims, _manipulation.permute_dims),
    (np.matrix_transpose, _manipulation.matrix_transpose),
    (np.atleast_1d, _manipulation.atleast_1d), (np.atleast_2d, _manipulation.atleast_2d),
    (np.atleast_3d, _manipulation.atleast_3d),
    (np.broadcast_arrays, _manipulation.broadcast_arrays),
    (np.asfortranarray, _manipulation.asfortranarray), (np.copyto, _manipulation.copyto),
    (np.resize, _manipulation.resize),
    (np.concatenate, _join.concatenate), (np.concat, _join.concatenate),
    (np.stack, _join.stack), (np.hstack, _join.hstack), (np.vstack, _join.vstack),
    (np.dstack, _join.dstack), (np.column_stack, _join.column_stack),
    (np.block, _join.block), (np.append, _join.append), (np.insert, _join.insert),
    (np.delete, _join.delete), (np.split, _join.split), (np.array_split, _join.array_split),
    (np.hsplit, _join.hsplit), (np.vsplit, _join.vsplit), (np.dsplit, _join.dsplit),
    (np.unstack, _join.unstack),
    (np.flip, _rearrange.flip), (np.fliplr, _rearrange.fliplr),
    (np.flipud, _rearrange.flipud), (np.rot90, _rearrange.rot90), (np.roll, _rearrange.roll),
    (np.tile, _rearrange.tile), (np.repeat, _rearrange.repeat), (np.pad, _pad.pad),
    (np.tril, _rearrange.tril), (np.triu, _rearrange.triu), (np.tri, _rearrange.tri),
    (np.diag, _rearrange.diag), (np.diagonal, _rearrange.diagonal),
    (np.diagflat, _rearrange.diagflat), (np.trace, _rearrange.trace),
    (np.meshgrid, _rearrange.meshgrid), (np.vander, _rearrange.vander),
    (np.fromfunction, _rearrange.fromfunction), (np.frombuffer, _rearrange.frombuffer),
    (np.fromiter, _rearrange.fromiter), (np.logspace, _rearrange.logspace),
    (np.geomspace, _rearrange.geomspace), (np.fromstring, _rearrange.fromstring),
    (np.asanyarray, _rearrange.asanyarray), (np.require, _rearrange.require),
]:
    register(np_func, ours)

# Reductions, statistics, nan-functions, comparisons and scans (issue 4, items 1-3).
from . import _comparison_functions, _nan_functions, _scans, _statistics  # noqa: E402

for _module, _names in [
    (_reductions, ("argmax", "argmin")),
    (_statistics, ("var", "std", "ptp", "average", "cov", "corrcoef", "median", "quantile",
                   "percentile", "nanmedian", "nanquantile", "nanpercentile")),
    (_nan_functions, ("nansum", "nanprod", "nanmin", "nanmax", "nanmean", "nanvar", "nanstd",
                      "nanargmin", "nanargmax")),
    (_comparison_functions, ("isclose", "allclose", "array_equal", "array_equiv")),
    (_scans, ("cumsum", "cumprod", "nancumsum", "nancumprod", "cumulative_sum",
              "cumulative_prod", "diff", "ediff1d", "gradient", "trapezoid")),
]:
    for _name in _names:
        register(getattr(np, _name), getattr(_module, _name))

# Sorting, searching/counting, histograms, sets and convolution (issue 4, items 4-7).
from . import _convolve, _histograms, _searching, _sets, _sorting  # noqa: E402

for _module, _names in [
    (_sorting, ("sort", "argsort", "lexsort", "partition", "argpartition", "sort_complex")),
    (_searching, ("searchsorted", "digitize", "bincount")),
    (_histograms, ("histogram", "histogram2d", "histogramdd", "histogram_bin_edges")),
    (_sets, ("unique", "unique_all", "unique_counts", "unique_inverse", "unique_values",
             "isin", "intersect1d", "union1d", "setdiff1d", "setxor1d")),
    (_convolve, ("convolve", "correlate")),
]:
    for _name in _names:
        register(getattr(np, _name), getattr(_module, _name))

# Where the nonzero elements are (issue 3, item 2; boolean masks compact on the device).
from . import _nonzero  # noqa: E402

for np_func, ours in [
    (np.nonzero, _nonzero.nonzero), (np.flatnonzero, _nonzero.flatnonzero),
    (np.argwhere, _nonzero.argwhere), (np.count_nonzero, _nonzero.count_nonzero),
]:
    register(np_func, ours)

# Linear algebra (issue 6, item 2): np.linalg.<name> -> gparray.linalg.<name>.
from . import linalg  # noqa: E402

for _name in ("cholesky", "qr", "svd", "svdvals", "eigh", "eigvalsh", "eig", "eigvals", "inv",
              "pinv", "solve", "lstsq", "det", "slogdet", "matrix_rank", "norm", "matrix_norm",
              "vector_norm", "cond", "tensorinv", "tensorsolve", "diagonal", "trace"):
    register(getattr(np.linalg, _name), getattr(linalg, _name))
# (numpy.linalg's product functions are registered with the matrix products below.)

# Matrix products (issue 6, item 1): numpy.linalg's product functions are registered here
# too; gparray.linalg re-exports the same functions.
from . import _einsum, _linalg_products  # noqa: E402

for np_func, ours in [
    (np.dot, _linalg_products.dot), (np.vdot, _linalg_products.vdot),
    (np.inner, _linalg_products.inner), (np.outer, _linalg_products.outer),
    (np.tensordot, _linalg_products.tensordot), (np.kron, _linalg_products.kron),
    (np.cross, _linalg_products.cross), (np.einsum, _einsum.einsum),
    (np.einsum_path, _einsum.einsum_path),
    (np.linalg.multi_dot, _linalg_products.multi_dot),
    (np.linalg.matrix_power, _linalg_products.matrix_power),
    (np.linalg.outer, _linalg_products.linalg_outer),
    (np.linalg.cross, _linalg_products.linalg_cross),
    (np.linalg.matmul, _linalg_products.linalg_matmul),
    (np.linalg.tensordot, _linalg_products.linalg_tensordot),
    (np.linalg.vecdot, _linalg_products.linalg_vecdot),
    (np.linalg.matrix_transpose, _manipulation.matrix_transpose),
]:
    register(np_func, ours)

from . import _indexing_functions  # noqa: E402

for _name in ("take", "take_along_axis", "put", "put_along_axis", "compress", "extract", "place",
              "putmask", "choose", "select", "diag_indices_from", "tril_indices_from",
              "triu_indices_from", "unravel_index", "ravel_multi_index", "ix_"):
    register(getattr(np, _name), getattr(_indexing_functions, _name))

# FFT (issue 6, item 3): np.fft.fft(device_array) and friends run gparray.fft's kernels.
from . import fft as _fft  # noqa: E402

for _name in ("fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2",
              "rfftn", "irfftn", "hfft", "ihfft", "fftshift", "ifftshift"):
    register(getattr(np.fft, _name), getattr(_fft, _name))

# Strided views (numpy.lib.stride_tricks), which xarray's rolling windows use.
from .lib import stride_tricks as _stride_tricks  # noqa: E402

register(np.lib.stride_tricks.sliding_window_view, _stride_tricks.sliding_window_view)

"""Which NumPy functions are differentiable: the list the rule table and the coverage
test check the registry against, written out by hand so a forgotten rule shows up.

Names are dotted paths under ``numpy``; a name missing from the installed NumPy is
skipped.
"""

from __future__ import annotations

import numpy as np

# Functions with a derivative in at least one floating-point argument.
DIFFERENTIABLE = """
abs absolute acos acosh add amax amin angle append apply_along_axis apply_over_axes arccos
arccosh arcsin arcsinh arctan arctan2 arctanh array_split asin asinh astype atan atan2
atanh atleast_1d atleast_2d atleast_3d average block broadcast_arrays broadcast_to cbrt
choose clip column_stack compress concat concatenate conj conjugate convolve copy copysign
copyto corrcoef correlate cos cosh cov cross cumprod cumsum cumulative_prod
cumulative_sum deg2rad degrees delete diag diagflat diagonal diff divide divmod dot dsplit
dstack ediff1d einsum exp exp2 expand_dims expm1 extract fabs fill_diagonal flip fliplr
flipud float_power fmax fmin fmod frexp full full_like gradient hsplit hstack hypot imag inner
insert interp kron ldexp log log10 log1p log2 logaddexp logaddexp2 matmul
matrix_transpose matvec max maximum mean median meshgrid min minimum mod modf moveaxis
multiply nan_to_num nancumprod nancumsum nanmax nanmean nanmin nanprod nanstd nansum
nanvar nanmedian nanpercentile nanquantile negative outer pad partition percentile permute_dims piecewise place poly polyadd
polyder polyfit polyint polymul polysub polyval positive pow power prod ptp put
put_along_axis putmask quantile rad2deg radians ravel real real_if_close reciprocal
remainder repeat reshape resize roll rollaxis rot90 row_stack select sign sin sinc sinh sort
split sqrt square squeeze stack std subtract sum swapaxes take take_along_axis tan tanh
tensordot tile trace transpose trapezoid tril triu trim_zeros true_divide unique
unique_values unstack unwrap vander var vdot vecdot vecmat vsplit vstack where
array asarray asanyarray ascontiguousarray asfortranarray asarray_chkfinite require
linalg.cholesky linalg.cond linalg.cross linalg.det linalg.diagonal linalg.eigh
linalg.eigvalsh linalg.inv linalg.lstsq linalg.matmul linalg.matrix_norm
linalg.matrix_power linalg.matrix_transpose linalg.multi_dot linalg.norm linalg.outer
linalg.pinv linalg.qr linalg.slogdet linalg.solve linalg.svd linalg.svdvals
linalg.tensordot linalg.tensorinv linalg.tensorsolve linalg.trace linalg.vecdot
linalg.vector_norm
""".split()

# Differentiable in principle, but without a rule; calling them on a traced value raises
# NoRuleError naming them. Reasons:
UNSUPPORTED = {
    "i0": "needs the modified Bessel function i1, which NumPy lacks",
    "sort_complex": "complex results",
    "roots": "needs eigenvalues of a non-symmetric matrix (complex)",
    "polydiv": "not implemented",
    "linalg.eig": "complex eigenvectors of non-symmetric matrices",
    "linalg.eigvals": "complex eigenvalues of non-symmetric matrices",
    "intersect1d": "set operations: the gradient is ambiguous between the inputs",
    "union1d": "set operations: the gradient is ambiguous between the inputs",
    "setdiff1d": "set operations: the gradient is ambiguous between the inputs",
    "setxor1d": "set operations: the gradient is ambiguous between the inputs",
    "asmatrix": "numpy.matrix is not supported",
    "bmat": "numpy.matrix is not supported",
}

# Functions that never receive an array to trace (scalars, shapes, files, settings),
# listed so the coverage test can tell them apart from forgotten ones.
NOT_ARRAY = """
bartlett base_repr binary_repr blackman broadcast_shapes datetime_data diag_indices
format_float_positional format_float_scientific from_dlpack frombuffer fromfile fromiter
frompyfunc fromregex fromstring genfromtxt get_include get_printoptions getbufsize geterr
geterrcall hamming hanning indices info issubdtype kaiser load loadtxt mask_indices
nested_iters printoptions promote_types set_printoptions setbufsize seterr seterrcall
show_config show_runtime test tril_indices triu_indices typename
linalg.test
""".split()


def resolve(name):
    """The NumPy object for a dotted name, or None if this NumPy lacks it."""
    obj = np
    for part in name.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def numpy_functions():
    """Every public function and ufunc of ``numpy`` and ``numpy.linalg``, by name."""
    out = {}
    for prefix, mod in (("", np), ("linalg.", np.linalg)):
        for name in dir(mod):
            obj = getattr(mod, name)
            if name.startswith("_") or isinstance(obj, type) or not callable(obj):
                continue
            out[prefix + name] = obj
    return out

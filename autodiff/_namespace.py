"""The namespace a traced value reports through ``__array_namespace__``.

Array-API code does ``xp = array_namespace(x); xp.exp(x)``. For a traced ``x`` that ``xp``
is a :class:`TracedNamespace`: its functions are NumPy's own function and ufunc objects,
which hand traced arguments to ``Box.__array_ufunc__``/``__array_function__`` and plain
ones to their own array type; its creation functions (``zeros``, ``arange``, ``asarray``)
come from the namespace of the traced values (NumPy, or gparray on the device). Every name
is listed explicitly.
"""

from __future__ import annotations

import numpy as np

from ._box import Box


def _has_box(obj):
    if type(obj) is Box:
        return True
    if isinstance(obj, (list, tuple)):
        return any(_has_box(o) for o in obj)
    return False


class _TracedLinalg:
    """``xp.linalg`` of a traced namespace."""

    cholesky = staticmethod(np.linalg.cholesky)
    cross = staticmethod(np.linalg.cross)
    det = staticmethod(np.linalg.det)
    diagonal = staticmethod(np.linalg.diagonal)
    eigh = staticmethod(np.linalg.eigh)
    eigvalsh = staticmethod(np.linalg.eigvalsh)
    inv = staticmethod(np.linalg.inv)
    matmul = staticmethod(np.linalg.matmul)
    matrix_norm = staticmethod(np.linalg.matrix_norm)
    matrix_power = staticmethod(np.linalg.matrix_power)
    matrix_rank = staticmethod(np.linalg.matrix_rank)
    matrix_transpose = staticmethod(np.linalg.matrix_transpose)
    multi_dot = staticmethod(np.linalg.multi_dot)
    norm = staticmethod(np.linalg.norm)
    outer = staticmethod(np.linalg.outer)
    pinv = staticmethod(np.linalg.pinv)
    slogdet = staticmethod(np.linalg.slogdet)
    solve = staticmethod(np.linalg.solve)
    svd = staticmethod(np.linalg.svd)
    svdvals = staticmethod(np.linalg.svdvals)
    tensordot = staticmethod(np.linalg.tensordot)
    trace = staticmethod(np.linalg.trace)
    vecdot = staticmethod(np.linalg.vecdot)
    vector_norm = staticmethod(np.linalg.vector_norm)
    LinAlgError = np.linalg.LinAlgError


class TracedNamespace:
    """Array namespace for traced values whose plain values live in ``base``."""

    linalg = _TracedLinalg()

    def __init__(self, base):
        self._base = base

    def __repr__(self):
        return f"<autodiff traced namespace over {getattr(self._base, '__name__', self._base)}>"

    # ---- constants and dtypes come from the base namespace ---------------------------
    def __getattr__(self, name):
        # Only data attributes (dtypes, constants) fall through to the base namespace;
        # a function missing from this class would escape tracing, so it is an error.
        if name in _BASE_DATA:
            return getattr(self._base, name)
        raise AttributeError(f"autodiff traced namespace has no attribute {name!r}")

    # ---- creation: arrays of the base namespace --------------------------------------
    def zeros(self, *a, **k): return self._base.zeros(*a, **k)
    def ones(self, *a, **k): return self._base.ones(*a, **k)
    def empty(self, *a, **k): return self._base.empty(*a, **k)
    def full(self, shape, fill_value, *a, **k):
        if type(fill_value) is Box:
            return np.broadcast_to(fill_value, shape) + self._base.zeros(shape, *a, **k)
        return self._base.full(shape, fill_value, *a, **k)
    def eye(self, *a, **k): return self._base.eye(*a, **k)
    def identity(self, *a, **k): return self._base.identity(*a, **k)
    def arange(self, *a, **k): return self._base.arange(*a, **k)
    def linspace(self, *a, **k): return self._base.linspace(*a, **k)
    def logspace(self, *a, **k): return self._base.logspace(*a, **k)
    def tri(self, *a, **k): return self._base.tri(*a, **k)

    def asarray(self, obj, dtype=None, copy=None, **k):
        """Traced values pass through (cast if ``dtype`` is given); nested lists holding
        traced values are stacked; anything else is the base namespace's array."""
        if type(obj) is Box:
            return obj if dtype is None else np.astype(obj, dtype)
        if _has_box(obj):
            out = np.stack([self.asarray(o) for o in obj])
            return out if dtype is None else np.astype(out, dtype)
        return self._base.asarray(obj, dtype=dtype, copy=copy, **k)

    array = asarray

    # ---- everything else: NumPy's callables, which dispatch on their arguments -------
    abs = staticmethod(np.abs)
    absolute = staticmethod(np.absolute)
    acos = staticmethod(np.acos)
    acosh = staticmethod(np.acosh)
    add = staticmethod(np.add)
    all = staticmethod(np.all)
    allclose = staticmethod(np.allclose)
    amax = staticmethod(np.amax)
    amin = staticmethod(np.amin)
    any = staticmethod(np.any)
    append = staticmethod(np.append)
    arccos = staticmethod(np.arccos)
    arccosh = staticmethod(np.arccosh)
    arcsin = staticmethod(np.arcsin)
    arcsinh = staticmethod(np.arcsinh)
    arctan = staticmethod(np.arctan)
    arctan2 = staticmethod(np.arctan2)
    arctanh = staticmethod(np.arctanh)
    argmax = staticmethod(np.argmax)
    argmin = staticmethod(np.argmin)
    argsort = staticmethod(np.argsort)
    argwhere = staticmethod(np.argwhere)
    around = staticmethod(np.around)
    array_split = staticmethod(np.array_split)
    asin = staticmethod(np.asin)
    asinh = staticmethod(np.asinh)
    astype = staticmethod(np.astype)
    atan = staticmethod(np.atan)
    atan2 = staticmethod(np.atan2)
    atanh = staticmethod(np.atanh)
    atleast_1d = staticmethod(np.atleast_1d)
    atleast_2d = staticmethod(np.atleast_2d)
    atleast_3d = staticmethod(np.atleast_3d)
    average = staticmethod(np.average)
    bitwise_and = staticmethod(np.bitwise_and)
    bitwise_or = staticmethod(np.bitwise_or)
    bitwise_xor = staticmethod(np.bitwise_xor)
    broadcast_arrays = staticmethod(np.broadcast_arrays)
    broadcast_to = staticmethod(np.broadcast_to)
    cbrt = staticmethod(np.cbrt)
    ceil = staticmethod(np.ceil)
    clip = staticmethod(np.clip)
    column_stack = staticmethod(np.column_stack)
    concat = staticmethod(np.concat)
    concatenate = staticmethod(np.concatenate)
    conj = staticmethod(np.conj)
    conjugate = staticmethod(np.conjugate)
    copy = staticmethod(np.copy)
    copysign = staticmethod(np.copysign)
    cos = staticmethod(np.cos)
    cosh = staticmethod(np.cosh)
    count_nonzero = staticmethod(np.count_nonzero)
    cross = staticmethod(np.cross)
    cumprod = staticmethod(np.cumprod)
    cumsum = staticmethod(np.cumsum)
    cumulative_prod = staticmethod(np.cumulative_prod)
    cumulative_sum = staticmethod(np.cumulative_sum)
    deg2rad = staticmethod(np.deg2rad)
    degrees = staticmethod(np.degrees)
    diag = staticmethod(np.diag)
    diagonal = staticmethod(np.diagonal)
    diff = staticmethod(np.diff)
    divide = staticmethod(np.divide)
    dot = staticmethod(np.dot)
    dsplit = staticmethod(np.dsplit)
    dstack = staticmethod(np.dstack)
    einsum = staticmethod(np.einsum)
    empty_like = staticmethod(np.empty_like)
    equal = staticmethod(np.equal)
    exp = staticmethod(np.exp)
    exp2 = staticmethod(np.exp2)
    expand_dims = staticmethod(np.expand_dims)
    expm1 = staticmethod(np.expm1)
    fabs = staticmethod(np.fabs)
    flip = staticmethod(np.flip)
    fliplr = staticmethod(np.fliplr)
    flipud = staticmethod(np.flipud)
    float_power = staticmethod(np.float_power)
    floor = staticmethod(np.floor)
    floor_divide = staticmethod(np.floor_divide)
    fmax = staticmethod(np.fmax)
    fmin = staticmethod(np.fmin)
    fmod = staticmethod(np.fmod)
    full_like = staticmethod(np.full_like)
    greater = staticmethod(np.greater)
    greater_equal = staticmethod(np.greater_equal)
    hsplit = staticmethod(np.hsplit)
    hstack = staticmethod(np.hstack)
    hypot = staticmethod(np.hypot)
    imag = staticmethod(np.imag)
    inner = staticmethod(np.inner)
    isclose = staticmethod(np.isclose)
    isfinite = staticmethod(np.isfinite)
    isinf = staticmethod(np.isinf)
    isnan = staticmethod(np.isnan)
    kron = staticmethod(np.kron)
    ldexp = staticmethod(np.ldexp)
    less = staticmethod(np.less)
    less_equal = staticmethod(np.less_equal)
    log = staticmethod(np.log)
    log10 = staticmethod(np.log10)
    log1p = staticmethod(np.log1p)
    log2 = staticmethod(np.log2)
    logaddexp = staticmethod(np.logaddexp)
    logaddexp2 = staticmethod(np.logaddexp2)
    logical_and = staticmethod(np.logical_and)
    logical_not = staticmethod(np.logical_not)
    logical_or = staticmethod(np.logical_or)
    logical_xor = staticmethod(np.logical_xor)
    matmul = staticmethod(np.matmul)
    matrix_transpose = staticmethod(np.matrix_transpose)
    max = staticmethod(np.max)
    maximum = staticmethod(np.maximum)
    mean = staticmethod(np.mean)
    median = staticmethod(np.median)
    meshgrid = staticmethod(np.meshgrid)
    min = staticmethod(np.min)
    minimum = staticmethod(np.minimum)
    mod = staticmethod(np.mod)
    moveaxis = staticmethod(np.moveaxis)
    multiply = staticmethod(np.multiply)
    nan_to_num = staticmethod(np.nan_to_num)
    nanmax = staticmethod(np.nanmax)
    nanmean = staticmethod(np.nanmean)
    nanmin = staticmethod(np.nanmin)
    nansum = staticmethod(np.nansum)
    ndim = staticmethod(np.ndim)
    negative = staticmethod(np.negative)
    nonzero = staticmethod(np.nonzero)
    not_equal = staticmethod(np.not_equal)
    ones_like = staticmethod(np.ones_like)
    outer = staticmethod(np.outer)
    pad = staticmethod(np.pad)
    permute_dims = staticmethod(np.permute_dims)
    positive = staticmethod(np.positive)
    pow = staticmethod(np.pow)
    power = staticmethod(np.power)
    prod = staticmethod(np.prod)
    ptp = staticmethod(np.ptp)
    rad2deg = staticmethod(np.rad2deg)
    radians = staticmethod(np.radians)
    ravel = staticmethod(np.ravel)
    real = staticmethod(np.real)
    reciprocal = staticmethod(np.reciprocal)
    remainder = staticmethod(np.remainder)
    repeat = staticmethod(np.repeat)
    reshape = staticmethod(np.reshape)
    result_type = staticmethod(np.result_type)
    rint = staticmethod(np.rint)
    roll = staticmethod(np.roll)
    rot90 = staticmethod(np.rot90)
    round = staticmethod(np.round)
    searchsorted = staticmethod(np.searchsorted)
    select = staticmethod(np.select)
    shape = staticmethod(np.shape)
    sign = staticmethod(np.sign)
    signbit = staticmethod(np.signbit)
    sin = staticmethod(np.sin)
    sinc = staticmethod(np.sinc)
    sinh = staticmethod(np.sinh)
    size = staticmethod(np.size)
    sort = staticmethod(np.sort)
    split = staticmethod(np.split)
    sqrt = staticmethod(np.sqrt)
    square = staticmethod(np.square)
    squeeze = staticmethod(np.squeeze)
    stack = staticmethod(np.stack)
    std = staticmethod(np.std)
    subtract = staticmethod(np.subtract)
    sum = staticmethod(np.sum)
    swapaxes = staticmethod(np.swapaxes)
    take = staticmethod(np.take)
    take_along_axis = staticmethod(np.take_along_axis)
    tan = staticmethod(np.tan)
    tanh = staticmethod(np.tanh)
    tensordot = staticmethod(np.tensordot)
    tile = staticmethod(np.tile)
    trace = staticmethod(np.trace)
    transpose = staticmethod(np.transpose)
    trapezoid = staticmethod(np.trapezoid)
    tril = staticmethod(np.tril)
    triu = staticmethod(np.triu)
    true_divide = staticmethod(np.true_divide)
    trunc = staticmethod(np.trunc)
    unstack = staticmethod(np.unstack)
    var = staticmethod(np.var)
    vdot = staticmethod(np.vdot)
    vecdot = staticmethod(np.vecdot)
    vsplit = staticmethod(np.vsplit)
    vstack = staticmethod(np.vstack)
    where = staticmethod(np.where)
    zeros_like = staticmethod(np.zeros_like)


_BASE_DATA = frozenset({
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "complex64", "complex128", "e", "pi", "inf", "nan",
    "newaxis", "finfo", "iinfo", "isdtype", "can_cast", "__array_api_version__",
    "__array_namespace_info__", "__name__",
})

_NAMESPACES: dict = {}


def traced_namespace(value):
    """The traced namespace over the namespace of the plain ``value``."""
    from ._helpers import base_ns
    base = base_ns(value)
    space = _NAMESPACES.get(base)
    if space is None:
        space = _NAMESPACES[base] = TracedNamespace(base)
    return space

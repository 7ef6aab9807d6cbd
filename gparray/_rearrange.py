"""Rearranging and patterned arrays: flip, fliplr, flipud, rot90, roll, tile, repeat,
tril, triu, tri, diag, diagonal, diagflat, trace, meshgrid, mgrid, ogrid, vander,
fromfunction, logspace, geomspace (pad is in _pad.py); and the creation functions that read
host data (frombuffer, fromiter, fromstring) or wrap asarray (asanyarray, asarray_chkfinite,
require).

Flips, rotations and diagonals are views, as in NumPy. tile and repeat are one broadcast
copy each: the result is viewed with interleaved axes and the input broadcast into it.
"""
import builtins
import itertools
import operator

import numpy as np

from . import _creation, _join
from ._core import views as _shape
from ._core.allocate import _shape_tuple
from ._core.interop import upload
from ._core.ndarray import ndarray
from ._core.operands import device_array, device_of
from ._core.views import normalize_axes, normalize_axis, transpose
from ._engines import copying as _copying, reduction as _reductions, ufuncs
from ._engines.iota import iota
from ._manipulation import broadcast_arrays, moveaxis, ravel
from ._runtime import dtypes as _dtypes
from ._runtime.devices import as_device

__all__ = ["asanyarray", "asarray_chkfinite", "diag", "diagflat", "diagonal", "flip", "fliplr",
           "flipud", "frombuffer", "fromfunction", "fromiter", "fromstring", "geomspace",
           "logspace", "meshgrid", "mgrid", "ogrid", "repeat", "require", "roll", "rot90", "tile",
           "trace", "tri", "tril", "triu", "vander"]


def _float_dtype(dtype, device, func):
    """``dtype``, where Python's ``float`` (NumPy's float64) means the device's default
    floating dtype: float32 on devices without fp64, as for asarray of Python floats."""
    if dtype is None or dtype is float:
        return _dtypes.default_float(device)
    return _dtypes.check_dtype(dtype, device, func)


# -- flips and rotations (views) -----------------------------------------------------------
def flip(m, axis=None):
    """Reverse the order of elements along the given axes (all when None); a view."""
    m = device_array(m)
    if axis is None:
        key = (slice(None, None, -1),) * m.ndim
    else:
        axes = normalize_axes(axis, m.ndim)
        key = tuple(slice(None, None, -1) if i in axes else slice(None) for i in range(m.ndim))
    return m[key]


def fliplr(m):
    m = device_array(m)
    if m.ndim < 2:
        raise ValueError("Input must be >= 2-d.")
    return m[:, ::-1]


def flipud(m):
    m = device_array(m)
    if m.ndim < 1:
        raise ValueError("Input must be >= 1-d.")
    return m[::-1, ...]


def rot90(m, k=1, axes=(0, 1)):
    """Rotate by 90 degrees ``k`` times in the plane of ``axes``; a view."""
    axes = tuple(axes)
    if len(axes) != 2:
        raise ValueError("len(axes) must be 2.")
    m = device_array(m)
    if axes[0] == axes[1] or abs(axes[0] - axes[1]) == m.ndim:
        raise ValueError("Axes must be different.")
    if not (-m.ndim <= axes[0] < m.ndim and -m.ndim <= axes[1] < m.ndim):
        raise ValueError(f"Axes={axes} out of range for array of ndim={m.ndim}.")
    k = operator.index(k) % 4
    if k == 0:
        return m[:]
    if k == 2:
        return flip(flip(m, axes[0]), axes[1])
    order = list(range(m.ndim))
    order[axes[0]], order[axes[1]] = order[axes[1]], order[axes[0]]
    if k == 1:
        return transpose(flip(m, axes[1]), order)
    return flip(transpose(m, order), axes[1])


# -- roll, tile, repeat ----------------------------------------------------------------------
def roll(a, shift, axis=None):
    """Shift elements cyclically along the given axes (the flattened array when None);
    tuple shifts and axes add up per axis. At most two copies per rolled axis."""
    a = device_array(a)
    if axis is None:
        return roll(_ravel(a), shift, 0).reshape(a.shape)
    axes = normalize_axes(axis, a.ndim, allow_duplicates=True)
    pairs = np.broadcast(np.asarray(shift), np.asarray(axes))
    if pairs.ndim > 1:
        raise ValueError("'shift' and 'axis' should be scalars or 1D sequences")
    shifts = dict.fromkeys(range(a.ndim), 0)
    for sh, ax in pairs:
        shifts[int(ax)] += int(sh)
    rolls = [((slice(None), slice(None)),)] * a.ndim
    for ax, offset in shifts.items():
        offset %= a.shape[ax] or 1
        if offset:
            rolls[ax] = ((slice(None, -offset), slice(offset, None)),
                         (slice(-offset, None), slice(None, offset)))
    result = _creation.empty(a.shape, dtype=a.dtype, device=a.device)
    for indices in itertools.product(*rolls):
        src, dst = zip(*indices)
        _copying.copy_into(result[dst], a[src])
    return result


def _ravel(a):
    return ravel(a)


def tile(A, reps):
    """``A`` repeated ``reps`` times along each axis; one broadcast copy on the device."""
    try:
        tup = tuple(reps)
    except TypeError:
        tup = (reps,)
    tup = tuple(operator.index(r) for r in tup)
    c = device_array(A)
    d = len(tup)
    if c.ndim < d:
        c = c.reshape((1,) * (d - c.ndim) + c.shape)
    tup = (1,) * (c.ndim - d) + tup
    if builtins.any(r < 0 for r in tup):
        raise ValueError("negative dimensions are not allowed")
    shape_out = tuple(s * r for s, r in zip(c.shape, tup))
    out = _creation.empty(shape_out, dtype=c.dtype, device=c.device)
    if out.size:
        view_shape, view_strides, src_shape, src_strides = [], [], [], []
        for s, r, st_out, st_in in zip(c.shape, tup, out.strides, c.strides):
            view_shape += [r, s]
            view_strides += [s * st_out, st_out]
            src_shape += [1, s]
            src_strides += [0, st_in]
        dst = out._view(out._offset, tuple(view_shape), tuple(view_strides))
        src = c._view(c._offset, tuple(src_shape), tuple(src_strides))
        _copying.copy_into(dst, src)
    return out


def repeat(a, repeats, axis=None):
    """Repeat each element ``repeats`` times (a scalar, or one count per element along
    ``axis``; the flattened array when ``axis`` is None). A scalar count is one broadcast
    copy; per-element counts build the source index on the device (gparray/kernels/take_axis.cl)
    when they are a device array, on the host when they are host data."""

    a = device_array(a)
    if axis is None:
        a = _ravel(a)
        axis = 0
    else:
        if a.ndim == 0:
            a = a.reshape(1)        # NumPy treats a 0-d array as 1-d when an axis is given
        axis = normalize_axis(axis, a.ndim)
    n = a.shape[axis]
    if isinstance(repeats, (np.ndarray, ndarray)) or (
            isinstance(repeats, np.generic) and not isinstance(repeats, (int, float, complex))):
        # Arrays are cast safely; Python numbers and sequences convert like np.array(..., intp).
        if not np.can_cast(repeats.dtype, np.intp, casting="safe"):
            what = "scalar" if repeats.ndim == 0 else "array data"
            raise TypeError(f"Cannot cast {what} from {repeats.dtype!r} to "
                            f"{np.dtype(np.intp)!r} according to the rule 'safe'")
    if isinstance(repeats, ndarray) and repeats.size == 1:
        repeats = repeats.reshape(()).item()
    if isinstance(repeats, ndarray):
        if repeats.ndim > 1 or repeats.shape[0] != n:
            raise ValueError(f"operands could not be broadcast together with shape ({n},) "
                             f"{repeats.shape}")
        counts = repeats.astype(_dtypes.int64)
        if n and bool(counts.min().item() < 0):
            raise ValueError("repeats may not contain negative values.")
        src_index = _join.repeat_index(counts)
    else:
        counts = np.asarray(repeats).astype(np.intp) if isinstance(repeats, np.ndarray) \
            else np.array(repeats, dtype=np.intp)
        if counts.size == 1:
            r = int(counts.reshape(()))
            if r < 0:
                raise ValueError("negative dimensions are not allowed")
            return _repeat_scalar(a, r, axis)
        src_index = _creation.asarray(np.repeat(np.arange(n), counts).astype(np.int64),
                                      device=a.device)

    shape = list(a.shape)
    shape[axis] = src_index.size
    out = _creation.empty(tuple(shape), dtype=a.dtype, device=a.device)
    src = a if a.flags.c_contiguous else _copying.copy(a)
    _join.move_slabs(out, axis, iota(src_index.size, a.device), src, src_index)
    return out


def _repeat_scalar(a, r, axis):
    shape = list(a.shape)
    shape[axis] *= r
    out = _creation.empty(tuple(shape), dtype=a.dtype, device=a.device)
    if out.size:
        st = out.strides[axis]
        dst = out._view(out._offset, a.shape[:axis + 1] + (r,) + a.shape[axis + 1:],
                        out.strides[:axis] + (r * st, st) + out.strides[axis + 1:])
        src = a._view(a._offset, a.shape[:axis + 1] + (1,) + a.shape[axis + 1:],
                      a.strides[:axis + 1] + (0,) + a.strides[axis + 1:])
        _copying.copy_into(dst, src)
    return out


# -- triangles and diagonals -----------------------------------------------------------------
def tri(N, M=None, k=0, dtype=float, *, device=None, like=None):
    """Ones at and below the k-th diagonal of an N x M array, zeros elsewhere."""

    if device is None and isinstance(like, ndarray):
        device = like.device
    device = as_device(device)
    N = operator.index(N)
    M = N if M is None else operator.index(M)
    dtype = _float_dtype(dtype, device, "tri")
    rows = iota(builtins.max(N, 0), device).reshape(-1, 1)
    cols = ufuncs.subtract(iota(builtins.max(M, 0), device), operator.index(k))
    mask = ufuncs.greater_equal(rows, cols)    # negative N or M give empty axes, as in NumPy
    return mask if dtype == _dtypes.bool_ else mask.astype(dtype)


def tril(m, k=0):
    """Lower triangle of the last two axes (zeros above the k-th diagonal); a copy."""
    m = device_array(m)
    mask = tri(*m.shape[-2:], k=k, dtype=bool, device=m.device)
    return _copying.select(mask, m, _creation.zeros(1, dtype=m.dtype, device=m.device))


def triu(m, k=0):
    m = device_array(m)
    mask = tri(*m.shape[-2:], k=k - 1, dtype=bool, device=m.device)
    return _copying.select(mask, _creation.zeros(1, dtype=m.dtype, device=m.device), m)


def diagonal(a, offset=0, axis1=0, axis2=1):
    """The diagonal of the ``axis1``/``axis2`` planes as the last axis; a view (NumPy's is
    read-only, this one is writeable)."""
    a = device_array(a)
    if a.ndim < 2:
        raise ValueError("diag requires an array of at least two dimensions")
    a1, a2 = normalize_axis(axis1, a.ndim), normalize_axis(axis2, a.ndim)
    if a1 == a2:
        raise ValueError("axis1 and axis2 cannot be the same")
    offset = operator.index(offset)
    n1, n2 = a.shape[a1], a.shape[a2]
    s1, s2 = a.strides[a1], a.strides[a2]
    if offset >= 0:
        n = builtins.max(0, builtins.min(n1, n2 - offset))
        start = offset * s2
    else:
        n = builtins.max(0, builtins.min(n1 + offset, n2))
        start = -offset * s1
    keep = [i for i in range(a.ndim) if i not in (a1, a2)]
    shape = tuple(a.shape[i] for i in keep) + (n,)
    strides = tuple(a.strides[i] for i in keep) + (s1 + s2,)
    return a._view(a._offset + (start if n else 0), shape, strides, readonly=True)


def diag(v, k=0):
    """The k-th diagonal of a 2-D array (a view), or a 2-D array with the 1-D ``v`` on its
    k-th diagonal."""
    v = device_array(v)
    if v.ndim == 1:
        n = v.shape[0] + abs(operator.index(k))
        res = _creation.zeros((n, n), dtype=v.dtype, device=v.device)
        d = diagonal(res, k)            # read-only, as NumPy's; res is ours to write
        _copying.copy_into(res._view(d._offset, d._shape, d._strides), v)
        return res
    if v.ndim == 2:
        return diagonal(v, k)
    raise ValueError("Input must be 1- or 2-d.")


def diagflat(v, k=0):
    """A 2-D array with the flattened ``v`` on its k-th diagonal."""
    return diag(_ravel(device_array(v)), k)


def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    """Sum along diagonals (NumPy's sum dtype rules)."""

    return _reductions.sum(diagonal(a, offset, axis1, axis2), axis=-1, dtype=dtype, out=out)


# -- grids and patterned arrays --------------------------------------------------------------
def meshgrid(*xi, copy=True, sparse=False, indexing="xy"):
    """Coordinate arrays from coordinate vectors. Returns a list, as the Array API standard
    asks (NumPy returns a tuple); with ``copy=False`` the arrays are broadcast views."""

    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    ndim = len(xi)
    device = device_of(xi, ())
    s0 = (1,) * ndim
    output = [device_array(x, device).reshape(s0[:i] + (-1,) + s0[i + 1:]) for i, x in enumerate(xi)]
    if indexing == "xy" and ndim > 1:
        output[0] = output[0].reshape((1, -1) + s0[2:])
        output[1] = output[1].reshape((-1, 1) + s0[2:])
    if not sparse:
        output = broadcast_arrays(*output)
    if copy:
        output = [x.copy() for x in output]
    return list(output)


def vander(x, N=None, increasing=False):
    """Vandermonde matrix, by the running product NumPy uses (so results match it)."""
    x = device_array(x)
    if x.ndim != 1:
        raise ValueError("x must be a one-dimensional array or sequence.")
    N = x.shape[0] if N is None else operator.index(N)
    dtype = _creation._default_for(np.promote_types(x.dtype, int), x.device)
    v = _creation.empty((x.shape[0], N), dtype=dtype, device=x.device)
    tmp = v if increasing else v[:, ::-1]
    if N > 0:
        tmp[:, 0] = 1
    if N > 1:
        _copying.copy_into(tmp[:, 1:], x[:, None])
        ufuncs.multiply.accumulate(tmp[:, 1:], out=tmp[:, 1:], axis=1)
    return v


def _index(n, dtype, device):
    """0, 1, ..., n-1 in ``dtype`` (exact, as NumPy's arange(n, dtype=dtype))."""

    index = iota(n, device)
    return index if index.dtype == dtype else index.astype(dtype)


def _coordinates(shape, dtype, device):
    """NumPy's ``indices(shape, dtype)`` as a list of full coordinate arrays."""
    coords = []
    for i, n in enumerate(shape):
        line = _index(n, dtype, device)
        line = line.reshape((1,) * i + (n,) + (1,) * (len(shape) - i - 1))
        full = _creation.empty(shape, dtype=dtype, device=device)
        _copying.copy_into(full, line)
        coords.append(full)
    return coords


def fromfunction(function, shape, *, dtype=float, like=None, device=None, **kwargs):
    """``function(*coordinates)``, the coordinate arrays made on the device with ``dtype``."""
    if device is None and isinstance(like, ndarray):
        device = like.device
    device = as_device(device)
    shape = _shape_tuple(shape)
    dtype = _float_dtype(dtype, device, "fromfunction")
    return function(*_coordinates(shape, dtype, device), **kwargs)


class _Grid:
    """``mgrid``/``ogrid``: coordinate grids from slice notation, as NumPy's nd_grid (a
    complex step is a number of points, end included)."""

    def __init__(self, sparse):
        self.sparse = sparse

    def __getitem__(self, key):
        device = as_device(None)
        if isinstance(key, slice):
            start = 0 if key.start is None else key.start
            step = key.step
            if isinstance(step, (complex, np.complexfloating)):
                length = int(abs(step))
                typ = _creation._default_for(np.result_type(start, key.stop, abs(step)), device)
                out = _index(length, typ, device)
                if length != 1:
                    out = ufuncs.multiply(out, (key.stop - start) / float(length - 1))
                return ufuncs.add(out, start)
            return _creation.arange(start, key.stop, step, device=device)
        size, num_list = [], [0]
        for k in key:
            start = 0 if k.start is None else k.start
            step = 1 if k.step is None else k.step
            if isinstance(step, (complex, np.complexfloating)):
                step = abs(step)
                size.append(int(step))
            else:
                size.append(int(np.ceil((k.stop - start) / step)))
            num_list += [start, k.stop, step]
        typ = _creation._default_for(np.result_type(*num_list), device)
        if self.sparse:
            nn = [_index(n, typ, device) for n in size]
        else:
            nn = _coordinates(tuple(size), typ, device)
        for i, k in enumerate(key):
            start = 0 if k.start is None else k.start
            step = 1 if k.step is None else k.step
            if isinstance(step, (complex, np.complexfloating)):
                step = int(abs(step))
                if step != 1:
                    step = (k.stop - start) / float(step - 1)
            ufuncs.add(ufuncs.multiply(nn[i], step), start, out=nn[i], casting="unsafe")
        if self.sparse:
            return tuple(x.reshape((1,) * i + (-1,) + (1,) * (len(size) - i - 1))
                         for i, x in enumerate(nn))

        return _join.stack(nn) if nn else _creation.empty((0,), dtype=typ, device=device)

    def __len__(self):
        return 0


mgrid = _Grid(sparse=False)
ogrid = _Grid(sparse=True)


def asanyarray(a, dtype=None, order=None, *, device=None, copy=None, like=None):
    """gparray has no array subclasses: the same as ``asarray``."""
    return _creation.asarray(a, dtype=dtype, order=order, device=device, copy=copy, like=like)


def asarray_chkfinite(a, dtype=None, order=None):
    """``asarray``, raising ValueError if the result holds an infinity or a NaN."""
    a = _creation.asarray(a, dtype=dtype, order=order)
    if a.dtype.kind in "fc" and not bool(ufuncs.isfinite(a).all()):
        raise ValueError("array must not contain infs or NaNs")
    return a


def require(a, dtype=None, requirements=None, *, like=None):
    """An array of ``dtype`` meeting ``requirements`` ('C', 'F', 'A', 'W', 'O', 'E' and
    their long names), copying only when one is not met."""
    names = {"C": "C", "C_CONTIGUOUS": "C", "CONTIGUOUS": "C", "F": "F", "F_CONTIGUOUS": "F",
             "FORTRAN": "F", "A": "A", "ALIGNED": "A", "W": "W", "WRITEABLE": "W", "O": "O",
             "OWNDATA": "O", "E": "E", "ENSUREARRAY": "E"}
    device = like.device if isinstance(like, ndarray) else None
    if not requirements:
        return _creation.asarray(a, dtype=dtype, device=device)
    reqs = {names[r.upper()] for r in requirements} - {"E", "A", "W"}   # always true here
    if reqs >= {"C", "F"}:
        raise ValueError('Cannot specify both "C" and "F" order')
    order = "C" if "C" in reqs else "F" if "F" in reqs else "A"
    arr = _creation.asarray(a, dtype=dtype, device=device)
    if order == "C" and not arr.flags.c_contiguous or \
            order == "F" and not arr.flags.f_contiguous or "O" in reqs and arr.base is not None:
        arr = _copying.copy(arr, order=order)
    return arr


def fromstring(string, dtype=float, count=-1, *, sep, like=None, device=None):
    """An array on the device from numbers in a text string (parsed by NumPy's fromstring;
    ``sep`` is required, as NumPy's binary mode is deprecated)."""

    if device is None and isinstance(like, ndarray):
        device = like.device
    device = as_device(device)
    host = np.fromstring(string, dtype=dtype, count=count, sep=sep)
    _dtypes.check_dtype(host.dtype, device, "fromstring")
    return upload(host, device)


def frombuffer(buffer, dtype=float, count=-1, offset=0, *, like=None, device=None):
    """An array on the device with the contents of a host buffer (read by NumPy's
    frombuffer, then copied to the device)."""

    if device is None and isinstance(like, ndarray):
        device = like.device
    device = as_device(device)
    host = np.frombuffer(buffer, dtype=dtype if dtype is not None else float, count=count,
                         offset=offset)
    _dtypes.check_dtype(host.dtype, device, "frombuffer")
    return upload(host, device)


def fromiter(iter, dtype, count=-1, *, like=None, device=None):
    """An array on the device from a host iterable (consumed by NumPy's fromiter)."""

    if device is None and isinstance(like, ndarray):
        device = like.device
    device = as_device(device)
    host = np.fromiter(iter, dtype=dtype, count=count)
    _dtypes.check_dtype(host.dtype, device, "fromiter")
    return upload(host, device)


def _operands(*values):
    """Device arrays stay; host scalars stay host scalars (weak in promotion); other
    host data goes to the device."""

    device = device_of(values, ())
    out = []
    for v in values:
        if isinstance(v, (ndarray, bool, int, float, complex, np.generic)):
            out.append(v)
        else:
            host = np.asarray(v)
            out.append(host[()] if host.ndim == 0 else _creation.asarray(host, device=device))
    return device, out


def _linspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """NumPy's linspace, step for step, with array or scalar ``start``/``stop``: the
    arithmetic runs on the device in the same order and dtype as NumPy's."""
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    div = (num - 1) if endpoint else num
    device, (start, stop) = _operands(start, stop)
    dt = _dtypes.result_type(start, stop)
    if dt.kind in "biu":
        dt = np.result_type(dt, 0.0)
    # float64 can only come from host values here when the device lacks fp64: use float32
    dt = _dtypes.check_dtype(_creation._default_for(dt, device), device, "linspace")
    integer_dtype = dtype is not None and np.dtype(dtype).kind in "iu"
    dtype = dt if dtype is None else _dtypes.check_dtype(dtype, device, "linspace")
    delta = ufuncs.subtract(stop, start, dtype=dt)
    if not isinstance(delta, ndarray):
        delta = _creation.asarray(np.asarray(delta, dtype=dt), device=device)
    y = _index(num, dt, device).reshape((-1,) + (1,) * delta.ndim)
    if div > 0:
        step = ufuncs.divide(delta, div)
        if bool(ufuncs.equal(step, 0).any()):
            y = ufuncs.multiply(ufuncs.divide(y, div), delta)
        else:
            y = ufuncs.multiply(y, step)
    else:
        y = ufuncs.multiply(y, delta)
    ufuncs.add(y, start, out=y, dtype=dt)    # dt: float32 for int inputs without fp64
    if endpoint and num > 1:
        y[-1, ...] = stop
    if axis != 0:
        y = moveaxis(y, 0, axis)
    if integer_dtype:
        ufuncs.floor(y, out=y)
    return y if y.dtype == dtype else y.astype(dtype)


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    """``base ** linspace(start, stop)`` computed on the device."""
    if not isinstance(base, (float, int)) and np.ndim(base):
        device, (start, stop, base) = _operands(start, stop, base)
        arrays = [device_array(v, device) for v in (start, stop, base)]
        nd = builtins.max(v.ndim for v in arrays)
        start, stop, base = (v.reshape((1,) * (nd - v.ndim) + v.shape) for v in arrays)
        base = _shape.expand_dims(base, axis)
    y = _linspace(start, stop, num=num, endpoint=endpoint, axis=axis)
    result = ufuncs.power(base, y)
    return result if dtype is None else result.astype(dtype, copy=False)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """Numbers spaced evenly on a log scale (a geometric progression), NumPy's algorithm
    on the device: signs and complex values are handled as NumPy does."""
    device, (start, stop) = _operands(start, stop)
    start, stop = device_array(start, device), device_array(stop, device)
    if bool(ufuncs.equal(start, 0).any()) or bool(ufuncs.equal(stop, 0).any()):
        raise ValueError("Geometric sequence cannot include zero")
    dt = np.result_type(start.dtype, stop.dtype, float(num),
                        np.zeros((), dtype if dtype is not None else None).dtype)
    dt = _dtypes.check_dtype(_creation._default_for(dt, device), device, "geomspace")
    dtype = dt if dtype is None else np.dtype(dtype)
    start = start.astype(dt, copy=True)
    stop = stop.astype(dt, copy=True)
    out_sign = ufuncs.sign(start)
    start = ufuncs.divide(start, out_sign)
    stop = ufuncs.divide(stop, out_sign)
    log_start = ufuncs.log10(start)
    log_stop = ufuncs.log10(stop)
    result = logspace(log_start, log_stop, num=num, endpoint=endpoint, base=10.0, dtype=dt)
    if num > 0:
        result[0] = start
        if num > 1 and endpoint:
            result[-1] = stop
    ufuncs.multiply(result, out_sign, out=result)
    if axis != 0:
        result = moveaxis(result, 0, axis)
    return result.astype(dtype, copy=False)

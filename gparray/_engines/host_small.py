"""The small-work host path of CPU devices.

On a CPU device whose buffers are host memory (PoCL, any ``kind == "cpu"`` device with
unified memory), launching a kernel costs tens of microseconds, which NumPy finishes whole
operations in. An operation whose work is at most its family's crossover runs NumPy itself on
zero-copy views of the device buffers, after the queue has drained (so it sees every kernel
queued before it, and no queued kernel sees its writes early), and its result becomes a
device array over NumPy's own result memory (the OpenCL buffer is made only if a kernel later
reads it). Values, dtypes, warnings and errors are NumPy's own.

GPUs and devices with separate memory never take it; ``gparray.set_host_small(False)`` or
``GPARRAY_HOST_SMALL=0`` turns it off (the test suite's kernel runs do).

Crossovers, in elements of the result (or of the input, for reductions), are where PoCL's
kernel on all cores starts to beat NumPy on one core (``benchmarks/bench_size_sweep.py``,
measured on a 2-core AMD EPYC Zen 4 host; hosts with more cores cross earlier, so these err
towards the kernel there).
"""
import numpy as np

from .._core import pending as _pending
from .._core.allocate import empty
from .._core.ndarray import ndarray

_new = object.__new__
from .._runtime.config import settings
from .._runtime.memory import HostResult

# result elements up to which NumPy on the host beats a kernel, per family
CROSSOVER = {
    "arithmetic": 1 << 16,     # add, multiply, comparisons, logic, bit operations, abs, ...
    "transcendental": 1 << 12,  # exp, log, sin, tanh, power, ... (vectorised kernels)
    "reduction": 1 << 16,
    "copy": 1 << 16,           # copies, casts, assignment
    "scan": 1 << 14,
    "sort": 1 << 14,
    "indexing": 1 << 15,       # gather and scatter with integer arrays and masks
}

_TRANSCENDENTAL = frozenset({
    "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "arcsin",
    "arccos", "arctan", "arctan2", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh",
    "power", "float_power", "cbrt", "hypot", "logaddexp", "logaddexp2", "sqrt", "divide",
    "true_divide", "floor_divide", "remainder", "mod", "fmod", "divmod", "deg2rad", "rad2deg",
    "degrees", "radians"})


def ufunc_family(name):
    return "transcendental" if name in _TRANSCENDENTAL else "arithmetic"


def takes(device):
    """Whether ``device`` runs small work on the host now (not while float64 is hidden: the
    kernel path must refuse it)."""
    return device.host_small and settings.host_small and not settings.hide_fp64


def host_view(a):
    """The NumPy view of device array ``a``'s data (its device must share host memory)."""
    view = a._host
    if view is None:
        if 0 in a._shape:       # an empty view's offset may lie past its buffer
            view = a._host = np.empty(a._shape, dtype=a._dtype)
        else:
            view = a._host = np.ndarray(a._shape, dtype=a._dtype, buffer=a._buf.host,
                                        offset=a._offset, strides=a._strides)
    return view


def adopt(result, device):
    """Device array over the memory of NumPy result ``result`` (a scalar becomes 0-d): a
    fresh C-ordered array is taken over as it is; anything else (a view NumPy returned,
    another layout) is copied first, so the device array owns C-ordered memory."""
    if type(result) is not np.ndarray:
        result = np.asarray(result)
    if result.size == 0:
        return empty(result.shape, dtype=result.dtype, device=device)
    if result.base is not None or not result.flags.c_contiguous:
        result = np.array(result, order="C")   # own, C-ordered memory, as kernel results
    return _adopt_fresh(result, device)


def _adopt_fresh(result, device):
    """``adopt`` of an array NumPy has just allocated (a ufunc's result: dense, its own)."""
    out = _new(ndarray)
    out._buf = HostResult(result, device)
    out._offset = 0
    out._shape = result.shape
    out._strides = result.strides
    out._dtype = result.dtype
    out._device = device
    out._base = None
    out._readonly = False
    out._host = result
    return out


def drain(device):
    """Wait for the kernels queued on ``device``: the host is about to read or write its
    buffers directly."""
    if _pending.state.any:      # fused results not computed yet read memory this may write
        _pending.flush()
    queue = device._queue
    if queue is not None:
        queue.finish()
        if device._kept:
            device._kept.clear()


def _broadcast_size(views):
    """Elements of the broadcast result of NumPy arrays ``views`` (0 when they don't
    broadcast: NumPy then raises the error itself)."""
    try:
        shape = np.broadcast_shapes(*(v.shape for v in views))
    except ValueError:
        return 0
    n = 1
    for s in shape:
        n *= s
    return n


def ufunc_call(uf, args, out):
    """``uf(*args, out=out)`` through NumPy when its operands are small device arrays and
    scalars on a host-small device; None when the call is not one for the host path.
    (Written for speed: this is the whole cost of a small operation.)"""
    device = None
    views = []
    size = -1
    same = True
    for x in args:
        t = type(x)
        if t is ndarray:
            if device is None:
                device = x._device
                # before any host view: a GPU has none
                if not device.host_small or not settings.host_small or settings.hide_fp64:
                    return None
            elif x._device is not device:
                return None
            v = x._host
            if v is None:
                v = host_view(x)
            if size < 0:
                size = v.size
                shape = v.shape
            elif v.shape != shape:
                same = False
            views.append(v)
        elif t is float or t is int or t is bool or t is complex or isinstance(x, np.generic):
            views.append(x)
        else:
            return None
    if device is None:
        return None
    if out is not None:
        if type(out) is tuple:
            if len(out) != 1:
                return None
            out = out[0]
        if type(out) is not ndarray or out._device is not device:
            return None
        out._check_writeable()
        target = host_view(out)
        if target.shape != shape:
            same = False
    if not same:
        arrays = [v for v in views if type(v) is np.ndarray]
        if out is not None:
            arrays.append(target)
        size = _broadcast_size(arrays)
    if size > uf._host_limit:
        return None
    drain(device)
    if out is None:
        result = uf._np(*views)
        if type(result) is np.ndarray and result.size and (result.ndim < 2 or
                                                           result.flags.c_contiguous):
            return _adopt_fresh(result, device)
        return adopt(result, device)
    uf._np(*views, out=target)
    return out


_REDUCTIONS = {"sum": np.sum, "prod": np.prod, "max": np.max, "min": np.min, "any": np.any,
               "all": np.all, "mean": np.mean}


def reduction(name, a, axis, dtype, keepdims, initial):
    """NumPy's reduction ``name`` of small device array ``a`` (no ``out=``/``where=``), or
    None when it is not one for the host path."""
    np_function = _REDUCTIONS.get(name)
    if np_function is None or type(a) is not ndarray or not takes(a._device) or \
            a.size > CROSSOVER["reduction"]:
        return None
    kwargs = {}
    if axis is not None:
        kwargs["axis"] = axis
    if dtype is not None:
        kwargs["dtype"] = dtype
    if keepdims:
        kwargs["keepdims"] = True
    if initial is not None and initial is not np._NoValue:
        kwargs["initial"] = initial
    device = a._device
    drain(device)
    return adopt(np_function(host_view(a), **kwargs), device)


def call(family, a, np_function, *args, **kwargs):
    """``np_function(host view of a, *args, **kwargs)`` as a device array when ``a`` is small
    on a host-small device; None otherwise. For one-array operations of any family."""
    if type(a) is not ndarray or not takes(a._device) or a.size > CROSSOVER[family]:
        return None
    device = a._device
    drain(device)
    return adopt(np_function(host_view(a), *args, **kwargs), device)


def copy_into(dst, src):
    """``dst[...] = src`` (device arrays, unsafe casting) through NumPy when small; returns
    whether it did."""
    device = dst._device
    if src._device is not device or not takes(device) or dst.size > CROSSOVER["copy"]:
        return False
    drain(device)
    if src._dtype.kind == "c" and dst._dtype.kind in "iuf":
        src = src.real          # the caller has warned that the imaginary part goes
    if src._dtype.kind in "fc" and dst._dtype.kind in "iub":
        with np.errstate(invalid="ignore"):     # NaN to integer: silent, as on the kernel path
            np.copyto(host_view(dst), host_view(src), casting="unsafe")
    else:
        np.copyto(host_view(dst), host_view(src), casting="unsafe")
    return True


def fill(dst, scalar):
    """``dst[...] = scalar`` (already of ``dst``'s dtype) through NumPy when small; returns
    whether it did."""
    device = dst._device
    if not takes(device) or dst.size > CROSSOVER["copy"]:
        return False
    drain(device)
    host_view(dst)[...] = scalar
    return True


def _host_key(key, device):
    """An index key with its device arrays replaced by their host views, or None when one
    lives on another device."""
    if type(key) is ndarray:
        return host_view(key) if key._device is device else None
    if type(key) is tuple:
        items = []
        for k in key:
            if type(k) is ndarray:
                if k._device is not device:
                    return None
                k = host_view(k)
            elif isinstance(k, (list, ndarray)):
                return None             # nested sequences may hold device arrays
            items.append(k)
        return tuple(items)
    if isinstance(key, list):
        return None
    return key


def getitem(a, key):
    """``a[key]`` for an advanced-index key through NumPy when ``a`` is small, else None."""
    device = a._device
    if not takes(device) or a.size > CROSSOVER["indexing"]:
        return None
    hkey = _host_key(key, device)
    if hkey is None:
        return None
    drain(device)
    return adopt(host_view(a)[hkey], device)


def setitem(a, key, value):
    """``a[key] = value`` through NumPy when ``a`` is small; returns whether it did."""
    device = a._device
    if not takes(device) or a.size > CROSSOVER["indexing"]:
        return False
    hkey = _host_key(key, device)
    if hkey is None:
        return False
    if type(value) is ndarray:
        if value._device is not device:
            return False
        value = host_view(value)
    elif not isinstance(value, (int, float, complex, bool, np.generic, np.ndarray)):
        return False
    drain(device)
    host_view(a)[hkey] = value
    return True

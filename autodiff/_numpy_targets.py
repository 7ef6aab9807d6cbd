"""Plain NumPy arrays created inside a differentiated function, made able to receive
traced values:

    def f(x):
        y = np.zeros(3)      # no traced argument: NumPy cannot dispatch this to us
        y[0] = x[1]          # NumPy alone would store a float and drop the gradient
        return y.sum()

While a trace runs, the NumPy creation functions that user code reaches as attributes
of the ``numpy`` module (``np.zeros``, ``np.ones``, ``np.empty``, ``np.full``, their
``_like`` forms, ``np.eye``, ``np.identity``, ``np.array``, ``np.asarray``,
``np.asanyarray``, ``np.ascontiguousarray``, ``np.copy``) return a :class:`TargetArray`:
an ``ndarray`` subclass that behaves exactly like the array NumPy made until a traced
value is written into it. From then on it carries a traced value (``_box``) recording
the functional update, and every use of the array — ufuncs and operators
(``__array_ufunc__``), NumPy functions (``__array_function__``), indexing, the methods,
and traced calls that take it as an argument — uses that traced value. Its own memory
keeps the concrete numbers, so printing it or reading its shape behaves as NumPy would.

Writes through a basic-indexing view (``Y[i][j] = v``, ``Y[1:][0] = v``) update the
array the view came from. The patch applies only to user code (not numpy, gparray,
autodiff, pyopencl or any other installed package: library internals keep plain arrays),
only on the thread that traces, and only while a trace runs; the ``numpy`` module's
functions are restored when the outermost trace ends. ``from numpy import zeros`` taken before tracing is not patched (the
supported spellings ``np.zeros_like(x)``/``np.zeros(n, like=x)`` work everywhere).
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading

import numpy as np

from . import _ops, _pytree, _registry, _trace
from ._box import Box, TracerConversionError
from ._helpers import base_ns
from ._standin import StandIn, _lift_seq, lift, lift_call
from ._trace import getval

_local = threading.local()
_lock = threading.Lock()
_traces_running = 0     # traces running on all threads (the patch is in while > 0)
_originals: dict = {}
_wrappers: dict = {}    # built once: installing is a few setattr calls
_LIBRARIES = ("numpy", "gparray", "autodiff", "pyopencl")


def _depth():
    return getattr(_local, "depth", 0)


_INSTALLED = ("site-packages", "dist-packages")
_installed_files: dict = {}     # co_filename -> whether it lies in an installed package


def _user_caller():
    """Whether the creation call comes from user code: not from numpy, gparray, autodiff or
    pyopencl, nor from any installed package (scipy, scikit-learn, ... make their own
    arrays, which never receive traced values)."""
    try:
        frame = sys._getframe(2)
    except ValueError:
        return False
    if frame.f_globals.get("__name__", "").partition(".")[0] in _LIBRARIES:
        return False
    filename = frame.f_code.co_filename
    installed = _installed_files.get(filename)
    if installed is None:
        installed = _installed_files[filename] = any(p in filename for p in _INSTALLED)
    return not installed


def _top_box(obj, best=None):
    """The box of the highest trace level in ``obj`` (nested lists/tuples searched)."""
    if type(obj) is Box:
        return obj if best is None or obj._trace.level > best._trace.level else best
    if isinstance(obj, TargetArray):
        cur = obj._current()
        return best if cur is None else _top_box(cur, best)
    if type(obj) in (list, tuple):
        for o in obj:
            best = _top_box(o, best)
    return best


def _concrete(x):
    """The plain value under a box, for writing into the TargetArray's own memory."""
    while type(x) is Box:
        x = x._value
    return lift(x) if isinstance(x, TargetArray) else x


class TargetArray(np.ndarray, StandIn):
    """A NumPy array made by user code during tracing; see the module docstring.

    ``_box``: the traced value after the first traced write (roots only). ``_parent``:
    for a view of another TargetArray (basic indexing, reshape, transpose),
    ``(parent, get, put)`` where ``get(p)`` is the view of parent value ``p`` and
    ``put(p, v)`` is ``p`` with the view's part replaced by ``v``."""

    def __array_finalize__(self, obj):
        self._box = None
        self._parent = None

    # ---- the traced value this array stands for -----------------------------------
    def _stands_for(self):
        cur = self._current()
        return self.view(np.ndarray) if cur is None else cur

    def _current(self):
        if self._parent is not None:
            parent, get, _ = self._parent
            pb = parent._current()
            return None if pb is None else get(pb)
        box = self._box
        if box is not None and box._trace.level not in _active_levels():
            return None          # a finished trace: only the concrete numbers remain
        return box

    def _record(self, new):
        """This array now holds ``new`` (traced): rebind, and mirror the numbers."""
        if self._parent is not None:
            parent, _, put = self._parent
            base = parent._current()
            parent._record(put(parent._plain_like(new) if base is None else base, new))
            return
        self._box = new if type(new) is Box else None
        numbers = _concrete(new)
        if isinstance(numbers, (np.ndarray, np.generic)) and numbers.shape == self.shape:
            np.copyto(self.view(np.ndarray), numbers, casting="unsafe")
        # a device value stays on the device, and a vmap value has a batch axis: the
        # traced value is authoritative, this array's own memory keeps its old numbers

    def _assign(self, new):
        """Box-compatible rebinding (the in-place NumPy functions' rules call this)."""
        self._record(new)

    def _view_of(self, result, get, put):
        """``result`` (a plain NumPy result of an operation on this array) as a
        TargetArray: a tracked view when it shares this array's memory, else a root."""
        if not isinstance(result, np.ndarray) or isinstance(result, np.generic):
            return result
        out = result.view(TargetArray)
        if np.may_share_memory(result, self.view(np.ndarray)):
            if get is None:
                return result.view(np.ndarray)  # a view we cannot write back through
            out._parent = (self, get, put)
        return out

    # ---- writes ---------------------------------------------------------------------
    def __setitem__(self, index, value):
        index = _lift_seq(index)
        value = lift(value)
        cur = self._current()
        if cur is None and _top_box((index, value)) is None:
            np.ndarray.__setitem__(self.view(np.ndarray), index, value)
            return
        self._record(_ops.index_put(cur if cur is not None else self._plain_like(value),
                                    index, value))

    def _plain_like(self, value):
        """A copy of this array's numbers where ``value`` lives: on the device when a
        gparray value is written (nothing comes back to the host)."""
        base = self.view(np.ndarray).copy()
        v = _concrete(value)
        if isinstance(v, (np.ndarray, np.generic, int, float, complex, bool)):
            return base
        xp = base_ns(v)
        return xp.asarray(base, device=getattr(v, "device", None))

    def __getitem__(self, index):
        cur = self._current()
        index = _lift_seq(index)
        if _top_box(index) is None:
            plain = np.ndarray.__getitem__(self.view(np.ndarray), index)
            if cur is None or (isinstance(plain, np.ndarray)
                               and np.may_share_memory(plain, self.view(np.ndarray))):
                # a basic-indexing view stays one: ``a[1][2] = v`` writes into ``a``
                return self._view_of(plain, lambda p: _ops.getitem(p, index),
                                     lambda p, v: _ops.index_put(p, index, v))
        return _ops.getitem(cur if cur is not None else self.view(np.ndarray), index)

    def __iter__(self):
        if self._current() is None:
            return np.ndarray.__iter__(self)
        return (self[i] for i in range(len(self)))

    # ---- protocols ------------------------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        out = kwargs.pop("out", None)
        first = inputs[0] if inputs else None
        inputs = tuple(lift(x) for x in inputs)
        targets = out or ()
        traced = _top_box(inputs) is not None or any(
            type(lift(o)) is Box for o in targets)
        if not traced:
            if out:
                kwargs["out"] = tuple(lift(o) for o in out)
            result = getattr(ufunc, method)(*inputs, **kwargs)
            if out:
                return out[0] if len(out) == 1 else out
            # computed from an array the function made (``y = np.ones(3) * 2``): the
            # function's own array too, so traced writes into it are recorded
            return result.view(TargetArray) if type(result) is np.ndarray else result
        if method == "at" and isinstance(first, TargetArray):
            # ``np.add.at(y, i, x)``: the traced ufunc.at on y's traced value, then rebind
            target = first._traced_base(_top_box(inputs))
            ufunc.at(target, *inputs[1:], **kwargs)
            first._record(target)
            return None
        # Traced: compute functionally, then rebind the out= targets (also ``y += x``).
        where = kwargs.pop("where", True)
        result = getattr(ufunc, method)(*inputs, **kwargs)
        if not out:
            if where is not True:
                raise _registry.NoRuleError(
                    f"autodiff: numpy.{ufunc.__name__}(where=...) needs out= on traced "
                    "values; use np.where(mask, f(x), other) instead")
            return result
        results = result if isinstance(result, tuple) else (result,)
        for o, r in zip(out, results):
            if where is not True:
                r = np.where(lift(where), r, lift(o))
            _store(o, r)
        return out[0] if len(out) == 1 else out

    def __array_function__(self, func, types, args, kwargs):
        if func in _IN_PLACE and args and args[0] is self:
            box = _top_box((args[1:], tuple(kwargs.values())))
            if box is None and self._current() is None:
                rest, kwargs = lift_call(args[1:], kwargs)
                return func(self.view(np.ndarray), *rest, **kwargs)
            target = self._traced_base(box if box is not None else self._current())
            result = func(target, *args[1:], **kwargs)
            self._record(target)
            return result
        args, kwargs = lift_call(args, kwargs)
        if _top_box((args, tuple(kwargs.values()))) is None:
            # nothing traced: NumPy's own implementation (a TargetArray held somewhere
            # NumPy looks but we do not, e.g. a dict, must not dispatch here again)
            return getattr(func, "_implementation", func)(*args, **kwargs)
        return func(*args, **kwargs)

    def _traced_base(self, trace_box):
        """The current traced value, or a constant one of ``trace_box``'s trace."""
        cur = self._current()
        if cur is not None:
            return cur
        return _trace.constant_box(self._plain_like(trace_box), trace_box._trace)

    # ---- methods: the traced value's once there is one ------------------------------
    def _method(name, view=None):
        """ndarray method ``name``; ``view(self, args, kwargs)`` gives the (get, put)
        pair of a method that may return a view of this array."""
        plain = getattr(np.ndarray, name)

        @functools.wraps(plain)
        def method(self, *a, **k):
            cur = self._current()
            if view is not None:
                # a view stays a view (``m = y.reshape(2, 3); m[1, 2] = v`` writes y)
                result = plain(self.view(np.ndarray), *a, **k)
                if cur is None or np.may_share_memory(result, self.view(np.ndarray)):
                    return self._view_of(result, *view(self, result, a, k))
            if cur is not None:
                return getattr(cur, name)(*a, **k)
            a, k = lift_call(a, k)
            return self._view_of(plain(self.view(np.ndarray), *a, **k), None, None)
        return method

    def _reshaped(self, result, a, k):
        shape, back = result.shape, self.shape
        return (lambda p: np.reshape(p, shape), lambda p, v: np.reshape(v, back))

    def _transposed(self, result, a, k):
        axes = a[0] if len(a) == 1 and not isinstance(a[0], int) else a
        axes = tuple(range(self.ndim))[::-1] if axes in ((), None) else \
            tuple(int(i) % self.ndim for i in axes)
        return _permuted(axes)

    def _swapped(self, result, a, k):
        axes = list(range(self.ndim))
        i, j = (int(v) % self.ndim for v in a)
        axes[i], axes[j] = axes[j], axes[i]
        return _permuted(tuple(axes))

    sum = _method("sum")
    mean = _method("mean")
    prod = _method("prod")
    max = _method("max")
    min = _method("min")
    var = _method("var")
    std = _method("std")
    cumsum = _method("cumsum")
    cumprod = _method("cumprod")
    all = _method("all")
    any = _method("any")
    argmax = _method("argmax")
    argmin = _method("argmin")
    argsort = _method("argsort")
    nonzero = _method("nonzero")
    dot = _method("dot")
    clip = _method("clip")
    round = _method("round")
    conj = _method("conj")
    conjugate = _method("conjugate")
    copy = _method("copy")
    astype = _method("astype")
    flatten = _method("flatten")
    repeat = _method("repeat")
    take = _method("take")
    diagonal = _method("diagonal")
    trace = _method("trace")
    searchsorted = _method("searchsorted")
    reshape = _method("reshape", _reshaped)
    ravel = _method("ravel", _reshaped)
    squeeze = _method("squeeze", _reshaped)
    transpose = _method("transpose", _transposed)
    swapaxes = _method("swapaxes", _swapped)
    del _method

    @property
    def T(self):
        return self.transpose()

    @property
    def mT(self):
        if self.ndim < 2:
            return np.ndarray.mT.__get__(self.view(np.ndarray))
        return self.swapaxes(-1, -2)

    def sort(self, axis=-1, **k):
        cur = self._current()
        if cur is None:
            return np.ndarray.sort(self.view(np.ndarray), axis, **k)
        self._record(np.sort(cur, axis, **k))

    def fill(self, value):
        self[...] = value

    def __copy__(self):
        cur = self._current()
        return np.ndarray.copy(self).view(TargetArray) if cur is None else np.copy(cur)

    def __deepcopy__(self, memo):
        return self.__copy__()

    def __reduce__(self):
        return self.view(np.ndarray).__reduce__()

    def __repr__(self):
        return repr(self.view(np.ndarray))

    def __str__(self):
        return str(self.view(np.ndarray))


def _permuted(axes):
    inverse = tuple(int(i) for i in np.argsort(axes))
    return (lambda p: np.transpose(p, axes), lambda p, v: np.transpose(v, inverse))


def _store(target, result):
    """Write ufunc result ``result`` into out= target ``target``."""
    if isinstance(target, TargetArray):
        target._record(result)
    elif type(target) is Box:
        target._assign(result)
    elif type(result) is Box:
        raise TracerConversionError(
            "autodiff: a traced result cannot be written into a NumPy array made outside "
            "the differentiated function (out=); use the returned value")
    else:
        np.copyto(target, result, casting="unsafe")


_IN_PLACE = {np.put, np.put_along_axis, np.putmask, np.place, np.fill_diagonal, np.copyto}


def _active_levels():
    return getattr(_local, "levels", ())


def _wrap_creation(name, original):
    """``numpy.<name>`` during tracing: the original; a TargetArray when user code calls
    it on this thread (traced input: the box itself for asarray, a traced copy for
    array/copy)."""
    @functools.wraps(original)
    def create(*args, **kwargs):
        if not _depth() or not _user_caller():
            return original(*args, **kwargs)
        if name in _CONVERTERS and args:
            obj = args[0]
            dtype = kwargs.get("dtype", args[1] if len(args) > 1 else None)
            same = name in _NO_COPY and (dtype is None or np.dtype(dtype) == getattr(
                getval(obj), "dtype", None))
            if isinstance(obj, TargetArray) and same and (
                    name != "ascontiguousarray" or obj.flags.c_contiguous):
                return obj           # np.asarray(y) is y: writes into it reach y
            cur = obj._current() if isinstance(obj, TargetArray) else obj
            if type(cur) is Box:
                out = cur if name in _NO_COPY else np.copy(cur)
                return out if dtype is None else np.astype(out, dtype)
            if isinstance(obj, (list, tuple)):
                box = _top_box(obj)
                if box is not None and "like" not in kwargs:
                    return original(*args, like=box, **kwargs)
        result = original(*args, **kwargs)
        if type(result) is np.ndarray:
            return result.view(TargetArray)
        return result
    create._numpy_original = original
    return create


_CREATION = ("zeros", "ones", "empty", "full", "zeros_like", "ones_like", "empty_like",
             "full_like", "eye", "identity", "array", "asarray", "asanyarray",
             "ascontiguousarray", "copy")
_CONVERTERS = ("array", "asarray", "asanyarray", "ascontiguousarray", "copy")
_NO_COPY = ("asarray", "asanyarray", "ascontiguousarray")


@contextlib.contextmanager
def tracing(trace):
    """Around a traced call: NumPy creation by user code on this thread gives
    TargetArrays, and ``trace``'s level counts as live."""
    global _traces_running
    with _lock:
        if _traces_running == 0:
            for name in _CREATION:
                original = getattr(np, name)
                _originals[name] = original
                wrapper = _wrappers.get(name)
                if wrapper is None or wrapper._numpy_original is not original:
                    wrapper = _wrappers[name] = _wrap_creation(name, original)
                setattr(np, name, wrapper)
        _traces_running += 1
    _local.depth = _depth() + 1
    _local.levels = (*_active_levels(), trace.level)
    try:
        yield
    finally:
        _local.depth -= 1
        _local.levels = _local.levels[:-1]
        with _lock:
            _traces_running -= 1
            if _traces_running == 0:
                for name, original in _originals.items():
                    setattr(np, name, original)
                _originals.clear()


def unwrap_output(out):
    """A traced function's result with TargetArrays replaced by what they stand for
    (plain ndarrays when nothing traced was written)."""
    leaves, treedef = _pytree.flatten(out)
    if not any(isinstance(o, TargetArray) for o in leaves):
        return out
    return _pytree.unflatten(treedef, [lift(o) for o in leaves])


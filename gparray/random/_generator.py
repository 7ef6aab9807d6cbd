"""NumPy's Generator API on the device, from the counter-based Philox4x32-10 generator.

A Generator holds a 64-bit key derived from its seed (through NumPy's SeedSequence) and a
64-bit counter. Every call launches one kernel whose work-item g draws from the Philox
stream numbered counter + g, then advances the counter by the number of work-items, so a
seed always gives the same numbers (on any run, in any process) and successive calls never
share a counter. The values differ from NumPy's (a different bit generator), but the
signatures, shapes, dtypes and argument checks are NumPy's.

Deviation: where NumPy returns a Python scalar (``size=None`` and scalar parameters), a
0-d device array is returned, as CuPy does.
"""
import numbers
import operator
import threading
import warnings

import numpy as np

from .. import _creation
from .._core.views import broadcast_to
from .._engines.copying import astype
from .._engines.sort import argsort, sort
from .._engines.ufuncs import isfinite, minimum
from .._linalg_products import matmul
from .._manipulation import reshape
from .._runtime import dtypes as _dtypes
from .._runtime.devices import as_device
from .._searching import searchsorted
from . import _kernels
from ._distributions import Distributions
from ._params import (any_true as _any, cgen_real as _cgen_real, check as _check,
                      host_or_device as _host_or_device, is_device as _is_device,
                      size_shape as _size_shape)

# Outputs per work-item: four uniforms use one Philox block; rejection samplers use one
# stream per value so that a rejected draw delays nobody else.
# The plain fills draw standard values in vectorised blocks (see random_dist.cl, rng_block)
# and apply their parameters afterwards; the others draw one value per Philox stream.
_BLOCK = ("uniform", "normal", "exponential")
_POISSON_LAM_MAX = 9.223372006484771e18 - 10 * np.sqrt(9.223372006484771e18)   # NumPy's


class Generator(Distributions):
    """``Generator(bit_generator=None)``: NumPy's Generator on the device.

    ``bit_generator`` may be a seed (int, sequence of ints, ``numpy.random.SeedSequence``)
    or None for fresh entropy; ``default_rng`` is the usual way to make one.
    """

    def __init__(self, seed=None, *, device=None):
        if isinstance(seed, np.random.SeedSequence):
            seq = seed
        elif isinstance(seed, np.random.BitGenerator):
            seq = seed.seed_seq
        else:
            if seed is not None:
                arr = np.asarray(seed)
                if arr.dtype.kind not in "iu" and not (arr.dtype == object and arr.ndim == 0
                                                       and isinstance(seed, numbers.Integral)):
                    raise TypeError("SeedSequence expects int or sequence of ints for entropy "
                                    f"not {seed!r}")
                if np.any(arr < 0):
                    raise ValueError("expected non-negative integer")
            seq = np.random.SeedSequence(seed)
        self._seed_seq = seq
        self._key = tuple(int(k) for k in seq.generate_state(2, np.uint32))
        self._counter = 0
        self._lock = threading.Lock()
        self._device = as_device(device)

    def __repr__(self):
        return "Generator(Philox4x32-10)"

    @property
    def bit_generator(self):
        """NumPy's Philox seeded from the same SeedSequence (for spawning and inspection;
        the device streams do not read it)."""
        return np.random.Philox(self._seed_seq)

    def spawn(self, n_children):
        """Independent child generators (NumPy's ``Generator.spawn``)."""
        return [Generator(s, device=self._device) for s in self._seed_seq.spawn(n_children)]

    # -- the machinery every distribution shares -------------------------------------------
    def _take_streams(self, count):
        with self._lock:
            base = self._counter
            self._counter = (self._counter + count) % (1 << 64)
        return base

    def _real(self, dtype=None):
        """float32/float64 as asked (None: the device's default float)."""
        if dtype is None:
            return _dtypes.default_float(self._device)
        dtype = np.dtype(dtype)
        if dtype not in (_dtypes.float32, _dtypes.float64):
            raise TypeError(f"Unsupported dtype {dtype!r} for this distribution; "
                            "float32 and float64 are supported")
        return _dtypes.check_dtype(dtype, self._device, "random")

    def _param(self, value, real, shape):
        """(device array, stride) for one parameter: stride 0 for one value, else a
        contiguous array of ``shape``."""

        if _is_device(value):
            if value.ndim == 0:
                return astype(value.reshape((1,)), real), 0
            arr = astype(broadcast_to(value, shape), real)
            return arr, 1
        host = np.asarray(value, dtype=real)
        if host.ndim == 0:
            return _creation.asarray(host.reshape(1), device=self._device), 0
        return _creation.asarray(np.ascontiguousarray(np.broadcast_to(host, shape)),
                                 device=self._device), 1

    def _shape_for(self, size, params):
        shapes = [np.shape(p) if not _is_device(p) else p.shape for p in params]
        bshape = np.broadcast_shapes(*shapes)
        shape = _size_shape(size)
        if shape is None:
            return bshape
        try:
            if np.broadcast_shapes(bshape, shape) != shape:
                raise ValueError
        except ValueError:
            raise ValueError(f"shape mismatch: objects cannot be broadcast to a single shape. "
                             f"Mismatch is between arg 0 with shape {shape} and parameters "
                             f"with shape {bshape}") from None
        return shape

    def _draw(self, name, size, params, out_dtype, real, out=None):
        shape = self._shape_for(size, params) if out is None else out.shape
        if out is None:
            out = _creation.empty(shape, dtype=out_dtype, device=self._device)
        target = out
        if out.size and (not out.flags.c_contiguous or out._offset):
            # the kernels write whole buffers from their start
            out = _creation.empty(shape, dtype=out_dtype, device=self._device)
        if out.size and name in _BLOCK:
            self._fill_block(name, out, real)
            _apply_params(name, out, params)
        elif out.size:
            p = [self._param(v, real, shape) for v in params]
            while len(p) < 2:
                p.append(p[0])
            knl = _kernels.distribution_kernel(self._device, name, _cgen_real(real))
            base = self._take_streams(out.size)
            _kernels.run(self._device, knl, out, 1, self._key, base, p[0][0], p[0][1],
                         p[1][0], p[1][1], f"random.{name}")
        if target is not out:
            target[...] = out
        return target

    def _fill_block(self, name, out, real):
        n = out.size
        per = 64 if real == _dtypes.float32 else 32
        with self._lock:
            base = self._counter
            # rng_block uses 16 streams per work-item
            self._counter = (self._counter + (n + per - 1) // per * 16) % (1 << 64)
        _kernels.run_block(self._device, name, out, _cgen_real(real), self._key, base)

    # -- uniform and normal ------------------------------------------------------------------
    def random(self, size=None, dtype=None, out=None):
        """Floats in [0, 1) (float64 or float32). The default dtype is NumPy's float64, or
        float32 on a device without fp64."""
        dtype = self._real(dtype)
        out = self._check_out(out, size, dtype)
        return self._draw("uniform", size, (0.0, 1.0), dtype, dtype, out)

    def uniform(self, low=0.0, high=1.0, size=None):
        """Floats in [low, high) (float64)."""
        low, high = _host_or_device(low, "low"), _host_or_device(high, "high")
        real = self._real()
        if _any(_not_finite(_sub(high, low))):
            raise OverflowError("high - low range exceeds valid bounds")
        return self._draw("uniform", size, (low, high), real, real)

    def standard_normal(self, size=None, dtype=None, out=None):
        """Standard normal samples (Box-Muller on the device), float64 or float32 (default
        as for ``random``)."""
        dtype = self._real(dtype)
        out = self._check_out(out, size, dtype)
        return self._draw("normal", size, (0.0, 1.0), dtype, dtype, out)

    def normal(self, loc=0.0, scale=1.0, size=None):
        loc, scale = _host_or_device(loc, "loc"), _host_or_device(scale, "scale")
        _check(scale, _negative, "scale < 0")
        real = self._real()
        return self._draw("normal", size, (loc, scale), real, real)

    def standard_exponential(self, size=None, dtype=None, method="zig", out=None):
        dtype = self._real(dtype)
        if method not in ("zig", "inv"):
            raise ValueError(f"{method} is not a valid method")
        dtype = self._real(dtype)
        out = self._check_out(out, size, dtype)
        return self._draw("exponential", size, (1.0,), dtype, dtype, out)

    def exponential(self, scale=1.0, size=None):
        scale = _host_or_device(scale, "scale")
        _check(scale, _negative, "scale < 0")
        real = self._real()
        return self._draw("exponential", size, (scale,), real, real)

    def standard_gamma(self, shape, size=None, dtype=None, out=None):
        shape = _host_or_device(shape, "shape")
        _check(shape, _negative, "shape < 0")
        dtype = self._real(dtype)
        out = self._check_out(out, size, dtype)
        return self._draw("gamma", size, (shape, 1.0), dtype, dtype, out)

    def gamma(self, shape, scale=1.0, size=None):
        """Gamma(shape, scale) by Marsaglia-Tsang on the device."""
        shape, scale = _host_or_device(shape, "shape"), _host_or_device(scale, "scale")
        _check(shape, _negative, "shape < 0")
        _check(scale, _negative, "scale < 0")
        real = self._real()
        return self._draw("gamma", size, (shape, scale), real, real)

    def beta(self, a, b, size=None):
        a, b = _host_or_device(a, "a"), _host_or_device(b, "b")
        _check(a, _not_positive, "a <= 0")
        _check(b, _not_positive, "b <= 0")
        real = self._real()
        return self._draw("beta", size, (a, b), real, real)

    def poisson(self, lam=1.0, size=None):
        """Poisson(lam) (int64): inversion below lam = 10, PTRS above."""
        lam = _host_or_device(lam, "lam")
        _check(lam, _negative_or_nan, "lam < 0 or lam is NaN")
        _check(lam, lambda v: _greater(v, _POISSON_LAM_MAX), "lam value too large")
        real = self._real()
        return self._draw("poisson", size, (lam,), _dtypes.int64, real)

    def binomial(self, n, p, size=None):
        """Binomial(n, p) (int64): inversion when n*min(p, 1-p) < 10, BTRS otherwise."""
        n, p = _host_or_device(n, "n"), _host_or_device(p, "p")
        if not _is_device(n) and np.asarray(n).dtype.kind == "f":
            if np.any(np.asarray(n) != np.floor(np.asarray(n))):
                raise TypeError("n must be an integer")
        _check(n, _negative, "n < 0")
        _check(p, _negative, "p < 0")
        _check(p, lambda v: _greater(v, 1), "p > 1")
        _check(p, _isnan, "p is nan")
        real = self._real()
        return self._draw("binomial", size, (n, p), _dtypes.int64, real)

    # -- integers ----------------------------------------------------------------------------
    def integers(self, low, high=None, size=None, dtype=np.int64, endpoint=False):
        """Uniform integers in [low, high) (or [low, high] with ``endpoint``), unbiased."""
        dtype = np.dtype(dtype)
        if dtype.kind not in "biu":
            raise TypeError(f"Unsupported dtype {dtype!r} for integers")
        dtype = _dtypes.check_dtype(dtype, self._device, "integers")
        if high is None:
            low, high = 0, low
        low_h, high_h = _int_host(low, "low"), _int_host(high, "high")
        if dtype.kind == "b":
            lo_lim, hi_lim = 0, 1
        else:
            info = np.iinfo(dtype)
            lo_lim, hi_lim = int(info.min), int(info.max)
        if not endpoint:
            high_h = high_h - 1
        if np.any(low_h < lo_lim):
            raise ValueError("low is out of bounds for " + str(dtype))
        if np.any(high_h > hi_lim):
            raise ValueError("high is out of bounds for " + str(dtype))
        if np.any(low_h > high_h):
            raise ValueError("low > high" if endpoint else "low >= high")
        shape = self._shape_for(size, (low_h, high_h))
        out_dtype = dtype
        out = _creation.empty(shape, dtype=out_dtype, device=self._device)
        if out.size:
            rng_count = (high_h - low_h + 1)
            # (high - low + 1) mod 2^64: 0 stands for the full 64-bit range
            ranges = np.vectorize(lambda r: int(r) % (1 << 64), otypes=[np.uint64])(
                np.asarray(rng_count, dtype=object))
            lows = np.vectorize(lambda v: int(v) % (1 << 64), otypes=[np.uint64])(
                np.asarray(low_h, dtype=object))
            if lows.ndim == 0 and ranges.ndim == 0 and 0 < int(ranges) < 2**32:
                # one low and a 32-bit range: the vectorised kernel (rng_integers32)
                with self._lock:
                    base = self._counter
                    self._counter = (base + (out.size + 63) // 64 * 16) % (1 << 64)
                _kernels.run_integers32(self._device,
                                        _dtypes.uint8 if dtype.kind == "b" else dtype, out,
                                        self._key, base, int(lows), int(ranges))
                return out
            p0, s0 = self._int_param(lows, shape)
            p1, s1 = self._int_param(ranges, shape)
            knl = _kernels.integers_kernel(self._device,
                                           _dtypes.uint8 if dtype.kind == "b" else dtype)
            base = self._take_streams((out.size + 3) // 4)
            _kernels.run(self._device, knl, out, 4, self._key, base, p0, s0, p1, s1,
                         "random.integers")
        return out

    def _int_param(self, host, shape):
        host = np.asarray(host, dtype=np.uint64)
        if host.ndim == 0:
            return _creation.asarray(host.reshape(1), device=self._device), 0
        return _creation.asarray(np.ascontiguousarray(np.broadcast_to(host, shape)),
                                 device=self._device), 1

    # -- permutations and choice -------------------------------------------------------------
    def _sort_keys(self, shape):
        """Random int64 keys; argsort of them is a uniform permutation (ties have
        probability about n^2 / 2^64)."""
        return self.integers(0, np.iinfo(np.int64).max, size=shape, dtype=np.int64,
                             endpoint=True)

    def permutation(self, x, axis=0):
        """A permuted copy of ``x`` along ``axis``, or a permutation of arange(x) for an int."""

        if isinstance(x, numbers.Integral) or (isinstance(x, np.ndarray) and x.ndim == 0
                                               and x.dtype.kind in "iu"):
            n = operator.index(x)
            if n < 0:
                raise ValueError("negative dimensions are not allowed")
            return argsort(self._sort_keys((n,)))
        arr = x if _is_device(x) else _creation.asarray(x, device=self._device)
        if arr.ndim == 0:
            raise np.exceptions.AxisError("x must be an integer or at least 1-dimensional")
        axis = _normalize_axis(axis, arr.ndim)
        perm = argsort(self._sort_keys((arr.shape[axis],)))
        key = (slice(None),) * axis + (perm,)
        return arr[key]

    def shuffle(self, x, axis=0):
        """Shuffle the device array ``x`` in place along ``axis``."""
        if not _is_device(x):
            raise TypeError("shuffle works in place on a gparray array; got "
                            f"{type(x).__name__}")
        if x.ndim == 0:
            raise TypeError("object of type 'numpy.int64' has no len()")
        axis = _normalize_axis(axis, x.ndim)
        shuffled = self.permutation(x, axis=axis)
        x[...] = shuffled

    def permuted(self, x, *, axis=None, out=None):
        """Each slice along ``axis`` shuffled independently (the whole array, flattened,
        when ``axis`` is None)."""

        arr = x if _is_device(x) else _creation.asarray(x, device=self._device)
        if out is not None and out.shape != arr.shape:
            raise ValueError("out must have the same shape as x")
        if axis is None:
            flat = reshape(arr, (-1,))
            result = reshape(flat[argsort(self._sort_keys(flat.shape))],
                                     arr.shape)
        else:
            axis = _normalize_axis(axis, arr.ndim)
            order = argsort(self._sort_keys(arr.shape), axis=axis)
            grids = list(np.ogrid[tuple(slice(0, s) for s in arr.shape)])
            key = tuple(order if d == axis else _creation.asarray(g, device=self._device)
                        for d, g in enumerate(grids))
            result = arr[key]
        if out is not None:
            out[...] = result
            return out
        return result

    def choice(self, a, size=None, replace=True, p=None, axis=0, shuffle=True):
        """Samples from ``a`` (an int n means arange(n)), with or without replacement,
        uniform or with probabilities ``p``."""

        if isinstance(a, numbers.Integral) or (isinstance(a, np.ndarray) and a.ndim == 0
                                               and a.dtype.kind in "iu"):
            pop = operator.index(a)
            if pop <= 0 and not (pop == 0 and _size_shape(size) is not None
                                 and np.prod(_size_shape(size)) == 0):
                raise ValueError("a must be a positive integer unless no samples are taken")
            arr = None
        else:
            arr = a if _is_device(a) else _creation.asarray(a, device=self._device)
            if arr.ndim == 0:
                raise ValueError("a must be a sequence or an integer, not a 0-d array")
            axis = _normalize_axis(axis, arr.ndim)
            pop = arr.shape[axis]
            if pop == 0 and (size is None or np.prod(_size_shape(size)) != 0):
                raise ValueError("a cannot be empty unless no samples are taken")
        shape = _size_shape(size)
        count = 1 if shape is None else int(np.prod(shape, dtype=np.int64))
        if p is not None:
            p_host = np.asarray(p.get() if _is_device(p) else p, dtype=np.float64)
            if p_host.ndim != 1:
                raise ValueError("p must be 1-dimensional")
            if p_host.size != pop:
                raise ValueError("a and p must have same size")
            if np.any(np.isnan(p_host)) or np.any(p_host < 0):
                raise ValueError("probabilities are not non-negative")
            if abs(p_host.sum() - 1) > np.sqrt(np.finfo(np.float64).eps):
                raise ValueError("probabilities do not sum to 1")
        if not replace and count > pop:
            raise ValueError("Cannot take a larger sample than population when replace=False")
        if p is not None and not replace and np.count_nonzero(p_host) < count:
            raise ValueError("Fewer non-zero entries in p than size")
        if count == 0:
            idx = _creation.empty((0,), dtype=_dtypes.int64, device=self._device)
        elif replace:
            if p is None:
                idx = self.integers(0, pop, size=count)
            else:
                cdf = _creation.asarray((np.cumsum(p_host) / np.sum(p_host)).astype(
                    self._real()), device=self._device)
                u = self.random(count)
                idx = minimum(searchsorted(cdf, u, side="right"), pop - 1)
        else:
            if p is None:
                keys = self._sort_keys((pop,))
            else:
                # Efraimidis-Spirakis: the k smallest of E_i / p_i (E exponential) are a
                # sample without replacement proportional to p.
                probs = _creation.asarray(p_host.astype(self._real()), device=self._device)
                keys = self.standard_exponential(pop) / probs
            idx = argsort(keys)[:count]
            if not shuffle and p is None:
                idx = sort(idx)
        if shape is not None:
            idx = reshape(idx, shape)
        else:
            idx = reshape(idx, ())
        if arr is None:
            return idx
        key = (slice(None),) * axis + (idx,)
        return arr[key]

    def multivariate_normal(self, mean, cov, size=None, check_valid="warn", tol=1e-8, *,
                            method="svd"):
        """Samples of N(mean, cov). The small factorisation of ``cov`` (svd, eigh or
        cholesky, as ``method`` says) runs on the host; the samples and the product with
        the factor run on the device."""


        mean_h = np.asarray(mean.get() if _is_device(mean) else mean, dtype=np.float64)
        cov_h = np.asarray(cov.get() if _is_device(cov) else cov, dtype=np.float64)
        if method not in ("svd", "eigh", "cholesky"):
            raise ValueError("method must be one of {'eigh', 'svd', 'cholesky'}")
        if mean_h.ndim != 1:
            raise ValueError("mean must be 1 dimensional")
        if cov_h.ndim != 2 or cov_h.shape[0] != cov_h.shape[1]:
            raise ValueError("cov must be 2 dimensional and square")
        if mean_h.shape[0] != cov_h.shape[0]:
            raise ValueError("mean and cov must have same length")
        if check_valid not in ("warn", "raise", "ignore"):
            raise ValueError("check_valid must equal 'warn', 'raise', or 'ignore'")
        if method == "cholesky":
            factor = np.linalg.cholesky(cov_h)
        elif method == "eigh":
            s, v = np.linalg.eigh(cov_h)
            if check_valid != "ignore" and not np.all(s >= -tol * np.max(np.abs(s), initial=0)):
                msg = "covariance is not symmetric positive-semidefinite."
                if check_valid == "raise":
                    raise ValueError(msg)
                warnings.warn(msg, RuntimeWarning, stacklevel=2)
            factor = v * np.sqrt(np.maximum(s, 0))
        else:
            u, s, vh = np.linalg.svd(cov_h)
            if check_valid != "ignore":
                if not np.allclose(np.dot(vh.T * s, vh), cov_h, rtol=tol, atol=tol):
                    msg = "covariance is not symmetric positive-semidefinite."
                    if check_valid == "raise":
                        raise ValueError(msg)
                    warnings.warn(msg, RuntimeWarning, stacklevel=2)
            factor = (vh.T * np.sqrt(s))
        shape = () if size is None else _size_shape(size)
        d = mean_h.shape[0]
        z = self.standard_normal(shape + (d,))
        real = self._real()
        f = _creation.asarray(factor.T.astype(real), device=self._device)
        m = _creation.asarray(mean_h.astype(real), device=self._device)
        if z.size == 0:
            return z
        return matmul(z, f) + m

    def _check_out(self, out, size, dtype):
        if out is None:
            return None
        if not _is_device(out):
            raise TypeError("out must be a gparray array")
        if out.dtype != dtype:
            raise TypeError(f"Supplied output array has the wrong type. Expected {dtype}, "
                            f"got {out.dtype}")
        shape = _size_shape(size)
        if shape is not None and shape != out.shape:
            raise ValueError("size must match out.shape when used together")
        return out


def default_rng(seed=None, *, device=None):
    """A new Generator seeded from ``seed`` (int, sequence of ints, SeedSequence, None);
    an existing Generator is returned unchanged, as NumPy does."""
    if isinstance(seed, Generator):
        return seed
    return Generator(seed, device=device)


def _is_value(p, v):
    return not _is_device(p) and np.ndim(p) == 0 and p == v


def _apply_params(name, out, params):
    """The standard values in ``out`` turned into the distribution's, in place (NumPy's
    formulas: low + (high - low) u, loc + scale z, scale e)."""
    # host parameters in the output's precision (float32 on a device without fp64)
    params = [p if _is_device(p) else np.asarray(p, dtype=out.dtype) for p in params]
    if name == "uniform":
        low, high = params
        if not (_is_value(low, 0) and _is_value(high, 1)):
            out *= _sub(high, low)
            out += low
    elif name == "normal":
        loc, scale = params
        if not _is_value(scale, 1):
            out *= scale
        if not _is_value(loc, 0):
            out += loc
    elif not _is_value(params[0], 1):
        out *= params[0]


def _normalize_axis(axis, ndim):
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise np.exceptions.AxisError(axis, ndim)
    return axis % ndim


def _int_host(v, name):
    if _is_device(v):
        v = v.get()
    arr = np.asarray(v)
    if arr.dtype.kind == "f" or arr.dtype.kind not in "biuO":
        if arr.dtype.kind == "f" and np.all(arr == np.floor(arr)):
            return arr.astype(object)
        raise TypeError(f"{name} must be an integer, got {arr.dtype}")
    return arr.astype(object)


def _negative(v):
    return v < 0              # NaN passes (and gives NaN), as in NumPy


def _negative_or_nan(v):
    return ~(v >= 0)


def _not_positive(v):
    return ~(v > 0)


def _greater(v, bound):
    return v > bound


def _isnan(v):
    return v != v


def _sub(a, b):
    return a - b


def _not_finite(d):
    if _is_device(d):
        return ~isfinite(d)
    return ~np.isfinite(np.asarray(d, dtype=np.float64))

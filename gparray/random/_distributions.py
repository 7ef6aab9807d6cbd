"""The rest of NumPy's Generator distributions, on the device (gparray/kernels/random_more.cl).

``Distributions`` is a base class of ``Generator``: its methods use the Generator's key,
counter and device. Scalar distributions draw one value per Philox stream, with NumPy's
signatures, parameter broadcasting, ``size`` rules, dtypes (float64, or float32 on a device
without fp64; int64 for counts) and ValueErrors for bad parameters. The vector-valued ones
(multinomial, multivariate_hypergeometric, dirichlet) loop over categories on the host and
draw each category for all samples at once on the device. ``bytes`` returns a Python
``bytes`` object, as NumPy does, so its random bytes are read back.

As for the other distributions, ``size=None`` with scalar parameters gives a 0-d device
array where NumPy gives a Python scalar.
"""
import operator

import numpy as np

from .. import _creation
from .._core import views as _shape
from .._engines import reduction as _reductions, ufuncs as uf
from .._engines.copying import astype
from .._runtime import dtypes as _dtypes, launch as _launch, programs as _programs
from . import _kernels
from ._params import (cgen_real as _cgen_real, check as _check, host_or_device as _host_or_device,
                      is_device as _is_device, size_shape as _size_shape)

__all__ = ["Distributions"]

# by-value argument dtypes after (out, n, per, k0, k1, base, p0, s0, p1, s1, p2, s2)
_ARG_DTYPES = [None, np.int64, np.int64, np.uint32, np.uint32, np.uint64, None, np.int64,
               None, np.int64, None, np.int64]
_HYPERGEOMETRIC_MAX = 10**9       # NumPy's bound on ngood and nbad


def _kernel(device, name, real, counts=False):
    extra = "#define PTYPE long\n#define GP_PARAMS_ARE_COUNTS 1\n" if counts else \
        f"#define PTYPE {real}\n"
    source = (_kernels._source(device, real, "random_dist.cl", extra)
              + _programs.template("random_more.cl"))
    return _programs.kernel(device, source, "rng_" + name, _ARG_DTYPES)


def _real_param(value, name):
    return _host_or_device(value, name)


def _not_positive(v):
    return ~(v > 0)


def _negative(v):
    return v < 0


def _is_nan(v):
    return v != v


class Distributions:
    """NumPy's remaining Generator methods (mixed into ``Generator``)."""

    def _draw_more(self, name, size, params, out_dtype, counts=False):
        """One value per stream of kernel ``rng_<name>`` with up to three broadcast
        parameters."""
        shape = self._shape_for(size, params)
        out = _creation.empty(shape, dtype=out_dtype, device=self._device)
        if out.size == 0:
            return out
        real = self._real()
        ptype = _dtypes.int64 if counts else real
        p = [self._param(v, ptype, shape) for v in params]
        while len(p) < 3:
            p.append(p[0] if p else self._param(0.0, ptype, shape))
        knl = _kernel(self._device, name, _cgen_real(real), counts)
        base = self._take_streams(out.size)
        _launch_more(self._device, knl, out, self._key, base, p, f"random.{name}")
        return out

    # -- continuous ------------------------------------------------------------------------
    def chisquare(self, df, size=None):
        """Chi-square with ``df`` degrees of freedom (2 x gamma(df / 2))."""
        df = _real_param(df, "df")
        _check(df, lambda v: v <= 0, "df <= 0")
        return self._draw_more("chisquare", size, (df,), self._real())

    def f(self, dfnum, dfden, size=None):
        """Fisher's F: the ratio of two chi-squares over their degrees of freedom."""
        dfnum, dfden = _real_param(dfnum, "dfnum"), _real_param(dfden, "dfden")
        _check(dfnum, lambda v: v <= 0, "dfnum <= 0")
        _check(dfden, lambda v: v <= 0, "dfden <= 0")
        return self._draw_more("f", size, (dfnum, dfden), self._real())

    def standard_t(self, df, size=None):
        """Student's t with ``df`` degrees of freedom."""
        df = _real_param(df, "df")
        _check(df, lambda v: v <= 0, "df <= 0")
        return self._draw_more("standard_t", size, (df,), self._real())

    def noncentral_chisquare(self, df, nonc, size=None):
        """Non-central chi-square (degrees of freedom ``df``, non-centrality ``nonc``)."""
        df, nonc = _real_param(df, "df"), _real_param(nonc, "nonc")
        _check(df, lambda v: v <= 0, "df <= 0")
        _check(nonc, _negative, "nonc < 0")
        return self._draw_more("noncentral_chisquare", size, (df, nonc), self._real())

    def noncentral_f(self, dfnum, dfden, nonc, size=None):
        """Non-central F: a non-central chi-square over a central one, each over its
        degrees of freedom."""
        dfnum, dfden = _real_param(dfnum, "dfnum"), _real_param(dfden, "dfden")
        nonc = _real_param(nonc, "nonc")
        _check(dfnum, lambda v: v <= 0, "dfnum <= 0")
        _check(dfden, lambda v: v <= 0, "dfden <= 0")
        _check(nonc, _negative, "nonc < 0")
        return self._draw_more("noncentral_f", size, (dfnum, dfden, nonc), self._real())

    def lognormal(self, mean=0.0, sigma=1.0, size=None):
        """exp of a normal with the given mean and standard deviation."""
        mean, sigma = _real_param(mean, "mean"), _real_param(sigma, "sigma")
        _check(sigma, _negative, "sigma < 0")
        return self._draw_more("lognormal", size, (mean, sigma), self._real())

    def laplace(self, loc=0.0, scale=1.0, size=None):
        """The double exponential distribution."""
        loc, scale = _real_param(loc, "loc"), _real_param(scale, "scale")
        _check(scale, _negative, "scale < 0")
        return self._draw_more("laplace", size, (loc, scale), self._real())

    def logistic(self, loc=0.0, scale=1.0, size=None):
        """The logistic distribution."""
        loc, scale = _real_param(loc, "loc"), _real_param(scale, "scale")
        _check(scale, _negative, "scale < 0")
        return self._draw_more("logistic", size, (loc, scale), self._real())

    def gumbel(self, loc=0.0, scale=1.0, size=None):
        """The Gumbel (type I extreme value) distribution."""
        loc, scale = _real_param(loc, "loc"), _real_param(scale, "scale")
        _check(scale, _negative, "scale < 0")
        return self._draw_more("gumbel", size, (loc, scale), self._real())

    def pareto(self, a, size=None):
        """Pareto II (Lomax) with shape ``a``: exp(E / a) - 1."""
        a = _real_param(a, "a")
        _check(a, lambda v: v <= 0, "a <= 0")
        return self._draw_more("pareto", size, (a,), self._real())

    def power(self, a, size=None):
        """The power distribution on [0, 1] with exponent ``a - 1``."""
        a = _real_param(a, "a")
        _check(a, lambda v: v <= 0, "a <= 0")
        return self._draw_more("power", size, (a,), self._real())

    def rayleigh(self, scale=1.0, size=None):
        """The Rayleigh distribution with mode ``scale``."""
        scale = _real_param(scale, "scale")
        _check(scale, _negative, "scale < 0")
        return self._draw_more("rayleigh", size, (scale,), self._real())

    def standard_cauchy(self, size=None):
        """The standard Cauchy distribution (a ratio of two normals)."""
        return self._draw_more("standard_cauchy", size, (), self._real())

    def weibull(self, a, size=None):
        """The Weibull distribution with shape ``a`` (``a == 0`` gives 0)."""
        a = _real_param(a, "a")
        _check(a, _negative, "a < 0")
        return self._draw_more("weibull", size, (a,), self._real())

    def wald(self, mean, scale, size=None):
        """The Wald (inverse Gaussian) distribution."""
        mean, scale = _real_param(mean, "mean"), _real_param(scale, "scale")
        _check(mean, lambda v: v <= 0, "mean <= 0")
        _check(scale, lambda v: v <= 0, "scale <= 0")
        return self._draw_more("wald", size, (mean, scale), self._real())

    def triangular(self, left, mode, right, size=None):
        """The triangular distribution on [left, right] peaking at ``mode``."""
        left, mode = _real_param(left, "left"), _real_param(mode, "mode")
        right = _real_param(right, "right")
        _check_pair(left, mode, lambda x, y: x > y, "left > mode")
        _check_pair(mode, right, lambda x, y: x > y, "mode > right")
        _check_pair(left, right, lambda x, y: x == y, "left == right")
        return self._draw_more("triangular", size, (left, mode, right), self._real())

    def vonmises(self, mu, kappa, size=None):
        """The von Mises distribution on [-pi, pi] (mode ``mu``, concentration
        ``kappa``)."""
        mu, kappa = _real_param(mu, "mu"), _real_param(kappa, "kappa")
        _check(kappa, _negative, "kappa < 0")
        return self._draw_more("vonmises", size, (mu, kappa), self._real())

    # -- discrete ----------------------------------------------------------------------------
    def geometric(self, p, size=None):
        """Trials up to the first success (int64, at least 1)."""
        p = _real_param(p, "p")
        _check(p, lambda v: ~((v > 0) & (v <= 1)), "p <= 0, p > 1 or p contains NaNs")
        return self._draw_more("geometric", size, (p,), _dtypes.int64)

    def negative_binomial(self, n, p, size=None):
        """Failures before the n-th success (int64): a Poisson of a gamma."""
        n, p = _real_param(n, "n"), _real_param(p, "p")
        _check(n, lambda v: ~(v > 0), "n <= 0")
        _check(p, lambda v: ~((v > 0) & (v <= 1)), "p <= 0, p > 1 or p contains NaNs")
        return self._draw_more("negative_binomial", size, (n, p), _dtypes.int64)

    def logseries(self, p, size=None):
        """The logarithmic series distribution (int64, at least 1)."""
        p = _real_param(p, "p")
        _check(p, lambda v: ~((v >= 0) & (v < 1)), "p < 0, p >= 1 or p is NaN")
        return self._draw_more("logseries", size, (p,), _dtypes.int64)

    def zipf(self, a, size=None):
        """The Zipf distribution with exponent ``a > 1`` (int64)."""
        a = _real_param(a, "a")
        _check(a, lambda v: ~(v > 1), "a <= 1 or a is NaN")
        return self._draw_more("zipf", size, (a,), _dtypes.int64)

    def hypergeometric(self, ngood, nbad, nsample, size=None):
        """Good items among ``nsample`` drawn without replacement from ``ngood`` good
        and ``nbad`` bad ones (int64): the urn drawn from directly for at most 10 draws,
        Stadlober's ratio-of-uniforms method (HRUA) otherwise, as NumPy chooses."""
        good, bad = _count_param(ngood, "ngood"), _count_param(nbad, "nbad")
        sample = _count_param(nsample, "nsample")
        if np.any(good + bad < sample):
            raise ValueError("ngood + nbad < nsample")
        if np.any(good < 0):
            raise ValueError("ngood < 0")
        if np.any(bad < 0):
            raise ValueError("nbad < 0")
        if np.any(sample < 0):
            raise ValueError("nsample < 0")
        if np.any(good >= _HYPERGEOMETRIC_MAX) or np.any(bad >= _HYPERGEOMETRIC_MAX):
            raise ValueError("both ngood and nbad must be less than 1000000000")
        return self._draw_more("hypergeometric", size, (good, bad, sample), _dtypes.int64,
                               counts=True)

    # -- vector-valued ---------------------------------------------------------------------
    def multinomial(self, n, pvals, size=None):
        """Counts of ``n`` trials over the categories of ``pvals`` (its last axis), int64
        of shape ``size + (k,)`` (or the broadcast of ``n`` and ``pvals[..., 0]``): one
        binomial per category given the trials left."""
        n_h = n if _is_device(n) else np.asarray(n)
        p_h = np.asarray(pvals.get() if _is_device(pvals) else pvals, dtype=np.float64)
        if p_h.ndim < 1 or p_h.shape[-1] == 0:
            raise ValueError("pvals must have at least 1 dimension and the last dimension "
                             "of pvals must be greater than 0.")
        if np.any(~((p_h >= 0) & (p_h <= 1))):
            raise ValueError("pvals < 0, pvals > 1 or pvals contains NaNs")
        if np.any(p_h[..., :-1].sum(axis=-1) > 1.0 + 1e-12):
            raise ValueError("sum(pvals[:-1]) > 1.0")
        if not _is_device(n_h) and n_h.dtype.kind == "f" and np.any(n_h != np.floor(n_h)):
            raise TypeError("n must be an integer")
        _check(n_h, _negative, "n < 0")
        k = p_h.shape[-1]
        shape = self._shape_for(size, (n_h, p_h[..., 0]))
        real = self._real()
        left = astype(_shape.broadcast_to(
            n_h if _is_device(n_h) else _creation.asarray(n_h, device=self._device), shape),
            real)
        out = _creation.empty(shape + (k,), dtype=_dtypes.int64, device=self._device)
        mass_left = np.ones(p_h.shape[:-1])
        for j in range(k - 1):
            with np.errstate(divide="ignore", invalid="ignore"):
                prob = np.where(mass_left > 0, p_h[..., j] / mass_left, 0.0)
            prob = np.clip(np.broadcast_to(prob, shape), 0.0, 1.0)
            mass_left = mass_left - p_h[..., j]
            if out.size == 0:
                continue
            draw = self.binomial(left, prob)
            out[..., j] = draw
            left = left - astype(draw, real)
        if out.size:
            out[..., k - 1] = left
        return out

    def multivariate_hypergeometric(self, colors, nsample, size=None, method="marginals"):
        """Counts per color of ``nsample`` items drawn without replacement from an urn
        with ``colors[i]`` items of color i (int64, shape ``size + (len(colors),)``):
        one hypergeometric per color given the items left. ``method`` is accepted as in
        NumPy ('marginals' or 'count'); both give the same distribution here."""
        if method not in ("count", "marginals"):
            raise ValueError('method must be "count" or "marginals".')
        c = np.asarray(colors.get() if _is_device(colors) else colors)
        if c.ndim != 1 or (c.size and c.dtype.kind not in "iu") or np.any(c < 0):
            raise ValueError("colors must be a one-dimensional sequence of nonnegative "
                             "integers not exceeding 9223372036854775807.")
        c = c.astype(np.int64)
        nsample = operator.index(nsample)
        if nsample < 0:
            raise ValueError("nsample must be nonnegative.")
        total = int(c.sum())
        if nsample > total:
            raise ValueError("nsample > sum(colors)")
        shape = () if size is None else _size_shape(size)
        k = c.shape[0]
        out = _creation.zeros(shape + (k,), dtype=_dtypes.int64, device=self._device)
        if out.size == 0:
            return out
        left = _creation.full(shape, nsample, dtype=_dtypes.int64, device=self._device)
        remaining = total
        for j in range(k - 1):
            remaining -= int(c[j])
            draw = self._draw_more("hypergeometric", shape, (int(c[j]), remaining, left),
                                   _dtypes.int64, counts=True)
            out[..., j] = draw
            left = uf.subtract(left, draw)
        out[..., k - 1] = left
        return out

    def dirichlet(self, alpha, size=None):
        """Samples of the Dirichlet distribution (shape ``size + (k,)``): normalised
        gammas, or NumPy's stick-breaking with betas when every alpha is below 0.1
        (where the gammas underflow)."""
        a = np.asarray(alpha.get() if _is_device(alpha) else alpha, dtype=np.float64)
        if a.ndim != 1:
            raise ValueError("alpha must be a one-dimensional sequence")
        if np.any(a < 0):
            raise ValueError("alpha < 0")
        shape = () if size is None else _size_shape(size)
        k = a.shape[0]
        real = self._real()
        if k == 0 or int(np.prod(shape + (k,))) == 0:
            return _creation.empty(shape + (k,), dtype=real, device=self._device)
        if a.max() < 0.1 and a.min() > 0:
            out = _creation.empty(shape + (k,), dtype=real, device=self._device)
            rest = np.cumsum(a[::-1])[::-1]
            left = _creation.ones(shape, dtype=real, device=self._device)
            for j in range(k - 1):
                v = self.beta(a[j], rest[j + 1], size=shape)
                out[..., j] = uf.multiply(left, v)
                left = uf.multiply(left, uf.subtract(1, v))
            out[..., k - 1] = left
            return out
        g = self.standard_gamma(np.broadcast_to(a, shape + (k,)))
        return uf.divide(g, _reductions.sum(g, axis=-1, keepdims=True))

    def bytes(self, length):
        """``length`` random bytes as a Python ``bytes`` object (drawn on the device,
        read back because the result lives on the host); no bytes for a length <= 0."""
        length = int(length)            # NumPy truncates a float length
        if length <= 0:
            return b""
        return self.integers(0, 256, size=length, dtype=np.uint8).get().tobytes()


def _check_pair(x, y, bad, message):
    """ValueError(message) where ``bad(x, y)`` holds for the broadcast parameters."""
    if _is_device(x) or _is_device(y):
        if bool(_reductions.any(bad(x, y))):
            raise ValueError(message)
    elif np.any(bad(np.asarray(x), np.asarray(y))):
        raise ValueError(message)


def _count_param(value, name):
    """An int64 host array of counts (values are read back: the checks need them)."""
    arr = np.asarray(value.get() if _is_device(value) else value)
    if arr.dtype.kind == "f":
        if np.any(arr != np.floor(arr)):
            raise TypeError(f"{name} must be an integer")
    elif arr.dtype.kind not in "biu":
        raise TypeError(f"{name} must be an integer, got {arr.dtype}")
    return arr.astype(np.int64)


def _launch_more(device, knl, out, key, base, params, what):
    n = out.size
    args = [out._buf.cl, n, 1, key[0], key[1], base]
    for arr, stride in params:
        args += [arr._buf.cl, stride]
    _launch.launch(device, knl, n, args, what)

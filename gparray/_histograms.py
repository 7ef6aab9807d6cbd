"""Histograms on the device: histogram, histogram2d, histogramdd, histogram_bin_edges.

Each sample's bin comes from searchsorted on the bin edges (equivalent to NumPy's uniform
fast path, whose corrections make it agree with the edges exactly) and the bins are counted
by bincount. Bin edges are NumPy's own: the few numbers they depend on (the data's min and
max, or the given range) are read back and the edges computed by NumPy's code, so they match
bit for bit. The string estimators ('auto', 'fd', 'scott', ...) compute their statistics
(extremes, std, percentiles, mean) on the device and NumPy's formulas on those few numbers.
"""
import builtins
import operator
import warnings

import numpy as np

from . import _creation, _searching, _sets
from ._core.ndarray import ndarray
from ._core.operands import device_array
from ._engines import reduction as _reductions, ufuncs
from ._engines.compaction import where
from ._runtime import dtypes as _dtypes
from ._statistics import percentile, std

__all__ = ["histogram", "histogram2d", "histogram_bin_edges", "histogramdd"]

_range = builtins.range


def _upload(edges, device):
    """Host edges onto the device; NumPy's float64 edges become float32 on a device without
    fp64 (the default floating dtype there), as the Array API's defaults do."""
    if edges.dtype == np.float64 and not device.has_fp64:
        edges = edges.astype(np.float32)
    return _creation.asarray(edges, device=device)


def _bin_edges(a, bins, range, weights):
    """(edges as a device array, the host edges) for 1-D ``a``: NumPy's _get_bin_edges."""

    device = a._device
    if isinstance(bins, str):
        return _estimated_edges(a, bins, range, weights)
    if isinstance(bins, ndarray):
        if bins.ndim != 1:
            raise ValueError("`bins` must be 1d, when an array")
        if bins.size > 1 and bool(_reductions.any(bins[:-1] > bins[1:])):
            raise ValueError("`bins` must increase monotonically, when an array")
        return bins, None
    if np.ndim(bins) == 0:
        try:
            nbins = operator.index(bins)
        except TypeError as e:
            raise TypeError("`bins` must be an integer, a string, or an array") from e
        if nbins < 1:
            raise ValueError("`bins` must be positive, when an integer")
        edges = np.histogram_bin_edges(_proxy(a, range), nbins, range=range)
        return _upload(edges, device), edges
    edges = np.asarray(bins)
    if edges.ndim != 1:
        raise ValueError("`bins` must be 1d, when an array")
    if np.any(edges[:-1] > edges[1:]):
        raise ValueError("`bins` must increase monotonically, when an array")
    return _upload(edges, device), edges


def _proxy(a, range):
    """NumPy derives uniform edges from (min, max) or the range, and the dtype, only: a host
    stand-in of at most two elements with the same extremes gives the same edges."""

    if range is None and a.size:
        return np.array([_reductions.min(a).item(), _reductions.max(a).item()], dtype=a._dtype)
    return np.zeros(0 if a.size == 0 else 1, dtype=a._dtype)


def _ptp(a):
    return np.lib._histograms_impl._ptp(_proxy(a, None))


def _width_sqrt(x, range):
    return _ptp(x) / np.sqrt(x.size)


def _width_sturges(x, range):
    return _ptp(x) / (np.log2(x.size) + 1.0)


def _width_rice(x, range):
    return _ptp(x) / (2.0 * x.size ** (1.0 / 3))


def _width_scott(x, range):
    return (24.0 * np.pi ** 0.5 / x.size) ** (1.0 / 3.0) * std(x).item()


def _width_stone(x, range):


    n = x.size
    ptp_x = _ptp(x)
    if n <= 1 or ptp_x == 0:
        return 0

    def jhat(nbins):
        hh = ptp_x / nbins
        p_k = ufuncs.divide(histogram(x, bins=nbins, range=range)[0], n)
        return (2 - (n + 1) * _reductions.sum(ufuncs.multiply(p_k, p_k)).item()) / hh

    upper = max(100, int(np.sqrt(n)))
    nbins = min(_range(1, upper + 1), key=jhat)
    if nbins == upper:
        warnings.warn("The number of bins estimated may be suboptimal.", RuntimeWarning,
                      stacklevel=4)
    return ptp_x / nbins


def _width_doane(x, range):
    if x.size > 2:
        sg1 = np.sqrt(6.0 * (x.size - 2) / ((x.size + 1.0) * (x.size + 3)))
        sigma = std(x).item()
        if sigma > 0.0:
            temp = ufuncs.divide(ufuncs.subtract(x, _reductions.mean(x)), sigma)
            g1 = _reductions.mean(ufuncs.power(temp, 3)).item()
            return _ptp(x) / (1.0 + np.log2(x.size) + np.log2(1.0 + np.absolute(g1) / sg1))
    return 0.0


def _width_fd(x, range):
    q = percentile(x, [75, 25]).get()
    return 2.0 * np.subtract(*q) * x.size ** (-1.0 / 3.0)


def _width_auto(x, range):
    fd_bw = _width_fd(x, range)
    sturges_bw = _width_sturges(x, range)
    return min(fd_bw, sturges_bw) if fd_bw else sturges_bw


_WIDTH = {"auto": _width_auto, "doane": _width_doane, "fd": _width_fd, "rice": _width_rice,
          "scott": _width_scott, "sqrt": _width_sqrt, "sturges": _width_sturges,
          "stone": _width_stone}


def _estimated_edges(a, name, range, weights):
    """Edges for a bin estimator name, as NumPy's _get_bin_edges chooses them."""

    if name not in _WIDTH:
        raise ValueError(f"{name!r} is not a valid estimator for `bins`")
    if weights is not None:
        raise TypeError("Automated estimation of the number of bins is not supported for "
                        "weighted data")
    first_edge, last_edge = np.lib._histograms_impl._get_outer_edges(_proxy(a, range), range)
    x = a
    if range is not None and a.size:
        keep = ufuncs.logical_and(ufuncs.greater_equal(a, first_edge),
                                     ufuncs.less_equal(a, last_edge))
        if not bool(_reductions.all(keep)):
            x = _sets.select(a, keep)
    if x.size == 0:
        n_equal_bins = 1
    else:
        width = _WIDTH[name](x, (first_edge, last_edge))
        if width:
            if a._dtype.kind in "iu" and width < 1:
                width = 1
            delta = np.lib._histograms_impl._unsigned_subtract(last_edge, first_edge)
            n_equal_bins = int(np.ceil(delta / width))
        else:
            n_equal_bins = 1
    edges = np.histogram_bin_edges(_proxy(a, range), n_equal_bins, range=range)
    return _upload(edges, a._device), edges


def _bin_index(x, edges):
    """Bin number of each element of ``x`` (1-D) within ``edges``, with values equal to the
    last edge in the last bin and everything outside (and NaN) in bin len(edges) - 1."""

    nb = edges.size - 1
    x = _comparable(x, edges)
    idx = ufuncs.subtract(_searching.searchsorted(edges, x, side="right"), 1)
    idx = where(ufuncs.equal(x, edges[nb]), nb - 1, idx)
    outside = ufuncs.logical_or(ufuncs.less(idx, 0), ufuncs.greater_equal(idx, nb))
    return where(outside, nb, idx)


def _comparable(x, edges):
    """``x`` ready to compare with ``edges``: on a device without fp64, where NumPy would
    compare integers with float edges in float64, they compare in float32 (exact up to
    2**24)."""
    device = x._device
    if not device.has_fp64 and np.result_type(x._dtype, edges._dtype) == np.float64:
        return x.astype(_dtypes.default_float(device))
    return x


def _ravel(a):
    a = a.reshape(-1)
    return a


def histogram_bin_edges(a, bins=10, range=None, weights=None):
    """The bin edges ``histogram`` would use (NumPy's, computed on the host from the data's
    extremes)."""
    a = _ravel(device_array(a))
    return _bin_edges(a, bins, range, weights)[0]


def _weighted_counts(idx, weights, nbins):
    if weights is None:
        return _searching.bincount(idx, minlength=nbins + 1)[:nbins]
    if weights._dtype.kind == "c":
        re = _searching.bincount(idx, weights.real, minlength=nbins + 1)[:nbins]
        im = _searching.bincount(idx, weights.imag, minlength=nbins + 1)[:nbins]
        out = _creation.empty((nbins,), dtype=weights._dtype, device=idx._device)
        out.real[...] = re
        out.imag[...] = im
        return out
    return _searching.bincount(idx, weights, minlength=nbins + 1)[:nbins].astype(weights._dtype)


def histogram(a, bins=10, range=None, density=None, weights=None):
    """(counts, bin_edges) of ``a``: NumPy's histogram, counted on the device. Counts are
    int64, or of the weights' dtype; ``density=True`` gives float64 densities."""

    a = device_array(a)
    device = a._device
    if weights is not None:
        weights = device_array(weights, device=device)
        if weights._shape != a._shape:
            raise ValueError("weights should have the same shape as a.")
        weights = _ravel(weights)
    a = _ravel(a)
    edges, _ = _bin_edges(a, bins, range, weights)
    nbins = edges.size - 1
    idx = _bin_index(a, edges)
    counts = _weighted_counts(idx, weights, nbins)
    if density:
        db = ufuncs.subtract(edges[1:], edges[:-1])
        if counts._dtype.kind in "biu":
            counts = counts.astype(_dtypes.default_float(device))
        total = _reductions.sum(counts)
        return ufuncs.divide(ufuncs.divide(counts, db), total), edges
    return counts, edges


def histogramdd(sample, bins=10, range=None, density=None, weights=None):
    """(H, edges) of a D-dimensional ``sample`` ((N, D) array or D 1-D arrays): NumPy's
    histogramdd, binned with searchsorted and counted with bincount on the device."""

    if not isinstance(sample, (list, tuple)):
        sample = device_array(sample)
    if isinstance(sample, ndarray):
        if sample.ndim > 2:
            raise ValueError("histogramdd: sample must be (N, D) or a sequence of arrays")
        columns = [sample[:, i] for i in _range(sample._shape[1])] if sample.ndim == 2 \
            else [sample.reshape(-1)]
    else:
        device = next((s._device for s in sample if isinstance(s, ndarray)), None)
        columns = [device_array(s, device=device).reshape(-1) for s in sample]
    D = len(columns)
    if weights is not None:
        weights = device_array(weights, device=columns[0]._device)
    try:
        M = len(bins)
        if M != D:
            raise ValueError("The dimension of bins must be equal to the dimension of the "
                             "sample x.")
    except TypeError:
        bins = D * [bins]
    if range is None:
        range = (None,) * D
    elif len(range) != D:
        raise ValueError("range argument must have one entry per dimension")
    edges, nbin, dedges = [], [], []
    for i in _range(D):
        col = columns[i]
        if np.ndim(bins[i]) == 0:
            if bins[i] < 1:
                raise ValueError(f"`bins[{i}]` must be positive, when an integer")
            try:
                n = operator.index(bins[i])
            except TypeError as e:
                raise TypeError(f"`bins[{i}]` must be an integer, when a scalar") from e
            smin, smax = np.lib._histograms_impl._get_outer_edges(_proxy(col, range[i]),
                                                                  range[i])
            e = _upload(np.linspace(smin, smax, n + 1), col._device)
        elif np.ndim(bins[i]) == 1:
            e = device_array(bins[i], device=col._device)
            if e.size > 1 and bool(_reductions.any(e[:-1] > e[1:])):
                raise ValueError(f"`bins[{i}]` must be monotonically increasing, when an "
                                 "array")
        else:
            raise ValueError(f"`bins[{i}]` must be a scalar or 1d array")
        edges.append(e)
        nbin.append(e.size + 1)
        dedges.append(ufuncs.subtract(e[1:], e[:-1]))
    xy = None
    for i in _range(D):
        columns[i] = _comparable(columns[i], edges[i])
        count = _searching.searchsorted(edges[i], columns[i], side="right")
        on_edge = ufuncs.equal(columns[i], edges[i][-1])
        count = where(on_edge, ufuncs.subtract(count, 1), count)
        stride = int(np.prod(nbin[i + 1:], dtype=np.int64))
        term = ufuncs.multiply(count, stride)
        xy = term if xy is None else ufuncs.add(xy, term)
    total = int(np.prod(nbin, dtype=np.int64))
    hist = _searching.bincount(xy, weights, minlength=total)
    hist = hist.reshape(tuple(nbin)).astype(_dtypes.default_float(hist._device))
    hist = hist[(slice(1, -1),) * D].copy()
    if density:
        s = _reductions.sum(hist)
        for i in _range(D):
            shape = [1] * D
            shape[i] = nbin[i] - 2
            hist = ufuncs.divide(hist, dedges[i].reshape(tuple(shape)))
        hist = ufuncs.divide(hist, s)
    return hist, edges


def histogram2d(x, y, bins=10, range=None, density=None, weights=None):
    """(H, xedges, yedges): NumPy's histogram2d on the device (through histogramdd)."""
    if len(x) != len(y):
        raise ValueError("x and y must have the same length.")
    try:
        N = len(bins)
    except TypeError:
        N = 1
    if N not in (1, 2):
        xedges = yedges = device_array(bins)
        bins = [xedges, yedges]
    hist, edges = histogramdd([x, y], bins, range, density, weights)
    return hist, edges[0], edges[1]

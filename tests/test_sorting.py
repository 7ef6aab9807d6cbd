"""sort, argsort, lexsort, partition, argpartition and sort_complex against NumPy: every
dtype, every axis, contiguous/transposed/step-sliced/0-d/empty layouts, duplicates
(stability), NaN/inf/-0.0, descending (the Array API's), the radix and short-row paths,
hypothesis shapes, NumPy's errors, dispatch from np.<name>, and no host copy inside sort."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import gparray
from gparray._core import interop as _interop
from conftest import ALL_DTYPES, assert_same, raises_same, sample


def with_duplicates(dtype, n, seed=0):
    """sample() with half the values rounded, so that equal keys (and -0.0/0.0) repeat."""
    vals = sample(dtype, n, seed=seed)
    if vals.dtype.kind in "fc":
        vals[n // 2:] = np.round(vals[n // 2:])
    elif vals.dtype.kind in "iu" and n > 8:
        vals[n // 2:] = vals[n // 2:] % 3
    return vals


def layouts(vals):
    yield "1-d", vals
    yield "2-d", vals[:60].reshape(6, 10)
    yield "transposed", vals[:60].reshape(6, 10).T
    yield "step-sliced", vals[::-3]
    yield "3-d", vals[:60].reshape(3, 4, 5)
    yield "empty", vals[:0]
    yield "empty-2d", vals[:0].reshape(0, 4)


def _axes(ndim):
    return [None] + list(range(-ndim, ndim))


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
def test_sort_and_argsort_match_numpy_stable(dtype):
    host = with_duplicates(dtype, 90)
    for label, h in layouts(host):
        d = gparray.asarray(h)
        for axis in _axes(h.ndim):
            assert_same(np.argsort(h, axis=axis, kind="stable"), gparray.argsort(d, axis=axis))
            assert_same(np.sort(h, axis=axis, kind="stable"), gparray.sort(d, axis=axis))
    # 0-d: flattened with axis=None, an AxisError along -1
    z = host[5]
    assert_same(np.sort(np.asarray(z), axis=None), gparray.sort(gparray.asarray(z), axis=None))
    assert_same(np.argsort(np.asarray(z)), gparray.argsort(gparray.asarray(z)))
    raises_same(lambda: np.sort(np.asarray(z)), lambda: gparray.sort(gparray.asarray(z)))


def _np_descending_argsort(h, axis):
    # array-api-strict's definition: stable, equal elements keep their order
    flipped = np.flip(np.argsort(np.flip(h, axis=axis), axis=axis, kind="stable"), axis=axis)
    return h.shape[axis] - 1 - flipped


@pytest.mark.parametrize("dtype", ["int8", "uint32", "int64", "float16", "float32", "float64",
                                   "complex64", "complex128", "bool"])
def test_descending(dtype):
    host = with_duplicates(dtype, 60).reshape(6, 10)
    d = gparray.asarray(host)
    for axis in (0, 1, -1):
        assert_same(_np_descending_argsort(host, axis),
                    gparray.argsort(d, axis=axis, descending=True))
        assert_same(np.flip(np.sort(host, axis=axis), axis=axis),
                    gparray.sort(d, axis=axis, descending=True, stable=True))


@pytest.mark.parametrize("dtype", ["int8", "uint16", "float32", "float64", "complex128"])
@pytest.mark.parametrize("shape,axis", [((100_000,), 0), ((3, 20_000), 1), ((20_000, 3), 0),
                                        ((500, 40), 1), ((40, 500), 0), ((300, 128), 1),
                                        ((129, 300), 0), ((7, 1), 1)])
def test_rank_and_radix_paths_are_stable(dtype, shape, axis):
    """Rows up to RANK_ROW sort by rank, longer ones by radix passes (with the constant high
    digits skipped from SKIP_CHECK keys on)."""
    rng = np.random.default_rng(1)
    host = rng.integers(-50, 50, shape).astype(dtype)
    if host.dtype.kind in "fc":
        host[tuple(rng.integers(0, n, 30) for n in shape)] = np.nan
        host[tuple(rng.integers(0, n, 30) for n in shape)] = -0.0
    d = gparray.asarray(host)
    assert_same(np.argsort(host, axis=axis, kind="stable"), gparray.argsort(d, axis=axis))
    assert_same(np.sort(host, axis=axis), gparray.sort(d, axis=axis))
    assert_same(host, d)       # the input is left as it was


def test_special_float_and_complex_order():
    f = np.array([np.nan, 1.0, -np.inf, -0.0, 0.0, np.inf, -1.0, np.nan, -0.0, 5e-324, -5e-324])
    assert_same(np.argsort(f, kind="stable"), gparray.argsort(gparray.asarray(f)))
    c = np.array([complex(np.nan, np.nan), complex(1, np.nan), complex(np.nan, 1), 2 + 0j,
                  complex(np.nan, -1), complex(-3, np.nan), 1 - 1j, 1 + 1j, -0.0 + 0j,
                  complex(0, -0.0), complex(np.inf, 1), complex(1, np.inf)])
    for dt in (np.complex64, np.complex128):
        assert_same(np.argsort(c.astype(dt), kind="stable"),
                    gparray.argsort(gparray.asarray(c.astype(dt))))
    h = np.array([np.nan, 1, -np.inf, -0.0, 0.0, 65504, -65504, 6e-8], dtype=np.float16)
    assert_same(np.argsort(h, kind="stable"), gparray.argsort(gparray.asarray(h)))


@settings(max_examples=25, deadline=None)
@given(shape=st.lists(st.integers(0, 7), min_size=1, max_size=3),
       data=st.data(), dtype=st.sampled_from(["int16", "float32", "uint64"]))
def test_hypothesis_shapes(shape, data, dtype):
    n = int(np.prod(shape))
    values = data.draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n))
    host = np.array(values, dtype=np.int64).astype(dtype).reshape(shape)
    axis = data.draw(st.sampled_from(_axes(len(shape))))
    d = gparray.asarray(host)
    assert_same(np.argsort(host, axis=axis, kind="stable"), gparray.argsort(d, axis=axis))
    assert_same(np.sort(host, axis=axis), gparray.sort(d, axis=axis))


def _check_partition(h, part, kth, axis):
    """``part`` (host) is a partition of ``h`` around each kth along ``axis``."""
    ref = np.sort(h, axis=axis)
    part = np.moveaxis(part, axis, -1)
    ref = np.moveaxis(ref, axis, -1)
    for k in np.atleast_1d(kth):
        np.testing.assert_array_equal(part[..., k], ref[..., k])
        assert (part[..., :k] <= part[..., k:k + 1]).all()
        assert (part[..., k + 1:] >= part[..., k:k + 1]).all()


@pytest.mark.parametrize("dtype", ["int32", "float32", "float64", "uint8"])
def test_partition_and_argpartition(dtype):
    host = sample(dtype, 60, special=False).reshape(6, 10)
    d = gparray.asarray(host)
    for axis, kth in [(-1, 3), (0, [0, 5]), (1, -1), (None, 17)]:
        p = gparray.partition(d, kth, axis=axis)
        assert p.dtype == host.dtype and p.shape == np.partition(host, kth, axis=axis).shape
        h_ax = host.ravel() if axis is None else host
        ax = 0 if axis is None else axis
        kk = np.array(kth) % h_ax.shape[ax]
        _check_partition(h_ax, p.get(), kk, ax)
        ip = gparray.argpartition(d, kth, axis=axis)
        assert ip.dtype == np.int64
        _check_partition(h_ax, np.take_along_axis(h_ax, ip.get(), axis=ax), kk, ax)


def test_lexsort():
    rng = np.random.default_rng(3)
    keys = [rng.integers(0, 3, 40).astype(np.int8), rng.standard_normal(40).round(),
            rng.integers(0, 2, 40).astype(bool), (rng.integers(0, 2, 40) * 1j).astype(np.complex128)]
    keys[1][:4] = [np.nan, -0.0, 0.0, np.nan]
    dev = [gparray.asarray(k) for k in keys]
    for m in (1, 2, 4):
        assert_same(np.lexsort(keys[:m]), gparray.lexsort(dev[:m]))
        assert_same(np.lexsort(tuple(keys[:m])), gparray.lexsort(tuple(dev[:m])))
    two_d = rng.integers(0, 3, (3, 5, 8))
    for axis in (0, 1, -1):
        assert_same(np.lexsort(two_d, axis=axis), gparray.lexsort(gparray.asarray(two_d), axis=axis))
    raises_same(lambda: np.lexsort([]), lambda: gparray.lexsort([]))
    raises_same(lambda: np.lexsort([keys[0], keys[1][:5]]),
                lambda: gparray.lexsort([dev[0], dev[1][:5]]))


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
def test_sort_complex(dtype):
    host = sample(dtype, 30).reshape(3, 10)
    assert_same(np.sort_complex(host), gparray.sort_complex(gparray.asarray(host)))


def test_errors_match_numpy():
    h = np.arange(5.0)
    d = gparray.asarray(h)
    cases = [
        (lambda x: np.sort(x, kind="foo"), lambda x: gparray.sort(x, kind="foo")),
        (lambda x: np.sort(x, kind=""), lambda x: gparray.sort(x, kind="")),
        (lambda x: np.sort(x, kind=3), lambda x: gparray.sort(x, kind=3)),
        (lambda x: np.sort(x, kind="stable", stable=True),
         lambda x: gparray.sort(x, kind="stable", stable=True)),
        (lambda x: np.argsort(x, order="f"), lambda x: gparray.argsort(x, order="f")),
        (lambda x: np.sort(x, axis=1), lambda x: gparray.sort(x, axis=1)),
        (lambda x: np.argsort(x, axis=-2), lambda x: gparray.argsort(x, axis=-2)),
        (lambda x: np.partition(x, 5), lambda x: gparray.partition(x, 5)),
        (lambda x: np.partition(x, -6), lambda x: gparray.partition(x, -6)),
        (lambda x: np.partition(x, True), lambda x: gparray.partition(x, True)),
        (lambda x: np.partition(x, 1.0), lambda x: gparray.partition(x, 1.0)),
        (lambda x: np.argpartition(x, 1, kind="quick"),
         lambda x: gparray.argpartition(x, 1, kind="quick")),
        (lambda x: np.partition(x[0], 0), lambda x: gparray.partition(x[0], 0)),
        (lambda x: np.argpartition(x[0], 1), lambda x: gparray.argpartition(x[0], 1)),
        (lambda x: np.lexsort(x[0]), lambda x: gparray.lexsort(x[0])),
    ]
    for f_np, f_gp in cases:
        raises_same(lambda: f_np(h), lambda: f_gp(d))
    assert_same(np.argpartition(h[0], 0), gparray.argpartition(d[0], 0))
    assert_same(np.asarray(np.lexsort(h)), gparray.lexsort(d))      # 1-D keys: 0-d keys
    # kind spellings NumPy accepts
    for kind in ("quicksort", "mergesort", "heapsort", "stable", "s"):
        assert_same(np.sort(h, kind=kind), gparray.sort(d, kind=kind))


def test_numpy_functions_dispatch_to_the_device():
    h = sample("float32", 24).reshape(4, 6)
    d = gparray.asarray(h)
    assert_same(np.sort(h), np.sort(d))
    assert_same(np.argsort(h, axis=0, kind="stable"), np.argsort(d, axis=0))
    # NumPy dispatches lexsort on a tuple of keys (a list is converted by NumPy itself)
    assert_same(np.lexsort((h[0], h[1])), np.lexsort((d[0], d[1])))
    assert_same(np.sort_complex(h), np.sort_complex(d))
    assert isinstance(np.partition(d, 2), gparray.ndarray)
    assert isinstance(np.argpartition(d, 2), gparray.ndarray)


def test_sort_stays_on_the_device(monkeypatch):
    """Only scalars come back during a sort (the extremes of the keys, which tell which radix
    digits are constant); the data never leaves the device."""
    h = with_duplicates("float64", 100_000)
    d = gparray.asarray(h)
    real_to_host = _interop.to_host

    def scalars_only(a, copy):
        assert a.size == 1, f"sort copied {a.size} elements to the host"
        return real_to_host(a, copy)

    monkeypatch.setattr(_interop, "to_host", scalars_only)
    s, i = gparray.sort(d), gparray.argsort(d, descending=True)
    gparray.synchronize()
    monkeypatch.undo()
    assert_same(np.sort(h), s)
    assert_same(_np_descending_argsort(h, 0), i)


def test_in_place_method_helpers():
    from gparray._engines import sort as _sorting

    h = with_duplicates("float32", 60).reshape(6, 10)
    for axis in (0, 1, -1):
        expected, d = h.copy(), gparray.asarray(h)
        view = d[:, ::2]
        expected[:, ::2].sort(axis=axis)
        _sorting.sort_inplace(view, axis=axis)
        assert_same(expected, d)
        finite = sample("float32", 60, special=False).reshape(6, 10)
        d = gparray.asarray(finite)
        _sorting.partition_inplace(d, 2, axis=axis)
        _check_partition(finite, d.get(), np.array([2]), axis)
    raises_same(lambda: h.copy().sort(axis=None),
                lambda: _sorting.sort_inplace(gparray.asarray(h), axis=None))
    raises_same(lambda: np.array(3.0).sort(),
                lambda: _sorting.sort_inplace(gparray.asarray(np.array(3.0))))

"""ndarray basics against NumPy: attributes, basic indexing (views), assignment, reshape,
conversions, repr, pickling, iteration."""
import copy
import pickle
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import gparray
from conftest import ALL_DTYPES, assert_same, raises_same, sample


def pair(shape=(4, 5, 6), dtype="float64"):
    host = sample(dtype, int(np.prod(shape)), special=False).reshape(shape)
    return host, gparray.asarray(host)


def test_attributes_match_numpy():
    for dtype in ALL_DTYPES:
        host, dev = pair((3, 4), dtype)
        for attr in ("shape", "strides", "ndim", "size", "nbytes", "itemsize", "dtype"):
            assert getattr(dev, attr) == getattr(host, attr), attr
        assert dev.T.strides == host.T.strides
        assert dev.mT.shape == np.swapaxes(host, -1, -2).shape
        assert dev.flags.c_contiguous and not dev.T.flags.c_contiguous and dev.T.flags.f_contiguous
        assert dev.flags["C_CONTIGUOUS"]


BASIC_KEYS = [0, -1, (1, 2), (slice(None), 3), (Ellipsis, 2), (None, 1), (slice(1, None, 2),),
              (slice(None, None, -1), slice(4, 0, -2)), (1, Ellipsis, None, slice(2, 5)),
              (slice(10, 20),), (-2, -3, -4), ()]


@pytest.mark.parametrize("key", BASIC_KEYS, ids=repr)
def test_basic_indexing_gives_views_like_numpy(key):
    host, dev = pair()
    view = dev[key]
    assert_same(host[key], view)
    assert view.strides == host[key].strides if np.ndim(host[key]) else True
    assert gparray.shares_memory(view, dev) == np.shares_memory(host[key], host)


@pytest.mark.parametrize("make,key", [((2, 3), (1, 2)), ((2, 3), (-1, 0)), ((4,), 3), ((), ()),
                                      ((2, 3), (1, Ellipsis, 2)), ((), Ellipsis),
                                      ((2, 3), (1, 2, None))], ids=repr)
def test_indexing_down_to_0d_copies_unless_ellipsis(make, key):
    # NumPy gives a scalar (a copy) for a 0-d result without Ellipsis, else a view.
    host = np.arange(1, 1 + int(np.prod(make))).reshape(make)
    dev = gparray.asarray(host)
    hr, dr = host[key], dev[key]
    host[...] = 0
    dev[...] = 0
    assert_same(hr, dr)
    assert_same(np.flip(np.array(5))[()], gparray.flip(gparray.asarray(5)))


@pytest.mark.parametrize("key", [(5,), (0, 0, 6), (0, 0, 0, 0), 1.5, (Ellipsis, Ellipsis), (-5,)],
                         ids=repr)
def test_bad_basic_index_raises_like_numpy(key):
    host, dev = pair()
    raises_same(lambda: host[key], lambda: dev[key])


def test_setitem_basic_from_scalars_numpy_and_device_arrays():
    host, dev = pair()
    for key, value in [((0,), 1.5), ((slice(None), 1), np.arange(6.0)),
                       ((Ellipsis, 2), gparray.full((4, 5), -3.0)),
                       ((slice(None, None, -2), slice(1, 4)), np.ones((3, 6))),
                       ((1, 2, 3), np.float32(9)), ((2,), [[7.0] * 6] * 5)]:
        host[key] = value if not isinstance(value, gparray.ndarray) else value.get()
        dev[key] = value
        assert_same(host, dev)
    raises_same(lambda: host.__setitem__((0,), np.ones(4)), lambda: dev.__setitem__((0,), np.ones(4)))
    ints = gparray.zeros(3, dtype=np.int8)
    with pytest.raises(OverflowError):
        ints[0] = 300
    ints[1] = 2.7
    assert ints.tolist() == [0, 2, 0]


def test_overlapping_assignment_behaves_as_a_copy():
    host, dev = np.arange(10.0), gparray.arange(10.0)
    host[1:] = host[:-1]
    dev[1:] = dev[:-1]
    assert_same(host, dev)


READ_ONLY_VIEWS = [("broadcast_to", lambda xp, a: xp.broadcast_to(a[0], (3, 4))),
                   ("slice of broadcast_to", lambda xp, a: xp.broadcast_to(a[:, :1], (3, 4))[1:]),
                   ("diagonal", lambda xp, a: a.diagonal())]
WRITES = [("setitem", lambda xp, v: v.__setitem__(0, 5)),
          ("setitem mask", lambda xp, v: v.__setitem__(xp.asarray(v > 100), 5)),
          ("setitem ints", lambda xp, v: v.__setitem__(xp.asarray([0]), 5)),
          ("fill", lambda xp, v: v.fill(5)),
          ("iadd", lambda xp, v: v.__iadd__(1)),
          ("out=", lambda xp, v: xp.add(v, 1, out=v))]


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w[0])
@pytest.mark.parametrize("view", READ_ONLY_VIEWS, ids=lambda v: v[0])
def test_writes_into_read_only_views_raise_like_numpy(view, write):
    host = np.arange(12.0).reshape(3, 4)
    dev = gparray.asarray(host)
    hv, dv = view[1](np, host), view[1](gparray, dev)
    assert dv.flags.writeable == hv.flags.writeable == False
    raises_same(lambda: write[1](np, hv), lambda: write[1](gparray, dv))
    assert_same(host, dev)
    assert dv.copy().flags.writeable


@pytest.mark.parametrize("dtype", ["int8", "uint64", "float32", "bool", "complex64"])
@pytest.mark.parametrize("value", [float("nan"), float("inf"), 1e300, 300.0, -2.7, 1j, True])
@pytest.mark.parametrize("key", [0, slice(None)], ids=repr)
def test_python_scalar_assignment_converts_like_numpy(dtype, value, key):
    host = np.zeros(3, dtype)
    dev = gparray.asarray(host)
    try:
        with np.errstate(all="ignore"):
            host[key] = value
    except Exception:
        raises_same(lambda: host.__setitem__(key, value), lambda: dev.__setitem__(key, value))
        return
    if value == -2.7 and dtype == "uint64":
        return      # NumPy's float-to-unsigned cast of a negative value is platform-defined
    dev[key] = value
    assert_same(host, dev)


@pytest.mark.parametrize("shape", [(120,), (6, 20), (2, 3, 4, 5), (-1, 8), (5, -1, 3)])
def test_reshape_view_or_copy_like_numpy(shape):
    host, dev = pair()
    assert_same(host.reshape(shape), dev.reshape(shape))
    assert gparray.shares_memory(dev.reshape(shape), dev)
    t_host, t_dev = host.transpose(1, 0, 2), dev.transpose(1, 0, 2)
    assert_same(t_host.reshape(shape), t_dev.reshape(shape))
    assert_same(host.reshape(shape, order="F"), dev.reshape(shape, order="F"))
    raises_same(lambda: host.reshape(7, -1), lambda: dev.reshape(7, -1))
    with pytest.raises(ValueError):
        dev.T.reshape(-1, copy=False)


def test_ravel_flatten_transpose_squeeze():
    host, dev = pair((3, 1, 4))
    assert_same(host.ravel(), dev.ravel())
    assert_same(host.T.ravel(), dev.T.ravel())
    assert_same(host.flatten(), dev.flatten())
    assert not gparray.shares_memory(dev.flatten(), dev)
    assert_same(host.squeeze(), dev.squeeze())
    assert_same(np.squeeze(host, 1), np.squeeze(dev, 1))
    assert_same(host.transpose(2, 0, 1), dev.transpose(2, 0, 1))
    assert_same(host.swapaxes(0, 2), dev.swapaxes(0, 2))
    raises_same(lambda: host.squeeze(0), lambda: dev.squeeze(0))
    with pytest.raises(np.exceptions.AxisError):
        dev.squeeze(5)


@pytest.mark.parametrize("src", ALL_DTYPES, ids=str)
def test_astype_matches_numpy(src):
    host = sample(src, 30)
    dev = gparray.asarray(host)
    for dst in ALL_DTYPES:
        with np.errstate(all="ignore"), pytest.warns() if False else _quiet():
            expected = host.astype(dst)
            actual = dev.astype(dst)
        if src.kind == "f" and dst.kind in "iu":
            finite = np.isfinite(host) & (np.abs(host.astype(np.float64)) < 100)
            np.testing.assert_array_equal(actual.get()[finite], expected[finite])
            continue
        if src.kind == "c" and dst.kind in "iu":
            finite = np.isfinite(host) & (np.abs(host) < 100)
            np.testing.assert_array_equal(actual.get()[finite], expected[finite])
            continue
        assert_same(expected, actual)


class _quiet:
    def __enter__(self):
        import warnings

        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        return self._w.__exit__(*exc)


def test_scalar_conversions_and_iteration():
    dev = gparray.asarray([[1.5, 2.0], [3.0, 4.0]])
    assert float(dev[0, 0]) == 1.5 and int(dev[1, 1]) == 4 and complex(dev[0, 1]) == 2 + 0j
    assert bool(dev[0, 0]) is True
    assert dev[1, 0].item() == 3.0 and dev.item(3) == 4.0
    assert len(dev) == 2
    assert [row.tolist() for row in dev] == [[1.5, 2.0], [3.0, 4.0]]
    assert [1, 2, 3][gparray.asarray(1)] == 2
    with pytest.raises(ValueError):
        bool(dev)
    with pytest.raises(TypeError):
        len(dev[0, 0])
    with pytest.raises(TypeError):
        iter(dev[0, 0]).__next__()
    with pytest.raises(TypeError):
        [1, 2][gparray.asarray(1.0)]


@pytest.mark.parametrize("conv", [int, float, complex, bool], ids=lambda f: f.__name__)
@pytest.mark.parametrize("host", [np.array(1j), np.array(2.5), np.array([1.0]), np.array([[2]]),
                                  np.array([1, 2])], ids=repr)
def test_scalar_conversions_raise_like_numpy(host, conv):
    # int()/float() of a complex array and, in NumPy releases where the deprecation has
    # expired, of a 1-element array with ndim > 0 are TypeErrors.
    dev = gparray.asarray(host)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = conv(host)
    except Exception:
        raises_same(lambda: conv(host), lambda: conv(dev))
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = conv(dev)
    assert type(got) is type(expected) and got == expected


def test_repr_str_and_pickle():
    host = np.array([[1.0, 2.5], [3.0, -4.0]], dtype=np.float32)
    dev = gparray.asarray(host)
    assert repr(dev) == repr(host)[:-1] + f", device='{dev.device}')"
    assert str(dev) == str(host)
    assert repr(gparray.asarray(7)) == f"array(7, device='{dev.device}')"
    again = pickle.loads(pickle.dumps(dev[:, ::-1]))
    assert_same(host[:, ::-1], again)
    assert_same(host, copy.deepcopy(dev))


def test_real_and_imag_are_views():
    host = sample("complex64", 12).reshape(3, 4)
    dev = gparray.asarray(host)
    assert_same(host.real, dev.real)
    assert_same(host.imag, dev.imag)
    dev.imag[...] = 1.0
    host.imag[...] = 1.0
    assert_same(host, dev)


@settings(max_examples=60, deadline=None)
@given(hnp.basic_indices(shape=(4, 3, 5), allow_newaxis=True, allow_ellipsis=True))
def test_hypothesis_basic_indices_get_and_set(key):
    host, dev = pair((4, 3, 5))
    assert_same(host[key], dev[key])
    host[key] = -1.0
    dev[key] = -1.0
    assert_same(host, dev)


def test_methods_that_forward_to_the_namespace():
    host = sample("float64", 24, special=False).reshape(4, 6)
    dev = gparray.asarray(host)
    assert_same(host.argmax(axis=1), dev.argmax(axis=1))
    assert_same(host.argmin(), dev.argmin())
    assert_same(host.var(axis=0, ddof=1), dev.var(axis=0, ddof=1), rtol=1e-12)
    assert_same(host.std(), dev.std(), rtol=1e-12)
    assert_same(host.cumsum(axis=1), dev.cumsum(axis=1), rtol=1e-12)
    assert_same(host.cumprod(), dev.cumprod(), rtol=1e-12)
    assert_same(np.ptp(host, axis=0), np.ptp(dev, axis=0))
    assert_same(host.argsort(axis=0), dev.argsort(axis=0))
    assert_same(host.clip(-1, 1), dev.clip(-1, 1))
    assert_same(host.round(2), dev.round(2))
    assert_same(host.trace(), dev.trace(), rtol=1e-12)
    assert_same(host.diagonal(1), dev.diagonal(1))
    assert_same(host.repeat(2, axis=0), dev.repeat(2, axis=0))
    assert_same(np.sort(host[0]).searchsorted(0.1), np.sort(dev[0]).searchsorted(0.1))
    h2, d2 = host.copy(), dev.copy()
    h2.sort(axis=0)
    assert d2.sort(axis=0) is None
    assert_same(h2, d2)
    h3, d3 = host.copy(), dev.copy()
    h3.partition(2, axis=1)
    d3.partition(2, axis=1)
    assert_same(h3[:, 2], d3[:, 2])
    assert_same(host.nonzero()[0], dev.nonzero()[0])


@pytest.mark.parametrize("dtype", ["uint64", "int8", "float32", "bool", "complex64"])
@pytest.mark.parametrize("value", [[-3], [300], [float("nan")], [1.5], [1j], [[1, 2, 3]],
                                   [True, 2, 3.5], (1, 2, 3)], ids=repr)
def test_sequence_assignment_converts_to_the_destination_dtype(dtype, value):
    # NumPy converts a list straight to the target's dtype: [-3] into uint64 overflows.
    host = np.zeros(3, dtype)
    dev = gparray.asarray(host)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            host[:] = value
    except Exception:
        raises_same(lambda: host.__setitem__(slice(None), value),
                    lambda: dev.__setitem__(slice(None), value))
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dev[:] = value
    assert_same(host, dev)

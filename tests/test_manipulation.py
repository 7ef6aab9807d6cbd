"""Shape and layout functions against NumPy: reshape, ravel, moveaxis, rollaxis,
permute_dims, matrix_transpose, atleast_*d, broadcast_arrays/broadcast_shapes,
asfortranarray, copyto, resize, shape/ndim/size. Values, dtypes, shapes, views exactly where
NumPy gives views, errors, and dispatch from ``np.<name>``.

The helpers at the top (layouts, ``check``) are shared with test_join and test_rearrange.
"""
import numpy as np
import pytest

import gparray
from conftest import ALL_DTYPES, assert_same, raises_same, sample

# Input layouts, built the same way from a (2, 3, 4) base in NumPy and in gparray.
LAYOUTS = {
    "contiguous": lambda a: a,
    "transposed": lambda a: a.T,
    "stepped": lambda a: a[::-1, ::2],
    "broadcast": lambda a: (np if isinstance(a, np.ndarray) else gparray).broadcast_to(
        a[:1, :1], (2, 3, 4)),
    "empty": lambda a: a[:, :0],
    "0d": lambda a: a[1, 2, 3, ...],
}
SOME_DTYPES = [np.dtype(t) for t in ("bool", "int8", "uint16", "int64", "float32",
                                     "float64", "complex64")]


def pair(layout="contiguous", dtype="float64", shape=(2, 3, 4), seed=0):
    base = sample(dtype, int(np.prod(shape)), seed=seed, special=False).reshape(shape)
    dev = gparray.asarray(base)
    return LAYOUTS[layout](base), LAYOUTS[layout](dev)


def same(expected, actual, views_of=None):
    """``actual`` matches NumPy's ``expected`` (arrays, or lists/tuples of them, or plain
    values); with ``views_of=(np_in, gp_in)`` also whether each result shares memory with
    the input exactly when NumPy's does."""
    if isinstance(expected, (list, tuple)):
        assert isinstance(actual, (list, tuple)) and len(actual) == len(expected)
        for e, a in zip(expected, actual):
            same(e, a, views_of)
        return
    if not isinstance(expected, (np.ndarray, np.generic)):
        assert actual == expected
        return
    assert_same(expected, actual)
    if views_of is not None and isinstance(expected, np.ndarray):   # NumPy may give a scalar
        np_in, gp_in = views_of
        assert gparray.shares_memory(actual, gp_in) == np.shares_memory(expected, np_in), \
            "view/copy differs from NumPy"


def check(func, layout="contiguous", dtype="float64", shape=(2, 3, 4), views=True,
          errors_ok=False):
    """Run ``func(xp, a)`` with NumPy and gparray on the same input and compare; with
    ``errors_ok``, an input NumPy rejects must be rejected with the same exception type."""
    host, dev = pair(layout, dtype, shape)
    if errors_ok:
        try:
            func(np, host)
        except Exception:
            raises_same(lambda: func(np, host), lambda: func(gparray, dev))
            return None
    expected = func(np, host)
    actual = func(gparray, dev)
    same(expected, actual, (host, dev) if views else None)
    return actual


def check_error(func, layout="contiguous", dtype="float64", shape=(2, 3, 4)):
    host, dev = pair(layout, dtype, shape)
    raises_same(lambda: func(np, host), lambda: func(gparray, dev))


# -- reshape, ravel ------------------------------------------------------------------------
RESHAPES = [
    lambda xp, a: xp.reshape(a, -1),
    lambda xp, a: xp.reshape(a, (a.size, 1)),
    lambda xp, a: xp.reshape(a, -1, order="F"),
    lambda xp, a: xp.reshape(a, (1, -1), order="A"),
    lambda xp, a: xp.reshape(a, a.shape[::-1], copy=True),
    lambda xp, a: xp.ravel(a),
    lambda xp, a: xp.ravel(a, order="F"),
    lambda xp, a: xp.ravel(a, order="A"),
    lambda xp, a: xp.ravel(a, order="K"),
    lambda xp, a: a.flatten(),
    lambda xp, a: a.flatten("F"),
]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("k", range(len(RESHAPES)))
def test_reshape_and_ravel_views_and_values(layout, k):
    check(RESHAPES[k], layout)


def test_reshape_copy_false_and_errors():
    check(lambda xp, a: xp.reshape(a, (4, 6), copy=False))
    for func in [lambda xp, a: xp.reshape(a.T, -1, copy=False),
                 lambda xp, a: xp.reshape(a, (5, -1)),
                 lambda xp, a: xp.reshape(a, (-1, -1)),
                 lambda xp, a: xp.reshape(a, -1, order="K"),
                 lambda xp, a: xp.reshape(a, -1, order="X"),
                 lambda xp, a: xp.ravel(a, order="X")]:
        check_error(func)


def test_ravel_k_order_follows_memory_order():
    for key in [(slice(None), slice(None, None, -1)), (slice(None, None, 2), slice(1, None))]:
        host = np.arange(24.0).reshape(4, 6).T[key]
        dev = gparray.asarray(np.arange(24.0)).reshape(4, 6).T[key]
        same(np.ravel(host, order="K"), gparray.ravel(dev, order="K"), (host, dev))


# -- permuting axes ------------------------------------------------------------------------
PERMUTES = [
    lambda xp, a: xp.moveaxis(a, 0, -1),
    lambda xp, a: xp.moveaxis(a, [0, 1], [-1, 0]),
    lambda xp, a: xp.rollaxis(a, 2),
    lambda xp, a: xp.rollaxis(a, 0, 3),
    lambda xp, a: xp.rollaxis(a, 1, 1),
    lambda xp, a: xp.permute_dims(a, (1, 2, 0)),
    lambda xp, a: xp.permute_dims(a),
    lambda xp, a: xp.matrix_transpose(a),
    lambda xp, a: xp.transpose(a, (2, 0, 1)),
    lambda xp, a: xp.swapaxes(a, 0, 2),
    lambda xp, a: xp.expand_dims(a, (0, -1)),
    lambda xp, a: xp.squeeze(xp.expand_dims(a, 1)),
]


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "stepped", "broadcast", "empty"])
@pytest.mark.parametrize("k", range(len(PERMUTES)))
def test_axis_permutations_are_views(layout, k):
    check(PERMUTES[k], layout)


@pytest.mark.parametrize("func", [
    lambda xp, a: xp.moveaxis(a, 3, 0),
    lambda xp, a: xp.moveaxis(a, [0, 0], [1, 2]),
    lambda xp, a: xp.moveaxis(a, [0, 1], [1]),
    lambda xp, a: xp.rollaxis(a, 0, 5),
    lambda xp, a: xp.rollaxis(a, -4),
    lambda xp, a: xp.permute_dims(a, (0, 1)),
    lambda xp, a: xp.permute_dims(a, (0, 1, 1)),
    lambda xp, a: xp.matrix_transpose(a[0, 0]),
    lambda xp, a: xp.expand_dims(a, 4),
    lambda xp, a: xp.squeeze(a, 0),
])
def test_axis_errors_match_numpy(func):
    check_error(func)


# -- dimensions and broadcasting -----------------------------------------------------------
@pytest.mark.parametrize("func", [
    lambda xp, a: xp.atleast_1d(a),
    lambda xp, a: xp.atleast_2d(a),
    lambda xp, a: xp.atleast_3d(a),
    lambda xp, a: xp.atleast_1d(a[0, 0, 0, ...], a[0, 0]),
    lambda xp, a: xp.atleast_2d(a[0, 0, 0, ...], a[0, 0], a[0]),
    lambda xp, a: xp.atleast_3d(a[0, 0, 0, ...], a[0, 0], a[0], a),
])
def test_atleast_nd(func):
    check(func)


def test_broadcast_arrays_is_a_list_of_views():
    host, dev = pair()
    parts_np = np.broadcast_arrays(host[:, :1], host[0], host[0, 0, 0, ...])
    parts_gp = gparray.broadcast_arrays(dev[:, :1], dev[0], dev[0, 0, 0, ...])
    assert isinstance(parts_gp, list)
    same(list(parts_np), parts_gp, (host, dev))
    assert gparray.broadcast_arrays() == []
    same(list(np.broadcast_arrays(host, [1.0])), gparray.broadcast_arrays(dev, [1.0]))
    raises_same(lambda: np.broadcast_arrays(host, host[:, :2]),
                lambda: gparray.broadcast_arrays(dev, dev[:, :2]))
    assert gparray.broadcast_shapes((2, 1), (3,), ()) == (2, 3)
    raises_same(lambda: np.broadcast_shapes((2,), (3,)),
                lambda: gparray.broadcast_shapes((2,), (3,)))


def test_broadcast_to_views_and_errors():
    check(lambda xp, a: xp.broadcast_to(a[:, :1], (5, 2, 3, 4)))
    check_error(lambda xp, a: xp.broadcast_to(a, (3, 4)))
    check_error(lambda xp, a: xp.broadcast_to(a, (2, 2, 4)))


# -- layout and copies ---------------------------------------------------------------------
@pytest.mark.parametrize("layout", LAYOUTS)
def test_asfortranarray_and_ascontiguousarray(layout):
    dev = check(lambda xp, a: xp.asfortranarray(a), layout)
    assert dev.flags.f_contiguous
    dev = check(lambda xp, a: xp.ascontiguousarray(a), layout)
    assert dev.flags.c_contiguous
    check(lambda xp, a: xp.asfortranarray(a, dtype=np.float32), layout)


@pytest.mark.filterwarnings("ignore::numpy.exceptions.ComplexWarning")
@pytest.mark.parametrize("dtype", SOME_DTYPES)
def test_copyto_casting_broadcasting_and_where(dtype):
    def run(xp, src_dtype, casting="same_kind", where=True, src_layout=lambda s: s):
        dst = xp.asarray(sample(dtype, 24, seed=1, special=False).reshape(2, 3, 4))
        src = xp.asarray(sample(src_dtype, 12, seed=2, special=False).reshape(3, 4))
        if not isinstance(where, bool):
            where = xp.asarray(where)
        xp.copyto(dst, src_layout(src), casting=casting, where=where)
        return dst

    mask = np.array([True, False, True, True])
    for src_dtype in ("bool", "int8", "float32", "complex128"):
        for casting in ("no", "safe", "same_kind", "unsafe"):
            for where in (True, mask):
                for layout in (lambda s: s, lambda s: s[::-1].T.T):
                    try:
                        expected = run(np, src_dtype, casting, where, layout)
                    except TypeError:
                        raises_same(lambda: run(np, src_dtype, casting, where, layout),
                                    lambda: run(gparray, src_dtype, casting, where, layout))
                        continue
                    same(expected, run(gparray, src_dtype, casting, where, layout))


def test_copyto_python_scalars_are_weak():
    for dtype, value in [("int8", 100), ("int8", 300), ("uint8", -1), ("int8", 3.5),
                         ("float32", 2), ("float32", 1.5), ("bool", True), ("bool", 1),
                         ("complex64", 1j), ("float64", 1j), ("int64", np.float64(2.0))]:
        def run(xp):
            dst = xp.zeros(3, dtype=dtype)
            xp.copyto(dst, value)
            return dst

        try:
            expected = run(np)
        except Exception:
            raises_same(lambda: run(np), lambda: run(gparray))
            continue
        same(expected, run(gparray))
    dst_np, dst_gp = np.zeros((2, 3)), gparray.zeros((2, 3))
    raises_same(lambda: np.copyto(dst_np, np.ones(4)), lambda: gparray.copyto(dst_gp, np.ones(4)))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("new_shape", [7, (5, 6), (0,), (2, 0), 24, ()])
def test_resize(layout, new_shape):
    check(lambda xp, a: xp.resize(a, new_shape), layout)


def test_resize_errors_and_shape_functions():
    check_error(lambda xp, a: xp.resize(a, (2, -1)))
    host, dev = pair()
    for func in (np.shape, np.ndim, np.size):
        assert func(dev) == func(host)
        assert getattr(gparray, func.__name__)(dev) == func(host)
        assert getattr(gparray, func.__name__)([[1, 2]]) == func([[1, 2]])
    assert gparray.size(dev, 1) == np.size(host, 1) and np.size(dev, (0, 2)) == 8


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_copying_functions_over_every_dtype(dtype):
    for func in (lambda xp, a: xp.reshape(a.T, -1), lambda xp, a: xp.asfortranarray(a),
                 lambda xp, a: xp.resize(a[:, 1], (3, 5)),
                 lambda xp, a: xp.ravel(a[:, ::-1], order="K")):
        check(func, dtype=dtype)


# -- dispatch from NumPy -------------------------------------------------------------------
def test_numpy_functions_dispatch_to_gparray():
    host, dev = pair()
    calls = [
        (np.reshape, (dev, -1)), (np.ravel, (dev,)), (np.moveaxis, (dev, 0, 1)),
        (np.rollaxis, (dev, 1)), (np.permute_dims, (dev, (2, 1, 0))),
        (np.matrix_transpose, (dev,)), (np.atleast_1d, (dev,)), (np.atleast_2d, (dev,)),
        (np.atleast_3d, (dev,)), (np.resize, (dev, 5)),
        (np.transpose, (dev,)), (np.swapaxes, (dev, 0, 1)), (np.squeeze, (dev,)),
        (np.expand_dims, (dev, 0)), (np.broadcast_to, (dev, (2, 2, 3, 4))),
    ]
    for func, args in calls:
        result = func(*args)
        assert isinstance(result, gparray.ndarray), func.__name__
        assert_same(func(host, *args[1:]), result)
    parts = np.broadcast_arrays(dev, dev[0])
    assert all(isinstance(p, gparray.ndarray) for p in parts)
    target = gparray.zeros((2, 3, 4))
    np.copyto(target, dev)
    assert_same(host, target)
    assert np.shape(dev) == (2, 3, 4) and np.ndim(dev) == 3 and np.size(dev) == 24
    # asfortranarray is a C function that dispatches on ``like=`` only (NEP 35)
    assert isinstance(np.asfortranarray([1, 2], like=dev), gparray.ndarray)


HOST_ARGUMENT_CALLS = [("reshape", lambda a: ((a, (3, 2)), {})), ("transpose", lambda a: ((a,), {})),
                       ("swapaxes", lambda a: ((a, 0, 1), {})),
                       ("squeeze", lambda a: ((a[None],), {})),
                       ("expand_dims", lambda a: ((a, 0), {})),
                       ("broadcast_to", lambda a: ((a, (2, 2, 3)), {})),
                       ("moveaxis", lambda a: ((a, 0, 1), {})), ("flip", lambda a: ((a,), {})),
                       ("copy", lambda a: ((a,), {})),
                       ("transpose", lambda a: ((a.tolist(),), {}))]


@pytest.mark.parametrize("name,args", HOST_ARGUMENT_CALLS, ids=lambda c: c if isinstance(c, str) else "")
def test_shape_functions_take_host_arrays_and_lists(name, args):
    # As NumPy's functions, every array argument may be any array-like; the result is a
    # device array.
    host = np.arange(6.0).reshape(2, 3)
    pos, kw = args(host)
    assert_same(getattr(np, name)(*pos, **kw), getattr(gparray, name)(*pos, **kw))

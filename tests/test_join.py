"""Joining and splitting against NumPy: concatenate/concat, stack, hstack, vstack, dstack,
column_stack, block, append, insert, delete, split, array_split, hsplit, vsplit, dsplit,
unstack, and asarray of nested lists holding device arrays."""
import numpy as np
import pytest

import gparray
from conftest import ALL_DTYPES, assert_same, raises_same, sample
from test_manipulation import check, check_error, pair, same


def two(xp, a, dtype2=None, seed=3):
    """A second operand shaped like ``a``, device or host like ``a``."""
    other = sample(dtype2 or a.dtype, max(a.size, 1), seed=seed, special=False)[:a.size]
    return xp.asarray(other.reshape(a.shape))


# -- concatenate and friends ---------------------------------------------------------------
JOINS = [
    lambda xp, a: xp.concatenate([a, two(xp, a)]),
    lambda xp, a: xp.concatenate((a, a[:, :1], two(xp, a)), axis=1),
    lambda xp, a: xp.concatenate([a, a], axis=-1),
    lambda xp, a: xp.concatenate([a, two(xp, a)], axis=None),
    lambda xp, a: xp.concat([a, two(xp, a)], axis=2),
    lambda xp, a: xp.stack([a, two(xp, a)]),
    lambda xp, a: xp.stack([a, a, a], axis=-1),
    lambda xp, a: xp.hstack([a, two(xp, a)]),
    lambda xp, a: xp.vstack([a, two(xp, a)]),
    lambda xp, a: xp.dstack([a, two(xp, a)]),
    lambda xp, a: xp.column_stack([a[0], two(xp, a)[0]]),
    lambda xp, a: xp.append(a, two(xp, a)),
    lambda xp, a: xp.append(a, two(xp, a), axis=1),
]


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "stepped", "broadcast", "empty"])
@pytest.mark.parametrize("k", range(len(JOINS)))
def test_joins_match_numpy(layout, k):
    check(JOINS[k], layout, errors_ok=layout != "contiguous")


@pytest.mark.parametrize("func", [
    lambda xp, a: xp.hstack([a, a]), lambda xp, a: xp.vstack([a, a]),
    lambda xp, a: xp.dstack([a, a]), lambda xp, a: xp.column_stack([a, a]),
    lambda xp, a: xp.stack([a, a]), lambda xp, a: xp.append(a, a),
    lambda xp, a: xp.hstack([a[None], a[None]]), lambda xp, a: xp.column_stack([a[None], a[None]]),
])
def test_joins_of_0d_arrays(func):
    check(func, "0d")


def test_joins_of_1d_arrays_and_host_data():
    check(lambda xp, a: xp.hstack([a[0, 0], [1.0, 2.0], a[1, 1]]))
    check(lambda xp, a: xp.vstack([a[0, 0], a[1, 1]]))
    check(lambda xp, a: xp.dstack([a[0, 0], a[1, 1]]))
    check(lambda xp, a: xp.column_stack([a[0, 0], a[1, 1], np.arange(4)]))
    check(lambda xp, a: xp.concatenate([a[0, 0], np.arange(3, dtype=np.int8), [7]]))
    check(lambda xp, a: xp.concatenate(a))


@pytest.mark.parametrize("k", range(len(ALL_DTYPES)))
def test_concatenate_promotes_like_numpy(k):
    # every dtype, each paired with two others (a full product would compile ~200 copy kernels)
    dtype = ALL_DTYPES[k]
    for other in (ALL_DTYPES[(3 * k + 1) % 14], ALL_DTYPES[(5 * k + 7) % 14]):
        check(lambda xp, a: xp.concatenate([a, two(xp, a, other)], axis=1), dtype=dtype)
    check(lambda xp, a: xp.stack([a, a], axis=1), dtype=dtype)


@pytest.mark.parametrize("dtype", [None, "float32", "int64", "complex128", "bool"])
@pytest.mark.parametrize("casting", ["no", "equiv", "safe", "same_kind", "unsafe"])
def test_concatenate_dtype_and_casting(dtype, casting):
    def run(xp, a):
        return xp.concatenate([a, two(xp, a, "int32")], dtype=dtype, casting=casting)

    host, _ = pair()
    try:
        run(np, host)
    except TypeError:
        check_error(run)
        return
    with np.errstate(all="ignore"):
        check(run)


def test_concatenate_and_stack_into_out():
    for dtype, casting in [("float64", "same_kind"), ("float32", "same_kind"),
                           ("int64", "unsafe"), ("int64", "same_kind")]:
        def run(xp, a):
            out = xp.zeros((2, 6, 4), dtype=dtype)
            result = xp.concatenate([a, two(xp, a)], axis=1, out=out, casting=casting)
            assert result is out
            return out

        host, _ = pair()
        try:
            run(np, host)
        except TypeError:
            check_error(run)
            continue
        check(run)

    def stacked(xp, a):
        out = xp.zeros((2, 3, 2, 4))
        assert xp.stack([a, a], axis=2, out=out) is out
        return out

    check(stacked)

    def overlapping(xp, a):
        out = xp.asarray(sample("float64", 16, special=False).reshape(4, 4))
        xp.concatenate([out[2:], out[:2]], out=out)
        return out

    check(overlapping)


@pytest.mark.parametrize("func", [
    lambda xp, a: xp.concatenate([]),
    lambda xp, a: xp.concatenate([a[0, 0, 0, ...], a[0, 0, 0, ...]]),
    lambda xp, a: xp.concatenate([a, a[0]]),
    lambda xp, a: xp.concatenate([a, a[:, :, :2]]),
    lambda xp, a: xp.concatenate([a, a], axis=3),
    lambda xp, a: xp.concatenate([a, a], out=xp.zeros((4, 3, 4)), dtype=float),
    lambda xp, a: xp.concatenate([a, a], out=xp.zeros((4, 3, 5))),
    lambda xp, a: xp.concatenate([a, a], dtype="int8"),
    lambda xp, a: xp.stack([]),
    lambda xp, a: xp.stack([a, a[0]]),
    lambda xp, a: xp.stack([a, a], axis=4),
    lambda xp, a: xp.stack(x for x in [a, a]),
    lambda xp, a: xp.hstack([a, a[0]]),
    lambda xp, a: xp.vstack([a, a[:, :2]]),
    lambda xp, a: xp.append(a, a[0], axis=0),
])
def test_join_errors_match_numpy(func):
    check_error(func)


# -- block -----------------------------------------------------------------------------------
BLOCKS = [
    lambda xp, a: xp.block([a[0], a[1]]),
    lambda xp, a: xp.block([[a[0], two(xp, a)[0]], [a[1], a[1]]]),
    lambda xp, a: xp.block([[a[0, :, :2], a[0, :, 2:]], [a[1, :1], ]]),
    lambda xp, a: xp.block([[[a[0, 0, 0, ...]]], [[a[1, 1, 1, ...]]]]),
    lambda xp, a: xp.block([[a[0, 0], 1.0, a[0, 1]]]),
    lambda xp, a: xp.block(a),
    lambda xp, a: xp.block([[xp.zeros((2, 2), dtype=np.int8), a[0, :2, :3]],
                            [a[1, :1, :2], xp.ones((1, 3), dtype=np.float32)]]),
]


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "stepped", "empty"])
@pytest.mark.parametrize("k", range(len(BLOCKS)))
def test_block_matches_numpy(layout, k):
    check(BLOCKS[k], layout, errors_ok=layout != "contiguous")


@pytest.mark.parametrize("func", [
    lambda xp, a: xp.block([a[0], [a[1]]]),
    lambda xp, a: xp.block([[]]),
    lambda xp, a: xp.block([]),
    lambda xp, a: xp.block((a[0], a[1])),
    lambda xp, a: xp.block([[a[0], a[1]], [a[0, :, :2]]]),
])
def test_block_errors_match_numpy(func):
    check_error(func)


# -- insert and delete -----------------------------------------------------------------------
DELETES = [
    lambda xp, a: xp.delete(a, 1),
    lambda xp, a: xp.delete(a, -1, axis=2),
    lambda xp, a: xp.delete(a, [0, 2], axis=1),
    lambda xp, a: xp.delete(a, [0, 2, 2, -1, 5, 7, 9, 11, 13], axis=None),
    lambda xp, a: xp.delete(a, slice(None, None, 2), axis=2),
    lambda xp, a: xp.delete(a, slice(3, 0, -2), axis=2),
    lambda xp, a: xp.delete(a, slice(5, 9), axis=2),
    lambda xp, a: xp.delete(a, np.array([True, False, True]), axis=1),
    lambda xp, a: xp.delete(a, [], axis=0),
    lambda xp, a: xp.delete(a, np.array([1]), axis=0),
    lambda xp, a: xp.delete(a, xp.asarray([0, 3]), axis=-1),
]


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "stepped", "broadcast"])
@pytest.mark.parametrize("k", range(len(DELETES)))
def test_delete_matches_numpy(layout, k):
    check(DELETES[k], layout, errors_ok=layout != "contiguous")


INSERTS = [
    lambda xp, a: xp.insert(a, 1, 5.5),
    lambda xp, a: xp.insert(a, 1, 5.5, axis=1),
    lambda xp, a: xp.insert(a, -1, two(xp, a)[:, 0], axis=1),
    lambda xp, a: xp.insert(a, [1], two(xp, a)[:, :1], axis=1),
    lambda xp, a: xp.insert(a, 3, [1.0, 2.0, 3.0, 4.0], axis=1),
    lambda xp, a: xp.insert(a, [0, 2, 2, -1], 7, axis=2),
    lambda xp, a: xp.insert(a, [4, 0, 1], [1, 2, 3], axis=2),
    lambda xp, a: xp.insert(a, [2, 0, 8, 24, 5], xp.asarray([1.5, 2.5, 3.5, 4.5, 5.5])),
    lambda xp, a: xp.insert(a, slice(None, None, 2), -1.0, axis=2),
    lambda xp, a: xp.insert(a, [], 1.0, axis=0),
    lambda xp, a: xp.insert(a, np.array([True, False, True]), 0.5, axis=1),
    lambda xp, a: xp.insert(a, xp.asarray([1, 2]), 0.5, axis=0),
]


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "stepped", "broadcast"])
@pytest.mark.parametrize("k", range(len(INSERTS)))
def test_insert_matches_numpy(layout, k):
    check(INSERTS[k], layout, errors_ok=layout != "contiguous")


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_insert_delete_over_dtypes(dtype):
    check(lambda xp, a: xp.delete(a, [0, 1, 3, 5, 7, 9, 10], axis=None), dtype=dtype)
    check(lambda xp, a: xp.insert(a, [3, 1], a[:, :, :1], axis=2), dtype=dtype)
    check(lambda xp, a: xp.delete(a, 1, axis=2), "empty", dtype=dtype)


@pytest.mark.parametrize("func", [
    lambda xp, a: xp.delete(a, 3, axis=1),
    lambda xp, a: xp.delete(a, [0, 3], axis=1),
    lambda xp, a: xp.delete(a, np.array([True, False]), axis=1),
    lambda xp, a: xp.delete(a, 0, axis=3),
    lambda xp, a: xp.delete(a, [0.5], axis=1),
    lambda xp, a: xp.insert(a, 4, 1.0, axis=1),
    lambda xp, a: xp.insert(a, [[0, 1]], 1.0, axis=1),
    lambda xp, a: xp.insert(a, [0, 9], 1.0, axis=1),
    lambda xp, a: xp.insert(a, [0, 1], xp.ones((2, 5, 4)), axis=1),
    lambda xp, a: xp.insert(a, 1, 1.0, axis=-4),
])
def test_insert_delete_errors_match_numpy(func):
    check_error(func)


# -- splitting --------------------------------------------------------------------------------
SPLITS = [
    lambda xp, a: xp.split(a, 2),
    lambda xp, a: xp.split(a, [1, 3], axis=2),
    lambda xp, a: xp.split(a, [2, 1, 5], axis=-1),
    lambda xp, a: xp.array_split(a, 3, axis=2),
    lambda xp, a: xp.array_split(a, 5, axis=1),
    lambda xp, a: xp.hsplit(a, 3),
    lambda xp, a: xp.vsplit(a, [1]),
    lambda xp, a: xp.dsplit(a, 2),
    lambda xp, a: xp.unstack(a),
    lambda xp, a: xp.unstack(a, axis=-1),
]


@pytest.mark.parametrize("layout", ["contiguous", "transposed", "stepped", "broadcast"])
@pytest.mark.parametrize("k", range(len(SPLITS)))
def test_splits_are_views(layout, k):
    actual = check(SPLITS[k], layout, errors_ok=layout != "contiguous")
    assert actual is None or isinstance(actual, tuple if k >= 8 else list)


@pytest.mark.parametrize("func", [
    lambda xp, a: xp.split(a, 3, axis=2),
    lambda xp, a: xp.split(a, 0),
    lambda xp, a: xp.array_split(a, -1),
    lambda xp, a: xp.split(a, 2, axis=3),
    lambda xp, a: xp.hsplit(a[0, 0, 0, ...], 2),
    lambda xp, a: xp.vsplit(a[0, 0], 2),
    lambda xp, a: xp.dsplit(a[0], 2),
    lambda xp, a: xp.unstack(a[0, 0, 0, ...]),
    lambda xp, a: xp.unstack(a, axis=3),
])
def test_split_errors_match_numpy(func):
    check_error(func)


# -- asarray of nested sequences with device arrays ------------------------------------------
def test_asarray_of_nested_device_arrays():
    host, dev = pair()
    cases = [
        (lambda a: [a[0], a[1]]), (lambda a: (a, a)), (lambda a: [[a[0, 0], a[1, 1]]]),
        (lambda a: [a[0, 0, 0, ...], 2.5, a[1, 1, 1, ...]]),
        (lambda a: [a[0, 0], [1, 2, 3, 4]]), (lambda a: [[a[0, 0, 0, ...], 1], [2, 3]]),
        (lambda a: [a[:, :0], a[:, :0]]),
    ]
    for make in cases:
        same(np.asarray(make(host)), gparray.asarray(make(dev)))
    same(np.asarray([host[0], host[1]], dtype=np.float32),
         gparray.asarray([dev[0], dev[1]], dtype=np.float32))
    ints = gparray.asarray(np.arange(3, dtype=np.int8))
    same(np.asarray([np.arange(3, dtype=np.int8), [1, 2, 3]]), gparray.asarray([ints, [1, 2, 3]]))
    same(np.array([np.arange(3, dtype=np.int8)] * 2), gparray.array([ints, ints]))
    raises_same(lambda: np.asarray([host[0], host[0, 0]]),
                lambda: gparray.asarray([dev[0], dev[0, 0]]))


# -- dispatch from NumPy ---------------------------------------------------------------------
def test_numpy_functions_dispatch_to_gparray():
    host, dev = pair()
    calls = [
        (np.concatenate, ([dev, dev],), {"axis": 1}), (np.concat, ([dev, dev],), {}),
        (np.stack, ([dev, dev],), {}), (np.hstack, ([dev, dev],), {}),
        (np.vstack, ([dev, dev],), {}), (np.dstack, ([dev, dev],), {}),
        (np.column_stack, ([dev[0, 0], dev[0, 1]],), {}), (np.block, ([[dev, dev]],), {}),
        (np.append, (dev, dev), {}), (np.insert, (dev, 1, 0.5), {}),
        (np.delete, (dev, [1, 2]), {}),
    ]
    for func, args, kwargs in calls:
        result = func(*args, **kwargs)
        assert isinstance(result, gparray.ndarray), func.__name__
    for func, args in [(np.split, (dev, 2)), (np.array_split, (dev, 3)), (np.hsplit, (dev, 3)),
                       (np.vsplit, (dev, 2)), (np.dsplit, (dev, 2)), (np.unstack, (dev,))]:
        parts = func(*args)
        assert parts and all(isinstance(p, gparray.ndarray) for p in parts), func.__name__
    # a NumPy array among the inputs moves to the device
    result = np.concatenate([dev, host])
    assert isinstance(result, gparray.ndarray)
    assert_same(np.concatenate([host, host]), result)


# -- property tests -----------------------------------------------------------------------------
from hypothesis import given, settings, strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402


@st.composite
def join_cases(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=4))
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    sizes = draw(st.lists(st.integers(0, 3), min_size=1, max_size=4))
    shapes = [shape[:axis % len(shape)] + (n,) + shape[axis % len(shape) + 1:] for n in sizes]
    points = draw(st.lists(st.integers(-2, sum(sizes) + 2), max_size=4))
    sections = draw(st.integers(1, 5))
    return shapes, axis, points, sections


@settings(max_examples=60, deadline=None)
@given(join_cases())
def test_concatenate_stack_and_split_property(case):
    shapes, axis, points, sections = case
    host = [sample("float64", int(np.prod(s)), seed=i, special=False).reshape(s)
            for i, s in enumerate(shapes)]
    dev = [gparray.asarray(h) for h in host]
    joined_np, joined_gp = np.concatenate(host, axis=axis), gparray.concatenate(dev, axis=axis)
    assert_same(joined_np, joined_gp)
    same(np.stack([host[0]] * 3, axis=axis), gparray.stack([dev[0]] * 3, axis=axis))
    same(np.array_split(joined_np, points, axis=axis),
         gparray.array_split(joined_gp, points, axis=axis), (joined_np, joined_gp))
    same(np.array_split(joined_np, sections, axis=axis),
         gparray.array_split(joined_gp, sections, axis=axis), (joined_np, joined_gp))
    keep = [p for p in points if 0 <= p < joined_np.shape[axis]]
    same(np.delete(joined_np, keep, axis=axis), gparray.delete(joined_gp, keep, axis=axis))
    same(np.insert(joined_np, keep, -1.0, axis=axis),
         gparray.insert(joined_gp, keep, -1.0, axis=axis))

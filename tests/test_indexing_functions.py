"""take, take_along_axis, put, put_along_axis, compress, extract, place, putmask, choose,
select, where(cond), and the index builders, differential against NumPy."""
import numpy as np
import pytest

import gparray
from conftest import assert_same, raises_same, sample

DTYPES = ["bool", "int16", "float32", "complex64"]


@pytest.mark.parametrize("dtype", DTYPES)
def test_take_and_take_along_axis(dtype):
    host = sample(dtype, 24).reshape(4, 6)
    dev = gparray.asarray(host)
    for idx, axis, mode in (([0, 3, -1], 1, "raise"), ([[1, 0], [2, 3]], 0, "raise"),
                            (5, None, "raise"), ([7, -9], 1, "wrap"), ([7, -9], 0, "clip"),
                            ([], 1, "raise")):
        assert_same(np.take(host, idx, axis=axis, mode=mode),
                    np.take(dev, idx, axis=axis, mode=mode))
    assert_same(np.take(host.T[::2], [1, 2], axis=0), gparray.take(dev.T[::2], [1, 2], axis=0))
    raises_same(lambda: np.take(host, [6], axis=1), lambda: gparray.take(dev, [6], axis=1))
    order = np.argsort(host.real if host.dtype.kind == "c" else host, axis=1, kind="stable")
    assert_same(np.take_along_axis(host, order, axis=1),
                np.take_along_axis(dev, gparray.asarray(order), axis=1))
    assert_same(np.take_along_axis(host, order[:1], axis=1),
                gparray.take_along_axis(dev, gparray.asarray(order[:1]), axis=1))


@pytest.mark.parametrize("dtype", DTYPES)
def test_put_family(dtype):
    host = sample(dtype, 24).reshape(4, 6)
    vals = sample(dtype, 5, seed=3)
    for fn in (lambda m, a: m.put(a, [0, 7, -1, 7], vals[:2]),
               lambda m, a: m.put(a, [30, -30], vals[:1], mode="clip"),
               lambda m, a: m.put_along_axis(a, np.array([[0], [2], [1], [5]]), vals[:1], axis=1),
               lambda m, a: m.place(a, a.real > 0 if a.dtype.kind == "c" else a > 0 if a.dtype.kind != "b" else a, vals[:3]),
               lambda m, a: m.putmask(a, (m.arange(24) % 3 == 0).reshape(4, 6), vals)):
        h, d = host.copy(), gparray.asarray(host)
        fn(np, h)
        fn(_NpLike(), d)
        assert_same(h, d)
    raises_same(lambda: np.put(host.copy(), [24], vals[:1]), lambda: gparray.put(gparray.asarray(host), [24], vals[:1]))


class _NpLike:
    """Calls the NumPy function names on gparray arrays through dispatch, with index
    helpers built on the device."""

    def __getattr__(self, name):
        if name == "arange":
            return gparray.arange
        return getattr(np, name)


@pytest.mark.parametrize("dtype", DTYPES)
def test_compress_extract_choose_select_where(dtype):
    host = sample(dtype, 24).reshape(4, 6)
    dev = gparray.asarray(host)
    cond = [True, False, True, True]
    assert_same(np.compress(cond, host, axis=0), np.compress(cond, dev, axis=0))
    assert_same(np.compress(cond[:2], host), np.compress(cond[:2], dev))
    raises_same(lambda: np.compress([False] * 6 + [True], host, axis=1),
                lambda: gparray.compress([False] * 6 + [True], dev, axis=1))
    mask = (np.arange(24) % 5 == 0).reshape(4, 6)
    assert_same(np.extract(mask, host), np.extract(gparray.asarray(mask), dev))
    choice_idx = np.array([[0, 1, 2, 1, 0, 2]] * 4)
    choices = [host, host[::-1], np.zeros_like(host)]
    assert_same(np.choose(choice_idx, choices),
                np.choose(gparray.asarray(choice_idx), [gparray.asarray(c) for c in choices]))
    assert_same(np.choose(choice_idx + 2, choices, mode="wrap"),
                gparray.choose(gparray.asarray(choice_idx + 2), [gparray.asarray(c) for c in choices], mode="wrap"))
    raises_same(lambda: np.choose(choice_idx + 3, choices),
                lambda: gparray.choose(gparray.asarray(choice_idx + 3), [gparray.asarray(c) for c in choices]))
    conds = [mask, ~mask & (np.arange(24).reshape(4, 6) > 10)]
    assert_same(np.select(conds, [host, host[::-1]], default=1),
                gparray.select([gparray.asarray(c) for c in conds], [dev, dev[::-1]], default=1))
    assert_same(np.where(mask)[1], gparray.where(gparray.asarray(mask))[1])
    with pytest.raises(ValueError):
        gparray.where(gparray.asarray(mask), dev)


def test_index_builders():
    for n, k, m in ((4, 0, None), (4, 1, 6), (5, -2, 3)):
        for name in ("tril_indices", "triu_indices"):
            for e, g in zip(getattr(np, name)(n, k, m), getattr(gparray, name)(n, k, m)):
                assert_same(e, g)
    a = np.ones((3, 3))
    for e, g in zip(np.diag_indices_from(a), np.diag_indices_from(gparray.asarray(a))):
        assert_same(e, g)
    for e, g in zip(np.triu_indices_from(a, 1), np.triu_indices_from(gparray.asarray(a), 1)):
        assert_same(e, g)
    flat = np.array([0, 5, 11, 7])
    for order in ("C", "F"):
        for e, g in zip(np.unravel_index(flat, (3, 4), order=order),
                        np.unravel_index(gparray.asarray(flat), (3, 4), order=order)):
            assert_same(e, g)
        coords = np.unravel_index(flat, (3, 4), order=order)
        assert_same(np.ravel_multi_index(coords, (3, 4), order=order),
                    np.ravel_multi_index(tuple(gparray.asarray(c) for c in coords), (3, 4), order=order))
    raises_same(lambda: np.unravel_index([12], (3, 4)), lambda: gparray.unravel_index([12], (3, 4)))
    raises_same(lambda: np.ravel_multi_index(([3], [0]), (3, 4)),
                lambda: gparray.ravel_multi_index((gparray.asarray([3]), gparray.asarray([0])), (3, 4)))
    assert_same(np.ravel_multi_index(([5], [-1]), (3, 4), mode=("clip", "wrap")),
                gparray.ravel_multi_index(([5], [-1]), (3, 4), mode=("clip", "wrap")))
    for e, g in zip(np.ix_([0, 2], [True, False, True]), gparray.ix_([0, 2], [True, False, True])):
        assert_same(e, g)
    assert_same(np.indices((2, 3)), gparray.indices((2, 3)))
    for e, g in zip(np.indices((2, 3), sparse=True), gparray.indices((2, 3), sparse=True)):
        assert_same(e, g)

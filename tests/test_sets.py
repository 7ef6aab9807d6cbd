"""unique (every flag, axis, equal_nan, sorted), the Array API's unique_* and isin,
intersect1d, union1d, setdiff1d, setxor1d against NumPy: every dtype, layouts, NaN/-0.0,
duplicates, empty inputs, hypothesis-generated arrays, NumPy's errors, and dispatch."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import gparray
from conftest import ALL_DTYPES, assert_same, raises_same, sample


def with_duplicates(dtype, n, seed=0):
    vals = sample(dtype, n, seed=seed)
    if vals.dtype.kind in "fc":
        vals[n // 2:] = np.round(vals[n // 2:])
        vals[-3:] = np.nan
    elif vals.dtype.kind in "iu":
        vals[n // 3:] = vals[n // 3:] % 4
    return vals


def layouts(vals):
    yield vals
    yield vals[:48].reshape(6, 8)
    yield vals[:48].reshape(6, 8).T
    yield vals[::-3]
    yield vals[7]
    yield vals[:0]


FLAGS = [(False, False, False), (True, True, True), (True, False, False), (False, True, False),
         (False, False, True)]


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
def test_unique(dtype):
    host = with_duplicates(dtype, 60)
    for h in layouts(host):
        d = gparray.asarray(h)
        for flags in FLAGS:
            for equal_nan in (True, False):
                assert_same(np.unique(h, *flags, equal_nan=equal_nan),
                            gparray.unique(d, *flags, equal_nan=equal_nan))


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint32", "int64", "float32", "float64",
                                   "complex64", "complex128"])
def test_unique_axis(dtype):
    rng = np.random.default_rng(1)
    h = rng.integers(-1, 2, (9, 3, 2)).astype(dtype)
    h[4] = h[1]
    d = gparray.asarray(h)
    for axis in (0, 1, 2, -1):
        for flags in FLAGS:
            assert_same(np.unique(h, *flags, axis=axis), gparray.unique(d, *flags, axis=axis))
    for shape in [(0, 3), (3, 0)]:
        e = np.zeros(shape, dtype=dtype)
        assert_same(np.unique(e, True, True, True, axis=0),
                    gparray.unique(gparray.asarray(e), True, True, True, axis=0))
    raises_same(lambda: np.unique(h, axis=3), lambda: gparray.unique(d, axis=3))


def test_unique_axis_with_nan_and_signed_zero_rows():
    # slices holding NaN equal no other slice (NumPy compares them field by field)
    h = np.array([[1.0, np.nan], [0.0, 2.0], [1.0, np.nan], [np.nan, 0.0], [0.0, 2.0],
                  [-0.0, 2.0]])
    for axis in (0, 1):
        assert_same(np.unique(h, True, True, True, axis=axis),
                    gparray.unique(gparray.asarray(h), True, True, True, axis=axis))


def test_unique_special_values():
    f = np.array([np.nan, 0.0, -0.0, np.nan, 1.0, np.inf, -np.inf, np.inf, np.nan])
    c = np.array([complex(1, np.nan), complex(np.nan, 2), complex(np.nan, np.nan), 1 + 1j,
                  1 + 1j, complex(1, np.nan), -0.0 + 0j, complex(0, -0.0)])
    for h in (f, c, c.astype(np.complex64), f.astype(np.float16)):
        for equal_nan in (True, False):
            assert_same(np.unique(h, True, True, True, equal_nan=equal_nan),
                        gparray.unique(gparray.asarray(h), True, True, True,
                                       equal_nan=equal_nan))


def test_array_api_unique_functions():
    h = with_duplicates("float64", 40).reshape(5, 8)
    d = gparray.asarray(h)
    for name in ("unique_all", "unique_counts", "unique_inverse"):
        expected, actual = getattr(np, name)(h), getattr(gparray, name)(d)
        assert type(actual).__name__ == type(expected).__name__
        assert actual._fields == expected._fields
        assert_same(tuple(expected), tuple(actual))
    # NumPy's unique_values leaves the order unspecified (hash order); ours is sorted
    assert_same(np.sort(np.unique_values(h)), gparray.unique_values(d))
    assert_same(np.unique(h), gparray.unique(d, sorted=False))


@settings(max_examples=30, deadline=None)
@given(values=st.lists(st.integers(-6, 6), max_size=60), dtype=st.sampled_from(["int16", "float32"]))
def test_unique_hypothesis(values, dtype):
    h = np.array(values, dtype=np.int64).astype(dtype)
    assert_same(np.unique(h, True, True, True), gparray.unique(gparray.asarray(h), True, True, True))


SET_FUNCS = ["union1d", "setdiff1d", "setxor1d", "intersect1d"]


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
def test_isin_and_set_functions(dtype):
    a = with_duplicates(dtype, 40).reshape(5, 8)
    b = with_duplicates(dtype, 25, seed=3)
    da, db = gparray.asarray(a), gparray.asarray(b)
    for invert in (False, True):
        assert_same(np.isin(a, b, invert=invert), gparray.isin(da, db, invert=invert))
    assert_same(np.isin(a, b[:0]), gparray.isin(da, db[:0]))
    assert_same(np.isin(a[:0], b), gparray.isin(da[:0], db))
    assert_same(np.isin(a[1, 2], b), gparray.isin(da[1, 2], db))
    for name in SET_FUNCS:
        assert_same(getattr(np, name)(a, b), getattr(gparray, name)(da, db))
        assert_same(getattr(np, name)(b[::2], a.T), getattr(gparray, name)(db[::2], da.T))
        assert_same(getattr(np, name)(a[:0], b), getattr(gparray, name)(da[:0], db))
    assert_same(np.intersect1d(a, b, return_indices=True),
                gparray.intersect1d(da, db, return_indices=True))
    ua, ub = np.unique(a), np.unique(b)
    dua, dub = gparray.asarray(ua), gparray.asarray(ub)
    for name in ("setdiff1d", "setxor1d", "intersect1d"):
        assert_same(getattr(np, name)(ua, ub, assume_unique=True),
                    getattr(gparray, name)(dua, dub, assume_unique=True))
    assert_same(np.intersect1d(ua, ub, assume_unique=True, return_indices=True),
                gparray.intersect1d(dua, dub, assume_unique=True, return_indices=True))


def test_isin_mixed_dtypes_kinds_and_errors():
    a = np.array([1, 2, 3, 4], dtype=np.int8)
    b = np.array([2.0, 4.5, -0.0, 3.0])
    da, db = gparray.asarray(a), gparray.asarray(b)
    assert_same(np.isin(a, b), gparray.isin(da, db))
    assert_same(np.isin(b, a), gparray.isin(db, da))
    assert_same(np.isin(a, [1, 7]), gparray.isin(da, [1, 7]))
    assert_same(np.isin(a, a[::-1], kind="table"), gparray.isin(da, da[::-1], kind="table"))
    assert_same(np.isin(a, a, kind="sort"), gparray.isin(da, da, kind="sort"))
    raises_same(lambda: np.isin(a, b, kind="x"), lambda: gparray.isin(da, db, kind="x"))
    raises_same(lambda: np.isin(b, b, kind="table"), lambda: gparray.isin(db, db, kind="table"))


def test_numpy_functions_dispatch_to_the_device():
    h = with_duplicates("int32", 30)
    d = gparray.asarray(h)
    assert_same(np.unique(h, return_counts=True), np.unique(d, return_counts=True))
    assert isinstance(np.unique_all(d).values, gparray.ndarray)
    assert isinstance(np.unique_counts(d).counts, gparray.ndarray)
    assert isinstance(np.unique_inverse(d).inverse_indices, gparray.ndarray)
    assert isinstance(np.unique_values(d), gparray.ndarray)
    assert_same(np.isin(h, h[:5]), np.isin(d, d[:5]))
    for name in SET_FUNCS:
        assert_same(getattr(np, name)(h, h[::3]), getattr(np, name)(d, d[::3]))

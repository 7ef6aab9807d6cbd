"""Rearranging and patterned arrays against NumPy: flip, fliplr, flipud, rot90, roll, tile,
repeat, pad (every mode), tril, triu, tri, diag, diagonal, diagflat, trace, meshgrid,
vander, fromfunction, frombuffer, fromiter, logspace, geomspace."""
import numpy as np
import pytest

import gparray
from conftest import ALL_DTYPES, assert_same, raises_same, sample
from test_manipulation import SOME_DTYPES, check, check_error, pair, same

ARRAY_LAYOUTS = ["contiguous", "transposed", "stepped", "broadcast", "empty", "0d"]

# -- flips and rotations (views) ---------------------------------------------------------------
FLIPS = [
    lambda xp, a: xp.flip(a),
    lambda xp, a: xp.flip(a, 1),
    lambda xp, a: xp.flip(a, (0, -1)),
    lambda xp, a: xp.fliplr(a),
    lambda xp, a: xp.flipud(a),
    lambda xp, a: xp.rot90(a),
    lambda xp, a: xp.rot90(a, 2),
    lambda xp, a: xp.rot90(a, -1, axes=(1, 2)),
    lambda xp, a: xp.rot90(a, 7, axes=(2, 0)),
    lambda xp, a: xp.rot90(a, 0),
    lambda xp, a: xp.diagonal(a),
    lambda xp, a: xp.diagonal(a, 1, 1, 2),
    lambda xp, a: xp.diagonal(a, -1, -1, 0),
    lambda xp, a: xp.diagonal(a, 5),
    lambda xp, a: xp.diag(a[0]),
    lambda xp, a: xp.diag(a[0], -2),
]


@pytest.mark.parametrize("layout", ARRAY_LAYOUTS)
@pytest.mark.parametrize("k", range(len(FLIPS)))
def test_flips_rotations_and_diagonals_are_views(layout, k):
    check(FLIPS[k], layout, errors_ok=layout in ("empty", "0d"))


def test_diagonal_view_is_read_only_as_numpys():
    host, dev = pair()
    for xp, a in ((np, host), (gparray, dev)):
        view = xp.diagonal(a, 1, 1, 2)
        assert not view.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            view[...] = 7.0
    assert_same(host, dev)                                # nothing written


@pytest.mark.parametrize("func", [
    lambda xp, a: xp.flip(a, 3),
    lambda xp, a: xp.flip(a, (0, 0)),
    lambda xp, a: xp.fliplr(a[0, 0]),
    lambda xp, a: xp.flipud(a[0, 0, 0, ...]),
    lambda xp, a: xp.rot90(a, axes=(0,)),
    lambda xp, a: xp.rot90(a, axes=(1, 1)),
    lambda xp, a: xp.rot90(a, axes=(0, 3)),
    lambda xp, a: xp.rot90(a, axes=(0, -3)),
    lambda xp, a: xp.diagonal(a[0, 0]),
    lambda xp, a: xp.diagonal(a, 0, 1, 1),
    lambda xp, a: xp.diagonal(a, 0, 0, 3),
    lambda xp, a: xp.diag(a),
    lambda xp, a: xp.trace(a[0, 0]),
])
def test_flip_and_diagonal_errors_match_numpy(func):
    check_error(func)


# -- copies: roll, tile, repeat, triangles, diag, trace -------------------------------------------
COPIES = [
    lambda xp, a: xp.roll(a, 2),
    lambda xp, a: xp.roll(a, -7),
    lambda xp, a: xp.roll(a, 1, axis=1),
    lambda xp, a: xp.roll(a, (1, -5), axis=(0, 2)),
    lambda xp, a: xp.roll(a, (1, 2), axis=(1, 1)),
    lambda xp, a: xp.roll(a, 3, axis=(0, 1, 2)),
    lambda xp, a: xp.tile(a, 2),
    lambda xp, a: xp.tile(a, (2, 1, 3)),
    lambda xp, a: xp.tile(a, (2, 1, 1, 2)),
    lambda xp, a: xp.tile(a, (1, 1)),
    lambda xp, a: xp.tile(a, (0, 2)),
    lambda xp, a: xp.repeat(a, 2),
    lambda xp, a: xp.repeat(a, 3, axis=1),
    lambda xp, a: xp.repeat(a, 0, axis=-1),
    lambda xp, a: xp.repeat(a, [2, 0, 1], axis=1),
    lambda xp, a: xp.repeat(a, xp.asarray([1, 3, 0, 2]), axis=-1),
    lambda xp, a: xp.repeat(a, [2]),
    lambda xp, a: xp.repeat(a, xp.asarray([3])),
    lambda xp, a: xp.repeat(a, np.arange(a.size) % 3),
    lambda xp, a: xp.repeat(a, 1.5, axis=0),
    lambda xp, a: xp.repeat(a, [1.5, 2.0, 0.7], axis=1),
    lambda xp, a: xp.repeat(a, np.array([True, False, True]), axis=1),
    lambda xp, a: xp.repeat(a, xp.asarray([2, 0, 1], dtype=np.uint8), axis=1),
    lambda xp, a: xp.tril(a),
    lambda xp, a: xp.tril(a, -1),
    lambda xp, a: xp.triu(a, 1),
    lambda xp, a: xp.triu(a[0], -5),
    lambda xp, a: xp.tril(a[0, 0]),
    lambda xp, a: xp.diag(a[0, 0]),
    lambda xp, a: xp.diag(a[0, 0], 2),
    lambda xp, a: xp.diagflat(a[0]),
    lambda xp, a: xp.diagflat(a[0, :2, :2], -1),
    lambda xp, a: xp.trace(a),
    lambda xp, a: xp.trace(a, 1, 1, 2),
    lambda xp, a: xp.trace(a, -1, axis1=2, axis2=0, dtype=np.float32),
]


@pytest.mark.parametrize("layout", ARRAY_LAYOUTS)
@pytest.mark.parametrize("k", range(len(COPIES)))
def test_copying_rearrangements(layout, k):
    check(COPIES[k], layout, errors_ok=layout != "contiguous")


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_rearrangements_over_dtypes(dtype):
    for func in (lambda xp, a: xp.roll(a, (1, 2), axis=(0, 2)),
                 lambda xp, a: xp.tile(a[:, ::2], (2, 1, 2)),
                 lambda xp, a: xp.repeat(a, [1, 0, 2], axis=1),
                 lambda xp, a: xp.diag(a[0, 1]), lambda xp, a: xp.flip(a, 0),
                 lambda xp, a: xp.pad(a, 1, "reflect")):
        check(func, dtype=dtype)


@pytest.mark.parametrize("dtype", SOME_DTYPES)
def test_triangles_and_trace_over_dtypes(dtype):
    check(lambda xp, a: xp.tril(a), dtype=dtype)
    check(lambda xp, a: xp.trace(a), dtype=dtype)


def test_trace_into_out():
    def run(xp, a):
        out = xp.zeros(4)
        assert xp.trace(a, axis1=0, axis2=1, out=out) is out
        return out

    check(run)


@pytest.mark.parametrize("func", [
    lambda xp, a: xp.roll(a, (1, 2), axis=(0, 1, 2)),
    lambda xp, a: xp.roll(a, [[1]], axis=[[0]]),
    lambda xp, a: xp.roll(a, 1, axis=3),
    lambda xp, a: xp.tile(a, -1),
    lambda xp, a: xp.repeat(a, -1),
    lambda xp, a: xp.repeat(a, [1, -1, 1], axis=1),
    lambda xp, a: xp.repeat(a, xp.asarray([1, -1, 1]), axis=1),
    lambda xp, a: xp.repeat(a, [1, 2], axis=1),
    lambda xp, a: xp.repeat(a, xp.asarray([1, 2]), axis=1),
    lambda xp, a: xp.repeat(a, np.array(1.5)),
    lambda xp, a: xp.repeat(a, np.array([1, 2, 1], dtype=np.uint64), axis=1),
    lambda xp, a: xp.repeat(a, xp.asarray([1, 2, 1], dtype=np.float32), axis=1),
    lambda xp, a: xp.repeat(a, [2**63]),
    lambda xp, a: xp.repeat(a, 2, axis=3),
    lambda xp, a: xp.tril(a[0, 0, 0, ...]),
])
def test_copy_errors_match_numpy(func):
    check_error(func)


# -- pad -------------------------------------------------------------------------------------------
PAD_CASES = [
    ("constant", {}), ("constant", {"constant_values": 3}),
    ("constant", {"constant_values": ((1, 2), (3, 4), (5, 6))}),
    ("edge", {}), ("wrap", {}), ("reflect", {}), ("reflect", {"reflect_type": "odd"}),
    ("symmetric", {}), ("symmetric", {"reflect_type": "odd"}),
    ("linear_ramp", {}), ("linear_ramp", {"end_values": (5, -4)}),
    ("maximum", {}), ("minimum", {"stat_length": 2}), ("mean", {}),
    ("mean", {"stat_length": ((1, 2),)}), ("median", {}), ("median", {"stat_length": 3}),
    ("empty", {}),
]
PAD_WIDTHS = [2, (1, 3), ((0, 1), (2, 0), (7, 9)), {1: 2, -1: (0, 3)}]


@pytest.mark.parametrize("mode, kwargs", PAD_CASES, ids=lambda v: repr(v))
@pytest.mark.parametrize("width", PAD_WIDTHS, ids=repr)
def test_pad_modes_match_numpy(mode, kwargs, width):
    if mode == "median" and not hasattr(gparray, "median"):
        pytest.skip("gparray.median is not implemented yet")

    def run(xp, a):
        result = xp.pad(a, width, mode, **kwargs)
        if mode == "empty":
            result = result[tuple(slice(1, -1) for _ in range(result.ndim))].shape
        return result

    check(run, "stepped")
    with np.errstate(all="ignore"):
        check(run, dtype="int16")


@pytest.mark.parametrize("layout", ARRAY_LAYOUTS)
@pytest.mark.parametrize("mode", ["constant", "edge", "wrap", "reflect", "symmetric", "mean",
                                  "linear_ramp", "maximum"])
def test_pad_layouts_and_empty_inputs(layout, mode):
    check(lambda xp, a: xp.pad(a, 1, mode), layout, errors_ok=True)


def test_pad_with_a_function_and_errors():
    def padder(vector, pad_width, iaxis, kwargs):
        vector[:pad_width[0]] = kwargs.get("value", 10)
        if pad_width[1]:
            vector[-pad_width[1]:] = -iaxis

    host, dev = pair(shape=(2, 3))
    same(np.pad(host, (1, 2), padder, value=4), gparray.pad(dev, (1, 2), padder, value=4))
    for width, mode, kwargs in [(-1, "constant", {}), (1.5, "constant", {}),
                                (1, "bogus", {}), (1, "edge", {"constant_values": 1}),
                                (((1, 2, 3),), "constant", {}),
                                (1, "maximum", {"stat_length": 0})]:
        raises_same(lambda: np.pad(host, width, mode, **kwargs),
                    lambda: gparray.pad(dev, width, mode, **kwargs))
    raises_same(lambda: np.pad(host[:0], 1, "edge"), lambda: gparray.pad(dev[:0], 1, "edge"))


# -- grids and patterned arrays --------------------------------------------------------------------
@pytest.mark.parametrize("indexing", ["xy", "ij"])
@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize("copy", [True, False])
def test_meshgrid_returns_a_list(indexing, sparse, copy):
    host, dev = pair()
    for args in [(0,), (0, 1), (0, 1, 2), ()]:
        inputs_np = [host[i, :, 0] if i == 0 else host[0, i] for i in args]
        inputs_gp = [dev[i, :, 0] if i == 0 else dev[0, i] for i in args]
        expected = np.meshgrid(*inputs_np, copy=copy, sparse=sparse, indexing=indexing)
        actual = gparray.meshgrid(*inputs_gp, copy=copy, sparse=sparse, indexing=indexing)
        assert isinstance(actual, list)
        same(list(expected), actual, (host, dev))
    raises_same(lambda: np.meshgrid(host[0, 0], indexing="yx"),
                lambda: gparray.meshgrid(dev[0, 0], indexing="yx"))


@pytest.mark.parametrize("N, M, k", [(3, None, 0), (4, 2, 1), (2, 5, -1), (0, 3, 0), (3, 3, 10),
                                     (-1, None, 0), (2, -3, 1)])
@pytest.mark.parametrize("dtype", [float, int, bool, np.float32])
def test_tri(N, M, k, dtype):
    assert_same(np.tri(N, M, k, dtype=dtype), gparray.tri(N, M, k, dtype=dtype))


@pytest.mark.parametrize("dtype", SOME_DTYPES)
def test_vander(dtype):
    for N, increasing in [(None, False), (3, True), (0, False), (1, True), (6, False)]:
        check(lambda xp, a: xp.vander(a[0, 1], N, increasing), dtype=dtype)
    check_error(lambda xp, a: xp.vander(a[0]))


def test_fromfunction_frombuffer_fromiter():
    for shape, dtype in [((2, 3), float), ((4,), int), ((0, 2), np.float32), ((), float)]:
        expected = np.fromfunction(lambda *ix: sum(ix) * 2 if ix else 1.5, shape, dtype=dtype)
        actual = gparray.fromfunction(lambda *ix: sum(ix) * 2 if ix else 1.5, shape, dtype=dtype)
        if isinstance(expected, np.ndarray):
            assert_same(expected, actual)
    assert_same(np.fromfunction(lambda i, j: i == j, (3, 3), dtype=int),
                gparray.fromfunction(lambda i, j: i == j, (3, 3), dtype=int))
    data = np.arange(10, dtype=np.int16).tobytes()
    assert_same(np.frombuffer(data, dtype=np.int16), gparray.frombuffer(data, dtype=np.int16))
    assert_same(np.frombuffer(data, np.int16, 3, 4), gparray.frombuffer(data, np.int16, 3, 4))
    floats = np.arange(3.0).tobytes()
    assert_same(np.frombuffer(floats), gparray.frombuffer(floats))
    raises_same(lambda: np.frombuffer(b"abc", dtype=np.int16),
                lambda: gparray.frombuffer(b"abc", dtype=np.int16))
    assert_same(np.fromiter(range(5), np.float32), gparray.fromiter(range(5), np.float32))
    assert_same(np.fromiter(range(5), int, 3), gparray.fromiter(range(5), int, 3))


GRID_KEYS = [np.s_[0:5], np.s_[0:1:5j], np.s_[1:7:2], np.s_[0:3, 0:2], np.s_[0:1:3j, 0:4],
             np.s_[-1:1:0.5, 2:3], np.s_[0:4:2j, 1:3:3j, 0:2], np.s_[3:0:-1, 0:2:1j]]


@pytest.mark.parametrize("key", GRID_KEYS, ids=repr)
def test_mgrid_and_ogrid(key):
    same(np.mgrid[key], gparray.mgrid[key])
    expected, actual = np.ogrid[key], gparray.ogrid[key]
    same(list(expected) if isinstance(expected, tuple) else expected,
         list(actual) if isinstance(actual, tuple) else actual)


def test_asarray_variants():
    host, dev = pair()
    assert gparray.asanyarray(dev) is dev
    same(np.asanyarray([1, 2], dtype=np.int8), gparray.asanyarray([1, 2], dtype=np.int8))
    same(np.asarray_chkfinite(host), gparray.asarray_chkfinite(dev))
    raises_same(lambda: np.asarray_chkfinite([1.0, np.nan]),
                lambda: gparray.asarray_chkfinite([1.0, np.nan]))
    for reqs in (None, "C", ["F"], ["F_CONTIGUOUS", "W"], "O", ["A", "E"]):
        expected = np.require(host.T, requirements=reqs)
        actual = gparray.require(dev.T, requirements=reqs)
        same(expected, actual, (host, dev))
        assert actual.flags.c_contiguous == expected.flags.c_contiguous
        assert actual.flags.f_contiguous == expected.flags.f_contiguous
    raises_same(lambda: np.require(host, requirements="CF"),
                lambda: gparray.require(dev, requirements="CF"))
    same(np.fromstring("1 2 3.5", sep=" "), gparray.fromstring("1 2 3.5", sep=" "))
    same(np.fromstring("1,2,3", dtype=np.int32, sep=","),
         gparray.fromstring("1,2,3", dtype=np.int32, sep=","))


LOGSPACES = [
    lambda xp: xp.logspace(0, 3, 4),
    lambda xp: xp.logspace(0.5, -2.5, 7, endpoint=False),
    lambda xp: xp.logspace(1, 2, 5, base=2),
    lambda xp: xp.logspace(1, 2, 5, dtype=np.float32),
    lambda xp: xp.logspace(0, 1, 0),
    lambda xp: xp.logspace(0, 1, 1),
    lambda xp: xp.logspace(xp.asarray([0.0, 1.0]), 3, 4, axis=1),
    lambda xp: xp.logspace(0, 2, 3, base=xp.asarray([2.0, 3.0])),
    lambda xp: xp.logspace(0, 2, 4, dtype=int),
    lambda xp: xp.geomspace(1, 1000, 4),
    lambda xp: xp.geomspace(-1000, -1, 4, endpoint=False),
    lambda xp: xp.geomspace(1, 256, 9, dtype=int),
    lambda xp: xp.geomspace(2, 3, 1),
    lambda xp: xp.geomspace(1j, 1000j, 4),
    lambda xp: xp.geomspace(-1 + 0j, 1 + 0j, 5),
    lambda xp: xp.geomspace(xp.asarray([1.0, 10.0]), xp.asarray([100.0, 1000.0]), 3, axis=-1),
    lambda xp: xp.geomspace(xp.asarray([1, 2], dtype=np.float32), 8, 3),
]


@pytest.mark.parametrize("k", range(len(LOGSPACES)))
def test_logspace_geomspace(k):
    expected = LOGSPACES[k](np)
    rtol = 1e-12 if expected.dtype.itemsize >= 8 else None
    assert_same(expected, LOGSPACES[k](gparray), rtol=rtol)


def test_geomspace_errors():
    raises_same(lambda: np.geomspace(0, 10), lambda: gparray.geomspace(0, 10))
    raises_same(lambda: np.logspace(0, 1, -1), lambda: gparray.logspace(0, 1, -1))


# -- dispatch from NumPy ---------------------------------------------------------------------------
def test_numpy_functions_dispatch_to_gparray():
    host, dev = pair()
    calls = [
        (np.flip, (dev,), {}), (np.fliplr, (dev,), {}), (np.flipud, (dev,), {}),
        (np.rot90, (dev,), {}), (np.roll, (dev, 1), {}), (np.tile, (dev, 2), {}),
        (np.repeat, (dev, 2), {}), (np.pad, (dev, 1), {}), (np.tril, (dev,), {}),
        (np.triu, (dev,), {}), (np.diag, (dev[0],), {}), (np.diagonal, (dev,), {}),
        (np.diagflat, (dev[0],), {}), (np.trace, (dev,), {}), (np.vander, (dev[0, 0],), {}),
        (np.logspace, (dev[0, 0], 2.0), {"num": 3}), (np.geomspace, (dev[0, 0], 2.0), {"num": 3}),
        (np.tri, (3,), {"like": dev}), (np.fromfunction, (lambda i: i, (3,)), {"like": dev}),
        (np.frombuffer, (b"abcdefgh",), {"like": dev}),
        (np.fromiter, (range(3), float), {"like": dev}),
        (np.fromstring, ("1 2",), {"sep": " ", "like": dev}),
        (np.asanyarray, ([1, 2],), {"like": dev}),
        (np.require, ([1, 2],), {"like": dev}),
    ]
    for func, args, kwargs in calls:
        result = func(*args, **kwargs)
        assert isinstance(result, gparray.ndarray), func.__name__
    grids = np.meshgrid(dev[0, 0], dev[0, 1])
    assert isinstance(grids, list) and all(isinstance(g, gparray.ndarray) for g in grids)


# -- property tests -----------------------------------------------------------------------------
from hypothesis import given, settings, strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402


@st.composite
def rearrange_cases(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4))
    ndim = len(shape)
    return dict(
        shape=shape,
        shift=draw(st.lists(st.integers(-9, 9), min_size=1, max_size=ndim)),
        reps=draw(st.lists(st.integers(0, 3), min_size=0, max_size=4)),
        counts=draw(st.lists(st.integers(0, 3), min_size=shape[-1], max_size=shape[-1])),
        widths=draw(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)),
                             min_size=ndim, max_size=ndim)),
        mode=draw(st.sampled_from(["constant", "edge", "wrap", "reflect", "symmetric",
                                   "maximum", "mean", "linear_ramp"])),
        k=draw(st.integers(-4, 4)),
    )


@settings(max_examples=60, deadline=None)
@given(rearrange_cases())
def test_roll_tile_repeat_pad_property(case):
    shape = case["shape"]
    host = sample("float64", int(np.prod(shape)), seed=1, special=False).reshape(shape)
    dev = gparray.asarray(host)
    axes = list(range(len(case["shift"])))
    same(np.roll(host, case["shift"], axis=axes), gparray.roll(dev, case["shift"], axis=axes))
    same(np.tile(host, case["reps"]), gparray.tile(dev, case["reps"]))
    same(np.repeat(host, case["counts"], axis=-1), gparray.repeat(dev, case["counts"], axis=-1))
    same(np.flip(host, -1), gparray.flip(dev, -1), (host, dev))
    if len(shape) >= 2:
        same(np.tril(host, case["k"]), gparray.tril(dev, case["k"]))
        same(np.diagonal(host, case["k"], -1, 0), gparray.diagonal(dev, case["k"], -1, 0),
             (host, dev))
    mode, widths = case["mode"], case["widths"]
    try:
        expected = np.pad(host, widths, mode)
    except ValueError:
        raises_same(lambda: np.pad(host, widths, mode), lambda: gparray.pad(dev, widths, mode))
        return
    same(expected, gparray.pad(dev, widths, mode))


def test_devices_without_fp64_get_float32_defaults():
    """Where NumPy would pick float64 from Python values or integer inputs, a device without
    fp64 computes in float32 (as asarray(1.5) does there) instead of failing."""
    ints = np.array([1, 2, 3])
    cases = [
        (lambda xp: xp.tri(3), None),
        (lambda xp: xp.vander(xp.asarray(ints, dtype=np.float32)), None),
        (lambda xp: xp.logspace(0, 2, 3), None), (lambda xp: xp.geomspace(1, 100, 3), None),
        (lambda xp: xp.pad(xp.asarray(ints), 2, "linear_ramp"), np.int64),
        (lambda xp: xp.pad(xp.asarray(ints), 2, "mean"), np.int64),
        (lambda xp: xp.fromfunction(lambda i, j: i + j, (2, 3)), None),
        (lambda xp: xp.mgrid[0:1:3j, 0:2], None),
        (lambda xp: xp.logspace(xp.asarray(ints), 3, 3), None),
        (lambda xp: xp.concatenate([xp.asarray(ints, dtype=np.float32), [1.5]]), None),
    ]
    with gparray.hide_fp64():
        for func, dtype in cases:
            expected = func(np)
            expected = expected.astype(dtype or np.float32)
            assert_same(expected, func(gparray), rtol=1e-6)

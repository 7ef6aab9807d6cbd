"""Advanced indexing (integer arrays, boolean masks, mixtures), assignment through it,
ufunc.at, and nonzero/flatnonzero/argwhere/count_nonzero, differential against NumPy over
dtypes and layouts (contiguous, transposed, step-sliced, 0-d, empty), including the type of
the exception raised for invalid keys."""
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import gparray
from gparray._engines import advanced_indexing as _advanced
from gparray._core.basic_indexing import is_basic
from conftest import ALL_DTYPES, assert_same, raises_same, sample

LAYOUTS = ["contiguous", "transposed", "step-sliced", "reversed"]


@pytest.fixture(params=["in-order", "parallel"])
def strategy(request, monkeypatch):
    """Both ways of handling repeated indices: one ordered pass (CPU devices) and the winner
    and bucket passes (GPUs), whichever device runs the tests."""
    if request.param == "parallel":
        monkeypatch.setattr(_advanced, "IN_ORDER_KINDS", set())
    return request.param


def pair(shape, dtype="float64", layout="contiguous", seed=0):
    """The same values as a NumPy array and a device array, both in ``layout``."""
    shape = tuple(shape)
    if layout == "reversed" and 0 in shape:
        # An empty reversed view gets an offset past its (empty) buffer, which to_host
        # rejects (basic indexing, outside this module's scope): keep empty arrays plain.
        layout = "contiguous"
    if layout == "transposed":
        base = sample(dtype, int(np.prod(shape)), seed=seed).reshape(shape[::-1])
        return base.T, gparray.asarray(base).T
    if layout in ("step-sliced", "reversed"):
        step = 2 if layout == "step-sliced" else -1
        big = tuple(n * abs(step) for n in shape)
        base = sample(dtype, int(np.prod(big)), seed=seed).reshape(big)
        key = tuple(slice(None, None, step) for _ in shape) + (Ellipsis,)
        return base[key], gparray.asarray(base)[key]
    host = sample(dtype, int(np.prod(shape)), seed=seed).reshape(shape)
    return host, gparray.asarray(host)


def on_device(key):
    """The key with every NumPy array moved to the device (lists and scalars kept)."""
    if isinstance(key, tuple):
        return tuple(on_device(k) for k in key)
    if isinstance(key, np.ndarray):
        return gparray.asarray(key)
    return key


def same_outcome(np_call, gp_call):
    """Both calls return the same array, or both raise (gparray the builtin type NumPy's
    exception derives from)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = np_call()
    except Exception:
        raises_same(np_call, gp_call)
        return None
    got = gp_call()
    if isinstance(expected, np.ndarray) and expected.size == 0:
        # Empty basic views can carry an offset past their buffer, which .get() rejects
        # (basic indexing, outside this module): compare what there is to compare.
        assert (got.shape, got.dtype) == (expected.shape, expected.dtype)
        return expected
    assert_same(expected, got)
    return expected


# -- fixed keys over dtypes and layouts ---------------------------------------------------
KEYS_3D = [
    ([0, 2, -1],),
    (np.array([[1, 0], [2, 2]]),),
    (slice(None), [3, 0, 3]),
    (0, slice(None), [1, 0]),                        # separated by a slice: advanced first
    (slice(None), 1, [1, 0, 2]),                     # adjacent int + array: in place
    ([[0], [2]], slice(1, None), [0, 3]),
    (Ellipsis, [True, False, True, True]),
    (np.array([True, False, True]), Ellipsis, 2),
    (None, [1], None, slice(None, None, -1), -1),
    (True,), (False, 0), (np.array(True), [2, 0]),
    ([], slice(None)),
    (np.array(1, dtype=np.uint8),),
    ([0, 1], [[1], [3]], np.array([0, 3], dtype=np.int32)),
]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
def test_getitem_matches_numpy_over_dtypes_and_layouts(dtype, layout):
    host, dev = pair((3, 5, 4), dtype, layout)
    for key in KEYS_3D:
        assert_same(host[key], dev[key])
        assert_same(host[key], dev[on_device(key)])
    mask = host.real != 0 if dtype.kind == "c" else host.astype(bool)
    assert_same(host[mask], dev[gparray.asarray(mask)])


def test_results_are_copies():
    host, dev = pair((4, 5))
    got = dev[[0, 1]]
    assert not gparray.shares_memory(got, dev)
    got[...] = -1
    assert_same(host, dev)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ["bool", "int8", "float16", "float32", "complex128"])
def test_setitem_matches_numpy_over_dtypes_and_layouts(dtype, layout):
    host, dev = pair((3, 5, 4), dtype, layout)
    for k, key in enumerate(KEYS_3D):
        shape = host[key].shape
        value = sample(dtype, int(np.prod(shape)), seed=k + 1).reshape(shape)
        host[key] = value
        dev[on_device(key)] = value
        assert_same(host, dev)
        host[key] = value[..., :1] if value.ndim else value
        dev[key] = gparray.asarray(value[..., :1] if value.ndim else value)
        assert_same(host, dev)


def test_zero_d_and_empty_arrays():
    host, dev = np.array(3.5), gparray.asarray(3.5)
    for key in [True, False, np.array(True), (None, True)]:
        assert_same(host[key], dev[key])
    for key in [[0], np.array(0)]:
        raises_same(lambda: host[key], lambda: dev[key])
    host[True] = 7.0
    dev[True] = 7.0
    assert_same(host, dev)
    host, dev = pair((0, 3))
    for key in [([], [0]), (slice(None), [2, 0]), (np.zeros((0, 3), bool),), ([], 1)]:
        same_outcome(lambda: host[key], lambda: dev[key])
    raises_same(lambda: host[[0]], lambda: dev[[0]])       # checked although nothing is read
    host, dev = pair((2, 0))
    raises_same(lambda: host[[5], :], lambda: dev[[5], :])
    assert_same(host[[1], :], dev[[1], :])


def test_index_array_layouts_and_dtypes():
    host, dev = pair((6, 7))
    base = np.array([[5, -1, 0, 2], [3, 3, -6, 1], [0, 0, 4, 5]])
    for idx in [base, base.T, base[::-1, ::2], np.broadcast_to(base[:1], (3, 4))]:
        for dtype in ["int8", "int16", "int32", "int64", "uint8", "uint64"]:
            idx_t = idx if dtype.startswith("int") else idx % 6
            idx_t = idx_t.astype(dtype)
            assert_same(host[idx_t], dev[gparray.asarray(idx_t)])
            assert_same(host[1:, idx_t], dev[1:, idx_t])
    dev_idx = gparray.asarray(np.arange(12) % 7)[::-3]
    assert_same(host[:, dev_idx.get()], dev[:, dev_idx])


def test_invalid_keys_raise_like_numpy():
    host, dev = pair((3, 4))
    for key in [1.5, [1.5], np.array([1.0]), (0, 0, 0), ([0, 1], [0, 1, 2]), [0, None],
                (Ellipsis, Ellipsis, [0]), np.ones((3, 5), bool), (np.ones(4, bool),),
                ([0], np.ones(3, bool)), "a", ([0], [[0, 1, 2]], [0])]:
        raises_same(lambda: host[key], lambda: dev[on_device(key)])
        raises_same(lambda: host.__setitem__(key, 0), lambda: dev.__setitem__(on_device(key), 0))
    with pytest.raises(IndexError, match="shape mismatch: indexing arrays could not be broadcast "
                                         r"together with shapes \(2,\) \(3,\)"):
        dev[[0, 1], [0, 1, 2]]


# -- must show: bounds on the device, wrong-shape masks ------------------------------------
def test_out_of_bounds_index_raises_and_leaves_x_unchanged():
    host, dev = pair((10,))
    with pytest.raises(IndexError) as info:
        dev[[0, 10 ** 9]]
    assert str(info.value) == "index 1000000000 is out of bounds for axis 0 with size 10"
    before = dev.get()
    for value in [1.0, [5.0, 6.0], gparray.asarray([5.0, 6.0])]:
        with pytest.raises(IndexError, match="index 1000000000 is out of bounds for axis 0 "
                                             "with size 10"):
            dev[[0, 10 ** 9]] = value
        np.testing.assert_array_equal(dev.get(), before)
    with pytest.raises(IndexError, match="index -11 is out of bounds for axis 0 with size 10"):
        dev[gparray.asarray([3, -11, 2])] = 0.0
    np.testing.assert_array_equal(dev.get(), before)
    with pytest.raises(IndexError, match="index 7 is out of bounds for axis 1 with size 5"):
        gparray.zeros((3, 5))[[0, 0], [1, 7]] = 1.0
    with pytest.raises(IndexError):
        gparray.add.at(dev, [1, 12], 1.0)
    np.testing.assert_array_equal(dev.get(), before)


def test_wrong_shape_mask_assignment_raises_numpys_error():
    host, dev = np.zeros(3), gparray.zeros(3)
    mask = np.array([True, False, True, False])
    err = raises_same(lambda: host.__setitem__(mask, 1.0),
                      lambda: dev.__setitem__(gparray.asarray(mask), 1.0))
    assert str(err) == ("boolean index did not match indexed array along axis 0; size of axis "
                        "is 3 but size of corresponding boolean axis is 4")
    good = np.array([True, False, True])
    for value in [[1.0, 2.0, 3.0], np.ones((1, 2)), np.ones((2, 2))]:
        err = raises_same(lambda: host.__setitem__(good, value),
                          lambda: dev.__setitem__(gparray.asarray(good), value))
    host2, dev2 = pair((3, 4))
    for key, value in [((good, slice(None)), np.ones(3)), ((slice(None), [0, 1]), np.ones(3))]:
        raises_same(lambda: host2.__setitem__(key, value), lambda: dev2.__setitem__(key, value))
    with pytest.raises(ValueError, match=r"value array of shape \(3,\) could not be broadcast "
                                         r"to indexing result of shape \(3,2\)"):
        dev2[:, [0, 1]] = np.ones(3)
    np.testing.assert_array_equal(dev.get(), np.zeros(3))


def test_repeated_indices_last_write_wins(strategy):
    rng = np.random.default_rng(1)
    host, dev = np.zeros(50), gparray.zeros(50)
    idx = rng.integers(-50, 50, 2000)
    values = np.arange(2000.0)
    host[idx] = values
    dev[gparray.asarray(idx)] = gparray.asarray(values)
    assert_same(host, dev)
    host, dev = pair((4, 6))
    rows, cols = np.array([[0], [0], [3]]), np.array([1, 1, 5, 1])
    values = np.arange(12.0).reshape(3, 4)
    host[rows, cols] = values
    dev[rows, cols] = values
    assert_same(host, dev)
    host[:, [2, 2, 0]] = np.arange(12.0).reshape(4, 3)
    dev[:, [2, 2, 0]] = np.arange(12.0).reshape(4, 3)
    assert_same(host, dev)


def test_mask_assignment_and_python_scalars():
    host, dev = pair((5, 4), "int8")
    mask = host > 0
    host[mask] = 7
    dev[gparray.asarray(mask)] = 7
    assert_same(host, dev)
    host[mask[:, 0]] = [1, 2, 3, 4]
    dev[mask[:, 0]] = [1, 2, 3, 4]
    assert_same(host, dev)
    values = np.arange(mask.sum(), dtype=np.int8)
    host[mask] = values
    dev[gparray.asarray(mask)] = gparray.asarray(values)
    assert_same(host, dev)
    raises_same(lambda: host.__setitem__([0, 1], 300), lambda: dev.__setitem__([0, 1], 300))
    host[[0, 1], 1] = 2.9
    dev[[0, 1], 1] = 2.9
    assert_same(host, dev)


def test_large_gather_scatter_and_mask_against_numpy(strategy):
    rng = np.random.default_rng(2)
    host = rng.standard_normal(300_000).astype(np.float32)
    dev = gparray.asarray(host)
    idx = rng.integers(-300_000, 300_000, 100_000)
    assert_same(host[idx], dev[gparray.asarray(idx)])
    mask = host > 0.3
    assert_same(host[mask], dev[dev > 0.3])
    host[idx] = np.arange(idx.size, dtype=np.float32)
    dev[gparray.asarray(idx)] = gparray.arange(idx.size, dtype=np.float32)
    assert_same(host, dev)


# -- hypothesis: random mixed keys, get and set ----------------------------------------------
SMALL_DTYPES = ["float32", "int16", "bool", "complex128"]


class OnDevice:
    """A generated index array that the gparray side gets as a device array."""

    def __init__(self, host):
        self.host = host

    def __repr__(self):
        return f"OnDevice({self.host!r})"


@st.composite
def index_cases(draw):
    ndim = draw(st.integers(0, 4))
    size = st.sampled_from([0, 1, 2, 2, 3, 3, 4, 4, 5])
    shape = tuple(draw(st.lists(size, min_size=ndim, max_size=ndim)))
    bshape = tuple(draw(st.lists(st.sampled_from([0, 1, 2, 3, 3, 4, 5]), min_size=0,
                                 max_size=2)))
    wide = draw(st.integers(0, 9)) == 0          # sometimes indices out of bounds

    def index_array(n):
        own = tuple(1 if draw(st.booleans()) and draw(st.booleans()) else s for s in bshape)
        own = own[draw(st.integers(0, len(own))):]
        if draw(st.integers(0, 14)) == 0:
            own = (draw(st.integers(0, 4)),)     # likely not broadcastable
        lo, hi = (-n - 2, n + 1) if wide else (-n, n - 1)
        if n == 0 and not wide:
            lo, hi = 0, 0
            own = own if 0 in own else own + (0,)
        values = draw(st.lists(st.integers(lo, hi), min_size=int(np.prod(own)),
                               max_size=int(np.prod(own))))
        arr = np.array(values, dtype=draw(st.sampled_from(["int64", "int32", "int8", "uint8"]))
                       if min(values, default=0) >= 0 else
                       draw(st.sampled_from(["int64", "int32", "int8"]))).reshape(own)
        form = draw(st.sampled_from(["numpy", "list", "device"]))
        return arr.tolist() if form == "list" and arr.ndim else (
            OnDevice(arr) if form == "device" else arr)

    def mask(dims):
        m = np.array(draw(st.lists(st.booleans(), min_size=int(np.prod(dims)),
                                   max_size=int(np.prod(dims))))).reshape(dims)
        if draw(st.integers(0, 14)) == 0:
            m = np.zeros(tuple(d + 1 for d in dims), bool)      # wrong shape
        form = draw(st.sampled_from(["numpy", "device", "list"]))
        return m.tolist() if form == "list" and m.ndim else (OnDevice(m) if form == "device"
                                                             else m)

    def items_for(axes):
        out, k = [], 0
        while k < len(axes) and draw(st.integers(0, 5)):
            kind = draw(st.sampled_from(["int", "slice", "slice", "none", "array", "array",
                                         "array", "mask", "mask", "bool0", "bad"]))
            n = shape[axes[k]]
            if kind == "int":
                out.append(draw(st.integers(-n - 1, n) if wide else
                                st.integers(-n, max(n - 1, -n))))
                k += 1
            elif kind == "slice":
                bound = st.none() | st.integers(-n - 2, n + 2)
                out.append(slice(draw(bound), draw(bound),
                                 draw(st.sampled_from([None, 1, 2, -1, -2, 3]))))
                k += 1
            elif kind == "none":
                out.append(None)
            elif kind == "array":
                out.append(index_array(n))
                k += 1
            elif kind == "mask":
                span = draw(st.integers(1, min(2, len(axes) - k)))
                out.append(mask(tuple(shape[a] for a in axes[k:k + span])))
                k += span
            elif kind == "bool0":
                out.append(draw(st.sampled_from([True, False, np.True_, np.array(False),
                                                 OnDevice(np.array(True))])))
            elif draw(st.integers(0, 2)) == 0:
                out.append(draw(st.sampled_from([1.5, np.array([0.0]), "x", [0, None]])))
                k += 1
        # Mostly keys with at least one advanced index: turn a basic item into one.
        plain = [i for i, x in enumerate(out)
                 if x is None or isinstance(x, (int, slice)) and not isinstance(x, bool)]
        if len(plain) == len(out) and draw(st.integers(0, 4)):
            if plain and draw(st.booleans()):
                i = draw(st.sampled_from(plain))
                if out[i] is None:
                    out[i] = True
                else:
                    out[i] = index_array(shape[axes[sum(1 for x in out[:i] if x is not None)]])
            elif axes:
                out.append(index_array(shape[axes[len(out) - out.count(None)]])
                           if len(out) - out.count(None) < len(axes) else False)
            else:
                out.append(draw(st.sampled_from([True, False])))
        return out

    split = draw(st.integers(0, ndim))
    head = items_for(list(range(split)))
    if draw(st.booleans()):
        tail = items_for(list(range(split, ndim)))
        key = head + [Ellipsis] + tail if tail or draw(st.booleans()) else head
    else:
        key = head
    if draw(st.integers(0, 19)) == 0:
        key.append(0)                                  # maybe too many indices
    key = tuple(key) if len(key) != 1 or draw(st.booleans()) else key[0]
    dtype = draw(st.sampled_from(SMALL_DTYPES))
    layout = draw(st.sampled_from(LAYOUTS))
    value_kind = draw(st.sampled_from(["scalar", "full", "broadcast", "wrong", "device"]))
    in_order = draw(st.booleans())
    return shape, dtype, layout, key, value_kind, in_order, draw(st.integers(0, 2 ** 16))


def split_key(key):
    """The NumPy key and the gparray key of a generated key."""
    def one(k, device):
        if isinstance(k, OnDevice):
            return gparray.asarray(k.host) if device else k.host
        return k

    if isinstance(key, tuple):
        return tuple(one(k, False) for k in key), tuple(one(k, True) for k in key)
    return one(key, False), one(key, True)


def integer_key(key):
    items = key if isinstance(key, tuple) else (key,)
    return all(isinstance(k, (int, np.integer)) and not isinstance(k, bool) or
               isinstance(k, (np.ndarray, gparray.ndarray)) and k.ndim == 0 and
               k.dtype.kind in "iu" for k in items)


def value_for(kind, shape, dtype, seed):
    rng = np.random.default_rng(seed)
    if kind == "scalar":
        return sample(dtype, 1, seed=seed)[0]
    if kind == "wrong":
        return sample(dtype, 2 + len(shape), seed=seed)
    if kind == "broadcast":
        shape = tuple(1 if rng.integers(2) else n for n in shape)[rng.integers(0, len(shape) + 1):]
    value = sample(dtype, int(np.prod(shape)), seed=seed, special=False).reshape(shape)
    return gparray.asarray(value) if kind == "device" else value


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(index_cases())
def test_random_index_expressions_match_numpy(case):
    shape, dtype, layout, key, value_kind, in_order, seed = case
    kinds = _advanced.IN_ORDER_KINDS
    _advanced.IN_ORDER_KINDS = kinds if in_order else set()   # both repeat strategies
    try:
        check_index_expression(shape, dtype, layout, key, value_kind, seed)
    finally:
        _advanced.IN_ORDER_KINDS = kinds


def check_index_expression(shape, dtype, layout, key, value_kind, seed):
    np_key, gp_key = split_key(key)
    host, dev = pair(shape, dtype, layout, seed=seed % 7)
    expected = same_outcome(lambda: host[np_key], lambda: dev[gp_key])
    result_shape = expected.shape if expected is not None else shape
    value = value_for(value_kind, result_shape, dtype, seed)
    host_value = value.get() if isinstance(value, gparray.ndarray) else value

    def np_set():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            host[np_key] = host_value

    try:
        np_set()
    except Exception:
        before = dev.get()
        if is_basic(gp_key) or integer_key(gp_key):
            # Basic assignment (not this module) raises ValueError where NumPy raises
            # TypeError for some values (NumPy's single-element path, which 0-d integer
            # arrays take too); only check that it fails.
            with pytest.raises(Exception):
                dev[gp_key] = value
        else:
            raises_same(np_set, lambda: dev.__setitem__(gp_key, value))
        np.testing.assert_array_equal(dev.get(), before)    # nothing written on error
        return
    dev[gp_key] = value
    assert_same(host, dev)


# -- ufunc.at --------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["int8", "int32", "uint16", "float32", "float64", "complex64"])
def test_add_at_with_repeated_indices(dtype, strategy):
    rng = np.random.default_rng(3)
    host, dev = pair((40,), dtype)
    idx = rng.integers(-40, 40, 500)
    values = sample(dtype, 500, seed=4, special=False)
    np.add.at(host, idx, values)
    np.add.at(dev, gparray.asarray(idx), gparray.asarray(values))
    assert_same(host, dev)
    gparray.add.at(dev, [0, 0, 0, 1], 1)
    np.add.at(host, [0, 0, 0, 1], 1)
    assert_same(host, dev)


def test_at_applies_updates_in_index_order(strategy):
    # Float addition is not associative: only NumPy's order gives these exact values.
    host = np.zeros(3)
    dev = gparray.zeros(3)
    idx = [0, 0, 0, 1, 1, 2, 0]
    values = [1e16, 1.0, -1e16, 0.1, 0.2, 3.0, 1.0]
    np.add.at(host, idx, values)
    gparray.add.at(dev, idx, values)
    np.testing.assert_array_equal(dev.get(), host)
    host, dev = np.ones(4), gparray.ones(4)
    np.subtract.at(host, [1, 1, 1, 2], [5.0, 2.0, 0.5, 1.0])
    np.divide.at(host, [1, 1, 3], [3.0, 7.0, 2.0])
    gparray.subtract.at(dev, [1, 1, 1, 2], [5.0, 2.0, 0.5, 1.0])
    gparray.divide.at(dev, [1, 1, 3], [3.0, 7.0, 2.0])
    np.testing.assert_array_equal(dev.get(), host)
    big = np.random.default_rng(5).integers(0, 3, 5000)
    host, dev = np.zeros(3, np.float32), gparray.zeros(3, dtype=np.float32)
    vals = np.random.default_rng(6).standard_normal(5000).astype(np.float32)
    np.add.at(host, big, vals)
    gparray.add.at(dev, big, vals)
    np.testing.assert_array_equal(dev.get(), host)


@pytest.mark.parametrize("name,b", [("negative", None), ("sqrt", None), ("invert", None),
                                    ("absolute", None), ("multiply", 3), ("maximum", 2.5),
                                    ("power", 2), ("floor_divide", -2), ("less", 1),
                                    ("true_divide", 2), ("subtract", np.int8(1)),
                                    ("bitwise_xor", 5), ("logical_or", True)])
@pytest.mark.parametrize("dtype", ["int32", "float32", "uint8", "bool", "complex128"])
def test_every_kind_of_ufunc_at(name, b, dtype, strategy):
    uf = getattr(np, name)
    host, dev = pair((6, 3), dtype)
    key = ([0, 4, 4, -1, 0], slice(None, None, -1))

    def call(module, a):
        args = (a, key) if b is None else (a, key, b)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            getattr(module, name).at(*args)
        return a

    try:
        expected = call(np, host)
    except Exception:
        raises_same(lambda: call(np, host), lambda: call(gparray, dev))
        return
    assert_same(expected, call(gparray, dev))
    assert uf is getattr(np, name)


@pytest.mark.filterwarnings("ignore:invalid value encountered in cast:RuntimeWarning")
def test_at_keys_subspaces_masks_and_errors(strategy):
    host, dev = pair((4, 5))
    for key, b in [((slice(None), [0, 0, 3]), np.arange(12.0).reshape(4, 3)),
                   (([1, 1], slice(1, 4)), np.arange(3.0)), (np.eye(4, 5, dtype=bool), 2.0),
                   ((2, [4, 4]), [1.0, 2.0]), (slice(1, 3), 1.0), (([[0], [0]], [1, 2]), 1.0)]:
        np.add.at(host, key, b)
        gparray.add.at(dev, on_device(key), b)
        assert_same(host, dev)
    for call in [lambda m, a: m.add.at(a, [0, 1], [1.0, 2.0, 3.0]),
                 lambda m, a: m.add.at(a, [0, 9]),
                 lambda m, a: m.negative.at(a, [0], 1.0),
                 lambda m, a: m.divmod.at(a, [0], 2.0),
                 lambda m, a: m.add.at(a, [9], 1.0),
                 lambda m, a: m.power.at(a.astype(np.int64), [0], -1)]:
        raises_same(lambda: call(np, host), lambda: call(gparray, dev))


# -- nonzero, flatnonzero, argwhere, count_nonzero -------------------------------------------
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
def test_nonzero_family_matches_numpy(dtype, layout):
    host, dev = pair((5, 3, 4), dtype, layout, seed=8)
    assert_same(np.nonzero(host), gparray.nonzero(dev))
    assert_same(np.nonzero(host), np.nonzero(dev))              # dispatch
    assert_same(np.flatnonzero(host), np.flatnonzero(dev))
    assert_same(np.argwhere(host), np.argwhere(dev))
    assert_same(np.asarray(np.count_nonzero(host)), np.count_nonzero(dev))
    for axis in [0, 1, (0, 2), -1, None]:
        for keepdims in [False, True]:
            assert_same(np.asarray(np.count_nonzero(host, axis=axis, keepdims=keepdims)),
                        gparray.count_nonzero(dev, axis=axis, keepdims=keepdims))


def test_nonzero_edge_cases():
    for host in [np.array(5), np.array(0.0), np.zeros((0, 3)), np.zeros((2, 0, 1), bool),
                 np.ones((1, 1)), np.array([np.nan, -0.0, 0.0, 1e-300])]:
        dev = gparray.asarray(host)
        assert_same(np.argwhere(host), gparray.argwhere(dev))
        assert_same(np.flatnonzero(host), gparray.flatnonzero(dev))
        assert_same(np.asarray(np.count_nonzero(host)), gparray.count_nonzero(dev))
        same_outcome(lambda: np.nonzero(host), lambda: gparray.nonzero(dev))
    # Many work-groups: the per-group counts and their scan must line up.
    rng = np.random.default_rng(9)
    for density in [0.0, 0.01, 0.5, 1.0]:
        host = rng.random(250_001) < density
        dev = gparray.asarray(host)
        assert_same(np.flatnonzero(host), gparray.flatnonzero(dev))
        assert_same(np.nonzero(host.reshape(-1, 1)), gparray.nonzero(dev.reshape(-1, 1)))
    nz = gparray.nonzero(gparray.asarray(np.ones((3, 2))))
    assert nz[0].strides == np.nonzero(np.ones((3, 2)))[0].strides


def test_ranks_beyond_the_kernel_layout(strategy):
    # 18 dimensions that no two operands share a contiguous order in: launches loop on the
    # host over the dimensions the kernels' layouts cannot hold.
    base = np.arange(2 ** 18, dtype=np.float32).reshape((2,) * 18)
    host, dev = base.T, gparray.asarray(base).T
    for key in [([1, 0, 1],), (slice(None), [1, 0]), (Ellipsis, [1, 1, 0])]:
        assert_same(host[key], dev[key])
    host = host.copy()
    host[..., [1, 0, 1]] = -host[..., [0, 1, 1]]
    dev[..., [1, 0, 1]] = -dev[..., [0, 1, 1]]
    assert_same(host, dev)
    np.add.at(host, (Ellipsis, [1, 1, 0]), np.arange(3.0, dtype=np.float32))
    gparray.add.at(dev, (Ellipsis, [1, 1, 0]), np.arange(3.0, dtype=np.float32))
    assert_same(host, dev)

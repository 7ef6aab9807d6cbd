"""Every NumPy elementwise ufunc with numeric loops exists on the device and matches NumPy
for every dtype it has a loop for, on contiguous, transposed, step-sliced, broadcast, 0-d
and empty inputs, with Python-scalar operands, out=, where= and dtype=."""
import warnings

import numpy as np
import pytest

import gparray
from conftest import ALL_DTYPES, assert_same, raises_same, sample

ELEMENTWISE = sorted(name for name in dir(np) if isinstance(getattr(np, name), np.ufunc)
                     and getattr(np, name).signature is None
                     and getattr(np, name).__name__ == name)
NUMERIC_CHARS = set("?bBhHiIlLqQefdFD")


def has_numeric_loop(uf):
    return any(set(t.replace("->", "")) <= NUMERIC_CHARS for t in uf.types)


NUMERIC_UFUNCS = [n for n in ELEMENTWISE if has_numeric_loop(getattr(np, n))]

# Loose tolerances where NumPy's own float32 results come from different (SIMD) algorithms
# than the device's correctly-rounded-within-a-few-ULP library.
LOOSE = {"arccosh", "arcsinh", "arctanh", "cbrt", "expm1", "log1p", "tan", "power",
         "float_power", "logaddexp", "logaddexp2", "sinh", "cosh", "tanh", "arctan2",
         "arcsin", "arccos", "arctan", "exp", "exp2", "log", "log2", "log10", "sin", "cos",
         "hypot", "sqrt", "divide", "reciprocal"}


def test_every_numeric_ufunc_exists_on_the_device():
    missing = [n for n in NUMERIC_UFUNCS if not isinstance(getattr(gparray, n, None), gparray.ufunc)]
    assert not missing, f"ufuncs missing on the device: {missing}"
    assert len(NUMERIC_UFUNCS) >= 80


def _inputs(name, dtype, n, seed=0):
    uf = getattr(np, name)
    vals = [sample(dtype, n, seed=seed + k) for k in range(uf.nin)]
    if name in ("left_shift", "right_shift") and dtype.kind in "iu":
        vals[1] = (np.abs(vals[1].astype(np.int64)) % (dtype.itemsize * 8 + 3)).astype(dtype)
    if name in ("power",) and dtype.kind in "iu":
        vals[1] = (np.abs(vals[1].astype(np.int64)) % 5).astype(dtype)
    if name == "ldexp":
        vals[1] = (sample(np.int32, n, seed=5, special=False) % 20).astype(np.int32)
    return vals


def _rtol(name, dtype):
    if dtype.kind not in "fc":
        return None
    base = {np.dtype("float16"): 2e-3, np.dtype("float32"): 4e-6, np.dtype("float64"): 1e-13,
            np.dtype("complex64"): 1e-5, np.dtype("complex128"): 1e-12}[dtype]
    return base * 8 if name in LOOSE else base


def _layouts(values):
    """(label, transform) pairs giving the same logical operation on different layouts."""
    yield "contiguous", lambda v: v
    yield "transposed", lambda v: v[:36].reshape(6, 6).T
    yield "step-sliced", lambda v: v[::-3]
    yield "0-d", lambda v: v[3]
    yield "empty", lambda v: v[:0]


def _compare(name, dtype, np_args, gp_args, **kwargs):
    uf_np, uf_gp = getattr(np, name), getattr(gparray, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = uf_np(*np_args, **kwargs)
        except Exception:
            raises_same(lambda: uf_np(*np_args, **kwargs), lambda: uf_gp(*gp_args, **kwargs))
            return
        actual = uf_gp(*gp_args, **kwargs)
    result_dtype = (expected[0] if isinstance(expected, tuple) else np.asarray(expected)).dtype
    assert_same(expected, actual, rtol=_rtol(name, result_dtype))


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("name", NUMERIC_UFUNCS)
def test_ufunc_matches_numpy_on_every_layout(name, dtype):
    host = _inputs(name, dtype, 40)
    dev = [gparray.asarray(v) for v in host]
    for label, layout in _layouts(host[0]):
        _compare(name, dtype, [layout(v) for v in host], [layout(v) for v in dev])
    if getattr(np, name).nin == 2:
        # broadcast: a column against a row
        a, b = host[0][:6].reshape(6, 1), host[1][:5]
        _compare(name, dtype, [a, b], [gparray.asarray(a), gparray.asarray(b)])


SCALARS = [True, 3, -2, 2.5, -0.0, 1.5 - 2j]


@pytest.mark.parametrize("scalar", SCALARS, ids=repr)
@pytest.mark.parametrize("dtype", ["int8", "uint8", "int64", "float16", "float32", "float64",
                                   "complex64"])
@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "power", "maximum",
                                  "less", "floor_divide", "remainder", "arctan2", "bitwise_and"])
def test_python_scalars_are_weak(name, dtype, scalar):
    host = sample(dtype, 20, special=False)
    if name == "power" and np.dtype(dtype).kind in "iu":
        host = np.abs(host) % 4
    dev = gparray.asarray(host)
    _compare(name, np.dtype(dtype), [host, scalar], [dev, scalar])
    _compare(name, np.dtype(dtype), [scalar, host], [scalar, dev])


BIG_INTS = [-1, 5, 300, -129, 2**31, 2**63, 2**64 - 1, 2**64, -2**63 - 1]


@pytest.mark.parametrize("value", BIG_INTS)
@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8", "int32", "uint32", "int64", "uint64"])
@pytest.mark.parametrize("name", ["less", "less_equal", "greater", "greater_equal", "equal",
                                  "not_equal"])
def test_comparisons_with_python_ints_of_any_size(name, dtype, value):
    # NumPy 2 compares an integer array with a Python int by true value, even beyond the
    # dtype's range (np.less(-1, uint64_array) is True); a bool array raises OverflowError.
    host = np.array([0, 1, 1, 0]) if dtype == "bool" else \
        np.array([0, 1, np.iinfo(dtype).max, np.iinfo(dtype).min])
    host = host.astype(dtype)
    dev = gparray.asarray(host)
    for args_np, args_gp in (((host, value), (dev, value)), ((value, host), (value, dev))):
        try:
            expected = getattr(np, name)(*args_np)
        except Exception:
            raises_same(lambda: getattr(np, name)(*args_np),
                        lambda: getattr(gparray, name)(*args_gp))
            continue
        assert_same(expected, getattr(gparray, name)(*args_gp))


@pytest.mark.parametrize("scalar", [0, 3, 0.0, 2.5, 1j, True], ids=repr)
@pytest.mark.parametrize("dtype", ["int32", "uint16", "float16", "float64", "complex64"])
@pytest.mark.parametrize("name", ["logical_and", "logical_or", "logical_xor"])
def test_logical_ufuncs_take_any_array_with_a_scalar(name, dtype, scalar):
    host = sample(dtype, 12)
    dev = gparray.asarray(host)
    assert_same(getattr(np, name)(host, scalar), getattr(gparray, name)(dev, scalar))
    assert_same(getattr(np, name)(scalar, host), getattr(gparray, name)(scalar, dev))


def test_numpy_scalars_and_arrays_mix_with_device_arrays():
    host = sample("float32", 10, special=False)
    dev = gparray.asarray(host)
    assert_same(host + np.float64(2), dev + np.float64(2))
    assert_same(host * np.arange(10), dev * np.arange(10))
    assert_same(np.add(np.arange(10), host), np.add(np.arange(10), dev))


def test_out_where_dtype_and_casting():
    a = sample("float32", 12, special=False).reshape(3, 4)
    b = sample("float32", 4, seed=2, special=False)
    x, y = gparray.asarray(a), gparray.asarray(b)
    out_np, out_gp = np.full((3, 4), 7.0), gparray.full((3, 4), 7.0)
    mask = np.array([True, False, True, False])
    r_np = np.add(a, b, out=out_np, where=mask)
    r_gp = np.add(x, y, out=out_gp, where=gparray.asarray(mask))
    assert r_gp is out_gp
    assert_same(r_np, r_gp)
    assert_same(np.multiply(a, b, dtype=np.float64), gparray.multiply(x, y, dtype=np.float64))
    # in place on a strided view
    v_np, v_gp = a.copy(), gparray.asarray(a)
    np.sin(v_np[:, ::2], out=v_np[:, ::2])
    gparray.sin(v_gp[:, ::2], out=v_gp[:, ::2])
    assert_same(v_np, v_gp)
    # overlapping input and output are computed as if from a copy
    s_np, s_gp = np.arange(10.0), gparray.arange(10.0)
    np.add(s_np[:-1], s_np[1:], out=s_np[1:])
    gparray.add(s_gp[:-1], s_gp[1:], out=s_gp[1:])
    assert_same(s_np, s_gp)
    # two outputs
    assert_same(np.divmod(a, 0.7), gparray.divmod(x, 0.7))
    assert_same(np.frexp(a), gparray.frexp(x))


def test_bad_input_raises_numpys_exception():
    a, b = np.ones(3), np.ones(4)
    x, y = gparray.asarray(a), gparray.asarray(b)
    raises_same(lambda: a + b, lambda: x + y)
    raises_same(lambda: np.add(a, a, out=np.ones(4)), lambda: gparray.add(x, x, out=gparray.ones(4)))
    i_np, i_gp = np.ones(3, np.int32), gparray.ones(3, dtype=np.int32)
    raises_same(lambda: np.add(a, a, out=i_np), lambda: gparray.add(x, x, out=i_gp))
    raises_same(lambda: i_np.__iadd__(1.5), lambda: i_gp.__iadd__(1.5))
    raises_same(lambda: np.bitwise_and(a, a), lambda: gparray.bitwise_and(x, x))
    raises_same(lambda: np.add.reduce(np.ones((2, 2)), axis=2),
                lambda: gparray.add.reduce(gparray.ones((2, 2)), axis=2))
    raises_same(lambda: np.int8(1) + np.array([1], np.int8) + 300,
                lambda: gparray.asarray([1], dtype=np.int8) + 300)
    raises_same(lambda: np.power(np.arange(3), -1), lambda: gparray.power(gparray.arange(3), -1))
    # a failed call leaves its out= untouched
    out = gparray.full(3, 5.0)
    with pytest.raises(ValueError):
        gparray.add(x, y, out=out)
    assert out.tolist() == [5.0, 5.0, 5.0]


def test_integer_semantics():
    a = np.array([7, -7, 7, -7, 0, np.iinfo(np.int32).min], np.int32)
    b = np.array([2, 2, -2, -2, 0, -1], np.int32)
    x, y = gparray.asarray(a), gparray.asarray(b)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in ("floor_divide", "remainder", "fmod", "add", "multiply", "subtract"):
            assert_same(getattr(np, name)(a, b), getattr(gparray, name)(x, y))
    shifts = np.array([0, 1, 31, 32, 40, 100], np.int32)
    assert_same(np.left_shift(a, shifts), gparray.left_shift(x, gparray.asarray(shifts)))
    assert_same(np.right_shift(a, shifts), gparray.right_shift(x, gparray.asarray(shifts)))


def test_operators_match_numpy():
    a = sample("int32", 12, special=False) % 50 + 1
    b = sample("int32", 12, seed=3, special=False) % 7 + 1
    x, y = gparray.asarray(a), gparray.asarray(b)
    for op in ("__add__", "__sub__", "__mul__", "__truediv__", "__floordiv__", "__mod__",
               "__pow__", "__and__", "__or__", "__xor__", "__lshift__", "__rshift__", "__lt__",
               "__le__", "__gt__", "__ge__", "__eq__", "__ne__", "__radd__", "__rsub__",
               "__rmul__", "__rtruediv__", "__rfloordiv__", "__rmod__", "__divmod__"):
        assert_same(getattr(a, op)(b), getattr(x, op)(y))
        assert_same(getattr(a, op)(3), getattr(x, op)(3))
    for op in ("__neg__", "__pos__", "__abs__", "__invert__"):
        assert_same(getattr(a, op)(), getattr(x, op)())
    for op in ("__iadd__", "__isub__", "__imul__", "__ifloordiv__", "__imod__", "__iand__",
               "__ior__", "__ixor__", "__ilshift__", "__irshift__"):
        a2, x2 = a.copy(), gparray.asarray(a)
        r = getattr(x2, op)(y)
        getattr(a2, op)(b)
        assert r is x2
        assert_same(a2, x2)
    f, z = a.astype(np.float64), x.astype(np.float64)
    f /= 3
    z /= 3
    assert_same(f, z)


class Foreign:
    """An array type gparray does not know (like a Dask array)."""

    def __radd__(self, other):
        return "foreign"

    __array_ufunc__ = None


def test_unknown_operand_types_get_their_turn():
    assert gparray.ones(3) + Foreign() == "foreign"


@pytest.mark.parametrize("name", ["add", "multiply", "maximum", "minimum", "logical_and",
                                  "logical_or", "bitwise_xor", "fmax", "subtract"])
@pytest.mark.parametrize("dtype", ["bool", "int8", "uint32", "int64", "float32", "float64"])
def test_ufunc_reduce(name, dtype):
    host = sample(dtype, 24, special=False).reshape(2, 3, 4)
    dev = gparray.asarray(host)
    uf_np, uf_gp = getattr(np, name), getattr(gparray, name)
    for axis in (0, 1, 2, -1, None, (0, 2)):
        for keepdims in (False, True):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    expected = uf_np.reduce(host, axis=axis, keepdims=keepdims)
                except Exception:
                    raises_same(lambda: uf_np.reduce(host, axis=axis, keepdims=keepdims),
                                lambda: uf_gp.reduce(dev, axis=axis, keepdims=keepdims))
                    continue
                assert_same(expected, uf_gp.reduce(dev, axis=axis, keepdims=keepdims),
                            rtol=1e-5 if dtype == "float32" else None)
    try:
        uf_np.reduce(host, axis=1)
    except TypeError:
        return
    assert_same(uf_np.reduce(host.transpose(2, 0, 1)[:, ::2], axis=1),
                uf_gp.reduce(dev.transpose(2, 0, 1)[:, ::2], axis=1), rtol=1e-5)


def test_reduce_initial_where_and_empty():
    host = sample("float32", 12, special=False).reshape(3, 4)
    dev = gparray.asarray(host)
    assert_same(np.add.reduce(host, axis=1, initial=10.0), gparray.add.reduce(dev, axis=1, initial=10.0), rtol=1e-5)
    mask = np.array([True, False, True, True])
    assert_same(np.add.reduce(host, axis=1, where=mask), gparray.add.reduce(dev, axis=1, where=gparray.asarray(mask)), rtol=1e-5)
    assert_same(np.add.reduce(host[:0], axis=0), gparray.add.reduce(dev[:0], axis=0))
    raises_same(lambda: np.maximum.reduce(host[:0], axis=0), lambda: gparray.maximum.reduce(dev[:0], axis=0))
    assert_same(np.maximum.reduce(host[:0], axis=0, initial=-5.0),
                gparray.maximum.reduce(dev[:0], axis=0, initial=-5.0))


def test_nan_propagation_in_reductions():
    host = np.array([1.0, np.nan, 3.0, -np.inf])
    dev = gparray.asarray(host)
    for name in ("maximum", "minimum", "fmax", "fmin", "add"):
        assert_same(getattr(np, name).reduce(host), getattr(gparray, name).reduce(dev))


@pytest.mark.parametrize("name", ["add", "multiply", "maximum", "subtract", "logical_or",
                                  "divide", "fmin"])
@pytest.mark.parametrize("dtype", ["bool", "int8", "uint16", "int64", "float32", "complex64"])
def test_ufunc_accumulate(name, dtype):
    host = (sample(dtype, 24, special=False) % 5 if np.dtype(dtype).kind in "iu"
            else sample(dtype, 24, special=False)).reshape(2, 3, 4)
    dev = gparray.asarray(host)
    uf_np, uf_gp = getattr(np, name), getattr(gparray, name)
    for axis in (0, 1, -1):
        for view in (lambda v: v, lambda v: v[:, ::-2].transpose(2, 1, 0)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    expected = uf_np.accumulate(view(host), axis=axis)
                except Exception:
                    raises_same(lambda: uf_np.accumulate(view(host), axis=axis),
                                lambda: uf_gp.accumulate(view(dev), axis=axis))
                    continue
                assert_same(expected, uf_gp.accumulate(view(dev), axis=axis), rtol=1e-5)


@pytest.mark.parametrize("name", ["add", "multiply", "less", "power", "arctan2"])
def test_ufunc_outer(name):
    a = sample("float32", 5, special=False)
    b = sample("float32", 6, seed=4, special=False).reshape(2, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_same(getattr(np, name).outer(a, b),
                    getattr(gparray, name).outer(gparray.asarray(a), gparray.asarray(b)), rtol=1e-5)


@pytest.mark.parametrize("name", ["add", "multiply", "maximum", "subtract", "logical_or"])
@pytest.mark.parametrize("dtype", ["bool", "int8", "int64", "float32", "complex64"])
def test_ufunc_reduceat(name, dtype):
    host = sample(dtype, 24, special=False).reshape(4, 6)
    dev = gparray.asarray(host)
    uf_np, uf_gp = getattr(np, name), getattr(gparray, name)
    for indices, axis in (([0, 2, 5], 1), ([1, 1, 3, 0], 0), ([3], 1), ([0, 4, 2, 5], 1)):
        for view in (lambda v: v, lambda v: v[::-1, ::2]):
            if max(indices) >= view(host).shape[axis]:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    expected = uf_np.reduceat(view(host), indices, axis=axis)
                except Exception:
                    raises_same(lambda: uf_np.reduceat(view(host), indices, axis=axis),
                                lambda: uf_gp.reduceat(view(dev), indices, axis=axis))
                    continue
                assert_same(expected, uf_gp.reduceat(view(dev), indices, axis=axis), rtol=1e-5)
    raises_same(lambda: uf_np.reduceat(host, [0, 9], axis=1),
                lambda: uf_gp.reduceat(dev, [0, 9], axis=1))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_power_with_zero_lanes_in_the_vector_path(dtype):
    """Regression: PoCL's vectorised double pow returned wrong lanes next to zero bases."""
    rng = np.random.default_rng(1)
    base = np.abs(rng.integers(-5, 6, 1000)).astype(dtype)
    exponent = rng.integers(0, 4, 1000).astype(dtype)
    assert_same(np.power(base, 3), gparray.power(gparray.asarray(base), 3))
    assert_same(np.power(base, exponent), gparray.power(gparray.asarray(base), gparray.asarray(exponent)))


def test_integer_power_checks_negative_exponents_only_where_it_computes():
    # NumPy's check runs in the loop: an empty result never meets the exponent.
    exponent = np.array(-5, np.int32)
    assert_same(np.power(np.array([], np.uint32), exponent),
                gparray.power(gparray.asarray(np.array([], np.uint32)), gparray.asarray(exponent)))
    raises_same(lambda: np.power(np.array([2], np.int32), exponent),
                lambda: gparray.power(gparray.asarray(np.array([2], np.int32)), exponent))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int8", "int64", "uint32",
                                   "complex64", "complex128"])
@pytest.mark.parametrize("exponent", [2, 2.0, 0.5, -1, -1.0, 3, 1, 0])
def test_power_scalar_exponents_match_numpy(dtype, exponent):
    # x**2, x**0.5 and x**-1 run as square, sqrt and 1/x (as NumPy's loops do, and for
    # complex arrays NumPy's operator): signed zeros, infinities and NaN must come out as
    # NumPy's
    kind = np.dtype(dtype).kind
    if kind in "fc":
        host = np.array([-0.0, 0.0, 2.5, -3.0, np.inf, -np.inf, np.nan, 1e-3, 7.0]).astype(dtype)
    else:
        host = np.arange(-4, 5).astype(dtype) if kind == "i" else np.arange(9).astype(dtype)
    cases = [(host, lambda x: x ** exponent), (host, lambda x: np.power(x, exponent)),
             (host[::-2], lambda x: x ** exponent), (host[:1].reshape(()), lambda x: x ** exponent)]
    for view, op in cases:
        dev = gparray.asarray(view)
        with np.errstate(all="ignore"):
            try:
                expected = op(view)
            except Exception as exc:        # integers to negative powers
                with pytest.raises(type(exc)):
                    op(dev)
                continue
            actual = op(dev)
        assert actual.dtype == expected.dtype
        got = actual.get()
        if kind == "c":
            np.testing.assert_allclose(got, expected, rtol=1e-5, equal_nan=True)
            if op is cases[0][1] and (type(exponent) is int and exponent in (2, -1) or
                                      exponent == 0.5):
                for part in ("real", "imag"):
                    np.testing.assert_array_equal(np.signbit(getattr(got, part)),
                                                  np.signbit(getattr(expected, part)))
        else:
            np.testing.assert_array_equal(got, expected)
            if kind == "f":     # signed zeros and infinities (a NaN's sign is not NumPy's promise)
                number = ~np.isnan(expected)
                np.testing.assert_array_equal(np.signbit(got)[number],
                                              np.signbit(expected)[number])

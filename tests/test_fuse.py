"""gparray.fuse: a traced function gives NumPy's results (values, dtype, shape, errors) on
every layout, and the unfused gparray results element for element; it compiles once per
expression, and falls back to plain execution, with a warning, for what it cannot fuse."""
import warnings

import numpy as np
import pytest

import gparray
from conftest import ALL_DTYPES, assert_same, raises_same, sample
from gparray._engines import fused as _fused
from gparray._runtime.ufunc_table import power_shortcut

@pytest.fixture(autouse=True)
def kernel_path():
    """Unfused results from the kernels, which fused results equal bit for bit (small
    arrays on a CPU device would otherwise run through NumPy on the host)."""
    previous = gparray.set_host_small(False)
    yield
    gparray.set_host_small(previous)


NUMERIC = [dt for dt in ALL_DTYPES if dt.kind != "b"]
FLOATS = [dt for dt in ALL_DTYPES if dt.kind in "fc"]

# expressions written once against a namespace ``xp``; ``kinds``: dtype kinds they accept
EXPRESSIONS = {
    "arith": ("biufc", lambda xp, a, b: (a + b) * a - b * 3),
    "chain": ("fc", lambda xp, a, b: a * b + xp.sin(a) - 2 * b),
    "weak-scalars": ("iufc", lambda xp, a, b: a * 2.5 + 1 - b / 4),
    "compare-where": ("biuf", lambda xp, a, b: xp.where(a > b, a, b * 2)),
    "clip-astype": ("iuf", lambda xp, a, b: xp.clip(a, -2, 5).astype(xp.float32) + b),
    "mixed-int": ("iu", lambda xp, a, b: (a // 3 + b % 7) * (a & 5)),
    "shared": ("f", lambda xp, a, b: (t := xp.exp(a - b)) / (t + 1)),
    "logic": ("biuf", lambda xp, a, b: xp.logical_and(a > 0, b <= 1) | (a == b)),
}

REDUCTIONS = {
    "sum-sq": lambda xp, a, b: ((a - b) ** 2).sum(),
    "mean-exp-axis0": lambda xp, a, b: xp.mean(xp.exp(a / 8), axis=0),
    "max-min": lambda xp, a, b: (xp.max(a * b, axis=-1, keepdims=True), (a - b).min()),
    "then-elementwise": lambda xp, a, b: xp.sqrt((a * a).sum(axis=0)) / 2 + b,
}


LAYOUTS = [
    ("contiguous", lambda v: v[:30].reshape(5, 6), lambda v: v[30:].reshape(5, 6)),
    ("transposed", lambda v: v[:30].reshape(6, 5).T, lambda v: v[30:].reshape(5, 6)),
    ("step-sliced", lambda v: v[::-2].reshape(5, 6)[:, ::2], lambda v: v[1:46:3].reshape(5, 3)),
    ("broadcast", lambda v: v[:30].reshape(5, 6), lambda v: v[:6]),
    ("0-d", lambda v: v[3:4].reshape(()), lambda v: v[4:5].reshape(())),
    ("empty", lambda v: v[:0].reshape(0, 6), lambda v: v[:6]),
]


def layouts(dtype):
    """(label, host a, host b, device a, device b): operands of several layouts, the device
    ones views of device arrays made the same way as the host ones."""
    x = sample(dtype, 60, seed=1, special=False)
    y = sample(dtype, 60, seed=2, special=False)
    gx, gy = gparray.asarray(x), gparray.asarray(y)
    for label, fa, fb in LAYOUTS:
        yield label, fa(x), fb(y), fa(gx), fb(gy)


def _rtol(dtype):
    if dtype.kind not in "fc":
        return None
    return {"float16": 4e-3, "float32": 3e-5, "float64": 1e-12, "complex64": 3e-5,
            "complex128": 1e-12}[dtype.name]


def _check(func, a, b, da, db, exact_vs_unfused=True):
    fused = gparray.fuse(lambda x, y: func(gparray, x, y))
    fused_np_style = gparray.fuse(lambda x, y: func(np, x, y))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            expected = func(np, a, b)
        except Exception:
            raises_same(lambda: func(np, a, b), lambda: fused(da, db))
            raises_same(lambda: func(np, a, b), lambda: fused_np_style(da, db))
            return
        with warnings.catch_warnings():
            warnings.simplefilter("error", gparray.FusionWarning)
            got = fused(da, db)
            got_np_style = fused_np_style(da, db)
        unfused = func(gparray, da, db)
    rtol = _rtol(np.asarray(expected[0] if isinstance(expected, tuple) else expected).dtype)
    if not isinstance(expected, tuple):
        expected, got, got_np_style, unfused = (expected,), (got,), (got_np_style,), (unfused,)
    for e, g, g2, u in zip(expected, got, got_np_style, unfused):
        assert_same(np.asarray(e), g, rtol=rtol)
        assert_same(np.asarray(e), g2, rtol=rtol)
        if exact_vs_unfused:
            np.testing.assert_array_equal(g.get(), u.get())
        else:
            assert_same(u.get(), g, rtol=rtol)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("name", sorted(EXPRESSIONS))
def test_fused_expression_matches_numpy_on_every_layout(name, dtype):
    kinds, func = EXPRESSIONS[name]
    for label, a, b, da, db in layouts(dtype):
        if dtype.kind not in kinds:
            # NumPy's error for this dtype (no loop, bad casting) at the call; checked once
            _check(func, a, b, da, db)
            return
        # sin/exp: PoCL's vector and scalar forms may differ in the last place, so the
        # unfused engine's own results differ by layout; fused results agree within ULPs
        _check(func, a, b, da, db, exact_vs_unfused=name not in ("chain", "shared"))


@pytest.mark.parametrize("dtype", ["int16", "uint32", "float32", "float64", "complex64"])
@pytest.mark.parametrize("name", sorted(REDUCTIONS))
def test_final_reductions_match_numpy(name, dtype):
    dtype = np.dtype(dtype)
    func = REDUCTIONS[name]
    for label, a, b, da, db in layouts(dtype):
        if label in ("0-d", "empty") and name != "sum-sq":
            continue
        # exp and sqrt run in vector lanes or not by layout in the unfused engine
        _check(func, a, b, da, db, exact_vs_unfused=dtype.kind not in "fc"
               and name in ("sum-sq", "max-min"))


@pytest.mark.parametrize("call", [
    "broadcast", "no-loop", "casting", "overflow", "negative-power", "axis", "nargs",
])
def test_errors_are_numpys_at_the_call(call):
    a = sample(np.int8, 12).reshape(3, 4)
    b = sample(np.int8, 5)
    f = sample(np.float32, 12).reshape(3, 4)
    cases = {
        "broadcast": (lambda xp, a, b, f: a + b, ),
        "no-loop": (lambda xp, a, b, f: (a > 0) - (f > 0),),
        "casting": (lambda xp, a, b, f: f.astype(xp.int8, casting="safe"),),
        "overflow": (lambda xp, a, b, f: a + 300,),
        "negative-power": (lambda xp, a, b, f: a ** -2,),
        "axis": (lambda xp, a, b, f: (a * 2).sum(axis=3),),
        "nargs": (lambda xp, a, b, f: xp.add(a),),
    }
    (func,) = cases[call]
    fused = gparray.fuse(lambda a, b, f: func(gparray, a, b, f))
    dev = [gparray.asarray(v) for v in (a, b, f)]
    with warnings.catch_warnings():
        warnings.simplefilter("error", gparray.FusionWarning)
        raises_same(lambda: func(np, a, b, f), lambda: fused(*dev))
        raises_same(lambda: func(np, a, b, f), lambda: fused(*dev))   # a cached signature


def test_scalar_arguments_are_weak_and_reuse_the_program():
    fused = gparray.fuse(lambda x, s: x * s + 1)
    host = sample(np.float32, 50, special=False)
    x = gparray.asarray(host)
    device = x.device
    assert_same(host * np.float32(0.5) + 1, fused(x, 0.5))
    programs = len(device.programs)
    for s in (2.0, -3.5, 7):
        assert_same(host * s + 1, fused(x, s))
    assert_same(host * np.float64(2) + 1, fused(x, np.float64(2)))   # a strong scalar
    assert len(device.programs) <= programs + 1     # the int and float64 loops: one each
    with pytest.raises(OverflowError):
        gparray.fuse(lambda x, s: x + s)(gparray.asarray(np.arange(3, dtype=np.int8)), 300)


def test_a_loop_compiles_once_and_keeps_memory_flat():
    @gparray.fuse
    def step(x, y):
        return x * 0.9 + gparray.sin(y) * 0.1

    x = gparray.asarray(sample(np.float32, 4096, special=False))
    y = gparray.asarray(sample(np.float32, 4096, seed=3, special=False))
    x = step(x, y)
    device = x.device
    programs, kernels = len(device.programs), len(device.kernels)
    for _ in range(200):
        x = step(x, y)
    gparray.synchronize()
    assert (len(device.programs), len(device.kernels)) == (programs, kernels)
    assert len(step._plans) == 1
    expected = sample(np.float32, 4096, special=False)
    ys = sample(np.float32, 4096, seed=3, special=False)
    for _ in range(201):
        expected = expected * np.float32(0.9) + np.sin(ys) * np.float32(0.1)
    assert_same(expected, x, rtol=1e-4)


def test_results_structure_inputs_and_constants():
    @gparray.fuse
    def f(x, y):
        return x, (x + y, x - y), 3

    x, y = gparray.asarray(np.arange(4.0)), gparray.asarray(np.ones(4))
    same, (s, d), c = f(x, y)
    assert same is x and c == 3
    assert_same(np.arange(4.0) + 1, s)
    assert_same(np.arange(4.0) - 1, d)
    both = gparray.fuse(lambda x: [x * 2, x * 2])(x)
    assert isinstance(both, list) and len(both) == 2
    keyword = gparray.fuse(lambda x, *, scale=1.0, y=None: x * scale + y)
    assert_same(np.arange(4.0) * 3 + 1, keyword(x, y=y, scale=3))


def test_host_arrays_and_numpy_scalars_are_accepted():
    f = gparray.fuse(lambda x, y: x * y + np.float32(1))
    host = np.arange(6, dtype=np.float32)
    assert_same(host * host + np.float32(1), f(gparray.asarray(host), host))


@pytest.mark.parametrize("what", ["index", "python-bool", "captured-array", "view", "matmul",
                                  "constant-result", "cumsum"])
def test_unfusable_functions_run_unfused_with_a_warning(what):
    host = sample(np.float32, 12, special=False).reshape(3, 4)
    captured = gparray.asarray(host)
    funcs = {
        "index": lambda xp, x: x[0] + 1,
        "python-bool": lambda xp, x: x * 2 if (x > 0).any() else x,
        "captured-array": lambda xp, x: x + (captured if xp is gparray else host),
        "view": lambda xp, x: x.T + 1,
        "matmul": lambda xp, x: (x @ x.T) + 1,
        "constant-result": lambda xp, x: xp.ones(3),
        "cumsum": lambda xp, x: xp.cumsum(x * 2),
    }
    func = funcs[what]
    fused = gparray.fuse(lambda x: func(gparray, x))
    x = gparray.asarray(host)
    with pytest.warns(gparray.FusionWarning, match="runs unfused"):
        got = fused(x)
    assert_same(func(np, host), got, rtol=1e-5)
    with warnings.catch_warnings():
        warnings.simplefilter("error", gparray.FusionWarning)
        assert_same(func(np, host), fused(x), rtol=1e-5)     # warned once per signature


def test_vector_path_is_taken_for_transcendental_float_chains():
    f32 = np.dtype(np.float32)
    nodes = (("in", 0), ("in", 1), ("op", "multiply", (f32,) * 3, 0, 1),
             ("op", "sin", (f32, f32), 0), ("op", "add", (f32,) * 3, 2, 3))
    assert _fused.vector_eligible(nodes, (f32, f32)) == f32
    plain = (("in", 0), ("in", 1), ("op", "add", (f32,) * 3, 0, 1))
    assert _fused.vector_eligible(plain, (f32, f32)) is None
    compare = (("in", 0), ("op", "sin", (f32, f32), 0),
               ("op", "less", (f32, f32, np.dtype(bool)), 0, 1))
    assert _fused.vector_eligible(compare, (f32,)) is None
    host = sample(np.float32, 1003, special=False)
    x = gparray.asarray(host)
    got = gparray.fuse(lambda x: x * x + gparray.sin(x))(x)
    assert_same(host * host + np.sin(host), got, rtol=3e-5)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("n", [1, 5, 1000, 20011])
def test_whole_array_sums_run_in_one_pass_and_match_numpy(dtype, n):
    a = sample(dtype, n, seed=4, special=False)
    b = sample(dtype, n, seed=5, special=False)
    da, db = gparray.asarray(a), gparray.asarray(b)
    funcs = {
        "sum": lambda xp, a, b: ((a - b) ** 2).sum(),
        "mean": lambda xp, a, b: xp.mean(xp.exp(a / 4) * b),
        "sum-of-arithmetic": lambda xp, a, b: xp.sum(a * b - 1),
    }
    for name, func in funcs.items():
        fused = gparray.fuse(lambda x, y: func(gparray, x, y))
        plan = None
        with warnings.catch_warnings():
            warnings.simplefilter("error", gparray.FusionWarning)
            got = fused(da, db)
            plan = next(iter(fused._plans.values()))[1]
        assert [step[0] for step in plan.steps] == ["sum"]        # no stored expression
        assert_same(func(np, a, b), got, rtol=1e-5 if dtype == "float32" else 1e-12,
                    atol=1e-5 * n)
        # strided operands: the expression is stored and the engine reduces it
        assert_same(func(np, a[::-1], b[::-1]), fused(da[::-1], db[::-1]),
                    rtol=1e-5 if dtype == "float32" else 1e-12, atol=1e-5 * n)


def test_fused_sums_propagate_inf_and_nan():
    f = gparray.fuse(lambda a, b: (a * b).sum())
    a = np.ones(1000, np.float32)
    b = np.ones(1000, np.float32)
    b[500] = np.inf
    assert_same(np.sum(a * b), f(gparray.asarray(a), gparray.asarray(b)))
    b[10] = -np.inf
    assert_same(np.sum(a * b), f(gparray.asarray(a), gparray.asarray(b)))
    b[10] = np.nan
    assert_same(np.sum(a * b), f(gparray.asarray(a), gparray.asarray(b)))


def test_functions_of_scalars_only_run_plainly_each_call():
    f = gparray.fuse(lambda s: gparray.full(3, s) * 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error", gparray.FusionWarning)
        first, second = f(1.5), f(1.5)
    assert first is not second
    assert_same(np.full(3, 3.0), second)


# -- random expressions (hypothesis) --------------------------------------------------------
from hypothesis import given, HealthCheck, settings, strategies as st  # noqa: E402

# operations whose results are exactly rounded IEEE arithmetic (or integer/bool logic) in
# NumPy and on the device alike, so fused, unfused and NumPy agree bit for bit
_UNARY = ["negative", "absolute", "square", "floor", "positive", "logical_not"]
_BINARY = ["add", "subtract", "multiply", "maximum", "minimum", "fmax", "less", "equal",
           "logical_or", "bitwise_and", "divide"]
_DTYPES = ["bool", "int8", "uint8", "int32", "int64", "float16", "float32", "float64",
           "complex64"]


def _expressions(depth):
    leaf = st.one_of(st.sampled_from(["x", "y"]), st.sampled_from([2, -1, 0.5, 3.0, True]))
    if depth == 0:
        return leaf
    sub = _expressions(depth - 1)
    return st.one_of(
        leaf,
        st.tuples(st.sampled_from(_UNARY), sub),
        st.tuples(st.sampled_from(_BINARY), sub, sub),
        st.tuples(st.just("where"), sub, sub, sub),
        st.tuples(st.just("astype"), sub, st.sampled_from(_DTYPES)),
    )


def _evaluate(expr, xp, x, y):
    if isinstance(expr, str):
        return {"x": x, "y": y}[expr]
    if not isinstance(expr, tuple):
        return expr
    name, *args = expr
    if name == "astype":
        value = _evaluate(args[0], xp, x, y)
        if not hasattr(value, "astype"):
            return value
        return value.astype(args[1])
    values = [_evaluate(a, xp, x, y) for a in args]
    return getattr(xp, name)(*values)


def _casts_to_integer(expr):
    """Whether ``expr`` casts a value to an integer dtype: a NaN, an infinity or an
    out-of-range float becomes an undefined C conversion there, whose bits differ between
    compiled kernels and from NumPy's, so only the dtype and shape are compared."""
    if not isinstance(expr, tuple):
        return False
    if expr[0] == "astype" and np.dtype(expr[2]).kind in "iu":
        return True
    return any(_casts_to_integer(a) for a in expr[1:])


_LAYOUTS = {
    "contiguous": (lambda v: v[:12].reshape(3, 4), lambda v: v[12:24].reshape(3, 4)),
    "transposed": (lambda v: v[:12].reshape(4, 3).T, lambda v: v[12:24].reshape(3, 4)),
    "stepped": (lambda v: v[::2].reshape(3, 4), lambda v: v[::-2].reshape(3, 4)),
    "broadcast": (lambda v: v[:12].reshape(3, 4), lambda v: v[:4]),
}


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(expr=_expressions(3), x_dtype=st.sampled_from(_DTYPES), y_dtype=st.sampled_from(_DTYPES),
       layout=st.sampled_from(sorted(_LAYOUTS)))
def test_random_expressions_match_numpy_and_unfused_bit_for_bit(expr, x_dtype, y_dtype, layout):
    hx = sample(x_dtype, 24, seed=7)
    hy = sample(y_dtype, 24, seed=8)
    fx, fy = _LAYOUTS[layout]
    x, y = fx(hx), fy(hy)
    dx, dy = fx(gparray.asarray(hx)), fy(gparray.asarray(hy))
    fused = gparray.fuse(lambda a, b: _evaluate(expr, gparray, a, b))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            expected = _evaluate(expr, np, x, y)
        except Exception:
            raises_same(lambda: _evaluate(expr, np, x, y), lambda: fused(dx, dy))
            return
        try:
            unfused = _evaluate(expr, gparray, dx, dy)
        except OverflowError:
            # gparray.where(c, uint8_array, -1) raises where NumPy wraps the -1 (a known
            # difference of the unfused function); fused, it must do the same
            with pytest.raises(OverflowError):
                fused(dx, dy)
            return
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", gparray.FusionWarning)
            got = fused(dx, dy)
    # the one fallback: a subexpression of constants alone is a 0-d device array (where
    # NumPy gives a NumPy scalar), which fuse cannot tell from an array read from outside
    # (and a comparison with a Python int beyond the array's dtype, constant everywhere)
    assert all("did not receive as an argument" in str(w.message)
               or "computed from constants only" in str(w.message)
               or "beyond" in str(w.message) for w in caught)
    if not isinstance(expected, np.ndarray):
        return                       # the expression never read x or y: a Python scalar
    assert isinstance(got, gparray.ndarray)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    if _casts_to_integer(expr):
        return
    np.testing.assert_array_equal(got.get(), unfused.get())
    if expected.dtype != np.float16:
        # float16 squares and products: NumPy rounds each through float32 like the device,
        # except where its own SIMD loops differ; the unfused comparison above is exact
        np.testing.assert_array_equal(got.get(), expected)


def test_autodiff_differentiates_a_fused_function():
    import autodiff

    @gparray.fuse
    def loss(w, x):
        return ((np.tanh(w * x) - 0.5) ** 2).sum()

    hw = sample(np.float64, 16, special=False)
    hx = sample(np.float64, 16, seed=3, special=False)
    w, x = gparray.asarray(hw), gparray.asarray(hx)
    with warnings.catch_warnings():
        warnings.simplefilter("error", gparray.FusionWarning)
        grad = autodiff.grad(loss)(w, x)
        value = loss(w, x)
    t = np.tanh(hw * hx)
    assert_same(2 * (t - 0.5) * (1 - t * t) * hx, grad, rtol=1e-10)
    assert_same(((t - 0.5) ** 2).sum(), value, rtol=1e-12)


@pytest.mark.parametrize("dtype", ["int32", "float16", "float32", "complex64"])
@pytest.mark.parametrize("exponent", [2, 0.5, -1, 3, 2.0])
def test_power_operator_takes_numpys_shortcuts_as_unfused_does(dtype, exponent):
    host = sample(dtype, 40, seed=9)
    if np.dtype(dtype).kind == "i":
        host = np.abs(host) % 5
    x = gparray.asarray(host)
    fused = gparray.fuse(lambda a: a ** exponent)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            expected = host ** exponent
        except Exception:
            raises_same(lambda: host ** exponent, lambda: fused(x))
            return
    got = fused(x)
    unfused = x ** exponent
    if power_shortcut(np.dtype(dtype).kind, exponent) is not None:
        np.testing.assert_array_equal(got.get(), unfused.get())    # the same ufunc's loop
    else:
        # pow: the unfused contiguous loop runs in vector lanes, whose pow may differ from
        # the scalar one in the last place
        assert_same(unfused.get(), got, rtol=_rtol(np.dtype(expected.dtype)))
    assert_same(expected, got, rtol=_rtol(np.dtype(expected.dtype)))

"""The reduction table (gparray/_reduction_table.py) against NumPy: every named row over
dtypes, axes, keepdims, layouts (transposed, step-sliced, broadcast, 0-d, empty), NaN and inf
input, where=/initial=; every binary ufunc's .reduce; and that a row's map and finalize run
inside the reduction kernel (no temporary array, no elementwise launch)."""
import warnings

import numpy as np
import pytest

import gparray
from gparray._runtime import reduction_table as _reduction_table
from conftest import assert_same, raises_same, sample
from test_reductions import compare, layouts

DTYPES = [np.dtype(t) for t in ("bool", "int8", "uint16", "int32", "int64", "float16",
                                "float32", "float64", "complex64", "complex128")]
NAMED = ["sum", "prod", "max", "min", "any", "all", "mean", "count_nonzero", "nansum",
         "nanprod", "nanmax", "nanmin"]
AXES = [None, 0, -1, (0, 1)]


def _rtol(dtype, name):
    if dtype.kind not in "fc":
        return None
    if dtype == np.float16:
        return 2e-2 if name in ("sum", "mean", "prod", "nansum", "nanprod") else 2e-3
    base = 1e-5 if dtype in (np.float32, np.complex64) else 1e-12
    return base * (50 if "prod" in name else 1)


def _data(dtype, name):
    """6x7 values with the kind's edge cases; for the nan-rows also a NaN in most rows and
    one all-NaN row and column."""
    special = not (name == "mean" and dtype.itemsize == 8)   # int64 extremes cancel in mean
    host = sample(dtype, 42, seed=5, special=special).reshape(6, 7)
    if "prod" in name and dtype.kind in "fc":
        with np.errstate(invalid="ignore"):            # inf / 4 in a complex part
            host = (host / 4).astype(dtype)
    if name.startswith("nan") and dtype.kind in "fc":
        host[::2, 3] = np.nan
        host[4, :] = np.nan
        host[:, 5] = np.nan
    return host


def test_table_has_every_named_row_and_every_binary_ufunc():
    from gparray._runtime.ufunc_table import UFUNCS

    for name in NAMED:
        assert name in _reduction_table.TABLE
    for name, nin, nout, _ in UFUNCS:
        if nin == 2 and nout == 1:
            assert _reduction_table.TABLE[name].ufunc == name


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("name", NAMED)
def test_row_matches_numpy(name, dtype):
    host = _data(dtype, name)
    rtol = _rtol(dtype, name)
    for label, view in layouts(host):
        for axis in AXES:
            for keepdims in (False, True):
                compare(name, view, axis=axis, keepdims=keepdims, rtol=rtol)
    compare(name, host[2, 3], rtol=rtol)                     # 0-d
    compare(name, host[:0], axis=0, rtol=rtol)               # empty: identity, NaN or error
    compare(name, host[:0], rtol=rtol)
    compare(name, host[:, :0], axis=0, rtol=rtol)            # rows of nothing, none empty


@pytest.mark.parametrize("name", ["nansum", "nanprod", "nanmax", "nanmin", "mean", "sum",
                                  "max"])
@pytest.mark.parametrize("dtype", ["float32", "complex64", "int16"])
def test_where_and_initial(name, dtype):
    dtype = np.dtype(dtype)
    host = _data(dtype, "nan" + name if not name.startswith("nan") else name)
    mask = np.random.default_rng(2).random(host.shape) < 0.6
    mask[1] = False                                   # an all-masked row
    for axis in (None, 0, 1):
        for kw in ({"where": mask}, {"where": mask[0]}):
            if name not in ("mean",):
                compare(name, host, axis=axis, initial=3, **kw, rtol=_rtol(dtype, name))
            compare(name, host, axis=axis, **kw, rtol=_rtol(dtype, name))
        if name != "mean":
            compare(name, host, axis=axis, initial=-2, rtol=_rtol(dtype, name))


def test_out_dtype_and_keepdims_on_mapped_rows():
    host = _data(np.dtype(np.float32), "nansum")
    for name, dtype in (("nansum", np.float64), ("nanprod", np.float64), ("mean", np.float64),
                        ("mean", np.float32), ("nansum", np.int64)):
        compare(name, host, axis=1, dtype=dtype, rtol=1e-5)
        out_np = np.zeros((6, 1), dtype=dtype)
        out = gparray.zeros((6, 1), dtype=dtype)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r_np = getattr(np, name)(host, axis=1, dtype=dtype, out=out_np, keepdims=True)
        r = getattr(gparray, name)(gparray.asarray(host), axis=1, dtype=dtype, out=out,
                                   keepdims=True)
        assert r is out
        assert_same(r_np, r, rtol=1e-5)
    ints = np.arange(-20, 22, dtype=np.int32).reshape(6, 7)
    compare("mean", ints, axis=0, dtype=np.int64)           # divided, then truncated
    compare("count_nonzero", ints, axis=(0, 1), keepdims=True)


@pytest.mark.parametrize("dtype", ["int32", "float64", "bool", "uint8", "complex64"])
def test_every_binary_ufunc_reduce(dtype):
    from gparray._runtime.ufunc_table import UFUNCS

    dtype = np.dtype(dtype)
    host = sample(dtype, 24, seed=7, special=dtype.kind != "f").reshape(4, 6)
    if dtype.kind in "iu":
        host = (np.abs(host.astype(np.int64)) % 7 + 1).astype(dtype)   # no overflow or /0
    for name, nin, nout, _ in UFUNCS:
        # NumPy's arctan2, ldexp and (contiguous float) power loops give f(first, last) as a
        # reduction over a contiguous row (they do not re-read the accumulator; over a
        # strided one NumPy folds in order); gparray folds in order, as reduce is defined
        if nin != 2 or nout != 1 or name in ("arctan2", "ldexp", "power"):
            continue
        f_np, f_gp = getattr(np, name).reduce, getattr(gparray, name).reduce
        for axis in (0, 1, None, (0, 1)):
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                try:
                    expected = f_np(host, axis=axis)
                except Exception:
                    raises_same(lambda: f_np(host, axis=axis),
                                lambda: f_gp(gparray.asarray(host), axis=axis))
                    continue
                actual = f_gp(gparray.asarray(host), axis=axis)
            rtol = {np.float16: 2e-3, np.float32: 1e-5, np.complex64: 1e-5}.get(
                np.asarray(expected).dtype.type, 1e-12)
            if dtype.kind == "c":
                assert_same(np.asarray(expected).real, actual.real, rtol=rtol)
                assert_same(np.asarray(expected).imag, actual.imag, rtol=rtol)
            else:
                assert_same(expected, actual, rtol=rtol)


def test_all_nan_slice_warns_and_empty_raises():
    host = np.array([[np.nan, np.nan], [1.0, np.nan]])
    for name in ("nanmax", "nanmin"):
        with pytest.warns(RuntimeWarning, match="All-NaN slice encountered"):
            r = getattr(gparray, name)(gparray.asarray(host), axis=1)
        assert_same(getattr(np, name)(host[1:], axis=1), r[1:])
        assert np.isnan(r.get()[0])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            getattr(gparray, name)(gparray.asarray(host[1:]))        # no all-NaN: no warning
        raises_same(lambda: getattr(np, name)(np.zeros(0)),
                    lambda: getattr(gparray, name)(gparray.zeros(0)))
    with pytest.warns(RuntimeWarning, match="Mean of empty slice"):
        assert np.isnan(float(gparray.mean(gparray.zeros(0, dtype=np.float32))))


def test_long_rows_finalize_once():
    """Rows split into chunks keep raw partials and divide once, in the second launch."""
    rng = np.random.default_rng(4)
    host = rng.random((3, 300_001)).astype(np.float32)
    host[1, 123_456] = np.nan
    for name in ("mean", "nansum", "count_nonzero", "nanmax"):
        for axis in (None, 1):
            compare(name, host, axis=axis, rtol=1e-5)
    ints = rng.integers(-50, 50, 1_000_003).astype(np.int8)
    compare("mean", ints, rtol=1e-12)
    half = rng.random(200_000).astype(np.float16)
    compare("mean", half, rtol=1e-3)                         # float16 accumulates in float32


def test_float32_sums_stay_compensated():
    rng = np.random.default_rng(0)
    y = rng.random(10**7, dtype=np.float32)
    x = y.copy()
    x[::97] = np.nan
    exact = np.nansum(x.astype(np.float64))
    got = float(gparray.nansum(gparray.asarray(x)))
    assert abs(got - exact) <= abs(float(np.nansum(x)) - exact) + 4 * np.spacing(np.float32(exact))
    exact = np.mean(y.astype(np.float64))
    got = float(gparray.mean(gparray.asarray(y)))
    assert abs(got - exact) <= abs(float(np.mean(y)) - exact) + 2 * np.spacing(np.float32(exact))


@pytest.fixture
def no_temporaries(monkeypatch):
    """Fail on any elementwise ufunc call or where(): a mapped reduction builds no temporary.
    Count kernel launches."""
    from gparray._engines import copying as _copying, reduction as _reductions, ufunc as _ufunc
    from gparray._runtime import launch as _launch

    def fail(*args, **kwargs):
        raise AssertionError("a temporary array was built")

    monkeypatch.setattr(_copying, "select", fail)
    monkeypatch.setattr(_ufunc.ufunc, "__call__", fail)
    launches = []
    launch, groups = _launch.launch, _reductions._launch_groups
    monkeypatch.setattr(_launch, "launch",
                        lambda *a, **k: (launches.append(a[-1]), launch(*a, **k)))
    monkeypatch.setattr(_reductions, "_launch_groups",
                        lambda *a, **k: (launches.append(a[-1]), groups(*a, **k)))
    return launches


def test_map_and_finalize_are_fused(no_temporaries):
    rng = np.random.default_rng(3)
    host = rng.random((400, 3000)).astype(np.float32)
    host[::7, ::5] = np.nan
    x = gparray.asarray(host)
    for name in ("nansum", "nanprod", "count_nonzero", "mean"):
        for axis in (None, 0, 1, (0, 1)):
            no_temporaries.clear()
            got = getattr(gparray, name)(x, axis=axis)
            assert len(no_temporaries) <= 2, (name, axis, no_temporaries)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                expected = getattr(np, name)(host, axis=axis)
            got = got.get()
            np.testing.assert_allclose(got, expected, rtol=1e-4, equal_nan=True)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "complex64", "int32"])
def test_nanmean_from_nansum_and_count_nan(dtype):
    dtype = np.dtype(dtype)
    host = _data(dtype, "nanmean")
    mask = np.random.default_rng(8).random(host.shape) < 0.7
    rtol = _rtol(dtype, "mean")
    for label, view in layouts(host):
        for axis in AXES:
            compare("nanmean", view, axis=axis, rtol=rtol)
            compare("nanmean", view, axis=axis, keepdims=True, rtol=rtol)
    for axis in (None, 0, 1):
        compare("nanmean", host, axis=axis, where=mask, rtol=rtol)
        compare("nanmean", host, axis=axis, where=mask[:1], keepdims=True, rtol=rtol)
    compare("nanmean", host[:0], axis=0, rtol=rtol)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_extremes_over_lanes(dtype):
    """Contiguous float rows run max/min/nanmax/nanmin GP_VW lanes at a time: NaNs in the
    lanes or the tail, all-NaN rows, infinities and rows shorter than a lane."""
    rng = np.random.default_rng(9)
    host = rng.standard_normal((9, 1003)).astype(dtype)
    host[1, 500] = np.nan                    # in the lanes
    host[2, 1002] = np.nan                   # in a tail
    host[3] = np.nan                         # all NaN
    host[4, ::3] = np.nan                    # mostly NaN
    host[5, 7] = np.inf
    host[6, 900] = -np.inf
    host[7] = -np.inf
    host[8, :-1] = np.nan                    # one number, last
    for name in ("max", "min", "nanmax", "nanmin"):
        for view in (host, host[:, 1:], host[:, :13], host[:, :5]):
            compare(name, view, axis=1)
            compare(name, view, axis=None)
            compare(name, view[:, ::-1], axis=1)            # not contiguous: the scalar loop
    big = rng.standard_normal(3_000_017).astype(dtype)
    big[2_999_999] = np.nan
    for name in ("max", "min", "nanmax", "nanmin"):
        compare(name, big)
        compare(name, big[:-20])


@pytest.mark.parametrize("dtype", ["float32", "int16", "complex64"])
def test_empty_axis_tuple_maps_each_element(dtype):
    """axis=() reduces nothing, yet the map and finalize apply (nansum turns NaN into 0)."""
    host = _data(np.dtype(dtype), "nansum")
    for name in NAMED:
        compare(name, host, axis=(), rtol=_rtol(np.dtype(dtype), name))
        compare(name, host.T, axis=(), keepdims=True, rtol=_rtol(np.dtype(dtype), name))


def test_many_rows_map_and_finalize():
    """Many rows take reduce_cols (axis 0 of C order) or one work-item per row: the map and
    finalize run there too."""
    rng = np.random.default_rng(11)
    host = rng.standard_normal((300, 5000)).astype(np.float32)
    host[::7, ::3] = np.nan
    host[:, 17] = np.nan
    host[5, :] = 0
    for name in ("mean", "nansum", "nanprod", "count_nonzero", "nanmax", "nanmin", "max"):
        rtol = 1e-4 if "prod" in name else 1e-5
        atol = 1e-5 if name in ("mean", "nansum") else 0.0    # sums that cancel to ~0
        compare(name, host, axis=0, rtol=rtol, abs_tol=atol)
        compare(name, host.T, axis=1, rtol=rtol, abs_tol=atol)
        compare(name, host[:, ::2], axis=0, rtol=rtol, abs_tol=atol)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "complex64", "int16"])
def test_nanargmax_nanargmin_load_nan_as_infinity(dtype):
    """nanargmax/nanargmin: the arg kernel loads a NaN as -inf/inf (NumPy's replacement), no
    NaN-replaced copy; an all-NaN slice raises ValueError."""
    dtype = np.dtype(dtype)
    host = _data(dtype, "nanmax")
    if dtype.kind in "fc":
        host[4, :] = 1                        # keep one all-NaN column (5) only
    for name in ("nanargmax", "nanargmin"):
        for label, view in layouts(host):
            for axis in (None, 0, 1):
                compare(name, view, axis=axis)
                compare(name, view, axis=axis, keepdims=True)
    long = np.random.default_rng(12).standard_normal((3, 5001)).astype(dtype)
    if dtype.kind in "fc":
        long[:, ::3] = np.nan
        long[1, 4000] = -np.inf
    for name in ("nanargmax", "nanargmin"):
        for axis in (None, 1):
            compare(name, long, axis=axis)


@pytest.mark.parametrize("dtype", ["bool", "int8", "int64", "float16", "float32", "float64",
                                   "complex64", "complex128"])
def test_var_std_from_sum_sq_dev(dtype):
    """var/std sum the squared deviations with the table's sum_sq_dev row, whose map reads
    each slice's mean (its center) as elements load."""
    dtype = np.dtype(dtype)
    host = sample(dtype, 42, seed=13, special=False).reshape(6, 7)
    rtol = {"e": 2e-2, "f": 1e-4, "F": 1e-4}.get(dtype.char, 1e-10)
    # identical rows (the broadcast layout) give 0 here, NumPy's rounding noise there
    atol = {"e": 1e-2, "f": 1e-5, "F": 1e-5}.get(dtype.char, 1e-12)
    for name in ("var", "std"):
        for label, view in layouts(host):
            for axis in AXES:
                compare(name, view, axis=axis, rtol=rtol, abs_tol=atol)
                compare(name, view, axis=axis, keepdims=True, ddof=1, rtol=rtol, abs_tol=atol)
        compare(name, host, axis=(), rtol=rtol, abs_tol=atol)
        compare(name, host[:0], axis=0, rtol=rtol)
        compare(name, host, axis=1, correction=2, rtol=rtol, abs_tol=atol)
    if dtype.kind == "f" and dtype != np.float16:
        compare("var", host, axis=0, dtype=np.float64, rtol=1e-6)
        mean = host.mean(axis=1, keepdims=True)
        compare("var", host, axis=1, mean=mean, rtol=rtol)
        out_np, out = np.zeros(7, dtype), gparray.zeros(7, dtype=dtype)
        r_np = np.var(host, axis=0, out=out_np)
        r = gparray.var(gparray.asarray(host), axis=0, out=out)
        assert r is out
        assert_same(r_np, r, rtol=rtol)


def test_var_many_rows_and_long_rows():
    rng = np.random.default_rng(14)
    host = (rng.standard_normal((300, 5000)) * 3 + 100).astype(np.float32)
    for axis in (0, 1, None):
        compare("var", host, axis=axis, rtol=1e-4)
        compare("std", host.T, axis=axis, rtol=1e-4)
    long = (rng.standard_normal(1_000_003) + 1e3).astype(np.float32)
    compare("var", long, rtol=1e-4)


def test_var_builds_no_temporary(no_temporaries):
    """var over an axis: two reductions and result-sized arithmetic, no input-sized array."""
    from gparray._engines import ufunc as _ufunc

    host = np.random.default_rng(15).standard_normal((400, 3000)).astype(np.float32)
    x = gparray.asarray(host)
    sizes = []
    call = _ufunc.ufunc._full

    def record(self, *args, **kwargs):
        sizes.extend(getattr(a, "size", 1) for a in args if hasattr(a, "size"))
        return call(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_ufunc.ufunc, "__call__", record)
        for axis in (None, 0, 1):
            got = gparray.var(x, axis=axis)
            np.testing.assert_allclose(got.get(), np.var(host, axis=axis), rtol=1e-4)
    assert max(sizes) <= 3000


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "complex64", "int32"])
def test_nanvar_nanstd_from_table_rows(dtype):
    """nanvar/nanstd: count_nan, nansum and nan_sum_sq_dev (NaNs add nothing), no NaN-replaced
    copy; all-NaN slices warn and give NaN; where= takes the masked path."""
    dtype = np.dtype(dtype)
    host = _data(dtype, "nanvar")
    rtol = {"e": 2e-2, "f": 1e-4, "F": 1e-4}.get(dtype.char, 1e-10)
    atol = {"e": 1e-2, "f": 1e-5, "F": 1e-5}.get(dtype.char, 1e-12)
    for name in ("nanvar", "nanstd"):
        for label, view in layouts(host):
            for axis in AXES:
                compare(name, view, axis=axis, rtol=rtol, abs_tol=atol)
                compare(name, view, axis=axis, keepdims=True, ddof=1, rtol=rtol, abs_tol=atol)
        mask = np.random.default_rng(16).random(host.shape) < 0.7
        compare(name, host, axis=1, where=mask, rtol=rtol, abs_tol=atol)
        compare(name, host, axis=0, dtype=np.float64 if dtype.kind == "f" else None, rtol=rtol,
                abs_tol=atol)
    if dtype.kind == "f":
        with pytest.warns(RuntimeWarning, match="Degrees of freedom"):
            r = gparray.nanvar(gparray.asarray(host), axis=0)
        assert np.isnan(r.get()[5])

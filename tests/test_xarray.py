"""xarray on gparray data: the DataArray keeps the device array through arithmetic,
reductions over named dimensions, groupby and rolling windows (differential against the
same DataArray on NumPy data), and plotting goes through one explicit host copy."""
import numpy as np
import pytest

import gparray
from conftest import assert_same

xr = pytest.importorskip("xarray", reason="xarray is not installed (the test extra)")

XPS = [np, gparray]


def _frame(xp, dtype=np.float64):
    values = (np.arange(48, dtype=dtype).reshape(6, 8) - 20) / 3
    return xr.DataArray(xp.asarray(values), dims=("time", "site"),
                        coords={"time": [0, 0, 1, 1, 2, 2], "site": np.arange(8) * 10})


def _same(expected, got, xp, rtol=1e-12):
    """``got`` (a DataArray) holds ``xp``'s array type and equals ``expected``'s values."""
    assert got.dims == expected.dims
    assert isinstance(got.data, xp.ndarray)
    # atol: sums that cancel to about zero differ by rounding order.
    assert_same(expected.data, gparray.asarray(got.data), rtol=rtol, atol=rtol * 10)


@pytest.mark.parametrize("xp", XPS)
def test_dataarray_keeps_the_device_array(xp):
    a = _frame(xp)
    assert type(a.data) is xp.ndarray
    if xp is gparray:
        assert a.data.device == gparray.default_device()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("op", [
    lambda a: a * 2 + 1,
    lambda a: np.sin(a) - a / 3,
    lambda a: a - a.mean("time"),
    lambda a: a.isel(site=slice(1, None, 2)) ** 2,
    lambda a: (a > 0).astype("int32"),
    lambda a: a.where(a > 0, 0.0),
    lambda a: a.T + a.sel(time=1).mean(),
], ids=["affine", "ufuncs", "broadcast-dim", "isel-step", "compare", "where", "transpose"])
@pytest.mark.parametrize("xp", XPS)
def test_arithmetic(xp, op, dtype):
    _same(op(_frame(np, dtype)), op(_frame(xp, dtype)), xp,
          rtol=1e-12 if dtype == np.float64 else 1e-5)


@pytest.mark.parametrize("reduce", [
    lambda a: a.sum("time"),
    lambda a: a.mean("site"),
    lambda a: a.max(("time", "site")),
    lambda a: a.std("time", ddof=1),
    lambda a: a.argmin("site"),
    lambda a: a.cumsum("time"),
], ids=["sum", "mean", "max-both", "std", "argmin", "cumsum"])
@pytest.mark.parametrize("xp", XPS)
def test_reductions_over_named_dims(xp, reduce):
    _same(reduce(_frame(np)), reduce(_frame(xp)), xp)


@pytest.mark.parametrize("xp", XPS)
def test_groupby_mean(xp):
    expected, got = (_frame(m).groupby("time").mean() for m in (np, xp))
    assert got.coords["time"].values.tolist() == [0, 1, 2]
    _same(expected, got, xp)


@pytest.mark.parametrize("kwargs", [{}, {"center": True}, {"center": True, "min_periods": 1}])
@pytest.mark.parametrize("xp", XPS)
def test_rolling_mean(xp, kwargs):
    expected, got = (_frame(m).rolling(site=3, **kwargs).mean() for m in (np, xp))
    _same(expected, got, xp)


def test_plot_makes_one_explicit_host_copy(tmp_path):
    matplotlib = pytest.importorskip("matplotlib", reason="matplotlib is not installed")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    a = _frame(gparray)
    with gparray.host_conversion("raise"):       # no implicit conversion anywhere
        a.plot()
        plt.savefig(tmp_path / "frame.png")
        plt.close("all")
        a.isel(time=0).plot()
        plt.close("all")
        assert isinstance(a.as_numpy().data, np.ndarray)
    assert (tmp_path / "frame.png").stat().st_size > 0


def test_to_numpy_is_a_copy():
    x = gparray.arange(4.0)
    host = x.to_numpy()
    host[0] = 9
    assert float(x[0]) == 0.0

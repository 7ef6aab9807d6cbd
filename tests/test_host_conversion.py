"""Iteration reads a device array once, and the host-conversion modes apply once per
conversion, the warning naming the line that asked for host data."""
import inspect
import warnings
from unittest import mock

import numpy as np
import pytest

import gparray
from gparray._core import interop as _interop
from conftest import ALL_DTYPES, sample


def _counting_reads():
    reads = []
    real = _interop.to_host

    def counted(*args, **kwargs):
        reads.append(args[0].shape)
        return real(*args, **kwargs)

    return reads, mock.patch.object(_interop, "to_host", side_effect=counted)


@pytest.mark.parametrize("dtype", ALL_DTYPES, ids=str)
@pytest.mark.parametrize("layout", ["contiguous", "stepped", "reversed", "empty"])
def test_iterating_1d_reads_once_and_matches_numpy(dtype, layout):
    base = sample(dtype, 50)
    host = {"contiguous": base, "stepped": base[1::3], "reversed": base[::-1],
            "empty": base[:0]}[layout]
    x = gparray.asarray(base)
    x = {"contiguous": x, "stepped": x[1::3], "reversed": x[::-1], "empty": x[:0]}[layout]
    reads, patch = _counting_reads()
    with patch:
        got = list(x)
    assert len(reads) <= 1
    expected = list(host)
    assert [type(v) for v in got] == [type(v) for v in expected]
    np.testing.assert_array_equal(np.array(got, dtype=dtype), np.array(expected, dtype=dtype))


def test_iterating_nd_gives_device_rows_without_reads():
    x = gparray.asarray(np.arange(12.0).reshape(3, 4))
    reads, patch = _counting_reads()
    with patch:
        rows = list(x)
    assert reads == []
    assert all(isinstance(r, gparray.ndarray) and r.shape == (4,) for r in rows)
    assert [r.tolist() for r in rows] == np.arange(12.0).reshape(3, 4).tolist()


def test_iterating_0d_raises_like_numpy():
    for xp in (np, gparray):
        with pytest.raises(TypeError):
            iter(xp.asarray(1.0))


def test_raise_mode_iterates_on_the_device():
    x = gparray.arange(4.0)
    with gparray.host_conversion("raise"):
        items = list(x)
        assert all(isinstance(v, gparray.ndarray) and v.shape == () for v in items)
        assert [float(v) for v in items] == [0.0, 1.0, 2.0, 3.0]     # explicit, allowed
        with pytest.raises(TypeError, match="disabled"):
            np.asarray(x)


def test_warn_mode_warns_once_per_conversion_naming_the_call_site():
    x = gparray.arange(50.0)
    with gparray.host_conversion("warn"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = inspect.currentframe().f_lineno + 1
        total = sum(v for v in x)
        np.asarray(x * 2)
    assert total == sum(range(50))
    assert len(caught) == 2
    iteration, array = caught
    assert iteration.filename == __file__ and iteration.lineno == line
    assert f"{__file__}:{line}" in str(iteration.message) and "iteration" in str(iteration.message)
    assert array.filename == __file__ and array.lineno == line + 1
    assert "__array__" in str(array.message)


def test_hist_of_50_points_reads_once():
    matplotlib = pytest.importorskip("matplotlib", reason="matplotlib is not installed")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = gparray.asarray(np.linspace(0, 1, 50))
    reads, patch = _counting_reads()
    with patch:
        counts, _, _ = plt.hist(x, bins=5)
    plt.close("all")
    assert len(reads) == 1
    assert counts.tolist() == np.histogram(np.linspace(0, 1, 50), bins=5)[0].tolist()

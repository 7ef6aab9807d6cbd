"""``sliding_window_view``: a strided view, differential against NumPy (values, shape,
dtype, errors), over layouts."""
import numpy as np
import pytest

import gparray
from conftest import assert_same

swv_np = np.lib.stride_tricks.sliding_window_view


def _layouts():
    base = np.arange(60, dtype=np.float32).reshape(6, 10)
    return {"contiguous": base, "transposed": base.T, "stepped": base[::2, 1::3],
            "1-d": base[1], "int": np.arange(12, dtype=np.int16).reshape(3, 4)}


@pytest.mark.parametrize("layout", list(_layouts()))
@pytest.mark.parametrize("window, axis", [(2, -1), (1, 0), ((2, 2), None), ((2, 1), (0, 0))])
def test_matches_numpy(layout, window, axis):
    a = _layouts()[layout]
    try:
        expected = swv_np(a, window, axis=axis)
    except Exception as exc:
        with pytest.raises(type(exc)):
            gparray.lib.stride_tricks.sliding_window_view(gparray.asarray(a), window, axis=axis)
        return
    x = gparray.asarray(a)
    got = gparray.lib.stride_tricks.sliding_window_view(x, window, axis=axis)
    assert_same(expected, got)
    assert got.base is x or got.base is x.base        # a view, not a copy
    assert_same(expected, np.lib.stride_tricks.sliding_window_view(x, window, axis=axis))


@pytest.mark.parametrize("window, axis", [(11, None), (-1, None), ((2, 2), None), (2, 3),
                                          ((1, 2), 0)])
def test_errors_match_numpy(window, axis):
    a = np.arange(10.0)
    with pytest.raises(Exception) as expected:
        swv_np(a, window, axis=axis)
    with pytest.raises(expected.type):
        gparray.lib.stride_tricks.sliding_window_view(gparray.asarray(a), window, axis=axis)


def test_reduction_over_windows():
    a = np.linspace(-1, 1, 20)
    got = gparray.lib.stride_tricks.sliding_window_view(gparray.asarray(a), 4).mean(axis=-1)
    assert_same(swv_np(a, 4).mean(axis=-1), got, rtol=1e-12)

"""matmul / @ / matvec / vecmat / vecdot against NumPy: dtypes, 1-d promotion, batch
broadcasting, transposed and sliced operands, empty dimensions, errors."""
import numpy as np
import pytest

import gparray
from conftest import assert_same, raises_same, sample

SHAPES = [((3, 4), (4, 5)), ((4,), (4, 5)), ((3, 4), (4,)), ((4,), (4,)),
          ((2, 1, 3, 4), (5, 4, 2)), ((0, 3), (3, 2)), ((2, 0), (0, 3)), ((1, 1), (1, 1))]


@pytest.mark.parametrize("dtype", ["bool", "int8", "int32", "uint16", "float16", "float32",
                                   "float64", "complex64", "complex128"])
@pytest.mark.parametrize("shapes", SHAPES, ids=str)
def test_matmul_matches_numpy(shapes, dtype):
    sa, sb = shapes
    a = sample(dtype, int(np.prod(sa)), special=False).reshape(sa)
    b = sample(dtype, int(np.prod(sb)), seed=1, special=False).reshape(sb)
    rtol = {"float16": 1e-2, "float32": 1e-5, "complex64": 1e-5}.get(dtype, 1e-12)
    assert_same(a @ b, gparray.asarray(a) @ gparray.asarray(b), rtol=rtol, atol=rtol)
    assert_same(np.matmul(a, b), np.matmul(gparray.asarray(a), gparray.asarray(b)), rtol=rtol, atol=rtol)


def test_matmul_layouts_mixed_dtypes_and_out():
    a = sample("float32", 60, special=False).reshape(5, 12)[:, ::3]
    b = sample("float64", 20, seed=2, special=False).reshape(5, 4)
    x, y = gparray.asarray(sample("float32", 60, special=False).reshape(5, 12))[:, ::3], gparray.asarray(b)
    assert_same(a.T @ b, x.T @ y, rtol=1e-6)
    out = gparray.empty((4, 4))
    r = np.matmul(x.T, y, out=out)
    assert r is out
    assert_same(a.T @ b, out, rtol=1e-6)
    assert_same(np.matvec(b.T, np.ones(5)), np.matvec(y.T, gparray.ones(5)))
    assert_same(np.vecmat(np.ones(5), b), np.vecmat(gparray.ones(5), y))
    assert_same(np.vecdot(b, b), np.vecdot(y, y), rtol=1e-12)


def test_matmul_errors():
    raises_same(lambda: np.ones((3, 4)) @ np.ones((3, 4)),
                lambda: gparray.ones((3, 4)) @ gparray.ones((3, 4)))
    raises_same(lambda: np.matmul(np.float64(2), np.ones(3)),
                lambda: gparray.matmul(gparray.asarray(2.0), gparray.ones(3)))
    raises_same(lambda: np.ones((2, 3, 4)) @ np.ones((3, 4, 2)),
                lambda: gparray.ones((2, 3, 4)) @ gparray.ones((3, 4, 2)))

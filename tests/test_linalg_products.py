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


# -- the tiled OpenCL GEMM (sizes above GEMM_MIN_WORK) and the host-BLAS path -----------------
@pytest.fixture
def opencl_gemm():
    """Force the OpenCL GEMM: on CPU devices matmul would otherwise use the host's BLAS."""
    from gparray import _linalg_products

    previous = _linalg_products.set_host_blas(False)
    yield
    _linalg_products.set_host_blas(previous)


GEMM_SHAPES = [((70, 130), (130, 90)), ((64, 64), (64, 64)), ((3, 33, 47), (47, 65)),
               ((2, 1, 40, 50), (3, 50, 33)), ((1, 200), (200, 300)), ((100, 37), (37,)),
               ((37,), (37, 100)), ((2, 0, 40, 40), (40, 40)), ((129, 65), (65, 1))]


def _tol(dtype):
    return {"float32": 2e-4, "complex64": 2e-4}.get(dtype, 1e-11)


@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64", "complex128"])
@pytest.mark.parametrize("shapes", GEMM_SHAPES, ids=str)
@pytest.mark.parametrize("path", ["opencl", "host"])
def test_gemm_matches_numpy(shapes, dtype, path, request):
    if path == "opencl":
        request.getfixturevalue("opencl_gemm")
    sa, sb = shapes
    a = sample(dtype, int(np.prod(sa)), special=False).reshape(sa)
    b = sample(dtype, int(np.prod(sb)), seed=1, special=False).reshape(sb)
    tol = _tol(dtype)
    assert_same(a @ b, gparray.asarray(a) @ gparray.asarray(b), rtol=tol, atol=tol * 10)


@pytest.mark.parametrize("dtype", ["float32", "complex128"])
def test_gemm_layouts(opencl_gemm, dtype):
    """Transposed, sliced, reversed and broadcast operands; mixed dtypes; a strided out=."""
    tol = _tol(dtype)
    a = sample(dtype, 120 * 90, special=False).reshape(120, 90)
    b = sample(dtype, 90 * 160, seed=3, special=False).reshape(90, 160)
    x, y = gparray.asarray(a), gparray.asarray(b)
    assert_same(a.T @ a, x.T @ x, rtol=tol, atol=tol * 10)
    assert_same(a[::2, ::-3] @ b[::-3, 1::2], x[::2, ::-3] @ y[::-3, 1::2], rtol=tol, atol=tol * 10)
    assert_same(np.broadcast_to(a, (3, 120, 90)) @ b,
                gparray.broadcast_to(x, (3, 120, 90)) @ y, rtol=tol, atol=tol * 10)
    other = "float64" if dtype == "float32" else "complex64"
    assert_same(a @ b.astype(other), x @ y.astype(other), rtol=tol, atol=tol * 10)
    out = gparray.zeros((160, 240), dtype=dtype)
    ref = np.zeros((160, 240), dtype=dtype)
    np.matmul(b.T, a.T, out=ref[:, ::2])
    r = np.matmul(y.T, x.T, out=out[:, ::2])
    assert_same(ref, out, rtol=tol, atol=tol * 10)
    assert r.shape == (160, 120)


def test_gemm_integers_and_float16_stay_exact(opencl_gemm):
    a = sample("int32", 80 * 70).reshape(80, 70)
    b = sample("int32", 70 * 60, seed=2).reshape(70, 60)
    assert_same(a @ b, gparray.asarray(a) @ gparray.asarray(b))
    h = sample("float16", 40 * 40, special=False).reshape(40, 40)
    assert_same(h @ h, gparray.asarray(h) @ gparray.asarray(h), rtol=1e-2, atol=1e-1)


def test_host_blas_switch():
    from gparray import _linalg_products

    previous = gparray.set_host_blas(False)
    try:
        assert gparray.set_host_blas(True) is False
        assert _linalg_products._host_blas is True
    finally:
        gparray.set_host_blas(previous)


@pytest.mark.parametrize("cfg", [dict(local=1, vw=4, rm=4, nv=2, wm=4, wn=4, tk=8),
                                 dict(local=0, vw=1, rm=3, nv=2, wm=2, wn=3, tk=1)], ids=str)
def test_gemm_other_tile_shapes(cfg):
    """The local-memory variant (GPUs' default) and odd tiles, on whatever device runs."""
    from gparray import _linalg_products

    dev = gparray.default_device()
    a = sample("float32", 2 * 45 * 77, special=False).reshape(2, 45, 77)
    b = sample("float32", 77 * 51, seed=4, special=False).reshape(77, 51)
    c = gparray.empty((2, 45, 51), dtype="float32")
    _linalg_products.gemm(dev, gparray.asarray(a), gparray.asarray(b), c, cfg)
    assert_same(a @ b, c, rtol=2e-4, atol=2e-3)

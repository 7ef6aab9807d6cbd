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
               ((2, 1, 40, 50), (3, 50, 33)), ((1, 400), (400, 300)), ((300, 400), (400,)),
               ((400,), (400, 300)), ((2, 0, 40, 40), (40, 40)), ((1029, 130), (130, 1))]


def _tol(dtype):
    return {"float32": 2e-4, "complex64": 2e-4}.get(dtype, 1e-11)


@pytest.mark.parametrize("dtype", ["float32", "float64", "complex64", "complex128"])
@pytest.mark.parametrize("shapes", GEMM_SHAPES, ids=str)
@pytest.mark.parametrize("path", ["opencl", "host"])
def test_gemm_matches_numpy(shapes, dtype, path, request, monkeypatch):
    from gparray import _linalg_products

    def unexpected(*args, **kwargs):
        raise AssertionError("the product took another path")

    monkeypatch.setattr(_linalg_products, "_direct_matmul", unexpected)
    if path == "opencl":
        request.getfixturevalue("opencl_gemm")
        monkeypatch.setattr(_linalg_products, "_host_matmul", unexpected)
    elif _linalg_products.host_blas_available(gparray.default_device()):
        monkeypatch.setattr(_linalg_products, "gemm", unexpected)
    sa, sb = shapes
    a = sample(dtype, int(np.prod(sa)), special=False).reshape(sa)
    b = sample(dtype, int(np.prod(sb)), seed=1, special=False).reshape(sb)
    tol = _tol(dtype)
    assert_same(a @ b, gparray.asarray(a) @ gparray.asarray(b), rtol=tol, atol=tol * 10)


@pytest.mark.parametrize("dtype", ["float32", "complex128"])
@pytest.mark.parametrize("path", ["opencl", "host"])
def test_gemm_layouts(dtype, path, request):
    """Transposed, sliced, reversed and broadcast operands; mixed dtypes; a strided out=."""
    if path == "opencl":
        request.getfixturevalue("opencl_gemm")
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


# -- dot, vdot, inner, outer, tensordot, kron, cross, multi_dot, matrix_power ---------------
def _arr(shape, dtype="float64", seed=0):
    return sample(dtype, int(np.prod(shape)), seed=seed, special=False).reshape(shape)


PAIRS = [((), (3,)), ((3,), (3,)), ((2, 3), (3,)), ((2, 3), (3, 4)), ((2, 3, 4), (4,)),
         ((2, 3, 4), (5, 4, 2)), ((3,), (3, 2)), ((0, 3), (3, 2)), ((1, 1), (1, 1))]


@pytest.mark.parametrize("dtype", ["int16", "float32", "complex128", "bool"])
@pytest.mark.parametrize("shapes", PAIRS, ids=str)
def test_dot_inner_outer_kron(shapes, dtype):
    a, b = _arr(shapes[0], dtype), _arr(shapes[1], dtype, seed=1)
    x, y = gparray.asarray(a), gparray.asarray(b)
    tol = 1e-5 if dtype == "float32" else 1e-12
    assert_same(np.dot(a, b), np.dot(x, y), rtol=tol, atol=tol)
    assert_same(np.outer(a, b), np.outer(x, y), rtol=tol)
    assert_same(np.kron(a, b), np.kron(x, y), rtol=tol)
    bt = np.swapaxes(b, -2, -1) if b.ndim >= 2 else b
    assert_same(np.inner(a, bt), np.inner(x, gparray.asarray(bt)), rtol=tol, atol=tol)
    if a.size == b.size:
        assert_same(np.vdot(a, b), np.vdot(x, y), rtol=tol)


def test_dot_errors_and_out():
    raises_same(lambda: np.dot(np.ones((2, 3)), np.ones((4, 5))),
                lambda: gparray.dot(gparray.ones((2, 3)), gparray.ones((4, 5))))
    raises_same(lambda: np.inner(np.ones((2, 3)), np.ones((4, 5))),
                lambda: gparray.inner(gparray.ones((2, 3)), gparray.ones((4, 5))))
    raises_same(lambda: np.vdot(np.ones(3), np.ones(4)),
                lambda: gparray.vdot(gparray.ones(3), gparray.ones(4)))
    raises_same(lambda: np.dot(np.ones((2, 3)), np.ones((3, 2)), out=np.ones((2, 2), "float32")),
                lambda: gparray.dot(gparray.ones((2, 3)), gparray.ones((3, 2)),
                                    out=gparray.ones((2, 2), dtype="float32")))
    out = gparray.empty((2, 2))
    assert gparray.dot(gparray.ones((2, 3)), gparray.ones((3, 2)), out=out) is out
    assert_same(np.full((2, 2), 3.0), out)


@pytest.mark.parametrize("axes", [0, 1, 2, ([1, 0], [0, 1]), ([2], [1]), (1, 0), ([-1], [-3])],
                         ids=str)
def test_tensordot(axes):
    a, b = _arr((3, 4, 5)), _arr((4, 3, 5), seed=1)
    if axes == 1 or axes == ([2], [1]) or axes == ([-1], [-3]):
        b = _arr((5, 4, 2), seed=1)
    if axes == 2:
        b = _arr((4, 5, 2), seed=1)
    if axes == (1, 0):
        b = _arr((4, 2), seed=1)
    try:
        expected = np.tensordot(a, b, axes)
    except ValueError:
        raises_same(lambda: np.tensordot(a, b, axes),
                    lambda: gparray.tensordot(gparray.asarray(a), gparray.asarray(b), axes))
        return
    assert_same(expected, np.tensordot(gparray.asarray(a), gparray.asarray(b), axes), rtol=1e-12)


def test_tensordot_mismatch():
    raises_same(lambda: np.tensordot(np.ones((2, 3)), np.ones((4, 5))),
                lambda: gparray.tensordot(gparray.ones((2, 3)), gparray.ones((4, 5))))


@pytest.mark.parametrize("shapes,kw", [(((3,), (3,)), {}), (((4, 3), (3,)), {}),
                                        (((2, 4, 3), (4, 3)), {}), (((3, 4), (4, 3)), {"axisa": 0}),
                                        (((3, 4), (3, 4)), {"axis": 0}),
                                        (((2, 3), (2, 3)), {"axisc": 0}),
                                        (((2,), (3,)), {}), (((3,), (2,)), {}), (((2,), (2,)), {})],
                         ids=str)
@pytest.mark.parametrize("dtype", ["int32", "float64"])
def test_cross(shapes, kw, dtype):
    a, b = _arr(shapes[0], dtype), _arr(shapes[1], dtype, seed=1)
    with pytest.warns(DeprecationWarning) if 2 in (a.shape[-1], b.shape[-1]) and not kw else \
            __import__("contextlib").nullcontext():
        expected = np.cross(a, b, **kw)
    with pytest.warns(DeprecationWarning) if 2 in (a.shape[-1], b.shape[-1]) and not kw else \
            __import__("contextlib").nullcontext():
        got = np.cross(gparray.asarray(a), gparray.asarray(b), **kw)
    assert_same(expected, got, rtol=1e-12)


def test_cross_errors_and_linalg_versions():
    raises_same(lambda: np.cross(np.ones(4), np.ones(3)),
                lambda: gparray.cross(gparray.ones(4), gparray.ones(3)))
    raises_same(lambda: np.linalg.cross(np.ones(2), np.ones(2)),
                lambda: np.linalg.cross(gparray.ones(2), gparray.ones(2)))
    raises_same(lambda: np.linalg.outer(np.ones((2, 2)), np.ones(2)),
                lambda: np.linalg.outer(gparray.ones((2, 2)), gparray.ones(2)))
    a, b = _arr((4, 3)), _arr((4, 3), seed=1)
    x, y = gparray.asarray(a), gparray.asarray(b)
    assert_same(np.linalg.cross(a, b), np.linalg.cross(x, y), rtol=1e-12)
    assert_same(np.linalg.outer(a[0], b[0]), np.linalg.outer(x[0], y[0]))
    assert_same(np.linalg.matmul(a, b.T), np.linalg.matmul(x, y.T), rtol=1e-12)
    assert_same(np.linalg.tensordot(a, b, axes=2), np.linalg.tensordot(x, y, axes=2), rtol=1e-12)
    assert_same(np.linalg.vecdot(a, b), np.linalg.vecdot(x, y), rtol=1e-12)
    assert_same(np.linalg.matrix_transpose(a), np.linalg.matrix_transpose(x))


@pytest.mark.parametrize("shapes", [[(2, 3), (3, 4), (4, 5)], [(3,), (3, 4), (4, 5), (5, 2)],
                                    [(2, 3), (3, 40), (40, 2), (2,)], [(3,), (3, 4), (4,)],
                                    [(3, 4), (4, 2)]], ids=str)
def test_multi_dot(shapes):
    ops = [_arr(s, seed=i) for i, s in enumerate(shapes)]
    assert_same(np.linalg.multi_dot(ops), np.linalg.multi_dot([gparray.asarray(o) for o in ops]),
                rtol=1e-12)


def test_multi_dot_errors():
    raises_same(lambda: np.linalg.multi_dot([np.ones(3)]),
                lambda: np.linalg.multi_dot([gparray.ones(3)]))
    raises_same(lambda: np.linalg.multi_dot([np.ones((2, 2, 2)), np.ones((2, 2)), np.ones(2)]),
                lambda: np.linalg.multi_dot([gparray.ones((2, 2, 2)), gparray.ones((2, 2)),
                                             gparray.ones(2)]))


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 8])
@pytest.mark.parametrize("dtype", ["int64", "float64", "complex64"])
def test_matrix_power(n, dtype):
    a = _arr((2, 3, 3), dtype) / (1 if dtype == "int64" else 3)
    if dtype == "int64":
        a = (a % 3).astype("int64")
    a = a.astype(dtype)
    tol = 1e-4 if dtype == "complex64" else 1e-12
    assert_same(np.linalg.matrix_power(a, n), np.linalg.matrix_power(gparray.asarray(a), n),
                rtol=tol, atol=tol)


def test_matrix_power_errors():
    raises_same(lambda: np.linalg.matrix_power(np.ones((2, 3)), 2),
                lambda: np.linalg.matrix_power(gparray.ones((2, 3)), 2))
    raises_same(lambda: np.linalg.matrix_power(np.ones(3), 2),
                lambda: np.linalg.matrix_power(gparray.ones(3), 2))
    raises_same(lambda: np.linalg.matrix_power(np.ones((2, 2)), 1.5),
                lambda: np.linalg.matrix_power(gparray.ones((2, 2)), 1.5))


@pytest.mark.parametrize("n", [-1, -3])
def test_matrix_power_negative(n):
    a = _arr((2, 4, 4)) + 4 * np.eye(4)
    assert_same(np.linalg.matrix_power(a, n), np.linalg.matrix_power(gparray.asarray(a), n),
                rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("dtype", ["uint8", "int32", "float32", "complex64"])
def test_vecdot_keeps_the_loop_dtype_and_checks_lengths(dtype):
    a = sample(dtype, 12, special=False).reshape(3, 4)
    b = sample(dtype, 4, seed=5, special=False)
    assert_same(np.vecdot(a, b), gparray.vecdot(gparray.asarray(a), gparray.asarray(b)), rtol=1e-5)
    assert_same(np.vecdot(a.T, a.T, axis=0), gparray.vecdot(gparray.asarray(a).T, gparray.asarray(a).T, axis=0), rtol=1e-5)
    raises_same(lambda: np.vecdot(a, b[:3]),
                lambda: gparray.vecdot(gparray.asarray(a), gparray.asarray(b[:3])))

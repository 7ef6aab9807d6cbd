"""Dask on gparray chunks: the chunk-type registration in both import orders (and no Dask
import when unused), mixed gparray/Dask operations giving Dask arrays, and the usual Dask
pipelines computing to gparray chunks, differential against the same pipeline on NumPy
chunks."""
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import gparray
from conftest import assert_same

da = pytest.importorskip("dask.array", reason="dask[array] is not installed (the test extra)")

XPS = [np, gparray]


def _same(expected, got, xp, rtol=None):
    """``got`` is ``xp``'s array type and equals NumPy's ``expected`` (dtype, shape, values)."""
    # NumPy's full reductions give scalars; gparray's give 0-d device arrays.
    assert isinstance(got, (np.ndarray, np.generic) if xp is np else gparray.ndarray)
    assert_same(expected, gparray.asarray(got), rtol=rtol)


def _run(code):
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


@pytest.mark.parametrize("first", ["gparray", "dask.array"])
def test_registered_in_either_import_order(first):
    second = "dask.array" if first == "gparray" else "gparray"
    out = _run(f"""
        import {first}, {second}
        import numpy as np
        import dask.array as da
        import gparray
        from dask.array.chunk_types import is_valid_chunk_type
        x = gparray.arange(4.0)
        d = da.ones(4, chunks=2)
        print(is_valid_chunk_type(gparray.ndarray), type(x + d).__name__,
              type((x + d).compute()).__name__)
        """)
    assert out == ["True", "Array", "ndarray"]


def test_gparray_alone_does_not_import_dask():
    out = _run("""
        import sys, gparray
        gparray.arange(3) + 1
        print(any(m == "dask" or m.startswith("dask.") for m in sys.modules))
        """)
    assert out == ["False"]


def test_registration_happens_once():
    from dask.array.chunk_types import _HANDLED_CHUNK_TYPES

    from gparray import _dask

    _dask.install()
    assert _HANDLED_CHUNK_TYPES.count(gparray.ndarray) == 1


def _chunks_of(xp, a, chunks):
    return da.from_array(xp.asarray(a), chunks=chunks, asarray=False)


@pytest.mark.parametrize("op", [
    lambda x, d: x + d,
    lambda x, d: d - x,
    lambda x, d: x * d,
    lambda x, d: x < d,
    lambda x, d: np.add(x, d),
    lambda x, d: np.maximum(d, x),
    lambda x, d: x @ d.T,
    lambda x, d: d @ x.T,
], ids=["add", "rsub", "mul", "less", "np.add", "np.maximum", "matmul", "rmatmul"])
@pytest.mark.parametrize("xp", XPS)
def test_mixed_operations_give_dask_arrays(xp, op):
    a = np.arange(24.0).reshape(4, 6)
    b = np.linspace(-3, 3, 24).reshape(4, 6)
    expected = op(a, b)
    result = op(xp.asarray(a), _chunks_of(xp, b, (2, 3)))
    assert isinstance(result, da.Array)
    _same(expected, result.compute(), xp)


@pytest.mark.parametrize("xp", XPS)
def test_concatenate_with_dask_defers_to_dask(xp):
    a = xp.asarray(np.ones((2, 3)))
    d = _chunks_of(xp, np.zeros((2, 3)), 1)
    result = np.concatenate([d, a])
    assert isinstance(result, da.Array)
    _same(np.concatenate([np.zeros((2, 3)), np.ones((2, 3))]), result.compute(), xp)


@pytest.mark.parametrize("xp", XPS)
def test_from_array_reductions(xp):
    a = np.arange(60, dtype=np.float64).reshape(6, 10) / 7 - 3
    d = _chunks_of(xp, a, (4, 3))
    assert type(d._meta) is xp.ndarray
    for f in (lambda t: t.sum(), lambda t: t.mean(axis=0), lambda t: t.max(axis=1),
              lambda t: t.std(), lambda t: (t > 0).sum(axis=0), lambda t: t.argmin(axis=1)):
        _same(f(a), f(d).compute(), xp, rtol=1e-12)


@pytest.mark.parametrize("xp", XPS)
def test_map_blocks_and_masks(xp):
    a = np.linspace(-2, 2, 48).reshape(8, 6)
    d = _chunks_of(xp, a, (3, 4))
    got = d.map_blocks(lambda blk: np.tanh(blk) * 2, dtype=a.dtype).compute()
    _same(np.tanh(a) * 2, got, xp, rtol=1e-12)
    masked = d[d > 0]
    masked.compute_chunk_sizes()
    _same(a[a > 0], masked.compute(), xp)


@pytest.mark.parametrize("xp", XPS)
def test_matmul_and_rechunk(xp):
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((12, 8)), rng.standard_normal((8, 5))
    da_, db = _chunks_of(xp, a, (5, 3)), _chunks_of(xp, b, (3, 5))
    _same(a @ b, (da_ @ db).compute(), xp, rtol=1e-12)
    re = da_.rechunk((4, 8))
    assert re.chunks == ((4, 4, 4), (8,))
    blocks = [re.blocks[i].compute() for i in range(3)]
    assert all(type(blk) is xp.ndarray for blk in blocks)
    _same(a, re.compute(), xp)


@pytest.mark.parametrize("xp", XPS)
def test_tall_skinny_qr_and_svd(xp):
    rng = np.random.default_rng(2)
    a = rng.standard_normal((40, 4))
    d = _chunks_of(xp, a, (10, 4))
    q, r = da.linalg.qr(d)
    q, r = q.compute(), r.compute()
    assert type(q) is xp.ndarray and type(r) is xp.ndarray
    np.testing.assert_allclose(gparray.asnumpy(q) @ gparray.asnumpy(r), a, atol=1e-10)
    np.testing.assert_allclose(gparray.asnumpy(q.T @ q), np.eye(4), atol=1e-10)
    u, s, vt = (t.compute() for t in da.linalg.svd(d))
    _same(np.linalg.svd(a, compute_uv=False), s, xp, rtol=1e-10)
    np.testing.assert_allclose(gparray.asnumpy(u * s) @ gparray.asnumpy(vt), a, atol=1e-10)


def test_threaded_scheduler_many_chunks():
    a = np.arange(4000, dtype=np.float32).reshape(100, 40)
    d = _chunks_of(gparray, a, (10, 10))
    got = ((d * 2 + 1).sum(axis=0)).compute(scheduler="threads", num_workers=2)
    _same((a * 2 + 1).sum(axis=0), got, gparray, rtol=1e-6)


def test_example_runs():
    import pathlib

    example = pathlib.Path(__file__).parents[1] / "examples" / "dask_chunks.py"
    proc = subprocess.run([sys.executable, str(example)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "chunk type: ndarray" in proc.stdout

"""Automatic fusion (``gparray.set_fusion(True)`` / ``GPARRAY_FUSION=1``): elementwise ufunc
results stay pending and a chain of them runs as one kernel when its values are needed, with
NumPy's results, errors at the call, and in-place writes seen in call order."""
import threading

import numpy as np
import pytest

import gparray
from conftest import assert_same, raises_same, sample
from gparray._core import pending
from gparray._runtime import launch as _launch


@pytest.fixture
def fusion():
    # the kernel path: small arrays on a CPU device would otherwise run through NumPy
    pending.flush()
    previous, host_small = gparray.set_fusion(True), gparray.set_host_small(False)
    yield
    gparray.set_fusion(previous)
    gparray.set_host_small(host_small)
    pending.flush()


def _chain(xp, a, b):
    t = xp.exp(a / 8)
    return (a * b + t - 2 * b) / (t + 1), xp.maximum(a, b) - xp.abs(b)


LAYOUTS = [
    ("contiguous", lambda v: v[:30].reshape(5, 6), lambda v: v[30:].reshape(5, 6)),
    ("transposed", lambda v: v[:30].reshape(6, 5).T, lambda v: v[30:].reshape(5, 6)),
    ("step-sliced", lambda v: v[::2].reshape(5, 6), lambda v: v[::-2].reshape(5, 6)),
    ("broadcast", lambda v: v[:30].reshape(5, 6), lambda v: v[:6]),
    ("0-d", lambda v: v[3:4].reshape(()), lambda v: v[4:5].reshape(())),
    ("empty", lambda v: v[:0].reshape(0, 6), lambda v: v[:6]),
]


@pytest.mark.parametrize("dtype", ["int16", "uint8", "float16", "float32", "float64",
                                   "complex64"])
@pytest.mark.parametrize("layout", [label for label, _, _ in LAYOUTS])
def test_chains_match_numpy_and_unfused(fusion, layout, dtype):
    fa, fb = next((fa, fb) for label, fa, fb in LAYOUTS if label == layout)
    x, y = sample(dtype, 60, seed=1, special=False), sample(dtype, 60, seed=2, special=False)
    a, b = fa(x), fb(y)
    da, db = fa(gparray.asarray(x)), fb(gparray.asarray(y))
    try:
        expected = _chain(np, a, b)
    except Exception:
        raises_same(lambda: _chain(np, a, b), lambda: _chain(gparray, da, db))
        return
    got = _chain(gparray, da, db)
    gparray.set_fusion(False)
    unfused = _chain(gparray, da, db)
    rtol = {"float16": 4e-3, "float32": 3e-5, "float64": 1e-12, "complex64": 3e-5}.get(dtype)
    for e, g, u in zip(expected, got, unfused):
        assert_same(np.asarray(e), g, rtol=rtol)
        assert_same(u.get(), g, rtol=rtol)


def test_a_chain_is_one_launch_and_its_intermediates_never_exist(fusion, monkeypatch):
    a = gparray.asarray(sample(np.float32, 1000, special=False))
    b = gparray.asarray(sample(np.float32, 1000, seed=3, special=False))
    gparray.synchronize()
    launches = []
    real = _launch.launch
    monkeypatch.setattr(_launch, "launch", lambda *args, **kw: (launches.append(args[-1]),
                                                                real(*args, **kw))[1])
    c = a * b + gparray.sin(a) - 2 * b
    assert c._b is None and not launches          # pending: nothing ran yet
    host = c.get()
    assert len(launches) == 1
    np.testing.assert_allclose(host, a.get() * b.get() + np.sin(a.get()) - 2 * b.get(),
                               rtol=3e-5, atol=1e-6)


def test_an_intermediate_used_twice_is_computed_once(fusion, monkeypatch):
    a = gparray.asarray(sample(np.float64, 500, special=False))
    gparray.synchronize()
    launches = []
    real = _launch.launch
    monkeypatch.setattr(_launch, "launch", lambda *args, **kw: (launches.append(1),
                                                                real(*args, **kw))[1])
    t = gparray.exp(a)
    u, v = t + 1, t * 2
    assert_same(np.exp(a.get()) + 1, u)
    assert len(launches) == 1 and t._b is not None and v._b is not None
    assert_same(np.exp(a.get()) * 2, v)
    assert len(launches) == 1


def test_writes_are_seen_in_call_order(fusion):
    host = np.arange(12, dtype=np.float32)
    a = gparray.asarray(host)
    d = a + 1
    a += 100                                       # in place, while d reads a
    e = a * 2
    a[0] = -5                                      # item assignment
    view = a[::2]
    f = a - 1
    view[...] = 0                                  # a write through a view
    g = gparray.sin(a)
    a.sort()
    assert_same(host + 1, d)
    assert_same((host + 100) * 2, e)
    expected_a = host + 100
    expected_a[0] = -5
    assert_same(expected_a - 1, f)
    expected_a[::2] = 0
    assert_same(np.sin(expected_a), g, rtol=1e-6)


@pytest.mark.parametrize("call", ["broadcast", "no-loop", "overflow", "float-scalar-in-bitwise"])
def test_errors_are_raised_at_the_call(fusion, call):
    a = sample(np.int8, 12).reshape(3, 4)
    b = sample(np.int8, 5)
    cases = {
        "broadcast": lambda xp, a, b: a + b,
        "no-loop": lambda xp, a, b: (a > 0) - (b > 0),
        "overflow": lambda xp, a, b: a + 300,
        "float-scalar-in-bitwise": lambda xp, a, b: xp.bitwise_and(a, 1.5),
    }
    func = cases[call]
    da, db = gparray.asarray(a), gparray.asarray(b)
    raises_same(lambda: func(np, a, b), lambda: func(gparray, da, db))


def test_a_long_loop_compiles_once_and_keeps_memory_flat(fusion):
    x = gparray.asarray(sample(np.float32, 2048, special=False))
    y = gparray.asarray(sample(np.float32, 2048, seed=5, special=False))
    device = x.device

    def steps(count):
        nonlocal x
        for _ in range(count):
            x = x * 0.5 + y
            assert len(pending.state.arrays) <= 64
        x.get()
        return len(device.programs), device.pool.cached_bytes

    steps(2_000)
    programs, cached = steps(2_000)
    # the same chain every time: no new program; memory is bounded (a few buffers of slack
    # for the collector's timing), not growing with the number of iterations
    after_programs, after_cached = steps(10_000)
    assert after_programs == programs
    assert after_cached <= cached + 8 * 8192
    expected = sample(np.float32, 2048, seed=5, special=False) * 2   # the fixed point
    assert_same(expected, x, rtol=1e-5)


def test_threads_fusing_at_once_get_their_own_results(fusion):
    results, errors = {}, []

    def work(k):
        try:
            host = np.full(3000, k, dtype=np.float64)
            a = gparray.asarray(host)
            for _ in range(50):
                a = a * 1.0 + 1
            results[k] = a.get()
        except Exception as exc:        # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for k in range(4):
        np.testing.assert_array_equal(results[k], np.full(3000, k + 50.0))


def test_set_fusion_switches_it_off():
    previous, host_small = gparray.set_fusion(False), gparray.set_host_small(False)
    try:
        a = gparray.asarray(np.arange(3.0))
        assert (a + 1)._b is not None
        assert gparray.set_fusion(True) is False
        assert (a + 1)._b is None
    finally:
        gparray.set_fusion(previous)
        gparray.set_host_small(host_small)
        pending.flush()


def test_a_failed_computation_raises_where_the_value_is_needed(fusion, monkeypatch):
    from gparray._engines import fused

    a = gparray.asarray(np.arange(4.0))
    b = a * 2
    real = fused.run
    monkeypatch.setattr(fused, "run", lambda *args: (_ for _ in ()).throw(MemoryError("test")))
    with pytest.raises(MemoryError):
        b.get()
    with pytest.raises(MemoryError):           # still pending: raises again, not garbage
        b.get()
    monkeypatch.setattr(fused, "run", real)
    assert_same(np.arange(4.0) * 2, b)


def test_fuse_traces_with_automatic_fusion_on(fusion):
    import warnings

    f = gparray.fuse(lambda a, b: gparray.abs(a - b) * 2 + np.exp(b))
    host_a, host_b = np.arange(5.0), np.ones(5)
    a = gparray.asarray(host_a) + 0          # a pending argument
    with warnings.catch_warnings():
        warnings.simplefilter("error", gparray.FusionWarning)
        got = f(a, gparray.asarray(host_b))
    assert_same(np.abs(host_a - host_b) * 2 + np.exp(host_b), got)


def test_memory_the_host_shares_is_read_at_the_call(fusion):
    host = np.arange(6.0)
    shared = gparray.from_numpy(host)
    doubled = shared * 2
    assert doubled._b is not None            # launched at the call, not left pending
    shared.device.synchronize()              # waits for launched work only
    host[0] = 100.0                          # a write through NumPy after the call
    assert_same(np.arange(6.0) * 2, doubled)


def test_small_work_on_the_host_sees_pending_results_in_order(fusion):
    gparray.set_host_small(True)
    row = gparray.asarray(np.arange(4.0))
    big = gparray.asarray(np.ones((100_000, 4)))
    total = big + row                          # large: pending, reads row
    np.add(row, 10, out=row)                   # small: NumPy on the host memory of row
    assert_same(np.ones((100_000, 4)) + np.arange(4.0), total)

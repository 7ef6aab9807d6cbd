"""The small-work host path of CPU devices: the same results as NumPy and as the kernels,
correct order against queued kernels in both directions, results that kernels can use later,
and the switch (set_host_small / GPARRAY_HOST_SMALL)."""
import gc
import os
import subprocess
import sys

import numpy as np
import pytest

import gparray
from conftest import assert_same, sample
from gparray._engines import host_small

DEVICE = gparray.asarray(np.zeros(1)).device
BIG = 1 << 20          # above every family's crossover: kernels


@pytest.fixture(params=[True, False], ids=["host-small", "kernels"])
def policy(request):
    previous = gparray.set_host_small(request.param)
    yield request.param
    gparray.set_host_small(previous)


@pytest.fixture
def on():
    previous = gparray.set_host_small(True)
    yield
    gparray.set_host_small(previous)


def test_policy_of_the_device():
    # CPU devices whose buffers are host memory take the path; GPUs and separate memory never
    assert DEVICE.host_small == (DEVICE.kind == "cpu" and DEVICE.unified_memory
                                 and DEVICE._native_fp64)


@pytest.mark.parametrize("value, expected", [("0", False), ("off", False), ("1", True),
                                             (None, True)])
def test_environment_switch(value, expected):
    env = dict(os.environ)
    env.pop("GPARRAY_HOST_SMALL", None)
    if value is not None:
        env["GPARRAY_HOST_SMALL"] = value
    out = subprocess.run([sys.executable, "-c", "import gparray; print(gparray.get_host_small())"],
                         env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(expected)


def test_set_host_small_returns_previous():
    previous = gparray.set_host_small(True)
    try:
        assert gparray.set_host_small(False) is True
        assert gparray.get_host_small() is False
    finally:
        gparray.set_host_small(previous)


def _layouts(host):
    yield host
    if host.ndim >= 2:
        yield host.T
    yield host[..., ::-2]
    yield host.reshape(-1)[:1].reshape(())


@pytest.mark.parametrize("dtype", ["int8", "int64", "uint16", "float16", "float32", "float64",
                                   "complex128", "bool"])
def test_ufuncs_reductions_and_indexing_match_numpy(policy, dtype):
    # no extreme values: a mean over int64 extremes depends on the summation order
    host = sample(dtype, 24, seed=3, special=False).reshape(4, 6)
    for view in _layouts(host):
        dev = gparray.asarray(view)
        with np.errstate(all="ignore"):
            cases = [
                (lambda m, x: x + x, {}),
                (lambda m, x: m.multiply(x, 3), {}),
                (lambda m, x: x == x[..., :1] if x.ndim else x == x, {}),
                (lambda m, x: m.sqrt(m.abs(x) + 1) if x.dtype != np.bool_ else ~x, {}),
                (lambda m, x: m.sum(x, axis=-1) if x.ndim else m.sum(x), {}),
                (lambda m, x: m.max(x), {}),
                (lambda m, x: m.argmin(x), {}),
                (lambda m, x: m.mean(x, keepdims=True), {}),
                (lambda m, x: m.cumsum(x), {}),
                (lambda m, x: m.sort(x.reshape(-1)), {}),
                (lambda m, x: m.argsort(x.reshape(-1), kind="stable"), {}),
                (lambda m, x: x.astype(np.float32), {}),
                (lambda m, x: x.reshape(-1)[[0, -1, 0]], {}),
                (lambda m, x: x.reshape(-1)[x.reshape(-1) != x.reshape(-1)[0]], {}),
            ]
            for op, _ in cases:
                if dtype == "complex128" and op is cases[9][0]:
                    continue
                expected = op(np, view)
                actual = op(np, dev)
                # float16 scans: the kernels accumulate in float32, NumPy rounds every step
                assert_same(np.asarray(expected), actual, rtol=1e-2 if dtype == "float16"
                            else 1e-6, atol=0.05 if dtype == "float16" else 0.0)


def test_errors_match_numpy(on):
    dev = gparray.asarray(np.arange(6.0).reshape(2, 3))
    host = np.arange(6.0).reshape(2, 3)
    for op in (lambda m, x: x + m.ones(4), lambda m, x: x[[5]], lambda m, x: x.sum(axis=2),
               lambda m, x: m.power(x.astype(np.int64), -1)):
        with pytest.raises(Exception) as expected:
            op(np, host)
        with pytest.raises(type(expected.value)):
            op(np, dev)


def test_in_place_and_assignment(policy):
    host = np.arange(12.0).reshape(3, 4)
    dev = gparray.asarray(host)
    for m, x in ((np, host), (np, dev)):
        x += 1
        x[:, 1] *= 2
        x[[0, 2], [3, 0]] = -5
        x[x > 9] = 0
        x[1] = 7.5
        m.multiply(x, 2, out=x)
    assert_same(host, dev)


def test_read_only_target_refused(on):
    dev = gparray.broadcast_to(gparray.asarray(np.ones(3)), (2, 3))
    with pytest.raises(ValueError, match="read-only"):
        np.add(dev, 1, out=dev)


def test_host_op_waits_for_queued_kernels(on):
    # a kernel writes a big array; a small host op on a slice of it must see the values
    big = gparray.zeros(BIG, dtype=np.float32)
    big += 3                                  # queued kernel
    small = big[:10] * 2                      # host path: drains first
    np.testing.assert_array_equal(small.get(), np.full(10, 6, np.float32))


def test_kernel_after_host_write_sees_it(on):
    big = gparray.zeros(BIG, dtype=np.float32)
    view = big[:8]
    view += 5                                 # host path writes into the device memory
    total = big.sum()                         # kernel path reads all of it
    assert float(total) == 40.0


def test_host_write_waits_for_queued_reader(on):
    # a queued kernel reads `src`; a host write to `src` right after must not race it
    src = gparray.ones(BIG, dtype=np.float32)
    dst = src * 2                             # queued kernel reading src
    src[:16] = 100                            # host path (fill of a small view)
    np.testing.assert_array_equal(dst[:16].get(), np.full(16, 2, np.float32))


def test_host_result_used_by_kernels_stays_alive(on):
    # a small host result read by a big kernel, then dropped while the kernel may still be
    # queued: its memory must not be reused before the kernel ran
    big = gparray.ones((BIG // 16, 16), dtype=np.float32)
    results = []
    for k in range(20):
        row = gparray.asarray(np.arange(16, dtype=np.float32)) + k     # host path result
        results.append(big * row)                                     # kernel reads it
        del row
        gc.collect()
        _ = [np.full(4, -1.0, np.float32) for _ in range(50)]          # reuse freed memory
    for k, r in enumerate(results):
        np.testing.assert_array_equal(r[-1].get(), np.arange(16, dtype=np.float32) + k)


def test_results_are_device_arrays_that_kernels_accept(on):
    x = gparray.asarray(np.arange(5, dtype=np.float64))
    y = np.exp(x) + 1                          # host results
    assert isinstance(y, gparray.ndarray) and y.device == x.device
    gparray.set_host_small(False)
    z = y * y                                  # kernel over the adopted memory
    expected = (np.exp(np.arange(5.0)) + 1) ** 2
    np.testing.assert_allclose(z.get(), expected)
    y[0] = 0                                   # the host result stays writable via kernels
    assert float(y[0].get()) == 0.0


def test_large_work_uses_kernels(on):
    # a broadcast result above the crossover is not the host's, though each input is small
    a = gparray.asarray(np.arange(2048, dtype=np.float32))
    out = a[:, None] + a[None, :]
    assert type(out._buf).__name__ == "Buffer"
    small = a[:8] + 1
    assert type(small._buf).__name__ == "HostResult"
    np.testing.assert_array_equal(out[5, :4].get(), np.arange(4, dtype=np.float32) + 5)


def test_crossovers_cover_every_family():
    assert set(host_small.CROSSOVER) >= {"arithmetic", "transcendental", "reduction", "copy",
                                         "scan", "sort", "indexing"}
    assert all(v > 0 for v in host_small.CROSSOVER.values())

"""Device runtime: discovery, selection, context manager, capabilities, the no-fp64 path,
GPARRAY_SYNC, python -m gparray, and the memory pool."""
import os
import subprocess
import sys
import threading

import numpy as np
import pytest

import gparray
from conftest import assert_same


def test_devices_and_default():
    devs = gparray.devices()
    assert devs and gparray.default_device() in devs
    d = gparray.default_device()
    assert gparray.Device(d.index) is d
    assert gparray.Device(d.name[:6]) is d
    with pytest.raises(ValueError):
        gparray.Device(len(devs) + 5)
    caps = d.capabilities()
    for key in ("fp64", "fp16", "unified_host_memory", "global_mem_size", "max_alloc_size"):
        assert key in caps
    if not any(x.kind == "gpu" for x in devs):
        assert d.is_pocl and d.kind == "cpu"


def test_arrays_follow_the_device_context():
    d = gparray.default_device()
    with d:
        x = gparray.zeros(3)
        assert x.device is d and gparray.current_device() is d
    assert x.to_device(d) is x
    info = gparray.__array_namespace_info__()
    assert info.default_device() is d
    assert d in info.devices()


def test_no_fp64_path_raises_clear_type_error():
    with gparray.hide_fp64():
        d = gparray.default_device()
        assert not d.has_fp64
        info = gparray.__array_namespace_info__()
        assert info.default_dtypes()["real floating"] == np.float32
        assert "float64" not in info.dtypes()
        assert gparray.asarray(0.0).dtype == np.float32
        assert gparray.zeros(3).dtype == np.float32
        with pytest.raises(TypeError, match="double precision"):
            gparray.zeros(3, dtype=np.float64)
        x = gparray.ones(3, dtype=np.float32)
        assert_same(np.sin(np.ones(3, np.float32)), gparray.sin(x))
        with pytest.raises(TypeError, match="double precision"):
            x.astype(np.float64)
        with pytest.raises(TypeError, match="double precision"):
            gparray.arange(3) / 2          # int / int is float64 in NumPy
    assert gparray.default_device().has_fp64 == gparray.default_device()._native_fp64


def test_python_m_gparray_lists_the_device_and_its_capabilities():
    out = subprocess.run([sys.executable, "-m", "gparray"], capture_output=True, text=True,
                         check=True).stdout
    d = gparray.default_device()
    assert d.name in out
    assert "fp64" in out and "unified host memory" in out and "Kernel cache" in out


def test_sync_mode_runs_to_completion():
    code = ("import gparray, numpy as np; x = gparray.arange(10.0); "
            "print(float((x * 2).sum()))")
    env = dict(os.environ, GPARRAY_SYNC="1")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert out.strip() == "90.0"


def test_mixing_devices_raises_value_error():
    devs = gparray.devices()
    x = gparray.ones(3)
    if len(devs) > 1:
        other = next(d for d in devs if d is not x.device)
        with pytest.raises(ValueError):
            x + gparray.ones(3, device=other)


def test_pool_reuses_buffers_and_reports_out_of_memory():
    d = gparray.default_device()
    x = gparray.empty(1000)
    buf = x._buf.cl
    del x
    y = gparray.empty(1000)
    assert y._buf.cl is buf
    with pytest.raises(MemoryError, match=str(d.max_alloc_size * 4)):
        gparray.empty(d.max_alloc_size * 4 // 8, dtype=np.float64)


def test_launches_are_thread_safe():
    results, errors = [], []

    def work(k):
        try:
            x = gparray.arange(1000.0) * k
            results.append((k, float(x.sum())))
        except Exception as exc:       # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == [(k, 499500.0 * k) for k in range(8)]


def test_gparray_device_selects_by_index_or_name():
    d = gparray.default_device()
    code = "import gparray; print(gparray.default_device().index)"
    for spec in (str(d.index), d.name.split()[0][:5]):
        env = dict(os.environ, GPARRAY_DEVICE=spec)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, check=True).stdout
        assert out.strip() == str(d.index)
    env = dict(os.environ, GPARRAY_DEVICE="no-such-device-anywhere")
    bad = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert bad.returncode != 0 and "no OpenCL device matches" in bad.stderr

"""gparray.profile and gparray.benchmark: every launch recorded with device times while a
block is open, nothing recorded (and a plain queue) outside one."""
import json
import threading
import uuid

import numpy as np
import pytest

import gparray as gp
from gparray._runtime import launch as _launch, profiling as _profiling, programs as _programs


def _queue_profiles(device):
    import pyopencl as cl

    props = device.queue.get_info(cl.command_queue_info.PROPERTIES)
    return bool(props & cl.command_queue_properties.PROFILING_ENABLE)


@pytest.fixture(autouse=True)
def kernels_only():
    """The profile is about kernels: small work stays on the device (the suite may run with
    the host path on)."""
    previous = gp.set_host_small(False)
    yield
    gp.set_host_small(previous)


@pytest.fixture
def arrays():
    a = np.linspace(-3, 3, 5000, dtype=np.float32)
    b = np.cos(a)
    x, y = gp.asarray(a), gp.asarray(b)
    gp.synchronize()
    return a, b, x, y


def test_table_lists_the_kernels_run(arrays):
    a, b, x, y = arrays
    with gp.profile() as prof:
        s = gp.add(x, y)
        t = gp.sin(x)
        total = gp.sum(s)
        order = gp.sort(t)
    np.testing.assert_allclose(s.numpy(), a + b, rtol=1e-6)
    np.testing.assert_allclose(order.numpy(), np.sort(np.sin(a)), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(float(total), float(np.sum(a + b, dtype=np.float64)), rtol=1e-4)
    names = [e.name for e in prof.events]
    for label in ("add", "sin", "sum", "sort"):
        assert label in names
    assert names[:2] == ["add", "sin"]
    for e in prof.events:
        assert e.end >= e.start > 0 and e.start >= e.queued > 0
        assert e.kernel and e.global_size and e.global_size[0] > 0 and e.enqueue > 0
    table = prof.table()
    lines = table.splitlines()
    width = len(lines[0].split()[0])           # the first column, from the rule above it
    rows = {line[:width].strip(): line[width:].split() for line in lines[3:-2]}
    assert set(rows) == set(names)
    assert rows["add"][0] in ("ew_contig", "ew_vector")
    assert rows["add"][1] == "1"
    assert f"{len(prof.events)} kernel launches" in table
    # sorted by device time, longest first
    devices = [sum(e.duration for e in prof.events if e.name == n) for n in rows]
    assert devices == sorted(devices, reverse=True)
    by_op = prof.table(group_by="op", sort_by="calls", row_limit=1)
    assert "more rows" in by_op


def test_table_rejects_unknown_keys(arrays):
    with gp.profile() as prof:
        gp.negative(arrays[2])
    with pytest.raises(ValueError, match="sort_by"):
        prof.table(sort_by="gpu")
    with pytest.raises(ValueError, match="group_by"):
        prof.table(group_by="file")


def test_operation_names_the_users_call(arrays):
    a, b, x, y = arrays
    with gp.profile() as prof:
        x * y                      # operator
        np.multiply(x, y)          # NumPy dispatch
        np.add.reduce(x)           # a ufunc method through NumPy
    ops = [e.op for e in prof.events]
    assert ops[0] == "multiply"
    assert ops[1] == "numpy.multiply"
    assert "numpy.add.reduce" in ops[2:]


def test_chrome_trace_has_one_event_per_launch(arrays, tmp_path):
    _, _, x, y = arrays
    with gp.profile() as prof:
        gp.add(x, y)
        gp.sin(x)
        gp.negative(y)
    path = tmp_path / "trace.json"
    prof.export_chrome_trace(path)
    trace = json.loads(path.read_text())
    kernels = [e for e in trace["traceEvents"] if e.get("cat") == "kernel"]
    assert [e["name"] for e in kernels] == ["add", "sin", "negative"]
    assert len(kernels) == len(prof.events) == 3
    for e in kernels:
        assert e["ph"] == "X" and e["dur"] >= 0 and e["args"]["global_size"][0] >= 5000
    # an in-order queue runs them one after the other
    assert kernels[0]["ts"] <= kernels[1]["ts"] <= kernels[2]["ts"]
    tracks = {e["tid"]: e["args"]["name"] for e in trace["traceEvents"] if e["ph"] == "M"
              and e["name"] == "thread_name"}
    assert tracks[kernels[0]["tid"]].startswith("device: ")


def test_builds_in_the_block_are_timed():
    device = gp.default_device()
    name = "probe_" + uuid.uuid4().hex[:12]
    # an attribute between __kernel and void, as the one-group-per-row kernels have
    source = (f"__kernel __attribute__((reqd_work_group_size({_launch.local_size(device)}, 1, 1)))\n"
              f"void {name}(__global int* out, const long n) {{ out[get_global_id(0)] = 7; }}")
    out = gp.zeros(64, dtype=np.int32)
    with gp.profile() as prof:
        knl = _programs.kernel(device, source, name, (None, np.int64))
        _launch.launch(device, knl, 64, [out._buf.cl, 64], "probe")
    assert [b.kernels for b in prof.builds] == [(name,)]
    (event,) = prof.events
    assert event.name == "probe" and event.kernel == name
    assert event.compile_s == pytest.approx(prof.builds[0].seconds) and event.compile_s > 0
    assert (out.numpy() == 7).all()
    assert "1 programs built" in prof.table()


def test_profiles_nest(arrays):
    _, _, x, y = arrays
    device = x.device
    with gp.profile() as outer:
        gp.add(x, y)
        with gp.profile() as inner:
            gp.sin(x)
        assert _profiling.recording and _queue_profiles(device)
        gp.negative(x)
    assert [e.name for e in inner.events] == ["sin"]
    assert [e.name for e in outer.events] == ["add", "sin", "negative"]
    assert inner.events[0] is outer.events[1]
    assert not _profiling.recording and not _queue_profiles(device)


def test_exception_in_block_restores_the_queue(arrays):
    _, _, x, y = arrays
    device = x.device
    short = gp.ones(3, dtype=np.float32)
    with pytest.raises(ValueError):
        with gp.profile() as prof:
            gp.add(x, y)
            gp.add(x, short)           # shapes do not broadcast
    assert [e.name for e in prof.events] == ["add"] and prof.events[0].end > 0
    assert not _profiling.recording and not _queue_profiles(device) and not _profiling._log
    with pytest.raises(KeyError):
        with gp.profile():
            raise KeyError("user error")
    assert not _profiling.recording and not _queue_profiles(device)


def test_reentering_a_recording_profile_is_refused():
    prof = gp.profile()
    with prof:
        with pytest.raises(RuntimeError, match="already recording"):
            prof.__enter__()
    assert not _profiling.recording


def test_launches_from_other_threads_are_recorded(arrays):
    _, _, x, y = arrays
    with gp.profile() as prof:
        worker = threading.Thread(target=gp.sin, args=(x,))
        worker.start()
        worker.join()
    assert [e.name for e in prof.events] == ["sin"]
    assert prof.events[0].thread == worker.ident


def test_off_path_records_nothing(arrays, monkeypatch):
    a, b, x, y = arrays
    with gp.profile():
        gp.add(x, y)

    def refuse(*args, **kwargs):
        raise AssertionError("a launch was recorded outside a profile")

    monkeypatch.setattr(_profiling, "launched", refuse)
    monkeypatch.setattr(_profiling, "built", refuse)
    r = gp.sum(gp.sin(x) * y) + gp.sort(x)[0]
    np.testing.assert_allclose(float(r), float(np.sum(np.sin(a) * b)) + a.min(), rtol=1e-4)
    assert not _profiling.recording and not _profiling._log
    assert not _queue_profiles(x.device)


def test_benchmark_reports_host_and_device_times(arrays):
    a, b, x, y = arrays
    result = gp.benchmark(gp.add, x, y, n_repeat=5, n_warmup=1)
    assert result.name == "add" and result.launches == 5
    assert result.host_times.shape == result.device_times.shape == (5,)
    assert (result.host_times > 0).all() and (result.device_times > 0).all()
    text = repr(result)
    assert text.startswith("add") and "host:" in text and "device:" in text and " us" in text
    assert not _profiling.recording and not _queue_profiles(x.device)


def test_benchmark_of_host_work_and_limits():
    result = gp.benchmark(lambda v: v + 1, 3, n_repeat=4, n_warmup=0, name="host only")
    assert result.name == "host only" and (result.device_times == 0).all()
    assert len(gp.benchmark(np.ones, 10, n_repeat=1000, max_duration=0).host_times) == 1
    with pytest.raises(ValueError, match="n_repeat"):
        gp.benchmark(np.ones, 10, n_repeat=0)

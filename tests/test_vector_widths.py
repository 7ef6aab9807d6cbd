"""Vector widths per device: the canary's fallbacks (with injected crashing and wrong-value
canaries), the cached verdict, GPARRAY_VECTOR_WIDTH, the driver choice, and what users see
(`python -m gparray`, build errors, a crashed build, a bad GPARRAY_DEVICE)."""
import os
import subprocess
import sys
import warnings

import numpy as np
import pytest

import gparray
from gparray._runtime import devices as _devices, programs as _programs
from gparray._runtime import vector_canary as _vector_canary, vector_widths as _vector_widths
from gparray._runtime.config import settings

# Narrow enough to work on every host: the tests are about the fallbacks, not the widths.
START = {"float": 4, "double": 2, "rng": 4}


def _steps(trail):
    """The trail with "passed, wrong: sin,..." (only some ufuncs wrong: they run scalar, the
    width stands) read as "passed": which ufuncs a driver gets wrong depends on the host."""
    return [(w, "passed" if outcome.startswith("passed") else outcome) for w, outcome in trail]


@pytest.fixture
def cl_device():
    return gparray.default_device().cl_device


@pytest.fixture
def fp64():
    return gparray.default_device().has_fp64


def test_canary_passes_at_start(cl_device, fp64, monkeypatch):
    monkeypatch.delenv("GPARRAY_CANARY_INJECT", raising=False)
    verdict = _vector_widths.run_canary(cl_device, fp64, start=START)
    assert verdict.widths["float"] == 4
    assert _steps(verdict.trail["float"]) == [(4, "passed")]
    if fp64:
        assert verdict.widths["double"] == 2


def test_random_streams_checked_apart_from_64_bit_lanes(cl_device, fp64, monkeypatch):
    monkeypatch.setenv("GPARRAY_CANARY_INJECT", "wrong:rng:4")
    verdict = _vector_widths.run_canary(cl_device, fp64, start=START)
    assert verdict.widths["rng"] == 2 and verdict.widths["float"] == 4
    assert _steps(verdict.trail["rng"]) == [(4, "wrong:injected"), (2, "passed")]


def test_injected_crash_falls_back_to_next_width(cl_device, fp64, monkeypatch):
    monkeypatch.setenv("GPARRAY_CANARY_INJECT", "crash:float:4")
    verdict = _vector_widths.run_canary(cl_device, fp64, start=START)
    assert verdict.widths["float"] == 2
    assert _steps(verdict.trail["float"]) == [(4, "crashed"), (2, "passed")]
    assert "crashed" in verdict.describe("float")


def test_injected_wrong_value_falls_back(cl_device, fp64, monkeypatch):
    monkeypatch.setenv("GPARRAY_CANARY_INJECT", "wrong:double:2,wrong:float:4,crash:float:2")
    verdict = _vector_widths.run_canary(cl_device, fp64, start=START)
    assert verdict.widths["double"] == 1
    assert verdict.trail["double"][0] == (2, "wrong:injected")
    # a wrong value, then a crash: down to scalars
    assert verdict.widths["float"] == 1
    assert [outcome for _, outcome in _steps(verdict.trail["float"])] == [
        "wrong:injected", "crashed", "passed"]
    assert verdict.describe("float").startswith("scalar")


def test_verdict_is_cached_on_disk(cl_device, fp64, monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "cache_dir", tmp_path)
    monkeypatch.setattr(_vector_widths, "start_widths", lambda d, f=True: dict(START))
    monkeypatch.setenv("GPARRAY_CANARY_INJECT", "crash:float:4")
    monkeypatch.delenv("GPARRAY_VECTOR_WIDTH", raising=False)
    first = _vector_widths._decide(cl_device, fp64)
    assert first.source == "canary" and first.widths["float"] == 2
    assert list((tmp_path / "vector-widths").glob("*.json"))
    # the cached verdict is used as it is: no canary runs (it would crash again otherwise)
    monkeypatch.setattr(_vector_widths, "run_canary", lambda *a, **k: pytest.fail("re-ran"))
    second = _vector_widths._decide(cl_device, fp64)
    assert second.source == "cache"
    assert second.widths == first.widths and second.trail == first.trail


def test_corrupt_cached_verdict_is_recomputed(cl_device, fp64, monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "cache_dir", tmp_path)
    monkeypatch.setattr(_vector_widths, "start_widths", lambda d, f=True: dict(START))
    monkeypatch.delenv("GPARRAY_VECTOR_WIDTH", raising=False)
    monkeypatch.delenv("GPARRAY_CANARY_INJECT", raising=False)
    path = _vector_widths._cache_path(cl_device)
    path.parent.mkdir(parents=True)
    path.write_text('{"widths": {"float": ')
    assert _vector_widths._decide(cl_device, fp64).source == "canary"


@pytest.mark.parametrize("text, widths", [("512bit", (16, 8, 16)), ("256bit", (8, 4, 8)),
                                          ("128bit", (4, 2, 4)), ("scalar", (1, 1, 1))])
def test_override_caps_the_canary(cl_device, monkeypatch, text, widths):
    # the setting narrows, never widens: the canary's verdict bounds every family
    monkeypatch.delenv("GPARRAY_VECTOR_WIDTH", raising=False)
    confirmed = _vector_widths._decide(cl_device, True).widths
    monkeypatch.setenv("GPARRAY_VECTOR_WIDTH", text)
    verdict = _vector_widths._decide(cl_device, True)
    for family, cap in zip(("float", "double", "rng"), widths):
        expected = 1 if text == "scalar" else min(cap, confirmed[family])
        assert verdict.widths[family] == expected
    assert "GPARRAY_VECTOR_WIDTH" in verdict.describe("float")


def test_override_rejects_nonsense(cl_device, monkeypatch):
    monkeypatch.setenv("GPARRAY_VECTOR_WIDTH", "wide")
    with pytest.raises(ValueError, match="GPARRAY_VECTOR_WIDTH"):
        _vector_widths._decide(cl_device, True)


class _FakeCL:
    def __init__(self, version, native_float=16, native_double=8):
        self.version = version
        self.native_vector_width_float = native_float
        self.native_vector_width_double = native_double


@pytest.mark.parametrize("version, expected", [
    ("OpenCL 3.0 PoCL HSTR: pthread-x86_64-unknown-linux-gnu-znver3",
     {"float": 8, "double": 4, "rng": 8}),
    ("OpenCL 3.0 PoCL HSTR: pthread-x86_64-pc-linux-gnu-skylake-avx512",
     {"float": 16, "double": 8, "rng": 16}),
    ("OpenCL 3.0 PoCL HSTR: cpu-x86_64-unknown-linux-gnu-x86-64",
     {"float": 4, "double": 2, "rng": 4}),
    ("OpenCL 3.0 CUDA", {"float": 16, "double": 8, "rng": 16}),
])
def test_start_widths_from_device_report(version, expected):
    assert _vector_widths.start_widths(_FakeCL(version)) == expected
    assert _vector_widths.start_widths(_FakeCL(version, 1, 1)) == {"float": 1, "double": 1,
                                                                   "rng": 1}
    assert _vector_widths.start_widths(_FakeCL(version), fp64=False)["double"] == 1


class _FakeDevice:
    def __init__(self, index, driver_version, bits):
        self.index, self.driver_version, self.bits = index, driver_version, bits


def test_driver_choice_prefers_widest_canary_then_newest_driver():
    old = _FakeDevice(0, "3.0-rc2", 512)
    new = _FakeDevice(1, "3.1", 256)
    assert _devices.preferred_cpu([old, new], lambda d: d.bits) is old
    new.bits = 512
    assert _devices.preferred_cpu([old, new], lambda d: d.bits) is new
    same = _FakeDevice(2, "3.1", 512)
    assert _devices.preferred_cpu([new, same], lambda d: d.bits) is new


def test_philox_reference_known_answer():
    # Random123's known answer for Philox4x32-10: counter 0, key 0
    words = _vector_canary.philox4x32_10([0], [0], [0], [0], 0, 0)
    assert [int(w[0]) for w in words] == [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]


def _python(code, **env):
    full = dict(os.environ, **env)
    if "GPARRAY_CACHE_DIR" in env:      # the driver cache follows it, as in a fresh process
        full.pop("POCL_CACHE_DIR", None)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=full, timeout=600)


def test_python_m_gparray_reports_widths():
    out = subprocess.run([sys.executable, "-m", "gparray"], capture_output=True, text=True,
                         env=dict(os.environ, GPARRAY_VECTOR_WIDTH="128bit"), timeout=600)
    assert out.returncode == 0, out.stderr
    assert "float32 (and int32/uint32 lanes): float4 (128-bit)" in out.stdout
    assert "float64 (and int64/uint64 lanes): double2 (128-bit)" in out.stdout
    assert "random fills (Philox streams): 4 streams per vector" in out.stdout


def test_bad_gparray_device_fails_at_first_use_not_import():
    out = _python("import gparray\ntry:\n    gparray.ones(3)\nexcept ValueError as e:\n"
                  "    print('ERR', e)", GPARRAY_DEVICE="no-such-device-xyz")
    assert out.returncode == 0, out.stderr
    assert "ERR GPARRAY_DEVICE='no-such-device-xyz'" in out.stdout
    listed = subprocess.run([sys.executable, "-m", "gparray"], capture_output=True, text=True,
                            env=dict(os.environ, GPARRAY_DEVICE="no-such-device-xyz"),
                            timeout=600)
    assert "Devices:" in listed.stdout and "no OpenCL device matches" in listed.stdout


def test_import_touches_no_device():
    out = _python("import sys, gparray, gparray.random\nprint('pyopencl' in sys.modules)")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_build_failure_is_an_exception_naming_the_kernel():
    device = gparray.default_device()
    source = "__kernel void gp_broken(__global float* x) { x[0] = no_such_name; }"
    with pytest.raises(_programs.KernelBuildError, match="gp_broken") as info:
        _programs.kernel(device, source, "gp_broken")
    assert "no_such_name" in info.value.build_log
    assert "test_build_failure_is_an_exception_naming_the_kernel" not in str(info.value)


def test_compiler_warnings_go_to_logging_not_to_users(caplog):
    device = gparray.default_device()
    # an unused variable: compilers warn about it
    source = ("__kernel void gp_warns(__global float* x) { int unused_one = 3; "
              "x[get_global_id(0)] += 1.0f; }")
    with warnings.catch_warnings(record=True) as caught, caplog.at_level("DEBUG", "gparray"):
        warnings.simplefilter("always")
        _programs.kernel(device, source, "gp_warns")
    assert not [w for w in caught if "Compiler" in w.category.__name__]
    assert any("gp_warns" in r.getMessage() for r in caplog.records)


CACHED_OP = ("import gparray, numpy as np; x = gparray.arange(10.0, dtype=np.float32); "
             "print(float((gparray.expm1(x) * 1.75).sum()))")


def test_crashed_build_does_not_break_the_next_process(tmp_path):
    """A build that died leaves an unrecorded, half-written driver-cache entry (here: every
    program cut short and its kernel binaries gone) and a marker of a dead builder; the next
    process must not trust it."""
    env = dict(GPARRAY_CACHE_DIR=str(tmp_path))
    first = _python(CACHED_OP, **env)
    assert first.returncode == 0, first.stderr
    expected = float(first.stdout)
    assert abs(expected - 1.75 * np.expm1(np.arange(10.0, dtype=np.float32)).sum()) < 1e-2
    root = tmp_path / "pocl"
    if not gparray.default_device().is_pocl:
        return
    manifest = root / "gparray-manifest.json"
    assert manifest.exists()
    programs = list(root.rglob("program.bc"))
    assert programs
    for program in programs:            # every entry half-written and never recorded
        program.write_bytes(program.read_bytes()[:64])
    for lib in root.rglob("*.so"):
        lib.unlink()
    manifest.unlink()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    (root / "building").mkdir(exist_ok=True)
    (root / "building" / dead).touch()
    second = _python(CACHED_OP, **env)
    assert second.returncode == 0, second.stderr
    assert float(second.stdout) == expected
    assert not (root / "building" / dead).exists()

"""The ``gparray`` logger: kernel builds with their durations, device choice, host fallbacks
and host conversions, at DEBUG/INFO; silent unless the application configures logging."""
import logging
import subprocess
import sys
import uuid

import numpy as np
import pytest

import gparray as gp
from gparray import _dispatch
from gparray._runtime import programs as _programs

_SCRIPT = """
import numpy as np, gparray as gp
x = gp.asarray(np.arange(5.0))
np.asarray(x + 1); gp.asnumpy(x); list(x)
"""


def _run(prelude):
    return subprocess.run([sys.executable, "-c", prelude + _SCRIPT], capture_output=True,
                          text=True, timeout=240)


def test_silent_by_default_and_device_choice_at_info():
    quiet = _run("")
    assert quiet.returncode == 0, quiet.stderr
    # (a driver may print its own notices; none of gparray's records appear)
    assert quiet.stdout == "" and "gparray:" not in quiet.stderr
    assert "device-to-host" not in quiet.stderr and "default device" not in quiet.stderr
    told = _run("import logging; logging.basicConfig(level=logging.INFO)\n")
    assert told.returncode == 0, told.stderr
    assert "INFO:gparray:default device: <Device" in told.stderr
    assert "OpenCL device(s)" in told.stderr
    assert "DEBUG" not in told.stderr


def test_kernel_build_logged_with_its_duration(caplog):
    device = gp.default_device()
    name = "logged_" + uuid.uuid4().hex[:12]
    source = f"__kernel void {name}(__global int* out) {{ out[0] = 1; }}"
    with caplog.at_level(logging.DEBUG, logger="gparray"):
        _programs.kernel(device, source, name)
    (record,) = [r for r in caplog.records if name in r.getMessage()]
    assert record.name == "gparray" and record.levelno in (logging.DEBUG, logging.INFO)
    assert f"built {name} on {device.name!r} in " in record.getMessage()


def test_host_conversions_logged_at_debug(caplog):
    x = gp.asarray(np.arange(6, dtype=np.int32))
    gp.synchronize()
    with caplog.at_level(logging.DEBUG, logger="gparray"):
        np.asarray(x)
        line = sys._getframe().f_lineno - 1
        gp.asnumpy(x)
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert any(m.startswith("implicit device-to-host conversion (__array__)")
               and f"test_logging.py:{line}" in m for m in messages), messages
    assert any("device-to-host" in m and "24 bytes" in m and not m.startswith("implicit")
               for m in messages), messages
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="gparray"):
        np.asarray(x)
    assert not caplog.records


def _host_only(a):
    return a * 2


def test_host_fallback_logged_at_info(caplog):
    x = gp.asarray(np.arange(3.0))
    previous = gp.set_fallback("host")
    try:
        with caplog.at_level(logging.INFO, logger="gparray"), \
                pytest.warns(RuntimeWarning, match="_host_only"):
            result = _dispatch.array_function(_host_only, (gp.ndarray,), (x,), {})
    finally:
        gp.set_fallback(previous)
    assert isinstance(result, gp.ndarray) and result.tolist() == [0.0, 2.0, 4.0]
    (record,) = [r for r in caplog.records if "_host_only" in r.getMessage()]
    assert record.levelno == logging.INFO and "on the host" in record.getMessage()

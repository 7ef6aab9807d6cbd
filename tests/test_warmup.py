"""``python -m gparray warmup`` and the progress display it uses."""
import io
import os
import subprocess
import sys

import pytest

from gparray import _warmup
from gparray._runtime import progress as _progress


def _warmup_run(*args):
    return subprocess.run([sys.executable, "-m", "gparray", "warmup", *args],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "GPARRAY_PROGRESS": "auto"})


def test_warmup_compiles_a_family_into_the_cache():
    done = _warmup_run("--families", "scan", "--dtypes", "int32")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    # not a terminal: plain lines, no bar
    assert lines[0].startswith("warmup: 6 calls (scan; int32) on ")
    assert lines[1].startswith("warmup: scan: ") and "programs compiled or loaded" in lines[1]
    assert lines[2].startswith("warmup: ") and "kernel cache: " in lines[2]
    assert "\r" not in done.stderr and "failed" not in done.stderr
    assert len(lines) == 3


def test_warmup_rejects_unknown_choices():
    bad = _warmup_run("--families", "scan,fft")
    assert bad.returncode == 2 and "unknown family fft; choose from ufunc, reduction" in bad.stderr
    with pytest.raises(SystemExit):
        _warmup.parse(["--dtypes", "float128"])
    args = _warmup.parse(["--families", "sort, scan,sort"])
    assert args.families == ("sort", "scan") and args.dtypes == _warmup.DEFAULT_DTYPES


def test_plan_covers_each_family():
    import numpy as np

    for family, tasks in _warmup._TASKS.items():
        labels = [label for label, _ in tasks(np.dtype(np.float32))]
        assert labels, family
    labels = [label for label, _ in _warmup._ufunc_tasks(np.dtype(np.float32))]
    assert "add float32" in labels and "add float32 with a scalar" in labels and "sin float32" in labels
    assert not list(_warmup._linalg_tasks(np.dtype(np.int64)))


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_bar_redraws_in_place_on_a_terminal():
    stream = _Terminal()
    bar = _progress.Bar(4, stream, width=8)
    bar.update(1, "first")
    bar.update(2, "second")
    bar.line("a line of its own")
    bar.update(4, "done")
    bar.close()
    text = stream.getvalue()
    assert "\r[##------] 1/4  25%  first" in text
    assert "\r[####----] 2/4  50%  second" in text
    assert "a line of its own\n" in text
    assert "\r[########] 4/4 100%  done" in text and text.endswith("\n")


def test_bar_writes_only_lines_elsewhere():
    stream = io.StringIO()
    bar = _progress.Bar(3, stream)
    bar.update(1, "x")
    bar.line("only this")
    bar.close()
    assert stream.getvalue() == "only this\n"


def test_progress_setting_turns_the_terminal_display_off(monkeypatch):
    monkeypatch.setattr(_progress.settings, "progress", False)
    assert not _progress.on_terminal(_Terminal())
    monkeypatch.setattr(_progress.settings, "progress", True)
    assert _progress.on_terminal(_Terminal())


def test_slow_build_notice_on_a_terminal(monkeypatch):
    import threading

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(_progress, "SLOW_BUILD_SECONDS", 0.0)
    shown = threading.Event()
    real_write = terminal.write

    def write(text):
        shown.set()
        return real_write(text)

    monkeypatch.setattr(terminal, "write", write)
    with _progress.slow_build(lambda: ["gemm", "gemm_pack_a"]):
        assert shown.wait(30)           # the build "lasts" until the notice is out
    text = terminal.getvalue()
    assert "compiling OpenCL kernels for " in text and "(gemm, gemm_pack_a)" in text
    assert "cached for later runs" in text
    assert "\rgparray: compiled OpenCL kernels for " in text and text.endswith("\n")


def test_no_build_notice_off_a_terminal(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(_progress, "SLOW_BUILD_SECONDS", 0.0)
    with _progress.slow_build(lambda: ["gemm"]):
        pass
    assert stream.getvalue() == ""

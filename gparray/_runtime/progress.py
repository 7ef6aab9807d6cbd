"""Progress shown on a terminal: a bar for long work (``python -m gparray warmup``) and a
notice while a kernel build is slow (the first OpenCL linalg call compiles for seconds).

Only a terminal gets the live display (stderr a tty, ``GPARRAY_PROGRESS`` not "0"); elsewhere
a bar writes plain lines and a slow build is only logged (``gparray`` logger, INFO).
"""
import contextlib
import sys
import threading
import time

from . import profiling as _profiling
from .config import settings

SLOW_BUILD_SECONDS = 2.0        # a build this long gets a notice and an INFO log line


def on_terminal(stream=None):
    stream = stream or sys.stderr
    try:
        return settings.progress and stream.isatty()
    except (AttributeError, ValueError):       # a closed or replaced stream
        return False


def _duration(seconds):
    return f"{seconds:.1f} s" if seconds < 60 else f"{int(seconds // 60)} min {seconds % 60:02.0f} s"


class Bar:
    """``[#####-----] 12/40  30%  <text>  5.2 s`` redrawn in place on a terminal; on other
    streams, only the lines given to :meth:`line`."""

    def __init__(self, total, stream=None, width=30):
        self.total, self.done, self.width = max(total, 0), 0, width
        self.stream = stream or sys.stderr
        self.live = on_terminal(self.stream)
        self.start = time.perf_counter()
        self._drawn = 0

    def update(self, done, text=""):
        self.done = done
        if not self.live:
            return
        filled = self.width * done // self.total if self.total else self.width
        percent = 100 * done // self.total if self.total else 100
        row = (f"[{'#' * filled}{'-' * (self.width - filled)}] {done}/{self.total} {percent:3d}%"
               f"  {text}  {_duration(time.perf_counter() - self.start)}")
        self.stream.write("\r" + row.ljust(self._drawn))
        self.stream.flush()
        self._drawn = len(row)

    def line(self, text):
        """A line of its own (above the bar on a terminal)."""
        if self.live and self._drawn:
            self.stream.write("\r" + " " * self._drawn + "\r")
            self._drawn = 0
        self.stream.write(text + "\n")
        self.stream.flush()

    def close(self):
        if self.live and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = 0


@contextlib.contextmanager
def slow_build(kernel_names):
    """Around a build: on a terminal, once it has taken SLOW_BUILD_SECONDS, a line saying
    what is compiling (``kernel_names()``, asked only then), with the time so far, until it
    is done."""
    if not on_terminal():
        yield
        return
    what = _profiling.operation(skip=4)
    kernel_names = kernel_names()
    names = ", ".join(kernel_names[:3]) + (", ..." if len(kernel_names) > 3 else "")
    done = threading.Event()
    start = time.perf_counter()
    shown = []

    def watch():
        if done.wait(SLOW_BUILD_SECONDS):
            return
        while not done.is_set():
            sys.stderr.write(f"\rgparray: compiling OpenCL kernels for {what} ({names}); "
                             f"first use on this device, cached for later runs... "
                             f"{_duration(time.perf_counter() - start)}")
            sys.stderr.flush()
            shown.append(True)
            done.wait(1.0)

    watcher = threading.Thread(target=watch, name="gparray-build-notice", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()
        if shown:
            sys.stderr.write(f"\rgparray: compiled OpenCL kernels for {what} ({names}) in "
                             f"{_duration(time.perf_counter() - start)}".ljust(100) + "\n")
            sys.stderr.flush()

"""The implicit device-to-host copy policy ("allow", "warn", "raise"), applied at one place
for ``np.asarray(x)`` and iteration.

A warning names the call site: the innermost frame outside gparray, which is the user's
line (or the library's, e.g. matplotlib's) that asked for host data. It is issued once per
conversion with that frame as its location, so Python's warning filters see that line.
"""
import logging
import os
import sys
import warnings

from .config import settings

log = logging.getLogger("gparray")

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # gparray/


def _caller():
    """(stacklevel for warnings.warn called from here, frame) of the first frame outside
    gparray."""
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(
            _PACKAGE_DIR + os.sep):
        frame, level = frame.f_back, level + 1
    return level, frame


def check_implicit(what):
    """Apply the host-conversion mode to an implicit copy described by ``what``."""
    mode = settings.host_conversion
    if log.isEnabledFor(logging.DEBUG):
        frame = _caller()[1]
        log.debug("implicit device-to-host conversion (%s)%s, host conversion mode %r", what,
                  "" if frame is None else f" at {frame.f_code.co_filename}:{frame.f_lineno}",
                  mode)
    if mode == "allow":
        return
    if mode == "raise":
        raise TypeError(f"implicit conversion of a gparray array to a NumPy array ({what}) is "
                        "disabled (host conversion mode 'raise'); call x.numpy() or "
                        "gparray.asnumpy(x) to copy explicitly")
    level, frame = _caller()
    where = ("" if frame is None else
             f" at {frame.f_code.co_filename}:{frame.f_lineno} in {frame.f_code.co_name}")
    warnings.warn(f"implicit conversion of a gparray array to NumPy ({what}, a device-to-host "
                  f"copy){where}", UserWarning, stacklevel=level)

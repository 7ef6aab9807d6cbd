"""Process-wide settings, each read once from the environment and changeable at run time.

| setting            | environment          | meaning                                              |
| ------------------ | -------------------- | ---------------------------------------------------- |
| host conversion    | GPARRAY_HOST_CONVERSION | "allow" (default), "warn" or "raise" for implicit device-to-host copies |
| sync               | GPARRAY_SYNC=1       | wait after every kernel so errors surface at their call |
| hide fp64          | GPARRAY_HIDE_FP64=1  | treat every device as lacking float64 (tests the no-fp64 path) |
| kernel cache dir   | GPARRAY_CACHE_DIR    | where compiled kernels are kept (default ~/.cache/gparray) |
| fallback           | GPARRAY_FALLBACK     | "none" (default) or "host": run missing functions through NumPy |
| vector width       | GPARRAY_VECTOR_WIDTH | "auto" (default: confirmed per device by a canary, see _vector_widths), "512bit", "256bit", "128bit" or "scalar" |
| device             | GPARRAY_DEVICE       | index or name substring of the default device (see _devices) |
| fusion             | GPARRAY_FUSION=1     | keep elementwise ufunc results pending and compute chains of them as one kernel (off by default) |
| host small         | GPARRAY_HOST_SMALL=0 | turn off the small-work host path of CPU devices (see _engines/host_small) |
| progress           | GPARRAY_PROGRESS     | "auto" (default: progress on a terminal for slow kernel builds and warmup) or "0" |
"""
import contextlib
import os
import pathlib

VERSION = "0.1.0"          # gparray.__version__; part of on-disk cache keys
_HOST_CONVERSION_MODES = ("allow", "warn", "raise")
_FALLBACK_MODES = ("none", "host")


def _env_flag(name):
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


class _Settings:
    def __init__(self):
        self.host_conversion = os.environ.get("GPARRAY_HOST_CONVERSION", "allow").lower()
        if self.host_conversion not in _HOST_CONVERSION_MODES:
            self.host_conversion = "allow"
        self.sync = _env_flag("GPARRAY_SYNC")
        self.hide_fp64 = _env_flag("GPARRAY_HIDE_FP64")
        self.fusion = _env_flag("GPARRAY_FUSION")
        self.fallback = os.environ.get("GPARRAY_FALLBACK", "none").lower()
        if self.fallback not in _FALLBACK_MODES:
            self.fallback = "none"
        default_cache = pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache")) / "gparray"
        self.cache_dir = pathlib.Path(os.environ.get("GPARRAY_CACHE_DIR", default_cache))
        self.host_small = os.environ.get("GPARRAY_HOST_SMALL", "1").strip().lower() not in (
            "0", "false", "no", "off")
        self.progress = os.environ.get("GPARRAY_PROGRESS", "auto").strip().lower() not in (
            "0", "false", "no", "off")


settings = _Settings()


def set_host_conversion(mode):
    """Choose what an implicit device-to-host copy (``np.asarray(x)``) does: "allow", "warn" or "raise"."""
    if mode not in _HOST_CONVERSION_MODES:
        raise ValueError(f"host conversion mode must be one of {_HOST_CONVERSION_MODES}, got {mode!r}")
    previous = settings.host_conversion
    settings.host_conversion = mode
    return previous


def get_host_conversion():
    return settings.host_conversion


@contextlib.contextmanager
def host_conversion(mode):
    """Context manager form of :func:`set_host_conversion`."""
    previous = set_host_conversion(mode)
    try:
        yield
    finally:
        settings.host_conversion = previous


def set_host_small(flag):
    """Let CPU devices whose memory is the host's run small operations through NumPy on that
    memory (the default; ``GPARRAY_HOST_SMALL=0`` starts with it off). Returns the previous
    setting."""
    previous = settings.host_small
    settings.host_small = bool(flag)
    return previous


def get_host_small():
    return settings.host_small


def set_sync(flag):
    """Wait for every kernel right after launching it (same as ``GPARRAY_SYNC=1``)."""
    previous = settings.sync
    settings.sync = bool(flag)
    return previous


def set_fusion(flag):
    """Keep elementwise ufunc results pending and compute each chain of them as one kernel
    when its values are needed (same as ``GPARRAY_FUSION=1``); off by default. Returns the
    previous setting."""
    previous = settings.fusion
    settings.fusion = bool(flag)
    return previous


def set_fallback(mode):
    """``"host"`` runs NumPy functions gparray lacks through NumPy, with a warning; ``"none"`` raises."""
    if mode not in _FALLBACK_MODES:
        raise ValueError(f"fallback mode must be one of {_FALLBACK_MODES}, got {mode!r}")
    previous = settings.fallback
    settings.fallback = mode
    return previous


@contextlib.contextmanager
def hide_fp64(flag=True):
    """Make every device report no float64 support while the block runs (for testing)."""
    previous = settings.hide_fp64
    settings.hide_fp64 = bool(flag)
    try:
        yield
    finally:
        settings.hide_fp64 = previous
